use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::page::Page;
use crate::form::FormState;
use crate::i18n::use_i18n;
use fritid_domain::account::LoginRequest;
use fritid_domain::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where to go after logging in or registering: `?neste=` when it is a path
/// inside the app (never another site), else my page.
pub fn next_path() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query
            .with_untracked(|q| q.get("neste"))
            .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
            .unwrap_or_else(|| "/min-side".to_owned())
    }
}

/// Where someone lands after logging in when no page asked for it: staff
/// where their work is, everyone else on Min side.
pub fn landing_for(roles: &[Role]) -> &'static str {
    if roles.contains(&Role::Admin) {
        "/admin"
    } else if roles.contains(&Role::Caseworker) || roles.contains(&Role::Approver) {
        "/saksbehandling"
    } else if roles.contains(&Role::LendingStaff) {
        "/utlansdesk"
    } else {
        "/min-side"
    }
}

/// `path` keeping the `?neste=` of the current page, for links between
/// the login and registration pages.
pub fn with_next(path: &str) -> String {
    let next = use_query_map().with_untracked(|q| q.get("neste"));
    match next {
        Some(next) => format!("{path}?neste={}", js_sys::encode_uri_component(&next)),
        None => path.to_owned(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new();
    let query = use_query_map();
    let asked_for = move || query.with_untracked(|q| q.get("neste").is_some());
    let next = next_path();

    let submit = move |ev: SubmitEvent| {
        form.begin(ev);
        let request = LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        if let Err(errors) = request.validate() {
            form.show_validation(errors);
            return;
        }
        let navigate = navigate.clone();
        form.send(
            i18n,
            async move { api::login(&request).await },
            move |session| {
                let to = if asked_for() {
                    next()
                } else {
                    landing_for(&session.user.roles).to_owned()
                };
                auth.set_session(session);
                navigate(&to, Default::default());
            },
        );
    };

    view! {
        <Page title_key="login-title">
            <form class="form" on:submit=submit novalidate>
                {form.alert(i18n)}
                <Field id="email" kind="email" autocomplete="username" value=email
                    label=Signal::derive(move || i18n.t("field-email")) error=form.field(i18n, "email") />
                <Field id="password" kind="password" autocomplete="current-password" value=password
                    label=Signal::derive(move || i18n.t("field-password")) error=form.field(i18n, "password") />
                <button type="submit" class="primary" disabled=move || form.busy.get()>
                    {move || i18n.t("login-submit")}
                </button>
            </form>
            <p>{move || i18n.t("login-no-account")} " " <A href=with_next("/registrer")>{move || i18n.t("nav-register")}</A></p>
        </Page>
    }
}
