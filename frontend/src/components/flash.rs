//! A message that outlives a navigation: a form saves, the next page says so
//! ("Utkastet er lagret"). Kept in sessionStorage so a full page load (the
//! other bundle) keeps it too; shown once, with focus on it.

use crate::components::focus::focus_later;
use crate::i18n::use_i18n;
use leptos::prelude::*;

const KEY: &str = "fritid-flash";

fn storage() -> Option<leptos::web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// Says `message_key` on the next page that shows a [`Flash`].
pub fn set_flash(message_key: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, message_key);
    }
}

/// The waiting message, if any (then forgotten).
#[component]
pub fn Flash() -> impl IntoView {
    let i18n = use_i18n();
    let key = storage().and_then(|s| {
        let key = s.get_item(KEY).ok().flatten();
        let _ = s.remove_item(KEY);
        key
    });
    // Only message keys this app sets (not whatever else is in the storage).
    key.filter(|k| k.starts_with("activity-saved")).map(|key| {
        focus_later("flash", false);
        view! { <p id="flash" class="form-success" role="status" tabindex="-1">{move || i18n.t(&key)}</p> }
    })
}
