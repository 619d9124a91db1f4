//! `wsctl disconnect`: close connections with DeleteConnection and remove their rows.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use crate::commands::fanout::{self, DeliveryArgs, Selection};
use crate::context::Ctx;
use crate::engine::Action;
use crate::error::Result;
use crate::output::Outcome;
use crate::records::Source;

/// `disconnect --connection-file` asks for confirmation above this many ids.
pub const CONFIRM_IDS_ABOVE: usize = 10;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("targets").required(true).args(["connection", "user", "group", "connection_file"])))]
pub struct DisconnectArgs {
    /// Connection id (repeatable; an id may begin with `-`)
    #[arg(long, short = 'c', value_name = "ID", allow_hyphen_values = true)]
    pub connection: Vec<String>,
    /// Every connection of this user (asks for confirmation)
    #[arg(long, short = 'u', value_name = "USER", value_parser = crate::util::non_empty_arg)]
    pub user: Option<String>,
    /// Every connection of this group (asks for confirmation)
    #[arg(long, short = 'g', value_name = "GROUP", value_parser = crate::util::non_empty_arg)]
    pub group: Option<String>,
    /// Ids one per line, or NDJSON with connectionId; `-` for stdin (asks for confirmation above 10
    /// ids)
    #[arg(long, value_name = "FILE")]
    pub connection_file: Option<PathBuf>,
    /// Count and sample the targets; disconnect nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

pub async fn run(ctx: &Ctx, args: DisconnectArgs) -> Result<Outcome> {
    let selection = if let Some(u) = &args.user {
        Selection::Rows(Source::User(u.clone()))
    } else if let Some(g) = &args.group {
        Selection::Rows(Source::Group(g.clone()))
    } else {
        Selection::Ids(fanout::collect_ids(
            &args.connection,
            args.connection_file.as_ref(),
        )?)
    };
    if args.dry_run {
        return fanout::dry_run(ctx, "disconnect", selection, &args.delivery.layout).await;
    }
    match &selection {
        Selection::Rows(_) => ctx.out.confirm(
            &format!("disconnect {}", selection.describe(None)),
            args.yes,
        )?,
        // A file of ids can be anything (last week's failures file, the wrong export): past a
        // handful, the operator confirms what is about to be closed.
        Selection::Ids(ids) if ids.len() > CONFIRM_IDS_ABOVE && args.connection_file.is_some() => {
            ctx.out.confirm(
                &format!(
                    "disconnect {} connection(s) listed in {}",
                    crate::output::thousands(ids.len() as u64),
                    args.connection_file
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                ),
                args.yes,
            )?
        }
        _ => {}
    }
    fanout::run(
        ctx,
        "disconnect",
        Action::Disconnect,
        selection,
        &args.delivery,
    )
    .await
}
