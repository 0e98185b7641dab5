//! A labelled checkbox bound to a boolean signal.

use leptos::prelude::*;

#[component]
pub fn Checkbox(
    id: String,
    #[prop(into)] label: Signal<String>,
    checked: RwSignal<bool>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=id.clone() bind:checked=checked disabled=disabled />
            <label for=id>{label}</label>
        </div>
    }
}

/// A checkbox that adds `value` to, or removes it from, a list.
#[component]
pub fn ListCheckbox(
    id: String,
    #[prop(into)] label: Signal<String>,
    list: RwSignal<Vec<String>>,
    value: String,
) -> impl IntoView {
    let checked = {
        let value = value.clone();
        move || list.with(|l| l.contains(&value))
    };
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        list.update(|l| {
            l.retain(|v| v != &value);
            if on {
                l.push(value.clone());
            }
        });
    };
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle />
            <label for=id>{label}</label>
        </div>
    }
}
