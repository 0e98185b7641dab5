//! The citizens' app: everything a resident opens (see `app::CitizenApp`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(fritid_web::app::CitizenApp);
}
