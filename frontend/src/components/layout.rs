//! The frame of every page: skip link, header with the main navigation,
//! language switch and account menu, and the footer.

use crate::api;
use crate::auth::use_auth;
use crate::i18n::use_i18n;
use fritid_domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    // The router would treat the fragment link as a navigation; move focus ourselves.
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };
    view! { <a class="skip-link" href="#main" on:click=skip>{move || i18n.t("skip-to-content")}</a> }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let log_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // The cookie is cleared even if the server cannot be reached.
            let _ = api::logout().await;
            auth.clear();
            navigate("/logget-ut", Default::default());
        });
    };
    let other = move || i18n.locale.get().other();
    // The choice is stored on the account too, so messages follow it.
    let switch_language = move |locale: crate::i18n::Locale| {
        i18n.set(locale);
        if let Some(user) = auth.user() {
            let preferences = fritid_domain::notification::Preferences {
                language: locale.language(),
                email_reminders: user.email_reminders,
            };
            leptos::task::spawn_local(async move {
                if let Ok(me) = api::update_preferences(auth, preferences).await {
                    auth.set_user(me);
                }
            });
        }
    };
    view! {
        <header class="site-header">
            <div class="header-top">
                <A href="/" attr:class="brand">{move || i18n.t("app-name")}</A>
                <span class="owner">{move || i18n.t("owner")}</span>
                <button
                    type="button"
                    class="lang-switch"
                    lang=move || other().code()
                    aria-label=move || i18n.t("language-switch-label")
                    on:click=move |_| switch_language(other())
                >
                    {move || i18n.t("language-switch")}
                </button>
            </div>
            <nav aria-label=move || i18n.t("nav-label")>
                <ul class="nav">
                    <li><A href="/aktiviteter">{move || i18n.t("nav-activities")}</A></li>
                    <li><A href="/bamsefondet">{move || i18n.t("nav-fund")}</A></li>
                    <li><A href="/utlan">{move || i18n.t("nav-lending")}</A></li>
                    <Show when=move || auth.has_role(Role::Caseworker) || auth.has_role(Role::Approver)>
                        <li><A href="/saksbehandling">{move || i18n.t("nav-casework")}</A></li>
                    </Show>
                    <Show when=move || auth.has_role(Role::LendingStaff)>
                        <li><A href="/utlansdesk">{move || i18n.t("nav-lending-desk")}</A></li>
                    </Show>
                    <Show when=move || auth.has_role(Role::Admin)>
                        <li><A href="/admin">{move || i18n.t("nav-admin")}</A></li>
                    </Show>
                </ul>
                <ul class="nav nav-account">
                    <Show
                        when=move || auth.user().is_some()
                        fallback=move || view! {
                            <li><A href="/logg-inn">{move || i18n.t("nav-login")}</A></li>
                            <li><A href="/registrer">{move || i18n.t("nav-register")}</A></li>
                        }
                    >
                        <li><A href="/mine-pameldinger">{move || i18n.t("nav-my-signups")}</A></li>
                        <li><A href="/min-side">{move || i18n.t("nav-account")}</A></li>
                        <li>
                            <button type="button" class="link-button" on:click=log_out.clone()>
                                {move || i18n.t("nav-logout")}
                            </button>
                        </li>
                    </Show>
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{move || i18n.t("footer-contact")}</p>
            <p>
                <A href="/tilgjengelighet">{move || i18n.t("footer-accessibility")}</A>
                " · "
                <A href="/personvern">{move || i18n.t("footer-privacy")}</A>
                " · "
                <a href="/api/docs/">{move || i18n.t("footer-api")}</a>
                " · "
                // Clubs find their pages here; parents are not shown them up top.
                <A href="/arrangor">{move || i18n.t("nav-organizer")}</A>
            </p>
        </footer>
    }
}
