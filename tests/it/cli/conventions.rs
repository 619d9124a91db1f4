//! AWS CLI conventions: `--endpoint-url`, `AWS_ENDPOINT_URL_DYNAMODB` (local when on loopback),
//! `--debug` showing where each setting came from, the documented precedence (flag, environment,
//! fleet), and the global options under their own heading in every command's help.

use crate::fixture::{wsctl, Emulator, EmulatorOpts};
use clap::Parser;
use wsctl::cli::Cli;

/// A config file with one fleet, in a temp dir that lives as long as the returned guard.
fn config_with(fleet: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, fleet).unwrap();
    (dir, path)
}

#[test]
fn endpoint_url_is_the_endpoint_option() {
    let cli = Cli::try_parse_from([
        "wsctl",
        "--endpoint-url",
        "http://127.0.0.1:1/dev",
        "sweep",
        "--dry-run",
    ])
    .unwrap();
    assert_eq!(
        cli.global.endpoint.as_deref(),
        Some("http://127.0.0.1:1/dev")
    );
    let cli =
        Cli::try_parse_from(["wsctl", "push", "--endpoint-url", "http://x/y", "-c", "a"]).unwrap();
    assert_eq!(cli.global.endpoint.as_deref(), Some("http://x/y"));
    assert!(
        Cli::try_parse_from(["wsctl", "--endpoint", "a", "--endpoint-url", "b", "sweep"]).is_err()
    );
}

/// `--debug` names each setting's origin: the flag beats AWS_REGION, which beats the fleet.
#[test]
fn environment_beats_the_fleet_and_flags_beat_both() {
    let (_dir, cfg) = config_with(
        "[fleets.prod]\nregion = \"eu-west-1\"\nprofile = \"fleet-profile\"\ntable = \"fleet-table\"\n",
    );
    let debug = |extra: &[&str], env: &[(&str, &str)]| {
        let mut c = wsctl();
        c.arg("--config")
            .arg(&cfg)
            .args(["--fleet", "prod", "--debug"]);
        c.args(extra).args(["iam-policy", "sweep"]);
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let log = debug(&[], &[]);
    assert!(
        log.contains("setting region: eu-west-1 (from fleet)"),
        "{log}"
    );
    assert!(
        log.contains("setting profile: fleet-profile (from fleet)"),
        "{log}"
    );
    assert!(log.contains("setting table: fleet-table"), "{log}");
    let log = debug(
        &[],
        &[("AWS_REGION", "us-west-2"), ("AWS_PROFILE", "env-profile")],
    );
    assert!(
        log.contains("setting region: us-west-2 (from $AWS_REGION)"),
        "{log}"
    );
    assert!(
        log.contains("setting profile: env-profile (from $AWS_PROFILE)"),
        "{log}"
    );
    let log = debug(&[], &[("AWS_DEFAULT_REGION", "ap-south-1")]);
    assert!(
        log.contains("setting region: ap-south-1 (from $AWS_DEFAULT_REGION)"),
        "{log}"
    );
    let log = debug(
        &["--region", "ca-central-1"],
        &[("AWS_REGION", "us-west-2")],
    );
    assert!(
        log.contains("setting region: ca-central-1 (from --region)"),
        "{log}"
    );
    // Without --debug, none of it.
    let out = wsctl()
        .arg("--config")
        .arg(&cfg)
        .args(["--fleet", "prod", "iam-policy", "sweep"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("setting region"));
}

/// AWS_ENDPOINT_URL_DYNAMODB points wsctl at DynamoDB Local, and being loopback it needs no
/// credentials or region (as --dynamodb-endpoint); a flag beats it.
#[test]
fn aws_endpoint_url_dynamodb_is_honoured_and_local() {
    let em = Emulator::start(EmulatorOpts::default());
    em.put_row(&[
        ("connectionId", "envrow0000000A=".into()),
        ("userId", "u1".into()),
    ]);
    let out = wsctl()
        .env("AWS_ENDPOINT_URL_DYNAMODB", &em.dynamodb_endpoint)
        .args([
            "--debug",
            "-o",
            "json",
            "--table",
            &em.table,
            "connections",
            "count",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"], 1, "{v}");
    assert!(
        err.contains(&format!(
            "setting dynamodb endpoint: {} (from $AWS_ENDPOINT_URL_DYNAMODB)",
            em.dynamodb_endpoint
        )),
        "{err}"
    );
    // The flag wins: an unreachable port fails the run (exit 4), whatever the variable says.
    let out = wsctl()
        .env("AWS_ENDPOINT_URL_DYNAMODB", &em.dynamodb_endpoint)
        .args([
            "--dynamodb-endpoint",
            "http://127.0.0.1:1",
            "--table",
            &em.table,
        ])
        .args(["connections", "count"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns the variable off, as in the AWS SDKs.
    let out = wsctl()
        .env("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1")
        .env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
        .args([
            "--debug",
            "--dynamodb-endpoint",
            &em.dynamodb_endpoint,
            "--table",
            &em.table,
        ])
        .args(["connections", "count"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every command's help lists its own options first and the global ones under "Global options".
#[test]
fn global_options_have_their_own_heading_in_every_help() {
    for cmd in [
        &["sweep"][..],
        &["push"],
        &["connections", "list"],
        &["fleet", "use"],
        &["provision", "table"],
    ] {
        let out = wsctl().args(cmd).arg("--help").output().unwrap();
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        let heading = help
            .find("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{cmd:?}: no Global options heading:\n{help}"));
        let (own, global) = help.split_at(heading);
        for flag in ["--region", "--endpoint", "--fleet", "--output", "--debug"] {
            assert!(
                global.contains(flag),
                "{cmd:?}: {flag} not under the heading"
            );
            let listed_in_own = own.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with(flag) || l.starts_with(&format!("-o, {flag}"))
            });
            assert!(!listed_in_own, "{cmd:?}: {flag} among the command's own");
        }
        assert!(global.contains("[alias: --endpoint-url]"), "{cmd:?}");
    }
    let out = wsctl().args(["sweep", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let own = &help[..help.find("Global options:").unwrap()];
    assert!(own.contains("--dry-run"), "{help}");
    let out = wsctl().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("a flag, its environment variable, the fleet"),
        "{help}"
    );
}
