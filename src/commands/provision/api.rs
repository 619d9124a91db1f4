//! The WebSocket API: found by name (every page of GetApis) or created with route selection
//! `$request.body.action`; one integration (a Lambda ARN becomes AWS_PROXY with its invoke URI, an
//! http(s) URL becomes HTTP_PROXY; an existing integration of the same type and URI is reused); the
//! routes `$connect`, `$disconnect`, `$default` and custom ones, each targeting the integration
//! (updated when the target differs, never duplicated); a stage with optional default throttling;
//! and, unless the stage auto-deploys, a deployment when something changed.
//!
//! The control plane throttles hard (CreateDeployment once per 5 s per account, about 10 requests per
//! second for the rest): TooManyRequestsException is retried with backoff on top of the SDK's retries.

use std::future::Future;
use std::time::Duration;

use aws_sdk_apigatewayv2::error::ProvideErrorMetadata;
use aws_sdk_apigatewayv2::types::{
    Api, Integration, IntegrationType, ProtocolType, Route, RouteSettings,
};
use aws_sdk_apigatewayv2::Client;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;

use super::{Action, ApiArgs, ApiInfo, Mode, Step};
use crate::aws::Clients;
use crate::context::Ctx;
use crate::error::{Error, Result};

pub const DEFAULT_STAGE: &str = "prod";
pub const SELECTION: &str = "$request.body.action";
pub const BUILTIN_ROUTES: [&str; 3] = ["$connect", "$disconnect", "$default"];

/// Where the routes send events.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A Lambda function: AWS_PROXY with the invoke URI.
    Lambda {
        arn: String,
        partition: String,
        account: String,
    },
    /// An HTTP endpoint: HTTP_PROXY, POST.
    Http(String),
}

impl Target {
    pub fn parse(s: &str) -> Result<Target> {
        let s = s.trim();
        if s.starts_with("arn:") {
            // arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
            let parts: Vec<&str> = s.split(':').collect();
            let ok = parts.len() >= 7
                && parts.len() <= 8
                && parts[2] == "lambda"
                && !parts[3].is_empty()
                && parts[4].len() == 12
                && parts[4].chars().all(|c| c.is_ascii_digit())
                && parts[5] == "function"
                && !parts[6].is_empty();
            if !ok {
                return Err(Error::usage(format!("invalid --integration {s:?}")).with_hint(
                    "use a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or an http(s) URL",
                ));
            }
            return Ok(Target::Lambda {
                arn: s.to_string(),
                partition: parts[1].to_string(),
                account: parts[4].to_string(),
            });
        }
        match url::Url::parse(s) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                Ok(Target::Http(s.to_string()))
            }
            _ => Err(Error::usage(format!("invalid --integration {s:?}")).with_hint(
                "use a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or an http(s) URL",
            )),
        }
    }

    fn integration_type(&self) -> IntegrationType {
        match self {
            Target::Lambda { .. } => IntegrationType::AwsProxy,
            Target::Http(_) => IntegrationType::HttpProxy,
        }
    }

    /// The integration URI: the Lambda invoke URI in the API's region, or the URL itself.
    pub fn uri(&self, region: &str) -> String {
        match self {
            Target::Lambda { arn, partition, .. } => format!(
                "arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations"
            ),
            Target::Http(u) => u.clone(),
        }
    }
}

/// The declared API.
#[derive(Debug, Clone)]
pub struct ApiSpec {
    pub name: String,
    pub stage: String,
    pub target: Option<Target>,
    /// `$connect`, `$disconnect`, `$default`, then the custom keys, without duplicates.
    pub routes: Vec<String>,
    pub auto_deploy: bool,
    pub throttle_rate: Option<f64>,
    pub throttle_burst: Option<i32>,
}

impl ApiSpec {
    pub fn from_args(a: &ApiArgs) -> Result<ApiSpec> {
        ApiSpec::new(
            a.name.clone(),
            a.stage.clone(),
            a.integration.as_deref(),
            &a.routes,
            a.auto_deploy,
            a.throttle_rate,
            a.throttle_burst,
        )
    }

    pub fn new(
        name: String,
        stage: String,
        integration: Option<&str>,
        custom_routes: &[String],
        auto_deploy: bool,
        throttle_rate: Option<f64>,
        throttle_burst: Option<i32>,
    ) -> Result<ApiSpec> {
        if name.trim().is_empty() || name.chars().count() > 128 {
            return Err(Error::usage("the API name must be 1-128 characters"));
        }
        if stage.is_empty()
            || stage.len() > 128
            || !stage
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        {
            return Err(Error::usage(format!(
                "invalid stage name {stage:?}: use 1-128 letters, digits, _ or -"
            )));
        }
        let mut routes: Vec<String> = BUILTIN_ROUTES.iter().map(|s| s.to_string()).collect();
        for r in custom_routes {
            if r.is_empty() || r.chars().count() > 128 {
                return Err(Error::usage(format!(
                    "invalid route key {r:?}: use 1-128 characters"
                )));
            }
            if !routes.contains(r) {
                routes.push(r.clone());
            }
        }
        if let Some(r) = throttle_rate {
            if !(r.is_finite() && r >= 0.0) {
                return Err(Error::usage("--throttle-rate must be a number >= 0"));
            }
        }
        if throttle_burst.is_some_and(|b| b < 0) {
            return Err(Error::usage("--throttle-burst must be >= 0"));
        }
        Ok(ApiSpec {
            name,
            stage,
            target: integration.map(Target::parse).transpose()?,
            routes,
            auto_deploy,
            throttle_rate,
            throttle_burst,
        })
    }
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
async fn retry<T, E, F, Fut>(mut call: F) -> std::result::Result<T, SdkError<E, HttpResponse>>
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
                    "apigatewayv2 throttled the request; retrying in {}",
                    crate::util::short_duration(delay)
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

async fn list_apis(c: &Client) -> Result<Vec<Api>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = retry(|| c.get_apis().set_next_token(token.clone()).send())
            .await
            .map_err(|e| Error::from_sdk("failed to list APIs", e))?;
        out.extend(page.items().iter().cloned());
        token = page
            .next_token()
            .map(str::to_string)
            .filter(|t| !t.is_empty());
        if token.is_none() {
            return Ok(out);
        }
    }
}

async fn list_integrations(c: &Client, api_id: &str) -> Result<Vec<Integration>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = retry(|| {
            c.get_integrations()
                .api_id(api_id)
                .set_next_token(token.clone())
                .send()
        })
        .await
        .map_err(|e| Error::from_sdk(format!("failed to list integrations of API {api_id}"), e))?;
        out.extend(page.items().iter().cloned());
        token = page
            .next_token()
            .map(str::to_string)
            .filter(|t| !t.is_empty());
        if token.is_none() {
            return Ok(out);
        }
    }
}

async fn list_routes(c: &Client, api_id: &str) -> Result<Vec<Route>> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = retry(|| {
            c.get_routes()
                .api_id(api_id)
                .set_next_token(token.clone())
                .send()
        })
        .await
        .map_err(|e| Error::from_sdk(format!("failed to list routes of API {api_id}"), e))?;
        out.extend(page.items().iter().cloned());
        token = page
            .next_token()
            .map(str::to_string)
            .filter(|t| !t.is_empty());
        if token.is_none() {
            return Ok(out);
        }
    }
}

/// What provision compares of a stage.
struct StageState {
    auto_deploy: Option<bool>,
    deployment_id: Option<String>,
    default_route_settings: Option<RouteSettings>,
}

impl StageState {
    fn auto_deploy(&self) -> Option<bool> {
        self.auto_deploy
    }
    fn deployment_id(&self) -> Option<&str> {
        self.deployment_id.as_deref()
    }
    fn default_route_settings(&self) -> Option<&RouteSettings> {
        self.default_route_settings.as_ref()
    }
}

async fn get_stage(c: &Client, api_id: &str, stage: &str) -> Result<Option<StageState>> {
    match retry(|| c.get_stage().api_id(api_id).stage_name(stage).send()).await {
        Ok(s) => Ok(Some(StageState {
            auto_deploy: s.auto_deploy(),
            deployment_id: s.deployment_id().map(str::to_string),
            default_route_settings: s.default_route_settings().cloned(),
        })),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_not_found_exception()) =>
        {
            Ok(None)
        }
        Err(e) => Err(Error::from_sdk(
            format!("failed to read stage {stage} of API {api_id}"),
            e,
        )),
    }
}

fn integration_text(t: &IntegrationType, uri: &str) -> String {
    format!("{} POST {uri}", t.as_str())
}

/// Plan (and in apply mode carry out) the API's steps; returns where the API is reached.
pub async fn provision(
    ctx: &Ctx,
    clients: &Clients,
    spec: &ApiSpec,
    mode: Mode,
    steps: &mut Vec<Step>,
) -> Result<ApiInfo> {
    let c = clients.apigw();
    let region = clients.region.clone();
    let mut info = ApiInfo {
        name: spec.name.clone(),
        stage: spec.stage.clone(),
        ..Default::default()
    };

    // 1. The API, by name.
    let all = list_apis(c).await?;
    let found: Vec<&Api> = all
        .iter()
        .filter(|a| {
            a.name() == Some(spec.name.as_str())
                && a.protocol_type() == Some(&ProtocolType::Websocket)
        })
        .collect();
    if found.len() > 1 {
        let ids: Vec<&str> = found.iter().filter_map(|a| a.api_id()).collect();
        return Err(Error::usage(format!(
            "{} WebSocket APIs are named {:?} ({}): wsctl cannot tell which one to converge",
            found.len(),
            spec.name,
            ids.join(", ")
        ))
        .with_hint("rename or delete the extra APIs, or use another --name"));
    }
    let existing = found.first().copied();
    let mut api_id = existing.and_then(|a| a.api_id()).map(str::to_string);
    let mut api_endpoint = existing.and_then(|a| a.api_endpoint()).map(str::to_string);
    let rse_ok = existing.is_some_and(|a| a.route_selection_expression() == Some(SELECTION));
    let api_action = match existing {
        None => Action::Create,
        Some(_) if rse_ok => Action::Unchanged,
        Some(_) => Action::Update,
    };
    steps.push(Step::new(
        "api",
        &spec.name,
        api_action,
        match (api_action, existing) {
            (Action::Create, _) => format!("WEBSOCKET, route selection {SELECTION}"),
            (Action::Update, Some(a)) => format!(
                "route selection {} -> {SELECTION}",
                a.route_selection_expression().unwrap_or("(none)")
            ),
            _ => format!(
                "{}, route selection {SELECTION}",
                api_id.as_deref().unwrap_or_default()
            ),
        },
    ));
    if mode.applies() {
        match (api_action, &api_id) {
            (Action::Create, _) => {
                let out = retry(|| {
                    c.create_api()
                        .name(&spec.name)
                        .protocol_type(ProtocolType::Websocket)
                        .route_selection_expression(SELECTION)
                        .send()
                })
                .await
                .map_err(|e| Error::from_sdk(format!("failed to create API {}", spec.name), e))?;
                api_id = out.api_id().map(str::to_string);
                api_endpoint = out.api_endpoint().map(str::to_string);
                if api_id.is_none() {
                    return Err(Error::service(format!(
                        "failed to create API {}: the service returned no apiId",
                        spec.name
                    )));
                }
            }
            (Action::Update, Some(id)) => {
                retry(|| {
                    c.update_api()
                        .api_id(id)
                        .route_selection_expression(SELECTION)
                        .send()
                })
                .await
                .map_err(|e| Error::from_sdk(format!("failed to update API {id}"), e))?;
            }
            _ => {}
        }
    }
    // In dry-run / check mode a missing API means everything below is created.
    let live_id = if existing.is_some() || mode.applies() {
        api_id.clone()
    } else {
        None
    };

    // 2. The integration.
    let desired_integration = spec
        .target
        .as_ref()
        .map(|t| (t.integration_type(), t.uri(&region)));
    let mut integration_id: Option<String> = None;
    let mut deploy_reasons: Vec<String> = Vec::new();
    let (mut routes_created, mut routes_updated) = (0usize, 0usize);
    if let Some((itype, uri)) = &desired_integration {
        let existing = match &live_id {
            Some(id) if existing.is_some() => list_integrations(c, id).await?,
            _ => Vec::new(),
        };
        let same = existing
            .iter()
            .find(|i| i.integration_type() == Some(itype) && i.integration_uri() == Some(uri));
        match same.and_then(|i| i.integration_id()) {
            Some(id) => {
                integration_id = Some(id.to_string());
                steps.push(Step::new(
                    "integration",
                    id,
                    Action::Unchanged,
                    integration_text(itype, uri),
                ));
            }
            None => {
                steps.push(Step::new(
                    "integration",
                    itype.as_str(),
                    Action::Create,
                    integration_text(itype, uri),
                ));
                deploy_reasons.push("integration created".into());
                if let (true, Some(id)) = (mode.applies(), &live_id) {
                    let out = retry(|| {
                        c.create_integration()
                            .api_id(id)
                            .integration_type(itype.clone())
                            .integration_uri(uri)
                            .integration_method("POST")
                            .send()
                    })
                    .await
                    .map_err(|e| {
                        Error::from_sdk(format!("failed to create an integration on API {id}"), e)
                    })?;
                    let new_id = out.integration_id().map(str::to_string).ok_or_else(|| {
                        Error::service(format!(
                            "failed to create an integration on API {id}: the service returned no integrationId"
                        ))
                    })?;
                    if let Some(step) = steps.last_mut() {
                        step.name = new_id.clone();
                    }
                    integration_id = Some(new_id);
                }
            }
        }
    }
    let desired_target = match (&desired_integration, &integration_id) {
        (None, _) => None,
        (Some(_), Some(id)) => Some(format!("integrations/{id}")),
        (Some(_), None) => Some("integrations/(new)".to_string()),
    };

    // 3. The routes.
    let routes = match &live_id {
        Some(id) if existing.is_some() => list_routes(c, id).await?,
        _ => Vec::new(),
    };
    for key in &spec.routes {
        let current = routes.iter().find(|r| r.route_key() == Some(key.as_str()));
        match current {
            None => {
                steps.push(Step::new(
                    "route",
                    key,
                    Action::Create,
                    match &desired_target {
                        Some(t) => format!("-> {t}"),
                        None => "no integration (--integration not given)".into(),
                    },
                ));
                routes_created += 1;
                if let (true, Some(id)) = (mode.applies(), &live_id) {
                    retry(|| {
                        c.create_route()
                            .api_id(id)
                            .route_key(key)
                            .set_target(desired_target.clone())
                            .send()
                    })
                    .await
                    .map_err(|e| {
                        Error::from_sdk(format!("failed to create route {key} on API {id}"), e)
                    })?;
                }
            }
            Some(r) => {
                let have = r.target();
                match &desired_target {
                    Some(want) if have != Some(want.as_str()) => {
                        steps.push(Step::new(
                            "route",
                            key,
                            Action::Update,
                            format!("target {} -> {want}", have.unwrap_or("(none)")),
                        ));
                        routes_updated += 1;
                        if let (true, Some(id), Some(rid)) =
                            (mode.applies(), &live_id, r.route_id())
                        {
                            retry(|| {
                                c.update_route()
                                    .api_id(id)
                                    .route_id(rid)
                                    .target(want)
                                    .send()
                            })
                            .await
                            .map_err(|e| {
                                Error::from_sdk(
                                    format!("failed to update route {key} on API {id}"),
                                    e,
                                )
                            })?;
                        }
                    }
                    _ => steps.push(Step::new(
                        "route",
                        key,
                        Action::Unchanged,
                        format!("-> {}", have.unwrap_or("(no target)")),
                    )),
                }
            }
        }
    }

    // Routes nobody declared: left alone (deleting them could break someone else's clients), but
    // they are a difference from the declaration.
    for r in &routes {
        if let Some(key) = r.route_key() {
            if !spec.routes.iter().any(|k| k == key) {
                steps.push(Step::new(
                    "route",
                    key,
                    Action::Drift,
                    "not declared: wsctl leaves it; declare it with --route or delete it",
                ));
            }
        }
    }
    if routes_created > 0 {
        deploy_reasons.push(format!("{routes_created} route(s) created"));
    }
    if routes_updated > 0 {
        deploy_reasons.push(format!("{routes_updated} route(s) updated"));
    }
    if spec.target.is_none() && routes_created > 0 {
        let local = ctx
            .settings
            .apigw_endpoint
            .as_deref()
            .is_some_and(crate::aws::is_loopback_url);
        if !local {
            ctx.out.warn(
                "routes were created without an integration (no --integration): API Gateway has nothing to call for them; \
run again with --integration LAMBDA_ARN|URL",
            );
        }
    }

    // 4. The stage.
    let stage = match &live_id {
        Some(id) if existing.is_some() => get_stage(c, id, &spec.stage).await?,
        _ => None,
    };
    let throttle_text = match (spec.throttle_rate, spec.throttle_burst) {
        (None, None) => String::new(),
        (r, b) => format!(
            ", throttling rate {} burst {}",
            r.map(|r| r.to_string()).unwrap_or_else(|| "-".into()),
            b.map(|b| b.to_string()).unwrap_or_else(|| "-".into())
        ),
    };
    let deploy_text = if spec.auto_deploy {
        "auto-deploy"
    } else {
        "explicit deployments"
    };
    match &stage {
        None => {
            steps.push(Step::new(
                "stage",
                &spec.stage,
                Action::Create,
                format!("{deploy_text}{throttle_text}"),
            ));
            deploy_reasons.push("stage created".into());
            if let (true, Some(id)) = (mode.applies(), &live_id) {
                let mut req = c
                    .create_stage()
                    .api_id(id)
                    .stage_name(&spec.stage)
                    .auto_deploy(spec.auto_deploy);
                if spec.throttle_rate.is_some() || spec.throttle_burst.is_some() {
                    req = req.default_route_settings(route_settings(None, spec));
                }
                retry(|| req.clone().send()).await.map_err(|e| {
                    Error::from_sdk(
                        format!("failed to create stage {} on API {id}", spec.stage),
                        e,
                    )
                })?;
            }
        }
        Some(s) => {
            let mut diffs = Vec::new();
            let have_auto = s.auto_deploy().unwrap_or(false);
            if have_auto != spec.auto_deploy {
                diffs.push(format!("auto-deploy {have_auto} -> {}", spec.auto_deploy));
            }
            let drs = s.default_route_settings();
            if let Some(want) = spec.throttle_rate {
                let have = drs.and_then(|r| r.throttling_rate_limit());
                if have.is_none_or(|h| (h - want).abs() > 1e-9) {
                    diffs.push(format!(
                        "throttling rate {} -> {want}",
                        have.map(|h| h.to_string())
                            .unwrap_or_else(|| "(none)".into())
                    ));
                }
            }
            if let Some(want) = spec.throttle_burst {
                let have = drs.and_then(|r| r.throttling_burst_limit());
                if have != Some(want) {
                    diffs.push(format!(
                        "throttling burst {} -> {want}",
                        have.map(|h| h.to_string())
                            .unwrap_or_else(|| "(none)".into())
                    ));
                }
            }
            if diffs.is_empty() {
                steps.push(Step::new(
                    "stage",
                    &spec.stage,
                    Action::Unchanged,
                    format!("{deploy_text}{throttle_text}"),
                ));
            } else {
                steps.push(Step::new(
                    "stage",
                    &spec.stage,
                    Action::Update,
                    diffs.join("; "),
                ));
                if let (true, Some(id)) = (mode.applies(), &live_id) {
                    let mut req = c
                        .update_stage()
                        .api_id(id)
                        .stage_name(&spec.stage)
                        .auto_deploy(spec.auto_deploy);
                    if spec.throttle_rate.is_some() || spec.throttle_burst.is_some() {
                        req = req.default_route_settings(route_settings(drs, spec));
                    }
                    retry(|| req.clone().send()).await.map_err(|e| {
                        Error::from_sdk(
                            format!("failed to update stage {} on API {id}", spec.stage),
                            e,
                        )
                    })?;
                }
            }
            if !spec.auto_deploy && s.deployment_id().is_none() {
                deploy_reasons.push("the stage has no deployment".into());
            }
        }
    }

    // 5. The deployment (explicit mode only: an auto-deploy stage deploys every change itself).
    if !spec.auto_deploy && !deploy_reasons.is_empty() {
        steps.push(Step::new(
            "deployment",
            &spec.stage,
            Action::Create,
            deploy_reasons.join("; "),
        ));
        if let (true, Some(id)) = (mode.applies(), &live_id) {
            retry(|| {
                c.create_deployment()
                    .api_id(id)
                    .stage_name(&spec.stage)
                    .description("wsctl provision")
                    .send()
            })
            .await
            .map_err(|e| {
                Error::from_sdk(
                    format!("failed to deploy API {id} to stage {}", spec.stage),
                    e,
                )
            })?;
        }
    }

    info.api_id = live_id.clone();
    info.api_endpoint = api_endpoint.clone().filter(|_| live_id.is_some());
    if let Some(ep) = &info.api_endpoint {
        let (ws, mgmt) = urls(ep, &spec.stage);
        info.ws_url = Some(ws);
        info.management_endpoint = Some(mgmt);
    }

    if let Some(Target::Lambda {
        arn,
        partition,
        account,
    }) = &spec.target
    {
        let id = live_id.as_deref().unwrap_or("API_ID");
        ctx.out.warn(format!(
            "API Gateway (apigateway.amazonaws.com) needs lambda:InvokeFunction on {arn}; unless granted already, run:\n  \
aws lambda add-permission --function-name {arn} --statement-id wsctl-apigateway-{id} --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn 'arn:{partition}:execute-api:{region}:{account}:{id}/*'"
        ));
    }
    Ok(info)
}

fn route_settings(current: Option<&RouteSettings>, spec: &ApiSpec) -> RouteSettings {
    RouteSettings::builder()
        .set_data_trace_enabled(current.and_then(|c| c.data_trace_enabled()))
        .set_detailed_metrics_enabled(current.and_then(|c| c.detailed_metrics_enabled()))
        .set_logging_level(current.and_then(|c| c.logging_level()).cloned())
        .set_throttling_rate_limit(
            spec.throttle_rate
                .or_else(|| current.and_then(|c| c.throttling_rate_limit())),
        )
        .set_throttling_burst_limit(
            spec.throttle_burst
                .or_else(|| current.and_then(|c| c.throttling_burst_limit())),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::parse("arn:aws:lambda:eu-west-1:123456789012:function:chat").unwrap();
        assert_eq!(t.integration_type(), IntegrationType::AwsProxy);
        assert_eq!(
            t.uri("eu-west-1"),
            "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:chat/invocations"
        );
        let t = Target::parse("https://example.com/hook").unwrap();
        assert_eq!(t.integration_type(), IntegrationType::HttpProxy);
        assert_eq!(t.uri("x"), "https://example.com/hook");
        assert!(Target::parse("arn:aws:lambda:eu-west-1:12:function:x").is_err());
        assert!(Target::parse("arn:aws:s3:::bucket").is_err());
        assert!(Target::parse("ftp://x").is_err());
        assert!(Target::parse("chat").is_err());
    }

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
    fn spec_routes_are_deduplicated_and_checked() {
        let s = ApiSpec::new(
            "chat".into(),
            "prod".into(),
            None,
            &[
                "sendMessage".into(),
                "$default".into(),
                "sendMessage".into(),
            ],
            false,
            None,
            None,
        )
        .unwrap();
        assert_eq!(
            s.routes,
            ["$connect", "$disconnect", "$default", "sendMessage"]
        );
        assert!(
            ApiSpec::new("c".into(), "bad stage".into(), None, &[], false, None, None).is_err()
        );
        assert!(ApiSpec::new(
            "c".into(),
            "p".into(),
            None,
            &["".into()],
            false,
            None,
            None
        )
        .is_err());
        assert!(ApiSpec::new("c".into(), "p".into(), None, &[], false, Some(-1.0), None).is_err());
    }
}
