//! Data loaded from the API: a polite "loading" while it comes, the error in
//! words if it fails, and the content when it is there. A refetch keeps the
//! old content on screen until the new arrives (no flicker).

use crate::api::ApiError;
use crate::form::problem_text;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The message for a failed call, in the reader's language.
#[component]
pub fn ErrorText(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="form-alert" role="alert">{move || problem_text(i18n, &error)}</p> }
}

/// Renders `resource` with `render` once it has loaded.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ApiError>>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    move || match resource.get() {
        None => view! { <p role="status">{move || i18n.t("loading")}</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorText error /> }.into_any(),
        Some(Ok(value)) => render(value).into_any(),
    }
}
