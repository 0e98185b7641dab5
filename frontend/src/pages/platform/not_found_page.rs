use crate::components::page::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title_key="not-found-title">
            <p>{move || i18n.t("not-found-text")}</p>
            <p><A href="/">{move || i18n.t("not-found-home")}</A></p>
        </Page>
    }
}
