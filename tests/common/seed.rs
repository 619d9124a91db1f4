//! A seed's `$connect`/`$disconnect` handler (tests/support/seed_handlers.py, boto3) served over HTTP,
//! for the emulator's `--integration`: records written exactly as that seed's Lambdas write them.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::dynamodb_endpoint;

/// The venv's python (with boto3) when `scripts/setup` made it, else python3.
pub fn python() -> PathBuf {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".local/venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// A seed's handler, served over HTTP for the emulator's --integration.
pub struct SeedHandler {
    child: Child,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl SeedHandler {
    pub fn start(layout: &str, table: &str) -> SeedHandler {
        Self::start_with(layout, table, &[])
    }

    /// [`SeedHandler::start`] with more arguments for `seed_handlers.py` (e.g. `--connect-delay 4`).
    pub fn start_with(layout: &str, table: &str, extra: &[&str]) -> SeedHandler {
        let dir = tempfile::tempdir().unwrap();
        let ready = dir.path().join("ready.json");
        let mut child = Command::new(python())
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/seed_handlers.py"))
            .args([
                "--layout",
                layout,
                "--table",
                table,
                "--dynamodb-endpoint",
                &dynamodb_endpoint(),
            ])
            .arg("--ready-file")
            .arg(&ready)
            .args(extra)
            .stdin(Stdio::null())
            .spawn()
            .expect("python3 with boto3 (run scripts/setup)");
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = loop {
            if let Ok(t) = std::fs::read_to_string(&ready) {
                if let Ok(v) = serde_json::from_str::<Value>(&t) {
                    break v["url"].as_str().unwrap().to_string();
                }
            }
            if let Ok(Some(s)) = child.try_wait() {
                panic!("seed handler exited: {s}");
            }
            assert!(Instant::now() < deadline, "seed handler not ready");
            std::thread::sleep(Duration::from_millis(50));
        };
        SeedHandler {
            child,
            url,
            _dir: dir,
        }
    }

    /// Deliver a $connect event, as `em` would have sent it, for a connection that then vanished
    /// without $disconnect: the row a lost disconnect leaves behind.
    pub fn write_stale(&self, em: &super::Emulator, connection_id: &str, user: &str, group: &str) {
        let event = json!({
            "requestContext": {
                "routeKey": "$connect", "eventType": "CONNECT", "connectionId": connection_id,
                "domainName": format!("127.0.0.1:{}", em.port), "stage": em.stage,
                "connectedAt": 1, "requestTimeEpoch": 1,
                "identity": {"sourceIp": "127.0.0.1"}
            },
            "queryStringParameters": {"userId": user, "groupId": group, "room": group},
            "isBase64Encoded": false
        });
        let body = event.to_string();
        let url = url::Url::parse(&self.url).unwrap();
        let mut s =
            std::net::TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).unwrap();
        use std::io::{Read, Write};
        write!(
            s,
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            body.len(),
            body
        )
        .unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        assert!(
            resp.starts_with("HTTP/1.0 200") || resp.starts_with("HTTP/1.1 200"),
            "{resp}"
        );
    }
}

impl Drop for SeedHandler {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
