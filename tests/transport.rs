//! The @connections transport is the AWS SDK's client: TLS with the system's (or `SSL_CERT_FILE`'s)
//! roots, `HTTPS_PROXY` / `NO_PROXY`, and credentials kept across a failed refresh. Real servers on
//! 127.0.0.1: the emulator behind a TLS front with a CA of its own, an HTTP CONNECT proxy
//! (`tests/support/tls_and_proxy.py`), and real WebSocket clients counting what they receive.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::seed::python;
use common::swarm::Swarm;
use common::{wait_for, wsctl_for, Emulator, EmulatorOpts};
use serde_json::Value;

/// The TLS front and the CONNECT proxy, killed on drop.
struct Front {
    child: Child,
    dir: tempfile::TempDir,
    tls_port: u16,
    proxy_port: u16,
    ca_file: PathBuf,
}

impl Drop for Front {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Front {
    fn start(em: &Emulator) -> Front {
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(python())
            .arg(common::repo_root().join("tests/support/tls_and_proxy.py"))
            .args(["--upstream-port", &em.port.to_string(), "--dir"])
            .arg(dir.path())
            .stdin(Stdio::null())
            .spawn()
            .expect("python3 with cryptography (run scripts/setup)");
        let ready = dir.path().join("ready.json");
        wait_for("the TLS front", Duration::from_secs(60), || ready.exists());
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&ready).unwrap()).unwrap();
        Front {
            child,
            tls_port: v["tls_port"].as_u64().unwrap() as u16,
            proxy_port: v["proxy_port"].as_u64().unwrap() as u16,
            ca_file: PathBuf::from(v["ca_file"].as_str().unwrap()),
            dir,
        }
    }

    /// The emulator's Management API through TLS, by host name (the certificate's).
    fn endpoint(&self, em: &Emulator) -> String {
        format!("https://localhost:{}/{}", self.tls_port, em.stage)
    }

    /// Tunnels the proxy opened, by target.
    fn connects(&self) -> BTreeMap<String, u64> {
        let text = std::fs::read_to_string(self.dir.path().join("connects.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

fn push(em: &Emulator, endpoint: &str, id: &str, env: &[(&str, &Path)]) -> (i32, Value, String) {
    let mut cmd = wsctl_for(em);
    cmd.env("WSCTL_ENDPOINT", endpoint);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["push", "--max-attempts", "2", "-o", "json", "-c", id])
        .args(["--data", "over tls"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn a_tls_endpoint_is_trusted_through_ssl_cert_file_and_reached_through_https_proxy() {
    let em = Emulator::start(EmulatorOpts::default());
    let swarm = Swarm::start(&em.ws_url, 1, 1, 1, &[]);
    let id = em.live_ids()[0].clone();
    let front = Front::start(&em);
    let endpoint = front.endpoint(&em);

    // The CA is not among the system's roots: the certificate is refused, and said so.
    let (code, s, err) = push(&em, &endpoint, &id, &[]);
    assert_eq!(code, 5, "{s}\n{err}");
    let reason = s["failure_samples"][0]["reason"].as_str().unwrap_or("");
    assert!(
        reason.to_lowercase().contains("certificate"),
        "the reason names the certificate: {s}"
    );

    // SSL_CERT_FILE names the CA: delivered.
    let ca = front.ca_file.clone();
    let (code, s, err) = push(&em, &endpoint, &id, &[("SSL_CERT_FILE", &ca)]);
    assert_eq!(code, 0, "{s}\n{err}");
    assert_eq!(s["delivered"], 1, "{s}");
    assert!(front.connects().is_empty(), "no proxy was named");

    // Through the CONNECT proxy that HTTPS_PROXY names.
    let proxy = PathBuf::from(format!("http://127.0.0.1:{}", front.proxy_port));
    let (code, s, err) = push(
        &em,
        &endpoint,
        &id,
        &[("SSL_CERT_FILE", &ca), ("HTTPS_PROXY", &proxy)],
    );
    assert_eq!(code, 0, "{s}\n{err}");
    assert_eq!(s["delivered"], 1, "{s}");
    let target = format!("localhost:{}", front.tls_port);
    let tunnels = front.connects().get(&target).copied().unwrap_or(0);
    assert!(
        tunnels >= 1,
        "the call went through the proxy: {:?}",
        front.connects()
    );

    // NO_PROXY exempts the host: straight there, no new tunnel.
    let localhost = PathBuf::from("localhost");
    let (code, s, err) = push(
        &em,
        &endpoint,
        &id,
        &[
            ("SSL_CERT_FILE", &ca),
            ("HTTPS_PROXY", &proxy),
            ("NO_PROXY", &localhost),
        ],
    );
    assert_eq!(code, 0, "{s}\n{err}");
    assert_eq!(s["delivered"], 1, "{s}");
    assert_eq!(
        front.connects().get(&target).copied().unwrap_or(0),
        tunnels,
        "NO_PROXY bypassed the proxy"
    );
    assert_eq!(
        swarm.stop().messages,
        3,
        "the client received each delivery"
    );
}
