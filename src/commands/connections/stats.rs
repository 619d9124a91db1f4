//! `wsctl connections stats`: the table's health report (ages, TTLs, the biggest groups and users,
//! heavy users, endpoints).

use clap::Args;
use serde::Serialize;
use serde_json::Value;

use super::tally::{
    approximation_note, count_text, tally, AGE_BUCKETS, BAR_WIDTH, NONE, TTL_BUCKETS,
};
use super::{layout, TrackArgs};
use crate::context::Ctx;
use crate::error::Result;
use crate::key_counts::{KeyCount, KeyCounts};
use crate::layout::{Layout, LayoutArgs};
use crate::output::{bar, kv_table, new_table, Outcome, Output, Report};

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

/// `connections stats`: the JSON contract of the health report. Field names and nesting are pinned by
/// the test below; `--output json` prints these fields in this order.
#[derive(Debug, Serialize)]
struct StatsReport {
    table: String,
    rows: u64,
    live_rows: u64,
    expired: u64,
    malformed: u64,
    rows_without_ttl: u64,
    rows_without_age: u64,
    older_than_max_duration: u64,
    distinct_users: u64,
    distinct_groups: u64,
    distinct_endpoints: u64,
    /// False when more distinct keys were seen than --track holds: counts are then upper bounds.
    users_exact: bool,
    groups_exact: bool,
    user_count_error_bound: u64,
    group_count_error_bound: u64,
    age_histogram: Vec<Bucket>,
    ttl_histogram: Vec<Bucket>,
    top_groups: Vec<NamedCount>,
    top_users: Vec<NamedCount>,
    /// Filled when rows record their endpoint: several of them mean a table shared by APIs.
    endpoints: Vec<NamedCount>,
    heavy_user_threshold: u64,
    heavy_users: Vec<NamedCount>,
    layout: StatsLayout,
}

/// One bar of a histogram.
#[derive(Debug, Serialize)]
struct Bucket {
    bucket: &'static str,
    rows: u64,
}

/// Connections of one group, user or endpoint.
#[derive(Debug, Serialize)]
struct NamedCount {
    name: String,
    connections: u64,
    /// How much `connections` may be too high; only once counts are bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<u64>,
}

/// The table layout the report was read with.
#[derive(Debug, Serialize)]
struct StatsLayout {
    partition_key: String,
    sort_key: Option<String>,
    user_attr: String,
    group_attr: String,
    user_index: Option<String>,
    group_index: Option<String>,
    ttl_attr: String,
    ttl_enabled: bool,
}

impl StatsLayout {
    fn of(layout: &Layout) -> Self {
        StatsLayout {
            partition_key: layout.pk.clone(),
            sort_key: layout.sk.clone(),
            user_attr: layout.user_attr.clone(),
            group_attr: layout.group_attr.clone(),
            user_index: layout.user_index.as_ref().map(|i| i.name.clone()),
            group_index: layout.group_index.as_ref().map(|i| i.name.clone()),
            ttl_attr: layout.ttl_attr.clone(),
            ttl_enabled: layout.ttl_enabled,
        }
    }
}

/// Counted keys in the report's shape; `error` only once counts are bounds.
fn counted(list: Vec<KeyCount>, exact: bool) -> Vec<NamedCount> {
    list.into_iter()
        .map(|c| NamedCount {
            error: (!exact).then_some(c.error),
            name: c.key,
            connections: c.count,
        })
        .collect()
}

fn histogram(names: &[&'static str], rows: &[u64]) -> Vec<Bucket> {
    names
        .iter()
        .zip(rows)
        .map(|(bucket, rows)| Bucket {
            bucket,
            rows: *rows,
        })
        .collect()
}

impl Report for StatsReport {
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut s = format!("{}\n", self.overview());
        for (title, label, buckets) in [
            ("age", "age", &self.age_histogram),
            ("TTL left", "ttl left", &self.ttl_histogram),
        ] {
            s.push_str(&format!("{title}\n{}\n", histogram_table(label, buckets)));
        }
        for (title, counts) in [
            ("top groups", &self.top_groups),
            ("top users", &self.top_users),
            ("users with unusually many connections", &self.heavy_users),
            ("endpoints (domainName/stage)", &self.endpoints),
        ] {
            if !counts.is_empty() {
                s.push_str(&format!("{title}\n{}\n", counts_table(counts)));
            }
        }
        for (what, exact, bound) in [
            ("user", self.users_exact, self.user_count_error_bound),
            ("group", self.groups_exact, self.group_count_error_bound),
        ] {
            if !exact {
                s.push_str(&approximation_note(what, bound));
                s.push('\n');
            }
        }
        s
    }
}

impl StatsReport {
    /// The key figures, one per line.
    fn overview(&self) -> String {
        let about = |exact: bool| if exact { "" } else { "about " };
        kv_table(&[
            ("table", self.table.clone()),
            ("rows", self.rows.to_string()),
            ("live rows", self.live_rows.to_string()),
            ("TTL passed, not yet deleted", self.expired.to_string()),
            ("rows without TTL", self.rows_without_ttl.to_string()),
            (
                "rows without a readable connectedAt",
                self.rows_without_age.to_string(),
            ),
            (
                "older than 2h (certainly stale)",
                self.older_than_max_duration.to_string(),
            ),
            ("malformed rows", self.malformed.to_string()),
            (
                "distinct users",
                format!("{}{}", about(self.users_exact), self.distinct_users),
            ),
            (
                "distinct groups",
                format!("{}{}", about(self.groups_exact), self.distinct_groups),
            ),
        ])
        .to_string()
    }
}

fn histogram_table(label: &str, buckets: &[Bucket]) -> String {
    let mut t = new_table(&[label, "rows", ""]);
    let widest = buckets.iter().map(|b| b.rows).max().unwrap_or(0);
    for b in buckets {
        t.add_row(vec![
            b.bucket.to_string(),
            b.rows.to_string(),
            bar(b.rows, widest, BAR_WIDTH),
        ]);
    }
    t.to_string()
}

fn counts_table(counts: &[NamedCount]) -> String {
    let mut t = new_table(&["name", "connections", ""]);
    let widest = counts.iter().map(|c| c.connections).max().unwrap_or(0);
    for c in counts {
        t.add_row(vec![
            crate::sanitize::terminal_safe(&c.name).into_owned(),
            count_text(c.connections, c.error),
            bar(c.connections, widest, BAR_WIDTH),
        ]);
    }
    t.to_string()
}

pub async fn run(ctx: &Ctx, a: StatsArgs) -> Result<Outcome> {
    let layout = layout(ctx, &a.layout).await?;
    let t = tally(ctx, &layout, true, true, a.tracking.track).await?;
    let (threshold, heavy) = heavy_users(&t.by_user);
    let users_exact = t.by_user.exact();
    let groups_exact = t.by_group.exact();
    let endpoints = if t.by_endpoint.iter().all(|c| c.key == NONE) {
        Vec::new()
    } else {
        counted(t.by_endpoint.top(a.top), t.by_endpoint.exact())
    };
    Ok(Outcome::report(StatsReport {
        table: layout.table.clone(),
        rows: t.rows,
        live_rows: t.live_rows,
        expired: t.expired,
        malformed: t.malformed,
        rows_without_ttl: t.no_ttl,
        rows_without_age: t.no_age,
        older_than_max_duration: t.older_than_max,
        distinct_users: t.by_user.distinct(),
        distinct_groups: t.by_group.distinct(),
        distinct_endpoints: t.by_endpoint.distinct(),
        users_exact,
        groups_exact,
        user_count_error_bound: t.by_user.error_bound(),
        group_count_error_bound: t.by_group.error_bound(),
        age_histogram: histogram(&AGE_BUCKETS, &t.age_hist),
        ttl_histogram: histogram(&TTL_BUCKETS, &t.ttl_hist),
        top_groups: counted(t.by_group.top(a.top), groups_exact),
        top_users: counted(t.by_user.top(a.top), users_exact),
        endpoints,
        heavy_user_threshold: threshold,
        heavy_users: counted(heavy, users_exact),
        layout: StatsLayout::of(&layout),
    }))
}

/// Users with far more connections than the mean (four deviations, at least 10), the 50 biggest.
/// Only users certainly at or above the threshold: a bound's uncertain part never makes one heavy.
fn heavy_users(by_user: &KeyCounts) -> (u64, Vec<KeyCount>) {
    let (mean, deviation) = by_user.mean_and_deviation();
    let threshold = (mean + 4.0 * deviation).ceil().max(10.0) as u64;
    let mut heavy: Vec<KeyCount> = by_user
        .iter()
        .filter(|c| c.at_least() >= threshold && c.key != NONE)
        .collect();
    heavy.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    heavy.truncate(50);
    (threshold, heavy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report with an exact and an approximate count, so that `error` shows where it may.
    fn sample_report() -> StatsReport {
        StatsReport {
            table: "t".into(),
            rows: 1,
            live_rows: 1,
            expired: 0,
            malformed: 0,
            rows_without_ttl: 0,
            rows_without_age: 0,
            older_than_max_duration: 0,
            distinct_users: 1,
            distinct_groups: 1,
            distinct_endpoints: 0,
            users_exact: false,
            groups_exact: true,
            user_count_error_bound: 2,
            group_count_error_bound: 0,
            age_histogram: histogram(&AGE_BUCKETS[..1], &[1]),
            ttl_histogram: histogram(&TTL_BUCKETS[..1], &[1]),
            top_groups: vec![NamedCount {
                name: "g".into(),
                connections: 1,
                error: None,
            }],
            top_users: vec![NamedCount {
                name: "u".into(),
                connections: 1,
                error: Some(2),
            }],
            endpoints: Vec::new(),
            heavy_user_threshold: 10,
            heavy_users: Vec::new(),
            layout: StatsLayout {
                partition_key: "connectionId".into(),
                sort_key: None,
                user_attr: "userId".into(),
                group_attr: "groupId".into(),
                user_index: None,
                group_index: None,
                ttl_attr: "ttl".into(),
                ttl_enabled: true,
            },
        }
    }

    /// The JSON contract of `connections stats`: these names, this nesting, this order.
    #[test]
    fn stats_report_field_names_are_pinned() {
        let report = sample_report();
        let v = report.to_json();
        let keys = |v: &Value| -> Vec<String> {
            v.as_object().expect("an object").keys().cloned().collect()
        };
        assert_eq!(
            keys(&v),
            [
                "table",
                "rows",
                "live_rows",
                "expired",
                "malformed",
                "rows_without_ttl",
                "rows_without_age",
                "older_than_max_duration",
                "distinct_users",
                "distinct_groups",
                "distinct_endpoints",
                "users_exact",
                "groups_exact",
                "user_count_error_bound",
                "group_count_error_bound",
                "age_histogram",
                "ttl_histogram",
                "top_groups",
                "top_users",
                "endpoints",
                "heavy_user_threshold",
                "heavy_users",
                "layout",
            ]
        );
        assert_eq!(keys(&v["age_histogram"][0]), ["bucket", "rows"]);
        assert_eq!(keys(&v["top_groups"][0]), ["name", "connections"]);
        assert_eq!(keys(&v["top_users"][0]), ["name", "connections", "error"]);
        assert_eq!(
            keys(&v["layout"]),
            [
                "partition_key",
                "sort_key",
                "user_attr",
                "group_attr",
                "user_index",
                "group_index",
                "ttl_attr",
                "ttl_enabled",
            ]
        );
        assert_eq!(v["layout"]["sort_key"], Value::Null);
    }
}
