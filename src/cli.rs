//! The command line: global options (flattened into every command) and the subcommand enum.
//! Each subcommand's own arguments live in its module under `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;

#[derive(Parser, Debug)]
#[command(
    name = "wsctl",
    version,
    about = "Operate AWS API Gateway WebSocket API fleets: provision, list, push, broadcast, disconnect, sweep",
    long_about = None,
    propagate_version = true,
    after_help = "Settings are taken from, first to last: a flag, its environment variable, the fleet \
(--fleet, WSCTL_FLEET, else the current fleet of `wsctl fleet use`), then the default.\n\
Exit codes: 0 ok, 1 internal error, 2 bad input, 3 config error, 4 AWS/service error, \
5 some targets failed, 6 drift found (--check), 7 not confirmed, 8 endpoint guard (every answer 410: \
nothing deleted), 130 interrupted."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts, shown under their own heading in every command's help. Precedence:
/// flag, then environment, then the fleet (`--fleet`, else the config file's current fleet), then the
/// default.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Global options")]
pub struct GlobalOpts {
    /// AWS region (else AWS_REGION / AWS_DEFAULT_REGION, the fleet's region, the profile's region)
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// AWS profile (else AWS_PROFILE, the fleet's profile, the default credential chain)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// A named fleet from the config file (table, endpoint, region, layout) [default: the current
    /// fleet, see `wsctl fleet use`]
    #[arg(long, global = true, env = "WSCTL_FLEET", value_name = "FLEET")]
    pub fleet: Option<String>,
    /// Config file [default: ~/.config/wsctl/config.toml]
    #[arg(long, global = true, env = "WSCTL_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// DynamoDB table of connections [default: ws-connections]
    #[arg(long, global = true, env = "WSCTL_TABLE", value_name = "TABLE")]
    pub table: Option<String>,
    /// Management API endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}
    /// (`--endpoint-url`, the AWS CLI's spelling, is the same option)
    #[arg(
        long,
        visible_alias = "endpoint-url",
        global = true,
        env = "WSCTL_ENDPOINT",
        value_name = "URL"
    )]
    pub endpoint: Option<String>,
    /// DynamoDB endpoint override, e.g. DynamoDB Local (else AWS_ENDPOINT_URL_DYNAMODB; a loopback
    /// one counts as local)
    #[arg(
        long,
        global = true,
        env = "WSCTL_DYNAMODB_ENDPOINT",
        value_name = "URL"
    )]
    pub dynamodb_endpoint: Option<String>,
    /// API Gateway v2 control-plane endpoint override (else AWS_ENDPOINT_URL_APIGATEWAYV2)
    #[arg(long, global = true, env = "WSCTL_APIGW_ENDPOINT", value_name = "URL")]
    pub apigw_endpoint: Option<String>,
    /// Rows recorded (domainName/stage) for another API endpoint than --endpoint: skip leaves them
    /// alone, since a 410 from this endpoint proves nothing about them; include treats them as this
    /// endpoint's (a custom domain name of the same API); route sends each to the endpoint it names
    /// (execute-api hosts only) [default: skip]
    #[arg(
        long,
        global = true,
        env = "WSCTL_OTHER_ENDPOINTS",
        value_enum,
        value_name = "WHAT"
    )]
    pub other_endpoints: Option<crate::scope::OtherEndpoints>,
    /// Output format: table for people, json / ndjson for scripts, ids for one id a line
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// More logging on stderr (-v info, -vv debug)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Debug logging on stderr, as the AWS CLI's --debug: the resolved settings and where each came
    /// from, wsctl's own debug log and the AWS SDK's (retries, timeouts; never payloads or signatures)
    #[arg(long, global = true, conflicts_with = "quiet")]
    pub debug: bool,
    /// Also write the run's summary as metrics: `emf` (a CloudWatch Embedded Metric Format line on
    /// stderr) or `prom:FILE` (a Prometheus textfile, replaced atomically); may be repeated
    #[arg(
        long,
        global = true,
        env = "WSCTL_METRICS",
        value_delimiter = ',',
        value_name = "emf|prom:FILE",
        value_parser = crate::metrics::sink_arg
    )]
    pub metrics: Vec<crate::metrics::MetricsSink>,
    /// Never show progress: no bars on a terminal, no progress lines elsewhere
    #[arg(long, global = true)]
    pub no_progress: bool,
    /// When stderr is not a terminal (a CI log, a Batch job), print a progress line this often during
    /// a long run (sweeps, fan-outs, table scans); `off` for none
    #[arg(
        long,
        global = true,
        env = "WSCTL_PROGRESS_INTERVAL",
        value_name = "DUR",
        default_value = "30s",
        value_parser = progress_interval_arg
    )]
    pub progress_interval: ProgressInterval,
}

/// `--progress-interval`: a duration of at least 100 ms, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressInterval(pub Option<std::time::Duration>);

impl Default for ProgressInterval {
    fn default() -> Self {
        ProgressInterval(Some(std::time::Duration::from_secs(30)))
    }
}

fn progress_interval_arg(s: &str) -> std::result::Result<ProgressInterval, String> {
    if s.trim().eq_ignore_ascii_case("off") {
        return Ok(ProgressInterval(None));
    }
    let d = crate::util::duration_arg(s)?;
    if d < std::time::Duration::from_millis(100) {
        return Err("must be at least 100ms, or off".into());
    }
    Ok(ProgressInterval(Some(d)))
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
    Ndjson,
    Ids,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List, inspect, count and report on connection records
    #[command(subcommand)]
    Connections(commands::connections::ConnectionsCommand),
    /// Send a payload to connections or to every connection of a user
    Push(commands::push::PushArgs),
    /// Send a payload to every connection of a group, or to everyone
    Broadcast(commands::broadcast::BroadcastArgs),
    /// Close connections (DeleteConnection) and remove their records
    Disconnect(commands::disconnect::DisconnectArgs),
    /// Delete stale connection records, proven stale by GetConnection (410), age or TTL
    Sweep(commands::sweep::SweepArgs),
    /// Create or converge the connections table and the WebSocket API
    Provision(commands::provision::ProvisionArgs),
    /// Print the least-privilege IAM policy the given commands need
    IamPolicy(commands::iam_policy::IamPolicyArgs),
    /// The local fleet: gateway emulator, client swarm and demo
    #[command(subcommand)]
    Local(crate::local::LocalCommand),
    /// The config file's named fleets: list them, show one, pick the current one
    #[command(subcommand)]
    Fleet(commands::fleet::FleetCommand),
    /// Print a shell completion script
    Completions(commands::completions::CompletionsArgs),
    /// Print a man page (roff), or write every command's page to a directory
    Man(commands::completions::ManArgs),
}

impl Command {
    /// The command's name as metrics and logs call it (`sweep`, `connections stats`, ...).
    pub fn name(&self) -> String {
        let sub = |c: &dyn std::fmt::Debug| {
            let text = format!("{c:?}");
            let head: String = text.chars().take_while(|c| c.is_alphanumeric()).collect();
            head.to_lowercase()
        };
        match self {
            Command::Connections(c) => format!("connections {}", sub(c)),
            Command::Push(_) => "push".into(),
            Command::Broadcast(_) => "broadcast".into(),
            Command::Disconnect(_) => "disconnect".into(),
            Command::Sweep(_) => "sweep".into(),
            Command::Provision(_) => "provision".into(),
            Command::IamPolicy(_) => "iam-policy".into(),
            Command::Local(c) => format!("local {}", sub(c)),
            Command::Fleet(c) => format!("fleet {}", sub(c)),
            Command::Completions(_) => "completions".into(),
            Command::Man(_) => "man".into(),
        }
    }

    /// Which fleet the command acts on: `fleet`, `completions` and `man` must work even when the
    /// config file's current fleet is gone; the local fleet's commands take a fleet only when one is
    /// named (`--fleet`), never the current one, which may be a fleet on AWS.
    pub fn fleet_scope(&self) -> FleetScope {
        match self {
            Command::Fleet(_) | Command::Completions(_) | Command::Man(_) => FleetScope::None,
            Command::Local(_) => FleetScope::Named,
            _ => FleetScope::NamedOrCurrent,
        }
    }
}

/// Which fleet a command acts on (see [`Command::fleet_scope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetScope {
    None,
    /// Only a fleet named by `--fleet` / `WSCTL_FLEET`.
    Named,
    /// That, else the config file's current fleet.
    NamedOrCurrent,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Connection ids are URL-safe base64 and may begin with `-`: `--connection` takes them as they
    /// are, and positional ids take them after `--`.
    #[test]
    fn ids_beginning_with_a_hyphen_are_accepted() {
        let id = "-bcdefghijklmn=";
        for sub in ["push", "disconnect"] {
            let cli = Cli::try_parse_from(
                [
                    "wsctl",
                    sub,
                    "--connection",
                    id,
                    "-c",
                    "plain=",
                    "--data",
                    "x",
                ]
                .into_iter()
                .filter(|a| sub == "push" || (*a != "--data" && *a != "x")),
            )
            .unwrap_or_else(|e| panic!("{sub}: {e}"));
            let got = match cli.command {
                Command::Push(a) => a.connection,
                Command::Disconnect(a) => a.connection,
                _ => unreachable!(),
            };
            assert_eq!(got, [id, "plain="], "{sub}");
        }
        let cli = Cli::try_parse_from(["wsctl", "-o", "json", "connections", "inspect", "--", id])
            .expect("inspect -- ID");
        match cli.command {
            Command::Connections(c) => assert!(format!("{c:?}").contains(id)),
            _ => unreachable!(),
        }
    }
}
