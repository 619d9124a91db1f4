//! `--metrics emf` and `--metrics prom:FILE`: a run's summary as CloudWatch Embedded Metric Format
//! and as a Prometheus textfile, so that scheduled sweeps and fan-outs land on a dashboard and an
//! alarm can fire on a failed run or a jump in stale rows.
//!
//! Metrics are derived in one place, from the finished report's JSON (`Output::finish`): every number
//! (and every true/false, as 1/0) at the top level of the summary, and one level down in objects,
//! becomes a metric named after its field. Every run adds `success`, `exit_code`, `duration_seconds`
//! and, in the textfile, `last_run_timestamp_seconds`, also when the command failed before it had a
//! summary.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

/// Where metrics go; `--metrics` may be given more than once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsSink {
    /// One EMF JSON line on stderr (CloudWatch Logs extracts the metrics from the log).
    Emf,
    /// A Prometheus text-format file, replaced atomically (node_exporter's textfile collector).
    Prometheus(PathBuf),
}

/// `emf` or `prom:FILE` (FILE's directory must exist).
pub fn sink_arg(s: &str) -> Result<MetricsSink, String> {
    if s == "emf" {
        return Ok(MetricsSink::Emf);
    }
    let Some(file) = s.strip_prefix("prom:").filter(|f| !f.is_empty()) else {
        return Err("use emf or prom:FILE".into());
    };
    let path = PathBuf::from(file);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!("directory {} does not exist", dir.display()));
    }
    Ok(MetricsSink::Prometheus(path))
}

/// One finished run.
pub struct FinishedRun<'a> {
    /// `sweep`, `broadcast`, `connections stats`, ...
    pub command: &'a str,
    pub table: &'a str,
    pub fleet: Option<&'a str>,
    /// The report's JSON, when the command produced one.
    pub report: Option<&'a Value>,
    pub exit_code: u8,
    pub duration_seconds: f64,
    /// Milliseconds since the epoch.
    pub timestamp_ms: u64,
}

/// A metric: its name (a summary field) and value.
type Metric = (String, f64);

/// The numbers of a run: the report's numeric fields, then the run's own.
pub fn samples(run: &FinishedRun) -> Vec<Metric> {
    let mut out = Vec::new();
    if let Some(Value::Object(fields)) = run.report {
        numeric_fields(fields, "", &mut out);
    }
    out.retain(|(name, _)| !matches!(name.as_str(), "success" | "exit_code" | "duration_seconds"));
    out.push(("success".into(), f64::from(u8::from(run.exit_code == 0))));
    out.push(("exit_code".into(), f64::from(run.exit_code)));
    out.push(("duration_seconds".into(), run.duration_seconds));
    out
}

fn numeric_fields(fields: &Map<String, Value>, prefix: &str, out: &mut Vec<Metric>) {
    for (key, value) in fields {
        let name = format!("{prefix}{}", metric_name(key));
        match value {
            Value::Number(n) => {
                if let Some(f) = n.as_f64() {
                    out.push((name, f));
                }
            }
            Value::Bool(b) => out.push((name, f64::from(u8::from(*b)))),
            // One level down: e.g. a summary's counts per outcome.
            Value::Object(inner) if prefix.is_empty() => {
                numeric_fields(inner, &format!("{name}_"), out)
            }
            _ => {}
        }
    }
}

/// Letters, digits and underscores (what both formats accept).
fn metric_name(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// CloudWatch unit of a field, from its name.
fn emf_unit(name: &str) -> &'static str {
    if name.ends_with("seconds") {
        "Seconds"
    } else if name.ends_with("rate") {
        "Count/Second"
    } else if name == "exit_code" {
        "None"
    } else {
        "Count"
    }
}

/// One EMF line: dimensions Command and Table, namespace `wsctl`.
pub fn emf_line(run: &FinishedRun) -> String {
    let samples = samples(run);
    let mut root = Map::new();
    let metrics: Vec<Value> = samples
        .iter()
        .map(|(name, _)| json!({"Name": name, "Unit": emf_unit(name)}))
        .collect();
    root.insert(
        "_aws".into(),
        json!({
            "Timestamp": run.timestamp_ms,
            "CloudWatchMetrics": [{
                "Namespace": "wsctl",
                "Dimensions": [["Command", "Table"]],
                "Metrics": metrics,
            }],
        }),
    );
    root.insert("Command".into(), json!(run.command));
    root.insert("Table".into(), json!(run.table));
    if let Some(f) = run.fleet {
        root.insert("Fleet".into(), json!(f));
    }
    for (name, value) in samples {
        root.insert(name, json!(value));
    }
    Value::Object(root).to_string()
}

/// The Prometheus text format: `wsctl_{command}_{field}{table=..,fleet=..} value`, each a gauge.
pub fn prometheus_text(run: &FinishedRun) -> String {
    let prefix = format!("wsctl_{}_", metric_name(run.command));
    let mut labels = format!("table=\"{}\"", label_value(run.table));
    if let Some(f) = run.fleet {
        labels.push_str(&format!(",fleet=\"{}\"", label_value(f)));
    }
    let mut samples = samples(run);
    samples.push((
        "last_run_timestamp_seconds".into(),
        run.timestamp_ms as f64 / 1000.0,
    ));
    let mut text = String::new();
    for (name, value) in samples {
        let full = format!("{prefix}{name}");
        text.push_str(&format!(
            "# HELP {full} wsctl {}: {name}\n# TYPE {full} gauge\n{full}{{{labels}}} {}\n",
            run.command,
            prom_number(value)
        ));
    }
    text
}

fn prom_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A label value with `\`, `"` and newlines escaped as the text format requires.
fn label_value(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Write the textfile atomically: the collector never reads half a file.
pub fn write_prometheus(path: &Path, text: &str) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Emit a finished run to every sink; a sink that fails is reported, never fatal.
pub fn emit(sinks: &[MetricsSink], run: &FinishedRun) {
    for sink in sinks {
        match sink {
            MetricsSink::Emf => eprintln!("{}", emf_line(run)),
            MetricsSink::Prometheus(path) => {
                if let Err(e) = write_prometheus(path, &prometheus_text(run)) {
                    eprintln!("warning: cannot write metrics file {}: {e}", path.display());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(report: &Value, exit_code: u8) -> FinishedRun<'_> {
        FinishedRun {
            command: "sweep",
            table: "t\"x",
            fleet: Some("prod"),
            report: Some(report),
            exit_code,
            duration_seconds: 1.5,
            timestamp_ms: 1_700_000_000_000,
        }
    }

    #[test]
    fn numbers_and_flags_become_metrics_strings_do_not() {
        let report = json!({"table": "t", "scanned": 10, "dry_run": false, "seconds": 0.25,
            "by": {"gone": 3}, "shard": null});
        let s = samples(&run(&report, 5));
        let get = |n: &str| s.iter().find(|(k, _)| k == n).map(|(_, v)| *v);
        assert_eq!(get("scanned"), Some(10.0));
        assert_eq!(get("dry_run"), Some(0.0));
        assert_eq!(get("by_gone"), Some(3.0));
        assert_eq!(get("success"), Some(0.0));
        assert_eq!(get("exit_code"), Some(5.0));
        assert_eq!(get("table"), None);
    }

    #[test]
    fn prometheus_labels_are_escaped() {
        let text = prometheus_text(&run(&json!({"deleted": 2}), 0));
        assert!(text.contains("wsctl_sweep_deleted{table=\"t\\\"x\",fleet=\"prod\"} 2\n"));
        assert!(text.contains("# TYPE wsctl_sweep_success gauge\n"));
    }

    #[test]
    fn sinks_parse() {
        assert_eq!(sink_arg("emf"), Ok(MetricsSink::Emf));
        assert!(sink_arg("prom:").is_err());
        assert!(sink_arg("statsd").is_err());
        assert!(sink_arg("prom:/no/such/dir/x.prom").is_err());
        assert_eq!(
            sink_arg("prom:x.prom"),
            Ok(MetricsSink::Prometheus(PathBuf::from("x.prom")))
        );
    }
}
