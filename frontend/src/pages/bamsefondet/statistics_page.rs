//! `/admin/bamsefondet/runder/:id`: a round's statistics for the fund's
//! board — the totals, applications and grants per district as bars, the
//! budget's burn-down as a line, each with a table of the same numbers
//! (the charts are hidden from screen readers, the tables are not), and
//! the numbers as a spreadsheet. Groups under five read "< 5" everywhere.

use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::open_file::FileButton;
use crate::components::page::Page;
use crate::format;
use crate::i18n::{use_i18n, I18n};
use fritid_domain::bamsefondet::statistics::{
    BudgetPoint, GroupStatistics, RoundStatistics, Shown,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;

fn shown(i18n: I18n, value: Shown) -> String {
    match value {
        Shown::Number(n) => format::number(i18n.locale.get(), n),
        Shown::Suppressed(_) => i18n.t("fund-stats-fewer-than-five"),
    }
}

fn shown_nok(i18n: I18n, value: Shown) -> String {
    match value {
        Shown::Number(n) => format::nok(i18n.locale.get(), n),
        Shown::Suppressed(_) => i18n.t("fund-stats-fewer-than-five"),
    }
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let stats = LocalResource::new(move || api::round_statistics(auth, id()));
    let districts = LocalResource::new(move || api::districts(auth));
    let title = Signal::derive(move || {
        let name = stats
            .get()
            .and_then(|s| s.ok())
            .map(|s| s.round_name)
            .unwrap_or_default();
        i18n.t_with("fund-stats-title-of", &[("round", name.into())])
    });
    let names = Signal::derive(move || {
        districts
            .get()
            .and_then(|d| d.ok())
            .map(|d| {
                d.into_iter()
                    .map(|d| (d.slug, d.name))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default()
    });
    view! {
        <Page title>
            <p><A href="/admin/bamsefondet">{move || i18n.t("fund-stats-back")}</A></p>
            <p class="hint">{move || i18n.t("fund-stats-privacy")}</p>
            {loaded(stats, move |s| view! { <Statistics stats=s names /> })}
            <p>
                <FileButton url=format!("/api/v1/fund-rounds/{}/statistics?format=csv", id())
                    name=i18n.t("fund-stats-csv") />
            </p>
        </Page>
    }
}

#[component]
fn Statistics(stats: RoundStatistics, names: Signal<HashMap<String, String>>) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(stats);
    let money = move |f: fn(&RoundStatistics) -> i64| {
        move || s.with_value(|s| format::nok(i18n.locale.get(), f(s)))
    };
    let count = move |f: fn(&RoundStatistics) -> Shown| move || s.with_value(|s| shown(i18n, f(s)));
    let days = move || {
        s.with_value(
            |s| match (s.average_days_to_decision, s.p90_days_to_decision) {
                (Some(avg), Some(p90)) => i18n.t_with(
                    "fund-stats-days-value",
                    &[
                        ("average", format::decimal(i18n.locale.get(), avg).into()),
                        ("p90", p90.into()),
                    ],
                ),
                _ => i18n.t("fund-stats-no-decisions"),
            },
        )
    };
    view! {
        <h2>{move || i18n.t("fund-stats-totals")}</h2>
        <dl class="facts">
            <dt>{move || i18n.t("fund-stats-applications")}</dt><dd>{count(|s| s.applications)}</dd>
            <dt>{move || i18n.t("fund-stats-granted")}</dt><dd>{count(|s| s.granted)}</dd>
            <dt>{move || i18n.t("fund-stats-rejected")}</dt><dd>{count(|s| s.rejected)}</dd>
            <dt>{move || i18n.t("fund-admin-budget")}</dt><dd>{money(|s| s.budget_nok)}</dd>
            <dt>{move || i18n.t("fund-stats-granted-nok")}</dt><dd>{money(|s| s.committed_nok)}</dd>
            <dt>{move || i18n.t("fund-admin-paid")}</dt><dd>{money(|s| s.paid_nok)}</dd>
            <dt>{move || i18n.t("fund-admin-left")}</dt><dd>{money(|s| s.left_nok)}</dd>
            <dt>{move || i18n.t("fund-stats-days")}</dt><dd>{days}</dd>
        </dl>
        <h2 id="by-district">{move || i18n.t("fund-stats-by-district")}</h2>
        <DistrictBars groups=s.with_value(|s| s.by_district.clone()) names />
        <GroupTable groups=s.with_value(|s| s.by_district.clone()) names labelled_by="by-district" />
        <h2 id="burn-down">{move || i18n.t("fund-stats-burn-down")}</h2>
        <BurnDown budget=s.with_value(|s| s.budget_nok) points=s.with_value(|s| s.budget_by_month.clone()) />
        <h2 id="by-month">{move || i18n.t("fund-stats-by-month")}</h2>
        <GroupTable groups=s.with_value(|s| s.by_month.clone()) names=Signal::derive(HashMap::new) labelled_by="by-month" />
    }
}

/// Applications per district as horizontal bars, the granted part darker.
/// A suppressed group gets no bar. Hidden from screen readers: the table
/// after it says the same.
#[component]
fn DistrictBars(
    groups: Vec<GroupStatistics>,
    names: Signal<HashMap<String, String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = |v: Shown| match v {
        Shown::Number(n) => Some(n),
        Shown::Suppressed(_) => None,
    };
    let most = groups
        .iter()
        .filter_map(|g| number(g.applications))
        .max()
        .unwrap_or(1)
        .max(1);
    view! {
        <div class="bars" aria-hidden="true">
            {groups.into_iter().map(|g| {
                let slug = g.group.clone();
                let label = move || names.with(|n| n.get(&slug).cloned().unwrap_or_else(|| slug.clone()));
                let applications = number(g.applications);
                let granted = number(g.granted);
                // Set through the CSSOM (`style:`), which the page's
                // Content-Security-Policy allows; a style attribute it blocks.
                let width = |n: Option<i64>| format!("{}%", n.unwrap_or(0) * 100 / most);
                let text = shown(i18n, g.applications);
                view! {
                    <div class="bar-row">
                        <span class="bar-label">{label}</span>
                        <span class="bar-track">
                            <span class="bar applied" style:width=width(applications)>
                                <span class="bar granted" style:width=format!("{}%", match (granted, applications) {
                                    (Some(x), Some(y)) if y > 0 => x * 100 / y,
                                    _ => 0,
                                })></span>
                            </span>
                        </span>
                        <span class="bar-value">{text}</span>
                    </div>
                }
            }).collect_view()}
            <p class="bar-key"><span class="swatch applied"></span>{move || i18n.t("fund-stats-applications")}
                " "<span class="swatch granted"></span>{move || i18n.t("fund-stats-granted")}</p>
        </div>
    }
}

#[component]
fn GroupTable(
    groups: Vec<GroupStatistics>,
    names: Signal<HashMap<String, String>>,
    labelled_by: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table>
                <thead><tr>
                    <th scope="col">{move || i18n.t("fund-stats-group")}</th>
                    <th scope="col">{move || i18n.t("fund-stats-applications")}</th>
                    <th scope="col">{move || i18n.t("fund-stats-granted")}</th>
                    <th scope="col">{move || i18n.t("fund-stats-granted-nok")}</th>
                </tr></thead>
                <tbody>
                    {groups.into_iter().map(|g| {
                        let slug = g.group.clone();
                        let label = move || names.with(|n| n.get(&slug).cloned().unwrap_or_else(|| slug.clone()));
                        view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td>{move || shown(i18n, g.applications)}</td>
                                <td>{move || shown(i18n, g.granted)}</td>
                                <td>{move || shown_nok(i18n, g.granted_nok)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// What is left of the budget after each month, as a falling line from
/// the full budget (an SVG; hidden from screen readers), then as a table.
#[component]
fn BurnDown(budget: i64, points: Vec<BudgetPoint>) -> impl IntoView {
    let i18n = use_i18n();
    if points.is_empty() {
        return view! { <p>{move || i18n.t("fund-stats-no-grants")}</p> }.into_any();
    }
    let (width, height) = (600.0_f64, 200.0_f64);
    let step = width / points.len() as f64;
    let y = |left: i64| height - height * (left.max(0) as f64) / (budget.max(1) as f64);
    let mut line = format!("M0,{:.1}", y(budget));
    for (i, p) in points.iter().enumerate() {
        line.push_str(&format!(
            " L{:.1},{:.1}",
            step * (i as f64 + 1.0),
            y(p.left_nok)
        ));
    }
    let rows = points.clone();
    view! {
        <svg class="burn-down" viewBox=format!("0 0 {width} {height}") preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <line x1="0" y1=height x2=width y2=height class="axis" />
            <path d=line class="left" />
        </svg>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="burn-down">
            <table>
                <thead><tr>
                    <th scope="col">{move || i18n.t("fund-stats-month")}</th>
                    <th scope="col">{move || i18n.t("fund-admin-committed")}</th>
                    <th scope="col">{move || i18n.t("fund-admin-left")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.month.clone()}</th>
                            <td>{move || format::nok(i18n.locale.get(), p.committed_nok)}</td>
                            <td>{move || format::nok(i18n.locale.get(), p.left_nok)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
