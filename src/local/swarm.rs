//! `wsctl local swarm`: N real WebSocket clients that stay connected, count every message they receive
//! and write a JSON report on exit. One small tokio task per client, small buffers, so 15,000
//! connections fit on a 2-core machine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{watch, Notify};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::{Outcome, Output, Report};

/// File descriptors kept free for the runtime, stdio and the report.
const FD_MARGIN: u64 = 64;
/// How long one client waits for the server's reply to its Close frame on shutdown.
const CLOSE_DEADLINE: Duration = Duration::from_secs(3);
/// How long one handshake may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Args, Debug)]
pub struct SwarmArgs {
    /// WebSocket URL of the API stage, e.g. ws://127.0.0.1:8080/local
    #[arg(long)]
    pub url: String,
    /// Number of clients
    #[arg(short = 'n', long = "clients", default_value_t = 100)]
    pub clients: usize,
    /// Distinct users: client i is user u{i % users} (default: one per client)
    #[arg(long)]
    pub users: Option<usize>,
    /// Distinct groups: client i is in group g{i % groups}
    #[arg(long, default_value_t = 10)]
    pub groups: usize,
    /// Extra query parameter NAME=TEMPLATE (repeatable); placeholders {i}, {user}, {group}
    #[arg(long = "param", value_name = "NAME=TEMPLATE")]
    pub params: Vec<String>,
    /// Extra handshake header NAME:VALUE (repeatable)
    #[arg(long = "header", value_name = "NAME:VALUE")]
    pub headers: Vec<String>,
    /// New connections per second (API Gateway's default quota is 500)
    #[arg(long, default_value_t = 500.0)]
    pub connect_rate: f64,
    /// Exit after this long (e.g. 30s, 5m); default: until Ctrl-C / SIGTERM
    #[arg(long, value_parser = crate::time::duration_arg)]
    pub duration: Option<Duration>,
    /// Write the final JSON report here (atomically)
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Write {"clients","connected","failed"} here once every client connected or failed
    #[arg(long)]
    pub ready_file: Option<PathBuf>,
    /// When the server closes a connection or it drops, reconnect as a new connection
    #[arg(long)]
    pub reconnect: bool,
}

/// Counters shared by all client tasks.
struct Shared {
    messages: Vec<AtomicU64>,
    connected: AtomicUsize,
    failed: AtomicUsize,
    settled: AtomicUsize,
    disconnected_by_server: AtomicU64,
    reconnects: AtomicU64,
    all_settled: Notify,
    /// Why first connections failed: reason -> count (a handful of distinct reasons).
    failures: std::sync::Mutex<BTreeMap<String, u64>>,
}

struct ClientSpec {
    index: usize,
    request_url: String,
}

/// Raise the soft open-files limit to the hard one; refuse a count that cannot fit.
fn raise_fd_limit(clients: usize) -> Result<()> {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        let (soft, hard) = Resource::NOFILE
            .get()
            .map_err(|e| Error::internal(format!("cannot read the open-files limit: {e}")))?;
        let target = hard;
        if soft < target {
            // Best effort: if raising fails, the check below uses the limit we really have.
            let _ = Resource::NOFILE.set(target, hard);
        }
        let (soft, _) = Resource::NOFILE.get().unwrap_or((soft, hard));
        let need = clients as u64 + FD_MARGIN;
        if need > soft {
            let fit = soft.saturating_sub(FD_MARGIN);
            return Err(Error::usage(format!(
                "{clients} clients need about {need} open files but this process may open {soft}: at most {fit} clients fit"
            ))
            .with_hint("raise the hard limit (ulimit -Hn) or run several swarms with fewer clients"));
        }
    }
    Ok(())
}

fn expand(template: &str, i: usize, user: &str, group: &str) -> String {
    template
        .replace("{i}", &i.to_string())
        .replace("{user}", user)
        .replace("{group}", group)
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn build_specs(args: &SwarmArgs, users: usize) -> Result<Vec<ClientSpec>> {
    let mut params = Vec::new();
    for p in &args.params {
        let Some((name, tpl)) = p.split_once('=') else {
            return Err(Error::usage(format!(
                "--param {p:?} is not NAME=TEMPLATE (e.g. room={{group}})"
            )));
        };
        if name.is_empty() {
            return Err(Error::usage(format!("--param {p:?} has an empty name")));
        }
        params.push((name.to_string(), tpl.to_string()));
    }
    let sep = if args.url.contains('?') { '&' } else { '?' };
    Ok((0..args.clients)
        .map(|i| {
            let user = format!("u{}", i % users);
            let group = format!("g{}", i % args.groups);
            let mut q = format!("userId={}&groupId={}", encode(&user), encode(&group));
            for (name, tpl) in &params {
                q.push('&');
                q.push_str(&encode(name));
                q.push('=');
                q.push_str(&encode(&expand(tpl, i, &user, &group)));
            }
            ClientSpec {
                index: i,
                request_url: format!("{}{}{}", args.url, sep, q),
            }
        })
        .collect())
}

fn parse_headers(headers: &[String]) -> Result<Vec<(HeaderName, HeaderValue)>> {
    headers
        .iter()
        .map(|h| {
            let (n, v) = h
                .split_once(':')
                .ok_or_else(|| Error::usage(format!("--header {h:?} is not NAME:VALUE")))?;
            let name = HeaderName::from_bytes(n.trim().as_bytes())
                .map_err(|_| Error::usage(format!("--header {h:?}: invalid header name")))?;
            let value = HeaderValue::from_str(v.trim())
                .map_err(|_| Error::usage(format!("--header {h:?}: invalid header value")))?;
            Ok((name, value))
        })
        .collect()
}

fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_write_buffer_size(1 << 20)
        .max_message_size(Some(1 << 20))
        .max_frame_size(Some(1 << 20))
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(
    url: &str,
    headers: &[(HeaderName, HeaderValue)],
) -> std::result::Result<Ws, String> {
    let mut req = url
        .into_client_request()
        .map_err(|e| format!("bad request: {e}"))?;
    for (n, v) in headers {
        req.headers_mut().insert(n.clone(), v.clone());
    }
    match tokio::time::timeout(
        CONNECT_TIMEOUT,
        tokio_tungstenite::connect_async_with_config(req, Some(ws_config()), true),
    )
    .await
    {
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("handshake timed out".into()),
    }
}

/// Connected: count messages until the server ends the connection (true) or we are told to
/// stop (false).
async fn count_messages(
    ws: &mut Ws,
    counter: &AtomicU64,
    stop: &mut watch::Receiver<bool>,
) -> bool {
    loop {
        tokio::select! {
            m = ws.next() => match m {
                Some(Ok(Message::Text(_) | Message::Binary(_))) => {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return true,
                Some(Ok(_)) => {}
            },
            _ = stop.changed() => return false,
        }
    }
}

/// Graceful close: send Close, keep reading (and counting) until the server's reply or a deadline.
async fn close_gracefully(ws: &mut Ws, counter: &AtomicU64) {
    let deadline = tokio::time::Instant::now() + CLOSE_DEADLINE;
    let _ = tokio::time::timeout_at(deadline, ws.send(Message::Close(None))).await;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Ok(Some(Ok(Message::Text(_) | Message::Binary(_)))) => {
                counter.fetch_add(1, Ordering::Relaxed);
            }
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) | Err(_) => break,
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// One client: connect, count, (re)connect, close gracefully on shutdown.
async fn client(
    spec: ClientSpec,
    headers: Arc<Vec<(HeaderName, HeaderValue)>>,
    shared: Arc<Shared>,
    reconnect: bool,
    mut stop: watch::Receiver<bool>,
    total: usize,
) {
    let counter = &shared.messages[spec.index];
    let settle = |shared: &Shared| {
        if shared.settled.fetch_add(1, Ordering::SeqCst) + 1 == total {
            shared.all_settled.notify_waiters();
        }
    };
    let mut first = true;
    let mut backoff = Duration::from_millis(100);
    loop {
        if *stop.borrow() {
            if first {
                shared.failed.fetch_add(1, Ordering::SeqCst);
                settle(&shared);
            }
            return;
        }
        let ws = tokio::select! {
            r = connect(&spec.request_url, &headers) => r,
            _ = stop.changed() => Err("stopped".into()),
        };
        let mut ws = match ws {
            Ok(ws) => {
                if first {
                    shared.connected.fetch_add(1, Ordering::SeqCst);
                    settle(&shared);
                    first = false;
                } else {
                    shared.reconnects.fetch_add(1, Ordering::SeqCst);
                }
                backoff = Duration::from_millis(100);
                ws
            }
            Err(reason) => {
                if first {
                    if let Ok(mut f) = shared.failures.lock() {
                        *f.entry(reason).or_default() += 1;
                    }
                    shared.failed.fetch_add(1, Ordering::SeqCst);
                    settle(&shared);
                    return;
                }
                // A reconnect attempt failed (e.g. the emulator is restarting): keep trying.
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {},
                    _ = stop.changed() => return,
                }
                backoff = (backoff * 2).min(Duration::from_secs(2));
                continue;
            }
        };
        let ended_by_server = count_messages(&mut ws, counter, &mut stop).await;
        if ended_by_server {
            shared.disconnected_by_server.fetch_add(1, Ordering::SeqCst);
            // Let tungstenite finish the closing handshake (it queued the reply).
            let _ = tokio::time::timeout(Duration::from_millis(200), ws.close(None)).await;
            if !reconnect || *stop.borrow() {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep(backoff) => {},
                _ = stop.changed() => return,
            }
            continue;
        }
        close_gracefully(&mut ws, counter).await;
        return;
    }
}

#[derive(Default)]
struct Bucket {
    clients: u64,
    messages: u64,
    min: Option<u64>,
    max: u64,
}

impl Bucket {
    fn add(&mut self, n: u64) {
        self.clients += 1;
        self.messages += n;
        self.min = Some(self.min.map_or(n, |m| m.min(n)));
        self.max = self.max.max(n);
    }
    fn json(&self) -> Value {
        json!({
            "clients": self.clients,
            "messages": self.messages,
            "min_per_client": self.min.unwrap_or(0),
            "max_per_client": self.max,
        })
    }
}

/// Write a file atomically (tmp + rename in the same directory).
fn write_atomic(path: &Path, v: &Value) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let body = serde_json::to_string_pretty(v).unwrap_or_default();
    std::fs::write(&tmp, body + "\n")
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| Error::config(format!("cannot write {}: {e}", path.display())))
}

pub struct SwarmReport {
    json: Value,
    elapsed: Duration,
}

impl Report for SwarmReport {
    fn to_json(&self) -> Value {
        self.json.clone()
    }
    fn to_human(&self, _out: &Output) -> String {
        let j = &self.json;
        format!(
            "swarm: {} clients, {} connected, {} failed, {} disconnected by the server, {} reconnects, {} messages received in {}",
            j["clients"],
            j["connected"],
            j["failed"],
            j["disconnected_by_server"],
            j["reconnects"],
            j["messages"],
            crate::time::short_duration(self.elapsed)
        )
    }
    fn human_on_stderr(&self) -> bool {
        true
    }
}

/// A swarm, step by step: check the arguments, spawn the clients at the connect rate, wait until
/// every client has settled, say so, hold until Ctrl-C or `--duration`, stop, then the report.
pub async fn run(ctx: &Ctx, args: SwarmArgs) -> Result<Outcome> {
    let users = check_args(&args)?;
    let headers = Arc::new(parse_headers(&args.headers)?);
    let specs = build_specs(&args, users)?;
    raise_fd_limit(args.clients)?;
    crate::signal::install();

    let started = Instant::now();
    let n = args.clients;
    let shared = Arc::new(Shared {
        messages: (0..n).map(|_| AtomicU64::new(0)).collect(),
        connected: AtomicUsize::new(0),
        failed: AtomicUsize::new(0),
        settled: AtomicUsize::new(0),
        disconnected_by_server: AtomicU64::new(0),
        reconnects: AtomicU64::new(0),
        all_settled: Notify::new(),
        failures: Default::default(),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    if ctx.out.verbose > 0 {
        eprintln!(
            "swarm: connecting {n} clients to {} at {}/s",
            args.url, args.connect_rate
        );
    }
    let spawner = spawn_clients(specs, &args, headers, shared.clone(), stop_rx);

    let deadline = args.duration.map(|d| tokio::time::Instant::now() + d);
    let until_deadline = async {
        match deadline {
            Some(d) => tokio::time::sleep_until(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(until_deadline);

    // Wait for readiness (or an early stop).
    let mut stopped = false;
    loop {
        let notified = shared.all_settled.notified();
        if shared.settled.load(Ordering::SeqCst) >= n {
            break;
        }
        tokio::select! {
            _ = notified => {},
            _ = crate::signal::interrupted() => { stopped = true; break; }
            _ = &mut until_deadline => { stopped = true; break; }
            _ = tokio::time::sleep(Duration::from_millis(250)) => {},
        }
    }
    if !stopped {
        announce_ready(ctx, &args, &shared, started)?;
        tokio::select! {
            _ = crate::signal::interrupted() => {},
            _ = &mut until_deadline => {},
        }
    }

    // Stop: every client closes gracefully and counts what was still queued.
    let _ = stop_tx.send(true);
    let tasks = spawner.await.unwrap_or_default();
    for t in tasks {
        let _ = t.await;
    }

    let report = final_report(&shared, args.groups, users);
    if let Some(p) = &args.report {
        write_atomic(p, &report)?;
    }
    Ok(Outcome::report(SwarmReport {
        json: report,
        elapsed: started.elapsed(),
    }))
}

/// The counts, the URL and the connect rate; returns the number of users.
fn check_args(args: &SwarmArgs) -> Result<usize> {
    if args.clients == 0 {
        return Err(Error::usage("--clients must be at least 1"));
    }
    let users = args.users.unwrap_or(args.clients);
    if users == 0 || args.groups == 0 {
        return Err(Error::usage("--users and --groups must be at least 1"));
    }
    if !(args.connect_rate.is_finite() && args.connect_rate > 0.0) {
        return Err(Error::usage("--connect-rate must be a positive number"));
    }
    if !(args.url.starts_with("ws://") || args.url.starts_with("wss://")) {
        return Err(Error::usage(format!(
            "--url {:?} is not a ws:// or wss:// URL",
            args.url
        )));
    }
    Ok(users)
}

/// Spawns the clients at the connect rate, in their own task so readiness and stop are watched
/// meanwhile; the task returns the clients' tasks.
fn spawn_clients(
    specs: Vec<ClientSpec>,
    args: &SwarmArgs,
    headers: Arc<Vec<(HeaderName, HeaderValue)>>,
    shared: Arc<Shared>,
    stop_rx: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<Vec<tokio::task::JoinHandle<()>>> {
    let rate = args.connect_rate;
    let reconnect = args.reconnect;
    let n = args.clients;
    tokio::spawn(async move {
        let t0 = tokio::time::Instant::now();
        let mut tasks = Vec::with_capacity(specs.len());
        for (k, spec) in specs.into_iter().enumerate() {
            let at = t0 + Duration::from_secs_f64(k as f64 / rate);
            if at > tokio::time::Instant::now() {
                tokio::time::sleep_until(at).await;
            }
            tasks.push(tokio::spawn(client(
                spec,
                headers.clone(),
                shared.clone(),
                reconnect,
                stop_rx.clone(),
                n,
            )));
        }
        tasks
    })
}

/// Every client has settled: the ready file, and a line on stderr (with the failures' reasons).
fn announce_ready(ctx: &Ctx, args: &SwarmArgs, shared: &Shared, started: Instant) -> Result<()> {
    let n = args.clients;
    let ready = json!({
        "clients": n,
        "connected": shared.connected.load(Ordering::SeqCst),
        "failed": shared.failed.load(Ordering::SeqCst),
    });
    if let Some(p) = &args.ready_file {
        write_atomic(p, &ready)?;
    }
    if !ctx.out.quiet {
        if let Ok(f) = shared.failures.lock() {
            for (reason, count) in f.iter() {
                eprintln!("swarm: {count} failed: {reason}");
            }
        }
        eprintln!(
            "swarm: {} of {n} clients connected ({} failed) in {}",
            ready["connected"],
            ready["failed"],
            crate::time::short_duration(started.elapsed())
        );
    }
    Ok(())
}

/// What the clients counted, in all and per group and user.
fn final_report(shared: &Shared, n_groups: usize, n_users: usize) -> Value {
    let mut groups: BTreeMap<usize, Bucket> = BTreeMap::new();
    let mut users: BTreeMap<usize, Bucket> = BTreeMap::new();
    let mut total = 0u64;
    for (i, c) in shared.messages.iter().enumerate() {
        let m = c.load(Ordering::SeqCst);
        total += m;
        groups.entry(i % n_groups).or_default().add(m);
        users.entry(i % n_users).or_default().add(m);
    }
    json!({
        "clients": shared.messages.len(),
        "connected": shared.connected.load(Ordering::SeqCst),
        "failed": shared.failed.load(Ordering::SeqCst),
        "disconnected_by_server": shared.disconnected_by_server.load(Ordering::SeqCst),
        "reconnects": shared.reconnects.load(Ordering::SeqCst),
        "messages": total,
        "failure_reasons": shared.failures.lock().map(|f| f.clone()).unwrap_or_default(),
        "groups": groups.iter().map(|(g, b)| (format!("g{g}"), b.json())).collect::<serde_json::Map<_, _>>(),
        "users": users.iter().map(|(u, b)| (format!("u{u}"), b.json())).collect::<serde_json::Map<_, _>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_expand() {
        assert_eq!(expand("r-{group}-{user}-{i}", 7, "u1", "g2"), "r-g2-u1-7");
    }

    #[test]
    fn buckets_track_min_and_max() {
        let mut b = Bucket::default();
        b.add(3);
        b.add(1);
        b.add(5);
        assert_eq!(
            b.json(),
            json!({"clients":3,"messages":9,"min_per_client":1,"max_per_client":5})
        );
    }
}
