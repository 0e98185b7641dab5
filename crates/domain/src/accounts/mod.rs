//! Accounts: users, credentials and the roles they hold.

pub mod account;
pub mod role;
