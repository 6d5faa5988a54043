//! Times as people read them: the store keeps UTC (`2026-12-04T14:04:25.982Z`); the screen, the
//! command line and every export show local time with its zone (`2026-12-04 21:04 +07:00`), the
//! zone from `TZ`, else the system's.

use chrono::{DateTime, Local, SecondsFormat, Utc};

/// `utc` (RFC 3339, as the review store writes it) in local time with the zone; text that is
/// not such a time is shown as it is.
pub fn local(utc: &str) -> String {
    match DateTime::parse_from_rfc3339(utc) {
        Ok(t) => t
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M %:z")
            .to_string(),
        Err(_) => utc.to_owned(),
    }
}

/// `utc` as an instant, to order times written in different forms; `None` when it is not one.
pub fn instant(utc: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Local day only (`2026-12-04`), for a report's date line.
pub fn local_day(utc: &str) -> Option<chrono::NaiveDate> {
    DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(&Local).date_naive())
}

/// Now, as the store writes times (UTC, milliseconds).
pub fn now_utc() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_time_reads_in_local_time_with_its_zone() {
        // The offset is whatever the machine's zone says; the form is fixed.
        let shown = local("2026-12-04T14:04:25.982Z");
        assert_eq!(shown.len(), "2026-12-04 21:04 +07:00".len(), "{shown}");
        assert!(shown.starts_with("2026-12-0"), "{shown}");
        assert_eq!(local("not a time"), "not a time");
        assert!(local_day("2026-12-04T14:04:25.982Z").is_some());
        assert!(now_utc().ends_with('Z'));
    }
}
