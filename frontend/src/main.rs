//! Fritid web app: a Leptos client-side-rendered single-page app that talks
//! only to the public API (`api.rs`) and shares its types and validation
//! with the server through `fritid-domain`.

mod api;
mod app;
mod auth;
mod components;
mod form;
mod format;
mod i18n;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
