//! `/bamsefondet/soknader/:id/rediger`: the application in three short
//! steps — the child; the activity and what it costs; how the money is paid
//! and consent. Every step is saved on the server when the family moves on
//! (nothing is lost on reload or a dropped connection), checked with the
//! same rules as the server's, and the last step sends it.

use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::Checkbox;
use crate::components::field::Field;
use crate::components::flash::set_flash;
use crate::components::focus::focus_later;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use chrono::Datelike;
use fritid_domain::bamsefondet::application::{
    Application, ApplicationDraft, CostLine, PayoutTo, RoundRules, MAX_COST_LINES,
};
use fritid_domain::bamsefondet::fund::{CostKind, Fund};
use fritid_domain::money::parse_kroner;
use fritid_domain::organization::District;
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[derive(Clone, Copy)]
struct Line {
    kind: RwSignal<String>,
    amount: RwSignal<String>,
    description: RwSignal<String>,
}

impl Line {
    fn new(kind: &str, amount: String, description: String) -> Self {
        Self {
            kind: RwSignal::new(kind.into()),
            amount: RwSignal::new(amount),
            description: RwSignal::new(description),
        }
    }
}

fn this_year() -> i32 {
    chrono::Utc::now().year()
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let auth = use_auth();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = LocalResource::new(move || {
        let id = id();
        async move {
            let app = api::fund_application(auth, id).await?;
            let funds = api::funds(auth).await?;
            let districts = api::districts(auth).await?;
            Ok::<_, api::ApiError>((app, funds, districts))
        }
    });
    view! { {loaded(data, |(app, funds, districts)| view! { <Wizard app funds districts /> })} }
}

#[component]
fn Wizard(app: Application, funds: Vec<Fund>, districts: Vec<District>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let form = FormState::new();
    let step = RwSignal::new(1u8);
    let id = app.id.to_string();
    let round_id = app.round_id;
    let round = funds
        .iter()
        .flat_map(|f| f.rounds.iter())
        .find(|r| r.id == round_id)
        .cloned();
    let max = round
        .as_ref()
        .map(|r| r.max_per_child_nok)
        .unwrap_or_default();
    let rules = RoundRules {
        max_per_child_nok: max,
        covers: round.as_ref().map(|r| r.covers.clone()).unwrap_or_default(),
        open: round.as_ref().is_some_and(|r| r.open),
    };

    let child = RwSignal::new(app.child_first_name.clone().unwrap_or_default());
    let birth_year = RwSignal::new(
        app.child_birth_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
    );
    let district = RwSignal::new(app.district.clone().unwrap_or_default());
    let activity = app.activity.clone();
    let club = RwSignal::new(app.club_name.clone().unwrap_or_default());
    let activity_name = RwSignal::new(app.activity_name.clone().unwrap_or_default());
    let lines = RwSignal::new(
        app.cost_lines
            .iter()
            .map(|l| {
                Line::new(
                    l.kind.as_str(),
                    l.amount_nok.to_string(),
                    l.description.clone().unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>(),
    );
    if lines.with_untracked(Vec::is_empty) {
        lines.update(|l| l.push(Line::new("fee", String::new(), String::new())));
    }
    let payout = RwSignal::new(app.payout_to.unwrap_or(PayoutTo::Club).as_str().to_owned());
    let account = RwSignal::new(app.account_number.clone().unwrap_or_default());
    let reason = RwSignal::new(app.reason.clone().unwrap_or_default());
    let consent = RwSignal::new(app.consent);
    let saved = RwSignal::new(false);
    let activity_id = activity.as_ref().map(|a| a.id);

    // The draft as the form holds it; amounts that are not numbers are
    // field errors.
    let draft = move || -> Result<ApplicationDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let year = birth_year.with(|y| y.trim().to_owned());
        let child_birth_year = if year.is_empty() {
            None
        } else {
            errors.check(
                year.parse::<i16>()
                    .map_err(|_| FieldError::new("child_birth_year", "invalid", "")),
            )
        };
        let mut cost_lines = Vec::new();
        for (i, line) in lines.get().iter().enumerate() {
            let amount = line.amount.get();
            if amount.trim().is_empty() {
                continue;
            }
            let parsed = parse_kroner(&amount).and_then(|n| i32::try_from(n).ok());
            let Some(amount) = errors.check(parsed.ok_or_else(|| {
                FieldError::new(format!("cost_lines[{i}].amount_nok"), "invalid", "")
            })) else {
                continue;
            };
            cost_lines.push(CostLine {
                kind: CostKind::parse(&line.kind.get()).unwrap_or(CostKind::Other),
                amount_nok: amount,
                description: Some(line.description.get()).filter(|d| !d.trim().is_empty()),
            });
        }
        let text = |s: RwSignal<String>| Some(s.get()).filter(|v| !v.trim().is_empty());
        let d = ApplicationDraft {
            round_id,
            child_first_name: text(child),
            child_birth_year,
            district: text(district),
            activity_id,
            club_name: if activity_id.is_some() {
                None
            } else {
                text(club)
            },
            activity_name: if activity_id.is_some() {
                None
            } else {
                text(activity_name)
            },
            cost_lines,
            reason: text(reason),
            payout_to: PayoutTo::parse(&payout.get()),
            account_number: if payout.get() == "guardian" {
                text(account)
            } else {
                None
            },
            consent: consent.get(),
        };
        if let Err(e) = d.validate(this_year()) {
            e.into_errors().into_iter().for_each(|f| errors.push(f));
        }
        errors.finish(|| Some(d))
    };
    // The fields each step shows: its errors stop the family there.
    let step_of = |field: &str| -> u8 {
        match field {
            "child_first_name" | "child_birth_year" | "district" => 1,
            f if f.starts_with("cost_lines") || f == "club_name" || f == "activity_name" => 2,
            _ => 3,
        }
    };
    let total = move || {
        lines.with(|l| {
            l.iter()
                .filter_map(|x| x.amount.with(|a| parse_kroner(a)))
                .sum::<i64>()
        })
    };

    let go = {
        let id = id.clone();
        let navigate = navigate.clone();
        let rules = rules.clone();
        move |to: u8, send: bool| {
            form.clear();
            let d = match draft() {
                Ok(d) => d,
                Err(e) => return form.show_validation(e),
            };
            if to > step.get_untracked() || send {
                // The missing pieces of the steps done so far.
                if let Ok(valid) = d.validate(this_year()) {
                    if let Err(e) = valid.check_submittable(&rules) {
                        let here: Vec<FieldError> = e
                            .into_errors()
                            .into_iter()
                            .filter(|f| step_of(&f.field) <= step.get_untracked())
                            .collect();
                        if !here.is_empty() {
                            let mut v = ValidationErrors::new();
                            here.into_iter().for_each(|f| v.push(f));
                            return form.show_validation(v);
                        }
                    }
                }
            }
            let (id, navigate) = (id.clone(), navigate.clone());
            form.send(
                i18n,
                api::save_fund_application(auth, id.clone(), d),
                move |_| {
                    saved.set(true);
                    if send {
                        form.send(
                            i18n,
                            api::fund_application_action(auth, id.clone(), "submit", None),
                            move |_| {
                                set_flash("fund-sent");
                                navigate(
                                    &format!("/bamsefondet/soknader/{id}"),
                                    Default::default(),
                                );
                            },
                        );
                    } else {
                        step.set(to);
                        focus_later("step-title", true);
                    }
                },
            );
        }
    };
    let go_next = go.clone();
    let go_back = go.clone();
    let go_send = go.clone();
    let go_save = go;
    let district_options = Signal::derive({
        let districts = districts.clone();
        move || {
            let mut o = vec![(String::new(), i18n.t("fund-choose-district"))];
            o.extend(districts.iter().map(|d| (d.slug.clone(), d.name.clone())));
            o
        }
    });
    let kind_options = Signal::derive(move || {
        CostKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str().to_owned(),
                    i18n.t(&format!("fund-cost-{}", k.as_str())),
                )
            })
            .collect::<Vec<_>>()
    });

    view! {
        <Page title_key="fund-apply-title">
            <p class="hint">{move || i18n.t_with("fund-step", &[("step", step.get().into())])}" · "{move || i18n.t("fund-autosave")}</p>
            {move || saved.get().then(|| view! { <p class="form-success" role="status">{i18n.t("fund-saved")}</p> })}
            {form.alert(i18n)}
            <form novalidate on:submit={
                let go = go_next.clone();
                move |ev| { ev.prevent_default(); let s = step.get(); go(s + 1, s == 3); }
            }>
                <Show when=move || step.get() == 1>
                    <h2 id="step-title" tabindex="-1">{move || i18n.t("fund-step-child")}</h2>
                    <p class="hint">{move || i18n.t("fund-child-hint")}</p>
                    <Field id="child_first_name" label=Signal::derive(move || i18n.t("fund-child-name")) value=child error=form.field(i18n, "child_first_name") autocomplete="off" />
                    <Field id="child_birth_year" label=Signal::derive(move || i18n.t("fund-child-birth-year")) value=birth_year error=form.field(i18n, "child_birth_year") inputmode="numeric" />
                    <SelectField id="district" label=Signal::derive(move || i18n.t("fund-district")) value=district options=district_options error=form.field(i18n, "district") />
                </Show>
                <Show when=move || step.get() == 2>
                    <h2 id="step-title" tabindex="-1">{move || i18n.t("fund-step-activity")}</h2>
                    {match activity.clone() {
                        Some(a) => view! { <p>{move || i18n.t("fund-activity-chosen")}" "<strong>{a.title.clone()}</strong>" ("{a.organization_name.clone()}")"</p> }.into_any(),
                        None => view! {
                            <Field id="club_name" label=Signal::derive(move || i18n.t("fund-club")) value=club error=form.field(i18n, "club_name") />
                            <Field id="activity_name" label=Signal::derive(move || i18n.t("fund-activity")) value=activity_name error=form.field(i18n, "activity_name") />
                        }.into_any(),
                    }}
                    <fieldset>
                        <legend>{move || i18n.t("fund-costs")}</legend>
                        <p class="hint">{move || i18n.t_with("fund-costs-hint", &[("max", format::nok(i18n.locale.get(), i64::from(max)).into())])}</p>
                        {move || lines.get().into_iter().enumerate().map(|(i, line)| {
                            let n = i + 1;
                            view! {
                                <div class="cost-line">
                                    <SelectField id=format!("cost-kind-{n}") label=Signal::derive(move || i18n.t_with("fund-cost-kind", &[("n", n.into())])) value=line.kind options=kind_options error=Signal::derive(|| None::<String>) />
                                    <Field id=format!("cost-amount-{n}") label=Signal::derive(move || i18n.t_with("fund-cost-amount", &[("n", n.into())])) value=line.amount error=Signal::derive(|| None::<String>) inputmode="numeric" />
                                    <Field id=format!("cost-description-{n}") label=Signal::derive(move || i18n.t_with("fund-cost-description", &[("n", n.into())])) value=line.description error=Signal::derive(|| None::<String>) />
                                    {(i > 0).then(|| view! {
                                        <button type="button" class="secondary" on:click=move |_| lines.update(|l| { l.remove(i); })>{move || i18n.t_with("fund-cost-remove", &[("n", n.into())])}</button>
                                    })}
                                </div>
                            }
                        }).collect_view()}
                        {move || form.field(i18n, "cost_lines").get().map(|e| view! { <p id="cost_lines-error" class="field-error" role="alert">{e}</p> })}
                        <Show when=move || lines.with(|l| l.len() < MAX_COST_LINES)>
                            <button type="button" class="secondary" on:click=move |_| lines.update(|l| l.push(Line::new("equipment", String::new(), String::new())))>{move || i18n.t("fund-cost-add")}</button>
                        </Show>
                        <p><strong>{move || i18n.t_with("fund-total", &[("total", format::nok(i18n.locale.get(), total()).into())])}</strong></p>
                    </fieldset>
                </Show>
                <Show when=move || step.get() == 3>
                    <h2 id="step-title" tabindex="-1">{move || i18n.t("fund-step-payout")}</h2>
                    <fieldset>
                        <legend>{move || i18n.t("fund-payout")}</legend>
                        <div class="check">
                            <input type="radio" id="payout-club" name="payout" value="club" prop:checked=move || payout.get() == "club" on:change=move |_| payout.set("club".into()) />
                            <label for="payout-club">{move || i18n.t("fund-payout-club")}</label>
                        </div>
                        <div class="check">
                            <input type="radio" id="payout-guardian" name="payout" value="guardian" prop:checked=move || payout.get() == "guardian" on:change=move |_| payout.set("guardian".into()) />
                            <label for="payout-guardian">{move || i18n.t("fund-payout-guardian")}</label>
                        </div>
                    </fieldset>
                    <Show when=move || payout.get() == "guardian">
                        <Field id="account_number" label=Signal::derive(move || i18n.t("fund-account")) value=account error=form.field(i18n, "account_number") inputmode="numeric" />
                    </Show>
                    <Field id="reason" label=Signal::derive(move || i18n.t("fund-reason")) hint=Signal::derive(move || i18n.t("fund-reason-hint")) value=reason error=form.field(i18n, "reason") rows=3 />
                    <Checkbox id="consent".into() label=Signal::derive(move || i18n.t("fund-consent")) checked=consent />
                    {move || form.field(i18n, "consent").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    <p><A href="/personvern">{move || i18n.t("fund-privacy-link")}</A></p>
                    <p class="hint">{move || i18n.t("fund-attachments-later")}</p>
                </Show>
                <div class="actions">
                    <Show when=move || step.get() != 1>
                        <button type="button" class="secondary" disabled=form.busy on:click={
                            let go = go_back.clone();
                            move |_| go(step.get() - 1, false)
                        }>{move || i18n.t("fund-back")}</button>
                    </Show>
                    <Show when=move || step.get() != 3 fallback={
                        let go = go_send.clone();
                        move || { let go = go.clone(); view! { <button type="button" class="primary" disabled=form.busy on:click=move |_| go(3, true)>{move || i18n.t("fund-send")}</button> } }
                    }>
                        <button type="submit" class="primary" disabled=form.busy>{move || i18n.t("fund-next")}</button>
                    </Show>
                    <button type="button" class="secondary" disabled=form.busy on:click={
                        let go = go_save.clone();
                        move |_| go(step.get(), false)
                    }>{move || i18n.t("fund-save-later")}</button>
                </div>
            </form>
        </Page>
    }
}
