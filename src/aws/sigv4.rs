//! SigV4 for the @connections calls, specialised to what wsctl sends.
//!
//! A fan-out signs tens of thousands of near-identical requests. The general signer (`aws-sigv4`)
//! canonicalises arbitrary headers and derives the signing key (four HMACs) for every request; here
//! the header set is fixed (`content-type` when there is a body, `host`, `x-amz-date` and, with
//! temporary credentials, `x-amz-security-token`) and the signing key is derived once per day and
//! secret. The output is byte-for-byte what `aws-sigv4` produces, which the unit tests check against
//! both `aws-sigv4` and the SDK's own client.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// What the canonical path re-encodes (SigV4 for services other than S3 encodes each segment of the
/// already-encoded path once more: `%3D` becomes `%253D`, `@` becomes `%40`).
const CANONICAL_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

const SERVICE: &str = "execute-api";

/// The headers a signed request must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    pub amz_date: String,
    pub authorization: String,
    pub security_token: Option<String>,
}

/// One signer per endpoint region; caches the day's signing key and the second's date strings.
pub struct Signer {
    region: String,
    key: Mutex<Option<SigningKey>>,
    stamp: Mutex<Option<Arc<Stamp>>>,
}

struct SigningKey {
    date: String,
    secret: String,
    key: [u8; 32],
}

/// The date strings of one second, and the credential scope of its day (shared, not copied, by every
/// request signed in that second).
struct Stamp {
    secs: u64,
    date: String,
    amz_date: String,
    scope: String,
}

/// The parts of a request that are signed.
pub struct Request<'a> {
    pub method: &'a str,
    /// The Host header as sent (port included unless it is the scheme's default).
    pub host: &'a str,
    /// The path as sent (already percent-encoded).
    pub path: &'a str,
    pub content_type: Option<&'a str>,
    /// The body's SHA-256 in lower-case hex ([`sha256_hex`]): computed once for a payload that is
    /// sent to many connections.
    pub payload_sha256: &'a str,
}

/// The credentials to sign with.
pub struct Keys<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub session_token: Option<&'a str>,
}

/// SHA-256 of `data` in lower-case hex, as SigV4 wants the payload hash.
pub fn sha256_hex(data: &[u8]) -> String {
    let mut out = String::with_capacity(64);
    push_hex(&mut out, &Sha256::digest(data));
    out
}

impl Signer {
    pub fn new(region: impl Into<String>) -> Self {
        Signer {
            region: region.into(),
            key: Mutex::new(None),
            stamp: Mutex::new(None),
        }
    }

    /// Sign one request at `time`.
    pub fn sign(&self, req: &Request<'_>, keys: &Keys<'_>, time: SystemTime) -> SignedHeaders {
        let Request {
            method,
            host,
            path,
            content_type,
            payload_sha256,
        } = *req;
        let stamp = self.stamp(time);
        let Stamp {
            date,
            amz_date,
            scope,
            ..
        } = &*stamp;

        let mut canonical = String::with_capacity(384);
        canonical.push_str(method);
        canonical.push('\n');
        canonical_path(&mut canonical, path);
        canonical.push_str("\n\n");
        if let Some(ct) = content_type {
            let _ = writeln!(canonical, "content-type:{}", ct.trim());
        }
        let _ = write!(canonical, "host:{host}\nx-amz-date:{amz_date}\n");
        if let Some(token) = keys.session_token {
            let _ = writeln!(canonical, "x-amz-security-token:{}", token.trim());
        }
        let signed = match (content_type.is_some(), keys.session_token.is_some()) {
            (false, false) => "host;x-amz-date",
            (true, false) => "content-type;host;x-amz-date",
            (false, true) => "host;x-amz-date;x-amz-security-token",
            (true, true) => "content-type;host;x-amz-date;x-amz-security-token",
        };
        canonical.push('\n');
        canonical.push_str(signed);
        canonical.push('\n');
        canonical.push_str(payload_sha256);

        let mut string_to_sign = String::with_capacity(160);
        let _ = write!(string_to_sign, "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n");
        push_hex(&mut string_to_sign, &Sha256::digest(canonical.as_bytes()));
        let key = self.signing_key(date, keys.secret_access_key);
        let mut signature = String::with_capacity(64);
        push_hex(&mut signature, &hmac(&key, string_to_sign.as_bytes()));
        SignedHeaders {
            authorization: format!(
                "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed}, Signature={signature}",
                keys.access_key_id
            ),
            amz_date: amz_date.clone(),
            security_token: keys.session_token.map(str::to_string),
        }
    }

    fn stamp(&self, time: SystemTime) -> Arc<Stamp> {
        let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut cached = self.stamp.lock().unwrap_or_else(|p| p.into_inner());
        match cached.as_ref() {
            Some(s) if s.secs == secs => s.clone(),
            _ => {
                let (date, amz_date) = amz_dates(secs);
                let scope = format!("{date}/{}/{SERVICE}/aws4_request", self.region);
                let s = Arc::new(Stamp {
                    secs,
                    date,
                    amz_date,
                    scope,
                });
                *cached = Some(s.clone());
                s
            }
        }
    }

    fn signing_key(&self, date: &str, secret: &str) -> [u8; 32] {
        let mut cached = self.key.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = cached.as_ref() {
            if k.date == date && k.secret == secret {
                return k.key;
            }
        }
        let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
        let k_region = hmac(&k_date, self.region.as_bytes());
        let k_service = hmac(&k_region, SERVICE.as_bytes());
        let key = hmac(&k_service, b"aws4_request");
        *cached = Some(SigningKey {
            date: date.to_string(),
            secret: secret.to_string(),
            key,
        });
        key
    }
}

/// Lower-case hex of `bytes`, appended.
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `yyyymmdd` and `yyyymmddThhmmssZ` for epoch seconds (from RFC 3339, as the crate formats dates
/// elsewhere: `2025-11-24T16:00:00Z`).
fn amz_dates(secs: u64) -> (String, String) {
    let rfc3339 =
        humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string();
    let amz: String = rfc3339.chars().filter(|c| *c != '-' && *c != ':').collect();
    (amz[..8].to_string(), amz)
}

/// Each segment of `path` encoded once more, `/` kept.
fn canonical_path(out: &mut String, path: &str) {
    if path.is_empty() {
        out.push('/');
        return;
    }
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let _ = write!(out, "{}", utf8_percent_encode(segment, CANONICAL_SEGMENT));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(
            amz_dates(0),
            ("19700101".to_string(), "19700101T000000Z".to_string())
        );
        // 2025-11-24T16:00:00Z
        assert_eq!(
            amz_dates(1_764_000_000),
            ("20251124".to_string(), "20251124T160000Z".to_string())
        );
        // A leap day.
        assert_eq!(amz_dates(951_782_400).0, "20000229");
        // 2099-12-31T23:59:59Z
        assert_eq!(amz_dates(4_102_444_799).1, "20991231T235959Z".to_string());
    }

    #[test]
    fn the_signing_key_is_cached_per_day_and_secret() {
        let s = Signer::new("eu-west-1");
        let a = s.signing_key("20260101", "secret");
        assert_eq!(s.signing_key("20260101", "secret"), a);
        assert_ne!(s.signing_key("20260102", "secret"), a);
        assert_ne!(s.signing_key("20260101", "other"), a);
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_000_000);
        assert_eq!(s.stamp(t).amz_date, "20251124T160000Z");
        assert_eq!(
            s.stamp(t + Duration::from_secs(1)).amz_date,
            "20251124T160001Z"
        );
        let mut hex = String::new();
        push_hex(&mut hex, &[0x00, 0x0f, 0xa5, 0xff]);
        assert_eq!(hex, "000fa5ff");
    }
}
