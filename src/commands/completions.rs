//! `wsctl completions SHELL` and `wsctl man`: generated from the clap definition, so they cannot drift
//! (the checked-in copies under `completions/` are compared by a test).

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;
use crate::context::Ctx;
use crate::error::Result;
use crate::output::{write_stdout, Outcome};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(_ctx: &Ctx, args: CompletionsArgs) -> Result<Outcome> {
    write_stdout(&String::from_utf8_lossy(&completion_script(args.shell)));
    Ok(Outcome::none())
}

pub fn man(_ctx: &Ctx) -> Result<Outcome> {
    write_stdout(&String::from_utf8_lossy(&man_page()?));
    Ok(Outcome::none())
}

pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wsctl", &mut buf);
    buf
}

pub fn man_page() -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
}

/// File name of the checked-in completion script for a shell.
pub fn completion_file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "wsctl.bash",
        Shell::Zsh => "_wsctl",
        Shell::Fish => "wsctl.fish",
        Shell::PowerShell => "_wsctl.ps1",
        Shell::Elvish => "wsctl.elv",
        _ => "wsctl.unknown",
    }
}
