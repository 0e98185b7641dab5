//! The one state machine every loan follows.
//!
//! ```text
//! offered → reserved          (the family takes a waiting-list offer)
//! offered → expired           (not taken within 24 hours)
//! offered | reserved → cancelled
//! reserved → no_show          (not picked up by closing time on the day)
//! reserved → picked_up → returned (ok or damaged)
//! ```
//!
//! A walk-in loan starts as `picked_up`. Overdue is derived: picked up and
//! the return day has passed. The API answers an action the current state
//! does not allow with 409 `illegal_transition`, naming the state.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    /// Held for a family from the waiting list until the offer expires.
    Offered,
    Reserved,
    PickedUp,
    Returned,
    Cancelled,
    NoShow,
    /// A waiting-list offer nobody took.
    Expired,
}

impl LoanStatus {
    pub const ALL: [LoanStatus; 7] = [
        Self::Offered,
        Self::Reserved,
        Self::PickedUp,
        Self::Returned,
        Self::Cancelled,
        Self::NoShow,
        Self::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offered => "offered",
            Self::Reserved => "reserved",
            Self::PickedUp => "picked_up",
            Self::Returned => "returned",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Holds the unit for its period (the database's exclusion constraint
    /// lists the same states).
    pub fn blocks_unit(self) -> bool {
        matches!(self, Self::Offered | Self::Reserved | Self::PickedUp)
    }

    /// Counts towards the household's limit of active loans.
    pub fn active(self) -> bool {
        self.blocks_unit()
    }
}

/// What can be done to a loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanAction {
    Accept,
    Cancel,
    PickUp,
    Return,
    MarkNoShow,
    Expire,
}

impl LoanAction {
    pub const ALL: [LoanAction; 6] = [
        Self::Accept,
        Self::Cancel,
        Self::PickUp,
        Self::Return,
        Self::MarkNoShow,
        Self::Expire,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: LoanStatus,
    pub action: LoanAction,
}

/// The state after `action` on a loan in `from`.
pub fn transition(from: LoanStatus, action: LoanAction) -> Result<LoanStatus, IllegalTransition> {
    use LoanAction as A;
    use LoanStatus as S;
    match (from, action) {
        (S::Offered, A::Accept) => Ok(S::Reserved),
        (S::Offered, A::Expire) => Ok(S::Expired),
        (S::Offered | S::Reserved, A::Cancel) => Ok(S::Cancelled),
        (S::Reserved, A::MarkNoShow) => Ok(S::NoShow),
        (S::Reserved, A::PickUp) => Ok(S::PickedUp),
        (S::PickedUp, A::Return) => Ok(S::Returned),
        _ => Err(IllegalTransition { from, action }),
    }
}

/// Picked up and the return day has passed.
pub fn overdue(status: LoanStatus, return_on: NaiveDate, today: NaiveDate) -> bool {
    status == LoanStatus::PickedUp && return_on < today
}

/// How a unit came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnCondition {
    Ok,
    /// Goes to maintenance with the note.
    Damaged,
}

impl ReturnCondition {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Damaged => "damaged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_and_action() {
        use LoanAction as A;
        use LoanStatus as S;
        let allowed = [
            (S::Offered, A::Accept, S::Reserved),
            (S::Offered, A::Expire, S::Expired),
            (S::Offered, A::Cancel, S::Cancelled),
            (S::Reserved, A::Cancel, S::Cancelled),
            (S::Reserved, A::MarkNoShow, S::NoShow),
            (S::Reserved, A::PickUp, S::PickedUp),
            (S::PickedUp, A::Return, S::Returned),
        ];
        for from in S::ALL {
            for action in A::ALL {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(transition(from, action), Ok(to), "{from:?} {action:?}"),
                    None => assert_eq!(
                        transition(from, action),
                        Err(IllegalTransition { from, action }),
                        "{from:?} {action:?}"
                    ),
                }
            }
        }
    }

    #[test]
    fn ended_loans_free_the_unit_and_overdue_is_derived() {
        for s in LoanStatus::ALL {
            assert_eq!(
                s.blocks_unit(),
                matches!(
                    s,
                    LoanStatus::Offered | LoanStatus::Reserved | LoanStatus::PickedUp
                )
            );
            assert_eq!(LoanStatus::parse(s.as_str()), Some(s));
        }
        let d = |day| NaiveDate::from_ymd_opt(2027, 1, day).unwrap_or_default();
        assert!(overdue(LoanStatus::PickedUp, d(10), d(11)));
        assert!(!overdue(LoanStatus::PickedUp, d(10), d(10)));
        assert!(!overdue(LoanStatus::Reserved, d(10), d(12)));
        assert!(!overdue(LoanStatus::Returned, d(10), d(12)));
    }
}
