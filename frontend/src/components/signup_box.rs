//! Sign-up for an activity: places left, the queue, the form (yourself or a
//! child: first name and birth year, checked against the age range with the
//! same rule as the server), and where the new sign-up stands.

use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::Checkbox;
use crate::components::field::Field;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use chrono::{Datelike, Utc};
use fritid_domain::activity::{Activity, ActivityStatus};
use fritid_domain::schedule::oslo_local;
use fritid_domain::signup::{Participant, Signup, SignupRequest, SignupStatus};
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    NoSignup { drop_in: bool },
    Closed,
    NotYet(chrono::DateTime<Utc>),
    Open,
}

/// The result of the last sign-up on this page; kept by the page, so it
/// survives the reload of the activity that follows.
pub type LastSignup = RwSignal<Option<Signup>>;

#[component]
pub fn SignupBox(activity: Signal<Activity>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let last: LastSignup = expect_context();
    let a = activity;

    let places = move || {
        let s = a.with(|a| a.signup.clone());
        match (s.capacity, s.free_places) {
            (Some(capacity), Some(free)) if free > 0 => i18n.t_with(
                "signup-places",
                &[("free", free.into()), ("capacity", capacity.into())],
            ),
            _ => i18n.t_with("signup-full", &[("waiting", s.waiting.into())]),
        }
    };

    // Which state the box is in; the view is rebuilt only when that changes
    // (not when the numbers do), so the form keeps what is typed in it.
    let mode = Memo::new(move |_| {
        a.with(|a| {
            let s = &a.signup;
            let now = Utc::now();
            if !s.required {
                Mode::NoSignup {
                    drop_in: a.threshold.drop_in,
                }
            } else if a.status != ActivityStatus::Published
                || a.upcoming.is_empty()
                || s.closes_at.is_some_and(|t| t <= now)
            {
                Mode::Closed
            } else if let Some(t) = s.opens_at.filter(|t| *t > now) {
                Mode::NotYet(t)
            } else {
                Mode::Open
            }
        })
    });

    let body = move || {
        match mode.get() {
        Mode::NoSignup { drop_in } => {
            let key = if drop_in { "signup-none-drop-in" } else { "signup-none" };
            view! { <p>{move || i18n.t(key)}</p> }.into_any()
        }
        Mode::Closed => {
            // A draft is not closed: it opens when it is published.
            let key = if a.with(|a| a.status == ActivityStatus::Draft) {
                "signup-after-publish"
            } else {
                "signup-closed"
            };
            view! { <p>{move || places()}</p><p>{move || i18n.t(key)}</p> }.into_any()
        }
        Mode::NotYet(t) => view! {
            <p>{move || i18n.t_with("signup-opens", &[("time", format::date_time(i18n.locale.get(), &t).into())])}</p>
        }
        .into_any(),
        Mode::Open => view! {
            <p class="places">{move || places()}</p>
            <Show
                when=move || auth.user().is_some()
                fallback=move || {
                    let next = a.with(|a| format!("/logg-inn?neste=/aktiviteter/{}", a.id));
                    view! { <p><A href=next>{move || i18n.t("signup-login")}</A></p> }
                }
            >
                <SignupForm activity=a version />
            </Show>
        }
        .into_any(),
    }
    };

    let result = move || {
        last.get()
            .filter(|l| a.with(|a| a.id == l.activity_id))
            .map(|l| {
                let text = match (l.status, l.waiting_position) {
                    (SignupStatus::Waiting, Some(position)) => i18n.t_with(
                        "signup-result-waiting",
                        &[
                            ("name", l.first_name.clone().into()),
                            ("position", position.into()),
                        ],
                    ),
                    _ => i18n.t_with(
                        "signup-result-confirmed",
                        &[("name", l.first_name.clone().into())],
                    ),
                };
                view! {
                    <div class="form-success" id="signup-result" role="status" tabindex="-1">
                        <p>{text}</p>
                        <p><A href="/mine-pameldinger">{move || i18n.t("signup-see-mine")}</A></p>
                    </div>
                }
            })
    };

    view! { {result}{body} }
}

#[component]
fn SignupForm(activity: Signal<Activity>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let last: LastSignup = expect_context();
    let form = FormState::new();
    let participant = RwSignal::new(Participant::Child);
    let first_name = RwSignal::new(String::new());
    let birth_year = RwSignal::new(String::new());
    let share_contact = RwSignal::new(false);
    let a = activity;
    let full = move || a.with(|a| a.signup.free_places == Some(0));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let (id, age_min, age_max, year) = a.with_untracked(|a| {
            let year = a
                .upcoming
                .first()
                .map(|o| oslo_local(o.starts_at).year())
                .unwrap_or_else(|| Utc::now().year());
            (a.id.to_string(), a.age_min, a.age_max, year)
        });
        let Ok(year_of_birth) = birth_year.get_untracked().trim().parse::<i16>() else {
            return form.show_validation(ValidationErrors::single(FieldError::new(
                "birth_year",
                "invalid",
                "must be a year",
            )));
        };
        let participant = participant.get_untracked();
        let request = SignupRequest {
            participant,
            first_name: (participant == Participant::Child).then(|| first_name.get_untracked()),
            birth_year: year_of_birth,
            share_contact: share_contact.get_untracked(),
        };
        if let Err(errors) = request.validate(age_min, age_max, year) {
            return form.show_validation(errors);
        }
        form.send(i18n, api::sign_up(auth, id, request), move |signup| {
            // Ready for the next child; the result is announced (role=status).
            first_name.set(String::new());
            birth_year.set(String::new());
            // Consent is given per sign-up, never carried over to the next.
            share_contact.set(false);
            last.set(Some(signup));
            version.update(|v| *v += 1);
        });
    };

    let radio = move |value: Participant, key: &'static str| {
        let id = format!("participant-{}", value.as_str());
        view! {
            <div class="check">
                <input type="radio" name="participant" id=id.clone() value=value.as_str()
                    prop:checked=move || participant.get() == value
                    on:change=move |_| participant.set(value) />
                <label for=id>{move || i18n.t(key)}</label>
            </div>
        }
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            {form.alert(i18n)}
            <fieldset class="checks">
                <legend>{move || i18n.t("signup-who")}</legend>
                {radio(Participant::Child, "signup-child")}
                {radio(Participant::Myself, "signup-myself")}
            </fieldset>
            <Show when=move || participant.get() == Participant::Child>
                <Field id="first_name" autocomplete="off" value=first_name
                    label=Signal::derive(move || i18n.t("signup-first-name")) error=form.field(i18n, "first_name")
                    hint=Signal::derive(move || i18n.t("signup-first-name-hint")) />
            </Show>
            <Field id="birth_year" inputmode="numeric" value=birth_year
                label=Signal::derive(move || i18n.t("signup-birth-year")) error=form.field(i18n, "birth_year")
                hint=Signal::derive(move || a.with(|a| i18n.t_with("signup-birth-year-hint", &[("ages", format::ages(i18n.locale.get(), a.age_min, a.age_max).into())]))) />
            <Checkbox id="share_contact".to_owned() checked=share_contact
                label=Signal::derive(move || i18n.t("signup-share-contact")) />
            <p class="hint">{move || i18n.t("signup-share-contact-hint")}</p>
            <button type="submit" class="primary" disabled=move || form.busy.get()>
                {move || if full() { i18n.t("signup-submit-waiting") } else { i18n.t("signup-submit") }}
            </button>
        </form>
    }
}
