//! Adaptive concurrency: how many calls are in flight at once. The rate a fan-out can reach is
//! in-flight ÷ round trip (Little's law), so a fixed number is either too few at a real round trip
//! (64 at 80 ms: 800 calls/s) or a needless pile of sockets on loopback. The limit starts small and,
//! judged every round trip (Vegas / gradient style):
//!
//! - doubles while its slots are all taken and all on the wire, no 429 comes and the round trip stays
//!   near its floor (slow start), then grows by a tenth per window;
//! - stops growing when its slots are not all on the wire at once (they wait on the rate pace, or
//!   nobody waits for a slot: the pace, the producer or the account binds, not the concurrency);
//! - grows only while, over the last second, its slots were on the wire at least half the time, and
//!   gives back up to a tenth per window below 40 %: a producer that delivers in bursts (a sweep's scan pages)
//!   fills every slot for a moment and leaves them idle between bursts. More slots would only drain
//!   each burst sooner, and every slot in use is a socket and its buffers. What stays is at most
//!   two and a half times what the long-run rate needs (Little's law: calls on the wire = rate x
//!   round trip);
//! - until the first answer comes, grows with the time waited ([`Limiter::open_until_first_answer`]):
//!   the round trip is at least that long, and Little's law says how many calls the default account
//!   rate needs in flight at such a round trip;
//! - on account-wide 429s, shrinks to what the accepted rate needs at this round trip, plus a quarter;
//! - when the round trip rises well above its floor (queueing), stops growing and gives back up to a
//!   tenth, never below what the accepted rate needs.
//!
//! `--concurrency` is the ceiling; `--rate` and the throttle's pace ([`super::rate`]) stay in charge
//! of the rate itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// Where the limit starts: the fixed concurrency wsctl had before it adapted (enough for loopback,
/// small enough not to flood a throttled account). Every doubling from here costs a round trip in
/// which the account's bucket, full at the start, refills for nothing: from 16, an 80 ms fan-out
/// spent half a second (a tenth of a 50,000-message run) reaching the ~1,000 calls it needs.
const START: f64 = 64.0;
const MIN: f64 = 4.0;
/// A round trip this much above its floor is queueing, not the network.
const QUEUEING: f64 = 2.0;
/// Round trips below this are loopback noise: the floor is never taken lower.
const FLOOR_MIN: Duration = Duration::from_millis(2);
/// A window spans this many no-load round trips, and at least `WINDOW_MIN`.
const WINDOW_RTTS: u32 = 1;
const WINDOW_MIN: Duration = Duration::from_millis(20);
/// The rate the limit opens at before any answer: API Gateway's default account limit for
/// @connections calls (10,000 per second per region).
pub(crate) const DEFAULT_ACCOUNT_RATE: f64 = 10_000.0;
/// The most calls sent before the first answer: under half the default account's burst of 5,000, so
/// that the first round trip cannot drain its bucket on its own.
const OPEN_BEFORE_ANSWER_MAX: f64 = 2048.0;
/// How often the limit opens while no answer has come.
const OPENING_TICK: Duration = Duration::from_millis(5);
/// The opening starts only once the first call has waited this long: a first answer slower than a
/// few milliseconds may be a busy machine's loopback (or a 10 ms region, where the 64 slots already
/// make 6,400 calls/s); from 30 ms on it is a round trip of 10 ms or more plus its handshakes.
const OPEN_AFTER: Duration = Duration::from_millis(30);
/// Share of the slots that must have been on the wire at once (sent, not answered) for more slots to
/// help: when the rate pace binds, slots wait on it instead.
const BUSY: f64 = 0.9;
/// The span over which the slots' use is averaged: longer than a scan page's burst and the gap after it.
const USE_HORIZON: Duration = Duration::from_secs(1);
/// Grow only while the slots were on the wire at least this share of the horizon.
const GROW_USE: f64 = 0.5;
/// Give slots back while they were on the wire less than this share: they serve only bursts.
const TRIM_USE: f64 = 0.4;

/// How a call ended, for the limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Answered (2xx, or 410): the account accepted it.
    Accepted,
    /// Account-wide throttling (429s from many connections).
    Throttled,
    /// Anything else (a slow client's 429, a 5xx, a timeout): a round-trip sample only.
    Other,
}

pub(crate) struct Limiter {
    ceiling: usize,
    state: Mutex<State>,
    room: Notify,
}

struct State {
    limit: f64,
    in_flight: usize,
    /// Calls sent and not yet answered (slots waiting on the pace are in flight, not on the wire).
    on_wire: usize,
    /// Most calls in flight at once.
    peak: usize,
    /// When the first call went on the wire, and whether any call has been answered since.
    first_sent: Option<Instant>,
    answered: bool,
    slow_start: bool,
    /// The lowest round trip seen: the network's, without queueing.
    floor: Option<Duration>,
    /// Calls on the wire over the limit, averaged over [`USE_HORIZON`].
    use_share: f64,
    /// The limit during the window before this one: the calls answered in a window were sent
    /// under it.
    previous_limit: f64,
    window: Window,
}

struct Window {
    started: Instant,
    accepted: u64,
    throttled: u64,
    samples: u64,
    /// Time on the wire of every call answered (how busy the slots were).
    rtt_total: Duration,
    /// The round trips of the calls made on connections already open: the network's, and its
    /// queueing. A call that opened its connection also waited out the TCP and TLS handshakes (two
    /// more round trips on AWS), which says nothing about queueing.
    net_samples: u64,
    net_rtt_total: Duration,
    /// Someone waited for a slot in this window: the limit bound.
    saturated: bool,
    /// Most calls on the wire at once in this window.
    peak_on_wire: usize,
}

impl Window {
    fn new(now: Instant) -> Self {
        Window {
            started: now,
            accepted: 0,
            throttled: 0,
            samples: 0,
            rtt_total: Duration::ZERO,
            net_samples: 0,
            net_rtt_total: Duration::ZERO,
            saturated: false,
            peak_on_wire: 0,
        }
    }
}

/// One call's slot; given back when dropped.
pub(crate) struct Permit {
    limiter: Arc<Limiter>,
    /// The call is on the wire (between [`Permit::sending`] and its answer).
    sent: AtomicBool,
    /// The call opened its connection (see [`Permit::opened_a_connection`]).
    opened: AtomicBool,
}

impl Permit {
    /// The call is being sent now (it has passed the pace).
    pub(crate) fn sending(&self) {
        if !self.sent.swap(true, Ordering::Relaxed) {
            let mut s = self.limiter.lock();
            s.first_sent.get_or_insert_with(Instant::now);
            s.on_wire += 1;
            s.window.peak_on_wire = s.window.peak_on_wire.max(s.on_wire);
        }
    }

    /// The call went on a connection it opened: its time is not a round-trip sample.
    pub(crate) fn opened_a_connection(&self) {
        self.opened.store(true, Ordering::Relaxed);
    }

    /// The call sent at `sent_at` ended so: a sample for the limiter.
    pub(crate) fn answered(&self, sent_at: Instant, answer: Answer) {
        let was_sent = self.sent.swap(false, Ordering::Relaxed);
        let on_open_connection = !self.opened.swap(false, Ordering::Relaxed);
        self.limiter
            .record(sent_at.elapsed(), answer, was_sent, on_open_connection);
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut s = self.limiter.lock();
        s.in_flight = s.in_flight.saturating_sub(1);
        if self.sent.swap(false, Ordering::Relaxed) {
            s.on_wire = s.on_wire.saturating_sub(1);
        }
        drop(s);
        self.limiter.room.notify_one();
    }
}

impl Limiter {
    pub(crate) fn new(ceiling: usize) -> Arc<Self> {
        Self::starting_at(ceiling, START as usize)
    }

    /// A limiter whose limit starts at `start` (at most the ceiling).
    pub(crate) fn starting_at(ceiling: usize, start: usize) -> Arc<Self> {
        let ceiling = ceiling.max(1);
        Arc::new(Limiter {
            ceiling,
            state: Mutex::new(State {
                limit: (start.max(1) as f64).min(ceiling as f64),
                in_flight: 0,
                on_wire: 0,
                peak: 0,
                first_sent: None,
                answered: false,
                slow_start: true,
                floor: None,
                use_share: 1.0,
                previous_limit: (start.max(1) as f64).min(ceiling as f64),
                window: Window::new(Instant::now()),
            }),
            room: Notify::new(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wait for a slot under the current limit.
    pub(crate) async fn acquire(self: &Arc<Self>) -> Permit {
        loop {
            let notified = self.room.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut s = self.lock();
                if (s.in_flight as f64) < s.limit.floor().max(1.0) {
                    s.in_flight += 1;
                    s.peak = s.peak.max(s.in_flight);
                    return Permit {
                        limiter: self.clone(),
                        sent: AtomicBool::new(false),
                        opened: AtomicBool::new(false),
                    };
                }
                s.window.saturated = true;
            }
            notified.await;
        }
    }

    pub(crate) fn ceiling(&self) -> usize {
        self.ceiling
    }

    /// Most calls in flight at once so far.
    pub(crate) fn peak(&self) -> usize {
        self.lock().peak
    }

    /// The limit now.
    pub(crate) fn limit(&self) -> usize {
        self.lock().limit.floor() as usize
    }

    /// `network`: the call went on a connection already open, so its time is the network's round
    /// trip (and any queueing), not handshakes too.
    fn record(&self, rtt: Duration, answer: Answer, was_sent: bool, network: bool) {
        let now = Instant::now();
        let grown = {
            let mut s = self.lock();
            s.answered = true;
            if was_sent {
                s.on_wire = s.on_wire.saturating_sub(1);
            }
            if network {
                s.floor = Some(s.floor.map_or(rtt, |f| f.min(rtt)));
                s.window.net_samples += 1;
                s.window.net_rtt_total += rtt;
            }
            let w = &mut s.window;
            w.samples += 1;
            w.rtt_total += rtt;
            match answer {
                Answer::Accepted => w.accepted += 1,
                Answer::Throttled => w.throttled += 1,
                Answer::Other => {}
            }
            let before = s.limit.floor();
            if s.window_done(now) {
                s.adjust(now, self.ceiling as f64);
            }
            (s.limit.floor() - before).max(0.0) as usize
        };
        self.wake(grown);
    }

    /// New slots: wake as many waiters.
    fn wake(&self, slots: usize) {
        for _ in 0..slots {
            self.room.notify_one();
        }
    }

    /// Until the first answer, a call's round trip is at least the time since the first call went
    /// out: from [`OPEN_AFTER`] on, the limit opens with that time at `rate` (Little's law: in
    /// flight = rate x round trip), up to [`OPEN_BEFORE_ANSWER_MAX`]. On AWS a new connection's
    /// first answer waits out the TCP and TLS handshakes too, three round trips: from 64 slots,
    /// doubling once per round trip after that, an 80 ms fan-out spent its first half second under
    /// the account's rate while the account's full bucket refilled for nothing. On loopback the
    /// first answer comes within a few milliseconds and nothing opens. Returns at the first answer,
    /// or when fully open; run it beside the calls (`rate`: the account's default, or `--rate` if
    /// lower).
    pub(crate) async fn open_until_first_answer(self: Arc<Self>, rate: f64) {
        let most = OPEN_BEFORE_ANSWER_MAX.min(self.ceiling as f64);
        loop {
            tokio::time::sleep(OPENING_TICK).await;
            let grown = {
                let mut s = self.lock();
                if s.answered || s.limit >= most {
                    return;
                }
                let waited = s.first_sent.map_or(Duration::ZERO, |t| t.elapsed());
                if waited < OPEN_AFTER {
                    continue;
                }
                let opened = (rate * waited.as_secs_f64()).min(most);
                let before = s.limit.floor();
                if opened > s.limit {
                    s.limit = opened;
                    s.previous_limit = opened;
                }
                (s.limit.floor() - before).max(0.0) as usize
            };
            self.wake(grown);
        }
    }
}

impl State {
    fn floor(&self) -> Duration {
        self.floor.unwrap_or(FLOOR_MIN).max(FLOOR_MIN)
    }

    fn window_done(&self, now: Instant) -> bool {
        let span = (self.floor() * WINDOW_RTTS).max(WINDOW_MIN);
        let elapsed = now.duration_since(self.window.started);
        (elapsed >= span && self.window.samples >= 8) || elapsed >= Duration::from_secs(1)
    }

    /// End a window: move the limit by what it showed.
    fn adjust(&mut self, now: Instant, ceiling: f64) {
        let w = std::mem::replace(&mut self.window, Window::new(now));
        self.window.peak_on_wire = self.on_wire;
        let elapsed = now.duration_since(w.started).as_secs_f64().max(1e-6);
        let floor = self.floor().as_secs_f64();
        // Only calls on open connections tell the network's round trip; a window of new
        // connections alone (the first, or a growth step at a long round trip) shows no queueing.
        let rtt = if w.net_samples > 0 {
            w.net_rtt_total.as_secs_f64() / w.net_samples as f64
        } else {
            floor
        };
        // What the accepted rate needs at this round trip (Little's law), a quarter to spare.
        let needed = w.accepted as f64 / elapsed * rtt * 1.25;
        self.average_use(&w, elapsed);
        let next = if w.throttled > 0 {
            // The account's limit: keep what its accepted rate needs; never grow on a 429.
            self.slow_start = false;
            needed.clamp(self.limit * 0.5, self.limit)
        } else if rtt > floor * QUEUEING {
            // Queueing: stop growing and give back slots the accepted rate does not use. Never
            // below what it uses: on a loaded machine round trips rise with the CPU's queue, not
            // ours, and cutting a binding limit would only cut throughput.
            self.slow_start = false;
            needed.clamp(self.limit * 0.9, self.limit)
        } else {
            // Calls on the wire at once against the slots: when the slots wait on the pace, or
            // nobody waited for one, more of them would not go faster.
            let busy = w.saturated && w.peak_on_wire as f64 >= self.limit.floor() * BUSY;
            if self.use_share < TRIM_USE {
                // Slots that serve only bursts: back towards twice what the long-run rate uses.
                // Overshot once: from here on, growth is by a tenth, not by doubling.
                self.slow_start = false;
                (self.limit * self.use_share * 2.0).clamp(self.limit * 0.9, self.limit)
            } else if busy && self.use_share >= GROW_USE {
                if self.slow_start {
                    self.limit * 2.0
                } else {
                    self.limit + (self.limit * 0.1).max(1.0)
                }
            } else {
                self.limit
            }
        };
        self.previous_limit = self.limit;
        self.limit = next.clamp(MIN.min(ceiling), ceiling);
        tracing::trace!(
            limit = self.limit as u64,
            use_share = self.use_share,
            rtt_ms = rtt * 1e3,
            accepted_per_s = w.accepted as f64 / elapsed,
            saturated = w.saturated,
            peak_on_wire = w.peak_on_wire,
            "concurrency window"
        );
    }

    /// Fold a window into the slots' average use. Calls on the wire on average are the round trips
    /// of the calls answered over the time they took (Little's law), against the limit they were
    /// sent under.
    fn average_use(&mut self, w: &Window, elapsed: f64) {
        let on_wire = w.rtt_total.as_secs_f64() / elapsed;
        let share = (on_wire / self.previous_limit.min(self.limit).max(1.0)).min(1.0);
        let weight = (elapsed / USE_HORIZON.as_secs_f64()).min(1.0);
        self.use_share += (share - self.use_share) * weight;
    }
}

/// Open files a run needs besides its @connections sockets (DynamoDB, the failures file, stdio).
const SPARE_FILES: u64 = 256;

/// The concurrency ceiling this process can hold: one socket per call in flight. Raises the soft
/// open-file limit as far as the hard limit allows; a ceiling the user asked for that still does not
/// fit is an error, the default one is lowered to fit.
pub(crate) fn fit_ceiling(requested: Option<u32>, default: u32) -> crate::error::Result<usize> {
    let wanted = u64::from(requested.unwrap_or(default));
    let soft = match rlimit::increase_nofile_limit(wanted + SPARE_FILES) {
        Ok(n) => n,
        // Not a Unix limit we can read: nothing to check.
        Err(_) => return Ok(wanted as usize),
    };
    if soft >= wanted + SPARE_FILES {
        return Ok(wanted as usize);
    }
    let fits = soft.saturating_sub(SPARE_FILES).max(1);
    match requested {
        Some(n) => Err(crate::error::Error::config(format!(
            "--concurrency {n} needs about {} open files, but this process may open only {soft}",
            wanted + SPARE_FILES
        ))
        .with_hint(format!(
            "raise the hard limit (ulimit -Hn) or pass --concurrency {fits} or less"
        ))),
        None => {
            tracing::debug!("open-file limit {soft}: concurrency ceiling lowered to {fits}");
            Ok(fits as usize)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `samples` calls answered in `total`, all on connections already open.
    fn answered_on_open_connections(w: &mut Window, samples: u64, total: Duration) {
        w.samples = samples;
        w.rtt_total = total;
        w.net_samples = samples;
        w.net_rtt_total = total;
    }

    fn feed(l: &Limiter, n: u64, rtt: Duration, answer: Answer, saturated: bool) {
        let mut s = l.lock();
        s.window.saturated = saturated;
        // Every slot on the wire when saturated, as many as the samples over a round trip otherwise.
        s.window.peak_on_wire = s.limit as usize;
        answered_on_open_connections(&mut s.window, n, rtt * n as u32);
        match answer {
            Answer::Accepted => s.window.accepted = n,
            Answer::Throttled => s.window.throttled = n,
            Answer::Other => {}
        }
        s.floor = Some(s.floor.map_or(rtt, |f| f.min(rtt)));
    }

    fn end_window(l: &Limiter, after: Duration) -> usize {
        let mut s = l.lock();
        let at = s.window.started + after;
        s.adjust(at, l.ceiling as f64);
        s.limit as usize
    }

    #[test]
    fn grows_while_busy_and_stops_when_slots_idle() {
        let l = Limiter::new(4096);
        let rtt = Duration::from_millis(20);
        let mut limit = l.limit();
        // Every slot making calls: 64 slots at 20 ms = 3,200 calls/s, 128 calls in a 40 ms window.
        for _ in 0..5 {
            feed(&l, (limit as u64) * 2, rtt, Answer::Accepted, true);
            let next = end_window(&l, rtt * 2);
            assert_eq!(next, limit * 2);
            limit = next;
        }
        // The pace binds: only a tenth of the slots on the wire. No growth.
        feed(&l, (limit as u64) / 5, rtt, Answer::Accepted, true);
        l.lock().window.peak_on_wire = limit / 10;
        assert_eq!(end_window(&l, rtt * 2), limit);
        // Nobody waited for a slot: no growth either.
        feed(&l, (limit as u64) * 2, rtt, Answer::Accepted, false);
        assert_eq!(end_window(&l, rtt * 2), limit);
    }

    #[test]
    fn throttling_shrinks_to_what_the_accepted_rate_needs() {
        let l = Limiter::new(4096);
        l.lock().limit = 1024.0;
        // 2,000 accepted/s at 20 ms: 40 in flight needed, 50 with the margin, but a 429 halves at most.
        {
            let mut s = l.lock();
            s.window.accepted = 80;
            s.window.throttled = 50;
            answered_on_open_connections(&mut s.window, 130, Duration::from_millis(20) * 130);
            s.floor = Some(Duration::from_millis(20));
        }
        assert_eq!(end_window(&l, Duration::from_millis(40)), 512);
        {
            let mut s = l.lock();
            s.window.accepted = 80;
            s.window.throttled = 5;
            answered_on_open_connections(&mut s.window, 85, Duration::from_millis(20) * 85);
        }
        assert_eq!(end_window(&l, Duration::from_millis(40)), 256);
        // Slow start is over: growth is by a tenth now.
        feed(&l, 512, Duration::from_millis(20), Answer::Accepted, true);
        assert_eq!(end_window(&l, Duration::from_millis(20)), 281);
    }

    #[test]
    fn rising_round_trips_shrink_and_the_ceiling_holds() {
        let l = Limiter::starting_at(100, 16);
        assert_eq!(l.limit(), 16);
        feed(&l, 64, Duration::from_millis(20), Answer::Accepted, true);
        assert_eq!(end_window(&l, Duration::from_millis(20)), 32);
        // Queueing: five times the floor.
        feed(&l, 64, Duration::from_millis(100), Answer::Other, true);
        assert_eq!(end_window(&l, Duration::from_millis(100)), 28);
        // Still queueing, but every slot carries accepted calls (a loaded machine): held, not cut.
        feed(&l, 28, Duration::from_millis(100), Answer::Accepted, true);
        assert_eq!(end_window(&l, Duration::from_millis(100)), 28);
        let mut s = l.lock();
        s.limit = 90.0;
        s.slow_start = true;
        drop(s);
        feed(&l, 200, Duration::from_millis(20), Answer::Accepted, true);
        assert_eq!(end_window(&l, Duration::from_millis(20)), 100);
    }

    #[test]
    fn calls_that_opened_their_connection_are_not_round_trip_samples() {
        let l = Limiter::new(4096);
        let rtt = Duration::from_millis(80);
        // A growth step: half the slots on connections already open, half on new ones, which also
        // waited out handshakes (here three round trips more).
        for _ in 0..32 {
            l.record(rtt, Answer::Accepted, false, true);
            l.record(rtt * 4, Answer::Accepted, false, false);
        }
        {
            let mut s = l.lock();
            s.window.saturated = true;
            s.window.peak_on_wire = 64;
        }
        assert_eq!(l.lock().floor, Some(rtt));
        // Averaged together they would look like queueing (2.5 times the floor) and end slow start.
        assert_eq!(end_window(&l, rtt), 128);
    }

    /// One window of a producer whose calls wait in `queued`, at a round trip of one window: the
    /// calls the limit lets out go on the wire together and are answered at its end.
    fn bursty_window(l: &Limiter, queued: &mut u64, rtt: Duration) {
        let mut s = l.lock();
        let limit = s.limit.floor() as u64;
        let sent = (*queued).min(limit);
        *queued -= sent;
        s.window.saturated = *queued > 0;
        s.window.peak_on_wire = sent as usize;
        answered_on_open_connections(&mut s.window, sent.max(8), rtt * sent as u32);
        s.window.accepted = sent;
        s.floor = Some(rtt);
        let at = s.window.started + rtt;
        s.adjust(at, l.ceiling as f64);
    }

    #[test]
    fn a_bursty_producer_does_not_grow_the_limit_past_what_its_rate_needs() {
        // Scan pages: 1,000 calls every 200 ms (5,000/s) at 20 ms. On the wire on average: 100.
        let l = Limiter::new(4096);
        let rtt = Duration::from_millis(20);
        let mut queued = 0;
        let mut highest = 0;
        for window in 0..500 {
            if window % 10 == 0 {
                queued += 1000;
            }
            bursty_window(&l, &mut queued, rtt);
            highest = highest.max(l.limit());
        }
        // Slow start drains the first pages at up to 1,024 at once; then the slots, idle most of
        // each period, are given back to within 2.5 times the 100 the rate needs.
        assert!(highest <= 1024, "{highest}");
        let settled = l.limit();
        assert!((100..=250).contains(&settled), "{settled}");
        // A producer that keeps every slot busy still grows the limit from there.
        for _ in 0..200 {
            queued += 100_000;
            bursty_window(&l, &mut queued, rtt);
        }
        assert!(l.limit() > 2 * settled, "{}", l.limit());
    }

    /// Permits for every slot of the limit now, each on the wire.
    async fn all_on_the_wire(l: &Arc<Limiter>) -> Vec<Permit> {
        let mut permits = Vec::new();
        for _ in 0..l.limit() {
            let p = l.acquire().await;
            p.sending();
            permits.push(p);
        }
        permits
    }

    #[tokio::test]
    async fn until_the_first_answer_the_limit_opens_with_the_time_waited() {
        let l = Limiter::new(4096);
        let opening = tokio::spawn(l.clone().open_until_first_answer(10_000.0));
        // Nothing on the wire yet: nothing to open for.
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(l.limit(), START as usize);
        let sent_at = Instant::now();
        let permits = all_on_the_wire(&l).await;
        // Answers this quick may be a busy machine's loopback: nothing opens yet.
        tokio::time::sleep(Duration::from_millis(10)).await;
        let limit = l.limit();
        if sent_at.elapsed() < OPEN_AFTER {
            assert_eq!(limit, START as usize);
        }
        // A waiter gets one of the slots that open while no answer comes.
        let waiter = tokio::spawn({
            let l = l.clone();
            async move { l.acquire().await }
        });
        // 10,000 calls/s for 40 ms: 400 slots.
        while l.limit() < 400 {
            assert!(sent_at.elapsed() < Duration::from_secs(5), "{}", l.limit());
            tokio::time::sleep(OPENING_TICK).await;
        }
        let opened = l.limit();
        assert!(
            opened as f64 <= 10_000.0 * sent_at.elapsed().as_secs_f64() + 1.0,
            "{opened}"
        );
        let extra = tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("a waiter is woken when slots open")
            .unwrap();
        // The first answer ends the opening: from here on, the windows move the limit.
        permits[0].answered(sent_at, Answer::Accepted);
        tokio::time::timeout(Duration::from_secs(5), opening)
            .await
            .expect("the opening ends at the first answer")
            .unwrap();
        let at_answer = l.limit();
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert_eq!(l.limit(), at_answer);
        drop(extra);
    }

    #[tokio::test]
    async fn the_opening_stops_at_its_cap_and_at_the_ceiling() {
        // (ceiling, where the opening stops): its own cap, or a lower ceiling.
        for (ceiling, open) in [(4096, OPEN_BEFORE_ANSWER_MAX as usize), (100, 100)] {
            let l = Limiter::new(ceiling);
            let _permits = all_on_the_wire(&l).await;
            tokio::time::timeout(
                Duration::from_secs(5),
                l.clone().open_until_first_answer(1_000_000.0),
            )
            .await
            .expect("fully open without an answer");
            assert_eq!(l.limit(), open, "ceiling {ceiling}");
        }
    }

    #[tokio::test]
    async fn acquire_waits_for_a_free_slot() {
        let l = Limiter::new(1);
        let first = l.acquire().await;
        let l2 = l.clone();
        let second = tokio::spawn(async move {
            let _p = l2.acquire().await;
        });
        tokio::task::yield_now().await;
        assert!(!second.is_finished());
        drop(first);
        tokio::time::timeout(Duration::from_secs(5), second)
            .await
            .expect("the second acquire gets the freed slot")
            .unwrap();
        assert_eq!(l.peak(), 1);
    }
}
