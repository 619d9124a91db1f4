//! What every command gets: the resolved global options, the fleet, the output, and the AWS clients
//! (built on first use, so `completions` or `local swarm` never touch AWS configuration).

use tokio::sync::OnceCell;

use crate::aws::{ClientSettings, Clients};
use crate::cli::GlobalOpts;
use crate::config::{self, Fleet, LayoutConfig};
use crate::error::Result;
use crate::output::Output;
use crate::scope::{EndpointScope, OtherEndpoints, Router};

pub const DEFAULT_TABLE: &str = "ws-connections";

pub struct Ctx {
    pub global: GlobalOpts,
    pub fleet: Option<Fleet>,
    pub settings: ClientSettings,
    pub out: Output,
    clients: OnceCell<Clients>,
}

impl Ctx {
    pub fn new(global: GlobalOpts) -> Result<Self> {
        let fleet = match &global.fleet {
            Some(name) => {
                let cfg = config::load(global.config.as_deref())?;
                let hint = global
                    .config
                    .clone()
                    .or_else(config::default_path)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "the config file".into());
                Some(cfg.fleet(name, &hint)?)
            }
            None => {
                // Validate an explicitly named config file even when no fleet is used.
                if global.config.is_some() {
                    config::load(global.config.as_deref())?;
                }
                None
            }
        };
        let f = fleet.clone().unwrap_or_default();
        let settings = ClientSettings {
            region: global.region.clone().or(f.region),
            profile: global.profile.clone().or(f.profile),
            dynamodb_endpoint: global.dynamodb_endpoint.clone().or(f.dynamodb_endpoint),
            apigw_endpoint: global.apigw_endpoint.clone().or(f.apigw_endpoint),
            management_endpoint: global.endpoint.clone().or(f.endpoint),
        };
        let out = Output::new(&global);
        Ok(Ctx {
            global,
            fleet,
            settings,
            out,
            clients: OnceCell::new(),
        })
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
