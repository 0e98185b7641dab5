use crate::api;
use crate::components::field::Field;
use crate::components::focus::focus_later;
use crate::components::page::Page;
use crate::form::FormState;
use crate::i18n::use_i18n;
use crate::pages::accounts::login_page::{next_path, with_next};
use fritid_domain::account::RegisterRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

/// Registration. The server answers the same whatever the address, and
/// e-mails a confirmation link; so the page ends with "check your e-mail",
/// and the link (`/bekreft-e-post`) logs the person in and brings them back
/// to where they were going.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let form = FormState::new();
    let next = next_path();

    let submit = move |ev: SubmitEvent| {
        form.begin(ev);
        let request = RegisterRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            display_name: name.get_untracked(),
            language: Some(i18n.locale.get_untracked().language()),
            return_to: Some(next()),
        };
        if let Err(errors) = request.validate() {
            form.show_validation(errors);
            return;
        }
        form.send(
            i18n,
            async move { api::register(&request).await },
            move |accepted| {
                password.set(String::new());
                sent_to.set(Some(accepted.email));
                // Focus lands on the message that says what happens next.
                focus_later("register-sent", false);
            },
        );
    };

    view! {
        <Page title_key="register-title">
            <Show
                when=move || sent_to.get().is_some()
                fallback=move || view! {
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
                }
            >
                <section id="register-sent" class="notice" role="status" tabindex="-1" aria-labelledby="register-sent-title">
                    <h2 id="register-sent-title">{move || i18n.t("register-sent-title")}</h2>
                    <p>{move || i18n.t_with("register-sent-text", &[("email", sent_to.get().unwrap_or_default().into())])}</p>
                    <p>{move || i18n.t("register-sent-none")}</p>
                    <button type="button" class="secondary" on:click=move |_| sent_to.set(None)>
                        {move || i18n.t("register-sent-again")}
                    </button>
                </section>
            </Show>
        </Page>
    }
}
