//! The gateway emulator (`wsctl local serve`) with real WebSocket clients (tokio-tungstenite) and raw
//! HTTP against its Management API: delivery, GetConnection, DeleteConnection, typed errors, limits,
//! throttling, timeouts, lost disconnects, the HTTP integration's events and `$connect` rejection.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::fixture::{http, wait_for, wsctl, Emulator, EmulatorOpts};
use aws_sdk_dynamodb::types::AttributeValue;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn emulator(args: &[&str]) -> Emulator {
    Emulator::start(EmulatorOpts {
        args: args.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    })
}

/// Connect and return the socket and its connection id (the one connection that appeared).
async fn connect(em: &Emulator, query: &str) -> (Ws, String) {
    let before: Vec<String> = em.live_ids();
    let (ws, resp) = tokio_tungstenite::connect_async(format!("{}{query}", em.ws_url))
        .await
        .expect("websocket handshake");
    assert_eq!(resp.status().as_u16(), 101);
    let mut new: Vec<String> = em
        .live_ids()
        .into_iter()
        .filter(|i| !before.contains(i))
        .collect();
    assert_eq!(new.len(), 1, "exactly one new connection: {new:?}");
    (ws, new.pop().unwrap())
}

/// The connection with this query string (for tests that open several at once).
fn id_with_query(em: &Emulator, key: &str, value: &str) -> String {
    em.live_connections()
        .into_iter()
        .find(|c| c["query"][key] == value)
        .and_then(|c| c["connectionId"].as_str().map(str::to_string))
        .expect("connection with that query")
}

fn conn_url(em: &Emulator, id: &str) -> String {
    let enc: String =
        percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string();
    format!("{}/%40connections/{enc}", em.endpoint)
}

async fn next_data(ws: &mut Ws) -> Message {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s")
            .expect("stream open")
            .expect("frame");
        if !matches!(m, Message::Ping(_) | Message::Pong(_)) {
            return m;
        }
    }
}

/// Wait for the server's close; returns its code.
async fn wait_close(ws: &mut Ws, within: Duration) -> Option<u16> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => panic!("no close within {within:?}"),
            Ok(None) | Ok(Some(Err(_))) => return None,
            Ok(Some(Ok(Message::Close(f)))) => return f.map(|f| u16::from(f.code)),
            Ok(Some(Ok(_))) => continue,
        }
    }
}

async fn record(em: &Emulator, id: &str) -> Option<HashMap<String, AttributeValue>> {
    let c = wsctl::aws::Clients::for_dynamodb_endpoint(&em.dynamodb_endpoint)
        .await
        .unwrap();
    c.get_item()
        .table_name(&em.table)
        .key("connectionId", AttributeValue::S(id.into()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
}

async fn wait_record_gone(em: &Emulator, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while record(em, id).await.is_some() {
        assert!(Instant::now() < deadline, "record {id} still there");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn is_iso_millis(s: &str) -> bool {
    // 2020-04-30T20:10:33.236Z
    s.len() == 24 && s.as_bytes()[10] == b'T' && s.ends_with('Z') && s.as_bytes()[19] == b'.'
}

#[test]
fn connect_records_post_get_delete() {
    let em = emulator(&[]);
    crate::fixture::runtime().block_on(async {
        let (mut ws, id) = connect(&em, "?userId=u1&groupId=g7").await;
        assert_eq!(id.len(), 16, "{id}");
        assert!(id.ends_with('='));
        assert!(id[..15]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));

        // The recorder's record, like seed 000's Lambda writes it.
        let r = record(&em, &id).await.expect("record written at $connect");
        assert_eq!(r["userId"].as_s().unwrap(), "u1");
        assert_eq!(r["groupId"].as_s().unwrap(), "g7");
        assert_eq!(r["stage"].as_s().unwrap(), "local");
        assert_eq!(
            r["domainName"].as_s().unwrap(),
            &format!("127.0.0.1:{}", em.port)
        );
        let connected_at: u64 = r["connectedAt"].as_n().unwrap().parse().unwrap();
        let ttl: u64 = r["ttl"].as_n().unwrap().parse().unwrap();
        let now = wsctl::time::now_millis();
        assert!(
            connected_at <= now && now - connected_at < 60_000,
            "epoch ms"
        );
        assert!(
            ttl > now / 1000 + 7000 && ttl <= now / 1000 + 7200,
            "ttl = now + 2 h: {ttl}"
        );

        // POST with the documented encoding (%40connections, %3D) and with a literal @.
        let url = conn_url(&em, &id);
        let r = http(
            "POST",
            &url,
            &[("Content-Type", "application/octet-stream")],
            b"hello 1",
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(r.body.is_empty());
        assert_eq!(next_data(&mut ws).await, Message::text("hello 1"));
        let literal = format!("{}/@connections/{id}", em.endpoint);
        let r = http(
            "POST",
            &literal,
            &[("Content-Type", "text/plain")],
            b"hello 2",
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(next_data(&mut ws).await, Message::text("hello 2"));
        // Bytes that are not UTF-8 arrive as one binary frame.
        let r = http("POST", &url, &[], &[0xff, 0x00, 0xfe]).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(
            next_data(&mut ws).await,
            Message::binary(vec![0xffu8, 0x00, 0xfe])
        );
        // The largest payload is delivered in one frame.
        let big = vec![b'x'; 131_072];
        let r = http("POST", &url, &[], &big).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(next_data(&mut ws).await.into_data().len(), 131_072);

        // GetConnection: ISO-8601 timestamps with milliseconds, identity.
        let g = http("GET", &url, &[], b"").unwrap();
        assert_eq!(g.status, 200);
        let v = g.json();
        let c = v["connectedAt"].as_str().unwrap();
        assert!(is_iso_millis(c), "{c}");
        assert!(is_iso_millis(v["lastActiveAt"].as_str().unwrap()));
        assert_eq!(c, wsctl::time::iso8601_millis(connected_at));
        assert_eq!(v["identity"]["sourceIp"], "127.0.0.1");
        assert!(v["identity"]["userAgent"].is_string());

        // DeleteConnection: 204, the client sees close 1000, $disconnect removes the record.
        let d = http("DELETE", &url, &[], b"").unwrap();
        assert_eq!(d.status, 204);
        assert_eq!(
            wait_close(&mut ws, Duration::from_secs(10)).await,
            Some(1000)
        );
        wait_record_gone(&em, &id).await;
        assert!(!em.live_ids().contains(&id));
        let again = http("POST", &url, &[], b"late").unwrap();
        assert_eq!(again.status, 410);
        assert_eq!(again.header("x-amzn-ErrorType"), Some("GoneException"));
    });
}

#[test]
fn errors_carry_type_header_request_id_and_json_message() {
    let em = emulator(&[]);
    crate::fixture::runtime().block_on(async {
        let (_ws, id) = connect(&em, "").await;
        let check = |r: &crate::fixture::HttpResponse, status: u16, ty: &str| {
            assert_eq!(r.status, status, "{}", r.text());
            assert_eq!(r.header("x-amzn-ErrorType"), Some(ty));
            assert_eq!(r.header("x-amzn-RequestId").map(str::len), Some(16));
            assert_eq!(r.header("content-type"), Some("application/json"));
            assert!(r.json()["message"].is_string(), "{}", r.text());
        };
        for m in ["POST", "GET", "DELETE"] {
            let r = http(m, &format!("{}/@connections/AAAAAAAAAAAAAAA%3D", em.endpoint), &[], b"x").unwrap();
            check(&r, 410, "GoneException");
        }
        let big = vec![b'x'; 131_073];
        let r = http("POST", &conn_url(&em, &id), &[], &big).unwrap();
        check(&r, 413, "PayloadTooLargeException");
        let r = http("POST", &format!("http://127.0.0.1:{}/prod/@connections/{id}", em.port), &[], b"x").unwrap();
        check(&r, 403, "ForbiddenException");
        assert_eq!(r.json()["message"], "Forbidden");
        // SigV4 headers are accepted, not verified.
        let r = http(
            "POST",
            &conn_url(&em, &id),
            &[
                ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=bad"),
                ("X-Amz-Date", "20200101T000000Z"),
            ],
            b"signed",
        )
        .unwrap();
        assert_eq!(r.status, 200);
    });
}

#[test]
fn throttle_answers_429_limit_exceeded() {
    // A token every 2 s: the five calls fall inside one refill even on a loaded machine.
    let em = emulator(&["--rate", "0.5", "--burst", "2"]);
    crate::fixture::runtime().block_on(async {
        let (_ws, id) = connect(&em, "").await;
        let url = conn_url(&em, &id);
        let statuses: Vec<u16> = (0..5)
            .map(|_| http("POST", &url, &[], b"x").unwrap().status)
            .collect();
        assert_eq!(&statuses[..2], &[200, 200], "{statuses:?}");
        assert!(statuses[2..].contains(&429), "{statuses:?}");
        let r = http("GET", &url, &[], b"").unwrap();
        assert_eq!(r.status, 429);
        assert_eq!(r.header("x-amzn-ErrorType"), Some("LimitExceededException"));
        // Tokens come back at the configured rate.
        tokio::time::sleep(Duration::from_millis(2100)).await;
        assert_eq!(http("POST", &url, &[], b"x").unwrap().status, 200);
    });
}

#[test]
fn full_client_buffer_answers_429() {
    let em = emulator(&["--client-buffer", "2"]);
    crate::fixture::runtime().block_on(async {
        // A client that never reads: the socket's buffers fill, then the emulator's queue.
        let (_ws, id) = connect(&em, "").await;
        let url = conn_url(&em, &id);
        let big = vec![b'y'; 131_072];
        let mut got = None;
        for i in 0..2000 {
            let r = http("POST", &url, &[], &big).unwrap();
            if r.status != 200 {
                got = Some((i, r));
                break;
            }
        }
        let (i, r) = got.expect("a 429 once the client's buffer is full");
        assert!(i >= 2, "the queue holds some frames first");
        assert_eq!(r.status, 429);
        assert_eq!(r.header("x-amzn-ErrorType"), Some("LimitExceededException"));
    });
}

#[test]
fn every_acknowledged_post_arrives_before_a_client_close() {
    let em = emulator(&[]);
    crate::fixture::runtime().block_on(async {
        let (ws, id) = connect(&em, "").await;
        let (mut tx, mut rxs) = ws.split();
        let url = conn_url(&em, &id);
        let n = 300;
        let posts = tokio::task::spawn_blocking(move || {
            (0..n)
                .filter(|i| {
                    http("POST", &url, &[], format!("m{i}").as_bytes())
                        .unwrap()
                        .status
                        == 200
                })
                .count()
        });
        let ok = posts.await.unwrap();
        assert_eq!(ok, n);
        // Close at once, without reading first: everything acknowledged must still arrive.
        tx.send(Message::Close(Some(CloseFrame {
            code: CloseCode::Normal,
            reason: "bye".into(),
        })))
        .await
        .unwrap();
        let mut count = 0;
        while let Ok(Some(Ok(m))) = tokio::time::timeout(Duration::from_secs(10), rxs.next()).await
        {
            match m {
                Message::Text(_) => count += 1,
                Message::Close(_) => break,
                _ => {}
            }
        }
        assert_eq!(count, n);
        wait_record_gone(&em, &id).await;
    });
}

#[test]
fn idle_timeout_closes_and_fires_disconnect() {
    let em = emulator(&["--idle-timeout", "1s"]);
    crate::fixture::runtime().block_on(async {
        let (mut ws, id) = connect(&em, "").await;
        let t0 = Instant::now();
        assert_eq!(
            wait_close(&mut ws, Duration::from_secs(10)).await,
            Some(1001)
        );
        let took = t0.elapsed();
        assert!(
            took >= Duration::from_millis(900) && took < Duration::from_secs(5),
            "{took:?}"
        );
        wait_record_gone(&em, &id).await;
        assert!(em.log().contains(&id));
    });
}

#[test]
fn max_duration_closes_an_active_connection() {
    let em = emulator(&["--max-duration", "2s", "--idle-timeout", "1s"]);
    crate::fixture::runtime().block_on(async {
        let (ws, id) = connect(&em, "").await;
        let (mut tx, mut rxs) = ws.split();
        let t0 = Instant::now();
        // Stay active (messages every 300 ms beat the 1 s idle timeout) until the 2 s limit ends it.
        let pinger = tokio::spawn(async move {
            loop {
                if tx
                    .send(Message::text("{\"action\":\"ping\"}"))
                    .await
                    .is_err()
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        });
        let mut code = None;
        while let Ok(Some(Ok(m))) = tokio::time::timeout(Duration::from_secs(10), rxs.next()).await
        {
            if let Message::Close(f) = m {
                code = f.map(|f| u16::from(f.code));
                break;
            }
        }
        pinger.abort();
        let took = t0.elapsed();
        assert_eq!(code, Some(1001));
        assert!(
            took >= Duration::from_millis(1800) && took < Duration::from_secs(6),
            "{took:?}"
        );
        wait_record_gone(&em, &id).await;
    });
}

#[test]
fn oversized_client_frame_closes_with_1009() {
    let em = emulator(&[]);
    crate::fixture::runtime().block_on(async {
        let (mut ws, id) = connect(&em, "").await;
        // 32 KB is fine, one byte more is not.
        ws.send(Message::text("a".repeat(32 * 1024))).await.unwrap();
        assert!(em.live_ids().contains(&id));
        ws.send(Message::text("a".repeat(32 * 1024 + 1)))
            .await
            .unwrap();
        assert_eq!(
            wait_close(&mut ws, Duration::from_secs(10)).await,
            Some(1009)
        );
        wait_record_gone(&em, &id).await;
    });
}

#[test]
fn no_matching_route_gets_the_forbidden_frame() {
    let em = emulator(&["--no-default-route"]);
    crate::fixture::runtime().block_on(async {
        let (mut ws, id) = connect(&em, "").await;
        ws.send(Message::text(r#"{"action":"nothing-here"}"#))
            .await
            .unwrap();
        let m = next_data(&mut ws).await;
        let v: Value = serde_json::from_str(m.to_text().unwrap()).unwrap();
        assert_eq!(v["message"], "Forbidden");
        assert_eq!(v["connectionId"], id.as_str());
        assert_eq!(v["requestId"].as_str().map(str::len), Some(16));
        // The connection stays open.
        assert!(em.live_ids().contains(&id));
    });
}

#[test]
fn lost_disconnects_leave_records() {
    let em = emulator(&["--lose-disconnects", "1.0"]);
    crate::fixture::runtime().block_on(async {
        let mut ids = Vec::new();
        for i in 0..3 {
            let (mut ws, id) = connect(&em, &format!("?userId=lost{i}")).await;
            ws.close(None).await.unwrap();
            ids.push(id);
        }
        wait_for("all closed", Duration::from_secs(10), || {
            em.live_ids().is_empty()
        });
        // The emulator says each $disconnect was lost; the records stay.
        wait_for("lost-disconnect log lines", Duration::from_secs(10), || {
            let log = em.log();
            ids.iter().all(|id| {
                log.lines()
                    .any(|l| l.contains(id.as_str()) && l.contains("lost"))
            })
        });
        for id in &ids {
            assert!(
                record(&em, id).await.is_some(),
                "record of {id} left behind"
            );
        }
    });
}

#[test]
fn sigterm_closes_connections_and_fires_disconnect() {
    let mut em = emulator(&[]);
    crate::fixture::runtime().block_on(async {
        let (mut ws, id) = connect(&em, "").await;
        let status = em.stop().expect("was running");
        assert!(status.success(), "{status:?}");
        assert_eq!(
            wait_close(&mut ws, Duration::from_secs(5)).await,
            Some(1001)
        );
        assert!(
            record(&em, &id).await.is_none(),
            "clean shutdown fired $disconnect"
        );
    });
}

#[test]
fn recorder_refuses_a_remote_dynamodb() {
    let out = wsctl()
        .args([
            "local",
            "serve",
            "--dynamodb-endpoint",
            "http://10.255.255.1:8000",
            "--port",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("non-local DynamoDB"), "{err}");
    assert!(err.contains("--allow-remote"), "{err}");
    let out = wsctl()
        .args([
            "local",
            "serve",
            "--bind",
            "0.0.0.0",
            "--dynamodb-endpoint",
            "http://127.0.0.1:1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------------
// HTTP integration

/// A test HTTP server that records every event and answers `$connect` with `connect_status`.
struct Capture {
    url: String,
    events: Arc<Mutex<Vec<Value>>>,
}

fn capture(connect_status: u16) -> Capture {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", l.local_addr().unwrap());
    let events = Arc::new(Mutex::new(Vec::new()));
    let ev = events.clone();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(s) = s else { continue };
            let ev = ev.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(s);
                loop {
                    let mut len = 0usize;
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    loop {
                        let mut h = String::new();
                        if r.read_line(&mut h).unwrap_or(0) == 0 {
                            return;
                        }
                        if h == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            if k.eq_ignore_ascii_case("content-length") {
                                len = v.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                    let mut body = vec![0; len];
                    if r.read_exact(&mut body).is_err() {
                        return;
                    }
                    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    let status = if v["requestContext"]["eventType"] == "CONNECT" {
                        connect_status
                    } else {
                        200
                    };
                    ev.lock().unwrap().push(v);
                    let reply = r#"{"statusCode":200,"body":"ignored"}"#;
                    let resp = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{reply}",
                        reply.len()
                    );
                    if r.get_mut().write_all(resp.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    Capture { url, events }
}

impl Capture {
    fn of(&self, event_type: &str) -> Vec<Value> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e["requestContext"]["eventType"] == event_type)
            .cloned()
            .collect()
    }
}

#[test]
fn http_integration_gets_lambda_proxy_events() {
    let cap = capture(200);
    let em = emulator(&["--integration", &cap.url]);
    crate::fixture::runtime().block_on(async {
        let mut req =
            tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
                format!("{}?userId=u9&groupId=g2&tag=a&tag=b", em.ws_url),
            )
            .unwrap();
        req.headers_mut()
            .insert("x-test-header", "hello".parse().unwrap());
        req.headers_mut()
            .insert("user-agent", "emulator-test/1".parse().unwrap());
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
        let id = id_with_query(&em, "userId", "u9");

        let c = cap.of("CONNECT");
        assert_eq!(c.len(), 1, "$connect ran before the handshake completed");
        let c = &c[0];
        let rc = &c["requestContext"];
        assert_eq!(rc["routeKey"], "$connect");
        assert_eq!(rc["connectionId"], id.as_str());
        assert_eq!(rc["stage"], "local");
        assert_eq!(rc["domainName"], format!("127.0.0.1:{}", em.port));
        assert_eq!(rc["messageDirection"], "IN");
        assert_eq!(rc["identity"]["sourceIp"], "127.0.0.1");
        assert_eq!(rc["identity"]["userAgent"], "emulator-test/1");
        assert!(rc.get("messageId").is_none());
        assert_eq!(rc["requestId"], rc["extendedRequestId"]);
        assert!(rc["apiId"].is_string());
        let connected_at = rc["connectedAt"]
            .as_u64()
            .expect("connectedAt: epoch ms number");
        let now = wsctl::time::now_millis();
        assert!(now - connected_at < 60_000);
        assert!(rc["requestTimeEpoch"].as_u64().unwrap() >= connected_at);
        assert_eq!(c["queryStringParameters"]["userId"], "u9");
        assert_eq!(c["queryStringParameters"]["groupId"], "g2");
        assert_eq!(
            c["multiValueQueryStringParameters"]["tag"],
            json!(["a", "b"])
        );
        assert_eq!(c["headers"]["x-test-header"], "hello");
        assert_eq!(c["multiValueHeaders"]["x-test-header"], json!(["hello"]));
        assert_eq!(c["isBase64Encoded"], false);

        ws.send(Message::text(r#"{"action":"sendMessage","text":"hi"}"#))
            .await
            .unwrap();
        wait_for("message event", Duration::from_secs(10), || {
            !cap.of("MESSAGE").is_empty()
        });
        let m = &cap.of("MESSAGE")[0];
        // Only $connect/$disconnect/$default exist: an unknown action goes to $default.
        assert_eq!(m["requestContext"]["routeKey"], "$default");
        assert_eq!(
            m["requestContext"]["messageId"].as_str().map(str::len),
            Some(16)
        );
        assert_eq!(
            m["requestContext"]["connectedAt"].as_u64(),
            Some(connected_at)
        );
        assert_eq!(m["body"], r#"{"action":"sendMessage","text":"hi"}"#);
        assert_eq!(m["isBase64Encoded"], false);

        ws.close(Some(CloseFrame {
            code: CloseCode::Library(4001),
            reason: "done".into(),
        }))
        .await
        .unwrap();
        wait_for("disconnect event", Duration::from_secs(10), || {
            !cap.of("DISCONNECT").is_empty()
        });
        let d = &cap.of("DISCONNECT")[0];
        assert_eq!(d["requestContext"]["routeKey"], "$disconnect");
        assert_eq!(d["requestContext"]["connectionId"], id.as_str());
        assert_eq!(d["requestContext"]["disconnectStatusCode"], 4001);
        assert_eq!(d["requestContext"]["disconnectReason"], "done");
        assert!(d["requestContext"].get("messageId").is_none());
    });
}

#[test]
fn http_integration_refusing_connect_refuses_the_handshake() {
    let cap = capture(401);
    let em = emulator(&["--integration", &cap.url]);
    crate::fixture::runtime().block_on(async {
        let err = tokio_tungstenite::connect_async(format!("{}?userId=nope", em.ws_url))
            .await
            .expect_err("handshake refused");
        match err {
            tokio_tungstenite::tungstenite::Error::Http(resp) => {
                assert_eq!(resp.status().as_u16(), 403)
            }
            other => panic!("expected an HTTP error, got {other}"),
        }
        assert_eq!(cap.of("CONNECT").len(), 1);
        assert!(em.live_ids().is_empty());
        // A refused connection never existed: no $disconnect.
        assert!(cap.of("DISCONNECT").is_empty());
    });
}

#[test]
fn delete_connection_fires_disconnect_with_1000() {
    let cap = capture(200);
    let em = emulator(&["--integration", &cap.url]);
    crate::fixture::runtime().block_on(async {
        let (mut ws, id) = connect(&em, "").await;
        assert_eq!(
            http("DELETE", &conn_url(&em, &id), &[], b"")
                .unwrap()
                .status,
            204
        );
        assert_eq!(
            wait_close(&mut ws, Duration::from_secs(10)).await,
            Some(1000)
        );
        wait_for("disconnect event", Duration::from_secs(10), || {
            !cap.of("DISCONNECT").is_empty()
        });
        let d = &cap.of("DISCONNECT")[0];
        assert_eq!(d["requestContext"]["disconnectStatusCode"], 1000);
        assert_eq!(
            d["requestContext"]["disconnectReason"],
            "Connection Closed Normally"
        );
    });
}

#[test]
fn kill_leaves_records_and_restart_keeps_the_port() {
    let mut em = emulator(&[]);
    crate::fixture::runtime().block_on(async {
        let (_ws, id) = connect(&em, "?userId=k").await;
        let port = em.port;
        em.kill();
        // No $disconnect ran: the record is stale.
        assert!(record(&em, &id).await.is_some());
        em.restart();
        assert_eq!(em.port, port);
        assert!(em.live_ids().is_empty());
        let (_ws2, id2) = connect(&em, "?userId=k").await;
        assert_ne!(id, id2);
        assert!(record(&em, &id).await.is_some() && record(&em, &id2).await.is_some());
        let r = http("GET", &conn_url(&em, &id), &[], b"").unwrap();
        assert_eq!(r.status, 410, "the old id is gone after the restart");
    });
}

/// `wsctl local serve` without --dynamodb-endpoint starts its own DynamoDB Local; killing the emulator
/// (even with SIGKILL) must not leave the JVM behind.
#[test]
fn own_dynamodb_local_dies_with_the_emulator() {
    let dir = tempfile::tempdir().unwrap();
    for signal in [libc::SIGTERM, libc::SIGKILL] {
        let ready = dir.path().join(format!("ready-{signal}.json"));
        let mut child = wsctl()
            .args(["local", "serve", "--port", "0", "--table", "own-ddb"])
            .arg("--ready-file")
            .arg(&ready)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        wait_for("ready file", Duration::from_secs(120), || ready.exists());
        let info: Value = serde_json::from_str(&std::fs::read_to_string(&ready).unwrap()).unwrap();
        let ddb = info["dynamodb_endpoint"].as_str().unwrap().to_string();
        let port: u16 = ddb.rsplit(':').next().unwrap().parse().unwrap();
        assert!(
            wsctl::local::dynamodb_local::list_tables_ok(port),
            "DynamoDB Local answers"
        );
        unsafe {
            libc::kill(child.id() as libc::pid_t, signal);
        }
        let status = child.wait().unwrap();
        if signal == libc::SIGTERM {
            assert!(status.success(), "clean exit on SIGTERM: {status:?}");
            assert!(!ready.exists(), "the ready file is removed on shutdown");
        }
        wait_for("DynamoDB Local to stop", Duration::from_secs(20), || {
            !wsctl::local::dynamodb_local::list_tables_ok(port)
        });
    }
}

/// wsctl's own client layer (aws-sdk-rust) finds the recorder's records and delivers through the
/// emulator.
#[test]
fn wsctl_itself_lists_and_pushes_through_the_emulator() {
    let em = emulator(&[]);
    crate::fixture::runtime().block_on(async {
        let (mut ws, id) = connect(&em, "?userId=wu1&groupId=wg1").await;
        let out = crate::fixture::wsctl_for(&em)
            .args(["connections", "list", "-o", "ids"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), id);
        let out = crate::fixture::wsctl_for(&em)
            .args(["push", "--user", "wu1", "--data", "from wsctl"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(next_data(&mut ws).await, Message::text("from wsctl"));
    });
}

#[test]
fn delete_closes_a_client_that_never_reads() {
    let em = emulator(&["--client-buffer", "4"]);
    crate::fixture::runtime().block_on(async {
        let (_ws, id) = connect(&em, "").await;
        let url = conn_url(&em, &id);
        let big = vec![b'z'; 131_072];
        // Fill the socket and the queue until the emulator pushes back.
        let mut n = 0;
        while http("POST", &url, &[], &big).unwrap().status == 200 {
            n += 1;
            assert!(n < 5000, "never pushed back");
        }
        assert_eq!(http("DELETE", &url, &[], b"").unwrap().status, 204);
        wait_record_gone(&em, &id).await;
        assert!(em.live_ids().is_empty());
    });
}

#[test]
fn bad_serve_flags_are_usage_errors() {
    for args in [
        &["--lose-disconnects", "1.5"][..],
        &["--rate", "0"],
        &["--burst", "3"],
        &["--client-buffer", "0"],
        &["--idle-timeout", "soon"],
        &["--stage", "v2"],
        &["--stage", "a/b"],
        &["--integration", "ftp://127.0.0.1/"],
    ] {
        let out = wsctl()
            .args([
                "local",
                "serve",
                "--dynamodb-endpoint",
                "http://127.0.0.1:1",
            ])
            .args(args)
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
