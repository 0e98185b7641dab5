//! Aktiviteter: organizations, activities, occurrences, sign-ups and the
//! activity search.

pub mod activities;
pub mod invitations;
pub mod notices;
pub mod organizations;
pub mod pages;
pub mod search;
pub mod search_text;
