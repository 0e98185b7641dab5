//! A page: its one `<h1>` (focus target after navigation) and the document title.

use crate::i18n::use_i18n;
use leptos::prelude::*;

/// A page whose heading is a translation key (`title_key`) or a text from
/// the data (`title`, e.g. an activity's name).
#[component]
pub fn Page(
    #[prop(optional)] title_key: Option<&'static str>,
    #[prop(optional, into)] title: Option<Signal<String>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = Signal::derive(move || match (title, title_key) {
        (Some(title), _) => title.get(),
        (None, Some(key)) => i18n.t(key),
        (None, None) => i18n.t("app-name"),
    });
    Effect::new(move |_| {
        document().set_title(&format!("{} – {}", heading.get(), i18n.t("app-name")));
    });
    view! {
        <h1 id="page-title" tabindex="-1">{heading}</h1>
        {children()}
    }
}
