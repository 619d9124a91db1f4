//! Adaptive rate control for @connections calls: `--rate` is a ceiling, and on throttling (429
//! LimitExceeded from several connections) the rate backs off multiplicatively and recovers
//! additively (AIMD), so a throttled fan-out runs close to the allowed rate. A 429 confined to one
//! connection means that client's buffer is full: it is retried on its own backoff and does not slow
//! the rest.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const DECREASE: f64 = 0.7;
const MIN_RATE: f64 = 5.0;
/// Distinct connections throttled within the window that make a 429 "global".
const GLOBAL_DISTINCT: usize = 3;
const WINDOW: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct RateController {
    state: Mutex<State>,
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
    window_start: Instant,
    window_successes: u64,
    observed: f64,
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
                window_start: now,
                window_successes: 0,
                observed: 0.0,
                decreases: 0,
            }),
        }
    }

    /// Wait for the next send slot.
    pub async fn acquire(&self) {
        let wait = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            match s.current {
                None => return,
                Some(rate) => {
                    let now = Instant::now();
                    // Allow a small burst after idling, not an unbounded one.
                    let floor = now - Duration::from_millis(50);
                    let slot = if s.next_slot < floor {
                        floor
                    } else {
                        s.next_slot
                    };
                    s.next_slot = slot + Duration::from_secs_f64(1.0 / rate.max(MIN_RATE));
                    slot.saturating_duration_since(now)
                }
            }
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    pub fn on_success(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        s.window_successes += 1;
        let elapsed = now.duration_since(s.window_start);
        if elapsed >= Duration::from_millis(500) {
            s.observed = s.window_successes as f64 / elapsed.as_secs_f64();
            s.window_successes = 0;
            s.window_start = now;
        }
        if let Some(rate) = s.current {
            if now.duration_since(s.last_increase) >= Duration::from_millis(100)
                && now.duration_since(s.last_decrease) >= Duration::from_millis(300)
            {
                // Additive increase: about 5% of the rate per second of clean sending.
                let step = (rate * 0.005).max(1.0);
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
    pub fn on_throttle(&self, conn_hash: u64) -> bool {
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
        if now.duration_since(s.last_decrease) >= Duration::from_millis(200) {
            let base = s.current.unwrap_or_else(|| s.observed.max(MIN_RATE * 10.0));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_slow_client_does_not_lower_the_rate() {
        let r = RateController::new(Some(1000.0));
        for _ in 0..20 {
            assert!(!r.on_throttle(7));
        }
        assert_eq!(r.current(), Some(1000.0));
    }

    #[test]
    fn many_throttled_clients_lower_then_recover() {
        let r = RateController::new(Some(1000.0));
        r.on_throttle(1);
        r.on_throttle(2);
        assert!(r.on_throttle(3));
        let lowered = r.current().unwrap();
        assert!((600.0..1000.0).contains(&lowered), "{lowered}");
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
