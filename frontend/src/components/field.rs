//! Labelled inputs whose error (and hint) are tied to them with
//! `aria-describedby`, and `aria-invalid` when they have an error.

use leptos::prelude::*;

/// A one-line input, or with `rows` a multi-line text area.
#[component]
pub fn Field(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Lines of a text area (multi-line text); none for an input.
    #[prop(optional)]
    rows: Option<u32>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = vec![];
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let control = match rows {
        Some(rows) => view! {
            <textarea id=id.clone() name=id.clone() rows=rows bind:value=value
                aria-invalid=invalid aria-describedby=described_by></textarea>
        }
        .into_any(),
        None => view! {
            <input id=id.clone() name=id.clone() type=kind autocomplete=autocomplete inputmode=inputmode
                bind:value=value aria-invalid=invalid aria-describedby=described_by />
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p id=hint_id.clone() class="hint">{h}</p> })}
            {control}
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
        </div>
    }
}
