//! What every command gets: the resolved global options, the fleet, the output, and the AWS clients
//! (built on first use, so `completions` or `local swarm` never touch AWS configuration).
//!
//! Every setting is resolved here, once, in the documented order: a flag, its environment variable,
//! the fleet, the default (or what the AWS SDK finds itself, such as a profile's region).

use tokio::sync::OnceCell;

use crate::aws::{ClientSettings, Clients};
use crate::config::{self, Fleet, LayoutConfig};
use crate::engine::routing::Router;
use crate::error::Result;
use crate::output::Output;
use crate::ownership::EndpointScope;
use crate::settings::{FleetScope, GlobalOpts, OtherEndpoints};

pub const DEFAULT_TABLE: &str = "ws-connections";

pub struct Ctx {
    pub global: GlobalOpts,
    /// The fleet in use: `--fleet` / `WSCTL_FLEET`, else the config file's `current_fleet`.
    pub fleet_name: Option<String>,
    pub fleet: Option<Fleet>,
    pub settings: ClientSettings,
    pub out: Output,
    clients: OnceCell<Clients>,
}

/// A resolved setting and where it came from (shown by `--debug`).
struct Resolved {
    value: Option<String>,
    origin: String,
}

/// The first of: the flag (clap already folded in its own `WSCTL_` variable, so `flag` names both),
/// the environment variables named, the fleet's value. Empty environment variables count as unset.
fn resolve(
    (flag, value): (&str, Option<&String>),
    env: &[&str],
    fleet: Option<&String>,
) -> Resolved {
    if let Some(v) = value {
        return Resolved {
            value: Some(v.clone()),
            origin: flag.into(),
        };
    }
    for name in env {
        if let Some(v) = std::env::var(name).ok().filter(|v| !v.is_empty()) {
            return Resolved {
                value: Some(v),
                origin: format!("${name}"),
            };
        }
    }
    Resolved {
        origin: if fleet.is_some() { "fleet" } else { "unset" }.into(),
        value: fleet.cloned(),
    }
}

/// The AWS SDK's per-service endpoint variables, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is set.
fn endpoint_env(service: &'static str) -> Vec<&'static str> {
    let ignored = std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_ok_and(|v| v.eq_ignore_ascii_case("true"));
    if ignored {
        Vec::new()
    } else {
        vec![service, "AWS_ENDPOINT_URL"]
    }
}

/// The fleet named by `--fleet` / `WSCTL_FLEET`, else (with `or_current`) the config file's current
/// fleet.
fn load_fleet(global: &GlobalOpts, or_current: bool) -> Result<(Option<String>, Option<Fleet>)> {
    let cfg = config::load(global.config.as_deref())?;
    let current = cfg.current_fleet.clone().filter(|_| or_current);
    let Some(name) = global.fleet.clone().or(current) else {
        return Ok((None, None));
    };
    let hint = global
        .config
        .clone()
        .or_else(config::default_path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "the config file".into());
    let fleet = cfg.fleet(&name, &hint)?;
    Ok((Some(name), Some(fleet)))
}

/// Where the clients point, from flags, environment and fleet, logged with their origins.
fn resolve_settings(global: &GlobalOpts, fleet: Option<&Fleet>) -> ClientSettings {
    let f = |get: fn(&Fleet) -> Option<&String>| fleet.and_then(get);
    let region = resolve(
        ("--region", global.region.as_ref()),
        &["AWS_REGION", "AWS_DEFAULT_REGION"],
        f(|x| x.region.as_ref()),
    );
    let profile = resolve(
        ("--profile", global.profile.as_ref()),
        &["AWS_PROFILE"],
        f(|x| x.profile.as_ref()),
    );
    let dynamodb = resolve(
        (
            "--dynamodb-endpoint or $WSCTL_DYNAMODB_ENDPOINT",
            global.dynamodb_endpoint.as_ref(),
        ),
        &endpoint_env("AWS_ENDPOINT_URL_DYNAMODB"),
        f(|x| x.dynamodb_endpoint.as_ref()),
    );
    let apigw = resolve(
        (
            "--apigw-endpoint or $WSCTL_APIGW_ENDPOINT",
            global.apigw_endpoint.as_ref(),
        ),
        &endpoint_env("AWS_ENDPOINT_URL_APIGATEWAYV2"),
        f(|x| x.apigw_endpoint.as_ref()),
    );
    let management = resolve(
        ("--endpoint or $WSCTL_ENDPOINT", global.endpoint.as_ref()),
        &[],
        f(|x| x.endpoint.as_ref()),
    );
    for (name, r) in [
        ("region", &region),
        ("profile", &profile),
        ("endpoint", &management),
        ("dynamodb endpoint", &dynamodb),
        ("apigatewayv2 endpoint", &apigw),
    ] {
        tracing::debug!(
            "setting {name}: {} (from {})",
            r.value.as_deref().unwrap_or("-"),
            r.origin
        );
    }
    ClientSettings {
        region: region.value,
        profile: profile.value,
        dynamodb_endpoint: dynamodb.value,
        apigw_endpoint: apigw.value,
        management_endpoint: management.value,
    }
}

impl Ctx {
    /// `scope`: which fleet the command may act on (`Command::fleet_scope`).
    pub fn new(global: GlobalOpts, scope: FleetScope) -> Result<Self> {
        let (fleet_name, fleet) = match scope {
            FleetScope::None => (None, None),
            FleetScope::Named => load_fleet(&global, false)?,
            FleetScope::NamedOrCurrent => load_fleet(&global, true)?,
        };
        tracing::debug!("fleet: {}", fleet_name.as_deref().unwrap_or("(none)"));
        let settings = resolve_settings(&global, fleet.as_ref());
        let mut out = Output::new(&global);
        out.fleet = fleet_name.clone();
        let ctx = Ctx {
            global,
            fleet_name,
            fleet,
            settings,
            out,
            clients: OnceCell::new(),
        };
        tracing::debug!("setting table: {}", ctx.table());
        Ok(ctx)
    }

    /// The table name: flag/env, then fleet, then `ws-connections`.
    pub fn table(&self) -> String {
        self.global
            .table
            .clone()
            .or_else(|| self.fleet.as_ref().and_then(|f| f.table.clone()))
            .unwrap_or_else(|| DEFAULT_TABLE.to_string())
    }

    /// Layout settings from the fleet (command-line overrides are merged by `layout`).
    pub fn fleet_layout(&self) -> LayoutConfig {
        self.fleet
            .as_ref()
            .map(|f| f.layout.clone())
            .unwrap_or_default()
    }

    pub fn other_endpoints(&self) -> OtherEndpoints {
        self.global
            .other_endpoints
            .or_else(|| self.fleet.as_ref().and_then(|f| f.other_endpoints))
            .unwrap_or_default()
    }

    /// Which rows belong to the Management API endpoint (None: every row, with
    /// `--other-endpoints include` or when there is no endpoint).
    pub fn scope(&self, clients: &Clients) -> Option<std::sync::Arc<EndpointScope>> {
        if self.other_endpoints() == OtherEndpoints::Include {
            return None;
        }
        clients
            .management_endpoint()
            .and_then(EndpointScope::new)
            .map(std::sync::Arc::new)
    }

    /// With `--other-endpoints route`: where each row is sent.
    pub fn router(&self, clients: &Clients) -> Option<std::sync::Arc<Router>> {
        if self.other_endpoints() != OtherEndpoints::Route {
            return None;
        }
        Router::new(
            clients.management_endpoint()?,
            &clients.region,
            clients.management_factory(),
        )
        .map(std::sync::Arc::new)
    }

    pub async fn clients(&self) -> Result<&Clients> {
        self.clients
            .get_or_try_init(|| Clients::new(&self.settings))
            .await
    }
}
