//! Areas that later issues build: they say what will come, with no fake data.

use crate::components::page::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn PlaceholderPage(title_key: &'static str, text_key: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title_key=title_key>
            <p>{move || i18n.t(text_key)}</p>
        </Page>
    }
}
