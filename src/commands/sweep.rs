//! `wsctl sweep`: delete stale connection records, fast and on-call safe.
//!
//! A parallel Scan streams pages into the delivery engine's probe path. A row is deleted only with
//! proof: GetConnection answered 410 Gone (all rows of that connection go), the row is older than the
//! maximum connection duration (2 h plus a margin: it cannot belong to a live connection), or its TTL
//! has passed and `--expired` was given. Anything else (alive, or an error) is kept and reported.
//! `--checkpoint` records each segment's position once every row before it is settled, so a rerun
//! continues where an interrupted sweep stopped; `--shard K/N` splits the segments between workers.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::commands::fanout::{default_segments, ProofArgs};
use crate::context::Ctx;
use crate::engine::proof::RowAge;
use crate::engine::prune::{PruneRequest, Pruner};
use crate::engine::routing::{route_or_skip, Skipped};
use crate::engine::{
    Action, Callback, Engine, EngineOptions, Target, Verdict, DEFAULT_CONCURRENCY,
};
use crate::error::{Error, ErrorKind, Result};
use crate::layout::{GroupNames, Layout, LayoutArgs};
use crate::output::{kv_table, Outcome, Output, Report};
use crate::records::{self, Fields, Item, ReadOptions, Source};
use crate::time::{now_millis, parse_duration};

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Parallel scan segments [default: from the table's size]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=1_000_000))]
    pub segments: Option<i32>,
    /// Rows connected longer ago than this are deleted without probing: API Gateway closes every
    /// connection after 2 h, the default adds a 15 min margin (`off` to always probe)
    #[arg(long, value_name = "DUR|off", default_value = "2h15m")]
    pub max_age: String,
    /// Also delete rows whose TTL has passed, without probing
    #[arg(long)]
    pub expired: bool,
    /// Report live connections idle longer than DUR (lastActiveAt)
    #[arg(long, value_name = "DUR", value_parser = crate::time::duration_arg)]
    pub idle_over: Option<Duration>,
    /// Disconnect (DeleteConnection) the live connections idle longer than --idle-over
    #[arg(long, requires = "idle_over")]
    pub disconnect_idle: bool,
    /// Show what would be deleted; delete nothing (probes are read-only and still run)
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Keep each segment's position in FILE; a rerun with the same FILE continues from there
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// Work on shard K of N (segments s with s % N == K); `auto` reads AWS Batch / Kubernetes
    /// indexed-job variables
    #[arg(long, value_name = "K/N|auto")]
    pub shard: Option<String>,
    /// N for `--shard auto` with a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K)
    #[arg(long, value_name = "N")]
    pub shard_count: Option<u32>,
    /// Most probes in flight at once: the number in flight adapts below it (grows while throughput
    /// grows, shrinks on throttling or rising round trips) [default: 4096]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub concurrency: Option<u32>,
    /// Ceiling in GetConnection calls per second (adapts down on throttling)
    #[arg(long, value_name = "PER_SEC", value_parser = crate::commands::fanout::rate_arg)]
    pub rate: Option<f64>,
    /// Attempts per probe for retryable errors
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_attempts: u32,
    /// Write the ids whose probe failed (NDJSON)
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
    /// Scan page size in items [default: 1000]
    #[arg(long, value_name = "N")]
    pub page_size: Option<i32>,
    #[command(flatten)]
    pub proof: ProofArgs,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// The least `--max-age`: API Gateway's 2-hour maximum connection duration plus 10 minutes.
const MIN_MAX_AGE: Duration = Duration::from_secs(2 * 3600 + 600);

/// `K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

pub fn parse_shard(spec: &str, shard_count: Option<u32>) -> Result<Shard> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (k, n) = if spec == "auto" {
        if let (Some(k), Some(n)) = (
            env("AWS_BATCH_JOB_ARRAY_INDEX"),
            env("AWS_BATCH_JOB_ARRAY_SIZE"),
        ) {
            (k, n)
        } else if let Some(k) = env("JOB_COMPLETION_INDEX") {
            let n = shard_count.map(|n| n.to_string()).ok_or_else(|| {
                Error::usage("--shard auto with JOB_COMPLETION_INDEX needs --shard-count N (the Job's completions)")
            })?;
            (k, n)
        } else {
            return Err(Error::usage(
                "--shard auto: none of AWS_BATCH_JOB_ARRAY_INDEX/AWS_BATCH_JOB_ARRAY_SIZE or JOB_COMPLETION_INDEX is set",
            ));
        }
    } else {
        let (k, n) = spec.split_once('/').ok_or_else(|| {
            Error::usage(format!(
                "malformed --shard {spec:?}: use K/N, e.g. 0/4, or auto"
            ))
        })?;
        (k.trim().to_string(), n.trim().to_string())
    };
    let index: u32 = k
        .parse()
        .map_err(|_| Error::usage(format!("malformed shard index {k:?} in --shard")))?;
    let count: u32 = n
        .parse()
        .map_err(|_| Error::usage(format!("malformed shard count {n:?} in --shard")))?;
    if count == 0 || index >= count {
        return Err(Error::usage(format!(
            "--shard {index}/{count}: the index must be below the count (shards are 0/{count} to {}/{count})",
            count.saturating_sub(1)
        )));
    }
    Ok(Shard { index, count })
}

/// Checkpoint file: per segment, where to continue (or that it is done), and the run it belongs to.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Checkpoint {
    table: String,
    /// What the run's proofs depend on: a resume with another endpoint, `--other-endpoints` mode or
    /// key schema is refused (its 410s would prove nothing about these rows).
    #[serde(default)]
    run: Option<RunIdentity>,
    total_segments: i32,
    /// segment → last settled key (DynamoDB JSON of the key), absent = not started
    #[serde(default)]
    positions: BTreeMap<i32, BTreeMap<String, KeyValue>>,
    #[serde(default)]
    done: Vec<i32>,
    /// Rows proven stale whose delete failed (DynamoDB unreachable, say): deleted first on a rerun,
    /// since the scan position has already moved past them. A rerun reads each again and deletes it
    /// only if it still qualifies, on the condition that it is unchanged (never unconditionally).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pending_deletes: Vec<BTreeMap<String, KeyValue>>,
    /// Connections whose probe failed (their rows were kept): probed again first on a rerun.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pending_probes: Vec<PendingProbe>,
}

/// The run a checkpoint belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RunIdentity {
    endpoint: String,
    other_endpoints: String,
    partition_key: String,
    sort_key: Option<String>,
}

impl RunIdentity {
    fn of(
        endpoint: &str,
        other_endpoints: crate::settings::OtherEndpoints,
        layout: &Layout,
    ) -> Self {
        RunIdentity {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            other_endpoints: format!("{other_endpoints:?}").to_lowercase(),
            partition_key: layout.pk.clone(),
            sort_key: layout.sk.clone(),
        }
    }

    /// The first difference, as "what: checkpoint's → this run's".
    fn difference(&self, now: &RunIdentity) -> Option<String> {
        let fields = [
            ("endpoint", &self.endpoint, &now.endpoint),
            (
                "--other-endpoints",
                &self.other_endpoints,
                &now.other_endpoints,
            ),
            ("partition key", &self.partition_key, &now.partition_key),
        ];
        for (what, was, is) in fields {
            if was != is {
                return Some(format!("{what} {was} (this run: {is})"));
            }
        }
        (self.sort_key != now.sort_key).then(|| {
            format!(
                "sort key {} (this run: {})",
                self.sort_key.as_deref().unwrap_or("none"),
                now.sort_key.as_deref().unwrap_or("none")
            )
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingProbe {
    id: String,
    rows: Vec<BTreeMap<String, KeyValue>>,
}

/// Connections to probe again: id and the rows read for it.
type ProbeList = Vec<(String, Vec<Item>)>;

/// Work a checkpoint carries besides scan positions (see `Checkpoint`).
#[derive(Default, Clone)]
struct Carried {
    deletes: Vec<Item>,
    probes: ProbeList,
}

impl Carried {
    fn write_into(&self, cp: &mut Checkpoint) {
        cp.pending_deletes = self.deletes.iter().map(key_to_json).collect();
        cp.pending_probes = self
            .probes
            .iter()
            .map(|(id, rows)| PendingProbe {
                id: id.clone(),
                rows: rows.iter().map(key_to_json).collect(),
            })
            .collect();
    }
}

/// Key attribute values in a checkpoint (keys are S, N or B).
#[derive(Debug, Clone, Serialize, Deserialize)]
enum KeyValue {
    S(String),
    N(String),
    B(String),
}

fn key_to_json(k: &Item) -> BTreeMap<String, KeyValue> {
    use base64::Engine as _;
    k.iter()
        .filter_map(|(name, v)| {
            let kv = match v {
                AttributeValue::S(s) => KeyValue::S(s.clone()),
                AttributeValue::N(n) => KeyValue::N(n.clone()),
                AttributeValue::B(b) => {
                    KeyValue::B(base64::engine::general_purpose::STANDARD.encode(b.as_ref()))
                }
                _ => return None,
            };
            Some((name.clone(), kv))
        })
        .collect()
}

fn key_from_json(k: &BTreeMap<String, KeyValue>) -> Item {
    use base64::Engine as _;
    k.iter()
        .map(|(name, v)| {
            let av = match v {
                KeyValue::S(s) => AttributeValue::S(s.clone()),
                KeyValue::N(n) => AttributeValue::N(n.clone()),
                KeyValue::B(b) => AttributeValue::B(aws_sdk_dynamodb::primitives::Blob::new(
                    base64::engine::general_purpose::STANDARD
                        .decode(b)
                        .unwrap_or_default(),
                )),
            };
            (name.clone(), av)
        })
        .collect()
}

fn load_checkpoint(path: &Path, table: &str, run: &RunIdentity) -> Result<Option<Checkpoint>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::usage(format!(
                "cannot read checkpoint {}: {e}",
                path.display()
            )))
        }
    };
    let cp: Checkpoint = serde_json::from_str(&text)
        .map_err(|e| Error::usage(format!("malformed checkpoint {}: {e}", path.display())))?;
    if !cp.table.eq_ignore_ascii_case(table) {
        return Err(Error::usage(format!(
            "checkpoint {} belongs to table {}, not {table}",
            path.display(),
            cp.table
        )));
    }
    match &cp.run {
        Some(was) => {
            if let Some(diff) = was.difference(run) {
                return Err(Error::usage(format!(
                    "checkpoint {} belongs to another run: it was written with {diff}",
                    path.display()
                ))
                .with_hint("resume with the same endpoint and options, or start afresh with another --checkpoint file"));
            }
        }
        None => {
            return Err(Error::usage(format!(
                "checkpoint {} does not say which endpoint it was written for",
                path.display()
            ))
            .with_hint(
                "it was written by an older wsctl: start afresh with another --checkpoint file",
            ));
        }
    }
    Ok(Some(cp))
}

fn save_checkpoint(path: &Path, cp: &Checkpoint) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(cp)?)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| Error::internal(format!("cannot write checkpoint {}: {e}", path.display())))
}

/// Per segment, the pages read but not yet settled, oldest first.
#[derive(Default)]
struct PageTracker {
    /// tag → (segment, outstanding probes, key to resume after this page; None = segment end)
    pages: HashMap<u64, (i32, u64, Option<Item>)>,
    order: HashMap<i32, VecDeque<u64>>,
    positions: HashMap<i32, Item>,
    done: HashSet<i32>,
    next_tag: u64,
}

impl PageTracker {
    fn open(&mut self, segment: i32, outstanding: u64, lek: Option<Item>) -> u64 {
        self.next_tag += 1;
        let tag = self.next_tag;
        self.pages.insert(tag, (segment, outstanding, lek));
        self.order.entry(segment).or_default().push_back(tag);
        self.settle(segment);
        tag
    }

    fn complete_one(&mut self, tag: u64) {
        if let Some(p) = self.pages.get_mut(&tag) {
            p.1 = p.1.saturating_sub(1);
            let seg = p.0;
            self.settle(seg);
        }
    }

    /// Advance the segment's position over every leading page with nothing outstanding.
    fn settle(&mut self, segment: i32) {
        let Some(q) = self.order.get_mut(&segment) else {
            return;
        };
        while let Some(tag) = q.front().copied() {
            match self.pages.get(&tag) {
                Some((_, 0, _)) => {
                    q.pop_front();
                    if let Some((_, _, lek)) = self.pages.remove(&tag) {
                        match lek {
                            Some(k) => {
                                self.positions.insert(segment, k);
                            }
                            None => {
                                self.positions.remove(&segment);
                                self.done.insert(segment);
                            }
                        }
                    }
                }
                _ => break,
            }
        }
    }
}

#[derive(Default)]
struct SweepCounts {
    scanned: AtomicU64,
    malformed: AtomicU64,
    distinct: AtomicU64,
    too_old: AtomicU64,
    expired: AtomicU64,
    idle: AtomicU64,
    /// Rows recorded for another endpoint: neither probed nor deleted on a 410 (see `scope`).
    other_endpoint: Mutex<Skipped>,
    /// Connections probed at the endpoint their row names (`--other-endpoints route`).
    routed: AtomicU64,
}

#[derive(Debug, Serialize)]
pub struct SweepSummary {
    pub table: String,
    pub dry_run: bool,
    pub segments: i32,
    pub shard: Option<String>,
    pub scanned: u64,
    pub distinct_connections: u64,
    pub alive: u64,
    pub gone: u64,
    /// 410s whose rows were kept: connected within `--grace`, or of unknown age and alive at the
    /// second probe (see `engine::proof`).
    pub too_young: u64,
    pub age_unknown: u64,
    pub too_old: u64,
    pub expired: u64,
    /// Rows recorded for another Management API endpoint: kept, not probed (unless too old or
    /// expired).
    pub other_endpoint: u64,
    /// Connections probed at the endpoint their row names (`--other-endpoints route`).
    pub routed: u64,
    /// Rows deleted (or, with --dry-run, that would be deleted without counting rows of gone
    /// connections beyond the ones scanned).
    pub deleted: u64,
    pub delete_failed: u64,
    pub idle: u64,
    pub idle_disconnected: u64,
    pub errors: u64,
    pub malformed: u64,
    pub retries: u64,
    pub throttled: u64,
    /// The pace of each other region (emulator) that routed probes reached.
    pub routed_rates: Vec<crate::engine::rate::RoutedRate>,
    /// The --concurrency ceiling, the most probes in flight at once, and the adaptive limit at the end.
    pub concurrency_limit: u64,
    pub concurrency_reached: u64,
    pub final_concurrency: u64,
    pub seconds: f64,
    pub scan_rate: f64,
    pub probe_rate: f64,
    pub interrupted: bool,
    /// Every segment read, every probe answered, every proven-stale row deleted.
    pub complete: bool,
    pub checkpoint: Option<String>,
    pub failures_file: Option<String>,
    /// The endpoint guard's verdict (see `engine::proof`).
    pub guard: crate::engine::proof::GuardReport,
}

struct SweepReport(SweepSummary);

impl Report for SweepReport {
    fn to_json(&self) -> Value {
        serde_json::to_value(&self.0).unwrap_or(Value::Null)
    }
    fn to_human(&self, _out: &Output) -> String {
        let s = &self.0;
        let rows = summary_rows(s);
        let head = if s.dry_run {
            "sweep dry run: nothing was deleted"
        } else {
            "sweep summary"
        };
        let mut text = format!("{head}\n{}\n", kv_table(&rows));
        if !s.complete {
            if let Some(c) = &s.checkpoint {
                text.push_str(&format!(
                    "the sweep did not finish: rerun with --checkpoint {c} to continue\n"
                ));
            }
        }
        text
    }
    fn human_on_stderr(&self) -> bool {
        true
    }
}

/// The summary's lines, as people read them: what was found, what was done, then the run.
fn summary_rows(s: &SweepSummary) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("table", s.table.clone()),
        ("scanned rows", s.scanned.to_string()),
        (
            "distinct connections probed",
            s.distinct_connections.to_string(),
        ),
        ("alive (kept)", s.alive.to_string()),
        ("gone (410)", s.gone.to_string()),
        (
            "gone but younger than the grace (kept)",
            s.too_young.to_string(),
        ),
        ("too old (no probe)", s.too_old.to_string()),
        ("TTL passed (no probe)", s.expired.to_string()),
        ("other endpoints (kept)", s.other_endpoint.to_string()),
        ("probed at their own endpoint", s.routed.to_string()),
        (
            if s.dry_run {
                "rows that would be deleted"
            } else {
                "rows deleted"
            },
            s.deleted.to_string(),
        ),
        ("probe errors (kept)", s.errors.to_string()),
    ];
    if s.idle > 0 || s.idle_disconnected > 0 {
        rows.push(("idle (alive)", s.idle.to_string()));
        rows.push(("idle disconnected", s.idle_disconnected.to_string()));
    }
    if s.delete_failed > 0 {
        rows.push(("deletes failed", s.delete_failed.to_string()));
    }
    if s.malformed > 0 {
        rows.push(("malformed rows (kept)", s.malformed.to_string()));
    }
    if s.age_unknown > 0 {
        rows.push(("gone, age unknown (kept)", s.age_unknown.to_string()));
    }
    rows.push(("endpoint guard", s.guard.describe()));
    if !s.routed_rates.is_empty() {
        rows.push((
            "paces of other regions",
            crate::engine::rate::RoutedRate::describe_all(&s.routed_rates),
        ));
    }
    rows.push((
        "segments",
        format!(
            "{}{}",
            s.segments,
            s.shard
                .as_ref()
                .map(|x| format!(" (shard {x})"))
                .unwrap_or_default()
        ),
    ));
    rows.push(("seconds", format!("{:.2}", s.seconds)));
    rows.push((
        "concurrency",
        format!(
            "{} reached, {} at the end (ceiling {})",
            s.concurrency_reached, s.final_concurrency, s.concurrency_limit
        ),
    ));
    rows.push((
        "rates",
        format!(
            "{:.0} rows/s scanned, {:.0} probes/s",
            s.scan_rate, s.probe_rate
        ),
    ));
    rows
}

/// A sweep, step by step: check the arguments, settle the plan (layout, segments, checkpoint),
/// confirm, run the feeder, the ticker and the engine together, then save the checkpoint and sum up.
pub async fn run(ctx: &Ctx, args: SweepArgs) -> Result<Outcome> {
    let checked = check_arguments(&args)?;
    let clients = ctx.clients().await?;
    let mgmt = clients.management()?.clone();
    // Its handshakes go on while the table is described and counted, so the first probe waits one
    // round trip, not three.
    mgmt.open_ahead();
    let plan = Plan::settle(ctx, clients, args, checked).await?;
    let scope = ctx.scope(clients);
    let concurrency =
        crate::engine::concurrency::fit_ceiling(plan.args.concurrency, DEFAULT_CONCURRENCY)?;
    if !plan.args.dry_run {
        ctx.out.confirm(&plan.describe(), plan.args.yes)?;
    }

    let started = Instant::now();
    let prune = !plan.args.dry_run;
    let (pruner, prune_task) = plan.start_pruner(clients, scope.clone());
    let prune_stats = pruner.as_ref().map(|p| p.stats.clone());
    let engine = Engine::new(
        mgmt,
        pruner.clone(),
        engine_options(&plan.args, concurrency, prune),
    );
    let state = RunState::new(&plan.carried);

    let (targets_tx, targets_rx) = mpsc::channel::<Target>(1024);
    let feeder = plan.spawn_feeder(ctx, clients, &state, pruner.clone(), scope, targets_tx);

    // What a checkpoint must carry besides positions; shared by the periodic and the final save.
    let pending = Arc::new(PendingWork {
        carried: plan.carried.clone(),
        carried_open: state.carried_open.clone(),
        failed_probes: state.failed_probes.clone(),
        prune_stats: prune_stats.clone(),
    });
    let expected =
        crate::output::rows_expected(plan.layout.approx_items, plan.shard.map(|s| s.count));
    let progress_bar = ctx.out.progress_bar(expected, "sweep", "rows scanned");
    let ticker = plan.spawn_ticker(
        progress_bar.clone(),
        &state,
        engine.progress(),
        pending.clone(),
    );

    let (summary, abort) = engine
        .run(plan.action(), targets_rx, Some(state.on_verdict(&plan)))
        .await;
    ticker.abort();
    progress_bar.finish_and_clear();
    let read_error = match feeder.await {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e),
        Err(e) => Some(Error::internal(format!("scan task failed: {e}"))),
    };
    drop(engine);
    drop(pruner);
    if let Some(t) = prune_task {
        t.finish().await;
    }

    let (ending, checkpoint) = plan.ending(
        &state,
        summary,
        prune_stats,
        started,
        abort.is_none() && read_error.is_none(),
    );
    plan.save_final_checkpoint(checkpoint, &pending)?;
    warn_about_other_endpoints(
        ctx,
        clients.management_endpoint(),
        &state,
        plan.args.dry_run,
    );
    let interrupted = ending.interrupted;
    let out = plan.summary(&state, &ending);
    let failure = verdict_failure(&plan.args, interrupted, abort.or(read_error), &out);
    Ok(Outcome::report(SweepReport(out)).with_failure(failure))
}

/// The arguments checked before anything is read.
struct Checked {
    max_age: Option<Duration>,
    shard: Option<Shard>,
}

/// `--max-age` (never below API Gateway's maximum connection duration plus a margin) and `--shard`.
fn check_arguments(args: &SweepArgs) -> Result<Checked> {
    let max_age = match args.max_age.trim() {
        "off" | "none" => None,
        other => Some(parse_duration(other)?),
    };
    if let Some(d) = max_age {
        // Below API Gateway's maximum connection duration (plus the writer's clock skew and the
        // `$connect` integration's time) a live connection's row could match.
        if d < MIN_MAX_AGE {
            return Err(Error::usage(format!(
                "--max-age {} is below API Gateway's 2-hour maximum connection duration plus a 10-minute margin: rows of live connections could be deleted",
                humantime::format_duration(d)
            ))
            .with_hint("use at least 2h10m (default 2h15m), or --max-age off to probe every row"));
        }
    }
    let shard = args
        .shard
        .as_deref()
        .map(|s| parse_shard(s, args.shard_count))
        .transpose()?;
    Ok(Checked { max_age, shard })
}

/// `--expired` needs TTL enabled on the table: otherwise the attribute's values prove nothing.
fn check_ttl_is_proof(args: &SweepArgs, layout: &Layout) -> Result<()> {
    if args.expired && !layout.ttl_enabled {
        return Err(Error::usage(format!(
            "--expired: TTL is not enabled on attribute {} of table {} (DescribeTimeToLive), so its values prove nothing",
            layout.ttl_attr, layout.table
        ))
        .with_hint("enable TTL on that attribute (`wsctl provision table`), or name the TTL attribute in the fleet's layout; without --expired the rows are probed"));
    }
    Ok(())
}

/// The segment count: `--segments` or one from the table's size, rounded up to a multiple of the
/// shard count (every worker must use the same count, and each needs at least one segment).
fn segment_count(args: &SweepArgs, layout: &Layout, shard: Option<Shard>) -> i32 {
    let total = args.segments.unwrap_or_else(|| default_segments(layout));
    match shard {
        Some(s) => {
            let n = s.count as i32;
            ((total.max(n) + n - 1) / n) * n
        }
        None => total,
    }
}

/// The segments of one shard (s % N == K); None: all of them.
fn shard_segments(total: i32, shard: Option<Shard>) -> Option<Vec<i32>> {
    shard.map(|s| {
        (0..total)
            .filter(|seg| *seg as u32 % s.count == s.index)
            .collect()
    })
}

/// Where a checkpoint says to continue: settled segments, positions, and the work it carries.
#[derive(Default)]
struct Resume {
    done_segments: Vec<i32>,
    positions: HashMap<i32, Item>,
    carried: Carried,
}

/// Reads `--checkpoint` if the file exists. Its segment count replaces `total` unless `--segments`
/// asks for another one, which is refused (the positions would belong to other segments).
fn resume_from_checkpoint(
    ctx: &Ctx,
    args: &SweepArgs,
    table: &str,
    run_identity: &RunIdentity,
    total: &mut i32,
) -> Result<Resume> {
    let Some(path) = &args.checkpoint else {
        return Ok(Resume::default());
    };
    let Some(checkpoint) = load_checkpoint(path, table, run_identity)? else {
        return Ok(Resume::default());
    };
    if checkpoint.total_segments != *total {
        if args.segments.is_some() {
            return Err(Error::usage(format!(
                "checkpoint {} was written with {} segments, not {total}",
                path.display(),
                checkpoint.total_segments
            )));
        }
        *total = checkpoint.total_segments;
    }
    let resume = Resume {
        carried: Carried {
            deletes: checkpoint
                .pending_deletes
                .iter()
                .map(key_from_json)
                .collect(),
            probes: checkpoint
                .pending_probes
                .iter()
                .map(|p| (p.id.clone(), p.rows.iter().map(key_from_json).collect()))
                .collect(),
        },
        done_segments: checkpoint.done.clone(),
        positions: checkpoint
            .positions
            .iter()
            .map(|(s, k)| (*s, key_from_json(k)))
            .collect(),
    };
    ctx.out.info(format!(
        "resuming from checkpoint {}: {} segment(s) done, {} in progress, {} delete(s) and {} probe(s) to retry",
        path.display(),
        checkpoint.done.len(),
        checkpoint.positions.len(),
        resume.carried.deletes.len(),
        resume.carried.probes.len()
    ));
    Ok(resume)
}

/// What the sweep was asked to do, settled: checked arguments, layout, segments and checkpoint.
struct Plan {
    args: SweepArgs,
    layout: Layout,
    max_age: Option<Duration>,
    shard: Option<Shard>,
    total: i32,
    opts: ReadOptions,
    carried: Carried,
    run_identity: RunIdentity,
}

impl Plan {
    async fn settle(
        ctx: &Ctx,
        clients: &crate::aws::Clients,
        args: SweepArgs,
        checked: Checked,
    ) -> Result<Plan> {
        let layout = Layout::discover(
            clients.dynamodb(),
            &ctx.table(),
            &args.layout,
            &ctx.fleet_layout(),
            GroupNames::Unused,
        )
        .await?;
        check_ttl_is_proof(&args, &layout)?;
        let run_identity = RunIdentity::of(
            clients.management_endpoint().unwrap_or_default(),
            ctx.other_endpoints(),
            &layout,
        );
        let mut total = segment_count(&args, &layout, checked.shard);
        let resume = resume_from_checkpoint(ctx, &args, &layout.table, &run_identity, &mut total)?;
        let opts = ReadOptions {
            segments: total,
            only_segments: shard_segments(total, checked.shard),
            resume: resume.positions,
            done_segments: resume.done_segments,
            page_size: Some(args.page_size.unwrap_or(records::DEFAULT_PAGE_SIZE)),
            buffer_pages: 4,
            fields: Fields::Targeting,
            ..Default::default()
        };
        Ok(Plan {
            args,
            layout,
            max_age: checked.max_age,
            shard: checked.shard,
            total,
            opts,
            carried: resume.carried,
            run_identity,
        })
    }

    fn start_pruner(
        &self,
        clients: &crate::aws::Clients,
        scope: Option<Arc<crate::ownership::EndpointScope>>,
    ) -> (Option<Pruner>, Option<crate::engine::prune::PrunerTask>) {
        if self.args.dry_run {
            return (None, None);
        }
        let (p, t) = Pruner::start(
            clients.dynamodb().clone(),
            self.layout.clone(),
            scope,
            self.args.proof.grace,
        );
        (Some(p), Some(t))
    }

    /// The feeder on its own task, reading the scan's pages.
    fn spawn_feeder(
        &self,
        ctx: &Ctx,
        clients: &crate::aws::Clients,
        state: &RunState,
        pruner: Option<Pruner>,
        scope: Option<Arc<crate::ownership::EndpointScope>>,
        targets: mpsc::Sender<Target>,
    ) -> tokio::task::JoinHandle<Result<()>> {
        let feeder = Feeder {
            state: state.clone(),
            pruner,
            max_age: self.max_age,
            expired: self.args.expired,
            dedup: self.layout.sk.is_some(),
            scope,
            router: ctx.router(clients),
            carried_ids: HashSet::new(),
            repeats: records::ScanDedup::default(),
        };
        let pages = records::stream(
            clients.dynamodb().clone(),
            self.layout.clone(),
            Source::All,
            self.opts.clone(),
        );
        tokio::spawn(feeder.run(self.carried.clone(), pages, targets))
    }

    fn spawn_ticker(
        &self,
        progress_bar: indicatif::ProgressBar,
        state: &RunState,
        progress: crate::engine::Progress,
        pending: Arc<PendingWork>,
    ) -> tokio::task::JoinHandle<()> {
        Ticker {
            progress_bar,
            state: state.clone(),
            progress,
            // A dry run deletes nothing, so it must not move a checkpoint either.
            checkpoint: (!self.args.dry_run)
                .then(|| self.args.checkpoint.clone())
                .flatten(),
            pending,
            plan_table: self.layout.table.clone(),
            total: self.total,
            run_identity: self.run_identity.clone(),
        }
        .spawn()
    }

    /// Probe; with `--disconnect-idle` (and not a dry run), disconnect the idle.
    fn action(&self) -> Action {
        Action::Probe {
            disconnect_idle_over: if self.args.disconnect_idle && !self.args.dry_run {
                self.args.idle_over
            } else {
                None
            },
        }
    }

    /// How the run ended, and this run's checkpoint. `ran_through`: neither aborted nor stopped by a
    /// read error.
    fn ending(
        &self,
        state: &RunState,
        engine: crate::engine::Summary,
        prune_stats: Option<Arc<crate::engine::prune::PruneStats>>,
        started: Instant,
        ran_through: bool,
    ) -> (Ending, Checkpoint) {
        let (deleted, delete_failed) = match &prune_stats {
            Some(s) => (
                s.deleted.load(Ordering::Relaxed),
                s.failed.load(Ordering::Relaxed),
            ),
            None => (state.would_delete.load(Ordering::Relaxed), 0),
        };
        let interrupted = engine.interrupted || crate::signal::is_interrupted();
        let checkpoint = snapshot(
            &state.tracker,
            &self.layout.table,
            self.total,
            &self.run_identity,
        );
        // Complete: every segment read, every probe answered and every proven-stale row deleted.
        let complete = self.all_segments_done(&checkpoint)
            && ran_through
            && !interrupted
            && engine.failed == 0
            && delete_failed == 0;
        let ending = Ending {
            engine,
            prune_stats,
            deleted,
            delete_failed,
            seconds: started.elapsed().as_secs_f64(),
            interrupted,
            complete,
        };
        (ending, checkpoint)
    }

    /// What the sweep will delete, for the confirmation prompt.
    fn describe(&self) -> String {
        let mut plan = format!(
            "sweep table {} (about {} rows, {} segments{}): delete rows of connections that answer 410 Gone",
            self.layout.table,
            crate::output::thousands(self.layout.approx_items.max(0) as u64),
            self.total,
            self.shard
                .map(|s| format!(", shard {}/{}", s.index, s.count))
                .unwrap_or_default()
        );
        if let Some(d) = self.max_age {
            plan.push_str(&format!(
                ", rows older than {}",
                humantime::format_duration(d)
            ));
        }
        if self.args.expired {
            plan.push_str(", rows whose TTL has passed");
        }
        if self.args.disconnect_idle {
            if let Some(d) = self.args.idle_over {
                plan.push_str(&format!(
                    ", and disconnect connections idle over {}",
                    humantime::format_duration(d)
                ));
            }
        }
        plan
    }

    /// Every segment of this worker read to its end, in this run or an earlier one.
    fn all_segments_done(&self, checkpoint: &Checkpoint) -> bool {
        let expected: Vec<i32> = self
            .opts
            .only_segments
            .clone()
            .unwrap_or_else(|| (0..self.total).collect());
        expected
            .iter()
            .all(|s| checkpoint.done.contains(s) || self.opts.done_segments.contains(s))
    }

    /// The checkpoint at the end of a run (none for a dry run): this run's positions, the segments
    /// done before, and what is left to retry.
    fn save_final_checkpoint(
        &self,
        mut checkpoint: Checkpoint,
        pending: &PendingWork,
    ) -> Result<()> {
        let Some(path) = &self.args.checkpoint else {
            return Ok(());
        };
        if self.args.dry_run {
            return Ok(());
        }
        pending.now(false).write_into(&mut checkpoint);
        checkpoint
            .done
            .extend(self.opts.done_segments.iter().copied());
        checkpoint.done.sort_unstable();
        checkpoint.done.dedup();
        // Keep positions of segments we did not touch this run (another shard's are not ours).
        for (s, k) in &self.opts.resume {
            if !checkpoint.done.contains(s) && !checkpoint.positions.contains_key(s) {
                checkpoint.positions.insert(*s, key_to_json(k));
            }
        }
        save_checkpoint(path, &checkpoint)
    }

    /// The summary report, from the counts of the feeder, the engine and the pruner.
    fn summary(&self, state: &RunState, ending: &Ending) -> SweepSummary {
        let counts = &state.counts;
        let summary = &ending.engine;
        let pruned = |f: fn(&crate::engine::prune::PruneStats) -> &AtomicU64| {
            ending
                .prune_stats
                .as_ref()
                .map_or(0, |s| f(s).load(Ordering::Relaxed))
        };
        let seconds = ending.seconds;
        let per_second = |n: u64| {
            if seconds > 0.0 {
                n as f64 / seconds
            } else {
                0.0
            }
        };
        let scanned = counts.scanned.load(Ordering::Relaxed);
        let distinct = counts.distinct.load(Ordering::Relaxed);
        SweepSummary {
            table: self.layout.table.clone(),
            dry_run: self.args.dry_run,
            segments: self.total,
            shard: self.shard.map(|s| format!("{}/{}", s.index, s.count)),
            scanned,
            distinct_connections: distinct,
            alive: summary.alive,
            gone: summary.gone,
            too_young: summary.too_young + pruned(|s| &s.too_young),
            age_unknown: summary.age_unknown + pruned(|s| &s.age_unknown),
            too_old: counts.too_old.load(Ordering::Relaxed),
            expired: counts.expired.load(Ordering::Relaxed),
            other_endpoint: counts.other_endpoint.lock().map(|k| k.rows).unwrap_or(0)
                + pruned(|s| &s.other_endpoint),
            routed: counts.routed.load(Ordering::Relaxed),
            deleted: ending.deleted,
            delete_failed: ending.delete_failed,
            idle: counts.idle.load(Ordering::Relaxed),
            idle_disconnected: summary.idle_disconnected,
            errors: summary.failed,
            malformed: counts.malformed.load(Ordering::Relaxed),
            retries: summary.retries,
            throttled: summary.throttled,
            routed_rates: summary.routed_rates.clone(),
            concurrency_limit: summary.concurrency_limit,
            concurrency_reached: summary.concurrency_reached,
            final_concurrency: summary.final_concurrency,
            seconds,
            scan_rate: per_second(scanned),
            probe_rate: per_second(distinct),
            interrupted: ending.interrupted,
            complete: ending.complete,
            checkpoint: self
                .args
                .checkpoint
                .as_ref()
                .map(|p| p.display().to_string()),
            failures_file: self.args.failures.as_ref().map(|p| p.display().to_string()),
            guard: summary.guard.clone(),
        }
    }
}

fn engine_options(args: &SweepArgs, concurrency: usize, prune: bool) -> EngineOptions {
    EngineOptions {
        concurrency,
        rate_limit: args.rate,
        max_attempts: args.max_attempts,
        prune,
        failures_file: args.failures.clone(),
        dedup: false,
        grace: args.proof.grace,
        guard: !args.proof.allow_all_gone,
        recheck_unknown_age: true,
        dry_run: args.dry_run,
    }
}

/// How the run ended, for the summary.
struct Ending {
    engine: crate::engine::Summary,
    prune_stats: Option<Arc<crate::engine::prune::PruneStats>>,
    deleted: u64,
    delete_failed: u64,
    seconds: f64,
    interrupted: bool,
    complete: bool,
}

/// What the verdict callback, the feeder, the ticker and the summary share.
#[derive(Clone)]
struct RunState {
    counts: Arc<SweepCounts>,
    tracker: Arc<Mutex<PageTracker>>,
    /// Rows a dry run would delete.
    would_delete: Arc<AtomicU64>,
    /// Probes that failed this run, and carried probes not yet answered: both go to the checkpoint.
    failed_probes: Arc<Mutex<ProbeList>>,
    carried_open: Arc<Mutex<HashSet<String>>>,
}

impl RunState {
    fn new(carried: &Carried) -> Self {
        RunState {
            counts: Arc::default(),
            tracker: Arc::default(),
            would_delete: Arc::default(),
            failed_probes: Arc::default(),
            carried_open: Arc::new(Mutex::new(
                carried.probes.iter().map(|(id, _)| id.clone()).collect(),
            )),
        }
    }

    /// The engine's callback: verdicts settle pages (for the checkpoint) and count idle connections.
    fn on_verdict(&self, plan: &Plan) -> Callback {
        let state = self.clone();
        let idle_over = plan.args.idle_over;
        let dry_run = plan.args.dry_run;
        Arc::new(move |target: &Target, verdict: &Verdict| {
            state.settle(target, verdict, idle_over, dry_run)
        })
    }

    fn settle(
        &self,
        target: &Target,
        verdict: &Verdict,
        idle_over: Option<Duration>,
        dry_run: bool,
    ) {
        if target.tag == CARRIED_TAG {
            if let Ok(mut open) = self.carried_open.lock() {
                open.remove(&target.id);
            }
        }
        match verdict {
            Verdict::Failed { .. } => {
                if let Ok(mut failed) = self.failed_probes.lock() {
                    failed.push((target.id.clone(), target.rows.clone()));
                }
            }
            Verdict::Alive(info) => {
                if let (Some(limit), Some(idle)) = (idle_over, info.idle_secs) {
                    if idle > limit.as_secs() {
                        self.counts.idle.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            Verdict::IdleDisconnected(_) => {
                self.counts.idle.fetch_add(1, Ordering::Relaxed);
            }
            Verdict::Gone if dry_run => {
                self.would_delete
                    .fetch_add(target.rows.len().max(1) as u64, Ordering::Relaxed);
            }
            _ => {}
        }
        if let Ok(mut tracker) = self.tracker.lock() {
            tracker.complete_one(target.tag);
        }
    }
}

/// Scan pages → direct deletes (too old / expired) and probe targets, after what an earlier run
/// left unfinished.
struct Feeder {
    state: RunState,
    pruner: Option<Pruner>,
    max_age: Option<Duration>,
    expired: bool,
    /// With a sort key a connection may have several rows: probe it once.
    dedup: bool,
    scope: Option<Arc<crate::ownership::EndpointScope>>,
    router: Option<Arc<crate::engine::routing::Router>>,
    /// Ids an earlier run left in flight (a checkpoint's handful), and the Scan's own repeats.
    carried_ids: HashSet<String>,
    repeats: records::ScanDedup,
}

/// The engine stopped taking targets.
struct Stopped;

impl Feeder {
    async fn run(
        mut self,
        carried: Carried,
        mut pages: mpsc::Receiver<Result<records::Page>>,
        targets: mpsc::Sender<Target>,
    ) -> Result<()> {
        if self.send_carried(carried, &targets).await.is_err() {
            return Ok(());
        }
        let now = now_millis();
        while let Some(page) = pages.recv().await {
            if self.feed_page(page?, now, &targets).await.is_err() {
                return Ok(());
            }
        }
        Ok(())
    }

    /// What an earlier run left unfinished goes first.
    async fn send_carried(
        &mut self,
        carried: Carried,
        targets: &mpsc::Sender<Target>,
    ) -> std::result::Result<(), Stopped> {
        if !carried.deletes.is_empty() {
            let rows = carried.deletes.len() as u64;
            self.delete_or_count(rows, PruneRequest::ReadFirst(carried.deletes))
                .await;
        }
        for (id, _rows) in carried.probes {
            self.state.counts.distinct.fetch_add(1, Ordering::Relaxed);
            self.carried_ids.insert(id.clone());
            // A checkpoint keeps keys, not rows: the pruner reads them again, so that their
            // endpoint and their age (see `engine::proof`) decide as they would have.
            let target = Target {
                tag: CARRIED_TAG,
                ..Target::id(id)
            };
            targets.send(target).await.map_err(|_| Stopped)?;
        }
        Ok(())
    }

    /// Rows proven stale without a probe: deleted, or counted by a dry run.
    async fn delete_or_count(&self, rows: u64, request: PruneRequest) {
        match &self.pruner {
            Some(p) => p.send(request).await,
            None => {
                self.state.would_delete.fetch_add(rows, Ordering::Relaxed);
            }
        }
    }

    /// One page: its stale rows deleted, its probe targets sent under the page's tag.
    async fn feed_page(
        &mut self,
        page: records::Page,
        now: u64,
        targets: &mpsc::Sender<Target>,
    ) -> std::result::Result<(), Stopped> {
        let counts = &self.state.counts;
        counts.scanned.fetch_add(
            page.records.len() as u64 + page.malformed,
            Ordering::Relaxed,
        );
        counts
            .malformed
            .fetch_add(page.malformed, Ordering::Relaxed);
        let segment = page.segment;
        let resume_after = page.last_evaluated_key;
        let (direct, probes) = self.sort_rows(page.records, segment, now);
        if !direct.is_empty() {
            self.delete_or_count(direct.len() as u64, PruneRequest::Rows(direct))
                .await;
        }
        let counts = &self.state.counts;
        counts
            .distinct
            .fetch_add(probes.len() as u64, Ordering::Relaxed);
        let tag = self
            .state
            .tracker
            .lock()
            .map(|mut t| t.open(segment.unwrap_or(0), probes.len() as u64, resume_after))
            .unwrap_or(0);
        for mut target in probes {
            target.tag = tag;
            targets.send(target).await.map_err(|_| Stopped)?;
        }
        Ok(())
    }

    /// Each row is stale by TTL or age (deleted without a probe), left alone (another endpoint's,
    /// or a connection already probed), or a probe target.
    fn sort_rows(
        &mut self,
        rows: Vec<records::ConnRecord>,
        segment: Option<i32>,
        now: u64,
    ) -> (Vec<Item>, Vec<Target>) {
        let counts = &self.state.counts;
        let mut direct: Vec<Item> = Vec::new();
        let mut probes: Vec<Target> = Vec::new();
        for r in rows {
            if self.expired && r.expired(now / 1000) {
                counts.expired.fetch_add(1, Ordering::Relaxed);
                direct.push(r.key);
                continue;
            }
            if let (Some(limit), Some(age)) = (self.max_age, r.age(now)) {
                if age > limit {
                    counts.too_old.fetch_add(1, Ordering::Relaxed);
                    direct.push(r.key);
                    continue;
                }
            }
            // After the age and TTL checks: those prove a row stale whatever its API.
            let Ok(via) = route_or_skip(
                self.router.as_deref(),
                self.scope.as_deref(),
                &r,
                &counts.other_endpoint,
            ) else {
                continue;
            };
            if self.dedup
                && (self.repeats.repeat(segment, &r.connection_id)
                    || self.carried_ids.contains(&r.connection_id))
            {
                continue;
            }
            if via.is_some() {
                counts.routed.fetch_add(1, Ordering::Relaxed);
            }
            probes.push(Target {
                id: r.connection_id,
                rows: vec![r.key],
                via,
                record: None,
                tag: 0,
                payload: None,
                age: RowAge::from_millis(r.connected_at_ms),
            });
        }
        (direct, probes)
    }
}

/// Progress every 200 ms, and a checkpoint saved every second.
struct Ticker {
    progress_bar: indicatif::ProgressBar,
    state: RunState,
    progress: crate::engine::Progress,
    /// None for a dry run.
    checkpoint: Option<PathBuf>,
    pending: Arc<PendingWork>,
    plan_table: String,
    total: i32,
    run_identity: RunIdentity,
}

impl Ticker {
    fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut last_save = Instant::now();
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                self.show_progress();
                if last_save.elapsed() >= Duration::from_secs(1) {
                    self.save_checkpoint();
                    last_save = Instant::now();
                }
            }
        })
    }

    fn show_progress(&self) {
        let counts = &self.state.counts;
        self.progress_bar
            .set_position(counts.scanned.load(Ordering::Relaxed));
        self.progress_bar.set_message(format!(
            "probed {} too-old {} {}",
            self.progress.done(),
            counts.too_old.load(Ordering::Relaxed),
            self.progress.message()
        ));
    }

    fn save_checkpoint(&self) {
        let Some(path) = &self.checkpoint else {
            return;
        };
        let mut checkpoint = snapshot(
            &self.state.tracker,
            &self.plan_table,
            self.total,
            &self.run_identity,
        );
        // Carried deletes may still be queued: keep them until the run ends.
        self.pending.now(true).write_into(&mut checkpoint);
        let _ = save_checkpoint(path, &checkpoint);
    }
}

/// Rows recorded for another endpoint were kept: say so once, with the endpoint.
fn warn_about_other_endpoints(ctx: &Ctx, endpoint: Option<&str>, state: &RunState, dry_run: bool) {
    if let Ok(skipped) = state.counts.other_endpoint.lock() {
        let what = if dry_run {
            "would be kept"
        } else {
            "were kept"
        };
        if let Some(w) = skipped.warning(endpoint.unwrap_or("-"), what) {
            ctx.out.warn(w);
        }
    }
}

/// The run's exit: interrupted, aborted (the guard, a read error), some probes or deletes failed,
/// or none.
fn verdict_failure(
    args: &SweepArgs,
    interrupted: bool,
    abort: Option<Error>,
    out: &SweepSummary,
) -> Option<Error> {
    if interrupted {
        return Some(Error::new(ErrorKind::Interrupted, "sweep interrupted: nothing was deleted without proof; rerun with the same --checkpoint to continue"));
    }
    if abort.is_some() {
        return abort;
    }
    if out.errors == 0 && out.delete_failed == 0 {
        return None;
    }
    let what = [
        (out.errors > 0).then(|| format!("{} probe(s) failed (those rows were kept)", out.errors)),
        (out.delete_failed > 0).then(|| {
            format!(
                "{} delete(s) of stale rows failed (those rows are still in the table)",
                out.delete_failed
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ");
    Some(
        Error::new(ErrorKind::PartialFailure, what).with_hint(if args.checkpoint.is_some() {
            "rerun the sweep with the same --checkpoint: it retries those first"
        } else {
            "rerun the sweep (--checkpoint FILE lets a rerun retry just those), or see --failures"
        }),
    )
}

/// Tag of the targets a checkpoint carried over (page tags start at 1).
const CARRIED_TAG: u64 = 0;

/// What is unfinished besides scan positions, for a checkpoint.
struct PendingWork {
    carried: Carried,
    carried_open: Arc<Mutex<HashSet<String>>>,
    failed_probes: Arc<Mutex<ProbeList>>,
    prune_stats: Option<Arc<crate::engine::prune::PruneStats>>,
}

impl PendingWork {
    /// `mid_run`: the carried deletes may not have been written yet, so they stay listed. At the end
    /// of a run they were: those that failed again are among the failed rows.
    fn now(&self, mid_run: bool) -> Carried {
        let mut deletes = if mid_run {
            self.carried.deletes.clone()
        } else {
            Vec::new()
        };
        if let Some(stats) = &self.prune_stats {
            if let Ok(rows) = stats.failed_rows.lock() {
                deletes.extend(rows.iter().cloned());
            }
        }
        let open = self
            .carried_open
            .lock()
            .map(|o| o.clone())
            .unwrap_or_default();
        let mut probes: Vec<(String, Vec<Item>)> = self
            .carried
            .probes
            .iter()
            .filter(|(id, _)| open.contains(id))
            .cloned()
            .collect();
        if let Ok(f) = self.failed_probes.lock() {
            probes.extend(f.iter().cloned());
        }
        Carried { deletes, probes }
    }
}

fn snapshot(
    tracker: &Arc<Mutex<PageTracker>>,
    table: &str,
    total: i32,
    run: &RunIdentity,
) -> Checkpoint {
    let t = tracker.lock().unwrap_or_else(|e| e.into_inner());
    let mut done: Vec<i32> = t.done.iter().copied().collect();
    done.sort_unstable();
    Checkpoint {
        table: table.to_string(),
        run: Some(run.clone()),
        total_segments: total,
        positions: t
            .positions
            .iter()
            .map(|(s, k)| (*s, key_to_json(k)))
            .collect(),
        done,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards() {
        assert_eq!(
            parse_shard("1/4", None).unwrap(),
            Shard { index: 1, count: 4 }
        );
        let e = parse_shard("3/2", None).unwrap_err();
        assert!(e.message.contains("below the count"), "{}", e.message);
        assert!(parse_shard("x/2", None).is_err());
        assert!(parse_shard("2", None).is_err());
        assert!(parse_shard("0/0", None).is_err());
    }

    #[test]
    fn tracker_settles_in_order() {
        let mut t = PageTracker::default();
        let k = |s: &str| {
            let mut m = Item::new();
            m.insert("connectionId".into(), AttributeValue::S(s.into()));
            m
        };
        let a = t.open(0, 2, Some(k("a")));
        let b = t.open(0, 1, Some(k("b")));
        t.complete_one(b);
        assert!(
            !t.positions.contains_key(&0),
            "page b settled before page a"
        );
        t.complete_one(a);
        assert!(!t.positions.contains_key(&0));
        t.complete_one(a);
        assert_eq!(t.positions.get(&0), Some(&k("b")));
        let _c = t.open(0, 0, None);
        assert!(t.done.contains(&0));
        assert!(!t.positions.contains_key(&0));
    }

    #[test]
    fn checkpoint_keys_round_trip() {
        let mut m = Item::new();
        m.insert("connectionId".into(), AttributeValue::S("abc=".into()));
        m.insert("roomId".into(), AttributeValue::N("12".into()));
        assert_eq!(key_from_json(&key_to_json(&m)), m);
    }
}
