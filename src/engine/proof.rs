//! What a 410 Gone may delete.
//!
//! API Gateway answers 410 for every connection id it does not know. A wrong `--endpoint` (another
//! stage, API or region) knows none of the fleet's connections, and a connection whose `$connect`
//! handler has written its row but not yet returned is not known either. So a 410 is proof that a
//! row is stale only when two more things hold:
//!
//! - **the row is old enough**: its `connectedAt` lies further back than the grace (default 60 s,
//!   above API Gateway's 29 s integration timeout). Younger rows are kept and counted (`too_young`);
//!   rows whose `connectedAt` cannot be read are kept by a fan-out (`age_unknown`) and probed a
//!   second time, a grace later, by a sweep.
//! - **the endpoint knows this fleet**: the [`EndpointGuard`] holds every delete of a run until an
//!   answer shows the endpoint knows one of its connections (alive, delivered, disconnected). When
//!   the first [`GUARD_WINDOW`] distinct answers (or all, in a shorter run) are all 410, the run
//!   deletes nothing and stops with [`crate::error::ErrorKind::EndpointGuard`]. After it opened, the
//!   guard keeps watching rows connected within the last two hours: when nine in ten of at least
//!   [`RECENT_WINDOW`] such answers are 410, far more than lost `$disconnect`s explain (a table
//!   shared with another stage whose rows carry no `domainName`), it stops the run too.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

use super::Target;

/// Distinct answers the guard looks at before it lets deletes through.
pub const GUARD_WINDOW: u64 = 100;
/// Answers about recent rows (connected within two hours) before the wider guard judges their share.
pub const RECENT_WINDOW: u64 = 200;
/// Default grace: API Gateway's integration timeout is 29 s; twice that, rounded up.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(60);
/// A connection lives at most two hours: a row younger than that may well be live.
const RECENT: Duration = Duration::from_secs(2 * 3600);

/// How old a target's row is, as read from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowAge {
    /// No row was read (an id from the command line): the pruner reads it and checks its age.
    #[default]
    NotRead,
    /// A row was read, without a readable `connectedAt`.
    Unknown,
    /// `connectedAt`, epoch milliseconds.
    ConnectedAt(u64),
    /// Unknown age, but answered 410 twice a grace apart (a sweep's second probe).
    GoneTwice,
}

impl RowAge {
    pub fn from_millis(ms: Option<u64>) -> RowAge {
        ms.map_or(RowAge::Unknown, RowAge::ConnectedAt)
    }
}

/// Whether a 410 about a row of this age may delete it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeCheck {
    OldEnough,
    TooYoung,
    Unknown,
    /// The pruner decides once it has read the row.
    NotRead,
}

pub fn check_age(age: RowAge, now_ms: u64, grace: Duration) -> AgeCheck {
    match age {
        RowAge::NotRead => AgeCheck::NotRead,
        RowAge::Unknown => AgeCheck::Unknown,
        RowAge::GoneTwice => AgeCheck::OldEnough,
        RowAge::ConnectedAt(at) => {
            // A connectedAt in the future (a skewed writer's clock) is as young as can be.
            if now_ms.saturating_sub(at) >= grace.as_millis() as u64 && at <= now_ms {
                AgeCheck::OldEnough
            } else {
                AgeCheck::TooYoung
            }
        }
    }
}

fn is_recent(age: RowAge, now_ms: u64) -> bool {
    matches!(age, RowAge::ConnectedAt(at) if now_ms.saturating_sub(at) < RECENT.as_millis() as u64)
}

/// The guard's state, as reported in summaries (`guard` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GuardState {
    /// No 410 and no other answer yet (or no deletes in this run).
    #[default]
    Idle,
    /// Only 410s so far: deletes are held.
    Watching,
    /// An answer showed the endpoint knows the fleet: deletes go through.
    Open,
    /// The run stopped: the endpoint looks wrong. Nothing it held was deleted.
    Tripped,
    /// `--allow-all-gone`: no guard.
    Off,
}

/// What the guard saw, for the summary and the error.
#[derive(Debug, Clone, Serialize, Default)]
pub struct GuardReport {
    pub state: GuardState,
    /// Distinct answers seen while watching, and how many of them were 410.
    pub answers: u64,
    pub gone: u64,
    /// Answers about rows connected within two hours after the guard opened, and the 410s among them.
    pub recent_answers: u64,
    pub recent_gone: u64,
    /// Deletes held and then dropped when the guard tripped.
    pub held_dropped: u64,
    /// Why it tripped, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl GuardReport {
    /// One line for the human summary.
    pub fn describe(&self) -> String {
        match self.state {
            GuardState::Idle => "no 410 answers".into(),
            GuardState::Off => "off (--allow-all-gone)".into(),
            GuardState::Open => format!(
                "open: the endpoint knows this fleet ({} of the first {} answers were 410)",
                self.gone, self.answers
            ),
            GuardState::Watching => format!("watching: {} answers, all 410", self.answers),
            GuardState::Tripped => format!(
                "STOPPED: {}",
                self.reason.as_deref().unwrap_or("only 410 answers")
            ),
        }
    }
}

/// What to do with a 410 that is otherwise proof.
pub enum Admit {
    /// Delete now.
    Now,
    /// Held until the guard opens (or dropped if it trips).
    Held,
    /// The guard has tripped: delete nothing. `first` is true for the answer that tripped it.
    Refused { first: bool },
}

/// Holds deletes until the run has shown that its endpoint knows the fleet (see the module docs).
pub struct EndpointGuard {
    enabled: bool,
    /// A dry run deletes nothing: it only reports what the guard would decide.
    holds: bool,
    state: Mutex<Inner>,
    pub recent_answers: AtomicU64,
    pub recent_gone: AtomicU64,
}

struct Inner {
    report: GuardReport,
    held: Vec<Target>,
}

impl EndpointGuard {
    pub fn new(enabled: bool, holds: bool) -> EndpointGuard {
        EndpointGuard {
            enabled,
            holds,
            state: Mutex::new(Inner {
                report: GuardReport {
                    state: if enabled {
                        GuardState::Idle
                    } else {
                        GuardState::Off
                    },
                    ..Default::default()
                },
                held: Vec::new(),
            }),
            recent_answers: AtomicU64::new(0),
            recent_gone: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An answer that shows the endpoint knows a connection. Returns the targets held so far: the
    /// caller deletes them now.
    pub fn saw_known(&self, age: RowAge, now_ms: u64) -> Vec<Target> {
        if !self.enabled {
            return Vec::new();
        }
        let mut s = self.lock();
        match s.report.state {
            GuardState::Idle | GuardState::Watching => {
                s.report.answers += 1;
                s.report.state = GuardState::Open;
                std::mem::take(&mut s.held)
            }
            GuardState::Open => {
                drop(s);
                if is_recent(age, now_ms) {
                    self.recent_answers.fetch_add(1, Ordering::Relaxed);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A 410 about a row old enough to delete: delete now, hold, or refuse.
    pub fn saw_gone(&self, target: &Target, now_ms: u64) -> Admit {
        if !self.enabled {
            return Admit::Now;
        }
        let mut s = self.lock();
        match s.report.state {
            GuardState::Idle | GuardState::Watching => {
                s.report.state = GuardState::Watching;
                s.report.answers += 1;
                s.report.gone += 1;
                if s.report.answers >= GUARD_WINDOW {
                    let reason = format!(
                        "the first {} connections answered 410 Gone, none alive or delivered",
                        s.report.answers
                    );
                    Self::trip(&mut s, reason);
                    return Admit::Refused { first: true };
                }
                if self.holds {
                    s.held.push(target.clone());
                    Admit::Held
                } else {
                    Admit::Now
                }
            }
            GuardState::Open => {
                drop(s);
                if is_recent(target.age, now_ms) {
                    let answers = self.recent_answers.fetch_add(1, Ordering::Relaxed) + 1;
                    let gone = self.recent_gone.fetch_add(1, Ordering::Relaxed) + 1;
                    if answers >= RECENT_WINDOW && gone * 10 >= answers * 9 {
                        let mut s = self.lock();
                        if s.report.state == GuardState::Open {
                            let reason = format!(
                                "{gone} of {answers} connections recorded within the last 2 h answered 410 Gone: far more than lost $disconnects explain"
                            );
                            Self::trip(&mut s, reason);
                            return Admit::Refused { first: true };
                        }
                    }
                }
                Admit::Now
            }
            GuardState::Tripped => Admit::Refused { first: false },
            GuardState::Off => Admit::Now,
        }
    }

    /// The run is over: a run that saw only 410s (fewer than the window) trips the guard too. An
    /// interrupted run judges nothing: what it held is dropped undeleted, and the rows stay for the
    /// next run.
    pub fn finish(&self, interrupted: bool) {
        let mut s = self.lock();
        if interrupted {
            s.report.held_dropped += s.held.len() as u64;
            s.held.clear();
            return;
        }
        if s.report.state == GuardState::Watching {
            let reason = format!(
                "all {} connection(s) answered 410 Gone, none alive or delivered",
                s.report.answers
            );
            Self::trip(&mut s, reason);
        }
    }

    fn trip(s: &mut Inner, reason: String) {
        s.report.state = GuardState::Tripped;
        s.report.held_dropped = s.held.len() as u64;
        s.held.clear();
        s.report.reason = Some(reason);
    }

    pub fn is_tripped(&self) -> bool {
        self.lock().report.state == GuardState::Tripped
    }

    pub fn report(&self) -> GuardReport {
        let mut r = self.lock().report.clone();
        r.recent_answers = self.recent_answers.load(Ordering::Relaxed);
        r.recent_gone = self.recent_gone.load(Ordering::Relaxed);
        r
    }
}

/// The error a tripped guard ends the run with: what it saw and what to check.
pub fn guard_error(report: &GuardReport, endpoint: &str, dry_run: bool) -> crate::error::Error {
    let what = report.reason.as_deref().unwrap_or("only 410 Gone answers");
    let done = if dry_run {
        "a real run would stop here and delete nothing"
    } else {
        "nothing was deleted on their account and the run stopped"
    };
    crate::error::Error::new(
        crate::error::ErrorKind::EndpointGuard,
        format!(
            "endpoint guard: {what} at {endpoint}; {done}"
        ),
    )
    .with_hint(
        "a wrong stage, API id or region answers 410 for every connection: check --endpoint against the rows' domainName/stage (`wsctl connections count --by endpoint`) and the region; if the whole fleet really is gone (after an outage), rerun with --allow-all-gone",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(age: RowAge) -> Target {
        let mut t = Target::id("a");
        t.age = age;
        t
    }

    #[test]
    fn rows_younger_than_the_grace_are_too_young() {
        let now = 1_000_000_000_000;
        let grace = Duration::from_secs(60);
        assert_eq!(
            check_age(RowAge::ConnectedAt(now - 59_000), now, grace),
            AgeCheck::TooYoung
        );
        assert_eq!(
            check_age(RowAge::ConnectedAt(now - 60_000), now, grace),
            AgeCheck::OldEnough
        );
        assert_eq!(
            check_age(RowAge::ConnectedAt(now + 5_000), now, grace),
            AgeCheck::TooYoung
        );
        assert_eq!(check_age(RowAge::Unknown, now, grace), AgeCheck::Unknown);
        assert_eq!(
            check_age(RowAge::GoneTwice, now, grace),
            AgeCheck::OldEnough
        );
    }

    #[test]
    fn the_guard_holds_until_a_known_answer_then_releases() {
        let g = EndpointGuard::new(true, true);
        let now = 10_000_000_000;
        for _ in 0..5 {
            assert!(matches!(
                g.saw_gone(&target(RowAge::Unknown), now),
                Admit::Held
            ));
        }
        let released = g.saw_known(RowAge::Unknown, now);
        assert_eq!(released.len(), 5);
        assert!(matches!(
            g.saw_gone(&target(RowAge::Unknown), now),
            Admit::Now
        ));
        g.finish(false);
        assert_eq!(g.report().state, GuardState::Open);
    }

    #[test]
    fn the_guard_trips_after_the_window_and_at_the_end_of_a_short_run() {
        let g = EndpointGuard::new(true, true);
        for i in 0..GUARD_WINDOW {
            let a = g.saw_gone(&target(RowAge::Unknown), 0);
            assert_eq!(
                matches!(a, Admit::Refused { first: true }),
                i == GUARD_WINDOW - 1
            );
        }
        assert!(g.is_tripped());
        assert_eq!(g.report().held_dropped, GUARD_WINDOW - 1);
        assert!(
            g.saw_known(RowAge::Unknown, 0).is_empty(),
            "tripped is final"
        );

        let short = EndpointGuard::new(true, true);
        short.saw_gone(&target(RowAge::Unknown), 0);
        short.finish(false);
        assert!(short.is_tripped());
    }

    #[test]
    fn the_wider_guard_trips_on_recent_rows_nearly_all_gone() {
        let now = 100 * 3600 * 1000;
        let recent = RowAge::ConnectedAt(now - 600_000);
        let g = EndpointGuard::new(true, true);
        g.saw_known(recent, now);
        let mut tripped = false;
        for _ in 0..RECENT_WINDOW {
            if matches!(g.saw_gone(&target(recent), now), Admit::Refused { .. }) {
                tripped = true;
                break;
            }
        }
        assert!(tripped);
        // Old rows never count: a table full of long-gone rows is what a sweep is for.
        let g = EndpointGuard::new(true, true);
        g.saw_known(recent, now);
        for _ in 0..(RECENT_WINDOW * 3) {
            assert!(matches!(
                g.saw_gone(&target(RowAge::ConnectedAt(now - 3 * 3600 * 1000)), now),
                Admit::Now
            ));
        }
    }

    #[test]
    fn allow_all_gone_turns_the_guard_off() {
        let g = EndpointGuard::new(false, true);
        assert!(matches!(
            g.saw_gone(&target(RowAge::Unknown), 0),
            Admit::Now
        ));
        g.finish(false);
        assert_eq!(g.report().state, GuardState::Off);
    }
}
