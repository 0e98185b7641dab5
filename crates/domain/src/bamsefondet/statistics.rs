//! Statistics for the fund's board: never a group smaller than
//! [`MIN_GROUP`], so nobody can be recognised from a count.
//!
//! A group's count and its amounts are shown together or not at all (a
//! small group's amount would tell what one family got).

use serde::{Deserialize, Serialize};

/// The smallest group whose numbers are shown.
pub const MIN_GROUP: i64 = 5;

/// A number, or `"< 5"` for a group too small to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Shown {
    Number(i64),
    /// Always the text `< 5`.
    Suppressed(Suppressed),
}

/// The text shown in place of a small number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Suppressed {
    #[serde(rename = "< 5")]
    FewerThanFive,
}

impl Shown {
    /// `value` of a group of `group_size`: shown only when the group is
    /// at least [`MIN_GROUP`].
    pub fn of(group_size: i64, value: i64) -> Self {
        if group_size < MIN_GROUP {
            Self::Suppressed(Suppressed::FewerThanFive)
        } else {
            Self::Number(value)
        }
    }

    /// As a CSV cell.
    pub fn cell(self) -> String {
        match self {
            Self::Number(n) => n.to_string(),
            Self::Suppressed(_) => "< 5".into(),
        }
    }
}

/// One group (a district, a month) of a round's applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupStatistics {
    /// The district slug or the month (`YYYY-MM`).
    pub group: String,
    pub applications: Shown,
    pub granted: Shown,
    pub granted_nok: Shown,
}

/// `GET /api/v1/fund-rounds/{id}/statistics`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundStatistics {
    pub round_id: crate::ids::RoundId,
    pub budget_nok: i64,
    pub committed_nok: i64,
    pub paid_nok: i64,
    pub left_nok: i64,
    pub applications: Shown,
    pub granted: Shown,
    pub rejected: Shown,
    /// Days from submission to decision, over the decided applications.
    pub average_days_to_decision: Option<f64>,
    pub p90_days_to_decision: Option<f64>,
    pub by_district: Vec<GroupStatistics>,
    pub by_month: Vec<GroupStatistics>,
}

/// The committed total of a round after granting `amount`, or `None` when
/// it would pass the budget. The database applies the same rule with a
/// check constraint under the round's row lock.
pub fn commit(budget: i64, committed: i64, amount: i64) -> Option<i64> {
    committed
        .checked_add(amount)
        .filter(|&total| amount >= 0 && total <= budget)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_groups_are_shown_as_fewer_than_five() {
        assert_eq!(
            serde_json::to_string(&Shown::of(4, 4)).ok(),
            Some("\"< 5\"".into())
        );
        assert_eq!(
            serde_json::to_string(&Shown::of(5, 5)).ok(),
            Some("5".into())
        );
        assert_eq!(Shown::of(0, 0).cell(), "< 5");
        assert_eq!(Shown::of(12, 3400).cell(), "3400");
    }

    proptest! {
        /// Whatever the group and value, a number is shown only for a
        /// group of five or more, and then it is the value itself.
        #[test]
        fn suppression_never_shows_a_small_group(size in -3i64..1000, value in 0i64..1_000_000) {
            match Shown::of(size, value) {
                Shown::Number(n) => { prop_assert!(size >= MIN_GROUP); prop_assert_eq!(n, value); }
                Shown::Suppressed(_) => prop_assert!(size < MIN_GROUP),
            }
        }

        /// Granting amounts one after another in any order never passes
        /// the budget, and the committed total is exactly the sum of what
        /// was granted.
        #[test]
        fn commits_never_pass_the_budget(
            budget in 0i64..100_000,
            amounts in proptest::collection::vec(0i64..20_000, 0..50),
        ) {
            let mut committed = 0i64;
            let mut granted = 0i64;
            for a in amounts {
                match commit(budget, committed, a) {
                    Some(total) => { committed = total; granted += a; }
                    None => prop_assert!(committed + a > budget),
                }
                prop_assert!(committed <= budget);
            }
            prop_assert_eq!(committed, granted);
        }
    }
}
