//! The command line itself: clap's own consistency check, invalid argument lines (exit 2, one clear
//! line), and the checked-in shell completions and man page under `completions/`, which must match what
//! the binary generates. After changing the CLI regenerate them with:
//!
//!     WSCTL_BLESS=1 cargo test --test it cli::completions

use std::path::PathBuf;
use std::process::{Command, Stdio};

use clap::CommandFactory;
use clap_complete::Shell;
use wsctl::cli::Cli;
use wsctl::commands::completions::completion_file_name;

/// The fixture's hermetic `wsctl`, with nothing on stdin.
fn wsctl() -> Command {
    let mut c = crate::fixture::wsctl();
    c.stdin(Stdio::null());
    c
}

fn completions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions")
}

fn bless() -> bool {
    std::env::var("WSCTL_BLESS").is_ok_and(|v| v == "1")
}

/// Generate with the real binary and compare with (or, blessing, rewrite) the checked-in file.
fn check_generated(args: &[&str], file: &str, drift: &mut Vec<String>) {
    let out = wsctl().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "wsctl {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.stdout.is_empty(),
        "wsctl {} printed nothing",
        args.join(" ")
    );
    let path = completions_dir().join(file);
    if bless() {
        std::fs::create_dir_all(completions_dir()).unwrap();
        std::fs::write(&path, &out.stdout).unwrap();
        return;
    }
    match std::fs::read(&path) {
        Ok(old) if old == out.stdout => {}
        Ok(_) => drift.push(format!(
            "completions/{file} differs from `wsctl {}`",
            args.join(" ")
        )),
        Err(_) => drift.push(format!("completions/{file} is missing")),
    }
}

/// `completions/man/` holds exactly the pages `wsctl man --out-dir` writes: wsctl.1 and one per
/// subcommand (wsctl-sweep.1, wsctl-connections-list.1, ...).
fn check_man_pages(drift: &mut Vec<String>) {
    let fresh = tempfile::tempdir().unwrap();
    let out = wsctl()
        .args(["man", "--out-dir"])
        .arg(fresh.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read_dir = |dir: &std::path::Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .map(|e| {
                        let e = e.unwrap();
                        (
                            e.file_name().to_string_lossy().into_owned(),
                            std::fs::read(e.path()).unwrap(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let want = read_dir(fresh.path());
    for page in [
        "wsctl.1",
        "wsctl-sweep.1",
        "wsctl-connections-watch.1",
        "wsctl-fleet-use.1",
    ] {
        assert!(
            want.contains_key(page),
            "wsctl man --out-dir wrote no {page}"
        );
    }
    let dir = completions_dir().join("man");
    if bless() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, page) in &want {
            std::fs::write(dir.join(name), page).unwrap();
        }
        return;
    }
    let have = read_dir(&dir);
    for (name, page) in &want {
        match have.get(name) {
            Some(old) if old == page => {}
            Some(_) => drift.push(format!(
                "completions/man/{name} differs from `wsctl man --out-dir`"
            )),
            None => drift.push(format!("completions/man/{name} is missing")),
        }
    }
    for name in have.keys().filter(|n| !want.contains_key(*n)) {
        drift.push(format!("completions/man/{name} is no longer generated"));
    }
}

/// `wsctl man sweep` prints the page `--out-dir` writes as wsctl-sweep.1; an unknown command is
/// bad input.
#[test]
fn man_prints_one_command_page() {
    let page = wsctl()
        .args(["man", "connections", "watch"])
        .output()
        .unwrap();
    assert!(page.status.success());
    let text = String::from_utf8_lossy(&page.stdout);
    assert!(
        text.contains(".TH wsctl-connections-watch 1"),
        "{}",
        &text[..text.len().min(300)]
    );
    assert!(
        text.contains("\\-\\-iterations"),
        "the command's own options are on its page"
    );
    let top = wsctl().arg("man").output().unwrap();
    assert!(String::from_utf8_lossy(&top.stdout).contains(".TH wsctl 1"));
    let bad = wsctl().args(["man", "frobnicate"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no man page for `wsctl frobnicate`"));
}

#[test]
fn checked_in_completions_and_man_page_match_the_cli() {
    let mut drift = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "bash"),
        (Shell::Zsh, "zsh"),
        (Shell::Fish, "fish"),
        (Shell::PowerShell, "powershell"),
        (Shell::Elvish, "elvish"),
    ] {
        check_generated(
            &["completions", name],
            completion_file_name(shell),
            &mut drift,
        );
    }
    check_man_pages(&mut drift);
    assert!(
        drift.is_empty(),
        "the checked-in completions drifted from the CLI:\n  {}\nregenerate them with: WSCTL_BLESS=1 cargo test --test it cli::completions",
        drift.join("\n  ")
    );
}

#[test]
fn completion_file_names_are_distinct() {
    let names: std::collections::BTreeSet<_> = [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ]
    .into_iter()
    .map(completion_file_name)
    .collect();
    assert_eq!(names.len(), 5);
    assert!(!names.contains("man"));
}

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn invalid_argument_lines_exit_2_with_one_clear_line() {
    let cases: &[(&[&str], &str)] = &[
        (&["frobnicate"], "unrecognized subcommand"),
        (&["-o", "xml", "connections", "list"], "invalid value 'xml'"),
        (&["completions", "tcsh"], "invalid value 'tcsh'"),
        (&["completions"], "required"),
        (&["--no-such-flag", "man"], "unexpected argument"),
        (&["local", "swarm"], "--url"),
        (
            &[
                "local",
                "swarm",
                "--url",
                "ws://127.0.0.1:1/x",
                "-n",
                "many",
            ],
            "invalid value 'many'",
        ),
        (
            &[
                "local",
                "swarm",
                "--url",
                "ws://127.0.0.1:1/x",
                "--duration",
                "soon",
            ],
            "invalid value 'soon'",
        ),
        (&["local", "nope"], "unrecognized subcommand"),
    ];
    for (args, needle) in cases {
        let out = wsctl().args(*args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "wsctl {args:?}: {err}");
        assert!(out.stdout.is_empty(), "wsctl {args:?} wrote to stdout");
        let first = err.lines().next().unwrap_or("");
        assert!(
            first.starts_with("error: "),
            "wsctl {args:?}: first line {first:?}"
        );
        assert!(
            err.contains(needle),
            "wsctl {args:?}: expected {needle:?} in {err}"
        );
    }
}

#[test]
fn help_and_version_succeed() {
    for args in [
        &["--help"][..],
        &["--version"],
        &["local", "swarm", "--help"],
    ] {
        let out = wsctl().args(args).output().unwrap();
        assert!(out.status.success(), "wsctl {args:?}");
        assert!(!out.stdout.is_empty());
    }
}
