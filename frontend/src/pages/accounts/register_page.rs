use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::page::Page;
use crate::form::FormState;
use crate::i18n::use_i18n;
use crate::pages::accounts::login_page::{next_path, with_next};
use fritid_domain::account::RegisterRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new();
    let next = next_path();

    let submit = move |ev: SubmitEvent| {
        form.begin(ev);
        let request = RegisterRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            display_name: name.get_untracked(),
            language: Some(i18n.locale.get_untracked().language()),
        };
        if let Err(errors) = request.validate() {
            form.show_validation(errors);
            return;
        }
        let navigate = navigate.clone();
        form.send(
            i18n,
            async move { api::register(&request).await },
            move |session| {
                auth.set_session(session);
                navigate(&next(), Default::default());
            },
        );
    };

    view! {
        <Page title_key="register-title">
            <form class="form" on:submit=submit novalidate>
                {form.alert(i18n)}
                <Field id="display_name" autocomplete="name" value=name
                    label=Signal::derive(move || i18n.t("field-display-name")) error=form.field(i18n, "display_name") />
                <Field id="email" kind="email" autocomplete="email" value=email
                    label=Signal::derive(move || i18n.t("field-email")) error=form.field(i18n, "email") />
                <Field id="password" kind="password" autocomplete="new-password" value=password
                    label=Signal::derive(move || i18n.t("field-password")) error=form.field(i18n, "password")
                    hint=Signal::derive(move || i18n.t("field-password-hint")) />
                <button type="submit" class="primary" disabled=move || form.busy.get()>
                    {move || i18n.t("register-submit")}
                </button>
            </form>
            <p>{move || i18n.t("register-have-account")} " " <A href=with_next("/logg-inn")>{move || i18n.t("nav-login")}</A></p>
        </Page>
    }
}
