//! "Slett kontoen min": what deleting the account does — the places that go
//! to the waiting list, the organizations left — shown before the person
//! confirms with the password.

use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::form::FormState;
use crate::i18n::use_i18n;
use fritid_domain::privacy::{AccountDeletion, DeleteAccountRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let preview = LocalResource::new(move || api::account_deletion(auth));
    let password = RwSignal::new(String::new());
    let form = FormState::new();
    let submit = move |ev: SubmitEvent| {
        form.begin(ev);
        let navigate = navigate.clone();
        let request = DeleteAccountRequest {
            password: password.get_untracked(),
        };
        form.send(i18n, api::delete_account(auth, request), move |()| {
            auth.clear();
            navigate("/konto-slettet", Default::default());
        });
    };
    view! {
        <Page title_key="delete-title">
            <p>{move || i18n.t("delete-intro")}</p>
            {loaded(preview, move |p: AccountDeletion| {
                let signups = if p.active_signups.is_empty() {
                    view! { <p>{move || i18n.t("delete-no-signups")}</p> }.into_any()
                } else {
                    view! {
                        <p>{move || i18n.t("delete-signups")}</p>
                        <ul>
                            {p.active_signups.iter().map(|s| view! {
                                <li>{format!("{} – {}", s.first_name, s.activity_title)}</li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                let memberships = (!p.memberships.is_empty()).then(|| view! {
                    <p>{move || i18n.t("delete-memberships")}</p>
                    <ul>
                        {p.memberships.iter().map(|m| {
                            let name = m.organization.name.clone();
                            let sole = m.sole_admin;
                            view! {
                                <li>
                                    {name}
                                    {move || sole.then(|| format!(" ({})", i18n.t("delete-sole-admin")))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                });
                let last_admin = p.last_platform_admin;
                view! {
                    {signups}
                    {memberships}
                    <p>{move || i18n.t("delete-rest")}</p>
                    {move || last_admin.then(|| view! {
                        <p class="form-alert" role="alert">{i18n.t("delete-last-admin")}</p>
                    })}
                }
            })}
            <form class="form" on:submit=submit novalidate>
                {form.alert(i18n)}
                // For password managers: which account the password belongs to.
                <input type="email" name="username" autocomplete="username" hidden readonly
                    prop:value=move || auth.user().map(|u| u.email).unwrap_or_default() />
                <Field id="password" kind="password" autocomplete="current-password" value=password
                    label=Signal::derive(move || i18n.t("delete-password")) error=form.field(i18n, "password") />
                <button type="submit" class="danger" disabled=move || form.busy.get()>
                    {move || i18n.t("delete-submit")}
                </button>
            </form>
        </Page>
    }
}

#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title_key="delete-done-title">
            <p>{move || i18n.t("delete-done")}</p>
        </Page>
    }
}
