//! Aktiviteter: organizations, activities, schedules and sign-ups.

pub mod activity;
pub mod organization;
pub mod schedule;
pub mod signup;
