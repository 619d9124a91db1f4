//! One module per subcommand: each has an `Args` struct and `async fn run(ctx, args) -> Result<Outcome>`.

pub mod broadcast;
pub mod completions;
pub mod connections;
pub mod disconnect;
pub mod fanout;
pub mod fleet;
pub mod iam_policy;
pub mod provision;
pub mod push;
pub mod sweep;
