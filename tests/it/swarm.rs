//! `wsctl local swarm` against a tiny in-test WebSocket server whose behaviour is known exactly:
//! a client of group g{k} gets k+1 messages on connect; users with an odd number are refused at the
//! handshake; `burst` sends more to everyone; clients of group "gclose" are closed by the server.

use std::collections::HashMap;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::fixture::swarm::Swarm;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;

struct Server {
    url: String,
    burst: broadcast::Sender<u64>,
    written: Arc<AtomicU64>,
    connections: Arc<AtomicU64>,
}

#[derive(Clone)]
struct St {
    burst: broadcast::Sender<u64>,
    written: Arc<AtomicU64>,
    connections: Arc<AtomicU64>,
}

fn group_number(q: &HashMap<String, String>) -> Option<u64> {
    q.get("groupId")?.strip_prefix('g')?.parse().ok()
}

async fn handler(
    ws: WebSocketUpgrade,
    Query(q): Query<HashMap<String, String>>,
    State(st): State<St>,
) -> Response {
    let user: u64 = q
        .get("userId")
        .and_then(|u| u.strip_prefix('u'))
        .and_then(|u| u.parse().ok())
        .unwrap_or(0);
    if q.contains_key("refuse_odd") && user % 2 == 1 {
        return StatusCode::FORBIDDEN.into_response();
    }
    let close_now = q.get("close").is_some_and(|c| c == "yes");
    let first = group_number(&q).map_or(1, |g| g + 1);
    let rx = st.burst.subscribe();
    ws.on_upgrade(move |s| session(s, st, first, close_now, rx))
}

async fn session(
    mut s: WebSocket,
    st: St,
    first: u64,
    close_now: bool,
    mut burst: broadcast::Receiver<u64>,
) {
    st.connections.fetch_add(1, Ordering::SeqCst);
    for k in 0..first {
        if s.send(Message::Text(format!("hello {k}").into()))
            .await
            .is_err()
        {
            return;
        }
        st.written.fetch_add(1, Ordering::SeqCst);
    }
    if close_now {
        let _ = s.send(Message::Close(None)).await;
        while let Some(Ok(_)) = s.recv().await {}
        return;
    }
    loop {
        tokio::select! {
            m = s.recv() => match m {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                _ => {}
            },
            b = burst.recv() => {
                let Ok(n) = b else { return };
                for k in 0..n {
                    if s.send(Message::Binary(vec![k as u8; 16].into())).await.is_err() {
                        return;
                    }
                    st.written.fetch_add(1, Ordering::SeqCst);
                }
            }
        }
    }
}

fn server() -> Server {
    let (burst, _) = broadcast::channel(16);
    let st = St {
        burst: burst.clone(),
        written: Arc::new(AtomicU64::new(0)),
        connections: Arc::new(AtomicU64::new(0)),
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = Router::new()
        .route("/local", get(handler))
        .with_state(st.clone());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(l, app).await.unwrap();
        });
    });
    Server {
        url: format!("ws://127.0.0.1:{port}/local"),
        burst,
        written: st.written,
        connections: st.connections,
    }
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn counts_per_group_and_user_are_exact() {
    let srv = server();
    // 30 clients, 6 users, 4 groups: group gk holds clients i with i % 4 == k and gets k+1 each.
    let swarm = Swarm::start(&srv.url, 30, 6, 4, &[]);
    assert_eq!(swarm.ready["connected"], 30, "{}", swarm.ready);
    assert_eq!(swarm.ready["failed"], 0);
    let expected: u64 = (0..30u64).map(|i| i % 4 + 1).sum();
    wait_until("all first messages written", || {
        srv.written.load(Ordering::SeqCst) == expected
    });
    let r = swarm.stop();
    assert_eq!(r.clients, 30);
    assert_eq!(r.connected, 30);
    assert_eq!(r.failed, 0);
    assert_eq!(r.disconnected_by_server, 0);
    assert_eq!(r.messages, expected, "{}", r.raw);
    for k in 0..4u64 {
        let g = r.group(&format!("g{k}"));
        let clients = (0..30u64).filter(|i| i % 4 == k).count() as u64;
        assert_eq!(g["clients"], clients, "{}", r.raw);
        assert_eq!(g["messages"], clients * (k + 1), "{}", r.raw);
        assert_eq!(g["min_per_client"], k + 1, "{}", r.raw);
        assert_eq!(g["max_per_client"], k + 1, "{}", r.raw);
    }
    assert!(r.raw["groups"]["g4"].is_null());
    // User u1 is clients 1, 7, 13, 19, 25: groups 1, 3, 1, 3, 1 -> 2,4,2,4,2 messages.
    let u1 = &r.raw["users"]["u1"];
    assert_eq!(u1["clients"], 5, "{}", r.raw);
    assert_eq!(u1["messages"], 14, "{}", r.raw);
    assert_eq!(u1["min_per_client"], 2);
    assert_eq!(u1["max_per_client"], 4);
    assert_eq!(r.raw["users"].as_object().unwrap().len(), 6);
}

#[test]
fn refused_handshakes_are_counted_as_failed() {
    let srv = server();
    // Users u1 and u3 (of u0..u3) are refused: clients with i % 4 in {1, 3}, i.e. 5 of 10.
    let swarm = Swarm::start(&srv.url, 10, 4, 2, &["--param", "refuse_odd=1"]);
    assert_eq!(swarm.ready["connected"], 5, "{}", swarm.ready);
    assert_eq!(swarm.ready["failed"], 5, "{}", swarm.ready);
    let r = swarm.stop();
    assert_eq!(r.connected, 5);
    assert_eq!(r.failed, 5);
    assert_eq!(srv.connections.load(Ordering::SeqCst), 5);
    // The refused clients received nothing: only even users (group g0, 1 message each) connected.
    assert_eq!(r.messages, 5, "{}", r.raw);
    assert_eq!(r.raw["users"]["u1"]["max_per_client"], 0);
    assert_eq!(r.raw["users"]["u0"]["min_per_client"], 1);
}

#[test]
fn messages_queued_at_stop_are_counted_by_the_graceful_close() {
    let srv = server();
    let swarm = Swarm::start(&srv.url, 20, 20, 1, &[]);
    wait_until("greetings", || srv.written.load(Ordering::SeqCst) == 20);
    // Every connection gets 200 more; stop as soon as the server has written them.
    srv.burst.send(200).unwrap();
    wait_until("burst written", || {
        srv.written.load(Ordering::SeqCst) == 20 + 20 * 200
    });
    let r = swarm.stop();
    assert_eq!(r.messages, 20 * 201, "{}", r.raw);
    assert_eq!(r.raw["groups"]["g0"]["min_per_client"], 201, "{}", r.raw);
    assert_eq!(r.disconnected_by_server, 0, "{}", r.raw);
}

#[test]
fn server_closes_are_counted_and_reconnect_opens_new_connections() {
    let srv = server();
    let swarm = Swarm::start(&srv.url, 4, 4, 1, &["--param", "close=yes"]);
    wait_until("closes", || srv.connections.load(Ordering::SeqCst) == 4);
    let r = swarm.stop();
    assert_eq!(r.connected, 4);
    assert_eq!(r.disconnected_by_server, 4, "{}", r.raw);
    assert_eq!(r.reconnects, 0);
    assert_eq!(r.messages, 4);

    let srv = server();
    let swarm = Swarm::start(&srv.url, 3, 3, 1, &["--param", "close=yes", "--reconnect"]);
    wait_until("reconnects", || srv.connections.load(Ordering::SeqCst) >= 9);
    let r = swarm.stop();
    assert!(r.reconnects >= 6, "{}", r.raw);
    assert!(r.disconnected_by_server >= 6, "{}", r.raw);
    assert_eq!(r.connected, 3);
}

#[test]
fn duration_ends_the_swarm_and_writes_the_report() {
    let srv = server();
    let dir = std::env::temp_dir().join(format!("wsctl-swarm-dur-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("r.json");
    let out = Command::new(env!("CARGO_BIN_EXE_wsctl"))
        .env("HOME", &dir)
        .args([
            "local", "swarm", "--url", &srv.url, "-n", "5", "--groups", "2",
        ])
        .args(["--duration", "1s", "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["connected"], 5);
    // g0: clients 0,2,4 x1; g1: clients 1,3 x2.
    assert_eq!(v["messages"], 7, "{v}");
    assert_eq!(v["users"].as_object().unwrap().len(), 5);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_impossible_client_count_is_a_usage_error_before_connecting() {
    let srv = server();
    let out = Command::new(env!("CARGO_BIN_EXE_wsctl"))
        .args(["local", "swarm", "--url", &srv.url, "-n", "10000000"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("at most"), "{err}");
    assert_eq!(srv.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn bad_flags_are_usage_errors() {
    for args in [
        vec!["--url", "http://127.0.0.1:1/x", "-n", "1"],
        vec!["--url", "ws://127.0.0.1:1/x", "-n", "0"],
        vec!["--url", "ws://127.0.0.1:1/x", "--param", "noequals"],
        vec!["--url", "ws://127.0.0.1:1/x", "--header", "nocolon"],
        vec!["--url", "ws://127.0.0.1:1/x", "--groups", "0"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_wsctl"))
            .args(["local", "swarm"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
