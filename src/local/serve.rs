//! `wsctl local serve`: a local stand-in for an API Gateway WebSocket API that unmodified AWS clients
//! can talk to (WebSockets, the Management API and the apigatewayv2 control plane on one port), backed
//! by DynamoDB Local (started as a child process unless `--dynamodb-endpoint` is given).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::local::dynamodb_local::{self, DynamoDbLocal};
use crate::local::gateway::{Gateway, GatewayConfig, Latency};
use crate::local::recorder::Recorder;
use crate::local::routes::{RouteTarget, Routing};
use crate::output::Outcome;

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port; see --ready-file)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Address to bind (a non-loopback address needs --allow-remote)
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Stage name: clients connect to ws://HOST:PORT/{stage}
    #[arg(long, default_value = "local")]
    pub stage: String,
    /// POST every $connect/$disconnect/message event to URL (Lambda-proxy event format) instead of
    /// recording connections in the table
    #[arg(long, value_name = "URL")]
    pub integration: Option<String>,
    /// Close connections idle this long (API Gateway: 10 min)
    #[arg(long, default_value = "10m", value_parser = crate::time::duration_arg)]
    pub idle_timeout: Duration,
    /// Close connections after this long (API Gateway: 2 h)
    #[arg(long, default_value = "2h", value_parser = crate::time::duration_arg)]
    pub max_duration: Duration,
    /// Management API throttle: requests per second (token bucket; off by default)
    #[arg(long, value_name = "R")]
    pub rate: Option<f64>,
    /// Management API throttle: bucket size [default: the rate, at least 1]
    #[arg(long, value_name = "B")]
    pub burst: Option<u32>,
    /// Fault injection: this fraction (0..=1) of closes never reaches the $disconnect integration
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0)]
    pub lose_disconnects: f64,
    /// Allow a non-loopback bind address or DynamoDB endpoint
    #[arg(long)]
    pub allow_remote: bool,
    /// Write {port, ws_url, endpoint, apigw_endpoint, dynamodb_endpoint, stage, table, pid} here once ready
    #[arg(long, value_name = "FILE")]
    pub ready_file: Option<PathBuf>,
    /// Frames queued per connection before PostToConnection answers 429 (slow consumer)
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub client_buffer: usize,
    /// Lifetime of recorded connections (the `ttl` attribute: now + this)
    #[arg(long, default_value = "2h", value_parser = crate::time::duration_arg)]
    pub ttl: Duration,
    /// Start without a $default route: messages that match no route get the Forbidden frame
    #[arg(long)]
    pub no_default_route: bool,
    /// Model a service clock this far ahead of the machine's: Management API calls signed more than
    /// 5 min off it are refused (403 InvalidSignatureException, with the service's Date), as API
    /// Gateway refuses a host whose clock is wrong
    #[arg(long, value_name = "DUR", value_parser = crate::time::duration_arg)]
    pub clock_ahead: Option<Duration>,
    /// Refuse Management API calls signed with this access key id as expired (403
    /// ExpiredTokenException), as for keys revoked or expired mid-run
    #[arg(long, value_name = "KEY_ID")]
    pub expired_access_key: Option<String>,
    /// Network round trip to model: every Management API and control-plane answer is delayed this
    /// long (half before the call is handled, half after), e.g. 20ms in-region, 80ms cross-continent;
    /// a connection's first answer two more (the TCP and TLS handshakes that opened it on AWS)
    #[arg(long, value_name = "DUR", default_value = "0s", value_parser = crate::time::duration_arg)]
    pub latency: Duration,
    /// Add a random extra delay of up to this much to each answer (with --latency)
    #[arg(long, value_name = "DUR", default_value = "0s", value_parser = crate::time::duration_arg)]
    pub jitter: Duration,
}

pub async fn run(ctx: &Ctx, args: ServeArgs) -> Result<Outcome> {
    validate(&args)?;
    raise_nofile_limit();
    let table = ctx.table();

    // DynamoDB: the given endpoint, else our own DynamoDB Local.
    let mut ddb_child: Option<DynamoDbLocal> = None;
    let ddb_endpoint = match ctx.settings.dynamodb_endpoint.clone() {
        Some(e) => e.trim_end_matches('/').to_string(),
        None => {
            let dir = dynamodb_local::find_dir()?;
            eprintln!("starting DynamoDB Local from {}", dir.display());
            let d = tokio::task::spawn_blocking(move || {
                DynamoDbLocal::start(&dir, Duration::from_secs(90))
            })
            .await
            .map_err(|e| Error::internal(format!("DynamoDB Local launcher failed: {e}")))??;
            let e = d.endpoint.clone();
            ddb_child = Some(d);
            e
        }
    };

    let result = serve(ctx, &args, &table, &ddb_endpoint).await;
    if let Some(d) = ddb_child {
        let _ = tokio::task::spawn_blocking(move || d.stop()).await;
    }
    result
}

/// A round trip longer than this is a typo (API Gateway's own integration timeout is 29 s).
const MAX_LATENCY: Duration = Duration::from_secs(10);

fn validate(args: &ServeArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&args.lose_disconnects) {
        return Err(Error::usage(format!(
            "--lose-disconnects must be between 0 and 1, not {}",
            args.lose_disconnects
        )));
    }
    if let Some(r) = args.rate {
        if !(r.is_finite() && r > 0.0) {
            return Err(Error::usage(format!(
                "--rate must be a positive number, not {r}"
            )));
        }
    }
    if args.burst.is_some() && args.rate.is_none() {
        return Err(Error::usage("--burst needs --rate"));
    }
    if args.burst == Some(0) {
        return Err(Error::usage("--burst must be at least 1"));
    }
    if args.latency > MAX_LATENCY || args.jitter > MAX_LATENCY {
        return Err(Error::usage(format!(
            "--latency and --jitter must be at most {}",
            humantime::format_duration(MAX_LATENCY)
        )));
    }
    if args.client_buffer == 0 {
        return Err(Error::usage("--client-buffer must be at least 1"));
    }
    if args.idle_timeout.is_zero() || args.max_duration.is_zero() {
        return Err(Error::usage(
            "--idle-timeout and --max-duration must be positive",
        ));
    }
    if args.stage.is_empty()
        || args.stage.starts_with('_')
        || args.stage == "v2"
        || !args
            .stage
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::usage(format!(
            "invalid --stage {:?}: use letters, digits, - and _ (not v2)",
            args.stage
        )));
    }
    if !args.bind.is_loopback() && !args.allow_remote {
        return Err(Error::usage(format!(
            "refusing to listen on non-loopback address {}",
            args.bind
        ))
        .with_hint(
            "the emulator has no authentication; pass --allow-remote if you really mean it",
        ));
    }
    if let Some(u) = &args.integration {
        let ok = url::Url::parse(u)
            .map(|p| p.scheme() == "http")
            .unwrap_or(false);
        if !ok {
            return Err(Error::usage(format!(
                "invalid --integration {u:?}: expected an http:// URL"
            ))
            .with_hint(
                "the local integration speaks plain HTTP (no TLS), e.g. http://127.0.0.1:9000/",
            ));
        }
    }
    Ok(())
}

/// The emulator must hold ~15,000 sockets: use the hard limit on open files.
fn raise_nofile_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => tracing::debug!("open-file limit {n}"),
        Err(e) => tracing::warn!("could not raise the open-file limit: {e}"),
    }
}

/// The emulator: the recorder (or an HTTP integration), the gateway on its port, the ready file,
/// then serving until Ctrl-C.
async fn serve(ctx: &Ctx, args: &ServeArgs, table: &str, ddb_endpoint: &str) -> Result<Outcome> {
    let target = match &args.integration {
        Some(u) => RouteTarget::Http(u.clone()),
        None => RouteTarget::Recorder,
    };
    let recorder = recorder(args, table, ddb_endpoint).await?;
    let routing = Arc::new(Routing::new(&args.stage, target));
    if args.no_default_route {
        routing.remove_route("$default");
    }

    let addr = SocketAddr::new(args.bind, args.port);
    let listener =
        listen(addr).map_err(|e| Error::usage(format!("cannot listen on {addr}: {e}")))?;
    let local = listener.local_addr()?;
    let port = local.port();
    let host = host_name(args.bind);
    let domain_name = format!("{host}:{port}");
    let gw = Gateway::new(routing, gateway_config(args, domain_name.clone()), recorder);

    let app = gw
        .router()
        .into_make_service_with_connect_info::<crate::local::gateway::Peer>();
    let listener = crate::local::gateway::GatewayListener(listener);
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(crate::signal::interrupted())
            .await
    });

    announce(ctx, args, &domain_name, port, table, ddb_endpoint)?;

    crate::signal::interrupted().await;
    eprintln!("wsctl local serve: shutting down");
    gw.shutdown(Duration::from_secs(5)).await;
    let _ = tokio::time::timeout(Duration::from_secs(3), server).await;
    if let Some(f) = &args.ready_file {
        let _ = std::fs::remove_file(f);
    }
    Ok(Outcome::none())
}

/// Connections the kernel may hold for the emulator before it accepts them; it caps the number at
/// `net.core.somaxconn` (4096 on current kernels).
const ACCEPT_BACKLOG: u32 = 65_535;

/// The gateway's listening socket, with a deep accept queue. API Gateway takes any burst of new
/// connections; with the default backlog (128), a fan-out opening thousands at once overflowed the
/// queue, and the kernel's one-second SYN retransmit stalled the whole run (`ListenOverflows` in
/// `/proc/net/netstat`).
fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// The built-in recorder on its table (created if missing), unless an HTTP integration is given.
async fn recorder(args: &ServeArgs, table: &str, ddb_endpoint: &str) -> Result<Option<Recorder>> {
    Ok(if args.integration.is_none() {
        let r = Recorder::new(ddb_endpoint, table, args.ttl, args.allow_remote).await?;
        r.ensure_table(Duration::from_secs(60))
            .await
            .map_err(|e| match e.kind {
                crate::error::ErrorKind::Unreachable => e.with_hint(format!(
                    "is DynamoDB running at {ddb_endpoint}? without --dynamodb-endpoint the emulator starts DynamoDB Local itself"
                )),
                _ => e,
            })?;
        Some(r)
    } else {
        None
    })
}

/// The host part of the URLs: loopback for an unspecified bind address.
fn host_name(bind: IpAddr) -> String {
    if bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match bind {
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        }
    }
}

fn gateway_config(args: &ServeArgs, domain_name: String) -> GatewayConfig {
    GatewayConfig {
        idle_timeout: args.idle_timeout,
        max_duration: args.max_duration,
        client_buffer: args.client_buffer,
        lose_disconnects: args.lose_disconnects,
        domain_name,
        api_id: "wsctllocal".into(),
        throttle: args
            .rate
            .map(|r| (r, args.burst.map(f64::from).unwrap_or(r.max(1.0)))),
        latency: Latency {
            round_trip: args.latency,
            jitter: args.jitter,
        },
        signing: crate::local::signing::SigningChecks {
            clock_skew_secs: args.clock_ahead.map_or(0, |d| d.as_secs() as i64),
            expired_access_key: args.expired_access_key.clone(),
        },
    }
}

/// The ready file (for scripts and tests) and the URLs on stderr.
fn announce(
    ctx: &Ctx,
    args: &ServeArgs,
    domain_name: &str,
    port: u16,
    table: &str,
    ddb_endpoint: &str,
) -> Result<()> {
    let info = json!({
        "port": port,
        "ws_url": format!("ws://{domain_name}/{}", args.stage),
        "endpoint": format!("http://{domain_name}/{}", args.stage),
        "apigw_endpoint": format!("http://{domain_name}"),
        "dynamodb_endpoint": ddb_endpoint,
        "stage": args.stage,
        "table": table,
        "pid": std::process::id(),
    });
    if let Some(f) = &args.ready_file {
        write_atomically(f, &format!("{info:#}\n"))?;
    }
    if !ctx.global.quiet {
        eprintln!(
            "wsctl local serve: listening on {domain_name}\n  WebSockets:      ws://{domain_name}/{stage}\n  Management API:  http://{domain_name}/{stage}  (--endpoint)\n  apigatewayv2:    http://{domain_name}  (--apigw-endpoint)\n  DynamoDB:        {ddb_endpoint}  (--dynamodb-endpoint), table {table}\n  {what}\nCtrl-C to stop.",
            stage = args.stage,
            what = match &args.integration {
                Some(u) => format!("integration: {u}"),
                None => "integration: built-in recorder".to_string(),
            }
        );
    }

    Ok(())
}

fn write_atomically(path: &std::path::Path, text: &str) -> Result<()> {
    let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
    std::fs::write(&tmp, text)
        .map_err(|e| Error::usage(format!("cannot write {}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, path)
        .map_err(|e| Error::usage(format!("cannot write {}: {e}", path.display())))?;
    Ok(())
}
