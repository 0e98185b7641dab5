//! Aktiviteter: organizations and their places, activities, the calendar
//! feeds and sign-ups.

pub mod activities;
pub mod calendar;
pub(crate) mod ical;
pub mod invitations;
pub mod organizations;
pub mod search_cache;
pub mod signups;
