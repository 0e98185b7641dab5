//! Which unit a reservation gets. Among the units of the asked model and
//! size that are free for the whole period, the one whose neighbouring
//! bookings leave the smallest gaps (best fit): short free stretches are
//! filled first, so a long request later still finds a unit free for long.
//!
//! The database's exclusion constraint is what makes double booking
//! impossible; this only chooses well among the units that are free.

use chrono::NaiveDate;

/// A half-open period `[from, to)` in days.
pub type Period = (NaiveDate, NaiveDate);

pub fn overlaps(a: Period, b: Period) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// One candidate unit and the periods it is already booked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<K> {
    pub unit: K,
    pub booked: Vec<Period>,
}

/// The best unit for `want`, or `None` when every unit overlaps it. Ties go
/// to the earlier candidate (the database lists them by label).
pub fn pick<K: Copy>(candidates: &[Candidate<K>], want: Period) -> Option<K> {
    candidates
        .iter()
        .filter(|c| !c.booked.iter().any(|b| overlaps(*b, want)))
        .min_by_key(|c| {
            let before = c
                .booked
                .iter()
                .filter(|b| b.1 <= want.0)
                .map(|b| (want.0 - b.1).num_days())
                .min()
                .unwrap_or(i64::MAX / 4);
            let after = c
                .booked
                .iter()
                .filter(|b| b.0 >= want.1)
                .map(|b| (b.0 - want.1).num_days())
                .min()
                .unwrap_or(i64::MAX / 4);
            before + after
        })
        .map(|c| c.unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default() + chrono::Days::new(u64::from(n))
    }

    #[test]
    fn best_fit_fills_the_gap() {
        let units = vec![
            Candidate {
                unit: 1,
                booked: vec![],
            },
            Candidate {
                unit: 2,
                booked: vec![(d(0), d(3)), (d(6), d(9))],
            },
        ];
        // Days 3–6 fit exactly between unit 2's bookings.
        assert_eq!(pick(&units, (d(3), d(6))), Some(2));
        // Days 4–8 overlap unit 2.
        assert_eq!(pick(&units, (d(4), d(8))), Some(1));
        let full = vec![Candidate {
            unit: 1,
            booked: vec![(d(0), d(10))],
        }];
        assert_eq!(pick(&full, (d(9), d(11))), None);
        // Half-open: back on day 10, out again on day 10.
        assert_eq!(pick(&full, (d(10), d(11))), Some(1));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Reserve { from: u32, days: u32 },
        Cancel(usize),
        PickUp(usize),
        Return(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u32..40, 1u32..8).prop_map(|(from, days)| Op::Reserve { from, days }),
            (0usize..64).prop_map(Op::Cancel),
            (0usize..64).prop_map(Op::PickUp),
            (0usize..64).prop_map(Op::Return),
        ]
    }

    use crate::bua::loan::{transition, LoanAction, LoanStatus};

    proptest! {
        /// For any sequence of reserve, cancel, pick up and return, no unit
        /// has two blocking loans whose periods overlap, and a reservation
        /// is refused only when every unit is taken for some of its days.
        #[test]
        fn no_unit_is_ever_double_booked(ops in prop::collection::vec(op(), 1..80), units in 1usize..4) {
            let mut loans: Vec<(usize, Period, LoanStatus)> = Vec::new();
            for op in ops {
                match op {
                    Op::Reserve { from, days } => {
                        let want = (d(from), d(from + days));
                        let candidates: Vec<Candidate<usize>> = (0..units)
                            .map(|u| Candidate {
                                unit: u,
                                booked: loans
                                    .iter()
                                    .filter(|l| l.0 == u && l.2.blocks_unit())
                                    .map(|l| l.1)
                                    .collect(),
                            })
                            .collect();
                        match pick(&candidates, want) {
                            Some(u) => loans.push((u, want, LoanStatus::Reserved)),
                            None => prop_assert!(candidates
                                .iter()
                                .all(|c| c.booked.iter().any(|b| overlaps(*b, want)))),
                        }
                    }
                    Op::Cancel(i) | Op::PickUp(i) | Op::Return(i) => {
                        let action = match op {
                            Op::Cancel(_) => LoanAction::Cancel,
                            Op::PickUp(_) => LoanAction::PickUp,
                            _ => LoanAction::Return,
                        };
                        if let Some(loan) = loans.get_mut(i) {
                            if let Ok(to) = transition(loan.2, action) {
                                loan.2 = to;
                            }
                        }
                    }
                }
                for (i, a) in loans.iter().enumerate() {
                    for b in loans.iter().skip(i + 1) {
                        let clash = a.0 == b.0 && a.2.blocks_unit() && b.2.blocks_unit() && overlaps(a.1, b.1);
                        prop_assert!(!clash, "{a:?} and {b:?}");
                    }
                }
            }
        }
    }
}
