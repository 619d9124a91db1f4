//! `wsctl connections watch`: counts per group, connects per minute, rows past TTL and a stale
//! estimate, refreshed like `top` until Ctrl-C (or `--iterations N`), at a bounded read cost.
//!
//! Each refresh reads about `--sample` rows, not the table: the table is divided into as many scan
//! segments as hold `--sample` rows each (from DescribeTable's item count) and one segment is read
//! per refresh, the next one each time. DynamoDB spreads items over segments by the hash of their key,
//! so a segment is a uniform sample, and counts are scaled up by the number of segments. A table
//! with fewer rows than `--sample` is read whole and its counts are exact. The stale estimate probes
//! `--probes` connections of the sample with GetConnection and scales the share that answer 410.

use std::collections::HashMap;
use std::time::Duration;

use clap::Args;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::Value;

use crate::context::Ctx;
use crate::engine::routing::{route_row, Destination};
use crate::error::Result;
use crate::layout::{GroupNames, Layout, LayoutArgs};
use crate::output::{bar, kv_table, new_table, write_stdout, Outcome};
use crate::records::{self, ConnRecord, Fields, ReadOptions, Source};
use crate::time::{duration_arg, now_millis};

#[derive(Args, Debug)]
pub struct WatchArgs {
    /// Time between refreshes
    #[arg(long, default_value = "5s", value_name = "DUR", value_parser = duration_arg)]
    pub interval: Duration,
    /// Stop after N refreshes [default: until Ctrl-C]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub iterations: Option<u64>,
    /// Rows read per refresh, about: a larger table is sampled and its counts scaled up. The read
    /// cost follows: 10,000 rows of ~150 bytes cost ~150 read capacity units a refresh, whether the
    /// table holds 100,000 or 1,000,000 rows
    #[arg(long, default_value_t = 10_000, value_name = "ROWS", value_parser = clap::value_parser!(u64).range(100..=10_000_000))]
    pub sample: u64,
    /// GetConnection calls per refresh for the stale estimate (0: no estimate)
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=1000))]
    pub probes: u64,
    /// Groups shown
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub layout: LayoutArgs,
}

/// One refresh, as `-o ndjson` prints it (estimates are whole numbers; `exact` says whether they
/// are counts of the whole table).
#[derive(Debug, Serialize)]
struct Frame {
    refresh: u64,
    at_ms: u64,
    table: String,
    exact: bool,
    /// The table's segments for this sampling, and the one read.
    segments: i32,
    segment: i32,
    rows_read: u64,
    rows: u64,
    live_rows: u64,
    past_ttl: u64,
    /// Rows whose connectedAt is in the last minute (connections that already left and were
    /// deleted are not seen).
    connects_last_minute: u64,
    /// The same over the last five minutes, per minute.
    connects_per_minute_5m: u64,
    groups: Vec<GroupCount>,
    probed: u64,
    probe_gone: u64,
    probe_errors: u64,
    /// Live rows times the share of probes that answered 410; None without probes.
    stale_estimate: Option<u64>,
    read_ms: u64,
}

#[derive(Debug, Serialize)]
struct GroupCount {
    group: String,
    connections: u64,
}

/// What one segment held (unscaled).
#[derive(Default)]
struct SegmentSample {
    rows: u64,
    past_ttl: u64,
    last_minute: u64,
    last_five_minutes: u64,
    groups: HashMap<String, u64>,
    /// Connection ids to probe: a uniform pick among the live rows of this endpoint.
    probe_ids: Vec<String>,
    own_live_seen: u64,
}

pub async fn run(ctx: &Ctx, a: WatchArgs) -> Result<Outcome> {
    let clients = ctx.clients().await?;
    let layout = Layout::discover(
        clients.dynamodb(),
        &ctx.table(),
        &a.layout,
        &ctx.fleet_layout(),
        GroupNames::Used,
    )
    .await?;
    // One segment holds about --sample rows; the next refresh reads the next segment.
    let segments = i32::try_from((layout.approx_items.max(0) as u64).div_ceil(a.sample))
        .unwrap_or(i32::MAX)
        .clamp(1, 1_000_000);
    // Without a Management API endpoint there is nothing to probe: counts only.
    let probes = if clients.management_endpoint().is_some() {
        a.probes
    } else {
        if a.probes > 0 {
            ctx.out.warn(
                "no --endpoint: no stale estimate (it probes connections with GetConnection)",
            );
        }
        0
    };
    let mut refresh = 0u64;
    loop {
        refresh += 1;
        let segment = ((refresh - 1) % segments as u64) as i32;
        let frame = one_refresh(ctx, &layout, &a, probes, (segments, segment), refresh).await?;
        show(ctx, &frame, &a);
        if a.iterations.is_some_and(|n| refresh >= n) || crate::signal::is_interrupted() {
            break;
        }
        tokio::select! {
            _ = tokio::time::sleep(a.interval) => {}
            _ = crate::signal::interrupted() => break,
        }
    }
    Ok(Outcome::none())
}

/// Read segment `segment` of `segments`, probe up to `probes` of its connections, scale up.
async fn one_refresh(
    ctx: &Ctx,
    layout: &Layout,
    a: &WatchArgs,
    probes: u64,
    (segments, segment): (i32, i32),
    refresh: u64,
) -> Result<Frame> {
    let started = std::time::Instant::now();
    let sample = read_segment(ctx, layout, segments, segment, probes).await?;
    let read_ms = started.elapsed().as_millis() as u64;
    let (probe_gone, probe_errors) = probe(ctx, &sample.probe_ids).await?;
    let scale = segments as u64;
    let live = sample.rows - sample.past_ttl;
    let probed = sample.probe_ids.len() as u64;
    let answered = probed - probe_errors;
    let stale_estimate = (answered > 0).then(|| {
        // Of the live rows of this endpoint, the share whose probe answered 410.
        (sample.own_live_seen as f64 * probe_gone as f64 / answered as f64 * scale as f64).round()
            as u64
    });
    let mut groups: Vec<GroupCount> = sample
        .groups
        .into_iter()
        .map(|(group, n)| GroupCount {
            group,
            connections: n * scale,
        })
        .collect();
    groups.sort_by(|x, y| {
        y.connections
            .cmp(&x.connections)
            .then_with(|| x.group.cmp(&y.group))
    });
    groups.truncate(a.top);
    Ok(Frame {
        refresh,
        at_ms: now_millis(),
        table: layout.table.clone(),
        exact: segments == 1,
        segments,
        segment,
        rows_read: sample.rows,
        rows: sample.rows * scale,
        live_rows: live * scale,
        past_ttl: sample.past_ttl * scale,
        connects_last_minute: sample.last_minute * scale,
        connects_per_minute_5m: (sample.last_five_minutes * scale).div_ceil(5),
        groups,
        probed,
        probe_gone,
        probe_errors,
        stale_estimate,
        read_ms,
    })
}

/// Read one scan segment and tally it; keep `probes` ids picked uniformly (reservoir sampling).
async fn read_segment(
    ctx: &Ctx,
    layout: &Layout,
    segments: i32,
    segment: i32,
    probes: u64,
) -> Result<SegmentSample> {
    let clients = ctx.clients().await?;
    let scope = ctx.scope(clients);
    let opts = ReadOptions {
        segments,
        only_segments: Some(vec![segment]),
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
    let mut rng = rand::rngs::StdRng::from_os_rng();
    let mut s = SegmentSample::default();
    while let Some(page) = pages.recv().await {
        for r in &page?.records {
            tally_row(&mut s, layout, r, now);
            if r.expired(now / 1000)
                || !matches!(route_row(None, scope.as_deref(), r), Destination::Own)
            {
                continue;
            }
            s.own_live_seen += 1;
            if (s.probe_ids.len() as u64) < probes {
                s.probe_ids.push(r.connection_id.clone());
            } else if probes > 0 {
                let at = rng.random_range(0..s.own_live_seen);
                if at < probes {
                    s.probe_ids[at as usize] = r.connection_id.clone();
                }
            }
        }
    }
    Ok(s)
}

fn tally_row(s: &mut SegmentSample, layout: &Layout, r: &ConnRecord, now: u64) {
    s.rows += 1;
    if r.expired(now / 1000) {
        s.past_ttl += 1;
        return;
    }
    if let Some(age) = r.age(now) {
        if age < Duration::from_secs(60) {
            s.last_minute += 1;
        }
        if age < Duration::from_secs(300) {
            s.last_five_minutes += 1;
        }
    }
    let group = r
        .group
        .as_deref()
        .map_or("(none)", |g| layout.display_group(g));
    *s.groups.entry(group.to_string()).or_default() += 1;
}

/// GetConnection on each id, 8 at a time: (gone, errors).
async fn probe(ctx: &Ctx, ids: &[String]) -> Result<(u64, u64)> {
    use futures::StreamExt;
    if ids.is_empty() {
        return Ok((0, 0));
    }
    let api = ctx.clients().await?.management()?.clone();
    let answers: Vec<std::result::Result<bool, ()>> = futures::stream::iter(ids.to_vec())
        .map(|id| {
            let mut session = api.session();
            async move {
                match session.get(&id).await {
                    Ok(_) => Ok(false),
                    Err(crate::aws::connections::CallError::Status { status: 410, .. }) => Ok(true),
                    Err(_) => Err(()),
                }
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let gone = answers.iter().filter(|a| matches!(a, Ok(true))).count() as u64;
    let errors = answers.iter().filter(|a| a.is_err()).count() as u64;
    Ok((gone, errors))
}

fn show(ctx: &Ctx, frame: &Frame, a: &WatchArgs) {
    if ctx.out.is_json() || ctx.out.format == crate::settings::OutputFormat::Ids {
        let v = serde_json::to_value(frame).unwrap_or(Value::Null);
        write_stdout(&format!("{v}\n"));
        return;
    }
    // On a terminal, redraw in place like `top`; elsewhere, one frame after the other.
    let clear = if ctx.out.stdout_tty {
        "\x1b[H\x1b[2J"
    } else {
        ""
    };
    write_stdout(&format!("{clear}{}", frame_text(frame, a)));
}

fn frame_text(f: &Frame, a: &WatchArgs) -> String {
    let about = if f.exact { "" } else { "~" };
    let head = format!(
        "wsctl connections watch: table {} (refresh {}, every {}, {}; Ctrl-C to stop)\n",
        f.table,
        f.refresh,
        crate::time::short_duration(a.interval),
        if f.exact {
            format!("whole table read: {} rows", f.rows_read)
        } else {
            format!(
                "sampled: segment {} of {}, {} rows read",
                f.segment + 1,
                f.segments,
                f.rows_read
            )
        },
    );
    let stale = match f.stale_estimate {
        Some(n) => format!(
            "~{n} ({} of {} probed answered 410)",
            f.probe_gone,
            f.probed - f.probe_errors
        ),
        None => "- (no probes)".into(),
    };
    let summary = kv_table(&[
        ("rows", format!("{about}{}", f.rows)),
        ("live rows", format!("{about}{}", f.live_rows)),
        ("rows past TTL", format!("{about}{}", f.past_ttl)),
        (
            "connects per minute",
            format!(
                "{about}{} (last minute), {about}{} (5-minute average)",
                f.connects_last_minute, f.connects_per_minute_5m
            ),
        ),
        ("stale (estimate)", stale),
    ]);
    let widest = f.groups.first().map_or(0, |g| g.connections);
    let mut groups = new_table(&["group", "connections", ""]);
    for g in &f.groups {
        groups.add_row(vec![
            crate::sanitize::terminal_safe(&g.group).into_owned(),
            format!("{about}{}", g.connections),
            bar(g.connections, widest, 30),
        ]);
    }
    format!("{head}{summary}\n{groups}\n")
}
