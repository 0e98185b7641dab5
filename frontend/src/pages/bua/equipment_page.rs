//! `/utlansdesk/utstyr`: what BUA lends. Staff add units at their location
//! (and print their labels on the labels page); administrators add and
//! describe equipment models and give each a photo, which families see in
//! the catalogue.

use super::category_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::focus::focus_later;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::picture_upload::PictureUpload;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::i18n::{use_i18n, I18n};
use fritid_domain::bua::admin::{ModelRequest, UnitRequest, SIZE_KINDS};
use fritid_domain::bua::catalogue::{Model, CATEGORIES};
use fritid_domain::ids::ModelId;
use fritid_domain::{FieldError, Role, ValidationErrors};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn EquipmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let models = LocalResource::new(move || {
        api::bua_models(auth, "include_unstocked=true&per_page=100".into())
    });
    let notice = RwSignal::new(None::<String>);
    let said = move |text: String| {
        notice.set(Some(text));
        focus_later("equipment-message", false);
    };
    // A new unit changes no model; a saved model is read again (the form
    // is drawn anew from it).
    let model_saved = move |text: String| {
        said(text);
        models.refetch();
    };
    let model_options = Signal::derive(move || match models.get() {
        Some(Ok(page)) => page
            .items
            .into_iter()
            .map(|m| {
                let text = format!("{} ({})", m.name, category_text(i18n, &m.category));
                (m.id.to_string(), text)
            })
            .collect(),
        _ => vec![],
    });
    view! {
        <Page title_key="bua-equipment-title">
            <p>{move || i18n.t("bua-equipment-intro")}</p>
            <p><A href="/utlansdesk/merkelapper">{move || i18n.t("bua-labels-title")}</A></p>
            <div id="equipment-message" tabindex="-1" role="status">
                {move || notice.get().map(|t| view! { <p class="form-success">{t}</p> })}
            </div>
            <UnitForm models=model_options on_saved=Callback::new(said) />
            <Show when=move || auth.has_role(Role::Admin)>
                <ModelsSection models on_saved=Callback::new(model_saved) />
            </Show>
        </Page>
    }
}

/// Adds one unit at one of the person's locations.
#[component]
fn UnitForm(models: Signal<Vec<(String, String)>>, on_saved: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let (location, locations) = super::my_location(auth);
    let model = RwSignal::new(String::new());
    let size = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let form = FormState::new();
    let choose = Signal::derive(move || {
        let mut all = vec![(String::new(), i18n.t("bua-equipment-choose-model"))];
        all.extend(models.get());
        all
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let Ok(model_id) = model.get_untracked().parse::<ModelId>() else {
            form.show_validation(ValidationErrors::single(FieldError::new(
                "model_id",
                "required",
                "choose a model",
            )));
            return;
        };
        let body = UnitRequest {
            label: label.get_untracked(),
            model_id,
            size: size.get_untracked(),
        };
        if let Err(e) = fritid_domain::bua::admin::validate_unit(&body) {
            form.show_validation(e);
            return;
        }
        form.send(
            i18n,
            api::bua_create_unit(auth, location.get_untracked(), body),
            move |unit| {
                label.set(String::new());
                on_saved
                    .run(i18n.t_with("bua-equipment-unit-added", &[("label", unit.label.into())]));
                focus_later("unit-label", false);
            },
        );
    };
    view! {
        <h2 id="unit-title">{move || i18n.t("bua-equipment-add-unit")}</h2>
        <form class="form" aria-labelledby="unit-title" on:submit=submit novalidate>
            {form.alert(i18n)}
            <SelectField id="unit-location" label=Signal::derive(move || i18n.t("bua-field-location")) value=location options=locations error=form.field(i18n, "location") />
            <SelectField id="unit-model" label=Signal::derive(move || i18n.t("bua-equipment-model")) value=model options=choose error=form.field(i18n, "model_id") />
            <Field id="unit-size" value=size label=Signal::derive(move || i18n.t("bua-field-size")) hint=Signal::derive(move || i18n.t("bua-equipment-size-hint")) error=form.field(i18n, "size") />
            <Field id="unit-label" value=label label=Signal::derive(move || i18n.t("bua-equipment-label")) hint=Signal::derive(move || i18n.t("bua-equipment-label-hint")) error=form.field(i18n, "label") />
            <p><button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("bua-equipment-add-unit")}</button></p>
        </form>
    }
}

/// Administrators: a new model, or one chosen from the list to change and
/// give a photo.
#[component]
fn ModelsSection(
    models: LocalResource<Result<fritid_domain::page::Page<Model>, api::ApiError>>,
    on_saved: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(String::new());
    let options = Signal::derive(move || {
        let mut all = vec![(String::new(), i18n.t("bua-equipment-new-model"))];
        if let Some(Ok(page)) = models.get() {
            all.extend(page.items.into_iter().map(|m| (m.id.to_string(), m.name)));
        }
        all
    });
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <h2>{move || i18n.t("bua-equipment-models")}</h2>
        <SelectField id="model-choice" label=Signal::derive(move || i18n.t("bua-equipment-model")) value=chosen options=options error=no_error />
        {loaded(models, move |page| {
            let id = chosen.get();
            let model = page.items.into_iter().find(|m| m.id.to_string() == id);
            view! { <ModelForm model on_saved chosen /> }
        })}
    }
}

fn age_text(age: Option<i16>) -> String {
    age.map(|a| a.to_string()).unwrap_or_default()
}

/// A typed age: empty is none; anything but a whole number is an error.
fn parse_age(e: &mut ValidationErrors, field: &'static str, text: &str) -> Option<i16> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse::<i16>().map_or_else(
        |_| {
            e.push(FieldError::new(field, "out_of_range", "must be 0–99"));
            None
        },
        Some,
    )
}

fn size_kind_options(i18n: I18n) -> Vec<(String, String)> {
    std::iter::once((String::new(), i18n.t("bua-size-kind-none")))
        .chain(
            SIZE_KINDS
                .iter()
                .map(|k| ((*k).to_owned(), i18n.t(&format!("bua-size-kind-{k}")))),
        )
        .collect()
}

#[component]
fn ModelForm(
    model: Option<Model>,
    on_saved: Callback<String>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let editing = model.as_ref().map(|m| m.id.to_string());
    let m = model.clone();
    let name = RwSignal::new(m.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let category = RwSignal::new(
        m.as_ref()
            .map_or_else(|| "ski".to_owned(), |m| m.category.clone()),
    );
    let description = RwSignal::new(
        m.as_ref()
            .map(|m| m.description.clone())
            .unwrap_or_default(),
    );
    let size_kind = RwSignal::new(
        m.as_ref()
            .and_then(|m| m.size_kind.clone())
            .unwrap_or_default(),
    );
    let min_age = RwSignal::new(age_text(m.as_ref().and_then(|m| m.min_age)));
    let max_age = RwSignal::new(age_text(m.as_ref().and_then(|m| m.max_age)));
    let loan_days = RwSignal::new(m.as_ref().map_or(7, |m| m.default_loan_days).to_string());
    let form = FormState::new();
    let categories = Signal::derive(move || {
        CATEGORIES
            .iter()
            .map(|c| ((*c).to_owned(), category_text(i18n, c)))
            .collect::<Vec<_>>()
    });
    let kinds = Signal::derive(move || size_kind_options(i18n));
    let id = StoredValue::new(editing.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let mut e = ValidationErrors::new();
        let min = parse_age(&mut e, "min_age", &min_age.get_untracked());
        let max = parse_age(&mut e, "max_age", &max_age.get_untracked());
        let days = loan_days.get_untracked().trim().parse::<i16>().unwrap_or(0);
        let kind = size_kind.get_untracked();
        let body = ModelRequest {
            name: name.get_untracked(),
            category: category.get_untracked(),
            description: description.get_untracked(),
            size_kind: (!kind.is_empty()).then_some(kind),
            min_age: min,
            max_age: max,
            default_loan_days: days,
        };
        if let Err(more) = body.validate() {
            for error in more.into_errors() {
                e.push(error);
            }
        }
        if !e.is_empty() {
            form.show_validation(e);
            return;
        }
        match id.get_value() {
            Some(id) => form.send(i18n, api::bua_update_model(auth, id, body), move |m| {
                on_saved.run(i18n.t_with("bua-equipment-model-saved", &[("name", m.name.into())]));
            }),
            None => form.send(i18n, api::bua_create_model(auth, body), move |m| {
                chosen.set(m.id.to_string());
                on_saved.run(i18n.t_with("bua-equipment-model-added", &[("name", m.name.into())]));
            }),
        }
    };
    let title = if editing.is_some() {
        "bua-equipment-change-model"
    } else {
        "bua-equipment-new-model"
    };
    view! {
        <h3 id="model-title">{move || i18n.t(title)}</h3>
        <form class="form" aria-labelledby="model-title" on:submit=submit novalidate>
            {form.alert(i18n)}
            <Field id="model-name" value=name label=Signal::derive(move || i18n.t("bua-equipment-name")) error=form.field(i18n, "name") />
            <SelectField id="model-category" label=Signal::derive(move || i18n.t("bua-field-category")) value=category options=categories error=form.field(i18n, "category") />
            <Field id="model-description" rows=3 value=description label=Signal::derive(move || i18n.t("bua-equipment-description")) error=form.field(i18n, "description") />
            <SelectField id="model-size-kind" label=Signal::derive(move || i18n.t("bua-equipment-size-kind")) value=size_kind options=kinds error=form.field(i18n, "size_kind") />
            <div class="filter-grid">
                <Field id="model-min-age" inputmode="numeric" value=min_age label=Signal::derive(move || i18n.t("bua-equipment-min-age")) error=form.field(i18n, "min_age") />
                <Field id="model-max-age" inputmode="numeric" value=max_age label=Signal::derive(move || i18n.t("bua-equipment-max-age")) error=form.field(i18n, "max_age") />
                <Field id="model-loan-days" inputmode="numeric" value=loan_days label=Signal::derive(move || i18n.t("bua-equipment-loan-days")) error=form.field(i18n, "default_loan_days") />
            </div>
            <p><button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("bua-equipment-save")}</button></p>
        </form>
        {model.map(|m| {
            let id = StoredValue::new(m.id.to_string());
            view! {
                <PictureUpload
                    id="model"
                    current=m.image
                    upload=move |file, alt| Box::pin(api::upload_bua_model_picture(auth, id.get_value(), file, alt))
                    remove=move || Box::pin(api::remove_bua_model_picture(auth, id.get_value()))
                    picture_of=|m: &Model| m.image.clone()
                />
            }
        })}
    }
}
