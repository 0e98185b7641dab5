//! Accounts: registration, sessions, the signed-in user and role
//! administration.

pub mod account;
pub mod users;
