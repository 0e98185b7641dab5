//! What every area shares: health checks, reference data, messages and the
//! jobs overview.

pub mod health;
pub mod messages;
pub mod reference;
