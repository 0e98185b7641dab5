//! Bamsefondet: funds and rounds, applications, the casework state machine,
//! decisions and statistics.

pub mod application;
pub mod case;
pub mod fund;
pub mod staff;
pub mod statistics;
