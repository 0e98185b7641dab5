use crate::api::{self, ApiError};
use crate::auth::use_auth;
use crate::components::page::Page;
use crate::form::problem_text;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Where the link in the confirmation e-mail leads: `/bekreft-e-post#<token>`.
/// The token sits after `#`, so it never reaches a server log; the page
/// sends it, is logged in, and goes on to the page the person registered
/// from.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<String>);
    let token = window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned();
    if token.is_empty() {
        failure.set(Some(i18n.t("confirm-missing")));
    } else {
        leptos::task::spawn_local(async move {
            match api::confirm_email(&token).await {
                Ok(confirmed) => {
                    auth.set_session(confirmed.session);
                    let to = confirmed
                        .return_to
                        .unwrap_or_else(|| "/min-side".to_owned());
                    // Replace this entry: back must not send the spent token again.
                    navigate(
                        &to,
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Err(ApiError::Problem(p)) if p.status == 404 => {
                    failure.set(Some(i18n.t("confirm-expired")));
                }
                Err(error) => failure.set(Some(problem_text(i18n, &error))),
            }
        });
    }
    view! {
        <Page title_key="confirm-title">
            {move || match failure.get() {
                None => view! { <p role="status">{i18n.t("confirm-working")}</p> }.into_any(),
                Some(text) => view! {
                    <p class="form-alert" role="alert">{text}</p>
                    <p>{i18n.t("confirm-failed-help")}</p>
                    <p><A href="/registrer">{i18n.t("confirm-register-again")}</A></p>
                    <p><A href="/logg-inn">{i18n.t("nav-login")}</A></p>
                }.into_any(),
            }}
        </Page>
    }
}
