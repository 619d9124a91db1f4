//! The local fleet: a gateway emulator (`serve`), a client swarm (`swarm`) and a guided `demo`.
//! Everything that stands in for AWS lives in this module tree.

pub mod routes;

use clap::Subcommand;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::Outcome;

#[derive(Subcommand, Debug)]
pub enum LocalCommand {
    /// Run the gateway emulator (WebSockets + Management API) on DynamoDB Local
    Serve,
}

pub async fn run(_ctx: &Ctx, _cmd: LocalCommand) -> Result<Outcome> {
    Err(Error::internal("not implemented yet"))
}
