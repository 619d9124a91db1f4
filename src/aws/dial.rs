//! Reaching a Management API endpoint: kept-alive HTTP/1.1 connections, one per caller.
//!
//! Made of the parts the AWS SDK's own HTTP client is made of, without its pool and request
//! conversions: hyper-util's `HttpConnector` (TCP, IPv6/IPv4 happy eyeballs, a connect timeout),
//! hyper-util's proxy `Matcher` (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, as the SDK
//! and curl read them) and CONNECT `Tunnel`, hyper-rustls with rustls on aws-lc-rs (the system's CA
//! certificates, or `SSL_CERT_FILE`), and hyper's HTTP/1.1 connection. Each engine lane holds its
//! own [`Link`] and drives it in its own task, so a call takes no pool lock, no pool lookup and no
//! hand-over to a connection task on another thread (CONTRIBUTING.md, "The @connections
//! transport").

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Uri};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::rt::{Read, Write};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A TCP connection (and its proxy tunnel and TLS handshake) must be up within this long.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// One kept-alive HTTP/1.1 connection to an endpoint (or to the forward proxy in front of it).
pub struct Link {
    sender: SendRequest<Full<Bytes>>,
    /// hyper's reading and writing of the connection. It is polled only during
    /// [`Link::exchange`]: between calls an HTTP/1.1 client connection has nothing to do, and a
    /// close by the server meanwhile is seen at the next call, which then goes on a new connection.
    connection: Pin<Box<dyn Future<Output = ()> + Send>>,
    ended: bool,
}

/// Why an exchange on a [`Link`] failed.
pub enum LinkError {
    /// The connection had closed before the request was written: it can go on another one.
    Unsent(Box<http::Request<Full<Bytes>>>),
    Failed(hyper::Error),
}

impl Link {
    pub fn is_closed(&self) -> bool {
        self.ended || self.sender.is_closed()
    }

    /// Sends a request and reads its whole answer, driving the connection meanwhile.
    pub async fn exchange(
        &mut self,
        request: http::Request<Full<Bytes>>,
    ) -> Result<http::Response<Bytes>, LinkError> {
        let Link {
            sender,
            connection,
            ended,
        } = self;
        let call =
            async move {
                if sender.ready().await.is_err() {
                    return Err(LinkError::Unsent(Box::new(request)));
                }
                let response = sender.try_send_request(request).await.map_err(|mut e| {
                    match e.take_message() {
                        Some(request) => LinkError::Unsent(Box::new(request)),
                        None => LinkError::Failed(e.into_error()),
                    }
                })?;
                let (parts, body) = response.into_parts();
                let body = body.collect().await.map_err(LinkError::Failed)?.to_bytes();
                Ok(http::Response::from_parts(parts, body))
            };
        let mut call = std::pin::pin!(call);
        std::future::poll_fn(|cx| {
            // Once the connection has ended, the call ends too (its request unsent, or failed).
            if !*ended && connection.as_mut().poll(cx).is_ready() {
                *ended = true;
            }
            call.as_mut().poll(cx)
        })
        .await
    }
}

/// Why a connection could not be made.
#[derive(Debug)]
pub enum DialError {
    Timeout,
    /// The proxy answered 407 to the CONNECT: its credentials (from the proxy URL) are missing or
    /// wrong.
    ProxyAuth,
    Failed(String),
}

/// How requests name their target on the wire.
#[derive(Debug, Clone)]
pub enum Addressing {
    /// `POST /stage/@connections/id`: straight to the endpoint, or through a CONNECT tunnel.
    OriginForm,
    /// `POST http://host/stage/@connections/id`: an `http://` endpoint through a forward proxy,
    /// with the proxy's credentials, if it has any.
    AbsoluteForm {
        proxy_authorization: Option<HeaderValue>,
    },
}

type Dial = dyn Fn() -> Pin<Box<dyn Future<Output = Result<Link, DialError>> + Send>> + Send + Sync;

/// Makes connections to one endpoint. Cheap to clone.
#[derive(Clone)]
pub struct Dialer {
    dial: Arc<Dial>,
    pub addressing: Addressing,
}

impl std::fmt::Debug for Dialer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dialer")
            .field("addressing", &self.addressing)
            .finish()
    }
}

impl Dialer {
    /// `plain_http`: a loopback `http://` endpoint (the local fleet, a test server), reached
    /// without TLS or proxies. Anything else honours the proxy variables and speaks TLS for
    /// `https://`.
    pub fn new(endpoint: &Uri, plain_http: bool) -> Dialer {
        Self::with_tcp(tcp_connector(), endpoint, plain_http, &Matcher::from_env())
    }

    /// As [`Dialer::new`], over a given TCP connector (a test's own name resolution) and proxy
    /// settings.
    pub fn with_tcp<T>(tcp: T, endpoint: &Uri, plain_http: bool, proxies: &Matcher) -> Dialer
    where
        T: Service<Uri> + Clone + Send + Sync + 'static,
        T::Response: Read + Write + Connection + Send + Unpin + 'static,
        T::Future: Send + 'static,
        T::Error: Into<BoxError>,
    {
        if plain_http {
            return Dialer::direct(tcp, endpoint.clone(), Addressing::OriginForm);
        }
        let tls = tls_over(tcp);
        let proxy = proxies.intercept(endpoint);
        match proxy {
            None => Dialer::direct(tls, endpoint.clone(), Addressing::OriginForm),
            Some(proxy) if endpoint.scheme() == Some(&http::uri::Scheme::HTTPS) => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), tls);
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Dialer::direct(tls_over(tunnel), endpoint.clone(), Addressing::OriginForm)
            }
            Some(proxy) => Dialer::direct(
                tls,
                proxy.uri().clone(),
                Addressing::AbsoluteForm {
                    proxy_authorization: proxy.basic_auth().cloned(),
                },
            ),
        }
    }

    /// A new connection: connected, tunnelled and TLS-handshaken within [`CONNECT_TIMEOUT`].
    pub async fn dial(&self) -> Result<Link, DialError> {
        (self.dial)().await
    }

    /// Dials `dst` with `connector`, then speaks HTTP/1.1 over what it returns.
    fn direct<C>(connector: C, dst: Uri, addressing: Addressing) -> Dialer
    where
        C: Service<Uri> + Clone + Send + Sync + 'static,
        C::Response: Read + Write + Send + Unpin + 'static,
        C::Future: Send + 'static,
        C::Error: Into<BoxError>,
    {
        let dial = move || {
            let mut connector = connector.clone();
            let dst = dst.clone();
            let link = async move {
                std::future::poll_fn(|cx| connector.poll_ready(cx))
                    .await
                    .map_err(|e| failed(e.into()))?;
                let io = connector.call(dst).await.map_err(|e| failed(e.into()))?;
                let (sender, connection) = hyper::client::conn::http1::handshake(io)
                    .await
                    .map_err(|e| failed(e.into()))?;
                let connection = Box::pin(async move {
                    let _ = connection.await;
                });
                Ok(Link {
                    sender,
                    connection,
                    ended: false,
                })
            };
            let timed = async move {
                tokio::time::timeout(CONNECT_TIMEOUT, link)
                    .await
                    .unwrap_or(Err(DialError::Timeout))
            };
            Box::pin(timed) as Pin<Box<dyn Future<Output = _> + Send>>
        };
        Dialer {
            dial: Arc::new(dial),
            addressing,
        }
    }
}

fn failed(e: BoxError) -> DialError {
    let chain = crate::error::source_chain(e.as_ref());
    if is_timeout(e.as_ref()) {
        DialError::Timeout
    } else if chain.contains(TUNNEL_REFUSED_CREDENTIALS) {
        DialError::ProxyAuth
    } else {
        DialError::Failed(chain)
    }
}

/// How hyper-util's `Tunnel` says the proxy answered 407 (its error type is not exported; a unit
/// test pins the text).
const TUNNEL_REFUSED_CREDENTIALS: &str = "proxy authorization required";

fn is_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(e) = source {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = e.source();
    }
    false
}

/// TCP with IPv6/IPv4 happy eyeballs (the second family is tried 300 ms after the first) and
/// the connect timeout split across a name's addresses.
fn tcp_connector() -> HttpConnector {
    configure_tcp(HttpConnector::new())
}

/// The TCP settings every dialer uses, on a connector of any name resolution.
pub fn configure_tcp<R>(mut tcp: HttpConnector<R>) -> HttpConnector<R> {
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
    tcp
}

/// The system's CA certificates (rustls-native-certs reads `SSL_CERT_FILE` and `SSL_CERT_DIR`
/// first), loaded once per process.
static ROOTS: LazyLock<Arc<rustls::ClientConfig>> = LazyLock::new(|| {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(found.certs);
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("aws-lc-rs supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
});

/// TLS for `https://` destinations over `inner`, plain for `http://` ones.
fn tls_over<C>(inner: C) -> HttpsConnector<C> {
    hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config((**ROOTS).clone())
        .https_or_http()
        .enable_http1()
        .wrap_connector(inner)
}
