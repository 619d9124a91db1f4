//! The Management API (`{endpoint}/@connections/{id}`: POST, GET, DELETE) on a lean path: each request
//! is signed for `execute-api` by [`super::sigv4`] (tested equal to `aws-sigv4` and the SDK client) with
//! credentials from the shared `SdkConfig`, and sent on one pooled hyper client (rustls, HTTP/1.1
//! keep-alive).
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
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tokio::sync::RwLock;

use super::sigv4::{Keys, Request as SignedRequest, Signer};

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

type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A Management API client for one endpoint (stage included). Cheap to clone.
#[derive(Clone)]
pub struct ConnectionsApi {
    inner: Arc<Inner>,
}

enum Transport {
    Lean(Box<HttpsClient>),
    Sdk(aws_sdk_apigatewaymanagement::Client),
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

impl ConnectionsApi {
    pub fn new(
        endpoint: &str,
        region: &str,
        provider: Option<SharedCredentialsProvider>,
        sdk: aws_sdk_apigatewaymanagement::Client,
    ) -> ConnectionsApi {
        let use_sdk = std::env::var("WSCTL_MANAGEMENT_CLIENT").is_ok_and(|v| v == "sdk");
        let transport = if use_sdk {
            Transport::Sdk(sdk)
        } else {
            Transport::Lean(Box::new(https_client()))
        };
        let endpoint = endpoint.trim_end_matches('/').to_string();
        let (host, base_path) = host_and_base_path(&endpoint).unwrap_or_default();
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

    /// PostToConnection: `data` becomes one frame.
    pub async fn post(&self, id: &str, data: Bytes) -> Result<(), CallError> {
        match &self.inner.transport {
            Transport::Lean(client) => self
                .call(client, http::Method::POST, id, data)
                .await
                .map(|_| ()),
            Transport::Sdk(c) => c
                .post_to_connection()
                .connection_id(id)
                .data(aws_smithy_types::Blob::new(data.to_vec()))
                .send()
                .await
                .map(|_| ())
                .map_err(from_sdk),
        }
    }

    /// DeleteConnection.
    pub async fn delete(&self, id: &str) -> Result<(), CallError> {
        match &self.inner.transport {
            Transport::Lean(client) => self
                .call(client, http::Method::DELETE, id, Bytes::new())
                .await
                .map(|_| ()),
            Transport::Sdk(c) => c
                .delete_connection()
                .connection_id(id)
                .send()
                .await
                .map(|_| ())
                .map_err(from_sdk),
        }
    }

    /// GetConnection.
    pub async fn get(&self, id: &str) -> Result<LiveConnection, CallError> {
        let c = match &self.inner.transport {
            Transport::Lean(client) => {
                let body = self
                    .call(client, http::Method::GET, id, Bytes::new())
                    .await?;
                return parse_live(&body);
            }
            Transport::Sdk(c) => c,
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

    async fn call(
        &self,
        client: &HttpsClient,
        method: http::Method,
        id: &str,
        body: Bytes,
    ) -> Result<Bytes, CallError> {
        let escaped = utf8_percent_encode(id, SEGMENT).to_string();
        let uri = format!("{}/@connections/{escaped}", self.inner.endpoint);
        let creds = self.credentials().await?;
        let content_type = (!body.is_empty()).then_some("application/octet-stream");
        let signed = self.inner.signer.sign(
            &SignedRequest {
                method: method.as_str(),
                host: &self.inner.host,
                path: &format!("{}/@connections/{escaped}", self.inner.base_path),
                content_type,
                body: &body,
            },
            &Keys {
                access_key_id: creds.access_key_id(),
                secret_access_key: creds.secret_access_key(),
                session_token: creds.session_token(),
            },
            SystemTime::now(),
        );
        let mut req = http::Request::builder()
            .method(method)
            .uri(&uri)
            .body(Full::new(body))
            .map_err(|e| CallError::Transport(format!("bad request for {uri}: {e}")))?;
        let headers = req.headers_mut();
        if let Some(ct) = content_type {
            headers.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(ct),
            );
        }
        let value = |v: String| {
            http::HeaderValue::try_from(v).map_err(|_| {
                CallError::Credentials("credentials hold characters a header cannot".into())
            })
        };
        headers.insert("x-amz-date", value(signed.amz_date)?);
        headers.insert(http::header::AUTHORIZATION, value(signed.authorization)?);
        if let Some(token) = signed.security_token {
            headers.insert("x-amz-security-token", value(token)?);
        }
        let res = tokio::time::timeout(self.inner.timeout, async {
            let res = client
                .request(req)
                .await
                .map_err(|e| CallError::Transport(crate::error::source_chain(&e)))?;
            let status = res.status().as_u16();
            let header_code = res
                .headers()
                .get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(':').next().unwrap_or("").to_string());
            let bytes = res
                .into_body()
                .collect()
                .await
                .map_err(|e| CallError::Transport(crate::error::source_chain(&e)))?
                .to_bytes();
            Ok::<_, CallError>((status, header_code, bytes))
        })
        .await;
        let (status, header_code, bytes) = match res {
            Err(_) => return Err(CallError::Timeout),
            Ok(r) => r?,
        };
        if (200..300).contains(&status) {
            return Ok(bytes);
        }
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let code = header_code
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
            status,
            code,
            message,
        })
    }
}

/// The Host header hyper sends (no port when it is the scheme's default, which `url` drops) and the
/// endpoint's path (the stage).
fn host_and_base_path(endpoint: &str) -> Option<(String, String)> {
    let url = url::Url::parse(endpoint).ok()?;
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str()?),
        None => url.host_str()?.to_string(),
    };
    Some((host, url.path().trim_end_matches('/').to_string()))
}

fn https_client() -> HttpsClient {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = hyper_rustls::HttpsConnectorBuilder::new();
    let builder = match builder.with_provider_and_native_roots(provider.clone()) {
        Ok(b) => b,
        // No system roots (a bare container): plain http (the local fleet) still works; https
        // fails at call time with a certificate error that says so.
        Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .expect("rustls' default protocol versions")
                .with_root_certificates(rustls::RootCertStore::empty())
                .with_no_client_auth(),
        ),
    };
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(Duration::from_secs(3)));
    let connector = builder.https_or_http().enable_http1().wrap_connector(http);
    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(1024)
        .build(connector)
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
        req: &mut http::Request<Full<Bytes>>,
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
                .body(Full::new(Bytes::copy_from_slice(body)))
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
                            .body(Full::new(Bytes::copy_from_slice(body)))
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
                                body,
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
