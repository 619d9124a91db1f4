//! One pass over the table that `count` and `stats` share, and how both show counts.

use super::MAX_CONNECTION_DURATION;
use crate::commands::fanout::default_segments;
use crate::context::Ctx;
use crate::error::Result;
use crate::key_counts::KeyCounts;
use crate::layout::Layout;
use crate::records::{self, ConnRecord, Fields, ReadOptions, Source};
use crate::time::now_millis;

/// One pass over the table, aggregated in memory that does not grow with the table.
pub(crate) struct Tally {
    pub(crate) rows: u64,
    pub(crate) live_rows: u64,
    pub(crate) expired: u64,
    pub(crate) malformed: u64,
    pub(crate) no_ttl: u64,
    pub(crate) no_age: u64,
    pub(crate) older_than_max: u64,
    pub(crate) by_user: KeyCounts,
    pub(crate) by_group: KeyCounts,
    /// Rows per recorded endpoint (domainName/stage): a table shared by several APIs shows it.
    pub(crate) by_endpoint: KeyCounts,
    pub(crate) age_hist: [u64; 8],
    pub(crate) ttl_hist: [u64; 6],
}

impl Tally {
    pub(crate) fn new(track: usize) -> Self {
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

pub(crate) const AGE_BUCKETS: [&str; 8] = [
    "<1m", "1m-10m", "10m-1h", "1h-2h", "2h-6h", "6h-1d", ">1d", "unknown",
];
pub(crate) const TTL_BUCKETS: [&str; 6] = ["expired", "<1h", "1h-6h", "6h-1d", ">1d", "no ttl"];

pub(crate) async fn tally(
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
    let progress_bar = ctx.out.progress_bar(expected, "scanning", "rows");
    while let Some(page) = pages.recv().await {
        let page = page?;
        t.malformed += page.malformed;
        for r in &page.records {
            t.add(r, now);
            // Expired rows are counted above, not among the live connections' keys.
            if r.expired(now / 1000) {
                continue;
            }
            match r.domain_name {
                Some(_) => t.by_endpoint.add(&crate::engine::routing::label(r)),
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
        progress_bar.set_position(t.rows);
    }
    progress_bar.finish_and_clear();
    Ok(t)
}

impl Tally {
    /// One row's counts: live or expired, its TTL and its age.
    fn add(&mut self, r: &ConnRecord, now: u64) {
        self.rows += 1;
        if r.expired(now / 1000) {
            self.expired += 1;
        } else {
            self.live_rows += 1;
        }
        match r.ttl {
            None => {
                self.no_ttl += 1;
                self.ttl_hist[5] += 1;
            }
            Some(ttl) => self.ttl_hist[ttl_bucket(ttl as i64 - (now / 1000) as i64)] += 1,
        }
        match r.age(now) {
            None => {
                self.no_age += 1;
                self.age_hist[7] += 1;
            }
            Some(age) => {
                self.age_hist[age_bucket(age.as_secs())] += 1;
                if age > MAX_CONNECTION_DURATION {
                    self.older_than_max += 1;
                }
            }
        }
    }
}

/// The index in `TTL_BUCKETS` of a TTL `left` seconds away.
fn ttl_bucket(left: i64) -> usize {
    if left <= 0 {
        0
    } else if left < 3600 {
        1
    } else if left < 6 * 3600 {
        2
    } else if left < 86400 {
        3
    } else {
        4
    }
}

/// The index in `AGE_BUCKETS` of a row connected `secs` seconds ago.
fn age_bucket(secs: u64) -> usize {
    if secs < 60 {
        0
    } else if secs < 600 {
        1
    } else if secs < 3600 {
        2
    } else if secs < 7200 {
        3
    } else if secs < 6 * 3600 {
        4
    } else if secs < 86400 {
        5
    } else {
        6
    }
}

/// Cells of the longest bar in `stats`' histograms (each bar is scaled to its table's largest row).
pub(crate) const BAR_WIDTH: usize = 30;

/// The key rows without the attribute are counted under.
pub(crate) const NONE: &str = "(none)";

/// A count as people read it: exact, or the range the true count lies in.
pub(crate) fn count_text(count: u64, error: Option<u64>) -> String {
    match error {
        Some(e) => format!("{}..{count}", count.saturating_sub(e)),
        None => count.to_string(),
    }
}

/// What a person reads when counts are bounds rather than exact.
pub(crate) fn approximation_note(what: &str, error_bound: u64) -> String {
    format!(
        "note: more distinct {what}s than --track holds: the distinct count is an estimate (about 1 %) and each count may be up to {error_bound} too high (every {what} above {error_bound} is listed)"
    )
}
