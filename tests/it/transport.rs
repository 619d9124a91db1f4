//! The @connections transport: TLS with the system's (or `SSL_CERT_FILE`'s) roots, `HTTPS_PROXY` /
//! `HTTP_PROXY` / `NO_PROXY` with and without proxy credentials, clock skew, and credentials kept
//! across a failed refresh. Real servers on 127.0.0.1: the emulator behind a TLS front with a CA of
//! its own, an HTTP proxy (`tests/support/tls_and_proxy.py`), and real WebSocket clients counting
//! what they receive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::fixture::seed::python;
use crate::fixture::swarm::Swarm;
use crate::fixture::{wait_for, wsctl_for, Emulator, EmulatorOpts};
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
        Front::start_with(em, None)
    }

    /// `proxy_auth`: `USER:PASSWORD` the proxy requires.
    fn start_with(em: &Emulator, proxy_auth: Option<&str>) -> Front {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(python());
        cmd.arg(crate::fixture::repo_root().join("tests/support/tls_and_proxy.py"))
            .args(["--upstream-port", &em.port.to_string(), "--dir"])
            .arg(dir.path());
        if let Some(auth) = proxy_auth {
            cmd.args(["--proxy-auth", auth]);
        }
        let child = cmd
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

    fn proxy(&self, credentials: &str) -> PathBuf {
        PathBuf::from(format!("http://{credentials}127.0.0.1:{}", self.proxy_port))
    }

    /// Tunnels and forwarded connections the proxy opened, by target; refusals under "407".
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

/// A host whose clock is ten minutes behind the service's: the first call is refused as API Gateway
/// refuses it (403, "Signature expired", the service's Date), the SDK learns the skew from that
/// answer, and the engine's retry goes through.
/// A proxy that wants credentials gets them from the proxy URL, for a CONNECT tunnel to an
/// `https://` endpoint and for an `http://` endpoint's requests, which go to the proxy in absolute
/// form (the proxy, not wsctl, resolves the endpoint's name). Wrong credentials are refused by the
/// proxy, and the run says so and fails.
#[test]
fn proxies_with_credentials_carry_https_tunnels_and_http_requests() {
    let em = Emulator::start(EmulatorOpts::default());
    let swarm = Swarm::start(&em.ws_url, 1, 1, 1, &[]);
    let id = em.live_ids()[0].clone();
    let front = Front::start_with(&em, Some("ops:s3cret"));
    let ca = front.ca_file.clone();
    let tls_endpoint = front.endpoint(&em);
    // Not loopback, so it is not reached as the local fleet; only the proxy knows where it is. A
    // non-local endpoint takes keys and a region from the environment, as on AWS.
    let http_endpoint = format!("http://gateway.wsctl-test.invalid:{}/{}", em.port, em.stage);
    let aws = |proxy: (&'static str, &PathBuf)| -> Vec<(&'static str, PathBuf)> {
        vec![
            ("AWS_REGION", "eu-west-1".into()),
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("SSL_CERT_FILE", ca.clone()),
            (proxy.0, proxy.1.clone()),
        ]
    };

    let good = front.proxy("ops:s3cret@");
    let (code, s, err) = push(
        &em,
        &tls_endpoint,
        &id,
        &[("SSL_CERT_FILE", &ca), ("HTTPS_PROXY", &good)],
    );
    assert_eq!(code, 0, "{s}\n{err}");
    assert_eq!(s["delivered"], 1, "{s}");
    let (code, s, err) = push(
        &em,
        &http_endpoint,
        &id,
        &as_env(&aws(("HTTP_PROXY", &good))),
    );
    assert_eq!(code, 0, "{s}\n{err}");
    assert_eq!(s["delivered"], 1, "{s}");
    let opened = front.connects();
    assert!(
        opened
            .get(&format!("localhost:{}", front.tls_port))
            .copied()
            >= Some(1),
        "{opened:?}"
    );
    let forwarded = format!("http://gateway.wsctl-test.invalid:{}", em.port);
    assert!(opened.get(&forwarded).copied() >= Some(1), "{opened:?}");
    assert_eq!(opened.get("407"), None, "{opened:?}");

    // Wrong credentials: the proxy refuses the tunnel or the request; the run stops with one
    // line naming the proxy's credentials, and nothing is delivered.
    let wrong = front.proxy("ops:wrong@");
    for (endpoint, variable) in [
        (&tls_endpoint, "HTTPS_PROXY"),
        (&http_endpoint, "HTTP_PROXY"),
    ] {
        let (code, s, err) = push(&em, endpoint, &id, &as_env(&aws((variable, &wrong))));
        assert_eq!(code, 3, "{variable}: {s}\n{err}");
        assert_eq!(s["delivered"], 0, "{variable}: {s}");
        assert!(
            err.contains("the proxy refused wsctl's credentials"),
            "{variable}: {err}"
        );
    }
    assert!(front.connects().get("407").copied() >= Some(2));
    assert_eq!(
        swarm.stop().messages,
        2,
        "the client received each delivery"
    );
}

fn as_env<'a>(vars: &'a [(&'static str, PathBuf)]) -> Vec<(&'static str, &'a Path)> {
    vars.iter().map(|(k, v)| (*k, v.as_path())).collect()
}

#[test]
fn a_skewed_clock_is_corrected_and_the_run_recovers() {
    let em = Emulator::start(EmulatorOpts {
        table: String::new(),
        args: vec!["--clock-ahead".into(), "10m".into()],
    });
    let swarm = Swarm::start(&em.ws_url, 2, 2, 1, &[]);
    let ids = em.live_ids();
    let out = wsctl_for(&em)
        .args(["push", "-o", "json", "--data", "on time"])
        .args(ids.iter().flat_map(|id| ["-c", id.as_str()]))
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{s}\n{err}");
    assert_eq!(s["delivered"], 2, "{s}");
    assert!(
        s["retries"].as_u64().unwrap() >= 1,
        "the first call was refused: {s}"
    );
    assert!(
        em.log().contains("InvalidSignatureException"),
        "{}",
        em.log()
    );
    assert_eq!(swarm.stop().messages, 2);
}

/// A `credential_process` profile whose script hands out keys by call number (`mode` decides) and
/// counts its calls.
struct CredentialProcess {
    dir: tempfile::TempDir,
}

impl CredentialProcess {
    /// `mode`: `renew` (call 1 gives AKIAEXPIRED, later calls AKIAFRESH), `stuck` (always
    /// AKIAEXPIRED), `flaky` (call 1 gives AKIAFRESH valid for two minutes, later calls fail).
    fn new(mode: &str) -> CredentialProcess {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let script = format!(
            r#"#!/bin/sh
n=$(cat "{d}/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "{d}/count"
key=AKIAFRESH
case "{mode}" in
  renew) [ "$n" = 1 ] && key=AKIAEXPIRED ;;
  stuck) key=AKIAEXPIRED ;;
  flaky) [ "$n" -gt 1 ] && {{ echo "sts is down" >&2; exit 1; }} ;;
esac
exp=$(date -u -d '+2 min' +%Y-%m-%dT%H:%M:%SZ)
[ "{mode}" = flaky ] || exp=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
printf '{{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"secret","SessionToken":"token%s","Expiration":"%s"}}\n' "$key" "$n" "$exp"
"#
        );
        std::fs::write(dir.path().join("creds.sh"), script).unwrap();
        std::fs::write(
            dir.path().join("config"),
            format!("[profile t]\ncredential_process = /bin/sh {d}/creds.sh\nregion = us-east-1\n"),
        )
        .unwrap();
        CredentialProcess { dir }
    }

    fn calls(&self) -> u32 {
        std::fs::read_to_string(self.dir.path().join("count"))
            .map(|s| s.trim().parse().unwrap_or(0))
            .unwrap_or(0)
    }

    fn push(&self, em: &Emulator, ids: &[String]) -> (i32, Value, String) {
        let out = wsctl_for(em)
            .env("AWS_CONFIG_FILE", self.dir.path().join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", self.dir.path().join("none"))
            .env("AWS_PROFILE", "t")
            .args(["push", "--concurrency", "1", "-o", "json", "--data", "k"])
            .args(ids.iter().flat_map(|id| ["-c", id.as_str()]))
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    }
}

fn refusing_expired_keys() -> (Emulator, Swarm, Vec<String>) {
    let em = Emulator::start(EmulatorOpts {
        table: String::new(),
        args: vec!["--expired-access-key".into(), "AKIAEXPIRED".into()],
    });
    let swarm = Swarm::start(&em.ws_url, 3, 3, 1, &[]);
    let ids = em.live_ids();
    (em, swarm, ids)
}

#[test]
fn an_expired_token_renews_the_keys_once_and_the_run_goes_on() {
    let (em, swarm, ids) = refusing_expired_keys();
    let creds = CredentialProcess::new("renew");
    let (code, s, err) = creds.push(&em, &ids);
    assert_eq!(code, 0, "{s}\n{err}");
    assert_eq!(s["delivered"], 3, "{s}");
    assert_eq!(
        creds.calls(),
        2,
        "one renewal after the ExpiredToken answer"
    );
    assert_eq!(swarm.stop().messages, 3);
}

#[test]
fn keys_still_refused_after_a_renewal_stop_the_run_with_its_summary() {
    let (em, swarm, ids) = refusing_expired_keys();
    let creds = CredentialProcess::new("stuck");
    let (code, s, err) = creds.push(&em, &ids);
    assert_eq!(code, 4, "{s}\n{err}");
    assert_eq!(s["delivered"], 0, "the summary is printed: {s}");
    assert_eq!(
        s["failed"].as_u64().unwrap() + s["not_attempted"].as_u64().unwrap(),
        3,
        "{s}"
    );
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0].contains("the credentials expired during the run and renewing them did not help"),
        "{err}"
    );
    assert_eq!(creds.calls(), 2, "one renewal, no storm");
    assert_eq!(swarm.stop().messages, 0);
}

#[test]
fn a_failed_refresh_keeps_signing_with_keys_that_are_still_valid() {
    let em = Emulator::start(EmulatorOpts::default());
    let swarm = Swarm::start(&em.ws_url, 3, 3, 1, &[]);
    let ids = em.live_ids();
    // The keys expire in two minutes, inside the refresh-ahead window: every call wants a refresh,
    // and every refresh fails.
    let creds = CredentialProcess::new("flaky");
    let (code, s, err) = creds.push(&em, &ids);
    assert_eq!(code, 0, "{s}\n{err}");
    assert_eq!(s["delivered"], 3, "{s}");
    assert!(creds.calls() >= 2, "a refresh was tried");
    assert!(
        err.contains("credentials refresh failed"),
        "and said so: {err}"
    );
    assert_eq!(swarm.stop().messages, 3);
}
