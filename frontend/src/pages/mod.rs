pub mod accessibility_page;
pub mod account_page;
pub mod home_page;
pub mod logged_out_page;
pub mod login_page;
pub mod not_found_page;
pub mod placeholder_page;
pub mod register_page;
