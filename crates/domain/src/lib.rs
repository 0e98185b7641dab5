//! The shared language of Fritid.
//!
//! Everything here is pure: value types that can only hold valid values,
//! the DTOs of the public API, validation rules and error shapes. The server
//! and the web client both use this crate, so a form is validated with the
//! same rules before it is sent as after it arrives.

pub mod account;
pub mod activity;
pub mod ids;
pub mod organization;
pub mod page;
pub mod problem;
pub mod role;
pub mod schedule;
pub mod signup;
pub mod text;
pub mod whole;

pub use ids::UserId;
pub use problem::{FieldError, Problem, ValidationErrors};
pub use role::Role;
