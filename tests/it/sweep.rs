//! Sweep deletes exactly the stale rows and no live one, on the three seed layouts, with
//! several segments, with shards as separate processes, and interrupted then resumed.

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::fixture::seed::{python, SeedHandler};
use crate::fixture::swarm::Swarm;
use crate::fixture::{dynamodb_endpoint, unique_table, wsctl_for, Emulator, EmulatorOpts};
use serde_json::{json, Value};

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Live clients, stale rows from clients that dropped while the emulator was down, and the live
/// clients reconnected after its restart. Returns (emulator, handler, live swarm, stale ids).
fn stale_fleet(
    layout: &str,
    live: usize,
    stale: usize,
) -> (Emulator, Option<SeedHandler>, Swarm, BTreeSet<String>) {
    let table = unique_table(&format!("sweep{layout}"));
    let (handler, args) = if layout == "recorder" {
        (None, vec![])
    } else {
        let h = SeedHandler::start(layout, &table);
        let args = vec!["--integration".to_string(), h.url.clone()];
        (Some(h), args)
    };
    let mut em = Emulator::start(EmulatorOpts { table, args });
    let keep = Swarm::start(
        &em.ws_url,
        live,
        7,
        3,
        &["--param", "room={group}", "--reconnect"],
    );
    let drop = Swarm::start(&em.ws_url, stale, 5, 3, &["--param", "room={group}"]);
    wait_until("all rows", || em.table_ids().len() == live + stale);
    // The emulator dies: no $disconnect fires for anyone. The dropped clients never come back.
    em.kill();
    drop.stop();
    let stale_ids = em.table_ids();
    em.restart();
    // The kept clients reconnect with new ids.
    wait_until("reconnects", || em.live_ids().len() == live);
    wait_until("new rows", || em.table_ids().len() == live * 2 + stale);
    (em, handler, keep, stale_ids)
}

fn sweep(em: &Emulator, extra: &[&str]) -> (i32, Value, String) {
    let out = wsctl_for(em)
        .args(["sweep", "--yes", "-o", "json"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn check_exact(em: &Emulator, stale: &BTreeSet<String>) {
    let live: BTreeSet<String> = em.live_ids().into_iter().collect();
    let left = em.table_ids();
    assert_eq!(left, live, "the table holds exactly the live connections");
    assert!(left.is_disjoint(stale));
}

fn layout_scenario(layout: &str) {
    let (em, _h, keep, stale) = stale_fleet(layout, 12, 8);
    // A dry run deletes nothing.
    let (code, s, err) = sweep(&em, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["gone"], 20, "{s}");
    assert_eq!(s["alive"], 12, "{s}");
    assert_eq!(em.table_ids().len(), 32);
    let (code, s, err) = sweep(&em, &["--segments", "4"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["gone"], 20, "{s}");
    assert_eq!(s["alive"], 12, "{s}");
    assert_eq!(s["errors"], 0, "{s}");
    check_exact(&em, &stale);
    let report = keep.stop();
    assert!(report.raw["reconnects"].as_u64().unwrap() >= 12);
}

#[test]
fn sweep_seed_000() {
    layout_scenario("000");
}

#[test]
fn sweep_seed_002() {
    layout_scenario("002");
}

#[test]
fn sweep_seed_003() {
    layout_scenario("003");
}

#[test]
fn sweep_in_shards_as_separate_processes() {
    let (em, _h, keep, stale) = stale_fleet("recorder", 10, 10);
    let spawn = |k: &str| {
        wsctl_for(&em)
            .args([
                "sweep",
                "--yes",
                // A shard of this small table may hold only stale rows: the endpoint guard would
                // take that for a wrong endpoint (`delete_proof` tests it).
                "--allow-all-gone",
                "-o",
                "json",
                "--segments",
                "6",
                "--shard",
                k,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let workers: Vec<Child> = ["0/3", "1/3", "2/3"].iter().map(|k| spawn(k)).collect();
    let mut gone = 0;
    let mut alive = 0;
    for w in workers {
        let out = w.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s: Value = serde_json::from_slice(&out.stdout).unwrap();
        gone += s["gone"].as_u64().unwrap();
        alive += s["alive"].as_u64().unwrap();
    }
    assert_eq!(
        gone, 20,
        "each stale connection probed by exactly one shard"
    );
    assert_eq!(alive, 10);
    check_exact(&em, &stale);
    keep.stop();
}

#[test]
fn sweep_interrupted_then_resumed_from_checkpoint() {
    let (em, _h, keep, stale) = stale_fleet("recorder", 10, 60);
    let dir = tempfile::tempdir().unwrap();
    let cp = dir.path().join("sweep.json");
    // Slow the probes down so the interrupt lands mid-way.
    let child = wsctl_for(&em)
        .args([
            "sweep",
            "--yes",
            "-o",
            "json",
            "--segments",
            "2",
            "--page-size",
            "5",
            "--rate",
            "20",
            "--concurrency",
            "2",
        ])
        .arg("--checkpoint")
        .arg(&cp)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("a first checkpoint", || cp.exists());
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["interrupted"], true);
    assert_eq!(s["complete"], false);
    // No live row was touched.
    let live: BTreeSet<String> = em.live_ids().into_iter().collect();
    assert!(live.is_subset(&em.table_ids()));
    let (code, s2, err) = sweep(&em, &["--checkpoint", cp.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s2["complete"], true, "{s2}");
    check_exact(&em, &stale);
    keep.stop();
}

#[test]
fn sweep_deletes_rows_older_than_the_maximum_duration_without_probing() {
    let table = unique_table("sweepold");
    let em = Emulator::start(EmulatorOpts {
        table: table.clone(),
        ..Default::default()
    });
    let keep = Swarm::start(&em.ws_url, 3, 3, 1, &[]);
    wait_until("rows", || em.table_ids().len() == 3);
    // Rows as a seed handler would have written them three hours ago, and one whose TTL passed.
    let script = format!(
        "import boto3,os,time\nos.environ.setdefault('AWS_ACCESS_KEY_ID','x');os.environ.setdefault('AWS_SECRET_ACCESS_KEY','x')\n\
t=boto3.resource('dynamodb',endpoint_url='{}',region_name='us-east-1').Table('{}')\n\
for i in range(5): t.put_item(Item={{'connectionId':'oldAAAAAAAAAA%d='%i,'userId':'old','groupId':'g0','connectedAt':int((time.time()-3*3600)*1000),'ttl':int(time.time())+3600}})\n\
t.put_item(Item={{'connectionId':'expAAAAAAAAAAA=','userId':'x','groupId':'g0','connectedAt':int(time.time()*1000),'ttl':int(time.time())-60}})\n",
        dynamodb_endpoint(),
        table
    );
    let st = Command::new(python())
        .arg("-c")
        .arg(script)
        .status()
        .unwrap();
    assert!(st.success());
    let (code, _, err) = sweep(&em, &["--max-age", "30m"]);
    assert_eq!(code, 2, "a max age below 2h is refused: {err}");
    let (code, s, err) = sweep(&em, &["--expired"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["too_old"], 5, "{s}");
    assert_eq!(s["expired"], 1, "{s}");
    assert_eq!(
        s["distinct_connections"], 3,
        "only the 3 recent rows were probed: {s}"
    );
    assert_eq!(s["deleted"], 6, "{s}");
    check_exact(&em, &BTreeSet::new());
    let _ = json!(null);
    keep.stop();
}
