//! The local fleet: a gateway emulator (`serve`), a client swarm (`swarm`) and a guided `demo`.
//! Everything that stands in for AWS lives in this module tree.

pub mod demo;
pub mod routes;

use clap::Subcommand;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::Outcome;

#[derive(Subcommand, Debug)]
pub enum LocalCommand {
    /// Run the gateway emulator (WebSockets + Management API) on DynamoDB Local
    Serve,
    /// Run the whole tool on a local fleet, narrated (starts everything it needs)
    Demo(demo::DemoArgs),
}

pub async fn run(ctx: &Ctx, cmd: LocalCommand) -> Result<Outcome> {
    match cmd {
        LocalCommand::Demo(a) => demo::run(ctx, a).await,
        #[allow(unreachable_patterns)]
        _ => Err(Error::internal("not implemented yet")),
    }
}
