//! Test helper: a `wsctl local swarm` child process. `Swarm::start` waits for its ready file,
//! `stop` sends SIGTERM, waits for the exit and parses the JSON report.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The swarm's final report; `raw` holds the whole JSON (groups, users, ...).
#[derive(Debug, Clone)]
pub struct SwarmReport {
    pub clients: u64,
    pub connected: u64,
    pub failed: u64,
    pub disconnected_by_server: u64,
    pub reconnects: u64,
    pub messages: u64,
    pub raw: Value,
}

impl SwarmReport {
    fn from_json(v: Value) -> Self {
        let n = |k: &str| {
            v[k].as_u64()
                .unwrap_or_else(|| panic!("report lacks {k}: {v}"))
        };
        SwarmReport {
            clients: n("clients"),
            connected: n("connected"),
            failed: n("failed"),
            disconnected_by_server: n("disconnected_by_server"),
            reconnects: n("reconnects"),
            messages: n("messages"),
            raw: v,
        }
    }

    /// `{clients, messages, min_per_client, max_per_client}` of one group, e.g. "g0".
    pub fn group(&self, g: &str) -> &Value {
        &self.raw["groups"][g]
    }
}

pub struct Swarm {
    child: Option<Child>,
    dir: PathBuf,
    /// The ready file's content: {"clients","connected","failed"}.
    pub ready: Value,
}

fn temp_dir() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let d = std::env::temp_dir().join(format!(
        "wsctl-swarm-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).expect("create swarm temp dir");
    d
}

impl Swarm {
    /// Start `clients` clients (users u0.., groups g0..) against `url` and wait until all of them
    /// connected or failed to connect.
    pub fn start(
        url: &str,
        clients: usize,
        users: usize,
        groups: usize,
        extra_args: &[&str],
    ) -> Swarm {
        Self::try_start(url, clients, users, groups, extra_args).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn try_start(
        url: &str,
        clients: usize,
        users: usize,
        groups: usize,
        extra_args: &[&str],
    ) -> Result<Swarm, String> {
        let dir = temp_dir();
        let ready = dir.join("ready.json");
        let report = dir.join("report.json");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wsctl"));
        for (k, _) in std::env::vars() {
            if k.starts_with("AWS_") || k.starts_with("WSCTL_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("HOME", &dir)
            .args(["local", "swarm", "--url", url])
            .args(["--clients", &clients.to_string()])
            .args(["--users", &users.to_string()])
            .args(["--groups", &groups.to_string()])
            .arg("--ready-file")
            .arg(&ready)
            .arg("--report")
            .arg(&report)
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start the swarm: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(60 + clients as u64 / 100);
        loop {
            if let Ok(s) = std::fs::read_to_string(&ready) {
                if let Ok(v) = serde_json::from_str::<Value>(&s) {
                    return Ok(Swarm {
                        child: Some(child),
                        dir,
                        ready: v,
                    });
                }
            }
            if let Ok(Some(st)) = child.try_wait() {
                let out = child
                    .wait_with_output()
                    .map(|o| o.stderr)
                    .unwrap_or_default();
                return Err(format!(
                    "the swarm exited ({st}) before it was ready: {}",
                    String::from_utf8_lossy(&out)
                ));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err("the swarm did not become ready in time".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }

    /// SIGTERM, wait for the exit (the clients close gracefully), parse the report.
    pub fn stop(mut self) -> SwarmReport {
        let mut child = self.child.take().expect("swarm already stopped");
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Ok(Some(st)) = child.try_wait() {
                break st;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the swarm did not exit within 60 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        let path = self.dir.join("report.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no swarm report ({e}); exit {status}; stderr: {err}"));
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("bad swarm report ({e}): {text}"));
        let _ = std::fs::remove_dir_all(&self.dir);
        SwarmReport::from_json(v)
    }
}

impl Drop for Swarm {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
