//! `wsctl connections list|inspect|count|stats`: who is connected, from the table and, with
//! `--probe` / `inspect`, from GetConnection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::commands::fanout::{check_connection_id, default_segments};
use crate::context::Ctx;
use crate::engine::{Action, Engine, EngineOptions, LiveInfo, Target, Verdict};
use crate::error::{Error, Result};
use crate::layout::{GroupNames, Layout, LayoutArgs};
use crate::output::{bar, kv_table, new_table, Outcome, Output, Report, RowStream};
use crate::records::{self, ConnRecord, Fields, ReadOptions, RecordJson, Source};
use crate::scope::{route_row, Routing};
use crate::sketch::{self, KeyCount, KeyCounts};
use crate::util::{duration_arg, now_millis, short_duration};

/// The maximum connection duration of API Gateway WebSocket APIs: older rows are certainly stale.
pub const MAX_CONNECTION_DURATION: Duration = Duration::from_secs(2 * 3600);

#[derive(Subcommand, Debug)]
pub enum ConnectionsCommand {
    /// List connection records (streamed page by page)
    List(ListArgs),
    /// Show records and live GetConnection state of connection ids
    Inspect(InspectArgs),
    /// Count rows, optionally by user or group
    Count(CountArgs),
    /// Health report of the table: groups, users, ages, TTLs, stale rows
    Stats(StatsArgs),
    /// Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like
    /// `top` until Ctrl-C; each refresh reads a sample of about --sample rows
    Watch(crate::commands::watch::WatchArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this user's connections
    #[arg(long, short = 'u', value_name = "USER", value_parser = crate::util::non_empty_arg)]
    pub user: Option<String>,
    /// Only this group's connections
    #[arg(long, short = 'g', value_name = "GROUP", value_parser = crate::util::non_empty_arg, conflicts_with = "user")]
    pub group: Option<String>,
    /// Only rows connected longer ago than DUR (e.g. 2h)
    #[arg(long, value_name = "DUR", value_parser = duration_arg)]
    pub older_than: Option<Duration>,
    /// Add the live state from GetConnection (alive or gone, last active, idle time)
    #[arg(long)]
    pub probe: bool,
    /// Stop after N rows
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Include rows whose TTL has passed (DynamoDB deletes them lazily)
    #[arg(long)]
    pub include_expired: bool,
    /// Probes in flight at once
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub concurrency: u32,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Connection ids (one that begins with `-` goes after `--`)
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBy {
    User,
    Group,
    /// The API endpoint each row was recorded for (domainName/stage; `(none)` without them)
    Endpoint,
}

#[derive(Args, Debug)]
pub struct CountArgs {
    /// Count per user, per group or per recorded endpoint (domainName/stage)
    #[arg(long, value_enum)]
    pub by: Option<CountBy>,
    /// Show the N biggest (0 = all)
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub tracking: TrackArgs,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

#[derive(Args, Debug)]
pub struct TrackArgs {
    /// Distinct users (groups) counted exactly; past N, memory stays bounded and the counts become
    /// upper bounds with a stated error (about 100 bytes per key)
    #[arg(long, default_value_t = sketch::DEFAULT_CAPACITY, value_name = "N", value_parser = clap::value_parser!(u64).range(2..=100_000_000))]
    pub track: u64,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// Show the N biggest groups and users
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub tracking: TrackArgs,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

pub async fn run(ctx: &Ctx, cmd: ConnectionsCommand) -> Result<Outcome> {
    match cmd {
        ConnectionsCommand::List(a) => list(ctx, a).await,
        ConnectionsCommand::Inspect(a) => inspect(ctx, a).await,
        ConnectionsCommand::Count(a) => count(ctx, a).await,
        ConnectionsCommand::Stats(a) => stats(ctx, a).await,
        ConnectionsCommand::Watch(a) => crate::commands::watch::run(ctx, a).await,
    }
}

async fn layout(ctx: &Ctx, args: &LayoutArgs) -> Result<Layout> {
    let clients = ctx.clients().await?;
    Layout::discover(
        clients.dynamodb(),
        &ctx.table(),
        args,
        &ctx.fleet_layout(),
        GroupNames::Used,
    )
    .await
}

/// The state shown for a probed row; None: not probed, the row belongs to another endpoint.
fn state_of(v: Option<&Verdict>) -> (&'static str, Option<&LiveInfo>) {
    match v {
        None => (OTHER_ENDPOINT_STATE, None),
        Some(Verdict::Alive(i)) => ("alive", Some(i)),
        Some(Verdict::Gone) => ("gone", None),
        Some(Verdict::Failed { .. }) => ("unknown", None),
        Some(_) => ("alive", None),
    }
}

/// The state of a row recorded for another Management API endpoint: this one cannot tell.
const OTHER_ENDPOINT_STATE: &str = "other-endpoint";

fn row_cells(layout: &Layout, r: &RecordJson, state: &str) -> Vec<String> {
    let _ = layout;
    vec![
        r.connection_id.clone(),
        r.user.clone().unwrap_or_else(|| "-".into()),
        r.group.clone().unwrap_or_else(|| "-".into()),
        r.age_secs
            .map(|s| short_duration(Duration::from_secs(s)))
            .unwrap_or_else(|| "?".into()),
        match r.expires_in_secs {
            Some(s) if s <= 0 => "expired".into(),
            Some(s) => short_duration(Duration::from_secs(s as u64)),
            None => "-".into(),
        },
        state.to_string(),
    ]
}

async fn list(ctx: &Ctx, a: ListArgs) -> Result<Outcome> {
    let clients = ctx.clients().await?;
    let layout = layout(ctx, &a.layout).await?;
    let source = match (&a.user, &a.group) {
        (Some(u), _) => Source::User(u.clone()),
        (_, Some(g)) => Source::Group(g.clone()),
        _ => Source::All,
    };
    if !matches!(source, Source::All) && !records::uses_index(&layout, &source) {
        ctx.out.warn(format!(
            "table {} has no index for this lookup: scanning with a filter",
            layout.table
        ));
    }
    let opts = ReadOptions {
        segments: if matches!(source, Source::All) {
            default_segments(&layout)
        } else {
            1
        },
        ..Default::default()
    };
    let mut pages = records::stream(clients.dynamodb().clone(), layout.clone(), source, opts);
    let mut rows = RowStream::new(
        &ctx.out,
        vec!["connection", "user", "group", "age", "expires in", "state"],
    );
    let now = now_millis();
    let limit = a.limit.unwrap_or(u64::MAX);
    let (include_expired, older_than) = (a.include_expired, a.older_than);
    let keep = move |r: &ConnRecord| -> bool {
        if !include_expired && r.expired(now / 1000) {
            return false;
        }
        match older_than {
            Some(d) => r.age(now).is_some_and(|age| age >= d),
            None => true,
        }
    };
    let mut malformed = 0u64;
    if !a.probe {
        'pages: while let Some(page) = pages.recv().await {
            let page = page?;
            malformed += page.malformed;
            for r in page.records.iter().filter(|r| keep(r)) {
                let j = RecordJson::new(&layout, r, now);
                let v = serde_json::to_value(&j)?;
                rows.push(&v, row_cells(&layout, &j, "-"), &j.connection_id);
                if rows.count >= limit {
                    break 'pages;
                }
            }
        }
        rows.finish();
    } else {
        let mgmt = clients.management()?.clone();
        let engine = Engine::new(
            mgmt,
            None,
            EngineOptions {
                concurrency: a.concurrency.max(1) as usize,
                prune: false,
                dedup: false,
                ..Default::default()
            },
        );
        let (ttx, trx) = mpsc::channel::<Target>(256);
        let (vtx, mut vrx) = mpsc::unbounded_channel::<(Box<ConnRecord>, Option<Verdict>)>();
        let scope = ctx.scope(clients);
        let router = ctx.router(clients);
        let elsewhere = vtx.clone();
        let feeder = tokio::spawn(async move {
            let mut sent = 0u64;
            let mut malformed = 0u64;
            while let Some(page) = pages.recv().await {
                let page = page?;
                malformed += page.malformed;
                for r in page.records.into_iter().filter(|r| keep(r)) {
                    if sent >= limit {
                        return Ok::<u64, Error>(malformed);
                    }
                    sent += 1;
                    let via = match route_row(router.as_deref(), scope.as_deref(), &r) {
                        Routing::Own => None,
                        Routing::Via(route) => Some(route),
                        Routing::Unroutable => {
                            // A 410 from this endpoint would prove nothing: shown, not probed.
                            let _ = elsewhere.send((Box::new(r), None));
                            continue;
                        }
                    };
                    let t = Target {
                        id: r.connection_id.clone(),
                        rows: Vec::new(),
                        via,
                        record: Some(Box::new(r)),
                        tag: 0,
                        payload: None,
                        age: Default::default(),
                    };
                    if ttx.send(t).await.is_err() {
                        return Ok(malformed);
                    }
                }
            }
            Ok(malformed)
        });
        let cb: crate::engine::Callback = Arc::new(move |t: &Target, v: &Verdict| {
            if let Some(r) = &t.record {
                let _ = vtx.send((r.clone(), Some(v.clone())));
            }
        });
        let run = engine.run(
            Action::Probe {
                disconnect_idle_over: None,
            },
            trx,
            Some(cb),
        );
        tokio::pin!(run);
        let mut finished = None;
        let show = |rows: &mut RowStream, r: &ConnRecord, v: Option<&Verdict>| -> Result<()> {
            let j = RecordJson::new(&layout, r, now);
            let (state, info) = state_of(v);
            let mut val = serde_json::to_value(&j)?;
            if let Some(o) = val.as_object_mut() {
                o.insert("state".into(), json!(state));
                o.insert("live".into(), serde_json::to_value(info)?);
            }
            rows.push(&val, row_cells(&layout, &j, state), &j.connection_id);
            Ok(())
        };
        loop {
            tokio::select! {
                res = &mut run, if finished.is_none() => { finished = Some(res); }
                item = vrx.recv() => {
                    let Some((r, v)) = item else { break };
                    show(&mut rows, &r, v.as_ref())?;
                }
            }
            if finished.is_some() && vrx.is_empty() {
                // Engine done and every verdict printed (the callback's sender is gone with it).
                while let Ok((r, v)) = vrx.try_recv() {
                    show(&mut rows, &r, v.as_ref())?;
                }
                break;
            }
        }
        rows.finish();
        malformed += feeder.await.map_err(|e| Error::internal(e.to_string()))??;
        if let Some((summary, abort)) = finished {
            if let Some(e) = abort {
                return Err(e);
            }
            if summary.failed > 0 {
                ctx.out.warn(format!(
                    "{} probe(s) failed: their state is shown as unknown",
                    summary.failed
                ));
            }
        }
    }
    if malformed > 0 {
        ctx.out.warn(format!(
            "skipped {malformed} row(s) without a string {}",
            layout.pk
        ));
    }
    if crate::signal::is_interrupted() {
        return Err(Error::new(
            crate::error::ErrorKind::Interrupted,
            "interrupted",
        ));
    }
    Ok(Outcome::none())
}

struct InspectReport {
    items: Vec<Value>,
}

impl Report for InspectReport {
    fn to_json(&self) -> Value {
        Value::Array(self.items.clone())
    }
    fn to_ndjson(&self) -> Vec<Value> {
        self.items.clone()
    }
    fn to_ids(&self) -> Option<Vec<String>> {
        Some(
            self.items
                .iter()
                .filter_map(|v| v["connectionId"].as_str().map(str::to_string))
                .collect(),
        )
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut s = String::new();
        for v in &self.items {
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

async fn inspect(ctx: &Ctx, a: InspectArgs) -> Result<Outcome> {
    for id in &a.ids {
        check_connection_id(id)?;
    }
    let clients = ctx.clients().await?;
    let mgmt = clients.management()?.clone();
    let layout = layout(ctx, &a.layout).await?;
    let now = now_millis();
    let engine = Engine::new(
        mgmt,
        None,
        EngineOptions {
            concurrency: 16,
            prune: false,
            ..Default::default()
        },
    );
    let verdicts: Arc<Mutex<HashMap<String, Verdict>>> = Arc::default();
    // The rows first: with --other-endpoints route, they say where to probe.
    let mut rows_by_id = Vec::with_capacity(a.ids.len());
    for id in &a.ids {
        rows_by_id.push(records::rows_of(clients.dynamodb(), &layout, id).await?);
    }
    let router = ctx.router(clients);
    let (tx, rx) = mpsc::channel(a.ids.len().max(1));
    let mut routed = Vec::with_capacity(a.ids.len());
    for (id, rows) in a.ids.iter().zip(&rows_by_id) {
        let mut t = Target::id(id.clone());
        if let (Some(router), Some(r)) = (&router, rows.first()) {
            if let Routing::Via(route) = router.route(r) {
                t.via = Some(route);
            }
        }
        routed.push(t.via.is_some());
        let _ = tx.send(t).await;
    }
    drop(tx);
    let v2 = verdicts.clone();
    let cb: crate::engine::Callback = Arc::new(move |t: &Target, v: &Verdict| {
        if let Ok(mut m) = v2.lock() {
            m.insert(t.id.clone(), v.clone());
        }
    });
    let (_summary, abort) = engine
        .run(
            Action::Probe {
                disconnect_idle_over: None,
            },
            rx,
            Some(cb),
        )
        .await;
    if let Some(e) = abort {
        return Err(e);
    }
    let verdicts = verdicts.lock().map(|m| m.clone()).unwrap_or_default();
    let scope = ctx.scope(clients);
    let mut items = Vec::new();
    let mut any_failed = false;
    let mut unknown: Vec<&str> = Vec::new();
    for ((id, rows), routed) in a.ids.iter().zip(rows_by_id).zip(routed) {
        // No row and no connection: a typo or a long-gone id, not a connection to show.
        if rows.is_empty() && matches!(verdicts.get(id), Some(Verdict::Gone)) {
            unknown.push(id);
            continue;
        }
        let record = rows.first().map(|r| RecordJson::new(&layout, r, now));
        // Recorded for another endpoint (and not probed there): this endpoint's 410 says nothing
        // about it.
        let elsewhere = !routed
            && scope
                .as_ref()
                .is_some_and(|s| !rows.is_empty() && rows.iter().all(|r| !s.owns_record(r)));
        let (state, live, error) = match verdicts.get(id) {
            Some(Verdict::Gone) if elsewhere => (OTHER_ENDPOINT_STATE, None, None),
            Some(Verdict::Alive(i)) => ("alive", Some(i.clone()), None),
            Some(Verdict::Gone) => ("gone", None, None),
            Some(Verdict::Failed { reason, .. }) => {
                any_failed = true;
                ("unknown", None, Some(reason.clone()))
            }
            _ => ("unknown", None, None),
        };
        items.push(json!({
            "connectionId": id,
            "state": state,
            "rows": rows.len(),
            "record": record,
            "groups": rows.iter().filter_map(|r| r.group.as_deref().map(|g| layout.display_group(g).to_string())).collect::<Vec<_>>(),
            "live": live,
            "error": error,
        }));
    }
    if !unknown.is_empty() {
        let e = Error::new(
            crate::error::ErrorKind::NotFound,
            format!(
                "connection {} not found: no row in table {} and GetConnection answered 410 Gone",
                unknown
                    .iter()
                    .map(|i| crate::sanitize::terminal_safe(i).into_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
                layout.table
            ),
        )
        .with_hint("check the id, --table and --endpoint (the stage the connection belongs to)");
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

/// One pass over the table, aggregated in memory that does not grow with the table.
struct Tally {
    rows: u64,
    live_rows: u64,
    expired: u64,
    malformed: u64,
    no_ttl: u64,
    no_age: u64,
    older_than_max: u64,
    by_user: KeyCounts,
    by_group: KeyCounts,
    /// Rows per recorded endpoint (domainName/stage): a table shared by several APIs shows it.
    by_endpoint: KeyCounts,
    age_hist: [u64; 8],
    ttl_hist: [u64; 6],
}

impl Tally {
    fn new(track: usize) -> Self {
        Tally {
            rows: 0,
            live_rows: 0,
            expired: 0,
            malformed: 0,
            no_ttl: 0,
            no_age: 0,
            older_than_max: 0,
            by_user: KeyCounts::new(track),
            by_group: KeyCounts::new(track),
            by_endpoint: KeyCounts::new(track),
            age_hist: [0; 8],
            ttl_hist: [0; 6],
        }
    }
}

const AGE_BUCKETS: [&str; 8] = [
    "<1m", "1m-10m", "10m-1h", "1h-2h", "2h-6h", "6h-1d", ">1d", "unknown",
];
const TTL_BUCKETS: [&str; 6] = ["expired", "<1h", "1h-6h", "6h-1d", ">1d", "no ttl"];

async fn tally(
    ctx: &Ctx,
    layout: &Layout,
    want_users: bool,
    want_groups: bool,
    track: u64,
) -> Result<Tally> {
    let clients = ctx.clients().await?;
    let opts = ReadOptions {
        segments: default_segments(layout),
        fields: Fields::Tally,
        ..Default::default()
    };
    let mut pages = records::stream(
        clients.dynamodb().clone(),
        layout.clone(),
        Source::All,
        opts,
    );
    let now = now_millis();
    let mut t = Tally::new(usize::try_from(track).unwrap_or(usize::MAX));
    let expected = crate::output::rows_expected(layout.approx_items, None);
    let pb = ctx.out.progress_bar(expected, "scanning", "rows");
    while let Some(page) = pages.recv().await {
        let page = page?;
        t.malformed += page.malformed;
        for r in &page.records {
            t.rows += 1;
            let expired = r.expired(now / 1000);
            if expired {
                t.expired += 1;
            } else {
                t.live_rows += 1;
            }
            match r.ttl {
                None => {
                    t.no_ttl += 1;
                    t.ttl_hist[5] += 1;
                }
                Some(ttl) => {
                    let left = ttl as i64 - (now / 1000) as i64;
                    let b = if left <= 0 {
                        0
                    } else if left < 3600 {
                        1
                    } else if left < 6 * 3600 {
                        2
                    } else if left < 86400 {
                        3
                    } else {
                        4
                    };
                    t.ttl_hist[b] += 1;
                }
            }
            match r.age(now) {
                None => {
                    t.no_age += 1;
                    t.age_hist[7] += 1;
                }
                Some(age) => {
                    let s = age.as_secs();
                    let b = if s < 60 {
                        0
                    } else if s < 600 {
                        1
                    } else if s < 3600 {
                        2
                    } else if s < 7200 {
                        3
                    } else if s < 6 * 3600 {
                        4
                    } else if s < 86400 {
                        5
                    } else {
                        6
                    };
                    t.age_hist[b] += 1;
                    if age > MAX_CONNECTION_DURATION {
                        t.older_than_max += 1;
                    }
                }
            }
            if expired {
                continue;
            }
            match r.domain_name {
                Some(_) => t.by_endpoint.add(&crate::scope::label(r)),
                None => t.by_endpoint.add(NONE),
            }
            if want_users {
                t.by_user.add(r.user.as_deref().unwrap_or(NONE));
            }
            if want_groups {
                t.by_group
                    .add(r.group.as_deref().map_or(NONE, |g| layout.display_group(g)));
            }
        }
        pb.set_position(t.rows);
    }
    pb.finish_and_clear();
    Ok(t)
}

/// Cells of the longest bar in `stats`' histograms (each bar is scaled to its table's largest row).
const BAR_WIDTH: usize = 30;

/// The key rows without the attribute are counted under.
const NONE: &str = "(none)";

/// `v` with the count's `error` (how much it may be too high), once counts are bounds.
fn with_error(mut v: Value, c: &KeyCount, exact: bool) -> Value {
    if !exact {
        v["error"] = json!(c.error);
    }
    v
}

/// A count as people read it: exact, or the range the true count lies in.
fn count_text(count: u64, error: Option<u64>) -> String {
    match error {
        Some(e) => format!("{}..{count}", count.saturating_sub(e)),
        None => count.to_string(),
    }
}

/// JSON for counted keys (stats' shape).
fn counted(list: Vec<KeyCount>, exact: bool) -> Value {
    Value::Array(
        list.iter()
            .map(|c| with_error(json!({"name": c.key, "connections": c.count}), c, exact))
            .collect(),
    )
}

/// Counts per user, group or endpoint.
struct Breakdown {
    by: &'static str,
    distinct: u64,
    /// False once more distinct keys were seen than `--track` holds: counts are then upper bounds.
    exact: bool,
    error_bound: u64,
    list: Vec<KeyCount>,
}

impl Breakdown {
    fn of(by: &'static str, counts: &KeyCounts, top: usize) -> Self {
        Breakdown {
            by,
            distinct: counts.distinct(),
            exact: counts.exact(),
            error_bound: counts.error_bound(),
            list: counts.top(top),
        }
    }
}

/// What a person reads when counts are bounds rather than exact.
fn approximation_note(what: &str, error_bound: u64) -> String {
    format!(
        "note: more distinct {what}s than --track holds: the distinct count is an estimate (about 1 %) and each count may be up to {error_bound} too high (every {what} above {error_bound} is listed)"
    )
}

struct CountReport {
    table: String,
    rows: u64,
    live_rows: u64,
    expired: u64,
    malformed: u64,
    by: Option<Breakdown>,
}

impl Report for CountReport {
    fn to_json(&self) -> Value {
        let mut v = json!({
            "table": self.table,
            "rows": self.rows,
            "live_rows": self.live_rows,
            "expired": self.expired,
            "malformed": self.malformed,
        });
        if let Some(b) = &self.by {
            v["by"] = json!(b.by);
            v["distinct"] = json!(b.distinct);
            v["exact"] = json!(b.exact);
            if !b.exact {
                v["error_bound"] = json!(b.error_bound);
            }
            v["counts"] = Value::Array(
                b.list
                    .iter()
                    .map(|c| with_error(json!({"key": c.key, "count": c.count}), c, b.exact))
                    .collect(),
            );
        }
        v
    }
    fn to_ndjson(&self) -> Vec<Value> {
        match &self.by {
            Some(b) => b
                .list
                .iter()
                .map(|c| with_error(json!({ b.by: c.key, "count": c.count }), c, b.exact))
                .collect(),
            None => vec![self.to_json()],
        }
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut s = format!(
            "{} rows in {} ({} live, {} with TTL passed, {} malformed)\n",
            self.live_rows + self.expired,
            self.table,
            self.live_rows,
            self.expired,
            self.malformed
        );
        if let Some(b) = &self.by {
            let mut t = new_table(&[b.by, "connections"]);
            for c in &b.list {
                t.add_row(vec![
                    crate::sanitize::terminal_safe(&c.key).into_owned(),
                    count_text(c.count, (!b.exact).then_some(c.error)),
                ]);
            }
            let about = if b.exact { "" } else { "about " };
            s.push_str(&format!("{t}\n{about}{} distinct {}s\n", b.distinct, b.by));
            if !b.exact {
                s.push_str(&approximation_note(b.by, b.error_bound));
                s.push('\n');
            }
        }
        s
    }
}

async fn count(ctx: &Ctx, a: CountArgs) -> Result<Outcome> {
    let layout = layout(ctx, &a.layout).await?;
    let t = tally(
        ctx,
        &layout,
        a.by == Some(CountBy::User),
        a.by == Some(CountBy::Group),
        a.tracking.track,
    )
    .await?;
    let by = match a.by {
        Some(CountBy::User) => Some(Breakdown::of("user", &t.by_user, a.top)),
        Some(CountBy::Group) => Some(Breakdown::of("group", &t.by_group, a.top)),
        Some(CountBy::Endpoint) => Some(Breakdown::of("endpoint", &t.by_endpoint, a.top)),
        None => None,
    };
    Ok(Outcome::report(CountReport {
        table: layout.table.clone(),
        rows: t.rows,
        live_rows: t.live_rows,
        expired: t.expired,
        malformed: t.malformed,
        by,
    }))
}

struct StatsReport(Value);

impl Report for StatsReport {
    fn to_json(&self) -> Value {
        self.0.clone()
    }
    fn to_human(&self, _out: &Output) -> String {
        let v = &self.0;
        let n = |p: &str| {
            v.pointer(p)
                .and_then(Value::as_u64)
                .unwrap_or(0)
                .to_string()
        };
        let about = |flag: &str| {
            if v[flag] == Value::Bool(false) {
                "about ".to_string()
            } else {
                String::new()
            }
        };
        let mut s = String::new();
        s.push_str(&format!(
            "{}\n",
            kv_table(&[
                ("table", v["table"].as_str().unwrap_or("").to_string()),
                ("rows", n("/rows")),
                ("live rows", n("/live_rows")),
                ("TTL passed, not yet deleted", n("/expired")),
                ("rows without TTL", n("/rows_without_ttl")),
                (
                    "rows without a readable connectedAt",
                    n("/rows_without_age")
                ),
                (
                    "older than 2h (certainly stale)",
                    n("/older_than_max_duration")
                ),
                ("malformed rows", n("/malformed")),
                (
                    "distinct users",
                    about("users_exact") + &n("/distinct_users")
                ),
                (
                    "distinct groups",
                    about("groups_exact") + &n("/distinct_groups")
                ),
            ])
        ));
        for (title, key, label) in [
            ("age", "/age_histogram", "age"),
            ("TTL left", "/ttl_histogram", "ttl left"),
        ] {
            let mut t = new_table(&[label, "rows", ""]);
            if let Some(arr) = v.pointer(key).and_then(Value::as_array) {
                let widest = arr
                    .iter()
                    .filter_map(|b| b["rows"].as_u64())
                    .max()
                    .unwrap_or(0);
                for b in arr {
                    let rows = b["rows"].as_u64().unwrap_or(0);
                    t.add_row(vec![
                        b["bucket"].as_str().unwrap_or("").to_string(),
                        rows.to_string(),
                        bar(rows, widest, BAR_WIDTH),
                    ]);
                }
            }
            s.push_str(&format!("{title}\n{t}\n"));
        }
        for (title, key) in [
            ("top groups", "/top_groups"),
            ("top users", "/top_users"),
            ("users with unusually many connections", "/heavy_users"),
            ("endpoints (domainName/stage)", "/endpoints"),
        ] {
            let mut t = new_table(&["name", "connections", ""]);
            let arr = v
                .pointer(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if arr.is_empty() {
                continue;
            }
            let widest = arr
                .iter()
                .filter_map(|b| b["connections"].as_u64())
                .max()
                .unwrap_or(0);
            for b in arr {
                let n = b["connections"].as_u64().unwrap_or(0);
                t.add_row(vec![
                    crate::sanitize::terminal_safe(b["name"].as_str().unwrap_or("")).into_owned(),
                    count_text(n, b["error"].as_u64()),
                    bar(n, widest, BAR_WIDTH),
                ]);
            }
            s.push_str(&format!("{title}\n{t}\n"));
        }
        for (what, flag, bound) in [
            ("user", "users_exact", "/user_count_error_bound"),
            ("group", "groups_exact", "/group_count_error_bound"),
        ] {
            if v[flag] == Value::Bool(false) {
                let e = v.pointer(bound).and_then(Value::as_u64).unwrap_or(0);
                s.push_str(&approximation_note(what, e));
                s.push('\n');
            }
        }
        s
    }
}

async fn stats(ctx: &Ctx, a: StatsArgs) -> Result<Outcome> {
    let layout = layout(ctx, &a.layout).await?;
    let t = tally(ctx, &layout, true, true, a.tracking.track).await?;
    let (mean, deviation) = t.by_user.mean_and_deviation();
    let threshold = (mean + 4.0 * deviation).ceil().max(10.0) as u64;
    // Only users certainly at or above the threshold: a bound's uncertain part never makes one heavy.
    let mut heavy: Vec<KeyCount> = t
        .by_user
        .iter()
        .filter(|c| c.at_least() >= threshold && c.key != NONE)
        .collect();
    heavy.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    heavy.truncate(50);
    let users_exact = t.by_user.exact();
    let groups_exact = t.by_group.exact();
    let hist = |names: &[&str], vals: &[u64]| -> Value {
        Value::Array(
            names
                .iter()
                .zip(vals)
                .map(|(n, c)| json!({"bucket": n, "rows": c}))
                .collect(),
        )
    };
    let v = json!({
        "table": layout.table,
        "rows": t.rows,
        "live_rows": t.live_rows,
        "expired": t.expired,
        "malformed": t.malformed,
        "rows_without_ttl": t.no_ttl,
        "rows_without_age": t.no_age,
        "older_than_max_duration": t.older_than_max,
        "distinct_users": t.by_user.distinct(),
        "distinct_groups": t.by_group.distinct(),
        "distinct_endpoints": t.by_endpoint.distinct(),
        // False when more distinct keys were seen than --track holds: see the README.
        "users_exact": users_exact,
        "groups_exact": groups_exact,
        "user_count_error_bound": t.by_user.error_bound(),
        "group_count_error_bound": t.by_group.error_bound(),
        "age_histogram": hist(&AGE_BUCKETS, &t.age_hist),
        "ttl_histogram": hist(&TTL_BUCKETS, &t.ttl_hist),
        "top_groups": counted(t.by_group.top(a.top), groups_exact),
        "top_users": counted(t.by_user.top(a.top), users_exact),
        // Shown when rows record their endpoint: several of them mean a table shared by APIs.
        "endpoints": if t.by_endpoint.iter().all(|c| c.key == NONE) {
            Value::Array(Vec::new())
        } else {
            counted(t.by_endpoint.top(a.top), t.by_endpoint.exact())
        },
        "heavy_user_threshold": threshold,
        "heavy_users": counted(heavy, users_exact),
        "layout": {
            "partition_key": layout.pk,
            "sort_key": layout.sk,
            "user_attr": layout.user_attr,
            "group_attr": layout.group_attr,
            "user_index": layout.user_index.as_ref().map(|i| i.name.clone()),
            "group_index": layout.group_index.as_ref().map(|i| i.name.clone()),
            "ttl_attr": layout.ttl_attr,
            "ttl_enabled": layout.ttl_enabled,
        },
    });
    Ok(Outcome::report(StatsReport(v)))
}
