//! Real round-trip times: the emulator's `--latency` delays every Management API and control-plane
//! answer (a real WebSocket client still receives what is posted), and the delivery engine's adaptive
//! concurrency grows past what a fixed pool of 64 could do at that round trip.

use std::time::{Duration, Instant};

use crate::fixture::slow_link::SlowLink;
use crate::fixture::{http, wsctl_for, Emulator, EmulatorOpts};
use futures::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

fn emulator(args: &[&str]) -> Emulator {
    Emulator::start(EmulatorOpts {
        args: args.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    })
}

/// An emulator `latency` away whose table is `table_round_trip` away, as a far region's DynamoDB
/// is. The link must outlive the emulator: keep both.
fn emulator_with_far_table(latency: &str, table_round_trip: Duration) -> (Emulator, SlowLink) {
    let link = SlowLink::start(&crate::fixture::dynamodb_endpoint(), table_round_trip);
    let em = Emulator::start_with_dynamodb(
        EmulatorOpts {
            args: vec!["--latency".into(), latency.into()],
            ..Default::default()
        },
        link.endpoint.clone(),
    );
    (em, link)
}

fn conn_url(em: &Emulator, id: &str) -> String {
    let enc: String =
        percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string();
    format!("{}/%40connections/{enc}", em.endpoint)
}

#[test]
fn latency_delays_management_and_control_plane_answers_and_clients_still_receive() {
    let em = emulator(&["--latency", "150ms", "--jitter", "20ms"]);
    let rt = crate::fixture::runtime();
    rt.block_on(async {
        let (mut ws, _) = tokio_tungstenite::connect_async(em.ws_url.clone())
            .await
            .expect("websocket handshake");
        let id = em.live_ids().pop().expect("the client's connection");

        let started = Instant::now();
        let r = http("GET", &conn_url(&em, &id), &[], b"").unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        let get_took = started.elapsed();
        assert!(get_took >= Duration::from_millis(150), "{get_took:?}");

        let started = Instant::now();
        let r = http("POST", &conn_url(&em, &id), &[], b"over the wire").unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(started.elapsed() >= Duration::from_millis(150));
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s")
            .expect("the socket is open")
            .expect("a frame");
        assert_eq!(frame, Message::Text("over the wire".into()));

        // The control plane models the same network.
        let started = Instant::now();
        let r = http("GET", &format!("{}/v2/apis", em.apigw_endpoint), &[], b"").unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(started.elapsed() >= Duration::from_millis(150));

        // The emulator's own endpoints (health, virtual connections) are not delayed: a fixture's
        // readiness checks stay fast. (Compared, not timed: both sides run on this machine.)
        let r = http(
            "GET",
            &format!("http://127.0.0.1:{}/_local/health", em.port),
            &[],
            b"",
        )
        .unwrap();
        assert_eq!(r.status, 200);
    });
}

/// API Gateway serves HTTPS only: a client's first call on a new connection also waits out the TCP
/// and TLS handshakes. The emulator speaks plain HTTP, so a connection's first answer waits two more
/// round trips instead, and only the first: a kept-alive connection's next call costs one.
#[test]
fn a_new_connection_waits_out_the_handshakes_once() {
    let em = emulator(&["--latency", "300ms"]);
    let rt = crate::fixture::runtime();
    rt.block_on(async {
        let (_ws, _) = tokio_tungstenite::connect_async(em.ws_url.clone())
            .await
            .expect("websocket handshake");
        let id = em.live_ids().pop().expect("the client's connection");
        let uri: http::Uri = conn_url(&em, &id).parse().unwrap();
        let authority = uri.authority().unwrap().to_string();
        let tcp = tokio::net::TcpStream::connect(&authority).await.unwrap();
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tcp))
                .await
                .unwrap();
        tokio::spawn(connection);
        let mut took = Vec::new();
        for _ in 0..2 {
            let request = http::Request::get(uri.clone())
                .header(http::header::HOST, &authority)
                .body(http_body_util::Empty::<bytes::Bytes>::new())
                .unwrap();
            // The kept-alive connection takes the next request once hyper has read the last answer.
            sender.ready().await.expect("the connection stays open");
            let started = Instant::now();
            let answer = sender.send_request(request).await.expect("an answer");
            assert_eq!(answer.status(), 200);
            http_body_util::BodyExt::collect(answer.into_body())
                .await
                .unwrap();
            took.push(started.elapsed());
        }
        // Three round trips on the new connection, one on the kept-alive one.
        assert!(took[0] >= Duration::from_millis(900), "{took:?}");
        assert!(took[1] >= Duration::from_millis(300), "{took:?}");
        assert!(took[1] < Duration::from_millis(900), "{took:?}");
    });
    // The emulator counted the first call as one that waited out its handshakes, not the second.
    let health = crate::fixture::get_json(&format!("http://127.0.0.1:{}/_local/health", em.port));
    assert_eq!(health["handshake_waits"], 1, "{health}");
}

#[test]
fn latency_is_checked() {
    let out = crate::fixture::wsctl()
        .args(["local", "serve", "--latency", "20s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--latency"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// `push` to virtual connections at an emulated round trip; the JSON summary.
fn push_to_virtual(em: &Emulator, ids: &[String], extra: &[&str]) -> Value {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), ids.join("\n")).unwrap();
    let out = wsctl_for(em)
        .args(["-o", "json", "push", "--data", "hello", "--connection-file"])
        .arg(file.path())
        .args(extra)
        .output()
        .unwrap();
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{summary}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    summary
}

#[test]
fn concurrency_grows_past_the_old_fixed_pool_to_reach_the_rate() {
    // 50 ms round trips and a 2,000/s account: the old fixed pool of 64 could make at most
    // 64 / 0.05 s = 1,280 calls/s. Reaching the rate needs 2,000 × 0.05 = 100 in flight (Little's
    // law), and the limit starts at 16: it must grow, with default flags.
    let em = emulator(&["--latency", "50ms", "--rate", "2000", "--burst", "500"]);
    let ids = em.virtual_ids(4000);
    let summary = push_to_virtual(&em, &ids, &[]);
    assert_eq!(summary["delivered"], 4000, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    // The emulator counted each message once: every 429 was retried, nothing sent twice.
    let health = crate::fixture::get_json(&format!("http://127.0.0.1:{}/_local/health", em.port));
    assert_eq!(health["virtual_messages"], 4000, "{health}");
    let reached = summary["concurrency_reached"].as_u64().unwrap();
    assert!(reached > 64, "{summary}");
    assert_eq!(summary["concurrency_limit"], 4096, "{summary}");

    // --concurrency is a ceiling: never passed.
    let ids = em.virtual_ids(1000);
    let summary = push_to_virtual(&em, &ids, &["--concurrency", "24"]);
    assert_eq!(summary["delivered"], 1000, "{summary}");
    assert!(
        summary["concurrency_reached"].as_u64().unwrap() <= 24,
        "{summary}"
    );
    assert_eq!(summary["concurrency_limit"], 24, "{summary}");
}

#[test]
fn the_network_model_changes_at_run_time() {
    let em = emulator(&[]);
    let id = em.virtual_ids(1).pop().unwrap();
    let network = format!("http://127.0.0.1:{}/_local/network", em.port);
    let set = |body: &str| {
        http(
            "POST",
            &network,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .unwrap()
    };
    let r = set(r#"{"latency_ms": 150, "rate": 1, "burst": 1}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let started = Instant::now();
    let r = http("GET", &conn_url(&em, &id), &[], b"").unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(started.elapsed() >= Duration::from_millis(150));
    // The new bucket holds one token: the next call is throttled.
    let r = http("GET", &conn_url(&em, &id), &[], b"").unwrap();
    assert_eq!(r.status, 429, "{}", r.text());
    // Back to no latency and no throttle.
    assert_eq!(set("{}").status, 200);
    for _ in 0..5 {
        assert_eq!(
            http("GET", &conn_url(&em, &id), &[], b"").unwrap().status,
            200
        );
    }
    assert_eq!(set(r#"{"latency_ms": 99999}"#).status, 400);
    assert_eq!(set(r#"{"rate": -1}"#).status, 400);
}

#[test]
fn a_sweep_opens_no_more_sockets_than_it_has_calls_in_flight() {
    // The Management API 20 ms away and the table 40 ms away: probes answer faster than the
    // deletes they prove can be written, so targets queue for the pruner. A target waiting there
    // has finished its calls: its socket goes back to the pool, and new targets reuse it instead of
    // opening more (each socket is a descriptor and ~40 KB of buffers).
    let (em, _link) = emulator_with_far_table("20ms", Duration::from_millis(40));
    let connected = crate::fixture::connected_ago(Duration::from_secs(3600));
    let live = em.virtual_ids(1000);
    let stale: Vec<String> = (0..3000).map(|i| format!("stale{i:06}AB=")).collect();
    let rows: Vec<_> = live
        .iter()
        .chain(&stale)
        .map(|id| {
            vec![
                ("connectionId", id.clone()),
                ("connectedAt", connected.clone()),
            ]
        })
        .collect();
    em.put_rows(&rows);
    let health = format!("http://127.0.0.1:{}/_local/health", em.port);
    let sockets_before = crate::fixture::get_json(&health)["management_sockets"]
        .as_u64()
        .expect("the emulator counts sockets");

    let (code, summary, err) = crate::fixture::run_json(&em, &["sweep", "--yes"]);
    assert_eq!(code, 0, "{summary}\n{err}");
    assert_eq!(summary["alive"], 1000, "{summary}");
    assert_eq!(summary["deleted"], 3000, "{summary}");

    let sockets = crate::fixture::get_json(&health)["management_sockets"]
        .as_u64()
        .unwrap()
        - sockets_before;
    let in_flight = summary["concurrency_reached"].as_u64().unwrap();
    assert!(sockets > 0, "{summary}");
    // A socket the server closed is made again once in a while; a few spare, no more.
    assert!(
        sockets <= in_flight + 4,
        "{sockets} sockets for {in_flight} calls in flight: {summary}"
    );
}

#[test]
fn each_command_finds_its_connection_opened_while_the_table_was_read() {
    // The table 150 ms away: DescribeTable and the first read take 300 ms or more, well over the
    // 80 ms of handshakes a new connection to the Management API (40 ms away) waits out. Opened
    // ahead, the connection has its handshakes behind it when the run's one call goes out: a push
    // to a user, then each command that probes.
    let (em, _link) = emulator_with_far_table("40ms", Duration::from_millis(150));
    let id = em.virtual_ids(1).remove(0);
    em.put_rows(&[vec![
        ("connectionId", id.clone()),
        ("userId", "u1".to_string()),
        (
            "connectedAt",
            crate::fixture::connected_ago(Duration::from_secs(3600)),
        ),
    ]]);
    let health = format!("http://127.0.0.1:{}/_local/health", em.port);
    let waits = || {
        crate::fixture::get_json(&health)["handshake_waits"]
            .as_u64()
            .expect("the emulator counts calls that waited out handshakes")
    };
    let runs: [&[&str]; 4] = [
        &["push", "--user", "u1", "--data", "hi"],
        &["sweep", "--yes"],
        &["connections", "inspect", "--", &id],
        &["connections", "list", "--probe"],
    ];
    for args in runs {
        let (code, out, err) = crate::fixture::run_json(&em, args);
        assert_eq!(code, 0, "{args:?}: {out}\n{err}");
        let done = match args[0] {
            "push" => out["delivered"] == 1,
            "sweep" => out["alive"] == 1,
            _ => out[0]["state"] == "alive",
        };
        assert!(done, "{args:?}: {out}");
        assert_eq!(
            waits(),
            0,
            "{args:?}: the call went on the connection opened ahead"
        );
    }
}

/// The listening socket's accept queue, as the kernel reports it (`ss`, iproute2: the Send-Q of a
/// listening socket is its backlog).
fn accept_backlog(port: u16) -> u64 {
    let out = std::process::Command::new("ss")
        .args(["-ltnH", &format!("sport = :{port}")])
        .output()
        .expect("ss (iproute2; scripts/setup installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .next()
        .unwrap_or_else(|| panic!("no listener on {port}: {text}"));
    line.split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"))
}

#[test]
fn the_gateway_listens_with_an_accept_queue_as_deep_as_the_kernel_allows() {
    // A fan-out at 80 ms opens thousands of connections within one round trip. Past the accept
    // queue the kernel drops the handshake and the client's retransmit waits a whole second, a stall
    // API Gateway never causes: the queue is as deep as the kernel allows.
    let em = emulator(&[]);
    let somaxconn: u64 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .expect("somaxconn")
        .trim()
        .parse()
        .unwrap();
    assert_eq!(accept_backlog(em.port), somaxconn.min(65_535));
}
