//! The stage and the deployment. The stage carries auto-deploy, the default route settings
//! (throttling, detailed metrics), per-route throttling (`routeSettings`), access logging and stage
//! variables; each is compared only when declared, except stage variables and access logging which,
//! once declared, are exactly what is declared. Unless the stage auto-deploys, a deployment is made
//! when anything above it changed.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_apigatewayv2::types::{AccessLogSettings, RouteSettings};

use super::api::{or_none, retry, ApiProvisioning, Diff};
use super::model::Throttle;
use super::Change;
use crate::error::{Error, Result};

/// What provision compares of a stage.
struct StageState {
    auto_deploy: bool,
    deployment_id: Option<String>,
    default_route: Option<RouteSettings>,
    routes: HashMap<String, RouteSettings>,
    access_log: Option<AccessLogSettings>,
    variables: BTreeMap<String, String>,
}

fn throttle_diff(d: &mut Diff, what: &str, have: Option<&RouteSettings>, want: &Throttle) {
    if let Some(r) = want.rate {
        let h = have.and_then(|s| s.throttling_rate_limit());
        if h.is_none_or(|h| (h - r).abs() > 1e-9) {
            d.0.push(format!("{what}throttling rate {} -> {r}", or_none(h)));
        }
    }
    if let Some(b) = want.burst {
        d.field(
            &format!("{what}throttling burst"),
            or_none(have.and_then(|s| s.throttling_burst_limit())),
            b,
        );
    }
}

/// The settings to send: what is declared over what is there (nothing else is touched).
fn merged(
    current: Option<&RouteSettings>,
    throttle: &Throttle,
    metrics: Option<bool>,
) -> RouteSettings {
    RouteSettings::builder()
        .set_data_trace_enabled(current.and_then(|c| c.data_trace_enabled()))
        .set_detailed_metrics_enabled(
            metrics.or_else(|| current.and_then(|c| c.detailed_metrics_enabled())),
        )
        .set_logging_level(current.and_then(|c| c.logging_level()).cloned())
        .set_throttling_rate_limit(
            throttle
                .rate
                .or_else(|| current.and_then(|c| c.throttling_rate_limit())),
        )
        .set_throttling_burst_limit(
            throttle
                .burst
                .or_else(|| current.and_then(|c| c.throttling_burst_limit())),
        )
        .build()
}

fn vars_text(v: &BTreeMap<String, String>) -> String {
    if v.is_empty() {
        return "(none)".into();
    }
    v.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

impl ApiProvisioning<'_> {
    async fn get_stage(&self) -> Result<Option<StageState>> {
        let Some(id) = self.live_id() else {
            return Ok(None);
        };
        let name = &self.spec.stage.name;
        match retry(|| self.c.get_stage().api_id(&id).stage_name(name).send()).await {
            Ok(s) => Ok(Some(StageState {
                auto_deploy: s.auto_deploy().unwrap_or(false),
                deployment_id: s.deployment_id().map(str::to_string),
                default_route: s.default_route_settings().cloned(),
                routes: s.route_settings().cloned().unwrap_or_default(),
                access_log: s.access_log_settings().cloned(),
                variables: s
                    .stage_variables()
                    .map(|v| v.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default(),
            })),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_not_found_exception()) =>
            {
                Ok(None)
            }
            Err(e) => Err(Error::from_sdk(
                format!("failed to read stage {name} of API {id}"),
                e,
            )),
        }
    }

    /// Field by field: what differs between the stage and the declaration.
    fn stage_diff(&self, s: &StageState) -> Diff {
        let want = &self.spec.stage;
        let mut d = Diff::default();
        d.field("auto-deploy", s.auto_deploy, want.auto_deploy);
        throttle_diff(&mut d, "", s.default_route.as_ref(), &want.throttle);
        if let Some(m) = want.detailed_metrics {
            let have = s
                .default_route
                .as_ref()
                .and_then(|r| r.detailed_metrics_enabled());
            d.field("detailed metrics", have.unwrap_or(false), m);
        }
        for r in self.spec.routes.iter().filter(|r| r.throttle.is_set()) {
            throttle_diff(
                &mut d,
                &format!("route {} ", r.key),
                s.routes.get(&r.key),
                &r.throttle,
            );
        }
        if let Some(l) = &want.access_log {
            let have = s.access_log.as_ref();
            d.field(
                "access log destination",
                or_none(have.and_then(|a| a.destination_arn())),
                &l.destination,
            );
            d.field(
                "access log format",
                or_none(have.and_then(|a| a.format())),
                &l.format,
            );
        }
        if let Some(v) = &want.variables {
            d.field("variables", vars_text(&s.variables), vars_text(v));
        }
        d
    }

    fn stage_text(&self) -> String {
        let want = &self.spec.stage;
        let mut parts = vec![if want.auto_deploy {
            "auto-deploy"
        } else {
            "explicit deployments"
        }
        .to_string()];
        if want.throttle.is_set() {
            parts.push(format!(
                "throttling rate {} burst {}",
                or_none(want.throttle.rate),
                or_none(want.throttle.burst)
            ));
        }
        if let Some(m) = want.detailed_metrics {
            parts.push(format!("detailed metrics {m}"));
        }
        if let Some(l) = &want.access_log {
            parts.push(format!("access log {}", l.destination));
        }
        if let Some(v) = &want.variables {
            parts.push(format!("variables {}", vars_text(v)));
        }
        parts.join(", ")
    }

    /// Step 6: the stage, then the deployment.
    pub async fn stage(&mut self) -> Result<()> {
        let name = self.spec.stage.name.clone();
        match self.get_stage().await? {
            None => {
                self.push("stage", &name, Change::Create, self.stage_text());
                self.deploy_reasons.push("stage created".into());
                self.write_stage(None, true).await?;
            }
            Some(s) => {
                let d = self.stage_diff(&s);
                if d.is_empty() {
                    self.push("stage", &name, Change::Unchanged, self.stage_text());
                } else {
                    self.push("stage", &name, Change::Update, d.text());
                    self.write_stage(Some(&s), false).await?;
                }
                if !self.spec.stage.auto_deploy && s.deployment_id.is_none() {
                    self.deploy_reasons
                        .push("the stage has no deployment".into());
                }
            }
        }
        self.deployment().await
    }

    async fn write_stage(&self, current: Option<&StageState>, create: bool) -> Result<()> {
        let Some(id) = self.apply_id() else {
            return Ok(());
        };
        let want = &self.spec.stage;
        let default_route =
            (want.throttle.is_set() || want.detailed_metrics.is_some()).then(|| {
                merged(
                    current.and_then(|s| s.default_route.as_ref()),
                    &want.throttle,
                    want.detailed_metrics,
                )
            });
        let mut routes: HashMap<String, RouteSettings> =
            current.map(|s| s.routes.clone()).unwrap_or_default();
        for r in self.spec.routes.iter().filter(|r| r.throttle.is_set()) {
            let m = merged(routes.get(&r.key), &r.throttle, None);
            routes.insert(r.key.clone(), m);
        }
        let routes = Some(routes).filter(|r| !r.is_empty());
        let log = want.access_log.as_ref().map(|l| {
            AccessLogSettings::builder()
                .destination_arn(&l.destination)
                .format(&l.format)
                .build()
        });
        let vars: Option<HashMap<String, String>> = want
            .variables
            .as_ref()
            .map(|v| v.clone().into_iter().collect());
        let name = &want.name;
        let r = if create {
            retry(|| {
                self.c
                    .create_stage()
                    .api_id(&id)
                    .stage_name(name)
                    .auto_deploy(want.auto_deploy)
                    .set_default_route_settings(default_route.clone())
                    .set_route_settings(routes.clone())
                    .set_access_log_settings(log.clone())
                    .set_stage_variables(vars.clone())
                    .send()
            })
            .await
            .map(|_| ())
            .map_err(|e| Error::from_sdk(format!("failed to create stage {name} on API {id}"), e))
        } else {
            retry(|| {
                self.c
                    .update_stage()
                    .api_id(&id)
                    .stage_name(name)
                    .auto_deploy(want.auto_deploy)
                    .set_default_route_settings(default_route.clone())
                    .set_route_settings(routes.clone())
                    .set_access_log_settings(log.clone())
                    .set_stage_variables(vars.clone())
                    .send()
            })
            .await
            .map(|_| ())
            .map_err(|e| Error::from_sdk(format!("failed to update stage {name} on API {id}"), e))
        };
        r
    }

    /// The deployment (explicit mode only: an auto-deploy stage deploys every change itself).
    async fn deployment(&mut self) -> Result<()> {
        if self.spec.stage.auto_deploy || self.deploy_reasons.is_empty() {
            return Ok(());
        }
        let name = self.spec.stage.name.clone();
        self.push(
            "deployment",
            &name,
            Change::Create,
            self.deploy_reasons.join("; "),
        );
        let Some(id) = self.apply_id() else {
            return Ok(());
        };
        retry(|| {
            self.c
                .create_deployment()
                .api_id(&id)
                .stage_name(&name)
                .description("wsctl provision")
                .send()
        })
        .await
        .map_err(|e| Error::from_sdk(format!("failed to deploy API {id} to stage {name}"), e))?;
        Ok(())
    }
}
