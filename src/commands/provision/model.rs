//! What an API declaration says, checked: built from the `provision api` flags or from a spec file
//! (`spec.rs`), then compared with the live API (`api.rs`, `routes.rs`, `stage.rs`, `lambda.rs`).
//!
//! Every ARN is kept with where it was written (`spec.toml:12`, `--integration`) so that a wrong
//! region, found once the client region is known, is still reported against the line that says it.

use std::collections::BTreeMap;

use aws_sdk_apigatewayv2::types::IntegrationType;

use crate::error::{Error, Result};

pub const DEFAULT_STAGE: &str = "prod";
pub const BUILTIN_ROUTES: [&str; 3] = ["$connect", "$disconnect", "$default"];
const TARGET_HINT: &str =
    "use a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or an http(s) URL";

/// A Lambda function named by its ARN.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LambdaArn {
    pub arn: String,
    pub partition: String,
    pub region: String,
    pub account: String,
    /// Where the ARN was declared, for error messages.
    pub origin: String,
}

impl LambdaArn {
    /// `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`
    pub fn parse(s: &str, origin: &str) -> Result<LambdaArn> {
        let s = s.trim();
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() >= 3 && parts[0] == "arn" && parts[2] != "lambda" {
            return Err(Error::usage(format!(
                "{origin}: {s:?} is an ARN of the {} service, not a Lambda function",
                parts[2]
            ))
            .with_hint(TARGET_HINT));
        }
        let ok = (7..=8).contains(&parts.len())
            && parts[0] == "arn"
            && parts[2] == "lambda"
            && !parts[3].is_empty()
            && parts[4].len() == 12
            && parts[4].chars().all(|c| c.is_ascii_digit())
            && parts[5] == "function"
            && !parts[6].is_empty();
        if !ok {
            return Err(
                Error::usage(format!("{origin}: invalid Lambda function ARN {s:?}"))
                    .with_hint(TARGET_HINT),
            );
        }
        Ok(LambdaArn {
            arn: s.to_string(),
            partition: parts[1].to_string(),
            region: parts[3].to_string(),
            account: parts[4].to_string(),
            origin: origin.to_string(),
        })
    }

    /// The URI API Gateway invokes the function with, in the API's region.
    pub fn invoke_uri(&self, region: &str) -> String {
        format!(
            "arn:{}:apigateway:{region}:lambda:path/2015-03-31/functions/{}/invocations",
            self.partition, self.arn
        )
    }
}

/// Where a route sends events.
#[derive(Debug, Clone)]
pub enum IntegrationTarget {
    /// A Lambda function: AWS_PROXY with the invoke URI.
    Lambda(LambdaArn),
    /// An HTTP endpoint: HTTP_PROXY, POST.
    Http(String),
}

impl PartialEq for IntegrationTarget {
    /// Two declarations of the same function are the same target wherever they were written.
    fn eq(&self, other: &IntegrationTarget) -> bool {
        match (self, other) {
            (IntegrationTarget::Lambda(a), IntegrationTarget::Lambda(b)) => a.arn == b.arn,
            (IntegrationTarget::Http(a), IntegrationTarget::Http(b)) => a == b,
            _ => false,
        }
    }
}

impl IntegrationTarget {
    pub fn parse(s: &str, origin: &str) -> Result<IntegrationTarget> {
        let s = s.trim();
        if s.starts_with("arn:") {
            return LambdaArn::parse(s, origin).map(IntegrationTarget::Lambda);
        }
        match url::Url::parse(s) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                Ok(IntegrationTarget::Http(s.to_string()))
            }
            _ => {
                Err(Error::usage(format!("{origin}: invalid integration {s:?}"))
                    .with_hint(TARGET_HINT))
            }
        }
    }

    pub fn integration_type(&self) -> IntegrationType {
        match self {
            IntegrationTarget::Lambda(_) => IntegrationType::AwsProxy,
            IntegrationTarget::Http(_) => IntegrationType::HttpProxy,
        }
    }

    /// The integration URI: the Lambda invoke URI in the API's region, or the URL itself.
    pub fn uri(&self, region: &str) -> String {
        match self {
            IntegrationTarget::Lambda(l) => l.invoke_uri(region),
            IntegrationTarget::Http(u) => u.clone(),
        }
    }
}

/// Route throttling (stage default or per route).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Throttle {
    pub rate: Option<f64>,
    pub burst: Option<i32>,
}

impl Throttle {
    pub fn check(&self, origin: &str) -> Result<()> {
        if let Some(r) = self.rate {
            if !(r.is_finite() && r >= 0.0) {
                return Err(Error::usage(format!(
                    "{origin}: the throttling rate must be a number >= 0"
                )));
            }
        }
        if self.burst.is_some_and(|b| b < 0) {
            return Err(Error::usage(format!(
                "{origin}: the throttling burst must be >= 0"
            )));
        }
        Ok(())
    }
    pub fn is_set(&self) -> bool {
        self.rate.is_some() || self.burst.is_some()
    }
}

/// One declared route.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub key: String,
    pub target: Option<IntegrationTarget>,
    /// Two-way route: route response selection `$default` and a `$default` route response.
    pub route_response: bool,
    pub throttle: Throttle,
}

/// The Lambda REQUEST authorizer of `$connect` (WebSocket APIs authorize only there).
#[derive(Debug, Clone)]
pub struct AuthorizerSpec {
    pub name: String,
    pub function: LambdaArn,
    /// e.g. `route.request.querystring.token`, `route.request.header.Auth`
    pub identity_sources: Vec<String>,
}

impl AuthorizerSpec {
    /// Checks the identity sources; `origin` names where they were declared.
    pub fn new(
        name: Option<String>,
        function: LambdaArn,
        identity_sources: Vec<String>,
        origin: &str,
    ) -> Result<AuthorizerSpec> {
        if identity_sources.is_empty() {
            return Err(Error::usage(format!(
                "{origin}: the authorizer needs at least one identity source, e.g. route.request.querystring.token"
            )));
        }
        const PREFIXES: [&str; 4] = [
            "route.request.header.",
            "route.request.querystring.",
            "stageVariables.",
            "context.",
        ];
        for src in &identity_sources {
            let ok = PREFIXES
                .iter()
                .any(|p| src.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
            if !ok {
                return Err(Error::usage(format!(
                    "{origin}: invalid identity source {src:?}: use route.request.header.NAME, route.request.querystring.NAME, stageVariables.NAME or context.NAME"
                )));
            }
        }
        let name = name.unwrap_or_else(|| "wsctl-connect".into());
        if name.is_empty() || name.chars().count() > 128 {
            return Err(Error::usage(format!(
                "{origin}: the authorizer name must be 1-128 characters"
            )));
        }
        Ok(AuthorizerSpec {
            name,
            function,
            identity_sources,
        })
    }
}

/// CloudWatch Logs access logging of the stage.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLog {
    /// `arn:aws:logs:REGION:ACCOUNT:log-group:NAME`
    pub destination: String,
    pub format: String,
    pub origin: String,
}

impl AccessLog {
    /// A log group ARN and a format API Gateway accepts (it requires `$context.requestId`).
    pub fn new(destination: String, format: String, origin: &str) -> Result<AccessLog> {
        check_log_group_arn(&destination, origin)?;
        if !format.contains("$context.requestId") {
            return Err(Error::usage(format!(
                "{origin}: the access log format must contain $context.requestId (API Gateway requires it)"
            )));
        }
        Ok(AccessLog {
            destination,
            format,
            origin: origin.to_string(),
        })
    }
}

/// The declared stage.
#[derive(Debug, Clone, Default)]
pub struct StageSpec {
    pub name: String,
    pub auto_deploy: bool,
    pub throttle: Throttle,
    pub access_log: Option<AccessLog>,
    /// `None`: not managed (left as they are).
    pub variables: Option<BTreeMap<String, String>>,
    pub detailed_metrics: Option<bool>,
}

/// The declared API.
#[derive(Debug, Clone)]
pub struct ApiSpec {
    pub name: String,
    pub stage: StageSpec,
    /// `$connect`, `$disconnect`, `$default` first when declared, then the others, without duplicates.
    pub routes: Vec<RouteSpec>,
    pub authorizer: Option<AuthorizerSpec>,
    /// `None`: not managed.
    pub tags: Option<BTreeMap<String, String>>,
    /// Remove routes, integrations and authorizers that are not declared.
    pub prune: bool,
}

impl ApiSpec {
    /// Names, keys and values that need no AWS call to check.
    pub fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() || self.name.chars().count() > 128 {
            return Err(Error::usage("the API name must be 1-128 characters"));
        }
        let stage = &self.stage.name;
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
        for r in &self.routes {
            if r.key.is_empty() || r.key.chars().count() > 128 {
                return Err(Error::usage(format!(
                    "invalid route key {:?}: use 1-128 characters",
                    r.key
                )));
            }
        }
        self.stage.throttle.check("the stage")?;
        Ok(())
    }

    /// The distinct targets of the routes, in declaration order.
    pub fn targets(&self) -> Vec<&IntegrationTarget> {
        let mut out: Vec<&IntegrationTarget> = Vec::new();
        for t in self.routes.iter().filter_map(|r| r.target.as_ref()) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    /// Every Lambda function API Gateway must be allowed to invoke (integrations and authorizer).
    pub fn functions(&self) -> Vec<&LambdaArn> {
        let mut out: Vec<&LambdaArn> = Vec::new();
        let from_routes = self.targets().into_iter().filter_map(|t| match t {
            IntegrationTarget::Lambda(l) => Some(l),
            IntegrationTarget::Http(_) => None,
        });
        for l in from_routes.chain(self.authorizer.as_ref().map(|a| &a.function)) {
            if !out.iter().any(|o| o.arn == l.arn) {
                out.push(l);
            }
        }
        out
    }

    /// Every ARN must be in the API's region: API Gateway cannot integrate a function of another one
    /// (checked before anything is created).
    pub fn check_region(&self, region: &str) -> Result<()> {
        for l in self.functions() {
            if l.region != region {
                return Err(Error::usage(format!(
                    "{}: {} is in region {}, but the API is provisioned in {region}",
                    l.origin, l.arn, l.region
                ))
                .with_hint("use a function of the API's region, or pass --region"));
            }
        }
        if let Some(a) = &self.stage.access_log {
            let log_region = a.destination.split(':').nth(3).unwrap_or_default();
            if log_region != region {
                return Err(Error::usage(format!(
                    "{}: access log group {} is in region {log_region}, but the API is provisioned in {region}",
                    a.origin, a.destination
                )));
            }
        }
        Ok(())
    }

    /// The route list of the `provision api` flags: the three built-in routes, then `custom`.
    pub fn flag_routes(custom: &[String], target: Option<IntegrationTarget>) -> Vec<RouteSpec> {
        let mut routes: Vec<RouteSpec> = Vec::new();
        let keys = BUILTIN_ROUTES
            .iter()
            .map(|s| s.to_string())
            .chain(custom.iter().cloned());
        for key in keys {
            if !routes.iter().any(|r| r.key == key) {
                routes.push(RouteSpec {
                    key,
                    target: target.clone(),
                    route_response: false,
                    throttle: Throttle::default(),
                });
            }
        }
        routes
    }
}

/// `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME[:*]`
pub fn check_log_group_arn(s: &str, origin: &str) -> Result<()> {
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() >= 3 && parts[0] == "arn" && parts[2] != "logs" {
        return Err(Error::usage(format!(
            "{origin}: {s:?} is an ARN of the {} service, not a CloudWatch Logs log group",
            parts[2]
        )));
    }
    let ok = (7..=8).contains(&parts.len())
        && parts[0] == "arn"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5] == "log-group"
        && !parts[6].is_empty();
    if ok {
        Ok(())
    } else {
        Err(
            Error::usage(format!("{origin}: invalid access log destination {s:?}"))
                .with_hint("use a log group ARN: arn:aws:logs:REGION:ACCOUNT:log-group:NAME"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t =
            IntegrationTarget::parse("arn:aws:lambda:eu-west-1:123456789012:function:chat", "x")
                .unwrap();
        assert_eq!(t.integration_type(), IntegrationType::AwsProxy);
        assert_eq!(
            t.uri("eu-west-1"),
            "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:chat/invocations"
        );
        let t = IntegrationTarget::parse("https://example.com/hook", "x").unwrap();
        assert_eq!(t.integration_type(), IntegrationType::HttpProxy);
        assert_eq!(t.uri("x"), "https://example.com/hook");
        assert!(IntegrationTarget::parse("arn:aws:lambda:eu-west-1:12:function:x", "x").is_err());
        let e = IntegrationTarget::parse("arn:aws:s3:::bucket", "f.toml:3").unwrap_err();
        assert!(e.message.starts_with("f.toml:3: "), "{}", e.message);
        assert!(e.message.contains("s3 service"), "{}", e.message);
        assert!(IntegrationTarget::parse("ftp://x", "x").is_err());
        assert!(IntegrationTarget::parse("chat", "x").is_err());
    }

    #[test]
    fn flag_routes_are_deduplicated() {
        let r = ApiSpec::flag_routes(&["sendMessage".into(), "$default".into()], None);
        let keys: Vec<&str> = r.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["$connect", "$disconnect", "$default", "sendMessage"]);
    }

    #[test]
    fn regions_are_checked() {
        let arn = "arn:aws:lambda:eu-west-1:123456789012:function:chat";
        let spec = ApiSpec {
            name: "c".into(),
            stage: StageSpec {
                name: "prod".into(),
                ..Default::default()
            },
            routes: ApiSpec::flag_routes(
                &[],
                Some(IntegrationTarget::parse(arn, "spec.toml:4").unwrap()),
            ),
            authorizer: None,
            tags: None,
            prune: false,
        };
        assert!(spec.check_region("eu-west-1").is_ok());
        let e = spec.check_region("us-east-1").unwrap_err();
        assert!(e.message.starts_with("spec.toml:4: "), "{}", e.message);
        assert_eq!(spec.functions().len(), 1);
        assert!(
            check_log_group_arn("arn:aws:logs:eu-west-1:123456789012:log-group:ws", "x").is_ok()
        );
        assert!(check_log_group_arn("arn:aws:s3:::b", "x").is_err());
    }
}
