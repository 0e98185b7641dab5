use crate::components::page::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title_key="accessibility-title">
            <p>{move || i18n.t("accessibility-text")}</p>
            <p>{move || i18n.t("accessibility-feedback")}</p>
        </Page>
    }
}
