//! Pictures where people look: `connections stats` draws bars on a terminal table (plain numbers in
//! JSON), and `connections watch` refreshes counts per group, connects per minute, rows past TTL and
//! a stale estimate from probes, at a bounded read cost (one sampled segment per refresh).

use std::io::BufRead;

use crate::fixture::{run_ndjson, wsctl_for, Emulator, EmulatorOpts};
use serde_json::Value;

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// `n` rows of connections the gateway does not know (each answers 410): group `g{i % 4}` (group 0
/// the biggest: every fourth row plus `extra_g0`), connected `i` minutes ago, and with `expired`
/// every tenth row's TTL passed (DynamoDB Local deletes those in the background, at any time).
fn fill(em: &Emulator, n: usize, extra_g0: usize, expired: bool) {
    let now = now_ms();
    let rows: Vec<_> = (0..n + extra_g0)
        .map(|i| {
            let group = if i >= n { 0 } else { i % 4 };
            let minutes = (i % n) as u64;
            let ttl = if expired && i % 10 == 9 {
                now / 1000 - 60
            } else {
                now / 1000 + 7200
            };
            vec![
                ("connectionId", format!("w{i:06}AAAAAAAA=")),
                ("userId", format!("u{i}")),
                ("groupId", format!("g{group}")),
                (
                    "connectedAt",
                    format!("N:{}", now - minutes * 60_000 - 5_000),
                ),
                ("ttl", format!("N:{ttl}")),
            ]
        })
        .collect();
    em.put_rows(&rows);
}

#[test]
fn stats_draws_bars_on_a_table_and_plain_numbers_in_json() {
    let em = Emulator::start(EmulatorOpts::default());
    fill(&em, 40, 20, true);
    let out = wsctl_for(&em)
        .args(["connections", "stats"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let bar_of = |line: &str| line.chars().filter(|c| "█▉▊▋▌▍▎▏".contains(*c)).count();
    // The top groups: g0 (28 live rows) has the longest bar, 30 cells.
    let g0 = text.lines().find(|l| l.contains(" g0 ")).expect("g0 row");
    let g1 = text.lines().find(|l| l.contains(" g1 ")).expect("g1 row");
    assert_eq!(bar_of(g0), 30, "{text}");
    assert!(bar_of(g1) < bar_of(g0) && bar_of(g1) > 0, "{text}");
    // The age histogram has bars too (rows of every age from 0 to 39 minutes).
    let ten_to_sixty = text
        .lines()
        .find(|l| l.contains("10m-1h"))
        .expect("age bucket");
    assert!(bar_of(ten_to_sixty) > 0, "{text}");
    // JSON keeps plain numbers.
    let out = wsctl_for(&em)
        .args(["-o", "json", "connections", "stats"])
        .output()
        .unwrap();
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(!raw.contains('█'));
    let v: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(v["top_groups"][0]["name"], "g0");
}

#[test]
fn watch_reports_exact_counts_on_a_small_table_for_n_refreshes() {
    let em = Emulator::start(EmulatorOpts::default());
    fill(&em, 40, 0, true);
    let frames = run_ndjson(
        &em,
        &[
            "connections",
            "watch",
            "--iterations",
            "3",
            "--interval",
            "100ms",
            "--probes",
            "10",
        ],
    );
    assert_eq!(frames.len(), 3);
    for (i, f) in frames.iter().enumerate() {
        assert_eq!(f["refresh"], i as u64 + 1);
        assert_eq!(f["exact"], true, "{f}");
        // 36 live rows; of the 4 past their TTL, those DynamoDB Local has not deleted yet.
        assert_eq!(f["live_rows"], 36);
        let past_ttl = f["past_ttl"].as_u64().unwrap();
        assert!(past_ttl <= 4, "{f}");
        assert_eq!(f["rows"], 36 + past_ttl);
        assert_eq!(f["rows_read"], 36 + past_ttl);
        // Connected 0..39 minutes ago (plus 5 s): one in the last minute, 5 in the last five.
        assert_eq!(f["connects_last_minute"], 1, "{f}");
        assert_eq!(f["connects_per_minute_5m"], 1, "{f}");
        let groups: Vec<(String, u64)> = f["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["group"].as_str().unwrap().to_string(),
                    g["connections"].as_u64().unwrap(),
                )
            })
            .collect();
        let total: u64 = groups.iter().map(|g| g.1).sum();
        assert_eq!(total, 36, "live rows per group: {groups:?}");
        // Every row is a connection the gateway does not know: every probe answers 410.
        assert_eq!(f["probed"], 10);
        assert_eq!(f["probe_gone"], 10);
        assert_eq!(f["stale_estimate"], 36, "{f}");
    }
}

/// Without a Management API endpoint a watch still counts; it only has no stale estimate.
#[test]
fn watch_without_an_endpoint_counts_and_says_why_there_is_no_estimate() {
    let em = Emulator::start(EmulatorOpts::default());
    fill(&em, 12, 0, false);
    let out = wsctl_for(&em)
        .env_remove("WSCTL_ENDPOINT")
        .args(["-o", "ndjson", "connections", "watch", "--iterations", "1"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("no --endpoint: no stale estimate"), "{err}");
    let f: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(f["rows"], 12);
    assert_eq!(f["probed"], 0);
    assert_eq!(f["stale_estimate"], Value::Null);
}

/// Past --sample rows, each refresh reads one segment: over `segments` refreshes every row is read
/// exactly once, and each refresh reads a fraction of the table.
#[test]
fn watch_samples_a_large_table_one_segment_per_refresh() {
    let em = Emulator::start(EmulatorOpts::default());
    fill(&em, 400, 0, false);
    let count = run_ndjson(&em, &["connections", "count"]);
    assert_eq!(count[0]["rows"], 400, "{count:?}");
    let frames = run_ndjson(
        &em,
        &[
            "connections",
            "watch",
            "--iterations",
            "4",
            "--interval",
            "100ms",
            "--sample",
            "100",
            "--probes",
            "0",
        ],
    );
    assert_eq!(frames.len(), 4);
    let segments = frames[0]["segments"].as_u64().unwrap();
    assert_eq!(segments, 4, "400 rows, 100 a refresh: {}", frames[0]);
    let read: Vec<u64> = frames
        .iter()
        .map(|f| f["rows_read"].as_u64().unwrap())
        .collect();
    assert_eq!(
        read.iter().sum::<u64>(),
        400,
        "each row once over 4 refreshes: {read:?}"
    );
    assert!(read.iter().all(|r| *r < 400), "{read:?}");
    let segs: Vec<u64> = frames
        .iter()
        .map(|f| f["segment"].as_u64().unwrap())
        .collect();
    assert_eq!(segs, [0, 1, 2, 3]);
    for f in &frames {
        assert_eq!(f["exact"], false);
        assert_eq!(
            f["rows"],
            f["rows_read"].as_u64().unwrap() * 4,
            "scaled up: {f}"
        );
        assert_eq!(f["stale_estimate"], Value::Null, "no probes, no estimate");
    }
}

/// For people: one frame after another off a terminal, and Ctrl-C ends the watch (exit 0).
#[test]
fn watch_runs_until_interrupted() {
    let em = Emulator::start(EmulatorOpts::default());
    fill(&em, 8, 0, true);
    let mut child = wsctl_for(&em)
        .args([
            "connections",
            "watch",
            "--interval",
            "200ms",
            "--probes",
            "2",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut headers = 0;
    let mut text = String::new();
    while headers < 2 {
        let line = lines.next().expect("a frame line").unwrap();
        if line.starts_with("wsctl connections watch: table") {
            headers += 1;
        }
        text.push_str(&line);
        text.push('\n');
    }
    assert!(
        !text.contains('\x1b'),
        "no screen control codes off a terminal"
    );
    assert!(
        text.contains("rows past TTL") && text.contains("stale (estimate)"),
        "{text}"
    );
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// Off a terminal a sweep's progress lines know the table's size (DescribeTable's item count): how
/// far along, and an ETA.
#[test]
fn sweep_progress_lines_show_the_share_done_and_an_eta() {
    let em = Emulator::start(EmulatorOpts::default());
    fill(&em, 40, 0, false);
    // --rate 20: probing 40 connections takes about 2 s, so a line every 300 ms is printed.
    let out = wsctl_for(&em)
        .args([
            "--progress-interval",
            "300ms",
            "sweep",
            "--dry-run",
            // Every row here is stale: the endpoint guard would call the run's verdict a wrong
            // endpoint.
            "--allow-all-gone",
            "--rate",
            "20",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("wsctl sweep: "))
        .unwrap_or_else(|| panic!("no progress line: {err}"));
    assert!(line.contains(" rows scanned in "), "{line}");
    assert!(line.contains(" % of about 40, ETA "), "{line}");
}

/// A broadcast to everyone knows its size beforehand too (the table's item count): its progress
/// lines show the share done and an ETA.
#[test]
fn broadcast_all_progress_lines_show_an_eta() {
    // Throttled at 100/s, 150 connections take over a second: lines every 200 ms.
    let em = Emulator::start(EmulatorOpts {
        table: String::new(),
        args: vec!["--rate".into(), "100".into(), "--burst".into(), "10".into()],
    });
    let n = 150;
    let _swarm = crate::fixture::swarm::Swarm::start(&em.ws_url, n, n, 1, &[]);
    crate::fixture::wait_for("every row", std::time::Duration::from_secs(60), || {
        em.table_ids().len() == n
    });
    let out = wsctl_for(&em)
        .args([
            "--progress-interval",
            "200ms",
            "-o",
            "json",
            "broadcast",
            "--all",
            "--yes",
        ])
        .args(["--data", "tick"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("wsctl broadcast: "))
        .collect();
    assert!(!lines.is_empty(), "no progress line: {err}");
    for l in lines {
        assert!(
            l.contains(" targets done in ") && l.contains(" % of about 150, ETA "),
            "{l}"
        );
    }
}
