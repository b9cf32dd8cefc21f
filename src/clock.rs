//! The one clock: wall time as epoch seconds (journals, token expiry) and as RFC 3339 UTC, the
//! one time format of publisher's output. Durations use `std::time::Instant` instead.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the epoch (0 if the system clock is before 1970).
pub fn epoch_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Seconds since the epoch as RFC 3339 (UTC), to the second.
pub fn rfc3339(epoch_secs: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(epoch_secs)).to_string()
}

/// Now as RFC 3339 (UTC), to the second (progress lines).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Now as RFC 3339 (UTC), to the millisecond (events, logs, the sandbox's dates).
pub fn now_rfc3339_millis() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

/// Seconds since the epoch of an RFC 3339 time with `Z` or a `+hh:mm` offset.
pub fn parse_rfc3339(text: &str) -> Option<u64> {
    let t = text.trim();
    let (base, offset_secs) = match t.strip_suffix('Z').or_else(|| t.strip_suffix('z')) {
        Some(b) => (b, 0i64),
        None => {
            let (i, sign) = t
                .char_indices()
                .skip(10)
                .find(|(_, c)| *c == '+' || *c == '-')
                .map(|(i, c)| (i, if c == '+' { 1 } else { -1 }))?;
            let (h, m) = t[i + 1..].split_once(':')?;
            let secs = h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60;
            (&t[..i], sign * secs)
        }
    };
    let utc = humantime::parse_rfc3339_weak(base).ok()?;
    let secs = utc.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    u64::try_from(secs - offset_secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert!(epoch_secs() > 1_700_000_000);
        assert_eq!(now_rfc3339().len(), "1970-01-01T00:00:00Z".len());
        assert_eq!(now_rfc3339_millis().len(), "1970-01-01T00:00:00.000Z".len());
    }
}

#[cfg(test)]
mod parse_tests {
    #[test]
    fn rfc3339_with_offsets() {
        let z = super::parse_rfc3339("2018-06-12T04:28:50.001Z").unwrap();
        assert_eq!(super::parse_rfc3339("2018-06-11T21:28:50-07:00"), Some(z));
        assert_eq!(super::parse_rfc3339("2018-06-12T06:28:50.5+02:00"), Some(z));
        assert_eq!(super::parse_rfc3339("yesterday"), None);
    }
}
