//! `/utlansdesk`: the lending desk of a location, on a phone or a counter
//! PC. Today's pickups (hand out by scanning or typing the label), take
//! back with the condition (damage sends the unit to maintenance), walk-in
//! loans for people without an account, overdue loans with contact
//! details, and the maintenance list.

use super::status_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::focus::focus_later;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use chrono::NaiveDate;
use fritid_domain::bua::catalogue::{
    CheckinRequest, CheckoutRequest, Loan, ServiceAction, ServiceRequest, WalkInRequest,
};
use fritid_domain::bua::loan::ReturnCondition;
use leptos::prelude::*;

#[component]
pub fn DeskPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let (location, options) = super::my_location(auth);
    let day = RwSignal::new(String::new());
    let desk = LocalResource::new(move || {
        let (l, d) = (location.get(), day.get());
        async move {
            if l.is_empty() {
                Err(api::ApiError::Network)
            } else {
                api::bua_desk(auth, l, d).await
            }
        }
    });
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<api::ApiError>);
    let done = move |text: String| {
        notice.set(Some(text));
        failure.set(None);
        desk.refetch();
        focus_later("desk-message", false);
    };
    let no_error = Signal::derive(|| None::<String>);

    // Take back.
    let back_label = RwSignal::new(String::new());
    let damaged = RwSignal::new(false);
    let back_note = RwSignal::new(String::new());
    let back_form = FormState::new();
    let take_back = move |ev: leptos::ev::SubmitEvent| {
        back_form.begin(ev);
        let body = CheckinRequest {
            label: back_label.get_untracked(),
            condition: if damaged.get_untracked() {
                ReturnCondition::Damaged
            } else {
                ReturnCondition::Ok
            },
            note: back_note.get_untracked(),
        };
        if let Err(e) = body.validate() {
            back_form.show_validation(e);
            return;
        }
        back_form.send(
            i18n,
            api::bua_checkin(auth, location.get_untracked(), body),
            move |l| {
                back_label.set(String::new());
                back_note.set(String::new());
                damaged.set(false);
                done(i18n.t_with("bua-desk-taken-back", &[("label", l.unit_label.into())]));
            },
        );
    };

    // Walk-in.
    let walk_label = RwSignal::new(String::new());
    let walk_name = RwSignal::new(String::new());
    let walk_phone = RwSignal::new(String::new());
    let walk_return = RwSignal::new(String::new());
    let walk_form = FormState::new();
    let walk_in = move |ev: leptos::ev::SubmitEvent| {
        walk_form.begin(ev);
        let Ok(return_on) = walk_return.get_untracked().parse::<NaiveDate>() else {
            walk_form.show_validation(fritid_domain::ValidationErrors::single(
                fritid_domain::FieldError::new("return_on", "required", "choose a day"),
            ));
            return;
        };
        let body = WalkInRequest {
            label: walk_label.get_untracked(),
            name: walk_name.get_untracked(),
            phone: walk_phone.get_untracked(),
            return_on,
        };
        if let Err(e) = body.validate() {
            walk_form.show_validation(e);
            return;
        }
        walk_form.send(
            i18n,
            api::bua_walk_in(auth, location.get_untracked(), body),
            move |l| {
                for s in [walk_label, walk_name, walk_phone, walk_return] {
                    s.set(String::new());
                }
                done(i18n.t_with("bua-desk-handed-out", &[("label", l.unit_label.into())]));
            },
        );
    };

    view! {
        <Page title_key="lending-desk-title">
            <div class="filter-grid">
                <SelectField id="desk-location" label=Signal::derive(move || i18n.t("bua-field-location")) value=location options=options error=no_error />
                <div class="field">
                    <label for="desk-day">{move || i18n.t("bua-field-day")}</label>
                    <p id="desk-day-hint" class="hint">{move || i18n.t("bua-field-day-hint")}</p>
                    <input id="desk-day" name="desk-day" type="date" aria-describedby="desk-day-hint" bind:value=day />
                </div>
            </div>
            <ul class="inline-list">
                <li><leptos_router::components::A href="/utlansdesk/utstyr">{move || i18n.t("bua-equipment-title")}</leptos_router::components::A></li>
                <li><leptos_router::components::A href="/utlansdesk/merkelapper">{move || i18n.t("bua-labels-title")}</leptos_router::components::A></li>
                <Show when=move || auth.has_role(fritid_domain::Role::Admin)>
                    <li><leptos_router::components::A href="/utlansdesk/etterspurt">{move || i18n.t("bua-demand-title")}</leptos_router::components::A></li>
                    <li><leptos_router::components::A href="/utlansdesk/steder">{move || i18n.t("bua-locations-title")}</leptos_router::components::A></li>
                </Show>
            </ul>
            <div id="desk-message" tabindex="-1" role="status">
                {move || notice.get().map(|t| view! { <p class="form-success">{t}</p> })}
            </div>
            {move || failure.get().map(|error| view! { <ErrorText error /> })}
            {loaded(desk, move |d| {
                let locale = i18n.locale.get_untracked();
                view! {
                    <h2>{move || i18n.t_with("bua-desk-pickups", &[("day", format::date(locale, d.day).into())])}</h2>
                    {d.pickups.is_empty().then(|| view! { <p>{move || i18n.t("bua-desk-none")}</p> })}
                    <ul class="results">
                        {d.pickups.into_iter().map(|l| view! { <PickupCard loan=l location=location on_done=Callback::new(done) /> }).collect_view()}
                    </ul>
                    <h2>{move || i18n.t_with("bua-desk-returns", &[("day", format::date(locale, d.day).into())])}</h2>
                    {d.returns.is_empty().then(|| view! { <p>{move || i18n.t("bua-desk-none")}</p> })}
                    <ul class="inline-list">
                        {d.returns.into_iter().map(|l| view! {
                            <li>{format!("{} · {} ({}) · {}", l.unit_label, l.model_name, l.size, l.borrower_name.unwrap_or_default())}</li>
                        }).collect_view()}
                    </ul>
                    <h2>{move || i18n.t("bua-desk-overdue")}</h2>
                    {d.overdue.is_empty().then(|| view! { <p>{move || i18n.t("bua-desk-none")}</p> })}
                    <ul class="inline-list">
                        {d.overdue.into_iter().map(|l| view! {
                            <li>{format!("{} · {} · {} · {} ({})", l.unit_label, l.model_name, format::date(locale, l.return_on),
                                l.borrower_name.unwrap_or_default(), l.borrower_contact.unwrap_or_default())}</li>
                        }).collect_view()}
                    </ul>
                    <h2>{move || i18n.t("bua-desk-maintenance")}</h2>
                    {d.maintenance.is_empty().then(|| view! { <p>{move || i18n.t("bua-desk-none")}</p> })}
                    <ul class="results">
                        {d.maintenance.into_iter().map(|u| {
                            let (id1, id2) = (u.id.to_string(), u.id.to_string());
                            let label = u.label.clone();
                            let service = move |id: String, action: ServiceAction| {
                                let label = label.clone();
                                leptos::task::spawn_local(async move {
                                    match api::bua_service(auth, id, ServiceRequest { action }).await {
                                        Ok(_) => done(i18n.t_with(match action {
                                            ServiceAction::BackInService => "bua-desk-in-service",
                                            ServiceAction::Retire => "bua-desk-retired",
                                        }, &[("label", label.into())])),
                                        Err(e) => failure.set(Some(e)),
                                    }
                                });
                            };
                            let service2 = service.clone();
                            view! {
                                <li class="card">
                                    <h3>{format!("{} · {} ({})", u.label, u.model_name, u.size)}</h3>
                                    <p>{u.condition_note.clone()}</p>
                                    <p class="actions">
                                        <button type="button" class="primary" on:click=move |_| service(id1.clone(), ServiceAction::BackInService)>{move || i18n.t("bua-desk-back-in-service")}</button>
                                        <button type="button" class="secondary" on:click=move |_| service2(id2.clone(), ServiceAction::Retire)>{move || i18n.t("bua-desk-retire")}</button>
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <UnmetSection location=location />
            <h2 id="take-back-title">{move || i18n.t("bua-desk-take-back")}</h2>
            <form class="form" aria-labelledby="take-back-title" on:submit=take_back novalidate>
                {back_form.alert(i18n)}
                <Field id="back-label" value=back_label label=Signal::derive(move || i18n.t("bua-field-label")) error=back_form.field(i18n, "label") />
                <crate::components::checkbox::Checkbox id="back-damaged".into() label=Signal::derive(move || i18n.t("bua-field-damaged")) checked=damaged />
                <Show when=move || damaged.get()>
                    <Field id="back-note" rows=3 value=back_note label=Signal::derive(move || i18n.t("bua-field-note")) error=back_form.field(i18n, "note") />
                </Show>
                <p><button type="submit" class="primary" disabled=move || back_form.busy.get()>{move || i18n.t("bua-desk-take-back")}</button></p>
            </form>
            <h2 id="walk-in-title">{move || i18n.t("bua-desk-walk-in")}</h2>
            <form class="form" aria-labelledby="walk-in-title" on:submit=walk_in novalidate>
                {walk_form.alert(i18n)}
                <Field id="walk-label" value=walk_label label=Signal::derive(move || i18n.t("bua-field-label")) error=walk_form.field(i18n, "label") />
                <Field id="walk-name" value=walk_name autocomplete="off" label=Signal::derive(move || i18n.t("bua-field-name")) error=walk_form.field(i18n, "name") />
                <Field id="walk-phone" kind="tel" value=walk_phone label=Signal::derive(move || i18n.t("bua-field-phone")) error=walk_form.field(i18n, "phone") />
                <Field id="walk-return" kind="date" value=walk_return label=Signal::derive(move || i18n.t("bua-field-return")) error=walk_form.field(i18n, "return_on") />
                <p><button type="submit" class="primary" disabled=move || walk_form.busy.get()>{move || i18n.t("bua-desk-hand-out")}</button></p>
            </form>
        </Page>
    }
}

/// A pickup: who, what, and the label to hand out (scanned or typed).
#[component]
fn PickupCard(loan: Loan, location: RwSignal<String>, on_done: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let label = RwSignal::new(String::new());
    let form = FormState::new();
    let id = loan.id;
    let field_id = format!("label-{id}");
    let title_id = format!("pickup-{id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let body = CheckoutRequest {
            loan_id: id,
            label: label.get_untracked(),
        };
        form.send(
            i18n,
            api::bua_checkout(auth, location.get_untracked(), body),
            move |l| {
                on_done.run(i18n.t_with("bua-desk-handed-out", &[("label", l.unit_label.into())]));
            },
        );
    };
    let status = status_text(i18n, loan.status, false);
    view! {
        <li class="card">
            <h3 id=title_id.clone()>{format!("{} · {} ({})", loan.borrower_name.clone().unwrap_or_default(), loan.model_name, loan.size)}</h3>
            <p>{format!("{status} · {}: {}", i18n.t("bua-desk-suggested"), loan.unit_label)}</p>
            {(loan.unit_ready == Some(false)).then(|| view! { <p class="note-warn">{move || i18n.t("bua-desk-unit-not-ready")}</p> })}
            <form class="form" aria-labelledby=title_id on:submit=submit novalidate>
                {form.alert(i18n)}
                <Field id=field_id value=label label=Signal::derive(move || i18n.t("bua-field-label")) error=form.field(i18n, "label") />
                <p><button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("bua-desk-hand-out")}</button></p>
            </form>
        </li>
    }
}

/// What families asked for here and did not get (no person), most asked
/// for first: what to buy next.
#[component]
fn UnmetSection(location: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let demand = LocalResource::new(move || {
        let l = location.get();
        async move {
            if l.is_empty() {
                Ok(vec![])
            } else {
                api::bua_unmet_demand(auth, Some(l)).await
            }
        }
    });
    view! {
        <h2 id="unmet-title">{move || i18n.t("bua-desk-unmet")}</h2>
        <p class="hint">{move || i18n.t("bua-desk-unmet-hint")}</p>
        {loaded(demand, move |rows| view! { <UnmetTable rows every_location=false labelled_by="unmet-title" /> })}
    }
}

/// Unmet demand as a table; with `every_location` a column names the place.
#[component]
pub fn UnmetTable(
    rows: Vec<fritid_domain::bua::catalogue::UnmetDemand>,
    every_location: bool,
    labelled_by: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p>{move || i18n.t("bua-desk-none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table>
                <thead>
                    <tr>
                        {every_location.then(|| view! { <th scope="col">{move || i18n.t("bua-field-location")}</th> })}
                        <th scope="col">{move || i18n.t("bua-desk-unmet-model")}</th>
                        <th scope="col">{move || i18n.t("bua-field-size")}</th>
                        <th scope="col">{move || i18n.t("bua-desk-unmet-district")}</th>
                        <th scope="col">{move || i18n.t("bua-desk-unmet-requests")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            {every_location.then(|| view! { <td>{r.location_name.clone()}</td> })}
                            <td>{if r.model_name.is_empty() { super::category_text(i18n, &r.category) } else { r.model_name }}</td>
                            <td>{r.size}</td>
                            <td>{r.district}</td>
                            <td>{r.requests}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
