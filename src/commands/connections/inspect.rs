//! `wsctl connections inspect ID...`: each id's rows and its live state from GetConnection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::mpsc;

use super::{layout, OTHER_ENDPOINT_STATE};
use crate::commands::fanout::check_connection_id;
use crate::context::Ctx;
use crate::engine::routing::Destination;
use crate::engine::{Action, Engine, EngineOptions, LiveInfo, Target, Verdict};
use crate::error::{Error, Result};
use crate::layout::{Layout, LayoutArgs};
use crate::output::{kv_table, Outcome, Output, Report};
use crate::records::{self, ConnRecord, RecordJson};
use crate::time::{now_millis, short_duration};

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Connection ids (one that begins with `-` goes after `--`)
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// One connection as `inspect` shows it (field names and order are a contract; see the test).
#[derive(Debug, Serialize)]
struct InspectItem {
    #[serde(rename = "connectionId")]
    connection_id: String,
    state: &'static str,
    rows: usize,
    record: Option<RecordJson>,
    groups: Vec<String>,
    live: Option<LiveInfo>,
    error: Option<String>,
}

/// The JSON of `connections inspect`: an array of [`InspectItem`]s.
struct InspectReport {
    items: Vec<InspectItem>,
}

impl Report for InspectReport {
    fn to_json(&self) -> Value {
        serde_json::to_value(&self.items).unwrap_or(Value::Null)
    }
    fn to_ndjson(&self) -> Vec<Value> {
        self.items
            .iter()
            .map(|i| serde_json::to_value(i).unwrap_or(Value::Null))
            .collect()
    }
    fn to_ids(&self) -> Option<Vec<String>> {
        Some(self.items.iter().map(|i| i.connection_id.clone()).collect())
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut s = String::new();
        for v in &self.to_ndjson() {
            let get = |p: &str| -> String {
                let x = v.pointer(p).cloned().unwrap_or(Value::Null);
                match x {
                    Value::Null => "-".into(),
                    Value::String(s) => crate::sanitize::terminal_safe(&s).into_owned(),
                    other => other.to_string(),
                }
            };
            let rows = vec![
                ("connection", get("/connectionId")),
                ("state", get("/state")),
                ("rows in table", get("/rows")),
                ("user", get("/record/userId")),
                ("group", get("/record/groupId")),
                (
                    "recorded for",
                    match (get("/record/domainName"), get("/record/stage")) {
                        (d, st) if st != "-" && d != "-" => format!("{d}/{st}"),
                        (d, _) => d,
                    },
                ),
                (
                    "age",
                    v.pointer("/record/ageSeconds")
                        .and_then(Value::as_u64)
                        .map(|x| short_duration(Duration::from_secs(x)))
                        .unwrap_or("-".into()),
                ),
                (
                    "ttl left",
                    match v
                        .pointer("/record/expiresInSeconds")
                        .and_then(Value::as_i64)
                    {
                        Some(x) if x <= 0 => "expired".into(),
                        Some(x) => short_duration(Duration::from_secs(x as u64)),
                        None => "-".into(),
                    },
                ),
                ("connected at", get("/live/connectedAt")),
                ("last active at", get("/live/lastActiveAt")),
                (
                    "idle",
                    v.pointer("/live/idleSeconds")
                        .and_then(Value::as_u64)
                        .map(|x| short_duration(Duration::from_secs(x)))
                        .unwrap_or("-".into()),
                ),
                ("source ip", get("/live/sourceIp")),
                ("user agent", get("/live/userAgent")),
                ("error", get("/error")),
            ];
            s.push_str(&format!("{}\n", kv_table(&rows)));
        }
        s
    }
}

/// An inspection, step by step: check the ids, read their rows, probe them (where the rows say),
/// then one item per id, and the ids that are nowhere.
pub async fn run(ctx: &Ctx, a: InspectArgs) -> Result<Outcome> {
    for id in &a.ids {
        check_connection_id(id)?;
    }
    let clients = ctx.clients().await?;
    let mgmt = clients.management()?.clone();
    // Its handshakes go on while the rows are read: the probes wait one round trip, not three.
    mgmt.open_ahead();
    let layout = layout(ctx, &a.layout).await?;
    let now = now_millis();
    // The rows first: with --other-endpoints route, they say where to probe.
    let mut rows_by_id = Vec::with_capacity(a.ids.len());
    for id in &a.ids {
        rows_by_id.push(records::rows_of(clients.dynamodb(), &layout, id).await?);
    }
    let (verdicts, routed) = probe(ctx, mgmt, &a.ids, &rows_by_id).await?;
    let scope = ctx.scope(clients);
    let mut items = Vec::new();
    let mut any_failed = false;
    let mut unknown: Vec<&str> = Vec::new();
    for ((id, rows), routed) in a.ids.iter().zip(rows_by_id).zip(routed) {
        let verdict = verdicts.get(id);
        // No row and no connection: a typo or a long-gone id, not a connection to show.
        if rows.is_empty() && matches!(verdict, Some(Verdict::Gone)) {
            unknown.push(id);
            continue;
        }
        // Recorded for another endpoint (and not probed there): this endpoint's 410 says nothing
        // about it.
        let elsewhere = !routed
            && scope
                .as_ref()
                .is_some_and(|s| !rows.is_empty() && rows.iter().all(|r| !s.owns_record(r)));
        any_failed |= matches!(verdict, Some(Verdict::Failed { .. }));
        items.push(item(&layout, id, &rows, verdict, elsewhere, now));
    }
    if !unknown.is_empty() {
        let e = not_found(&unknown, &layout.table);
        if items.is_empty() {
            return Err(e);
        }
        return Ok(Outcome::report(InspectReport { items }).with_failure(Some(e)));
    }
    let failure = any_failed.then(|| {
        Error::new(
            crate::error::ErrorKind::PartialFailure,
            "some connections could not be probed",
        )
    });
    Ok(Outcome::report(InspectReport { items }).with_failure(failure))
}

/// GetConnection for every id, at the endpoint its first row names under `--other-endpoints
/// route`: the verdicts by id, and per id whether it was probed elsewhere.
async fn probe(
    ctx: &Ctx,
    mgmt: crate::aws::connections::ConnectionsApi,
    ids: &[String],
    rows_by_id: &[Vec<ConnRecord>],
) -> Result<(HashMap<String, Verdict>, Vec<bool>)> {
    let clients = ctx.clients().await?;
    let engine = Engine::new(
        mgmt,
        None,
        EngineOptions {
            concurrency: 16,
            prune: false,
            ..Default::default()
        },
    );
    let router = ctx.router(clients);
    let (targets_tx, targets_rx) = mpsc::channel(ids.len().max(1));
    let mut routed = Vec::with_capacity(ids.len());
    for (id, rows) in ids.iter().zip(rows_by_id) {
        let mut target = Target::id(id.clone());
        if let (Some(router), Some(r)) = (&router, rows.first()) {
            if let Destination::Via(route) = router.route(r) {
                target.via = Some(route);
            }
        }
        routed.push(target.via.is_some());
        let _ = targets_tx.send(target).await;
    }
    drop(targets_tx);
    let verdicts: Arc<Mutex<HashMap<String, Verdict>>> = Arc::default();
    let collected = verdicts.clone();
    let on_verdict: crate::engine::Callback = Arc::new(move |t: &Target, v: &Verdict| {
        if let Ok(mut m) = collected.lock() {
            m.insert(t.id.clone(), v.clone());
        }
    });
    let (_summary, abort) = engine
        .run(
            Action::Probe {
                disconnect_idle_over: None,
            },
            targets_rx,
            Some(on_verdict),
        )
        .await;
    if let Some(e) = abort {
        return Err(e);
    }
    let verdicts = verdicts.lock().map(|m| m.clone()).unwrap_or_default();
    Ok((verdicts, routed))
}

/// One connection as `inspect` shows it: its state, rows, record, groups and live state.
fn item(
    layout: &Layout,
    id: &str,
    rows: &[ConnRecord],
    verdict: Option<&Verdict>,
    elsewhere: bool,
    now: u64,
) -> InspectItem {
    let record = rows.first().map(|r| RecordJson::new(layout, r, now));
    let (state, live, error) = match verdict {
        Some(Verdict::Gone) if elsewhere => (OTHER_ENDPOINT_STATE, None, None),
        Some(Verdict::Alive(i)) => ("alive", Some(i.clone()), None),
        Some(Verdict::Gone) => ("gone", None, None),
        Some(Verdict::Failed { reason, .. }) => ("unknown", None, Some(reason.clone())),
        _ => ("unknown", None, None),
    };
    InspectItem {
        connection_id: id.to_string(),
        state,
        rows: rows.len(),
        record,
        groups: rows
            .iter()
            .filter_map(|r| {
                r.group
                    .as_deref()
                    .map(|g| layout.display_group(g).to_string())
            })
            .collect(),
        live,
        error,
    }
}

/// Ids with no row whose GetConnection answered 410: not found.
fn not_found(unknown: &[&str], table: &str) -> Error {
    Error::new(
        crate::error::ErrorKind::NotFound,
        format!(
            "connection {} not found: no row in table {} and GetConnection answered 410 Gone",
            unknown
                .iter()
                .map(|i| crate::sanitize::terminal_safe(i).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
            table
        ),
    )
    .with_hint("check the id, --table and --endpoint (the stage the connection belongs to)")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::field_names as keys;

    /// The JSON contract of `connections inspect`: these names, this order, nulls kept.
    #[test]
    fn inspect_report_field_names_are_pinned() {
        let report = InspectReport {
            items: vec![InspectItem {
                connection_id: "abc=".into(),
                state: "alive",
                rows: 0,
                record: None,
                groups: vec![],
                live: Some(LiveInfo::default()),
                error: None,
            }],
        };
        let v = report.to_json();
        assert!(v.is_array());
        assert_eq!(
            keys(&v[0]),
            [
                "connectionId",
                "state",
                "rows",
                "record",
                "groups",
                "live",
                "error"
            ]
        );
        assert!(v[0]["record"].is_null() && v[0]["error"].is_null());
        assert_eq!(
            keys(&v[0]["live"]),
            [
                "connectedAt",
                "lastActiveAt",
                "idleSeconds",
                "sourceIp",
                "userAgent"
            ]
        );
        assert_eq!(report.to_ndjson(), [v[0].clone()]);
        assert_eq!(report.to_ids(), Some(vec!["abc=".to_string()]));
    }
}
