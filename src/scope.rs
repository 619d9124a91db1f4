//! Which rows belong to the Management API endpoint that wsctl talks to.
//!
//! Handlers that store the `$connect` event's `domainName` and `stage` (seed 003 does) let one table
//! hold the connections of several APIs: a DynamoDB global table shared by the regional APIs of a
//! multi-region deployment, or two stages writing to one table. API Gateway answers 410 Gone for any
//! id it does not know, so a 410 from this endpoint proves nothing about a row recorded for another
//! one: such rows are neither sent to, probed nor deleted on a 410 (an age past the maximum
//! connection duration, or a passed TTL, still proves them stale). `--other-endpoints include` takes
//! them as this endpoint's, for a custom domain name that fronts this same API; `--other-endpoints
//! route` sends each such row to the endpoint it names ([`Router`]), where a 410 is proof again.
//! Rows without a `domainName` are this endpoint's, as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::types::AttributeValue;
use clap::ValueEnum;

use crate::aws::connections::ConnectionsApi;
use crate::engine::Route;
use crate::records::ConnRecord;

/// The attributes a `$connect` handler stores from `requestContext`.
pub const DOMAIN_ATTR: &str = "domainName";
pub const STAGE_ATTR: &str = "stage";

/// What to do with rows recorded for another endpoint.
#[derive(ValueEnum, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum OtherEndpoints {
    /// Leave them alone: not sent to, not probed, not deleted on a 410 (counted and reported)
    #[default]
    Skip,
    /// Treat them as this endpoint's (a custom domain name of this same API)
    Include,
    /// Send to (probe at, prune after a 410 from) the endpoint each row names,
    /// https://{domainName}/{stage}, signed for the region in its execute-api host
    Route,
}

/// The endpoint's identity as `$connect` events record it.
#[derive(Debug, Clone)]
pub struct EndpointScope {
    /// `domainName` values that name this endpoint (lower case): the host, and host:port when the
    /// URL carries a port (the local emulator's events do).
    names: Vec<String>,
    /// The stage (execute-api hosts and loopback: the path's first segment), or a custom domain's
    /// base path. A custom domain can map several APIs under different base paths, and a
    /// `$connect` event records the stage, not the base path: so a row of that domain is this
    /// endpoint's only when its stage is named like the base path (or its `domainName` carries
    /// the path). Anything else is another endpoint's unless `--other-endpoints include`.
    stage: Option<String>,
}

impl EndpointScope {
    /// The scope of a normalised Management API endpoint; None when it cannot be parsed.
    pub fn new(endpoint: &str) -> Option<Self> {
        let url = url::Url::parse(endpoint).ok()?;
        let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
        let names = match url.port() {
            Some(port) => vec![format!("{host}:{port}")],
            None => {
                let default = url.port_or_known_default().unwrap_or(443);
                vec![host.clone(), format!("{host}:{default}")]
            }
        };
        let stage = url
            .path_segments()
            .and_then(|mut p| p.find(|s| !s.is_empty()))
            .map(str::to_string);
        Some(EndpointScope { names, stage })
    }

    /// Whether a row recorded with this `domainName` / `stage` belongs to the endpoint. A row
    /// without a `domainName` does (most handlers never store one).
    pub fn owns(&self, domain: Option<&str>, stage: Option<&str>) -> bool {
        let Some(domain) = domain.map(|d| d.trim().trim_end_matches('.')) else {
            return true;
        };
        if domain.is_empty() {
            return true;
        }
        // Some handlers store the callback URL's host and path ("ws.example.com/v2").
        let (host, path) = match domain.split_once('/') {
            Some((h, p)) => (h, p.split('/').find(|s| !s.is_empty())),
            None => (domain, None),
        };
        if !self.names.iter().any(|n| n.eq_ignore_ascii_case(host)) {
            return false;
        }
        let theirs = path.or(stage.filter(|s| !s.is_empty()));
        match (&self.stage, theirs) {
            (Some(ours), Some(theirs)) => ours == theirs,
            _ => true,
        }
    }

    pub fn owns_record(&self, r: &ConnRecord) -> bool {
        self.owns(r.domain_name.as_deref(), r.stage.as_deref())
    }

    /// A DynamoDB condition that holds for this endpoint's rows only: (expression, names, values).
    /// A fan-out's reads filter on it, and the pruner deletes on it rows it has not read (an id
    /// given on the command line).
    pub fn condition(
        &self,
    ) -> (
        String,
        HashMap<String, String>,
        HashMap<String, AttributeValue>,
    ) {
        let mut names = HashMap::from([("#scope_d".to_string(), DOMAIN_ATTR.to_string())]);
        let mut values = HashMap::new();
        let mut alternatives = Vec::new();
        for (i, n) in self.names.iter().enumerate() {
            let key = format!(":scope_d{i}");
            alternatives.push(key.clone());
            values.insert(key, AttributeValue::S(n.clone()));
        }
        // Parenthesised whole, so that a caller can AND it with its own condition.
        let mut expr = format!(
            "(attribute_not_exists(#scope_d) OR (#scope_d IN ({})",
            alternatives.join(", ")
        );
        if let Some(stage) = &self.stage {
            names.insert("#scope_s".into(), STAGE_ATTR.into());
            values.insert(":scope_s".into(), AttributeValue::S(stage.clone()));
            expr.push_str(" AND (attribute_not_exists(#scope_s) OR #scope_s = :scope_s)");
        }
        expr.push_str("))");
        (expr, names, values)
    }
}

/// Makes the Management API client of another endpoint: (endpoint, signing region).
pub type ApiFactory = Arc<dyn Fn(&str, &str) -> ConnectionsApi + Send + Sync>;

/// Where `--other-endpoints route` sends a row.
pub enum Routing {
    /// The endpoint wsctl was given.
    Own,
    /// The endpoint the row names.
    Via(Arc<Route>),
    /// Another endpoint that wsctl will not call (see [`route_endpoint`]): left alone, as with skip.
    Unroutable,
}

/// The routes of one run: one client per endpoint the rows name, made on first use.
pub struct Router {
    own: Arc<EndpointScope>,
    /// Where the own endpoint's calls are throttled (see [`throttle_scope`]).
    own_throttle_scope: String,
    from_loopback: bool,
    default_region: String,
    make: ApiFactory,
    routes: Mutex<HashMap<String, Option<Arc<Route>>>>,
}

/// Distinct other endpoints one run calls; rows of any further ones are left alone.
const MAX_ROUTES: usize = 64;

impl Router {
    /// Routes from the endpoint `own` (normalised URL), signing with `default_region` where a host
    /// does not name its region (loopback).
    pub fn new(own: &str, default_region: &str, make: ApiFactory) -> Option<Router> {
        let from_loopback = crate::aws::is_loopback_url(own);
        Some(Router {
            own: Arc::new(EndpointScope::new(own)?),
            own_throttle_scope: throttle_scope(own, None, default_region)?,
            from_loopback,
            default_region: default_region.to_string(),
            make,
            routes: Mutex::new(HashMap::new()),
        })
    }

    pub fn route(&self, r: &ConnRecord) -> Routing {
        if self.own.owns_record(r) {
            return Routing::Own;
        }
        let Some((endpoint, region)) = route_endpoint(
            r.domain_name.as_deref().unwrap_or(""),
            r.stage.as_deref().unwrap_or(""),
            self.from_loopback,
        ) else {
            return Routing::Unroutable;
        };
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        if !routes.contains_key(&endpoint) {
            let route = (routes.len() < MAX_ROUTES)
                .then(|| EndpointScope::new(&endpoint))
                .flatten()
                .zip(throttle_scope(
                    &endpoint,
                    region.as_deref(),
                    &self.default_region,
                ))
                .map(|(scope, throttled_in)| {
                    let region = region.as_deref().unwrap_or(&self.default_region);
                    Arc::new(Route {
                        api: (self.make)(&endpoint, region),
                        scope: Arc::new(scope),
                        throttle_scope: (throttled_in != self.own_throttle_scope)
                            .then(|| Arc::from(throttled_in)),
                    })
                });
            routes.insert(endpoint.clone(), route);
        }
        match routes.get(&endpoint) {
            Some(Some(route)) => Routing::Via(route.clone()),
            _ => Routing::Unroutable,
        }
    }
}

/// Where a row goes: where `router` sends it, else to this endpoint unless `scope` says the row is
/// another endpoint's (then it is left alone).
pub fn route_row(
    router: Option<&Router>,
    scope: Option<&EndpointScope>,
    r: &ConnRecord,
) -> Routing {
    match router {
        Some(router) => router.route(r),
        None if scope.is_some_and(|s| !s.owns_record(r)) => Routing::Unroutable,
        None => Routing::Own,
    }
}

/// [`route_row`] for a fan-out or a sweep: `Ok(None)` this endpoint, `Ok(Some(route))` the row's own,
/// `Err(LeftAlone)` once the row is counted in `skipped`.
pub fn route_or_skip(
    router: Option<&Router>,
    scope: Option<&EndpointScope>,
    r: &ConnRecord,
    skipped: &Mutex<Skipped>,
) -> Result<Option<Arc<Route>>, LeftAlone> {
    match route_row(router, scope, r) {
        Routing::Own => Ok(None),
        Routing::Via(route) => Ok(Some(route)),
        Routing::Unroutable => {
            if let Ok(mut k) = skipped.lock() {
                k.add(r);
            }
            Err(LeftAlone)
        }
    }
}

/// A row of another endpoint that is neither sent to nor probed.
#[derive(Debug)]
pub struct LeftAlone;

/// The Management API endpoint a row's handler would call, `{scheme}://{domainName}/{stage}`, and
/// the region its host names. Only execute-api hosts are called from an AWS endpoint, and only
/// loopback hosts from a local one: a table's contents never make wsctl send signed requests to
/// an arbitrary host, nor a local run reach AWS. A custom domain name is not routed (its region
/// and base path are not in the row).
pub fn route_endpoint(
    domain: &str,
    stage: &str,
    from_loopback: bool,
) -> Option<(String, Option<String>)> {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let stage = stage.trim();
    let stage_ok = !stage.is_empty()
        && stage
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if domain.is_empty() || !stage_ok {
        return None;
    }
    if from_loopback {
        let url = format!("http://{domain}/{stage}");
        return crate::aws::is_loopback_url(&url).then_some((url, None));
    }
    let host = domain.strip_suffix(":443").unwrap_or(&domain);
    let labels: Vec<&str> = host.split('.').collect();
    let region = match labels.as_slice() {
        [id, "execute-api", region, "amazonaws", "com"]
        | [id, "execute-api", region, "amazonaws", "com", "cn"]
            if !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphanumeric())
                && !region.is_empty()
                && region
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') =>
        {
            region.to_string()
        }
        _ => return None,
    };
    Some((format!("https://{host}/{stage}"), Some(region)))
}

/// Where API Gateway throttles an endpoint's @connections calls: the account's token bucket of
/// the region (execute-api hosts, or `region` / `default_region` for another host), or, for a local
/// emulator, that emulator (`host:port`). Endpoints in one scope share one pace; a throttled region
/// does not slow the others.
pub fn throttle_scope(
    endpoint: &str,
    region: Option<&str>,
    default_region: &str,
) -> Option<String> {
    let url = url::Url::parse(endpoint).ok()?;
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    if crate::aws::is_loopback_url(endpoint) {
        return Some(format!("{host}:{}", url.port_or_known_default()?));
    }
    let named = route_endpoint(&host, "s", false).and_then(|(_, r)| r);
    Some(
        named
            .or_else(|| region.map(str::to_string))
            .unwrap_or_else(|| default_region.to_string()),
    )
}

/// How a row names its endpoint, for reports: `domain/stage`.
pub fn label(r: &ConnRecord) -> String {
    match (&r.domain_name, &r.stage) {
        (Some(d), Some(s)) if !s.is_empty() => format!("{d}/{s}"),
        (Some(d), _) => d.clone(),
        _ => "-".into(),
    }
}

/// Counts of rows left alone because they belong to other endpoints, by endpoint (a few kept for
/// the warning).
#[derive(Debug, Default)]
pub struct Skipped {
    pub rows: u64,
    by_endpoint: Vec<(String, u64)>,
    /// Rows left out in DynamoDB, whose endpoints were never read.
    unnamed: u64,
}

const NAMED_ENDPOINTS: usize = 5;

impl Skipped {
    pub fn add(&mut self, r: &ConnRecord) {
        self.rows += 1;
        let l = label(r);
        if let Some(e) = self.by_endpoint.iter_mut().find(|(n, _)| *n == l) {
            e.1 += 1;
        } else if self.by_endpoint.len() < NAMED_ENDPOINTS {
            self.by_endpoint.push((l, 1));
        }
    }

    /// Rows DynamoDB left out with the scope's filter: counted, their endpoints not known.
    pub fn add_unnamed(&mut self, rows: u64) {
        self.rows += rows;
        self.unnamed += rows;
    }

    /// The one-line warning, None when nothing was skipped.
    pub fn warning(&self, endpoint: &str, what: &str) -> Option<String> {
        if self.rows == 0 {
            return None;
        }
        let mut named = self
            .by_endpoint
            .iter()
            .map(|(n, c)| format!("{}: {c}", crate::sanitize::terminal_safe(n)))
            .collect::<Vec<_>>();
        if self.by_endpoint.len() == NAMED_ENDPOINTS {
            named.push("...".into());
        }
        if self.unnamed > 0 {
            named.push("`wsctl connections count --by endpoint` names them".into());
        }
        Some(format!(
            "{} row(s) belong to other endpoints ({}) and {what}: a 410 from {endpoint} proves nothing about them; run wsctl with their --endpoint (or --other-endpoints route), or --other-endpoints include if they are this API's (a custom domain name)",
            self.rows,
            named.join(", "),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_scopes_are_regions_or_emulators() {
        let scope = |e: &str| throttle_scope(e, None, "eu-central-1");
        assert_eq!(
            scope("https://abc123.execute-api.us-west-2.amazonaws.com/prod").as_deref(),
            Some("us-west-2")
        );
        // Two APIs of one region share the account's limit, so one pace.
        assert_eq!(
            scope("https://def456.execute-api.us-west-2.amazonaws.com/live"),
            scope("https://abc123.execute-api.us-west-2.amazonaws.com/prod")
        );
        // A custom domain name is signed for, and throttled in, the run's region.
        assert_eq!(
            scope("https://ws.example.com/prod").as_deref(),
            Some("eu-central-1")
        );
        assert_eq!(
            scope("http://127.0.0.1:4510/local").as_deref(),
            Some("127.0.0.1:4510")
        );
        assert_ne!(
            scope("http://127.0.0.1:4510/local"),
            scope("http://127.0.0.1:4511/local")
        );
    }

    #[test]
    fn rows_are_routed_only_to_execute_api_or_loopback_hosts() {
        assert_eq!(
            route_endpoint("xyz789.execute-api.us-west-2.amazonaws.com", "prod", false),
            Some((
                "https://xyz789.execute-api.us-west-2.amazonaws.com/prod".into(),
                Some("us-west-2".into())
            ))
        );
        assert_eq!(
            route_endpoint("ABC.execute-api.cn-north-1.amazonaws.com.cn.", "v1", false),
            Some((
                "https://abc.execute-api.cn-north-1.amazonaws.com.cn/v1".into(),
                Some("cn-north-1".into())
            ))
        );
        // A custom domain, a missing or odd stage, a host that only looks like AWS: not called.
        assert_eq!(route_endpoint("ws.example.com", "prod", false), None);
        assert_eq!(
            route_endpoint("xyz.execute-api.us-west-2.amazonaws.com", "", false),
            None
        );
        assert_eq!(
            route_endpoint("xyz.execute-api.us-west-2.amazonaws.com", "a/b", false),
            None
        );
        assert_eq!(
            route_endpoint("x.execute-api.us-west-2.amazonaws.com.evil.io", "p", false),
            None
        );
        assert_eq!(
            route_endpoint("x.execute-api.us-west-2:8443.amazonaws.com", "p", false),
            None
        );
        assert_eq!(route_endpoint("127.0.0.1:4000", "local", false), None);
        // From a local endpoint: loopback only, never AWS.
        assert_eq!(
            route_endpoint("127.0.0.1:4000", "local", true),
            Some(("http://127.0.0.1:4000/local".into(), None))
        );
        assert_eq!(
            route_endpoint("xyz789.execute-api.us-west-2.amazonaws.com", "prod", true),
            None
        );
    }

    #[test]
    fn execute_api_rows_match_on_host_and_stage() {
        let s =
            EndpointScope::new("https://abc123.execute-api.eu-west-1.amazonaws.com/prod").unwrap();
        assert!(s.owns(None, None), "rows without domainName are ours");
        assert!(s.owns(
            Some("abc123.execute-api.eu-west-1.amazonaws.com"),
            Some("prod")
        ));
        assert!(s.owns(Some("ABC123.execute-api.eu-west-1.amazonaws.com."), None));
        assert!(s.owns(
            Some("abc123.execute-api.eu-west-1.amazonaws.com:443"),
            Some("prod")
        ));
        // Another region's API (a global table), another stage of this API.
        assert!(!s.owns(
            Some("xyz789.execute-api.us-east-1.amazonaws.com"),
            Some("prod")
        ));
        assert!(!s.owns(
            Some("abc123.execute-api.eu-west-1.amazonaws.com"),
            Some("dev")
        ));
    }

    #[test]
    fn loopback_rows_carry_the_port() {
        let s = EndpointScope::new("http://127.0.0.1:9001/local").unwrap();
        assert!(s.owns(Some("127.0.0.1:9001"), Some("local")));
        assert!(!s.owns(Some("127.0.0.1:9002"), Some("local")));
        assert!(!s.owns(Some("127.0.0.1"), Some("local")));
        assert!(!s.owns(Some("127.0.0.1:9001"), Some("other")));
    }

    #[test]
    fn a_custom_domains_base_path_counts() {
        let s = EndpointScope::new("https://ws.example.com/v1").unwrap();
        // The row of another base path's API is another endpoint's: a 410 from /v1 proves nothing.
        assert!(!s.owns(Some("ws.example.com/v2"), None));
        assert!(!s.owns(Some("ws.example.com"), Some("v2")));
        // A stage that is not named like the base path cannot be told apart: not this endpoint's
        // (`--other-endpoints include` takes it).
        assert!(!s.owns(Some("ws.example.com"), Some("prod")));
        assert!(s.owns(Some("ws.example.com/v1"), None));
        assert!(s.owns(Some("ws.example.com"), Some("v1")));
        assert!(s.owns(Some("ws.example.com"), None));
        assert!(!s.owns(
            Some("abc123.execute-api.eu-west-1.amazonaws.com"),
            Some("v1")
        ));
        // Without a base path, the domain maps one API stage: the host decides.
        let bare = EndpointScope::new("https://ws.example.com").unwrap();
        assert!(bare.owns(Some("ws.example.com"), Some("prod")));
    }

    #[test]
    fn the_condition_names_every_spelling_of_the_host() {
        let s = EndpointScope::new("https://abc.execute-api.eu-west-1.amazonaws.com/prod").unwrap();
        let (expr, names, values) = s.condition();
        assert_eq!(
            expr,
            "(attribute_not_exists(#scope_d) OR (#scope_d IN (:scope_d0, :scope_d1) AND (attribute_not_exists(#scope_s) OR #scope_s = :scope_s)))"
        );
        assert_eq!(names["#scope_d"], "domainName");
        assert_eq!(values.len(), 3);
        let hosts: Vec<_> = values.values().filter_map(|v| v.as_s().ok()).collect();
        assert!(hosts.contains(&&"abc.execute-api.eu-west-1.amazonaws.com".to_string()));
        assert!(hosts.contains(&&"prod".to_string()));
    }

    #[test]
    fn the_warning_names_a_few_endpoints() {
        let mut k = Skipped::default();
        assert!(k.warning("https://e/prod", "were left alone").is_none());
        let rec = |d: &str| ConnRecord {
            connection_id: "c".into(),
            key: Default::default(),
            user: None,
            group: None,
            connected_at_ms: None,
            ttl: None,
            domain_name: Some(d.into()),
            stage: Some("prod".into()),
        };
        for i in 0..8 {
            k.add(&rec(&format!("api{i}.execute-api.us-east-1.amazonaws.com")));
        }
        k.add(&rec("api0.execute-api.us-east-1.amazonaws.com"));
        let w = k.warning("https://e/prod", "were left alone").unwrap();
        assert!(w.starts_with("9 row(s) belong to other endpoints (api0.execute-api.us-east-1.amazonaws.com/prod: 2"), "{w}");
        assert!(w.contains(", ...)"), "{w}");
    }
}
