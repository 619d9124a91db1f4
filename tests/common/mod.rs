//! Shared fixture of the integration tests: the wsctl binary with a hermetic environment, one DynamoDB
//! Local per test binary, unique table names, the gateway emulator (`Emulator`) and a tiny blocking
//! HTTP client. Every test file does `mod common;` and uses what it needs.
#![allow(dead_code, unused_imports)]

mod fleet;
pub mod seed;
pub mod swarm;

pub use fleet::{run_json, run_ndjson, wsctl_for, wsctl_with_grace, Emulator, EmulatorOpts};

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The wsctl binary cargo built for this test run.
pub fn wsctl_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_wsctl"))
}

/// The repository root (where `.local/` lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary HOME shared by the commands of this test binary.
fn temp_home() -> &'static Path {
    static HOME: OnceLock<tempfile::TempDir> = OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

/// `wsctl` with a hermetic environment: no AWS_* or WSCTL_* variables, HOME in a temp dir, NO_COLOR.
pub fn wsctl() -> Command {
    let mut c = Command::new(wsctl_bin());
    hermetic(&mut c);
    c
}

/// Strip AWS_* / WSCTL_* from a command's environment and point HOME at a temp dir.
pub fn hermetic(c: &mut Command) {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().to_string();
        if k.starts_with("AWS_") || k.starts_with("WSCTL_") {
            c.env_remove(&k);
        }
    }
    c.env("HOME", temp_home()).env("NO_COLOR", "1");
}

/// The DynamoDB Local of this test binary (started on first use, stopped when the binary exits: it is
/// spawned from a parked thread with PDEATHSIG, so even a killed test run leaves no JVM behind).
pub fn dynamodb_endpoint() -> String {
    static DDB: OnceLock<Result<wsctl::local::dynamodb_local::DynamoDbLocal, String>> =
        OnceLock::new();
    let d = DDB.get_or_init(|| {
        let dir = wsctl::local::dynamodb_local::find_dir()
            .map_err(|e| format!("{} ({})", e.message, e.hint.unwrap_or_default()))?;
        wsctl::local::dynamodb_local::DynamoDbLocal::start(&dir, Duration::from_secs(120))
            .map_err(|e| format!("{} ({})", e.message, e.hint.unwrap_or_default()))
    });
    match d {
        Ok(d) => d.endpoint.clone(),
        Err(e) => panic!("DynamoDB Local: {e}"),
    }
}

/// `connectedAt` for a row connected `ago` before now, as a `put_row` number (`N:` epoch ms).
pub fn connected_ago(ago: Duration) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970");
    format!("N:{}", (now - ago).as_millis())
}

/// A table name no other test uses: `{prefix}-{pid}-{n}`.
pub fn unique_table(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// Poll `f` until it holds; panic with `what` after `timeout`.
pub fn wait_for(what: &str, timeout: Duration, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A response of [`http`].
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A blocking HTTP/1.1 request to a loopback URL (`http://127.0.0.1:PORT/path`), one connection per
/// call. Enough for the emulator's debug endpoints and raw Management API checks.
pub fn http(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<HttpResponse> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| std::io::Error::other("only http:// URLs"))?;
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut s = TcpStream::connect(hostport)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {hostport}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes())?;
    s.write_all(body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("malformed HTTP response"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other("malformed status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if size == 0 || b.len() < i + 2 + size {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[(i + 4 + size).min(b.len())..];
    }
    out
}

/// GET a URL and parse its JSON body (panics on failure: for tests).
pub fn get_json(url: &str) -> serde_json::Value {
    let r = http("GET", url, &[], b"").unwrap_or_else(|e| panic!("GET {url}: {e}"));
    assert_eq!(r.status, 200, "GET {url}: {}", r.text());
    r.json()
}

/// True when a CI run is asking for every optional tool to be present.
pub fn in_ci() -> bool {
    std::env::var("CI")
        .map(|v| !v.is_empty() && v != "0" && v != "false")
        .unwrap_or(false)
}
