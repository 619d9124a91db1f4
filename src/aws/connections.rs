//! The Management API (`{endpoint}/@connections/{id}`: POST, GET, DELETE).
//!
//! Each call is signed by the `aws-sigv4` crate and sent over a kept-alive hyper connection that
//! [`super::dial`] makes from the SDK HTTP client's own parts (TLS by rustls with the system's CAs or
//! `SSL_CERT_FILE`, `HTTPS_PROXY`/`NO_PROXY`, a connect timeout, IPv6-to-IPv4 fallback). The
//! generated client's orchestrator (endpoint rules, interceptors, retry layers, a config bag per
//! call) and the SDK connector's pool are not used: wsctl needs none of it for three fixed
//! operations, and their per-call machinery would be CPU spent again for every target of a fan-out
//! (CONTRIBUTING.md, "The @connections transport"). What they would have given is done here:
//!
//! - one attempt per call: the delivery engine owns retries and pacing;
//! - clock-skew correction: the service's `Date` on a refused answer sets the signing clock;
//! - credentials from [`KeptCredentials`] (refreshed ahead of expiry, renewed on `ExpiredToken`);
//!   the secret stays in the SDK's `Credentials`, which zeroizes it on drop.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::date_time::{DateTime, Format};
use bytes::Bytes;
use http::{HeaderValue, Method, Uri};
use http_body_util::Full;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use super::credentials::{KeptCredentials, Renewal};
use super::dial::{Addressing, DialError, Dialer, Link, LinkError};

/// SHA-256 of an empty body, in hex: what GET and DELETE sign.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// A whole call (connect, send, answer) must finish within this long.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// The service whose SigV4 scope the Management API signs for.
const SIGNING_NAME: &str = "execute-api";
/// Headers a signed call carries: host, user agent, content type and length, date, signature,
/// session token and, through a forward proxy, the proxy's credentials.
const REQUEST_HEADERS: usize = 8;
/// Names wsctl in the service's logs (not signed, as the SDK does not sign it).
const USER_AGENT: &str = concat!("wsctl/", env!("CARGO_PKG_VERSION"));
/// A connection id is one path segment: everything but RFC 3986's unreserved characters is
/// percent-encoded, as the SDK encodes an HTTP label.
const PATH_LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How one @connections call failed.
#[derive(Debug, Clone)]
pub enum CallError {
    /// The service answered with an error status; `code` is the error type (`x-amzn-ErrorType`
    /// or the body's `__type`), empty when there was none.
    Status {
        status: u16,
        code: String,
        message: String,
    },
    /// No answer: refused, reset, DNS, TLS, proxy.
    Transport(String),
    Timeout,
    /// The proxy in front of the endpoint answered 407: the credentials in the proxy URL are
    /// missing or wrong.
    ProxyAuth,
    /// No credentials could be resolved to sign with.
    Credentials(String),
}

/// GetConnection's answer (epoch milliseconds).
#[derive(Debug, Clone, Default)]
pub struct LiveConnection {
    pub connected_at_ms: Option<u64>,
    pub last_active_at_ms: Option<u64>,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
}

/// PostToConnection's `Data` limit (128 KiB): the Management API's maximum payload, which the local
/// gateway enforces too.
pub const MAX_PAYLOAD: usize = 131_072;

/// A message body, shared by every target of a fan-out. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Payload {
    data: Bytes,
    /// The body's SHA-256 in hex, which SigV4 signs: hashed once, not once per target.
    sha256: Arc<str>,
}

impl Payload {
    pub fn new(data: impl Into<Bytes>) -> Payload {
        let data = data.into();
        let sha256 = hex::encode(Sha256::digest(&data)).into();
        Payload { data, sha256 }
    }

    /// The payload as text, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

/// A Management API client for one endpoint (stage included). Cheap to clone.
#[derive(Clone)]
pub struct ConnectionsApi {
    inner: Arc<Inner>,
}

struct Inner {
    dialer: Dialer,
    /// `https://{api}.execute-api.{region}.amazonaws.com/{stage}` (no trailing slash).
    endpoint: String,
    /// What requests name: `/{stage}/@connections/`, or the whole URL up to there through a
    /// forward proxy.
    target_prefix: String,
    /// The endpoint's `Host` header (signed).
    host: HeaderValue,
    region: String,
    credentials: Option<Arc<KeptCredentials>>,
    /// The service's clock minus ours, in seconds, learnt from a refused answer's `Date`.
    clock_skew_secs: AtomicI64,
    /// A connection opened ahead of the first call ([`ConnectionsApi::open_ahead`]).
    ahead: std::sync::Mutex<Option<Link>>,
}

impl std::fmt::Debug for ConnectionsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionsApi")
            .field("endpoint", &self.inner.endpoint)
            .field("region", &self.inner.region)
            .finish()
    }
}

/// A caller's handle for a run of calls (an engine lane holds one): its own kept-alive
/// connection, made on first use and made again when the service closes it.
pub struct Session {
    api: ConnectionsApi,
    link: Option<Link>,
    /// The keys of the last call and their signing identity, made again only when the keys change.
    identity: Option<(Credentials, Identity)>,
    /// The last call went on a connection it opened: its time includes the TCP and TLS handshakes.
    opened: bool,
}

/// An answer of the service, its body read.
struct ServiceReply {
    status: u16,
    error_type: Option<String>,
    date: Option<String>,
    body: Bytes,
}

impl ConnectionsApi {
    /// `credentials`: the keys the client signs with, renewed on `ExpiredToken` (see
    /// [`ConnectionsApi::renew_credentials`]). `plain_http`: a loopback `http://` endpoint (the
    /// local fleet, a test server), reached without TLS or proxies.
    ///
    /// The endpoint was checked to be an absolute `http(s)://` URL when the run's settings were
    /// read; one that is not fails every call with one clear error.
    pub fn new(
        endpoint: &str,
        region: &str,
        credentials: Option<Arc<KeptCredentials>>,
        plain_http: bool,
    ) -> ConnectionsApi {
        let endpoint = endpoint.trim_end_matches('/').to_string();
        let uri: Uri = endpoint.parse().unwrap_or_default();
        Self::with_dialer(
            &endpoint,
            &uri,
            region,
            credentials,
            Dialer::new(&uri, plain_http),
        )
    }

    fn with_dialer(
        endpoint: &str,
        uri: &Uri,
        region: &str,
        credentials: Option<Arc<KeptCredentials>>,
        dialer: Dialer,
    ) -> ConnectionsApi {
        let target_prefix = match dialer.addressing {
            Addressing::OriginForm => format!("{}/@connections/", uri.path().trim_end_matches('/')),
            Addressing::AbsoluteForm { .. } => format!("{endpoint}/@connections/"),
        };
        let host = host_header(uri);
        ConnectionsApi {
            inner: Arc::new(Inner {
                dialer,
                endpoint: endpoint.to_string(),
                target_prefix,
                host,
                region: region.to_string(),
                credentials,
                clock_skew_secs: AtomicI64::new(0),
                ahead: std::sync::Mutex::new(None),
            }),
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// A session for a run of calls.
    pub fn session(&self) -> Session {
        Session {
            api: self.clone(),
            link: None,
            identity: None,
            opened: false,
        }
    }

    /// Open a connection now, for the first call to take: a run reads its table first
    /// (DescribeTable, the first page), and on AWS those round trips then cover this connection's
    /// TCP and TLS handshakes, two round trips that its first call would otherwise wait out. A
    /// connection that cannot be opened is left for the first call to meet and report.
    pub fn open_ahead(&self) {
        let api = self.clone();
        tokio::spawn(async move {
            match api.dial().await {
                Ok(link) => {
                    if let Ok(mut ahead) = api.inner.ahead.lock() {
                        *ahead = Some(link);
                    }
                }
                Err(e) => tracing::debug!("opening a connection ahead: {e:?}"),
            }
        });
    }

    /// The connection opened ahead, if it is up and still open.
    fn opened_ahead(&self) -> Option<Link> {
        let link = self.inner.ahead.lock().ok()?.take()?;
        (!link.is_closed()).then_some(link)
    }

    /// A call was answered `ExpiredToken`: fetch new keys once (see `aws::credentials`).
    pub fn renew_credentials(&self) -> Renewal {
        match &self.inner.credentials {
            Some(c) => c.renew(),
            None => Renewal::StillRefused,
        }
    }

    async fn credentials(&self) -> Result<Credentials, CallError> {
        let Some(credentials) = &self.inner.credentials else {
            return Err(CallError::Credentials(
                "no credentials provider is configured".into(),
            ));
        };
        credentials
            .current()
            .await
            .map_err(|e| CallError::Credentials(crate::error::source_chain(&e)))
    }

    /// The request as the SDK shapes it: the id as one percent-encoded path segment, a POST's body
    /// as `application/octet-stream`.
    fn request(&self, method: Method, id: &str, body: Bytes) -> http::Request<Bytes> {
        let uri = format!(
            "{}{}",
            self.inner.target_prefix,
            utf8_percent_encode(id, PATH_LABEL)
        );
        let is_post = method == Method::POST;
        let length = body.len();
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() = uri
            .parse()
            .expect("the endpoint's path and a percent-encoded id are a valid URI");
        // Sized for every header the call ends up with (signing adds the date, the signature and
        // the session token), so that the map is not regrown for every call of a fan-out.
        let headers = request.headers_mut();
        *headers = http::HeaderMap::with_capacity(REQUEST_HEADERS);
        headers.insert(http::header::HOST, self.inner.host.clone());
        headers.insert(
            http::header::USER_AGENT,
            HeaderValue::from_static(USER_AGENT),
        );
        if is_post {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        request
    }

    async fn dial(&self) -> Result<Link, CallError> {
        self.inner.dialer.dial().await.map_err(|e| match e {
            DialError::Timeout => CallError::Timeout,
            DialError::ProxyAuth => CallError::ProxyAuth,
            DialError::Failed(why) => CallError::Transport(why),
        })
    }

    fn signing_time(&self) -> SystemTime {
        let skew = self.inner.clock_skew_secs.load(Ordering::Relaxed);
        let now = SystemTime::now();
        if skew >= 0 {
            now + Duration::from_secs(skew as u64)
        } else {
            now - Duration::from_secs(skew.unsigned_abs())
        }
    }

    /// A refused answer carries the service's clock: sign the next calls by it, as the SDK does, so
    /// that a host whose clock is minutes off is not refused call after call.
    fn learn_clock_skew(&self, date: Option<&str>) {
        let Some(server) = date.and_then(|d| DateTime::from_str(d, Format::HttpDate).ok()) else {
            return;
        };
        let ours = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        self.inner
            .clock_skew_secs
            .store(server.secs() - ours, Ordering::Relaxed);
    }
}

/// `Host` as the SDK signs it: the host, and the port only when it is not the scheme's default.
fn host_header(uri: &Uri) -> HeaderValue {
    let default_port = match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    };
    let host = match (uri.host(), uri.port_u16()) {
        (Some(host), Some(port)) if Some(port) != default_port => format!("{host}:{port}"),
        (Some(host), _) => host.to_string(),
        (None, _) => "invalid-endpoint".to_string(),
    };
    HeaderValue::from_str(&host).unwrap_or_else(|_| HeaderValue::from_static("invalid-endpoint"))
}

/// The status, the body, and for a refused answer the headers the engine needs: the error type and
/// the service's clock.
fn service_reply(response: http::Response<Bytes>) -> ServiceReply {
    let status = response.status().as_u16();
    let failed = !response.status().is_success();
    let header = |name: &str| {
        failed
            .then(|| response.headers().get(name))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let error_type = header("x-amzn-errortype");
    let date = header("date");
    ServiceReply {
        status,
        error_type,
        date,
        body: response.into_body(),
    }
}

/// Signs as the SDK signs an `execute-api` call: SigV4, header signature, session token included.
/// What a request is signed with.
struct Signing<'a> {
    identity: &'a Identity,
    region: &'a str,
    time: SystemTime,
}

/// Signs as the SDK signs an `execute-api` call: SigV4, header signature, session token included.
/// `body_sha256`: the body's SHA-256 in hex, as [`Payload`] keeps it.
fn sign_request(
    request: &mut http::Request<Bytes>,
    body_sha256: &str,
    signing: &Signing<'_>,
) -> Result<(), CallError> {
    let signing_error = |e: &dyn std::error::Error| CallError::Credentials(e.to_string());
    let params = v4::SigningParams::builder()
        .identity(signing.identity)
        .region(signing.region)
        .name(SIGNING_NAME)
        .time(signing.time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| signing_error(&e))?
        .into();
    let headers = request
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?)));
    // Origin-form (the usual case) is signed as it is; absolute-form (a forward proxy) in full.
    let uri: std::borrow::Cow<'_, str> = match request.uri().path_and_query() {
        Some(path) if request.uri().scheme().is_none() => path.as_str().into(),
        _ => request.uri().to_string().into(),
    };
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri,
        headers,
        SignableBody::Precomputed(body_sha256.to_string()),
    )
    .map_err(|e| signing_error(&e))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| signing_error(&e))?
        .into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}

/// An error answer as the engine sorts it: the error type from `x-amzn-ErrorType` or the body's
/// `__type`/`code`, shorn of namespace and URL as the SDK does.
fn status_error(answer: &ServiceReply) -> CallError {
    let body_type = || {
        serde_json::from_slice::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|v| {
                ["code", "__type"]
                    .iter()
                    .find_map(|k| v.get(*k).and_then(|c| c.as_str()).map(str::to_string))
            })
    };
    let raw = answer.error_type.clone().or_else(body_type);
    let code = raw
        .as_deref()
        .map(|t| {
            let t = t.split(':').next().unwrap_or(t);
            t.rsplit('#').next().unwrap_or(t).to_string()
        })
        .unwrap_or_default();
    CallError::Status {
        status: answer.status,
        code,
        message: crate::error::message_of_body(&answer.body),
    }
}

/// GetConnection's body: timestamps as ISO 8601 (what API Gateway sends) or epoch seconds.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct GetConnectionBody {
    connected_at: Option<serde_json::Value>,
    last_active_at: Option<serde_json::Value>,
    identity: Option<IdentityBody>,
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct IdentityBody {
    source_ip: Option<String>,
    user_agent: Option<String>,
}

fn epoch_millis(value: Option<&serde_json::Value>) -> Option<u64> {
    let t = match value? {
        serde_json::Value::String(s) => DateTime::from_str(s, Format::DateTime).ok()?,
        serde_json::Value::Number(n) => DateTime::from_secs_f64(n.as_f64()?),
        _ => return None,
    };
    t.to_millis().ok().map(|m| m.max(0) as u64)
}

impl Session {
    pub fn api(&self) -> &ConnectionsApi {
        &self.api
    }

    /// PostToConnection: `data` becomes one frame.
    pub async fn post(&mut self, id: &str, payload: &Payload) -> Result<(), CallError> {
        let body = (payload.data.clone(), &*payload.sha256);
        self.call(Method::POST, id, body).await.map(drop)
    }

    /// DeleteConnection.
    pub async fn delete(&mut self, id: &str) -> Result<(), CallError> {
        let body = (Bytes::new(), EMPTY_SHA256);
        self.call(Method::DELETE, id, body).await.map(drop)
    }

    /// The identity to sign with: the last call's while the keys are the same.
    async fn identity(&mut self) -> Result<Identity, CallError> {
        let keys = self.api.credentials().await?;
        match &self.identity {
            Some((known, identity)) if *known == keys => Ok(identity.clone()),
            _ => {
                let identity = Identity::from(keys.clone());
                self.identity = Some((keys, identity.clone()));
                Ok(identity)
            }
        }
    }

    /// One signed call, its answer read; error statuses become [`CallError::Status`]. `body`:
    /// the bytes and their SHA-256 in hex.
    async fn call(
        &mut self,
        method: Method,
        id: &str,
        (body, sha256): (Bytes, &str),
    ) -> Result<Bytes, CallError> {
        let api = self.api.clone();
        let identity = self.identity().await?;
        let mut request = api.request(method, id, body);
        let signing = Signing {
            identity: &identity,
            region: &api.inner.region,
            time: api.signing_time(),
        };
        sign_request(&mut request, sha256, &signing)?;
        if let Addressing::AbsoluteForm {
            proxy_authorization: Some(auth),
        } = &api.inner.dialer.addressing
        {
            request
                .headers_mut()
                .insert(http::header::PROXY_AUTHORIZATION, auth.clone());
        }
        let answer = tokio::time::timeout(CALL_TIMEOUT, self.exchange(request.map(Full::new)))
            .await
            .map_err(|_| CallError::Timeout)??;
        if (200..300).contains(&answer.status) {
            return Ok(answer.body);
        }
        if answer.status == 407 {
            return Err(CallError::ProxyAuth);
        }
        api.learn_clock_skew(answer.date.as_deref());
        Err(status_error(&answer))
    }

    /// Sends on the session's connection and reads the answer. A kept-alive connection that the
    /// service closed meanwhile gives the request back unsent: it goes once more on a new one.
    async fn exchange(
        &mut self,
        mut request: http::Request<Full<Bytes>>,
    ) -> Result<ServiceReply, CallError> {
        self.opened = false;
        loop {
            // One opened ahead has its handshakes behind it, like a kept-alive one.
            let open = self.link.take().filter(|l| !l.is_closed());
            let (mut link, reused) = match open.or_else(|| self.api.opened_ahead()) {
                Some(link) => (link, true),
                None => {
                    self.opened = true;
                    (self.api.dial().await?, false)
                }
            };
            match link.exchange(request).await {
                Ok(response) => {
                    self.link = Some(link);
                    return Ok(service_reply(response));
                }
                Err(LinkError::Unsent(again)) if reused => request = *again,
                Err(LinkError::Unsent(_)) => {
                    return Err(CallError::Transport(
                        "the connection closed before the request was sent".into(),
                    ))
                }
                Err(LinkError::Failed(e)) => {
                    return Err(CallError::Transport(crate::error::source_chain(&e)))
                }
            }
        }
    }

    /// Whether the last call opened the connection it went on: its time is then the handshakes'
    /// round trips as well as its own, not a measure of the network's.
    pub fn opened_a_connection(&self) -> bool {
        self.opened
    }

    /// GetConnection.
    pub async fn get(&mut self, id: &str) -> Result<LiveConnection, CallError> {
        let body = self
            .call(Method::GET, id, (Bytes::new(), EMPTY_SHA256))
            .await?;
        let parsed: GetConnectionBody = serde_json::from_slice(&body)
            .map_err(|e| CallError::Transport(format!("GetConnection answer is not JSON: {e}")))?;
        let text = |s: Option<String>| s.filter(|s| !s.is_empty());
        let identity = parsed.identity.unwrap_or_default();
        Ok(LiveConnection {
            connected_at_ms: epoch_millis(parsed.connected_at.as_ref()),
            last_active_at_ms: epoch_millis(parsed.last_active_at.as_ref()),
            source_ip: text(identity.source_ip),
            user_agent: text(identity.user_agent),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;
    use aws_sdk_apigatewaymanagement::config::{BehaviorVersion, Region};
    use aws_smithy_async::time::StaticTimeSource;
    use aws_smithy_http_client::test_util::capture_request;

    const ENDPOINT: &str = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod";
    const REGION: &str = "eu-west-1";
    /// Ids as API Gateway makes them (base64 with `=`), and with every character a label escapes.
    const IDS: [&str; 3] = ["L0SM9cOFvHcCIhw=", "a+b/c=d", "x y%z~_.-"];

    fn keys() -> Credentials {
        Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()), None, "test")
    }

    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_764_720_000)
    }

    /// What the generated SDK client sends for one operation, with a fixed clock and keys.
    async fn sdk_request(method: &Method, id: &str, body: &[u8]) -> http::Request<Bytes> {
        let (http, captured) = capture_request(None);
        let conf = aws_sdk_apigatewaymanagement::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .endpoint_url(ENDPOINT)
            .region(Region::new(REGION))
            .credentials_provider(keys())
            .time_source(StaticTimeSource::new(at()))
            .http_client(http)
            .build();
        let client = aws_sdk_apigatewaymanagement::Client::from_conf(conf);
        // The capturing client answers nothing useful: only the request matters here.
        match *method {
            Method::POST => {
                let _ = client
                    .post_to_connection()
                    .connection_id(id)
                    .data(aws_smithy_types::Blob::new(body))
                    .send()
                    .await;
            }
            Method::DELETE => {
                let _ = client.delete_connection().connection_id(id).send().await;
            }
            _ => {
                let _ = client.get_connection().connection_id(id).send().await;
            }
        }
        let request = captured.expect_request().try_into_http1x().unwrap();
        let (parts, body) = request.into_parts();
        let body = Bytes::copy_from_slice(body.bytes().unwrap_or_default());
        http::Request::from_parts(parts, body)
    }

    fn signed_headers(request: &http::Request<Bytes>) -> Vec<String> {
        let authorization = request.headers()["authorization"].to_str().unwrap();
        let list = authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap();
        list.split(';').map(str::to_string).collect()
    }

    /// Our request carries the SDK's user-agent header too, so that both sign the same header
    /// set: the signatures are then equal only if the method, path encoding, payload hash, scope
    /// and signing settings all are.
    #[tokio::test]
    async fn requests_are_signed_exactly_as_the_sdk_signs_them() {
        let api = ConnectionsApi::new(ENDPOINT, REGION, None, true);
        let identity = Identity::from(keys());
        for method in [Method::POST, Method::GET, Method::DELETE] {
            for id in IDS {
                let body: &[u8] = if method == Method::POST {
                    b"{\"n\":1}"
                } else {
                    b""
                };
                let sdk = sdk_request(&method, id, body).await;
                let mut ours = api.request(method.clone(), id, Bytes::copy_from_slice(body));
                for name in signed_headers(&sdk) {
                    let signature_part = ["host", "x-amz-date", "x-amz-security-token"];
                    if !signature_part.contains(&name.as_str())
                        && !ours.headers().contains_key(&name)
                    {
                        assert_eq!(
                            name, "x-amz-user-agent",
                            "{method}: the SDK also signs {name}"
                        );
                        let value = sdk.headers()[&name].clone();
                        ours.headers_mut().insert(
                            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                            value,
                        );
                    }
                }
                let signing = Signing {
                    identity: &identity,
                    region: REGION,
                    time: at(),
                };
                let payload = Payload::new(Bytes::copy_from_slice(body));
                sign_request(&mut ours, &payload.sha256, &signing).unwrap();
                assert_eq!(ours.uri().path(), sdk.uri().path(), "{method} {id}");
                assert_eq!(
                    ours.headers()["host"],
                    sdk.uri().host().unwrap(),
                    "{method} {id}"
                );
                assert_eq!(ours.body(), sdk.body(), "{method} {id}");
                for header in [
                    "authorization",
                    "x-amz-date",
                    "x-amz-security-token",
                    "content-type",
                ] {
                    assert_eq!(
                        ours.headers().get(header),
                        sdk.headers().get(header),
                        "{method} {id}: {header}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_empty_body_signs_the_empty_hash() {
        assert_eq!(&*Payload::new(Bytes::new()).sha256, EMPTY_SHA256);
    }

    #[test]
    fn error_types_are_read_as_the_sdk_reads_them() {
        let answer = |error_type: Option<&str>, body: &str| ServiceReply {
            status: 410,
            error_type: error_type.map(str::to_string),
            date: None,
            body: Bytes::copy_from_slice(body.as_bytes()),
        };
        let code = |a: ServiceReply| match status_error(&a) {
            CallError::Status { code, .. } => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            code(answer(
                Some("GoneException:http://internal.amazon.com/coral/"),
                "{}"
            )),
            "GoneException"
        );
        assert_eq!(
            code(answer(
                None,
                r#"{"__type":"com.amazonaws#LimitExceededException"}"#
            )),
            "LimitExceededException"
        );
        assert_eq!(code(answer(None, "<html>bad gateway</html>")), "");
    }

    #[test]
    fn get_connection_times_are_read_in_both_formats() {
        let iso = serde_json::json!("2026-12-03T10:00:00.250Z");
        let secs = serde_json::json!(1_796_292_000.25);
        assert_eq!(epoch_millis(Some(&iso)), Some(1_796_292_000_250));
        assert_eq!(epoch_millis(Some(&secs)), Some(1_796_292_000_250));
        assert_eq!(epoch_millis(Some(&serde_json::json!(true))), None);
    }

    #[test]
    fn a_refused_answer_sets_the_signing_clock() {
        let api = ConnectionsApi::new(ENDPOINT, REGION, None, true);
        let ahead = SystemTime::now() + Duration::from_secs(600);
        let date = DateTime::from(ahead).fmt(Format::HttpDate).unwrap();
        api.learn_clock_skew(Some(&date));
        let signing = api.signing_time();
        let off = signing.duration_since(SystemTime::now()).unwrap().as_secs();
        assert!((598..=601).contains(&off), "{off}");
    }

    /// Resolves every name to a dead IPv6 address first, then to IPv4 loopback.
    #[derive(Clone)]
    struct DeadIpv6First;

    impl tower_service::Service<hyper_util::client::legacy::connect::dns::Name> for DeadIpv6First {
        type Response = std::vec::IntoIter<std::net::SocketAddr>;
        type Error = std::io::Error;
        type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

        fn poll_ready(
            &mut self,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            std::task::Poll::Ready(Ok(()))
        }

        fn call(&mut self, _: hyper_util::client::legacy::connect::dns::Name) -> Self::Future {
            let addrs = vec![
                (std::net::Ipv6Addr::LOCALHOST, 0).into(),
                (std::net::Ipv4Addr::LOCALHOST, 0).into(),
            ];
            std::future::ready(Ok(addrs.into_iter()))
        }
    }

    /// A host whose IPv6 route is dead (connects hang: a listener on [::1] whose accept queue is
    /// full drops every SYN) is reached over IPv4 within the connect timeout, through the same
    /// TLS-and-proxy dialer the `https://` endpoints use. Only the name's resolution is the test's.
    #[tokio::test]
    async fn a_dead_ipv6_route_falls_back_to_ipv4() {
        let ipv4 = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = ipv4.local_addr().unwrap().port();
        let app = axum::Router::new().route(
            "/stage/@connections/{id}",
            axum::routing::get(|| async { r#"{"connectedAt":"2026-12-03T10:00:00Z"}"# }),
        );
        tokio::spawn(async move { axum::serve(ipv4, app).await });

        let dead = std::net::TcpListener::bind(("::1", port)).unwrap();
        // SAFETY: `listen` on a socket this test owns; a backlog of 0 holds one pending connection.
        assert_eq!(
            unsafe { libc::listen(std::os::fd::AsRawFd::as_raw_fd(&dead), 0) },
            0
        );
        let _fills_the_queue = std::net::TcpStream::connect(("::1", port)).unwrap();
        let hangs = tokio::time::timeout(
            Duration::from_millis(500),
            tokio::net::TcpStream::connect(("::1", port)),
        )
        .await;
        assert!(hangs.is_err(), "the IPv6 route must be dead for this test");

        let endpoint = format!("http://dual-stack.test:{port}/stage");
        let uri: Uri = endpoint.parse().unwrap();
        let tcp = crate::aws::dial::configure_tcp(
            hyper_util::client::legacy::connect::HttpConnector::new_with_resolver(DeadIpv6First),
        );
        let no_proxies = hyper_util::client::proxy::matcher::Matcher::builder().build();
        let dialer = Dialer::with_tcp(tcp, &uri, false, &no_proxies);
        let credentials = Arc::new(KeptCredentials::new(
            aws_credential_types::provider::SharedCredentialsProvider::new(keys()),
        ));
        let api = ConnectionsApi::with_dialer(&endpoint, &uri, REGION, Some(credentials), dialer);
        let live = api.session().get("abc=").await.expect("reached over IPv4");
        assert_eq!(live.connected_at_ms, Some(1_796_292_000_000));
    }
}
