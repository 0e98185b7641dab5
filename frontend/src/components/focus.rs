//! Moving focus to what an action changed: the message that says what
//! happened, the question that needs an answer, the results of a search.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// Focuses the element `id` once it is drawn; with `scroll`, also brings it
/// to the top of the screen.
pub fn focus_later(id: &str, scroll: bool) {
    let id = id.to_owned();
    set_timeout(
        move || {
            let el = document()
                .get_element_by_id(&id)
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok());
            if let Some(el) = el {
                let _ = el.focus();
                if scroll {
                    el.scroll_into_view();
                }
            }
        },
        std::time::Duration::from_millis(0),
    );
}
