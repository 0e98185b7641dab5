//! BUA: locations and their calendars, the catalogue with availability,
//! loans from reservation to return (the exclusion constraint
//! `bua_loans_no_overlap` makes double booking impossible), the waiting
//! list and its offers, reservations moved off units that cannot serve
//! them, the desk's lists, and unmet demand.

pub mod admin;
pub mod catalogue;
pub mod loans;
pub mod reseat;
pub mod waitlist;

/// The loan states that hold a unit (as in the exclusion constraint).
pub(crate) const BLOCKING: &str = "('offered', 'reserved', 'picked_up')";
