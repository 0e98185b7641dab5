//! When an activity happens: one time span, or a weekly series with
//! exception dates. Series are defined in local time (Europe/Oslo) and
//! expanded into stored occurrences, so date searches are exact and the
//! clock time stays the same across daylight-saving changes.

use crate::{FieldError, ValidationErrors};
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use chrono_tz::Europe::Oslo;
use serde::{Deserialize, Serialize};

/// A series may span at most this many days (two years).
pub const MAX_SERIES_DAYS: i64 = 731;
/// A single span may last at most this many days.
pub const MAX_SPAN_DAYS: i64 = 31;

/// Dates and times the platform accepts anywhere (schedules, sign-up
/// windows, search ranges) lie in these years. Outside them a value is a
/// mistake or an attack, and PostgreSQL cannot even store some of them.
pub const EARLIEST_YEAR: i32 = 2000;
pub const LATEST_YEAR: i32 = 2099;
/// The message for a date outside [`EARLIEST_YEAR`]..=[`LATEST_YEAR`].
pub const DATE_RANGE_MESSAGE: &str = "must lie between 2000-01-01 and 2099-12-31";

/// Whether a calendar date lies in the accepted range.
pub fn date_in_range(date: NaiveDate) -> bool {
    (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year())
}

/// Whether an instant lies in the accepted range (by its Oslo date).
pub fn instant_in_range(t: DateTime<Utc>) -> bool {
    date_in_range(oslo_local(t).date())
}

fn out_of_range(field: String) -> FieldError {
    FieldError::new(field, "date_out_of_range", DATE_RANGE_MESSAGE)
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_chrono(day: chrono::Weekday) -> Self {
        Self::ALL[day.num_days_from_monday() as usize]
    }

    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    /// The schema.org `DayOfWeek` name (`Monday` …).
    pub fn schema_org(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self as usize]
    }

    /// The two-letter iCalendar day (`MO` …).
    pub fn ical(self) -> &'static str {
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][self as usize]
    }
}

impl std::str::FromStr for Weekday {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|d| d.as_str() == s).ok_or(())
    }
}

/// Local clock times as `HH:MM`.
mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let raw = String::deserialize(d)?;
        NaiveTime::parse_from_str(&raw, "%H:%M")
            .map_err(|_| serde::de::Error::custom("expected a time as HH:MM"))
    }
}

/// When an activity happens. In the OpenAPI document a `oneOf` of
/// `SingleSchedule` and `WeeklySchedule` with `kind` as discriminator (see
/// `schedule_schema`), so generated clients get two named types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Unknown keys are ignored: the OpenAPI variants cannot say `additionalProperties: false`.
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// One time span.
    Single {
        /// Between 2000-01-01 and 2099-12-31 (as for every date).
        starts_at: DateTime<Utc>,
        /// After `starts_at`, at most 31 days later.
        ends_at: DateTime<Utc>,
    },
    /// Every listed weekday from `from` to `until` (inclusive) at the same
    /// local time, except on `exception_dates`.
    Weekly {
        /// At least one day, each at most once.
        weekdays: Vec<Weekday>,
        /// Local time (Europe/Oslo), `HH:MM`.
        #[serde(with = "hhmm")]
        start_time: NaiveTime,
        /// Local time, after `start_time` (series do not cross midnight).
        #[serde(with = "hhmm")]
        end_time: NaiveTime,
        /// Between 2000-01-01 and 2099-12-31 (as for every date).
        from: NaiveDate,
        /// On or after `from`, at most two years later.
        until: NaiveDate,
        /// Dates inside the series when it does not happen (holidays).
        #[serde(default)]
        exception_dates: Vec<NaiveDate>,
    },
}

/// The document's view of [`Schedule`]: one named schema per kind, chosen
/// by `kind` (a test checks they name exactly the fields serde writes).
#[cfg(feature = "openapi")]
mod schedule_schema {
    use super::{Schedule, Weekday};
    use chrono::{DateTime, NaiveDate, Utc};
    use std::borrow::Cow;
    use utoipa::openapi::schema::{Discriminator, OneOfBuilder, Schema};
    use utoipa::openapi::{Ref, RefOr};
    use utoipa::{PartialSchema, ToSchema};

    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    #[allow(dead_code)]
    pub enum SingleKind {
        Single,
    }

    #[derive(ToSchema)]
    #[schema(rename_all = "snake_case")]
    #[allow(dead_code)]
    pub enum WeeklyKind {
        Weekly,
    }

    /// One time span.
    #[derive(ToSchema)]
    #[schema(example = json!({
        "kind": "single", "starts_at": "2027-03-06T10:00:00+01:00", "ends_at": "2027-03-06T14:00:00+01:00"
    }))]
    #[allow(dead_code)]
    pub struct SingleSchedule {
        #[schema(inline)]
        pub kind: SingleKind,
        /// Between 2000-01-01 and 2099-12-31 (as for every date).
        pub starts_at: DateTime<Utc>,
        /// After `starts_at`, at most 31 days later.
        pub ends_at: DateTime<Utc>,
    }

    /// Every listed weekday from `from` to `until` (inclusive) at the same
    /// local time, except on `exception_dates`.
    #[derive(ToSchema)]
    #[schema(example = json!({
        "kind": "weekly", "weekdays": ["mon", "wed"], "start_time": "17:30", "end_time": "19:00",
        "from": "2027-01-04", "until": "2027-06-14", "exception_dates": ["2027-02-22", "2027-04-12"]
    }))]
    #[allow(dead_code)]
    pub struct WeeklySchedule {
        #[schema(inline)]
        pub kind: WeeklyKind,
        /// At least one day, each at most once.
        pub weekdays: Vec<Weekday>,
        /// Local time (Europe/Oslo), `HH:MM`.
        #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "17:30")]
        pub start_time: String,
        /// Local time, after `start_time` (series do not cross midnight).
        #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "19:00")]
        pub end_time: String,
        /// Between 2000-01-01 and 2099-12-31 (as for every date).
        pub from: NaiveDate,
        /// On or after `from`, at most two years later.
        pub until: NaiveDate,
        /// Dates inside the series when it does not happen (holidays).
        #[schema(required = false)]
        pub exception_dates: Vec<NaiveDate>,
    }

    impl PartialSchema for Schedule {
        fn schema() -> RefOr<Schema> {
            OneOfBuilder::new()
                .item(Ref::from_schema_name("SingleSchedule"))
                .item(Ref::from_schema_name("WeeklySchedule"))
                .discriminator(Some(Discriminator::with_mapping(
                    "kind",
                    [
                        ("single", "#/components/schemas/SingleSchedule"),
                        ("weekly", "#/components/schemas/WeeklySchedule"),
                    ],
                )))
                .description(Some(
                    "When an activity happens; `kind` says which of the two.",
                ))
                .into()
        }
    }

    impl ToSchema for Schedule {
        fn name() -> Cow<'static, str> {
            "Schedule".into()
        }

        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            schemas.push(("SingleSchedule".into(), SingleSchedule::schema()));
            schemas.push(("WeeklySchedule".into(), WeeklySchedule::schema()));
            <WeeklySchedule as ToSchema>::schemas(schemas);
            schemas.push(("Weekday".into(), Weekday::schema()));
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The property names of a documented schema.
        fn properties(schema: RefOr<Schema>) -> Vec<String> {
            let RefOr::T(Schema::Object(object)) = schema else {
                panic!("not an object")
            };
            let mut names: Vec<String> = object.properties.keys().cloned().collect();
            names.sort();
            names
        }

        fn keys(value: serde_json::Value) -> Vec<String> {
            let mut names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
            names.sort();
            names
        }

        #[test]
        fn each_kind_documents_exactly_what_serde_writes() {
            let single: Schedule = serde_json::from_value(serde_json::json!({
                "kind": "single", "starts_at": "2027-03-06T10:00:00+01:00", "ends_at": "2027-03-06T14:00:00+01:00"
            }))
            .unwrap();
            let weekly: Schedule = serde_json::from_value(serde_json::json!({
                "kind": "weekly", "weekdays": ["mon"], "start_time": "17:30", "end_time": "19:00",
                "from": "2027-01-04", "until": "2027-06-14", "exception_dates": ["2027-02-22"]
            }))
            .unwrap();
            assert_eq!(
                keys(serde_json::to_value(single).unwrap()),
                properties(SingleSchedule::schema())
            );
            assert_eq!(
                keys(serde_json::to_value(weekly).unwrap()),
                properties(WeeklySchedule::schema())
            );
        }
    }
}

/// One stored occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Local weekday, 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Local minutes after midnight of the start.
    pub start_minute: u16,
}

impl Occurrence {
    pub fn new(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Self {
        let local = starts_at.with_timezone(&Oslo);
        Self {
            starts_at,
            ends_at,
            weekday: Weekday::from_chrono(local.weekday()).number(),
            start_minute: (local.hour() * 60 + local.minute()) as u16,
        }
    }
}

/// A local date and time in Oslo as an instant. A time that does not exist
/// (the hour skipped in spring) moves one hour later; an ambiguous time
/// (the hour repeated in autumn) takes the first.
pub fn oslo_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = NaiveDateTime::new(date, time);
    Oslo.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            Oslo.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

/// An instant as the wall-clock date and time in Oslo (for forms that edit it).
pub fn oslo_local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Oslo).naive_local()
}

impl Schedule {
    /// Checks the schedule; `field` prefixes the error paths (`schedule`).
    pub fn validate(&self, field: &str) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        match self {
            Schedule::Single { starts_at, ends_at } => {
                if !instant_in_range(*starts_at) {
                    errors.push(out_of_range(format!("{field}.starts_at")));
                } else if !instant_in_range(*ends_at) {
                    errors.push(out_of_range(format!("{field}.ends_at")));
                } else if ends_at <= starts_at {
                    errors.push(FieldError::new(
                        format!("{field}.ends_at"),
                        "before_start",
                        "must be after the start",
                    ));
                } else if *ends_at - *starts_at > Duration::days(MAX_SPAN_DAYS) {
                    errors.push(FieldError::new(
                        format!("{field}.ends_at"),
                        "too_long",
                        format!("a single time span may last at most {MAX_SPAN_DAYS} days"),
                    ));
                }
            }
            Schedule::Weekly {
                weekdays,
                start_time,
                end_time,
                from,
                until,
                exception_dates,
            } => {
                if weekdays.is_empty() {
                    errors.push(FieldError::new(
                        format!("{field}.weekdays"),
                        "required",
                        "choose at least one weekday",
                    ));
                }
                let mut sorted = weekdays.clone();
                sorted.sort();
                sorted.dedup();
                if sorted.len() != weekdays.len() {
                    errors.push(FieldError::new(
                        format!("{field}.weekdays"),
                        "duplicate",
                        "each weekday may appear once",
                    ));
                }
                if end_time <= start_time {
                    errors.push(FieldError::new(
                        format!("{field}.end_time"),
                        "before_start",
                        "must be after the start time",
                    ));
                }
                if !date_in_range(*from) {
                    errors.push(out_of_range(format!("{field}.from")));
                } else if !date_in_range(*until) {
                    errors.push(out_of_range(format!("{field}.until")));
                } else if until < from {
                    errors.push(FieldError::new(
                        format!("{field}.until"),
                        "before_start",
                        "must be on or after the first date",
                    ));
                } else if (*until - *from).num_days() > MAX_SERIES_DAYS {
                    errors.push(FieldError::new(
                        format!("{field}.until"),
                        "too_long",
                        "a series may last at most two years",
                    ));
                }
                for (i, date) in exception_dates.iter().enumerate().filter(|_| from <= until) {
                    if !date_in_range(*date) {
                        errors.push(out_of_range(format!("{field}.exception_dates[{i}]")));
                    } else if date < from || date > until {
                        errors.push(FieldError::new(
                            format!("{field}.exception_dates[{i}]"),
                            "outside_series",
                            "must lie between the first and the last date",
                        ));
                    }
                }
                if errors.is_empty() && self.occurrences().is_empty() {
                    errors.push(FieldError::new(
                        format!("{field}.weekdays"),
                        "no_occurrences",
                        "the series has no dates on these weekdays",
                    ));
                }
            }
        }
        errors.finish(|| Some(()))
    }

    /// Every occurrence in time order. Call on a validated schedule.
    pub fn occurrences(&self) -> Vec<Occurrence> {
        match self {
            Schedule::Single { starts_at, ends_at } => vec![Occurrence::new(*starts_at, *ends_at)],
            Schedule::Weekly {
                weekdays,
                start_time,
                end_time,
                from,
                until,
                exception_dates,
            } => {
                if until < from || (*until - *from).num_days() > MAX_SERIES_DAYS {
                    return Vec::new();
                }
                from.iter_days()
                    .take_while(|d| d <= until)
                    .filter(|d| weekdays.contains(&Weekday::from_chrono(d.weekday())))
                    .filter(|d| !exception_dates.contains(d))
                    .map(|d| {
                        // The length stays the same even across a clock change.
                        let starts_at = oslo_instant(d, *start_time);
                        Occurrence::new(starts_at, starts_at + (*end_time - *start_time))
                    })
                    .collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn weekly(days: Vec<Weekday>, from: &str, until: &str, except: Vec<&str>) -> Schedule {
        Schedule::Weekly {
            weekdays: days,
            start_time: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            end_time: NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
            from: date(from),
            until: date(until),
            exception_dates: except.into_iter().map(date).collect(),
        }
    }

    #[test]
    fn series_keeps_local_time_across_daylight_saving() {
        // 2027-03-28 is the spring change in Norway.
        let s = weekly(vec![Weekday::Mon], "2027-03-22", "2027-03-29", vec![]);
        let occ = s.occurrences();
        assert_eq!(occ.len(), 2);
        assert_eq!(occ[0].starts_at.to_rfc3339(), "2027-03-22T16:30:00+00:00");
        assert_eq!(occ[1].starts_at.to_rfc3339(), "2027-03-29T15:30:00+00:00");
        assert!(occ
            .iter()
            .all(|o| o.start_minute == 17 * 60 + 30 && o.weekday == 1));
    }

    #[test]
    fn exception_dates_are_skipped_and_must_be_inside() {
        let s = weekly(
            vec![Weekday::Mon, Weekday::Wed],
            "2027-01-04",
            "2027-01-13",
            vec!["2027-01-06"],
        );
        assert_eq!(s.occurrences().len(), 3);
        let outside = weekly(
            vec![Weekday::Mon],
            "2027-01-04",
            "2027-01-13",
            vec!["2027-02-01"],
        );
        let err = outside.validate("schedule").unwrap_err();
        assert_eq!(err.errors()[0].field, "schedule.exception_dates[0]");
    }

    #[test]
    fn invalid_series_name_their_fields() {
        let s = Schedule::Weekly {
            weekdays: vec![],
            start_time: NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
            end_time: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            from: date("2027-02-01"),
            until: date("2027-01-01"),
            exception_dates: vec![],
        };
        let fields: Vec<String> = s
            .validate("schedule")
            .unwrap_err()
            .errors()
            .iter()
            .map(|e| e.field.clone())
            .collect();
        assert_eq!(
            fields,
            ["schedule.weekdays", "schedule.end_time", "schedule.until"]
        );
        let none = weekly(vec![Weekday::Sun], "2027-01-04", "2027-01-08", vec![]);
        assert_eq!(
            none.validate("schedule").unwrap_err().errors()[0].code,
            "no_occurrences"
        );
    }

    #[test]
    fn single_span_must_end_after_start() {
        let t = Utc.with_ymd_and_hms(2027, 3, 6, 10, 0, 0).unwrap();
        let s = Schedule::Single {
            starts_at: t,
            ends_at: t,
        };
        assert_eq!(
            s.validate("schedule").unwrap_err().errors()[0].field,
            "schedule.ends_at"
        );
        let ok = Schedule::Single {
            starts_at: t,
            ends_at: t + Duration::hours(2),
        };
        assert_eq!(ok.occurrences().len(), 1);
        assert_eq!(ok.occurrences()[0].weekday, 6);
    }

    #[test]
    fn schedule_json_round_trips_with_hh_mm_times() {
        let s = weekly(vec![Weekday::Tue], "2027-01-05", "2027-01-26", vec![]);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["start_time"], "17:30");
        assert_eq!(json["kind"], "weekly");
        assert_eq!(serde_json::from_value::<Schedule>(json).unwrap(), s);
    }

    fn arb_series() -> impl Strategy<Value = Schedule> {
        (
            proptest::collection::btree_set(0usize..7, 1..=7),
            0u32..(22 * 60),
            15u32..120,
            0i64..1500,
            0i64..400,
            proptest::collection::vec(0i64..400, 0..10),
        )
            .prop_map(|(days, start, len, offset, span, except)| {
                let from = date("2026-01-01") + Duration::days(offset);
                let until = from + Duration::days(span);
                let start_time =
                    NaiveTime::from_num_seconds_from_midnight_opt(start * 60, 0).unwrap();
                let end_min = (start + len).min(23 * 60 + 59);
                Schedule::Weekly {
                    weekdays: days.into_iter().map(|d| Weekday::ALL[d]).collect(),
                    start_time,
                    end_time: NaiveTime::from_num_seconds_from_midnight_opt(end_min * 60, 0)
                        .unwrap(),
                    from,
                    until,
                    exception_dates: except
                        .into_iter()
                        .filter(|e| *e <= span)
                        .map(|e| from + Duration::days(e))
                        .collect(),
                }
            })
    }

    proptest! {
        /// What a form shows (`oslo_local`) turns back into the same instant
        /// (`oslo_instant`), except in the hour repeated in autumn, where the
        /// earlier of the two instants is meant.
        #[test]
        fn oslo_local_time_round_trips(minutes in 0i64..(60 * 24 * 366 * 3)) {
            let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(minutes);
            let local = oslo_local(t);
            let back = oslo_instant(local.date(), local.time());
            prop_assert!(back == t || back == t - Duration::hours(1), "{t} -> {local} -> {back}");
            prop_assert_eq!(oslo_local(back), local);
        }
    }

    proptest! {
        #[test]
        fn expansion_matches_the_definition(s in arb_series()) {
            let Schedule::Weekly { weekdays, start_time, from, until, exception_dates, .. } = &s else { unreachable!() };
            let occ = s.occurrences();
            // Exactly the matching dates, in strictly increasing order.
            let expected = from.iter_days().take_while(|d| d <= until)
                .filter(|d| weekdays.contains(&Weekday::from_chrono(d.weekday())) && !exception_dates.contains(d))
                .count();
            prop_assert_eq!(occ.len(), expected);
            prop_assert!(occ.windows(2).all(|w| w[0].starts_at < w[1].starts_at));
            for o in &occ {
                let local = o.starts_at.with_timezone(&Oslo);
                let day = local.date_naive();
                prop_assert!(day >= *from && day <= *until);
                prop_assert!(!exception_dates.contains(&day));
                prop_assert!(weekdays.iter().any(|w| w.number() == o.weekday));
                prop_assert_eq!(Weekday::from_chrono(local.weekday()).number(), o.weekday);
                prop_assert!(o.ends_at > o.starts_at);
                // The clock time holds except when it falls in the skipped spring hour.
                if local.time() != *start_time {
                    prop_assert_eq!(local.time(), *start_time + Duration::hours(1));
                }
            }
        }
    }
}
