pub mod account_page;
pub mod confirm_email_page;
pub mod delete_account_page;
pub mod logged_out_page;
pub mod login_page;
pub mod register_page;
