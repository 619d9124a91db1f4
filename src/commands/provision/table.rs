//! The connections table: partition key `connectionId` (S), GSIs on `userId` and `groupId`
//! (projection ALL), on-demand unless `--rcu/--wcu`, TTL on `ttl` (a separate UpdateTimeToLive call).
//! An existing table is converged: a missing GSI is added (one UpdateTable per index, waiting for each
//! to become ACTIVE, as DynamoDB allows one index creation at a time), the billing mode is set, TTL is
//! enabled. A different key schema, an index keyed differently, or TTL on another attribute is
//! reported as drift and left alone: fixing those would mean dropping data.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, CreateGlobalSecondaryIndexAction, GlobalSecondaryIndex,
    GlobalSecondaryIndexDescription, GlobalSecondaryIndexUpdate, IndexStatus, KeySchemaElement,
    KeyType, Projection, ProjectionType, ProvisionedThroughput, ScalarAttributeType,
    TableDescription, TableStatus, Tag, TimeToLiveSpecification, TimeToLiveStatus,
    UpdateGlobalSecondaryIndexAction,
};
use aws_sdk_dynamodb::Client;

use super::{next_poll, Change, Mode, Step, TableArgs};
use crate::context::Ctx;
use crate::error::{Error, ErrorKind, Result};

pub const DEFAULT_USER_INDEX: &str = "userId-index";
pub const DEFAULT_GROUP_INDEX: &str = "groupId-index";
pub const PK: &str = "connectionId";
pub const USER_ATTR: &str = "userId";
pub const GROUP_ATTR: &str = "groupId";
pub const TTL_ATTR: &str = "ttl";

/// How long to wait for a table or index to become ACTIVE (a GSI backfill on a big table is slow).
const WAIT_LIMIT: Duration = Duration::from_secs(30 * 60);

/// The declared table.
#[derive(Debug, Clone)]
pub struct TableSpec {
    pub name: String,
    /// `Some((rcu, wcu))`: provisioned capacity; `None`: on-demand.
    pub capacity: Option<(i64, i64)>,
    pub user_index: String,
    pub group_index: String,
    /// Exactly these tags when declared (a spec's `[table] tags`); `None`: not managed.
    pub tags: Option<BTreeMap<String, String>>,
}

impl TableSpec {
    pub fn from_args(ctx: &Ctx, a: &TableArgs) -> Result<TableSpec> {
        TableSpec::new(
            ctx.table(),
            a.rcu.zip(a.wcu),
            a.user_index.clone(),
            a.group_index.clone(),
        )
    }

    pub fn new(
        name: String,
        capacity: Option<(i64, i64)>,
        user_index: String,
        group_index: String,
    ) -> Result<TableSpec> {
        check_name("table", &name)?;
        check_name("index", &user_index)?;
        check_name("index", &group_index)?;
        if user_index == group_index {
            return Err(Error::usage(format!(
                "the user and group indexes cannot share the name {user_index:?}"
            )));
        }
        if let Some((r, w)) = capacity {
            if r < 1 || w < 1 {
                return Err(Error::usage("--rcu and --wcu must be at least 1"));
            }
        }
        Ok(TableSpec {
            name,
            capacity,
            user_index,
            group_index,
            tags: None,
        })
    }

    fn indexes(&self) -> [(&str, &'static str); 2] {
        [
            (self.user_index.as_str(), USER_ATTR),
            (self.group_index.as_str(), GROUP_ATTR),
        ]
    }

    fn billing_text(&self) -> String {
        match self.capacity {
            None => "on-demand (PAY_PER_REQUEST)".into(),
            Some((r, w)) => format!("provisioned {r} RCU / {w} WCU"),
        }
    }
}

/// DynamoDB names: 3-255 characters of `[A-Za-z0-9_.-]`.
fn check_name(what: &str, name: &str) -> Result<()> {
    let ok = (3..=255).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "invalid {what} name {name:?}: use 3-255 characters of letters, digits, _ . -"
        )))
    }
}

fn build_err(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("failed to build a DynamoDB request: {e}"))
}

fn key(attr: &str, kt: KeyType) -> Result<KeySchemaElement> {
    KeySchemaElement::builder()
        .attribute_name(attr)
        .key_type(kt)
        .build()
        .map_err(build_err)
}

fn attr_s(attr: &str) -> Result<AttributeDefinition> {
    AttributeDefinition::builder()
        .attribute_name(attr)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .map_err(build_err)
}

fn throughput(r: i64, w: i64) -> Result<ProvisionedThroughput> {
    ProvisionedThroughput::builder()
        .read_capacity_units(r)
        .write_capacity_units(w)
        .build()
        .map_err(build_err)
}

fn projection_all() -> Projection {
    Projection::builder()
        .projection_type(ProjectionType::All)
        .build()
}

/// Plan (and, in apply mode, carry out) the table's steps: a missing table is created whole; an
/// existing one is compared part by part (key schema, billing, indexes, TTL, tags) and updated.
pub async fn provision(
    ctx: &Ctx,
    ddb: &Client,
    spec: &TableSpec,
    mode: Mode,
    steps: &mut Vec<Step>,
) -> Result<()> {
    let name = &spec.name;
    let Some(desc) = describe(ddb, name).await? else {
        return create_missing(ctx, ddb, spec, mode, steps).await;
    };

    let first = steps.len();
    // The key schema: never changed (that would mean a new table).
    let key_ok = key_schema_matches(&desc);
    steps.push(key_schema_step(name, &desc, key_ok));

    // Billing mode / capacity.
    let billing = billing_step(spec, &desc);
    let billing_changes = billing.action == Change::Update;
    steps.push(billing);

    // Indexes.
    let mut missing = Vec::new();
    for (ix, attr) in spec.indexes() {
        let step = index_step(&desc, ix, attr);
        if step.action == Change::Create {
            missing.push((ix.to_string(), attr));
        }
        steps.push(step);
    }

    let ttl_step = ttl_step(ddb, name).await?;
    let ttl_needed = ttl_step.action == Change::Update;
    steps.push(ttl_step);
    let tag_change = tags_step(ddb, spec, &desc, steps).await?;

    if !mode.applies() {
        return Ok(());
    }
    if !key_ok {
        // Not the table wsctl declares: change nothing on it, and say so.
        for s in steps[first..].iter_mut() {
            if matches!(s.action, Change::Create | Change::Update) {
                s.action = Change::Drift;
                s.detail = format!("not applied (the table's key schema differs): {}", s.detail);
            }
        }
        return Ok(());
    }
    if billing_changes || !missing.is_empty() {
        // UpdateTable is refused while the table or an index is still being created or updated.
        wait_active(ctx, ddb, name, None).await?;
    }
    if billing_changes {
        update_billing(ddb, spec, &desc).await?;
        wait_active(ctx, ddb, name, None).await?;
    }
    for (ix, attr) in &missing {
        add_index(ddb, spec, ix, attr).await?;
        wait_active(ctx, ddb, name, Some(ix)).await?;
    }
    if ttl_needed {
        enable_ttl(ddb, name).await?;
    }
    if let Some((arn, have)) = tag_change {
        apply_tags(ddb, spec, &arn, &have).await?;
    }
    Ok(())
}

/// No table yet: the steps of creating it (table, indexes, TTL, tags), carried out in apply mode.
async fn create_missing(
    ctx: &Ctx,
    ddb: &Client,
    spec: &TableSpec,
    mode: Mode,
    steps: &mut Vec<Step>,
) -> Result<()> {
    let name = &spec.name;
    steps.push(Step::new(
        "table",
        name,
        Change::Create,
        format!("partition key {PK} (S); {}", spec.billing_text()),
    ));
    for (ix, attr) in spec.indexes() {
        steps.push(Step::new(
            "index",
            ix,
            Change::Create,
            format!("on {attr} (S), projection ALL"),
        ));
    }
    steps.push(Step::new(
        "ttl",
        TTL_ATTR,
        Change::Create,
        "enable TTL on ttl (epoch seconds)",
    ));
    if let Some(tags) = spec.tags.as_ref().filter(|t| !t.is_empty()) {
        steps.push(Step::new("tags", name, Change::Create, tags_text(tags)));
    }
    if mode.applies() {
        create_table(ddb, spec).await?;
        wait_active(ctx, ddb, name, None).await?;
        enable_ttl(ddb, name).await?;
    }
    Ok(())
}

fn key_schema_step(name: &str, desc: &TableDescription, key_ok: bool) -> Step {
    if key_ok {
        Step::new(
            "table",
            name,
            Change::Unchanged,
            format!("partition key {PK} (S)"),
        )
    } else {
        Step::new(
            "table",
            name,
            Change::Drift,
            format!(
                "key schema is {}; declared {PK} (S) alone: wsctl never recreates a table",
                describe_keys(desc.key_schema(), desc.attribute_definitions())
            ),
        )
    }
}

/// TTL on `ttl`: unchanged, to enable, or drift (another attribute, or being disabled).
async fn ttl_step(ddb: &Client, name: &str) -> Result<Step> {
    let ttl = ddb
        .describe_time_to_live()
        .table_name(name)
        .send()
        .await
        .map_err(|e| Error::from_sdk(format!("failed to describe TTL of table {name}"), e))?;
    let (status, attr) = ttl
        .time_to_live_description()
        .map(|d| {
            (
                d.time_to_live_status().cloned(),
                d.attribute_name().map(str::to_string),
            )
        })
        .unwrap_or((None, None));
    let ttl_on = matches!(
        status,
        Some(TimeToLiveStatus::Enabled) | Some(TimeToLiveStatus::Enabling)
    );
    Ok(match (ttl_on, attr.as_deref()) {
        _ if status == Some(TimeToLiveStatus::Disabling) => Step::new(
            "ttl",
            TTL_ATTR,
            Change::Drift,
            "TTL is being disabled (DynamoDB takes up to an hour): run again later to enable it on ttl",
        ),
        (true, Some(TTL_ATTR)) => Step::new("ttl", TTL_ATTR, Change::Unchanged, "enabled"),
        (true, other) => Step::new(
            "ttl",
            TTL_ATTR,
            Change::Drift,
            format!(
                "TTL is enabled on {:?}; a table has one TTL attribute: disable it by hand to use ttl",
                other.unwrap_or("")
            ),
        ),
        (false, _) => Step::new(
            "ttl",
            TTL_ATTR,
            Change::Update,
            format!(
                "enable TTL on ttl (now {})",
                status
                    .as_ref()
                    .map(|s| s.as_str().to_ascii_lowercase())
                    .unwrap_or_else(|| "disabled".into())
            ),
        ),
    })
}

fn tags_text(tags: &BTreeMap<String, String>) -> String {
    if tags.is_empty() {
        return "(none)".into();
    }
    let pairs: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.join(",")
}

/// The table's tags against the declared ones; returns the ARN and the current tags when they differ.
async fn tags_step(
    ddb: &Client,
    spec: &TableSpec,
    desc: &TableDescription,
    steps: &mut Vec<Step>,
) -> Result<Option<(String, BTreeMap<String, String>)>> {
    let (Some(want), Some(arn)) = (&spec.tags, desc.table_arn()) else {
        return Ok(None);
    };
    let out = match ddb.list_tags_of_resource().resource_arn(arn).send().await {
        Ok(out) => out,
        // DynamoDB Local: "Tagging is not currently supported". Nothing to compare or converge.
        Err(e)
            if e.as_service_error().and_then(|s| s.code()) == Some("UnknownOperationException") =>
        {
            steps.push(Step::new(
                "tags",
                &spec.name,
                Change::Unchanged,
                "not supported by this endpoint (DynamoDB Local has no tagging)",
            ));
            return Ok(None);
        }
        Err(e) => {
            return Err(Error::from_sdk(
                format!("failed to list the tags of table {}", spec.name),
                e,
            ))
        }
    };
    let have: BTreeMap<String, String> = out
        .tags()
        .iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect();
    if &have == want {
        steps.push(Step::new(
            "tags",
            &spec.name,
            Change::Unchanged,
            tags_text(want),
        ));
        return Ok(None);
    }
    steps.push(Step::new(
        "tags",
        &spec.name,
        Change::Update,
        format!("{} -> {}", tags_text(&have), tags_text(want)),
    ));
    Ok(Some((arn.to_string(), have)))
}

async fn apply_tags(
    ddb: &Client,
    spec: &TableSpec,
    arn: &str,
    have: &BTreeMap<String, String>,
) -> Result<()> {
    let want = spec.tags.clone().unwrap_or_default();
    let stale: Vec<String> = have
        .keys()
        .filter(|k| !want.contains_key(*k))
        .cloned()
        .collect();
    if !stale.is_empty() {
        ddb.untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(stale))
            .send()
            .await
            .map_err(|e| Error::from_sdk(format!("failed to untag table {}", spec.name), e))?;
    }
    // Only what is missing or different (moto appends a tag sent again instead of replacing it).
    let changed: BTreeMap<String, String> = want
        .into_iter()
        .filter(|(k, v)| have.get(k) != Some(v))
        .collect();
    if !changed.is_empty() {
        ddb.tag_resource()
            .resource_arn(arn)
            .set_tags(Some(dynamodb_tags(&changed)?))
            .send()
            .await
            .map_err(|e| Error::from_sdk(format!("failed to tag table {}", spec.name), e))?;
    }
    Ok(())
}

fn dynamodb_tags(tags: &BTreeMap<String, String>) -> Result<Vec<Tag>> {
    tags.iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(build_err))
        .collect()
}

async fn describe(ddb: &Client, name: &str) -> Result<Option<TableDescription>> {
    match ddb.describe_table().table_name(name).send().await {
        Ok(out) => Ok(out.table().cloned()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            Ok(None)
        }
        Err(e) => Err(Error::from_sdk(
            format!("failed to describe table {name}"),
            e,
        )),
    }
}

fn key_schema_matches(desc: &TableDescription) -> bool {
    let ks = desc.key_schema();
    let pk_type = desc
        .attribute_definitions()
        .iter()
        .find(|a| a.attribute_name() == PK)
        .map(|a| a.attribute_type().clone());
    ks.len() == 1
        && ks[0].attribute_name() == PK
        && ks[0].key_type() == &KeyType::Hash
        && pk_type == Some(ScalarAttributeType::S)
}

fn describe_keys(ks: &[KeySchemaElement], defs: &[AttributeDefinition]) -> String {
    let ty = |n: &str| {
        defs.iter()
            .find(|a| a.attribute_name() == n)
            .map(|a| a.attribute_type().as_str().to_string())
            .unwrap_or_else(|| "?".into())
    };
    ks.iter()
        .map(|k| {
            let role = if k.key_type() == &KeyType::Hash {
                "partition"
            } else {
                "sort"
            };
            format!("{role} {} ({})", k.attribute_name(), ty(k.attribute_name()))
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn actual_capacity(desc: &TableDescription) -> Option<(i64, i64)> {
    let mode = desc
        .billing_mode_summary()
        .and_then(|b| b.billing_mode())
        .cloned();
    if mode == Some(BillingMode::PayPerRequest) {
        return None;
    }
    let pt = desc.provisioned_throughput();
    let r = pt.and_then(|p| p.read_capacity_units()).unwrap_or(0);
    let w = pt.and_then(|p| p.write_capacity_units()).unwrap_or(0);
    if mode.is_none() && r == 0 && w == 0 {
        // No summary and no capacity: an on-demand table as some implementations describe it.
        return None;
    }
    Some((r, w))
}

fn billing_step(spec: &TableSpec, desc: &TableDescription) -> Step {
    let actual = actual_capacity(desc);
    let text = |c: Option<(i64, i64)>| match c {
        None => "on-demand".to_string(),
        Some((r, w)) => format!("provisioned {r}/{w}"),
    };
    if actual == spec.capacity {
        Step::new("billing", &spec.name, Change::Unchanged, text(actual))
    } else {
        Step::new(
            "billing",
            &spec.name,
            Change::Update,
            format!("{} -> {}", text(actual), text(spec.capacity)),
        )
    }
}

fn index_hash(g: &GlobalSecondaryIndexDescription) -> Option<&str> {
    let ks = g.key_schema();
    ks.iter()
        .find(|k| k.key_type() == &KeyType::Hash)
        .map(|k| k.attribute_name())
}

fn index_step(desc: &TableDescription, ix: &str, attr: &str) -> Step {
    let gsis = desc.global_secondary_indexes();
    let projection = |g: &GlobalSecondaryIndexDescription| {
        g.projection()
            .and_then(|p| p.projection_type())
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "?".into())
    };
    if let Some(g) = gsis.iter().find(|g| g.index_name() == Some(ix)) {
        let ks = g.key_schema();
        if ks.len() == 1 && index_hash(g) == Some(attr) {
            let status = g
                .index_status()
                .map(|s| s.as_str().to_ascii_lowercase())
                .unwrap_or_default();
            let p = projection(g);
            let note = if p == "ALL" {
                String::new()
            } else {
                " (declared ALL; wsctl works with it, and changing it means recreating the index)"
                    .to_string()
            };
            return Step::new(
                "index",
                ix,
                Change::Unchanged,
                format!("on {attr}, projection {p}, {status}{note}"),
            );
        }
        return Step::new(
            "index",
            ix,
            Change::Drift,
            format!(
                "keyed on {}; declared {attr}: wsctl never drops an index",
                describe_keys(ks, desc.attribute_definitions())
            ),
        );
    }
    // Another index already serves lookups by this attribute: do not add a second one.
    if let Some(g) = gsis
        .iter()
        .find(|g| index_hash(g) == Some(attr) && g.key_schema().len() == 1)
    {
        return Step::new(
            "index",
            ix,
            Change::Unchanged,
            format!(
                "{attr} is served by index {} (projection {})",
                g.index_name().unwrap_or("?"),
                projection(g)
            ),
        );
    }
    Step::new(
        "index",
        ix,
        Change::Create,
        format!("on {attr} (S), projection ALL"),
    )
}

async fn create_table(ddb: &Client, spec: &TableSpec) -> Result<()> {
    let mut req = ddb
        .create_table()
        .table_name(&spec.name)
        .key_schema(key(PK, KeyType::Hash)?)
        .attribute_definitions(attr_s(PK)?)
        .attribute_definitions(attr_s(USER_ATTR)?)
        .attribute_definitions(attr_s(GROUP_ATTR)?);
    for (ix, attr) in spec.indexes() {
        let mut g = GlobalSecondaryIndex::builder()
            .index_name(ix)
            .key_schema(key(attr, KeyType::Hash)?)
            .projection(projection_all());
        if let Some((r, w)) = spec.capacity {
            g = g.provisioned_throughput(throughput(r, w)?);
        }
        req = req.global_secondary_indexes(g.build().map_err(build_err)?);
    }
    req = match spec.capacity {
        None => req.billing_mode(BillingMode::PayPerRequest),
        Some((r, w)) => req
            .billing_mode(BillingMode::Provisioned)
            .provisioned_throughput(throughput(r, w)?),
    };
    if let Some(tags) = spec.tags.as_ref().filter(|t| !t.is_empty()) {
        req = req.set_tags(Some(dynamodb_tags(tags)?));
    }
    req.send()
        .await
        .map_err(|e| Error::from_sdk(format!("failed to create table {}", spec.name), e))?;
    Ok(())
}

async fn update_billing(ddb: &Client, spec: &TableSpec, desc: &TableDescription) -> Result<()> {
    let mut req = ddb.update_table().table_name(&spec.name);
    req = match spec.capacity {
        None => req.billing_mode(BillingMode::PayPerRequest),
        Some((r, w)) => {
            let mut req = req
                .billing_mode(BillingMode::Provisioned)
                .provisioned_throughput(throughput(r, w)?);
            // Switching to (or resizing) provisioned capacity sets every index's capacity too.
            for g in desc.global_secondary_indexes() {
                if let Some(n) = g.index_name() {
                    let upd = UpdateGlobalSecondaryIndexAction::builder()
                        .index_name(n)
                        .provisioned_throughput(throughput(r, w)?)
                        .build()
                        .map_err(build_err)?;
                    req = req.global_secondary_index_updates(
                        GlobalSecondaryIndexUpdate::builder().update(upd).build(),
                    );
                }
            }
            req
        }
    };
    req.send().await.map_err(|e| {
        Error::from_sdk(
            format!("failed to update the billing mode of table {}", spec.name),
            e,
        )
    })?;
    Ok(())
}

async fn add_index(ddb: &Client, spec: &TableSpec, ix: &str, attr: &str) -> Result<()> {
    let mut create = CreateGlobalSecondaryIndexAction::builder()
        .index_name(ix)
        .key_schema(key(attr, KeyType::Hash)?)
        .projection(projection_all());
    if let Some((r, w)) = spec.capacity {
        create = create.provisioned_throughput(throughput(r, w)?);
    }
    ddb.update_table()
        .table_name(&spec.name)
        .attribute_definitions(attr_s(attr)?)
        .global_secondary_index_updates(
            GlobalSecondaryIndexUpdate::builder()
                .create(create.build().map_err(build_err)?)
                .build(),
        )
        .send()
        .await
        .map_err(|e| {
            Error::from_sdk(
                format!("failed to add index {ix} to table {}", spec.name),
                e,
            )
        })?;
    Ok(())
}

async fn enable_ttl(ddb: &Client, name: &str) -> Result<()> {
    let spec = TimeToLiveSpecification::builder()
        .enabled(true)
        .attribute_name(TTL_ATTR)
        .build()
        .map_err(build_err)?;
    ddb.update_time_to_live()
        .table_name(name)
        .time_to_live_specification(spec)
        .send()
        .await
        .map_err(|e| Error::from_sdk(format!("failed to enable TTL on table {name}"), e))?;
    Ok(())
}

/// Wait until the table and all its indexes (and `index`, which must exist) are ACTIVE. A spinner
/// shows the wait on a terminal. DescribeTable may briefly answer "not found" right after
/// CreateTable (it is eventually consistent), so that is retried too.
async fn wait_active(ctx: &Ctx, ddb: &Client, name: &str, index: Option<&str>) -> Result<()> {
    let what = match index {
        Some(ix) => format!("index {ix} of table {name}"),
        None => format!("table {name}"),
    };
    let bar = ctx.out.progress_bar(None, "provision", "");
    bar.set_message(format!("waiting for {what} to become ACTIVE"));
    let started = Instant::now();
    let mut delay = Duration::from_millis(200);
    let result = loop {
        let state = describe(ddb, name).await?;
        if let Some(d) = &state {
            let table_ok = d.table_status() == Some(&TableStatus::Active);
            let gsis = d.global_secondary_indexes();
            let all_ix_ok = gsis
                .iter()
                .all(|g| g.index_status() == Some(&IndexStatus::Active));
            let ix_ok = index.is_none_or(|ix| gsis.iter().any(|g| g.index_name() == Some(ix)));
            if table_ok && all_ix_ok && ix_ok {
                break Ok(());
            }
        }
        if started.elapsed() > WAIT_LIMIT {
            break Err(Error::service(format!(
                "{what} did not become ACTIVE within {}",
                crate::time::short_duration(WAIT_LIMIT)
            ))
            .with_hint("it may still be building: run the command again later to continue"));
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = crate::signal::interrupted() => {
                break Err(Error::new(ErrorKind::Interrupted, format!("interrupted while waiting for {what}"))
                    .with_hint("the change goes on in DynamoDB; run the command again to continue"));
            }
        }
        delay = next_poll(delay);
    };
    bar.finish_and_clear();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desc(keys: &[(&str, KeyType)], gsis: &[(&str, &str)]) -> TableDescription {
        let mut b = TableDescription::builder();
        for (k, kt) in keys {
            b = b
                .key_schema(key(k, kt.clone()).unwrap())
                .attribute_definitions(attr_s(k).unwrap());
        }
        for (n, a) in gsis {
            b = b.global_secondary_indexes(
                GlobalSecondaryIndexDescription::builder()
                    .index_name(*n)
                    .key_schema(key(a, KeyType::Hash).unwrap())
                    .projection(projection_all())
                    .index_status(IndexStatus::Active)
                    .build(),
            );
        }
        b.build()
    }

    #[test]
    fn key_schema_and_indexes() {
        let good = desc(&[(PK, KeyType::Hash)], &[("userId-index", "userId")]);
        assert!(key_schema_matches(&good));
        let sk = desc(&[(PK, KeyType::Hash), ("roomId", KeyType::Range)], &[]);
        assert!(!key_schema_matches(&sk));
        assert!(describe_keys(sk.key_schema(), sk.attribute_definitions()).contains("sort roomId"));

        assert_eq!(
            index_step(&good, "userId-index", "userId").action,
            Change::Unchanged
        );
        assert_eq!(
            index_step(&good, "groupId-index", "groupId").action,
            Change::Create
        );
        // Another name on the same attribute serves it; the same name on another attribute is drift.
        let other = desc(
            &[(PK, KeyType::Hash)],
            &[("byUser", "userId"), ("groupId-index", "roomId")],
        );
        let s = index_step(&other, "userId-index", "userId");
        assert_eq!(s.action, Change::Unchanged);
        assert!(s.detail.contains("byUser"));
        assert_eq!(
            index_step(&other, "groupId-index", "groupId").action,
            Change::Drift
        );
    }

    #[test]
    fn billing_is_compared() {
        use aws_sdk_dynamodb::types::{BillingModeSummary, ProvisionedThroughputDescription};
        let spec = |c| TableSpec::new("tab".into(), c, "a-ix".into(), "b-ix".into()).unwrap();
        let on_demand = TableDescription::builder()
            .billing_mode_summary(
                BillingModeSummary::builder()
                    .billing_mode(BillingMode::PayPerRequest)
                    .build(),
            )
            .provisioned_throughput(
                ProvisionedThroughputDescription::builder()
                    .read_capacity_units(0)
                    .write_capacity_units(0)
                    .build(),
            )
            .build();
        let provisioned = TableDescription::builder()
            .provisioned_throughput(
                ProvisionedThroughputDescription::builder()
                    .read_capacity_units(5)
                    .write_capacity_units(2)
                    .build(),
            )
            .build();
        assert_eq!(actual_capacity(&on_demand), None);
        assert_eq!(actual_capacity(&provisioned), Some((5, 2)));
        assert_eq!(
            billing_step(&spec(None), &on_demand).action,
            Change::Unchanged
        );
        assert_eq!(
            billing_step(&spec(Some((5, 2))), &provisioned).action,
            Change::Unchanged
        );
        assert_eq!(
            billing_step(&spec(Some((5, 3))), &provisioned).action,
            Change::Update
        );
        let s = billing_step(&spec(None), &provisioned);
        assert_eq!(s.action, Change::Update);
        assert!(
            s.detail.contains("provisioned 5/2 -> on-demand"),
            "{}",
            s.detail
        );
    }

    #[test]
    fn names_are_checked() {
        assert!(TableSpec::new("ws".into(), None, "a-index".into(), "b-index".into()).is_err());
        assert!(TableSpec::new("ws-c".into(), None, "same".into(), "same".into()).is_err());
        assert!(TableSpec::new("ws c".into(), None, "abc".into(), "abd".into()).is_err());
        assert!(TableSpec::new("ws-c".into(), Some((1, 1)), "abc".into(), "abd".into()).is_ok());
    }
}
