//! Bad input gets one clear line, the documented exit code, and changes nothing. These cases need no
//! fleet: they fail before any request, or against a tiny local server that answers like AWS does.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

/// The fixture's hermetic `wsctl`, with nothing on stdin.
fn wsctl() -> Command {
    let mut c = crate::fixture::wsctl();
    c.stdin(Stdio::null());
    c
}

/// Exit code, and stderr checked to be a short, clean error: one `error:` line (plus an optional
/// hint), no panic, no SDK debug dump.
fn fails(out: Output, code: i32, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !err.contains("SdkError") && !err.contains("ServiceError {"),
        "SDK debug output: {err}"
    );
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        lines.len() <= 3 && lines.iter().filter(|l| l.starts_with("error")).count() == 1,
        "one error line (and a hint), got: {err}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout");
}

fn run(args: &[&str]) -> Output {
    wsctl().args(args).output().unwrap()
}

const LOCAL: [&str; 4] = [
    "--dynamodb-endpoint",
    "http://127.0.0.1:9",
    "--endpoint",
    "http://127.0.0.1:9/local",
];

#[test]
fn payload_errors() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    std::fs::write(&big, "x".repeat(131_073)).unwrap();
    fails(
        run(&[
            &LOCAL[..],
            &[
                "push",
                "-c",
                "L0SM9cOFvHcCIhw=",
                "--data-file",
                big.to_str().unwrap(),
            ],
        ]
        .concat()),
        2,
        "131072",
    );
    let exact = dir.path().join("exact.json");
    std::fs::write(&exact, "x".repeat(131_072)).unwrap();
    // Exactly the limit is accepted (it then fails to reach the unreachable endpoint: exit 5).
    let out = run(&[
        &LOCAL[..],
        &[
            "push",
            "-c",
            "L0SM9cOFvHcCIhw=",
            "--no-prune",
            "--max-attempts",
            "1",
            "--data-file",
            exact.to_str().unwrap(),
        ],
    ]
    .concat());
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fails(
        run(&[
            &LOCAL[..],
            &[
                "push",
                "-c",
                "L0SM9cOFvHcCIhw=",
                "--data",
                "{oops",
                "--json",
            ],
        ]
        .concat()),
        2,
        "not valid JSON",
    );
    fails(
        run(&[
            &LOCAL[..],
            &["push", "-c", "L0SM9cOFvHcCIhw=", "--data", ""],
        ]
        .concat()),
        2,
        "empty payload",
    );
    fails(
        run(&[
            &LOCAL[..],
            &[
                "push",
                "-c",
                "L0SM9cOFvHcCIhw=",
                "--data-file",
                "/nonexistent/p.json",
            ],
        ]
        .concat()),
        2,
        "cannot read payload file",
    );
    fails(
        run(&[&LOCAL[..], &["push", "-c", "L0SM9cOFvHcCIhw="]].concat()),
        2,
        "no payload",
    );
}

#[test]
fn malformed_ids_durations_shards() {
    fails(
        run(&[&LOCAL[..], &["push", "-c", "not/an id", "--data", "x"]].concat()),
        2,
        "malformed connection id",
    );
    fails(
        run(&[&LOCAL[..], &["connections", "inspect", "bad id"]].concat()),
        2,
        "malformed connection id",
    );
    fails(
        run(&[
            &LOCAL[..],
            &["connections", "list", "--older-than", "2 parsecs"],
        ]
        .concat()),
        2,
        "malformed duration",
    );
    fails(
        run(&[&LOCAL[..], &["sweep", "--yes", "--max-age", "soon"]].concat()),
        2,
        "malformed duration",
    );
    fails(
        run(&[&LOCAL[..], &["sweep", "--yes", "--shard", "3/2"]].concat()),
        2,
        "below the count",
    );
    fails(
        run(&[&LOCAL[..], &["sweep", "--yes", "--shard", "auto"]].concat()),
        2,
        "JOB_COMPLETION_INDEX",
    );
}

#[test]
fn endpoint_and_region_errors() {
    fails(
        run(&[
            "--endpoint",
            "https://abc123.execute-api.eu-west-1.amazonaws.com",
            "push",
            "-c",
            "L0SM9cOFvHcCIhw=",
            "--data",
            "x",
        ]),
        2,
        "no stage",
    );
    fails(
        run(&[
            "--region",
            "Europe",
            "--dynamodb-endpoint",
            "http://127.0.0.1:9",
            "connections",
            "count",
        ]),
        2,
        "malformed region",
    );
    fails(
        run(&[
            "--region",
            "eu-west-1",
            "--endpoint",
            "https://abc.execute-api.us-east-1.amazonaws.com/prod",
            "push",
            "-c",
            "L0SM9cOFvHcCIhw=",
            "--data",
            "x",
            "--no-prune",
        ]),
        2,
        "wrong region",
    );
    // Nothing listens on port 9: unreachable, exit 4, with a hint.
    fails(
        run(&[
            "--dynamodb-endpoint",
            "http://127.0.0.1:9",
            "connections",
            "count",
        ]),
        4,
        "unreachable",
    );
    fails(
        run(&[
            "push",
            "-c",
            "L0SM9cOFvHcCIhw=",
            "--data",
            "x",
            "--no-prune",
            "--dynamodb-endpoint",
            "http://127.0.0.1:9",
        ]),
        2,
        "no Management API endpoint",
    );
}

#[test]
fn config_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[fleets.prod]\ntable = \"t\"\nendpoint = \n").unwrap();
    fails(
        run(&[
            "--config",
            cfg.to_str().unwrap(),
            "--fleet",
            "prod",
            "connections",
            "count",
        ]),
        3,
        "line 3",
    );
    std::fs::write(&cfg, "[fleets.prod]\ntable = \"t\"\n").unwrap();
    fails(
        run(&[
            "--config",
            cfg.to_str().unwrap(),
            "--fleet",
            "staging",
            "connections",
            "count",
        ]),
        3,
        "unknown fleet",
    );
    fails(
        run(&[
            "--config",
            "/nonexistent/wsctl.toml",
            "connections",
            "count",
        ]),
        3,
        "cannot read config",
    );
}

#[test]
fn destructive_fanouts_need_yes_off_a_terminal() {
    fails(
        run(&[&LOCAL[..], &["broadcast", "--all", "--data", "x"]].concat()),
        7,
        "--yes",
    );
    // A file of ids past a handful is confirmed too; a short one is not asked about.
    let dir = tempfile::tempdir().unwrap();
    let ids = dir.path().join("ids.txt");
    let many: Vec<String> = (0..11).map(|i| format!("Conn{i:010}=")).collect();
    std::fs::write(&ids, many.join("\n")).unwrap();
    let ids = ids.to_str().unwrap();
    fails(
        run(&[&LOCAL[..], &["disconnect", "--connection-file", ids]].concat()),
        7,
        "refusing to disconnect 11 connection(s) listed in",
    );
}

/// A local server that answers every request the way DynamoDB answers expired credentials.
fn expired_token_server() -> (String, std::thread::JoinHandle<()>) {
    aws_error_server(
        "com.amazon.coral.service#ExpiredTokenException",
        "The security token included in the request is expired",
    )
}

/// A local server that answers every request with the given AWS JSON error.
fn aws_error_server(
    error_type: &'static str,
    message: &'static str,
) -> (String, std::thread::JoinHandle<()>) {
    let body = format!("{{\"__type\":\"{error_type}\",\"message\":\"{message}\"}}");
    answering_server("400 Bad Request", "application/x-amz-json-1.0", body)
}

/// A local server that answers every request with this status line, content type and body.
fn answering_server(
    status: &'static str,
    content_type: &'static str,
    body: String,
) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let h = std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut s) = stream else { continue };
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut request_body = vec![0; len];
            let _ = reader.read_exact(&mut request_body);
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nx-amzn-RequestId: test\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                body.len(),
                body
            );
        }
    });
    (url, h)
}

#[test]
fn expired_credentials_name_the_fix() {
    let (url, _h) = expired_token_server();
    let out = wsctl()
        .env("AWS_ACCESS_KEY_ID", "AKIAEXPIRED")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_SESSION_TOKEN", "expired")
        .env("AWS_REGION", "eu-west-1")
        .args(["--dynamodb-endpoint", &url, "connections", "count"])
        .output()
        .unwrap();
    fails(out, 4, "aws sso login");
}

#[test]
fn missing_profile_is_a_credentials_error() {
    let out = wsctl()
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .args([
            "--profile",
            "nosuchprofile",
            "--dynamodb-endpoint",
            "http://127.0.0.1:9",
            "connections",
            "count",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("credentials") || err.contains("profile"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

/// A run against plain-http endpoints (the local fleet) must not read the system's certificate
/// store: the SDK's default client reads every file of it when a client is built, 8–15 ms of each
/// run. The store is a FIFO here, so a read blocks and the run cannot end; the https run shows that
/// the trap catches a read.
#[test]
fn a_local_fleet_run_never_reads_the_certificate_store() {
    let (url, _h) = aws_error_server(
        "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
        "Requested resource not found",
    );
    let dir = std::env::temp_dir().join(format!("wsctl-cert-trap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("trap.pem");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    let run = |endpoint: &str| {
        wsctl()
            .env("SSL_CERT_FILE", &fifo)
            .env("SSL_CERT_DIR", &dir)
            .args(["--dynamodb-endpoint", &url, "--endpoint", endpoint])
            .args(["push", "--connection", "abc", "--data", "x"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let finished_within = |child: &mut std::process::Child, secs: u64| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while std::time::Instant::now() < deadline {
            if let Some(status) = child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    };
    let plain = format!("{url}/local");
    let mut local = run(&plain);
    let status = finished_within(&mut local, 60)
        .expect("a plain-http run blocked on the certificate store (the FIFO)");
    let mut err = String::new();
    local
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(4), "missing table: {err}");
    assert!(err.contains("not found"), "{err}");

    let tls = plain.replacen("http://", "https://", 1);
    let mut trapped = run(&tls);
    assert!(
        finished_within(&mut trapped, 5).is_none(),
        "an https run ended without blocking on the FIFO: the trap does not catch certificate reads"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// An answer that is no AWS error (a proxy, a wrong host) still says what came back: the status and
/// the body's message, never an empty reason.
#[test]
fn answers_without_an_aws_error_code_show_status_and_message() {
    for (status, content_type, body, needle) in [
        (
            "404 Not Found",
            "text/plain",
            "no such route here\n".to_string(),
            "HTTP 404 Not Found: no such route here",
        ),
        (
            "426 Upgrade Required",
            "application/json",
            r#"{"message":"use TLS 1.2 or later"}"#.to_string(),
            "HTTP 426 Upgrade Required: use TLS 1.2 or later",
        ),
        (
            "400 Bad Request",
            "application/json",
            String::new(),
            "HTTP 400 Bad Request (empty body)",
        ),
    ] {
        let (url, _h) = answering_server(status, content_type, body);
        let out = wsctl()
            .env("AWS_ACCESS_KEY_ID", "AKIALOCAL")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_REGION", "eu-west-1")
            .args(["--dynamodb-endpoint", &url, "connections", "count"])
            .output()
            .unwrap();
        fails(out, 4, needle);
        let (url, _h) = answering_server(status, content_type, String::new());
        let out = wsctl()
            .env("AWS_ACCESS_KEY_ID", "AKIALOCAL")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_REGION", "eu-west-1")
            .args([
                "--apigw-endpoint",
                &url,
                "provision",
                "api",
                "--name",
                "chat",
                "--check",
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let headline = err.lines().find(|l| l.starts_with("error:")).unwrap_or("");
        assert!(
            headline.contains(&format!("HTTP {}", &status[..3])),
            "the reason names the status: {err}"
        );
        assert!(!headline.trim_end().ends_with(':'), "{err}");
    }
}

#[test]
fn operator_mistakes_in_fanout_flags() {
    for (args, needle) in [
        (
            vec!["broadcast", "--all", "--yes", "--data", "x", "--rate", "0"],
            "must be above 0",
        ),
        (
            vec!["push", "-u", "u1", "--data", "x", "--rate=-5"],
            "must be above 0",
        ),
        (
            vec!["broadcast", "--group", "", "--data", "x"],
            "must not be empty",
        ),
        (
            vec!["push", "--user", " ", "--data", "x"],
            "must not be empty",
        ),
        (vec!["sweep", "--yes", "--grace", "soon"], "--grace"),
    ] {
        let mut all: Vec<&str> = LOCAL.to_vec();
        all.extend(args);
        fails(run(&all), 2, needle);
    }
    fails(
        run(&[
            "--endpoint",
            "https://abc123.execute-api.eu-west-1.amazonaws.com/prod?stage=dev",
            "push",
            "-c",
            "L0SM9cOFvHcCIhw=",
            "--data",
            "x",
        ]),
        2,
        "has a query string",
    );
}
