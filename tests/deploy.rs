//! The files under `deploy/`, checked without deploying anything: every YAML and JSON file parses
//! (YAML with PyYAML from `.local/venv`), every wsctl command line in them (a command array, a
//! `sh -c` script, a CI step's `run:`, a scheduler's JSON `Input`) parses with the real CLI
//! definition, each `iam-policy-*.json` is what `wsctl iam-policy` writes for it today, the fleet
//! declaration is a valid `provision --spec`, and the Dockerfile is checked statically (no Docker
//! engine here): multi-stage, built with `--locked` on a rust image no older than Cargo.toml's
//! `rust-version`, CA certificates, a non-root user.

mod common;

use std::path::{Path, PathBuf};

use clap::Parser;
use common::{repo_root, wsctl, Emulator, EmulatorOpts};
use serde_json::Value;
use wsctl::cli::Cli;

fn deploy_dir() -> PathBuf {
    repo_root().join("deploy")
}

/// Every file under `deploy/`, sorted.
fn files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&deploy_dir(), &mut out);
    out.sort();
    out
}

fn has_ext(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.contains(&e))
}

/// The documents of a YAML file, as JSON, parsed by PyYAML (safe_load_all).
fn yaml_documents(path: &Path) -> Vec<Value> {
    let python = repo_root().join(".local/venv/bin/python");
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import json, sys, yaml\n\
             docs = list(yaml.safe_load_all(open(sys.argv[1])))\n\
             print(json.dumps(docs, default=str))",
        ])
        .arg(path)
        .output()
        .expect("run PyYAML from .local/venv");
    assert!(
        out.status.success(),
        "{} is not valid YAML: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    match serde_json::from_slice(&out.stdout).unwrap() {
        Value::Array(docs) => docs,
        other => panic!("unexpected PyYAML output {other}"),
    }
}

/// Split a shell script into simple commands' words: quotes, backslash-newlines, `&&`, `||`, `;`,
/// `|` and newlines are understood; `$(...)`/`${...}` stay inside their word.
fn shell_commands(script: &str) -> Vec<Vec<String>> {
    let script = script.replace("\\\n", " ");
    let mut commands = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let end_word = |word: &mut String, words: &mut Vec<String>, in_word: &mut bool| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        _ => word.push(q),
                    }
                }
            }
            ' ' | '\t' => end_word(&mut word, &mut words, &mut in_word),
            '\n' | ';' | '&' | '|' => {
                end_word(&mut word, &mut words, &mut in_word);
                if !words.is_empty() {
                    commands.push(std::mem::take(&mut words));
                }
            }
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    end_word(&mut word, &mut words, &mut in_word);
    if !words.is_empty() {
        commands.push(words);
    }
    commands
}

/// wsctl's arguments in a command's words: from the word `wsctl` on (`docker run ... IMAGE wsctl
/// ...` included).
fn wsctl_argv(words: &[String]) -> Option<Vec<String>> {
    let at = words.iter().position(|w| w == "wsctl")?;
    Some(words[at..].to_vec())
}

/// Every wsctl command line in a parsed document.
fn command_lines(v: &Value, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Array(items) => {
            let strings: Option<Vec<String>> =
                items.iter().map(|i| i.as_str().map(String::from)).collect();
            match strings.as_deref() {
                Some([first, rest @ ..]) if first == "wsctl" => out.push(
                    std::iter::once(first.clone())
                        .chain(rest.iter().cloned())
                        .collect(),
                ),
                Some([sh, c, script, ..]) if sh.ends_with("sh") && c == "-c" => {
                    out.extend(shell_commands(script).iter().filter_map(|w| wsctl_argv(w)))
                }
                _ => items.iter().for_each(|i| command_lines(i, out)),
            }
        }
        Value::Object(map) => {
            for (key, value) in map {
                match value.as_str() {
                    // A CI step's shell script.
                    Some(script) if key == "run" => {
                        out.extend(shell_commands(script).iter().filter_map(|w| wsctl_argv(w)))
                    }
                    _ => command_lines(value, out),
                }
            }
        }
        Value::String(s) => {
            // JSON inside a string: a scheduler target's `Input`.
            if let Ok(inner @ (Value::Object(_) | Value::Array(_))) = serde_json::from_str(s) {
                command_lines(&inner, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_file_parses_and_every_wsctl_command_line_parses_with_the_cli() {
    let mut found = Vec::new();
    for path in files() {
        let docs = if has_ext(&path, &["yaml", "yml"]) {
            yaml_documents(&path)
        } else if has_ext(&path, &["json"]) {
            let text = std::fs::read_to_string(&path).unwrap();
            vec![serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))]
        } else {
            continue;
        };
        let mut lines = Vec::new();
        docs.iter().for_each(|d| command_lines(d, &mut lines));
        let name = path
            .strip_prefix(deploy_dir())
            .unwrap()
            .display()
            .to_string();
        let is_policy = name.contains("policy");
        assert!(
            is_policy || !lines.is_empty(),
            "{name}: no wsctl command line found"
        );
        for argv in lines {
            if let Err(e) = Cli::try_parse_from(&argv) {
                panic!("{name}: `{}` does not parse:\n{e}", argv.join(" "));
            }
            found.push((name.clone(), argv));
        }
    }
    let files_with_commands: std::collections::BTreeSet<&str> =
        found.iter().map(|(f, _)| f.as_str()).collect();
    // The CronJob, the Indexed Job, the Batch job, the scheduler target, CI's check and apply.
    assert!(found.len() >= 6, "{found:?}");
    for f in [
        "kubernetes/sweep-cronjob.yaml",
        "kubernetes/sweep-indexed-job.yaml",
        "aws-batch/job-definition.json",
        "eventbridge/scheduler-sweep.json",
        "github/provision.yml",
    ] {
        assert!(files_with_commands.contains(f), "no command line in {f}");
    }
    let ci: Vec<String> = found
        .iter()
        .filter(|(f, _)| f == "github/provision.yml")
        .map(|(_, a)| a.join(" "))
        .collect();
    assert!(
        ci.iter()
            .any(|c| c.contains("provision") && c.contains("--check")),
        "{ci:?}"
    );
    assert!(
        ci.iter()
            .any(|c| c.contains("provision") && !c.contains("--check")),
        "{ci:?}"
    );
}

/// The splitter and the extraction themselves, so that a quietly empty result cannot pass.
#[test]
fn command_lines_are_found_where_deploy_files_put_them() {
    let doc: Value = serde_json::json!({
        "run": "docker run --rm \"$IMG\" wsctl sweep --yes \\\n  --metrics emf && echo done",
        "command": ["wsctl", "connections", "stats"],
        "sh": ["/bin/sh", "-c", "wsctl sweep --checkpoint '/state/a b.json' && rm -f x; wsctl man"],
        "Input": "{\"Command\":[\"wsctl\",\"push\",\"-c\",\"x\"]}",
        "Description": "wsctl sweep as a Batch job: prose, not a command line",
    });
    let mut lines = Vec::new();
    command_lines(&doc, &mut lines);
    let mut joined: Vec<String> = lines.iter().map(|l| l.join(" ")).collect();
    joined.sort();
    assert_eq!(
        joined,
        [
            "wsctl connections stats",
            "wsctl man",
            "wsctl push -c x",
            "wsctl sweep --checkpoint /state/a b.json",
            "wsctl sweep --yes --metrics emf",
        ]
    );
    assert!(Cli::try_parse_from(["wsctl", "sweep", "--no-such-flag"]).is_err());
}

/// `iam-policy-CMD[-CMD...].json` holds what `wsctl iam-policy CMD...` writes for the example fleet.
#[test]
fn iam_policies_are_what_wsctl_writes() {
    let mut checked = 0;
    for path in files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(cmds) = name
            .strip_prefix("iam-policy-")
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let out = wsctl()
            .args([
                "-o",
                "json",
                "--region",
                "eu-west-1",
                "--table",
                "ws-connections",
            ])
            .args([
                "iam-policy",
                "--account",
                "123456789012",
                "--api-id",
                "abc123",
            ])
            .args(["--stage", "prod"])
            .args(cmds.split('-'))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want: Value = serde_json::from_slice(&out.stdout).unwrap();
        let have: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            have,
            want,
            "{} is not what `wsctl iam-policy {}` writes; regenerate it",
            path.display(),
            cmds.replace('-', " ")
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} policy files");
}

/// The CI workflow's declaration is a spec `provision` accepts: its plan against the local fleet.
#[test]
fn the_fleet_declaration_is_a_valid_spec() {
    let em = Emulator::start(EmulatorOpts::default());
    let out = common::wsctl_for(&em)
        // The declaration's functions are in eu-west-1, the region the workflow runs in.
        .args(["--region", "eu-west-1", "-o", "json", "provision", "--spec"])
        .arg(deploy_dir().join("github/wsctl-fleet.toml"))
        .arg("--dry-run")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn dockerfile_is_multi_stage_locked_with_ca_certificates_and_not_root() {
    let text = std::fs::read_to_string(deploy_dir().join("Dockerfile")).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let froms: Vec<&&str> = lines.iter().filter(|l| l.starts_with("FROM ")).collect();
    assert!(froms.len() >= 2, "not multi-stage: {froms:?}");
    assert!(froms[0].contains(" AS "), "the build stage is named");
    let image = froms[0]
        .split_whitespace()
        .nth(1)
        .and_then(|i| i.strip_prefix("rust:"))
        .expect("the build stage is an official rust image");
    let toolchain = version_of(image.split('-').next().unwrap());
    let oldest = rust_version_of_the_manifest();
    // Only as many parts as the tag names: `rust:1.94` is the newest 1.94.x.
    assert!(
        toolchain[..] >= oldest[..toolchain.len().min(oldest.len())],
        "the build stage's rust:{image} is older than Cargo.toml's rust-version {oldest:?}"
    );
    let build = lines
        .iter()
        .find(|l| l.starts_with("RUN ") && l.contains("cargo build"))
        .expect("a cargo build step");
    assert!(
        build.contains("--locked") && build.contains("--release"),
        "{build}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("COPY --from=")),
        "the binary is copied from the build stage"
    );
    // In the last stage: CA certificates installed, and a non-root USER as the last one.
    let last_from = lines.iter().rposition(|l| l.starts_with("FROM ")).unwrap();
    let runtime = &lines[last_from..];
    assert!(
        runtime.iter().any(|l| l.contains("ca-certificates")),
        "no CA certificates in the runtime stage"
    );
    let user = runtime
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("a USER in the runtime stage");
    let who = user.split(':').next().unwrap().trim();
    assert!(who != "root" && who != "0", "runs as root: {user}");
}

/// `1.94.1` → `[1, 94, 1]`; a tag without its patch (`1.95`) stands for the newest one.
fn version_of(text: &str) -> Vec<u64> {
    text.split('.')
        .map(|part| {
            part.parse()
                .unwrap_or_else(|_| panic!("not a version: {text}"))
        })
        .collect()
}

fn rust_version_of_the_manifest() -> Vec<u64> {
    let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml names its rust-version");
    version_of(line.trim().trim_matches('"'))
}
