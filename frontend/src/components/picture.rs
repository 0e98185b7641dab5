//! An activity's picture, or its category's calm illustration when it has
//! none. The space is reserved (width and height) so nothing jumps when it
//! arrives.

use fritid_domain::image::{illustration_path, ImageRef};
use leptos::prelude::*;

#[component]
pub fn Picture(
    image: Option<ImageRef>,
    category: String,
    /// The large size (the activity's page) instead of the card's.
    #[prop(optional)]
    large: bool,
    /// Load at once (the first cards on screen) instead of when scrolled near.
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let loading = if eager { "eager" } else { "lazy" };
    let class = if large {
        "picture picture-large"
    } else {
        "picture"
    };
    match image {
        Some(image) => {
            let src = if large { image.page_url } else { image.card_url };
            view! {
                <img class=class src=src alt=image.alt width="640" height="360" loading=loading decoding="async" />
            }
            .into_any()
        }
        None => view! {
            <img class=format!("{class} picture-illustration") src=illustration_path(&category) alt="" width="640" height="360" loading=loading decoding="async" />
        }
        .into_any(),
    }
}
