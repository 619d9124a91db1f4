//! `wsctl connections stats`: the table's health report (ages, TTLs, the biggest groups and users,
//! heavy users, endpoints).

use clap::Args;
use serde_json::{json, Value};

use super::{layout, TrackArgs};
use crate::context::Ctx;
use crate::error::Result;
use crate::layout::LayoutArgs;
use crate::output::{bar, kv_table, new_table, Outcome, Output, Report};
use crate::sketch::KeyCount;

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

/// JSON for counted keys (stats' shape).
fn counted(list: Vec<KeyCount>, exact: bool) -> Value {
    Value::Array(
        list.iter()
            .map(|c| with_error(json!({"name": c.key, "connections": c.count}), c, exact))
            .collect(),
    )
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

pub async fn run(ctx: &Ctx, a: StatsArgs) -> Result<Outcome> {
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
use super::tally::{
    approximation_note, count_text, tally, with_error, AGE_BUCKETS, BAR_WIDTH, NONE, TTL_BUCKETS,
};
