//! The participant list of one activity, for the organization's members
//! only (the API answers 403 to anyone else): confirmed in order of sign-up,
//! then the waiting list in queue order.

use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::format;
use crate::i18n::use_i18n;
use crate::pages::aktiviteter::my_signups_page::status_text;
use fritid_domain::signup::{Signup, SignupStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ParticipantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let activity = LocalResource::new(move || api::activity(auth, id()));
    let participants = LocalResource::new(move || api::participants(auth, id()));
    let title = Signal::derive(move || {
        let name = activity
            .get()
            .and_then(Result::ok)
            .map(|a| a.title)
            .unwrap_or_default();
        i18n.t_with("participants-title", &[("activity", name.into())])
    });
    view! {
        <Page title>
            <p><A href=move || format!("/aktiviteter/{}", id())>{move || i18n.t("participants-back")}</A></p>
            {loaded(participants, move |list: Vec<Signup>| {
                let active: Vec<_> = list.into_iter().filter(|s| s.status != SignupStatus::Cancelled).collect();
                if active.is_empty() {
                    return view! { <p>{move || i18n.t("participants-none")}</p> }.into_any();
                }
                let confirmed = active.iter().filter(|s| s.status == SignupStatus::Confirmed).count();
                let waiting = active.len() - confirmed;
                view! {
                    <p role="status">{move || i18n.t_with("participants-count", &[("confirmed", confirmed.into()), ("waiting", waiting.into())])}</p>
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">{move || i18n.t("participants-caption")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t("signup-participant")}</th>
                                    <th scope="col">{move || i18n.t("signup-birth-year")}</th>
                                    <th scope="col">{move || i18n.t("signup-status")}</th>
                                    <th scope="col">{move || i18n.t("participants-signed-up")}</th>
                                    <th scope="col">{move || i18n.t("participants-guardian")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {active.into_iter().map(|s| {
                                    let s = StoredValue::new(s);
                                    view! {
                                        <tr>
                                            <td>{s.with_value(|s| s.first_name.clone())}</td>
                                            <td>{s.with_value(|s| s.birth_year.map(|y| y.to_string()).unwrap_or_default())}</td>
                                            <td>{move || s.with_value(|s| status_text(i18n, s))}</td>
                                            <td>{move || s.with_value(|s| format::date_time(i18n.locale.get(), &s.created_at))}</td>
                                            <td>{move || s.with_value(|s| match &s.guardian {
                                                Some(g) => view! { {g.name.clone()}<br /><a href=format!("mailto:{}", g.email)>{g.email.clone()}</a> }.into_any(),
                                                None => view! { <span class="hint">{i18n.t("participants-guardian-not-shared")}</span> }.into_any(),
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            })}
        </Page>
    }
}
