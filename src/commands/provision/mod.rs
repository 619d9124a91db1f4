//! `wsctl provision`: create or converge the connections table and the WebSocket API, idempotently.
//!
//! Every run first reads the live set-up and builds a plan: one [`Step`] per resource, marked
//! `create`, `update`, `unchanged` or `drift` (a difference wsctl will not repair, such as another key
//! schema: it never drops or recreates a table or an index that holds data). `--dry-run` prints the
//! plan; `--check` prints it and exits 6 when anything differs (drift detection for CI); otherwise
//! the plan is applied and reported. `table.rs` handles DynamoDB; `api.rs`, `routes.rs`, `prune.rs`
//! and `stage.rs` apigatewayv2; `lambda.rs` the functions' invoke permissions; `model.rs` what an
//! API declaration means and `spec.rs` the TOML file that declares both. docs/provision.md is the
//! user's guide.

mod api;
mod lambda;
mod model;
mod prune;
mod routes;
mod spec;
mod stage;
mod table;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::{Error, ErrorKind, Result};
use crate::output::{kv_table, new_table, Outcome, Output, Report};

pub use model::ApiSpec;
pub use table::TableSpec;

#[derive(Args, Debug)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Forms:\n  wsctl provision table [--rcu N --wcu N]\n  wsctl provision api --name NAME [--integration ARN|URL] [--route KEY]...\n  wsctl provision --spec FILE   (the [table] and [api] of a TOML file, applied together; see docs/provision.md)\n\n\
--dry-run prints the plan and changes nothing; --check changes nothing and exits 6 when anything differs.\n\
Routes, integrations and authorizers that are not declared are shown; --prune deletes them."
)]
pub struct ProvisionArgs {
    #[command(subcommand)]
    pub command: Option<ProvisionCommand>,
    /// TOML file declaring a [table] and/or an [api] section, applied together
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    #[command(flatten)]
    pub mode: ModeArgs,
    #[command(flatten)]
    pub prune: PruneArgs,
    #[command(flatten)]
    pub ci: CiArgs,
}

#[derive(Subcommand, Debug)]
pub enum ProvisionCommand {
    /// Create or converge the connections table (GSIs on userId and groupId, TTL on `ttl`)
    Table(TableArgs),
    /// Find or create the WebSocket API: integration, routes, stage, deployment
    Api(Box<ApiArgs>),
}

/// What to do with the plan.
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct ModeArgs {
    /// Print the plan (create / update / unchanged per resource) and change nothing
    #[arg(long, conflicts_with = "check")]
    pub dry_run: bool,
    /// Change nothing; exit 6 when anything differs from the declaration (drift detection for CI)
    #[arg(long)]
    pub check: bool,
}

/// Deleting what is not declared.
#[derive(Args, Debug, Clone, Copy, Default)]
pub struct PruneArgs {
    /// Delete routes, integrations and authorizers of the API that are not declared (asks first)
    #[arg(long)]
    pub prune: bool,
    /// Do not ask before changing, re-pointing or deleting what exists (required off a terminal
    /// when the plan changes anything that exists; creating needs no confirmation)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Outputs for the next CI step.
#[derive(Args, Debug, Clone, Default)]
pub struct CiArgs {
    /// Append WSCTL_API_ID, WSCTL_WEBSOCKET_URL, WSCTL_ENDPOINT, WSCTL_STAGE (KEY=value lines) to FILE, e.g. "$GITHUB_ENV"
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct TableArgs {
    /// Provisioned read capacity (with --wcu) [default: on-demand]
    #[arg(long, value_name = "N", requires = "wcu", value_parser = clap::value_parser!(i64).range(1..))]
    pub rcu: Option<i64>,
    /// Provisioned write capacity (with --rcu) [default: on-demand]
    #[arg(long, value_name = "N", requires = "rcu", value_parser = clap::value_parser!(i64).range(1..))]
    pub wcu: Option<i64>,
    /// Name of the GSI on userId
    #[arg(long, value_name = "NAME", default_value = table::DEFAULT_USER_INDEX)]
    pub user_index: String,
    /// Name of the GSI on groupId
    #[arg(long, value_name = "NAME", default_value = table::DEFAULT_GROUP_INDEX)]
    pub group_index: String,
    #[command(flatten)]
    pub mode: ModeArgs,
    /// Do not ask before changing what exists (required off a terminal when the plan changes it)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Args, Debug)]
pub struct ApiArgs {
    /// Name of the WebSocket API (found by name, else created)
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Stage name
    #[arg(long, value_name = "STAGE", default_value = model::DEFAULT_STAGE)]
    pub stage: String,
    /// Integration target: a Lambda function ARN (AWS_PROXY) or an http(s) URL (HTTP_PROXY)
    #[arg(long, value_name = "ARN|URL")]
    pub integration: Option<String>,
    /// A custom route key (repeatable), besides $connect, $disconnect and $default
    #[arg(long = "route", value_name = "KEY")]
    pub routes: Vec<String>,
    /// Let the stage deploy every change itself (else wsctl creates a deployment when needed)
    #[arg(long)]
    pub auto_deploy: bool,
    /// Default route throttling: steady-state requests per second
    #[arg(long, value_name = "RPS")]
    pub throttle_rate: Option<f64>,
    /// Default route throttling: burst
    #[arg(long, value_name = "N")]
    pub throttle_burst: Option<i32>,
    /// Lambda REQUEST authorizer of $connect: the function's ARN (with --identity-source)
    #[arg(long, value_name = "ARN", requires = "identity_sources")]
    pub authorizer_function: Option<String>,
    /// Where the authorizer reads the caller's identity, e.g. route.request.querystring.token (repeatable)
    #[arg(
        long = "identity-source",
        value_name = "SRC",
        requires = "authorizer_function"
    )]
    pub identity_sources: Vec<String>,
    /// Stage access logging: a CloudWatch Logs group ARN (with --access-log-format)
    #[arg(long, value_name = "ARN", requires = "access_log_format")]
    pub access_log_destination: Option<String>,
    /// Stage access log format; must contain $context.requestId
    #[arg(long, value_name = "FORMAT", requires = "access_log_destination")]
    pub access_log_format: Option<String>,
    /// Detailed CloudWatch metrics for every route of the stage
    #[arg(long, value_name = "BOOL")]
    pub detailed_metrics: Option<bool>,
    /// A stage variable (repeatable); the stage's variables are then exactly these
    #[arg(long = "stage-variable", value_name = "KEY=VALUE")]
    pub stage_variables: Vec<String>,
    /// A tag of the API (repeatable); the API's tags are then exactly these
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub mode: ModeArgs,
    #[command(flatten)]
    pub prune: PruneArgs,
    #[command(flatten)]
    pub ci: CiArgs,
}

/// Apply, plan only, or check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Apply,
    DryRun,
    Check,
}

impl Mode {
    fn from_args(m: ModeArgs) -> Mode {
        if m.check {
            Mode::Check
        } else if m.dry_run {
            Mode::DryRun
        } else {
            Mode::Apply
        }
    }
    pub fn applies(self) -> bool {
        self == Mode::Apply
    }
    fn as_str(self) -> &'static str {
        match self {
            Mode::Apply => "apply",
            Mode::DryRun => "dry-run",
            Mode::Check => "check",
        }
    }
}

/// What happens (or would happen) to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Create,
    Update,
    Unchanged,
    /// Differs in a way wsctl does not repair (it would destroy data), or exists without being
    /// declared (`--prune` deletes it).
    Drift,
    /// Not declared, deleted (`--prune`).
    Delete,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Create => "create",
            Change::Update => "update",
            Change::Unchanged => "unchanged",
            Change::Drift => "drift",
            Change::Delete => "delete",
        }
    }
    fn human(self, mode: Mode) -> &'static str {
        match (self, mode) {
            (Change::Create, Mode::Apply) => "created",
            (Change::Update, Mode::Apply) => "updated",
            (Change::Delete, Mode::Apply) => "deleted",
            (a, _) => a.as_str(),
        }
    }
}

/// One resource of the plan.
#[derive(Debug, Clone)]
pub struct Step {
    /// `table`, `billing`, `index`, `ttl`, `api`, `integration`, `route`, `stage`, `deployment`
    pub kind: &'static str,
    pub name: String,
    pub action: Change,
    pub detail: String,
}

impl Step {
    pub fn new(
        kind: &'static str,
        name: impl Into<String>,
        action: Change,
        detail: impl Into<String>,
    ) -> Step {
        Step {
            kind,
            name: name.into(),
            action,
            detail: detail.into(),
        }
    }
}

/// Where the provisioned API is reached, for the next CI step (its JSON field names are a
/// contract; see the test).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApiInfo {
    pub name: String,
    pub api_id: Option<String>,
    pub stage: String,
    pub api_endpoint: Option<String>,
    /// `wss://{id}.execute-api.{region}.amazonaws.com/{stage}` (ws:// on the local fleet)
    pub ws_url: Option<String>,
    /// `https://{id}.execute-api.{region}.amazonaws.com/{stage}`: wsctl's `--endpoint`
    pub management_endpoint: Option<String>,
}

/// The plan, and what was done with it.
///
/// JSON (`-o json`), a contract for CI: `mode` (`apply` | `dry-run` | `check`), `applied` (bool),
/// `changed` (something was or would be created or updated), `in_sync` (every resource unchanged),
/// `table` (name or null), `api` (null, or `name`, `api_id`, `stage`, `api_endpoint`, `ws_url`,
/// `management_endpoint`; ids and URLs are null until the API exists) and `resources`: one
/// `{kind, name, action, detail}` per resource, `action` being `create`, `update`, `unchanged` or
/// `drift` (differs in a way wsctl does not repair).
pub struct ProvisionReport {
    pub mode: Mode,
    pub table: Option<String>,
    pub steps: Vec<Step>,
    pub api: Option<ApiInfo>,
}

impl ProvisionReport {
    fn differing(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.action != Change::Unchanged)
            .count()
    }
    fn drifted(&self) -> Vec<&Step> {
        self.steps
            .iter()
            .filter(|s| s.action == Change::Drift)
            .collect()
    }
    fn changed(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s.action, Change::Create | Change::Update | Change::Delete))
    }
}

/// The JSON of `provision` (field names and order are a contract; see the test).
#[derive(Serialize)]
struct ProvisionJson<'a> {
    mode: &'static str,
    applied: bool,
    changed: bool,
    in_sync: bool,
    table: &'a Option<String>,
    api: Option<&'a ApiInfo>,
    resources: Vec<StepJson<'a>>,
}

/// One resource of the plan, as `provision` prints it.
#[derive(Serialize)]
struct StepJson<'a> {
    kind: &'static str,
    name: &'a str,
    action: &'static str,
    detail: &'a str,
}

/// The last NDJSON line of `provision`: the API, when there is one.
#[derive(Serialize)]
struct ApiLine<'a> {
    api: &'a ApiInfo,
}

impl ProvisionReport {
    fn json(&self) -> ProvisionJson<'_> {
        ProvisionJson {
            mode: self.mode.as_str(),
            applied: self.mode.applies(),
            changed: self.changed(),
            in_sync: self.differing() == 0,
            table: &self.table,
            api: self.api.as_ref(),
            resources: self
                .steps
                .iter()
                .map(|s| StepJson {
                    kind: s.kind,
                    name: &s.name,
                    action: s.action.as_str(),
                    detail: &s.detail,
                })
                .collect(),
        }
    }
}

impl Report for ProvisionReport {
    fn to_json(&self) -> Value {
        serde_json::to_value(self.json()).unwrap_or(Value::Null)
    }

    fn to_ndjson(&self) -> Vec<Value> {
        let j = self.json();
        let mut v: Vec<Value> = j
            .resources
            .iter()
            .map(|s| serde_json::to_value(s).unwrap_or(Value::Null))
            .collect();
        if let Some(api) = j.api {
            v.push(serde_json::to_value(ApiLine { api }).unwrap_or(Value::Null));
        }
        v
    }

    fn to_ids(&self) -> Option<Vec<String>> {
        self.api
            .as_ref()
            .and_then(|a| a.api_id.clone())
            .map(|id| vec![id])
    }

    fn to_human(&self, _out: &Output) -> String {
        let mut t = new_table(&["RESOURCE", "NAME", "ACTION", "DETAIL"]);
        for s in &self.steps {
            t.add_row(vec![
                s.kind.to_string(),
                crate::sanitize::terminal_safe(&s.name).into_owned(),
                s.action.human(self.mode).to_string(),
                crate::sanitize::terminal_safe(&s.detail).into_owned(),
            ]);
        }
        let mut text = format!("{t}\n");
        let n = self.differing();
        let changed = self
            .steps
            .iter()
            .filter(|s| matches!(s.action, Change::Create | Change::Update | Change::Delete))
            .count();
        let drift = self.drifted().len();
        let drift_text = if drift > 0 {
            format!(", {drift} drifted (not repaired: see the detail column)")
        } else {
            String::new()
        };
        let summary = match (self.mode, n) {
            (_, 0) if self.mode.applies() => "everything unchanged".to_string(),
            (_, 0) => "in sync: nothing to change".to_string(),
            (Mode::Apply, _) => {
                format!("{changed} resource(s) created, updated or deleted{drift_text}")
            }
            (Mode::DryRun, _) => {
                format!("{changed} resource(s) would change{drift_text} (dry run: nothing changed)")
            }
            (Mode::Check, _) => format!("{n} resource(s) differ from the declaration"),
        };
        text.push_str(&summary);
        text.push('\n');
        if let Some(a) = &self.api {
            let show = |o: &Option<String>| o.clone().unwrap_or_else(|| "(not created yet)".into());
            let rows = [
                ("api id", show(&a.api_id)),
                ("websocket url", show(&a.ws_url)),
                ("management endpoint", show(&a.management_endpoint)),
            ];
            text.push_str(&format!("{}\n", kv_table(&rows)));
        }
        text
    }
}

/// What a run declares: from the `table` / `api` flags or a spec file.
struct Declared {
    mode: Mode,
    prune: PruneArgs,
    ci: CiArgs,
    table: Option<TableSpec>,
    api: Option<ApiSpec>,
}

fn declared(ctx: &Ctx, args: ProvisionArgs) -> Result<Declared> {
    Ok(match args.command {
        Some(ProvisionCommand::Table(a)) => Declared {
            mode: Mode::from_args(a.mode),
            prune: PruneArgs {
                prune: false,
                yes: a.yes,
            },
            ci: args.ci,
            table: Some(TableSpec::from_args(ctx, &a)?),
            api: None,
        },
        Some(ProvisionCommand::Api(a)) => Declared {
            mode: Mode::from_args(a.mode),
            prune: a.prune,
            api: Some(ApiSpec::from_args(&a)?),
            ci: a.ci,
            table: None,
        },
        None => {
            let Some(path) = &args.spec else {
                return Err(Error::usage("nothing to provision").with_hint(
                    "use `wsctl provision table`, `wsctl provision api --name NAME` or `wsctl provision --spec FILE`",
                ));
            };
            let s = spec::load(path, ctx)?;
            let api = s.api.map(|mut a| {
                a.prune = args.prune.prune;
                a
            });
            Declared {
                mode: Mode::from_args(args.mode),
                prune: args.prune,
                ci: args.ci,
                table: s.table,
                api,
            }
        }
    })
}

pub async fn run(ctx: &Ctx, args: ProvisionArgs) -> Result<Outcome> {
    let d = declared(ctx, args)?;
    let mut report = ProvisionReport {
        mode: d.mode,
        table: d.table.as_ref().map(|t| t.name.clone()),
        steps: Vec::new(),
        api: None,
    };
    let clients = ctx.clients().await?;
    if let Some(a) = &d.api {
        // Checked before anything is created: a function or log group of another region.
        a.check_region(&clients.region)?;
    }
    if d.mode.applies() {
        confirm_changes(ctx, clients, &d, d.prune.yes).await?;
    }
    if let Some(t) = &d.table {
        table::provision(ctx, clients.dynamodb(), t, d.mode, &mut report.steps).await?;
    }
    if let Some(a) = &d.api {
        let info = api::provision(ctx, clients, a, d.mode, &mut report.steps).await?;
        report.api = Some(info);
    }
    if let Some(path) = &d.ci.env_file {
        write_env_file(path, &report)?;
    }
    let failure = failure_of(&report);
    Ok(Outcome::report(report).with_failure(failure))
}

/// Like `terraform apply`: plan first (a dry run), and when the plan changes, re-points or deletes
/// anything that exists, show it and ask (`--yes` off a terminal). Creating needs no confirmation.
async fn confirm_changes(
    ctx: &Ctx,
    clients: &crate::aws::Clients,
    d: &Declared,
    yes: bool,
) -> Result<()> {
    if yes {
        return Ok(());
    }
    let mut plan = Vec::new();
    if let Some(t) = &d.table {
        table::provision(ctx, clients.dynamodb(), t, Mode::DryRun, &mut plan).await?;
    }
    if let Some(a) = &d.api {
        api::provision(ctx, clients, a, Mode::DryRun, &mut plan).await?;
    }
    let existing: Vec<String> = plan
        .iter()
        .filter(|s| matches!(s.action, Change::Update | Change::Delete))
        .map(|s| {
            let what = if s.action == Change::Delete {
                "delete"
            } else {
                "change"
            };
            format!("{what} {} {}", s.kind, s.name)
        })
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    ctx.out.confirm(
        &format!(
            "provision: {} change(s) to what exists ({})",
            crate::output::thousands(existing.len() as u64),
            existing.join(", ")
        ),
        yes,
    )
}

/// `KEY=value` lines a CI step appends to its environment (GitHub's `$GITHUB_ENV`); unknown values
/// (a dry run of an API that does not exist yet) are left out.
pub(crate) fn env_lines(report: &ProvisionReport) -> String {
    let mut pairs: Vec<(&str, Option<String>)> = vec![("WSCTL_TABLE", report.table.clone())];
    if let Some(a) = &report.api {
        pairs.extend([
            ("WSCTL_API_ID", a.api_id.clone()),
            ("WSCTL_WEBSOCKET_URL", a.ws_url.clone()),
            ("WSCTL_ENDPOINT", a.management_endpoint.clone()),
            ("WSCTL_STAGE", Some(a.stage.clone())),
        ]);
    }
    pairs
        .into_iter()
        .filter_map(|(k, v)| {
            v.filter(|v| !v.contains('\n'))
                .map(|v| format!("{k}={v}\n"))
        })
        .collect()
}

fn write_env_file(path: &std::path::Path, report: &ProvisionReport) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::usage(format!("cannot open --env-file {}: {e}", path.display())))?;
    f.write_all(env_lines(report).as_bytes())
        .map_err(|e| Error::usage(format!("cannot write --env-file {}: {e}", path.display())))
}

/// `--check` fails on any difference; an applied run fails only on drift it could not repair.
fn failure_of(report: &ProvisionReport) -> Option<Error> {
    let drifted = report.drifted();
    match report.mode {
        Mode::Check if report.differing() > 0 => {
            let n = report.differing();
            let mut e = Error::new(
                ErrorKind::Drift,
                format!("drift: {n} resource(s) differ from the declaration"),
            );
            e = if drifted.is_empty() {
                e.with_hint("run the same command without --check to converge")
            } else {
                e.with_hint("run without --check to converge; resources marked `drift` need a manual fix (wsctl never drops or recreates them)")
            };
            Some(e)
        }
        Mode::Apply if !drifted.is_empty() => {
            let names: Vec<String> = drifted
                .iter()
                .map(|s| format!("{} {}", s.kind, s.name))
                .collect();
            Some(
                Error::new(
                    ErrorKind::Drift,
                    format!(
                        "drift wsctl does not repair: {}",
                        names.join(", ")
                    ),
                )
                .with_hint("wsctl never deletes or recreates what may hold data or serve clients: fix these by hand (see the detail column), or declare them"),
            )
        }
        _ => None,
    }
}

/// Poll interval for waiters: starts short (DynamoDB Local and small tables are quick) and grows.
pub(crate) fn next_poll(prev: std::time::Duration) -> std::time::Duration {
    (prev * 2).min(std::time::Duration::from_secs(5))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct T {
        #[command(flatten)]
        p: ProvisionArgs,
    }

    #[test]
    fn cli_shapes() {
        let t = T::try_parse_from(["x", "table", "--rcu", "5", "--wcu", "5", "--check"]).unwrap();
        assert!(
            matches!(t.p.command, Some(ProvisionCommand::Table(ref a)) if a.mode.check && a.rcu == Some(5))
        );
        let t =
            T::try_parse_from(["x", "api", "--name", "n", "--route", "a", "--route", "b"]).unwrap();
        assert!(
            matches!(t.p.command, Some(ProvisionCommand::Api(ref a)) if a.routes == ["a", "b"])
        );
        let t = T::try_parse_from(["x", "--spec", "f.toml", "--dry-run"]).unwrap();
        assert!(t.p.command.is_none() && t.p.mode.dry_run && t.p.spec.is_some());
        assert!(T::try_parse_from(["x", "table", "--rcu", "5"]).is_err());
        assert!(T::try_parse_from(["x", "table", "--dry-run", "--check"]).is_err());
        assert!(T::try_parse_from(["x", "--spec", "f", "table"]).is_err());
        assert!(T::try_parse_from(["x", "api"]).is_err());
    }

    fn report(mode: Mode, actions: &[Change]) -> ProvisionReport {
        ProvisionReport {
            mode,
            table: Some("t".into()),
            steps: actions
                .iter()
                .map(|a| Step::new("route", "r", *a, ""))
                .collect(),
            api: None,
        }
    }

    #[test]
    fn check_fails_only_when_something_differs() {
        assert!(failure_of(&report(Mode::Check, &[Change::Unchanged])).is_none());
        let e = failure_of(&report(Mode::Check, &[Change::Unchanged, Change::Create])).unwrap();
        assert_eq!(e.kind.exit_code(), 6);
        assert!(failure_of(&report(Mode::DryRun, &[Change::Create])).is_none());
        assert!(failure_of(&report(Mode::Apply, &[Change::Create])).is_none());
        let e = failure_of(&report(Mode::Apply, &[Change::Drift])).unwrap();
        assert_eq!(e.kind, ErrorKind::Drift);
    }

    #[test]
    fn json_contract() {
        let j = report(Mode::DryRun, &[Change::Create, Change::Unchanged]).to_json();
        assert_eq!(j["mode"], "dry-run");
        assert_eq!(j["in_sync"], false);
        assert_eq!(j["changed"], true);
        assert_eq!(j["resources"][0]["action"], "create");
        assert_eq!(j["resources"][1]["kind"], "route");
    }

    /// The JSON contract of `provision`: these names, this nesting, this order.
    #[test]
    fn provision_report_field_names_are_pinned() {
        let keys = |v: &Value| -> Vec<String> {
            v.as_object().expect("an object").keys().cloned().collect()
        };
        let report = ProvisionReport {
            mode: Mode::DryRun,
            table: Some("t".into()),
            steps: vec![Step::new("table", "t", Change::Create, "d")],
            api: Some(ApiInfo::default()),
        };
        let v = report.to_json();
        assert_eq!(
            keys(&v),
            [
                "mode",
                "applied",
                "changed",
                "in_sync",
                "table",
                "api",
                "resources"
            ]
        );
        let api = [
            "name",
            "api_id",
            "stage",
            "api_endpoint",
            "ws_url",
            "management_endpoint",
        ];
        assert_eq!(keys(&v["api"]), api);
        assert_eq!(
            keys(&v["resources"][0]),
            ["kind", "name", "action", "detail"]
        );
        assert_eq!(v["resources"][0]["action"], "create");
        let lines = report.to_ndjson();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], v["resources"][0]);
        assert_eq!(keys(&lines[1]), ["api"]);
        assert_eq!(lines[1]["api"], v["api"]);
    }
}
