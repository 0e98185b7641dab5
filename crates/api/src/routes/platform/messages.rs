//! Messages on "Min side" and the jobs overview for administrators.

use crate::auth::{Admin, AuthUser, Authorized};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use fritid_db::{jobs, outbox};
use fritid_domain::jobs::{JobStatus, JobsOverview};
use fritid_domain::notification::{EmailState, Language, Message, Template};
use fritid_domain::Problem;

/// How many messages "Min side" shows.
pub const MESSAGES_SHOWN: i64 = 50;

/// The messages sent to the logged-in user, newest first (the last 50), in
/// the language each was written in — also those not e-mailed.
#[utoipa::path(
    operation_id = "list_my_messages",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The newest messages first", body = Vec<Message>),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/messages")]
pub async fn list_my_messages(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Message>>, ApiError> {
    let mut conn = state.conn().await?;
    let rows = outbox::of_user(&mut conn, user.id.into_uuid(), MESSAGES_SHOWN).await?;
    let messages = render(&state, rows)?;
    Ok(web::Json(messages))
}

/// Messages as their recipient sees them, rendered in the language each was
/// written in.
pub(crate) fn render(
    state: &AppState,
    rows: Vec<outbox::OutboxRow>,
) -> Result<Vec<Message>, ApiError> {
    let mut messages = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(template) = Template::parse(&row.template) else {
            tracing::error!(outbox_id = %row.id, template = %row.template, "unknown template");
            continue;
        };
        let language = Language::parse(&row.language).unwrap_or_default();
        let rendered = state
            .templates
            .render(template, language, &row.data)
            .map_err(|e| ApiError::internal(anyhow::anyhow!("rendering {}: {e:#}", row.id)))?;
        let email = if !row.send_email {
            EmailState::Off
        } else if row.sent_at.is_some() {
            EmailState::Sent
        } else if row.failed_at.is_some() {
            EmailState::Failed
        } else {
            EmailState::Pending
        };
        messages.push(Message {
            id: row.id,
            template,
            subject: rendered.subject,
            body: rendered.text,
            link: rendered.link,
            created_at: row.created_at,
            email,
        });
    }
    Ok(messages)
}

/// The periodic jobs with their last run, and the outbox backlog
/// (administrators).
#[utoipa::path(
    operation_id = "list_jobs",
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every job and the outbox backlog", body = JobsOverview),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/jobs")]
pub async fn list_jobs(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
) -> Result<web::Json<JobsOverview>, ApiError> {
    let mut conn = state.conn().await?;
    let rows = jobs::all(&mut conn).await?;
    let running = jobs::running(&mut conn).await?;
    let (waiting, given_up) = outbox::backlog(&mut conn).await?;
    Ok(web::Json(JobsOverview {
        jobs: rows
            .into_iter()
            .map(|r| JobStatus {
                running: running.contains(&r.name),
                name: r.name,
                every_seconds: r.every_seconds,
                next_run_at: r.next_run_at,
                last_started_at: r.last_started_at,
                last_finished_at: r.last_finished_at,
                last_ok: r.last_ok,
                last_summary: r.last_summary,
                runs: r.runs,
                failures: r.failures,
            })
            .collect(),
        outbox_waiting: waiting,
        outbox_given_up: given_up,
    }))
}
