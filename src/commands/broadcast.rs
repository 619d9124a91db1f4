//! `wsctl broadcast`: send a payload to every connection of a group, or to everyone.

use clap::{ArgGroup, Args};

use crate::commands::fanout::{self, DeliveryArgs, PayloadArgs, Selection};
use crate::context::Ctx;
use crate::engine::Action;
use crate::error::Result;
use crate::output::Outcome;
use crate::records::Source;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("audience").required(true).args(["group", "all"])))]
pub struct BroadcastArgs {
    /// Every live connection of this group (room); the --group-prefix is added when missing
    #[arg(long, short = 'g', value_name = "GROUP", value_parser = crate::util::non_empty_arg)]
    pub group: Option<String>,
    /// Every live connection in the table (asks for confirmation; --yes when not on a terminal)
    #[arg(long)]
    pub all: bool,
    /// Count and sample the recipients; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub payload: PayloadArgs,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

pub async fn run(ctx: &Ctx, args: BroadcastArgs) -> Result<Outcome> {
    let data = args.payload.load()?;
    let source = match &args.group {
        Some(g) => Source::Group(g.clone()),
        None => Source::All,
    };
    let selection = Selection::Rows(source);
    if args.dry_run {
        return fanout::dry_run(ctx, "broadcast", selection, &args.delivery.layout).await;
    }
    if args.all {
        ctx.out.confirm(
            &format!(
                "broadcast {} bytes to every connection in table {}",
                crate::output::thousands(data.len() as u64),
                ctx.table()
            ),
            args.yes,
        )?;
    }
    fanout::run(
        ctx,
        "broadcast",
        Action::Post(crate::aws::connections::Payload::new(data)),
        selection,
        &args.delivery,
    )
    .await
}
