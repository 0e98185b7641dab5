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

/// Whether unit `u` can serve the reserved or offered loan `b` (SQL, the day
/// being `$today`, a literal): in service, of the loan's model, size and
/// location, and not out past its return day. The one definition behind
/// `reseat` (which moves the loans it cannot serve) and the desk's
/// `unit_ready`.
macro_rules! unit_can_serve {
    ($today:literal) => {
        concat!(
            "(u.status = 'available' AND u.model_id = b.model_id AND u.size = b.size
              AND u.location_id = b.location_id
              AND NOT EXISTS (SELECT 1 FROM bua_loans o WHERE o.unit_id = u.id
                              AND o.status = 'picked_up' AND o.return_on < ",
            $today,
            "))"
        )
    };
}
pub(crate) use unit_can_serve;

/// The loan states that hold a unit (as in the exclusion constraint).
pub(crate) const BLOCKING: &str = "('offered', 'reserved', 'picked_up')";
