//! Which rows belong to the Management API endpoint that wsctl talks to.
//!
//! Handlers that store the `$connect` event's `domainName` and `stage` (seed 003 does) let one table
//! hold the connections of several APIs: a DynamoDB global table shared by the regional APIs of a
//! multi-region deployment, or two stages writing to one table. API Gateway answers 410 Gone for any
//! id it does not know, so a 410 from this endpoint proves nothing about a row recorded for another
//! one: such rows are neither sent to, probed nor deleted on a 410 (an age past the maximum
//! connection duration, or a passed TTL, still proves them stale). `--other-endpoints include` takes
//! them as this endpoint's, for a custom domain name that fronts this same API; `--other-endpoints
//! route` sends each such row to the endpoint it names (`engine::routing`), where a 410 is proof again.
//! Rows without a `domainName` are this endpoint's, as before.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

/// The attributes a `$connect` handler stores from `requestContext`.
pub const DOMAIN_ATTR: &str = "domainName";
pub const STAGE_ATTR: &str = "stage";

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
