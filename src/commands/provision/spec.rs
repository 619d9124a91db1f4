//! `wsctl provision --spec FILE`: the table and the API declared in one TOML file.
//!
//! ```toml
//! [table]                      # optional; name defaults to --table / the fleet / ws-connections
//! name = "ws-connections"
//! rcu = 5                      # with wcu: provisioned capacity; both absent: on-demand
//! wcu = 5
//! user_index = "userId-index"
//! group_index = "groupId-index"
//!
//! [api]                        # optional
//! name = "chat"
//! stage = "prod"
//! integration = "arn:aws:lambda:eu-west-1:123456789012:function:chat"   # or an http(s) URL
//! routes = ["sendMessage", "join"]
//! auto_deploy = false
//! throttle_rate = 100.0
//! throttle_burst = 50
//! ```

use std::path::Path;

use serde::Deserialize;

use super::api::{ApiSpec, DEFAULT_STAGE};
use super::table::{TableSpec, DEFAULT_GROUP_INDEX, DEFAULT_USER_INDEX};
use crate::context::Ctx;
use crate::error::{Error, Result};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    table: Option<TableSection>,
    api: Option<ApiSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSection {
    name: Option<String>,
    rcu: Option<i64>,
    wcu: Option<i64>,
    user_index: Option<String>,
    group_index: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiSection {
    name: String,
    stage: Option<String>,
    integration: Option<String>,
    #[serde(default)]
    routes: Vec<String>,
    #[serde(default)]
    auto_deploy: bool,
    throttle_rate: Option<f64>,
    throttle_burst: Option<i32>,
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

/// Parse a spec; `default_table` names the table when `[table]` has no `name`.
pub fn parse(text: &str, origin: &str, default_table: &str) -> Result<Spec> {
    let f: SpecFile = toml::from_str(text).map_err(|e| {
        Error::usage(format!(
            "invalid spec file {origin}: {}",
            e.message().replace('\n', " ")
        ))
        .with_hint("a spec has a [table] and/or an [api] section; see `wsctl provision --help`")
    })?;
    if f.table.is_none() && f.api.is_none() {
        return Err(Error::usage(format!(
            "spec file {origin} declares nothing: add a [table] or an [api] section"
        )));
    }
    let table = f
        .table
        .map(|t| {
            let capacity = match (t.rcu, t.wcu) {
                (Some(r), Some(w)) => Some((r, w)),
                (None, None) => None,
                _ => {
                    return Err(Error::usage(format!(
                        "spec file {origin}: [table] needs both rcu and wcu, or neither (on-demand)"
                    )))
                }
            };
            TableSpec::new(
                t.name.unwrap_or_else(|| default_table.to_string()),
                capacity,
                t.user_index.unwrap_or_else(|| DEFAULT_USER_INDEX.into()),
                t.group_index.unwrap_or_else(|| DEFAULT_GROUP_INDEX.into()),
            )
        })
        .transpose()?;
    let api = f
        .api
        .map(|a| {
            ApiSpec::new(
                a.name,
                a.stage.unwrap_or_else(|| DEFAULT_STAGE.into()),
                a.integration.as_deref(),
                &a.routes,
                a.auto_deploy,
                a.throttle_rate,
                a.throttle_burst,
            )
        })
        .transpose()?;
    Ok(Spec { table, api })
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
        assert_eq!(a.stage, "prod");
        assert!(a.auto_deploy);
        assert_eq!(a.routes.last().unwrap(), "sendMessage");
    }

    #[test]
    fn bad_specs_are_usage_errors() {
        for text in [
            "",
            "[table]\nrcu = 1\n",
            "[table]\nbogus = 1\n",
            "[api]\nstage = \"x\"\n",
            "[api]\nname = \"a\"\nintegration = \"nope\"\n",
            "not toml",
        ] {
            let e = parse(text, "t.toml", "ws-connections").err().unwrap();
            assert_eq!(e.kind.exit_code(), 2, "{text}");
        }
    }
}
