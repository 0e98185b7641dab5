//! A location's loan rules and opening days, and the check of a requested
//! period against them. Errors name the request's fields (`pickup_on`,
//! `return_on`), so a form can show them where they belong.

use crate::{FieldError, ValidationErrors};
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Default: at most 7 days, reservable 1–30 days ahead, 3 active loans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoanRules {
    #[serde(deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub max_loan_days: i32,
    /// Reservable from this many days ahead (0: today).
    #[serde(deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 30))]
    pub min_days_ahead: i32,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 180))]
    pub max_days_ahead: i32,
    /// Active loans (reserved, offered or out) per household at this location.
    #[serde(deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 20))]
    pub max_active_per_household: i32,
}

impl Default for LoanRules {
    fn default() -> Self {
        Self {
            max_loan_days: 7,
            min_days_ahead: 1,
            max_days_ahead: 30,
            max_active_per_household: 3,
        }
    }
}

/// Opening hours on one ISO weekday (1 = Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpeningHours {
    #[serde(deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 7))]
    pub weekday: i16,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "15:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"))]
    pub opens: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "19:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"))]
    pub closes: NaiveTime,
}

/// When a location is open: its weekly hours and the days it is closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    pub hours: Vec<OpeningHours>,
    pub closed: Vec<NaiveDate>,
}

impl Calendar {
    pub fn hours_on(&self, day: NaiveDate) -> Option<OpeningHours> {
        if self.closed.contains(&day) {
            return None;
        }
        let weekday = i16::try_from(day.weekday().number_from_monday()).unwrap_or(0);
        self.hours.iter().copied().find(|h| h.weekday == weekday)
    }

    pub fn is_open(&self, day: NaiveDate) -> bool {
        self.hours_on(day).is_some()
    }

    /// The first open day on or after `day`, within `limit` days.
    pub fn next_open(&self, day: NaiveDate, limit: u32) -> Option<NaiveDate> {
        (0..=limit)
            .filter_map(|n| day.checked_add_days(chrono::Days::new(u64::from(n))))
            .find(|d| self.is_open(*d))
    }
}

/// Checks a reservation's period: pickup and return on open days, the
/// pickup within the days it can be reserved ahead, the loan no longer than
/// the location allows. `today` is the date in Oslo.
pub fn check_period(
    rules: &LoanRules,
    calendar: &Calendar,
    pickup_on: NaiveDate,
    return_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let ahead = (pickup_on - today).num_days();
    if ahead < i64::from(rules.min_days_ahead) {
        errors.push(FieldError::new(
            "pickup_on",
            "too_soon",
            format!(
                "must be at least {} day(s) from today",
                rules.min_days_ahead
            ),
        ));
    } else if ahead > i64::from(rules.max_days_ahead) {
        errors.push(FieldError::new(
            "pickup_on",
            "too_far_ahead",
            format!("can be at most {} days from today", rules.max_days_ahead),
        ));
    } else if !calendar.is_open(pickup_on) {
        errors.push(FieldError::new(
            "pickup_on",
            "closed",
            "the location is closed that day",
        ));
    }
    let days = (return_on - pickup_on).num_days();
    if days < 1 {
        errors.push(FieldError::new(
            "return_on",
            "before_pickup",
            "must be after the pickup day",
        ));
    } else if days > i64::from(rules.max_loan_days) {
        errors.push(FieldError::new(
            "return_on",
            "too_long",
            format!("a loan lasts at most {} days", rules.max_loan_days),
        ));
    } else if !calendar.is_open(return_on) {
        errors.push(FieldError::new(
            "return_on",
            "closed",
            "the location is closed that day",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks a walk-in loan's return day (the pickup is today).
pub fn check_walk_in_return(
    rules: &LoanRules,
    calendar: &Calendar,
    return_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let relaxed = LoanRules {
        min_days_ahead: 0,
        ..*rules
    };
    let mut open_today = calendar.clone();
    open_today.closed.retain(|d| *d != today);
    if !open_today.is_open(today) {
        // The desk is staffed, so it is open now whatever the hours say.
        open_today.hours.push(OpeningHours {
            weekday: i16::try_from(today.weekday().number_from_monday()).unwrap_or(0),
            opens: NaiveTime::MIN,
            closes: NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN),
        });
    }
    check_period(&relaxed, &open_today, today, return_on, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        // January 2027: the 4th is a Monday.
        NaiveDate::from_ymd_opt(2027, 1, d).unwrap_or_default()
    }

    fn t(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN)
    }

    /// Open Monday to Thursday and Saturday; closed on the 14th.
    fn calendar() -> Calendar {
        let mut hours: Vec<OpeningHours> = (1..=4)
            .map(|weekday| OpeningHours {
                weekday,
                opens: t(15),
                closes: t(19),
            })
            .collect();
        hours.push(OpeningHours {
            weekday: 6,
            opens: t(10),
            closes: t(14),
        });
        Calendar {
            hours,
            closed: vec![day(14)],
        }
    }

    fn fields(r: Result<(), ValidationErrors>) -> Vec<(String, String)> {
        r.err()
            .map(|e| {
                e.into_errors()
                    .into_iter()
                    .map(|e| (e.field, e.code))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn an_ordinary_week_is_fine() {
        let rules = LoanRules::default();
        // Monday the 4th, reserved on Sunday the 3rd, back Monday the 11th.
        assert_eq!(
            fields(check_period(&rules, &calendar(), day(4), day(11), day(3))),
            vec![]
        );
    }

    #[test]
    fn closed_days_name_the_field() {
        let rules = LoanRules::default();
        let c = calendar();
        // Friday the 8th is closed every week; the 14th is a holiday.
        assert_eq!(
            fields(check_period(&rules, &c, day(8), day(11), day(3))),
            vec![("pickup_on".into(), "closed".into())]
        );
        assert_eq!(
            fields(check_period(&rules, &c, day(11), day(14), day(3))),
            vec![("return_on".into(), "closed".into())]
        );
    }

    #[test]
    fn too_soon_too_far_too_long_and_backwards() {
        let rules = LoanRules::default();
        let c = calendar();
        assert_eq!(
            fields(check_period(&rules, &c, day(4), day(5), day(4))),
            vec![("pickup_on".into(), "too_soon".into())]
        );
        let far = NaiveDate::from_ymd_opt(2027, 2, 8).unwrap_or_default();
        assert_eq!(
            fields(check_period(
                &rules,
                &c,
                far,
                far + chrono::Days::new(1),
                day(4)
            )),
            vec![("pickup_on".into(), "too_far_ahead".into())]
        );
        assert_eq!(
            fields(check_period(&rules, &c, day(4), day(12), day(3))),
            vec![("return_on".into(), "too_long".into())]
        );
        assert_eq!(
            fields(check_period(&rules, &c, day(5), day(5), day(3))),
            vec![("return_on".into(), "before_pickup".into())]
        );
    }

    #[test]
    fn a_walk_in_starts_today_even_on_a_closed_day() {
        let rules = LoanRules::default();
        let c = calendar();
        // Friday the 8th: closed by the hours, but staff are at the desk.
        assert_eq!(
            fields(check_walk_in_return(&rules, &c, day(11), day(8))),
            vec![]
        );
        assert_eq!(
            fields(check_walk_in_return(&rules, &c, day(20), day(8))),
            vec![("return_on".into(), "too_long".into())]
        );
    }

    #[test]
    fn next_open_day() {
        let c = calendar();
        assert_eq!(c.next_open(day(8), 7), Some(day(9)));
        assert_eq!(c.next_open(day(14), 0), None);
    }
}
