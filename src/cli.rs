//! The command line: the global options (`settings::GlobalOpts`, flattened into every command) and the
//! subcommand enum. Each subcommand's own arguments live in its module under `commands/`.

use clap::{Parser, Subcommand};

use crate::commands;
use crate::settings::{FleetScope, GlobalOpts};

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
