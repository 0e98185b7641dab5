//! What every area shares: the audit log and reference data (districts,
//! categories).

pub mod audit;
pub mod reference;
