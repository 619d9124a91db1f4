//! How a connections table is laid out, discovered from DescribeTable / DescribeTimeToLive and
//! adjusted by flags or the fleet config. wsctl works on the tables people already have: seed 000's
//! (PK connectionId; GSIs on userId and groupId; ISO connectedAt), seed 002's (PK connectionId + SK
//! roomId `room#NAME`; GSI roomId-index; epoch-second connectedAt) and seed 003's (PK only; epoch-ms
//! connectedAt; no GSI, no TTL).

use aws_sdk_dynamodb::operation::describe_time_to_live::DescribeTimeToLiveOutput;
use aws_sdk_dynamodb::types::{KeyType, ProjectionType, TableDescription, TimeToLiveStatus};
use clap::Args;

use crate::config::LayoutConfig;
use crate::error::{Error, ErrorKind, Result};

/// Flags that override what wsctl discovers about a table's layout.
#[derive(Args, Debug, Clone, Default)]
pub struct LayoutArgs {
    /// Attribute holding the user id [default: discovered, else userId]
    #[arg(long, value_name = "ATTR")]
    pub user_attr: Option<String>,
    /// Attribute holding the group / room [default: discovered (groupId, roomId, ...)]
    #[arg(long, value_name = "ATTR")]
    pub group_attr: Option<String>,
    /// GSI whose hash key is the user attribute [default: discovered]
    #[arg(long, value_name = "INDEX")]
    pub user_index: Option<String>,
    /// GSI whose hash key is the group attribute [default: discovered]
    #[arg(long, value_name = "INDEX")]
    pub group_index: Option<String>,
    /// Prefix stored before group values, e.g. `room#` (seed 002)
    #[arg(long, value_name = "PREFIX")]
    pub group_prefix: Option<String>,
}

/// A GSI usable for lookups by one attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexInfo {
    pub name: String,
    /// The index projects every attribute (else wsctl reads only the keys it needs from it).
    pub projects_all: bool,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub table: String,
    /// Partition key: the connection id attribute.
    pub pk: String,
    /// Sort key, if any (seed 002's `roomId`): part of every delete, and a connection may have
    /// several rows.
    pub sk: Option<String>,
    pub user_attr: String,
    pub group_attr: String,
    pub user_index: Option<IndexInfo>,
    pub group_index: Option<IndexInfo>,
    pub group_prefix: String,
    /// TTL attribute (epoch seconds), from DescribeTimeToLive, else `ttl`.
    pub ttl_attr: String,
    pub ttl_enabled: bool,
    pub connected_at_attr: String,
    /// DescribeTable's approximate item count and size (updated about every 6 hours).
    pub approx_items: i64,
    pub approx_bytes: i64,
}

const USER_CANDIDATES: &[&str] = &[
    "userId", "user_id", "userID", "user", "uid", "username", "sub",
];
const GROUP_CANDIDATES: &[&str] = &[
    "groupId",
    "roomId",
    "group_id",
    "room_id",
    "group",
    "room",
    "channelId",
    "channel",
    "topic",
    "tenantId",
];

/// Whether a command reads or shows group names. Only then is a stored prefix (`room#`) looked
/// for, which costs a sample Scan: a push to ids or a user, or a sweep, starts one round trip sooner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupNames {
    Used,
    Unused,
}

impl Layout {
    /// The table's layout, step by step: describe the table and its TTL, read the key schema,
    /// the active GSIs and the TTL setting, resolve them against the flags and the fleet, then
    /// (where group names are used) detect the group prefix.
    pub async fn discover(
        ddb: &aws_sdk_dynamodb::Client,
        table: &str,
        args: &LayoutArgs,
        fleet: &LayoutConfig,
        groups: GroupNames,
    ) -> Result<Layout> {
        // Both descriptions at once: every command waits for them before its first read or call.
        let (desc, ttl) = tokio::join!(
            ddb.describe_table().table_name(table).send(),
            ddb.describe_time_to_live().table_name(table).send()
        );
        let desc = desc
            .map_err(|e| {
                let err = Error::from_sdk(format!("failed to describe table {table}"), e);
                if err.kind == ErrorKind::NotFound {
                    Error::new(ErrorKind::NotFound, format!("table {table} not found"))
                        .with_hint("check --table / WSCTL_TABLE and --region; create it with `wsctl provision table`")
                } else {
                    err
                }
            })?;
        let t = desc
            .table()
            .ok_or_else(|| Error::service(format!("describe table {table} returned no table")))?;
        let (pk, sk) = key_schema(t, table)?;
        let gsis = active_gsis(t);
        let (ttl_attr, ttl_enabled) = ttl_setting(ttl.ok().as_ref());
        let layout = Layout::resolve(
            table,
            pk,
            sk,
            &gsis,
            ttl_attr,
            ttl_enabled,
            args,
            fleet,
            t.item_count().unwrap_or(0),
            t.table_size_bytes().unwrap_or(0),
        )?;
        let mut layout = layout;
        if layout.group_prefix.is_empty() && groups == GroupNames::Used {
            layout.group_prefix = detect_group_prefix(ddb, &layout).await;
        }
        tracing::info!(?layout, "table layout");
        Ok(layout)
    }

    /// Pure part of discovery: pick attributes and indexes from the key schema and GSIs.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve(
        table: &str,
        pk: String,
        sk: Option<String>,
        gsis: &[(String, String, bool)],
        ttl_attr: String,
        ttl_enabled: bool,
        args: &LayoutArgs,
        fleet: &LayoutConfig,
        approx_items: i64,
        approx_bytes: i64,
    ) -> Result<Layout> {
        let indexes = Indexes {
            table,
            gsis,
            sk: sk.as_deref(),
        };
        let (user_attr, user_index) = indexes.pick(
            args.user_attr.as_ref().or(fleet.user_attr.as_ref()),
            args.user_index.as_ref().or(fleet.user_index.as_ref()),
            USER_CANDIDATES,
            "--user-index",
        )?;
        let (group_attr, group_index) = indexes.pick(
            args.group_attr.as_ref().or(fleet.group_attr.as_ref()),
            args.group_index.as_ref().or(fleet.group_index.as_ref()),
            GROUP_CANDIDATES,
            "--group-index",
        )?;
        Ok(Layout {
            table: table.to_string(),
            pk,
            sk,
            user_attr,
            group_attr,
            user_index,
            group_index,
            group_prefix: args
                .group_prefix
                .clone()
                .or_else(|| fleet.group_prefix.clone())
                .unwrap_or_default(),
            // TTL is enabled on one attribute: a fleet that names another has no TTL on it.
            ttl_enabled: ttl_enabled && fleet.ttl_attr.as_ref().is_none_or(|a| *a == ttl_attr),
            ttl_attr: fleet.ttl_attr.clone().unwrap_or(ttl_attr),
            connected_at_attr: fleet
                .connected_at_attr
                .clone()
                .unwrap_or_else(|| "connectedAt".to_string()),
            approx_items,
            approx_bytes,
        })
    }

    /// The stored value for a group name: `general` → `room#general` with prefix `room#`.
    /// A value that already carries the prefix is used as it is.
    pub fn stored_group(&self, group: &str) -> String {
        if self.group_prefix.is_empty() || group.starts_with(&self.group_prefix) {
            group.to_string()
        } else {
            format!("{}{}", self.group_prefix, group)
        }
    }

    /// The group name for display: the stored value without the prefix.
    pub fn display_group<'a>(&self, stored: &'a str) -> &'a str {
        if self.group_prefix.is_empty() {
            stored
        } else {
            stored.strip_prefix(&self.group_prefix).unwrap_or(stored)
        }
    }
}

/// Seed 002 stores groups as `room#general`. When a sample of rows all carry the same `word#`
/// prefix, use it, so that `--group general` finds them (`--group-prefix ''` turns this off).
async fn detect_group_prefix(ddb: &aws_sdk_dynamodb::Client, layout: &Layout) -> String {
    let out = ddb
        .scan()
        .table_name(&layout.table)
        .projection_expression("#g")
        .expression_attribute_names("#g", &layout.group_attr)
        .limit(25)
        .send()
        .await;
    let Ok(out) = out else { return String::new() };
    let values: Vec<&str> = out
        .items()
        .iter()
        .filter_map(|i| {
            i.get(&layout.group_attr)
                .and_then(|v| v.as_s().ok())
                .map(String::as_str)
        })
        .collect();
    common_prefix(&values)
}

fn common_prefix(values: &[&str]) -> String {
    let Some(first) = values.first() else {
        return String::new();
    };
    let Some(pos) = first.find('#') else {
        return String::new();
    };
    let prefix = &first[..=pos];
    if values
        .iter()
        .all(|v| v.starts_with(prefix) && v.len() > prefix.len())
    {
        prefix.to_string()
    } else {
        String::new()
    }
}

/// A table's partition key and sort key.
fn key_schema(t: &TableDescription, table: &str) -> Result<(String, Option<String>)> {
    let mut pk = None;
    let mut sk = None;
    for k in t.key_schema() {
        match k.key_type() {
            KeyType::Hash => pk = Some(k.attribute_name().to_string()),
            KeyType::Range => sk = Some(k.attribute_name().to_string()),
            _ => {}
        }
    }
    let pk = pk.ok_or_else(|| Error::service(format!("table {table} has no partition key")))?;
    Ok((pk, sk))
}

/// A table's GSIs `(name, hash key, projects all)`: only ACTIVE ones can be queried.
fn active_gsis(t: &TableDescription) -> Vec<(String, String, bool)> {
    let mut gsis = Vec::new();
    for g in t.global_secondary_indexes() {
        let active = g
            .index_status()
            .map(|s| s.as_str() == "ACTIVE")
            .unwrap_or(true);
        if !active {
            continue;
        }
        let hash = g
            .key_schema()
            .iter()
            .find(|k| k.key_type() == &KeyType::Hash)
            .map(|k| k.attribute_name().to_string());
        let all = g
            .projection()
            .and_then(|p| p.projection_type())
            .map(|p| p == &ProjectionType::All)
            .unwrap_or(false);
        if let (Some(h), Some(n)) = (hash, g.index_name()) {
            gsis.push((n.to_string(), h, all));
        }
    }
    gsis
}

/// The TTL attribute and whether TTL is on (`ttl`, off, when DescribeTimeToLive failed).
fn ttl_setting(ttl: Option<&DescribeTimeToLiveOutput>) -> (String, bool) {
    match ttl.and_then(|o| o.time_to_live_description()) {
        Some(d)
            if matches!(
                d.time_to_live_status(),
                Some(TimeToLiveStatus::Enabled) | Some(TimeToLiveStatus::Enabling)
            ) =>
        {
            (d.attribute_name().unwrap_or("ttl").to_string(), true)
        }
        _ => ("ttl".to_string(), false),
    }
}

/// A table's active GSIs `(name, hash key, projects all)`, and how `Layout::resolve` picks the
/// user and group attributes and indexes from them.
struct Indexes<'a> {
    table: &'a str,
    gsis: &'a [(String, String, bool)],
    sk: Option<&'a str>,
}

impl Indexes<'_> {
    /// The index whose hash key is `attr`.
    fn index_for(&self, attr: &str) -> Option<IndexInfo> {
        self.gsis
            .iter()
            .find(|(_, h, _)| h == attr)
            .map(|(n, _, all)| IndexInfo {
                name: n.clone(),
                projects_all: *all,
            })
    }

    /// The index `--user-index` / `--group-index` (`flag`) names, and its hash key.
    fn named(&self, name: &str, flag: &str) -> Result<(IndexInfo, String)> {
        self.gsis
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(n, h, all)| {
                (
                    IndexInfo {
                        name: n.clone(),
                        projects_all: *all,
                    },
                    h.clone(),
                )
            })
            .ok_or_else(|| {
                let known: Vec<&str> = self.gsis.iter().map(|(n, _, _)| n.as_str()).collect();
                Error::usage(format!(
                    "{flag} {name}: table {} has no active index of that name",
                    self.table
                ))
                .with_hint(if known.is_empty() {
                    "the table has no global secondary index".to_string()
                } else {
                    format!("indexes: {}", known.join(", "))
                })
            })
    }

    /// An attribute and its index: the named index (its hash key unless the attribute is named
    /// too), else the named attribute, else the first candidate with an index, else the first
    /// that is the sort key, else the first. `attr` and `index`: the flag, else the fleet's.
    fn pick(
        &self,
        attr: Option<&String>,
        index: Option<&String>,
        candidates: &[&str],
        flag: &str,
    ) -> Result<(String, Option<IndexInfo>)> {
        if let Some(ix) = index {
            let (info, hash) = self.named(ix, flag)?;
            let attr = attr.cloned().unwrap_or(hash);
            return Ok((attr, Some(info)));
        }
        if let Some(a) = attr {
            return Ok((a.clone(), self.index_for(a)));
        }
        // Prefer a candidate that has an index, then one that is the sort key.
        for c in candidates {
            if let Some(ix) = self.index_for(c) {
                return Ok((c.to_string(), Some(ix)));
            }
        }
        for c in candidates {
            if self.sk == Some(*c) {
                return Ok((c.to_string(), None));
            }
        }
        Ok((candidates[0].to_string(), None))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn detects_a_shared_prefix_only() {
        assert_eq!(super::common_prefix(&["room#a", "room#b"]), "room#");
        assert_eq!(super::common_prefix(&["room#a", "chan#b"]), "");
        assert_eq!(super::common_prefix(&["general"]), "");
        assert_eq!(super::common_prefix(&[]), "");
    }

    use super::*;

    fn resolve(sk: Option<&str>, gsis: &[(&str, &str)], args: LayoutArgs) -> Result<Layout> {
        let g: Vec<(String, String, bool)> = gsis
            .iter()
            .map(|(n, h)| (n.to_string(), h.to_string(), true))
            .collect();
        Layout::resolve(
            "t",
            "connectionId".into(),
            sk.map(str::to_string),
            &g,
            "ttl".into(),
            true,
            &args,
            &LayoutConfig::default(),
            0,
            0,
        )
    }

    #[test]
    fn seed_000_layout() {
        let l = resolve(
            None,
            &[("UserIdIndex", "userId"), ("GroupIdIndex", "groupId")],
            LayoutArgs::default(),
        )
        .unwrap();
        assert_eq!(l.user_attr, "userId");
        assert_eq!(l.user_index.unwrap().name, "UserIdIndex");
        assert_eq!(l.group_attr, "groupId");
        assert_eq!(l.group_index.unwrap().name, "GroupIdIndex");
    }

    #[test]
    fn seed_002_layout_uses_room_sort_key_and_index() {
        let l = resolve(
            Some("roomId"),
            &[("roomId-index", "roomId")],
            LayoutArgs::default(),
        )
        .unwrap();
        assert_eq!(l.group_attr, "roomId");
        assert_eq!(l.group_index.unwrap().name, "roomId-index");
        assert_eq!(l.user_attr, "userId");
        assert!(l.user_index.is_none());
        assert_eq!(l.sk.as_deref(), Some("roomId"));
    }

    #[test]
    fn seed_003_layout_has_no_indexes() {
        let l = resolve(None, &[], LayoutArgs::default()).unwrap();
        assert!(l.user_index.is_none() && l.group_index.is_none());
    }

    #[test]
    fn overrides_and_prefix() {
        let args = LayoutArgs {
            group_index: Some("roomId-index".into()),
            group_prefix: Some("room#".into()),
            ..Default::default()
        };
        let l = resolve(Some("roomId"), &[("roomId-index", "roomId")], args).unwrap();
        assert_eq!(l.stored_group("general"), "room#general");
        assert_eq!(l.stored_group("room#general"), "room#general");
        assert_eq!(l.display_group("room#general"), "general");
        let bad = LayoutArgs {
            user_index: Some("nope".into()),
            ..Default::default()
        };
        assert!(resolve(None, &[], bad).is_err());
    }
}
