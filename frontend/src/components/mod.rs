pub mod field;
pub mod guard;
pub mod layout;
pub mod page;
