//! One activity in a list of results: what, for whom, where, when, what it
//! costs, and how easy it is to come.

use crate::components::badges::Badges;
use crate::components::picture::Picture;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::activity::{ActivityStatus, ActivitySummary};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ActivityCard(
    activity: ActivitySummary,
    /// Its picture loads at once (the first cards on screen).
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = StoredValue::new(activity);
    let get = move || a.get_value();
    let href = format!("/aktiviteter/{}", get().id);
    let title = move || a.with_value(|a| i18n.pick(&a.title, a.title_en.as_deref()));
    let category =
        move || a.with_value(|a| i18n.pick(&a.category.name, a.category.name_en.as_deref()));
    let when = move || {
        a.with_value(|a| match &a.next_occurrence {
            Some(o) => format::occurrence(i18n.locale.get(), &o.starts_at, &o.ends_at),
            None => i18n.t("activity-no-dates"),
        })
    };
    let series = move || {
        a.with_value(|a| a.is_series)
            .then(|| i18n.t("activity-series"))
    };
    let price = move || {
        a.with_value(|a| {
            if a.is_free && a.total_cost_nok == 0 {
                i18n.t("price-free")
            } else if a.is_free {
                i18n.t_with(
                    "price-free-with-costs",
                    &[(
                        "amount",
                        format::nok(i18n.locale.get(), i64::from(a.total_cost_nok)).into(),
                    )],
                )
            } else {
                i18n.t_with(
                    "price-total",
                    &[(
                        "amount",
                        format::nok(i18n.locale.get(), i64::from(a.total_cost_nok)).into(),
                    )],
                )
            }
        })
    };
    let status = move || {
        a.with_value(|a| {
            (a.status != ActivityStatus::Published).then(|| {
                view! { <p class="status-banner">{i18n.t(&format!("status-{}", a.status.as_str()))}</p> }
            })
        })
    };
    let ages = move || a.with_value(|a| format::ages(i18n.locale.get(), a.age_min, a.age_max));
    view! {
        <article class="card">
            <Picture image=get().image category=get().category.slug eager />
            <h3><A href=href>{title}</A></h3>
            {status}
            <p class="card-org">{move || a.with_value(|a| a.organization.name.clone())}</p>
            <dl class="card-facts">
                <dt>{move || i18n.t("activity-when")}</dt>
                <dd>{when}{move || series().map(|s| format!(" ({s})"))}</dd>
                <dt>{move || i18n.t("activity-where")}</dt>
                <dd>{move || a.with_value(|a| format!("{}, {}", a.place_name, a.district.name))}</dd>
                <dt>{move || i18n.t("activity-age")}</dt>
                <dd>{ages}</dd>
                <dt>{move || i18n.t("activity-price")}</dt>
                <dd>{price}</dd>
                <dt>{move || i18n.t("activity-category")}</dt>
                <dd>{category}</dd>
            </dl>
            <Badges
                free=get().is_free && get().total_cost_nok == 0
                drop_in=get().drop_in
                free_trial=get().free_trial
                no_membership=get().no_membership_needed
                signup=get().signup
            />
        </article>
    }
}
