//! What API Gateway checks of a request's signature before anything else, as far as a client can
//! tell: the signing time against the service's clock (±5 min) and whether the keys have expired.
//! The emulator accepts any signature otherwise. `wsctl local serve --clock-skew` and
//! `--expired-access-key` turn these checks on, so that tests can show a client that corrects its
//! clock and renews its keys.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

/// How far a signing time may be from the service's clock.
const TOLERANCE: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Clone, Default)]
pub struct SigningChecks {
    /// The emulator's clock runs this far ahead of the machine's (negative: behind), in seconds.
    pub clock_skew_secs: i64,
    /// Requests signed with this access key id are refused as expired.
    pub expired_access_key: Option<String>,
}

impl SigningChecks {
    pub fn active(&self) -> bool {
        self.clock_skew_secs != 0 || self.expired_access_key.is_some()
    }

    /// The refusal API Gateway would answer, or None when the request passes.
    pub fn refuse(&self, headers: &HeaderMap) -> Option<Response> {
        let now = self.now();
        if let Some(key) = &self.expired_access_key {
            let signed_with = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|a| a.split("Credential=").nth(1))
                .and_then(|c| c.split('/').next());
            if signed_with == Some(key.as_str()) {
                return Some(refusal(
                    "ExpiredTokenException",
                    "The security token included in the request is expired",
                    now,
                ));
            }
        }
        if self.clock_skew_secs != 0 {
            let signed_at = headers
                .get("x-amz-date")
                .and_then(|v| v.to_str().ok())
                .and_then(parse_amz_date)?;
            let off = signed_at
                .duration_since(now)
                .or_else(|_| now.duration_since(signed_at))
                .unwrap_or_default();
            if off > TOLERANCE {
                let message = format!(
                    "Signature expired: {} is now earlier than {} ({} - 5 min.)",
                    amz_date(signed_at),
                    amz_date(now - TOLERANCE),
                    amz_date(now)
                );
                return Some(refusal("InvalidSignatureException", &message, now));
            }
        }
        None
    }

    fn now(&self) -> SystemTime {
        let real = SystemTime::now();
        if self.clock_skew_secs >= 0 {
            real + Duration::from_secs(self.clock_skew_secs as u64)
        } else {
            real - Duration::from_secs(self.clock_skew_secs.unsigned_abs())
        }
    }
}

/// 403 with the error type header, and the service's `Date`: what a client corrects its clock by.
fn refusal(code: &'static str, message: &str, now: SystemTime) -> Response {
    let mut r = super::gateway::aws_error(StatusCode::FORBIDDEN, code, message);
    if let Ok(v) = HeaderValue::from_str(&httpdate(now)) {
        r.headers_mut().insert("date", v);
    }
    r
}

/// `20261203T121500Z`.
fn parse_amz_date(s: &str) -> Option<SystemTime> {
    if s.len() != 16 || !s.ends_with('Z') || s.as_bytes()[8] != b'T' {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &s[0..4],
        &s[4..6],
        &s[6..8],
        &s[9..11],
        &s[11..13],
        &s[13..15]
    );
    humantime::parse_rfc3339(&iso).ok()
}

fn amz_date(t: SystemTime) -> String {
    let iso = humantime::format_rfc3339_seconds(t).to_string();
    iso.replace(['-', ':'], "")
}

/// RFC 7231 `Date`: `Thu, 03 Dec 2026 12:15:00 GMT`.
fn httpdate(t: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let iso = humantime::format_rfc3339_seconds(t).to_string();
    // "2026-12-03T12:15:00Z"
    let (y, mo, d, time) = (&iso[0..4], &iso[5..7], &iso[8..10], &iso[11..19]);
    let month = MONTHS[mo.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1];
    let weekday = DAYS[((secs / 86_400) % 7) as usize];
    format!("{weekday}, {d} {month} {y} {time} GMT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_render() {
        let t = parse_amz_date("20261203T121500Z").unwrap();
        assert_eq!(amz_date(t), "20261203T121500Z");
        assert_eq!(httpdate(t), "Thu, 03 Dec 2026 12:15:00 GMT");
        assert!(parse_amz_date("2026-12-03").is_none());
    }

    #[test]
    fn a_skewed_signature_and_an_expired_key_are_refused() {
        let checks = SigningChecks {
            clock_skew_secs: 600,
            expired_access_key: Some("AKIAOLD".into()),
        };
        let mut h = HeaderMap::new();
        h.insert(
            "x-amz-date",
            HeaderValue::from_str(&amz_date(SystemTime::now())).unwrap(),
        );
        let r = checks.refuse(&h).expect("ten minutes off");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(r.headers().contains_key("date"));
        let ahead = SystemTime::now() + Duration::from_secs(600);
        h.insert(
            "x-amz-date",
            HeaderValue::from_str(&amz_date(ahead)).unwrap(),
        );
        assert!(checks.refuse(&h).is_none(), "signed on the service's clock");
        h.insert(
            "authorization",
            HeaderValue::from_static("AWS4-HMAC-SHA256 Credential=AKIAOLD/20261203/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00"),
        );
        assert!(checks.refuse(&h).is_some(), "expired keys");
    }
}
