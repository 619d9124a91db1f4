//! The one AWS client layer. Every DynamoDB, apigatewayv2, Lambda and Management API client in wsctl
//! is built here, from one `SdkConfig`, so they share the credential chain (kept and renewed by
//! [`credentials::KeptCredentials`]), the region, the retry and timeout settings and the SDK's
//! HTTP stack (`aws-smithy-http-client`): rustls, the system's certificates (`SSL_CERT_FILE`
//! honoured), `HTTPS_PROXY` / `NO_PROXY`, clock-skew correction. The Management API client
//! ([`connections`]) signs with `aws-sigv4` and sends through that same stack without the generated
//! client's per-call orchestration. Loopback endpoints (the local fleet) get plain HTTP: no
//! certificate store to read, and never a proxy.

pub mod connections;
pub mod credentials;
pub mod dial;

use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;

use crate::error::{Error, Result};

/// Makes the Management API client of another endpoint: (endpoint, signing region).
pub type ApiFactory = Arc<dyn Fn(&str, &str) -> connections::ConnectionsApi + Send + Sync>;

/// Where the clients point. Built from the resolved global options (flag > env > fleet > default).
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub dynamodb_endpoint: Option<String>,
    pub apigw_endpoint: Option<String>,
    /// The Management API endpoint, including the stage.
    pub management_endpoint: Option<String>,
}

/// The clients wsctl uses, built once per process and shared (they are cheap to clone).
#[derive(Clone, Debug)]
pub struct Clients {
    pub region: String,
    dynamodb: aws_sdk_dynamodb::Client,
    /// Built on first use: building an SDK client over https reads the system's certificate store,
    /// and only `provision` calls the control plane.
    apigw: std::sync::OnceLock<aws_sdk_apigatewayv2::Client>,
    apigw_config: aws_sdk_apigatewayv2::Config,
    /// Built on first use, like `apigw`: only `provision` (Lambda invoke permissions) calls Lambda.
    lambda: std::sync::OnceLock<aws_sdk_lambda::Client>,
    lambda_config: aws_sdk_lambda::Config,
    management: Option<connections::ConnectionsApi>,
    management_endpoint: Option<String>,
    kept: Option<SharedKeptCredentials>,
}

/// Access key used against loopback endpoints when no credentials are configured. DynamoDB Local
/// requires an alphanumeric key id; the emulator accepts any signature.
const LOCAL_ACCESS_KEY: &str = "wsctllocal";
const LOCAL_SECRET_KEY: &str = "wsctllocal";

impl Clients {
    /// The clients of one run: one SDK configuration (region, credentials, retries, timeouts), then
    /// each service's endpoint on top of it.
    pub async fn new(settings: &ClientSettings) -> Result<Self> {
        let management_endpoint = settings
            .management_endpoint
            .as_deref()
            .map(normalize_management_endpoint)
            .transpose()?;
        let loader = sdk_loader(settings, management_endpoint.as_deref())?;
        let (sdk, kept) = keep_credentials(loader.load().await);
        let region = sdk.region().map(|r| r.to_string()).ok_or_else(|| {
            Error::usage("no AWS region configured")
                .with_hint("pass --region, set AWS_REGION, or set a region in your AWS profile")
        })?;

        let (ddb, v2, lambda) = service_configs(settings, &sdk)?;
        let management = management_endpoint
            .as_ref()
            .map(|e| management_api(kept.clone(), e, &region));
        Ok(Clients {
            region,
            dynamodb: aws_sdk_dynamodb::Client::from_conf(ddb),
            apigw: std::sync::OnceLock::new(),
            apigw_config: v2,
            lambda: std::sync::OnceLock::new(),
            lambda_config: lambda,
            management,
            management_endpoint,
            kept,
        })
    }

    /// Makes the Management API client of another endpoint, signing for the given region.
    pub fn management_factory(&self) -> ApiFactory {
        let kept = self.kept.clone();
        std::sync::Arc::new(move |endpoint: &str, region: &str| {
            management_api(kept.clone(), endpoint, region)
        })
    }

    /// A DynamoDB client for one endpoint (used by the local emulator's recorder).
    pub async fn for_dynamodb_endpoint(endpoint: &str) -> Result<aws_sdk_dynamodb::Client> {
        let c = Clients::new(&ClientSettings {
            dynamodb_endpoint: Some(endpoint.to_string()),
            ..Default::default()
        })
        .await?;
        Ok(c.dynamodb)
    }

    pub fn dynamodb(&self) -> &aws_sdk_dynamodb::Client {
        &self.dynamodb
    }

    pub fn apigw(&self) -> &aws_sdk_apigatewayv2::Client {
        self.apigw
            .get_or_init(|| aws_sdk_apigatewayv2::Client::from_conf(self.apigw_config.clone()))
    }

    pub fn lambda(&self) -> &aws_sdk_lambda::Client {
        self.lambda
            .get_or_init(|| aws_sdk_lambda::Client::from_conf(self.lambda_config.clone()))
    }

    /// The Management API client; an error that names the fix when no endpoint was given.
    pub fn management(&self) -> Result<&connections::ConnectionsApi> {
        self.management.as_ref().ok_or_else(|| {
            Error::usage("no Management API endpoint given")
                .with_hint("pass --endpoint https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (or set WSCTL_ENDPOINT, or `endpoint` in a --fleet)")
        })
    }

    pub fn management_endpoint(&self) -> Option<&str> {
        self.management_endpoint.as_deref()
    }
}

/// The SDK configuration loader: retries and timeouts, the profile, the region (checked against the
/// Management API endpoint's), and static local credentials for a fleet on loopback.
fn sdk_loader(
    settings: &ClientSettings,
    management_endpoint: Option<&str>,
) -> Result<aws_config::ConfigLoader> {
    let endpoints: Vec<&str> = [
        settings.dynamodb_endpoint.as_deref(),
        settings.apigw_endpoint.as_deref(),
        management_endpoint,
    ]
    .into_iter()
    .flatten()
    .collect();
    // The local fleet needs no set-up: when every endpoint given is on loopback (and at least the
    // DynamoDB one is), and the user named no credentials, use static local ones and a default region.
    let all_local =
        settings.dynamodb_endpoint.is_some() && endpoints.iter().all(|e| is_loopback_url(e));
    let user_named_credentials = settings.profile.is_some()
        || std::env::var_os("AWS_PROFILE").is_some()
        || std::env::var_os("AWS_ACCESS_KEY_ID").is_some();

    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(4))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3))
                .operation_attempt_timeout(Duration::from_secs(15))
                .build(),
        );
    if let Some(p) = &settings.profile {
        loader = loader.profile_name(p);
    }
    let region_hint = settings
        .region
        .clone()
        .or_else(|| std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
        .or_else(|| {
            std::env::var("AWS_DEFAULT_REGION")
                .ok()
                .filter(|r| !r.is_empty())
        })
        .or_else(|| management_endpoint.and_then(region_from_endpoint));
    if let Some(r) = &region_hint {
        check_region(r)?;
        if let Some(ep_region) = management_endpoint.and_then(region_from_endpoint) {
            if &ep_region != r {
                return Err(Error::usage(format!(
                    "--endpoint is in region {ep_region} but the region is {r}: requests would be signed for the wrong region"
                ))
                .with_hint(format!("pass --region {ep_region} (or fix AWS_REGION / the profile)")));
            }
        }
        loader = loader.region(Region::new(r.clone()));
    } else if all_local {
        loader = loader.region(Region::new("us-east-1"));
    }
    if all_local && !user_named_credentials {
        loader = loader.credentials_provider(Credentials::new(
            LOCAL_ACCESS_KEY,
            LOCAL_SECRET_KEY,
            None,
            None,
            "wsctl-local",
        ));
    }
    Ok(loader)
}

/// DynamoDB, apigatewayv2 and Lambda configurations: the SDK's, with the endpoints given.
fn service_configs(
    settings: &ClientSettings,
    sdk: &aws_config::SdkConfig,
) -> Result<(
    aws_sdk_dynamodb::Config,
    aws_sdk_apigatewayv2::Config,
    aws_sdk_lambda::Config,
)> {
    let mut ddb = aws_sdk_dynamodb::config::Builder::from(sdk);
    if let Some(e) = &settings.dynamodb_endpoint {
        ddb = ddb.endpoint_url(check_url("--dynamodb-endpoint", e)?);
        if is_plain_http(e) {
            ddb = ddb.http_client(plain_http_client());
        }
    }
    let mut v2 = aws_sdk_apigatewayv2::config::Builder::from(sdk);
    if let Some(e) = &settings.apigw_endpoint {
        v2 = v2.endpoint_url(check_url("--apigw-endpoint", e)?);
        if is_plain_http(e) {
            v2 = v2.http_client(plain_http_client());
        }
    }
    // Lambda has no endpoint flag of its own: on loopback (the local fleet, moto) it is served
    // on the apigatewayv2 endpoint's port; elsewhere the SDK's regional endpoint is used.
    let mut lambda = aws_sdk_lambda::config::Builder::from(sdk);
    if let Some(e) = settings
        .apigw_endpoint
        .as_deref()
        .filter(|e| is_loopback_url(e))
    {
        lambda = lambda.endpoint_url(check_url("--apigw-endpoint", e)?);
        if is_plain_http(e) {
            lambda = lambda.http_client(plain_http_client());
        }
    }
    Ok((ddb.build(), v2.build(), lambda.build()))
}

/// Whether an endpoint gets the plain-http client: an http:// URL on loopback (the local fleet, a
/// test server). Other http:// endpoints go through the default client, which honours proxies.
fn is_plain_http(endpoint: &str) -> bool {
    endpoint
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        && is_loopback_url(endpoint)
}

/// An SDK HTTP client without TLS or proxies, for loopback: the default client reads every
/// certificate of the system's store when a client is built, which a local fleet does not need.
fn plain_http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new().build_http()
}

/// Every client signs with [`credentials::KeptCredentials`] around the chain's provider, instead of the
/// SDK's identity cache: it refreshes ahead of expiry, keeps valid keys when a refresh fails, and
/// renews them once on `ExpiredToken`.
fn keep_credentials(sdk: SdkConfig) -> (SdkConfig, Option<SharedKeptCredentials>) {
    let Some(chain) = sdk.credentials_provider() else {
        return (sdk, None);
    };
    let kept = Arc::new(credentials::KeptCredentials::new(chain));
    let sdk = sdk
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(KeptHandle(kept.clone())))
        .identity_cache(aws_config::identity::IdentityCache::no_cache())
        .build();
    (sdk, Some(kept))
}

type SharedKeptCredentials = Arc<credentials::KeptCredentials>;

/// The shared [`credentials::KeptCredentials`] as a provider the SDK can hold.
#[derive(Debug, Clone)]
struct KeptHandle(SharedKeptCredentials);

impl aws_credential_types::provider::ProvideCredentials for KeptHandle {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        self.0.provide_credentials()
    }
}

/// The Management API client of one endpoint, signing for `region` with the run's credentials.
fn management_api(
    kept: Option<SharedKeptCredentials>,
    endpoint: &str,
    region: &str,
) -> connections::ConnectionsApi {
    connections::ConnectionsApi::new(endpoint, region, kept, is_plain_http(endpoint))
}

/// `eu-west-1`, `us-gov-west-1`, `cn-north-1`: letters, dashes, a trailing number.
fn check_region(region: &str) -> Result<()> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!("malformed region {region:?}"))
            .with_hint("use a region code such as us-east-1 or eu-west-1"))
    }
}

fn check_url(flag: &str, url: &str) -> Result<String> {
    let parsed =
        url::Url::parse(url).map_err(|e| Error::usage(format!("invalid {flag} {url:?}: {e}")))?;
    match parsed.scheme() {
        "http" | "https" => Ok(url.trim_end_matches('/').to_string()),
        other => Err(Error::usage(format!(
            "invalid {flag} {url:?}: scheme must be http or https, not {other}"
        ))),
    }
}

/// Accept what people paste: a wss:// URL becomes https://, a trailing slash is dropped, and an
/// execute-api host without a stage is refused (the Management API would answer 403 Forbidden).
pub fn normalize_management_endpoint(raw: &str) -> Result<String> {
    let mut url = url::Url::parse(raw.trim())
        .map_err(|e| Error::usage(format!("invalid --endpoint {raw:?}: {e}")))?;
    match url.scheme() {
        "https" | "http" => {}
        "wss" => url
            .set_scheme("https")
            .map_err(|_| Error::usage("invalid --endpoint"))?,
        "ws" => url
            .set_scheme("http")
            .map_err(|_| Error::usage("invalid --endpoint"))?,
        other => {
            return Err(Error::usage(format!(
                "invalid --endpoint {raw:?}: scheme must be https (or wss), not {other}"
            )))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::usage(format!(
            "--endpoint {raw:?} has a query string or fragment: a Management API endpoint is https://HOST/STAGE"
        ))
        .with_hint("drop everything from the '?' or '#'"));
    }
    let host = url.host_str().unwrap_or("").to_string();
    let path = url.path().trim_end_matches('/').to_string();
    let path = path
        .strip_suffix("/@connections")
        .unwrap_or(&path)
        .to_string();
    if host.contains(".execute-api.") && path.is_empty() {
        return Err(
            Error::usage(format!("--endpoint {raw:?} has no stage")).with_hint(
                "use https://{api-id}.execute-api.{region}.amazonaws.com/{stage}, e.g. .../prod",
            ),
        );
    }
    url.set_path(&path);
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// `{api}.execute-api.{region}.amazonaws.com` → region.
pub fn region_from_endpoint(endpoint: &str) -> Option<String> {
    let url = url::Url::parse(endpoint).ok()?;
    let host = url.host_str()?;
    let mut parts = host.split('.');
    let _api = parts.next()?;
    if parts.next()? != "execute-api" {
        return None;
    }
    parts.next().map(str::to_string)
}

/// True for http(s) URLs whose host is 127.0.0.0/8, ::1 or localhost.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    match u.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_without_stage_is_refused() {
        let e = normalize_management_endpoint("https://abc.execute-api.eu-west-1.amazonaws.com")
            .unwrap_err();
        assert!(e.message.contains("no stage"));
        assert!(
            normalize_management_endpoint("https://abc.execute-api.eu-west-1.amazonaws.com/")
                .is_err()
        );
    }

    #[test]
    fn endpoint_forms_are_normalized() {
        assert_eq!(
            normalize_management_endpoint("wss://abc.execute-api.eu-west-1.amazonaws.com/prod/")
                .unwrap(),
            "https://abc.execute-api.eu-west-1.amazonaws.com/prod"
        );
        assert_eq!(
            normalize_management_endpoint("http://127.0.0.1:9000/local/@connections").unwrap(),
            "http://127.0.0.1:9000/local"
        );
        assert_eq!(
            region_from_endpoint("https://abc.execute-api.eu-west-1.amazonaws.com/prod").as_deref(),
            Some("eu-west-1")
        );
    }

    #[test]
    fn regions() {
        assert!(check_region("eu-west-1").is_ok());
        assert!(check_region("us-gov-west-1").is_ok());
        assert!(check_region("Europe").is_err());
        assert!(check_region("eu-west").is_err());
        assert!(check_region("eu west 1").is_err());
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback_url("http://127.0.0.1:8000"));
        assert!(is_loopback_url("http://localhost:8000"));
        assert!(is_loopback_url("http://[::1]:8000"));
        assert!(!is_loopback_url("https://dynamodb.us-east-1.amazonaws.com"));
        assert!(!is_loopback_url("http://10.0.0.1:8000"));
    }
}
