//! Durations and times: parsing, formatting, the clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// Parse a duration like `90s`, `15m`, `2h`, `1d`, `1h30m` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::usage("empty duration"));
    }
    if let Ok(secs) = t.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(t).map_err(|_| {
        Error::usage(format!("malformed duration {s:?}"))
            .with_hint("use e.g. 90s, 15m, 2h, 1d or 1h30m")
    })
}

/// clap value parser for durations.
pub fn duration_arg(s: &str) -> std::result::Result<Duration, String> {
    parse_duration(s).map_err(|e| format!("{}; use e.g. 90s, 15m, 2h, 1d", e.message))
}

pub fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

pub fn now_secs() -> u64 {
    now_millis() / 1000
}

/// ISO-8601 with milliseconds, UTC (`2020-04-30T20:10:33.236Z`), as GetConnection returns.
pub fn iso8601_millis(epoch_millis: u64) -> String {
    humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(epoch_millis)).to_string()
}

/// Human-friendly short duration: `3s`, `4m12s`, `2h05m`, `3d4h`.
pub fn short_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else if s < 86400 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}d{}h", s / 86400, (s % 86400) / 3600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert!(parse_duration("2 parsecs").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-5m").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(iso8601_millis(1588277433236), "2020-04-30T20:10:33.236Z");
        assert_eq!(short_duration(Duration::from_secs(7500)), "2h05m");
    }
}
