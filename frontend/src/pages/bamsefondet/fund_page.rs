//! `/bamsefondet`: what the fund is, in plain words, how applying works,
//! the open round, and the family's own applications. "Søk om støtte"
//! starts a draft (with the activity when coming from one) and opens the
//! wizard.

use super::status_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::bamsefondet::application::ApplicationDraft;
use fritid_domain::ids::ActivityId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn FundPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let activity = move || query.with(|q| q.get("aktivitet"));
    let funds = LocalResource::new(move || api::funds(auth));
    let failure = RwSignal::new(None::<api::ApiError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();

    let start = move |round: fritid_domain::ids::RoundId| {
        let navigate = navigate.clone();
        busy.set(true);
        let activity_id = activity().and_then(|a| a.parse().ok()).map(ActivityId);
        leptos::task::spawn_local(async move {
            let draft = ApplicationDraft {
                activity_id,
                ..ApplicationDraft::empty(round)
            };
            match api::start_fund_application(auth, draft).await {
                Ok(a) => navigate(
                    &format!("/bamsefondet/soknader/{}/rediger", a.id),
                    Default::default(),
                ),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };

    view! {
        <Page title_key="fund-title">
            <p class="lead">{move || i18n.t("fund-intro")}</p>
            <h2>{move || i18n.t("fund-how-title")}</h2>
            <ol class="steps">
                <li>{move || i18n.t("fund-how-1")}</li>
                <li>{move || i18n.t("fund-how-2")}</li>
                <li>{move || i18n.t("fund-how-3")}</li>
            </ol>
            {move || failure.get().map(|error| view! { <ErrorText error /> })}
            {loaded(funds, move |funds| {
                let open = funds.iter().flat_map(|f| f.rounds.iter()).find(|r| r.open).cloned();
                match open {
                    None => view! { <p>{move || i18n.t("fund-no-open-round")}</p> }.into_any(),
                    Some(round) => {
                        let max = round.max_per_child_nok;
                        let name = round.name.clone();
                        let id = round.id;
                        let start = start.clone();
                        view! {
                            <p>{move || i18n.t_with("fund-round", &[("round", name.clone().into()), ("max", format::nok(i18n.locale.get(), i64::from(max)).into())])}</p>
                            {move || if auth.user().is_some() {
                                let start = start.clone();
                                view! { <p><button type="button" class="primary" disabled=busy on:click=move |_| start(id)>{move || i18n.t("fund-start")}</button></p> }.into_any()
                            } else {
                                let next = format!("/logg-inn?neste=/bamsefondet{}", activity().map(|a| format!("?aktivitet={a}")).unwrap_or_default());
                                view! { <p><A href=next attr:class="button-link">{move || i18n.t("fund-login-to-apply")}</A></p> }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
            {move || auth.user().is_some().then(|| view! { <MyApplications /> })}
        </Page>
    }
}

#[component]
fn MyApplications() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let mine = LocalResource::new(move || api::my_fund_applications(auth));
    view! {
        <h2>{move || i18n.t("fund-mine-title")}</h2>
        {loaded(mine, move |list| {
            if list.is_empty() {
                return view! { <p>{move || i18n.t("fund-mine-none")}</p> }.into_any();
            }
            view! {
                <ul class="card-list">
                    {list.into_iter().map(|a| {
                        let who = a.child_first_name.clone().unwrap_or_else(|| i18n.t("fund-no-name"));
                        let what = a.activity.as_ref().map(|x| x.title.clone()).or(a.activity_name.clone()).unwrap_or_default();
                        let href = format!("/bamsefondet/soknader/{}", a.id);
                        let status = a.status;
                        view! {
                            <li class="card">
                                <h3><A href=href>{who}{(!what.is_empty()).then(|| format!(" – {what}"))}</A></h3>
                                <p>{move || status_text(i18n, status)}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

/// `/bamsefondet/overta?token=…`: the guardian takes over an application a
/// coach started, then completes it in the wizard.
#[component]
pub fn ClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<api::ApiError>);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !auth.is_ready() {
            return done.unwrap_or(false);
        }
        let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::claim_fund_application(auth, token).await {
                Ok(a) => navigate(
                    &format!("/bamsefondet/soknader/{}/rediger", a.id),
                    Default::default(),
                ),
                Err(e) => failure.set(Some(e)),
            }
        });
        true
    });
    view! {
        <Page title_key="fund-claim-title">
            <p role="status">{move || if failure.get().is_none() { i18n.t("loading") } else { String::new() }}</p>
            {move || failure.get().map(|error| view! { <ErrorText error /> })}
        </Page>
    }
}
