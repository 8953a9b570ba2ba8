//! The one timestamp format Basalt writes: RFC 3339, UTC, milliseconds
//! (`2026-02-07T22:00:00.000Z`), and lenient parsing of what clients send.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// The current time in Basalt's format.
pub fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an RFC 3339 timestamp (or `YYYY-MM-DD HH:MM:SS[.fff]`, or a bare
/// date) and renders it in Basalt's format; `None` when it is not a time.
pub fn parse_datetime(s: &str) -> Option<String> {
    let dt = if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        dt.with_timezone(&Utc)
    } else if let Ok(n) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f") {
        n.and_utc()
    } else if let Ok(n) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        n.and_utc()
    } else {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()?
            .and_hms_opt(0, 0, 0)?
            .and_utc()
    };
    Some(dt.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Parses a calendar date `YYYY-MM-DD`; `None` when it is not one.
pub fn parse_date(s: &str) -> Option<String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_millis_and_z() {
        assert_eq!(
            parse_datetime("2026-02-07T23:00:00+01:00").as_deref(),
            Some("2026-02-07T22:00:00.000Z")
        );
        assert_eq!(
            parse_datetime("2026-02-07").as_deref(),
            Some("2026-02-07T00:00:00.000Z")
        );
        assert!(parse_datetime("yesterday").is_none());
        assert!(now_rfc3339().ends_with('Z'));
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
