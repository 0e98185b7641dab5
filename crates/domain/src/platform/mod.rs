//! What every area shares: ids, paging, problem details, text rules and
//! whole-number money.

pub mod bundles;
pub mod ids;
pub mod image;
pub mod jobs;
pub mod money;
pub mod notification;
pub mod page;
pub mod privacy;
pub mod problem;
pub mod text;
pub mod whole;
