//! `wsctl connections list`: rows streamed page by page, with `--probe` their live state from
//! GetConnection.

use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde_json::json;
use tokio::sync::mpsc;

use super::{layout, row_cells, state_of};
use crate::commands::fanout::default_segments;
use crate::context::Ctx;
use crate::engine::{Action, Engine, EngineOptions, Target, Verdict};
use crate::error::{Error, Result};
use crate::layout::LayoutArgs;
use crate::output::{Outcome, RowStream};
use crate::records::{self, ConnRecord, ReadOptions, RecordJson, Source};
use crate::scope::{route_row, Routing};
use crate::util::{duration_arg, now_millis};

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this user's connections
    #[arg(long, short = 'u', value_name = "USER", value_parser = crate::util::non_empty_arg)]
    pub user: Option<String>,
    /// Only this group's connections
    #[arg(long, short = 'g', value_name = "GROUP", value_parser = crate::util::non_empty_arg, conflicts_with = "user")]
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

pub async fn run(ctx: &Ctx, a: ListArgs) -> Result<Outcome> {
    let clients = ctx.clients().await?;
    let layout = layout(ctx, &a.layout).await?;
    let source = match (&a.user, &a.group) {
        (Some(u), _) => Source::User(u.clone()),
        (_, Some(g)) => Source::Group(g.clone()),
        _ => Source::All,
    };
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
    let mut pages = records::stream(clients.dynamodb().clone(), layout.clone(), source, opts);
    let mut rows = RowStream::new(
        &ctx.out,
        vec!["connection", "user", "group", "age", "expires in", "state"],
    );
    let now = now_millis();
    let limit = a.limit.unwrap_or(u64::MAX);
    let (include_expired, older_than) = (a.include_expired, a.older_than);
    let keep = move |r: &ConnRecord| -> bool {
        if !include_expired && r.expired(now / 1000) {
            return false;
        }
        match older_than {
            Some(d) => r.age(now).is_some_and(|age| age >= d),
            None => true,
        }
    };
    let mut malformed = 0u64;
    if !a.probe {
        'pages: while let Some(page) = pages.recv().await {
            let page = page?;
            malformed += page.malformed;
            for r in page.records.iter().filter(|r| keep(r)) {
                let j = RecordJson::new(&layout, r, now);
                let v = serde_json::to_value(&j)?;
                rows.push(&v, row_cells(&layout, &j, "-"), &j.connection_id);
                if rows.count >= limit {
                    break 'pages;
                }
            }
        }
        rows.finish();
    } else {
        let mgmt = clients.management()?.clone();
        let engine = Engine::new(
            mgmt,
            None,
            EngineOptions {
                concurrency: a.concurrency.max(1) as usize,
                prune: false,
                dedup: false,
                ..Default::default()
            },
        );
        let (ttx, trx) = mpsc::channel::<Target>(256);
        let (vtx, mut vrx) = mpsc::unbounded_channel::<(Box<ConnRecord>, Option<Verdict>)>();
        let scope = ctx.scope(clients);
        let router = ctx.router(clients);
        let elsewhere = vtx.clone();
        let feeder = tokio::spawn(async move {
            let mut sent = 0u64;
            let mut malformed = 0u64;
            while let Some(page) = pages.recv().await {
                let page = page?;
                malformed += page.malformed;
                for r in page.records.into_iter().filter(|r| keep(r)) {
                    if sent >= limit {
                        return Ok::<u64, Error>(malformed);
                    }
                    sent += 1;
                    let via = match route_row(router.as_deref(), scope.as_deref(), &r) {
                        Routing::Own => None,
                        Routing::Via(route) => Some(route),
                        Routing::Unroutable => {
                            // A 410 from this endpoint would prove nothing: shown, not probed.
                            let _ = elsewhere.send((Box::new(r), None));
                            continue;
                        }
                    };
                    let t = Target {
                        id: r.connection_id.clone(),
                        rows: Vec::new(),
                        via,
                        record: Some(Box::new(r)),
                        tag: 0,
                        payload: None,
                        age: Default::default(),
                    };
                    if ttx.send(t).await.is_err() {
                        return Ok(malformed);
                    }
                }
            }
            Ok(malformed)
        });
        let cb: crate::engine::Callback = Arc::new(move |t: &Target, v: &Verdict| {
            if let Some(r) = &t.record {
                let _ = vtx.send((r.clone(), Some(v.clone())));
            }
        });
        let run = engine.run(
            Action::Probe {
                disconnect_idle_over: None,
            },
            trx,
            Some(cb),
        );
        tokio::pin!(run);
        let mut finished = None;
        let show = |rows: &mut RowStream, r: &ConnRecord, v: Option<&Verdict>| -> Result<()> {
            let j = RecordJson::new(&layout, r, now);
            let (state, info) = state_of(v);
            let mut val = serde_json::to_value(&j)?;
            if let Some(o) = val.as_object_mut() {
                o.insert("state".into(), json!(state));
                o.insert("live".into(), serde_json::to_value(info)?);
            }
            rows.push(&val, row_cells(&layout, &j, state), &j.connection_id);
            Ok(())
        };
        loop {
            tokio::select! {
                res = &mut run, if finished.is_none() => { finished = Some(res); }
                item = vrx.recv() => {
                    let Some((r, v)) = item else { break };
                    show(&mut rows, &r, v.as_ref())?;
                }
            }
            if finished.is_some() && vrx.is_empty() {
                // Engine done and every verdict printed (the callback's sender is gone with it).
                while let Ok((r, v)) = vrx.try_recv() {
                    show(&mut rows, &r, v.as_ref())?;
                }
                break;
            }
        }
        rows.finish();
        malformed += feeder.await.map_err(|e| Error::internal(e.to_string()))??;
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
    }
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
