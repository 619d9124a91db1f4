//! Provisioning the local fleet: `wsctl provision --spec` against `wsctl local serve` (DynamoDB Local +
//! the emulated control plane). What provision creates takes effect: a message whose `action` names a
//! provisioned route reaches that route's HTTP integration. Another client (the AWS CLI) deleting the
//! route is drift (`--check` exits 6) and re-provisioning repairs it.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::fixture::{hermetic, repo_root, wait_for, wsctl_for, Emulator, EmulatorOpts};
use futures::SinkExt;
use serde_json::{json, Value};

/// A tiny HTTP integration: records the JSON body of every POST and answers 200.
struct Hook {
    url: String,
    events: Arc<Mutex<Vec<Value>>>,
}

impl Hook {
    fn start() -> Hook {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let events = Arc::new(Mutex::new(Vec::new()));
        let ev = events.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let ev = ev.clone();
                std::thread::spawn(move || {
                    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    let (head_end, len) = loop {
                        let Ok(n) = s.read(&mut chunk) else { return };
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
                            let len = head
                                .lines()
                                .find_map(|l| l.strip_prefix("content-length:"))
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(0);
                            break (i + 4, len);
                        }
                    };
                    while buf.len() < head_end + len {
                        let Ok(n) = s.read(&mut chunk) else { return };
                        if n == 0 {
                            break;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    let body = &buf[head_end..(head_end + len).min(buf.len())];
                    if let Ok(v) = serde_json::from_slice::<Value>(body) {
                        ev.lock().unwrap().push(v);
                    }
                    let reply = r#"{"statusCode":200}"#;
                    let _ = s.write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                            reply.len()
                        )
                        .as_bytes(),
                    );
                });
            }
        });
        Hook { url, events }
    }

    /// The message events (not $connect / $disconnect) received so far: (routeKey, body).
    fn messages(&self) -> Vec<(String, Value)> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e["requestContext"]["eventType"] == "MESSAGE")
            .map(|e| {
                (
                    e["requestContext"]["routeKey"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    e["body"]
                        .as_str()
                        .and_then(|b| serde_json::from_str(b).ok())
                        .unwrap_or(Value::Null),
                )
            })
            .collect()
    }

    /// Wait for the message carrying `n` and return the route it went to.
    fn route_of(&self, n: u64) -> String {
        let mut route = String::new();
        wait_for(
            &format!("message {n} at the integration"),
            Duration::from_secs(20),
            || match self.messages().into_iter().find(|(_, b)| b["n"] == n) {
                Some((r, _)) => {
                    route = r;
                    true
                }
                None => false,
            },
        );
        route
    }
}

fn aws(em: &Emulator, args: &[&str]) -> Value {
    let mut cmd = Command::new(repo_root().join(".local/venv/bin/aws"));
    hermetic(&mut cmd);
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(args)
        .args(["--endpoint-url", &em.apigw_endpoint, "--output", "json"]);
    let out = cmd
        .output()
        .expect("the AWS CLI in .local/venv (run scripts/setup)");
    assert!(
        out.status.success(),
        "aws {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn provision(em: &Emulator, spec: &std::path::Path, extra: &[&str], code: i32) -> Value {
    let out = wsctl_for(em)
        .arg("provision")
        .arg("--spec")
        .arg(spec)
        .args(extra)
        // Applying runs confirm changes to what exists, as CI does.
        .args(
            (!extra
                .iter()
                .any(|f| ["--dry-run", "--check", "--prune"].contains(f)))
            .then_some("--yes"),
        )
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "provision --spec {extra:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn action(report: &Value, kind: &str, name: &str) -> String {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind && r["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in {report}"))["action"]
        .as_str()
        .unwrap()
        .to_string()
}

fn send(rt: &tokio::runtime::Runtime, ws_url: &str, messages: &[Value]) {
    rt.block_on(async {
        let (mut ws, _) = tokio_tungstenite::connect_async(ws_url)
            .await
            .expect("websocket connect");
        for m in messages {
            ws.send(tokio_tungstenite::tungstenite::Message::Text(
                m.to_string().into(),
            ))
            .await
            .unwrap();
        }
        let _ = ws.close(None).await;
    });
}

#[test]
fn provisioned_routes_take_effect_and_drift_is_detected_and_repaired() {
    let em = Emulator::start(EmulatorOpts::default());
    let hook = Hook::start();
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("wsctl.toml");
    std::fs::write(
        &spec,
        format!(
            "[table]\n\n[api]\nname = \"chat\"\nstage = \"{}\"\nintegration = \"{}\"\nroutes = [\"sendMessage\"]\n",
            em.stage, hook.url
        ),
    )
    .unwrap();

    // Table and API together; the API is reached where the emulator listens.
    let first = provision(&em, &spec, &[], 0);
    assert_eq!(first["table"], em.table.as_str());
    assert_eq!(action(&first, "api", "chat"), "create");
    assert_eq!(action(&first, "route", "sendMessage"), "create");
    assert_eq!(first["api"]["ws_url"], em.ws_url.as_str());
    assert_eq!(first["api"]["management_endpoint"], em.endpoint.as_str());
    let api_id = first["api"]["api_id"].as_str().unwrap().to_string();

    let second = provision(&em, &spec, &[], 0);
    assert_eq!(second["in_sync"], true, "{second}");
    provision(&em, &spec, &["--check"], 0);

    // A message for the custom route reaches that route's integration; others go to $default.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    send(
        &rt,
        &em.ws_url,
        &[
            json!({"action": "sendMessage", "n": 1}),
            json!({"action": "other", "n": 2}),
        ],
    );
    assert_eq!(hook.route_of(1), "sendMessage");
    assert_eq!(hook.route_of(2), "$default");

    // Another client deletes the route: drift; messages fall back to $default.
    let routes = aws(&em, &["apigatewayv2", "get-routes", "--api-id", &api_id]);
    let rid = routes["Items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["RouteKey"] == "sendMessage")
        .and_then(|r| r["RouteId"].as_str())
        .unwrap()
        .to_string();
    aws(
        &em,
        &[
            "apigatewayv2",
            "delete-route",
            "--api-id",
            &api_id,
            "--route-id",
            &rid,
        ],
    );
    let c = provision(&em, &spec, &["--check"], 6);
    assert_eq!(action(&c, "route", "sendMessage"), "create");
    send(&rt, &em.ws_url, &[json!({"action": "sendMessage", "n": 3})]);
    assert_eq!(hook.route_of(3), "$default");

    // Provisioning again repairs it.
    let again = provision(&em, &spec, &[], 0);
    assert_eq!(action(&again, "route", "sendMessage"), "create");
    assert_eq!(again["api"]["api_id"], api_id.as_str());
    provision(&em, &spec, &["--check"], 0);
    send(&rt, &em.ws_url, &[json!({"action": "sendMessage", "n": 4})]);
    assert_eq!(hook.route_of(4), "sendMessage");
}
