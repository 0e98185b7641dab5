//! The citizen's sign-ups: confirmed, on the waiting list (with place in
//! line), or cancelled; each active one can be cancelled, which gives the
//! place to the next in line.

use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::format;
use crate::i18n::{use_i18n, I18n};
use fritid_domain::signup::{Signup, SignupStatus};
use leptos::prelude::*;
use leptos_router::components::A;

pub fn status_text(i18n: I18n, s: &Signup) -> String {
    match (s.status, s.waiting_position) {
        (SignupStatus::Waiting, Some(position)) => {
            i18n.t_with("signup-status-waiting", &[("position", position.into())])
        }
        (status, _) => i18n.t(&format!("signup-status-{}", status.as_str())),
    }
}

#[component]
pub fn MySignupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let version = RwSignal::new(0u32);
    let signups = LocalResource::new(move || {
        version.track();
        api::my_signups(auth)
    });
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<api::ApiError>);

    let cancel = move |s: Signup| {
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api::cancel_signup(auth, s.id.to_string()).await {
                Ok(_) => {
                    notice.set(Some(i18n.t_with(
                        "my-signups-cancelled",
                        &[
                            ("name", s.first_name.clone().into()),
                            ("activity", s.activity_title.clone().into()),
                        ],
                    )));
                    version.update(|v| *v += 1);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    view! {
        <Page title_key="my-signups-title">
            <p role="status">{move || notice.get()}</p>
            {move || failure.get().map(|error| view! { <ErrorText error /> })}
            {loaded(signups, move |list| {
                let (active, past): (Vec<_>, Vec<_>) =
                    list.into_iter().partition(|s| s.status != SignupStatus::Cancelled);
                if active.is_empty() && past.is_empty() {
                    return view! {
                        <p>{move || i18n.t("my-signups-none")}" "<A href="/aktiviteter">{move || i18n.t("my-signups-find")}</A></p>
                    }
                    .into_any();
                }
                view! {
                    <ul class="signups">
                        {active.into_iter().map(|s| {
                            let label = i18n.t_with("my-signups-cancel-label", &[("name", s.first_name.clone().into()), ("activity", s.activity_title.clone().into())]);
                            let s2 = s.clone();
                            view! {
                                <li class="card">
                                    <SignupFacts signup=s.clone() />
                                    <button type="button" class="secondary" aria-label=label on:click=move |_| cancel(s2.clone())>
                                        {move || i18n.t("my-signups-cancel")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(!past.is_empty()).then(|| view! {
                        <h2>{move || i18n.t("my-signups-cancelled-heading")}</h2>
                        <ul class="signups">
                            {past.into_iter().map(|s| view! { <li class="card"><SignupFacts signup=s /></li> }).collect_view()}
                        </ul>
                    })}
                }
                .into_any()
            })}
        </Page>
    }
}

#[component]
fn SignupFacts(signup: Signup) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(signup);
    let href = s.with_value(|s| format!("/aktiviteter/{}", s.activity_id));
    view! {
        <h2 class="card-title"><A href=href>{s.with_value(|s| s.activity_title.clone())}</A></h2>
        <dl class="card-facts">
            <dt>{move || i18n.t("signup-participant")}</dt>
            <dd>{move || s.with_value(|s| match s.birth_year {
                Some(y) => format!("{} ({y})", s.first_name),
                None => s.first_name.clone(),
            })}</dd>
            <dt>{move || i18n.t("signup-status")}</dt>
            <dd class="signup-status">{move || s.with_value(|s| status_text(i18n, s))}</dd>
            <dt>{move || i18n.t("activity-when")}</dt>
            <dd>{move || s.with_value(|s| s.next_starts_at.map(|t| format::date_time(i18n.locale.get(), &t)).unwrap_or_else(|| i18n.t("activity-no-dates")))}</dd>
            <dt>{move || i18n.t("activity-organizer")}</dt>
            <dd>{move || s.with_value(|s| s.organization.name.clone())}</dd>
        </dl>
    }
}
