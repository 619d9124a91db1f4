//! `wsctl connections count [--by user|group|endpoint]`: rows, and the biggest keys.

use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use super::tally::{approximation_note, count_text, tally, with_error};
use super::{layout, TrackArgs};
use crate::context::Ctx;
use crate::error::Result;
use crate::key_counts::{KeyCount, KeyCounts};
use crate::layout::LayoutArgs;
use crate::output::{new_table, Outcome, Output, Report};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBy {
    User,
    Group,
    /// The API endpoint each row was recorded for (domainName/stage; `(none)` without them)
    Endpoint,
}

#[derive(Args, Debug)]
pub struct CountArgs {
    /// Count per user, per group or per recorded endpoint (domainName/stage)
    #[arg(long, value_enum)]
    pub by: Option<CountBy>,
    /// Show the N biggest (0 = all)
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub tracking: TrackArgs,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// Counts per user, group or endpoint.
struct Breakdown {
    by: &'static str,
    distinct: u64,
    /// False once more distinct keys were seen than `--track` holds: counts are then upper bounds.
    exact: bool,
    error_bound: u64,
    list: Vec<KeyCount>,
}

impl Breakdown {
    fn of(by: &'static str, counts: &KeyCounts, top: usize) -> Self {
        Breakdown {
            by,
            distinct: counts.distinct(),
            exact: counts.exact(),
            error_bound: counts.error_bound(),
            list: counts.top(top),
        }
    }
}

struct CountReport {
    table: String,
    rows: u64,
    live_rows: u64,
    expired: u64,
    malformed: u64,
    by: Option<Breakdown>,
}

impl Report for CountReport {
    fn to_json(&self) -> Value {
        let mut v = json!({
            "table": self.table,
            "rows": self.rows,
            "live_rows": self.live_rows,
            "expired": self.expired,
            "malformed": self.malformed,
        });
        if let Some(b) = &self.by {
            v["by"] = json!(b.by);
            v["distinct"] = json!(b.distinct);
            v["exact"] = json!(b.exact);
            if !b.exact {
                v["error_bound"] = json!(b.error_bound);
            }
            v["counts"] = Value::Array(
                b.list
                    .iter()
                    .map(|c| with_error(json!({"key": c.key, "count": c.count}), c, b.exact))
                    .collect(),
            );
        }
        v
    }
    fn to_ndjson(&self) -> Vec<Value> {
        match &self.by {
            Some(b) => b
                .list
                .iter()
                .map(|c| with_error(json!({ b.by: c.key, "count": c.count }), c, b.exact))
                .collect(),
            None => vec![self.to_json()],
        }
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut s = format!(
            "{} rows in {} ({} live, {} with TTL passed, {} malformed)\n",
            self.live_rows + self.expired,
            self.table,
            self.live_rows,
            self.expired,
            self.malformed
        );
        if let Some(b) = &self.by {
            let mut t = new_table(&[b.by, "connections"]);
            for c in &b.list {
                t.add_row(vec![
                    crate::sanitize::terminal_safe(&c.key).into_owned(),
                    count_text(c.count, (!b.exact).then_some(c.error)),
                ]);
            }
            let about = if b.exact { "" } else { "about " };
            s.push_str(&format!("{t}\n{about}{} distinct {}s\n", b.distinct, b.by));
            if !b.exact {
                s.push_str(&approximation_note(b.by, b.error_bound));
                s.push('\n');
            }
        }
        s
    }
}

pub async fn run(ctx: &Ctx, a: CountArgs) -> Result<Outcome> {
    let layout = layout(ctx, &a.layout).await?;
    let t = tally(
        ctx,
        &layout,
        a.by == Some(CountBy::User),
        a.by == Some(CountBy::Group),
        a.tracking.track,
    )
    .await?;
    let by = match a.by {
        Some(CountBy::User) => Some(Breakdown::of("user", &t.by_user, a.top)),
        Some(CountBy::Group) => Some(Breakdown::of("group", &t.by_group, a.top)),
        Some(CountBy::Endpoint) => Some(Breakdown::of("endpoint", &t.by_endpoint, a.top)),
        None => None,
    };
    Ok(Outcome::report(CountReport {
        table: layout.table.clone(),
        rows: t.rows,
        live_rows: t.live_rows,
        expired: t.expired,
        malformed: t.malformed,
        by,
    }))
}
