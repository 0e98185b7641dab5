//! Personvernerklæring: what Fritid stores about people, why, for how long
//! and who sees it.

use crate::components::page::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// (heading key, text key) for each part of the statement.
const SECTIONS: [(&str, &str); 7] = [
    ("privacy-who-title", "privacy-who"),
    ("privacy-what-title", "privacy-what"),
    ("privacy-why-title", "privacy-why"),
    ("privacy-seen-title", "privacy-seen"),
    ("privacy-how-long-title", "privacy-how-long"),
    ("privacy-email-title", "privacy-email"),
    ("privacy-rights-title", "privacy-rights"),
];

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title_key="privacy-title">
            <p>{move || i18n.t("privacy-intro")}</p>
            {SECTIONS
                .into_iter()
                .map(|(title, text)| view! {
                    <h2>{move || i18n.t(title)}</h2>
                    <p>{move || i18n.t(text)}</p>
                })
                .collect_view()}
        </Page>
    }
}
