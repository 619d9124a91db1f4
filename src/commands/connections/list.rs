//! `wsctl connections list`: rows streamed page by page, with `--probe` their live state from
//! GetConnection.

use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde::Serialize;
use tokio::sync::mpsc;

use super::{layout, row_cells, state_of};
use crate::commands::fanout::default_segments;
use crate::context::Ctx;
use crate::engine::routing::{route_row, Destination};
use crate::engine::{Action, Engine, EngineOptions, LiveInfo, Target, Verdict};
use crate::error::{Error, Result};
use crate::layout::{Layout, LayoutArgs};
use crate::output::{Outcome, RowStream};
use crate::records::{self, ConnRecord, ReadOptions, RecordJson, Source};
use crate::time::{duration_arg, now_millis};

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this user's connections
    #[arg(long, short = 'u', value_name = "USER", value_parser = crate::settings::non_empty_arg)]
    pub user: Option<String>,
    /// Only this group's connections
    #[arg(long, short = 'g', value_name = "GROUP", value_parser = crate::settings::non_empty_arg, conflicts_with = "user")]
    pub group: Option<String>,
    /// Only rows connected longer ago than DUR (e.g. 2h)
    #[arg(long, value_name = "DUR", value_parser = duration_arg)]
    pub older_than: Option<Duration>,
    /// Add the live state from GetConnection (alive or gone, last active, idle time)
    #[arg(long)]
    pub probe: bool,
    /// Stop after N rows
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Include rows whose TTL has passed (DynamoDB deletes them lazily)
    #[arg(long)]
    pub include_expired: bool,
    /// Probes in flight at once
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub concurrency: u32,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// A listing, step by step: where the rows come from, then either the rows as read or, with
/// `--probe`, each row once its verdict is in; then the warnings.
pub async fn run(ctx: &Ctx, a: ListArgs) -> Result<Outcome> {
    let clients = ctx.clients().await?;
    if a.probe {
        // Its handshakes go on while the table is read: the first probe waits one round trip, not
        // three.
        clients.management()?.open_ahead();
    }
    let layout = layout(ctx, &a.layout).await?;
    let source = source_of(&a);
    if !matches!(source, Source::All) && !records::uses_index(&layout, &source) {
        ctx.out.warn(format!(
            "table {} has no index for this lookup: scanning with a filter",
            layout.table
        ));
    }
    let opts = ReadOptions {
        segments: if matches!(source, Source::All) {
            default_segments(&layout)
        } else {
            1
        },
        ..Default::default()
    };
    let pages = records::stream(clients.dynamodb().clone(), layout.clone(), source, opts);
    let rows = RowStream::new(
        &ctx.out,
        vec!["connection", "user", "group", "age", "expires in", "state"],
    );
    let now = now_millis();
    let listing = Listing {
        layout: &layout,
        keep: RowFilter {
            now,
            include_expired: a.include_expired,
            older_than: a.older_than,
        },
        limit: a.limit.unwrap_or(u64::MAX),
        now,
    };
    let malformed = if a.probe {
        listing.probed(ctx, &a, pages, rows).await?
    } else {
        listing.as_read(pages, rows).await?
    };
    if malformed > 0 {
        ctx.out.warn(format!(
            "skipped {malformed} row(s) without a string {}",
            layout.pk
        ));
    }
    if crate::signal::is_interrupted() {
        return Err(Error::new(
            crate::error::ErrorKind::Interrupted,
            "interrupted",
        ));
    }
    Ok(Outcome::none())
}

fn source_of(a: &ListArgs) -> Source {
    match (&a.user, &a.group) {
        (Some(u), _) => Source::User(u.clone()),
        (_, Some(g)) => Source::Group(g.clone()),
        _ => Source::All,
    }
}

/// `--include-expired` and `--older-than`.
#[derive(Clone, Copy)]
struct RowFilter {
    now: u64,
    include_expired: bool,
    older_than: Option<Duration>,
}

impl RowFilter {
    fn keep(&self, r: &ConnRecord) -> bool {
        if !self.include_expired && r.expired(self.now / 1000) {
            return false;
        }
        match self.older_than {
            Some(d) => r.age(self.now).is_some_and(|age| age >= d),
            None => true,
        }
    }
}

type Pages = mpsc::Receiver<Result<records::Page>>;

/// A row to show, and its verdict (None: not probed, it belongs to another endpoint).
type Shown = (Box<ConnRecord>, Option<Verdict>);

struct Listing<'a> {
    layout: &'a Layout,
    keep: RowFilter,
    limit: u64,
    now: u64,
}

impl Listing<'_> {
    /// The rows as read, up to `--limit`; returns the malformed rows skipped.
    async fn as_read(&self, mut pages: Pages, mut rows: RowStream) -> Result<u64> {
        let mut malformed = 0u64;
        'pages: while let Some(page) = pages.recv().await {
            let page = page?;
            malformed += page.malformed;
            for r in page.records.iter().filter(|r| self.keep.keep(r)) {
                let j = RecordJson::new(self.layout, r, self.now);
                let v = serde_json::to_value(&j)?;
                rows.push(&v, row_cells(self.layout, &j, "-"), &j.connection_id);
                if rows.count >= self.limit {
                    break 'pages;
                }
            }
        }
        rows.finish();
        Ok(malformed)
    }

    /// Each row with its live state, shown as its verdict comes in; returns the malformed rows
    /// skipped.
    async fn probed(
        &self,
        ctx: &Ctx,
        a: &ListArgs,
        pages: Pages,
        mut rows: RowStream,
    ) -> Result<u64> {
        let clients = ctx.clients().await?;
        let engine = Engine::new(
            clients.management()?.clone(),
            None,
            EngineOptions {
                concurrency: a.concurrency.max(1) as usize,
                prune: false,
                dedup: false,
                ..Default::default()
            },
        );
        let (targets_tx, targets_rx) = mpsc::channel::<Target>(256);
        let (shown_tx, shown_rx) = mpsc::unbounded_channel::<Shown>();
        let feeder = ProbeFeeder {
            keep: self.keep,
            limit: self.limit,
            scope: ctx.scope(clients),
            router: ctx.router(clients),
            elsewhere: shown_tx.clone(),
        };
        let feeder = tokio::spawn(feeder.run(pages, targets_tx));
        let on_verdict: crate::engine::Callback = Arc::new(move |t: &Target, v: &Verdict| {
            if let Some(r) = &t.record {
                let _ = shown_tx.send((r.clone(), Some(v.clone())));
            }
        });
        let run = engine.run(
            Action::Probe {
                disconnect_idle_over: None,
            },
            targets_rx,
            Some(on_verdict),
        );
        let finished = self.show_while_running(run, shown_rx, &mut rows).await?;
        rows.finish();
        let malformed = feeder.await.map_err(|e| Error::internal(e.to_string()))??;
        if let Some((summary, abort)) = finished {
            if let Some(e) = abort {
                return Err(e);
            }
            if summary.failed > 0 {
                ctx.out.warn(format!(
                    "{} probe(s) failed: their state is shown as unknown",
                    summary.failed
                ));
            }
        }
        Ok(malformed)
    }

    /// Shows rows as their verdicts arrive, until the engine is done and every verdict is shown.
    async fn show_while_running<F>(
        &self,
        run: F,
        mut shown: mpsc::UnboundedReceiver<Shown>,
        rows: &mut RowStream,
    ) -> Result<Option<F::Output>>
    where
        F: std::future::Future,
    {
        tokio::pin!(run);
        let mut finished = None;
        loop {
            tokio::select! {
                res = &mut run, if finished.is_none() => { finished = Some(res); }
                item = shown.recv() => {
                    let Some((r, v)) = item else { break };
                    self.show(rows, &r, v.as_ref())?;
                }
            }
            if finished.is_some() && shown.is_empty() {
                // Engine done and every verdict printed (the callback's sender is gone with it).
                while let Ok((r, v)) = shown.try_recv() {
                    self.show(rows, &r, v.as_ref())?;
                }
                break;
            }
        }
        Ok(finished)
    }

    fn show(&self, rows: &mut RowStream, r: &ConnRecord, v: Option<&Verdict>) -> Result<()> {
        let j = RecordJson::new(self.layout, r, self.now);
        let (state, info) = state_of(v);
        let val = serde_json::to_value(ProbedRow {
            record: &j,
            state,
            live: info,
        })?;
        rows.push(&val, row_cells(self.layout, &j, state), &j.connection_id);
        Ok(())
    }
}

/// A row of `connections list --probe`: the record's fields, then its `state` and `live` state
/// (field names and order are a contract; see the test).
#[derive(Serialize)]
struct ProbedRow<'a> {
    #[serde(flatten)]
    record: &'a RecordJson,
    state: &'static str,
    live: Option<&'a LiveInfo>,
}

/// Kept rows → probe targets, up to `--limit`; rows of another endpoint go straight to the screen.
struct ProbeFeeder {
    keep: RowFilter,
    limit: u64,
    scope: Option<Arc<crate::ownership::EndpointScope>>,
    router: Option<Arc<crate::engine::routing::Router>>,
    elsewhere: mpsc::UnboundedSender<Shown>,
}

impl ProbeFeeder {
    /// Returns the malformed rows skipped.
    async fn run(self, mut pages: Pages, targets: mpsc::Sender<Target>) -> Result<u64> {
        let mut sent = 0u64;
        let mut malformed = 0u64;
        while let Some(page) = pages.recv().await {
            let page = page?;
            malformed += page.malformed;
            for r in page.records.into_iter().filter(|r| self.keep.keep(r)) {
                if sent >= self.limit {
                    return Ok(malformed);
                }
                sent += 1;
                let via = match route_row(self.router.as_deref(), self.scope.as_deref(), &r) {
                    Destination::Own => None,
                    Destination::Via(route) => Some(route),
                    Destination::Unroutable => {
                        // A 410 from this endpoint would prove nothing: shown, not probed.
                        let _ = self.elsewhere.send((Box::new(r), None));
                        continue;
                    }
                };
                let target = Target {
                    id: r.connection_id.clone(),
                    rows: Vec::new(),
                    via,
                    record: Some(Box::new(r)),
                    tag: 0,
                    payload: None,
                    age: Default::default(),
                };
                if targets.send(target).await.is_err() {
                    return Ok(malformed);
                }
            }
        }
        Ok(malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON contract of a `connections list --probe` row: the record's names, then `state`
    /// and `live`, in this order.
    #[test]
    fn probed_row_field_names_are_pinned() {
        let record = RecordJson {
            connection_id: "abc=".into(),
            user: None,
            group: None,
            connected_at_ms: None,
            age_secs: None,
            ttl: None,
            expires_in_secs: None,
            expired: false,
            domain_name: Some("d".into()),
            stage: Some("s".into()),
        };
        let live = LiveInfo::default();
        let v = serde_json::to_value(ProbedRow {
            record: &record,
            state: "alive",
            live: Some(&live),
        })
        .expect("serializes");
        let keys = crate::output::field_names(&v);
        assert_eq!(
            keys,
            [
                "connectionId",
                "userId",
                "groupId",
                "connectedAt",
                "ageSeconds",
                "ttl",
                "expiresInSeconds",
                "expired",
                "domainName",
                "stage",
                "state",
                "live"
            ]
        );
        let gone = serde_json::to_value(ProbedRow {
            record: &record,
            state: "gone",
            live: None,
        })
        .expect("serializes");
        assert!(gone["live"].is_null());
    }
}
