//! A one-field form for actions that need a reason shown to the public
//! (cancel, postpone, unpublish, reject), validated with the shared rule.

use crate::api::ApiError;
use crate::components::field::Field;
use crate::form::FormState;
use crate::i18n::use_i18n;
use fritid_domain::organization::ReasonRequest;
use leptos::prelude::*;
use std::future::Future;

#[component]
pub fn ReasonForm<F, Fut>(
    /// Unique on the page; prefixes the input's id.
    #[prop(into)]
    id: String,
    label_key: &'static str,
    submit_key: &'static str,
    action: F,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    let i18n = use_i18n();
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let request = ReasonRequest {
            reason: reason.get_untracked(),
        };
        let text = match request.validate() {
            Ok(text) => text,
            Err(errors) => return form.show_validation(errors),
        };
        form.send(i18n, action(text), move |()| reason.set(String::new()));
    };
    // Field errors come as `reason`; the input's id is unique per form.
    let error = form.field(i18n, "reason");
    let input_id = format!("{id}-reason");
    view! {
        <form class="form reason-form" on:submit=submit novalidate>
            {form.alert(i18n)}
            <Field id=input_id value=reason label=Signal::derive(move || i18n.t(label_key)) error />
            <button type="submit" class="secondary" disabled=move || form.busy.get()>
                {move || i18n.t(submit_key)}
            </button>
        </form>
    }
}
