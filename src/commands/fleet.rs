//! `wsctl fleet list|show|use`: the config file's named fleets, like kubectl's contexts. `use` keeps
//! the current fleet in the config file (`current_fleet = "NAME"`), which every command then uses
//! unless `--fleet` / `WSCTL_FLEET` names another.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;

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
            .map(|(name, f)| FleetJson::of(name, f, Some(name.as_str()) == current, None))
            .collect(),
    )
}

/// A fleet as `fleet list` and `fleet show` print it (field names and order are a contract; see
/// the test). `config_file` only in `fleet show`.
#[derive(Debug, Serialize)]
struct FleetJson {
    table: Option<String>,
    endpoint: Option<String>,
    region: Option<String>,
    profile: Option<String>,
    dynamodb_endpoint: Option<String>,
    apigw_endpoint: Option<String>,
    other_endpoints: Option<String>,
    layout: FleetLayoutJson,
    name: String,
    current: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    config_file: Option<String>,
}

/// A fleet's `[fleets.NAME.layout]` settings (null where not set).
#[derive(Debug, Serialize)]
struct FleetLayoutJson {
    user_attr: Option<String>,
    group_attr: Option<String>,
    user_index: Option<String>,
    group_index: Option<String>,
    group_prefix: Option<String>,
    ttl_attr: Option<String>,
    connected_at_attr: Option<String>,
}

impl FleetJson {
    fn of(name: &str, f: &Fleet, current: bool, config_file: Option<String>) -> Self {
        let l = &f.layout;
        FleetJson {
            table: f.table.clone(),
            endpoint: f.endpoint.clone(),
            region: f.region.clone(),
            profile: f.profile.clone(),
            dynamodb_endpoint: f.dynamodb_endpoint.clone(),
            apigw_endpoint: f.apigw_endpoint.clone(),
            other_endpoints: f.other_endpoints.map(|o| format!("{o:?}").to_lowercase()),
            layout: FleetLayoutJson {
                user_attr: l.user_attr.clone(),
                group_attr: l.group_attr.clone(),
                user_index: l.user_index.clone(),
                group_index: l.group_index.clone(),
                group_prefix: l.group_prefix.clone(),
                ttl_attr: l.ttl_attr.clone(),
                connected_at_attr: l.connected_at_attr.clone(),
            },
            name: name.to_string(),
            current,
            config_file,
        }
    }
}

struct FleetList(Vec<FleetJson>);

impl Report for FleetList {
    fn to_json(&self) -> Value {
        serde_json::to_value(&self.0).unwrap_or(Value::Null)
    }
    fn to_ndjson(&self) -> Vec<Value> {
        self.0
            .iter()
            .map(|f| serde_json::to_value(f).unwrap_or(Value::Null))
            .collect()
    }
    fn to_ids(&self) -> Option<Vec<String>> {
        Some(self.0.iter().map(|f| f.name.clone()).collect())
    }
    fn to_human(&self, _out: &Output) -> String {
        if self.0.is_empty() {
            return "no fleets: define them under [fleets.NAME] in the config file\n".into();
        }
        let mut t = new_table(&["current", "name", "table", "endpoint", "region", "profile"]);
        let cell = |v: &Option<String>| {
            crate::sanitize::terminal_safe(v.as_deref().unwrap_or("")).into_owned()
        };
        for f in &self.0 {
            let mark = if f.current { "*" } else { "" };
            t.add_row(vec![
                mark.to_string(),
                crate::sanitize::terminal_safe(&f.name).into_owned(),
                cell(&f.table),
                cell(&f.endpoint),
                cell(&f.region),
                cell(&f.profile),
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
    let current = cfg.current_fleet.as_deref() == Some(name.as_str());
    let config_file = Some(path.display().to_string());
    Ok(Outcome::report(FleetShow(FleetJson::of(
        &name,
        &fleet,
        current,
        config_file,
    ))))
}

struct FleetShow(FleetJson);

impl Report for FleetShow {
    fn to_json(&self) -> Value {
        serde_json::to_value(&self.0).unwrap_or(Value::Null)
    }
    fn to_human(&self, _out: &Output) -> String {
        let mut rows = Vec::new();
        let json = self.to_json();
        for (key, value) in json.as_object().into_iter().flatten() {
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
    Ok(Outcome::report(FleetUsed {
        current_fleet: name.to_string(),
        config_file: path.display().to_string(),
    }))
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

/// What `fleet use` reports (field names are a contract; see the test).
#[derive(Debug, Serialize)]
struct FleetUsed {
    current_fleet: String,
    config_file: String,
}

impl Report for FleetUsed {
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
    fn to_human(&self, _out: &Output) -> String {
        format!(
            "current fleet: {} (in {})\n",
            self.current_fleet, self.config_file
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

    use crate::output::field_names as keys;

    /// The JSON contract of `fleet list|show|use`: these names, this nesting, this order.
    #[test]
    fn fleet_report_field_names_are_pinned() {
        let fleet = FleetJson::of("a", &Fleet::default(), true, None);
        let list = FleetList(vec![fleet]).to_json();
        let listed = [
            "table",
            "endpoint",
            "region",
            "profile",
            "dynamodb_endpoint",
            "apigw_endpoint",
            "other_endpoints",
            "layout",
            "name",
            "current",
        ];
        assert_eq!(keys(&list[0]), listed);
        assert!(list[0]["table"].is_null());
        assert_eq!(
            keys(&list[0]["layout"]),
            [
                "user_attr",
                "group_attr",
                "user_index",
                "group_index",
                "group_prefix",
                "ttl_attr",
                "connected_at_attr"
            ]
        );
        let shown = FleetShow(FleetJson::of(
            "a",
            &Fleet::default(),
            false,
            Some("c".into()),
        ));
        let mut with_file = listed.to_vec();
        with_file.push("config_file");
        assert_eq!(keys(&shown.to_json()), with_file);
        let used = FleetUsed {
            current_fleet: "a".into(),
            config_file: "c".into(),
        };
        assert_eq!(keys(&used.to_json()), ["current_fleet", "config_file"]);
    }
}
