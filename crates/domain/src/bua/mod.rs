//! BUA: free lending of sports and leisure equipment. Locations with their
//! opening hours and loan rules, the catalogue, the loan state machine and
//! how a unit is picked for a reservation.

pub mod admin;
pub mod allocate;
pub mod catalogue;
pub mod loan;
pub mod rules;
