//! `wsctl fleet list|show|use`: the config file's named fleets, like kubectl's contexts. `use` keeps
//! the current fleet in the config file (`current_fleet = "NAME"`), which every command then uses
//! unless `--fleet` / `WSCTL_FLEET` names another.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::config::{self, ConfigFile, Fleet};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::{kv_table, new_table, Outcome, Output, Report};

#[derive(Subcommand, Debug)]
pub enum FleetCommand {
    /// List the config file's fleets; the current one is marked (`-o ids`: one name a line)
    List,
    /// Show a fleet's settings [default: the current fleet]
    Show(ShowArgs),
    /// Make FLEET the current fleet: commands use it when no --fleet is given
    Use(UseArgs),
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The fleet [default: --fleet / WSCTL_FLEET, else the current fleet]
    #[arg(value_name = "FLEET")]
    pub fleet_name: Option<String>,
}

#[derive(Args, Debug)]
pub struct UseArgs {
    /// The fleet to make current
    #[arg(value_name = "FLEET")]
    pub fleet_name: String,
}

pub fn run(ctx: &Ctx, cmd: FleetCommand) -> Result<Outcome> {
    let path = config_path(ctx)?;
    let cfg = config::load(Some(&path)).or_else(|e| {
        // No config file yet is an empty list, as for every other command.
        if path.exists() || ctx.global.config.is_some() {
            Err(e)
        } else {
            Ok(ConfigFile::default())
        }
    })?;
    match cmd {
        FleetCommand::List => Ok(Outcome::report(list(&cfg, ctx))),
        FleetCommand::Show(a) => show(&cfg, ctx, a.fleet_name, &path),
        FleetCommand::Use(a) => use_fleet(&cfg, &path, &a.fleet_name),
    }
}

/// `--config` / `WSCTL_CONFIG`, else the default path.
fn config_path(ctx: &Ctx) -> Result<PathBuf> {
    ctx.global
        .config
        .clone()
        .or_else(config::default_path)
        .ok_or_else(|| {
            Error::config("no config file: HOME is not set").with_hint("pass --config FILE")
        })
}

/// The fleet commands act on: `--fleet` / `WSCTL_FLEET`, else the file's current fleet.
fn selected<'a>(cfg: &'a ConfigFile, ctx: &'a Ctx) -> Option<&'a str> {
    ctx.global.fleet.as_deref().or(cfg.current_fleet.as_deref())
}

fn list(cfg: &ConfigFile, ctx: &Ctx) -> FleetList {
    let current = selected(cfg, ctx);
    FleetList(
        cfg.fleets
            .iter()
            .map(|(name, f)| {
                let mut v = fleet_json(f);
                v["name"] = json!(name);
                v["current"] = json!(Some(name.as_str()) == current);
                v
            })
            .collect(),
    )
}

fn fleet_json(f: &Fleet) -> Value {
    json!({
        "table": f.table,
        "endpoint": f.endpoint,
        "region": f.region,
        "profile": f.profile,
        "dynamodb_endpoint": f.dynamodb_endpoint,
        "apigw_endpoint": f.apigw_endpoint,
        "other_endpoints": f.other_endpoints.map(|o| format!("{o:?}").to_lowercase()),
        "layout": {
            "user_attr": f.layout.user_attr,
            "group_attr": f.layout.group_attr,
            "user_index": f.layout.user_index,
            "group_index": f.layout.group_index,
            "group_prefix": f.layout.group_prefix,
            "ttl_attr": f.layout.ttl_attr,
            "connected_at_attr": f.layout.connected_at_attr,
        },
    })
}

struct FleetList(Vec<Value>);

impl Report for FleetList {
    fn to_json(&self) -> Value {
        Value::Array(self.0.clone())
    }
    fn to_ndjson(&self) -> Vec<Value> {
        self.0.clone()
    }
    fn to_ids(&self) -> Option<Vec<String>> {
        Some(
            self.0
                .iter()
                .filter_map(|f| f["name"].as_str().map(String::from))
                .collect(),
        )
    }
    fn to_human(&self, _out: &Output) -> String {
        if self.0.is_empty() {
            return "no fleets: define them under [fleets.NAME] in the config file\n".into();
        }
        let mut t = new_table(&["current", "name", "table", "endpoint", "region", "profile"]);
        let cell =
            |v: &Value| crate::sanitize::terminal_safe(v.as_str().unwrap_or("")).into_owned();
        for f in &self.0 {
            let mark = if f["current"] == json!(true) { "*" } else { "" };
            t.add_row(vec![
                mark.to_string(),
                cell(&f["name"]),
                cell(&f["table"]),
                cell(&f["endpoint"]),
                cell(&f["region"]),
                cell(&f["profile"]),
            ]);
        }
        format!("{t}\n")
    }
}

fn show(cfg: &ConfigFile, ctx: &Ctx, name: Option<String>, path: &Path) -> Result<Outcome> {
    let name =
        match name.as_deref().or(selected(cfg, ctx)) {
            Some(n) => n.to_string(),
            None => return Err(
                Error::config("no fleet given and no current fleet").with_hint(
                    "name one (`wsctl fleet show NAME`) or pick one with `wsctl fleet use NAME`",
                ),
            ),
        };
    let fleet = cfg.fleet(&name, &path.display().to_string())?;
    let mut v = fleet_json(&fleet);
    v["name"] = json!(name);
    v["current"] = json!(cfg.current_fleet.as_deref() == Some(name.as_str()));
    v["config_file"] = json!(path.display().to_string());
    Ok(Outcome::report(FleetShow(v)))
}

struct FleetShow(Value);

impl Report for FleetShow {
    fn to_json(&self) -> Value {
        self.0.clone()
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut rows = Vec::new();
        for (key, value) in self.0.as_object().into_iter().flatten() {
            let text = match value {
                Value::Null => continue,
                Value::String(s) => s.clone(),
                Value::Object(m) => {
                    let set: Vec<String> = m
                        .iter()
                        .filter_map(|(k, v)| v.as_str().map(|s| format!("{k}={s}")))
                        .collect();
                    if set.is_empty() {
                        continue;
                    }
                    set.join(" ")
                }
                other => other.to_string(),
            };
            rows.push((
                key.as_str(),
                crate::sanitize::terminal_safe(&text).into_owned(),
            ));
        }
        format!("{}\n", kv_table(&rows))
    }
}

fn use_fleet(cfg: &ConfigFile, path: &Path, name: &str) -> Result<Outcome> {
    cfg.fleet(name, &path.display().to_string())?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::config(format!("cannot read config file {}: {e}", path.display())))?;
    let updated = with_current_fleet(&text, name);
    // Never write a file the next command could not read.
    config::parse(&updated, path)?;
    write_atomically(path, &updated)?;
    Ok(Outcome::report(FleetUsed(json!({
        "current_fleet": name,
        "config_file": path.display().to_string(),
    }))))
}

/// The config text with `current_fleet = "NAME"` set: the existing top-level line replaced (comments
/// and everything else kept as written), or a new first line.
fn with_current_fleet(text: &str, name: &str) -> String {
    let line = format!("current_fleet = {}", toml_string(name));
    let mut out = Vec::new();
    let mut replaced = false;
    let mut in_table = false;
    for l in text.lines() {
        let trimmed = l.trim_start();
        in_table |= trimmed.starts_with('[');
        let is_key = trimmed
            .strip_prefix("current_fleet")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !in_table && !replaced && is_key {
            out.push(line.clone());
            replaced = true;
        } else {
            out.push(l.to_string());
        }
    }
    if !replaced {
        out.insert(0, line);
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| Error::config(format!("cannot write config file {}: {e}", path.display())))
}

struct FleetUsed(Value);

impl Report for FleetUsed {
    fn to_json(&self) -> Value {
        self.0.clone()
    }
    fn to_human(&self, _out: &Output) -> String {
        format!(
            "current fleet: {} (in {})\n",
            self.0["current_fleet"].as_str().unwrap_or(""),
            self.0["config_file"].as_str().unwrap_or("")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_fleet_line_is_replaced_or_added() {
        let text = "# mine\n[fleets.a]\ntable = \"t\"\n";
        assert_eq!(
            with_current_fleet(text, "a"),
            "current_fleet = \"a\"\n# mine\n[fleets.a]\ntable = \"t\"\n"
        );
        let text = "# mine\ncurrent_fleet = \"a\"\n[fleets.a]\n[fleets.b]\n";
        assert_eq!(
            with_current_fleet(text, "b"),
            "# mine\ncurrent_fleet = \"b\"\n[fleets.a]\n[fleets.b]\n"
        );
    }
}
