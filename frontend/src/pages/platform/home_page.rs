use crate::components::page::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title_key="home-title">
            <p class="lead">{move || i18n.t("home-intro")}</p>
            <ul class="areas">
                <li>
                    <h2><A href="/aktiviteter">{move || i18n.t("nav-activities")}</A></h2>
                    <p>{move || i18n.t("home-activities-text")}</p>
                </li>
                <li>
                    <h2><A href="/bamsefondet">{move || i18n.t("nav-fund")}</A></h2>
                    <p>{move || i18n.t("home-fund-text")}</p>
                </li>
                <li>
                    <h2><A href="/utlan">{move || i18n.t("nav-lending")}</A></h2>
                    <p>{move || i18n.t("home-lending-text")}</p>
                </li>
            </ul>
        </Page>
    }
}
