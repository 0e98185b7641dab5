//! Fritid web app: a Leptos client-side-rendered single-page app that talks
//! only to the public API (`api.rs`) and shares its types and validation
//! with the server through `fritid-domain`. This library builds two
//! bundles: `src/main.rs`, the citizens' app, and `src/bin/work.rs`, the
//! work app (see `app.rs`).

mod api;
pub mod app;
mod auth;
mod components;
mod form;
mod format;
mod i18n;
mod pages;
