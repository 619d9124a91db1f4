//! `wsctl provision --spec FILE`: the table and the API declared in one TOML file.
//!
//! ```toml
//! [table]                      # optional; name defaults to --table / the fleet / ws-connections
//! name = "ws-connections"
//! rcu = 5                      # with wcu: provisioned capacity; both absent: on-demand
//! wcu = 5
//! user_index = "userId-index"
//! group_index = "groupId-index"
//! tags = { team = "chat" }
//!
//! [api]                        # optional
//! name = "chat"
//! stage = "prod"
//! integration = "arn:aws:lambda:eu-west-1:123456789012:function:chat"   # or an http(s) URL
//! routes = ["sendMessage", "join"]   # with $connect, $disconnect, $default: all to `integration`
//! auto_deploy = false
//! throttle_rate = 100.0        # the stage's default route throttling
//! throttle_burst = 50
//! detailed_metrics = true
//! stage_variables = { mode = "prod" }
//! tags = { team = "chat" }
//! access_log = { destination = "arn:aws:logs:eu-west-1:123456789012:log-group:ws", format = '{"id":"$context.requestId"}' }
//!
//! [api.route."sendMessage"]    # declared routes: only these (no implied built-in routes)
//! integration = "arn:aws:lambda:eu-west-1:123456789012:function:send"   # else [api] integration
//! route_response = true        # two-way: the integration's answer goes back to the client
//! throttle_rate = 10.0
//! throttle_burst = 5
//!
//! [api.authorizer]             # the Lambda REQUEST authorizer of $connect
//! name = "token"
//! function = "arn:aws:lambda:eu-west-1:123456789012:function:auth"
//! identity_sources = ["route.request.querystring.token"]
//! ```
//!
//! Every error names the file and the line (`spec.toml:12: ...`) and is a usage error (exit 2),
//! found before anything is created.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::model::{
    AccessLog, ApiSpec, AuthorizerSpec, IntegrationTarget, LambdaArn, RouteSpec, StageSpec,
    Throttle, DEFAULT_STAGE,
};
use super::table::{TableSpec, DEFAULT_GROUP_INDEX, DEFAULT_USER_INDEX};
use crate::context::Ctx;
use crate::error::{Error, Result};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    table: Option<Spanned<TableSection>>,
    api: Option<Spanned<ApiSection>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSection {
    name: Option<String>,
    rcu: Option<i64>,
    wcu: Option<i64>,
    user_index: Option<String>,
    group_index: Option<String>,
    tags: Option<Spanned<BTreeMap<String, String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiSection {
    name: Spanned<String>,
    stage: Option<Spanned<String>>,
    integration: Option<Spanned<String>>,
    #[serde(default)]
    routes: Vec<String>,
    route: Option<BTreeMap<String, Spanned<RouteSection>>>,
    authorizer: Option<Spanned<AuthorizerSection>>,
    #[serde(default)]
    auto_deploy: bool,
    throttle_rate: Option<Spanned<f64>>,
    throttle_burst: Option<Spanned<i32>>,
    detailed_metrics: Option<bool>,
    stage_variables: Option<BTreeMap<String, String>>,
    access_log: Option<Spanned<AccessLogSection>>,
    tags: Option<Spanned<BTreeMap<String, String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteSection {
    integration: Option<Spanned<String>>,
    #[serde(default)]
    route_response: bool,
    throttle_rate: Option<f64>,
    throttle_burst: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorizerSection {
    name: Option<String>,
    function: Spanned<String>,
    identity_sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessLogSection {
    destination: Spanned<String>,
    format: String,
}

/// What a spec declares.
pub struct Spec {
    pub table: Option<TableSpec>,
    pub api: Option<ApiSpec>,
}

pub fn load(path: &Path, ctx: &Ctx) -> Result<Spec> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read spec file {}: {e}", path.display())))?;
    parse(&text, &path.display().to_string(), &ctx.table())
}

/// `origin:line` of a byte offset.
struct Locator<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Locator<'_> {
    fn at(&self, offset: usize) -> String {
        let line = self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        format!("{}:{line}", self.origin)
    }
    fn of<T>(&self, s: &Spanned<T>) -> String {
        self.at(s.span().start)
    }
    fn err(&self, offset: usize, msg: impl std::fmt::Display) -> Error {
        Error::usage(format!("{}: {msg}", self.at(offset)))
    }
}

/// Parse a spec; `default_table` names the table when `[table]` has no `name`.
pub fn parse(text: &str, origin: &str, default_table: &str) -> Result<Spec> {
    let loc = Locator { text, origin };
    let f: SpecFile = toml::from_str(text).map_err(|e| {
        let what = e.message().replace('\n', " ");
        let place = match e.span() {
            Some(s) => loc.at(s.start),
            None => origin.to_string(),
        };
        Error::usage(format!("{place}: invalid spec: {what}"))
            .with_hint("a spec has a [table] and/or an [api] section; see docs/provision.md")
    })?;
    if f.table.is_none() && f.api.is_none() {
        return Err(Error::usage(format!(
            "{origin}: the spec declares nothing: add a [table] or an [api] section"
        )));
    }
    let table = f
        .table
        .map(|t| table_spec(&loc, t, default_table))
        .transpose()?;
    let api = f.api.map(|a| api_spec(&loc, a)).transpose()?;
    Ok(Spec { table, api })
}

fn table_spec(loc: &Locator, t: Spanned<TableSection>, default_table: &str) -> Result<TableSpec> {
    let at = t.span().start;
    let t = t.into_inner();
    let capacity = match (t.rcu, t.wcu) {
        (Some(r), Some(w)) => Some((r, w)),
        (None, None) => None,
        _ => return Err(loc.err(at, "[table] needs both rcu and wcu, or neither (on-demand)")),
    };
    let tags = t.tags.map(|tags| check_tags(loc, tags)).transpose()?;
    let mut spec = TableSpec::new(
        t.name.unwrap_or_else(|| default_table.to_string()),
        capacity,
        t.user_index.unwrap_or_else(|| DEFAULT_USER_INDEX.into()),
        t.group_index.unwrap_or_else(|| DEFAULT_GROUP_INDEX.into()),
    )
    .map_err(|e| loc.err(at, e.message))?;
    spec.tags = tags;
    Ok(spec)
}

/// Tag keys 1-128 characters, values up to 256 (the limits of both services).
fn check_tags(
    loc: &Locator,
    tags: Spanned<BTreeMap<String, String>>,
) -> Result<BTreeMap<String, String>> {
    let at = tags.span().start;
    let tags = tags.into_inner();
    for (k, v) in &tags {
        if k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256 {
            return Err(loc.err(
                at,
                format!("invalid tag {k:?}: keys are 1-128 characters, values up to 256"),
            ));
        }
        if k.starts_with("aws:") {
            return Err(loc.err(at, format!("tag key {k:?}: the aws: prefix is reserved")));
        }
    }
    Ok(tags)
}

fn api_spec(loc: &Locator, a: Spanned<ApiSection>) -> Result<ApiSpec> {
    let at = a.span().start;
    let a = a.into_inner();
    let default_target = a
        .integration
        .as_ref()
        .map(|i| IntegrationTarget::parse(i.get_ref(), &loc.of(i)))
        .transpose()?;
    let routes = match &a.route {
        Some(declared) => {
            if !a.routes.is_empty() {
                return Err(loc.err(
                    at,
                    "[api] has both `routes = [...]` and [api.route.KEY] tables: use one form",
                ));
            }
            declared_routes(loc, declared, default_target.as_ref())?
        }
        None => ApiSpec::flag_routes(&a.routes, default_target),
    };
    let stage_name = a.stage.as_ref().map(|s| s.get_ref().clone());
    let throttle = Throttle {
        rate: a.throttle_rate.as_ref().map(|r| *r.get_ref()),
        burst: a.throttle_burst.as_ref().map(|b| *b.get_ref()),
    };
    if let Some(r) = a.throttle_rate.as_ref() {
        throttle.check(&loc.of(r))?;
    }
    if let Some(b) = a.throttle_burst.as_ref() {
        throttle.check(&loc.of(b))?;
    }
    let access_log = a
        .access_log
        .map(|l| {
            let origin = loc.of(&l.get_ref().destination);
            let l = l.into_inner();
            AccessLog::new(l.destination.into_inner(), l.format, &origin)
        })
        .transpose()?;
    let spec = ApiSpec {
        name: a.name.get_ref().clone(),
        stage: StageSpec {
            name: stage_name.unwrap_or_else(|| DEFAULT_STAGE.into()),
            auto_deploy: a.auto_deploy,
            throttle,
            access_log,
            variables: a.stage_variables,
            detailed_metrics: a.detailed_metrics,
        },
        routes,
        authorizer: a.authorizer.map(|s| authorizer(loc, s)).transpose()?,
        tags: a.tags.map(|t| check_tags(loc, t)).transpose()?,
        prune: false,
    };
    spec.check().map_err(|e| loc.err(at, e.message))?;
    Ok(spec)
}

fn declared_routes(
    loc: &Locator,
    declared: &BTreeMap<String, Spanned<RouteSection>>,
    default_target: Option<&IntegrationTarget>,
) -> Result<Vec<RouteSpec>> {
    let mut routes = Vec::new();
    for (key, section) in declared {
        let origin = loc.of(section);
        let r = section.get_ref();
        let target = match &r.integration {
            Some(i) => IntegrationTarget::parse(i.get_ref(), &loc.of(i))?,
            None => default_target.cloned().ok_or_else(|| {
                Error::usage(format!(
                    "{origin}: route {key:?} has no integration: set `integration` in [api.route.{key:?}] or in [api]"
                ))
            })?,
        };
        let throttle = Throttle {
            rate: r.throttle_rate,
            burst: r.throttle_burst,
        };
        throttle.check(&origin)?;
        routes.push(RouteSpec {
            key: key.clone(),
            target: Some(target),
            route_response: r.route_response,
            throttle,
        });
    }
    // The built-in routes first, as the flags order them.
    routes.sort_by_key(|r| !r.key.starts_with('$'));
    Ok(routes)
}

fn authorizer(loc: &Locator, s: Spanned<AuthorizerSection>) -> Result<AuthorizerSpec> {
    let origin = loc.of(&s);
    let s = s.into_inner();
    let function = LambdaArn::parse(s.function.get_ref(), &loc.of(&s.function))?;
    AuthorizerSpec::new(s.name, function, s.identity_sources, &origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_spec() {
        let s = parse(
            r#"
[table]
rcu = 2
wcu = 3
[api]
name = "chat"
integration = "http://127.0.0.1:9/x"
routes = ["sendMessage"]
auto_deploy = true
throttle_rate = 10.5
"#,
            "t.toml",
            "ws-connections",
        )
        .unwrap();
        let t = s.table.unwrap();
        assert_eq!(t.name, "ws-connections");
        assert_eq!(t.capacity, Some((2, 3)));
        let a = s.api.unwrap();
        assert_eq!(a.stage.name, "prod");
        assert!(a.stage.auto_deploy);
        assert_eq!(a.routes.last().unwrap().key, "sendMessage");
        assert_eq!(a.routes.len(), 4);
    }

    #[test]
    fn declared_routes_and_authorizer() {
        let s = parse(
            r#"
[api]
name = "chat"
tags = { team = "rt" }
access_log = { destination = "arn:aws:logs:eu-west-1:123456789012:log-group:ws", format = "$context.requestId" }
[api.route."$connect"]
integration = "arn:aws:lambda:eu-west-1:123456789012:function:connect"
[api.route.sendMessage]
integration = "http://127.0.0.1:9/send"
route_response = true
throttle_burst = 3
[api.authorizer]
function = "arn:aws:lambda:eu-west-1:123456789012:function:auth"
identity_sources = ["route.request.querystring.token"]
"#,
            "t.toml",
            "ws-connections",
        )
        .unwrap();
        let a = s.api.unwrap();
        let keys: Vec<&str> = a.routes.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["$connect", "sendMessage"]);
        assert!(a.routes[1].route_response);
        assert_eq!(a.functions().len(), 2);
        assert_eq!(a.authorizer.unwrap().function.origin, "t.toml:13");
        assert_eq!(a.tags.unwrap()["team"], "rt");
    }

    #[test]
    fn seed_003_as_a_spec() {
        // docs/provision.md: the routes name no integration, so they share the [api] one.
        let s = parse(
            "[table]\nname = \"ws-connections\"\n\n[api]\nname = \"realtime-api\"\n\
integration = \"arn:aws:lambda:eu-west-1:123456789012:function:websocket\"\n\n\
[api.route.\"$connect\"]\n[api.route.\"$disconnect\"]\n[api.route.sendMessage]\n",
            "seed003.toml",
            "x",
        )
        .unwrap();
        let a = s.api.unwrap();
        let keys: Vec<&str> = a.routes.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["$connect", "$disconnect", "sendMessage"]);
        assert_eq!(a.targets().len(), 1);
        assert_eq!(a.functions().len(), 1);
    }

    #[test]
    fn bad_specs_name_the_line() {
        for (text, line) in [
            ("[api]\nname = \"a\"\n\n[api.route.x]\nroute_response = true\n", "t.toml:4"),
            ("[table]\nbogus = 1\n", "t.toml:2"),
            ("[api]\nname = \"a\"\nintegration = \"arn:aws:sqs:eu-west-1:123456789012:q\"\n", "t.toml:3"),
            ("[api]\nname = \"a\"\n[api.route.x]\nintegration = \"http://h/\"\nbogus = 2\n", "t.toml:5"),
            ("[api]\nname=\"a\"\naccess_log = { destination = \"arn:aws:s3:::b\", format = \"$context.requestId\" }\n", "t.toml:3"),
        ] {
            let e = parse(text, "t.toml", "ws-connections").err().unwrap();
            assert_eq!(e.kind.exit_code(), 2, "{text}");
            assert!(e.message.starts_with(&format!("{line}: ")), "{text}: {}", e.message);
            assert!(!e.message.contains('\n'), "{}", e.message);
        }
    }

    #[test]
    fn bad_specs_are_usage_errors() {
        for text in [
            "",
            "[table]\nrcu = 1\n",
            "[api]\nstage = \"x\"\n",
            "[api]\nname = \"a\"\nintegration = \"nope\"\n",
            "[api]\nname = \"a\"\n[api.authorizer]\nfunction = \"arn:aws:lambda:eu-west-1:123456789012:function:a\"\nidentity_sources = [\"token\"]\n",
            "not toml",
        ] {
            let e = parse(text, "t.toml", "ws-connections").err().unwrap();
            assert_eq!(e.kind.exit_code(), 2, "{text}");
        }
    }
}
