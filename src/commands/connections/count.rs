//! `wsctl connections count [--by user|group|endpoint]`: rows, and the biggest keys.

use clap::{Args, ValueEnum};
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::Value;

use super::tally::{approximation_note, count_text, tally};
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

/// Counts per user, group or endpoint: the `by`, `distinct`, `exact`, `error_bound` and
/// `counts` fields of `connections count --by` (flattened into [`CountReport`]).
#[derive(Debug, Serialize)]
struct Breakdown {
    by: &'static str,
    distinct: u64,
    /// False once more distinct keys were seen than `--track` holds: counts are then upper bounds.
    exact: bool,
    /// How much any count may be too high; only once counts are bounds (`exact` false).
    #[serde(skip_serializing_if = "Option::is_none")]
    error_bound: Option<u64>,
    counts: Vec<CountRow>,
}

impl Breakdown {
    fn of(by: &'static str, counts: &KeyCounts, top: usize) -> Self {
        let exact = counts.exact();
        Breakdown {
            by,
            distinct: counts.distinct(),
            exact,
            error_bound: (!exact).then(|| counts.error_bound()),
            counts: counts
                .top(top)
                .iter()
                .map(|c| CountRow::of(c, exact))
                .collect(),
        }
    }
}

/// One key's count.
#[derive(Debug, Serialize)]
struct CountRow {
    key: String,
    count: u64,
    /// How much `count` may be too high; only once counts are bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<u64>,
}

impl CountRow {
    fn of(c: &KeyCount, exact: bool) -> Self {
        CountRow {
            key: c.key.clone(),
            count: c.count,
            error: (!exact).then_some(c.error),
        }
    }
}

/// A count row as an NDJSON line: the key under the breakdown's name (`{"user": .., "count": ..}`).
struct NdjsonRow<'a> {
    by: &'static str,
    row: &'a CountRow,
}

impl Serialize for NdjsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(self.by, &self.row.key)?;
        m.serialize_entry("count", &self.row.count)?;
        if let Some(e) = self.row.error {
            m.serialize_entry("error", &e)?;
        }
        m.end()
    }
}

/// The JSON of `connections count` (field names and order are a contract; see the test).
#[derive(Debug, Serialize)]
struct CountReport {
    table: String,
    rows: u64,
    live_rows: u64,
    expired: u64,
    malformed: u64,
    #[serde(flatten)]
    by: Option<Breakdown>,
}

impl Report for CountReport {
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
    fn to_ndjson(&self) -> Vec<Value> {
        match &self.by {
            Some(b) => b
                .counts
                .iter()
                .map(|row| serde_json::to_value(NdjsonRow { by: b.by, row }).unwrap_or(Value::Null))
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
            for c in &b.counts {
                t.add_row(vec![
                    crate::sanitize::terminal_safe(&c.key).into_owned(),
                    count_text(c.count, c.error),
                ]);
            }
            let about = if b.exact { "" } else { "about " };
            s.push_str(&format!("{t}\n{about}{} distinct {}s\n", b.distinct, b.by));
            if let Some(bound) = b.error_bound {
                s.push_str(&approximation_note(b.by, bound));
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::field_names as keys;

    fn report(by: Option<Breakdown>) -> CountReport {
        CountReport {
            table: "t".into(),
            rows: 3,
            live_rows: 2,
            expired: 1,
            malformed: 0,
            by,
        }
    }

    fn breakdown(exact: bool) -> Breakdown {
        Breakdown {
            by: "user",
            distinct: 1,
            exact,
            error_bound: (!exact).then_some(4),
            counts: vec![CountRow {
                key: "alice".into(),
                count: 2,
                error: (!exact).then_some(1),
            }],
        }
    }

    /// The JSON contract of `connections count`: these names, this nesting, this order.
    #[test]
    fn count_report_field_names_are_pinned() {
        let plain = report(None).to_json();
        assert_eq!(
            keys(&plain),
            ["table", "rows", "live_rows", "expired", "malformed"]
        );
        let exact = report(Some(breakdown(true))).to_json();
        assert_eq!(
            keys(&exact),
            [
                "table",
                "rows",
                "live_rows",
                "expired",
                "malformed",
                "by",
                "distinct",
                "exact",
                "counts"
            ]
        );
        assert_eq!(keys(&exact["counts"][0]), ["key", "count"]);
        let bounds = report(Some(breakdown(false))).to_json();
        assert_eq!(
            keys(&bounds),
            [
                "table",
                "rows",
                "live_rows",
                "expired",
                "malformed",
                "by",
                "distinct",
                "exact",
                "error_bound",
                "counts"
            ]
        );
        assert_eq!(keys(&bounds["counts"][0]), ["key", "count", "error"]);
        let lines = report(Some(breakdown(false))).to_ndjson();
        assert_eq!(keys(&lines[0]), ["user", "count", "error"]);
        assert_eq!(lines[0]["user"], "alice");
        assert_eq!(
            keys(&report(Some(breakdown(true))).to_ndjson()[0]),
            ["user", "count"]
        );
    }
}
