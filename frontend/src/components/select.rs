//! A labelled `<select>` with its error tied to it, like [`Field`](super::field::Field).

use leptos::prelude::*;

#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    /// (value, text) pairs; reactive so the texts follow the language.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                name=id.clone()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                <For each=move || options.get() key=|(v, t)| (v.clone(), t.clone()) let((v, t))>
                    <option value=v.clone() selected=move || value.get() == v>{t}</option>
                </For>
            </select>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error">{e}</p> })}
        </div>
    }
}
