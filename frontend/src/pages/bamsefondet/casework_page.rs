//! `/saksbehandling`: the caseworker queue — oldest first, filtered by
//! round, state, district, who holds the case and how long it has waited,
//! with the count per state. `/saksbehandling/godkjenning`: the approver's
//! inbox, the recommendations and appeals that wait for a second person.

use super::status_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::bamsefondet::case::Status;
use fritid_domain::bamsefondet::staff::Queue;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CaseworkPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let round = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let district = RwSignal::new(String::new());
    let assigned = RwSignal::new(String::new());
    let waited = RwSignal::new(String::new());
    let funds = LocalResource::new(move || api::funds(auth));
    let districts = LocalResource::new(move || api::districts(auth));
    // The open round is where the work is: chosen once the rounds are known.
    Effect::new(move |chosen: Option<bool>| {
        if chosen == Some(true) {
            return true;
        }
        let Some(Ok(funds)) = funds.get() else {
            return false;
        };
        if let Some(open) = funds.iter().flat_map(|f| f.rounds.iter()).find(|r| r.open) {
            round.set(open.id.to_string());
        }
        true
    });
    let queue = LocalResource::new(move || {
        let mut q = vec!["per_page=50".to_owned()];
        for (name, value) in [
            ("round", round.get()),
            ("status", status.get()),
            ("district", district.get()),
            ("assigned", assigned.get()),
            ("min_days", waited.get()),
        ] {
            if !value.is_empty() {
                q.push(format!("{name}={value}"));
            }
        }
        api::cases(auth, q.join("&"))
    });
    let all = move || (String::new(), i18n.t("casework-all"));
    let round_options = Signal::derive(move || {
        let mut o = vec![all()];
        if let Some(Ok(funds)) = funds.get() {
            o.extend(funds.iter().flat_map(|f| {
                f.rounds
                    .iter()
                    .map(move |r| (r.id.to_string(), format!("{} – {}", f.name, r.name)))
            }));
        }
        o
    });
    let status_options = Signal::derive(move || {
        let mut o = vec![all()];
        o.extend(
            Status::ALL
                .iter()
                .filter(|s| s.is_open_case() || matches!(s, Status::Decided | Status::Paid))
                .map(|s| (s.as_str().to_owned(), status_text(i18n, *s))),
        );
        o
    });
    let district_options = Signal::derive(move || {
        let mut o = vec![all()];
        if let Some(Ok(list)) = districts.get() {
            o.extend(list.into_iter().map(|d| (d.slug, d.name)));
        }
        o
    });
    let assigned_options = Signal::derive(move || {
        vec![
            all(),
            ("me".into(), i18n.t("casework-mine")),
            ("unassigned".into(), i18n.t("casework-unassigned")),
        ]
    });
    let waited_options = Signal::derive(move || {
        let mut o = vec![all()];
        o.extend([7, 14, 30].map(|d| {
            (
                d.to_string(),
                i18n.t_with("casework-waited-days", &[("days", d.into())]),
            )
        }));
        o
    });
    let none = || Signal::derive(|| None::<String>);
    view! {
        <Page title_key="casework-title">
            <p><A href="/saksbehandling/godkjenning">{move || i18n.t("casework-inbox-link")}</A></p>
            <div class="filters">
                <SelectField id="round" label=Signal::derive(move || i18n.t("casework-round")) value=round options=round_options error=none() />
                <SelectField id="status" label=Signal::derive(move || i18n.t("casework-status")) value=status options=status_options error=none() />
                <SelectField id="district" label=Signal::derive(move || i18n.t("fund-district")) value=district options=district_options error=none() />
                <SelectField id="assigned" label=Signal::derive(move || i18n.t("casework-assigned")) value=assigned options=assigned_options error=none() />
                <SelectField id="waited" label=Signal::derive(move || i18n.t("casework-waited")) value=waited options=waited_options error=none() />
            </div>
            {loaded(queue, move |q| view! { <CaseTable queue=q counts=true /> })}
        </Page>
    }
}

/// What waits for an approver: recommendations to confirm, change or
/// return, and appeals to decide (by someone other than the first decider).
#[component]
pub fn ApproverInboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let queue = LocalResource::new(move || {
        api::cases(auth, "status=recommended,appealed&per_page=100".into())
    });
    view! {
        <Page title_key="casework-inbox-title">
            <p>{move || i18n.t("casework-inbox-intro")}</p>
            <p><A href="/saksbehandling">{move || i18n.t("casework-queue-link")}</A></p>
            {loaded(queue, move |q| view! { <CaseTable queue=q counts=false /> })}
        </Page>
    }
}

/// One page of cases as a table (a link to each), with the count per
/// state above it when `counts`.
#[component]
fn CaseTable(queue: Queue, counts: bool) -> impl IntoView {
    let i18n = use_i18n();
    let q = queue;
    view! {
        {counts.then(|| view! {
            <p class="chips">
                {q.counts.clone().into_iter().map(|c| {
                    let (s, n) = (c.status, c.count);
                    view! { <span class="chip">{move || status_text(i18n, s)}": "{n}</span>" " }
                }).collect_view()}
            </p>
        })}
        <p role="status">{let total = q.total; move || i18n.t_with("casework-count", &[("count", total.into())])}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || i18n.t("casework-title")>
            <table>
                <thead><tr>
                    <th scope="col">{move || i18n.t("casework-child")}</th>
                    <th scope="col">{move || i18n.t("casework-round")}</th>
                    <th scope="col">{move || i18n.t("fund-district")}</th>
                    <th scope="col">{move || i18n.t("casework-amount")}</th>
                    <th scope="col">{move || i18n.t("casework-status")}</th>
                    <th scope="col">{move || i18n.t("casework-days")}</th>
                    <th scope="col">{move || i18n.t("casework-assigned")}</th>
                </tr></thead>
                <tbody>
                    {q.items.into_iter().map(|c| {
                        let (s, amount) = (c.status, i64::from(c.requested_nok));
                        view! {
                            <tr>
                                <td><A href=format!("/saksbehandling/{}", c.id)>{c.child_first_name.clone().unwrap_or_default()}</A></td>
                                <td>{c.round_name.clone()}</td>
                                <td>{c.district.clone().unwrap_or_default()}</td>
                                <td>{move || format::nok(i18n.locale.get(), amount)}</td>
                                <td>{move || status_text(i18n, s)}</td>
                                <td>{c.days_since_submitted}</td>
                                <td>{c.assigned_to.as_ref().map(|a| a.name.clone()).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
