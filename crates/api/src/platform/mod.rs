//! What every area shares at run time: message templates, e-mail, the
//! outbox sender, the periodic-job scheduler and the catalogue's change
//! notifications.

pub mod changes;
pub mod images;
pub mod jobs;
pub mod mail;
pub mod outbox;
pub mod templates;
