//! What push, broadcast and disconnect share: payload input, target selection (ids, a user, a group,
//! everyone), the engine run, the dry-run plan and the summary report. The other subcommands import
//! from `commands/` only this module.

pub mod messages;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use clap::Args;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::aws::connections::MAX_PAYLOAD;
use crate::context::Ctx;
use crate::engine::proof::RowAge;
use crate::engine::prune::Pruner;
use crate::engine::routing::{route_or_skip, Router, Skipped};
use crate::engine::{self, Action, Engine, EngineOptions, Summary, Target, DEFAULT_CONCURRENCY};
use crate::error::{Error, Result};
use crate::layout::{GroupNames, Layout, LayoutArgs};
use crate::output::{kv_table, Outcome, Output, Report};
use crate::ownership::EndpointScope;
use crate::records::{self, Fields, ReadOptions, Source};

use messages::Recipient;

/// A fan-out's recipients come in pages of 250, 1000 and then 4000 rows: sending starts after the
/// first small page, and a large group costs DynamoDB few requests (each has a fixed cost). The
/// pages in flight stay a few MB.
const FIRST_PAGE: i32 = 250;
const MAX_PAGE: i32 = 4000;

#[derive(Args, Debug, Clone)]
pub struct PayloadArgs {
    /// Payload text
    #[arg(long, value_name = "TEXT", conflicts_with = "data_file")]
    pub data: Option<String>,
    /// Read the payload from FILE (`-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub data_file: Option<PathBuf>,
    /// Require the payload to be valid JSON
    #[arg(long)]
    pub json: bool,
}

impl PayloadArgs {
    /// Read and check the payload before anything is sent.
    pub fn load(&self) -> Result<Vec<u8>> {
        let bytes = match (&self.data, &self.data_file) {
            (Some(d), _) => d.clone().into_bytes(),
            (None, Some(p)) if p.as_os_str() == "-" => {
                use std::io::Read;
                let mut buf = Vec::new();
                std::io::stdin()
                    .take(MAX_PAYLOAD as u64 + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| {
                        Error::usage(format!("cannot read the payload from stdin: {e}"))
                    })?;
                buf
            }
            (None, Some(p)) => std::fs::read(p).map_err(|e| {
                Error::usage(format!("cannot read payload file {}: {e}", p.display()))
            })?,
            (None, None) => {
                return Err(Error::usage("no payload given")
                    .with_hint("pass --data TEXT, --data-file FILE or --data-file - (stdin)"))
            }
        };
        if bytes.is_empty() {
            return Err(Error::usage("empty payload: nothing to send"));
        }
        if bytes.len() > MAX_PAYLOAD {
            return Err(Error::usage(format!(
                "payload is larger than the Management API's limit of {MAX_PAYLOAD} bytes"
            )));
        }
        if self.json {
            if let Err(e) = serde_json::from_slice::<Value>(&bytes) {
                return Err(Error::usage(format!("payload is not valid JSON: {e}")));
            }
        }
        Ok(bytes)
    }
}

/// Delivery options shared by every fan-out.
#[derive(Args, Debug, Clone)]
pub struct DeliveryArgs {
    /// Most calls in flight at once: the number in flight adapts below it (grows while throughput
    /// grows, shrinks on throttling or rising round trips) [default: 4096]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub concurrency: Option<u32>,
    /// Ceiling in calls per second (the pace also adapts down on throttling)
    #[arg(long, value_name = "PER_SEC", value_parser = rate_arg)]
    pub rate: Option<f64>,
    /// Attempts per connection for retryable errors (429, 5xx, timeouts, connection errors)
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,
    /// Keep the rows of connections found gone (410)
    #[arg(long)]
    pub no_prune: bool,
    /// Write failed ids and reasons as NDJSON (replay with --connection-file)
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
    #[command(flatten)]
    pub proof: ProofArgs,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// When a 410 Gone may delete a row (see `engine::proof`); shared by the fan-outs and sweep.
#[derive(Args, Debug, Clone)]
pub struct ProofArgs {
    /// Keep the rows of connections younger than DUR even when they answer 410: API Gateway makes a
    /// connection live only once its $connect handler returns (up to 29 s later)
    #[arg(long, value_name = "DUR", env = "WSCTL_GRACE", default_value = "60s", value_parser = crate::time::duration_arg)]
    pub grace: std::time::Duration,
    /// Delete even when every answer is 410 Gone (a fleet that really is all gone, after an
    /// outage); without it the endpoint guard stops such a run, deleting nothing (exit 8)
    #[arg(long)]
    pub allow_all_gone: bool,
}

/// `--rate`: a positive number of calls per second.
pub fn rate_arg(s: &str) -> std::result::Result<f64, String> {
    let r: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of calls per second"))?;
    if !r.is_finite() || r <= 0.0 {
        return Err("must be above 0 (leave --rate out for no ceiling)".into());
    }
    Ok(r)
}

/// Who receives.
#[derive(Debug, Clone)]
pub enum Selection {
    Ids(Vec<String>),
    Rows(Source),
    /// NDJSON messages, each with its recipient and payload (`push --messages`; `-` for stdin);
    /// `json`: each payload must be JSON.
    Messages {
        path: PathBuf,
        json: bool,
    },
}

impl Selection {
    /// How many targets a fan-out will have, when it is known before it starts (the progress bar's
    /// length, for its ETA): the ids given, or the table's approximate item count for everyone;
    /// unknown for a user, a group or a messages file.
    pub(crate) fn expected_targets(&self, layout: Option<&Layout>) -> Option<u64> {
        match self {
            Selection::Ids(ids) => Some(ids.len() as u64),
            Selection::Rows(Source::All) => {
                layout.and_then(|l| crate::output::rows_expected(l.approx_items, None))
            }
            _ => None,
        }
    }

    /// Only a group's fan-out needs the stored group prefix.
    pub fn group_names(&self) -> GroupNames {
        match self {
            Selection::Rows(Source::Group(_)) => GroupNames::Used,
            _ => GroupNames::Unused,
        }
    }

    pub fn describe(&self, layout: Option<&Layout>) -> String {
        match self {
            Selection::Ids(ids) => format!("{} connection id(s)", ids.len()),
            Selection::Rows(Source::All) => "every connection".into(),
            Selection::Rows(Source::User(u)) => format!("every connection of user {u}"),
            Selection::Rows(Source::Group(g)) => format!(
                "every connection of group {}",
                layout.map(|l| l.display_group(g)).unwrap_or(g)
            ),
            Selection::Messages { path, .. } => format!("the messages of {}", path.display()),
        }
    }
}

/// Check an id looks like an API Gateway connection id (opaque, but never empty, never with `/`,
/// whitespace or control characters).
pub fn check_connection_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=' | '+'));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "malformed connection id {:?}: expected API Gateway's form, e.g. L0SM9cOFvHcCIhw=",
            crate::sanitize::terminal_safe(id)
        )))
    }
}

/// Ids from --connection and --connection-file (plain ids, or NDJSON lines with a connectionId
/// field, such as a --failures file).
pub fn collect_ids(ids: &[String], file: Option<&PathBuf>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        check_connection_id(id)?;
        out.push(id.clone());
    }
    if let Some(f) = file {
        let text = if f.as_os_str() == "-" {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                .map_err(|e| Error::usage(format!("cannot read ids from stdin: {e}")))?;
            s
        } else {
            std::fs::read_to_string(f).map_err(|e| {
                Error::usage(format!("cannot read connection file {}: {e}", f.display()))
            })?
        };
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let id = if line.starts_with('{') {
                serde_json::from_str::<Value>(line)
                    .ok()
                    .and_then(|v| {
                        v.get("connectionId")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    })
                    .ok_or_else(|| {
                        Error::usage(format!(
                            "{}:{}: a JSON line needs a \"connectionId\" string",
                            f.display(),
                            n + 1
                        ))
                    })?
            } else {
                line.to_string()
            };
            check_connection_id(&id)
                .map_err(|e| Error::usage(format!("{}:{}: {}", f.display(), n + 1, e.message)))?;
            out.push(id);
        }
    }
    if out.is_empty() {
        return Err(Error::usage("no connection ids given"));
    }
    Ok(out)
}

/// Counts from reading the table, shared with the feeder task.
#[derive(Default)]
pub struct ReadCounts {
    pub expired: AtomicU64,
    pub malformed: AtomicU64,
    /// Further rows of a connection already read in a Scan (a table with a sort key).
    pub duplicates: AtomicU64,
    /// Rows recorded for another endpoint, left alone.
    pub other_endpoint: std::sync::Mutex<Skipped>,
    /// `push --messages`: the messages read, and those to a user with no live connection.
    pub messages: AtomicU64,
    pub users_not_connected: AtomicU64,
}

impl ReadCounts {
    /// What the read skipped or counted, into the run's summary.
    fn add_to(&self, summary: &mut Summary) {
        summary.skipped_expired = self.expired.load(Ordering::Relaxed);
        summary.duplicates += self.duplicates.load(Ordering::Relaxed);
        summary.skipped_malformed = self.malformed.load(Ordering::Relaxed);
        summary.skipped_other_endpoint += self.other_endpoint_rows();
        summary.messages = self.messages.load(Ordering::Relaxed);
        summary.users_not_connected = self.users_not_connected.load(Ordering::Relaxed);
    }

    fn other_endpoint_rows(&self) -> u64 {
        self.other_endpoint.lock().map(|k| k.rows).unwrap_or(0)
    }

    /// The warning about rows of other endpoints, if there were any.
    pub fn other_endpoint_warning(&self, endpoint: Option<&str>, what: &str) -> Option<String> {
        let k = self.other_endpoint.lock().ok()?;
        k.warning(endpoint.unwrap_or("this endpoint"), what)
    }
}

/// Whether the targets of `selection` must be de-duplicated by remembering every id. A connection id
/// can repeat only in an id list or in a table with a sort key (several rows per connection), and a
/// Scan's repeats are dropped as they are read (`feed_targets`). What is left: an id list, or a
/// user's or group's rows from a GSI, whose sets are bounded by those; never a whole table.
fn needs_id_set(selection: &Selection, layout: Option<&Layout>) -> bool {
    match selection {
        Selection::Rows(src) => {
            layout.is_none_or(|l| l.sk.is_some() && records::uses_index(l, src))
        }
        Selection::Ids(_) => true,
        // Several messages may go to one connection; a user's rows are de-duplicated per message.
        Selection::Messages { .. } => false,
    }
}

/// Start feeding targets into a bounded channel. Rows whose TTL has passed, and rows recorded for
/// another endpoint than `scope`'s, are skipped and counted; with a `router`, rows of another
/// endpoint go to the endpoint they name (those it will not call are skipped).
pub fn feed_targets(
    ddb: aws_sdk_dynamodb::Client,
    layout: Option<Layout>,
    selection: Selection,
    scope: Option<Arc<EndpointScope>>,
    router: Option<Arc<Router>>,
    counts: Arc<ReadCounts>,
) -> mpsc::Receiver<Result<Target>> {
    // Routing needs every row with its endpoint attributes; without it, DynamoDB leaves out the rows
    // of other endpoints (the scope's FilterExpression) and wsctl never reads those attributes.
    let (scope, fields) = match &router {
        Some(_) => (None, Fields::Routing),
        None => (scope, Fields::Delivery),
    };
    let (tx, rx) = mpsc::channel(1024);
    let feed = TargetFeed {
        ddb,
        fields,
        scope,
        router,
        counts,
        tx,
    };
    tokio::spawn(feed.run(layout, selection));
    rx
}

/// Sends the targets of a selection: ids as given, rows as read, messages to their recipients.
struct TargetFeed {
    ddb: aws_sdk_dynamodb::Client,
    fields: Fields,
    scope: Option<Arc<EndpointScope>>,
    router: Option<Arc<Router>>,
    counts: Arc<ReadCounts>,
    tx: mpsc::Sender<Result<Target>>,
}

impl TargetFeed {
    async fn run(self, layout: Option<Layout>, selection: Selection) {
        match (selection, layout) {
            (Selection::Ids(ids), _) => self.ids(ids).await,
            (Selection::Rows(source), Some(layout)) => self.rows(&layout, source).await,
            (Selection::Messages { path, json }, Some(layout)) => {
                self.messages(&layout, path, json).await
            }
            _ => {}
        }
    }

    fn read(&self, layout: &Layout, source: Source) -> mpsc::Receiver<Result<records::Page>> {
        let opts = ReadOptions {
            segments: default_segments(layout),
            fields: self.fields,
            scope: self.scope.clone(),
            first_page_size: Some(FIRST_PAGE),
            page_size: Some(MAX_PAGE),
            ..Default::default()
        };
        records::stream(self.ddb.clone(), layout.clone(), source, opts)
    }

    fn forwarder(&self) -> RowForwarder<'_> {
        RowForwarder {
            tx: &self.tx,
            counts: &self.counts,
            router: self.router.as_deref(),
            scope: self.scope.as_deref(),
        }
    }

    async fn ids(&self, ids: Vec<String>) {
        for id in ids {
            if self.tx.send(Ok(Target::id(id))).await.is_err() {
                return;
            }
        }
    }

    async fn rows(&self, layout: &Layout, source: Source) {
        // A Scan returns a connection's rows one after the other: repeats are dropped here,
        // in flat memory, and the engine need not remember every id (see `run`).
        let repeats = if layout.sk.is_some() && !records::uses_index(layout, &source) {
            Repeats::InScan(records::ScanDedup::default())
        } else {
            Repeats::None
        };
        let pages = self.read(layout, source);
        self.forwarder().rows(pages, repeats, None).await;
    }

    async fn messages(&self, layout: &Layout, path: PathBuf, json: bool) {
        let mut messages = messages::read(path, json);
        while let Some(m) = messages.recv().await {
            let m = match m {
                Ok(m) => m,
                Err(e) => {
                    let _ = self.tx.send(Err(e)).await;
                    return;
                }
            };
            self.counts.messages.fetch_add(1, Ordering::Relaxed);
            if self.message(layout, m).await.is_none() {
                return;
            }
        }
    }

    /// One message, to its connection or to each connection of its user; None once the run is
    /// over.
    async fn message(&self, layout: &Layout, m: messages::Message) -> Option<()> {
        match m.to {
            Recipient::Connection(id) => {
                let t = Target {
                    payload: Some(m.payload),
                    ..Target::id(id)
                };
                self.tx.send(Ok(t)).await.ok()
            }
            Recipient::User(user) => {
                // One message per connection of the user, however many rows it has.
                let repeats = if layout.sk.is_some() {
                    Repeats::InSet(Default::default())
                } else {
                    Repeats::None
                };
                let pages = self.read(layout, Source::User(user));
                let sent = self
                    .forwarder()
                    .rows(pages, repeats, Some(&m.payload))
                    .await?;
                if sent == 0 {
                    self.counts
                        .users_not_connected
                        .fetch_add(1, Ordering::Relaxed);
                }
                Some(())
            }
        }
    }
}

/// How a read drops further rows of a connection it has already sent.
enum Repeats {
    None,
    /// A Scan of a table with a sort key: its rows come one after the other.
    InScan(records::ScanDedup),
    /// A user's rows from a GSI (a bounded set).
    InSet(std::collections::HashSet<String>),
}

/// Turns rows into targets: skips expired rows and other endpoints' (or routes them), drops repeats.
struct RowForwarder<'a> {
    tx: &'a mpsc::Sender<Result<Target>>,
    counts: &'a ReadCounts,
    router: Option<&'a Router>,
    scope: Option<&'a EndpointScope>,
}

impl RowForwarder<'_> {
    /// Forward the rows of `pages` as targets (each with `payload`, if given): the number sent, or
    /// None once the run is over (the engine stopped, or a read failed and was passed on).
    async fn rows(
        &self,
        mut pages: mpsc::Receiver<Result<records::Page>>,
        mut repeats: Repeats,
        payload: Option<&crate::aws::connections::Payload>,
    ) -> Option<u64> {
        let counts = self.counts;
        let now = crate::time::now_secs();
        let mut sent = 0;
        while let Some(page) = pages.recv().await {
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    let _ = self.tx.send(Err(e)).await;
                    return None;
                }
            };
            counts
                .malformed
                .fetch_add(page.malformed, Ordering::Relaxed);
            if page.other_endpoint > 0 {
                if let Ok(mut k) = counts.other_endpoint.lock() {
                    k.add_unnamed(page.other_endpoint);
                }
            }
            for r in page.records {
                if r.expired(now) {
                    counts.expired.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                let Ok(via) = route_or_skip(self.router, self.scope, &r, &counts.other_endpoint)
                else {
                    continue;
                };
                let repeat = match &mut repeats {
                    Repeats::None => false,
                    Repeats::InScan(d) => d.repeat(page.segment, &r.connection_id),
                    Repeats::InSet(seen) => !seen.insert(r.connection_id.clone()),
                };
                if repeat {
                    counts.duplicates.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                let t = Target {
                    id: r.connection_id,
                    rows: vec![r.key],
                    via,
                    record: None,
                    tag: 0,
                    payload: payload.cloned(),
                    age: RowAge::from_millis(r.connected_at_ms),
                };
                if self.tx.send(Ok(t)).await.is_err() {
                    return None;
                }
                sent += 1;
            }
        }
        Some(sent)
    }
}

/// Parallel scan segments for a table: about one per 50 MB (DescribeTable's size), 1 to 16 here.
pub fn default_segments(layout: &Layout) -> i32 {
    let by_size = (layout.approx_bytes / (50 * 1024 * 1024)) as i32;
    let by_items = (layout.approx_items / 100_000) as i32;
    by_size.max(by_items).clamp(1, 16).max(4)
}

/// Run one fan-out and build its outcome.
/// A fan-out, step by step: the layout (when rows are read or pruned), the pruner and the engine,
/// the targets fed in, progress while the engine runs, then the counts and the warnings.
pub async fn run(
    ctx: &Ctx,
    what: &str,
    action: Action,
    selection: Selection,
    delivery: &DeliveryArgs,
) -> Result<Outcome> {
    let clients = ctx.clients().await?;
    let mgmt = clients.management()?.clone();
    if reads_table(&selection, delivery) {
        // Its handshakes go on while the table is read; without a read there is nothing to cover
        // them, and the first call opens its own.
        mgmt.open_ahead();
    }
    let layout = selection_layout(ctx, &selection, delivery).await?;
    warn_if_scanning(&ctx.out, layout.as_ref(), &selection);
    let concurrency =
        crate::engine::concurrency::fit_ceiling(delivery.concurrency, DEFAULT_CONCURRENCY)?;
    let scope = ctx.scope(clients);
    let (pruner, prune_task) = match (&layout, delivery.no_prune) {
        (Some(l), false) => {
            let (p, t) = Pruner::start(
                clients.dynamodb().clone(),
                l.clone(),
                scope.clone(),
                delivery.proof.grace,
            );
            (Some(p), Some(t))
        }
        _ => (None, None),
    };
    let prune_stats = pruner.as_ref().map(|p| p.stats.clone());
    let dedup = needs_id_set(&selection, layout.as_ref());
    let engine = Engine::new(mgmt, pruner, engine_options(delivery, concurrency, dedup));
    let counts = Arc::new(ReadCounts::default());
    let expected = selection.expected_targets(layout.as_ref());
    let feed = feed_targets(
        clients.dynamodb().clone(),
        layout.clone(),
        selection,
        scope,
        ctx.router(clients),
        counts.clone(),
    );
    let (targets, reader) = until_read_error(feed);
    let progress_bar = ctx.out.progress_bar(expected, what, "targets done");
    let ticker = show_progress(progress_bar.clone(), engine.progress());
    let (mut summary, abort) = engine.run(action, targets, None).await;
    ticker.abort();
    progress_bar.finish_and_clear();
    let read_error = reader.await.ok().flatten();
    drop(engine);
    if let Some(t) = prune_task {
        t.finish().await;
    }
    if let Some(s) = &prune_stats {
        engine::add_prune_stats(&mut summary, s);
    }
    counts.add_to(&mut summary);
    warn_about_rows_left_alone(ctx, clients.management_endpoint(), &counts, &prune_stats);
    let failure = abort
        .or(read_error)
        .or_else(|| engine::summary_failure(&summary, what));
    Ok(Outcome::report(SummaryReport {
        what: what.to_string(),
        summary,
    })
    .with_failure(failure))
}

/// Whether the run reads the table before its first call: rows are read (a user, a group, everyone,
/// a message to a user reads the user's rows) or pruned.
fn reads_table(selection: &Selection, delivery: &DeliveryArgs) -> bool {
    matches!(selection, Selection::Rows(_) | Selection::Messages { .. }) || !delivery.no_prune
}

/// The table layout, when rows are read (a user, a group, everyone, a message to a user) or pruned.
async fn selection_layout(
    ctx: &Ctx,
    selection: &Selection,
    delivery: &DeliveryArgs,
) -> Result<Option<Layout>> {
    if !reads_table(selection, delivery) {
        return Ok(None);
    }
    let clients = ctx.clients().await?;
    let layout = Layout::discover(
        clients.dynamodb(),
        &ctx.table(),
        &delivery.layout,
        &ctx.fleet_layout(),
        selection.group_names(),
    )
    .await?;
    Ok(Some(layout))
}

fn engine_options(delivery: &DeliveryArgs, concurrency: usize, dedup: bool) -> EngineOptions {
    EngineOptions {
        concurrency,
        rate_limit: delivery.rate,
        max_attempts: delivery.max_attempts,
        prune: !delivery.no_prune,
        failures_file: delivery.failures.clone(),
        dedup,
        grace: delivery.proof.grace,
        guard: !delivery.proof.allow_all_gone,
        recheck_unknown_age: false,
        dry_run: false,
    }
}

/// The targets of `feed` for the engine: a read error ends them, and the task returns it, to be
/// reported after the summary.
fn until_read_error(
    mut feed: mpsc::Receiver<Result<Target>>,
) -> (
    mpsc::Receiver<Target>,
    tokio::task::JoinHandle<Option<Error>>,
) {
    let (targets_tx, targets_rx) = mpsc::channel(1024);
    let reader = tokio::spawn(async move {
        while let Some(target) = feed.recv().await {
            match target {
                Ok(t) => {
                    if targets_tx.send(t).await.is_err() {
                        return None;
                    }
                }
                Err(e) => return Some(e),
            }
        }
        None
    });
    (targets_rx, reader)
}

/// The engine's progress on the bar, every 200 ms, until the task is aborted.
fn show_progress(
    progress_bar: indicatif::ProgressBar,
    progress: engine::Progress,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            progress_bar.set_position(progress.done());
            progress_bar.set_message(progress.message());
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    })
}

/// Rows left alone for another endpoint, and rows of connections that answered 410 kept for the
/// same reason: say so.
fn warn_about_rows_left_alone(
    ctx: &Ctx,
    endpoint: Option<&str>,
    counts: &ReadCounts,
    prune_stats: &Option<Arc<engine::prune::PruneStats>>,
) {
    if let Some(w) = counts.other_endpoint_warning(endpoint, "were left alone") {
        ctx.out.warn(w);
    }
    let kept_after_410 = prune_stats
        .as_ref()
        .map_or(0, |s| s.other_endpoint.load(Ordering::Relaxed));
    if kept_after_410 > 0 {
        ctx.out.warn(format!(
            "{kept_after_410} row(s) of connections that answered 410 were kept: they were recorded for another endpoint than {}, which cannot tell whether they are gone",
            endpoint.unwrap_or("this one")
        ));
    }
}

fn warn_if_scanning(out: &Output, layout: Option<&Layout>, selection: &Selection) {
    if let (Some(l), Selection::Rows(src @ (Source::User(_) | Source::Group(_)))) =
        (layout, selection)
    {
        if !records::uses_index(l, src) {
            let attr = if matches!(src, Source::User(_)) {
                &l.user_attr
            } else {
                &l.group_attr
            };
            out.warn(format!(
                "table {} has no index on {attr}: scanning the whole table with a filter (slow and costly on big tables; add a GSI with `wsctl provision table`)",
                l.table
            ));
        }
    }
}

/// Dry run: count and sample the targets, send nothing.
pub async fn dry_run(
    ctx: &Ctx,
    what: &str,
    selection: Selection,
    layout_args: &LayoutArgs,
) -> Result<Outcome> {
    let clients = ctx.clients().await?;
    let layout = match &selection {
        Selection::Rows(_) | Selection::Messages { .. } => Some(
            Layout::discover(
                clients.dynamodb(),
                &ctx.table(),
                layout_args,
                &ctx.fleet_layout(),
                selection.group_names(),
            )
            .await?,
        ),
        Selection::Ids(_) => None,
    };
    warn_if_scanning(&ctx.out, layout.as_ref(), &selection);
    let description = selection.describe(layout.as_ref());
    let mut seen = needs_id_set(&selection, layout.as_ref()).then(std::collections::HashSet::new);
    let counts = Arc::new(ReadCounts::default());
    let mut feed = feed_targets(
        clients.dynamodb().clone(),
        layout,
        selection,
        ctx.scope(clients),
        ctx.router(clients),
        counts.clone(),
    );
    let mut sample = Vec::new();
    let (mut targets, mut routed) = (0u64, 0u64);
    while let Some(t) = feed.recv().await {
        let t = t?;
        if let Some(seen) = &mut seen {
            if !seen.insert(t.id.clone()) {
                continue;
            }
        }
        targets += 1;
        routed += u64::from(t.via.is_some());
        if sample.len() < 10 {
            sample.push(t.id);
        }
    }
    Ok(Outcome::report(DryRunReport {
        what: what.to_string(),
        description,
        targets,
        sample,
        skipped_expired: counts.expired.load(Ordering::Relaxed),
        skipped_malformed: counts.malformed.load(Ordering::Relaxed),
        skipped_other_endpoint: counts.other_endpoint_rows(),
        routed,
        messages: counts.messages.load(Ordering::Relaxed),
        users_not_connected: counts.users_not_connected.load(Ordering::Relaxed),
        other_endpoint_warning: counts
            .other_endpoint_warning(clients.management_endpoint(), "were not counted"),
    }))
}

pub struct DryRunReport {
    pub what: String,
    pub description: String,
    pub targets: u64,
    pub sample: Vec<String>,
    pub skipped_expired: u64,
    pub skipped_malformed: u64,
    pub skipped_other_endpoint: u64,
    /// Connections that would be sent to the endpoint their row names (`--other-endpoints route`).
    pub routed: u64,
    /// `push --messages`: lines read, and messages to users without a live connection.
    pub messages: u64,
    pub users_not_connected: u64,
    pub other_endpoint_warning: Option<String>,
}

/// The JSON of a `--dry-run` (field names and order are a contract; see the test).
#[derive(Serialize)]
struct DryRunJson<'a> {
    dry_run: bool,
    command: &'a str,
    selection: &'a str,
    targets: u64,
    sample: &'a [String],
    skipped_expired: u64,
    skipped_malformed: u64,
    skipped_other_endpoint: u64,
    routed: u64,
    messages: u64,
    users_not_connected: u64,
}

impl Report for DryRunReport {
    fn to_json(&self) -> Value {
        serde_json::to_value(DryRunJson {
            dry_run: true,
            command: &self.what,
            selection: &self.description,
            targets: self.targets,
            sample: &self.sample,
            skipped_expired: self.skipped_expired,
            skipped_malformed: self.skipped_malformed,
            skipped_other_endpoint: self.skipped_other_endpoint,
            routed: self.routed,
            messages: self.messages,
            users_not_connected: self.users_not_connected,
        })
        .unwrap_or(Value::Null)
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut s = if self.messages > 0 {
            format!(
                "dry run: {} would send {} message(s) to connections ({} read from {}, {} to users not connected); nothing was sent\n",
                self.what, self.targets, self.messages, self.description, self.users_not_connected
            )
        } else {
            format!(
                "dry run: {} would reach {} connection(s) ({}); nothing was sent\n",
                self.what, self.targets, self.description
            )
        };
        if self.skipped_expired > 0 {
            s.push_str(&format!(
                "skipped {} row(s) whose TTL has passed\n",
                self.skipped_expired
            ));
        }
        if self.routed > 0 {
            s.push_str(&format!(
                "{} connection(s) would go to the endpoints their rows name (--other-endpoints route)\n",
                self.routed
            ));
        }
        if let Some(w) = &self.other_endpoint_warning {
            s.push_str(&format!("{w}\n"));
        }
        if !self.sample.is_empty() {
            s.push_str("sample:\n");
            for id in &self.sample {
                s.push_str(&format!("  {}\n", crate::sanitize::terminal_safe(id)));
            }
        }
        s
    }
    fn to_ids(&self) -> Option<Vec<String>> {
        Some(self.sample.clone())
    }
}

pub struct SummaryReport {
    pub what: String,
    pub summary: Summary,
}

impl Report for SummaryReport {
    fn to_json(&self) -> Value {
        let mut v = serde_json::to_value(&self.summary).unwrap_or(Value::Null);
        if let Some(o) = v.as_object_mut() {
            o.insert("command".into(), Value::String(self.what.clone()));
        }
        v
    }
    fn to_human(&self, _out: &Output) -> String {
        let s = &self.summary;
        let mut rows = self.outcome_rows();
        rows.extend(skips_and_pace_rows(s));
        let mut text = format!("{} summary\n{}\n", self.what, kv_table(&rows));
        for f in &s.failure_samples {
            text.push_str(&format!(
                "  failed {}: {}\n",
                crate::sanitize::terminal_safe(&f.connection_id),
                crate::sanitize::terminal_safe(&f.reason)
            ));
        }
        text
    }
    fn human_on_stderr(&self) -> bool {
        true
    }
}

impl SummaryReport {
    /// What happened to the targets.
    fn outcome_rows(&self) -> Vec<(&'static str, String)> {
        let s = &self.summary;
        let mut rows: Vec<(&'static str, String)> = Vec::new();
        if s.messages > 0 {
            rows.push(("messages", s.messages.to_string()));
            if s.users_not_connected > 0 {
                rows.push(("to users not connected", s.users_not_connected.to_string()));
            }
        }
        rows.push(("targets", s.targets.to_string()));
        if s.delivered > 0 || self.what != "disconnect" {
            rows.push(("delivered", s.delivered.to_string()));
        }
        if s.disconnected > 0 || self.what == "disconnect" {
            rows.push(("disconnected", s.disconnected.to_string()));
        }
        rows.push(("gone", s.gone.to_string()));
        rows.push(("pruned", s.pruned.to_string()));
        if s.too_young > 0 {
            rows.push((
                "gone, younger than the grace (kept)",
                s.too_young.to_string(),
            ));
        }
        if s.age_unknown > 0 {
            rows.push((
                "gone, age unknown (kept for sweep)",
                s.age_unknown.to_string(),
            ));
        }
        if s.not_attempted > 0 {
            rows.push(("not attempted", s.not_attempted.to_string()));
        }
        if s.guard.state != crate::engine::proof::GuardState::Idle {
            rows.push(("endpoint guard", s.guard.describe()));
        }
        rows.push(("failed", s.failed.to_string()));
        rows.push(("retries", s.retries.to_string()));
        rows.push(("throttled", s.throttled.to_string()));
        rows
    }
}

/// What the read skipped, then the run's pace.
fn skips_and_pace_rows(s: &Summary) -> Vec<(&'static str, String)> {
    let mut rows: Vec<(&'static str, String)> = Vec::new();
    if s.skipped_expired > 0 {
        rows.push(("skipped (TTL passed)", s.skipped_expired.to_string()));
    }
    if s.skipped_malformed > 0 {
        rows.push(("skipped (malformed)", s.skipped_malformed.to_string()));
    }
    if s.skipped_other_endpoint > 0 {
        rows.push((
            "skipped (other endpoints)",
            s.skipped_other_endpoint.to_string(),
        ));
    }
    if s.routed > 0 {
        rows.push(("routed to other endpoints", s.routed.to_string()));
    }
    if !s.routed_rates.is_empty() {
        rows.push((
            "paces of other regions",
            crate::engine::rate::RoutedRate::describe_all(&s.routed_rates),
        ));
    }
    if s.duplicates > 0 {
        rows.push(("duplicate rows", s.duplicates.to_string()));
    }
    if s.prune_failed > 0 {
        rows.push(("prune failed", s.prune_failed.to_string()));
    }
    rows.push(("seconds", format!("{:.2}", s.seconds)));
    let rate = match s.rate_limit {
        Some(l) => format!("{:.0}/s (limit {l:.0}/s)", s.rate),
        None => format!("{:.0}/s", s.rate),
    };
    rows.push(("rate", rate));
    rows.push((
        "concurrency",
        format!(
            "{} reached, {} at the end (ceiling {})",
            s.concurrency_reached, s.final_concurrency, s.concurrency_limit
        ),
    ));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_ids_are_checked() {
        assert!(check_connection_id("L0SM9cOFvHcCIhw=").is_ok());
        assert!(check_connection_id("e_d2EewNLPECIGw=").is_ok());
        assert!(check_connection_id("P-S_9e-7liACH9A=").is_ok());
        assert!(check_connection_id("").is_err());
        assert!(check_connection_id("a/b").is_err());
        assert!(check_connection_id("a b").is_err());
        assert!(check_connection_id("x\x1b[31m").is_err());
    }

    #[test]
    fn payload_checks() {
        let p = |d: &str, json: bool| PayloadArgs {
            data: Some(d.into()),
            data_file: None,
            json,
        };
        assert!(p("", false).load().is_err());
        assert!(p("{not json", true).load().is_err());
        assert!(p("{\"ok\":1}", true).load().is_ok());
        assert!(p(&"x".repeat(MAX_PAYLOAD + 1), false).load().is_err());
        assert!(p(&"x".repeat(MAX_PAYLOAD), false).load().is_ok());
    }

    /// The JSON contract of a `--dry-run`: these names, this order.
    #[test]
    fn dry_run_report_field_names_are_pinned() {
        let report = DryRunReport {
            what: "broadcast".into(),
            description: "all".into(),
            targets: 1,
            sample: vec!["abc=".into()],
            skipped_expired: 0,
            skipped_malformed: 0,
            skipped_other_endpoint: 0,
            routed: 0,
            messages: 0,
            users_not_connected: 0,
            other_endpoint_warning: None,
        };
        let v = report.to_json();
        let keys = crate::output::field_names(&v);
        assert_eq!(
            keys,
            [
                "dry_run",
                "command",
                "selection",
                "targets",
                "sample",
                "skipped_expired",
                "skipped_malformed",
                "skipped_other_endpoint",
                "routed",
                "messages",
                "users_not_connected"
            ]
        );
        assert_eq!(v["dry_run"], true);
    }
}
