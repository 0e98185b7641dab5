//! Activity search. The filters live in the page URL with the same names as
//! the API's query parameters, so a search can be shared and the back
//! button returns to the previous one; the page passes them on to
//! `GET /api/v1/activities` as they are.

use crate::api;
use crate::auth::use_auth;
use crate::components::activity_card::ActivityCard;
use crate::components::checkbox::{Checkbox, ListCheckbox};
use crate::components::district_checks::DistrictChecks;
use crate::components::focus::focus_later;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::i18n::use_i18n;
use fritid_domain::schedule::Weekday;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

/// The filters the page keeps in its URL (and sends to the API).
const FILTERS: [&str; 20] = [
    "q",
    "organization",
    "category",
    "district",
    "suitable_for",
    "weekday",
    "time_from",
    "time_to",
    "from",
    "to",
    "is_free",
    "max_cost",
    "drop_in",
    "free_trial",
    "no_membership_needed",
    "adapted_for_disabilities",
    "companion_card_accepted",
    "step_free_access",
    "has_free_places",
    "page",
];

/// The yes/no filters, with their label keys.
const FLAGS: [(&str, &str); 8] = [
    ("is_free", "filter-free"),
    ("drop_in", "filter-drop-in"),
    ("free_trial", "filter-free-trial"),
    ("no_membership_needed", "filter-no-membership"),
    ("has_free_places", "filter-free-places"),
    ("adapted_for_disabilities", "filter-adapted"),
    ("companion_card_accepted", "filter-companion-card"),
    ("step_free_access", "filter-step-free"),
];

/// Times of day a parent thinks in, as the API's `time_from`/`time_to`
/// (start times, Oslo): (value, label key, from, to).
const PARTS_OF_DAY: [(&str, &str, &str, &str); 3] = [
    ("morning", "filter-time-morning", "", "12:00"),
    ("after-school", "filter-time-after-school", "14:00", "18:00"),
    ("evening", "filter-time-evening", "18:00", ""),
];

const PER_PAGE: u32 = 20;

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

/// `key=value&…` for the filters present in `query`, in a stable order.
fn query_string(query: &ParamsMap, extra: &[(&str, String)]) -> String {
    FILTERS
        .iter()
        .filter_map(|key| query.get(key).filter(|v| !v.is_empty()).map(|v| (*key, v)))
        .chain(extra.iter().map(|(k, v)| (*k, v.clone())))
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn split(value: Option<String>) -> Vec<String> {
    value
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The form's state, one signal per filter.
#[derive(Clone, Copy)]
struct Filters {
    q: RwSignal<String>,
    categories: RwSignal<Vec<String>>,
    districts: RwSignal<Vec<String>>,
    age: RwSignal<String>,
    weekdays: RwSignal<Vec<String>>,
    /// One of [`PARTS_OF_DAY`], or empty for any time.
    part_of_day: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    max_cost: RwSignal<String>,
    flags: [RwSignal<bool>; FLAGS.len()],
}

impl Filters {
    fn new() -> Self {
        Self {
            q: RwSignal::new(String::new()),
            categories: RwSignal::new(vec![]),
            districts: RwSignal::new(vec![]),
            age: RwSignal::new(String::new()),
            weekdays: RwSignal::new(vec![]),
            part_of_day: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            max_cost: RwSignal::new(String::new()),
            flags: std::array::from_fn(|_| RwSignal::new(false)),
        }
    }

    /// Shows what the URL says (on load and after back/forward).
    fn load(&self, query: &ParamsMap) {
        let text = |k: &str| query.get(k).unwrap_or_default();
        self.q.set(text("q"));
        self.categories.set(split(query.get("category")));
        self.districts.set(split(query.get("district")));
        self.age.set(text("suitable_for"));
        self.weekdays.set(split(query.get("weekday")));
        let (time_from, time_to) = (text("time_from"), text("time_to"));
        self.part_of_day.set(
            PARTS_OF_DAY
                .iter()
                .find(|(_, _, from, to)| *from == time_from && *to == time_to)
                .map(|(value, ..)| (*value).to_owned())
                .unwrap_or_default(),
        );
        self.from.set(text("from"));
        self.to.set(text("to"));
        self.max_cost.set(text("max_cost"));
        for ((key, _), flag) in FLAGS.iter().zip(self.flags) {
            flag.set(query.get(key).as_deref() == Some("true"));
        }
    }

    /// The URL query for the form's state (a new search starts at page 1).
    fn to_query(self) -> String {
        let mut map = ParamsMap::new();
        let mut put = |k: &'static str, v: String| {
            let v = v.trim().to_owned();
            if !v.is_empty() {
                map.replace(k, v);
            }
        };
        put("q", self.q.get_untracked());
        put("category", self.categories.get_untracked().join(","));
        put("district", self.districts.get_untracked().join(","));
        put("suitable_for", self.age.get_untracked());
        // The API wants weekdays in week order.
        let days = self.weekdays.get_untracked();
        put(
            "weekday",
            Weekday::ALL
                .iter()
                .map(|d| d.as_str())
                .filter(|d| days.iter().any(|x| x == d))
                .collect::<Vec<_>>()
                .join(","),
        );
        let part = self.part_of_day.get_untracked();
        if let Some((_, _, from, to)) = PARTS_OF_DAY.iter().find(|(v, ..)| *v == part) {
            put("time_from", (*from).to_owned());
            put("time_to", (*to).to_owned());
        }
        put("from", self.from.get_untracked());
        put("to", self.to.get_untracked());
        put("max_cost", self.max_cost.get_untracked());
        for ((key, _), flag) in FLAGS.iter().zip(self.flags) {
            if flag.get_untracked() {
                put(key, "true".into());
            }
        }
        query_string(&map, &[])
    }

    fn count(self) -> usize {
        let lists = self.categories.with(Vec::len) + self.districts.with(Vec::len);
        let flags = self.flags.iter().filter(|f| f.get()).count();
        let texts = [
            self.age,
            self.part_of_day,
            self.from,
            self.to,
            self.max_cost,
        ]
        .iter()
        .filter(|s| !s.with(String::is_empty))
        .count();
        lists + flags + texts + usize::from(!self.weekdays.with(Vec::is_empty))
    }
}

#[component]
pub fn ActivitySearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Filters::new();
    Effect::new(move |_| query.with(|q| filters.load(q)));

    let categories = LocalResource::new(move || api::categories(auth));
    let results = LocalResource::new(move || {
        let q = query.with(|q| {
            let mut extra = vec![("per_page", PER_PAGE.to_string())];
            // Typed words: the best matches first.
            if q.get("q").is_some_and(|t| !t.trim().is_empty()) {
                extra.push(("sort", "relevance".into()));
            }
            query_string(q, &extra)
        });
        api::search_activities(auth, q)
    });
    let age_error = RwSignal::new(None::<String>);
    // The filter panel starts open when the search in the URL uses some of
    // them (a shared or reloaded search shows what it filters on), and folds
    // away after a search, so the results are what a phone shows.
    let filters_in_url = query.with_untracked(|q| {
        FILTERS
            .iter()
            .any(|k| !matches!(*k, "q" | "page") && q.get(k).is_some_and(|v| !v.is_empty()))
    });
    let filters_open = RwSignal::new(filters_in_url);
    // Set by a search: when its results are drawn, focus and scroll go to
    // the count of what was found.
    let show_results = RwSignal::new(false);

    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let age = filters.age.get_untracked();
        if !age.trim().is_empty() && !age.trim().parse::<u8>().is_ok_and(|a| a <= 120) {
            age_error.set(Some(i18n.t("filter-age-invalid")));
            return;
        }
        age_error.set(None);
        filters_open.set(false);
        show_results.set(true);
        navigate(
            &format!("/aktiviteter?{}", filters.to_query()),
            Default::default(),
        );
    };

    let category_boxes = move || {
        categories.get().and_then(Result::ok).map(|list| {
            list.into_iter()
                .map(|c| {
                    let label = Signal::derive(move || i18n.pick(&c.name_nb, Some(&c.name_en)));
                    view! { <ListCheckbox id=format!("category-{}", c.slug) label list=filters.categories value=c.slug.clone() /> }
                })
                .collect_view()
        })
    };
    let weekday_boxes = Weekday::ALL
        .iter()
        .map(|d| {
            let key = format!("weekday-{}", d.as_str());
            view! { <ListCheckbox id=format!("weekday-{}", d.as_str()) label=Signal::derive(move || i18n.t(&key)) list=filters.weekdays value=d.as_str().to_owned() /> }
        })
        .collect_view();
    let flag_boxes = FLAGS
        .iter()
        .zip(filters.flags)
        .map(|((key, label), flag)| {
            view! { <Checkbox id=format!("filter-{key}") label=Signal::derive(move || i18n.t(label)) checked=flag /> }
        })
        .collect_view();

    let calendar_link = move || {
        let q = query.with(|q| query_string(q, &[]));
        format!("/api/v1/calendar.ics?{q}")
    };

    view! {
        <Page title_key="activities-title">
            <p class="lead">{move || i18n.t("activities-intro")}</p>
            <form class="search" role="search" on:submit=search>
                <div class="field search-text">
                    <label for="q">{move || i18n.t("filter-text")}</label>
                    <div class="search-row">
                        <input id="q" name="q" type="search" bind:value=filters.q />
                        <button type="submit" class="primary">{move || i18n.t("filter-submit")}</button>
                    </div>
                </div>
                <details class="filters" prop:open=move || filters_open.get()
                    on:toggle=move |ev| {
                        let open = ev.target()
                            .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
                            .and_then(|v| v.as_bool());
                        if let Some(open) = open {
                            filters_open.set(open);
                        }
                    }>
                    <summary>
                        {move || i18n.t("filter-more")}
                        {move || { let n = filters.count(); (n > 0).then(|| format!(" ({n})")) }}
                    </summary>
                    <div class="filter-grid">
                        <div class="field">
                            <label for="suitable_for">{move || i18n.t("filter-age")}</label>
                            <input id="suitable_for" name="suitable_for" type="text" inputmode="numeric"
                                bind:value=filters.age
                                aria-invalid=move || age_error.get().is_some().then_some("true")
                                aria-describedby=move || age_error.get().map(|_| "suitable_for-error") />
                            {move || age_error.get().map(|e| view! { <p id="suitable_for-error" class="field-error">{e}</p> })}
                        </div>
                        <div class="field">
                            <label for="max_cost">{move || i18n.t("filter-max-cost")}</label>
                            <input id="max_cost" name="max_cost" type="number" min="0" step="50" inputmode="numeric" bind:value=filters.max_cost />
                        </div>
                        <SelectField id="part_of_day" label=Signal::derive(move || i18n.t("filter-time"))
                            value=filters.part_of_day error=Signal::derive(|| None::<String>)
                            options=Signal::derive(move || {
                                std::iter::once((String::new(), i18n.t("filter-time-any")))
                                    .chain(PARTS_OF_DAY.iter().map(|(v, key, ..)| ((*v).to_owned(), i18n.t(key))))
                                    .collect::<Vec<_>>()
                            }) />
                        <div class="field">
                            <label for="from">{move || i18n.t("filter-from")}</label>
                            <input id="from" name="from" type="date" bind:value=filters.from />
                        </div>
                        <div class="field">
                            <label for="to">{move || i18n.t("filter-to")}</label>
                            <input id="to" name="to" type="date" bind:value=filters.to />
                        </div>
                    </div>
                    <fieldset class="checks">
                        <legend>{move || i18n.t("filter-threshold")}</legend>
                        {flag_boxes}
                    </fieldset>
                    <fieldset class="checks">
                        <legend>{move || i18n.t("filter-weekday")}</legend>
                        {weekday_boxes}
                    </fieldset>
                    <fieldset class="checks">
                        <legend>{move || i18n.t("filter-category")}</legend>
                        {category_boxes}
                    </fieldset>
                    <DistrictChecks prefix="district" legend=Signal::derive(move || i18n.t("filter-district"))
                        selected=filters.districts error=Signal::derive(|| None::<String>) />
                    <button type="submit" class="primary">{move || i18n.t("filter-submit")}</button>
                    " "
                    <A href="/aktiviteter">{move || i18n.t("filter-clear")}</A>
                </details>
            </form>
            <section aria-labelledby="results-heading">
                <h2 id="results-heading" class="visually-hidden">{move || i18n.t("results-heading")}</h2>
                {loaded(results, move |page| {
                    let total = page.total;
                    let count_key = if page.total_capped { "results-count-over" } else { "results-count" };
                    let suggestions = page.suggestions.clone();
                    let pages = ((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE)).max(1);
                    let current = i64::from(page.page);
                    if show_results.get_untracked() {
                        show_results.set(false);
                        // Focus and scroll land on the count of what was found.
                        focus_later("result-count", true);
                    } else {
                        restore_scroll();
                    }
                    view! {
                        <p role="status" class="result-count" id="result-count" tabindex="-1">
                            {move || i18n.t_with(count_key, &[("count", total.into())])}
                        </p>
                        {(!suggestions.is_empty()).then(move || view! {
                            <p>{move || i18n.t("results-suggest")}
                                {suggestions.into_iter().map(|s| view! { " "<A href=format!("/aktiviteter?q={}", encode(&s))>{s}</A> }).collect_view()}
                            </p>
                        })}
                        <ul class="results" on:click=move |_| remember_scroll()>
                            {page.items.into_iter().enumerate().map(|(i, a)| view! { <li><ActivityCard activity=a eager=i < 2 /></li> }).collect_view()}
                        </ul>
                        <Pager current pages query />
                        // Drawn with the results, so it does not jump when they arrive.
                        <p class="feed-link">
                            <a href=calendar_link>{move || i18n.t("results-calendar")}</a>
                        </p>
                    }
                })}
            </section>
        </Page>
    }
}

/// Where in this list (this URL) the person was when they opened an
/// activity, so back brings them to the same place, not to the top.
fn scroll_key() -> Option<String> {
    let location = window().location();
    Some(format!(
        "fritid-scroll:{}{}",
        location.pathname().ok()?,
        location.search().ok()?
    ))
}

fn remember_scroll() {
    let storage = window().session_storage().ok().flatten();
    if let (Some(storage), Some(key), Ok(y)) = (storage, scroll_key(), window().scroll_y()) {
        let _ = storage.set_item(&key, &y.round().to_string());
    }
}

/// Back on the list: scrolls to where the person was (once; a later visit
/// starts at the top).
fn restore_scroll() {
    let Some(storage) = window().session_storage().ok().flatten() else {
        return;
    };
    let Some(key) = scroll_key() else {
        return;
    };
    let y = storage
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|v| v.parse::<f64>().ok());
    if let Some(y) = y {
        let _ = storage.remove_item(&key);
        // The router moves to the top after it has drawn the page; scroll
        // again until the list stays where the person left it.
        for delay in [0, 50, 150, 400] {
            set_timeout(
                move || {
                    if (window().scroll_y().unwrap_or(0.0) - y).abs() > 2.0 {
                        window().scroll_to_with_x_and_y(0.0, y);
                    }
                },
                std::time::Duration::from_millis(delay),
            );
        }
    }
}

/// "Previous / page 2 of 9 / next", as links that keep the filters.
#[component]
fn Pager(current: i64, pages: i64, query: Memo<ParamsMap>) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |page: i64| {
        let mut q = query.get_untracked();
        q.remove("page");
        let rest = query_string(&q, &[]);
        let sep = if rest.is_empty() { "" } else { "&" };
        format!("/aktiviteter?{rest}{sep}page={page}")
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || i18n.t("pager-label")>
                {(current > 1).then(|| view! { <A href=link(current - 1) attr:rel="prev">{move || i18n.t("pager-previous")}</A> })}
                <span>{move || i18n.t_with("pager-position", &[("page", current.into()), ("pages", pages.into())])}</span>
                {(current < pages).then(|| view! { <A href=link(current + 1) attr:rel="next">{move || i18n.t("pager-next")}</A> })}
            </nav>
        }
    })
}
