//! Opens a protected file (a decision letter, an attachment) in a new tab:
//! fetched with the access token (which a plain link would not carry), then
//! shown from a local object URL.

use crate::api::{self, ApiError};
use crate::auth::Auth;
use leptos::wasm_bindgen::JsValue;
use leptos::web_sys::{Blob, BlobPropertyBag, Url};

pub async fn open_file(auth: Auth, url: String) -> Result<(), ApiError> {
    let (bytes, kind) = api::fetch_file(auth, url).await?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()).into());
    let options = BlobPropertyBag::new();
    options.set_type(&kind);
    let blob = Blob::new_with_u8_array_sequence_and_options(&JsValue::from(parts), &options)
        .map_err(|_| ApiError::Network)?;
    let href = Url::create_object_url_with_blob(&blob).map_err(|_| ApiError::Network)?;
    let _ = leptos::prelude::window().open_with_url_and_target(&href, "_blank");
    Ok(())
}

/// A file's name as a button that opens it (see [`open_file`]); a failure
/// is said next to it.
#[leptos::component]
pub fn FileButton(url: String, name: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let auth = crate::auth::use_auth();
    let failure = RwSignal::new(None::<ApiError>);
    view! {
        <button type="button" class="link" on:click=move |_| {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                failure.set(open_file(auth, url).await.err());
            });
        }>{name}</button>
        {move || failure.get().map(|error| view! { <crate::components::loaded::ErrorText error /> })}
    }
}
