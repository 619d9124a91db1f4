//! The config file: named fleets so that daily commands stay short.
//!
//! ```toml
//! current_fleet = "prod"    # `wsctl fleet use prod` writes this line
//!
//! [fleets.prod]
//! table = "ws-connections"
//! endpoint = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"
//! region = "eu-west-1"
//! profile = "prod-ops"
//! [fleets.prod.layout]
//! group_attr = "roomId"
//! group_prefix = "room#"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The fleet used when no `--fleet` is given (`wsctl fleet use NAME` sets it).
    pub current_fleet: Option<String>,
    #[serde(default)]
    pub fleets: BTreeMap<String, Fleet>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    pub table: Option<String>,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub profile: Option<String>,
    pub dynamodb_endpoint: Option<String>,
    pub apigw_endpoint: Option<String>,
    /// `skip` or `include`: see `--other-endpoints`.
    pub other_endpoints: Option<crate::settings::OtherEndpoints>,
    #[serde(default)]
    pub layout: LayoutConfig,
}

/// How a table is laid out, where it differs from what wsctl discovers (all optional).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutConfig {
    pub user_attr: Option<String>,
    pub group_attr: Option<String>,
    pub user_index: Option<String>,
    pub group_index: Option<String>,
    pub group_prefix: Option<String>,
    pub ttl_attr: Option<String>,
    pub connected_at_attr: Option<String>,
}

/// The config path: `--config`/`$WSCTL_CONFIG`, else `~/.config/wsctl/config.toml`
/// (`$XDG_CONFIG_HOME` respected).
pub fn default_path() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("wsctl/config.toml"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config/wsctl/config.toml"))
}

/// Load the config. A missing default file is an empty config; a missing explicit file is an error.
pub fn load(explicit: Option<&Path>) -> Result<ConfigFile> {
    let (path, required) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok(ConfigFile::default()),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(ConfigFile::default())
        }
        Err(e) => {
            return Err(Error::config(format!(
                "cannot read config file {}: {e}",
                path.display()
            )))
        }
    };
    parse(&text, &path)
}

pub fn parse(text: &str, path: &Path) -> Result<ConfigFile> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let what = e.message().replace('\n', " ");
        match line {
            Some(l) => Error::config(format!(
                "malformed config file {} at line {l}: {what}",
                path.display()
            )),
            None => Error::config(format!("malformed config file {}: {what}", path.display())),
        }
    })
}

impl ConfigFile {
    pub fn fleet(&self, name: &str, path_hint: &str) -> Result<Fleet> {
        self.fleets.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.fleets.keys().map(String::as_str).collect();
            let err = Error::config(format!("unknown fleet {name:?} in {path_hint}"));
            if known.is_empty() {
                err.with_hint("define it under [fleets.NAME] in the config file")
            } else {
                err.with_hint(format!("known fleets: {}", known.join(", ")))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fleets() {
        let c = parse(
            "[fleets.prod]\ntable = \"t\"\nendpoint = \"https://x/prod\"\n[fleets.prod.layout]\ngroup_attr = \"roomId\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        let f = c.fleet("prod", "c.toml").unwrap();
        assert_eq!(f.table.as_deref(), Some("t"));
        assert_eq!(f.layout.group_attr.as_deref(), Some("roomId"));
        assert!(c
            .fleet("dev", "c.toml")
            .unwrap_err()
            .hint
            .unwrap()
            .contains("prod"));
    }

    #[test]
    fn malformed_config_names_the_line() {
        let e = parse(
            "[fleets.prod]\ntable = \"t\"\nregion = \n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        assert!(e.message.contains("line 3"), "{}", e.message);
        let e = parse("[fleets.prod]\ntabel = \"t\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
    }
}
