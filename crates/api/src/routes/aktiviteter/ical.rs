//! iCalendar (RFC 5545) output: a weekly series is one VEVENT with an
//! RRULE and EXDATEs in Europe/Oslo time, so calendar apps show it as a
//! series and keep the clock time across daylight-saving changes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use fritid_domain::activity::ActivityStatus;
use fritid_domain::schedule::Schedule;
use std::fmt::Write;

/// What a VEVENT needs of an activity.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: uuid::Uuid,
    pub title: String,
    pub description: String,
    pub location: String,
    pub category: String,
    pub organizer: String,
    pub url: String,
    pub status: ActivityStatus,
    pub schedule: Schedule,
    pub updated_at: DateTime<Utc>,
    /// Increases with each change of the content.
    pub sequence: i32,
}

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Folds a content line at 75 octets without splitting a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(d: NaiveDate, t: chrono::NaiveTime) -> String {
    NaiveDateTime::new(d, t).format("%Y%m%dT%H%M%S").to_string()
}

/// `stamp`: when the feed was made (RFC 5545 § 3.8.7.2: with a METHOD,
/// DTSTAMP is when the iCalendar object was created; the change itself is
/// LAST-MODIFIED, and SEQUENCE counts the changes).
fn event(e: &Event, stamp: DateTime<Utc>, out: &mut String) {
    let mut lines: Vec<String> = vec![
        "BEGIN:VEVENT".into(),
        format!("UID:{}@fritid.asker.kommune.no", e.id),
        format!("DTSTAMP:{}", utc(stamp)),
        format!("LAST-MODIFIED:{}", utc(e.updated_at)),
        format!("SEQUENCE:{}", e.sequence),
        format!("SUMMARY:{}", escape(&e.title)),
        format!("DESCRIPTION:{}", escape(&e.description)),
        format!("LOCATION:{}", escape(&e.location)),
        format!("CATEGORIES:{}", escape(&e.category)),
        format!(
            "ORGANIZER;CN=\"{}\":mailto:noreply@fritid.asker.kommune.no",
            e.organizer.replace('"', "'")
        ),
        format!("URL:{}", e.url),
    ];
    match &e.schedule {
        Schedule::Single { starts_at, ends_at } => {
            lines.push(format!("DTSTART:{}", utc(*starts_at)));
            lines.push(format!("DTEND:{}", utc(*ends_at)));
        }
        Schedule::Weekly {
            weekdays,
            start_time,
            end_time,
            from,
            until,
            exception_dates,
        } => {
            // DTSTART is the first date of the series on one of its weekdays.
            let first = from
                .iter_days()
                .take(7)
                .find(|d| {
                    weekdays.iter().any(|w| {
                        w.number() as u32 == chrono::Datelike::weekday(d).number_from_monday()
                    })
                })
                .unwrap_or(*from);
            lines.push(format!(
                "DTSTART;TZID=Europe/Oslo:{}",
                local(first, *start_time)
            ));
            lines.push(format!(
                "DTEND;TZID=Europe/Oslo:{}",
                local(first, *end_time)
            ));
            let until_utc = fritid_domain::schedule::oslo_instant(
                until.succ_opt().unwrap_or(*until),
                chrono::NaiveTime::MIN,
            ) - chrono::Duration::seconds(1);
            let days: Vec<&str> = weekdays.iter().map(|w| w.ical()).collect();
            lines.push(format!(
                "RRULE:FREQ=WEEKLY;BYDAY={};UNTIL={}",
                days.join(","),
                utc(until_utc)
            ));
            if !exception_dates.is_empty() {
                let ex: Vec<String> = exception_dates
                    .iter()
                    .map(|d| local(*d, *start_time))
                    .collect();
                lines.push(format!("EXDATE;TZID=Europe/Oslo:{}", ex.join(",")));
            }
        }
    }
    lines.push(
        match e.status {
            ActivityStatus::Cancelled | ActivityStatus::Withdrawn => "STATUS:CANCELLED",
            ActivityStatus::Postponed => "STATUS:TENTATIVE",
            _ => "STATUS:CONFIRMED",
        }
        .into(),
    );
    lines.push("END:VEVENT".into());
    for l in lines {
        fold(&l, out);
    }
}

/// A whole calendar with the given events, made at `stamp`.
pub fn calendar(name: &str, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Asker kommune//Fritid//NB",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(l, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", escape(name)), &mut out);
    fold("X-WR-TIMEZONE:Europe/Oslo", &mut out);
    out.push_str(VTIMEZONE);
    for e in events {
        event(e, stamp, &mut out);
    }
    let _ = write!(out, "END:VCALENDAR\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fritid_domain::schedule::Weekday;

    #[test]
    fn weekly_series_is_one_event_with_rrule_and_exdates() {
        let e = Event {
            id: uuid::Uuid::nil(),
            title: "Allidrett, 6–9 år; for alle".into(),
            description: "Linje 1\nLinje 2".into(),
            location: "Heggedalshallen".into(),
            category: "Idrett".into(),
            organizer: "Heggedal IL".into(),
            url: "https://fritid.example/aktiviteter/x".into(),
            status: ActivityStatus::Published,
            schedule: Schedule::Weekly {
                weekdays: vec![Weekday::Tue, Weekday::Thu],
                start_time: chrono::NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
                end_time: chrono::NaiveTime::from_hms_opt(18, 30, 0).unwrap(),
                from: "2027-01-04".parse().unwrap(),
                until: "2027-06-15".parse().unwrap(),
                exception_dates: vec!["2027-02-23".parse().unwrap()],
            },
            updated_at: DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            sequence: 3,
        };
        let made = DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let cal = calendar("Fritid", &[e], made);
        assert!(cal.contains("DTSTAMP:20261201T080000Z\r\n"));
        assert!(cal.contains("LAST-MODIFIED:20261123T100000Z\r\n"));
        assert!(cal.contains("SEQUENCE:3\r\n"));
        assert!(cal.contains("DTSTART;TZID=Europe/Oslo:20270105T173000\r\n"));
        assert!(cal.contains("RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270615T215959Z\r\n"));
        assert!(cal.contains("EXDATE;TZID=Europe/Oslo:20270223T173000\r\n"));
        assert!(cal.contains("SUMMARY:Allidrett\\, 6–9 år\\; for alle\r\n"));
        assert!(cal.contains("DESCRIPTION:Linje 1\\nLinje 2\r\n"));
        assert!(cal.lines().all(|l| l.len() <= 76));
        assert_eq!(cal.matches("BEGIN:VEVENT").count(), 1);
    }
}
