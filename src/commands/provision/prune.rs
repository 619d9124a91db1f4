//! What exists on the API but is not declared: routes, integrations no declared route uses, and
//! authorizers other than the declared one. Always shown in the plan (`drift`, so `--check` fails
//! on them); deleted only with `--prune` (`delete`): routes first (an integration or authorizer a
//! route uses cannot be deleted), then integrations, then authorizers.

use aws_sdk_apigatewayv2::types::Route;

use super::api::{retry, ApiProvisioning};
use super::routes::{Authorizers, Integrations};
use super::Change;
use crate::error::{Error, Result};

const KEEP_HINT: &str = "not declared: --prune deletes it";

/// One undeclared resource: its plan kind, name (or id) and id.
struct Undeclared {
    kind: &'static str,
    name: String,
    id: String,
    detail: String,
}

impl ApiProvisioning<'_> {
    /// Step 5: report (and with `--prune`, delete) what is not declared.
    pub async fn prune(
        &mut self,
        routes: &[Route],
        integrations: &Integrations,
        authorizers: &Authorizers,
    ) -> Result<()> {
        let found = self.undeclared(routes, integrations, authorizers);
        let action = if self.spec.prune {
            Change::Delete
        } else {
            Change::Drift
        };
        for u in &found {
            let detail = if self.spec.prune {
                format!("not declared{}", u.detail)
            } else {
                format!("{KEEP_HINT}{}", u.detail)
            };
            self.push(u.kind, &u.name, action, detail);
        }
        if !authorizers.complete && self.spec.prune {
            tracing::warn!(
                "the service does not list authorizers: only those routes use are known"
            );
        }
        if found.is_empty() || !self.spec.prune {
            return Ok(());
        }
        self.deploy_reasons
            .push(format!("{} undeclared resource(s) deleted", found.len()));
        let Some(api) = self.apply_id() else {
            return Ok(());
        };
        for u in &found {
            self.delete(&api, u).await?;
        }
        Ok(())
    }

    fn undeclared(
        &self,
        routes: &[Route],
        integrations: &Integrations,
        authorizers: &Authorizers,
    ) -> Vec<Undeclared> {
        let mut out = Vec::new();
        let declared = |key: &str| self.spec.routes.iter().any(|r| r.key == key);
        for r in routes {
            let key = r.route_key().unwrap_or_default();
            if !declared(key) {
                out.push(Undeclared {
                    kind: "route",
                    name: key.to_string(),
                    id: r.route_id().unwrap_or_default().to_string(),
                    detail: r.target().map(|t| format!(" (-> {t})")).unwrap_or_default(),
                });
            }
        }
        // Routes declared without a target (no --integration) keep theirs: it is not undeclared.
        let kept: Vec<&str> = routes
            .iter()
            .filter(|r| {
                self.spec
                    .routes
                    .iter()
                    .any(|s| s.target.is_none() && Some(s.key.as_str()) == r.route_key())
            })
            .filter_map(|r| r.target()?.strip_prefix("integrations/"))
            .collect();
        for i in &integrations.live {
            let id = i.integration_id().unwrap_or_default();
            if !integrations.claimed.iter().any(|c| c == id) && !kept.contains(&id) {
                out.push(Undeclared {
                    kind: "integration",
                    name: id.to_string(),
                    id: id.to_string(),
                    detail: format!(
                        " ({} {})",
                        i.integration_type().map(|t| t.as_str()).unwrap_or("?"),
                        i.integration_uri().unwrap_or("")
                    ),
                });
            }
        }
        let declared_name = self.spec.authorizer.as_ref().map(|a| a.name.as_str());
        for a in &authorizers.live {
            if a.name() != declared_name || declared_name.is_none() {
                let id = a.authorizer_id().unwrap_or_default();
                out.push(Undeclared {
                    kind: "authorizer",
                    name: a.name().unwrap_or(id).to_string(),
                    id: id.to_string(),
                    detail: format!(" ({id})"),
                });
            }
        }
        out
    }

    async fn delete(&self, api: &str, u: &Undeclared) -> Result<()> {
        let c = self.c;
        let id = u.id.as_str();
        let failed = |e| {
            Error::from_sdk(
                format!("failed to delete {} {} of API {api}", u.kind, u.name),
                e,
            )
        };
        match u.kind {
            "route" => retry(|| c.delete_route().api_id(api).route_id(id).send())
                .await
                .map(|_| ())
                .map_err(failed),
            "integration" => retry(|| c.delete_integration().api_id(api).integration_id(id).send())
                .await
                .map(|_| ())
                .map_err(|e| {
                    Error::from_sdk(format!("failed to delete integration {id} of API {api}"), e)
                }),
            _ => retry(|| c.delete_authorizer().api_id(api).authorizer_id(id).send())
                .await
                .map(|_| ())
                .map_err(|e| {
                    Error::from_sdk(format!("failed to delete authorizer {id} of API {api}"), e)
                }),
        }
    }
}
