//! The gateway emulator as a test fixture: `wsctl local serve` on a free port, on this test binary's
//! DynamoDB Local, with its own table; killed (SIGKILL) or stopped (SIGTERM) and restarted on the same
//! port at will.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{dynamodb_endpoint, get_json, unique_table, wsctl};

/// How to start an emulator. `table` empty: a fresh unique table.
#[derive(Debug, Clone, Default)]
pub struct EmulatorOpts {
    pub table: String,
    /// Extra `wsctl local serve` arguments (e.g. `--integration URL`, `--rate 1 --burst 1`).
    pub args: Vec<String>,
}

pub struct Emulator {
    pub port: u16,
    pub ws_url: String,
    pub endpoint: String,
    pub apigw_endpoint: String,
    pub dynamodb_endpoint: String,
    pub table: String,
    pub stage: String,
    pub pid: u32,
    child: Option<Child>,
    args: Vec<String>,
    dir: tempfile::TempDir,
    starts: u32,
}

impl Emulator {
    /// Start `wsctl local serve --port 0 --dynamodb-endpoint <shared> --table T --ready-file F` plus
    /// `opts.args`, and wait until it is ready (it has created the table when it records).
    pub fn start(opts: EmulatorOpts) -> Emulator {
        Self::start_with_dynamodb(opts, dynamodb_endpoint())
    }

    /// As `start`, on a DynamoDB endpoint of the test's own (one it can stop and restart).
    pub fn start_with_dynamodb(opts: EmulatorOpts, dynamodb_endpoint: String) -> Emulator {
        let table = if opts.table.is_empty() {
            unique_table("em")
        } else {
            opts.table
        };
        let mut em = Emulator {
            port: 0,
            ws_url: String::new(),
            endpoint: String::new(),
            apigw_endpoint: String::new(),
            dynamodb_endpoint,
            table,
            stage: String::new(),
            pid: 0,
            child: None,
            args: opts.args,
            dir: tempfile::tempdir().expect("temp dir"),
            starts: 0,
        };
        em.spawn(0);
        em
    }

    fn ready_file(&self) -> PathBuf {
        self.dir.path().join(format!("ready-{}.json", self.starts))
    }

    /// The emulator's stderr so far (it logs at -v).
    pub fn log(&self) -> String {
        let mut all = String::new();
        for i in 0..=self.starts {
            if let Ok(t) = std::fs::read_to_string(self.dir.path().join(format!("serve-{i}.log"))) {
                all.push_str(&t);
            }
        }
        all
    }

    fn spawn(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            self.starts += 1;
            let ready = self.ready_file();
            let log =
                std::fs::File::create(self.dir.path().join(format!("serve-{}.log", self.starts)))
                    .expect("log file");
            let mut child = wsctl()
                .args(["local", "serve", "-v", "--port", &port.to_string()])
                .args(["--dynamodb-endpoint", &self.dynamodb_endpoint])
                .args(["--table", &self.table])
                .arg("--ready-file")
                .arg(&ready)
                .args(&self.args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::from(log))
                .spawn()
                .expect("spawn wsctl local serve");
            let info: Option<Value> = loop {
                if let Ok(t) = std::fs::read_to_string(&ready) {
                    if let Ok(v) = serde_json::from_str::<Value>(&t) {
                        break Some(v);
                    }
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break None;
                }
                assert!(
                    Instant::now() < deadline,
                    "emulator not ready in 90 s; log:\n{}",
                    self.log()
                );
                std::thread::sleep(Duration::from_millis(25));
            };
            match info {
                Some(v) => {
                    let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
                    self.port = v["port"].as_u64().unwrap_or(0) as u16;
                    self.ws_url = s("ws_url");
                    self.endpoint = s("endpoint");
                    self.apigw_endpoint = s("apigw_endpoint");
                    self.stage = s("stage");
                    self.pid = child.id();
                    self.child = Some(child);
                    return;
                }
                None => {
                    // A restart on the same port can race the old socket's release: retry.
                    let log = self.log();
                    let busy = log.contains("cannot listen");
                    assert!(
                        port != 0 && busy && Instant::now() < deadline,
                        "wsctl local serve exited during start-up; log:\n{log}"
                    );
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        }
    }

    /// SIGKILL: the emulator dies without closing anything (no `$disconnect` for anyone).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM and wait: a clean shutdown (connections closed, `$disconnect` fired).
    pub fn stop(&mut self) -> Option<std::process::ExitStatus> {
        let mut c = self.child.take()?;
        unsafe {
            libc::kill(c.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(s)) = c.try_wait() {
                return Some(s);
            }
            if Instant::now() > deadline {
                let _ = c.kill();
                return c.wait().ok();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Start again on the same port with the same arguments (after `kill` or `stop`; kills first if
    /// still running).
    pub fn restart(&mut self) {
        self.kill();
        let port = self.port;
        self.spawn(port);
    }

    /// Ids of the live WebSocket connections (the emulator's debug endpoint).
    pub fn live_ids(&self) -> Vec<String> {
        let v = get_json(&format!(
            "http://127.0.0.1:{}/_local/connections",
            self.port
        ));
        v["connections"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c["connectionId"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The live connections with their query strings (`{"connectionId","connectedAt","query"}`).
    pub fn live_connections(&self) -> Vec<Value> {
        let v = get_json(&format!(
            "http://127.0.0.1:{}/_local/connections",
            self.port
        ));
        v["connections"].as_array().cloned().unwrap_or_default()
    }

    /// Distinct connection ids in the table (any layout, expired rows included), read with wsctl.
    pub fn table_ids(&self) -> std::collections::BTreeSet<String> {
        stdout_lines(
            self,
            &["connections", "list", "--include-expired", "-o", "ids"],
        )
        .into_iter()
        .collect()
    }

    /// Write one row straight into the emulator's table (as a handler would, or a stale one), with
    /// these attributes: strings, or numbers given as `N:` followed by digits.
    pub fn put_row(&self, attrs: &[(&str, String)]) {
        use aws_sdk_dynamodb::types::AttributeValue;
        let item = attrs
            .iter()
            .map(|(k, v)| {
                let value = match v.strip_prefix("N:") {
                    Some(n) => AttributeValue::N(n.to_string()),
                    None => AttributeValue::S(v.clone()),
                };
                (k.to_string(), value)
            })
            .collect();
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            wsctl::aws::Clients::for_dynamodb_endpoint(&self.dynamodb_endpoint)
                .await
                .unwrap()
                .put_item()
                .table_name(&self.table)
                .set_item(Some(item))
                .send()
                .await
                .unwrap();
        });
    }

    /// Make `n` virtual connections (`POST /_local/virtual`): their ids.
    pub fn virtual_ids(&self, n: usize) -> Vec<String> {
        let r = super::http(
            "POST",
            &format!("http://127.0.0.1:{}/_local/virtual", self.port),
            &[("Content-Type", "application/json")],
            format!("{{\"count\":{n}}}").as_bytes(),
        )
        .expect("POST /_local/virtual");
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["ids"]
            .as_array()
            .expect("ids")
            .iter()
            .map(|v| v.as_str().expect("an id").to_string())
            .collect()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `wsctl` aimed at this emulator: WSCTL_ENDPOINT, WSCTL_DYNAMODB_ENDPOINT, WSCTL_APIGW_ENDPOINT and
/// WSCTL_TABLE set. WSCTL_GRACE=0s too: the tests' stale rows are made seconds before a run, and the
/// grace's own tests (`tests/delete_proof.rs`) use [`wsctl_with_grace`].
pub fn wsctl_for(em: &Emulator) -> Command {
    let mut c = wsctl_with_grace(em);
    c.env("WSCTL_GRACE", "0s");
    c
}

/// [`wsctl_for`] with the default grace (60 s) unless the test gives `--grace`.
pub fn wsctl_with_grace(em: &Emulator) -> Command {
    let mut c = wsctl();
    c.env("WSCTL_ENDPOINT", &em.endpoint)
        .env("WSCTL_DYNAMODB_ENDPOINT", &em.dynamodb_endpoint)
        .env("WSCTL_APIGW_ENDPOINT", &em.apigw_endpoint)
        .env("WSCTL_TABLE", &em.table);
    c
}

/// Run `wsctl ARGS -o json` against this emulator: (exit code, stdout as JSON or Null, stderr).
pub fn run_json(em: &Emulator, args: &[&str]) -> (i32, Value, String) {
    // `-o json` first: `args` may end in `-- ID...` (an id can begin with `-`).
    let out = wsctl_for(em)
        .args(["-o", "json"])
        .args(args)
        .output()
        .expect("run wsctl");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Run `wsctl -o ndjson ARGS` against this emulator, which must succeed: one JSON value a line.
pub fn run_ndjson(em: &Emulator, args: &[&str]) -> Vec<Value> {
    let args: Vec<&str> = ["-o", "ndjson"].iter().chain(args).copied().collect();
    stdout_lines(em, &args)
        .iter()
        .map(|l| serde_json::from_str(l).expect("an NDJSON line"))
        .collect()
}

/// The lines `wsctl ARGS` prints to stdout against this emulator; the run must succeed.
fn stdout_lines(em: &Emulator, args: &[&str]) -> Vec<String> {
    let out = wsctl_for(em).args(args).output().expect("run wsctl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}
