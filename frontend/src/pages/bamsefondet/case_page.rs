//! `/saksbehandling/:id`: one case — the application, files, the thread
//! with the applicant, internal notes, the history — and the next step the
//! state allows: take it, ask for more, recommend or decide (the second
//! signature when the fund wants one), pay, close, decide an appeal, or
//! declare oneself disqualified.

use super::status_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::loaded::loaded;
use crate::components::open_file::FileButton;
use crate::components::page::Page;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::bamsefondet::application::TextRequest;
use fritid_domain::bamsefondet::case::{DecisionRequest, Outcome, Status};
use fritid_domain::bamsefondet::staff::Case;
use fritid_domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn CasePage() -> impl IntoView {
    let auth = use_auth();
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    // Outlives a reload of the case (which draws the view anew).
    let lent = RwSignal::new(None::<String>);
    let case = LocalResource::new(move || {
        version.track();
        api::case(auth, params.with(|p| p.get("id").unwrap_or_default()))
    });
    view! { {loaded(case, move |c| view! { <CaseView c version lent /> })} }
}

#[component]
fn CaseView(c: Case, version: RwSignal<u32>, lent: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let a = c.application.clone();
    let id = a.id.to_string();
    let status = a.status;
    let form = FormState::new();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(
        c.recommendation
            .as_ref()
            .map(|r| r.outcome.as_str().to_owned())
            .unwrap_or_else(|| "approved".into()),
    );
    let amount = RwSignal::new(
        c.recommendation
            .as_ref()
            .map(|r| r.amount_nok.to_string())
            .unwrap_or_default(),
    );
    let reasons = RwSignal::new(
        c.recommendation
            .as_ref()
            .and_then(|r| r.reasons.clone())
            .unwrap_or_default(),
    );
    let reference = RwSignal::new(String::new());
    let paid_on = RwSignal::new(chrono::Utc::now().date_naive().to_string());
    let me = auth.user().map(|u| u.id);
    let approver = auth
        .user()
        .is_some_and(|u| u.roles.contains(&Role::Approver));
    let requested = a.requested_nok;

    let run = {
        let id = id.clone();
        move |action: &'static str, body: serde_json::Value| {
            form.clear();
            form.send(
                i18n,
                api::case_action(auth, id.clone(), action, body),
                move |_| {
                    text.set(String::new());
                    version.update(|v| *v += 1);
                },
            );
        }
    };
    let with_text = {
        let run = run.clone();
        move |action: &'static str| {
            let t = text.get();
            if let Err(e) = (TextRequest { text: t.clone() }).validate() {
                return form.show_validation(e);
            }
            run(action, serde_json::json!({ "text": t }));
        }
    };
    let decide = {
        let run = run.clone();
        move |action: &'static str| {
            let amount = fritid_domain::money::parse_kroner(&amount.get())
                .and_then(|n| i32::try_from(n).ok());
            let d = DecisionRequest {
                outcome: Outcome::parse(&outcome.get()).unwrap_or(Outcome::Approved),
                amount_nok: amount,
                reasons: Some(reasons.get()).filter(|r| !r.trim().is_empty()),
            };
            if let Err(e) = d.validate(requested) {
                return form.show_validation(e);
            }
            run(action, api::decision_body(&d));
        }
    };
    let disqualify = {
        let id = id.clone();
        move || {
            let t = text.get();
            if let Err(e) = (TextRequest { text: t.clone() }).validate() {
                return form.show_validation(e);
            }
            let navigate = navigate.clone();
            form.send(i18n, api::disqualify_case(auth, id.clone(), t), move |_| {
                navigate("/saksbehandling", Default::default())
            });
        }
    };
    let granted_open = a.decision.as_ref().is_some_and(|d| d.amount_nok > 0) && a.payout.is_none()
        || a.appeal
            .as_ref()
            .and_then(|x| x.decision.as_ref())
            .is_some_and(|d| d.amount_nok > 0)
            && a.payout.is_none();
    let decision_action = match status {
        Status::InReview if c.four_eyes => Some(("recommend", "casework-recommend")),
        Status::InReview => Some(("decide", "casework-decide")),
        Status::Recommended
            if approver && c.recommendation.as_ref().map(|r| Some(r.by.id)) != Some(me) =>
        {
            Some(("decide", "casework-sign"))
        }
        Status::Appealed if c.decided_by.as_ref().map(|d| Some(d.id)) != Some(me) => {
            Some(("appeal-decision", "casework-decide-appeal"))
        }
        _ => None,
    };
    let mine = c.assigned_to.as_ref().map(|x| Some(x.id)) == Some(me);
    let title = format!(
        "{} – {}",
        i18n.t("casework-case"),
        a.child_first_name.clone().unwrap_or_default()
    );
    let files_id = id.clone();
    let audit_id = id.clone();
    let (run_take, run_pay, run_close, text_info, text_note, text_return) = (
        run.clone(),
        run.clone(),
        run,
        with_text.clone(),
        with_text.clone(),
        with_text,
    );

    view! {
        <Page title=Signal::derive(move || title.clone())>
            <p><A href="/saksbehandling">{move || i18n.t("casework-back")}</A></p>
            <p class="status-line"><strong>{move || status_text(i18n, status)}</strong>
                {c.assigned_to.as_ref().map(|x| format!(" · {}", x.name))}</p>
            {form.alert(i18n)}
            <dl class="facts case-facts">
                <dt>{move || i18n.t("fund-child-name")}</dt><dd>{a.child_first_name.clone()}" ("{a.child_birth_year}")"</dd>
                <dt>{move || i18n.t("fund-district")}</dt><dd>{a.district.clone()}</dd>
                <dt>{move || i18n.t("fund-activity")}</dt><dd>{a.activity.as_ref().map(|x| format!("{} ({})", x.title, x.organization_name)).or(a.activity_name.clone().map(|n| format!("{n} ({})", a.club_name.clone().unwrap_or_default())))}</dd>
                <dt>{move || i18n.t("fund-costs")}</dt>
                <dd><ul>{a.cost_lines.iter().map(|l| { let (k, n, d) = (l.kind, i64::from(l.amount_nok), l.description.clone()); view! { <li>{move || i18n.t(&format!("fund-cost-{}", k.as_str()))}": "{move || format::nok(i18n.locale.get(), n)}{d.map(|d| format!(" – {d}"))}</li> } }).collect_view()}</ul></dd>
                <dt>{move || i18n.t("fund-payout")}</dt><dd>{a.payout_to.map(|p| p.as_str().to_owned())}{a.account_number.clone().map(|n| format!(" · {n}"))}</dd>
                <dt>{move || i18n.t("casework-reason")}</dt><dd>{a.reason.clone()}</dd>
                <dt>{move || i18n.t("casework-applicant")}</dt><dd>{c.applicant.as_ref().map(|x| format!("{} <{}>", x.name, x.email))}</dd>
            </dl>
            <h2>{move || i18n.t("fund-files")}</h2>
            <ul>{a.attachments.iter().map(|f| {
                let url = format!("/api/v1/fund-applications/{files_id}/attachments/{}", f.id);
                view! { <li><FileButton url name=f.file_name.clone() /></li> }
            }).collect_view()}</ul>
            {c.recommendation.clone().map(|r| view! {
                <h2>{move || i18n.t("casework-recommendation")}</h2>
                <p>{r.by.name.clone()}": "{move || i18n.t_with(&format!("fund-outcome-{}", r.outcome.as_str()), &[("amount", format::nok(i18n.locale.get(), i64::from(r.amount_nok)).into())])}</p>
                {r.reasons.clone().map(|x| view! { <p>{x}</p> })}
            })}
            {a.appeal.clone().map(|ap| view! { <h2>{move || i18n.t("fund-appeal")}</h2><p>{ap.text}</p> })}

            <h2>{move || i18n.t("casework-next")}</h2>
            {(matches!(status, Status::Submitted | Status::InReview) && !mine).then(|| view! {
                <p><button type="button" class="primary" on:click=move |_| run_take("assign", serde_json::json!({}))>{move || i18n.t("casework-take")}</button></p>
            })}
            {decision_action.map(|(action, label)| {
                let decide = decide.clone();
                view! {
                    <form novalidate on:submit=move |ev| { ev.prevent_default(); decide(action); }>
                        <fieldset>
                            <legend>{move || i18n.t("fund-decision")}</legend>
                            {Outcome::ALL.iter().map(|o| {
                                let v = o.as_str();
                                view! {
                                    <div class="check">
                                        <input type="radio" id=format!("outcome-{v}") name="outcome" prop:checked=move || outcome.get() == v on:change=move |_| outcome.set(v.into()) />
                                        <label for=format!("outcome-{v}")>{move || i18n.t(&format!("casework-outcome-{v}"))}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <Field id="amount_nok" label=Signal::derive(move || i18n.t("casework-amount")) value=amount error=form.field(i18n, "amount_nok") inputmode="numeric" />
                        <Field id="reasons" label=Signal::derive(move || i18n.t("casework-reasons")) value=reasons error=form.field(i18n, "reasons") rows=4 />
                        <button type="submit" class="primary" disabled=form.busy>{move || i18n.t(label)}</button>
                    </form>
                }
            })}
            {granted_open.then(|| view! {
                <form novalidate on:submit=move |ev| { ev.prevent_default(); run_pay("payout", serde_json::json!({ "reference": reference.get(), "paid_on": paid_on.get() })); }>
                    <Field id="reference" label=Signal::derive(move || i18n.t("casework-reference")) value=reference error=form.field(i18n, "reference") />
                    <Field id="paid_on" kind="date" label=Signal::derive(move || i18n.t("casework-paid-on")) value=paid_on error=form.field(i18n, "paid_on") />
                    <button type="submit" class="primary" disabled=form.busy>{move || i18n.t("casework-pay")}</button>
                </form>
            })}
            {(matches!(status, Status::Paid) || matches!(status, Status::Decided | Status::AppealDecided) && !granted_open).then(|| view! {
                <p><button type="button" class="secondary" on:click=move |_| run_close("close", serde_json::json!({}))>{move || i18n.t("casework-close")}</button></p>
            })}
            <Field id="text" label=Signal::derive(move || i18n.t("casework-text")) value=text error=form.field(i18n, "text") rows=3 />
            <p class="actions">
                {(status == Status::InReview).then(|| view! { <button type="button" class="primary" on:click=move |_| text_info("request-info")>{move || i18n.t("casework-request-info")}</button> })}
                <button type="button" class="secondary" on:click=move |_| text_note("notes")>{move || i18n.t("casework-add-note")}</button>
                {(status == Status::Recommended && approver).then(|| view! { <button type="button" class="secondary" on:click=move |_| text_return("return")>{move || i18n.t("casework-return")}</button> })}
                <button type="button" class="secondary" on:click=move |_| disqualify()>{move || i18n.t("casework-disqualify")}</button>
            </p>

            {(auth.has_role(Role::Caseworker)
                && matches!(status, Status::Submitted | Status::InReview | Status::NeedsInfo | Status::Recommended | Status::Decided))
                .then(|| view! {
                    <crate::pages::bua::case_loan_form::CaseLoanForm case_id=id.clone() on_done=Callback::new(move |text: String| {
                        lent.set(Some(text));
                        version.update(|v| *v += 1);
                    }) />
                })}
            {move || lent.get().map(|t| view! { <p class="form-success" role="status">{t}</p> })}
            <h2>{move || i18n.t("fund-messages")}</h2>
            <ul class="thread">{a.messages.iter().map(|m| { let who = if m.from_fund { "fund-from-fund" } else { "casework-from-applicant" }; view! { <li><p class="hint">{move || i18n.t(who)}</p><p>{m.body.clone()}</p></li> } }).collect_view()}</ul>
            <h2>{move || i18n.t("casework-notes")}</h2>
            <ul class="thread">{c.notes.iter().map(|n| view! { <li><p class="hint">{n.author.name.clone()}</p><p>{n.body.clone()}</p></li> }).collect_view()}</ul>
            <h2>{move || i18n.t("casework-history")}</h2>
            <ol>{c.history.iter().map(|h| { let (to, at) = (h.to_status, h.at); view! { <li>{move || format::date_time(i18n.locale.get(), &at)}" · "{move || status_text(i18n, to)}{h.actor.as_ref().map(|x| format!(" · {}", x.name))}</li> } }).collect_view()}</ol>
            {auth.has_role(Role::Admin).then(|| view! {
                <p><leptos_router::components::A href=format!("/saksbehandling/{audit_id}/logg")>{move || i18n.t("fund-audit-link")}</leptos_router::components::A></p>
            })}
        </Page>
    }
}
