//! Bamsefondet: funds and rounds, applications and casework.

pub mod applications;
pub mod casework;
pub mod funds;
