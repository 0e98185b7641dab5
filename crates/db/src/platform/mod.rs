//! What every area shares: the audit log, reference data (districts,
//! categories), the notification outbox and periodic jobs.

pub mod audit;
pub mod images;
pub mod jobs;
pub mod listener;
pub mod outbox;
pub mod prepared;
pub mod reference;
pub mod wal;
