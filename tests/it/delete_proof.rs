//! A 410 deletes a row only on real proof (`engine::proof`): the endpoint guard stops a run whose
//! endpoint knows none of the fleet (a wrong stage), the grace keeps the rows of connections whose
//! `$connect` handler has not returned yet, rows of unknown age are probed twice, and checkpoints
//! refuse to resume another run. Real WebSocket clients count what they receive afterwards.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::fixture::seed::SeedHandler;
use crate::fixture::swarm::Swarm;
use crate::fixture::{http, unique_table, wsctl_for, wsctl_with_grace, Emulator, EmulatorOpts};
use serde_json::Value;

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Run the command: (exit code, stdout as JSON or Null, stderr).
fn outcome(cmd: &mut std::process::Command) -> (i32, Value, String) {
    let out = cmd.output().expect("run wsctl");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A seed-000 fleet (rows carry no domainName) on stage `prod`, and another gateway on stage `dev`
/// that knows none of its connections.
fn prod_and_dev(clients: usize) -> (Emulator, SeedHandler, Swarm, Emulator) {
    let table = unique_table("proof000");
    let handler = SeedHandler::start("000", &table);
    let prod = Emulator::start(EmulatorOpts {
        table,
        args: vec![
            "--stage".into(),
            "prod".into(),
            "--integration".into(),
            handler.url.clone(),
        ],
    });
    let swarm = Swarm::start(
        &prod.ws_url,
        clients,
        10,
        2,
        &["--param", "groupId={group}", "--param", "userId={user}"],
    );
    wait_until("every row", || prod.table_ids().len() == clients);
    let dev = Emulator::start(EmulatorOpts {
        table: unique_table("proofdev"),
        args: vec!["--stage".into(), "dev".into()],
    });
    (prod, handler, swarm, dev)
}

/// `wsctl` on prod's table, talking to dev's Management API: the 3 a.m. mistake.
fn wrong_endpoint(prod: &Emulator, dev: &Emulator) -> std::process::Command {
    let mut c = wsctl_for(prod);
    c.env("WSCTL_ENDPOINT", &dev.endpoint);
    c
}

#[test]
fn a_wrong_endpoint_deletes_no_live_row_in_sweep_or_broadcast() {
    let (prod, _handler, swarm, dev) = prod_and_dev(200);
    let before = prod.table_ids();

    // The dry run shows the guard's verdict and deletes nothing.
    let (code, s, err) =
        outcome(wrong_endpoint(&prod, &dev).args(["sweep", "--dry-run", "-o", "json"]));
    assert_eq!(code, 8, "{err}");
    assert_eq!(s["guard"]["state"], "tripped", "{s}");
    assert!(err.contains("a real run would stop here"), "{err}");

    let (code, s, err) =
        outcome(wrong_endpoint(&prod, &dev).args(["sweep", "--yes", "-o", "json"]));
    assert_eq!(code, 8, "{err}");
    assert_eq!(s["deleted"], 0, "{s}");
    assert_eq!(s["alive"], 0, "{s}");
    assert_eq!(s["guard"]["state"], "tripped", "{s}");
    assert_eq!(s["guard"]["answers"], 100, "{s}");
    let headline = err.lines().find(|l| l.starts_with("error:")).unwrap_or("");
    assert!(
        headline.contains("endpoint guard: the first 100 connections answered 410 Gone")
            && headline.contains(&dev.endpoint),
        "{err}"
    );
    assert!(err.contains("--allow-all-gone"), "{err}");
    assert_eq!(prod.table_ids(), before, "no live row was deleted");

    // A broadcast's pruning is guarded the same way.
    let (code, s, err) = outcome(wrong_endpoint(&prod, &dev).args([
        "broadcast",
        "--group",
        "g1",
        "--data",
        "hello",
        "-o",
        "json",
    ]));
    assert_eq!(code, 8, "{err}");
    assert_eq!(s["pruned"], 0, "{s}");
    assert_eq!(s["delivered"], 0, "{s}");
    assert_eq!(prod.table_ids(), before, "no live row was deleted");

    // The right endpoint still reaches every client: their rows are all there.
    let (code, s, err) = outcome(wsctl_for(&prod).args([
        "broadcast",
        "--all",
        "--yes",
        "--data",
        "still here",
        "-o",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["delivered"], 200, "{s}");
    let report = swarm.stop();
    assert_eq!(report.messages, 200, "every client received the broadcast");
}

#[test]
fn allow_all_gone_proceeds_for_a_fleet_that_really_is_gone() {
    let (prod, _handler, swarm, dev) = prod_and_dev(12);
    let (code, s, err) =
        outcome(wrong_endpoint(&prod, &dev).args(["sweep", "--yes", "-o", "json"]));
    assert_eq!(code, 8, "{err}");
    assert_eq!(
        s["guard"]["answers"], 12,
        "a short run is judged whole: {s}"
    );
    assert_eq!(prod.table_ids().len(), 12);
    let (code, s, err) = outcome(wrong_endpoint(&prod, &dev).args([
        "sweep",
        "--yes",
        "--allow-all-gone",
        "-o",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["deleted"], 12, "{s}");
    assert_eq!(s["guard"]["state"], "off", "{s}");
    assert!(prod.table_ids().is_empty());
    swarm.stop();
}

#[test]
fn rows_of_connections_whose_connect_has_not_returned_survive_sweep_and_broadcast() {
    let table = unique_table("race000");
    // The handler writes the row, then works on for 8 s before it returns: only then is the
    // connection live (API Gateway's order; the emulator keeps it).
    let handler = SeedHandler::start_with("000", &table, &["--connect-delay", "8"]);
    let em = Emulator::start(EmulatorOpts {
        table,
        args: vec!["--integration".into(), handler.url.clone()],
    });
    let url = em.ws_url.clone();
    let connecting =
        std::thread::spawn(move || Swarm::start(&url, 5, 5, 1, &["--param", "groupId={group}"]));
    wait_until("the rows of 5 connecting clients", || {
        em.table_ids().len() == 5
    });
    let ids: BTreeSet<String> = em.table_ids();
    // The race is real: the gateway does not know them yet.
    for id in &ids {
        let r = http(
            "GET",
            &format!("{}/@connections/{id}", em.endpoint),
            &[],
            b"",
        )
        .unwrap();
        assert_eq!(
            r.status, 410,
            "{id} must not be live before its $connect returns"
        );
    }

    // Sweep and broadcast with the default grace (60 s): the rows are kept and counted.
    let (code, s, err) = outcome(wsctl_with_grace(&em).args(["sweep", "--yes", "-o", "json"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["gone"], 5, "{s}");
    assert_eq!(s["too_young"], 5, "{s}");
    assert_eq!(s["deleted"], 0, "{s}");
    let (code, s, err) = outcome(wsctl_with_grace(&em).args([
        "broadcast",
        "--group",
        "g0",
        "--data",
        "early",
        "-o",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["gone"], 5, "{s}");
    assert_eq!(s["too_young"], 5, "{s}");
    assert_eq!(s["pruned"], 0, "{s}");
    assert_eq!(em.table_ids(), ids, "every row survived");

    // Once the handlers return, the clients are live and reachable through their rows.
    let swarm = connecting.join().unwrap();
    assert_eq!(swarm.ready["connected"], 5, "{}", swarm.ready);
    let (code, s, err) = outcome(wsctl_with_grace(&em).args([
        "broadcast",
        "--group",
        "g0",
        "--data",
        "welcome",
        "-o",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["delivered"], 5, "{s}");
    let report = swarm.stop();
    assert_eq!(report.messages, 5, "each client received the message");
}

#[test]
fn rows_of_unknown_age_are_probed_twice_by_sweep_and_kept_by_fanouts() {
    let em = Emulator::start(EmulatorOpts::default());
    let swarm = Swarm::start(&em.ws_url, 3, 3, 1, &[]);
    wait_until("rows", || em.table_ids().len() == 3);
    // A stale row without connectedAt, and a live connection whose connectedAt has no zone (an
    // ISO time without a zone has no knowable age: it must never be deleted by age).
    em.put_row(&[
        ("connectionId", "NoAgeStale001=".into()),
        ("groupId", "g0".into()),
    ]);
    let live = em.live_ids()[0].clone();
    em.put_row(&[
        ("connectionId", live.clone()),
        ("groupId", "g0".into()),
        ("connectedAt", "2020-01-01T00:00:00".into()),
    ]);

    let (code, s, err) = outcome(wsctl_with_grace(&em).args([
        "broadcast",
        "--group",
        "g0",
        "--data",
        "x",
        "-o",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["age_unknown"], 1, "{s}");
    assert_eq!(s["pruned"], 0, "{s}");
    assert!(em.table_ids().contains("NoAgeStale001="));

    let started = Instant::now();
    let (code, s, err) =
        outcome(wsctl_with_grace(&em).args(["sweep", "--yes", "--grace", "2s", "-o", "json"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["deleted"], 1, "{s}");
    assert_eq!(s["too_old"], 0, "the zone-less connectedAt is no age: {s}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "the second probe waits out the grace"
    );
    let left = em.table_ids();
    assert!(!left.contains("NoAgeStale001="));
    assert!(left.contains(&live), "the live row stays");
    swarm.stop();
}

#[test]
fn a_checkpoint_refuses_to_resume_another_run() {
    let (prod, _handler, swarm, dev) = prod_and_dev(4);
    let dir = tempfile::tempdir().unwrap();
    let cp = dir.path().join("sweep.checkpoint");
    let cp = cp.to_str().unwrap();
    let (code, _, err) =
        outcome(wsctl_for(&prod).args(["sweep", "--yes", "--checkpoint", cp, "-o", "json"]));
    assert_eq!(code, 0, "{err}");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(cp).unwrap()).unwrap();
    assert_eq!(saved["run"]["endpoint"], prod.endpoint.as_str(), "{saved}");

    let (code, _, err) =
        outcome(wrong_endpoint(&prod, &dev).args(["sweep", "--yes", "--checkpoint", cp]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("belongs to another run: it was written with endpoint"),
        "{err}"
    );
    let (code, _, err) = outcome(wsctl_for(&prod).args([
        "sweep",
        "--yes",
        "--other-endpoints",
        "include",
        "--checkpoint",
        cp,
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--other-endpoints skip"), "{err}");
    assert_eq!(prod.table_ids().len(), 4);
    swarm.stop();
}

#[test]
fn sweep_refuses_proofs_the_table_cannot_give() {
    let (prod, _handler, swarm, _dev) = prod_and_dev(2);
    // Seed 000's table has no TTL enabled: its ttl values prove nothing.
    let (code, _, err) = outcome(wsctl_for(&prod).args(["sweep", "--yes", "--expired"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("TTL is not enabled on attribute ttl"), "{err}");
    let (code, _, err) = outcome(wsctl_for(&prod).args(["sweep", "--yes", "--max-age", "2h5m"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("2-hour maximum connection duration plus"),
        "{err}"
    );
    assert_eq!(prod.table_ids().len(), 2);
    swarm.stop();
}

#[test]
fn push_messages_counts_a_gone_connections_rows_once_and_posts_to_it_once() {
    let em = Emulator::start(EmulatorOpts::default());
    let swarm = Swarm::start(&em.ws_url, 1, 1, 1, &[]);
    wait_until("rows", || em.table_ids().len() == 1);
    let live = em.live_ids()[0].clone();
    em.put_row(&[
        ("connectionId", "GoneOnce00001=".into()),
        ("groupId", "g0".into()),
        (
            "connectedAt",
            crate::fixture::connected_ago(Duration::from_secs(600)),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let messages = dir.path().join("m.ndjson");
    let mut lines: Vec<String> = (0..4)
        .map(|i| format!(r#"{{"connectionId":"GoneOnce00001=","data":"m{i}"}}"#))
        .collect();
    lines.push(format!(r#"{{"connectionId":"{live}","data":"hello"}}"#));
    std::fs::write(&messages, lines.join("\n") + "\n").unwrap();
    let (code, s, err) = outcome(
        wsctl_for(&em)
            .args(["push", "--concurrency", "1", "-o", "json", "--messages"])
            .arg(&messages),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["gone"], 4, "{s}");
    assert_eq!(s["pruned"], 1, "one row existed: {s}");
    assert_eq!(s["delivered"], 1, "{s}");
    // The emulator saw one POST to the gone connection (its log names each answer).
    let posts_to_gone = em
        .log()
        .lines()
        .filter(|l| l.contains("GoneOnce00001=") && l.contains("410"))
        .count();
    assert_eq!(posts_to_gone, 1, "{}", em.log());
    assert!(!em.table_ids().contains("GoneOnce00001="));
    assert_eq!(swarm.stop().messages, 1);
}
