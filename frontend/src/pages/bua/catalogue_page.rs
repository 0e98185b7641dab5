//! `/utlan`: what BUA lends, for free. Filters for place, kind, the child's
//! age and size and the days; each model shows per place and size how many
//! are free. The filters live in the URL (shareable, the back button works).

use super::{category_text, size_text};
use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::i18n::use_i18n;
use fritid_domain::bua::catalogue::CATEGORIES;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

const FILTERS: [&str; 6] = ["location", "category", "age", "size", "from", "to"];

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let value = |name: &'static str| query.with_untracked(|q| q.get(name).unwrap_or_default());
    let location = RwSignal::new(value("location"));
    let category = RwSignal::new(value("category"));
    let age = RwSignal::new(value("age"));
    let size = RwSignal::new(value("size"));
    let from = RwSignal::new(value("from"));
    let to = RwSignal::new(value("to"));
    let locations = LocalResource::new(move || api::bua_locations(auth));
    let models = LocalResource::new(move || {
        let q = query.with(|q| {
            FILTERS
                .iter()
                .filter_map(|k| {
                    q.get(k)
                        .filter(|v| !v.is_empty())
                        .map(|v| format!("{k}={}", String::from(js_sys::encode_uri_component(&v))))
                })
                .collect::<Vec<_>>()
                .join("&")
        });
        api::bua_models(auth, q)
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parts: Vec<String> = [
            ("location", location.get_untracked()),
            ("category", category.get_untracked()),
            ("age", age.get_untracked()),
            ("size", size.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| {
            format!(
                "{k}={}",
                String::from(js_sys::encode_uri_component(v.trim()))
            )
        })
        .collect();
        navigate(&format!("/utlan?{}", parts.join("&")), Default::default());
    };
    let location_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t("bua-all-locations"))];
        if let Some(Ok(list)) = locations.get() {
            options.extend(list.into_iter().map(|l| (l.id.to_string(), l.name)));
        }
        options
    });
    let category_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t("bua-all-categories"))];
        options.extend(
            CATEGORIES
                .iter()
                .map(|c| ((*c).to_owned(), category_text(i18n, c))),
        );
        options
    });
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <Page title_key="lending-title">
            <p class="lead">{move || i18n.t("bua-intro")}</p>
            {move || auth.user().map(|_| view! { <p><A href="/utlan/mine">{move || i18n.t("bua-my-loans")}</A></p> })}
            <form class="filters" role="search" on:submit=search>
                <div class="filter-grid">
                    <SelectField id="location" label=Signal::derive(move || i18n.t("bua-field-location")) value=location options=location_options error=no_error />
                    <SelectField id="category" label=Signal::derive(move || i18n.t("bua-field-category")) value=category options=category_options error=no_error />
                    <div class="field">
                        <label for="age">{move || i18n.t("bua-field-age")}</label>
                        <input id="age" name="age" type="number" min="0" max="99" inputmode="numeric" bind:value=age />
                    </div>
                    <div class="field">
                        <label for="size">{move || i18n.t("bua-field-size")}</label>
                        <p id="size-hint" class="hint">{move || i18n.t("bua-field-size-hint")}</p>
                        <input id="size" name="size" type="text" aria-describedby="size-hint" bind:value=size />
                    </div>
                    <div class="field">
                        <label for="from">{move || i18n.t("bua-field-from")}</label>
                        <input id="from" name="from" type="date" bind:value=from />
                    </div>
                    <div class="field">
                        <label for="to">{move || i18n.t("bua-field-to")}</label>
                        <input id="to" name="to" type="date" bind:value=to />
                    </div>
                </div>
                <p><button type="submit" class="primary">{move || i18n.t("bua-search")}</button></p>
            </form>
            {loaded(models, move |page| {
                if page.items.is_empty() {
                    return view! { <p role="status">{move || i18n.t("bua-none-found")}</p> }.into_any();
                }
                let count = i18n.t_with("bua-result-count", &[("count", page.total.into())]);
                view! {
                    <p class="result-count" role="status">{count}</p>
                    <ul class="results">
                        {page.items.into_iter().map(|m| {
                            let href = format!("/utlan/modell/{}", m.id);
                            let kind = m.size_kind.clone();
                            let ages = match (m.min_age, m.max_age) {
                                (Some(a), Some(b)) => i18n.t_with("bua-ages", &[("min", a.into()), ("max", b.into())]),
                                (Some(a), None) => i18n.t_with("bua-ages-from", &[("min", a.into())]),
                                _ => String::new(),
                            };
                            view! {
                                <li class="card">
                                    {m.image.clone().map(|image| view! {
                                        <img class="picture" src=image.card_url alt=image.alt width="640" height="360" loading="lazy" decoding="async" />
                                    })}
                                    <h2><A href=href>{m.name.clone()}</A></h2>
                                    <p class="card-facts">{category_text(i18n, &m.category)}{(!ages.is_empty()).then(|| format!(" · {ages}"))}</p>
                                    <p>{m.description.clone()}</p>
                                    <ul class="inline-list">
                                        {m.sizes.into_iter().map(|s| {
                                            let size = size_text(i18n, kind.as_deref(), &s.size);
                                            let free = i18n.t_with("bua-free-of", &[("free", s.free.into()), ("units", s.units.into())]);
                                            let place = s.location_name.clone().unwrap_or_else(|| {
                                                i18n.t_with("bua-at-locations", &[("count", s.locations.into())])
                                            });
                                            view! { <li>{format!("{size}, {place}: {free}")}</li> }
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </Page>
    }
}
