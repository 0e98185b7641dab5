//! `/utlansdesk/steder` (administrators): the lending locations, new or
//! changed: address and district, contact, opening hours per weekday,
//! closed days, and the loan rules families see when they reserve.

use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::Checkbox;
use crate::components::field::Field;
use crate::components::focus::focus_later;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use chrono::{NaiveDate, NaiveTime};
use fritid_domain::bua::admin::LocationRequest;
use fritid_domain::bua::catalogue::Location;
use fritid_domain::bua::rules::{LoanRules, OpeningHours};
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;

#[component]
pub fn LocationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let locations = LocalResource::new(move || api::bua_locations(auth));
    let chosen = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let options = Signal::derive(move || {
        let mut all = vec![(String::new(), i18n.t("bua-locations-new"))];
        if let Some(Ok(list)) = locations.get() {
            all.extend(list.into_iter().map(|l| (l.id.to_string(), l.name)));
        }
        all
    });
    let saved = Callback::new(move |(id, text): (String, String)| {
        notice.set(Some(text));
        chosen.set(id);
        locations.refetch();
        focus_later("locations-message", false);
    });
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <Page title_key="bua-locations-title">
            <p>{move || i18n.t("bua-locations-intro")}</p>
            <div id="locations-message" tabindex="-1" role="status">
                {move || notice.get().map(|t| view! { <p class="form-success">{t}</p> })}
            </div>
            <SelectField id="location-choice" label=Signal::derive(move || i18n.t("bua-field-location")) value=chosen options=options error=no_error />
            {loaded(locations, move |list| {
                let id = chosen.get();
                let location = list.into_iter().find(|l| l.id.to_string() == id);
                let staff_of = location.as_ref().map(|l| l.id.to_string());
                view! {
                    <LocationForm location saved />
                    {staff_of.map(|location| view! { <StaffSection location /> })}
                }
            })}
        </Page>
    }
}

/// One weekday's row: open or not, from and to.
#[derive(Clone, Copy)]
struct Day {
    weekday: i16,
    open: RwSignal<bool>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

fn time_text(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

#[component]
fn LocationForm(location: Option<Location>, saved: Callback<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let l = location.clone();
    let text = |f: fn(&Location) -> String| RwSignal::new(l.as_ref().map(f).unwrap_or_default());
    let name = text(|l| l.name.clone());
    let address = text(|l| l.address.clone());
    let district = text(|l| l.district.clone());
    let email = text(|l| l.contact_email.clone().unwrap_or_default());
    let phone = text(|l| l.contact_phone.clone().unwrap_or_default());
    let rules = l.as_ref().map_or(
        LoanRules {
            max_loan_days: 7,
            min_days_ahead: 1,
            max_days_ahead: 30,
            max_active_per_household: 3,
        },
        |l| l.rules,
    );
    let max_loan_days = RwSignal::new(rules.max_loan_days.to_string());
    let min_days_ahead = RwSignal::new(rules.min_days_ahead.to_string());
    let max_days_ahead = RwSignal::new(rules.max_days_ahead.to_string());
    let per_household = RwSignal::new(rules.max_active_per_household.to_string());
    let days: Vec<Day> = (1..=7)
        .map(|weekday| {
            let hours = l
                .as_ref()
                .and_then(|l| l.hours.iter().find(|h| h.weekday == weekday).copied());
            Day {
                weekday,
                open: RwSignal::new(hours.is_some()),
                opens: RwSignal::new(hours.map_or("15:00".into(), |h| time_text(h.opens))),
                closes: RwSignal::new(hours.map_or("19:00".into(), |h| time_text(h.closes))),
                error: RwSignal::new(None),
            }
        })
        .collect();
    let closed = RwSignal::new(
        l.as_ref()
            .map(|l| l.closed_days.clone())
            .unwrap_or_default(),
    );
    let new_closed = RwSignal::new(String::new());
    let districts = LocalResource::new(move || api::districts(auth));
    let district_options = Signal::derive(move || match districts.get() {
        Some(Ok(list)) => std::iter::once((String::new(), i18n.t("bua-locations-choose-district")))
            .chain(list.into_iter().map(|d| (d.slug, d.name)))
            .collect(),
        _ => vec![],
    });
    let form = FormState::new();
    let id = StoredValue::new(location.as_ref().map(|l| l.id.to_string()));
    let rows = StoredValue::new(days.clone());
    let number = |e: &mut ValidationErrors, field: &'static str, text: String| {
        text.trim().parse::<i32>().unwrap_or_else(|_| {
            e.push(FieldError::new(
                field,
                "out_of_range",
                "must be a whole number",
            ));
            0
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let mut e = ValidationErrors::new();
        let mut rows_named = false;
        let mut hours = vec![];
        for day in rows.get_value() {
            day.error.set(None);
            if !day.open.get_untracked() {
                continue;
            }
            let parse = |s: String| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
            match (
                parse(day.opens.get_untracked()),
                parse(day.closes.get_untracked()),
            ) {
                (Some(opens), Some(closes)) if opens < closes => hours.push(OpeningHours {
                    weekday: day.weekday,
                    opens,
                    closes,
                }),
                _ => {
                    day.error.set(Some(i18n.t("error-hours-before_opens")));
                    rows_named = true;
                    e.push(FieldError::new(
                        "hours",
                        "before_opens",
                        "closes after it opens",
                    ));
                }
            }
        }
        let rules = LoanRules {
            max_loan_days: number(&mut e, "rules.max_loan_days", max_loan_days.get_untracked()),
            min_days_ahead: number(
                &mut e,
                "rules.min_days_ahead",
                min_days_ahead.get_untracked(),
            ),
            max_days_ahead: number(
                &mut e,
                "rules.max_days_ahead",
                max_days_ahead.get_untracked(),
            ),
            max_active_per_household: number(
                &mut e,
                "rules.max_active_per_household",
                per_household.get_untracked(),
            ),
        };
        let optional = |s: String| (!s.trim().is_empty()).then_some(s);
        let body = LocationRequest {
            name: name.get_untracked(),
            address: address.get_untracked(),
            district: district.get_untracked(),
            contact_email: optional(email.get_untracked()),
            contact_phone: optional(phone.get_untracked()),
            rules,
            hours,
            closed_days: closed.get_untracked(),
        };
        if let Err(more) = body.validate() {
            for error in more.into_errors() {
                // The rows already name their own hours.
                if !(rows_named && error.field.starts_with("hours")) {
                    e.push(error);
                }
            }
        }
        if !e.is_empty() {
            form.show_validation(e);
            return;
        }
        let done = move |l: Location| {
            let text = i18n.t_with("bua-locations-saved", &[("name", l.name.clone().into())]);
            saved.run((l.id.to_string(), text));
        };
        match id.get_value() {
            Some(id) => form.send(i18n, api::bua_update_location(auth, id, body), done),
            None => form.send(i18n, api::bua_create_location(auth, body), done),
        }
    };
    let add_closed = move |_| {
        if let Ok(day) = new_closed.get_untracked().parse::<NaiveDate>() {
            closed.update(|all| {
                if !all.contains(&day) {
                    all.push(day);
                    all.sort();
                }
            });
            new_closed.set(String::new());
        }
    };
    let field = move |key: &'static str| Signal::derive(move || i18n.t(key));
    view! {
        <form class="form" aria-labelledby="location-form-title" on:submit=submit novalidate>
            <h2 id="location-form-title">{move || i18n.t(if id.get_value().is_some() { "bua-locations-change" } else { "bua-locations-new" })}</h2>
            {form.alert(i18n)}
            <Field id="location-name" value=name label=field("bua-locations-name") error=form.field(i18n, "name") />
            <Field id="location-address" value=address label=field("bua-locations-address") error=form.field(i18n, "address") />
            <SelectField id="location-district" label=field("bua-locations-district") value=district options=district_options error=form.field(i18n, "district") />
            <Field id="location-email" kind="email" value=email label=field("bua-locations-email") error=form.field(i18n, "contact_email") />
            <Field id="location-phone" kind="tel" value=phone label=field("bua-field-phone") error=form.field(i18n, "contact_phone") />
            <fieldset>
                <legend>{move || i18n.t("bua-locations-hours")}</legend>
                // No weekday open (the rows name their own times).
                {move || form.field(i18n, "hours").get().filter(|_| rows.get_value().iter().all(|d| d.error.get().is_none())).map(|t| view! { <p class="field-error">{t}</p> })}
                {days.into_iter().map(|day| {
                    let weekday = ["weekday-mon", "weekday-tue", "weekday-wed", "weekday-thu", "weekday-fri", "weekday-sat", "weekday-sun"]
                        [usize::try_from(day.weekday - 1).unwrap_or(0)];
                    let base = format!("hours-{}", day.weekday);
                    let error_id = format!("{base}-error");
                    let described = {
                        let error_id = error_id.clone();
                        move || day.error.get().map(|_| error_id.clone())
                    };
                    view! {
                        <div class="hours-row">
                            <Checkbox id=format!("{base}-open") label=Signal::derive(move || i18n.t(weekday)) checked=day.open />
                            <Show when=move || day.open.get()>
                                <label for=format!("{base}-opens")>{move || i18n.t("bua-locations-opens")}</label>
                                <input id=format!("{base}-opens") type="time" bind:value=day.opens aria-describedby=described.clone() />
                                <label for=format!("{base}-closes")>{move || i18n.t("bua-locations-closes")}</label>
                                <input id=format!("{base}-closes") type="time" bind:value=day.closes aria-describedby=described.clone() aria-invalid=move || day.error.get().map(|_| "true") />
                            </Show>
                            {let error_id = error_id.clone(); move || day.error.get().map(|t| view! { <p id=error_id.clone() class="field-error">{t}</p> })}
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("bua-locations-closed-days")}</legend>
                <ul class="inline-list">
                    {move || closed.get().into_iter().map(|day| {
                        let text = format::date(i18n.locale.get_untracked(), day);
                        let label = i18n.t_with("bua-locations-remove-day", &[("day", text.clone().into())]);
                        view! {
                            <li>{text}" "<button type="button" class="secondary" aria-label=label on:click=move |_| closed.update(|all| all.retain(|d| *d != day))>"×"</button></li>
                        }
                    }).collect_view()}
                </ul>
                <div class="field">
                    <label for="location-closed-day">{move || i18n.t("bua-locations-closed-day")}</label>
                    <input id="location-closed-day" type="date" bind:value=new_closed />
                </div>
                <p><button type="button" class="secondary" on:click=add_closed>{move || i18n.t("bua-locations-add-day")}</button></p>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("bua-locations-rules")}</legend>
                <div class="filter-grid">
                    <Field id="rules-max-loan-days" inputmode="numeric" value=max_loan_days label=field("bua-locations-max-loan-days") error=form.field(i18n, "rules.max_loan_days") />
                    <Field id="rules-min-days-ahead" inputmode="numeric" value=min_days_ahead label=field("bua-locations-min-days-ahead") error=form.field(i18n, "rules.min_days_ahead") />
                    <Field id="rules-max-days-ahead" inputmode="numeric" value=max_days_ahead label=field("bua-locations-max-days-ahead") error=form.field(i18n, "rules.max_days_ahead") />
                    <Field id="rules-per-household" inputmode="numeric" value=per_household label=field("bua-locations-per-household") error=form.field(i18n, "rules.max_active_per_household") />
                </div>
            </fieldset>
            <p><button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("bua-equipment-save")}</button></p>
        </form>
    }
}

/// Who works at the location's desk: add by e-mail address, take off.
#[component]
fn StaffSection(location: String) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = StoredValue::new(location);
    let staff = LocalResource::new(move || api::bua_staff(auth, location.get_value()));
    let email = RwSignal::new(String::new());
    let said = RwSignal::new(None::<String>);
    let form = FormState::new();
    let add = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let address = email.get_untracked();
        if address.trim().is_empty() {
            form.show_validation(ValidationErrors::single(FieldError::new(
                "email",
                "required",
                "is required",
            )));
            return;
        }
        form.send(
            i18n,
            api::bua_add_staff(auth, location.get_value(), address.clone()),
            move |()| {
                email.set(String::new());
                said.set(Some(i18n.t_with(
                    "bua-staff-added",
                    &[("email", address.trim().to_owned().into())],
                )));
                staff.refetch();
            },
        );
    };
    view! {
        <h2 id="staff-title">{move || i18n.t("bua-staff-title")}</h2>
        <div role="status">{move || said.get().map(|t| view! { <p class="form-success">{t}</p> })}</div>
        {loaded(staff, move |list| {
            if list.is_empty() {
                return view! { <p>{move || i18n.t("bua-staff-none")}</p> }.into_any();
            }
            view! {
                <ul class="results">
                    {list.into_iter().map(|m| {
                        let label = i18n.t_with("bua-staff-remove", &[("name", m.display_name.clone().into())]);
                        let user = m.user_id.to_string();
                        let name = m.display_name.clone();
                        view! {
                            <li>
                                {format!("{} ({})", m.display_name, m.email)}" "
                                <button type="button" class="secondary" aria-label=label on:click=move |_| {
                                    let (user, name) = (user.clone(), name.clone());
                                    leptos::task::spawn_local(async move {
                                        if api::bua_remove_staff(auth, location.get_value(), user).await.is_ok() {
                                            said.set(Some(i18n.t_with("bua-staff-removed", &[("name", name.into())])));
                                            staff.refetch();
                                        }
                                    });
                                }>{move || i18n.t("bua-staff-remove-short")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
        <form class="form" aria-labelledby="staff-title" on:submit=add novalidate>
            {form.alert(i18n)}
            <Field id="staff-email" kind="email" value=email label=Signal::derive(move || i18n.t("bua-staff-email")) hint=Signal::derive(move || i18n.t("bua-staff-email-hint")) error=form.field(i18n, "email") />
            <p><button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("bua-staff-add")}</button></p>
        </form>
    }
}
