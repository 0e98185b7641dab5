//! `/admin/bamsefondet`: the funds and their rounds, for administrators —
//! the names the letters use (who decides, who hears appeals, whom to
//! contact), whether decisions need a second signature, and per round the
//! dates, budget, maximum per child and what it covers; with what is
//! committed, paid and left, and a link to the round's statistics.

use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::Checkbox;
use crate::components::field::Field;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use chrono::NaiveDate;
use fritid_domain::bamsefondet::fund::{CostKind, Fund, FundRequest, Round, RoundRequest};
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn FundAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let version = RwSignal::new(0u32);
    let funds = LocalResource::new(move || {
        version.track();
        api::funds(auth)
    });
    view! {
        <Page title_key="fund-admin-title">
            <p>{move || i18n.t("fund-admin-intro")}</p>
            {loaded(funds, move |list| {
                list.into_iter().map(|fund| view! { <FundSection fund version /> }).collect_view()
            })}
            <section aria-labelledby="new-fund">
                <h2 id="new-fund">{move || i18n.t("fund-admin-new-fund")}</h2>
                <details class="add-form">
                    <summary>{move || i18n.t("fund-admin-new-fund")}</summary>
                    <FundForm existing=None version />
                </details>
            </section>
        </Page>
    }
}

#[component]
fn FundSection(fund: Fund, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("fund-{}", fund.id);
    let labelled_by = heading.clone();
    let fund_id = fund.id.to_string();
    let four_eyes = fund.four_eyes;
    let rounds = fund.rounds.clone();
    view! {
        <section aria-labelledby=labelled_by class="fund-admin">
            <h2 id=heading>{fund.name.clone()}</h2>
            <dl class="facts">
                <dt>{move || i18n.t("fund-admin-decision-owner")}</dt><dd>{fund.decision_owner.clone()}</dd>
                <dt>{move || i18n.t("fund-admin-appeal-body")}</dt><dd>{fund.appeal_body.clone()}</dd>
                <dt>{move || i18n.t("fund-admin-contact")}</dt><dd>{fund.contact.clone()}</dd>
                <dt>{move || i18n.t("fund-admin-four-eyes")}</dt>
                <dd>{move || i18n.t(if four_eyes { "fund-yes" } else { "fund-no" })}</dd>
            </dl>
            <details class="add-form">
                <summary>{move || i18n.t("fund-admin-edit-fund")}</summary>
                <FundForm existing=Some(fund.clone()) version />
            </details>
            <h3>{move || i18n.t("fund-admin-rounds")}</h3>
            {rounds.into_iter().map(|round| view! { <RoundCard fund=fund_id.clone() round version /> }).collect_view()}
            <details class="add-form">
                <summary>{move || i18n.t("fund-admin-new-round")}</summary>
                <RoundForm fund=fund_id.clone() existing=None version />
            </details>
        </section>
    }
}

#[component]
fn RoundCard(fund: String, round: Round, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let money = move |n: i64| move || format::nok(i18n.locale.get(), n);
    let (opens, closes) = (round.opens_on, round.closes_on);
    let period = move || {
        let locale = i18n.locale.get();
        match closes {
            Some(c) => format!(
                "{} – {}",
                format::date(locale, opens),
                format::date(locale, c)
            ),
            None => i18n.t_with(
                "fund-admin-from",
                &[("date", format::date(locale, opens).into())],
            ),
        }
    };
    let covers = round.covers.clone();
    let covers = move || {
        covers
            .iter()
            .map(|k| i18n.t(&format!("fund-cost-{}", k.as_str())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let open = round.open;
    view! {
        <article class="card round">
            <h4>{round.name.clone()}" "<span class="chip">{move || i18n.t(if open { "fund-admin-open" } else { "fund-admin-closed" })}</span></h4>
            <dl class="facts">
                <dt>{move || i18n.t("fund-admin-period")}</dt><dd>{period}</dd>
                <dt>{move || i18n.t("fund-admin-budget")}</dt><dd>{money(round.budget_nok)}</dd>
                <dt>{move || i18n.t("fund-admin-committed")}</dt><dd>{money(round.committed_nok)}</dd>
                <dt>{move || i18n.t("fund-admin-paid")}</dt><dd>{money(round.paid_nok)}</dd>
                <dt>{move || i18n.t("fund-admin-left")}</dt><dd>{money(round.budget_nok - round.committed_nok)}</dd>
                <dt>{move || i18n.t("fund-admin-max")}</dt><dd>{money(i64::from(round.max_per_child_nok))}</dd>
                <dt>{move || i18n.t("fund-admin-covers")}</dt><dd>{covers}</dd>
            </dl>
            <p><A href=format!("/admin/bamsefondet/runder/{}", round.id)>{move || i18n.t("fund-admin-statistics")}</A></p>
            <details class="add-form">
                <summary>{move || i18n.t("fund-admin-edit-round")}</summary>
                <RoundForm fund existing=Some(round.clone()) version />
            </details>
        </article>
    }
}

#[component]
fn FundForm(existing: Option<Fund>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = FormState::new();
    let prefix = existing
        .as_ref()
        .map(|f| f.id.to_string())
        .unwrap_or_else(|| "new".into());
    let id = existing.as_ref().map(|f| f.id.to_string());
    let text = |f: fn(&Fund) -> String| RwSignal::new(existing.as_ref().map(f).unwrap_or_default());
    let name = text(|f| f.name.clone());
    let owner = text(|f| f.decision_owner.clone());
    let appeal = text(|f| f.appeal_body.clone());
    let contact = text(|f| f.contact.clone());
    let four_eyes = RwSignal::new(existing.as_ref().is_none_or(|f| f.four_eyes));
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        saved.set(false);
        let body = FundRequest {
            name: name.get_untracked(),
            decision_owner: owner.get_untracked(),
            appeal_body: appeal.get_untracked(),
            contact: contact.get_untracked(),
            four_eyes: four_eyes.get_untracked(),
        };
        if let Err(errors) = body.validate() {
            return form.show_validation(errors);
        }
        form.send(i18n, api::save_fund(auth, id.clone(), body), move |_| {
            saved.set(true);
            version.update(|v| *v += 1);
        });
    };
    let field = move |suffix: &str| format!("{prefix}-{suffix}");
    view! {
        <form class="form" novalidate on:submit=submit>
            {form.alert(i18n)}
            <Show when=move || saved.get()>
                <p class="form-success" role="status">{move || i18n.t("fund-admin-saved")}</p>
            </Show>
            <Field id=field("name") value=name label=Signal::derive(move || i18n.t("fund-admin-name")) error=form.field(i18n, "name") />
            <Field id=field("owner") value=owner label=Signal::derive(move || i18n.t("fund-admin-decision-owner"))
                hint=Signal::derive(move || i18n.t("fund-admin-decision-owner-hint")) error=form.field(i18n, "decision_owner") />
            <Field id=field("appeal") value=appeal label=Signal::derive(move || i18n.t("fund-admin-appeal-body"))
                hint=Signal::derive(move || i18n.t("fund-admin-appeal-body-hint")) error=form.field(i18n, "appeal_body") />
            <Field id=field("contact") value=contact label=Signal::derive(move || i18n.t("fund-admin-contact"))
                hint=Signal::derive(move || i18n.t("fund-admin-contact-hint")) error=form.field(i18n, "contact") />
            <Checkbox id=field("four-eyes") checked=four_eyes label=Signal::derive(move || i18n.t("fund-admin-four-eyes-label")) />
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("fund-admin-save")}</button>
        </form>
    }
}

/// A whole number of kroner typed by a person ("5 000", "5000"), or the
/// field's error.
fn kroner(field: &'static str, text: &str) -> Result<i64, FieldError> {
    fritid_domain::money::parse_kroner(text)
        .filter(|n| *n > 0)
        .ok_or_else(|| FieldError::new(field, "invalid", "a whole number of kroner above 0"))
}

fn date(field: &'static str, text: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, "invalid", "a date"))
}

#[component]
fn RoundForm(fund: String, existing: Option<Round>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = FormState::new();
    let prefix = existing
        .as_ref()
        .map(|r| r.id.to_string())
        .unwrap_or_else(|| format!("new-{fund}"));
    let round_id = existing.as_ref().map(|r| r.id.to_string());
    let text =
        |f: fn(&Round) -> String| RwSignal::new(existing.as_ref().map(f).unwrap_or_default());
    let name = text(|r| r.name.clone());
    let opens = text(|r| r.opens_on.to_string());
    let closes = text(|r| r.closes_on.map(|d| d.to_string()).unwrap_or_default());
    let budget = text(|r| r.budget_nok.to_string());
    let max = text(|r| r.max_per_child_nok.to_string());
    let covers: Vec<(CostKind, RwSignal<bool>)> = CostKind::ALL
        .iter()
        .map(|k| {
            let on = existing.as_ref().is_none_or(|r| r.covers.contains(k));
            (*k, RwSignal::new(on))
        })
        .collect();
    let covers = StoredValue::new(covers);
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        saved.set(false);
        let mut errors = ValidationErrors::new();
        let opens_on = errors.check(date("opens_on", &opens.get_untracked()));
        let closes_text = closes.get_untracked();
        let closes_on = if closes_text.trim().is_empty() {
            Some(None)
        } else {
            errors.check(date("closes_on", &closes_text)).map(Some)
        };
        let budget_nok = errors.check(kroner("budget_nok", &budget.get_untracked()));
        let max_nok = errors.check(kroner("max_per_child_nok", &max.get_untracked()).and_then(
            |n| {
                i32::try_from(n)
                    .map_err(|_| FieldError::new("max_per_child_nok", "invalid", "too large"))
            },
        ));
        let chosen: Vec<CostKind> = covers.with_value(|c| {
            c.iter()
                .filter(|(_, on)| on.get_untracked())
                .map(|(k, _)| *k)
                .collect()
        });
        let body = errors.finish(|| {
            Some(RoundRequest {
                name: name.get_untracked(),
                opens_on: opens_on?,
                closes_on: closes_on?,
                budget_nok: budget_nok?,
                max_per_child_nok: max_nok?,
                covers: chosen,
            })
        });
        let body = match body.and_then(|b| b.validate().map(|_| b)) {
            Ok(b) => b,
            Err(errors) => return form.show_validation(errors),
        };
        form.send(
            i18n,
            api::save_round(auth, fund.clone(), round_id.clone(), body),
            move |_| {
                saved.set(true);
                version.update(|v| *v += 1);
            },
        );
    };
    let field = move |suffix: &str| format!("{prefix}-{suffix}");
    let covers_error = form.field(i18n, "covers");
    view! {
        <form class="form" novalidate on:submit=submit>
            {form.alert(i18n)}
            <Show when=move || saved.get()>
                <p class="form-success" role="status">{move || i18n.t("fund-admin-saved")}</p>
            </Show>
            <Field id=field("name") value=name label=Signal::derive(move || i18n.t("fund-admin-round-name")) error=form.field(i18n, "name") />
            <Field id=field("opens") kind="date" value=opens label=Signal::derive(move || i18n.t("fund-admin-opens")) error=form.field(i18n, "opens_on") />
            <Field id=field("closes") kind="date" value=closes label=Signal::derive(move || i18n.t("fund-admin-closes"))
                hint=Signal::derive(move || i18n.t("fund-admin-closes-hint")) error=form.field(i18n, "closes_on") />
            <Field id=field("budget") value=budget inputmode="numeric" label=Signal::derive(move || i18n.t("fund-admin-budget-kr")) error=form.field(i18n, "budget_nok") />
            <Field id=field("max") value=max inputmode="numeric" label=Signal::derive(move || i18n.t("fund-admin-max-kr")) error=form.field(i18n, "max_per_child_nok") />
            <fieldset>
                <legend>{move || i18n.t("fund-admin-covers")}</legend>
                {covers.with_value(|c| c.iter().map(|(k, on)| {
                    let key = format!("fund-cost-{}", k.as_str());
                    view! { <Checkbox id=field(k.as_str()) checked=*on label=Signal::derive(move || i18n.t(&key)) /> }
                }).collect_view())}
                {move || covers_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </fieldset>
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("fund-admin-save")}</button>
        </form>
    }
}
