//! Bamsefondet in a club's organizer area (`/arrangor/:id`):
//! - a coach (any member) starts an application for a child of the club;
//!   the guardian gets a link, completes and sends it — nothing is sent
//!   without the guardian;
//! - the club's administrators see the grants to be paid to the club
//!   (child's first name, activity, amount — nothing about the family) and
//!   confirm that the child takes part, after which the fund pays.

use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::account::Email;
use fritid_domain::bamsefondet::application::ApplicationDraft;
use fritid_domain::ids::ActivityId;
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;

#[component]
pub fn ClubFundSection(organization: String, is_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="club-fund">
            <h2 id="club-fund">{move || i18n.t("club-fund-title")}</h2>
            {is_admin.then(|| view! { <ClubGrants organization=organization.clone() /> })}
            <StartForGuardian organization />
        </section>
    }
}

#[component]
fn ClubGrants(organization: String) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let version = RwSignal::new(0u32);
    let org = StoredValue::new(organization);
    let grants = LocalResource::new(move || {
        version.track();
        api::club_grants(auth, org.get_value())
    });
    let error = RwSignal::new(None::<api::ApiError>);
    let confirm = move |id: String| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::confirm_participation(auth, id).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h3>{move || i18n.t("club-fund-grants")}</h3>
        <p>{move || i18n.t("club-fund-grants-intro")}</p>
        {move || error.get().map(|error| view! { <ErrorText error /> })}
        {loaded(grants, move |list| {
            if list.is_empty() {
                return view! { <p>{move || i18n.t("club-fund-no-grants")}</p> }.into_any();
            }
            view! {
                <ul class="grants">
                    {list.into_iter().map(|g| {
                        let id = g.application_id.to_string();
                        let amount = i64::from(g.amount_nok);
                        let who = g.child_first_name.clone();
                        let label = i18n.t_with("club-fund-confirm-label", &[("name", who.clone().into())]);
                        let state = match (g.paid, g.participation_confirmed_at) {
                            (true, _) => view! { <span class="chip">{move || i18n.t("club-fund-paid")}</span> }.into_any(),
                            (false, Some(_)) => view! { <span class="chip">{move || i18n.t("club-fund-confirmed")}</span> }.into_any(),
                            (false, None) => view! {
                                <button type="button" class="primary small" aria-label=label on:click=move |_| confirm(id.clone())>
                                    {move || i18n.t("club-fund-confirm")}
                                </button>
                            }.into_any(),
                        };
                        view! {
                            <li class="card">
                                <strong>{who}</strong>" – "{g.activity_title.clone()}" – "
                                {move || format::nok(i18n.locale.get(), amount)}" "{state}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}

#[component]
fn StartForGuardian(organization: String) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = FormState::new();
    let org = StoredValue::new(organization);
    let activities =
        LocalResource::new(move || api::organization_activities(auth, org.get_value()));
    let funds = LocalResource::new(move || api::funds(auth));
    let activity = RwSignal::new(String::new());
    let child = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let activity_options = Signal::derive(move || {
        let mut o = vec![(String::new(), i18n.t("club-fund-choose-activity"))];
        if let Some(Ok(list)) = activities.get() {
            o.extend(list.into_iter().map(|a| (a.id.to_string(), a.title)));
        }
        o
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        sent_to.set(None);
        let mut errors = ValidationErrors::new();
        let address = errors.check(Email::parse("guardian_email", &email.get_untracked()));
        let activity_id = activity.get_untracked().parse().ok().map(ActivityId);
        if activity_id.is_none() {
            errors.push(FieldError::new(
                "draft.activity_id",
                "required",
                "choose the activity",
            ));
        }
        let name = child.get_untracked().trim().to_owned();
        if name.is_empty() {
            errors.push(FieldError::new(
                "draft.child_first_name",
                "required",
                "the child's first name",
            ));
        }
        let round = funds.get_untracked().and_then(|f| f.ok()).and_then(|f| {
            f.iter()
                .flat_map(|f| f.rounds.iter())
                .find(|r| r.open)
                .map(|r| r.id)
        });
        if round.is_none() {
            errors.push(FieldError::new(
                "draft.round_id",
                "closed",
                "no round is open now",
            ));
        }
        let started = errors.finish(|| {
            Some((
                address?.as_str().to_owned(),
                ApplicationDraft {
                    child_first_name: Some(name),
                    activity_id,
                    ..ApplicationDraft::empty(round?)
                },
            ))
        });
        let (guardian, draft) = match started {
            Ok(s) => s,
            Err(errors) => return form.show_validation(errors),
        };
        form.send(
            i18n,
            api::start_for_guardian(auth, guardian, draft),
            move |address| {
                email.set(String::new());
                child.set(String::new());
                sent_to.set(Some(address));
            },
        );
    };
    view! {
        <h3>{move || i18n.t("club-fund-start")}</h3>
        <p>{move || i18n.t("club-fund-start-intro")}</p>
        <form class="form" novalidate on:submit=submit>
            {form.alert(i18n)}
            {move || sent_to.get().map(|address| view! {
                <p class="form-success" role="status">{i18n.t_with("club-fund-sent", &[("email", address.into())])}</p>
            })}
            <SelectField id="club-fund-activity" value=activity options=activity_options
                label=Signal::derive(move || i18n.t("club-fund-activity")) error=form.field(i18n, "draft.activity_id") />
            <Field id="club-fund-child" value=child label=Signal::derive(move || i18n.t("club-fund-child"))
                hint=Signal::derive(move || i18n.t("club-fund-child-hint")) error=form.field(i18n, "draft.child_first_name") />
            <Field id="club-fund-email" kind="email" value=email label=Signal::derive(move || i18n.t("club-fund-guardian-email"))
                error=form.field(i18n, "guardian_email") />
            {move || form.field(i18n, "draft.round_id").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("club-fund-send")}</button>
        </form>
    }
}
