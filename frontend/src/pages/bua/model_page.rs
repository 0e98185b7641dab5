//! `/utlan/modell/:id`: one kind of equipment. Pick the place and the
//! size, see the next four weeks day by day, and reserve: pickup day and
//! return day. When nothing is free the family can join the waiting list
//! (they get an offer when something frees up), and "nothing in my size"
//! tells BUA what to buy next.

use super::{category_text, size_text};
use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::Checkbox;
use crate::components::focus::focus_later;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use chrono::NaiveDate;
use fritid_domain::bua::catalogue::{Model, ReservationRequest, UnmetRequest};
use fritid_domain::ids::{LocationId, ModelId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ModelPage() -> impl IntoView {
    let params = use_params_map();
    let auth = use_auth();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let model = LocalResource::new(move || api::bua_model(auth, id()));
    view! {
        {loaded(model, move |m| view! { <ModelView model=m /> })}
    }
}

#[component]
fn ModelView(model: Model) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let first = model.sizes.first().cloned();
    let location = RwSignal::new(
        query
            .with_untracked(|q| q.get("location"))
            .or_else(|| {
                first
                    .as_ref()
                    .and_then(|s| s.location_id)
                    .map(|l| l.to_string())
            })
            .unwrap_or_default(),
    );
    let size = RwSignal::new(
        query
            .with_untracked(|q| q.get("size"))
            .or_else(|| first.as_ref().map(|s| s.size.clone()))
            .unwrap_or_default(),
    );
    let sizes = StoredValue::new(model.sizes.clone());
    let kind = StoredValue::new(model.size_kind.clone());
    let model_id = model.id;
    let title = model.name.clone();
    let location_options = Signal::derive(move || {
        let mut seen = Vec::<(String, String)>::new();
        for s in sizes.get_value() {
            let (Some(id), Some(name)) = (s.location_id, s.location_name) else {
                continue;
            };
            if !seen.iter().any(|(seen_id, _)| *seen_id == id.to_string()) {
                seen.push((id.to_string(), name));
            }
        }
        seen
    });
    let size_options = Signal::derive(move || {
        let here = location.get();
        sizes
            .get_value()
            .into_iter()
            .filter(|s| s.location_id.map(|l| l.to_string()).as_deref() == Some(here.as_str()))
            .map(|s| {
                let text = size_text(i18n, kind.get_value().as_deref(), &s.size);
                (s.size, text)
            })
            .collect::<Vec<_>>()
    });
    // A size the place does not have falls back to its first.
    Effect::new(move |_| {
        let options = size_options.get();
        if !options.iter().any(|(v, _)| *v == size.get_untracked()) {
            if let Some((v, _)) = options.first() {
                size.set(v.clone());
            }
        }
    });
    let days = LocalResource::new(move || {
        api::bua_days(auth, model_id.to_string(), location.get(), size.get())
    });
    let pickup = RwSignal::new(String::new());
    let back = RwSignal::new(String::new());
    let wait = RwSignal::new(false);
    let form = FormState::new();
    let done = RwSignal::new(None::<String>);
    let nothing_free = RwSignal::new(false);
    let unmet_sent = RwSignal::new(false);
    let no_error = Signal::derive(|| None::<String>);
    let reserve = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        done.set(None);
        nothing_free.set(false);
        let (Ok(loc), Ok(pickup_on), Ok(return_on)) = (
            location.get_untracked().parse(),
            pickup.get_untracked().parse::<NaiveDate>(),
            back.get_untracked().parse::<NaiveDate>(),
        ) else {
            let mut errors = fritid_domain::ValidationErrors::new();
            if pickup.get_untracked().parse::<NaiveDate>().is_err() {
                errors.push(fritid_domain::FieldError::new(
                    "pickup_on",
                    "required",
                    "choose a day",
                ));
            }
            if back.get_untracked().parse::<NaiveDate>().is_err() {
                errors.push(fritid_domain::FieldError::new(
                    "return_on",
                    "required",
                    "choose a day",
                ));
            }
            form.show_validation(errors);
            return;
        };
        let body = ReservationRequest {
            location_id: LocationId(loc),
            model_id,
            size: size.get_untracked(),
            pickup_on,
            return_on,
            join_waitlist: wait.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            form.busy.set(true);
            match api::bua_reserve(auth, body).await {
                Ok(outcome) => {
                    let text = match (outcome.loan, outcome.waitlist) {
                        (Some(loan), _) => i18n.t_with(
                            "bua-reserved",
                            &[
                                ("place", loan.location_name.clone().into()),
                                (
                                    "pickup",
                                    format::date(i18n.locale.get_untracked(), loan.pickup_on)
                                        .into(),
                                ),
                            ],
                        ),
                        (None, Some(entry)) => {
                            i18n.t_with("bua-waiting", &[("position", entry.position.into())])
                        }
                        _ => String::new(),
                    };
                    done.set(Some(text));
                    days.refetch();
                    focus_later("reserve-result", false);
                }
                Err(api::ApiError::Problem(p)) if p.code == "nothing_free" => {
                    nothing_free.set(true);
                    focus_later("reserve-result", false);
                }
                Err(e) => form.show_api_error(i18n, e),
            }
            form.busy.set(false);
        });
    };
    let tell_unmet = move |_| {
        let Ok(loc) = location.get_untracked().parse() else {
            return;
        };
        let body = UnmetRequest {
            location_id: LocationId(loc),
            model_id: ModelId(model_id.into_uuid()),
            size: size.get_untracked(),
            district: None,
        };
        leptos::task::spawn_local(async move {
            if api::bua_unmet(auth, body).await.is_ok() {
                unmet_sent.set(true);
                focus_later("unmet-result", false);
            }
        });
    };
    let login_href = move || format!("/logg-inn?neste=/utlan/modell/{model_id}");
    view! {
        <Page title=Signal::derive(move || title.clone())>
            <p class="card-facts">{category_text(i18n, &model.category)}</p>
            {model.image.clone().map(|image| view! {
                <img class="picture picture-large" src=image.page_url alt=image.alt width="1280" height="720" decoding="async" />
            })}
            <p class="lead">{model.description.clone()}</p>
            <div class="filter-grid">
                <SelectField id="location" label=Signal::derive(move || i18n.t("bua-field-location")) value=location options=location_options error=no_error />
                <SelectField id="size" label=Signal::derive(move || i18n.t("bua-field-size")) value=size options=size_options error=no_error />
            </div>
            <h2>{move || i18n.t("bua-calendar-title")}</h2>
            {loaded(days, move |list| view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=move || i18n.t("bua-calendar-title")>
                    <table>
                        <thead><tr><th scope="col">{move || i18n.t("bua-day")}</th><th scope="col">{move || i18n.t("bua-free")}</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|d| {
                                let free = if d.open { d.free.to_string() } else { i18n.t("bua-closed") };
                                view! { <tr><td>{format::date(i18n.locale.get_untracked(), d.day)}</td><td>{free}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <h2 id="reserve-title">{move || i18n.t("bua-reserve-title")}</h2>
            <Show
                when=move || auth.user().is_some()
                fallback=move || view! { <p><A href=login_href()>{move || i18n.t("bua-login-to-reserve")}</A></p> }
            >
                <form class="form" aria-labelledby="reserve-title" on:submit=reserve novalidate>
                    {form.alert(i18n)}
                    <div class="field-pair">
                        <crate::components::field::Field id="pickup_on" kind="date" value=pickup label=Signal::derive(move || i18n.t("bua-field-pickup")) error=form.field(i18n, "pickup_on") />
                        <crate::components::field::Field id="return_on" kind="date" value=back label=Signal::derive(move || i18n.t("bua-field-return")) error=form.field(i18n, "return_on") />
                    </div>
                    {move || form.field(i18n, "size").get().map(|e| view! { <p class="field-error">{e}</p> })}
                    <Checkbox id="join_waitlist".into() label=Signal::derive(move || i18n.t("bua-field-wait")) checked=wait />
                    <p><button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("bua-reserve")}</button></p>
                </form>
            </Show>
            <div id="reserve-result" tabindex="-1" role="status">
                {move || done.get().map(|text| view! {
                    <p class="form-success">{text}" "<A href="/utlan/mine">{move || i18n.t("bua-my-loans")}</A></p>
                })}
                {move || nothing_free.get().then(|| view! {
                    <p class="form-alert">{move || i18n.t("bua-nothing-free")}</p>
                })}
            </div>
            <p>
                <button type="button" class="secondary" on:click=tell_unmet>{move || i18n.t("bua-unmet")}</button>
            </p>
            <div id="unmet-result" tabindex="-1" role="status">
                {move || unmet_sent.get().then(|| view! { <p class="form-success">{move || i18n.t("bua-unmet-thanks")}</p> })}
            </div>
        </Page>
    }
}
