//! What every area shares: health checks and reference data.

pub mod health;
pub mod reference;
