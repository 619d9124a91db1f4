//! The one delivery engine behind push, broadcast, disconnect, inspect/list --probe and sweep.
//!
//! Targets stream in through a bounded channel (from DynamoDB pages or an id list) and are
//! de-duplicated; each then waits for a slot of the adaptive [`concurrency::Limiter`] (which grows the
//! calls in flight until throughput stops growing, and shrinks them on 429s or rising round trips;
//! `--concurrency` is its ceiling) and runs in a task of its own with a kept-alive connection taken
//! from a pool ([`crate::aws::connections::Session`]; one per endpoint when targets are routed to the
//! endpoints their rows name, [`Route`]), paced by the adaptive [`rate::RateController`] of their
//! throttle scope (the run's own endpoint, or another region: [`rate::Paces`]). In-flight work is
//! bounded: a target's task exists only once it has a slot, and those waiting out a retry are capped.
//! A 429 from account-wide throttling queues the target for the pace's next send slot at once (the
//! pace has been lowered); a slow client's own 429, 5xx, timeouts and connection errors are retried
//! with jittered exponential backoff per connection, without a slot or a connection while they wait;
//! 403 / 413 are not retried. A 410
//! proves the connection is gone: its rows go to the [`prune::Pruner`]. Every target ends in exactly
//! one verdict; failures are counted and written to the `--failures` file, never swallowed.

pub mod concurrency;
pub mod proof;
pub mod prune;
pub mod rate;
pub mod routing;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::aws::connections::{CallError, ConnectionsApi, Payload, Session};
use crate::aws::credentials::Renewal;
use serde::Serialize;
use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::error::{Error, ErrorKind};
use crate::records::Item;
use concurrency::{Answer, Limiter, Permit};
use proof::{Admit, AgeCheck, EndpointGuard, GuardReport, RowAge};
use prune::{PruneRequest, Pruner};
use rate::{Paces, RateController, RoutedRate};

/// What to do to each target.
#[derive(Debug, Clone)]
pub enum Action {
    /// PostToConnection with this payload.
    Post(Payload),
    /// PostToConnection with each target's own payload (`push --messages`).
    PostEach,
    /// DeleteConnection (then prune the rows unless told not to).
    Disconnect,
    /// GetConnection; optionally DeleteConnection when idle longer than the duration.
    Probe {
        disconnect_idle_over: Option<Duration>,
    },
}

/// Another Management API endpoint than the run's own (`--other-endpoints route`): its client, and
/// which rows a 410 from it condemns.
pub struct Route {
    pub api: ConnectionsApi,
    pub scope: Arc<crate::ownership::EndpointScope>,
    /// Where its calls are throttled when that is not where the run's own endpoint's are (another
    /// region, another emulator): such routes get a pace of their own, shared by the scope.
    pub throttle_scope: Option<Arc<str>>,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.api.endpoint())
    }
}

/// One connection to act on, with the rows already seen for it.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: String,
    pub rows: Vec<Item>,
    /// The endpoint to call when it is not the run's own.
    pub via: Option<Arc<Route>>,
    /// The record the target was read from, when the caller wants it back with the verdict.
    pub record: Option<Box<crate::records::ConnRecord>>,
    /// Caller's bookkeeping tag (sweep: which scan page the target came from).
    pub tag: u64,
    /// This target's own payload (with [`Action::PostEach`]).
    pub payload: Option<Payload>,
    /// How old its row is: a 410 deletes only rows older than the grace (see [`proof`]).
    pub age: RowAge,
}

impl Target {
    pub fn id(id: impl Into<String>) -> Self {
        Target {
            id: id.into(),
            rows: Vec::new(),
            via: None,
            record: None,
            tag: 0,
            payload: None,
            age: RowAge::NotRead,
        }
    }
}

/// Live state from GetConnection.
#[derive(Debug, Clone, Serialize, Default)]
pub struct LiveInfo {
    #[serde(rename = "connectedAt")]
    pub connected_at: Option<String>,
    #[serde(rename = "lastActiveAt")]
    pub last_active_at: Option<String>,
    #[serde(rename = "idleSeconds")]
    pub idle_secs: Option<u64>,
    #[serde(rename = "sourceIp")]
    pub source_ip: Option<String>,
    #[serde(rename = "userAgent")]
    pub user_agent: Option<String>,
}

/// How one target ended.
#[derive(Debug, Clone)]
pub enum Verdict {
    Delivered,
    Disconnected,
    Alive(LiveInfo),
    IdleDisconnected(LiveInfo),
    Gone,
    /// 410, but the row is kept: it may belong to a connection whose `$connect` has not returned.
    GoneKept(Kept),
    Failed {
        reason: String,
        attempts: u32,
    },
}

/// Why a row of a connection that answered 410 was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Its `connectedAt` is within the grace.
    TooYoung,
    /// Its `connectedAt` cannot be read (a fan-out leaves it to the sweep, which probes twice).
    AgeUnknown,
    /// The endpoint guard tripped: this run deletes nothing more.
    Guarded,
}

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Delivered => "delivered",
            Verdict::Disconnected => "disconnected",
            Verdict::Alive(_) => "alive",
            Verdict::IdleDisconnected(_) => "idle-disconnected",
            Verdict::Gone => "gone",
            Verdict::GoneKept(_) => "gone-kept",
            Verdict::Failed { .. } => "failed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// The ceiling of calls in flight (the limiter finds the number below it).
    pub concurrency: usize,
    pub rate_limit: Option<f64>,
    pub max_attempts: u32,
    /// Delete the rows of gone (and disconnected) connections.
    pub prune: bool,
    /// Where to write NDJSON of failed ids and reasons.
    pub failures_file: Option<PathBuf>,
    /// De-duplicate ids (needed when a connection may have several rows).
    pub dedup: bool,
    /// A 410 deletes only rows connected longer ago than this.
    pub grace: Duration,
    /// The endpoint guard (off with `--allow-all-gone`).
    pub guard: bool,
    /// Probe a gone connection whose row's age is unknown again, a grace later (sweep).
    pub recheck_unknown_age: bool,
    /// Hold the guard's verdict even without a pruner (a dry run reports what it would do).
    pub dry_run: bool,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            concurrency: DEFAULT_CONCURRENCY as usize,
            rate_limit: None,
            max_attempts: 8,
            prune: true,
            failures_file: None,
            dedup: true,
            grace: proof::DEFAULT_GRACE,
            guard: true,
            recheck_unknown_age: false,
            dry_run: false,
        }
    }
}

/// The default `--concurrency` ceiling: 50,000 calls/s at a 80 ms round trip need 4,000 in flight.
pub const DEFAULT_CONCURRENCY: u32 = 4096;

/// Counters of one engine run; also the JSON summary (field names are a contract).
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub targets: u64,
    pub delivered: u64,
    pub disconnected: u64,
    pub alive: u64,
    pub idle_disconnected: u64,
    pub gone: u64,
    /// 410s whose rows were kept: connected within the grace, or of unknown age (see `proof`).
    pub too_young: u64,
    pub age_unknown: u64,
    pub pruned: u64,
    pub prune_failed: u64,
    pub failed: u64,
    pub retries: u64,
    pub throttled: u64,
    pub duplicates: u64,
    /// Rows whose TTL has passed (not targeted).
    pub skipped_expired: u64,
    /// Rows without a usable connection id (skipped).
    pub skipped_malformed: u64,
    /// Rows recorded for another Management API endpoint (left alone; see `scope`).
    pub skipped_other_endpoint: u64,
    /// Targets sent to the endpoint their row names (`--other-endpoints route`).
    pub routed: u64,
    /// `push --messages`: lines read, and messages to a user without a live connection (sent to
    /// nobody; not a failure).
    pub messages: u64,
    pub users_not_connected: u64,
    pub seconds: f64,
    /// Calls completed per second.
    pub rate: f64,
    /// The --rate ceiling, if any.
    pub rate_limit: Option<f64>,
    /// The pace the adaptive controller ended at (None: never throttled, unpaced).
    pub final_rate: Option<f64>,
    /// The --concurrency ceiling.
    pub concurrency_limit: u64,
    /// Most calls in flight at once (the adaptive limit found the rest unneeded).
    pub concurrency_reached: u64,
    /// The adaptive concurrency limit at the end of the run.
    pub final_concurrency: u64,
    /// The pace of each other throttle scope (region, emulator) routed targets reached: each has
    /// its own, so a throttled region does not slow the others.
    pub routed_rates: Vec<RoutedRate>,
    pub interrupted: bool,
    /// Up to 10 failures, for the summary.
    pub failure_samples: Vec<FailureLine>,
    pub failures_file: Option<String>,
    /// Targets never attempted (interrupted, or the guard stopped the run): in the failures file.
    pub not_attempted: u64,
    /// The endpoint guard's verdict.
    pub guard: GuardReport,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailureLine {
    #[serde(rename = "connectionId")]
    pub connection_id: String,
    pub reason: String,
    pub attempts: u32,
    /// The message's own payload (`push --messages`), so that the failures file replays as is with
    /// `--messages`; never in the summary's samples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

#[derive(Default)]
struct Counters {
    targets: AtomicU64,
    delivered: AtomicU64,
    disconnected: AtomicU64,
    alive: AtomicU64,
    idle_disconnected: AtomicU64,
    gone: AtomicU64,
    too_young: AtomicU64,
    age_unknown: AtomicU64,
    not_attempted: AtomicU64,
    failed: AtomicU64,
    retries: AtomicU64,
    throttled: AtomicU64,
    duplicates: AtomicU64,
    routed: AtomicU64,
    completed_calls: AtomicU64,
}

/// Live counters for progress bars.
#[derive(Clone)]
pub struct Progress(Arc<Counters>);

impl Progress {
    pub fn done(&self) -> u64 {
        let c = &self.0;
        c.delivered.load(Ordering::Relaxed)
            + c.disconnected.load(Ordering::Relaxed)
            + c.alive.load(Ordering::Relaxed)
            + c.idle_disconnected.load(Ordering::Relaxed)
            + c.gone.load(Ordering::Relaxed)
            + c.failed.load(Ordering::Relaxed)
    }
    pub fn message(&self) -> String {
        let c = &self.0;
        format!(
            "gone {} failed {} retries {} throttled {}",
            c.gone.load(Ordering::Relaxed),
            c.failed.load(Ordering::Relaxed),
            c.retries.load(Ordering::Relaxed),
            c.throttled.load(Ordering::Relaxed)
        )
    }
}

pub struct Engine {
    mgmt: ConnectionsApi,
    pruner: Option<Pruner>,
    opts: EngineOptions,
    paces: Arc<Paces>,
    counters: Arc<Counters>,
    abort: Arc<Mutex<Option<Error>>>,
    stop: Arc<AtomicBool>,
    guard: Arc<EndpointGuard>,
}

enum Attempt<T> {
    Ok(T),
    Gone,
    Retry {
        reason: String,
        throttled: bool,
    },
    Fatal {
        reason: String,
        abort: Option<Error>,
    },
    /// The keys were refused as expired: renew them once and send again.
    Reauth {
        reason: String,
    },
}

pub type Callback = Arc<dyn Fn(&Target, &Verdict) + Send + Sync>;

/// Gone connections of unknown age that may wait for their second probe at once (a few hundred
/// bytes each).
const RECHECK_SLOTS: usize = 10_000;

impl Engine {
    pub fn new(mgmt: ConnectionsApi, pruner: Option<Pruner>, opts: EngineOptions) -> Engine {
        // The guard watches whenever a 410 could delete (or, in a dry run, would have).
        let guard = Arc::new(EndpointGuard::new(
            opts.guard && (opts.prune || opts.dry_run),
            opts.prune && !opts.dry_run,
        ));
        Engine {
            mgmt,
            paces: Arc::new(Paces::new(opts.rate_limit)),
            pruner,
            opts,
            counters: Arc::new(Counters::default()),
            abort: Arc::new(Mutex::new(None)),
            stop: Arc::new(AtomicBool::new(false)),
            guard,
        }
    }

    pub fn progress(&self) -> Progress {
        Progress(self.counters.clone())
    }

    /// Stop taking new targets (in-flight ones finish).
    pub fn stop_handle(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Run `action` on every target from `targets`; `on_verdict` sees each outcome (used by sweep,
    /// inspect and list --probe). Returns the summary, and an error when the run had to be aborted
    /// (e.g. credentials rejected).
    pub async fn run(
        &self,
        action: Action,
        mut targets: mpsc::Receiver<Target>,
        on_verdict: Option<Callback>,
    ) -> (Summary, Option<Error>) {
        let started = Instant::now();
        let limiter = Limiter::new(self.opts.concurrency);
        // Before the first answer, slots open at the account's default rate (or --rate, if lower).
        let opening_rate =
            concurrency::DEFAULT_ACCOUNT_RATE.min(self.opts.rate_limit.unwrap_or(f64::MAX));
        let opening = tokio::spawn(limiter.clone().open_until_first_answer(opening_rate));
        // Targets with a task: in a call, or waiting out a retry's backoff (without a slot).
        let task_slots = self.opts.concurrency.max(1) * 2 + 64;
        let tasks = Arc::new(Semaphore::new(task_slots));
        let (fail_tx, fail_rx) = mpsc::channel::<FailureLine>(1024);
        let writer = tokio::spawn(write_failures(self.opts.failures_file.clone(), fail_rx));
        let mut seen: HashSet<String, foldhash::fast::RandomState> = HashSet::default();
        let mut interrupted = false;
        // What every target's task shares is built once.
        let worker = self.worker(action, &limiter, fail_tx.clone(), on_verdict);
        loop {
            let next = tokio::select! {
                t = targets.recv() => t,
                _ = crate::signal::interrupted() => { interrupted = true; None }
            };
            let Some(target) = next else { break };
            if self.stop.load(Ordering::Relaxed) || self.abort_requested() {
                // Never attempted: written to the failures file so that a replay covers it.
                worker.not_attempted(&target).await;
                break;
            }
            if self.opts.dedup && !seen.insert(target.id.clone()) {
                self.counters.duplicates.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            self.counters.targets.fetch_add(1, Ordering::Relaxed);
            if target.via.is_some() {
                self.counters.routed.fetch_add(1, Ordering::Relaxed);
            }
            if !self.dispatch(&worker, &tasks, target).await {
                break;
            }
        }
        // What the producer still had was never attempted: written to the failures file, so that a
        // replay with --connection-file / --messages covers exactly what this run missed.
        if interrupted || crate::signal::is_interrupted() || self.abort_requested() {
            targets.close();
            while let Some(t) = targets.recv().await {
                worker.not_attempted(&t).await;
            }
        }
        targets.close();
        // Every target's task holds a task slot: all slots back means all are done.
        let _ = tasks.acquire_many(task_slots as u32).await;
        opening.abort();
        if let Some(r) = &worker.rechecks {
            let _ = r.acquire_many(RECHECK_SLOTS as u32).await;
        }
        self.guard
            .finish(interrupted || crate::signal::is_interrupted());
        if self.guard.is_tripped() {
            let err = proof::guard_error(
                &self.guard.report(),
                self.mgmt.endpoint(),
                self.opts.dry_run,
            );
            self.abort_once(err);
        }
        // The failures writer ends when every sender is gone, the worker's included.
        drop(worker);
        drop(fail_tx);
        let (samples, write_error) = writer.await.unwrap_or_default();
        if let Some(e) = write_error {
            self.abort_once(e);
        }
        let interrupted = interrupted || crate::signal::is_interrupted();
        let summary = self.summary(started, &limiter, interrupted, samples);
        let abort = self.abort.lock().ok().and_then(|mut a| a.take());
        (summary, abort)
    }

    /// What every target's task shares.
    fn worker(
        &self,
        action: Action,
        limiter: &Arc<Limiter>,
        fail_tx: mpsc::Sender<FailureLine>,
        on_verdict: Option<Callback>,
    ) -> Arc<Worker> {
        let each_its_own = matches!(action, Action::PostEach);
        Arc::new(Worker {
            mgmt: self.mgmt.clone(),
            pruner: if self.opts.prune {
                self.pruner.clone()
            } else {
                None
            },
            paces: self.paces.clone(),
            counters: self.counters.clone(),
            limiter: limiter.clone(),
            lanes: Mutex::default(),
            max_attempts: self.opts.max_attempts.max(1),
            abort: self.abort.clone(),
            fail_tx,
            on_verdict,
            action,
            guard: self.guard.clone(),
            grace: self.opts.grace,
            rechecks: self
                .opts
                .recheck_unknown_age
                .then(|| Arc::new(Semaphore::new(RECHECK_SLOTS))),
            endpoint: self.mgmt.endpoint().to_string(),
            dry_run: self.opts.dry_run,
            gone_ids: each_its_own.then(Mutex::default),
        })
    }

    /// The first error that stops the run is the one reported.
    fn abort_once(&self, err: Error) {
        if let Ok(mut a) = self.abort.lock() {
            if a.is_none() {
                *a = Some(err);
            }
        }
    }

    /// The run's counts, rates and limits.
    fn summary(
        &self,
        started: Instant,
        limiter: &Limiter,
        interrupted: bool,
        samples: Vec<FailureLine>,
    ) -> Summary {
        let c = &self.counters;
        let seconds = started.elapsed().as_secs_f64();
        let completed = c.completed_calls.load(Ordering::Relaxed);
        Summary {
            targets: c.targets.load(Ordering::Relaxed),
            delivered: c.delivered.load(Ordering::Relaxed),
            disconnected: c.disconnected.load(Ordering::Relaxed),
            alive: c.alive.load(Ordering::Relaxed),
            idle_disconnected: c.idle_disconnected.load(Ordering::Relaxed),
            gone: c.gone.load(Ordering::Relaxed),
            too_young: c.too_young.load(Ordering::Relaxed),
            age_unknown: c.age_unknown.load(Ordering::Relaxed),
            pruned: 0,
            prune_failed: 0,
            failed: c.failed.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            throttled: c.throttled.load(Ordering::Relaxed),
            duplicates: c.duplicates.load(Ordering::Relaxed),
            skipped_expired: 0,
            skipped_malformed: 0,
            skipped_other_endpoint: 0,
            routed: c.routed.load(Ordering::Relaxed),
            messages: 0,
            users_not_connected: 0,
            seconds,
            rate: if seconds > 0.0 {
                completed as f64 / seconds
            } else {
                0.0
            },
            rate_limit: self.opts.rate_limit,
            final_rate: self.paces.own().current(),
            concurrency_limit: limiter.ceiling() as u64,
            concurrency_reached: limiter.peak() as u64,
            final_concurrency: limiter.limit() as u64,
            routed_rates: self.paces.routed(),
            interrupted,
            failure_samples: samples,
            failures_file: self
                .opts
                .failures_file
                .as_ref()
                .map(|p| p.display().to_string()),
            not_attempted: c.not_attempted.load(Ordering::Relaxed),
            guard: self.guard.report(),
        }
    }

    fn abort_requested(&self) -> bool {
        self.abort.lock().map(|a| a.is_some()).unwrap_or(false)
    }

    /// Start a target's task once there is room for it and a slot for its first call; false when
    /// the run stopped meanwhile (the target is then reported not attempted).
    async fn dispatch(&self, worker: &Arc<Worker>, tasks: &Arc<Semaphore>, target: Target) -> bool {
        let Ok(task) = tasks.clone().acquire_owned().await else {
            worker.not_attempted(&target).await;
            return false;
        };
        let permit = worker.limiter.acquire().await;
        // The wait for a slot may have outlasted a Ctrl-C or an abort.
        if crate::signal::is_interrupted() || self.abort_requested() {
            worker.not_attempted(&target).await;
            return false;
        }
        tokio::spawn(worker.clone().run_target(target, Some(permit), Some(task)));
        true
    }
}

/// Where a target's calls go: a kept-alive session to its endpoint, paced by its throttle scope.
struct Lane {
    session: Session,
    pace: Arc<RateController>,
}

impl Lane {
    fn own(mgmt: &ConnectionsApi, paces: &Paces) -> Lane {
        Lane {
            session: mgmt.session(),
            pace: paces.own().clone(),
        }
    }

    fn via(route: &Route, paces: &Paces) -> Lane {
        Lane {
            session: route.api.session(),
            pace: paces.of(route.throttle_scope.as_ref()),
        }
    }
}

/// A worker's lanes: the run's endpoint's, and one per routed endpoint it has called.
struct Lanes {
    own: Lane,
    routed: Vec<(Arc<Route>, Lane)>,
}

impl Lanes {
    fn new(own: Lane) -> Self {
        Lanes {
            own,
            routed: Vec::new(),
        }
    }

    fn for_target(&mut self, target: &Target, paces: &Paces) -> &mut Lane {
        let Some(route) = &target.via else {
            return &mut self.own;
        };
        let i = match self.routed.iter().position(|(r, _)| Arc::ptr_eq(r, route)) {
            Some(i) => i,
            None => {
                self.routed.push((route.clone(), Lane::via(route, paces)));
                self.routed.len() - 1
            }
        };
        &mut self.routed[i].1
    }
}

struct Worker {
    mgmt: ConnectionsApi,
    pruner: Option<Pruner>,
    paces: Arc<Paces>,
    counters: Arc<Counters>,
    /// Slots for calls in flight: the adaptive limit, at most --concurrency.
    limiter: Arc<Limiter>,
    /// Kept-alive connections not in use: a target's task takes one for its calls.
    lanes: Mutex<Vec<Lanes>>,
    max_attempts: u32,
    abort: Arc<Mutex<Option<Error>>>,
    fail_tx: mpsc::Sender<FailureLine>,
    on_verdict: Option<Callback>,
    action: Action,
    guard: Arc<EndpointGuard>,
    grace: Duration,
    /// Gone connections of unknown age waiting out the grace before their second probe.
    rechecks: Option<Arc<Semaphore>>,
    /// The endpoint, for the guard's error.
    endpoint: String,
    dry_run: bool,
    /// `push --messages`: connections found gone this run. Their further messages are not posted
    /// (counted as gone) and their rows are pruned once.
    gone_ids: Option<Mutex<HashSet<String>>>,
}

/// One call of an action.
#[derive(Clone, Copy)]
enum Op<'a> {
    Post(&'a Payload),
    Delete,
    Get,
}

/// Where a target's retries stand; carried into the task that waits out its backoff.
#[derive(Default)]
struct RetryState {
    /// Attempts that count against --max-attempts (account-wide throttling does not).
    spent: u32,
    paced_retries: u32,
    last_reason: String,
    /// Wait this long before the next attempt.
    wait: Option<Duration>,
    /// Sends again after renewing expired credentials.
    reauths: u32,
    /// A slot already taken for the next call (the first call's, taken before the task started).
    permit: Option<Permit>,
}

/// Sends again after renewing expired credentials, per target.
const MAX_REAUTHS: u32 = 2;

impl RetryState {
    /// Sets when the next attempt goes out; `Err` with the verdict once the attempts are spent.
    fn plan_retry(&mut self, account_wide: bool, max_attempts: u32) -> Result<(), Verdict> {
        // Account-wide throttling is the rate controller's job: it has lowered the pace, so this
        // target queues for its next send slot at once, without spending an attempt or backing off.
        // A sleep here would only delay it past slots the account would have accepted: at the end
        // of a fan-out, the last throttled targets are its tail. The cap keeps a broken controller
        // from looping forever.
        if account_wide && self.paced_retries < MAX_PACED_RETRIES {
            self.paced_retries += 1;
            self.wait = None;
            return Ok(());
        }
        self.spent += 1;
        if self.spent >= max_attempts {
            return Err(Verdict::Failed {
                reason: format!(
                    "gave up after {} attempts: {}",
                    self.spent, self.last_reason
                ),
                attempts: self.spent,
            });
        }
        self.wait = Some(backoff(self.spent));
        Ok(())
    }
}

/// Where a target stands once its calls stop.
enum Settled {
    Verdict(Verdict),
    /// Counted already; nothing follows (a later message to a connection found gone).
    Counted,
    /// A retry must wait out its backoff first.
    Deferred,
}

/// How one target's calls ended: an answer for the action to judge, a verdict, or a retry to wait for.
enum CallResult {
    Ok(Option<LiveInfo>),
    Verdict(Verdict),
    /// Needs a retry after `RetryState::wait`; the worker hands it to a task of its own.
    Defer,
}

impl Worker {
    /// A target's task: attempts until it has its verdict. Between attempts (a retry's backoff) it
    /// holds neither a call slot nor a connection, so one slow client never holds back the rest.
    async fn run_target(
        self: Arc<Self>,
        target: Target,
        permit: Option<Permit>,
        _task: Option<OwnedSemaphorePermit>,
    ) {
        let mut state = RetryState {
            permit,
            ..RetryState::default()
        };
        loop {
            if state.permit.is_none() {
                state.permit = Some(self.limiter.acquire().await);
            }
            // The connection goes back to the pool as soon as the calls are done: what follows a
            // verdict (a delete queued behind DynamoDB) must not keep a socket from other targets.
            let mut lanes = self.take_lanes();
            let lane = lanes.for_target(&target, &self.paces);
            let settled = self.call_until_settled(&target, lane, &mut state).await;
            self.put_lanes(lanes);
            match settled {
                Settled::Verdict(verdict) => return self.finish(&target, verdict).await,
                Settled::Counted => return,
                Settled::Deferred => {}
            }
            if let Some(wait) = state.wait.take() {
                tokio::time::sleep(wait).await;
            }
        }
    }

    fn take_lanes(&self) -> Lanes {
        let pooled = self.lanes.lock().ok().and_then(|mut l| l.pop());
        pooled.unwrap_or_else(|| Lanes::new(Lane::own(&self.mgmt, &self.paces)))
    }

    fn put_lanes(&self, lanes: Lanes) {
        if let Ok(mut pool) = self.lanes.lock() {
            pool.push(lanes);
        }
    }

    /// The calls the action makes on one target, until they settle it or a retry must wait.
    async fn call_until_settled(
        &self,
        target: &Target,
        lane: &mut Lane,
        state: &mut RetryState,
    ) -> Settled {
        let id = &target.id;
        if self.already_gone(id) {
            self.counters.gone.fetch_add(1, Ordering::Relaxed);
            return Settled::Counted;
        }
        let outcome = match &self.action {
            Action::Post(_) | Action::PostEach => {
                let payload = match (&self.action, &target.payload) {
                    (Action::Post(p), _) | (_, Some(p)) => p,
                    (_, None) => {
                        let reason = "no payload for this target (an internal error)".to_string();
                        return Settled::Verdict(Verdict::Failed {
                            reason,
                            attempts: 0,
                        });
                    }
                };
                match self.with_retries(lane, id, Op::Post(payload), state).await {
                    CallResult::Ok(_) => CallResult::Verdict(Verdict::Delivered),
                    other => other,
                }
            }
            Action::Disconnect => match self.with_retries(lane, id, Op::Delete, state).await {
                CallResult::Ok(_) => CallResult::Verdict(Verdict::Disconnected),
                other => other,
            },
            Action::Probe {
                disconnect_idle_over,
            } => {
                match self.with_retries(lane, id, Op::Get, state).await {
                    CallResult::Ok(info) => {
                        let info = info.unwrap_or_default();
                        match (disconnect_idle_over, info.idle_secs) {
                            (Some(limit), Some(idle)) if idle > limit.as_secs() => {
                                // A deferred retry of this delete probes again first: the
                                // connection may have woken or gone meanwhile.
                                match self.with_retries(lane, id, Op::Delete, state).await {
                                    CallResult::Ok(_) => {
                                        CallResult::Verdict(Verdict::IdleDisconnected(info))
                                    }
                                    other => other,
                                }
                            }
                            _ => CallResult::Verdict(Verdict::Alive(info)),
                        }
                    }
                    other => other,
                }
            }
        };
        match outcome {
            CallResult::Verdict(v) => Settled::Verdict(v),
            CallResult::Defer => Settled::Deferred,
            CallResult::Ok(_) => unreachable!("every action turns Ok into a verdict"),
        }
    }

    async fn finish(self: &Arc<Self>, target: &Target, verdict: Verdict) {
        // One line per target at -vv: ids and outcomes only, never the payload.
        tracing::debug!(connection = %target.id, outcome = verdict.label(), "target done");
        if matches!(verdict, Verdict::Gone) && !self.first_time_gone(&target.id) {
            // Another message to it found it gone first: that one counts the rows.
            self.counters.gone.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let verdict = match verdict {
            Verdict::Gone => match self.judge_gone(target) {
                Some(v) => v,
                // Waiting for its second probe, a grace later.
                None => return,
            },
            other => other,
        };
        self.count(target, &verdict).await;
        let now = crate::time::now_millis();
        match &verdict {
            // Proof of staleness: a connection wsctl itself closed.
            Verdict::Disconnected | Verdict::IdleDisconnected(_) => {
                self.release(self.guard.saw_known(target.age, now)).await;
                self.prune(target).await;
            }
            Verdict::Delivered | Verdict::Alive(_) => {
                self.release(self.guard.saw_known(target.age, now)).await;
            }
            // 410 about a row old enough: deleted once the guard is satisfied.
            Verdict::Gone => match self.guard.saw_gone(target, now) {
                Admit::Now => self.prune(target).await,
                // The callback runs when the guard opens: a sweep's checkpoint waits for it.
                Admit::Held => return,
                // No callback either: a sweep's checkpoint must not move past a row kept this way.
                Admit::Refused { first } => {
                    if first {
                        self.trip();
                    }
                    return;
                }
            },
            // Deletes nothing, so the guard need not weigh it.
            Verdict::GoneKept(_) | Verdict::Failed { .. } => {}
        }
        if self.guard.is_tripped() {
            self.trip();
        }
        if let Some(cb) = &self.on_verdict {
            cb(target, &verdict);
        }
    }

    /// Whether an earlier message of this run found the connection gone (`push --messages`).
    fn already_gone(&self, id: &str) -> bool {
        self.gone_ids
            .as_ref()
            .is_some_and(|g| g.lock().map(|g| g.contains(id)).unwrap_or(false))
    }

    /// Record a gone connection (`push --messages`); false when it was already recorded.
    fn first_time_gone(&self, id: &str) -> bool {
        match &self.gone_ids {
            Some(g) => g
                .lock()
                .map(|mut g| g.insert(id.to_string()))
                .unwrap_or(true),
            None => true,
        }
    }

    /// A 410: may it delete the row? None when the target was queued for a second probe.
    fn judge_gone(self: &Arc<Self>, target: &Target) -> Option<Verdict> {
        match proof::check_age(target.age, crate::time::now_millis(), self.grace) {
            AgeCheck::OldEnough | AgeCheck::NotRead => Some(Verdict::Gone),
            AgeCheck::TooYoung => Some(Verdict::GoneKept(Kept::TooYoung)),
            AgeCheck::Unknown => match &self.rechecks {
                Some(slots) => {
                    self.recheck_later(slots.clone(), target.clone());
                    None
                }
                None => Some(Verdict::GoneKept(Kept::AgeUnknown)),
            },
        }
    }

    /// Probe again once the grace has passed: a second 410 proves a row of unknown age stale (its
    /// `$connect` handler had up to 29 s to return). Bounded by `RECHECK_SLOTS`: when they are all
    /// taken the worker waits, and with it the scan.
    fn recheck_later(self: &Arc<Self>, slots: Arc<Semaphore>, mut target: Target) {
        let worker = self.clone();
        tokio::spawn(async move {
            let Ok(_slot) = slots.acquire_owned().await else {
                return;
            };
            tokio::select! {
                _ = tokio::time::sleep(worker.grace) => {}
                _ = crate::signal::interrupted() => {
                    worker.count(&target, &Verdict::GoneKept(Kept::AgeUnknown)).await;
                    if let Some(cb) = &worker.on_verdict {
                        cb(&target, &Verdict::GoneKept(Kept::AgeUnknown));
                    }
                    return;
                }
            }
            target.age = RowAge::GoneTwice;
            Box::pin(worker.run_target(target, None, None)).await;
        });
    }

    async fn count(&self, target: &Target, verdict: &Verdict) {
        let c = &self.counters;
        match verdict {
            Verdict::Delivered => c.delivered.fetch_add(1, Ordering::Relaxed),
            Verdict::Disconnected => c.disconnected.fetch_add(1, Ordering::Relaxed),
            Verdict::Alive(_) => c.alive.fetch_add(1, Ordering::Relaxed),
            Verdict::IdleDisconnected(_) => c.idle_disconnected.fetch_add(1, Ordering::Relaxed),
            Verdict::Gone => c.gone.fetch_add(1, Ordering::Relaxed),
            Verdict::GoneKept(kept) => {
                match kept {
                    Kept::TooYoung => c.too_young.fetch_add(1, Ordering::Relaxed),
                    Kept::AgeUnknown => c.age_unknown.fetch_add(1, Ordering::Relaxed),
                    Kept::Guarded => 0,
                };
                c.gone.fetch_add(1, Ordering::Relaxed)
            }
            Verdict::Failed { reason, attempts } => {
                self.record_failure(target, reason, *attempts).await;
                c.failed.fetch_add(1, Ordering::Relaxed)
            }
        };
    }

    /// A line of the failures file: the id, why, and the message's own payload so that it replays.
    async fn record_failure(&self, target: &Target, reason: &str, attempts: u32) {
        let _ = self
            .fail_tx
            .send(FailureLine {
                connection_id: target.id.clone(),
                reason: reason.to_string(),
                attempts,
                data: target
                    .payload
                    .as_ref()
                    .and_then(|p| p.text())
                    .map(str::to_string),
            })
            .await;
    }

    /// A target the run never attempted (interrupted, or stopped): in the failures file, so that a
    /// replay covers it.
    async fn not_attempted(&self, target: &Target) {
        self.counters.not_attempted.fetch_add(1, Ordering::Relaxed);
        let reason = if self.guard.is_tripped() {
            "not attempted: the endpoint guard stopped the run"
        } else if crate::signal::is_interrupted() {
            "not attempted: the run was interrupted"
        } else {
            "not attempted: the run was aborted"
        };
        self.record_failure(target, reason, 0).await;
    }

    async fn prune(&self, target: &Target) {
        if let Some(p) = &self.pruner {
            p.send(PruneRequest::Connection {
                id: target.id.clone(),
                known_rows: target.rows.clone(),
                scope: target.via.as_ref().map(|r| r.scope.clone()),
            })
            .await;
        }
    }

    /// The guard opened: delete what it held, and let the caller see those verdicts now.
    async fn release(&self, held: Vec<Target>) {
        for target in held {
            self.prune(&target).await;
            if let Some(cb) = &self.on_verdict {
                cb(&target, &Verdict::Gone);
            }
        }
    }

    /// Stop the run: the guard found the endpoint wrong.
    fn trip(&self) {
        if let Ok(mut a) = self.abort.lock() {
            if a.is_none() {
                *a = Some(proof::guard_error(
                    &self.guard.report(),
                    &self.endpoint,
                    self.dry_run,
                ));
            }
        }
    }

    /// Calls until an answer settles the target, attempts run out, or a retry must wait. One loop
    /// on purpose: the send slot, the pace and the retry state pass from one attempt to the next.
    async fn with_retries(
        &self,
        lane: &mut Lane,
        id: &str,
        op: Op<'_>,
        state: &mut RetryState,
    ) -> CallResult {
        let failed = |reason: String, attempts: u32| {
            CallResult::Verdict(Verdict::Failed { reason, attempts })
        };
        loop {
            if self.abort.lock().map(|a| a.is_some()).unwrap_or(false) {
                return failed(
                    "run aborted before this connection was done".into(),
                    state.spent,
                );
            }
            let (result, sent_at, permit) = {
                let permit = match state.permit.take() {
                    Some(p) => p,
                    None => self.limiter.acquire().await,
                };
                lane.pace.acquire().await;
                // Ctrl-C: calls already sent finish, nothing new is sent. Checked after the wait for
                // a send slot, which may have outlasted the signal; such targets are reported
                // failed, so a replay from --failures covers them.
                if crate::signal::is_interrupted() {
                    let reason = if state.last_reason.is_empty() {
                        "interrupted before it was sent".into()
                    } else {
                        format!("interrupted while retrying: {}", state.last_reason)
                    };
                    return failed(reason, state.spent);
                }
                let sent_at = Instant::now();
                permit.sending();
                let result = self.call(&mut lane.session, id, op).await;
                if lane.session.opened_a_connection() {
                    permit.opened_a_connection();
                }
                (result, sent_at, permit)
            };
            match result {
                Attempt::Ok(v) => {
                    permit.answered(sent_at, Answer::Accepted);
                    drop(permit);
                    lane.pace.on_success();
                    self.counters
                        .completed_calls
                        .fetch_add(1, Ordering::Relaxed);
                    return CallResult::Ok(v);
                }
                Attempt::Gone => {
                    permit.answered(sent_at, Answer::Accepted);
                    drop(permit);
                    self.counters
                        .completed_calls
                        .fetch_add(1, Ordering::Relaxed);
                    return CallResult::Verdict(Verdict::Gone);
                }
                Attempt::Fatal { reason, abort } => {
                    permit.answered(sent_at, Answer::Other);
                    if let Some(e) = abort {
                        if let Ok(mut a) = self.abort.lock() {
                            a.get_or_insert(e);
                        }
                    }
                    return failed(reason, state.spent + 1);
                }
                Attempt::Reauth { reason } => match lane.session.api().renew_credentials() {
                    Renewal::Renewed if state.reauths < MAX_REAUTHS => {
                        state.reauths += 1;
                        state.last_reason = reason;
                        self.counters.retries.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        let e = Error::credentials(
                                "@connections calls refused: the credentials expired during the run and renewing them did not help",
                                &reason,
                            );
                        if let Ok(mut a) = self.abort.lock() {
                            a.get_or_insert(e);
                        }
                        return failed(reason, state.spent + 1);
                    }
                },
                Attempt::Retry { reason, throttled } => {
                    let answer = self.count_throttle(lane, id, sent_at, throttled);
                    permit.answered(sent_at, answer);
                    drop(permit);
                    state.last_reason = reason;
                    if let Some(gave_up) = self.schedule_retry(state, answer == Answer::Throttled) {
                        return gave_up;
                    }
                    // The backoff is waited out by the target's task, without a slot or a
                    // connection.
                    return CallResult::Defer;
                }
            }
        }
    }

    /// A throttled answer counts, and tells the pace; `Throttled` when the throttling is
    /// account-wide (the rate controller's job).
    fn count_throttle(
        &self,
        lane: &mut Lane,
        id: &str,
        sent_at: Instant,
        throttled: bool,
    ) -> Answer {
        let account_wide = throttled && {
            self.counters.throttled.fetch_add(1, Ordering::Relaxed);
            lane.pace.on_throttle(hash_id(id), sent_at)
        };
        if account_wide {
            Answer::Throttled
        } else {
            Answer::Other
        }
    }

    /// When to try again; `Some` when the attempts are spent.
    fn schedule_retry(&self, state: &mut RetryState, account_wide: bool) -> Option<CallResult> {
        match state.plan_retry(account_wide, self.max_attempts) {
            Ok(()) => {
                self.counters.retries.fetch_add(1, Ordering::Relaxed);
                None
            }
            Err(gave_up) => Some(CallResult::Verdict(gave_up)),
        }
    }

    async fn call(&self, session: &mut Session, id: &str, op: Op<'_>) -> Attempt<Option<LiveInfo>> {
        let result = match op {
            Op::Post(payload) => session.post(id, payload).await.map(|()| None),
            Op::Delete => session.delete(id).await.map(|()| None),
            Op::Get => session.get(id).await.map(|live| {
                let now = crate::time::now_millis();
                Some(LiveInfo {
                    connected_at: live.connected_at_ms.map(crate::time::iso8601_millis),
                    last_active_at: live.last_active_at_ms.map(crate::time::iso8601_millis),
                    idle_secs: live.last_active_at_ms.map(|l| now.saturating_sub(l) / 1000),
                    source_ip: live.source_ip.filter(|s| !s.is_empty()),
                    user_agent: live.user_agent.filter(|s| !s.is_empty()),
                })
            }),
        };
        match result {
            Ok(v) => Attempt::Ok(v),
            Err(e) => classify(e),
        }
    }
}

/// Sort an @connections error into gone / retry / fatal.
fn classify<T>(err: CallError) -> Attempt<T> {
    match err {
        CallError::Status {
            status,
            code,
            message,
        } => {
            if code == "GoneException" || status == 410 {
                return Attempt::Gone;
            }
            if code == "LimitExceededException" || status == 429 {
                return Attempt::Retry {
                    reason: "throttled: 429 LimitExceededException".into(),
                    throttled: true,
                };
            }
            if code == "PayloadTooLargeException" || status == 413 {
                return Attempt::Fatal {
                    reason: "payload too large: 413 PayloadTooLargeException".into(),
                    abort: None,
                };
            }
            if status >= 500 {
                return Attempt::Retry {
                    reason: format!("server error: {status} {code}"),
                    throttled: false,
                };
            }
            if is_expired_token(&code, &message) {
                return Attempt::Reauth {
                    reason: format!("{status} {code}: {message}"),
                };
            }
            // A clock off by minutes: the transport has learnt the skew from this answer's Date header
            // and signs the next attempt with the corrected time.
            if is_clock_skew(&code, &message) {
                return Attempt::Retry {
                    reason: format!("clock skew: {status} {code}: {message}"),
                    throttled: false,
                };
            }
            let classified =
                Error::from_service_code("@connections call rejected", &code, &message);
            let reason = format!(
                "{status} {}",
                classified.cause.clone().unwrap_or_else(|| code.clone())
            );
            // Bad credentials fail every call alike: stop the run. A plain 403 may be one
            // connection's (another API's id), so it only fails that target.
            let abort =
                (classified.kind == ErrorKind::Credentials && status != 403).then_some(classified);
            Attempt::Fatal { reason, abort }
        }
        CallError::Timeout => Attempt::Retry {
            reason: "timeout".into(),
            throttled: false,
        },
        // Every call goes through the same proxy: stop the run rather than fail each target.
        CallError::ProxyAuth => Attempt::Fatal {
            reason: "407 proxy authentication required".into(),
            abort: Some(
                Error::config("the proxy refused wsctl's credentials (407 Proxy Authentication Required)")
                    .with_hint("check the user and password in HTTPS_PROXY / HTTP_PROXY (http://user:password@host:port)"),
            ),
        },
        CallError::Transport(text) => Attempt::Retry {
            reason: format!("connection error: {}", first_line(&text)),
            throttled: false,
        },
        CallError::Credentials(text) => {
            let e = Error::credentials("cannot sign @connections requests", &text);
            Attempt::Fatal {
                reason: e.to_string(),
                abort: Some(e),
            }
        }
    }
}

fn is_expired_token(code: &str, message: &str) -> bool {
    matches!(
        code,
        "ExpiredToken" | "ExpiredTokenException" | "TokenRefreshRequired"
    ) || message.contains("security token included in the request is expired")
}

fn is_clock_skew(code: &str, message: &str) -> bool {
    code == "RequestTimeTooSkewed"
        || (matches!(code, "InvalidSignatureException" | "ForbiddenException")
            && message.contains("Signature expired"))
}

fn first_line(s: &str) -> String {
    s.chars().take(200).collect()
}

/// Retries of one target under account-wide throttling that do not count as attempts.
const MAX_PACED_RETRIES: u32 = 200;

/// Full-jitter exponential backoff: 50 ms · 2^n, capped at 5 s.
pub fn backoff(attempt: u32) -> Duration {
    let cap = 5_000u64;
    let exp = 50u64.saturating_mul(1u64 << attempt.min(10)).min(cap);
    Duration::from_millis(exp / 4 + rand::random::<u64>() % (exp - exp / 4 + 1))
}

fn hash_id(id: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

async fn write_failures(
    path: Option<PathBuf>,
    mut rx: mpsc::Receiver<FailureLine>,
) -> (Vec<FailureLine>, Option<Error>) {
    let cannot_write = |p: &std::path::Path, e: std::io::Error| {
        Error::internal(format!("cannot write the failures file {}: {e}", p.display()))
            .with_hint("the failed ids are not recorded anywhere else: free the disk or choose another --failures path, then rerun")
    };
    let mut error = None;
    let mut file = match &path {
        Some(p) => match tokio::fs::File::create(p).await {
            Ok(f) => Some(tokio::io::BufWriter::new(f)),
            Err(e) => {
                error = Some(cannot_write(p, e));
                None
            }
        },
        None => None,
    };
    let mut samples = Vec::new();
    while let Some(line) = rx.recv().await {
        if let (Some(f), Some(p)) = (file.as_mut(), &path) {
            if let Ok(mut text) = serde_json::to_string(&line) {
                text.push('\n');
                if let Err(e) = f.write_all(text.as_bytes()).await {
                    error.get_or_insert_with(|| cannot_write(p, e));
                    file = None;
                }
            }
        }
        if samples.len() < 10 {
            samples.push(FailureLine { data: None, ..line });
        }
    }
    if let (Some(f), Some(p)) = (file.as_mut(), &path) {
        if let Err(e) = f.flush().await {
            error.get_or_insert_with(|| cannot_write(p, e));
        }
    }
    (samples, error)
}

/// Attach the pruner's counts to a summary once it has finished.
pub fn add_prune_stats(summary: &mut Summary, stats: &prune::PruneStats) {
    summary.pruned = stats.deleted.load(Ordering::Relaxed);
    summary.prune_failed = stats.failed.load(Ordering::Relaxed);
    summary.skipped_other_endpoint += stats.other_endpoint.load(Ordering::Relaxed);
    summary.too_young += stats.too_young.load(Ordering::Relaxed);
    summary.age_unknown += stats.age_unknown.load(Ordering::Relaxed);
}

/// The failure for the exit code: any failed target makes the run a partial failure (exit 5);
/// an interrupt exits 130 after the summary.
pub fn summary_failure(summary: &Summary, what: &str) -> Option<Error> {
    if summary.interrupted {
        return Some(Error::new(
            ErrorKind::Interrupted,
            format!("interrupted: the summary above shows what was done before the {what} stopped"),
        ));
    }
    if summary.failed > 0 || summary.prune_failed > 0 {
        let mut e = Error::new(
            ErrorKind::PartialFailure,
            format!(
                "{} of {} targets failed{}",
                summary.failed,
                summary.targets,
                if summary.prune_failed > 0 {
                    format!(", {} row deletes failed", summary.prune_failed)
                } else {
                    String::new()
                }
            ),
        );
        e = match &summary.failures_file {
            Some(f) => e.with_hint(format!(
                "failed ids are in {f}; replay them with --connection-file {f}"
            )),
            None => e.with_hint("pass --failures FILE to save the failed ids for a replay"),
        };
        return Some(e);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_message_keeps_its_data_for_the_replay() {
        let line = |data: Option<&str>| FailureLine {
            connection_id: "abc=".into(),
            reason: "gave up after 8 attempts: 503".into(),
            attempts: 8,
            data: data.map(str::to_string),
        };
        let with = serde_json::to_value(line(Some(r#"{"n":1}"#))).unwrap();
        assert_eq!(with["data"], r#"{"n":1}"#);
        assert_eq!(with["connectionId"], "abc=");
        // Lines of other fan-outs stay as they were: no data field.
        let without = serde_json::to_value(line(None)).unwrap();
        assert!(without.get("data").is_none(), "{without}");
    }

    #[test]
    fn a_target_throttled_account_wide_queues_for_the_pace_at_once_without_spending_an_attempt() {
        let mut state = RetryState::default();
        for _ in 0..MAX_PACED_RETRIES {
            assert!(state.plan_retry(true, 3).is_ok());
            assert_eq!(state.wait, None, "no sleep before the pace's next slot");
            assert_eq!(state.spent, 0);
        }
        // Past the cap (a controller that never settles), throttling spends attempts like any error.
        assert!(state.plan_retry(true, 3).is_ok());
        assert_eq!(state.spent, 1);
        assert!(state.wait.is_some_and(|w| w > Duration::ZERO));
    }

    #[test]
    fn other_retries_back_off_and_give_up_when_the_attempts_are_spent() {
        let mut state = RetryState {
            last_reason: "503 Service Unavailable".into(),
            ..RetryState::default()
        };
        assert!(state.plan_retry(false, 3).is_ok());
        assert!(state.wait.is_some_and(|w| w >= Duration::from_millis(25)));
        assert!(state.plan_retry(false, 3).is_ok());
        match state.plan_retry(false, 3) {
            Err(Verdict::Failed { reason, attempts }) => {
                assert_eq!(attempts, 3);
                assert_eq!(reason, "gave up after 3 attempts: 503 Service Unavailable");
            }
            _ => panic!("a third failed attempt of three gives up"),
        }
    }
}
