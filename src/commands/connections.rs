//! `wsctl connections list|inspect|count|stats` (work in progress).

use clap::Subcommand;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::Outcome;

#[derive(Subcommand, Debug)]
pub enum ConnectionsCommand {
    /// List connection records
    List,
}

pub async fn run(_ctx: &Ctx, _cmd: ConnectionsCommand) -> Result<Outcome> {
    Err(Error::internal("not implemented yet"))
}
