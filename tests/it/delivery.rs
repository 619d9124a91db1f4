//! push / broadcast / disconnect on the local fleet with the built-in recorder (seed 000's shape):
//! throttling, disconnects, failures, dry runs and confirmations.

use std::time::{Duration, Instant};

use crate::fixture::swarm::Swarm;
use crate::fixture::{run_json, run_ndjson, unique_table, wsctl_for, Emulator, EmulatorOpts};
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
fn push_messages_sends_each_message_to_its_own_recipients() {
    let em = fleet(&[]);
    // Client i is user u{i % 3}: u0, u1 and u2 have two connections each.
    let swarm = Swarm::start(&em.ws_url, 6, 3, 1, &[]);
    wait_rows(&em, 6);
    let of_u2: Vec<String> = run_ndjson(&em, &["connections", "list", "--user", "u2"])
        .iter()
        .map(|r| r["connectionId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(of_u2.len(), 2);
    // A stale row: its connection is gone, so a message to it proves that and prunes the row.
    let stale = "StaleConn0001=";
    // Connected ten minutes ago: past the grace, so its 410 is proof.
    em.put_row(&[
        ("connectionId", stale.into()),
        ("userId", "u9".into()),
        (
            "connectedAt",
            crate::fixture::connected_ago(Duration::from_secs(600)),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, lines: &[String]| {
        let path = dir.path().join(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path.display().to_string()
    };

    // A bad line anywhere in a file: nothing is sent (the swarm's totals below prove it).
    let bad = write(
        "bad.ndjson",
        &[
            r#"{"userId": "u0", "data": "never sent"}"#.into(),
            r#"{"userId": "u1", "data": "never sent"}"#.into(),
            r#"{"userId": "u1"}"#.into(),
        ],
    );
    let (code, _, err) = run_json(&em, &["push", "--messages", &bad]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.ndjson:3: needs data"), "{err}");

    let batch = write(
        "batch.ndjson",
        &[
            "# notifications of one batch".into(),
            r#"{"userId": "u0", "data": {"type": "notice", "n": 1}}"#.into(),
            r#"{"userId": "u1", "data": "one"}"#.into(),
            "".into(),
            r#"{"userId": "u1", "data": "two"}"#.into(),
            format!(r#"{{"connectionId": "{}", "data": "direct"}}"#, of_u2[0]),
            format!(r#"{{"connectionId": "{stale}", "data": "too late"}}"#),
            r#"{"userId": "nobody", "data": "offline"}"#.into(),
        ],
    );
    // The dry run reads the same recipients and sends nothing (the totals below prove it).
    let (code, d, err) = run_json(&em, &["push", "--messages", &batch, "--dry-run"]);
    assert_eq!(code, 0, "{err}\n{d}");
    assert_eq!(d["dry_run"], true, "{d}");
    assert_eq!(
        (
            d["messages"].as_u64(),
            d["targets"].as_u64(),
            d["users_not_connected"].as_u64()
        ),
        (Some(6), Some(8), Some(1)),
        "{d}"
    );
    let (code, s, err) = run_json(&em, &["push", "--messages", &batch]);
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(s["messages"], 6, "{s}");
    assert_eq!(s["users_not_connected"], 1, "{s}");
    assert_eq!(s["targets"], 8, "{s}");
    assert_eq!(s["delivered"], 7, "{s}");
    assert_eq!(
        (s["gone"].as_u64(), s["pruned"].as_u64()),
        (Some(1), Some(1)),
        "{s}"
    );
    assert!(!em.table_ids().contains(stale));

    // From stdin the run stops at the first bad line, after sending what came before it.
    let mut child = wsctl_for(&em)
        .args(["-o", "json", "push", "--messages", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"{\"userId\": \"u0\", \"data\": \"s1\"}\noops\n{\"userId\": \"u0\", \"data\": \"s3\"}\n")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("stdin:2: not a JSON object"), "{err}");
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (s["messages"].as_u64(), s["delivered"].as_u64()),
        (Some(1), Some(2)),
        "{s}"
    );

    // u0: the batch's message and the stdin one; u1: both of its messages; u2: one connection got
    // the direct message, the other nothing.
    let report = swarm.stop();
    let user = |u: &str| &report.raw["users"][u];
    for (u, messages, min, max) in [("u0", 4, 2, 2), ("u1", 4, 2, 2), ("u2", 1, 0, 1)] {
        assert_eq!(user(u)["messages"], messages, "{u}: {}", report.raw);
        assert_eq!(user(u)["min_per_client"], min, "{u}: {}", report.raw);
        assert_eq!(user(u)["max_per_client"], max, "{u}: {}", report.raw);
    }
    assert_eq!(report.messages, 9, "{}", report.raw);
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
