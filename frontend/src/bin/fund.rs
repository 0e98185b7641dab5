//! Bamsefondet for families: applying and following an application, a
//! download of its own (see `app::FundApp`).

fn main() {
    console_error_panic_hook::set_once();
    fritid_web::app::add_fund_texts();
    leptos::mount::mount_to_body(fritid_web::app::FundApp);
}
