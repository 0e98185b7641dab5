pub mod accessibility_page;
pub mod admin_page;
pub mod home_page;
pub mod not_found_page;
pub mod privacy_page;
