pub mod activity_form_page;
pub mod activity_page;
pub mod activity_search_page;
pub mod my_signups_page;
pub mod organization_admin_page;
pub mod organizer_page;
pub mod participants_page;
