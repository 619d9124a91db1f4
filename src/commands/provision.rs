//! `wsctl provision` (work in progress).

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::Outcome;

#[derive(Args, Debug)]
pub struct ProvisionArgs {}

pub async fn run(_ctx: &Ctx, _args: ProvisionArgs) -> Result<Outcome> {
    Err(Error::internal("not implemented yet"))
}
