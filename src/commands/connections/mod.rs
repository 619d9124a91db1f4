//! `wsctl connections list|inspect|count|stats`: who is connected, from the table and, with
//! `--probe` / `inspect`, from GetConnection.

pub mod count;
pub mod inspect;
pub mod list;
pub mod stats;
mod tally;
pub mod watch;

use std::time::Duration;

use clap::{Args, Subcommand};

use crate::context::Ctx;
use crate::engine::{LiveInfo, Verdict};
use crate::error::Result;
use crate::key_counts;
use crate::layout::{GroupNames, Layout, LayoutArgs};
use crate::output::Outcome;
use crate::records::RecordJson;
use crate::time::short_duration;

pub use count::{CountArgs, CountBy};
pub use inspect::InspectArgs;
pub use list::ListArgs;
pub use stats::StatsArgs;

/// The maximum connection duration of API Gateway WebSocket APIs: older rows are certainly stale.
pub const MAX_CONNECTION_DURATION: Duration = Duration::from_secs(2 * 3600);

#[derive(Subcommand, Debug)]
pub enum ConnectionsCommand {
    /// List connection records (streamed page by page)
    List(ListArgs),
    /// Show records and live GetConnection state of connection ids
    Inspect(InspectArgs),
    /// Count rows, optionally by user or group
    Count(CountArgs),
    /// Health report of the table: groups, users, ages, TTLs, stale rows
    Stats(StatsArgs),
    /// Counts per group, connects per minute, rows past TTL and a stale estimate, refreshed like
    /// `top` until Ctrl-C; each refresh reads a sample of about --sample rows
    Watch(watch::WatchArgs),
}

#[derive(Args, Debug)]
pub struct TrackArgs {
    /// Distinct users (groups) counted exactly; past N, memory stays bounded and the counts become
    /// upper bounds with a stated error (about 100 bytes per key)
    #[arg(long, default_value_t = key_counts::DEFAULT_CAPACITY, value_name = "N", value_parser = clap::value_parser!(u64).range(2..=100_000_000))]
    pub track: u64,
}

pub async fn run(ctx: &Ctx, cmd: ConnectionsCommand) -> Result<Outcome> {
    match cmd {
        ConnectionsCommand::List(a) => list::run(ctx, a).await,
        ConnectionsCommand::Inspect(a) => inspect::run(ctx, a).await,
        ConnectionsCommand::Count(a) => count::run(ctx, a).await,
        ConnectionsCommand::Stats(a) => stats::run(ctx, a).await,
        ConnectionsCommand::Watch(a) => watch::run(ctx, a).await,
    }
}

pub(crate) async fn layout(ctx: &Ctx, args: &LayoutArgs) -> Result<Layout> {
    let clients = ctx.clients().await?;
    Layout::discover(
        clients.dynamodb(),
        &ctx.table(),
        args,
        &ctx.fleet_layout(),
        GroupNames::Used,
    )
    .await
}

/// The state shown for a probed row; None: not probed, the row belongs to another endpoint.
pub(crate) fn state_of(v: Option<&Verdict>) -> (&'static str, Option<&LiveInfo>) {
    match v {
        None => (OTHER_ENDPOINT_STATE, None),
        Some(Verdict::Alive(i)) => ("alive", Some(i)),
        Some(Verdict::Gone) => ("gone", None),
        Some(Verdict::Failed { .. }) => ("unknown", None),
        Some(_) => ("alive", None),
    }
}

/// The state of a row recorded for another Management API endpoint: this one cannot tell.
pub(crate) const OTHER_ENDPOINT_STATE: &str = "other-endpoint";

pub(crate) fn row_cells(layout: &Layout, r: &RecordJson, state: &str) -> Vec<String> {
    let _ = layout;
    vec![
        r.connection_id.clone(),
        r.user.clone().unwrap_or_else(|| "-".into()),
        r.group.clone().unwrap_or_else(|| "-".into()),
        r.age_secs
            .map(|s| short_duration(Duration::from_secs(s)))
            .unwrap_or_else(|| "?".into()),
        match r.expires_in_secs {
            Some(s) if s <= 0 => "expired".into(),
            Some(s) => short_duration(Duration::from_secs(s as u64)),
            None => "-".into(),
        },
        state.to_string(),
    ]
}
