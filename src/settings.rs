//! The settings every command shares: the global options (parsed by `cli`, flattened into every
//! command), the output format, which fleet a command acts on, what to do with other endpoints' rows,
//! and the value parsers commands share. They sit below `context`, `output` and `config`, which read
//! them, so that none of those needs the command line's definition (`cli`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

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
    pub other_endpoints: Option<OtherEndpoints>,
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
    let d = crate::time::duration_arg(s)?;
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

/// Which fleet a command acts on (see `cli::Command::fleet_scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetScope {
    None,
    /// Only a fleet named by `--fleet` / `WSCTL_FLEET`.
    Named,
    /// That, else the config file's current fleet.
    NamedOrCurrent,
}

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

/// A user or group name: never empty (an empty one would match nothing, or everything).
pub fn non_empty_arg(s: &str) -> std::result::Result<String, String> {
    if s.trim().is_empty() {
        return Err("must not be empty".into());
    }
    Ok(s.to_string())
}
