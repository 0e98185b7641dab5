//! `/bamsefondet/soknader/:id`: the family's application — where it stands
//! in plain words, the messages with the fund (and the answer when more is
//! needed), files, the decision with its letter and the right to appeal,
//! and the payout.

use super::status_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::field::Field;
use crate::components::flash::Flash;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::open_file::{open_file, FileButton};
use crate::components::page::Page;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::bamsefondet::application::{Application, TextRequest};
use fritid_domain::bamsefondet::case::{Outcome, Status};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let auth = use_auth();
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    let app = LocalResource::new(move || {
        version.track();
        api::fund_application(auth, params.with(|p| p.get("id").unwrap_or_default()))
    });
    view! { {loaded(app, move |a| view! { <Details a version /> })} }
}

#[component]
fn Details(a: Application, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let id = a.id.to_string();
    let status = a.status;
    let title = format!(
        "{} – {}",
        i18n.t("fund-title"),
        a.child_first_name.clone().unwrap_or_default()
    );
    let what = a
        .activity
        .as_ref()
        .map(|x| format!("{} ({})", x.title, x.organization_name))
        .or(a
            .activity_name
            .clone()
            .map(|n| format!("{n} ({})", a.club_name.clone().unwrap_or_default())));
    let text = RwSignal::new(String::new());
    let form = FormState::new();
    // The appeal has its own field and its own errors: what the family
    // writes to the caseworker is not an appeal, nor the other way round.
    let appeal_text = RwSignal::new(String::new());
    let appeal_form = FormState::new();
    let act = {
        let id = id.clone();
        move |action: &'static str, input: Option<(RwSignal<String>, FormState)>| {
            let form = input.map(|(_, f)| f).unwrap_or(form);
            let body = input.map(|(t, _)| t.get());
            if let Some(t) = &body {
                if let Err(e) = (TextRequest { text: t.clone() }).validate() {
                    return form.show_validation(e);
                }
            }
            form.send(
                i18n,
                api::fund_application_action(auth, id.clone(), action, body),
                move |_| {
                    if let Some((t, _)) = input {
                        t.set(String::new());
                    }
                    version.update(|v| *v += 1);
                },
            );
        }
    };
    let letters = {
        let id = id.clone();
        move |kind: &'static str| {
            let id = id.clone();
            view! { <LetterButtons id kind version /> }
        }
    };
    let outcome_text = move |o: Outcome, amount: i32| {
        i18n.t_with(
            &format!("fund-outcome-{}", o.as_str()),
            &[(
                "amount",
                format::nok(i18n.locale.get(), i64::from(amount)).into(),
            )],
        )
    };
    let can_write = !matches!(status, Status::Draft | Status::Closed | Status::Withdrawn);
    let can_appeal = matches!(status, Status::Decided | Status::Paid) && a.appeal.is_none();
    let act_msg = act.clone();
    let act_appeal = act.clone();
    let act_withdraw = act;
    view! {
        <Page title=Signal::derive(move || title.clone())>
            <Flash />
            <p class="status-line"><strong>{move || status_text(i18n, status)}</strong></p>
            {what.map(|w| view! { <p>{w}</p> })}
            <p>{move || i18n.t_with("fund-requested", &[("amount", format::nok(i18n.locale.get(), i64::from(a.requested_nok)).into())])}</p>
            {(status == Status::Draft).then(|| view! {
                <p><A href=format!("/bamsefondet/soknader/{}/rediger", a.id) attr:class="button-link">{move || i18n.t("fund-continue")}</A></p>
            })}
            {a.decision.clone().map(|d| view! {
                <section aria-labelledby="decision-title">
                    <h2 id="decision-title">{move || i18n.t("fund-decision")}</h2>
                    <p>{let (o, n) = (d.outcome, d.amount_nok); move || outcome_text(o, n)}</p>
                    {d.reasons.clone().map(|r| view! { <p class="reasons">{r}</p> })}
                    {letters("decision")}
                    {d.appeal_deadline.map(|day| view! { <p>{move || i18n.t_with("fund-appeal-deadline", &[("date", format::date(i18n.locale.get(), day).into())])}</p> })}
                </section>
            })}
            {a.appeal.clone().map(|ap| view! {
                <section aria-labelledby="appeal-title">
                    <h2 id="appeal-title">{move || i18n.t("fund-appeal")}</h2>
                    <p>{ap.text.clone()}</p>
                    {ap.decision.map(|d| view! {
                        <p><strong>{let (o, n) = (d.outcome, d.amount_nok); move || outcome_text(o, n)}</strong></p>
                        {letters("appeal")}
                    })}
                </section>
            })}
            {a.payout.clone().map(|p| view! {
                <p class="form-success">{move || i18n.t_with(&format!("fund-paid-{}", p.paid_to.as_str()), &[("amount", format::nok(i18n.locale.get(), i64::from(p.amount_nok)).into()), ("date", format::date(i18n.locale.get(), p.paid_on).into())])}</p>
            })}
            <h2>{move || i18n.t("fund-messages")}</h2>
            {if a.messages.is_empty() {
                view! { <p>{move || i18n.t("fund-messages-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="thread">
                        {a.messages.iter().map(|m| {
                            let who = if m.from_fund { "fund-from-fund" } else { "fund-from-you" };
                            let at = m.created_at;
                            view! { <li><p class="hint">{move || i18n.t(who)}", "{move || format::date_time(i18n.locale.get(), &at)}</p><p>{m.body.clone()}</p></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {form.alert(i18n)}
            {can_write.then(|| view! {
                <form novalidate on:submit=move |ev| { ev.prevent_default(); act_msg("messages", Some((text, form))); }>
                    <Field id="text" label=Signal::derive(move || i18n.t(if status == Status::NeedsInfo { "fund-answer" } else { "fund-write" })) value=text error=form.field(i18n, "text") rows=3 />
                    <button type="submit" class="primary" disabled=form.busy>{move || i18n.t("fund-send-message")}</button>
                </form>
            })}
            {matches!(status, Status::Draft | Status::Submitted | Status::InReview | Status::NeedsInfo).then(|| view! { <Files id=a.id.to_string() version /> })}
            {can_appeal.then(|| view! {
                <section aria-labelledby="appeal-form-title">
                    <h2 id="appeal-form-title">{move || i18n.t("fund-appeal-title")}</h2>
                    <p>{move || i18n.t("fund-appeal-hint")}</p>
                    <form novalidate on:submit=move |ev| { ev.prevent_default(); act_appeal("appeal", Some((appeal_text, appeal_form))); }>
                        {appeal_form.alert(i18n)}
                        <Field id="appeal-text" label=Signal::derive(move || i18n.t("fund-appeal-text")) value=appeal_text error=appeal_form.field(i18n, "text") rows=5 />
                        <button type="submit" class="secondary" disabled=appeal_form.busy>{move || i18n.t("fund-appeal-send")}</button>
                    </form>
                </section>
            })}
            {matches!(status, Status::Submitted | Status::InReview | Status::NeedsInfo | Status::Recommended).then(|| view! {
                <p><button type="button" class="secondary" disabled=form.busy on:click=move |_| act_withdraw("withdraw", None)>{move || i18n.t("fund-withdraw")}</button></p>
            })}
            <p><A href="/bamsefondet">{move || i18n.t("fund-back-to-fund")}</A></p>
        </Page>
    }
}

/// The application's files, and adding one (PDF, JPEG or PNG, at most 10 MB).
#[component]
fn Files(id: String, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = FormState::new();
    let app_id = id.clone();
    let list = LocalResource::new(move || {
        version.track();
        api::fund_application(auth, app_id.clone())
    });
    let on_change = move |ev: leptos::ev::Event| {
        let input: Option<leptos::web_sys::HtmlInputElement> =
            ev.target().and_then(|t| t.dyn_into().ok());
        let file = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            form.clear();
            form.send(
                i18n,
                api::attach_fund_file(auth, id.clone(), file),
                move |_| version.update(|v| *v += 1),
            );
        }
    };
    view! {
        <h2>{move || i18n.t("fund-files")}</h2>
        {loaded(list, move |a| view! {
            <ul>
                {a.attachments.iter().map(|f| {
                    let url = format!("/api/v1/fund-applications/{}/attachments/{}", a.id, f.id);
                    view! { <li><FileButton url name=f.file_name.clone() /></li> }
                }).collect_view()}
            </ul>
        })}
        {form.alert(i18n)}
        <div class="field">
            <label for="file">{move || i18n.t("fund-file-add")}</label>
            <p id="file-hint" class="hint">{move || i18n.t("fund-file-hint")}</p>
            <input id="file" type="file" accept="application/pdf,image/jpeg,image/png" aria-describedby="file-hint" on:change=on_change />
            {move || form.field(i18n, "file").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}

/// Opens the decision letter (or the appeal's) in bokmål or English.
#[component]
fn LetterButtons(id: String, kind: &'static str, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let failure = RwSignal::new(None::<api::ApiError>);
    let open = move |lang: &'static str| {
        let url = format!("/api/v1/fund-applications/{id}/letter?kind={kind}&lang={lang}");
        leptos::task::spawn_local(async move {
            match open_file(auth, url).await {
                // Opening it recorded when it reached the family: the
                // appeal deadline is known now.
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let open_en = open.clone();
    view! {
        <p class="actions">
            <button type="button" class="primary" on:click=move |_| open("nb")>{move || i18n.t("fund-letter-nb")}</button>
            <button type="button" class="secondary" lang="en" on:click=move |_| open_en("en")>{move || i18n.t("fund-letter-en")}</button>
        </p>
        {move || failure.get().map(|error| view! { <ErrorText error /> })}
    }
}
