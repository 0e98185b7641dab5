//! The shared language of Fritid.
//!
//! Everything here is pure: value types that can only hold valid values,
//! the DTOs of the public API, validation rules and error shapes. The server
//! and the web client both use this crate, so a form is validated with the
//! same rules before it is sent as after it arrives.

pub mod accounts;
pub mod aktiviteter;
pub mod bamsefondet;
pub mod bua;
pub mod platform;

// Each area lives in its own folder; its modules are also reachable from the
// crate root (`fritid_domain::activity`) so call sites stay short.
pub use accounts::{account, role};
pub use aktiviteter::{activity, organization, schedule, signup};
pub use platform::{
    bundles, ids, image, jobs, money, notification, page, privacy, problem, text, whole,
};

pub use ids::UserId;
pub use problem::{FieldError, Problem, ValidationErrors};
pub use role::Role;
