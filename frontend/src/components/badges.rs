//! Badges for what lowers the threshold, and whether there are places left.

use crate::i18n::use_i18n;
use fritid_domain::activity::SignupState;
use leptos::prelude::*;

#[component]
pub fn Badges(
    free: bool,
    drop_in: bool,
    free_trial: bool,
    no_membership: bool,
    signup: SignupState,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut badges: Vec<(&'static str, &'static str)> = vec![];
    if free {
        badges.push(("badge-free", "badge badge-free"));
    }
    if drop_in {
        badges.push(("badge-drop-in", "badge badge-low"));
    }
    // A free trial says nothing new about an activity that is free anyway.
    if free_trial && !free {
        badges.push(("badge-free-trial", "badge badge-low"));
    }
    if no_membership {
        badges.push(("badge-no-membership", "badge badge-low"));
    }
    let places = signup.required.then_some(match signup.free_places {
        Some(0) | None => ("badge-full", "badge badge-full", None),
        Some(n) => ("badge-places", "badge", Some(n)),
    });
    view! {
        <ul class="badges">
            {badges.into_iter().map(|(key, class)| view! { <li class=class>{move || i18n.t(key)}</li> }).collect_view()}
            {places.map(|(key, class, n)| view! {
                <li class=class>{move || i18n.t_with(key, &[("count", n.unwrap_or(0).into())])}</li>
            })}
        </ul>
    }
}
