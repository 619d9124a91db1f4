//! The one place that renders: commands return data (a [`Report`]), this module prints it as a table
//! for people or as json / ndjson / ids for scripts. stdout carries data only; progress, logs,
//! prompts and errors go to stderr. A closed stdout (`wsctl ... | head -1`) ends the process quietly.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::settings::{GlobalOpts, OutputFormat};

/// Something a command produced.
pub trait Report: Send {
    /// The JSON contract (documented field names; fields are added, never renamed).
    fn to_json(&self) -> Value;
    /// Text for people (usually a comfy-table).
    fn to_human(&self, out: &Output) -> String;
    /// One JSON value per line; defaults to the whole report as one line.
    fn to_ndjson(&self) -> Vec<Value> {
        vec![self.to_json()]
    }
    /// One id per line for `-o ids`, when the report has ids.
    fn to_ids(&self) -> Option<Vec<String>> {
        None
    }
    /// Summaries of fleet operations are progress-like: for people they go to stderr.
    fn human_on_stderr(&self) -> bool {
        false
    }
}

/// What a command hands back: data to render, and a failure to report after it (e.g. some
/// deliveries failed: the summary is still printed, then the error decides the exit code).
#[derive(Default)]
pub struct Outcome {
    pub report: Option<Box<dyn Report>>,
    pub failure: Option<Error>,
}

impl Outcome {
    pub fn report(r: impl Report + 'static) -> Self {
        Outcome {
            report: Some(Box::new(r)),
            failure: None,
        }
    }
    pub fn none() -> Self {
        Outcome::default()
    }
    pub fn with_failure(mut self, e: Option<Error>) -> Self {
        self.failure = e;
        self
    }
}

#[derive(Debug, Clone)]
pub struct Output {
    pub format: OutputFormat,
    pub quiet: bool,
    pub verbose: u8,
    /// Draw progress bars (stderr is a terminal and --no-progress was not given).
    pub progress: bool,
    /// Off a terminal: print a progress line this often instead (--progress-interval).
    pub progress_lines: Option<std::time::Duration>,
    pub color: bool,
    pub stdin_tty: bool,
    pub stderr_tty: bool,
    pub stdout_tty: bool,
    /// The fleet in use, named in destructive confirmations.
    pub fleet: Option<String>,
    /// `--metrics`: where the finished run's summary also goes.
    pub metrics: Vec<crate::metrics::MetricsSink>,
    /// When the run started (for the metrics' duration).
    pub started: std::time::Instant,
}

/// Print the state of a hidden progress bar to stderr every `every`, until the bar is finished or
/// dropped: long runs off a terminal (CI logs, Batch jobs) show that they are alive and how far along.
fn print_progress_lines(pb: &ProgressBar, prefix: &str, unit: &str, every: std::time::Duration) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let bar = pb.downgrade();
    let (prefix, unit) = (prefix.to_string(), unit.to_string());
    let started = tokio::time::Instant::now();
    runtime.spawn(async move {
        let mut ticks = tokio::time::interval_at(started + every, every);
        loop {
            ticks.tick().await;
            let Some(pb) = bar.upgrade() else { return };
            if pb.is_finished() {
                return;
            }
            eprintln!(
                "{}",
                progress_line(
                    &prefix,
                    &unit,
                    pb.position(),
                    pb.length(),
                    &pb.message(),
                    started.elapsed()
                )
            );
        }
    });
}

/// `wsctl sweep: 120000 rows scanned in 1m30s (1333/s); probed 60000 ...`, and with a known total
/// `wsctl sweep: 120000 rows scanned in 1m30s (1333/s), 30 % of about 400000, ETA 3m30s; ...`
fn progress_line(
    prefix: &str,
    unit: &str,
    position: u64,
    length: Option<u64>,
    message: &str,
    elapsed: std::time::Duration,
) -> String {
    let took = crate::time::short_duration(elapsed);
    let mut line = if unit.is_empty() {
        format!("wsctl {prefix}: {took}")
    } else {
        let rate = position as f64 / elapsed.as_secs_f64().max(0.001);
        let mut line = format!("wsctl {prefix}: {position} {unit} in {took} ({rate:.0}/s)");
        if let Some(total) = length.filter(|n| *n > 0) {
            line.push_str(&format!(
                ", {} % of about {total}, ETA {}",
                (position * 100 / total).min(99),
                eta(position, total, rate)
            ));
        }
        line
    };
    if !message.is_empty() {
        line.push_str("; ");
        line.push_str(message);
    }
    line
}

/// Time left at the rate so far; "soon" once the (approximate) total is reached, "unknown" before
/// anything was counted.
fn eta(position: u64, total: u64, rate: f64) -> String {
    if position >= total {
        "soon".into()
    } else if rate <= 0.0 {
        "unknown".into()
    } else {
        let left = (total - position) as f64 / rate;
        crate::time::short_duration(std::time::Duration::from_secs_f64(left.min(1e7)))
    }
}

/// A count with thousands separators, for people: 12034 → "12,034" (confirmations name the rows
/// about to be touched; a long run of digits is misread by an order of magnitude).
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The length of a progress bar over a table: its approximate item count (DescribeTable's, updated
/// about every six hours), shared among `shards` workers; None when DynamoDB reports none.
pub fn rows_expected(approx_items: i64, shards: Option<u32>) -> Option<u64> {
    let items = u64::try_from(approx_items).ok().filter(|n| *n > 0)?;
    Some(items.div_ceil(u64::from(shards.unwrap_or(1).max(1))))
}

/// NO_COLOR (https://no-color.org) and a terminal decide colour.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

impl Output {
    pub fn new(g: &GlobalOpts) -> Self {
        let stderr_tty = std::io::stderr().is_terminal();
        Output {
            format: g.output,
            quiet: g.quiet,
            verbose: g.verbose,
            progress: stderr_tty && !g.no_progress && !g.quiet,
            progress_lines: (!stderr_tty && !g.no_progress && !g.quiet)
                .then_some(g.progress_interval.0)
                .flatten(),
            color: stderr_color(),
            stdin_tty: std::io::stdin().is_terminal(),
            stderr_tty,
            stdout_tty: std::io::stdout().is_terminal(),
            fleet: None,
            metrics: g.metrics.clone(),
            started: std::time::Instant::now(),
        }
    }

    pub fn is_json(&self) -> bool {
        matches!(self.format, OutputFormat::Json | OutputFormat::Ndjson)
    }

    /// Render a command's outcome and, with `--metrics`, emit its summary as metrics: the one place
    /// metrics are derived, from the report's JSON (see `metrics`).
    pub fn finish_run(&self, command: &str, table: &str, outcome: Outcome) -> ExitCode {
        if !self.metrics.is_empty() {
            let report = outcome.report.as_ref().map(|r| r.to_json());
            let exit_code = outcome.failure.as_ref().map_or(0, |e| e.kind.exit_code());
            let run = crate::metrics::FinishedRun {
                command,
                table: report
                    .as_ref()
                    .and_then(|r| r["table"].as_str())
                    .unwrap_or(table),
                fleet: self.fleet.as_deref(),
                report: report.as_ref(),
                exit_code,
                duration_seconds: self.started.elapsed().as_secs_f64(),
                timestamp_ms: crate::time::now_millis(),
            };
            crate::metrics::emit(&self.metrics, &run);
        }
        self.finish(outcome)
    }

    /// Render the outcome and return the process exit code.
    pub fn finish(&self, outcome: Outcome) -> ExitCode {
        if let Some(report) = &outcome.report {
            self.render(report.as_ref());
        }
        match outcome.failure {
            Some(e) => {
                print_error(&e);
                e.exit_code()
            }
            None => ExitCode::SUCCESS,
        }
    }

    pub fn render(&self, report: &dyn Report) {
        match self.format {
            OutputFormat::Table => {
                let text = report.to_human(self);
                if report.human_on_stderr() {
                    if !self.quiet {
                        eprint!("{}", ensure_newline(&text));
                    }
                } else {
                    self.stdout(&ensure_newline(&text));
                }
            }
            OutputFormat::Json => {
                let text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
                self.stdout(&format!("{text}\n"));
            }
            OutputFormat::Ndjson => {
                let mut buf = String::new();
                for v in report.to_ndjson() {
                    buf.push_str(&v.to_string());
                    buf.push('\n');
                }
                self.stdout(&buf);
            }
            OutputFormat::Ids => match report.to_ids() {
                Some(ids) => {
                    let mut buf = String::new();
                    for id in ids {
                        buf.push_str(&id);
                        buf.push('\n');
                    }
                    self.stdout(&buf);
                }
                None => {
                    // Not an id list: fall back to ndjson so scripts still get data.
                    let mut buf = String::new();
                    for v in report.to_ndjson() {
                        buf.push_str(&v.to_string());
                        buf.push('\n');
                    }
                    self.stdout(&buf);
                }
            },
        }
    }

    /// Write data to stdout; a closed pipe ends the process quietly with status 0.
    pub fn stdout(&self, text: &str) {
        write_stdout(text);
    }

    /// A note for people on stderr (suppressed by -q).
    pub fn info(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", msg.as_ref());
        }
    }

    pub fn warn(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            if self.color {
                eprintln!("\x1b[33mwarning:\x1b[0m {}", msg.as_ref());
            } else {
                eprintln!("warning: {}", msg.as_ref());
            }
        }
    }

    /// A progress bar on stderr, drawn only on a terminal. Elsewhere the bar is hidden and, with
    /// `--progress-interval`, its state is printed as a line that often: `unit` names what its
    /// position counts ("" when only its message matters).
    pub fn progress_bar(&self, len: Option<u64>, prefix: &str, unit: &str) -> ProgressBar {
        if !self.progress {
            let pb = ProgressBar::hidden();
            if let Some(n) = len {
                pb.set_length(n);
            }
            if let Some(every) = self.progress_lines {
                print_progress_lines(&pb, prefix, unit, every);
            }
            return pb;
        }
        let pb = match len {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let template = if len.is_some() {
            // The length is an approximate item count: ETA is the time left at the rate so far.
            "{prefix:.bold} [{elapsed_precise}] {wide_bar} {pos}/~{len} {per_sec} ETA {eta} {msg}"
        } else {
            "{prefix:.bold} {spinner} [{elapsed_precise}] {pos} {per_sec} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            pb.set_style(style);
        }
        pb.set_prefix(prefix.to_string());
        pb.enable_steady_tick(std::time::Duration::from_millis(200));
        pb
    }

    /// Ask before a destructive fan-out. On a terminal: a y/N prompt. Otherwise `--yes` is required.
    pub fn confirm(&self, what: &str, yes: bool) -> Result<()> {
        if yes {
            return Ok(());
        }
        let what = &with_fleet(what, self.fleet.as_deref());
        if !(self.stdin_tty && self.stderr_tty) {
            return Err(Error::new(
                ErrorKind::Aborted,
                format!("refusing to {what} without confirmation"),
            )
            .with_hint(
                "pass --yes to confirm when not on a terminal (or --dry-run to see the plan)",
            ));
        }
        eprint!("{what}? [y/N] ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        if matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Aborted,
                "not confirmed: nothing was changed",
            ))
        }
    }
}

/// A confirmation that names the fleet it acts on: "sweep table t of fleet prod (...)", or, when the
/// text names no table, "(fleet prod)" at its end.
fn with_fleet(what: &str, fleet: Option<&str>) -> String {
    let Some(fleet) = fleet else {
        return what.to_string();
    };
    if let Some(at) = what.find("table ") {
        let name_end = what[at + 6..]
            .find(|c: char| c.is_whitespace() || c == ':' || c == ',')
            .map_or(what.len(), |i| at + 6 + i);
        format!(
            "{} of fleet {fleet}{}",
            &what[..name_end],
            &what[name_end..]
        )
    } else {
        format!("{what} (fleet {fleet})")
    }
}

/// A comfy-table with wsctl's style (no colour codes, fits the terminal).
pub fn new_table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    t
}

/// A horizontal bar of up to `width` cells for `value` out of `max`, in eighths of a cell; a value
/// above zero always shows at least a sliver.
pub fn bar(value: u64, max: u64, width: usize) -> String {
    const PARTS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if value == 0 || max == 0 {
        return String::new();
    }
    let eighths = ((value.min(max) as f64 / max as f64) * (width * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8 - 1]);
    }
    s
}

/// Two-column key/value table for summaries.
pub fn kv_table(rows: &[(&str, String)]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v.clone()]);
    }
    t
}

fn ensure_newline(s: &str) -> String {
    if s.ends_with('\n') || s.is_empty() {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

/// Write to stdout; on EPIPE exit 0 at once (the reader has what it wanted).
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(1);
    }
}

/// Print an error: one headline, then its hint.
pub fn print_error(e: &Error) {
    let color = stderr_color();
    let head = if color {
        "\x1b[31merror:\x1b[0m"
    } else {
        "error:"
    };
    eprintln!("{head} {}", crate::sanitize::terminal_safe(&e.to_string()));
    if let Some(h) = &e.hint {
        eprintln!("  hint: {h}");
    }
}

/// Rows streamed to stdout as they arrive (ndjson, ids, a JSON array), or gathered into one table
/// for people. Used by listings that may cover a whole table.
pub struct RowStream {
    format: OutputFormat,
    headers: Vec<&'static str>,
    table_rows: Vec<Vec<String>>,
    first: bool,
    pub count: u64,
}

impl RowStream {
    pub fn new(out: &Output, headers: Vec<&'static str>) -> Self {
        if out.format == OutputFormat::Json {
            write_stdout("[");
        }
        RowStream {
            format: out.format,
            headers,
            table_rows: Vec::new(),
            first: true,
            count: 0,
        }
    }

    /// `json` is the row's JSON; `cells` its table cells (escaped here); `id` its id.
    pub fn push(&mut self, json: &Value, cells: Vec<String>, id: &str) {
        self.count += 1;
        match self.format {
            OutputFormat::Ndjson => write_stdout(&format!("{json}\n")),
            OutputFormat::Ids => write_stdout(&format!("{id}\n")),
            OutputFormat::Json => {
                let sep = if self.first { "\n  " } else { ",\n  " };
                self.first = false;
                write_stdout(&format!("{sep}{json}"));
            }
            OutputFormat::Table => self.table_rows.push(
                cells
                    .into_iter()
                    .map(|c| crate::sanitize::terminal_safe(&c).into_owned())
                    .collect(),
            ),
        }
    }

    pub fn finish(self) {
        match self.format {
            OutputFormat::Json => write_stdout(if self.first { "]\n" } else { "\n]\n" }),
            OutputFormat::Table => {
                let mut t = new_table(&self.headers);
                for r in self.table_rows {
                    t.add_row(r);
                }
                write_stdout(&format!("{t}\n({} rows)\n", self.count));
            }
            _ => {}
        }
    }
}

/// The field names of a JSON object, in order: what the field-pinning tests of every report compare.
#[cfg(test)]
pub fn field_names(v: &serde_json::Value) -> Vec<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_widest() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 16, 2), "▏");
        assert_eq!(bar(1, 1_000_000, 10), "▏", "a non-zero count stays visible");
        assert_eq!(bar(0, 10, 4), "");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(12_034), "12,034");
        assert_eq!(thousands(123_456), "123,456");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn confirmations_name_the_fleet() {
        assert_eq!(
            with_fleet(
                "sweep table t (about 5 rows, 4 segments): delete",
                Some("prod")
            ),
            "sweep table t of fleet prod (about 5 rows, 4 segments): delete"
        );
        assert_eq!(
            with_fleet(
                "broadcast 2 bytes to every connection in table t",
                Some("prod")
            ),
            "broadcast 2 bytes to every connection in table t of fleet prod"
        );
        assert_eq!(
            with_fleet("disconnect every row", Some("dev")),
            "disconnect every row (fleet dev)"
        );
        assert_eq!(with_fleet("disconnect x", None), "disconnect x");
    }

    #[test]
    fn progress_lines_name_what_they_count() {
        let d = std::time::Duration::from_secs(90);
        assert_eq!(
            progress_line("sweep", "rows scanned", 120_000, None, "probed 60000", d),
            "wsctl sweep: 120000 rows scanned in 1m30s (1333/s); probed 60000"
        );
        assert_eq!(
            progress_line("provision", "", 0, None, "waiting for table t", d),
            "wsctl provision: 1m30s; waiting for table t"
        );
    }

    #[test]
    fn progress_lines_with_a_known_total_have_an_eta() {
        let d = std::time::Duration::from_secs(90);
        assert_eq!(
            progress_line("sweep", "rows scanned", 120_000, Some(400_000), "probed 1", d),
            "wsctl sweep: 120000 rows scanned in 1m30s (1333/s), 30 % of about 400000, ETA 3m30s; probed 1"
        );
        // DescribeTable's count is approximate: past it, no negative ETA and no 100 % before the end.
        assert_eq!(
            progress_line("sweep", "rows", 500, Some(400), "", d),
            "wsctl sweep: 500 rows in 1m30s (6/s), 99 % of about 400, ETA soon"
        );
        assert_eq!(rows_expected(1000, Some(3)), Some(334));
        assert_eq!(rows_expected(0, None), None);
    }
}
