//! The citizen's sign-ups: confirmed, on the waiting list (with place in
//! line), or cancelled; each active one can be cancelled (after a "yes,
//! cancel"), which gives the place to the next in line, and a cancellation
//! can be undone by signing up again.

use crate::api;
use crate::auth::use_auth;
use crate::components::focus::focus_later;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::format;
use crate::i18n::{use_i18n, I18n};
use fritid_domain::ids::SignupId;
use fritid_domain::signup::{Signup, SignupRequest, SignupStatus};
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
    // The sign-up waiting for "yes, cancel", and the one just cancelled
    // (which can be signed up again: the undo).
    let confirming = RwSignal::new(None::<SignupId>);
    let undo = RwSignal::new(None::<Signup>);

    let cancel = move |s: Signup| {
        failure.set(None);
        confirming.set(None);
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
                    undo.set(Some(s));
                    version.update(|v| *v += 1);
                    focus_later("signups-message", false);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    // Undo: the same participant signs up again. The place may have gone
    // to the next in line meanwhile; then it is the waiting list, and the
    // message says so.
    let sign_up_again = move |s: Signup| {
        failure.set(None);
        undo.set(None);
        leptos::task::spawn_local(async move {
            let request = SignupRequest {
                participant: s.participant,
                first_name: Some(s.first_name.clone()),
                birth_year: s.birth_year.unwrap_or_default(),
                // Undo restores the choice made before.
                share_contact: s.share_contact,
            };
            match api::sign_up(auth, s.activity_id.to_string(), request).await {
                Ok(again) => {
                    let text = match (again.status, again.waiting_position) {
                        (SignupStatus::Waiting, Some(position)) => i18n.t_with(
                            "signup-result-waiting",
                            &[
                                ("name", again.first_name.clone().into()),
                                ("position", position.into()),
                            ],
                        ),
                        _ => i18n.t_with(
                            "signup-result-confirmed",
                            &[("name", again.first_name.clone().into())],
                        ),
                    };
                    notice.set(Some(text));
                    version.update(|v| *v += 1);
                    focus_later("signups-message", false);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    view! {
        <Page title_key="my-signups-title">
            <div id="signups-message" tabindex="-1" role="status">
                {move || notice.get().map(|text| view! { <p class="form-success">{text}</p> })}
                {move || undo.get().map(|s| {
                    let label = i18n.t_with("my-signups-undo", &[("name", s.first_name.clone().into())]);
                    view! {
                        <p><button type="button" class="secondary" on:click=move |_| sign_up_again(s.clone())>{label}</button></p>
                    }
                })}
            </div>
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
                            let question = i18n.t_with("my-signups-cancel-question", &[("name", s.first_name.clone().into()), ("activity", s.activity_title.clone().into())]);
                            let id = s.id;
                            let question_id = format!("cancel-question-{id}");
                            let s2 = s.clone();
                            view! {
                                <li class="card">
                                    <SignupFacts signup=s.clone() />
                                    <ContactChoice id=s.id.to_string() shared=s.share_contact />
                                    <Show
                                        when=move || confirming.get() == Some(id)
                                        fallback=move || view! {
                                            <button type="button" class="secondary" aria-label=label.clone() on:click=move |_| {
                                                confirming.set(Some(id));
                                                focus_later(&format!("cancel-question-{id}"), false);
                                            }>
                                                {move || i18n.t("my-signups-cancel")}
                                            </button>
                                        }
                                    >
                                        <div class="confirm" role="group" aria-labelledby=question_id.clone()>
                                            <p id=question_id.clone() tabindex="-1"><strong>{question.clone()}</strong></p>
                                            <p>
                                                <button type="button" class="primary" on:click={
                                                    let s2 = s2.clone();
                                                    move |_| cancel(s2.clone())
                                                }>{move || i18n.t("my-signups-cancel-yes")}</button>
                                                " "
                                                <button type="button" class="secondary" on:click=move |_| confirming.set(None)>
                                                    {move || i18n.t("my-signups-cancel-no")}
                                                </button>
                                            </p>
                                        </div>
                                    </Show>
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

/// Whether the organizer may see the account holder's name and e-mail;
/// saved at once, and said so.
#[component]
fn ContactChoice(id: String, shared: bool) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let checked = RwSignal::new(shared);
    let said = RwSignal::new(None::<Result<bool, crate::api::ApiError>>);
    let box_id = format!("share-contact-{id}");
    let status_id = format!("share-contact-status-{id}");
    let change = move |_| {
        let id = id.clone();
        let share = checked.get_untracked();
        leptos::task::spawn_local(async move {
            let result = crate::api::update_signup_contact(auth, id, share)
                .await
                .map(|s| s.share_contact);
            if let Ok(now) = &result {
                checked.set(*now);
            } else {
                checked.set(!share);
            }
            said.set(Some(result));
        });
    };
    view! {
        <div class="check">
            <input type="checkbox" id=box_id.clone() bind:checked=checked on:change=change aria-describedby=status_id.clone() />
            <label for=box_id>{move || i18n.t("signup-share-contact")}</label>
        </div>
        <p id=status_id class="hint" role="status">{move || said.get().map(|r| match r {
            Ok(true) => i18n.t("signup-share-contact-on"),
            Ok(false) => i18n.t("signup-share-contact-off"),
            Err(e) => crate::form::problem_text(i18n, &e),
        })}</p>
    }
}
