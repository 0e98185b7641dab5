//! Form state shared by every form: field errors from the shared domain
//! validation or from the server's problem+json, and a message for the form
//! as a whole, all translated from their stable codes.

use crate::api::ApiError;
use crate::i18n::{translate, I18n};
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct FormState {
    errors: RwSignal<Vec<FieldError>>,
    general: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
}

/// The translated text for one field error; the server's English message
/// when the code has no translation.
fn error_text(i18n: &I18n, error: &FieldError) -> String {
    let locale = i18n.locale.get();
    let specific = format!("error-{}-{}", error.field, error.code);
    let text = translate(locale, &specific);
    if text != specific {
        return text;
    }
    let key = format!("error-{}", error.code);
    let text = translate(locale, &key);
    if text != key {
        return text;
    }
    error.message.clone()
}

impl FormState {
    pub fn new() -> Self {
        Self {
            errors: RwSignal::new(vec![]),
            general: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    pub fn clear(&self) {
        self.errors.set(vec![]);
        self.general.set(None);
    }

    /// Starts handling a submit: no page load, no old messages.
    pub fn begin(&self, ev: leptos::ev::SubmitEvent) {
        ev.prevent_default();
        self.clear();
    }

    /// Sends a request (after the shared validation passed), marks the form
    /// busy meanwhile, shows the server's errors, and hands a success to `done`.
    pub fn send<T: 'static>(
        self,
        i18n: I18n,
        call: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(value) => done(value),
                Err(error) => self.show_api_error(i18n, error),
            }
            self.busy.set(false);
        });
    }

    /// The error to show under `field`, translated.
    pub fn field(&self, i18n: I18n, field: &'static str) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || {
            errors.with(|all| {
                // `tags` also shows the errors of `tags[0]`, `tags[1]` …
                all.iter()
                    .find(|e| {
                        e.field == field
                            || e.field
                                .strip_prefix(field)
                                .is_some_and(|rest| rest.starts_with('['))
                    })
                    .map(|e| error_text(&i18n, e))
            })
        })
    }

    pub fn show_validation(&self, errors: ValidationErrors) {
        self.errors.set(errors.into_errors());
        focus_first_invalid();
    }

    pub fn show_api_error(&self, i18n: I18n, error: ApiError) {
        match error {
            ApiError::Problem(problem) if !problem.errors.is_empty() => {
                self.errors.set(problem.errors);
                focus_first_invalid();
            }
            error => self.general.set(Some(problem_text(i18n, &error))),
        }
    }

    /// The message for the whole form, announced to screen readers.
    pub fn alert(&self, i18n: I18n) -> impl IntoView {
        let (errors, general) = (self.errors, self.general);
        move || {
            let text = general
                .get()
                .or_else(|| errors.with(|e| (!e.is_empty()).then(|| i18n.t("form-has-errors"))));
            text.map(|t| view! { <p class="form-alert" role="alert">{t}</p> })
        }
    }
}

/// A failed call in words: the problem's stable code where it has its own
/// message (`error-signup_closed` …), else one for its status.
pub fn problem_text(i18n: I18n, error: &ApiError) -> String {
    let ApiError::Problem(problem) = error else {
        return i18n.t("error-network");
    };
    let key = format!("error-{}", problem.code);
    let text = i18n.t(&key);
    if text != key {
        return text;
    }
    i18n.t(match problem.status {
        404 => "error-not-found",
        403 => "no-access-text",
        401 => "login-required-text",
        429 => "error-rate_limited",
        _ => "error-unexpected",
    })
}

/// After the errors are drawn, moves focus to the first field marked
/// invalid, so keyboard and screen reader users land where the problem is.
fn focus_first_invalid() {
    set_timeout(
        || {
            let first = document()
                .query_selector("[aria-invalid=\"true\"]")
                .ok()
                .flatten();
            if let Some(el) = first {
                use leptos::wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        },
        std::time::Duration::from_millis(0),
    );
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}
