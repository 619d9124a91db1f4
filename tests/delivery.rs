//! push / broadcast / disconnect on the local fleet with the built-in recorder (seed 000's shape):
//! throttling, disconnects, failures, dry runs and confirmations.

mod common;

use std::time::{Duration, Instant};

use common::swarm::Swarm;
use common::{run_json, run_ndjson, unique_table, wsctl_for, Emulator, EmulatorOpts};
use serde_json::Value;

fn wait_rows(em: &Emulator, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (code, v, err) = run_json(em, &["connections", "count"]);
        assert_eq!(code, 0, "{err}");
        if v["live_rows"].as_u64() == Some(n) {
            return;
        }
        assert!(Instant::now() < deadline, "expected {n} rows: {v}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn fleet(args: &[&str]) -> Emulator {
    Emulator::start(EmulatorOpts {
        table: unique_table("deliv"),
        args: args.iter().map(|s| s.to_string()).collect(),
    })
}

#[test]
fn off_a_terminal_long_runs_print_progress_lines() {
    // Throttled at 100/s, 150 connections take over a second: long enough for lines every 200 ms.
    let em = fleet(&["--rate", "100", "--burst", "10"]);
    let n = 150;
    let swarm = Swarm::start(&em.ws_url, n, n, 1, &[]);
    wait_rows(&em, n as u64);
    let lines = |err: &str, prefix: &str| -> Vec<String> {
        err.lines()
            .filter(|l| l.starts_with(prefix))
            .map(str::to_string)
            .collect()
    };
    let broadcast = |extra: &[&str]| {
        let mut args = vec!["broadcast", "--group", "g0", "--data", "tick"];
        args.extend_from_slice(extra);
        let (code, s, err) = run_json(&em, &args);
        assert_eq!(code, 0, "{err}\n{s}");
        assert_eq!(s["delivered"], n as u64, "{s}");
        err
    };

    let err = broadcast(&["--progress-interval", "200ms"]);
    let shown = lines(&err, "wsctl broadcast: ");
    assert!(!shown.is_empty(), "no progress line: {err}");
    for l in &shown {
        assert!(
            l.contains(" targets done in ") && l.contains("; gone "),
            "{l}"
        );
    }
    // The default interval (30 s) is longer than this run; --no-progress and `off` print none.
    for extra in [
        &[][..],
        &["--no-progress", "--progress-interval", "200ms"],
        &["--progress-interval", "off"],
    ] {
        let err = broadcast(extra);
        assert!(
            lines(&err, "wsctl broadcast: ").is_empty(),
            "{extra:?}: {err}"
        );
    }

    // A sweep reports how far its scan is; its probes are throttled too.
    let (code, sw, err) = run_json(&em, &["sweep", "--dry-run", "--progress-interval", "200ms"]);
    assert_eq!(code, 0, "{err}\n{sw}");
    assert_eq!(sw["alive"], n as u64, "{sw}");
    let shown = lines(&err, "wsctl sweep: ");
    assert!(!shown.is_empty(), "no progress line: {err}");
    assert!(
        shown.iter().all(|l| l.contains(" rows scanned in ")),
        "{shown:?}"
    );

    let (code, _, err) = run_json(&em, &["sweep", "--dry-run", "--progress-interval", "50ms"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at least 100ms"), "{err}");

    let report = swarm.stop();
    assert_eq!(report.raw["messages"], 4 * n as u64, "{}", report.raw);
}

#[test]
fn throttled_broadcast_delivers_everything() {
    let em = fleet(&["--rate", "500", "--burst", "50"]);
    let n = 1500;
    let swarm = Swarm::start(&em.ws_url, n, n, 3, &[]);
    wait_rows(&em, n as u64);
    let (code, s, err) = run_json(
        &em,
        &[
            "broadcast",
            "--all",
            "--yes",
            "--data",
            "tick",
            "--concurrency",
            "128",
        ],
    );
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(s["delivered"], n as u64, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    assert!(
        s["throttled"].as_u64().unwrap() > 0,
        "the emulator should have throttled: {s}"
    );
    let report = swarm.stop();
    assert_eq!(report.raw["messages"], n as u64);
    for g in ["g0", "g1", "g2"] {
        assert_eq!(
            report.raw["groups"][g]["min_per_client"], 1,
            "{}",
            report.raw
        );
        assert_eq!(
            report.raw["groups"][g]["max_per_client"], 1,
            "{}",
            report.raw
        );
    }
}

#[test]
fn disconnect_user_closes_and_prunes() {
    let em = fleet(&[]);
    let swarm = Swarm::start(&em.ws_url, 20, 5, 2, &[]);
    wait_rows(&em, 20);
    // Not on a terminal and no --yes: refused, nothing changed.
    let (code, _, err) = run_json(&em, &["disconnect", "--user", "u1"]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("--yes"), "{err}");
    let (code, s, _) = run_json(&em, &["disconnect", "--user", "u1", "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(s["targets"], 4, "{s}");
    let (code, s, err) = run_json(&em, &["disconnect", "--user", "u1", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["disconnected"], 4, "{s}");
    assert!(s["pruned"].as_u64().unwrap() <= 4);
    wait_rows(&em, 16);
    assert_eq!(em.live_ids().len(), 16);
    let report = swarm.stop();
    assert_eq!(report.raw["disconnected_by_server"], 4, "{}", report.raw);
}

#[test]
fn failures_are_reported_and_replayable() {
    let em = fleet(&[]);
    let swarm = Swarm::start(&em.ws_url, 5, 5, 1, &[]);
    wait_rows(&em, 5);
    let ids = em.live_ids();
    let dir = tempfile::tempdir().unwrap();
    let failures = dir.path().join("failed.ndjson");
    // A stage that does not exist answers 403 Forbidden: not retried, reported, exit 5.
    let wrong_stage = em.endpoint.rsplit_once('/').unwrap().0.to_string() + "/nostage";
    let out = wsctl_for(&em)
        .env("WSCTL_ENDPOINT", &wrong_stage)
        .args([
            "push",
            "--connection",
            &ids[0],
            "--connection",
            &ids[1],
            "--data",
            "x",
            "--no-prune",
            "-o",
            "json",
        ])
        .arg("--failures")
        .arg(&failures)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["failed"], 2, "{s}");
    assert_eq!(s["delivered"], 0, "{s}");
    let lines: Vec<Value> = std::fs::read_to_string(&failures)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["reason"].as_str().unwrap().contains("403"),
        "{}",
        lines[0]
    );
    // Replay the failures file against the right endpoint: both delivered.
    let (code, s, err) = run_json(
        &em,
        &[
            "push",
            "--connection-file",
            failures.to_str().unwrap(),
            "--data",
            "x",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["delivered"], 2, "{s}");
    let report = swarm.stop();
    assert_eq!(report.raw["messages"], 2);
}

#[test]
fn broadcast_dry_run_sends_nothing_and_all_needs_yes() {
    let em = fleet(&[]);
    let swarm = Swarm::start(&em.ws_url, 12, 12, 3, &[]);
    wait_rows(&em, 12);
    let (code, s, _) = run_json(
        &em,
        &["broadcast", "--group", "g2", "--data", "x", "--dry-run"],
    );
    assert_eq!(code, 0);
    assert_eq!(s["targets"], 4, "{s}");
    assert_eq!(s["dry_run"], true);
    let (code, _, err) = run_json(&em, &["broadcast", "--all", "--data", "x"]);
    assert_eq!(code, 7, "{err}");
    let report = swarm.stop();
    assert_eq!(
        report.raw["messages"], 0,
        "a dry run and a refused broadcast sent nothing"
    );
}

#[test]
fn list_inspect_and_probe_show_live_state() {
    let em = fleet(&[]);
    let swarm = Swarm::start(&em.ws_url, 6, 3, 2, &[]);
    wait_rows(&em, 6);
    let rows = run_ndjson(&em, &["connections", "list", "--user", "u1", "--probe"]);
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(r["userId"], "u1");
        assert_eq!(r["state"], "alive", "{r}");
        assert!(r["live"]["lastActiveAt"].as_str().unwrap().ends_with('Z'));
    }
    let id = rows[0]["connectionId"].as_str().unwrap().to_string();
    let (code, v, err) = run_json(
        &em,
        &["connections", "inspect", "--", &id, "AAAAAAAAAAAAAAA="],
    );
    // The known one is shown; the unknown one (no row, 410) is a NotFound error.
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("AAAAAAAAAAAAAAA= not found"), "{err}");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["state"], "alive");
    assert_eq!(v[0]["record"]["userId"], "u1");
    // ids output and a closed pipe.
    let out = wsctl_for(&em)
        .args(["connections", "list", "-o", "ids"])
        .output()
        .unwrap();
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let mut live = em.live_ids();
    let mut got = ids.clone();
    live.sort();
    got.sort();
    assert_eq!(got, live);
    swarm.stop();
}
