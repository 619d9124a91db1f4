//! The WebSocket API: found by name (every page of GetApis) or created with route selection
//! `$request.body.action`, and its tags. The rest of the API is converged by the sibling modules, in
//! this order: integrations, the `$connect` authorizer and the routes (`routes.rs`), what is not
//! declared (`prune.rs`), the stage and the deployment (`stage.rs`), and the Lambda invoke
//! permissions (`lambda.rs`).
//!
//! The control plane throttles hard (CreateDeployment once per 5 s per account, about 10 requests per
//! second for the rest): TooManyRequestsException is retried with backoff on top of the SDK's retries.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use aws_sdk_apigatewayv2::error::ProvideErrorMetadata;
use aws_sdk_apigatewayv2::types::{Api, ProtocolType};
use aws_sdk_apigatewayv2::Client;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;

use super::model::{
    AccessLog, ApiSpec, AuthorizerSpec, IntegrationTarget, LambdaArn, StageSpec, Throttle,
};
use super::{ApiArgs, ApiInfo, Change, Mode, Step};
use crate::aws::Clients;
use crate::context::Ctx;
use crate::error::{Error, Result};

pub const SELECTION: &str = "$request.body.action";

impl ApiSpec {
    pub fn from_args(a: &ApiArgs) -> Result<ApiSpec> {
        let target = a
            .integration
            .as_deref()
            .map(|i| IntegrationTarget::parse(i, "--integration"))
            .transpose()?;
        let spec = ApiSpec {
            name: a.name.clone(),
            stage: StageSpec {
                name: a.stage.clone(),
                auto_deploy: a.auto_deploy,
                throttle: Throttle {
                    rate: a.throttle_rate,
                    burst: a.throttle_burst,
                },
                access_log: access_log_flags(a)?,
                variables: pairs("--stage-variable", &a.stage_variables)?,
                detailed_metrics: a.detailed_metrics,
            },
            routes: ApiSpec::flag_routes(&a.routes, target),
            authorizer: a
                .authorizer_function
                .as_deref()
                .map(|f| {
                    let function = LambdaArn::parse(f, "--authorizer-function")?;
                    AuthorizerSpec::new(
                        None,
                        function,
                        a.identity_sources.clone(),
                        "--identity-source",
                    )
                })
                .transpose()?,
            tags: pairs("--tag", &a.tags)?,
            prune: a.prune.prune,
        };
        spec.check()?;
        Ok(spec)
    }
}

fn access_log_flags(a: &ApiArgs) -> Result<Option<AccessLog>> {
    let (Some(dest), Some(format)) = (&a.access_log_destination, &a.access_log_format) else {
        return Ok(None);
    };
    AccessLog::new(dest.clone(), format.clone(), "--access-log-destination").map(Some)
}

/// `KEY=VALUE` flags as a map; none given: `None` (not managed).
fn pairs(flag: &str, given: &[String]) -> Result<Option<BTreeMap<String, String>>> {
    if given.is_empty() {
        return Ok(None);
    }
    let mut out = BTreeMap::new();
    for g in given {
        let Some((k, v)) = g.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(Error::usage(format!("invalid {flag} {g:?}: use KEY=VALUE")));
        };
        out.insert(k.to_string(), v.to_string());
    }
    Ok(Some(out))
}

/// `wss://h` (or `https://h`, or a bare host) → (`wss://h/stage`, `https://h/stage`); `ws://h` or
/// `http://h` (the local fleet) → (`ws://h/stage`, `http://h/stage`).
pub fn urls(api_endpoint: &str, stage: &str) -> (String, String) {
    let e = api_endpoint.trim_end_matches('/');
    let (secure, host) = if let Some(h) = e.strip_prefix("wss://") {
        (true, h)
    } else if let Some(h) = e.strip_prefix("https://") {
        (true, h)
    } else if let Some(h) = e.strip_prefix("ws://") {
        (false, h)
    } else if let Some(h) = e.strip_prefix("http://") {
        (false, h)
    } else {
        (true, e)
    };
    if secure {
        (
            format!("wss://{host}/{stage}"),
            format!("https://{host}/{stage}"),
        )
    } else {
        (
            format!("ws://{host}/{stage}"),
            format!("http://{host}/{stage}"),
        )
    }
}

/// Retry control-plane throttling (TooManyRequestsException / 429) with exponential backoff.
pub(crate) async fn retry<T, E, F, Fut>(
    mut call: F,
) -> std::result::Result<T, SdkError<E, HttpResponse>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = std::result::Result<T, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata,
{
    let mut delay = Duration::from_secs(1);
    let mut attempt = 1;
    loop {
        match call().await {
            Err(e) if attempt < 8 && is_throttled(&e) && !crate::signal::is_interrupted() => {
                tracing::info!(
                    "the control plane throttled the request; retrying in {}",
                    crate::time::short_duration(delay)
                );
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(8));
                attempt += 1;
            }
            r => return r,
        }
    }
}

/// TooManyRequestsException (or another throttling code), or any 429 answer.
fn is_throttled<E: ProvideErrorMetadata>(e: &SdkError<E, HttpResponse>) -> bool {
    let by_code = matches!(
        e.as_service_error().and_then(|s| s.code()),
        Some("TooManyRequestsException" | "LimitExceededException" | "ThrottlingException")
    );
    let by_status = matches!(e, SdkError::ServiceError(_))
        && e.raw_response().map(|r| r.status().as_u16()) == Some(429);
    by_code || by_status
}

/// Every page of a `Get*` list call of apigatewayv2: `$call(token)` returns one page.
#[macro_export]
macro_rules! every_page {
    ($what:expr, |$token:ident| $call:expr) => {{
        let mut out = Vec::new();
        let mut $token: Option<String> = None;
        loop {
            let page = $crate::commands::provision::api::retry(|| $call)
                .await
                .map_err(|e| {
                    $crate::error::Error::from_sdk(format!("failed to list {}", $what), e)
                })?;
            out.extend(page.items().iter().cloned());
            $token = page
                .next_token()
                .map(str::to_string)
                .filter(|t| !t.is_empty());
            if $token.is_none() {
                break;
            }
        }
        out
    }};
}

async fn list_apis(c: &Client) -> Result<Vec<Api>> {
    Ok(every_page!("APIs", |token| c
        .get_apis()
        .set_next_token(token.clone())
        .send()))
}

/// One provision run of an API: the client, the plan so far and what later steps need to know.
pub(crate) struct ApiProvisioning<'a> {
    pub c: &'a Client,
    pub clients: &'a Clients,
    pub region: String,
    pub mode: Mode,
    pub spec: &'a ApiSpec,
    pub steps: &'a mut Vec<Step>,
    /// The API's id when it exists (or was just created in apply mode).
    pub api_id: Option<String>,
    /// Whether the API existed before this run (else there is nothing to list).
    pub existed: bool,
    /// Why a deployment is needed (explicit-deployment stages only).
    pub deploy_reasons: Vec<String>,
}

impl ApiProvisioning<'_> {
    pub fn push(&mut self, kind: &'static str, name: &str, action: Change, detail: String) {
        self.steps.push(Step::new(kind, name, action, detail));
    }
    /// The API id to call in apply mode: `None` in a dry run or a check (nothing is changed).
    pub fn apply_id(&self) -> Option<String> {
        self.api_id.clone().filter(|_| self.mode.applies())
    }
    /// The id to list the API's resources with: only when it existed before this run.
    pub fn live_id(&self) -> Option<String> {
        self.api_id.clone().filter(|_| self.existed)
    }
    /// `aws`, `aws-cn` or `aws-us-gov`, from the region.
    pub fn partition(&self) -> &'static str {
        partition_of(&self.region)
    }
    /// `arn:aws:apigateway:REGION::/apis/ID`: what tags are attached to.
    fn api_arn(&self, id: &str) -> String {
        format!(
            "arn:{}:apigateway:{}::/apis/{id}",
            self.partition(),
            self.region
        )
    }
}

pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// Plan (and in apply mode carry out) the API's steps; returns where the API is reached.
pub async fn provision(
    ctx: &Ctx,
    clients: &Clients,
    spec: &ApiSpec,
    mode: Mode,
    steps: &mut Vec<Step>,
) -> Result<ApiInfo> {
    spec.check_region(&clients.region)?;
    let c = clients.apigw();
    let existing = find_api(c, &spec.name).await?;
    let mut run = ApiProvisioning {
        c,
        clients,
        region: clients.region.clone(),
        mode,
        spec,
        steps,
        api_id: existing
            .as_ref()
            .and_then(|a| a.api_id())
            .map(str::to_string),
        existed: existing.is_some(),
        deploy_reasons: Vec::new(),
    };
    let api_endpoint = run.api(existing.as_ref()).await?;
    run.tags(existing.as_ref()).await?;
    let live_routes = run.live_routes().await?;
    let integrations = run.integrations(&live_routes).await?;
    let authorizers = run.authorizer(&live_routes).await?;
    run.routes(&live_routes, &integrations, &authorizers)
        .await?;
    run.prune(&live_routes, &integrations, &authorizers).await?;
    run.warn_without_integration(ctx);
    run.stage().await?;
    run.lambda_permissions().await?;

    let mut info = ApiInfo {
        name: spec.name.clone(),
        stage: spec.stage.name.clone(),
        api_id: run.api_id.clone().filter(|_| run.existed || mode.applies()),
        ..Default::default()
    };
    info.api_endpoint = api_endpoint.filter(|_| info.api_id.is_some());
    if let Some(ep) = &info.api_endpoint {
        let (ws, mgmt) = urls(ep, &spec.stage.name);
        info.ws_url = Some(ws);
        info.management_endpoint = Some(mgmt);
    }
    Ok(info)
}

/// The WebSocket API of this name, if any (two of them is an error: wsctl cannot tell which).
async fn find_api(c: &Client, name: &str) -> Result<Option<Api>> {
    let all = list_apis(c).await?;
    let found: Vec<&Api> = all
        .iter()
        .filter(|a| a.name() == Some(name) && a.protocol_type() == Some(&ProtocolType::Websocket))
        .collect();
    if found.len() > 1 {
        let ids: Vec<&str> = found.iter().filter_map(|a| a.api_id()).collect();
        return Err(Error::usage(format!(
            "{} WebSocket APIs are named {name:?} ({}): wsctl cannot tell which one to converge",
            found.len(),
            ids.join(", ")
        ))
        .with_hint("rename or delete the extra APIs, or use another --name"));
    }
    Ok(found.first().map(|a| (*a).clone()))
}

fn tags_text(tags: &BTreeMap<String, String>) -> String {
    if tags.is_empty() {
        return "(none)".into();
    }
    let pairs: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.join(",")
}

/// `field old -> new` lines of a plan.
#[derive(Default)]
pub(crate) struct Diff(pub Vec<String>);

impl Diff {
    pub fn field(&mut self, name: &str, old: impl std::fmt::Display, new: impl std::fmt::Display) {
        let (old, new) = (old.to_string(), new.to_string());
        if old != new {
            self.0.push(format!("{name} {old} -> {new}"));
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn text(&self) -> String {
        self.0.join("; ")
    }
}

/// `(none)` for an absent value.
pub(crate) fn or_none<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "(none)".into())
}

impl ApiProvisioning<'_> {
    /// Step 1: the API itself. Returns its endpoint.
    async fn api(&mut self, existing: Option<&Api>) -> Result<Option<String>> {
        let name = self.spec.name.clone();
        let Some(api) = existing else {
            self.push(
                "api",
                &name,
                Change::Create,
                format!("WEBSOCKET, route selection {SELECTION}"),
            );
            if !self.mode.applies() {
                return Ok(None);
            }
            let tags: std::collections::HashMap<String, String> = self
                .spec
                .tags
                .clone()
                .unwrap_or_default()
                .into_iter()
                .collect();
            let out = retry(|| {
                self.c
                    .create_api()
                    .name(&name)
                    .protocol_type(ProtocolType::Websocket)
                    .route_selection_expression(SELECTION)
                    .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()))
                    .send()
            })
            .await
            .map_err(|e| Error::from_sdk(format!("failed to create API {name}"), e))?;
            self.api_id = Some(out.api_id().map(str::to_string).ok_or_else(|| {
                Error::service(format!(
                    "failed to create API {name}: the service returned no apiId"
                ))
            })?);
            return Ok(out.api_endpoint().map(str::to_string));
        };
        let id = api.api_id().unwrap_or_default().to_string();
        let rse = api.route_selection_expression().unwrap_or("(none)");
        if rse == SELECTION {
            self.push(
                "api",
                &name,
                Change::Unchanged,
                format!("{id}, route selection {SELECTION}"),
            );
        } else {
            self.push(
                "api",
                &name,
                Change::Update,
                format!("route selection {rse} -> {SELECTION}"),
            );
            if self.mode.applies() {
                retry(|| {
                    self.c
                        .update_api()
                        .api_id(&id)
                        .route_selection_expression(SELECTION)
                        .send()
                })
                .await
                .map_err(|e| Error::from_sdk(format!("failed to update API {id}"), e))?;
            }
        }
        Ok(api.api_endpoint().map(str::to_string))
    }

    /// The API's tags, when declared: exactly those (others are removed).
    async fn tags(&mut self, existing: Option<&Api>) -> Result<()> {
        let Some(want) = self.spec.tags.clone() else {
            return Ok(());
        };
        let Some(api) = existing else {
            if !want.is_empty() {
                self.push(
                    "tags",
                    &self.spec.name.clone(),
                    Change::Create,
                    tags_text(&want),
                );
            }
            return Ok(());
        };
        let have: BTreeMap<String, String> = api
            .tags()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        let name = self.spec.name.clone();
        if have == want {
            self.push("tags", &name, Change::Unchanged, tags_text(&want));
            return Ok(());
        }
        self.push(
            "tags",
            &name,
            Change::Update,
            format!("{} -> {}", tags_text(&have), tags_text(&want)),
        );
        let Some(id) = self.apply_id() else {
            return Ok(());
        };
        let arn = self.api_arn(&id);
        let stale: Vec<String> = have
            .keys()
            .filter(|k| !want.contains_key(*k))
            .cloned()
            .collect();
        if !stale.is_empty() {
            retry(|| {
                self.c
                    .untag_resource()
                    .resource_arn(&arn)
                    .set_tag_keys(Some(stale.clone()))
                    .send()
            })
            .await
            .map_err(|e| Error::from_sdk(format!("failed to untag API {id}"), e))?;
        }
        // Only what is missing or different.
        let tags: std::collections::HashMap<String, String> = want
            .into_iter()
            .filter(|(k, v)| have.get(k) != Some(v))
            .collect();
        if !tags.is_empty() {
            retry(|| {
                self.c
                    .tag_resource()
                    .resource_arn(&arn)
                    .set_tags(Some(tags.clone()))
                    .send()
            })
            .await
            .map_err(|e| Error::from_sdk(format!("failed to tag API {id}"), e))?;
        }
        Ok(())
    }

    /// Routes created with no integration call nothing on AWS: say so (the local fleet records them).
    fn warn_without_integration(&self, ctx: &Ctx) {
        let created_bare = self
            .steps
            .iter()
            .any(|s| s.kind == "route" && s.action == Change::Create)
            && self.spec.routes.iter().any(|r| r.target.is_none());
        let local = ctx
            .settings
            .apigw_endpoint
            .as_deref()
            .is_some_and(crate::aws::is_loopback_url);
        if created_bare && !local {
            ctx.out.warn(
                "routes were created without an integration (no --integration): API Gateway has nothing to call for them; \
run again with --integration LAMBDA_ARN|URL",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_is_recognised_by_code_or_status() {
        use aws_sdk_apigatewayv2::operation::get_apis::GetApisError;
        use aws_sdk_apigatewayv2::types::error::{NotFoundException, TooManyRequestsException};
        use aws_smithy_types::body::SdkBody;
        use aws_smithy_types::error::ErrorMetadata;
        let raw = |status: u16| {
            HttpResponse::new(
                aws_smithy_runtime_api::http::StatusCode::try_from(status).unwrap(),
                SdkBody::empty(),
            )
        };
        let coded = GetApisError::TooManyRequestsException(
            TooManyRequestsException::builder()
                .meta(
                    ErrorMetadata::builder()
                        .code("TooManyRequestsException")
                        .build(),
                )
                .build(),
        );
        assert!(is_throttled(&SdkError::service_error(coded, raw(400))));
        let uncoded =
            GetApisError::TooManyRequestsException(TooManyRequestsException::builder().build());
        assert!(is_throttled(&SdkError::service_error(uncoded, raw(429))));
        let not_found = GetApisError::NotFoundException(
            NotFoundException::builder()
                .meta(ErrorMetadata::builder().code("NotFoundException").build())
                .build(),
        );
        assert!(!is_throttled(&SdkError::service_error(not_found, raw(404))));
    }

    #[tokio::test]
    async fn retry_retries_throttling_until_it_succeeds() {
        use aws_sdk_apigatewayv2::operation::get_apis::GetApisError;
        use aws_sdk_apigatewayv2::types::error::TooManyRequestsException;
        use aws_smithy_types::body::SdkBody;
        let mut calls = 0;
        let r: std::result::Result<u32, SdkError<GetApisError, HttpResponse>> = retry(|| {
            calls += 1;
            let n = calls;
            async move {
                if n < 3 {
                    Err(SdkError::service_error(
                        GetApisError::TooManyRequestsException(
                            TooManyRequestsException::builder().build(),
                        ),
                        HttpResponse::new(
                            aws_smithy_runtime_api::http::StatusCode::try_from(429).unwrap(),
                            SdkBody::empty(),
                        ),
                    ))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(r.ok(), Some(3));
    }

    #[test]
    fn endpoint_urls() {
        assert_eq!(
            urls("wss://abc.execute-api.eu-west-1.amazonaws.com", "prod"),
            (
                "wss://abc.execute-api.eu-west-1.amazonaws.com/prod".to_string(),
                "https://abc.execute-api.eu-west-1.amazonaws.com/prod".to_string()
            )
        );
        assert_eq!(
            urls("https://abc.execute-api.us-east-1.amazonaws.com", "dev").0,
            "wss://abc.execute-api.us-east-1.amazonaws.com/dev"
        );
        assert_eq!(
            urls("ws://127.0.0.1:4000", "local"),
            (
                "ws://127.0.0.1:4000/local".to_string(),
                "http://127.0.0.1:4000/local".to_string()
            )
        );
    }

    #[test]
    fn diffs_name_old_and_new() {
        let mut d = Diff::default();
        d.field("target", "integrations/a", "integrations/a");
        assert!(d.is_empty());
        d.field("target", or_none(None::<&str>), "integrations/b");
        assert_eq!(d.text(), "target (none) -> integrations/b");
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
    }
}
