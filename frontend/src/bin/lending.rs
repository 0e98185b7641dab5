//! BUA for families: the catalogue, reserving and the family's loans, a
//! download of its own (see `app::LendingApp`).

fn main() {
    console_error_panic_hook::set_once();
    fritid_web::app::add_lending_texts();
    leptos::mount::mount_to_body(fritid_web::app::LendingApp);
}
