//! Delivery on the three seed layouts: records are written by the seeds' own $connect/$disconnect
//! handlers (tests/support/seed_handlers.py, called through the emulator's --integration), real
//! WebSocket clients count what they receive, and wsctl pushes, broadcasts, prunes and disconnects.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::fixture::seed::SeedHandler;
use crate::fixture::swarm::Swarm;
use crate::fixture::{run_json, unique_table, Emulator, EmulatorOpts};
use serde_json::Value;

fn live_rows(em: &Emulator) -> u64 {
    let (code, v, err) = run_json(em, &["connections", "count"]);
    assert_eq!(code, 0, "count failed: {err}");
    v["live_rows"].as_u64().unwrap()
}

fn wait_rows(em: &Emulator, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let rows = live_rows(em);
        if rows == n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "expected {n} rows, table has {rows}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Expected messages per client index, given which fan-outs reached it.
fn expected(
    clients: usize,
    users: usize,
    groups: usize,
    f: impl Fn(usize, usize) -> u64,
) -> BTreeMap<String, (u64, u64, u64)> {
    let mut m: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for i in 0..clients {
        let e = f(i % users, i % groups);
        let entry = m
            .entry(format!("g{}", i % groups))
            .or_insert((0, u64::MAX, 0));
        entry.0 += e;
        entry.1 = entry.1.min(e);
        entry.2 = entry.2.max(e);
    }
    m
}

fn check_report(report: &Value, exp: &BTreeMap<String, (u64, u64, u64)>) {
    for (g, (total, min, max)) in exp {
        let r = &report["groups"][g];
        assert_eq!(r["messages"].as_u64(), Some(*total), "group {g}: {r}");
        assert_eq!(r["min_per_client"].as_u64(), Some(*min), "group {g}: {r}");
        assert_eq!(r["max_per_client"].as_u64(), Some(*max), "group {g}: {r}");
    }
}

/// The scenario every layout goes through.
fn scenario(layout: &str) {
    let table = unique_table(&format!("seed{layout}"));
    let handler = SeedHandler::start(layout, &table);
    let em = Emulator::start(EmulatorOpts {
        table: table.clone(),
        args: vec!["--integration".into(), handler.url.clone()],
    });
    let (clients, users, groups) = (30usize, 10usize, 3usize);
    let swarm = Swarm::start(
        &em.ws_url,
        clients,
        users,
        groups,
        &["--param", "room={group}"],
    );
    wait_rows(&em, clients as u64);

    // Stale rows: connections that vanished without $disconnect.
    let stale = ["staleAAAAAAAAA1=", "staleAAAAAAAAA2=", "staleAAAAAAAAA3="];
    for (k, id) in stale.iter().enumerate() {
        handler.write_stale(&em, id, "u1", &format!("g{}", k % 2));
    }
    wait_rows(&em, (clients + stale.len()) as u64);
    let has_groups = layout != "003";

    if has_groups {
        // A broadcast to g1 reaches exactly its live clients; g1's stale row is found gone and pruned.
        let (code, s, err) = run_json(&em, &["broadcast", "--group", "g1", "--data", "to-g1"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(s["delivered"], 10, "{s}");
        assert_eq!(s["gone"], 1, "{s}");
        assert_eq!(s["pruned"], 1, "{s}");
        assert_eq!(s["failed"], 0, "{s}");
        // A push to u2 reaches all of u2's connections (i = 2, 12, 22).
        let (code, s, err) = run_json(&em, &["push", "--user", "u2", "--data", "to-u2"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(s["delivered"], 3, "{s}");
    }
    // Everyone: the remaining stale rows are gone and pruned.
    let (code, s, err) = run_json(
        &em,
        &[
            "broadcast",
            "--all",
            "--yes",
            "--data",
            "{\"all\":true}",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["delivered"], clients as u64, "{s}");
    assert_eq!(s["gone"], if has_groups { 2 } else { 3 }, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    assert_eq!(
        live_rows(&em),
        clients as u64,
        "stale rows were pruned, live ones kept"
    );

    let report = swarm.stop();
    assert_eq!(report.connected as usize, clients);
    let exp = expected(clients, users, groups, |u, g| {
        if has_groups {
            1 + u64::from(g == 1) + u64::from(u == 2)
        } else {
            1
        }
    });
    check_report(&report.raw, &exp);
}

#[test]
fn seed_000_layout() {
    scenario("000");
}

#[test]
fn seed_002_layout_with_room_sort_key_and_prefix() {
    scenario("002");
}

#[test]
fn seed_003_layout_without_indexes() {
    scenario("003");
}

/// Seed 002's table holds a row per room a connection is in. A connection in three rooms gets one
/// message from `broadcast --all`, is counted once by its dry run and probed once by the sweep, whose
/// repeats are dropped as the Scan reads them (in flat memory) rather than by remembering every id.
#[test]
fn seed_002_connections_in_several_rooms_are_one_target_each() {
    let table = unique_table("seed002rooms");
    let handler = SeedHandler::start("002", &table);
    let em = Emulator::start(EmulatorOpts {
        table: table.clone(),
        args: vec!["--integration".into(), handler.url.clone()],
    });
    let (clients, groups) = (12usize, 3usize);
    let swarm = Swarm::start(
        &em.ws_url,
        clients,
        clients,
        groups,
        &["--param", "room={group}"],
    );
    wait_rows(&em, clients as u64);
    // Every live connection joins the two other rooms; two vanished connections sit in two rooms each.
    let live = em.live_ids();
    assert_eq!(live.len(), clients);
    for id in &live {
        for g in 0..groups {
            handler.write_stale(&em, id, "joined", &format!("g{g}"));
        }
    }
    let stale = ["staleRooms00001=", "staleRooms00002="];
    for id in stale {
        handler.write_stale(&em, id, "gone", "g0");
        handler.write_stale(&em, id, "gone", "g1");
    }
    let rows = (clients * groups + stale.len() * 2) as u64;
    wait_rows(&em, rows);

    let (code, d, err) = run_json(&em, &["broadcast", "--all", "--dry-run", "--data", "x"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(d["targets"], (clients + stale.len()) as u64, "{d}");

    let (code, s, err) = run_json(&em, &["broadcast", "--all", "--yes", "--data", "once"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["targets"], (clients + stale.len()) as u64, "{s}");
    assert_eq!(s["delivered"], clients as u64, "{s}");
    assert_eq!(s["gone"], stale.len() as u64, "{s}");
    assert_eq!(
        s["duplicates"],
        rows - (clients + stale.len()) as u64,
        "{s}"
    );
    assert_eq!(s["failed"], 0, "{s}");
    // The gone connections' rows in every room were pruned; the live ones' all kept.
    assert_eq!(live_rows(&em), (clients * groups) as u64);

    // A message to a user reaches each of the user's connections once, however many rooms it is in
    // (every live connection's rows now carry the user "joined").
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch.ndjson");
    std::fs::write(
        &batch,
        "{\"userId\": \"joined\", \"data\": \"to the user\"}\n",
    )
    .unwrap();
    let batch = batch.display().to_string();
    let (code, m, err) = run_json(&em, &["push", "--messages", &batch]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (m["targets"].as_u64(), m["delivered"].as_u64()),
        (Some(clients as u64), Some(clients as u64)),
        "{m}"
    );
    assert_eq!(m["duplicates"], (clients * (groups - 1)) as u64, "{m}");

    // A new vanished connection in three rooms: the sweep probes 13 connections, not 39 rows.
    let ghost = "staleRooms00003=";
    for g in 0..groups {
        handler.write_stale(&em, ghost, "gone", &format!("g{g}"));
    }
    wait_rows(&em, ((clients + 1) * groups) as u64);
    let (code, w, err) = run_json(&em, &["sweep", "--yes", "--segments", "3"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(w["distinct_connections"], (clients + 1) as u64, "{w}");
    assert_eq!(w["alive"], clients as u64, "{w}");
    assert_eq!(w["deleted"], groups as u64, "{w}");
    assert_eq!(live_rows(&em), (clients * groups) as u64);

    let report = swarm.stop();
    assert_eq!(report.connected as usize, clients);
    // The broadcast and the message to the user: each connection got both, once.
    for g in 0..groups {
        let r = &report.raw["groups"][format!("g{g}")];
        assert_eq!(r["min_per_client"], 2, "g{g}: {r}");
        assert_eq!(r["max_per_client"], 2, "g{g}: {r}");
    }
}
