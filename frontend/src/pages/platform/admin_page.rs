//! For the municipality's administrators: organizations waiting for
//! approval (approve, or reject with a reason the organization sees).
//! Activities are unpublished from their own page. The periodic jobs and
//! the e-mail backlog at a glance.

use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::components::reason_form::ReasonForm;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::jobs::JobsOverview;
use fritid_domain::organization::Organization;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let version = RwSignal::new(0u32);
    let pending = LocalResource::new(move || {
        version.track();
        api::organizations(auth, "pending")
    });
    let notice = RwSignal::new(None::<String>);
    let jobs = LocalResource::new(move || api::jobs(auth));
    view! {
        <Page title_key="admin-title">
            <ul class="inline-list">
                <li><A href="/admin/bamsefondet">{move || i18n.t("admin-fund-link")}</A></li>
            </ul>
            <h2>{move || i18n.t("admin-pending")}</h2>
            <p role="status">{move || notice.get()}</p>
            {loaded(pending, move |page| {
                if page.items.is_empty() {
                    return view! { <p>{move || i18n.t("admin-none-pending")}</p> }.into_any();
                }
                view! {
                    <ul class="org-queue">
                        {page.items.into_iter().map(|o| view! { <li class="card"><PendingOrganization organization=o version notice /></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <h2>{move || i18n.t("admin-jobs")}</h2>
            {loaded(jobs, move |overview: JobsOverview| view! {
                <p>{i18n.t_with("admin-outbox", &[
                    ("waiting", overview.outbox_waiting.into()),
                    ("given_up", overview.outbox_given_up.into()),
                ])}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t("admin-jobs")>
                    <table class="jobs">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t("admin-job")}</th>
                                <th scope="col">{move || i18n.t("admin-job-last-run")}</th>
                                <th scope="col">{move || i18n.t("admin-job-result")}</th>
                                <th scope="col">{move || i18n.t("admin-job-next-run")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {overview.jobs.into_iter().map(|job| {
                                let name = format!("job-{}", job.name);
                                let state = match job.last_ok {
                                    Some(true) => "admin-job-ok",
                                    Some(false) => "admin-job-failed",
                                    None => "admin-job-not-run",
                                };
                                let last = job.last_finished_at;
                                let next = job.next_run_at;
                                let summary = job.last_summary.unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{move || i18n.t(&name)}</th>
                                        <td>{move || last.map(|t| format::date_time(i18n.locale.get(), &t)).unwrap_or_default()}</td>
                                        <td>{move || i18n.t(state)}": "{summary.clone()}</td>
                                        <td>{move || format::date_time(i18n.locale.get(), &next)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <h2>{move || i18n.t("admin-activities")}</h2>
            <p>{move || i18n.t("admin-activities-text")}" "<A href="/aktiviteter">{move || i18n.t("nav-activities")}</A></p>
        </Page>
    }
}

#[component]
fn PendingOrganization(
    organization: Organization,
    version: RwSignal<u32>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let o = StoredValue::new(organization);
    let error = RwSignal::new(None::<api::ApiError>);
    let name = o.with_value(|o| o.name.clone());
    let approve = move |_| {
        let (id, name) = o.with_value(|o| (o.id.to_string(), o.name.clone()));
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::approve_organization(auth, id).await {
                Ok(_) => {
                    notice.set(Some(
                        i18n.t_with("admin-approved", &[("name", name.into())]),
                    ));
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let reject = move |reason: String| {
        let (id, name) = o.with_value(|o| (o.id.to_string(), o.name.clone()));
        async move {
            api::reject_organization(auth, id, reason).await?;
            notice.set(Some(
                i18n.t_with("admin-rejected", &[("name", name.into())]),
            ));
            version.update(|v| *v += 1);
            Ok(())
        }
    };
    let approve_label = i18n.t_with("admin-approve-label", &[("name", name.clone().into())]);
    // Approving lets the organization publish to everyone: asked once more.
    let confirming = RwSignal::new(false);
    let question = i18n.t_with("admin-approve-question", &[("name", name.clone().into())]);
    let districts = LocalResource::new(move || api::districts(auth));
    let district_names = move || {
        let slugs = o.with_value(|o| o.districts.clone());
        let names = districts.get().and_then(Result::ok).unwrap_or_default();
        let shown: Vec<String> = slugs
            .iter()
            .map(|slug| {
                names
                    .iter()
                    .find(|d| &d.slug == slug)
                    .map_or_else(|| slug.clone(), |d| d.name.clone())
            })
            .collect();
        if shown.is_empty() {
            "–".to_owned()
        } else {
            shown.join(", ")
        }
    };
    view! {
        <h3 class="card-title">{name.clone()}</h3>
        <dl class="card-facts">
            <dt>{move || i18n.t("org-number")}</dt>
            <dd>{o.with_value(|o| o.org_number.clone()).unwrap_or_else(|| "–".into())}</dd>
            <dt>{move || i18n.t("org-description")}</dt>
            <dd>{o.with_value(|o| o.description.clone())}</dd>
            <dt>{move || i18n.t("org-email")}</dt>
            <dd>{o.with_value(|o| o.contact_email.clone()).unwrap_or_else(|| "–".into())}</dd>
            <dt>{move || i18n.t("org-website")}</dt>
            <dd>{o.with_value(|o| o.website.clone()).unwrap_or_else(|| "–".into())}</dd>
            <dt>{move || i18n.t("org-phone")}</dt>
            <dd>{o.with_value(|o| o.contact_phone.clone()).unwrap_or_else(|| "–".into())}</dd>
            <dt>{move || i18n.t("admin-districts")}</dt>
            <dd>{district_names}</dd>
            <dt>{move || i18n.t("admin-applicant")}</dt>
            <dd>{o.with_value(|o| match &o.applicant {
                Some(a) => view! { {a.name.clone()}" ("<a href=format!("mailto:{}", a.email)>{a.email.clone()}</a>")" }.into_any(),
                None => view! { "–" }.into_any(),
            })}</dd>
            <dt>{move || i18n.t("admin-registered")}</dt>
            <dd>{move || o.with_value(|o| format::date_time(i18n.locale.get(), &o.created_at))}</dd>
        </dl>
        {move || error.get().map(|error| view! { <ErrorText error /> })}
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button type="button" class="primary" aria-label=approve_label.clone() on:click=move |_| confirming.set(true)>
                    {move || i18n.t("admin-approve")}
                </button>
            }
        >
            <div class="confirm" role="group" aria-label=question.clone()>
                <p><strong>{question.clone()}</strong></p>
                <p>
                    <button type="button" class="primary" on:click=approve>{move || i18n.t("admin-approve-yes")}</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{move || i18n.t("admin-approve-no")}</button>
                </p>
            </div>
        </Show>
        <details class="more-actions">
            <summary>{move || i18n.t("admin-reject")}<span class="visually-hidden">{format!(": {name}")}</span></summary>
            <ReasonForm id=format!("reject-{}", o.with_value(|o| o.id)) label_key="admin-reject-reason" submit_key="admin-reject" action=reject />
        </details>
    }
}
