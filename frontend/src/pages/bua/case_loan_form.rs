//! On a Bamsefondet case (work bundle): lend equipment from BUA to the
//! family instead of (or as well as) money. The caseworker picks the
//! location, the equipment, the size and the days; the family gets the
//! reservation and its e-mail, and the case a note.

use super::size_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::i18n::use_i18n;
use chrono::NaiveDate;
use fritid_domain::bua::catalogue::ReservationRequest;
use fritid_domain::ids::{LocationId, ModelId};
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;

#[component]
pub fn CaseLoanForm(case_id: String, on_done: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let locations = LocalResource::new(move || api::bua_locations(auth));
    let location = RwSignal::new(String::new());
    let model = RwSignal::new(String::new());
    let size = RwSignal::new(String::new());
    let pickup = RwSignal::new(String::new());
    let back = RwSignal::new(String::new());
    let models = LocalResource::new(move || {
        let l = location.get();
        async move {
            if l.is_empty() {
                Ok(vec![])
            } else {
                api::bua_models(auth, format!("location={l}&per_page=100"))
                    .await
                    .map(|p| p.items)
            }
        }
    });
    let location_options = Signal::derive(move || {
        let mut all = vec![(String::new(), i18n.t("bua-case-choose-location"))];
        if let Some(Ok(list)) = locations.get() {
            all.extend(list.into_iter().map(|l| (l.id.to_string(), l.name)));
        }
        all
    });
    let model_options = Signal::derive(move || {
        let mut all = vec![(String::new(), i18n.t("bua-equipment-choose-model"))];
        if let Some(Ok(list)) = models.get() {
            all.extend(list.into_iter().map(|m| (m.id.to_string(), m.name)));
        }
        all
    });
    let size_options = Signal::derive(move || {
        let chosen = model.get();
        match models.get() {
            Some(Ok(list)) => list
                .into_iter()
                .find(|m| m.id.to_string() == chosen)
                .map(|m| {
                    m.sizes
                        .iter()
                        .map(|s| {
                            (
                                s.size.clone(),
                                size_text(i18n, m.size_kind.as_deref(), &s.size),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => vec![],
        }
    });
    // A new model: its first size.
    Effect::new(move |_| {
        let first = size_options.get().first().map(|(v, _)| v.clone());
        size.set(first.unwrap_or_default());
    });
    let form = FormState::new();
    let case = StoredValue::new(case_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let mut e = ValidationErrors::new();
        let location_id = location.get_untracked().parse::<LocationId>().ok();
        let model_id = model.get_untracked().parse::<ModelId>().ok();
        let pickup_on = pickup.get_untracked().parse::<NaiveDate>().ok();
        let return_on = back.get_untracked().parse::<NaiveDate>().ok();
        for (missing, field) in [
            (location_id.is_none(), "location_id"),
            (model_id.is_none(), "model_id"),
            (pickup_on.is_none(), "pickup_on"),
            (return_on.is_none(), "return_on"),
        ] {
            if missing {
                e.push(FieldError::new(field, "required", "is required"));
            }
        }
        let (Some(location_id), Some(model_id), Some(pickup_on), Some(return_on)) =
            (location_id, model_id, pickup_on, return_on)
        else {
            form.show_validation(e);
            return;
        };
        let body = ReservationRequest {
            location_id,
            model_id,
            size: size.get_untracked(),
            pickup_on,
            return_on,
            join_waitlist: false,
        };
        form.send(
            i18n,
            api::case_equipment_loan(auth, case.get_value(), body),
            move |loan| {
                on_done.run(i18n.t_with(
                    "bua-case-lent",
                    &[
                        ("model", loan.model_name.into()),
                        ("label", loan.unit_label.into()),
                    ],
                ));
            },
        );
    };
    view! {
        <h2 id="case-loan-title">{move || i18n.t("bua-case-title")}</h2>
        <p class="hint">{move || i18n.t("bua-case-hint")}</p>
        <form class="form" aria-labelledby="case-loan-title" on:submit=submit novalidate>
            {form.alert(i18n)}
            <SelectField id="case-loan-location" label=Signal::derive(move || i18n.t("bua-field-location")) value=location options=location_options error=form.field(i18n, "location_id") />
            <SelectField id="case-loan-model" label=Signal::derive(move || i18n.t("bua-equipment-model")) value=model options=model_options error=form.field(i18n, "model_id") />
            <SelectField id="case-loan-size" label=Signal::derive(move || i18n.t("bua-field-size")) value=size options=size_options error=form.field(i18n, "size") />
            <div class="field-pair">
                <Field id="case-loan-pickup" kind="date" value=pickup label=Signal::derive(move || i18n.t("bua-field-pickup")) error=form.field(i18n, "pickup_on") />
                <Field id="case-loan-return" kind="date" value=back label=Signal::derive(move || i18n.t("bua-field-return")) error=form.field(i18n, "return_on") />
            </div>
            <p><button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("bua-case-lend")}</button></p>
        </form>
    }
}
