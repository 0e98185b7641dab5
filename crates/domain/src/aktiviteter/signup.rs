//! Sign-up (påmelding) with capacity and a waiting list (venteliste).
//!
//! The rules are pure functions here, property-tested against a model; the
//! database applies them under a row lock and refuses overbooking with a
//! check constraint, so concurrent sign-ups cannot break them.

use crate::activity::OrganizationRef;
use crate::ids::{ActivityId, SignupId};
use crate::text;
use crate::{FieldError, ValidationErrors};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Participant {
    /// The account holder.
    #[serde(rename = "self")]
    Myself,
    /// A child of the account holder: first name and birth year only.
    Child,
}

impl Participant {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Myself => "self",
            Self::Child => "child",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "self" => Some(Self::Myself),
            "child" => Some(Self::Child),
            _ => None,
        }
    }
}

/// `POST /api/v1/activities/{id}/signups`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "participant": "child", "first_name": "Emma", "birth_year": 2018 })))]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub participant: Participant,
    /// The child's first name (required for a child; for yourself your display name is used).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 50, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")
    )]
    pub first_name: Option<String>,
    /// Checked against the activity's age range.
    #[cfg_attr(feature = "openapi", schema(minimum = 1900, maximum = 2100))]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub birth_year: i16,
    /// The organizer may see the account holder's name and e-mail address,
    /// to reach them about changes (a cancelled session). Off unless chosen.
    #[serde(default)]
    pub share_contact: bool,
}

/// A sign-up request that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSignup {
    pub participant: Participant,
    pub first_name: Option<String>,
    pub birth_year: i16,
    pub share_contact: bool,
}

/// Change whether the organizer may see the account holder's contact details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactConsent {
    pub share_contact: bool,
}

/// The guardian's contact details, shown to the organizer only when shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuardianContact {
    pub name: String,
    pub email: String,
}

impl SignupRequest {
    /// `year` is the calendar year of the activity's next occurrence; the
    /// participant's age is the age they reach that year.
    pub fn validate(
        &self,
        age_min: i16,
        age_max: i16,
        year: i32,
    ) -> Result<ValidSignup, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let first_name = match self.participant {
            Participant::Child => errors
                .check(text::line(
                    "first_name",
                    self.first_name.as_deref().unwrap_or(""),
                    50,
                ))
                .map(Some),
            Participant::Myself => errors.check(text::optional_line(
                "first_name",
                self.first_name.as_deref(),
                50,
            )),
        };
        if !(1900..=2100).contains(&self.birth_year) {
            errors.push(FieldError::new(
                "birth_year",
                "out_of_range",
                "must be between 1900 and 2100",
            ));
        } else {
            let age = year - i32::from(self.birth_year);
            if age < i32::from(age_min) || age > i32::from(age_max) {
                errors.push(FieldError::new(
                    "birth_year",
                    "outside_age_range",
                    format!("the activity is for ages {age_min}–{age_max}; this participant is {age} in {year}"),
                ));
            }
        }
        errors.finish(|| {
            Some(ValidSignup {
                participant: self.participant,
                first_name: first_name?,
                birth_year: self.birth_year,
                share_contact: self.share_contact,
            })
        })
    }
}

/// Where a sign-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    /// Has a place.
    Confirmed,
    /// In the waiting list; moves up automatically.
    Waiting,
    Cancelled,
}

impl SignupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Waiting => "waiting",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Confirmed, Self::Waiting, Self::Cancelled]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A sign-up, as its owner and the organizer see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "activity_id": "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7",
    "activity_title": "Allidrett for 6–9 år", "organization": { "id": "5b0e7c52-8f0e-4d59-9a0b-0d3f2c1b9e11", "name": "Heggedal Idrettslag" },
    "participant": "child", "first_name": "Emma", "birth_year": 2018, "status": "waiting", "waiting_position": 2,
    "next_starts_at": "2027-01-05T16:30:00Z", "created_at": "2026-11-23T10:00:00Z", "cancelled_at": null
})))]
pub struct Signup {
    pub id: SignupId,
    pub activity_id: ActivityId,
    pub activity_title: String,
    pub organization: OrganizationRef,
    pub participant: Participant,
    pub first_name: String,
    pub birth_year: Option<i16>,
    pub status: SignupStatus,
    /// 1 = next in line (waiting only).
    pub waiting_position: Option<i64>,
    pub next_starts_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Whether the account holder shares their contact details with the organizer.
    pub share_contact: bool,
    /// Those details, in the organizer's participant list and only when shared.
    pub guardian: Option<GuardianContact>,
}

/// A new sign-up gets a place while there is one, else joins the queue.
pub fn placement(capacity: Option<i32>, confirmed: i32) -> SignupStatus {
    match capacity {
        Some(c) if confirmed >= c => SignupStatus::Waiting,
        _ => SignupStatus::Confirmed,
    }
}

/// How many from the head of the waiting list get a place now.
pub fn promotions(capacity: Option<i32>, confirmed: i32, waiting: i32) -> i32 {
    match capacity {
        None => waiting,
        Some(c) => (c - confirmed).clamp(0, waiting.max(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::VecDeque;

    /// The model: places and a FIFO queue, driven only by the two rules above.
    #[derive(Debug, Default)]
    struct Roster {
        capacity: i32,
        confirmed: Vec<u32>,
        waiting: VecDeque<u32>,
        next: u32,
    }

    impl Roster {
        fn sign_up(&mut self) {
            let id = self.next;
            self.next += 1;
            match placement(Some(self.capacity), self.confirmed.len() as i32) {
                SignupStatus::Confirmed => self.confirmed.push(id),
                _ => self.waiting.push_back(id),
            }
        }
        fn promote(&mut self) {
            let n = promotions(
                Some(self.capacity),
                self.confirmed.len() as i32,
                self.waiting.len() as i32,
            );
            for _ in 0..n {
                if let Some(id) = self.waiting.pop_front() {
                    self.confirmed.push(id);
                }
            }
        }
        fn cancel(&mut self, pick: usize) {
            let total = self.confirmed.len() + self.waiting.len();
            if total == 0 {
                return;
            }
            let i = pick % total;
            if i < self.confirmed.len() {
                self.confirmed.remove(i);
            } else {
                self.waiting.remove(i - self.confirmed.len());
            }
            self.promote();
        }
        fn raise(&mut self, by: i32) {
            self.capacity += by;
            self.promote();
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        SignUp,
        Cancel(usize),
        Raise(i32),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => Just(Op::SignUp),
            2 => any::<usize>().prop_map(Op::Cancel),
            1 => (1i32..4).prop_map(Op::Raise),
        ]
    }

    proptest! {
        #[test]
        fn waiting_list_never_overbooks_and_serves_in_order(capacity in 1i32..10, ops in proptest::collection::vec(op(), 0..80)) {
            let mut r = Roster { capacity, ..Default::default() };
            for op in ops {
                match op {
                    Op::SignUp => r.sign_up(),
                    Op::Cancel(i) => r.cancel(i),
                    Op::Raise(n) => r.raise(n),
                }
                // Never more confirmed than places.
                prop_assert!(r.confirmed.len() as i32 <= r.capacity);
                // Nobody waits while a place is free.
                prop_assert!(r.waiting.is_empty() || r.confirmed.len() as i32 == r.capacity);
                // The queue keeps sign-up order, and everyone confirmed from
                // the queue signed up before everyone still waiting.
                prop_assert!(r.waiting.iter().zip(r.waiting.iter().skip(1)).all(|(a, b)| a < b));
                if let Some(first_waiting) = r.waiting.front() {
                    prop_assert!(r.confirmed.iter().all(|c| c < first_waiting));
                }
            }
        }
    }

    #[test]
    fn placement_and_promotion() {
        assert_eq!(placement(Some(2), 1), SignupStatus::Confirmed);
        assert_eq!(placement(Some(2), 2), SignupStatus::Waiting);
        assert_eq!(placement(None, 1000), SignupStatus::Confirmed);
        assert_eq!(promotions(Some(5), 3, 10), 2);
        assert_eq!(promotions(Some(5), 5, 10), 0);
        assert_eq!(promotions(Some(5), 2, 1), 1);
    }

    #[test]
    fn age_is_checked_for_the_year_of_the_activity() {
        let req = SignupRequest {
            participant: Participant::Child,
            first_name: Some("Emma".into()),
            birth_year: 2018,
            share_contact: false,
        };
        assert!(req.validate(6, 9, 2027).is_ok());
        let err = req.validate(10, 12, 2027).unwrap_err();
        assert_eq!(err.errors()[0].field, "birth_year");
        assert_eq!(err.errors()[0].code, "outside_age_range");
        let nameless = SignupRequest {
            first_name: None,
            ..req
        };
        assert_eq!(
            nameless.validate(6, 9, 2027).unwrap_err().errors()[0].field,
            "first_name"
        );
    }
}
