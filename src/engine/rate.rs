//! Adaptive rate control for @connections calls: `--rate` is a ceiling, and on throttling (429
//! LimitExceeded from several connections) the rate backs off multiplicatively and recovers
//! additively (AIMD), so a throttled fan-out runs close to the allowed rate. A 429 confined to one
//! connection means that client's buffer is full: it is retried on its own backoff and does not slow
//! the rest.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

/// The cut on account-wide throttling, from the rate accepted just before it (or the pace). A 429
/// means the account's bucket is empty, so what it accepted in the last `RECENT` is about its refill
/// rate: a tenth below that is enough. A deeper cut would leave the fan-out well under the limit for
/// as long as the pace takes to climb back.
const DECREASE: f64 = 0.9;
const MIN_RATE: f64 = 5.0;
/// Distinct connections throttled within the window that make a 429 "global".
const GLOBAL_DISTINCT: usize = 3;
const WINDOW: Duration = Duration::from_secs(1);
/// How far back the accepted rate is measured before the first cut.
const RECENT: Duration = Duration::from_millis(200);

#[derive(Debug)]
pub struct RateController {
    state: Mutex<State>,
    /// 429s seen (slow clients' included).
    throttles: AtomicU64,
}

#[derive(Debug)]
struct State {
    ceiling: Option<f64>,
    /// Current pacing rate; None = unpaced (no ceiling and no throttling seen yet).
    current: Option<f64>,
    next_slot: Instant,
    last_decrease: Instant,
    last_increase: Instant,
    recent_throttles: VecDeque<(Instant, u64)>,
    /// Times of the successes of the last `RECENT` (for the accepted rate when throttling starts).
    recent_successes: VecDeque<Instant>,
    decreases: u64,
}

impl RateController {
    pub fn new(ceiling: Option<f64>) -> Self {
        let now = Instant::now();
        RateController {
            state: Mutex::new(State {
                ceiling,
                current: ceiling,
                next_slot: now,
                last_decrease: now - Duration::from_secs(1),
                last_increase: now,
                recent_throttles: VecDeque::new(),
                recent_successes: VecDeque::new(),
                decreases: 0,
            }),
            throttles: AtomicU64::new(0),
        }
    }

    /// Wait for the next send slot. Slots are taken, not booked ahead: with many workers waiting,
    /// booking would fix the spacing of the next seconds at the old pace and a raised pace would
    /// take effect only after them.
    pub async fn acquire(&self) {
        loop {
            // After Ctrl-C nothing more is sent: let the caller see it now, not at its slot.
            if crate::signal::is_interrupted() {
                return;
            }
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                let Some(rate) = s.current else { return };
                let now = Instant::now();
                // Allow a small burst after idling, not an unbounded one.
                let floor = now - Duration::from_millis(50);
                if s.next_slot < floor {
                    s.next_slot = floor;
                }
                if s.next_slot <= now {
                    s.next_slot += Duration::from_secs_f64(1.0 / rate.max(MIN_RATE));
                    return;
                }
                (s.next_slot - now).min(Duration::from_millis(20))
            };
            tokio::time::sleep(wait).await;
        }
    }

    pub fn on_success(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        s.recent_successes.push_back(now);
        while s
            .recent_successes
            .front()
            .is_some_and(|t| now.duration_since(*t) > RECENT)
        {
            s.recent_successes.pop_front();
        }
        if let Some(rate) = s.current {
            if now.duration_since(s.last_increase) >= Duration::from_millis(100)
                && now.duration_since(s.last_decrease) >= Duration::from_millis(300)
            {
                // Increase while no 429 comes: 2% per 100 ms just after a cut, then 10% per 100 ms
                // once a second has passed calmly (a cut can land far below the limit when it was
                // measured while targets were still trickling in). Overshooting costs little: one
                // more cut, and throttled targets are only re-queued.
                let calm = now.duration_since(s.last_decrease);
                let factor = if calm >= Duration::from_secs(1) {
                    0.10
                } else {
                    0.02
                };
                let step = (rate * factor).max(1.0);
                let next = rate + step;
                s.current = Some(match s.ceiling {
                    Some(c) => next.min(c),
                    None => next,
                });
                s.last_increase = now;
            }
        }
    }

    /// Record a 429 for connection `conn_hash`; returns true when it was taken as account-level
    /// throttling (the pace was lowered), false when it looks like one slow client.
    /// `sent_at`: when the throttled request left; answers to requests sent before the last cut
    /// say nothing about the new pace, so they do not cut again (one cut per round trip).
    pub fn on_throttle(&self, conn_hash: u64, sent_at: Instant) -> bool {
        self.throttles.fetch_add(1, Ordering::Relaxed);
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        while let Some((t, _)) = s.recent_throttles.front() {
            if now.duration_since(*t) > WINDOW {
                s.recent_throttles.pop_front();
            } else {
                break;
            }
        }
        s.recent_throttles.push_back((now, conn_hash));
        let mut distinct: Vec<u64> = s.recent_throttles.iter().map(|(_, h)| *h).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < GLOBAL_DISTINCT {
            return false;
        }
        if sent_at > s.last_decrease
            && now.duration_since(s.last_decrease) >= Duration::from_millis(200)
        {
            // Cut from the rate accepted just before the 429s (the last RECENT), or from the pace
            // if that is lower: the pace may have climbed far above what was really being sent.
            let n = s.recent_successes.len() as f64;
            let span = s
                .recent_successes
                .front()
                .map(|t| now.duration_since(*t).as_secs_f64())
                .unwrap_or(0.0)
                .max(0.02);
            let accepted = (n >= 3.0).then_some(n / span);
            let base = match (s.current, accepted) {
                (Some(c), Some(a)) => c.min(a),
                (Some(c), None) => c,
                (None, Some(a)) => a,
                (None, None) => MIN_RATE * 4.0,
            };
            s.recent_successes.clear();
            s.current = Some((base * DECREASE).max(MIN_RATE));
            s.last_decrease = now;
            s.decreases += 1;
            tracing::debug!(rate = ?s.current, "throttled: lowering the send rate");
        }
        true
    }

    /// The current pacing rate (None = unpaced).
    pub fn current(&self) -> Option<f64> {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).current
    }
}

/// The paces of one run: its own endpoint's, and one per other throttle scope its routed targets
/// reach (another region's account limit, another emulator; [`super::routing::throttle_scope`]), so
/// that a throttled region does not slow the rest. `--rate` is the ceiling of each.
#[derive(Debug)]
pub struct Paces {
    own: Arc<RateController>,
    ceiling: Option<f64>,
    /// At most one per routed scope (a run routes to at most 64 endpoints): a list is enough.
    others: Mutex<Vec<(Arc<str>, Arc<RateController>)>>,
}

/// How the pace of one routed throttle scope ended (fan-out summaries, `routed_rates`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoutedRate {
    /// The region, or the emulator's `host:port`.
    pub scope: String,
    pub throttled: u64,
    pub final_rate: Option<f64>,
}

impl RoutedRate {
    /// For people: `eu-west-1 37/s after 12 throttled`, `us-east-1 unthrottled`.
    pub fn describe_all(rates: &[RoutedRate]) -> String {
        let one = |r: &RoutedRate| match (r.throttled, r.final_rate) {
            (0, _) => format!("{} unthrottled", r.scope),
            (n, Some(rate)) => format!("{} {rate:.0}/s after {n} throttled", r.scope),
            (n, None) => format!("{} {n} throttled (slow clients)", r.scope),
        };
        rates.iter().map(one).collect::<Vec<_>>().join(", ")
    }
}

impl Paces {
    pub fn new(ceiling: Option<f64>) -> Self {
        Paces {
            own: Arc::new(RateController::new(ceiling)),
            ceiling,
            others: Mutex::new(Vec::new()),
        }
    }

    pub fn own(&self) -> &Arc<RateController> {
        &self.own
    }

    /// The pace of a throttle scope; None: the run's own endpoint's.
    pub fn of(&self, scope: Option<&Arc<str>>) -> Arc<RateController> {
        let Some(scope) = scope else {
            return self.own.clone();
        };
        let mut others = self.others.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, pace)) = others.iter().find(|(s, _)| s == scope) {
            return pace.clone();
        }
        let pace = Arc::new(RateController::new(self.ceiling));
        others.push((scope.clone(), pace.clone()));
        pace
    }

    pub fn routed(&self) -> Vec<RoutedRate> {
        let others = self.others.lock().unwrap_or_else(|e| e.into_inner());
        others
            .iter()
            .map(|(scope, pace)| RoutedRate {
                scope: scope.to_string(),
                throttled: pace.throttles.load(Ordering::Relaxed),
                final_rate: pace.current(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_slow_client_does_not_lower_the_rate() {
        let r = RateController::new(Some(1000.0));
        for _ in 0..20 {
            assert!(!r.on_throttle(7, Instant::now()));
        }
        assert_eq!(r.current(), Some(1000.0));
    }

    #[test]
    fn many_throttled_clients_lower_then_recover() {
        let r = RateController::new(Some(1000.0));
        r.on_throttle(1, Instant::now());
        r.on_throttle(2, Instant::now());
        assert!(r.on_throttle(3, Instant::now()));
        let lowered = r.current().unwrap();
        assert!((600.0..1000.0).contains(&lowered), "{lowered}");
    }

    #[test]
    fn the_first_cut_starts_from_the_accepted_rate() {
        let r = RateController::new(None);
        for _ in 0..200 {
            r.on_success();
        }
        std::thread::sleep(Duration::from_millis(100));
        r.on_throttle(1, Instant::now());
        r.on_throttle(2, Instant::now());
        assert!(r.on_throttle(3, Instant::now()));
        // About 200 successes in ~0.1 s: ~2,000/s, cut to ~1,400/s, not to a fixed floor.
        let rate = r.current().unwrap();
        assert!(rate > 500.0, "{rate}");
    }

    #[test]
    fn recovery_speeds_up_while_calm() {
        let r = RateController::new(Some(10_000.0));
        {
            let mut s = r.state.lock().unwrap();
            s.current = Some(100.0);
            s.last_decrease = Instant::now() - Duration::from_secs(4);
            s.last_increase = Instant::now() - Duration::from_secs(1);
        }
        r.on_success();
        // Calm for a while: a 10% step, not 2%.
        assert!(r.current().unwrap() >= 109.9, "{:?}", r.current());
    }

    #[test]
    fn each_throttle_scope_has_its_own_pace() {
        let paces = Paces::new(Some(1000.0));
        let (eu, us): (Arc<str>, Arc<str>) = (Arc::from("eu-west-1"), Arc::from("us-east-1"));
        let eu_pace = paces.of(Some(&eu));
        assert!(Arc::ptr_eq(&eu_pace, &paces.of(Some(&eu))));
        assert!(Arc::ptr_eq(paces.own(), &paces.of(None)));
        for conn in 1..=3 {
            eu_pace.on_throttle(conn, Instant::now());
        }
        paces.of(Some(&us));
        // eu-west-1 was cut; us-east-1 and the run's own endpoint keep the ceiling.
        assert_eq!(paces.own().current(), Some(1000.0));
        let routed = paces.routed();
        assert_eq!(routed.len(), 2);
        assert_eq!(
            (routed[0].scope.as_str(), routed[0].throttled),
            ("eu-west-1", 3)
        );
        assert!(routed[0].final_rate.unwrap() < 1000.0, "{routed:?}");
        assert_eq!(
            routed[1],
            RoutedRate {
                scope: "us-east-1".into(),
                throttled: 0,
                final_rate: Some(1000.0)
            }
        );
    }

    #[tokio::test]
    async fn paces_at_the_ceiling() {
        let r = RateController::new(Some(200.0));
        let start = Instant::now();
        for _ in 0..41 {
            r.acquire().await;
        }
        // 40 intervals of 5 ms, minus the 50 ms burst allowance.
        assert!(
            start.elapsed() >= Duration::from_millis(140),
            "{:?}",
            start.elapsed()
        );
    }
}
