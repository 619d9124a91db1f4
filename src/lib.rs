//! wsctl: an operations tool for AWS API Gateway WebSocket API fleets.
//!
//! `main.rs` only calls [`main_entry`]: parse, build the runtime, dispatch, render, map the error to an
//! exit code in one place. Each subcommand is a module under `commands/` that returns data; `output`
//! renders it. `aws` is the one client layer, `engine` the one delivery engine, `local` the emulator tree.

pub mod aws;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod engine;
pub mod error;
pub mod key_counts;
#[cfg(test)]
mod layers;
pub mod layout;
pub mod local;
pub mod metrics;
pub mod output;
pub mod ownership;
pub mod records;
pub mod sanitize;
pub mod settings;
pub mod signal;
pub mod time;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, Command};
use crate::context::Ctx;
use crate::error::Error;

pub fn main_entry() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.global.verbose, cli.global.quiet, cli.global.debug);
    let mut builder = match runtime_flavor(&cli.command) {
        RuntimeFlavor::CurrentThread => tokio::runtime::Builder::new_current_thread(),
        RuntimeFlavor::MultiThread => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: failed to start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    // The command runs as a spawned task, not in `block_on` itself: on the multi-thread runtime its
    // dispatch loop then hands targets to worker tasks without a futex wake-up of `block_on`'s
    // thread each time.
    let result = runtime.block_on(async {
        match tokio::spawn(run(cli)).await {
            Ok(result) => result,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    });
    // Don't wait for lingering blocking tasks (stdin readers, DNS) at exit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(code) => code,
        Err(e) => {
            output::print_error(&e);
            e.exit_code()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeFlavor {
    CurrentThread,
    MultiThread,
}

/// Fan-outs and sweeps use every core: each @connections call costs CPU (signing, TLS, parsing the
/// answer), and one core should not be what holds a run below the account's rate. So do the local
/// fleet's servers. The other commands wait on a few calls and run on one thread.
pub fn runtime_flavor(command: &Command) -> RuntimeFlavor {
    match command {
        Command::Local(_)
        | Command::Push(_)
        | Command::Broadcast(_)
        | Command::Disconnect(_)
        | Command::Sweep(_) => RuntimeFlavor::MultiThread,
        _ => RuntimeFlavor::CurrentThread,
    }
}

/// Run one parsed command line; returns the exit code. A command's error is rendered by the same
/// `finish` as its report, so that `--metrics` records failed runs too.
pub async fn run(cli: Cli) -> Result<ExitCode, Error> {
    signal::install();
    let command_name = cli.command.name();
    let ctx = Ctx::new(cli.global, cli.command.fleet_scope())?;
    let outcome = dispatch(&ctx, cli.command)
        .await
        .unwrap_or_else(|e| output::Outcome::none().with_failure(Some(e)));
    Ok(ctx.out.finish_run(&command_name, &ctx.table(), outcome))
}

async fn dispatch(ctx: &Ctx, command: Command) -> Result<output::Outcome, Error> {
    Ok(match command {
        Command::Connections(c) => commands::connections::run(ctx, c).await?,
        Command::Push(a) => commands::push::run(ctx, a).await?,
        Command::Broadcast(a) => commands::broadcast::run(ctx, a).await?,
        Command::Disconnect(a) => commands::disconnect::run(ctx, a).await?,
        Command::Sweep(a) => commands::sweep::run(ctx, a).await?,
        Command::Provision(a) => commands::provision::run(ctx, a).await?,
        Command::IamPolicy(a) => commands::iam_policy::run(ctx, a).await?,
        Command::Local(c) => local::run(ctx, c).await?,
        Command::Fleet(c) => commands::fleet::run(ctx, c)?,
        Command::Completions(a) => commands::completions::run(ctx, a, Cli::command())?,
        Command::Man(a) => commands::completions::man(ctx, a, Cli::command())?,
    })
}

fn init_logging(verbose: u8, quiet: bool, debug: bool) {
    use tracing_subscriber::EnvFilter;
    // Our own crate logs at the chosen level; the SDK and HTTP stacks stay silent (their errors reach
    // the user classified, through error.rs) so that no verbosity
    // dumps request bodies (payloads) or signed headers (credentials).
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    // --debug adds the SDK's own debug log (credentials, retries, timeouts); the SDK logs request
    // bodies and signing material only at trace level, which --debug does not enable.
    let default = if debug {
        "off,wsctl=debug,aws_config=debug,aws_smithy_runtime=debug,aws_runtime=debug".to_string()
    } else {
        format!("off,wsctl={level}")
    };
    let filter = EnvFilter::try_from_env("WSCTL_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(output::stderr_color())
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor(args: &[&str]) -> RuntimeFlavor {
        let cli = Cli::try_parse_from(std::iter::once("wsctl").chain(args.iter().copied()))
            .expect("a valid command line");
        runtime_flavor(&cli.command)
    }

    #[test]
    fn fanouts_sweeps_and_the_local_fleet_use_every_core() {
        assert_eq!(
            flavor(&["broadcast", "--all", "--data", "x"]),
            RuntimeFlavor::MultiThread
        );
        assert_eq!(flavor(&["sweep"]), RuntimeFlavor::MultiThread);
        assert_eq!(
            flavor(&["connections", "count"]),
            RuntimeFlavor::CurrentThread
        );
        assert_eq!(flavor(&["local", "serve"]), RuntimeFlavor::MultiThread);
    }
}
