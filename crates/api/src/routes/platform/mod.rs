//! What every area shares: health checks, reference data, messages, the
//! jobs overview and each user's rights over their data.

pub mod health;
pub mod images;
pub mod messages;
pub mod privacy;
pub mod reference;
