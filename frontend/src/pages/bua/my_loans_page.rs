//! `/utlan/mine`: the family's loans. An offer from the waiting list can be
//! taken (or declined) until it expires; a reservation can be cancelled
//! before pickup; equipment out shows its return day (and says so when it
//! is late); places in line show their number.

use super::status_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::focus::focus_later;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::bua::catalogue::Loan;
use fritid_domain::bua::loan::LoanStatus;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MyLoansPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let loans = LocalResource::new(move || api::my_bua_loans(auth));
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<api::ApiError>);
    let act = move |loan: Loan, action: &'static str| {
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api::bua_loan_action(auth, loan.id.to_string(), action).await {
                Ok(l) => {
                    let key = if action == "accept" {
                        "bua-accepted"
                    } else {
                        "bua-cancelled"
                    };
                    notice.set(Some(i18n.t_with(key, &[("model", l.model_name.into())])));
                    loans.refetch();
                    focus_later("loans-message", false);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let leave = move |id: String| {
        leptos::task::spawn_local(async move {
            match api::leave_bua_waitlist(auth, id).await {
                Ok(()) => {
                    notice.set(Some(i18n.t("bua-left-line")));
                    loans.refetch();
                    focus_later("loans-message", false);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <Page title_key="bua-my-loans">
            <div id="loans-message" tabindex="-1" role="status">
                {move || notice.get().map(|t| view! { <p class="form-success">{t}</p> })}
            </div>
            {move || failure.get().map(|error| view! { <ErrorText error /> })}
            {loaded(loans, move |mine| {
                let locale = i18n.locale.get_untracked();
                let empty = mine.current.is_empty() && mine.waiting.is_empty() && mine.history.is_empty();
                view! {
                    {empty.then(|| view! { <p>{move || i18n.t("bua-no-loans")}" "<A href="/utlan">{move || i18n.t("bua-find")}</A></p> })}
                    {(!mine.current.is_empty()).then(|| view! {
                        <h2>{move || i18n.t("bua-current")}</h2>
                        <ul class="results">
                            {mine.current.into_iter().map(|l| {
                                let when = i18n.t_with("bua-period", &[
                                    ("pickup", format::date(locale, l.pickup_on).into()),
                                    ("back", format::date(locale, l.return_on).into()),
                                ]);
                                let status = status_text(i18n, l.status, l.overdue);
                                let offer_until = l.offer_expires_at.map(|t| i18n.t_with("bua-offer-until", &[("time", format::date_time(locale, &t).into())]));
                                let (accept, cancel) = (l.clone(), l.clone());
                                let can_accept = l.status == LoanStatus::Offered;
                                let can_cancel = matches!(l.status, LoanStatus::Offered | LoanStatus::Reserved);
                                let cancel_key = if can_accept { "bua-decline" } else { "bua-cancel" };
                                view! {
                                    <li class="card">
                                        <h3>{format!("{} ({})", l.model_name, l.size)}</h3>
                                        <p class="status-line"><strong>{status}</strong></p>
                                        <p>{format!("{} · {when}", l.location_name)}</p>
                                        {offer_until.map(|t| view! { <p>{t}</p> })}
                                        <p class="actions">
                                            {can_accept.then(|| view! { <button type="button" class="primary" on:click=move |_| act(accept.clone(), "accept")>{move || i18n.t("bua-accept")}</button> })}
                                            {can_cancel.then(|| view! { <button type="button" class="secondary" on:click=move |_| act(cancel.clone(), "cancel")>{move || i18n.t(cancel_key)}</button> })}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!mine.waiting.is_empty()).then(|| view! {
                        <h2>{move || i18n.t("bua-in-line")}</h2>
                        <ul class="results">
                            {mine.waiting.into_iter().map(|w| {
                                let id = w.id.to_string();
                                let place = i18n.t_with("bua-position", &[("position", w.position.into())]);
                                view! {
                                    <li class="card">
                                        <h3>{format!("{} ({})", w.model_name, w.size)}</h3>
                                        <p class="status-line"><strong>{place}</strong></p>
                                        <p>{format!("{} · {}", w.location_name, i18n.t_with("bua-period", &[
                                            ("pickup", format::date(locale, w.pickup_on).into()),
                                            ("back", format::date(locale, w.return_on).into()),
                                        ]))}</p>
                                        <p><button type="button" class="secondary" on:click=move |_| leave(id.clone())>{move || i18n.t("bua-leave-line")}</button></p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!mine.history.is_empty()).then(|| view! {
                        <h2>{move || i18n.t("bua-history")}</h2>
                        <ul class="inline-list">
                            {mine.history.into_iter().map(|l| view! {
                                <li>{format!("{} ({}), {}: {}", l.model_name, l.size, format::date(locale, l.pickup_on), status_text(i18n, l.status, false))}</li>
                            }).collect_view()}
                        </ul>
                    })}
                }
                .into_any()
            })}
        </Page>
    }
}
