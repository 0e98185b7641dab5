use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::page::Page;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::account::ChangePasswordRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let changed = RwSignal::new(false);
    let form = FormState::new();

    let submit = move |ev: SubmitEvent| {
        form.begin(ev);
        changed.set(false);
        let Some(user) = auth.user() else { return };
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        if let Err(errors) = request.validate(&user.email) {
            form.show_validation(errors);
            return;
        }
        form.send(i18n, api::change_password(auth, request), move |session| {
            auth.set_session(session);
            current.set(String::new());
            new.set(String::new());
            changed.set(true);
        });
    };

    let roles = move || {
        auth.user()
            .map(|u| {
                u.roles
                    .iter()
                    .map(|r| i18n.t(&format!("role-{}", r.as_str())))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };

    view! {
        <Page title_key="account-title">
            <dl class="facts">
                <dt>{move || i18n.t("account-name")}</dt>
                <dd>{move || auth.user().map(|u| u.display_name).unwrap_or_default()}</dd>
                <dt>{move || i18n.t("account-email")}</dt>
                <dd>{move || auth.user().map(|u| u.email).unwrap_or_default()}</dd>
                <dt>{move || i18n.t("account-roles")}</dt>
                <dd>{roles}</dd>
                <dt>{move || i18n.t("account-member-since")}</dt>
                <dd>{move || auth.user().map(|u| format::date_time(i18n.locale.get(), &u.created_at)).unwrap_or_default()}</dd>
            </dl>
            <h2>{move || i18n.t("account-change-password")}</h2>
            <form class="form" on:submit=submit novalidate>
                // For password managers: which account the new password belongs to.
                <input type="email" name="username" autocomplete="username" hidden readonly
                    prop:value=move || auth.user().map(|u| u.email).unwrap_or_default() />
                {form.alert(i18n)}
                <Show when=move || changed.get()>
                    <p class="form-success" role="status">{move || i18n.t("account-password-changed")}</p>
                </Show>
                <Field id="current_password" kind="password" autocomplete="current-password" value=current
                    label=Signal::derive(move || i18n.t("field-current-password")) error=form.field(i18n, "current_password") />
                <Field id="new_password" kind="password" autocomplete="new-password" value=new
                    label=Signal::derive(move || i18n.t("field-new-password")) error=form.field(i18n, "new_password")
                    hint=Signal::derive(move || i18n.t("field-password-hint")) />
                <button type="submit" class="primary" disabled=move || form.busy.get()>
                    {move || i18n.t("account-change-password-submit")}
                </button>
            </form>
        </Page>
    }
}
