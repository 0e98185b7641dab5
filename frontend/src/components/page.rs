//! A page: its one `<h1>` (focus target after navigation) and the document title.

use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn Page(title_key: &'static str, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        document().set_title(&format!("{} – {}", i18n.t(title_key), i18n.t("app-name")));
    });
    view! {
        <h1 id="page-title" tabindex="-1">{move || i18n.t(title_key)}</h1>
        {children()}
    }
}
