//! Where a row of another endpoint goes (`--other-endpoints route`), and where API Gateway throttles
//! each endpoint's calls: one Management API client per endpoint the rows name, made on first use.
//! Which rows are the endpoint's own is [`crate::ownership`]'s question.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::aws::ApiFactory;
use crate::ownership::EndpointScope;
use crate::records::ConnRecord;

use super::Route;

/// Where `--other-endpoints route` sends a row.
pub enum Destination {
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

    pub fn route(&self, r: &ConnRecord) -> Destination {
        if self.own.owns_record(r) {
            return Destination::Own;
        }
        let Some((endpoint, region)) = route_endpoint(
            r.domain_name.as_deref().unwrap_or(""),
            r.stage.as_deref().unwrap_or(""),
            self.from_loopback,
        ) else {
            return Destination::Unroutable;
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
            Some(Some(route)) => Destination::Via(route.clone()),
            _ => Destination::Unroutable,
        }
    }
}

/// Where a row goes: where `router` sends it, else to this endpoint unless `scope` says the row is
/// another endpoint's (then it is left alone).
pub fn route_row(
    router: Option<&Router>,
    scope: Option<&EndpointScope>,
    r: &ConnRecord,
) -> Destination {
    match router {
        Some(router) => router.route(r),
        None if scope.is_some_and(|s| !s.owns_record(r)) => Destination::Unroutable,
        None => Destination::Own,
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
        Destination::Own => Ok(None),
        Destination::Via(route) => Ok(Some(route)),
        Destination::Unroutable => {
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
