//! The Management API (`{endpoint}/@connections/{id}`: POST, GET, DELETE) through the generated
//! `aws-sdk-apigatewaymanagement` client: SigV4 signing, clock-skew correction, proxies
//! (`HTTPS_PROXY`, `NO_PROXY`), TLS and connection pooling come from the SDK and its HTTP client.
//! Retries do not: the delivery engine owns them (per-connection backoff, adaptive pacing), so each
//! call here is one attempt. CONTRIBUTING.md ("The @connections transport") says why this client and
//! what it costs.

use std::sync::Arc;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use bytes::Bytes;

use super::credentials::{KeptCredentials, Renewal};

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

/// A message body, shared by every target of a fan-out. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Payload {
    data: Bytes,
}

impl Payload {
    pub fn new(data: impl Into<Bytes>) -> Payload {
        Payload { data: data.into() }
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
    client: aws_sdk_apigatewaymanagement::Client,
    /// `https://{api}.execute-api.{region}.amazonaws.com/{stage}` (no trailing slash).
    endpoint: String,
    region: String,
    credentials: Option<Arc<KeptCredentials>>,
}

impl std::fmt::Debug for ConnectionsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionsApi")
            .field("endpoint", &self.inner.endpoint)
            .field("region", &self.inner.region)
            .finish()
    }
}

/// A caller's handle for a run of calls (a fan-out worker holds one). The SDK's HTTP client pools
/// and reuses the connections underneath.
pub struct Session {
    api: ConnectionsApi,
}

impl ConnectionsApi {
    /// `credentials`: the keys the client signs with, renewed on `ExpiredToken` (see
    /// [`ConnectionsApi::renew_credentials`]).
    pub fn new(
        endpoint: &str,
        region: &str,
        credentials: Option<Arc<KeptCredentials>>,
        client: aws_sdk_apigatewaymanagement::Client,
    ) -> ConnectionsApi {
        ConnectionsApi {
            inner: Arc::new(Inner {
                client,
                endpoint: endpoint.trim_end_matches('/').to_string(),
                region: region.to_string(),
                credentials,
            }),
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// A session for a run of calls.
    pub fn session(&self) -> Session {
        Session { api: self.clone() }
    }

    /// A call was answered `ExpiredToken`: fetch new keys once (see `aws::credentials`).
    pub fn renew_credentials(&self) -> Renewal {
        match &self.inner.credentials {
            Some(c) => c.renew(),
            None => Renewal::StillRefused,
        }
    }
}

impl Session {
    pub fn api(&self) -> &ConnectionsApi {
        &self.api
    }

    /// PostToConnection: `data` becomes one frame.
    pub async fn post(&mut self, id: &str, payload: &Payload) -> Result<(), CallError> {
        self.api
            .inner
            .client
            .post_to_connection()
            .connection_id(id)
            .data(aws_smithy_types::Blob::new(payload.data.to_vec()))
            .send()
            .await
            .map(|_| ())
            .map_err(call_error)
    }

    /// DeleteConnection.
    pub async fn delete(&mut self, id: &str) -> Result<(), CallError> {
        self.api
            .inner
            .client
            .delete_connection()
            .connection_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(call_error)
    }

    /// GetConnection.
    pub async fn get(&mut self, id: &str) -> Result<LiveConnection, CallError> {
        let out = self
            .api
            .inner
            .client
            .get_connection()
            .connection_id(id)
            .send()
            .await
            .map_err(call_error)?;
        let ms = |d: Option<&aws_smithy_types::DateTime>| {
            d.and_then(|d| d.to_millis().ok()).map(|m| m.max(0) as u64)
        };
        let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
        let identity = out.identity();
        Ok(LiveConnection {
            connected_at_ms: ms(out.connected_at()),
            last_active_at_ms: ms(out.last_active_at()),
            source_ip: text(identity.and_then(|i| i.source_ip())),
            user_agent: text(identity.and_then(|i| i.user_agent())),
        })
    }
}

/// An SDK error as the engine sorts it.
fn call_error<E>(err: SdkError<E, HttpResponse>) -> CallError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            let code = se.err().code().unwrap_or("").to_string();
            let message = match se.err().message() {
                Some(m) if !m.is_empty() => m.to_string(),
                _ => crate::error::body_message(se.raw()),
            };
            CallError::Status {
                status,
                code,
                message,
            }
        }
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
