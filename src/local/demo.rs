//! `wsctl local demo`: the whole tool on the local fleet, narrated. It starts the gateway emulator
//! (which starts DynamoDB Local), provisions the table and the API, connects a swarm of real
//! WebSocket clients, then runs the same `wsctl` commands a person would type, printing each one,
//! and ends with what the clients actually received.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clap::Args;
use serde_json::Value;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::Outcome;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Live clients in the swarm
    #[arg(long, default_value_t = 500)]
    pub clients: u32,
    /// Clients whose connections drop without $disconnect (stale rows for the sweep)
    #[arg(long, default_value_t = 200)]
    pub stale: u32,
    /// Keep the fleet running at the end until Ctrl-C
    #[arg(long)]
    pub keep: bool,
}

/// The demo's child processes and their scratch directory, stopped and removed on drop.
struct DemoProcesses {
    dir: PathBuf,
    children: Vec<Child>,
}

impl Drop for DemoProcesses {
    fn drop(&mut self) {
        for c in self.children.iter_mut().rev() {
            terminate(c);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn terminate(c: &mut Child) {
    #[cfg(unix)]
    unsafe {
        libc::kill(c.id() as i32, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = c.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = c.kill();
    let _ = c.wait();
}

fn wait_for_file(path: &Path, what: &str, timeout: Duration, child: &mut Child) -> Result<Value> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            if let Ok(v) = serde_json::from_str::<Value>(&text) {
                return Ok(v);
            }
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(Error::internal(format!("{what} exited early ({status})")));
        }
        if Instant::now() > deadline {
            return Err(Error::internal(format!(
                "{what} did not become ready in {timeout:?}"
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct Narrator {
    exe: PathBuf,
    env: Vec<(String, String)>,
    step: u32,
}

impl Narrator {
    fn say(&mut self, text: &str) {
        self.step += 1;
        if crate::output::stderr_color() {
            eprintln!("\n\x1b[1m{}. {}\x1b[0m", self.step, text);
        } else {
            eprintln!("\n{}. {}", self.step, text);
        }
    }

    /// Run `wsctl ARGS`, showing the command line; returns stdout.
    fn wsctl(&self, args: &[&str]) -> Result<(i32, String)> {
        eprintln!(
            "$ wsctl {}",
            args.iter()
                .map(|a| shell_quote(a))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let out = Command::new(&self.exe)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()?;
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        if !stdout.is_empty() {
            eprint!("{stdout}");
        }
        Ok((out.status.code().unwrap_or(-1), stdout))
    }
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./=:#@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub async fn run(_ctx: &Ctx, args: DemoArgs) -> Result<Outcome> {
    tokio::task::spawn_blocking(move || demo(args))
        .await
        .map_err(|e| Error::internal(format!("demo failed: {e}")))??;
    Ok(Outcome::none())
}

/// The demo, act by act: DynamoDB Local and the table, the emulator and the API, real clients (and
/// stale rows), what the commands show and do, then what every client counted.
fn demo(args: DemoArgs) -> Result<()> {
    let exe = std::env::current_exe()?;
    let dir = std::env::temp_dir().join(format!("wsctl-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut fleet = DemoProcesses {
        dir: dir.clone(),
        children: Vec::new(),
    };
    let table = "demo-connections";
    eprintln!("wsctl local demo: a WebSocket fleet on this machine, no AWS account needed.");

    let mut n = Narrator {
        exe: exe.clone(),
        env: Vec::new(),
        step: 0,
    };
    n.say("Start DynamoDB Local (in memory, on a free port)");
    let ddb_dir = crate::local::dynamodb_local::find_dir()?;
    let ddb_local =
        crate::local::dynamodb_local::DynamoDbLocal::start(&ddb_dir, Duration::from_secs(90))?;
    let ddb = ddb_local.endpoint.clone();
    eprintln!("   DynamoDB Local: {ddb}");
    n.env = vec![
        ("WSCTL_DYNAMODB_ENDPOINT".into(), ddb.clone()),
        ("WSCTL_TABLE".into(), table.into()),
    ];
    n.say("Provision the connections table: partition key connectionId, GSIs on userId and groupId, TTL on ttl");
    n.wsctl(&["provision", "table"])?;
    n.say("Run it again: provisioning is idempotent, everything is unchanged");
    n.wsctl(&["provision", "table"])?;

    let urls = start_emulator(&mut n, &mut fleet, table, &ddb)?;
    provision_api(&mut n)?;
    let live_report = connect_clients(&mut n, &mut fleet, &urls.ws_url, args.clients)?;
    if args.stale > 0 {
        leave_stale_rows(&mut n, &exe, &dir, &urls.ws_url, args.stale)?;
    }
    show_and_sweep(&mut n)?;
    deliver(&mut n)?;

    if args.keep {
        eprintln!(
            "\nThe fleet keeps running; press Ctrl-C to stop.\nexport WSCTL_ENDPOINT={} WSCTL_DYNAMODB_ENDPOINT={ddb} WSCTL_APIGW_ENDPOINT={} WSCTL_TABLE={table}",
            urls.endpoint, urls.apigw
        );
        while !crate::signal::is_interrupted() {
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    n.say("Stop the swarm and count what each client received");
    if let Some(mut live) = fleet.children.pop() {
        terminate(&mut live);
    }
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&live_report)?)?;
    check_what_clients_received(&report, args.clients as u64)?;
    drop(fleet);
    Ok(())
}

/// Where the emulator listens.
struct EmulatorUrls {
    ws_url: String,
    endpoint: String,
    apigw: String,
}

/// The gateway emulator on the table, and the environment that points wsctl at it.
fn start_emulator(
    n: &mut Narrator,
    fleet: &mut DemoProcesses,
    table: &str,
    ddb: &str,
) -> Result<EmulatorUrls> {
    n.say("Start the gateway emulator on that table (its built-in recorder writes rows like the usual $connect/$disconnect Lambdas; 40% of disconnects are lost, as happens in production)");
    let ready = fleet.dir.join("serve.json");
    let mut serve = Command::new(&n.exe)
        .args([
            "local",
            "serve",
            "--port",
            "0",
            "--table",
            table,
            "--lose-disconnects",
            "0.4",
            "--dynamodb-endpoint",
            ddb,
        ])
        .arg("--ready-file")
        .arg(&ready)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let info = wait_for_file(&ready, "the emulator", Duration::from_secs(90), &mut serve);
    fleet.children.push(serve);
    let info = info?;
    let s = |k: &str| info[k].as_str().unwrap_or_default().to_string();
    let urls = EmulatorUrls {
        ws_url: s("ws_url"),
        endpoint: s("endpoint"),
        apigw: s("apigw_endpoint"),
    };
    eprintln!(
        "   WebSockets: {}\n   Management API: {}",
        urls.ws_url, urls.endpoint
    );
    n.env = vec![
        ("WSCTL_ENDPOINT".into(), urls.endpoint.clone()),
        ("WSCTL_DYNAMODB_ENDPOINT".into(), ddb.to_string()),
        ("WSCTL_APIGW_ENDPOINT".into(), urls.apigw.clone()),
        ("WSCTL_TABLE".into(), table.into()),
    ];
    Ok(urls)
}

/// The API on the emulator's control plane, and a drift check of table and API.
fn provision_api(n: &mut Narrator) -> Result<()> {
    n.say("Provision the WebSocket API on the emulator's control plane: routes $connect, $disconnect, $default and a stage");
    n.wsctl(&["provision", "api", "--name", "demo", "--stage", "local"])?;
    n.say("Check for drift, as a CI step would (exit 0: nothing differs)");
    let (code, _) = n.wsctl(&["provision", "table", "--check"])?;
    eprintln!("   exit code {code}");
    let (code, _) = n.wsctl(&[
        "provision",
        "api",
        "--name",
        "demo",
        "--stage",
        "local",
        "--check",
    ])?;
    eprintln!("   exit code {code}");
    Ok(())
}

/// A `wsctl local swarm` of the demo: `clients` real WebSocket clients over `users` users and five
/// groups, quiet, writing its readiness (and optionally its final report) to files.
struct Swarm<'a> {
    ws_url: &'a str,
    clients: u32,
    users: u32,
    ready: &'a std::path::Path,
    report: Option<&'a std::path::Path>,
}

impl Swarm<'_> {
    fn spawn(&self, exe: &std::path::Path) -> Result<std::process::Child> {
        let mut cmd = Command::new(exe);
        cmd.args(["local", "swarm", "--url", self.ws_url])
            .args(["--clients", &self.clients.to_string()])
            .args(["--users", &self.users.to_string(), "--groups", "5"])
            .arg("--ready-file")
            .arg(self.ready);
        if let Some(report) = self.report {
            cmd.arg("--report").arg(report);
        }
        Ok(cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?)
    }
}

/// A swarm of real clients that stays connected; returns the file of its final report.
fn connect_clients(
    n: &mut Narrator,
    fleet: &mut DemoProcesses,
    ws_url: &str,
    count: u32,
) -> Result<std::path::PathBuf> {
    n.say(&format!(
        "Connect {count} real WebSocket clients (users u0..u49, groups g0..g4)"
    ));
    let live_ready = fleet.dir.join("live-ready.json");
    let live_report = fleet.dir.join("live-report.json");
    let swarm = Swarm {
        ws_url,
        clients: count,
        users: 50,
        ready: &live_ready,
        report: Some(&live_report),
    };
    let mut live = swarm.spawn(&n.exe)?;
    let r = wait_for_file(
        &live_ready,
        "the swarm",
        Duration::from_secs(120),
        &mut live,
    );
    fleet.children.push(live);
    eprintln!("   connected: {}", r?["connected"]);
    Ok(live_report)
}

/// Clients that connect and drop off: with lost `$disconnect` events their rows stay behind.
fn leave_stale_rows(
    n: &mut Narrator,
    exe: &std::path::Path,
    dir: &std::path::Path,
    ws_url: &str,
    count: u32,
) -> Result<()> {
    n.say(&format!("{count} more clients connect, then their network drops: with lost $disconnect events their rows stay behind"));
    let stale_ready = dir.join("stale-ready.json");
    let stale = Swarm {
        ws_url,
        clients: count,
        users: 20,
        ready: &stale_ready,
        report: None,
    };
    let mut swarm = stale.spawn(exe)?;
    let r = wait_for_file(
        &stale_ready,
        "the second swarm",
        Duration::from_secs(120),
        &mut swarm,
    );
    let _ = swarm.kill();
    let _ = swarm.wait();
    r?;
    Ok(())
}

/// Who is connected, and the sweep of the stale rows.
fn show_and_sweep(n: &mut Narrator) -> Result<()> {
    n.say("Who is connected? Counts per group, and a health report of the table");
    n.wsctl(&["connections", "count", "--by", "group"])?;
    n.wsctl(&["connections", "stats", "--top", "3"])?;
    n.say("A few rows of group g1, with their live state from GetConnection");
    n.wsctl(&[
        "connections",
        "list",
        "--group",
        "g1",
        "--limit",
        "5",
        "--probe",
    ])?;

    n.say("Sweep the stale rows: GetConnection proves each one gone (410) before it is deleted");
    n.wsctl(&["sweep", "--dry-run"])?;
    n.wsctl(&["sweep", "--yes"])?;
    Ok(())
}

/// Push, broadcast (a group, then everyone) and disconnect.
fn deliver(n: &mut Narrator) -> Result<()> {
    n.say("Push to every connection of user u7");
    n.wsctl(&[
        "push",
        "--user",
        "u7",
        "--data",
        "{\"type\":\"notice\",\"text\":\"hello u7\"}",
        "--json",
    ])?;
    n.say("Broadcast to group g2, and then to everyone");
    n.wsctl(&[
        "broadcast",
        "--group",
        "g2",
        "--data",
        "{\"type\":\"room\",\"text\":\"hello g2\"}",
    ])?;
    n.wsctl(&[
        "broadcast",
        "--all",
        "--yes",
        "--data",
        "{\"type\":\"all\",\"text\":\"hello everyone\"}",
    ])?;
    n.say("Disconnect user u9 (DeleteConnection, rows removed)");
    n.wsctl(&["disconnect", "--user", "u9", "--yes"])?;
    Ok(())
}

/// What the swarm's clients counted, per group, checked against what was sent: everyone once, g2
/// once more, u7 once more.
fn check_what_clients_received(report: &Value, n_clients: u64) -> Result<()> {
    let mut groups: Vec<(String, Value)> = report["groups"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let mut table_out =
        crate::output::new_table(&["group", "clients", "messages", "min/client", "max/client"]);
    for (g, v) in &groups {
        table_out.add_row(vec![
            g.clone(),
            v["clients"].to_string(),
            v["messages"].to_string(),
            v["min_per_client"].to_string(),
            v["max_per_client"].to_string(),
        ]);
    }
    eprintln!("{table_out}");
    // The claims are checked against what the clients counted, not assumed.
    let in_g2 = (0..n_clients).filter(|i| i % 5 == 2).count() as u64;
    let of_u7 = (0..n_clients).filter(|i| i % 50 == 7).count() as u64;
    let expected = n_clients + in_g2 + of_u7;
    let connected = report["connected"].as_u64().unwrap_or(0);
    let received = report["messages"].as_u64().unwrap_or(0);
    let everyone = groups
        .iter()
        .all(|(_, v)| v["min_per_client"].as_u64().unwrap_or(0) >= 1);
    if connected != n_clients || received != expected || !everyone {
        return Err(Error::service(format!(
            "the clients counted {received} messages on {connected} connections; expected {expected} on {n_clients}"
        )));
    }
    eprintln!(
        "\nSummary: {connected} clients connected and received exactly the {expected} messages sent: \
the broadcast to everyone ({n_clients}), the one to group g2 ({in_g2}) and the push to user u7 ({of_u7}). \
Stale rows were deleted only after a 410; user u9 was disconnected and its rows removed."
    );
    Ok(())
}
