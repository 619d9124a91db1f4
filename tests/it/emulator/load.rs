//! Load measurements of the gateway emulator (ignored by default; they take a while and want a release
//! build):
//!
//! ```text
//! WSCTL_LOAD_CONNECTIONS=15000 cargo test --release --test it emulator::load -- --ignored --nocapture --test-threads 1
//! ```
//!
//! - `holds_many_connections`: opens N WebSocket connections (recorded in DynamoDB Local), checks the
//!   emulator holds all of them, delivers one message to each, and reports the emulator's memory.
//! - `management_post_throughput`: `wrk` (apt-get install wrk) POSTs to 100 live connection ids for
//!   10 s; every 200 must arrive as a frame at its client. Reports requests/s.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::fixture::{http, Emulator, EmulatorOpts};
use futures::StreamExt;
use tokio_tungstenite::tungstenite::Message;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn live_count(em: &Emulator) -> u64 {
    let r = http(
        "GET",
        &format!("http://127.0.0.1:{}/_local/health", em.port),
        &[],
        b"",
    )
    .unwrap();
    r.json()["connections"].as_u64().unwrap_or(0)
}

/// Open `n` clients (concurrency `par`); each counts its text frames into `received`.
async fn open_clients(url: &str, n: usize, par: usize, received: Arc<AtomicU64>) {
    let sem = Arc::new(tokio::sync::Semaphore::new(par));
    let mut opening = Vec::new();
    for i in 0..n {
        let url = format!("{url}?userId=u{}&groupId=g{}", i % 1000, i % 10);
        let sem = sem.clone();
        let received = received.clone();
        opening.push(tokio::spawn(async move {
            let _p = sem.acquire_owned().await.unwrap();
            let mut tries = 0;
            let ws = loop {
                match tokio_tungstenite::connect_async(&url).await {
                    Ok((ws, _)) => break ws,
                    Err(e) => {
                        tries += 1;
                        assert!(tries < 5, "connect failed: {e}");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            };
            drop(_p);
            // The reader runs detached for the rest of the test.
            let _reader = tokio::spawn(async move {
                let mut ws = ws;
                while let Some(Ok(m)) = ws.next().await {
                    if matches!(m, Message::Text(_) | Message::Binary(_)) {
                        received.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }));
    }
    for o in opening {
        o.await.unwrap();
    }
}

#[test]
#[ignore]
fn holds_many_connections() {
    let n: usize = std::env::var("WSCTL_LOAD_CONNECTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15_000);
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let em = Emulator::start(EmulatorOpts::default());
    let received = Arc::new(AtomicU64::new(0));
    let rt = rt();
    let t0 = Instant::now();
    rt.block_on(open_clients(&em.ws_url, n, 256, received.clone()));
    let open_secs = t0.elapsed().as_secs_f64();
    assert_eq!(
        live_count(&em),
        n as u64,
        "the emulator holds every connection"
    );
    let rss = rss_kib(em.pid);
    // One message to every connection, through the Management API.
    let ids = em.live_ids();
    assert_eq!(ids.len(), n);
    let t1 = Instant::now();
    rt.block_on(async {
        let client = reqwest::Client::new();
        let ids = Arc::new(ids);
        let next = Arc::new(AtomicU64::new(0));
        let mut workers = Vec::new();
        for _ in 0..64 {
            let (client, ids, next, endpoint) = (
                client.clone(),
                ids.clone(),
                next.clone(),
                em.endpoint.clone(),
            );
            workers.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                    let Some(id) = ids.get(i) else { return };
                    let r = client
                        .post(format!(
                            "{endpoint}/@connections/{}",
                            id.replace('=', "%3D")
                        ))
                        .body("ping")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status().as_u16(), 200);
                }
            }));
        }
        for w in workers {
            w.await.unwrap();
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    while received.load(Ordering::Relaxed) < n as u64 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(received.load(Ordering::Relaxed), n as u64);
    eprintln!(
        "LOAD: {n} connections held (opened in {open_secs:.1} s, {:.0}/s incl. DynamoDB Local records); \
emulator RSS {} MiB; one POST to each in {:.1} s",
        n as f64 / open_secs,
        rss / 1024,
        t1.elapsed().as_secs_f64()
    );
}

#[test]
#[ignore]
fn management_post_throughput() {
    let have_wrk = std::process::Command::new("wrk")
        .arg("--version")
        .output()
        .is_ok();
    if !have_wrk {
        eprintln!("SKIPPED: wrk is not installed (apt-get install wrk)");
        return;
    }
    let em = Emulator::start(EmulatorOpts {
        args: vec!["--client-buffer".into(), "100000".into()],
        ..Default::default()
    });
    let received = Arc::new(AtomicU64::new(0));
    let rt = rt();
    rt.block_on(open_clients(&em.ws_url, 100, 50, received.clone()));
    let ids = em.live_ids();
    let paths: Vec<String> = ids
        .iter()
        .map(|id| format!("\"/local/@connections/{}\"", id.replace('=', "%3D")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let lua = dir.path().join("post.lua");
    std::fs::write(
        &lua,
        format!(
            "local paths = {{{}}}\nlocal i = 0\nwrk.method = \"POST\"\nwrk.body = \"hello from wrk\"\n\
wrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n\
request = function()\n  i = i + 1\n  return wrk.format(nil, paths[(i % #paths) + 1])\nend\n\
done = function(summary, latency, requests)\n  io.write(string.format(\"WRK_TOTAL %d\\n\", summary.requests))\n\
  io.write(string.format(\"WRK_NON2XX %d\\n\", summary.errors.status))\nend\n",
            paths.join(", ")
        ),
    )
    .unwrap();
    let out = std::process::Command::new("wrk")
        .args(["-t2", "-c64", "-d10s", "-s"])
        .arg(&lua)
        .arg(format!("http://127.0.0.1:{}", em.port))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    eprintln!("{text}");
    let num = |key: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix(key).map(|v| v.trim().parse().unwrap_or(0)))
            .unwrap_or(0)
    };
    let (total, non2xx) = (num("WRK_TOTAL"), num("WRK_NON2XX"));
    assert!(total > 0);
    assert_eq!(non2xx, 0, "every POST answered 200");
    // Every acknowledged POST arrives (wrk may cut a few requests at the end: those never counted).
    let deadline = Instant::now() + Duration::from_secs(60);
    while received.load(Ordering::Relaxed) < total && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let got = received.load(Ordering::Relaxed);
    assert!(got >= total, "{got} frames for {total} POSTs");
    eprintln!(
        "LOAD: {total} POSTs in 10 s = {:.0} requests/s, {got} frames received",
        total as f64 / 10.0
    );
}
