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
    pub round_name: String,
    pub budget_nok: i64,
    pub committed_nok: i64,
    pub paid_nok: i64,
    pub left_nok: i64,
    pub applications: Shown,
    pub granted: Shown,
    pub rejected: Shown,
    /// Days from submission to the first decision, over the decided
    /// applications (one decimal).
    pub average_days_to_decision: Option<f64>,
    /// Nine in ten decided applications were decided within this many
    /// whole days.
    pub p90_days_to_decision: Option<i32>,
    pub by_district: Vec<GroupStatistics>,
    /// By month of submission (`YYYY-MM`).
    pub by_month: Vec<GroupStatistics>,
    /// The budget over time, by month of decision.
    pub budget_by_month: Vec<BudgetPoint>,
}

/// The round's budget at the end of a month: granted so far and left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetPoint {
    /// `YYYY-MM`.
    pub month: String,
    pub committed_nok: i64,
    pub left_nok: i64,
}

/// The budget's burn-down from the grants per month of decision
/// (`(month, grants, amount)`, oldest first). A month with fewer than
/// [`MIN_GROUP`] grants since the previous point is merged into the next
/// one, so no step tells what fewer than five families got; the last point
/// is always there, and its total is what the round shows as committed.
pub fn burn_down(budget: i64, months: &[(String, i64, i64)]) -> Vec<BudgetPoint> {
    let mut points = Vec::new();
    let (mut committed, mut since, mut amount) = (0i64, 0i64, 0i64);
    for (i, (month, grants, nok)) in months.iter().enumerate() {
        since += grants;
        amount += nok;
        if since >= MIN_GROUP || i + 1 == months.len() {
            committed += amount;
            points.push(BudgetPoint {
                month: month.clone(),
                committed_nok: committed,
                left_nok: budget - committed,
            });
            (since, amount) = (0, 0);
        }
    }
    points
}

/// The average and the 90th percentile (whole days, rounded up) of the
/// decision times, from how many decisions took each whole number of days
/// (`(days, decisions, exact days summed)`, fewest days first).
pub fn decision_times(buckets: &[(i32, i64, f64)]) -> (Option<f64>, Option<i32>) {
    let decisions: i64 = buckets.iter().map(|b| b.1).sum();
    if decisions <= 0 {
        return (None, None);
    }
    let total: f64 = buckets.iter().map(|b| b.2).sum();
    let average = (total / decisions as f64 * 10.0).round() / 10.0;
    // The smallest bucket by which nine in ten were decided: those took
    // `days` whole days and a part of the next.
    let needed = (decisions * 9 + 9) / 10;
    let mut seen = 0;
    let p90 = buckets.iter().find_map(|&(days, n, _)| {
        seen += n;
        (seen >= needed).then_some(days + 1)
    });
    (Some(average), p90)
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

    #[test]
    fn decision_times_from_whole_days() {
        assert_eq!(decision_times(&[]), (None, None));
        // Ten decisions: nine within 3 days (bucket 2 = 2..3 days), one took 40.
        let b = [(0, 3, 1.5), (2, 6, 15.0), (40, 1, 40.5)];
        assert_eq!(decision_times(&b), (Some(5.7), Some(3)));
    }

    proptest! {
        /// The burn-down ends at the sum of all grants, never falls back,
        /// and every step covers five grants or more except the last.
        #[test]
        fn burn_down_hides_small_months(
            budget in 0i64..1_000_000,
            months in proptest::collection::vec((0i64..12, 0i64..50_000), 1..24),
        ) {
            let months: Vec<(String, i64, i64)> = months
                .into_iter()
                .enumerate()
                .map(|(i, (g, nok))| (format!("m{i:02}"), g, if g == 0 { 0 } else { nok }))
                .collect();
            let points = burn_down(budget, &months);
            let total: i64 = months.iter().map(|m| m.2).sum();
            prop_assert_eq!(points.last().map(|p| p.committed_nok), Some(total));
            let mut previous = (0i64, 0usize);
            for (n, p) in points.iter().enumerate() {
                prop_assert_eq!(p.left_nok, budget - p.committed_nok);
                prop_assert!(p.committed_nok >= previous.0);
                let at = months.iter().position(|m| m.0 == p.month).unwrap_or(0);
                let grants: i64 = months[previous.1..=at].iter().map(|m| m.1).sum();
                if n + 1 < points.len() {
                    prop_assert!(grants >= MIN_GROUP);
                }
                previous = (p.committed_nok, at + 1);
            }
        }

        /// The percentile is a bucket at or after where nine in ten had
        /// been decided, and the average lies within the buckets.
        #[test]
        fn decision_times_lie_within_the_data(
            buckets in proptest::collection::btree_map(0i32..200, 1i64..40, 1..30),
        ) {
            let b: Vec<(i32, i64, f64)> = buckets
                .iter()
                .map(|(&d, &n)| (d, n, n as f64 * (f64::from(d) + 0.5)))
                .collect();
            let (average, p90) = decision_times(&b);
            let (first, last) = (b[0].0, b[b.len() - 1].0);
            let average = average.unwrap_or(-1.0);
            prop_assert!(average >= f64::from(first) && average <= f64::from(last) + 1.0);
            let p90 = p90.unwrap_or(-1);
            let total: i64 = b.iter().map(|x| x.1).sum();
            let within: i64 = b.iter().filter(|x| x.0 < p90).map(|x| x.1).sum();
            let before: i64 = b.iter().filter(|x| x.0 < p90 - 1).map(|x| x.1).sum();
            prop_assert!(within * 10 >= total * 9);
            prop_assert!(before * 10 < total * 9);
        }

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
