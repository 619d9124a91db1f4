//! `--metrics emf` and `--metrics prom:FILE` on the local fleet: a sweep's and a broadcast's
//! summaries as CloudWatch Embedded Metric Format lines and Prometheus textfiles, each parsed here
//! and compared with the summary the same run printed; a failed run is recorded as one.

use std::collections::BTreeMap;

use crate::fixture::{wsctl_for, Emulator, EmulatorOpts};
use serde_json::Value;

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// A sample of the Prometheus text format: name, labels, value.
#[derive(Debug)]
struct PromSample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parse the text exposition format strictly: `# HELP`/`# TYPE` before a family's samples, valid
/// metric and label names, quoted and escaped label values, a float value.
fn parse_prometheus(text: &str) -> Vec<PromSample> {
    let valid_name = |n: &str| {
        !n.is_empty()
            && n.chars().enumerate().all(|(i, c)| {
                c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit())
            })
    };
    let mut typed: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(valid_name(name), "{line}");
            assert!(["gauge", "counter", "untyped"].contains(&kind), "{line}");
            typed.insert(name.into(), kind.into());
            continue;
        }
        if line.starts_with("# HELP ") || line.is_empty() {
            continue;
        }
        assert!(!line.starts_with('#'), "unknown comment {line}");
        let (name, rest) = line.split_at(line.find(['{', ' ']).expect("a sample line"));
        assert!(valid_name(name), "{line}");
        assert!(typed.contains_key(name), "no TYPE before {name}");
        let mut labels = BTreeMap::new();
        let value_text = if let Some(body) = rest.strip_prefix('{') {
            let end = body.rfind('}').expect("closing brace");
            let mut chars = body[..end].chars().peekable();
            while chars.peek().is_some() {
                let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
                assert!(valid_name(&key), "label {key:?} in {line}");
                assert_eq!(chars.next(), Some('"'), "{line}");
                let mut value = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => value.push('\n'),
                            Some(e) => value.push(e),
                            None => panic!("{line}"),
                        },
                        _ => value.push(c),
                    }
                }
                labels.insert(key, value);
                if chars.peek() == Some(&',') {
                    chars.next();
                }
            }
            body[end + 1..].trim()
        } else {
            rest.trim()
        };
        samples.push(PromSample {
            name: name.into(),
            labels,
            value: value_text
                .parse()
                .unwrap_or_else(|_| panic!("value in {line}")),
        });
    }
    samples
}

/// The EMF lines of a run's stderr, each checked against the specification's structure: every
/// metric a directive names is a number at the top level, every dimension a string.
fn emf_lines(stderr: &str) -> Vec<Value> {
    // Any JSON object line with an `_aws` member (the key order is not specified).
    let lines: Vec<Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter(|v| v.get("_aws").is_some())
        .collect();
    for v in &lines {
        let aws = &v["_aws"];
        assert!(
            aws["Timestamp"].as_u64().unwrap() > 1_600_000_000_000,
            "{v}"
        );
        for directive in aws["CloudWatchMetrics"].as_array().unwrap() {
            assert!(!directive["Namespace"].as_str().unwrap().is_empty());
            for set in directive["Dimensions"].as_array().unwrap() {
                for d in set.as_array().unwrap() {
                    assert!(v[d.as_str().unwrap()].is_string(), "dimension {d} in {v}");
                }
            }
            let metrics = directive["Metrics"].as_array().unwrap();
            assert!(!metrics.is_empty() && metrics.len() <= 100);
            for m in metrics {
                let name = m["Name"].as_str().unwrap();
                assert!(v[name].is_number(), "metric {name} is not a number in {v}");
                assert!(m["Unit"].is_string());
            }
        }
    }
    lines
}

#[test]
fn a_sweep_summary_as_emf_and_prometheus() {
    let em = Emulator::start(EmulatorOpts::default());
    let now = now_ms();
    // One connection the gateway does not know (410) and one row past the 2-hour maximum.
    em.put_row(&[
        ("connectionId", "goneconn00000A=".into()),
        ("connectedAt", format!("N:{now}")),
    ]);
    em.put_row(&[
        ("connectionId", "oldconn000000A=".into()),
        ("connectedAt", format!("N:{}", now - 3 * 3600 * 1000)),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let prom = dir.path().join("wsctl-sweep.prom");
    let out = wsctl_for(&em)
        .args([
            "-o",
            "json",
            "sweep",
            "--yes",
            // The only probed row is stale: without this the endpoint guard stops the run.
            "--allow-all-gone",
            "--metrics",
            "emf",
            "--metrics",
        ])
        .arg(format!("prom:{}", prom.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["gone"], 1, "{summary}");
    assert_eq!(summary["too_old"], 1, "{summary}");

    let emf = emf_lines(&stderr);
    assert_eq!(emf.len(), 1, "{stderr}");
    let e = &emf[0];
    assert_eq!(e["Command"], "sweep");
    assert_eq!(e["Table"], em.table.as_str());
    assert_eq!(e["_aws"]["CloudWatchMetrics"][0]["Namespace"], "wsctl");
    for field in [
        "scanned",
        "gone",
        "too_old",
        "deleted",
        "errors",
        "distinct_connections",
    ] {
        assert_eq!(e[field].as_f64(), summary[field].as_f64(), "{field}");
    }
    assert_eq!(e["success"], 1.0);
    assert_eq!(e["exit_code"], 0.0);

    let samples = parse_prometheus(&std::fs::read_to_string(&prom).unwrap());
    let get = |n: &str| {
        samples
            .iter()
            .find(|s| s.name == n)
            .unwrap_or_else(|| panic!("no {n} in {samples:?}"))
    };
    for field in ["scanned", "gone", "too_old", "deleted"] {
        let s = get(&format!("wsctl_sweep_{field}"));
        assert_eq!(Some(s.value), summary[field].as_f64(), "{field}");
        assert_eq!(s.labels["table"], em.table);
    }
    assert_eq!(get("wsctl_sweep_deleted").value, 2.0);
    assert_eq!(get("wsctl_sweep_success").value, 1.0);
    let ts = get("wsctl_sweep_last_run_timestamp_seconds").value;
    assert!((ts - now as f64 / 1000.0).abs() < 120.0, "{ts}");
    // Replaced atomically: no temporary file is left next to it.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn a_fan_out_summary_and_a_failed_run_as_metrics() {
    let em = Emulator::start(EmulatorOpts::default());
    let dir = tempfile::tempdir().unwrap();
    let prom = dir.path().join("broadcast.prom");
    let out = wsctl_for(&em)
        .args(["-o", "json", "broadcast", "--all", "--yes", "--data", "hi"])
        .arg("--metrics")
        .arg(format!("prom:{}", prom.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let samples = parse_prometheus(&std::fs::read_to_string(&prom).unwrap());
    let get = |n: &str| samples.iter().find(|s| s.name == n).map(|s| s.value);
    assert_eq!(get("wsctl_broadcast_targets"), summary["targets"].as_f64());
    assert_eq!(get("wsctl_broadcast_failed"), Some(0.0));
    assert_eq!(get("wsctl_broadcast_success"), Some(1.0));

    // A run that fails (here: bad input, exit 2) still writes the file, with success 0.
    let prom = dir.path().join("failed.prom");
    let out = wsctl_for(&em)
        .args(["sweep", "--yes", "--max-age", "1h", "--metrics"])
        .arg(format!("prom:{}", prom.display()))
        .env("WSCTL_METRICS", "emf")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let samples = parse_prometheus(&std::fs::read_to_string(&prom).unwrap());
    let get = |n: &str| samples.iter().find(|s| s.name == n).map(|s| s.value);
    assert_eq!(get("wsctl_sweep_success"), Some(0.0));
    assert_eq!(get("wsctl_sweep_exit_code"), Some(2.0));
    assert_eq!(
        get("wsctl_sweep_deleted"),
        None,
        "no summary, no summary fields"
    );
    // A flag replaces the variable (clap's rule for options with an env): no EMF line here.
    assert!(emf_lines(&String::from_utf8_lossy(&out.stderr)).is_empty());

    // A metrics file in a directory that does not exist: bad input before anything runs.
    let out = wsctl_for(&em)
        .args(["sweep", "--metrics", "prom:/no/such/dir/x.prom"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn the_prometheus_parser_rejects_what_the_format_does() {
    let ok = "# HELP a_b x\n# TYPE a_b gauge\na_b{t=\"x\\\"y\"} 2\n";
    let s = parse_prometheus(ok);
    assert_eq!(s[0].labels["t"], "x\"y");
    for bad in [
        "a_b 1\n",
        "# TYPE 1a gauge\n1a 1\n",
        "# TYPE a gauge\na{t=x} 1\n",
    ] {
        assert!(
            std::panic::catch_unwind(|| parse_prometheus(bad)).is_err(),
            "{bad}"
        );
    }
}
