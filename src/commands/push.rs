//! `wsctl push`: send a payload to connection ids or to every connection of a user, or send a
//! file of messages, each with its own recipient and payload (`--messages`, [`fanout::messages`]).

use std::path::PathBuf;

use clap::{ArgGroup, Args};

use crate::commands::fanout::{self, DeliveryArgs, PayloadArgs, Selection};
use crate::context::Ctx;
use crate::engine::Action;
use crate::error::Result;
use crate::output::Outcome;
use crate::records::Source;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("recipients").required(true).args(["connection", "user", "connection_file", "messages"])))]
pub struct PushArgs {
    /// Connection id (repeatable; an id may begin with `-`)
    #[arg(long, short = 'c', value_name = "ID", allow_hyphen_values = true)]
    pub connection: Vec<String>,
    /// Every live connection of this user
    #[arg(long, short = 'u', value_name = "USER", value_parser = crate::settings::non_empty_arg)]
    pub user: Option<String>,
    /// Ids one per line, or NDJSON with connectionId (e.g. a --failures file); `-` for stdin
    #[arg(long, value_name = "FILE")]
    pub connection_file: Option<PathBuf>,
    /// NDJSON messages, each with its own recipient and payload: {"connectionId": ID, "data": ...}
    /// or {"userId": USER, "data": ...} (a string is sent as is, other JSON compact); `-` for stdin.
    /// A --failures file of such a run replays as is
    #[arg(long, value_name = "FILE", conflicts_with_all = ["data", "data_file"])]
    pub messages: Option<PathBuf>,
    /// Check the payload (every line of --messages), count and sample the recipients; send nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub payload: PayloadArgs,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

pub async fn run(ctx: &Ctx, args: PushArgs) -> Result<Outcome> {
    if let Some(path) = args.messages {
        // A file is checked whole first, so that a bad line sends nothing.
        fanout::messages::check_file(&path, args.payload.json)?;
        let selection = Selection::Messages {
            path,
            json: args.payload.json,
        };
        if args.dry_run {
            return fanout::dry_run(ctx, "push", selection, &args.delivery.layout).await;
        }
        return fanout::run(ctx, "push", Action::PostEach, selection, &args.delivery).await;
    }
    let data = args.payload.load()?;
    let selection = match &args.user {
        Some(u) => Selection::Rows(Source::User(u.clone())),
        None => Selection::Ids(fanout::collect_ids(
            &args.connection,
            args.connection_file.as_ref(),
        )?),
    };
    if args.dry_run {
        return fanout::dry_run(ctx, "push", selection, &args.delivery.layout).await;
    }
    fanout::run(
        ctx,
        "push",
        Action::Post(crate::aws::connections::Payload::new(data)),
        selection,
        &args.delivery,
    )
    .await
}
