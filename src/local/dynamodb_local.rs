//! DynamoDB Local as a child process: found in the folder `scripts/setup` installs it into, started in
//! memory on a free loopback port, and never left behind.
//!
//! The JVM is spawned from a dedicated long-lived thread with `PR_SET_PDEATHSIG = SIGKILL`: the kernel
//! kills the child when the *thread* that forked it exits, so that thread lives exactly as long as the
//! child should (until [`DynamoDbLocal::stop`], drop, or the death of the whole process, even by SIGKILL).
//! The integration tests use the same launcher (one DynamoDB Local per test binary).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

const SETUP_HINT: &str =
    "run scripts/setup (installs Java 17 and DynamoDB Local into .local/dynamodb)";

/// A running DynamoDB Local. Dropping it stops the process.
#[derive(Debug)]
pub struct DynamoDbLocal {
    pub endpoint: String,
    pub port: u16,
    pub pid: u32,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Where DynamoDB Local is installed: `$WSCTL_DYNAMODB_LOCAL_DIR`, else `.local/dynamodb` in the current
/// directory or any parent, else in this crate's source tree.
pub fn find_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("WSCTL_DYNAMODB_LOCAL_DIR").filter(|d| !d.is_empty()) {
        let d = PathBuf::from(d);
        if d.join("DynamoDBLocal.jar").is_file() {
            return Ok(d);
        }
        return Err(Error::config(format!(
            "WSCTL_DYNAMODB_LOCAL_DIR={} holds no DynamoDBLocal.jar",
            d.display()
        ))
        .with_hint(SETUP_HINT));
    }
    let mut candidates = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.extend(cwd.ancestors().map(|a| a.join(".local/dynamodb")));
    }
    candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".local/dynamodb"));
    candidates
        .into_iter()
        .find(|d| d.join("DynamoDBLocal.jar").is_file())
        .ok_or_else(|| {
            Error::config(
                "DynamoDB Local is not installed (no .local/dynamodb/DynamoDBLocal.jar found)",
            )
            .with_hint(SETUP_HINT)
        })
}

/// A free loopback TCP port (bound, read, released).
pub fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

impl DynamoDbLocal {
    /// Start DynamoDB Local from `dir` (blocking) and wait until it answers ListTables.
    pub fn start(dir: &Path, timeout: Duration) -> Result<Self> {
        which_java()?;
        let jar = dir.join("DynamoDBLocal.jar");
        if !jar.is_file() {
            return Err(Error::config(format!("{} not found", jar.display())).with_hint(SETUP_HINT));
        }
        let mut last_err = None;
        for _ in 0..3 {
            match Self::start_once(dir, timeout) {
                Ok(d) => return Ok(d),
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| Error::internal("DynamoDB Local did not start")))
    }

    fn start_once(dir: &Path, timeout: Duration) -> Result<Self> {
        let port = free_port()?;
        let dir = dir.to_path_buf();
        let (pid_tx, pid_rx) = mpsc::channel::<std::result::Result<u32, String>>();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let (exit_tx, exit_rx) = mpsc::channel::<String>();
        let thread = std::thread::Builder::new()
            .name("dynamodb-local".into())
            .spawn(move || {
                let mut cmd = java_command(&dir, port);
                set_parent_death_signal(&mut cmd);
                let mut child = match cmd.spawn() {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = pid_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let _ = pid_tx.send(Ok(child.id()));
                // Park until told to stop (or the handle is dropped); watch for an early exit meanwhile.
                while let Err(mpsc::RecvTimeoutError::Timeout) =
                    stop_rx.recv_timeout(Duration::from_millis(200))
                {
                    if let Ok(Some(status)) = child.try_wait() {
                        let _ = exit_tx.send(status.to_string());
                        // Keep the thread alive until stopped so a new child is never orphaned.
                        let _ = stop_rx.recv();
                        return;
                    }
                }
                let _ = child.kill();
                let _ = child.wait();
            })?;
        let pid = match pid_rx.recv() {
            Ok(Ok(pid)) => pid,
            Ok(Err(e)) => {
                let _ = thread.join();
                return Err(
                    Error::config(format!("failed to start java: {e}")).with_hint(SETUP_HINT)
                );
            }
            Err(_) => return Err(Error::internal("DynamoDB Local launcher thread died")),
        };
        let mut me = DynamoDbLocal {
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
            pid,
            stop: Some(stop_tx),
            thread: Some(thread),
        };
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(status) = exit_rx.try_recv() {
                return Err(Error::service(format!(
                    "DynamoDB Local exited during start-up ({status})"
                ))
                .with_hint(SETUP_HINT));
            }
            if list_tables_ok(port) {
                return Ok(me);
            }
            if Instant::now() > deadline {
                me.stop_now();
                return Err(Error::service(format!(
                    "DynamoDB Local did not answer on port {port} within {timeout:?}"
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stop_now(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stop the process and wait for it to exit.
    pub fn stop(mut self) {
        self.stop_now();
    }
}

impl Drop for DynamoDbLocal {
    fn drop(&mut self) {
        self.stop_now();
    }
}

fn which_java() -> Result<()> {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("java").is_file()))
        .unwrap_or(false);
    if found {
        Ok(())
    } else {
        Err(
            Error::config("java is not installed (DynamoDB Local needs Java 17+)")
                .with_hint(SETUP_HINT),
        )
    }
}

#[cfg(target_os = "linux")]
fn set_parent_death_signal(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: only async-signal-safe calls (prctl, getppid, _exit) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
                0,
                0,
                0,
            ) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            // The parent may have died before prctl took effect.
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn set_parent_death_signal(_cmd: &mut Command) {}

/// One ListTables call over plain HTTP/1.1 (DynamoDB Local checks that an Authorization header is
/// present, not what it signs). True on a 200 answer.
pub fn list_tables_ok(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(3)));
    let _ = s.set_write_timeout(Some(Duration::from_secs(3)));
    let body = "{}";
    let req = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-amz-json-1.0\r\n\
X-Amz-Target: DynamoDB_20120810.ListTables\r\n\
Authorization: AWS4-HMAC-SHA256 Credential=wsctllocal/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00\r\n\
X-Amz-Date: 20200101T000000Z\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 64];
    let mut got = Vec::new();
    while got.len() < 12 {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    got.starts_with(b"HTTP/1.1 200") || got.starts_with(b"HTTP/1.0 200")
}

/// The `java` command that runs DynamoDB Local from `dir` on `port`: in memory, one shared
/// database, no telemetry, no terminal.
fn java_command(dir: &Path, port: u16) -> Command {
    let mut cmd = Command::new("java");
    cmd.arg(format!(
        "-Djava.library.path={}",
        dir.join("DynamoDBLocal_lib").display()
    ))
    .arg("-jar")
    .arg(dir.join("DynamoDBLocal.jar"))
    // -sharedDb: one database whatever the access key and region, so that boto3 test
    // clients, seed handlers and wsctl (each with its own local key) see the same tables.
    .args(["-inMemory", "-sharedDb", "-port", &port.to_string()])
    // DynamoDB Local reports usage to AWS unless told not to: nothing of the local fleet
    // may leave the machine.
    .arg("-disableTelemetry")
    .env("DDB_LOCAL_TELEMETRY", "0")
    .current_dir(dir)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    cmd
}
