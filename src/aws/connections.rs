//! The Management API (`{endpoint}/@connections/{id}`: POST, GET, DELETE) on a lean path: each request
//! is signed for `execute-api` by [`super::sigv4`] (tested equal to `aws-sigv4` and the SDK client) with
//! credentials from the shared `SdkConfig`, and sent on a kept-alive HTTP/1.1 connection of
//! [`super::http1`] (rustls for https) that the caller's [`Session`] holds from call to call.
//!
//! Why not the generated SDK client: a fan-out makes tens of thousands of identical small calls, and the
//! SDK's per-call orchestration (interceptors, endpoint resolution, retry and identity layers) cost more
//! CPU than the call itself (bench/REPORT-broadcast.md, bench/REPORT-sweep.md). Retries, backoff and
//! rate control belong to the delivery engine anyway. `WSCTL_MANAGEMENT_CLIENT=sdk` switches back to
//! the SDK client, for comparison.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tokio::sync::RwLock;

use super::http1::{Conn, Failure, Http1Client};
use super::sigv4::{sha256_hex, Keys, Request as SignedRequest, Signer};

/// Everything but RFC 3986's unreserved characters is escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Refresh credentials this long before they expire.
const REFRESH_BEFORE: Duration = Duration::from_secs(300);

/// How one @connections call failed.
#[derive(Debug, Clone)]
pub enum CallError {
    /// The service answered with an error status; `code` is the `x-amzn-ErrorType` (without its
    /// `:namespace` suffix) or the body's `__type`.
    Status {
        status: u16,
        code: String,
        message: String,
    },
    /// No answer: refused, reset, DNS, TLS.
    Transport(String),
    Timeout,
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

/// A message body with its SHA-256 worked out once: a fan-out signs the same payload for every
/// connection. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Payload {
    data: Bytes,
    sha256: Arc<str>,
}

impl Payload {
    pub fn new(data: impl Into<Bytes>) -> Payload {
        let data = data.into();
        let sha256 = sha256_hex(&data).into();
        Payload { data, sha256 }
    }

    /// The payload as text, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

/// SHA-256 of the empty body (GET and DELETE).
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// A Management API client for one endpoint (stage included). Cheap to clone.
#[derive(Clone)]
pub struct ConnectionsApi {
    inner: Arc<Inner>,
}

enum Transport {
    Lean(Box<Http1Client>),
    Sdk(aws_sdk_apigatewaymanagement::Client),
    /// The endpoint cannot be called (not an http(s) URL): every call reports why.
    Unusable(String),
}

struct Inner {
    transport: Transport,
    /// `https://{api}.execute-api.{region}.amazonaws.com/{stage}` (no trailing slash).
    endpoint: String,
    region: String,
    /// The Host header as sent and the path before `/@connections` (the stage), for signing.
    host: String,
    base_path: String,
    signer: Signer,
    provider: Option<SharedCredentialsProvider>,
    cached: RwLock<Option<Credentials>>,
    timeout: Duration,
}

impl std::fmt::Debug for ConnectionsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionsApi")
            .field("endpoint", &self.inner.endpoint)
            .field("region", &self.inner.region)
            .finish()
    }
}

/// A caller's own connection to the endpoint, reused call after call (a fan-out worker holds one);
/// it goes back to the shared pool when the session is dropped.
pub struct Session {
    api: ConnectionsApi,
    conn: Option<Conn>,
}

impl Drop for Session {
    fn drop(&mut self) {
        if let (Some(conn), Transport::Lean(client)) = (self.conn.take(), &self.api.inner.transport)
        {
            client.checkin(conn);
        }
    }
}

impl ConnectionsApi {
    pub fn new(
        endpoint: &str,
        region: &str,
        provider: Option<SharedCredentialsProvider>,
        sdk: aws_sdk_apigatewaymanagement::Client,
    ) -> ConnectionsApi {
        let use_sdk = std::env::var("WSCTL_MANAGEMENT_CLIENT").is_ok_and(|v| v == "sdk");
        let endpoint = endpoint.trim_end_matches('/').to_string();
        let (host, base_path) = host_and_base_path(&endpoint).unwrap_or_default();
        // The system's certificates are read only for an https endpoint (a local fleet needs none).
        let lean = url::Url::parse(&endpoint)
            .map_err(|e| e.to_string())
            .and_then(|url| {
                let tls = (url.scheme() == "https").then(tls_config);
                Http1Client::new(&url, tls)
            });
        let transport = match (use_sdk, lean) {
            (true, _) => Transport::Sdk(sdk),
            (false, Ok(client)) => Transport::Lean(Box::new(client)),
            (false, Err(e)) => {
                Transport::Unusable(format!("endpoint {endpoint} cannot be used: {e}"))
            }
        };
        ConnectionsApi {
            inner: Arc::new(Inner {
                transport,
                endpoint,
                region: region.to_string(),
                host,
                base_path,
                signer: Signer::new(region),
                provider,
                cached: RwLock::new(None),
                // One attempt; the engine retries. A call answers in milliseconds when all is well,
                // so a stuck one is cut off early rather than holding up the fan-out's tail.
                timeout: Duration::from_secs(5),
            }),
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// A session for a run of calls on one connection.
    pub fn session(&self) -> Session {
        Session {
            api: self.clone(),
            conn: None,
        }
    }

    /// The cached credentials; refreshed (by one caller, the others wait) when near expiry.
    async fn credentials(&self) -> Result<Credentials, CallError> {
        let fresh = |c: &Option<Credentials>| {
            c.as_ref()
                .filter(|c| {
                    c.expiry()
                        .is_none_or(|e| e > SystemTime::now() + REFRESH_BEFORE)
                })
                .cloned()
        };
        if let Some(c) = fresh(&*self.inner.cached.read().await) {
            return Ok(c);
        }
        let mut cached = self.inner.cached.write().await;
        if let Some(c) = fresh(&cached) {
            return Ok(c);
        }
        let provider = self.inner.provider.as_ref().ok_or_else(|| {
            CallError::Credentials("no credentials provider is configured".into())
        })?;
        let c = provider
            .provide_credentials()
            .await
            .map_err(|e| CallError::Credentials(crate::error::source_chain(&e)))?;
        *cached = Some(c.clone());
        Ok(c)
    }

    /// The request as it goes on the wire: signed head, then the body.
    async fn request(
        &self,
        method: &str,
        id: &str,
        body: &[u8],
        body_sha256: &str,
    ) -> Result<Vec<u8>, CallError> {
        use std::fmt::Write as _;
        let inner = &self.inner;
        let path = format!(
            "{}/@connections/{}",
            inner.base_path,
            utf8_percent_encode(id, SEGMENT)
        );
        let creds = self.credentials().await?;
        let content_type = (!body.is_empty()).then_some("application/octet-stream");
        let signed = inner.signer.sign(
            &SignedRequest {
                method,
                host: &inner.host,
                path: &path,
                content_type,
                payload_sha256: body_sha256,
            },
            &Keys {
                access_key_id: creds.access_key_id(),
                secret_access_key: creds.secret_access_key(),
                session_token: creds.session_token(),
            },
            SystemTime::now(),
        );
        // Header values come from credentials and the endpoint: refuse what would break the framing.
        let clean = |v: &str| !v.bytes().any(|b| b == b'\r' || b == b'\n');
        if !clean(&signed.authorization) || !signed.security_token.as_deref().is_none_or(clean) {
            return Err(CallError::Credentials(
                "credentials hold characters a header cannot".into(),
            ));
        }
        // Head and body go out in one buffer, one write; sized so that it never grows.
        let mut head = String::with_capacity(
            512 + signed.security_token.as_ref().map_or(0, |t| t.len()) + body.len(),
        );
        let _ = write!(
            head,
            "{method} {path} HTTP/1.1\r\nhost: {}\r\nx-amz-date: {}\r\nauthorization: {}\r\n",
            inner.host, signed.amz_date, signed.authorization
        );
        if let Some(token) = &signed.security_token {
            let _ = write!(head, "x-amz-security-token: {token}\r\n");
        }
        if let Some(ct) = content_type {
            let _ = write!(head, "content-type: {ct}\r\n");
        }
        if !body.is_empty() || method == "POST" {
            let _ = write!(head, "content-length: {}\r\n", body.len());
        }
        head.push_str(concat!(
            "user-agent: wsctl/",
            env!("CARGO_PKG_VERSION"),
            "\r\n\r\n"
        ));
        let mut wire = head.into_bytes();
        wire.extend_from_slice(body);
        Ok(wire)
    }
}

impl Session {
    /// PostToConnection: `data` becomes one frame.
    pub async fn post(&mut self, id: &str, payload: &Payload) -> Result<(), CallError> {
        match &self.api.inner.transport {
            Transport::Sdk(c) => c
                .post_to_connection()
                .connection_id(id)
                .data(aws_smithy_types::Blob::new(payload.data.to_vec()))
                .send()
                .await
                .map(|_| ())
                .map_err(from_sdk),
            _ => self
                .call("POST", id, &payload.data, &payload.sha256)
                .await
                .map(|_| ()),
        }
    }

    /// DeleteConnection.
    pub async fn delete(&mut self, id: &str) -> Result<(), CallError> {
        match &self.api.inner.transport {
            Transport::Sdk(c) => c
                .delete_connection()
                .connection_id(id)
                .send()
                .await
                .map(|_| ())
                .map_err(from_sdk),
            _ => self.call("DELETE", id, &[], EMPTY_SHA256).await.map(|_| ()),
        }
    }

    /// GetConnection.
    pub async fn get(&mut self, id: &str) -> Result<LiveConnection, CallError> {
        let Transport::Sdk(c) = &self.api.inner.transport else {
            let body = self.call("GET", id, &[], EMPTY_SHA256).await?;
            return parse_live(&body);
        };
        let out = c
            .get_connection()
            .connection_id(id)
            .send()
            .await
            .map_err(from_sdk)?;
        let ms = |d: Option<&aws_smithy_types::DateTime>| {
            d.and_then(|d| d.to_millis().ok()).map(|m| m.max(0) as u64)
        };
        let ident = out.identity();
        Ok(LiveConnection {
            connected_at_ms: ms(out.connected_at()),
            last_active_at_ms: ms(out.last_active_at()),
            source_ip: ident.and_then(|i| i.source_ip()).map(str::to_string),
            user_agent: ident.and_then(|i| i.user_agent()).map(str::to_string),
        })
    }

    async fn call(
        &mut self,
        method: &str,
        id: &str,
        body: &[u8],
        body_sha256: &str,
    ) -> Result<Bytes, CallError> {
        let api = self.api.clone();
        let inner = &api.inner;
        let client = match &inner.transport {
            Transport::Lean(client) => client,
            Transport::Unusable(why) => return Err(CallError::Transport(why.clone())),
            Transport::Sdk(_) => unreachable!("the SDK transport sends its own requests"),
        };
        let wire = api.request(method, id, body, body_sha256).await?;
        let exchange = async {
            // The connection is taken for the exchange and given back only when it ended cleanly,
            // so a timeout (which drops this future) also drops a connection in an unknown state.
            let mut conn = match self.conn.take() {
                Some(c) => c,
                None => client.checkout().await.map_err(transport)?,
            };
            let answer = match conn.roundtrip(&wire).await {
                // A kept-alive connection the server had already closed: the request never
                // reached it, so it goes once more on a new connection.
                Err(Failure::Stale) => {
                    conn = client.connect().await.map_err(transport)?;
                    conn.roundtrip(&wire).await
                }
                other => other,
            };
            match answer {
                Ok((response, keep_alive)) => {
                    if keep_alive {
                        self.conn = Some(conn);
                    }
                    Ok(response)
                }
                Err(Failure::Stale) => Err(CallError::Transport(
                    "the server closed the connection before answering".into(),
                )),
                Err(Failure::Io(e)) => Err(transport(e)),
            }
        };
        let response = match tokio::time::timeout(inner.timeout, exchange).await {
            Err(_) => return Err(CallError::Timeout),
            Ok(r) => r?,
        };
        if (200..300).contains(&response.status) {
            return Ok(response.body);
        }
        let json: serde_json::Value = serde_json::from_slice(&response.body).unwrap_or_default();
        let code = response
            .error_type
            .map(|v| v.split(':').next().unwrap_or("").to_string())
            .filter(|c| !c.is_empty())
            .or_else(|| {
                json["__type"]
                    .as_str()
                    .map(|t| t.rsplit('#').next().unwrap_or(t).to_string())
            })
            .unwrap_or_default();
        let message = json["message"]
            .as_str()
            .or_else(|| json["Message"].as_str())
            .unwrap_or("")
            .to_string();
        Err(CallError::Status {
            status: response.status,
            code,
            message,
        })
    }
}

fn transport(e: std::io::Error) -> CallError {
    CallError::Transport(crate::error::source_chain(&e))
}

/// The Host header as sent (no port when it is the scheme's default, which `url` drops) and the
/// endpoint's path (the stage).
fn host_and_base_path(endpoint: &str) -> Option<(String, String)> {
    let url = url::Url::parse(endpoint).ok()?;
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str()?),
        None => url.host_str()?.to_string(),
    };
    Some((host, url.path().trim_end_matches('/').to_string()))
}

/// TLS for https endpoints: the system's roots (none in a bare container: plain http, the local
/// fleet, still works and https fails at call time with a certificate error that says so).
///
/// Read once per process: a routed fan-out opens a client per endpoint, and the store holds
/// hundreds of files.
fn tls_config() -> rustls::ClientConfig {
    static CONFIG: std::sync::OnceLock<rustls::ClientConfig> = std::sync::OnceLock::new();
    CONFIG.get_or_init(load_tls_config).clone()
}

fn load_tls_config() -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("rustls' default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

fn parse_live(body: &[u8]) -> Result<LiveConnection, CallError> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| CallError::Transport(format!("GetConnection answered malformed JSON: {e}")))?;
    let ms = |k: &str| {
        v[k].as_str().and_then(|s| {
            aws_smithy_types::DateTime::from_str(s, aws_smithy_types::date_time::Format::DateTime)
                .ok()
                .and_then(|d| d.to_millis().ok())
                .map(|m| m.max(0) as u64)
        })
    };
    let text = |k: &str| {
        v["identity"][k]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Ok(LiveConnection {
        connected_at_ms: ms("connectedAt"),
        last_active_at_ms: ms("lastActiveAt"),
        source_ip: text("sourceIp"),
        user_agent: text("userAgent"),
    })
}

fn from_sdk<E>(
    err: aws_smithy_runtime_api::client::result::SdkError<
        E,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
) -> CallError
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
{
    use aws_smithy_runtime_api::client::result::SdkError;
    match &err {
        SdkError::ServiceError(se) => CallError::Status {
            status: se.raw().status().as_u16(),
            code: se.err().code().unwrap_or("").to_string(),
            message: se.err().message().unwrap_or("").to_string(),
        },
        SdkError::TimeoutError(_) => CallError::Timeout,
        _ => {
            let text = crate::error::source_chain(&err);
            if text.contains("redential") {
                CallError::Credentials(text)
            } else {
                CallError::Transport(text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    use aws_sigv4::sign::v4;
    use aws_smithy_runtime_api::client::identity::Identity;

    /// The general signer, as the reference the specialised one must match.
    /// Sign `req` for `execute-api` in `region` (headers are added to the request).
    fn sign_request(
        req: &mut http::Request<()>,
        body: &[u8],
        creds: &Credentials,
        region: &str,
        time: SystemTime,
    ) -> Result<(), CallError> {
        let identity: Identity = creds.clone().into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name("execute-api")
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| CallError::Credentials(format!("cannot sign: {e}")))?
            .into();
        let uri = req.uri().to_string();
        let headers: Vec<(&str, &str)> = req
            .headers()
            .iter()
            .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str(), v)))
            .collect();
        let signable = SignableRequest::new(
            req.method().as_str(),
            &uri,
            headers.into_iter(),
            SignableBody::Bytes(body),
        )
        .map_err(|e| CallError::Transport(format!("cannot sign {uri}: {e}")))?;
        let (instructions, _) = sign(signable, &params)
            .map_err(|e| CallError::Credentials(format!("cannot sign: {e}")))?
            .into_parts();
        instructions.apply_to_request_http1x(req);
        Ok(())
    }

    #[test]
    fn ids_are_escaped_as_one_path_segment() {
        assert_eq!(
            utf8_percent_encode("L0SM9cOFvHcCIhw=", SEGMENT).to_string(),
            "L0SM9cOFvHcCIhw%3D"
        );
        assert_eq!(
            utf8_percent_encode("a/b+c", SEGMENT).to_string(),
            "a%2Fb%2Bc"
        );
    }

    /// The signature must be the one the SDK's own client computes for the same call (the local
    /// fleet accepts any signature, so this is what guards real AWS).
    #[tokio::test]
    async fn signs_exactly_like_the_sdk_client() {
        use aws_config::{BehaviorVersion, Region};
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_000_000);
        let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()), None, "test");
        let endpoint = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod";
        for (method, body) in [
            ("POST", &b"hello"[..]),
            ("GET", &b""[..]),
            ("DELETE", &b""[..]),
        ] {
            let (http_client, rx) = aws_smithy_http_client::test_util::capture_request(None);
            let conf = aws_sdk_apigatewaymanagement::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("eu-west-1"))
                .credentials_provider(creds.clone())
                .endpoint_url(endpoint)
                .http_client(http_client)
                .time_source(aws_smithy_async::time::StaticTimeSource::new(time))
                .build();
            let sdk = aws_sdk_apigatewaymanagement::Client::from_conf(conf);
            let id = "L0SM9cOFvHcCIhw=";
            match method {
                "POST" => {
                    let _ = sdk
                        .post_to_connection()
                        .connection_id(id)
                        .data(aws_smithy_types::Blob::new(body.to_vec()))
                        .send()
                        .await;
                }
                "GET" => {
                    let _ = sdk.get_connection().connection_id(id).send().await;
                }
                _ => {
                    let _ = sdk.delete_connection().connection_id(id).send().await;
                }
            }
            let want = rx.expect_request();
            let uri = format!(
                "{endpoint}/@connections/{}",
                utf8_percent_encode(id, SEGMENT)
            );
            assert_eq!(want.uri(), uri);
            let mut req = http::Request::builder()
                .method(method)
                .uri(&uri)
                .body(())
                .unwrap();
            if !body.is_empty() {
                req.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static("application/octet-stream"),
                );
            }
            // The SDK also signs two headers wsctl does not send; sign the same set to compare.
            for h in ["content-length", "x-amz-user-agent"] {
                if let Some(v) = want.headers().get(h) {
                    req.headers_mut()
                        .insert(h, http::HeaderValue::from_str(v).unwrap());
                }
            }
            sign_request(&mut req, body, &creds, "eu-west-1", time).unwrap();
            for h in ["authorization", "x-amz-date", "x-amz-security-token"] {
                assert_eq!(
                    req.headers().get(h).and_then(|v| v.to_str().ok()),
                    want.headers().get(h),
                    "{method} {h}"
                );
            }
        }
    }

    /// The specialised signer must produce exactly what the general one does for the requests wsctl
    /// sends: any method, ids that need escaping, with and without a session token, any endpoint.
    #[test]
    fn the_specialised_signer_matches_the_general_one() {
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_003_723);
        for endpoint in [
            "https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
            "http://127.0.0.1:34021/local",
            "http://[::1]:34021/local",
            "https://ws.example.com",
        ] {
            let (host, base) = host_and_base_path(endpoint).unwrap();
            for token in [None, Some("FwoGZXIvYXdzEJr//token+/=")] {
                let creds = Credentials::new(
                    "AKIDEXAMPLE",
                    "wJalr/K7MDENG+bPxRfiCY",
                    token.map(str::to_string),
                    None,
                    "test",
                );
                for (method, body) in [
                    ("POST", &b"{\"a\":1}"[..]),
                    ("GET", &b""[..]),
                    ("DELETE", &b""[..]),
                ] {
                    for id in ["L0SM9cOFvHcCIhw=", "a/b+c d", "plain"] {
                        let escaped = utf8_percent_encode(id, SEGMENT).to_string();
                        let mut req = http::Request::builder()
                            .method(method)
                            .uri(format!("{endpoint}/@connections/{escaped}"))
                            .body(())
                            .unwrap();
                        let content_type = (!body.is_empty()).then_some("application/octet-stream");
                        if let Some(ct) = content_type {
                            req.headers_mut().insert(
                                http::header::CONTENT_TYPE,
                                http::HeaderValue::from_static(ct),
                            );
                        }
                        sign_request(&mut req, body, &creds, "eu-west-1", time).unwrap();
                        let ours = Signer::new("eu-west-1").sign(
                            &SignedRequest {
                                method,
                                host: &host,
                                path: &format!("{base}/@connections/{escaped}"),
                                content_type,
                                payload_sha256: &sha256_hex(body),
                            },
                            &Keys {
                                access_key_id: creds.access_key_id(),
                                secret_access_key: creds.secret_access_key(),
                                session_token: creds.session_token(),
                            },
                            time,
                        );
                        let header = |h: &str| {
                            req.headers()
                                .get(h)
                                .map(|v| v.to_str().unwrap().to_string())
                        };
                        assert_eq!(
                            Some(ours.authorization),
                            header("authorization"),
                            "{method} {endpoint} {id}"
                        );
                        assert_eq!(Some(ours.amz_date), header("x-amz-date"));
                        assert_eq!(ours.security_token, header("x-amz-security-token"));
                    }
                }
            }
        }
    }

    /// One request off `sock`: the head up to the blank line, then Content-Length bytes of body.
    async fn read_request(sock: &mut tokio::net::TcpStream) -> String {
        use tokio::io::AsyncReadExt;
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = sock.read(&mut buf).await.unwrap();
            assert!(n > 0, "client closed before a whole request");
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let len = text[..end]
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                if got.len() >= end + 4 + len {
                    return text;
                }
            }
        }
    }

    /// A session keeps its connection from call to call; when the server has closed it meanwhile,
    /// the call goes again on a new connection, and error answers are classified by their type.
    #[tokio::test]
    async fn a_session_reuses_its_connection_and_resends_once_when_the_server_closed_it() {
        use tokio::io::AsyncWriteExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/stage", listener.local_addr().unwrap());
        let (closed_tx, closed_rx) = tokio::sync::oneshot::channel();
        let server = tokio::spawn(async move {
            let (mut first, _) = listener.accept().await.unwrap();
            let mut requests = vec![read_request(&mut first).await];
            first
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .await
                .unwrap();
            requests.push(read_request(&mut first).await);
            first
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .await
                .unwrap();
            drop(first); // an idle keep-alive connection closed by the server
            closed_tx.send(()).unwrap();
            let (mut second, _) = listener.accept().await.unwrap();
            requests.push(read_request(&mut second).await);
            second
                .write_all(b"HTTP/1.1 410 Gone\r\nx-amzn-ErrorType: GoneException\r\nContent-Length: 18\r\n\r\n{\"message\":\"Gone\"}")
                .await
                .unwrap();
            requests
        });
        let creds = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let conf = aws_sdk_apigatewaymanagement::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(creds.clone())
            .endpoint_url(&endpoint)
            .build();
        let api = ConnectionsApi::new(
            &endpoint,
            "us-east-1",
            Some(SharedCredentialsProvider::new(creds)),
            aws_sdk_apigatewaymanagement::Client::from_conf(conf),
        );
        let payload = Payload::new(Bytes::from_static(b"hello"));
        let mut session = api.session();
        session.post("abc=", &payload).await.unwrap();
        session.post("abc=", &payload).await.unwrap();
        closed_rx.await.unwrap();
        match session.post("abc=", &payload).await {
            Err(CallError::Status {
                status,
                code,
                message,
            }) => {
                assert_eq!(
                    (status, code.as_str(), message.as_str()),
                    (410, "GoneException", "Gone")
                )
            }
            other => panic!("expected 410 GoneException, got {other:?}"),
        }
        let requests = server.await.unwrap();
        assert_eq!(
            requests.len(),
            3,
            "two calls on the first connection, one on the second"
        );
        for r in &requests {
            assert!(
                r.starts_with("POST /stage/@connections/abc%3D HTTP/1.1\r\n"),
                "{r}"
            );
            assert!(
                r.contains("\r\nauthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
                "{r}"
            );
            assert!(r.contains("\r\ncontent-length: 5\r\n"), "{r}");
            assert!(r.ends_with("\r\n\r\nhello"), "{r}");
        }
    }

    #[test]
    fn the_empty_body_hash_is_sha256_of_nothing() {
        assert_eq!(EMPTY_SHA256, sha256_hex(b""));
        let p = Payload::new(Bytes::from_static(b"hello"));
        assert_eq!(&*p.sha256, sha256_hex(b"hello"));
    }

    #[test]
    fn get_connection_answer_is_parsed() {
        let live = parse_live(
            br#"{"connectedAt":"2026-11-25T10:00:00.000Z","lastActiveAt":"2026-11-25T10:00:05.250Z","identity":{"sourceIp":"192.0.2.1","userAgent":"ua"}}"#,
        )
        .unwrap();
        assert_eq!(
            live.last_active_at_ms.unwrap() - live.connected_at_ms.unwrap(),
            5250
        );
        assert_eq!(live.source_ip.as_deref(), Some("192.0.2.1"));
        assert!(parse_live(b"not json").is_err());
    }
}
