use crate::components::page::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn LoggedOutPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title_key="logout-title">
            <p>{move || i18n.t("logout-text")}</p>
            <p><A href="/logg-inn">{move || i18n.t("nav-login")}</A></p>
        </Page>
    }
}
