//! Checkboxes for Asker's districts (data from the API), bound to a list of slugs.

use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::ListCheckbox;
use leptos::prelude::*;

#[component]
pub fn DistrictChecks(
    /// Prefix for the checkboxes' ids.
    prefix: &'static str,
    #[prop(into)] legend: Signal<String>,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let auth = use_auth();
    let districts = LocalResource::new(move || api::districts(auth));
    let boxes = move || {
        districts.get().and_then(Result::ok).map(|list| {
            list.into_iter()
                .map(|d| {
                    let name = d.name.clone();
                    view! { <ListCheckbox id=format!("{prefix}-{}", d.slug) label=Signal::derive(move || name.clone()) list=selected value=d.slug.clone() /> }
                })
                .collect_view()
        })
    };
    view! {
        <fieldset class="checks" class:field-invalid=move || error.get().is_some()>
            <legend>{legend}</legend>
            {move || error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            {boxes}
        </fieldset>
    }
}
