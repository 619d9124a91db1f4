//! Typed errors with documented exit codes.
//!
//! Every failure that reaches `main` is an [`Error`]: a kind (which decides the exit code), a one-line
//! headline, an optional cause and an optional hint that names the fix. SDK errors are classified here,
//! once, so no command prints raw SDK debug output.

use std::fmt;
use std::process::ExitCode;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, coarsely; each kind has one documented exit code (see README "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad arguments or input (payload, ids, durations): exit 2.
    Usage,
    /// A malformed or missing config file / fleet: exit 3.
    Config,
    /// The AWS service (or the local stand-in) refused or failed the request: exit 4.
    Service,
    /// A named resource (table, API, connection) does not exist: exit 4.
    NotFound,
    /// Credentials missing, expired or rejected: exit 4.
    Credentials,
    /// An endpoint could not be reached (DNS, refused, timeout): exit 4.
    Unreachable,
    /// A fleet operation finished but some targets failed: exit 5.
    PartialFailure,
    /// `provision --check` found differences: exit 6.
    Drift,
    /// The endpoint guard stopped a run whose answers were all 410 Gone (a wrong endpoint?): exit 8.
    EndpointGuard,
    /// A destructive operation was not confirmed: exit 7.
    Aborted,
    /// Interrupted by Ctrl-C / SIGTERM: exit 130.
    Interrupted,
    /// A bug or an unexpected local failure (I/O): exit 1.
    Internal,
}

impl ErrorKind {
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Internal => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Config => 3,
            ErrorKind::Service
            | ErrorKind::NotFound
            | ErrorKind::Credentials
            | ErrorKind::Unreachable => 4,
            ErrorKind::PartialFailure => 5,
            ErrorKind::Drift => 6,
            ErrorKind::Aborted => 7,
            ErrorKind::EndpointGuard => 8,
            ErrorKind::Interrupted => 130,
        }
    }
}

#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub cause: Option<String>,
    pub hint: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            cause: None,
            hint: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }
    pub fn service(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Service, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.cause = Some(cause.into());
        self
    }
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }

    /// Classify an SDK error. `context` is a lowercase fragment such as "failed to scan table t".
    pub fn from_sdk<E>(context: impl Into<String>, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let context = context.into();
        match &err {
            SdkError::DispatchFailure(d) => {
                let text = source_chain(&err);
                if d.is_io() || d.is_timeout() || text.contains("onnect") || text.contains("dns") {
                    Error::new(ErrorKind::Unreachable, context)
                        .with_cause(format!("endpoint unreachable: {}", short(&text)))
                        .with_hint("check the endpoint URL, the region and your network; for the local fleet run `wsctl local serve`")
                } else if text.contains("credential") || text.contains("Credential") {
                    credentials_error(context, &text)
                } else {
                    Error::new(ErrorKind::Unreachable, context).with_cause(short(&text))
                }
            }
            SdkError::TimeoutError(_) => Error::new(ErrorKind::Unreachable, context)
                .with_cause("request timed out")
                .with_hint("check the endpoint URL and the region"),
            SdkError::ConstructionFailure(_) => {
                let text = source_chain(&err);
                if text.contains("credential") || text.contains("Credential") {
                    credentials_error(context, &text)
                } else {
                    Error::new(ErrorKind::Internal, context).with_cause(short(&text))
                }
            }
            SdkError::ServiceError(se) => {
                let code = se.err().code().unwrap_or("");
                let message = se.err().message().unwrap_or("");
                if code.is_empty() && message.is_empty() {
                    // Not an AWS error shape (a proxy, a wrong host): say what came back.
                    Error::new(ErrorKind::Service, context).with_cause(unshaped_answer(se.raw()))
                } else {
                    Error::from_service_code(context, code, message)
                }
            }
            SdkError::ResponseError(re) => {
                Error::new(ErrorKind::Service, context).with_cause(unshaped_answer(re.raw()))
            }
            _ => Error::new(ErrorKind::Service, context).with_cause(short(&source_chain(&err))),
        }
    }
}

impl Error {
    /// Classify a service's error answer by its error code (`x-amzn-ErrorType` / `__type`).
    pub fn from_service_code(context: impl Into<String>, code: &str, message: &str) -> Self {
        let context = context.into();
        let detail = if message.is_empty() {
            code.to_string()
        } else {
            format!("{code}: {message}")
        };
        match code {
            "ResourceNotFoundException" | "NotFoundException" => {
                Error::new(ErrorKind::NotFound, context).with_cause(detail)
            }
            "ExpiredTokenException"
            | "ExpiredToken"
            | "UnrecognizedClientException"
            | "InvalidSignatureException"
            | "InvalidClientTokenId"
            | "MissingAuthenticationTokenException"
            | "IncompleteSignature"
            | "IncompleteSignatureException" => credentials_error(context, &detail),
            "AccessDeniedException" | "ForbiddenException" => {
                Error::new(ErrorKind::Credentials, context)
                    .with_cause(detail)
                    .with_hint("the credentials lack permission: `wsctl iam-policy` prints the policy wsctl needs; a 403 from @connections can also mean the endpoint's stage is wrong")
            }
            _ => Error::new(ErrorKind::Service, context).with_cause(detail),
        }
    }

    /// Credentials could not be resolved or were refused.
    pub fn credentials(context: impl Into<String>, detail: &str) -> Self {
        credentials_error(context.into(), detail)
    }
}

/// "HTTP 404 Not Found: <the body's message or its first line>" for an answer with no AWS error code.
fn unshaped_answer(raw: &HttpResponse) -> String {
    let status = raw.status();
    let reason = http::StatusCode::from_u16(status.as_u16())
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let message = body_message(raw);
    let head = format!("HTTP {} {reason}", status.as_u16());
    if message.is_empty() {
        format!("{} (empty body)", head.trim_end())
    } else {
        format!(
            "{}: {}",
            head.trim_end(),
            short(&crate::sanitize::terminal_safe(&message))
        )
    }
}

/// The message of an answer's body: a JSON `message` (or its other spellings), else its first line.
pub fn body_message(raw: &HttpResponse) -> String {
    message_of_body(raw.body().bytes().unwrap_or_default())
}

/// The message of an error body: a JSON `message` (or its other spellings), else its first line.
pub fn message_of_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            ["message", "Message", "errorMessage", "error"]
                .iter()
                .find_map(|k| v.get(*k).and_then(|m| m.as_str()).map(str::to_string))
        })
        .unwrap_or_else(|| {
            text.lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .to_string()
        })
}

fn credentials_error(context: String, detail: &str) -> Error {
    Error::new(ErrorKind::Credentials, context)
        .with_cause(short(detail))
        .with_hint("credentials are missing or expired: run `aws sso login` (or `aws configure`), pass --profile, or set AWS_PROFILE / AWS_ACCESS_KEY_ID")
}

/// The error and its sources on one line, for classification and as the printed cause.
pub fn source_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut src = err.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !parts.iter().any(|p| p == &t) {
            parts.push(t);
        }
        src = s.source();
    }
    parts.join(": ")
}

fn short(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() > 300 {
        let cut: String = one_line.chars().take(300).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(c) = &self.cause {
            write!(f, ": {c}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::internal(format!("i/o error: {e}"))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::internal(format!("json error: {e}"))
    }
}
