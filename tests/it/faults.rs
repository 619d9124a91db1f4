//! Faults on the local fleet. The emulator killed mid-broadcast, DynamoDB Local killed
//! mid-sweep, Ctrl-C in the middle of broadcast and sweep, slow consumers, throttling at several
//! rates, connections expiring during a broadcast, secrets kept out of logs, escaped records.
//!
//! Every fault is injected at a point the test observes (wsctl's own `-vv` line per finished
//! target), never after a guessed sleep. Every count is checked against what the swarm's real
//! WebSocket clients received.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::fixture::swarm::Swarm;
use crate::fixture::{run_json, unique_table, wait_for, wsctl_for, Emulator, EmulatorOpts};
use serde_json::Value;

fn fleet(args: &[&str]) -> Emulator {
    Emulator::start(EmulatorOpts {
        table: unique_table("fault"),
        args: args.iter().map(|s| s.to_string()).collect(),
    })
}

fn wait_rows(em: &Emulator, n: usize) {
    wait_for(&format!("{n} rows"), Duration::from_secs(60), || {
        em.table_ids().len() == n
    });
}

/// A wsctl run whose stderr is watched line by line: `wait_done(n)` returns once n targets have
/// finished (the engine logs one `target done` line per target at -vv).
struct Watched {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: Vec<String>,
    done: usize,
}

impl Watched {
    fn spawn(mut cmd: Command) -> Watched {
        let mut child = cmd
            .arg("-vv")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn wsctl");
        let (tx, rx) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watched {
            child,
            lines: rx,
            stderr: Vec::new(),
            done: 0,
        }
    }

    fn wait_done(&mut self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.done < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    if l.contains("target done") {
                        self.done += 1;
                    }
                    self.stderr.push(l);
                }
                Err(_) => panic!(
                    "only {} targets finished; stderr:\n{}",
                    self.done,
                    self.stderr.join("\n")
                ),
            }
        }
    }

    fn signal(&self, sig: libc::c_int) {
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, sig);
        }
    }

    /// Wait for the exit: (code, stdout JSON, the whole stderr).
    fn finish(mut self) -> (i32, Value, String) {
        let mut out = String::new();
        use std::io::Read;
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        let status = self.child.wait().unwrap();
        self.stderr.extend(self.lines.iter());
        let stderr = self.stderr.join("\n");
        assert!(!stderr.contains("panicked"), "wsctl panicked:\n{stderr}");
        (
            status.code().unwrap_or(-1),
            serde_json::from_str(&out).unwrap_or(Value::Null),
            stderr,
        )
    }
}

fn n(v: &Value, k: &str) -> u64 {
    v[k].as_u64()
        .unwrap_or_else(|| panic!("summary lacks {k}: {v}"))
}

fn failure_ids(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("failures file is NDJSON");
            v["connectionId"]
                .as_str()
                .unwrap_or_else(|| panic!("no connectionId in {l}"))
                .to_string()
        })
        .collect()
}

#[test]
fn emulator_killed_mid_broadcast_reports_every_undelivered_id() {
    // Throttled, so the broadcast is still running when the emulator dies.
    let mut em = fleet(&["--rate", "60", "--burst", "1"]);
    let clients = 240;
    let swarm = Swarm::start(&em.ws_url, clients, clients, 1, &[]);
    wait_rows(&em, clients);
    let dir = tempfile::tempdir().unwrap();
    let failures = dir.path().join("failures.ndjson");
    let mut cmd = wsctl_for(&em);
    cmd.args([
        "broadcast",
        "--all",
        "--yes",
        "--data",
        "tick",
        "-o",
        "json",
    ])
    .args(["--max-attempts", "3", "--failures"])
    .arg(&failures);
    let mut run = Watched::spawn(cmd);
    run.wait_done(30);
    em.kill();
    let (code, s, err) = run.finish();
    let report = swarm.stop();

    assert_eq!(code, 5, "a partial failure: {s}\n{err}");
    let (targets, delivered, gone, failed) = (
        n(&s, "targets"),
        n(&s, "delivered"),
        n(&s, "gone"),
        n(&s, "failed"),
    );
    assert_eq!(targets, clients as u64);
    assert_eq!(delivered + gone + failed, targets, "{s}");
    assert!(delivered >= 30 && failed > 0, "{s}");
    // Nothing counted delivered that was not received. (A frame written just before the kill whose
    // 200 never reached wsctl is received yet reported failed: an unknown outcome is a failure.)
    assert!(
        delivered <= report.messages && report.messages <= delivered + failed,
        "received {} vs {s}",
        report.messages
    );
    // Every undelivered id is in the failures file, once.
    let ids = failure_ids(&failures);
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(ids.len() as u64, failed);
    assert_eq!(distinct.len(), ids.len());

    // Restarted, the emulator has forgotten those sockets: a replay finds them all Gone. The endpoint
    // guard stops it (every answer 410 looks like a wrong endpoint) and deletes nothing...
    em.restart();
    let replay = |extra: &[&str]| {
        wsctl_for(&em)
            .args(["push", "--data", "again", "-o", "json"])
            .args(extra)
            .arg("--connection-file")
            .arg(&failures)
            .output()
            .unwrap()
    };
    let out = replay(&[]);
    assert_eq!(
        out.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(distinct.iter().all(|id| em.table_ids().contains(*id)));
    // ...until the operator says the fleet really is gone: then they are pruned.
    let out = replay(&["--allow-all-gone"]);
    let replay: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{replay}");
    assert_eq!(n(&replay, "targets"), failed);
    assert_eq!(n(&replay, "gone"), failed);
    assert_eq!(n(&replay, "pruned"), failed);
    let left = em.table_ids();
    assert!(distinct.iter().all(|id| !left.contains(*id)));
}

/// DynamoDB Local of the test's own, on disk, so that it can be killed and restarted with its data.
struct OwnDynamoDb {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl OwnDynamoDb {
    fn start() -> OwnDynamoDb {
        let port = wsctl::local::dynamodb_local::free_port().unwrap();
        let mut me = OwnDynamoDb {
            port,
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        me.spawn();
        me
    }

    fn spawn(&mut self) {
        let jar_dir = wsctl::local::dynamodb_local::find_dir().expect("DynamoDB Local installed");
        let child = Command::new("java")
            .arg(format!(
                "-Djava.library.path={}",
                jar_dir.join("DynamoDBLocal_lib").display()
            ))
            .arg("-jar")
            .arg(jar_dir.join("DynamoDBLocal.jar"))
            .args(["-sharedDb", "-dbPath"])
            .arg(self.dir.path())
            .args(["-port", &self.port.to_string()])
            .current_dir(&jar_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("java");
        self.child = Some(child);
        let port = self.port;
        wait_for("DynamoDB Local", Duration::from_secs(90), || {
            wsctl::local::dynamodb_local::list_tables_ok(port)
        });
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for OwnDynamoDb {
    fn drop(&mut self) {
        self.kill();
    }
}

#[test]
fn dynamodb_local_killed_mid_sweep_deletes_no_live_record_and_resumes() {
    let mut ddb = OwnDynamoDb::start();
    // Lost disconnects leave the rows of closed clients; a throttle keeps the sweep running long
    // enough to pull DynamoDB out from under it.
    let em = Emulator::start_with_dynamodb(
        EmulatorOpts {
            table: unique_table("ddbkill"),
            args: ["--lose-disconnects", "1.0", "--rate", "80", "--burst", "1"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        },
        ddb.endpoint(),
    );
    let live = Swarm::start(&em.ws_url, 20, 20, 2, &[]);
    let stale = Swarm::start(&em.ws_url, 200, 200, 2, &[]);
    wait_rows(&em, 220);
    stale.stop();
    wait_for("stale clients gone", Duration::from_secs(30), || {
        em.live_ids().len() == 20
    });
    let live_ids: BTreeSet<String> = em.live_ids().into_iter().collect();
    let dir = tempfile::tempdir().unwrap();
    let checkpoint = dir.path().join("sweep.checkpoint");

    let mut cmd = wsctl_for(&em);
    cmd.args([
        "sweep",
        "--yes",
        "--segments",
        "4",
        "-o",
        "json",
        "--checkpoint",
    ])
    .arg(&checkpoint);
    let mut run = Watched::spawn(cmd);
    run.wait_done(40);
    // The fault must come after some deletes have landed (a finished target's delete is batched
    // and written a moment later), so that the rerun has a checkpoint with work done behind it.
    wait_for("some stale rows deleted", Duration::from_secs(60), || {
        em.table_ids().len() < 220
    });
    ddb.kill();
    let (code, s, err) = run.finish();
    assert_ne!(
        code, 0,
        "the sweep cannot finish without DynamoDB: {s}\n{err}"
    );
    // It fails cleanly: the summary of what was done, then one error line, no SDK dump.
    assert_eq!(s["complete"], false, "{s}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        !err.contains("SdkError") && !err.contains("DispatchFailure"),
        "{err}"
    );
    eprintln!("sweep without DynamoDB: exit {code}, {}", errors[0]);

    ddb.spawn();
    let after_fault = em.table_ids();
    assert!(
        live_ids.is_subset(&after_fault),
        "a live record was deleted"
    );
    assert!(
        after_fault.len() < 220,
        "the stale rows deleted before the fault stay deleted"
    );

    // The rerun continues from the checkpoint and leaves exactly the live connections.
    let (code, s, err) = run_json(
        &em,
        &[
            "sweep",
            "--yes",
            "--segments",
            "4",
            "--checkpoint",
            checkpoint.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{s}\n{err}");
    assert!(n(&s, "scanned") < 220, "resumed, not started over: {s}");
    assert_eq!(em.table_ids(), live_ids);
    assert_eq!(live.stop().connected, 20);
}

#[test]
fn ctrl_c_mid_broadcast_prints_the_summary_and_exits_130() {
    let em = fleet(&["--rate", "50", "--burst", "1"]);
    let clients = 200;
    let swarm = Swarm::start(&em.ws_url, clients, clients, 1, &[]);
    wait_rows(&em, clients);
    let mut cmd = wsctl_for(&em);
    cmd.args([
        "broadcast",
        "--all",
        "--yes",
        "--data",
        "tick",
        "-o",
        "json",
    ]);
    let mut run = Watched::spawn(cmd);
    run.wait_done(20);
    run.signal(libc::SIGINT);
    let (code, s, err) = run.finish();
    let report = swarm.stop();
    assert_eq!(code, 130, "{s}\n{err}");
    assert_eq!(s["interrupted"], true, "{s}");
    let delivered = n(&s, "delivered");
    assert!(delivered >= 20 && delivered < clients as u64, "{s}");
    assert_eq!(
        report.messages, delivered,
        "what was counted is what arrived"
    );
    assert!(err.contains("interrupted"), "{err}");
}

#[test]
fn ctrl_c_mid_sweep_prints_the_summary_and_exits_130() {
    let em = fleet(&["--lose-disconnects", "1.0", "--rate", "50", "--burst", "1"]);
    // A quarter live: the endpoint guard opens at the first live answer, and the first 40 answers
    // hold one but for a chance of about 1e-5.
    let live = Swarm::start(&em.ws_url, 40, 40, 1, &[]);
    let stale = Swarm::start(&em.ws_url, 120, 120, 1, &[]);
    wait_rows(&em, 160);
    stale.stop();
    wait_for("stale clients gone", Duration::from_secs(30), || {
        em.live_ids().len() == 40
    });
    let live_ids: BTreeSet<String> = em.live_ids().into_iter().collect();
    let mut cmd = wsctl_for(&em);
    cmd.args(["sweep", "--yes", "-o", "json"]);
    let mut run = Watched::spawn(cmd);
    run.wait_done(40);
    run.signal(libc::SIGINT);
    let (code, s, err) = run.finish();
    assert_eq!(code, 130, "{s}\n{err}");
    assert_eq!(s["complete"], false, "{s}");
    let left = em.table_ids();
    assert!(live_ids.is_subset(&left), "no live record deleted");
    assert!(left.len() < 160 && left.len() > 40, "stopped part-way: {s}");
    drop(live);
}

#[test]
fn a_slow_consumer_is_retried_on_its_own_without_slowing_the_rest() {
    let em = fleet(&["--client-buffer", "2"]);
    let fast = 150;
    let swarm = Swarm::start(&em.ws_url, fast, fast, 1, &[]);
    // One more member of g0 that never reads: its socket and then its queue fill up.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (_slow_ws, _) = rt
        .block_on(tokio_tungstenite::connect_async(format!(
            "{}?userId=slow&groupId=g0",
            em.ws_url
        )))
        .expect("handshake");
    wait_rows(&em, fast + 1);
    let slow = em
        .live_connections()
        .into_iter()
        .find(|c| c["query"]["userId"] == "slow")
        .and_then(|c| c["connectionId"].as_str().map(str::to_string))
        .unwrap();
    let url = format!("{}/@connections/{}", em.endpoint, slow);
    let big = vec![b'x'; 131_072];
    // Full for good: the kernel's buffers grow for a while, so wait for 429s in a row.
    let mut in_a_row = 0;
    for _ in 0..5000 {
        if crate::fixture::http("POST", &url, &[], &big)
            .unwrap()
            .status
            == 429
        {
            in_a_row += 1;
            if in_a_row == 5 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        } else {
            in_a_row = 0;
        }
    }
    assert_eq!(in_a_row, 5, "the slow client's buffer fills");

    let dir = tempfile::tempdir().unwrap();
    let failures = dir.path().join("failures.ndjson");
    let out = wsctl_for(&em)
        .args(["broadcast", "--group", "g0", "--data", "tick", "-o", "json"])
        .args(["--max-attempts", "4", "--failures"])
        .arg(&failures)
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(5), "{s}");
    assert_eq!(n(&s, "delivered"), fast as u64, "{s}");
    assert_eq!(n(&s, "failed"), 1, "{s}");
    assert!(n(&s, "throttled") >= 3, "the slow one was retried: {s}");
    // One full buffer is not a throttled account: the global rate was never lowered.
    assert!(s["final_rate"].is_null(), "{s}");
    assert_eq!(failure_ids(&failures), vec![slow]);
    let report = swarm.stop();
    assert_eq!(report.messages, fast as u64);
    assert_eq!(report.group("g0")["min_per_client"], 1);
}

fn throttled_broadcast(rate: u32) {
    let burst = (rate / 20).max(1);
    let em = fleet(&["--rate", &rate.to_string(), "--burst", &burst.to_string()]);
    let clients = 600;
    let swarm = Swarm::start(&em.ws_url, clients, clients, 1, &[]);
    wait_rows(&em, clients);
    let (code, s, err) = run_json(&em, &["broadcast", "--all", "--yes", "--data", "tick"]);
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(n(&s, "delivered"), clients as u64, "{s}");
    assert_eq!(n(&s, "failed"), 0);
    let report = swarm.stop();
    assert_eq!(report.messages, clients as u64);
    assert_eq!(report.group("g0")["min_per_client"], 1);
    assert_eq!(report.group("g0")["max_per_client"], 1);
    // The figure for the README: achieved rate against the limit.
    eprintln!(
        "throttle {rate}/s (burst {burst}): delivered {}/{clients}, achieved {:.0}/s, {} throttled answers, {} retries",
        n(&s, "delivered"),
        s["rate"].as_f64().unwrap_or(0.0),
        n(&s, "throttled"),
        n(&s, "retries"),
    );
}

#[test]
fn throttled_at_200_per_second_delivers_everything() {
    throttled_broadcast(200);
}

#[test]
fn throttled_at_1000_per_second_delivers_everything() {
    throttled_broadcast(1000);
}

#[test]
fn throttled_at_5000_per_second_delivers_everything() {
    throttled_broadcast(5000);
}

/// Connections that expire while a throttled broadcast runs are Gone, pruned and reported.
fn expiry_during_broadcast(flag: &str) {
    // 25/s: at most ~100 deliveries fit in the 4 s before every connection expires.
    let em = fleet(&[
        flag,
        "4s",
        "--lose-disconnects",
        "1.0",
        "--rate",
        "25",
        "--burst",
        "1",
    ]);
    let clients = 150;
    let swarm = Swarm::start(&em.ws_url, clients, clients, 1, &[]);
    wait_rows(&em, clients);
    let (code, s, err) = run_json(&em, &["broadcast", "--all", "--yes", "--data", "tick"]);
    assert_eq!(code, 0, "gone is not a failure: {s}\n{err}");
    let (delivered, gone) = (n(&s, "delivered"), n(&s, "gone"));
    assert_eq!(delivered + gone, clients as u64, "{s}");
    assert!(gone >= 40, "{s}");
    assert_eq!(n(&s, "pruned"), gone, "{s}");
    assert_eq!(n(&s, "failed"), 0);
    let report = swarm.stop();
    assert_eq!(report.messages, delivered);
    assert_eq!(em.table_ids().len() as u64, clients as u64 - gone);
}

#[test]
fn max_duration_expiry_during_a_broadcast_is_gone_and_pruned() {
    expiry_during_broadcast("--max-duration");
}

#[test]
fn idle_expiry_during_a_broadcast_is_gone_and_pruned() {
    expiry_during_broadcast("--idle-timeout");
}

#[test]
fn credentials_and_payloads_never_reach_the_logs() {
    let em = fleet(&[]);
    let swarm = Swarm::start(&em.ws_url, 3, 3, 1, &[]);
    wait_rows(&em, 3);
    let secret = "wsctlSECRETkey0123456789abcdefSECRET";
    let payload = "PAYLOAD-MARKER-7f3a9";
    // The -v levels, --debug (the SDK's debug log too), and WSCTL_LOG=trace (every crate, the SDK's
    // internals included).
    for verbosity in ["-v", "-vv", "-vvv", "--debug", "trace"] {
        let mut cmd = wsctl_for(&em);
        if verbosity == "trace" {
            cmd.env("WSCTL_LOG", "trace");
        }
        let verbosity = if verbosity == "trace" {
            "-q"
        } else {
            verbosity
        };
        let out = cmd
            .env("AWS_ACCESS_KEY_ID", "AKIDWSCTLTEST")
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .env("AWS_SESSION_TOKEN", "SESSIONTOKEN-MARKER")
            .args(["broadcast", "--all", "--yes", "--data", payload, verbosity])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if verbosity != "-v" {
            assert!(
                all.contains("target done"),
                "debug logs are on at {verbosity}"
            );
            assert!(
                all.contains("table page read"),
                "the table's pages are timed at {verbosity}"
            );
        }
        for needle in [secret, payload, "SESSIONTOKEN-MARKER"] {
            assert!(
                !all.contains(needle),
                "{needle} leaked at {verbosity}:\n{all}"
            );
        }
    }
    assert_eq!(swarm.stop().messages, 15);
}

#[test]
fn records_are_escaped_before_they_reach_a_terminal() {
    let em = fleet(&[]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // ESC [2J (clear screen), an OSC title change ending in BEL, and a right-to-left override.
    let evil = "%1B%5B2J%1B%5D0%3Bpwned%07%E2%80%AEevil";
    let (_ws, _) = rt
        .block_on(tokio_tungstenite::connect_async(format!(
            "{}?userId={evil}&groupId={evil}",
            em.ws_url
        )))
        .expect("handshake");
    wait_rows(&em, 1);
    let id = em.table_ids().into_iter().next().unwrap();
    for args in [
        vec!["connections", "list"],
        vec!["connections", "list", "--probe"],
        vec!["connections", "inspect", "--", &id],
        vec!["connections", "count", "--by", "user"],
        vec!["connections", "stats"],
    ] {
        let out = wsctl_for(&em).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("pwned"), "{args:?} shows the record:\n{text}");
        for bad in ['\x1b', '\x07', '\u{202e}'] {
            assert!(
                !text.contains(bad),
                "{args:?} printed a raw {bad:?}:\n{text}"
            );
        }
    }
    // JSON escapes them its own way (\u001b), never raw.
    let out = wsctl_for(&em)
        .args(["connections", "list", "-o", "json"])
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    let em = fleet(&[]);
    let swarm = Swarm::start(&em.ws_url, 300, 300, 3, &[]);
    wait_rows(&em, 300);
    for format in ["table", "ids", "ndjson"] {
        let cmd = format!(
            "'{}' connections list -o {format} | head -1; exit ${{PIPESTATUS[0]}}",
            crate::fixture::wsctl_bin().display()
        );
        let out = Command::new("bash")
            .args(["-c", &cmd])
            .envs(
                wsctl_for(&em)
                    .get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k, v))),
            )
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().count(),
            1,
            "{format}"
        );
        assert_eq!(out.status.code(), Some(0), "{format}: quiet exit 0");
        assert!(
            out.stderr.is_empty(),
            "{format}: nothing on stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    drop(swarm);
}

/// Bad input that needs a fleet to be told apart: a table that does not exist, a connection id
/// that is well-formed but unknown. One clear error line, exit 4, nothing sent or deleted.
#[test]
fn unknown_table_and_unknown_connection_are_clear_errors() {
    let em = fleet(&[]);
    let swarm = Swarm::start(&em.ws_url, 2, 2, 1, &[]);
    wait_rows(&em, 2);
    let one_error = |out: std::process::Output, needle: &str| {
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(4), "{err}");
        assert!(err.contains(needle), "{needle:?} in {err}");
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines[0].starts_with("error: ") && lines.len() <= 2, "{err}");
        assert!(
            !err.contains("panicked") && !err.contains("SdkError"),
            "{err}"
        );
    };
    for args in [
        vec!["connections", "count"],
        vec!["connections", "list"],
        vec!["broadcast", "--group", "g0", "--data", "x"],
        vec!["sweep", "--yes"],
    ] {
        let out = wsctl_for(&em)
            .args(["--table", "no-such-table"])
            .args(&args)
            .output()
            .unwrap();
        one_error(out, "table no-such-table not found");
    }
    let out = wsctl_for(&em)
        .args(["connections", "inspect", "L0SM9cOFvHcCIhw="])
        .output()
        .unwrap();
    one_error(out, "connection L0SM9cOFvHcCIhw= not found");
    // A push to an unknown id is Gone (that is what 410 means), and deletes nothing. Every answer
    // of the run was 410: the endpoint guard says so (exit 8).
    let (code, s, err) = run_json(&em, &["push", "-c", "L0SM9cOFvHcCIhw=", "--data", "x"]);
    assert_eq!(code, 8, "{s}\n{err}");
    assert!(
        err.contains("endpoint guard: all 1 connection(s) answered 410 Gone"),
        "{err}"
    );
    assert_eq!((n(&s, "gone"), n(&s, "pruned")), (1, 0), "{s}");
    assert_eq!(em.table_ids().len(), 2);
    assert_eq!(swarm.stop().messages, 0);
}

/// `n` virtual connections of the emulator, written one id a line to `dir/ids.txt`.
fn virtual_ids(em: &Emulator, n: usize, dir: &Path) -> (Vec<String>, std::path::PathBuf) {
    let ids = em.virtual_ids(n);
    let path = dir.join("ids.txt");
    std::fs::write(&path, ids.join("\n") + "\n").unwrap();
    (ids, path)
}

#[test]
fn ctrl_c_mid_push_writes_every_unattempted_id_to_the_failures_file() {
    // 20 calls a second: the run is far from done when Ctrl-C comes.
    let em = fleet(&["--rate", "20", "--burst", "1"]);
    let dir = tempfile::tempdir().unwrap();
    let (ids, file) = virtual_ids(&em, 300, dir.path());
    let failures = dir.path().join("failures.ndjson");
    let mut cmd = wsctl_for(&em);
    // A low ceiling keeps most targets in the producer when Ctrl-C comes, whatever the
    // adaptive limit does meanwhile (a run takes at most twice the ceiling plus 64).
    cmd.args(["push", "--data", "x", "-o", "json", "--concurrency", "8"])
        .arg("--failures")
        .arg(&failures)
        .arg("--connection-file")
        .arg(&file);
    let mut run = Watched::spawn(cmd);
    run.wait_done(10);
    run.signal(libc::SIGINT);
    let (code, s, err) = run.finish();
    assert_eq!(code, 130, "{s}\n{err}");
    let delivered = n(&s, "delivered");
    let not_attempted = n(&s, "not_attempted");
    assert!(not_attempted > 0, "{s}");
    // Every id is either delivered or in the failures file, once: a replay covers what was missed.
    let missed = failure_ids(&failures);
    let distinct: BTreeSet<&String> = missed.iter().collect();
    assert_eq!(distinct.len(), missed.len(), "each id once");
    assert_eq!(delivered + missed.len() as u64, ids.len() as u64, "{s}");
    let text = std::fs::read_to_string(&failures).unwrap();
    assert_eq!(
        text.matches("not attempted: the run was interrupted")
            .count() as u64,
        not_attempted
    );
    // The replay, unthrottled now, delivers exactly the missed ones.
    let out = wsctl_for(&em)
        .args(["push", "--data", "x", "-o", "json", "--connection-file"])
        .arg(&failures)
        .output()
        .unwrap();
    let replay: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(n(&replay, "targets"), missed.len() as u64, "{replay}");
}

#[test]
fn a_failures_file_that_cannot_be_written_is_an_error() {
    let em = fleet(&["--rate", "20", "--burst", "1"]);
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = virtual_ids(&em, 200, dir.path());
    let mut cmd = wsctl_for(&em);
    cmd.args([
        "push",
        "--data",
        "x",
        "-o",
        "json",
        // Most targets stay in the producer when Ctrl-C comes (see above).
        "--concurrency",
        "8",
        "--failures",
        "/dev/full",
    ])
    .arg("--connection-file")
    .arg(&file);
    let mut run = Watched::spawn(cmd);
    run.wait_done(5);
    run.signal(libc::SIGINT);
    let (code, s, err) = run.finish();
    assert_eq!(code, 1, "{s}\n{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0].contains("cannot write the failures file /dev/full"),
        "{err}"
    );
    assert!(n(&s, "not_attempted") > 0, "{s}");
}
