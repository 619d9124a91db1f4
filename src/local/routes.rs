//! Route table of the emulated WebSocket API: which integration handles `$connect`, `$disconnect`,
//! `$default` and custom route keys, and which stages exist. The gateway reads it for every event; the
//! emulated apigatewayv2 control plane (`control_plane`) writes it, so what `wsctl provision` creates
//! locally takes effect.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::RwLock;

/// Where an event for a route goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteTarget {
    /// The built-in recorder (puts/deletes connection records like the seeds' Lambdas).
    Recorder,
    /// POST the Lambda-proxy-shaped event to this URL (HTTP_PROXY / `--integration`).
    Http(String),
    /// Accept and do nothing (MOCK, or a Lambda ARN that cannot run locally).
    Mock,
}

#[derive(Debug)]
pub struct Routing {
    inner: RwLock<RoutingState>,
}

#[derive(Debug, Clone)]
struct RoutingState {
    /// e.g. `$request.body.action`
    selection_expression: String,
    routes: BTreeMap<String, RouteTarget>,
    stages: BTreeSet<String>,
}

impl Routing {
    /// Defaults of `wsctl local serve`: `$connect`/`$disconnect` go to `target`, messages to
    /// `$default` on the same target, one stage.
    pub fn new(stage: &str, target: RouteTarget) -> Self {
        let mut routes = BTreeMap::new();
        routes.insert("$connect".to_string(), target.clone());
        routes.insert("$disconnect".to_string(), target.clone());
        routes.insert("$default".to_string(), target);
        Routing {
            inner: RwLock::new(RoutingState {
                selection_expression: "$request.body.action".to_string(),
                routes,
                stages: BTreeSet::from([stage.to_string()]),
            }),
        }
    }

    pub fn target(&self, route_key: &str) -> Option<RouteTarget> {
        self.inner.read().ok()?.routes.get(route_key).cloned()
    }

    pub fn set_route(&self, route_key: &str, target: RouteTarget) {
        if let Ok(mut s) = self.inner.write() {
            s.routes.insert(route_key.to_string(), target);
        }
    }

    pub fn remove_route(&self, route_key: &str) {
        if let Ok(mut s) = self.inner.write() {
            s.routes.remove(route_key);
        }
    }

    pub fn set_selection_expression(&self, expr: &str) {
        if let Ok(mut s) = self.inner.write() {
            s.selection_expression = expr.to_string();
        }
    }

    pub fn add_stage(&self, stage: &str) {
        if let Ok(mut s) = self.inner.write() {
            s.stages.insert(stage.to_string());
        }
    }

    pub fn has_stage(&self, stage: &str) -> bool {
        self.inner
            .read()
            .map(|s| s.stages.contains(stage))
            .unwrap_or(false)
    }

    /// The route key for a message: the value at `$request.body.{path}` when the body is JSON and the
    /// value is a string naming an existing route, else `$default` (which may not exist: the gateway
    /// then answers with the `Forbidden` frame).
    pub fn select(&self, body: &str) -> String {
        let Ok(s) = self.inner.read() else {
            return "$default".into();
        };
        let path = s
            .selection_expression
            .strip_prefix("$request.body.")
            .unwrap_or("action");
        let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
            return "$default".into();
        };
        let mut cur = &v;
        for part in path.split('.') {
            match cur.get(part) {
                Some(next) => cur = next,
                None => return "$default".into(),
            }
        }
        match cur.as_str() {
            Some(k) if s.routes.contains_key(k) => k.to_string(),
            _ => "$default".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_by_action_with_default_fallback() {
        let r = Routing::new("local", RouteTarget::Recorder);
        r.set_route(
            "sendMessage",
            RouteTarget::Http("http://127.0.0.1:1/x".into()),
        );
        assert_eq!(r.select(r#"{"action":"sendMessage"}"#), "sendMessage");
        assert_eq!(r.select(r#"{"action":"nope"}"#), "$default");
        assert_eq!(r.select("not json"), "$default");
        assert_eq!(r.select(r#"{"action":5}"#), "$default");
        assert!(r.has_stage("local") && !r.has_stage("prod"));
    }
}
