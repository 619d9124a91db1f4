//! `wsctl completions SHELL` and `wsctl man`: generated from the clap definition, so they cannot drift
//! (the checked-in copies under `completions/` are compared by a test).
//!
//! Fleet names are not known when the scripts are generated, so every script (bash, zsh, fish,
//! PowerShell, elvish) asks `wsctl fleet list -o ids` for them when a fleet name is completed
//! (`--fleet`, `fleet use`, `fleet show`).

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::{write_stdout, Outcome};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `sweep` or `connections list` [default: wsctl(1)]
    #[arg(value_name = "COMMAND", conflicts_with = "out_dir")]
    pub command: Vec<String>,
    /// Write every page (wsctl.1, wsctl-sweep.1, wsctl-connections-list.1, ...) into DIR
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// The command that lists fleet names, one a line, for the completion scripts.
pub const FLEET_NAMES_COMMAND: &str = "wsctl fleet list -o ids 2>/dev/null";

pub fn run(_ctx: &Ctx, args: CompletionsArgs) -> Result<Outcome> {
    write_stdout(&String::from_utf8_lossy(&completion_script(args.shell)));
    Ok(Outcome::none())
}

pub fn man(_ctx: &Ctx, args: ManArgs) -> Result<Outcome> {
    let pages = man_pages()?;
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)?;
        for (file, page) in &pages {
            std::fs::write(dir.join(file), page)?;
        }
        return Ok(Outcome::none());
    }
    let file = page_file_name(&args.command);
    let (_, page) = pages.iter().find(|(f, _)| *f == file).ok_or_else(|| {
        Error::usage(format!(
            "no man page for `wsctl {}`",
            args.command.join(" ")
        ))
        .with_hint("name a command as in `wsctl --help`, e.g. `wsctl man connections list`")
    })?;
    write_stdout(&String::from_utf8_lossy(page));
    Ok(Outcome::none())
}

/// `["connections", "list"]` → `wsctl-connections-list.1`.
fn page_file_name(command: &[String]) -> String {
    let mut name = "wsctl".to_string();
    for part in command {
        name.push('-');
        name.push_str(part);
    }
    format!("{name}.1")
}

pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wsctl", &mut buf);
    let script = String::from_utf8_lossy(&buf).into_owned();
    with_fleet_names(shell, script).into_bytes()
}

/// Teach a generated script to complete fleet names (arguments whose value name is FLEET).
fn with_fleet_names(shell: Shell, script: String) -> String {
    match shell {
        Shell::Bash => bash_fleet_names(&script),
        Shell::Zsh => zsh_fleet_names(&script),
        Shell::Fish => fish_fleet_names(&script),
        Shell::Elvish => elvish_fleet_names(&script),
        Shell::PowerShell => powershell_fleet_names(&script),
        _ => script,
    }
}

/// The `fleet` subcommands whose argument is a fleet name.
const FLEET_POSITIONALS: [&str; 2] = ["use", "show"];

/// bash: the value of `--fleet` (its case arm completes files by default), and the argument of
/// `fleet use` / `fleet show` (where bash would offer only options).
fn bash_fleet_names(script: &str) -> String {
    let names = format!("COMPREPLY=($(compgen -W \"$({FLEET_NAMES_COMMAND})\" -- \"${{cur}}\"))");
    let mut out = String::new();
    let mut in_fleet_arm = false;
    let mut words_with_fleet = false;
    for line in script.lines() {
        let trimmed = line.trim();
        if trimmed.ends_with(')') && trimmed.starts_with("wsctl__") {
            // A subcommand's section: `fleet use` and `fleet show` take a fleet name.
            words_with_fleet = FLEET_POSITIONALS
                .iter()
                .any(|sub| trimmed == format!("wsctl__subcmd__fleet__subcmd__{sub})"));
        }
        if trimmed == "--fleet)" {
            in_fleet_arm = true;
        }
        if in_fleet_arm && trimmed.starts_with("COMPREPLY=($(compgen -f") {
            out.push_str(&line.replace(trimmed, &names));
            in_fleet_arm = false;
        } else if words_with_fleet && trimmed.starts_with("if [[ ${cur} == -* || ${COMP_CWORD} -eq")
        {
            // Words that are not options: offer the fleet names with them.
            out.push_str(line);
            out.push('\n');
            out.push_str("    ");
            out.push_str(&line.replace(
                trimmed,
                &format!(
                    "if [[ ${{cur}} != -* ]]; then {names}; [[ ${{#COMPREPLY[@]}} -gt 0 ]] && return 0; fi"
                ),
            ));
            words_with_fleet = false;
            out.push('\n');
            continue;
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// zsh: the `--fleet` value (`:FLEET:`) and the `fleet use|show` argument (`:fleet_name -- `).
fn zsh_fleet_names(script: &str) -> String {
    let names = format!("{{compadd -- $({FLEET_NAMES_COMMAND})}}");
    let mut out = String::new();
    for line in script.lines() {
        if line.contains(":fleet_name -- ") {
            out.push_str(&line.replace(":_default'", &format!(":{names}'")));
        } else {
            out.push_str(&line.replace(":FLEET:_default", &format!(":FLEET:{names}")));
        }
        out.push('\n');
    }
    out
}

/// elvish: fleet names after `--fleet` and as the argument of `fleet use|show` (`$words` ends with
/// the word being completed), instead of the generated candidates (a lambda cannot `return` early).
fn elvish_fleet_names(script: &str) -> String {
    let opener = "set edit:completion:arg-completer[wsctl] = {|@words|\n";
    let last = "    $completions[$command]\n}";
    let list = FLEET_NAMES_COMMAND.replace(" 2>/dev/null", "");
    let hook = format!(
        "    var fleet-names = (or (and (> (count $words) 2) (eq $words[-2] --fleet)) \
         (and (== (count $words) 4) (eq $words[1] fleet) (has-value [use show] $words[2])))\n\
         \x20   if $fleet-names {{\n\
         \x20       try {{ {list} 2>/dev/null | from-lines }} catch {{ }}\n\
         \x20   }}\n"
    );
    script
        .replacen(opener, &format!("{opener}{hook}"), 1)
        .replacen(
            last,
            "    if (not $fleet-names) {\n        $completions[$command]\n    }\n}",
            1,
        )
}

/// PowerShell: the generated completer names the subcommand path (`$command`, e.g.
/// `wsctl;fleet;use`) and offers that path's candidates; it cannot tell that the word before the cursor
/// is `--fleet`, so the hook looks at the command line's elements itself. After `--fleet` the fleet
/// names replace the candidates (an option is no value); for `fleet use|show` they join them.
fn powershell_fleet_names(script: &str) -> String {
    let command_path_end = "    }) -join ';'\n";
    let filter = "    $completions.Where{ $_.CompletionText -like \"$wordToComplete*\" } |";
    let list = FLEET_NAMES_COMMAND.replace(" 2>/dev/null", "");
    let positionals = FLEET_POSITIONALS
        .iter()
        .map(|sub| format!("'wsctl;fleet;{sub}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // A name with a space or a character PowerShell reads as syntax is completed quoted.
    let hook = format!(
        r#"
    $previous = @($commandElements | Where-Object {{ $_.Extent.EndOffset -lt $cursorPosition }})[-1]
    $afterFleetOption = $null -ne $previous -and $previous.Extent.Text -eq '--fleet'
    $fleetNames = @()
    if ($afterFleetOption -or $command -in {positionals}) {{
        $listed = try {{ @({list} 2>$null) }} catch {{ @() }}
        $fleetNames = @($listed | Where-Object {{ $_ }} | ForEach-Object {{
            $text = if ($_ -match '[\s''"`$;,(){{}}@#|&<>]') {{ "'" + ($_ -replace "'", "''") + "'" }} else {{ $_ }}
            [CompletionResult]::new($text, $_, [CompletionResultType]::ParameterValue, "fleet $_")
        }})
    }}
"#
    );
    let use_names = "    if ($afterFleetOption) {\n        $completions = @()\n    }\n    \
                     $completions += $fleetNames\n\n";
    script
        .replacen(command_path_end, &format!("{command_path_end}{hook}"), 1)
        .replacen(filter, &format!("{use_names}{filter}"), 1)
}

/// fish: `-l fleet` and the positional of `fleet use|show` take the names as arguments (`-a`).
fn fish_fleet_names(script: &str) -> String {
    let names = format!(
        "-f -a \"({})\"",
        FLEET_NAMES_COMMAND.replace(" 2>/dev/null", "")
    );
    let mut out = String::new();
    for line in script.lines() {
        out.push_str(line);
        if line.contains(" -l fleet ") && line.ends_with(" -r") {
            out.push(' ');
            out.push_str(&names);
        }
        out.push('\n');
    }
    // Before a command, the generated conditions fail while `--fleet` still lacks its value (fish's
    // argparse sees a missing argument), so this one looks at the previous token only.
    out.push_str(&format!(
        "complete -c wsctl -n 'test (commandline -opc)[-1] = --fleet' {names}\n"
    ));
    for sub in FLEET_POSITIONALS {
        out.push_str(&format!(
            "complete -c wsctl -n \"__fish_wsctl_using_subcommand fleet; and __fish_seen_subcommand_from {sub}\" {names}\n"
        ));
    }
    out
}

/// Every man page: `wsctl.1` and one per subcommand (`wsctl-sweep.1`, `wsctl-connections-list.1`).
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect_pages(cmd, &mut pages)?;
    pages.sort();
    Ok(pages)
}

fn collect_pages(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_pages(sub.clone(), pages)?;
    }
    let man = clap_mangen::Man::new(cmd);
    let mut buf = Vec::new();
    man.render(&mut buf)?;
    pages.push((man.get_filename(), buf));
    Ok(())
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
