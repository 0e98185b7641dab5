//! What every area shares at run time: message templates, e-mail, the
//! outbox sender and the periodic-job scheduler.

pub mod images;
pub mod jobs;
pub mod mail;
pub mod outbox;
pub mod templates;
