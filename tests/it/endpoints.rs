//! One table, two APIs: rows recorded (domainName/stage) for another endpoint are left alone.
//!
//! Two emulators write to one table, as the regional APIs of a multi-region deployment write to a
//! DynamoDB global table. Each answers 410 Gone for the other's connection ids, so a broadcast or a
//! sweep through one of them must neither send to, nor prune, nor delete the other's rows.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::fixture::seed::SeedHandler;
use crate::fixture::swarm::Swarm;
use crate::fixture::{run_json, run_ndjson, unique_table, Emulator, EmulatorOpts};

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn ids(em: &Emulator) -> BTreeSet<String> {
    em.live_ids().into_iter().collect()
}

/// Two emulators (APIs) writing one table, with `na` and `nb` live swarm clients in group g0.
struct TwoApis {
    a: Emulator,
    b: Emulator,
    swarm_a: Swarm,
    swarm_b: Swarm,
    ids_a: BTreeSet<String>,
    ids_b: BTreeSet<String>,
}

fn two_apis(prefix: &str, na: usize, nb: usize) -> TwoApis {
    two_apis_with(prefix, na, nb, &[])
}

/// [`two_apis`], B started with `b_args` (a throttle, say).
fn two_apis_with(prefix: &str, na: usize, nb: usize, b_args: &[&str]) -> TwoApis {
    let table = unique_table(prefix);
    let opts = |args: &[&str]| EmulatorOpts {
        table: table.clone(),
        args: args.iter().map(|a| a.to_string()).collect(),
    };
    let a = Emulator::start(opts(&[]));
    let b = Emulator::start(opts(b_args));
    assert_ne!(a.endpoint, b.endpoint);
    let swarm_a = Swarm::start(&a.ws_url, na, 4, 1, &[]);
    let swarm_b = Swarm::start(&b.ws_url, nb, 3, 1, &[]);
    wait_until("both APIs' rows", || a.table_ids().len() == na + nb);
    let (ids_a, ids_b) = (ids(&a), ids(&b));
    assert_eq!((ids_a.len(), ids_b.len()), (na, nb));
    TwoApis {
        a,
        b,
        swarm_a,
        swarm_b,
        ids_a,
        ids_b,
    }
}

#[test]
fn rows_of_another_endpoint_are_neither_sent_to_nor_pruned_nor_swept() {
    let (na, nb) = (12, 9);
    let TwoApis {
        a,
        b,
        swarm_a,
        swarm_b,
        ids_a,
        ids_b,
    } = two_apis("twoapis", na, nb);

    // The table's rows per recorded endpoint.
    let (code, c, err) = run_json(&a, &["connections", "count", "--by", "endpoint"]);
    assert_eq!(code, 0, "{err}");
    let per: std::collections::BTreeMap<String, u64> = c["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["key"].as_str().unwrap().to_string(),
                e["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let label = |em: &Emulator| format!("127.0.0.1:{}/{}", em.port, em.stage);
    assert_eq!(
        per,
        [(label(&a), na as u64), (label(&b), nb as u64)]
            .into_iter()
            .collect(),
        "{c}"
    );
    let (code, st, err) = run_json(&a, &["connections", "stats"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(st["distinct_endpoints"], 2, "{st}");
    assert_eq!(st["endpoints"][0]["connections"], na as u64, "{st}");

    // Broadcast through A: A's clients get one message each, B's none, and B's rows stay.
    let (code, s, err) = run_json(
        &a,
        &["broadcast", "--group", "g0", "--data", "hello-a", "--yes"],
    );
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(s["delivered"], na as u64, "{s}");
    assert_eq!(s["gone"], 0, "{s}");
    assert_eq!(s["pruned"], 0, "{s}");
    assert_eq!(s["skipped_other_endpoint"], nb as u64, "{s}");
    assert!(
        err.contains(&format!("{nb} row(s) belong to other endpoints"))
            && err.contains("connections count --by endpoint"),
        "the warning says how to see them: {err}"
    );
    assert_eq!(a.table_ids().len(), na + nb, "no row was pruned");

    // A dry run counts A's connections only.
    let (code, d, err) = run_json(&a, &["broadcast", "--all", "--dry-run", "--data", "x"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(d["targets"], na as u64, "{d}");
    assert_eq!(d["skipped_other_endpoint"], nb as u64, "{d}");

    // A push by id to one of B's connections through A: A answers 410, but the row is B's.
    let b_id = ids_b.iter().next().unwrap().clone();
    // (Every answer is 410, so the endpoint guard would stop the run: `--allow-all-gone` lets this
    // test watch the scope decide instead.)
    let (code, p, err) = run_json(
        &a,
        &[
            "push",
            "--allow-all-gone",
            "--connection",
            &b_id,
            "--data",
            "stray",
        ],
    );
    assert_eq!(code, 0, "{err}\n{p}");
    assert_eq!(
        (p["gone"].as_u64(), p["pruned"].as_u64()),
        (Some(1), Some(0)),
        "{p}"
    );
    assert!(a.table_ids().contains(&b_id), "B's row survives A's 410");
    assert_eq!(p["skipped_other_endpoint"], 1, "{p}");
    assert!(
        err.contains("1 row(s) of connections that answered 410 were kept"),
        "{err}"
    );

    // The listing through A shows B's rows as another endpoint's, not as gone.
    let rows = run_ndjson(&a, &["connections", "list", "--probe"]);
    assert_eq!(rows.len(), na + nb);
    for r in &rows {
        let id = r["connectionId"].as_str().unwrap();
        let want = if ids_a.contains(id) {
            "alive"
        } else {
            "other-endpoint"
        };
        assert_eq!(r["state"], want, "{r}");
    }

    let (code, i, err) = run_json(&a, &["connections", "inspect", "--", &b_id]);
    assert_eq!(code, 0, "{err}\n{i}");
    assert_eq!(i[0]["state"], "other-endpoint", "{i}");
    assert_eq!(
        i[0]["record"]["domainName"],
        format!("127.0.0.1:{}", b.port),
        "{i}"
    );

    let out = crate::fixture::wsctl_for(&a)
        .args(["connections", "inspect", "--", &b_id])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("other-endpoint")
            && text.contains(&format!("127.0.0.1:{}/{}", b.port, b.stage)),
        "inspect names the endpoint the row was recorded for: {text}"
    );

    // A sweep through A keeps every row of B (all alive there) and deletes none of A's.
    let (code, sw, err) = run_json(&a, &["sweep", "--yes"]);
    assert_eq!(
        code, 0,
        "{err}
{sw}"
    );
    assert_eq!(sw["alive"], na as u64, "{sw}");
    assert_eq!(sw["other_endpoint"], nb as u64, "{sw}");
    assert_eq!(sw["gone"], 0, "{sw}");
    assert_eq!(sw["deleted"], 0, "{sw}");
    assert_eq!(a.table_ids().len(), na + nb);

    // What the check guards against: taking B's rows as A's, A's 410s would condemn all of them.
    let (code, dry, err) = run_json(&a, &["--other-endpoints", "include", "sweep", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(dry["gone"], nb as u64, "{dry}");
    assert_eq!(dry["deleted"], nb as u64, "{dry}");
    assert_eq!(a.table_ids().len(), na + nb, "a dry run deletes nothing");

    // Through B, B's own clients are reached.
    let (code, s, err) = run_json(&b, &["broadcast", "--all", "--yes", "--data", "hello-b"]);
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(s["delivered"], nb as u64, "{s}");
    assert_eq!(s["skipped_other_endpoint"], na as u64, "{s}");

    let (ra, rb) = (swarm_a.stop(), swarm_b.stop());
    // A: the broadcast; B: the stray push, then B's own broadcast.
    assert_eq!(ra.messages, na as u64, "{}", ra.raw);
    assert_eq!(ra.group("g0")["min_per_client"], 1, "{}", ra.raw);
    assert_eq!(ra.group("g0")["max_per_client"], 1, "{}", ra.raw);
    assert_eq!(rb.messages, nb as u64, "{}", rb.raw);
    assert_eq!(rb.group("g0")["max_per_client"], 1, "{}", rb.raw);
}

/// A row as another API's `$connect` handler (seed 003's) would have written it.
fn put_foreign_row(em: &Emulator, id: &str, connected_at_ms: u64) {
    put_row(
        em,
        id,
        connected_at_ms,
        "xyz789.execute-api.us-west-2.amazonaws.com",
        "prod",
    );
}

/// A row as seed 003's `$connect` handler writes it, for the endpoint `domain`/`stage`.
fn put_row(em: &Emulator, id: &str, connected_at_ms: u64, domain: &str, stage: &str) {
    em.put_row(&[
        ("connectionId", id.into()),
        ("userId", "u9".into()),
        ("groupId", "g0".into()),
        ("connectedAt", format!("N:{connected_at_ms}")),
        ("domainName", domain.into()),
        ("stage", stage.into()),
    ]);
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

#[test]
fn route_sends_each_row_to_the_endpoint_it_names() {
    let (na, nb) = (10, 7);
    let TwoApis {
        a,
        b,
        swarm_a,
        swarm_b,
        ids_a,
        ids_b,
    } = two_apis("routed", na, nb);
    // Stale rows of both APIs (their $disconnect never ran), and a row of an AWS API.
    let domain = |em: &Emulator| format!("127.0.0.1:{}", em.port);
    put_row(&a, "stale-of-a=", now_ms(), &domain(&a), &a.stage);
    put_row(&a, "stale-of-b=", now_ms(), &domain(&b), &b.stage);
    put_foreign_row(&a, "row-of-aws=", now_ms());
    let route = |args: &[&str]| {
        let mut v = vec!["--other-endpoints", "route"];
        v.extend_from_slice(args);
        run_json(&a, &v)
    };

    let (code, d, err) = route(&["broadcast", "--all", "--dry-run", "--data", "x"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(d["targets"], (na + nb + 2) as u64, "{d}");
    assert_eq!(d["routed"], (nb + 1) as u64, "{d}");
    // A local run never calls AWS: that row is left alone, as with skip.
    assert_eq!(d["skipped_other_endpoint"], 1, "{d}");

    // Every live client of both APIs gets the message once; each stale row is proven gone by the
    // API it names, and pruned.
    let (code, s, err) = route(&["broadcast", "--all", "--yes", "--data", "everyone"]);
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(s["delivered"], (na + nb) as u64, "{s}");
    assert_eq!(s["routed"], (nb + 1) as u64, "{s}");
    assert_eq!(
        (s["gone"].as_u64(), s["pruned"].as_u64()),
        (Some(2), Some(2)),
        "{s}"
    );
    assert_eq!(s["skipped_other_endpoint"], 1, "{s}");
    let left = a.table_ids();
    assert_eq!(left.len(), na + nb + 1, "{left:?}");
    assert!(
        left.contains("row-of-aws=") && !left.contains("stale-of-b="),
        "{left:?}"
    );

    // Once more: the routed clients are made afresh by each run, one per endpoint.
    let out = crate::fixture::wsctl_for(&a)
        .args(["--other-endpoints", "route", "-o", "json"])
        .args(["broadcast", "--all", "--yes", "--data", "again"])
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(out.status.success(), "{s}");
    assert_eq!(s["delivered"], (na + nb) as u64, "{s}");
    assert_eq!(s["routed"], nb as u64, "{s}");

    // A routed sweep finds every live connection alive where it lives.
    put_row(&a, "stale-of-b-2=", now_ms(), &domain(&b), &b.stage);
    let (code, sw, err) = route(&["sweep", "--yes"]);
    assert_eq!(code, 0, "{err}\n{sw}");
    assert_eq!(sw["alive"], (na + nb) as u64, "{sw}");
    assert_eq!(sw["routed"], (nb + 1) as u64, "{sw}");
    assert_eq!(
        (sw["gone"].as_u64(), sw["deleted"].as_u64()),
        (Some(1), Some(1)),
        "{sw}"
    );
    assert_eq!(sw["other_endpoint"], 1, "{sw}");
    assert_eq!(a.table_ids().len(), na + nb + 1);

    // list --probe and inspect show B's connections alive, probed at B.
    let rows = run_ndjson(
        &a,
        &[
            "--other-endpoints",
            "route",
            "connections",
            "list",
            "--probe",
        ],
    );
    assert_eq!(rows.len(), na + nb + 1);
    for r in &rows {
        let id = r["connectionId"].as_str().unwrap();
        let want = if id == "row-of-aws=" {
            "other-endpoint"
        } else {
            assert!(ids_a.contains(id) || ids_b.contains(id), "{r}");
            "alive"
        };
        assert_eq!(r["state"], want, "{r}");
    }
    let b_id = ids_b.iter().next().unwrap().clone();
    let (code, i, err) = route(&["connections", "inspect", "--", &b_id]);
    assert_eq!(code, 0, "{err}\n{i}");
    assert_eq!(i[0]["state"], "alive", "{i}");

    // Two broadcasts: each client of both APIs got each once.
    let (ra, rb) = (swarm_a.stop(), swarm_b.stop());
    for r in [&ra, &rb] {
        assert_eq!(r.group("g0")["min_per_client"], 2, "{}", r.raw);
        assert_eq!(r.group("g0")["max_per_client"], 2, "{}", r.raw);
    }
    assert_eq!(ra.messages, 2 * na as u64, "{}", ra.raw);
    assert_eq!(rb.messages, 2 * nb as u64, "{}", rb.raw);
}

#[test]
fn a_throttled_api_is_paced_on_its_own_and_does_not_slow_the_others() {
    // B, as another region's API would, throttles @connections calls far below what a fan-out
    // sends; A does not throttle at all.
    let (na, nb) = (30, 40);
    let TwoApis {
        a,
        b,
        swarm_a,
        swarm_b,
        ..
    } = two_apis_with("paced", na, nb, &["--rate", "40", "--burst", "5"]);
    let b_scope = format!("127.0.0.1:{}", b.port);
    let route = |args: &[&str]| {
        let mut v = vec!["--other-endpoints", "route"];
        v.extend_from_slice(args);
        run_json(&a, &v)
    };
    let (code, s, err) = route(&["broadcast", "--all", "--yes", "--data", "paced"]);
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(s["delivered"], (na + nb) as u64, "{s}");
    assert!(
        s["throttled"].as_u64().unwrap() > 0,
        "B never throttled: {s}"
    );
    // B's 429s lowered B's pace only: A's stayed unpaced.
    assert_eq!(s["final_rate"], serde_json::Value::Null, "{s}");
    let routed = s["routed_rates"].as_array().unwrap();
    assert_eq!(routed.len(), 1, "{s}");
    assert_eq!(routed[0]["scope"], b_scope.as_str(), "{s}");
    assert_eq!(routed[0]["throttled"], s["throttled"], "{s}");
    assert!(routed[0]["final_rate"].as_f64().is_some(), "{s}");

    // The probes of a routed sweep are paced the same way.
    let (code, sw, err) = route(&["sweep", "--dry-run"]);
    assert_eq!(code, 0, "{err}\n{sw}");
    assert_eq!(sw["alive"], (na + nb) as u64, "{sw}");
    assert_eq!(sw["routed_rates"][0]["scope"], b_scope.as_str(), "{sw}");

    let (ra, rb) = (swarm_a.stop(), swarm_b.stop());
    for (r, n) in [(&ra, na), (&rb, nb)] {
        assert_eq!(r.messages, n as u64, "{}", r.raw);
        assert_eq!(r.group("g0")["min_per_client"], 1, "{}", r.raw);
        assert_eq!(r.group("g0")["max_per_client"], 1, "{}", r.raw);
    }
}

#[test]
fn rows_too_old_for_any_connection_are_swept_whatever_their_endpoint() {
    let a = Emulator::start(EmulatorOpts::default());
    let now_ms = now_ms();
    // Older than API Gateway's 2-hour maximum connection duration: stale whatever its API.
    put_foreign_row(&a, "old-elsewhere=", now_ms - 3 * 3600 * 1000);
    put_foreign_row(&a, "fresh-elsewhere=", now_ms);
    let (code, sw, err) = run_json(&a, &["sweep", "--yes"]);
    assert_eq!(
        code, 0,
        "{err}
{sw}"
    );
    assert_eq!(sw["too_old"], 1, "{sw}");
    assert_eq!(sw["other_endpoint"], 1, "{sw}");
    assert_eq!(sw["gone"], 0, "{sw}");
    assert_eq!(sw["deleted"], 1, "{sw}");
    let left = a.table_ids();
    assert!(
        left.contains("fresh-elsewhere=") && !left.contains("old-elsewhere="),
        "{left:?}"
    );

    // Taken as this endpoint's, the fresh row would be probed, answered 410 and deleted.
    let (code, s, err) = run_json(
        &a,
        &[
            "--other-endpoints",
            "include",
            "sweep",
            "--yes",
            "--allow-all-gone",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (s["gone"].as_u64(), s["deleted"].as_u64()),
        (Some(1), Some(1)),
        "{s}"
    );
    assert!(a.table_ids().is_empty());
}

/// A row of seed 002's layout (sort key `roomId`), with the endpoint a seed-003-style handler adds.
fn put_room_row(em: &Emulator, id: &str, room: &str, recorded_for: Option<&Emulator>) {
    let now = now_ms() / 1000;
    let mut row = vec![
        ("connectionId", id.to_string()),
        ("roomId", room.into()),
        ("userId", "u1".into()),
        ("connectedAt", format!("N:{now}")),
        ("ttl", format!("N:{}", now + 86400)),
    ];
    if let Some(other) = recorded_for {
        row.push(("domainName", format!("127.0.0.1:{}", other.port)));
        row.push(("stage", other.stage.clone()));
    }
    em.put_row(&row);
}

#[test]
fn a_routed_410_prunes_every_row_of_that_connection_in_a_table_with_a_sort_key() {
    let table = unique_table("routedsk");
    let handler = SeedHandler::start("002", &table);
    let opts = || EmulatorOpts {
        table: table.clone(),
        args: vec!["--integration".into(), handler.url.clone()],
    };
    let a = Emulator::start(opts());
    let b = Emulator::start(opts());
    // A connection of B's that vanished without $disconnect, with rows in two rooms, and one of A's
    // recorded without an endpoint.
    put_room_row(&a, "gone-at-b=", "room#r1", Some(&b));
    put_room_row(&a, "gone-at-b=", "room#r2", Some(&b));
    put_room_row(&a, "gone-at-a=", "room#r1", None);
    let (code, s, err) = run_json(
        &a,
        &[
            "--other-endpoints",
            "route",
            "broadcast",
            "--all",
            "--yes",
            "--allow-all-gone",
            "--data",
            "x",
        ],
    );
    assert_eq!(code, 0, "{err}\n{s}");
    assert_eq!(s["targets"], 2, "{s}");
    assert_eq!(s["routed"], 1, "{s}");
    assert_eq!(s["gone"], 2, "{s}");
    // B's 410 condemns B's rows of that connection: both rooms, looked up by the pruner.
    assert_eq!(s["pruned"], 3, "{s}");
    assert!(a.table_ids().is_empty(), "{:?}", a.table_ids());
}
