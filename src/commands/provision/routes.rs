//! Integrations, the `$connect` authorizer and the routes.
//!
//! One integration per distinct target (a Lambda ARN becomes AWS_PROXY with its invoke URI, an
//! http(s) URL HTTP_PROXY). An existing integration of the same type and URI is reused; otherwise
//! the integration the target's routes use now is updated in place (so a change made behind wsctl's
//! back is repaired, not orphaned); otherwise one is created. Each route then targets its
//! integration, `$connect` carries the REQUEST authorizer when one is declared (and none when not),
//! and a two-way route gets route response selection `$default` and a `$default` route response.

use aws_sdk_apigatewayv2::types::{
    AuthorizationType, Authorizer, AuthorizerType, Integration, Route,
};

use super::api::{or_none, retry, ApiProvisioning, Diff};
use super::model::{AuthorizerSpec, IntegrationTarget, RouteSpec};
use super::Change;
use crate::error::{Error, Result};
use crate::every_page;

/// What a route of the spec resolves to: its target's integration id (`None`: not created yet).
pub(crate) struct Integrations {
    pub resolved: Vec<(IntegrationTarget, Option<String>)>,
    /// Every integration the API had before this run.
    pub live: Vec<Integration>,
    /// The live integrations some declared target now uses.
    pub claimed: Vec<String>,
}

impl Integrations {
    /// The route target string of a declared target: `integrations/ID`.
    pub fn target_of(&self, t: &IntegrationTarget) -> String {
        let id = self
            .resolved
            .iter()
            .find(|(x, _)| x == t)
            .and_then(|(_, id)| id.clone());
        format!("integrations/{}", id.as_deref().unwrap_or("(new)"))
    }
}

/// The authorizers of the API and the declared one's id.
pub(crate) struct Authorizers {
    /// `None` when the service would not list them (moto): only those routes name are known.
    pub live: Vec<Authorizer>,
    pub complete: bool,
    /// The declared authorizer's id (`(new)` until created).
    pub declared_id: Option<String>,
}

fn integration_text(t: &IntegrationTarget, region: &str) -> String {
    format!("{} POST {}", t.integration_type().as_str(), t.uri(region))
}

impl ApiProvisioning<'_> {
    pub async fn live_routes(&self) -> Result<Vec<Route>> {
        let Some(id) = self.live_id() else {
            return Ok(Vec::new());
        };
        let c = self.c;
        Ok(every_page!(format!("routes of API {id}"), |token| c
            .get_routes()
            .api_id(&id)
            .set_next_token(token.clone())
            .send()))
    }

    async fn live_integrations(&self) -> Result<Vec<Integration>> {
        let Some(id) = self.live_id() else {
            return Ok(Vec::new());
        };
        let c = self.c;
        Ok(every_page!(format!("integrations of API {id}"), |token| c
            .get_integrations()
            .api_id(&id)
            .set_next_token(token.clone())
            .send()))
    }

    /// Step 2: one integration per declared target.
    pub async fn integrations(&mut self, routes: &[Route]) -> Result<Integrations> {
        let live = self.live_integrations().await?;
        let mut out = Integrations {
            resolved: Vec::new(),
            live,
            claimed: Vec::new(),
        };
        let targets: Vec<IntegrationTarget> = self.spec.targets().into_iter().cloned().collect();
        for t in &targets {
            let id = self.integration(t, &targets, routes, &mut out).await?;
            out.resolved.push((t.clone(), id));
        }
        Ok(out)
    }

    async fn integration(
        &mut self,
        t: &IntegrationTarget,
        all: &[IntegrationTarget],
        routes: &[Route],
        known: &mut Integrations,
    ) -> Result<Option<String>> {
        let same = |i: &Integration, t: &IntegrationTarget| {
            i.integration_type() == Some(&t.integration_type())
                && i.integration_uri() == Some(t.uri(&self.region).as_str())
        };
        let unclaimed = |i: &&Integration| {
            i.integration_id()
                .is_some_and(|id| !known.claimed.iter().any(|c| c == id))
        };
        if let Some(id) = known
            .live
            .iter()
            .filter(unclaimed)
            .find(|i| same(i, t))
            .and_then(|i| i.integration_id())
        {
            let id = id.to_string();
            self.push(
                "integration",
                &id,
                Change::Unchanged,
                integration_text(t, &self.region),
            );
            known.claimed.push(id.clone());
            return Ok(Some(id));
        }
        // The integration this target's routes use now, unless it is another declared target's.
        let in_use = self
            .spec
            .routes
            .iter()
            .filter(|r| r.target.as_ref() == Some(t))
            .filter_map(|r| {
                routes
                    .iter()
                    .find(|l| l.route_key() == Some(r.key.as_str()))
            })
            .filter_map(|l| l.target()?.strip_prefix("integrations/"))
            .find_map(|id| {
                known
                    .live
                    .iter()
                    .filter(unclaimed)
                    .find(|i| i.integration_id() == Some(id) && !all.iter().any(|o| same(i, o)))
            })
            .cloned();
        match in_use {
            Some(i) => self.update_integration(t, &i, known).await,
            None => self.create_integration(t).await,
        }
    }

    async fn create_integration(&mut self, t: &IntegrationTarget) -> Result<Option<String>> {
        let (itype, uri) = (t.integration_type(), t.uri(&self.region));
        self.push(
            "integration",
            "(new)",
            Change::Create,
            integration_text(t, &self.region),
        );
        self.deploy_reasons.push("integration created".into());
        let Some(api) = self.apply_id() else {
            return Ok(None);
        };
        let out = retry(|| {
            self.c
                .create_integration()
                .api_id(&api)
                .integration_type(itype.clone())
                .integration_uri(&uri)
                .integration_method("POST")
                .send()
        })
        .await
        .map_err(|e| Error::from_sdk(format!("failed to create an integration on API {api}"), e))?;
        let id = out.integration_id().map(str::to_string).ok_or_else(|| {
            Error::service(format!(
                "failed to create an integration on API {api}: the service returned no integrationId"
            ))
        })?;
        if let Some(step) = self.steps.last_mut() {
            step.name = id.clone();
        }
        Ok(Some(id))
    }

    async fn update_integration(
        &mut self,
        t: &IntegrationTarget,
        live: &Integration,
        known: &mut Integrations,
    ) -> Result<Option<String>> {
        let id = live.integration_id().unwrap_or_default().to_string();
        let (itype, uri) = (t.integration_type(), t.uri(&self.region));
        let mut d = Diff::default();
        d.field(
            "type",
            or_none(live.integration_type().map(|x| x.as_str())),
            itype.as_str(),
        );
        d.field("uri", or_none(live.integration_uri()), &uri);
        self.push("integration", &id, Change::Update, d.text());
        self.deploy_reasons.push("integration updated".into());
        known.claimed.push(id.clone());
        if let Some(api) = self.apply_id() {
            retry(|| {
                self.c
                    .update_integration()
                    .api_id(&api)
                    .integration_id(&id)
                    .integration_type(itype.clone())
                    .integration_uri(&uri)
                    .integration_method("POST")
                    .send()
            })
            .await
            .map_err(|e| {
                Error::from_sdk(format!("failed to update integration {id} of API {api}"), e)
            })?;
        }
        Ok(Some(id))
    }

    /// Every authorizer of the API. moto cannot list them: then those the routes name are read.
    async fn live_authorizers(&self, routes: &[Route]) -> Result<(Vec<Authorizer>, bool)> {
        let Some(id) = self.live_id() else {
            return Ok((Vec::new(), true));
        };
        let c = self.c;
        let listed: Result<Vec<Authorizer>> = async {
            Ok(every_page!(format!("authorizers of API {id}"), |token| c
                .get_authorizers()
                .api_id(&id)
                .set_next_token(token.clone())
                .send()))
        }
        .await;
        if let Ok(all) = listed {
            return Ok((all, true));
        }
        let mut out = Vec::new();
        // Routes may name an authorizer that is gone (moto keeps the id when authorization is
        // set to NONE): skipped.
        let in_use = routes.iter().filter_map(|r| r.authorizer_id());
        for aid in in_use {
            let a = match retry(|| c.get_authorizer().api_id(&id).authorizer_id(aid).send()).await {
                Ok(a) => a,
                Err(e)
                    if e.as_service_error()
                        .is_some_and(|s| s.is_not_found_exception()) =>
                {
                    continue
                }
                Err(e) => {
                    return Err(Error::from_sdk(
                        format!("failed to read authorizer {aid}"),
                        e,
                    ))
                }
            };
            out.push(
                Authorizer::builder()
                    .set_authorizer_id(a.authorizer_id().map(str::to_string))
                    .set_name(a.name().map(str::to_string))
                    .set_authorizer_uri(a.authorizer_uri().map(str::to_string))
                    .set_authorizer_type(a.authorizer_type().cloned())
                    .set_identity_source(Some(a.identity_source().to_vec()))
                    .build(),
            );
        }
        Ok((out, false))
    }

    /// A new authorizer; returns its id (`(new)` in a dry run or a check).
    async fn create_authorizer(&mut self, want: &AuthorizerSpec) -> Result<String> {
        let uri = want.function.invoke_uri(&self.region);
        let sources = want.identity_sources.join(",");
        self.push(
            "authorizer",
            &want.name,
            Change::Create,
            format!("REQUEST {uri}, identity {sources}"),
        );
        self.deploy_reasons.push("authorizer created".into());
        let Some(api) = self.apply_id() else {
            return Ok("(new)".into());
        };
        let a = retry(|| {
            self.c
                .create_authorizer()
                .api_id(&api)
                .name(&want.name)
                .authorizer_type(AuthorizerType::Request)
                .authorizer_uri(&uri)
                .set_identity_source(Some(want.identity_sources.clone()))
                .send()
        })
        .await
        .map_err(|e| {
            Error::from_sdk(
                format!("failed to create authorizer {} on API {api}", want.name),
                e,
            )
        })?;
        a.authorizer_id().map(str::to_string).ok_or_else(|| {
            Error::service(format!(
                "failed to create authorizer {}: the service returned no authorizerId",
                want.name
            ))
        })
    }

    /// Step 3: the declared REQUEST authorizer, found by name.
    pub async fn authorizer(&mut self, routes: &[Route]) -> Result<Authorizers> {
        let (live, complete) = self.live_authorizers(routes).await?;
        let mut out = Authorizers {
            live,
            complete,
            declared_id: None,
        };
        let Some(want) = self.spec.authorizer.clone() else {
            return Ok(out);
        };
        let uri = want.function.invoke_uri(&self.region);
        let sources = want.identity_sources.join(",");
        let current = out
            .live
            .iter()
            .find(|a| a.name() == Some(want.name.as_str()));
        let Some(current) = current else {
            out.declared_id = Some(self.create_authorizer(&want).await?);
            return Ok(out);
        };
        let id = current.authorizer_id().unwrap_or_default().to_string();
        out.declared_id = Some(id.clone());
        let mut d = Diff::default();
        d.field(
            "type",
            or_none(current.authorizer_type().map(|t| t.as_str())),
            "REQUEST",
        );
        d.field("uri", or_none(current.authorizer_uri()), &uri);
        d.field("identity", current.identity_source().join(","), &sources);
        if d.is_empty() {
            self.push(
                "authorizer",
                &want.name,
                Change::Unchanged,
                format!("{id}: REQUEST {uri}, identity {sources}"),
            );
            return Ok(out);
        }
        self.push("authorizer", &want.name, Change::Update, d.text());
        self.deploy_reasons.push("authorizer updated".into());
        if let Some(api) = self.apply_id() {
            retry(|| {
                self.c
                    .update_authorizer()
                    .api_id(&api)
                    .authorizer_id(&id)
                    .authorizer_type(AuthorizerType::Request)
                    .authorizer_uri(&uri)
                    .set_identity_source(Some(want.identity_sources.clone()))
                    .send()
            })
            .await
            .map_err(|e| {
                Error::from_sdk(format!("failed to update authorizer {id} of API {api}"), e)
            })?;
        }
        Ok(out)
    }

    /// Step 4: every declared route, created or converged field by field.
    pub async fn routes(
        &mut self,
        live: &[Route],
        integrations: &Integrations,
        authorizers: &Authorizers,
    ) -> Result<()> {
        let declared: Vec<RouteSpec> = self.spec.routes.clone();
        for r in &declared {
            let want = WantedRoute {
                target: r.target.as_ref().map(|t| integrations.target_of(t)),
                authorizer: authorizers
                    .declared_id
                    .clone()
                    .filter(|_| r.key == "$connect"),
                selection: r.route_response.then(|| "$default".to_string()),
            };
            match live.iter().find(|l| l.route_key() == Some(r.key.as_str())) {
                None => self.create_route(r, &want).await?,
                Some(l) => self.converge_route(r, l, &want).await?,
            }
        }
        Ok(())
    }

    async fn create_route(&mut self, r: &RouteSpec, want: &WantedRoute) -> Result<()> {
        let detail = match (&want.target, &want.authorizer) {
            (Some(t), Some(a)) => format!("-> {t}, authorizer {a}"),
            (Some(t), None) => format!("-> {t}"),
            (None, _) => "no integration (--integration not given)".into(),
        };
        self.push("route", &r.key, Change::Create, detail);
        self.deploy_reasons.push(format!("route {} created", r.key));
        let Some(api) = self.apply_id() else {
            if r.route_response {
                self.push("route-response", &r.key, Change::Create, "$default".into());
            }
            return Ok(());
        };
        let out = retry(|| {
            self.c
                .create_route()
                .api_id(&api)
                .route_key(&r.key)
                .set_target(want.target.clone())
                .authorization_type(want.authorization())
                .set_authorizer_id(want.authorizer.clone())
                .set_route_response_selection_expression(want.selection.clone())
                .send()
        })
        .await
        .map_err(|e| {
            Error::from_sdk(format!("failed to create route {} on API {api}", r.key), e)
        })?;
        if r.route_response {
            let rid = out.route_id().unwrap_or_default().to_string();
            self.route_response(&r.key, &rid, false).await?;
        }
        Ok(())
    }

    /// Field by field. An authorizer on a route while none is declared is left (removing a
    /// route's authentication is never a side effect) unless `--prune`: `keep_auth` says so.
    fn route_diff(&self, live: &Route, want: &WantedRoute) -> (Diff, bool) {
        let mut d = Diff::default();
        if let Some(t) = &want.target {
            d.field("target", or_none(live.target()), t);
        }
        let have_auth = live
            .authorization_type()
            .map(|a| a.as_str().to_string())
            .unwrap_or_else(|| "NONE".into());
        let keep_auth = want.authorizer.is_none() && have_auth != "NONE" && !self.spec.prune;
        if !keep_auth {
            d.field("authorization", &have_auth, want.authorization().as_str());
        }
        if want.authorizer.is_some() {
            d.field(
                "authorizer",
                or_none(live.authorizer_id()),
                or_none(want.authorizer.as_deref()),
            );
        }
        if let Some(sel) = &want.selection {
            d.field(
                "route response selection",
                or_none(live.route_response_selection_expression()),
                sel,
            );
        }
        (d, keep_auth)
    }

    async fn converge_route(
        &mut self,
        r: &RouteSpec,
        live: &Route,
        want: &WantedRoute,
    ) -> Result<()> {
        let (d, keep_auth) = self.route_diff(live, want);
        let rid = live.route_id().unwrap_or_default().to_string();
        let undeclared_auth = format!(
            "authorization {} (authorizer {}) is not declared: --prune removes it",
            live.authorization_type()
                .map(|a| a.as_str())
                .unwrap_or("NONE"),
            live.authorizer_id().unwrap_or("?")
        );
        if d.is_empty() {
            let (action, detail) = if keep_auth {
                (Change::Drift, undeclared_auth)
            } else {
                let shown = want
                    .target
                    .clone()
                    .or_else(|| live.target().map(str::to_string))
                    .unwrap_or_else(|| "(no target)".into());
                (Change::Unchanged, format!("-> {shown}"))
            };
            self.push("route", &r.key, action, detail);
        } else {
            let detail = if keep_auth {
                format!("{}; {undeclared_auth}", d.text())
            } else {
                d.text()
            };
            self.push("route", &r.key, Change::Update, detail);
            self.deploy_reasons.push(format!("route {} updated", r.key));
            if let Some(api) = self.apply_id() {
                let auth = Some(want.authorization()).filter(|_| !keep_auth);
                retry(|| {
                    self.c
                        .update_route()
                        .api_id(&api)
                        .route_id(&rid)
                        .set_target(want.target.clone())
                        .set_authorization_type(auth.clone())
                        .set_authorizer_id(want.authorizer.clone())
                        .set_route_response_selection_expression(want.selection.clone())
                        .send()
                })
                .await
                .map_err(|e| {
                    Error::from_sdk(format!("failed to update route {} on API {api}", r.key), e)
                })?;
            }
        }
        if r.route_response {
            let had_selection = live.route_response_selection_expression() == Some("$default");
            self.route_response(&r.key, &rid, had_selection).await?;
        }
        Ok(())
    }

    /// The `$default` route response of a two-way route. When the service cannot list route
    /// responses (moto), one is assumed to exist where the route already selected `$default`.
    async fn route_response(&mut self, key: &str, route_id: &str, assumed: bool) -> Result<()> {
        let existing = match self.live_id().filter(|_| !route_id.is_empty()) {
            None => false,
            Some(api) => {
                let listed = retry(|| {
                    self.c
                        .get_route_responses()
                        .api_id(&api)
                        .route_id(route_id)
                        .send()
                })
                .await;
                match listed {
                    Ok(page) => page
                        .items()
                        .iter()
                        .any(|x| x.route_response_key() == Some("$default")),
                    Err(_) => assumed,
                }
            }
        };
        if existing {
            self.push("route-response", key, Change::Unchanged, "$default".into());
            return Ok(());
        }
        self.push("route-response", key, Change::Create, "$default".into());
        self.deploy_reasons
            .push(format!("route response of {key} created"));
        if let Some(api) = self.apply_id().filter(|_| !route_id.is_empty()) {
            retry(|| {
                self.c
                    .create_route_response()
                    .api_id(&api)
                    .route_id(route_id)
                    .route_response_key("$default")
                    .send()
            })
            .await
            .map_err(|e| {
                Error::from_sdk(format!("failed to create the route response of {key}"), e)
            })?;
        }
        Ok(())
    }
}

/// What a route should look like.
struct WantedRoute {
    target: Option<String>,
    authorizer: Option<String>,
    selection: Option<String>,
}

impl WantedRoute {
    fn authorization(&self) -> AuthorizationType {
        if self.authorizer.is_some() {
            AuthorizationType::Custom
        } else {
            AuthorizationType::None
        }
    }
}
