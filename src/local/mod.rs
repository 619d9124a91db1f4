//! The local fleet: a gateway emulator (`serve`), a client swarm (`swarm`) and a guided `demo`.
//! Everything that stands in for AWS lives in this module tree.

pub mod control_plane;
pub mod demo;
pub mod dynamodb_local;
pub mod gateway;
pub mod integration;
pub mod recorder;
pub mod routes;
pub mod serve;
pub mod signing;
pub mod swarm;
pub mod throttle;

use clap::Subcommand;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::Outcome;

#[derive(Subcommand, Debug)]
pub enum LocalCommand {
    /// Run the gateway emulator (WebSockets + Management API) on DynamoDB Local
    Serve(serve::ServeArgs),
    /// Run the whole tool on a local fleet, narrated (starts everything it needs)
    Demo(demo::DemoArgs),
    /// Open N real WebSocket clients, count what each receives, report on exit
    Swarm(swarm::SwarmArgs),
}

pub async fn run(ctx: &Ctx, cmd: LocalCommand) -> Result<Outcome> {
    match cmd {
        LocalCommand::Serve(a) => serve::run(ctx, a).await,
        LocalCommand::Demo(a) => demo::run(ctx, a).await,
        LocalCommand::Swarm(a) => swarm::run(ctx, a).await,
        #[allow(unreachable_patterns)]
        _ => Err(Error::internal("not implemented yet")),
    }
}
