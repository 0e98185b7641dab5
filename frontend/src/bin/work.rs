//! The work app: the pages only organizers and staff use, a download of its
//! own (see `app::WorkApp`).

fn main() {
    console_error_panic_hook::set_once();
    fritid_web::app::add_fund_texts();
    fritid_web::app::add_lending_texts();
    leptos::mount::mount_to_body(fritid_web::app::WorkApp);
}
