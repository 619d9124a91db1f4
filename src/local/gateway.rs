//! The emulated API Gateway WebSocket API, on one port:
//!
//! - `ws://HOST:PORT/{stage}`: WebSocket clients (`$connect` runs before the upgrade completes);
//! - `/{stage}/@connections/{id}`: the Management API (POST / GET / DELETE, percent-decoded paths, any
//!   content type, SigV4 accepted unverified), errors as `x-amzn-ErrorType` + JSON `message`;
//! - `/v2/...`: the apigatewayv2 control plane ([`crate::local::control_plane`]);
//! - `/_local/health`, `/_local/connections`: readiness and the live connection list, for tests;
//! - `POST /_local/virtual {"count":N}` → `{"ids":[...]}`: N virtual connections (see [`Virtual`]).
//!
//! Each connection is one task that owns its socket: it writes the frames queued by POST (a bounded
//! queue; full means 429 LimitExceededException, as when API Gateway's client-side buffer is full),
//! reads client frames, and enforces the idle timeout and the maximum duration.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot, Notify};
use tracing::{debug, info};

use crate::aws::connections::MAX_PAYLOAD;
use crate::local::integration::{self, ConnInfo, EventKind};
use crate::local::recorder::{ConnectRecord, Recorder};
use crate::local::routes::{RouteTarget, Routing};
use crate::local::throttle::TokenBucket;

/// Largest frame a client may send (bigger: close 1009).
pub const MAX_CLIENT_FRAME: usize = 32 * 1024;

#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub idle_timeout: Duration,
    pub max_duration: Duration,
    pub client_buffer: usize,
    pub lose_disconnects: f64,
    /// `127.0.0.1:PORT`, the `domainName` of events and records.
    pub domain_name: String,
    pub api_id: String,
    /// `(rate per second, burst)` of the Management API throttle.
    pub throttle: Option<(f64, f64)>,
    /// The network round trip the Management API and control plane answers model.
    pub latency: Latency,
    /// Signing-time and expired-key checks (off unless asked for).
    pub signing: crate::local::signing::SigningChecks,
}

/// A modelled network round trip (`wsctl local serve --latency`, `--jitter`): the request "travels"
/// half of it before it is handled and the answer the other half, so that the throttle sees calls
/// when AWS would.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    pub round_trip: Duration,
    pub jitter: Duration,
}

impl Latency {
    fn is_zero(&self) -> bool {
        self.round_trip.is_zero() && self.jitter.is_zero()
    }

    /// One leg of a round trip: half the latency plus half of a random share of the jitter.
    fn leg(&self) -> Duration {
        let jitter_nanos = self.jitter.as_nanos() as u64;
        let extra = if jitter_nanos == 0 {
            0
        } else {
            rand::random::<u64>() % (jitter_nanos + 1)
        };
        (self.round_trip + Duration::from_nanos(extra)) / 2
    }

    async fn one_way(&self) {
        if !self.is_zero() {
            tokio::time::sleep(self.leg()).await;
        }
    }

    /// Handle `call` as if it had crossed the network both ways; on a connection's first call, after
    /// the handshakes that opened it too. Those began when the connection was accepted: a client
    /// that opened it ahead of its first call has waited them out already. Returns whether the call
    /// waited for them.
    async fn around<F: std::future::Future<Output = Response>>(
        &self,
        peer: &Peer,
        call: F,
    ) -> (Response, bool) {
        let mut waited = false;
        if peer.opening.swap(false, Ordering::Relaxed) && !self.is_zero() {
            // TCP's handshake and TLS 1.3's, a round trip each: API Gateway serves HTTPS only.
            let handshakes: Duration = (0..HANDSHAKE_ROUND_TRIPS * 2).map(|_| self.leg()).sum();
            let left = handshakes.saturating_sub(peer.accepted.elapsed());
            if !left.is_zero() {
                waited = true;
                tokio::time::sleep(left).await;
            }
        }
        self.one_way().await;
        let response = call.await;
        self.one_way().await;
        (response, waited)
    }
}

/// Round trips a client spends opening a connection before its first request: TCP, then TLS 1.3.
/// This emulator speaks plain HTTP on loopback, so a connection's first answer waits them out
/// instead: a client that reads that call's time as the network's sees what it would on AWS.
const HANDSHAKE_ROUND_TRIPS: u32 = 2;

/// The client end of one accepted connection, for every request on it.
#[derive(Debug, Clone)]
pub struct Peer {
    pub addr: SocketAddr,
    /// The connection's modelled handshakes are still to be waited out (its first call).
    opening: Arc<AtomicBool>,
    /// When the connection was accepted: its handshakes began then.
    accepted: tokio::time::Instant,
}

/// The gateway's TCP listener: each accepted socket gets `TCP_NODELAY` (answers go out as soon as
/// they are written, as API Gateway's do) and a [`Peer`] that every request on it sees.
pub struct GatewayListener(pub tokio::net::TcpListener);

impl axum::serve::Listener for GatewayListener {
    type Io = tokio::net::TcpStream;
    type Addr = Peer;

    async fn accept(&mut self) -> (Self::Io, Peer) {
        let (tcp, addr) = axum::serve::Listener::accept(&mut self.0).await;
        let _ = tcp.set_nodelay(true);
        let peer = Peer {
            addr,
            opening: Arc::new(AtomicBool::new(true)),
            accepted: tokio::time::Instant::now(),
        };
        (tcp, peer)
    }

    fn local_addr(&self) -> std::io::Result<Peer> {
        Ok(Peer {
            addr: self.0.local_addr()?,
            opening: Arc::new(AtomicBool::new(false)),
            accepted: tokio::time::Instant::now(),
        })
    }
}

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, GatewayListener>>
    for Peer
{
    fn connect_info(stream: axum::serve::IncomingStream<'_, GatewayListener>) -> Self {
        stream.remote_addr().clone()
    }
}

pub struct Gateway {
    pub routing: Arc<Routing>,
    cfg: GatewayConfig,
    conns: RwLock<HashMap<String, Arc<Conn>>>,
    virtuals: RwLock<HashMap<String, Virtual>>,
    virtual_posts: AtomicU64,
    /// Client sockets (address and port) that made Management API calls: what a caller's
    /// connection pool opened.
    management_sockets: Mutex<HashSet<SocketAddr>>,
    /// Management API calls that waited for their connection's modelled handshakes: calls on
    /// connections their client had not opened ahead.
    handshake_waits: AtomicU64,
    recorder: Option<Recorder>,
    http: reqwest::Client,
    /// The account throttle and the network model; `POST /_local/network` changes both at run time
    /// (so that one filled table serves runs at several round trips).
    network: RwLock<Network>,
    in_flight: AtomicUsize,
    /// Bounds the recorder's `$disconnect` deletes: when thousands of clients drop at once, an
    /// unbounded burst swamps DynamoDB (deletes fail) and this process (PostToConnection calls wait).
    disconnect_slots: tokio::sync::Semaphore,
    idle: Notify,
}

/// A PostToConnection frame and who waits for it to reach the socket.
struct Outgoing {
    msg: Message,
    written: oneshot::Sender<()>,
}

/// How long a POST waits for its frame to be written before answering 200 anyway (accepted and
/// queued, as for a client that reads slowly).
const WRITE_ACK_WAIT: Duration = Duration::from_millis(250);

struct Conn {
    info: ConnInfo,
    started: tokio::time::Instant,
    last_active: AtomicU64,
    tx: mpsc::Sender<Outgoing>,
    close_tx: Mutex<Option<oneshot::Sender<(u16, String)>>>,
    finished: AtomicBool,
}

/// A live connection without a socket, made by `POST /_local/virtual`. Why: benchmarks of fleet tools
/// (sweep) need tens of thousands of live connections, and a real client costs a file descriptor on
/// each side. The Management API treats it as live (GET 200, POST 200 with the message counted and
/// discarded, DELETE 204 and 410 afterwards); it has no `$connect`/`$disconnect`, never times out, and
/// is not in `live_count` or `/_local/connections` (socket clients only, what `shutdown` waits for):
/// `/_local/health` reports how many there are as `virtual`.
struct Virtual {
    connected_at: u64,
}

/// Most virtual connections one `POST /_local/virtual` makes.
const MAX_VIRTUAL_PER_CALL: u64 = 1_000_000;

impl Conn {
    fn touch(&self) {
        self.last_active
            .store(crate::time::now_millis(), Ordering::Relaxed);
    }

    /// Ask the socket task to close with `code`; false if it is already closing.
    fn request_close(&self, code: u16, reason: &str) -> bool {
        let tx = self.close_tx.lock().ok().and_then(|mut g| g.take());
        match tx {
            Some(tx) => tx.send((code, reason.to_string())).is_ok(),
            None => false,
        }
    }
}

/// What `--latency`, `--jitter`, `--rate` and `--burst` set.
struct Network {
    throttle: Option<Arc<TokenBucket>>,
    latency: Latency,
}

impl Gateway {
    pub fn new(routing: Arc<Routing>, cfg: GatewayConfig, recorder: Option<Recorder>) -> Arc<Self> {
        let network = RwLock::new(Network {
            throttle: cfg.throttle.map(|(r, b)| Arc::new(TokenBucket::new(r, b))),
            latency: cfg.latency,
        });
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(256)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Arc::new(Gateway {
            routing,
            cfg,
            conns: RwLock::new(HashMap::new()),
            virtuals: RwLock::new(HashMap::new()),
            virtual_posts: AtomicU64::new(0),
            management_sockets: Default::default(),
            handshake_waits: AtomicU64::new(0),
            recorder,
            http,
            network,
            in_flight: AtomicUsize::new(0),
            disconnect_slots: tokio::sync::Semaphore::new(32),
            idle: Notify::new(),
        })
    }

    pub fn router(self: &Arc<Self>) -> Router {
        Router::new().fallback(dispatch).with_state(self.clone())
    }

    pub fn live_count(&self) -> usize {
        self.conns.read().map(|c| c.len()).unwrap_or(0)
    }

    fn get(&self, id: &str) -> Option<Arc<Conn>> {
        self.conns.read().ok()?.get(id).cloned()
    }

    fn remove(&self, id: &str) -> Option<Arc<Conn>> {
        self.conns.write().ok()?.remove(id)
    }

    fn latency(&self) -> Latency {
        self.network.read().map(|n| n.latency).unwrap_or_default()
    }

    fn throttle(&self) -> Option<Arc<TokenBucket>> {
        self.network.read().ok().and_then(|n| n.throttle.clone())
    }

    fn virtual_count(&self) -> usize {
        self.virtuals.read().map(|v| v.len()).unwrap_or(0)
    }

    fn is_virtual(&self, id: &str) -> bool {
        self.virtuals.read().is_ok_and(|v| v.contains_key(id))
    }

    /// A fresh connection id, in API Gateway's form, used by no socket or virtual connection.
    fn fresh_id(&self) -> String {
        loop {
            let id = integration::new_id();
            if self.get(&id).is_none() && !self.is_virtual(&id) {
                return id;
            }
        }
    }

    /// Make `n` virtual connections; their ids.
    fn add_virtual(&self, n: usize) -> Vec<String> {
        let now = crate::time::now_millis();
        let Ok(mut v) = self.virtuals.write() else {
            return Vec::new();
        };
        let mut ids = Vec::with_capacity(n);
        while ids.len() < n {
            let id = integration::new_id();
            if self.get(&id).is_none() && !v.contains_key(&id) {
                v.insert(id.clone(), Virtual { connected_at: now });
                ids.push(id);
            }
        }
        info!(count = n, "virtual connections added");
        ids
    }

    /// Close every connection (1001 going away) and wait, bounded, for the `$disconnect` integrations.
    pub async fn shutdown(&self, wait: Duration) {
        let all: Vec<Arc<Conn>> = self
            .conns
            .read()
            .map(|c| c.values().cloned().collect())
            .unwrap_or_default();
        for c in &all {
            c.request_close(1001, "Going away");
        }
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let notified = self.idle.notified();
            if self.live_count() == 0 && self.in_flight.load(Ordering::SeqCst) == 0 {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return;
            }
        }
    }

    fn spawn_tracked<F>(self: &Arc<Self>, fut: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let gw = self.clone();
        tokio::spawn(async move {
            fut.await;
            gw.in_flight.fetch_sub(1, Ordering::SeqCst);
            gw.idle.notify_waiters();
        });
    }

    /// The connection is over: forget it and fire `$disconnect` (unless fault injection loses it).
    fn finish(self: &Arc<Self>, conn: &Arc<Conn>, code: u16, reason: &str) {
        if conn.finished.swap(true, Ordering::SeqCst) {
            return;
        }
        // Count the `$disconnect` as in flight *before* the connection leaves the map, so that
        // `shutdown` never sees "no connections, nothing in flight" in between and exits early.
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.fire_disconnect(conn, code, reason);
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.idle.notify_waiters();
    }

    fn fire_disconnect(self: &Arc<Self>, conn: &Arc<Conn>, code: u16, reason: &str) {
        let id = conn.info.id.clone();
        if let Ok(mut m) = self.conns.write() {
            if m.get(&id).is_some_and(|c| Arc::ptr_eq(c, conn)) {
                m.remove(&id);
            }
        }
        if self.cfg.lose_disconnects > 0.0 && rand::random::<f64>() < self.cfg.lose_disconnects {
            info!(connection = %id, code, "closed; $disconnect lost (--lose-disconnects)");
            return;
        }
        info!(connection = %id, code, reason, "closed; $disconnect");
        let target = self.routing.target("$disconnect");
        let gw = self.clone();
        let conn = conn.clone();
        let reason = reason.to_string();
        self.spawn_tracked(async move {
            match target {
                Some(RouteTarget::Recorder) => {
                    if let Some(r) = &gw.recorder {
                        let _slot = gw.disconnect_slots.acquire().await;
                        // A delete that fails (DynamoDB busy) is retried: a lost `$disconnect` is
                        // what --lose-disconnects is for, not an accident of load.
                        for attempt in 0..5u32 {
                            match r.disconnect(&conn.info.id).await {
                                Ok(()) => break,
                                Err(e) if attempt == 4 => {
                                    tracing::warn!(connection = %conn.info.id, "$disconnect: {e}");
                                }
                                Err(_) => {
                                    tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
                                }
                            }
                        }
                    }
                }
                Some(RouteTarget::Http(url)) => {
                    let ev = integration::event(
                        &conn.info,
                        &EventKind::Disconnect {
                            code,
                            reason: &reason,
                        },
                        &gw.cfg.domain_name,
                        &gw.cfg.api_id,
                    );
                    if let Err(e) = integration::post(&gw.http, &url, &ev).await {
                        tracing::warn!(connection = %conn.info.id, "$disconnect integration failed: {e}");
                    }
                }
                Some(RouteTarget::Mock) | None => {}
            }
        });
    }

    /// Run `$connect`; Err(status) refuses the handshake.
    async fn connect_integration(&self, info: &ConnInfo) -> Result<(), StatusCode> {
        match self.routing.target("$connect") {
            Some(RouteTarget::Recorder) => {
                let Some(r) = &self.recorder else {
                    return Ok(());
                };
                r.connect(&ConnectRecord {
                    connection_id: &info.id,
                    user_id: info.query_param("userId"),
                    group_id: info.query_param("groupId"),
                    connected_at_ms: info.connected_at,
                    domain_name: &self.cfg.domain_name,
                    stage: &info.stage,
                })
                .await
                .map_err(|e| {
                    tracing::warn!(connection = %info.id, "$connect: {e}");
                    StatusCode::INTERNAL_SERVER_ERROR
                })
            }
            Some(RouteTarget::Http(url)) => {
                let ev = integration::event(
                    info,
                    &EventKind::Connect,
                    &self.cfg.domain_name,
                    &self.cfg.api_id,
                );
                match integration::post(&self.http, &url, &ev).await {
                    Ok(true) => Ok(()),
                    Ok(false) => {
                        info!(connection = %info.id, "$connect refused by the integration");
                        Err(StatusCode::FORBIDDEN)
                    }
                    Err(e) => {
                        tracing::warn!(connection = %info.id, "$connect integration failed: {e}");
                        Err(StatusCode::INTERNAL_SERVER_ERROR)
                    }
                }
            }
            Some(RouteTarget::Mock) | None => Ok(()),
        }
    }

    /// A client message: route it; None means no route matched (the client gets the Forbidden frame).
    fn on_message(self: &Arc<Self>, conn: &Arc<Conn>, body: String) -> Option<()> {
        let route_key = self.routing.select(&body);
        let target = self.routing.target(&route_key)?;
        debug!(connection = %conn.info.id, route = %route_key, "message");
        if let RouteTarget::Http(url) = target {
            let gw = self.clone();
            let conn = conn.clone();
            self.spawn_tracked(async move {
                let ev = integration::event(
                    &conn.info,
                    &EventKind::Message {
                        route_key: &route_key,
                        body: &body,
                    },
                    &gw.cfg.domain_name,
                    &gw.cfg.api_id,
                );
                // Without a route response API Gateway sends nothing back: the reply is ignored.
                if let Err(e) = integration::post(&gw.http, &url, &ev).await {
                    tracing::warn!(connection = %conn.info.id, "message integration failed: {e}");
                }
            });
        }
        Some(())
    }
}

// ---------------------------------------------------------------------------------------------------
// HTTP dispatch

async fn dispatch(
    State(gw): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<Peer>,
    req: Request,
) -> Response {
    let addr = peer.addr;
    let path = req.uri().path().to_string();
    if path == "/v2"
        || path.starts_with("/v2/")
        || path.starts_with(crate::local::control_plane::LAMBDA_PREFIX)
    {
        let latency = gw.latency();
        return latency
            .around(
                &peer,
                crate::local::control_plane::handle(gw.routing.clone(), req),
            )
            .await
            .0;
    }
    if path == "/_local/health" {
        return json_response(
            StatusCode::OK,
            &json!({
                "status": "ok",
                "connections": gw.live_count(),
                "virtual": gw.virtual_count(),
                "virtual_messages": gw.virtual_posts.load(Ordering::Relaxed),
                "management_sockets": gw.management_sockets.lock().map(|s| s.len()).unwrap_or(0),
                "handshake_waits": gw.handshake_waits.load(Ordering::Relaxed),
            }),
        );
    }
    if path == "/_local/connections" {
        return local_connections(&gw);
    }
    if path == "/_local/virtual" {
        return local_virtual(&gw, req).await;
    }
    if path == "/_local/network" {
        return local_network(&gw, req).await;
    }
    let segs: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    match segs.as_slice() {
        [stage] | [stage, _] if segs.len() == 1 || segs[1].is_empty() => {
            if !gw.routing.has_stage(stage) {
                return forbidden();
            }
            let stage = stage.clone();
            websocket(gw, stage, addr, req).await
        }
        [stage, at, id] if at == "@connections" => {
            if !gw.routing.has_stage(stage) {
                return forbidden();
            }
            let id = id.clone();
            if let Ok(mut sockets) = gw.management_sockets.lock() {
                sockets.insert(addr);
            }
            let latency = gw.latency();
            let (response, waited) = latency.around(&peer, management(gw.clone(), id, req)).await;
            if waited {
                gw.handshake_waits.fetch_add(1, Ordering::Relaxed);
            }
            response
        }
        _ => forbidden(),
    }
}

fn local_connections(gw: &Gateway) -> Response {
    let list: Vec<Value> = gw
        .conns
        .read()
        .map(|m| {
            m.values()
                .map(|c| {
                    let mut q = serde_json::Map::new();
                    for (k, v) in &c.info.query {
                        q.insert(k.clone(), Value::String(v.clone()));
                    }
                    json!({
                        "connectionId": c.info.id,
                        "stage": c.info.stage,
                        "connectedAt": c.info.connected_at,
                        "query": q,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json_response(StatusCode::OK, &json!({ "connections": list }))
}

/// `POST /_local/network {"latency_ms":20,"jitter_ms":0,"rate":10000,"burst":5000}`: a new network
/// model and account throttle (a full bucket; no `rate`: unthrottled), as `--latency`, `--jitter`,
/// `--rate` and `--burst` would have set them.
async fn local_network(gw: &Gateway, req: Request) -> Response {
    let bad = |m: &str| json_response(StatusCode::BAD_REQUEST, &json!({ "message": m }));
    if req.method() != Method::POST {
        return json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({"message": "POST {\"latency_ms\": MS, \"jitter_ms\": MS, \"rate\": R, \"burst\": B}"}),
        );
    }
    let Ok(body) = axum::body::to_bytes(req.into_body(), 4096).await else {
        return bad("body too large");
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return bad("expected a JSON object");
    };
    let millis = |k: &str| v[k].as_u64().filter(|ms| *ms <= 10_000);
    let (Some(latency_ms), Some(jitter_ms)) = (
        millis("latency_ms").or(v.get("latency_ms").is_none().then_some(0)),
        millis("jitter_ms").or(v.get("jitter_ms").is_none().then_some(0)),
    ) else {
        return bad("latency_ms and jitter_ms: whole milliseconds up to 10000");
    };
    let rate = v["rate"].as_f64().filter(|r| r.is_finite() && *r > 0.0);
    if v.get("rate").is_some_and(|r| !r.is_null()) && rate.is_none() {
        return bad("rate: a positive number");
    }
    let burst = v["burst"].as_f64().unwrap_or(rate.unwrap_or(1.0)).max(1.0);
    if let Ok(mut n) = gw.network.write() {
        n.latency = Latency {
            round_trip: Duration::from_millis(latency_ms),
            jitter: Duration::from_millis(jitter_ms),
        };
        n.throttle = rate.map(|r| Arc::new(TokenBucket::new(r, burst)));
    }
    info!(latency_ms, jitter_ms, ?rate, burst, "network model changed");
    json_response(StatusCode::OK, &v)
}

/// `POST /_local/virtual {"count":N}` → `{"ids":[...]}`.
async fn local_virtual(gw: &Gateway, req: Request) -> Response {
    let bad = |m: &str| json_response(StatusCode::BAD_REQUEST, &json!({ "message": m }));
    if req.method() != Method::POST {
        return json_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({"message": "POST {\"count\": N}"}),
        );
    }
    let Ok(body) = axum::body::to_bytes(req.into_body(), 4096).await else {
        return bad("body too large");
    };
    let count = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v["count"].as_u64());
    match count {
        Some(n) if n <= MAX_VIRTUAL_PER_CALL => {
            let ids = gw.add_virtual(n as usize);
            json_response(StatusCode::OK, &json!({ "ids": ids }))
        }
        _ => bad(&format!(
            "expected {{\"count\": N}} with N at most {MAX_VIRTUAL_PER_CALL}"
        )),
    }
}

fn json_response(status: StatusCode, v: &Value) -> Response {
    let mut r = (status, v.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn request_id_header(r: &mut Response) {
    if let Ok(v) = HeaderValue::from_str(&integration::new_id()) {
        r.headers_mut().insert("x-amzn-RequestId", v);
    }
}

/// An error as API Gateway encodes it: status, `x-amzn-ErrorType`, `x-amzn-RequestId`, JSON message.
pub(crate) fn aws_error(status: StatusCode, error_type: &'static str, message: &str) -> Response {
    let mut r = json_response(status, &json!({ "message": message }));
    r.headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(error_type));
    request_id_header(&mut r);
    r
}

fn forbidden() -> Response {
    aws_error(StatusCode::FORBIDDEN, "ForbiddenException", "Forbidden")
}

fn gone() -> Response {
    aws_error(StatusCode::GONE, "GoneException", "Gone")
}

fn empty(status: StatusCode) -> Response {
    let mut r = (status, Body::empty()).into_response();
    request_id_header(&mut r);
    r
}

// ---------------------------------------------------------------------------------------------------
// Management API

async fn management(gw: Arc<Gateway>, id: String, req: Request) -> Response {
    if let Some(refused) = gw.cfg.signing.refuse(req.headers()) {
        info!(connection = %id, "refused: {:?}", refused.headers().get("x-amzn-errortype"));
        return refused;
    }
    if let Some(t) = gw.throttle() {
        if !t.try_take() {
            debug!(connection = %id, "management call throttled");
            return aws_error(
                StatusCode::TOO_MANY_REQUESTS,
                "LimitExceededException",
                "Rate exceeded",
            );
        }
    }
    let method = req.method().clone();
    match method {
        Method::POST => post_to_connection(&gw, &id, req).await,
        Method::GET => {
            let Some(c) = gw.get(&id) else {
                return get_virtual(&gw, &id);
            };
            let mut r = json_response(
                StatusCode::OK,
                &json!({
                    "connectedAt": crate::time::iso8601_millis(c.info.connected_at),
                    "lastActiveAt": crate::time::iso8601_millis(c.last_active.load(Ordering::Relaxed)),
                    "identity": {"sourceIp": c.info.source_ip, "userAgent": c.info.user_agent},
                }),
            );
            request_id_header(&mut r);
            r
        }
        Method::DELETE => {
            let Some(c) = gw.remove(&id) else {
                let removed = gw
                    .virtuals
                    .write()
                    .is_ok_and(|mut v| v.remove(&id).is_some());
                if removed {
                    info!(connection = %id, "DeleteConnection (virtual)");
                    return empty(StatusCode::NO_CONTENT);
                }
                return gone();
            };
            info!(connection = %id, "DeleteConnection");
            c.request_close(1000, "Connection Closed Normally");
            empty(StatusCode::NO_CONTENT)
        }
        _ => forbidden(),
    }
}

/// GetConnection of a virtual connection (410 when there is none).
fn get_virtual(gw: &Gateway, id: &str) -> Response {
    let connected_at = match gw.virtuals.read() {
        Ok(v) => v.get(id).map(|c| c.connected_at),
        Err(_) => None,
    };
    let Some(at) = connected_at else {
        return gone();
    };
    let at = crate::time::iso8601_millis(at);
    let mut r = json_response(
        StatusCode::OK,
        &json!({
            "connectedAt": at,
            "lastActiveAt": at,
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "wsctl-virtual"},
        }),
    );
    request_id_header(&mut r);
    r
}

async fn post_to_connection(gw: &Arc<Gateway>, id: &str, req: Request) -> Response {
    let too_large = |n: usize| {
        aws_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLargeException",
            &format!("payload of {n} bytes exceeds the {MAX_PAYLOAD}-byte limit"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(n) = declared.filter(|n| *n > MAX_PAYLOAD) {
        return too_large(n);
    }
    let bytes: Bytes = match axum::body::to_bytes(req.into_body(), MAX_PAYLOAD).await {
        Ok(b) => b,
        Err(_) => return too_large(MAX_PAYLOAD + 1),
    };
    let Some(conn) = gw.get(id) else {
        if gw.is_virtual(id) {
            gw.virtual_posts.fetch_add(1, Ordering::Relaxed);
            return empty(StatusCode::OK);
        }
        // At -v: tests count the posts a client made to connections it should know are gone.
        info!(connection = %id, "PostToConnection: 410 Gone");
        return gone();
    };
    let msg = match Utf8Bytes::try_from(bytes.clone()) {
        Ok(text) => Message::Text(text),
        Err(_) => Message::Binary(bytes),
    };
    let (written, ack) = oneshot::channel();
    match conn.tx.try_send(Outgoing { msg, written }) {
        // Answer once the frame is on the socket, so that a 200 means delivered (unless the client
        // reads so slowly that the frame waits in its queue). Dropped unsent: the connection ended.
        Ok(()) => match tokio::time::timeout(WRITE_ACK_WAIT, ack).await {
            Ok(Err(_)) => gone(),
            Ok(Ok(())) | Err(_) => empty(StatusCode::OK),
        },
        Err(mpsc::error::TrySendError::Full(_)) => {
            debug!(connection = %id, "client buffer full");
            aws_error(
                StatusCode::TOO_MANY_REQUESTS,
                "LimitExceededException",
                "the client-side buffer of this connection is full",
            )
        }
        Err(mpsc::error::TrySendError::Closed(_)) => gone(),
    }
}

// ---------------------------------------------------------------------------------------------------
// WebSockets

fn header_pairs(h: &HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

async fn websocket(gw: Arc<Gateway>, stage: String, addr: SocketAddr, req: Request) -> Response {
    let (mut parts, _body) = req.into_parts();
    let ws = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let now = crate::time::now_millis();
    let info = ConnInfo {
        id: gw.fresh_id(),
        stage,
        connected_at: now,
        source_ip: addr.ip().to_string(),
        user_agent,
        query,
        headers: header_pairs(&parts.headers),
    };
    if let Err(status) = gw.connect_integration(&info).await {
        let mut r = aws_error(
            status,
            if status == StatusCode::FORBIDDEN {
                "ForbiddenException"
            } else {
                "InternalServerErrorException"
            },
            if status == StatusCode::FORBIDDEN {
                "Forbidden"
            } else {
                "Internal server error"
            },
        );
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    let (tx, rx) = mpsc::channel(gw.cfg.client_buffer.max(1));
    let (close_tx, close_rx) = oneshot::channel();
    let conn = Arc::new(Conn {
        info,
        started: tokio::time::Instant::now(),
        last_active: AtomicU64::new(now),
        tx,
        close_tx: Mutex::new(Some(close_tx)),
        finished: AtomicBool::new(false),
    });
    // Registered before the 101 goes out: a record visible in the table can always be posted to.
    if let Ok(mut m) = gw.conns.write() {
        m.insert(conn.info.id.clone(), conn.clone());
    }
    info!(connection = %conn.info.id, stage = %conn.info.stage, "connected");
    let (gw_fail, conn_fail) = (gw.clone(), conn.clone());
    ws.max_frame_size(MAX_CLIENT_FRAME)
        .max_message_size(MAX_PAYLOAD)
        .read_buffer_size(8 * 1024)
        .on_failed_upgrade(move |_| gw_fail.finish(&conn_fail, 1006, "Going away"))
        .on_upgrade(move |socket| run_socket(gw, conn, socket, rx, close_rx))
}

fn is_capacity_error(e: axum::Error) -> bool {
    e.into_inner()
        .downcast_ref::<tokio_tungstenite::tungstenite::Error>()
        .is_some_and(|e| matches!(e, tokio_tungstenite::tungstenite::Error::Capacity(_)))
}

/// Write `first` and whatever else is queued (bounded batch), then flush once.
async fn send_batch(
    socket: &mut WebSocket,
    first: Outgoing,
    rx: &mut mpsc::Receiver<Outgoing>,
) -> Result<(), axum::Error> {
    let mut acks = Vec::with_capacity(8);
    socket.feed(first.msg).await?;
    acks.push(first.written);
    for _ in 0..64 {
        match rx.try_recv() {
            Ok(o) => {
                socket.feed(o.msg).await?;
                acks.push(o.written);
            }
            Err(_) => break,
        }
    }
    socket.flush().await?;
    for a in acks {
        let _ = a.send(());
    }
    Ok(())
}

/// Send everything still queued, then our close frame.
async fn drain_and_close(
    socket: &mut WebSocket,
    rx: &mut mpsc::Receiver<Outgoing>,
    code: u16,
    reason: &str,
) {
    rx.close();
    let mut acks = Vec::new();
    let res = async {
        while let Ok(o) = rx.try_recv() {
            socket.feed(o.msg).await?;
            acks.push(o.written);
        }
        socket
            .send(Message::Close(Some(CloseFrame {
                code,
                reason: Utf8Bytes::from(reason.to_string()),
            })))
            .await
    };
    if let Ok(Ok(())) = tokio::time::timeout(Duration::from_secs(5), res).await {
        for a in acks {
            let _ = a.send(());
        }
    }
}

/// A frame from the client: a message goes to the routes (a refused one is answered
/// `Forbidden`), pings and pongs are ignored. `Some((code, reason))` ends the connection: the
/// client's Close, or a reply that could not be sent.
async fn client_frame(
    gw: &Arc<Gateway>,
    conn: &Arc<Conn>,
    socket: &mut WebSocket,
    rx: &mpsc::Receiver<Outgoing>,
    msg: Message,
) -> Option<(u16, String)> {
    let body = match msg {
        Message::Text(t) => t.as_str().to_string(),
        Message::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
        Message::Ping(_) | Message::Pong(_) => return None,
        Message::Close(frame) => {
            let (code, reason) = frame
                .map(|f| (f.code, f.reason.as_str().to_string()))
                .unwrap_or((1005, "Client-side close frame status not set".into()));
            let unsent = rx.len();
            if unsent > 0 {
                debug!(connection = %conn.info.id, unsent, "client closed with frames queued");
            }
            return Some((code, reason));
        }
    };
    if gw.on_message(conn, body).is_none() {
        let frame = json!({
            "message": "Forbidden",
            "connectionId": conn.info.id,
            "requestId": integration::new_id(),
        });
        if socket
            .send(Message::Text(frame.to_string().into()))
            .await
            .is_err()
        {
            return Some((1006, "Going away".into()));
        }
    }
    None
}

async fn run_socket(
    gw: Arc<Gateway>,
    conn: Arc<Conn>,
    mut socket: WebSocket,
    mut rx: mpsc::Receiver<Outgoing>,
    mut close_rx: oneshot::Receiver<(u16, String)>,
) {
    let idle = gw.cfg.idle_timeout;
    let idle_sleep = tokio::time::sleep(idle);
    let max_sleep = tokio::time::sleep_until(conn.started + gw.cfg.max_duration);
    tokio::pin!(idle_sleep, max_sleep);
    let (code, reason): (u16, String) = loop {
        tokio::select! {
            biased;
            req = &mut close_rx => {
                let (code, reason) = req.unwrap_or((1001, "Going away".into()));
                drain_and_close(&mut socket, &mut rx, code, &reason).await;
                break (code, reason);
            }
            m = rx.recv() => {
                let Some(m) = m else { break (1006, "Going away".into()) };
                // A client that does not read blocks the write; a DeleteConnection (or shutdown)
                // then drops the socket instead of waiting for it.
                tokio::select! {
                    r = send_batch(&mut socket, m, &mut rx) => {
                        if r.is_err() {
                            break (1006, "Going away".into());
                        }
                    }
                    req = &mut close_rx => {
                        break req.unwrap_or((1001, "Going away".into()));
                    }
                    _ = &mut max_sleep => break (1001, "Connection duration exceeded".into()),
                    _ = &mut idle_sleep => break (1001, "Idle timeout".into()),
                }
            }
            _ = &mut max_sleep => {
                drain_and_close(&mut socket, &mut rx, 1001, "Going away").await;
                break (1001, "Connection duration exceeded".into());
            }
            _ = &mut idle_sleep => {
                drain_and_close(&mut socket, &mut rx, 1001, "Going away").await;
                break (1001, "Idle timeout".into());
            }
            m = socket.next() => {
                match m {
                    Some(Ok(msg)) => {
                        conn.touch();
                        idle_sleep.as_mut().reset(tokio::time::Instant::now() + idle);
                        if let Some(end) = client_frame(&gw, &conn, &mut socket, &rx, msg).await {
                            break end;
                        }
                    }
                    Some(Err(e)) => {
                        if is_capacity_error(e) {
                            drain_and_close(&mut socket, &mut rx, 1009, "Message too big").await;
                            break (1009, "Message too big".into());
                        }
                        break (1006, "Going away".into());
                    }
                    None => break (1006, "Going away".into()),
                }
            }
        }
    };
    gw.finish(&conn, code, &reason);
    // Complete the closing handshake (our reply, or the client's), bounded.
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = socket.flush().await;
        while let Some(Ok(_)) = socket.next().await {}
    })
    .await;
}
