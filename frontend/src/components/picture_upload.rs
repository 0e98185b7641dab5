//! Choose, describe and upload a picture (organizers): the current picture
//! with its description, a file field, a required description of what the
//! picture shows, and a clear message after each change.

use crate::api::ApiError;
use crate::components::field::Field;
use crate::components::focus::focus_later;
use crate::form::FormState;
use crate::i18n::use_i18n;
use fritid_domain::image::{validate_alt, ImageRef, MAX_UPLOAD_BYTES};
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use std::future::Future;
use std::pin::Pin;

type Call<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// `upload(file, alt)` and `remove()` call the API; `picture_of` reads the
/// picture from what they return.
#[component]
pub fn PictureUpload<T: 'static>(
    /// Prefix of the element ids (`activity`, `organization`).
    id: &'static str,
    current: Option<ImageRef>,
    upload: impl Fn(leptos::web_sys::File, String) -> Call<T> + Copy + 'static,
    remove: impl Fn() -> Call<T> + Copy + 'static,
    picture_of: fn(&T) -> Option<ImageRef>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let picture = RwSignal::new(current);
    let alt = RwSignal::new(String::new());
    let said = RwSignal::new(None::<&'static str>);
    let file_id = format!("{id}-picture-file");
    let status_id = format!("{id}-picture-status");

    let chosen_file = {
        let file_id = file_id.clone();
        move || {
            document()
                .get_element_by_id(&file_id)
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0))
        }
    };
    let done = {
        let status_id = status_id.clone();
        move |message: &'static str, value: T| {
            picture.set(picture_of(&value));
            alt.set(String::new());
            said.set(Some(message));
            focus_later(&status_id, false);
        }
    };
    let submit = {
        let done = done.clone();
        move |ev: leptos::ev::SubmitEvent| {
            form.begin(ev);
            said.set(None);
            let mut errors = ValidationErrors::new();
            let file = chosen_file();
            match &file {
                None => errors.push(FieldError::new("file", "required", "is required")),
                Some(f) if f.size() > MAX_UPLOAD_BYTES as f64 => {
                    errors.push(FieldError::new("file", "too_large", "is larger than 10 MB"))
                }
                Some(_) => {}
            }
            let description = errors.check(validate_alt(&alt.get_untracked()));
            let (Some(file), Some(description), true) = (file, description, errors.is_empty())
            else {
                return form.show_validation(errors);
            };
            let done = done.clone();
            form.send(i18n, upload(file, description), move |v| {
                done("picture-saved", v)
            });
        }
    };
    let remove = StoredValue::new_local(remove);
    let done = StoredValue::new(done);
    let remove_now = move |_| {
        said.set(None);
        let done = done.get_value();
        form.send(i18n, remove.with_value(|r| r()), move |v| {
            done("picture-removed", v)
        });
    };
    let l = move |key: &'static str| Signal::derive(move || i18n.t(key));
    let file_error = form.field(i18n, "file");
    let hint_id = format!("{file_id}-hint");
    let error_id = format!("{file_id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match file_error.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    view! {
        <form class="form picture-form" on:submit=submit novalidate>
            <h2>{move || i18n.t("picture-heading")}</h2>
            <div id=status_id.clone() tabindex="-1" role="status">
                {move || said.get().map(|key| view! { <p class="form-success">{i18n.t(key)}</p> })}
            </div>
            {form.alert(i18n)}
            {move || match picture.get() {
                Some(p) => view! {
                    <figure class="picture-current">
                        <img class="picture" src=p.card_url.clone() alt=p.alt.clone() width="640" height="360" />
                        <figcaption>{move || i18n.t("picture-description")}": "{p.alt.clone()}</figcaption>
                    </figure>
                    <p><button type="button" class="secondary" on:click=remove_now>{move || i18n.t("picture-remove")}</button></p>
                }.into_any(),
                None => view! { <p class="hint">{move || i18n.t("picture-none")}</p> }.into_any(),
            }}
            <div class="field" class:field-invalid=move || file_error.get().is_some()>
                <label for=file_id.clone()>{move || i18n.t("picture-file")}</label>
                <p id=hint_id.clone() class="hint">{move || i18n.t("picture-file-hint")}</p>
                <input id=file_id.clone() type="file" accept="image/jpeg,image/png,image/webp"
                    aria-describedby=described_by
                    aria-invalid=move || file_error.get().is_some().then_some("true") />
                {move || file_error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
            </div>
            <Field id=format!("{id}-picture-alt") value=alt label=l("picture-alt") hint=l("picture-alt-hint") error=form.field(i18n, "alt") />
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("picture-upload")}</button>
        </form>
    }
}
