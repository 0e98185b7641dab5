//! Casework: the queue, the case, assigning, notes, conflicts of interest,
//! asking for more, recommending and deciding (with a second signature
//! when the fund wants one), appeals and payouts. Every read and write is
//! in the audit log; a disqualified caseworker and the applicant themself
//! get 404.

use super::{
    application_dto, as_staff, decision_constraints, illegal, require_staff, AUDIT_SUBJECT,
};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::organizations::require_member;
use crate::routes::parse_id;
use crate::routes::query::QueryParser;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use chrono::Utc;
use fritid_db::audit;
use fritid_db::bamsefondet::applications::{self as apps, ApplicationRow};
use fritid_db::bamsefondet::casework::{self, QueueFilter};
use fritid_db::bamsefondet::funds;
use fritid_db::{roles, users, AsyncConnection, AsyncPgConnection};
use fritid_domain::bamsefondet::application::{AssignRequest, PayoutRequest, TextRequest};
use fritid_domain::bamsefondet::case::{transition, Action, DecisionRequest, Outcome, Status};
use fritid_domain::bamsefondet::staff::{
    Applicant, AuditEntry, Case, CaseSummary, ClubGrant, HistoryEvent, Note, Queue, Recommendation,
    StaffRef, StatusCount,
};
use fritid_domain::ids::{ActivityId, ApplicationId, UserId};
use fritid_domain::notification::Template;
use fritid_domain::organization::MemberRole;
use fritid_domain::{FieldError, Problem, Role};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

fn staff_ref(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> Option<StaffRef> {
    id.map(|id| StaffRef {
        id: UserId(id),
        name: names.get(&id).cloned().unwrap_or_default(),
    })
}

/// The whole case for staff: the application, the applicant's contact,
/// notes and history.
async fn case_dto(conn: &mut AsyncPgConnection, row: ApplicationRow) -> Result<Case, ApiError> {
    let (_, fund) = funds::find_round(conn, row.round_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let notes = apps::notes(conn, row.id).await?;
    let events = apps::events(conn, row.id).await?;
    let mut ids: Vec<Uuid> = notes.iter().filter_map(|n| n.author_id).collect();
    ids.extend(events.iter().filter_map(|e| e.actor_id));
    ids.extend(
        [row.assigned_to, row.recommended_by, row.decided_by]
            .into_iter()
            .flatten(),
    );
    let names = apps::names(conn, &ids).await?;
    let applicant = match row.applicant_id {
        Some(a) => users::find_by_id(conn, a).await?.map(|u| Applicant {
            name: u.display_name,
            email: u.email,
        }),
        None => None,
    };
    let recommendation = match (
        row.recommended_outcome.as_deref().and_then(Outcome::parse),
        row.recommended_at,
    ) {
        (Some(outcome), Some(at)) => Some(Recommendation {
            outcome,
            amount_nok: row.recommended_nok.unwrap_or(0),
            reasons: row.recommended_reasons.clone(),
            by: staff_ref(&names, row.recommended_by).unwrap_or(StaffRef {
                id: UserId(Uuid::nil()),
                name: String::new(),
            }),
            at,
        }),
        _ => None,
    };
    Ok(Case {
        four_eyes: fund.four_eyes,
        assigned_to: staff_ref(&names, row.assigned_to),
        decided_by: staff_ref(&names, row.decided_by),
        participation_confirmed_at: row.participation_confirmed_at,
        recommendation,
        applicant,
        notes: notes
            .into_iter()
            .map(|n| Note {
                id: n.id,
                author: staff_ref(&names, n.author_id).unwrap_or(StaffRef {
                    id: UserId(Uuid::nil()),
                    name: String::new(),
                }),
                body: n.body,
                created_at: n.created_at,
            })
            .collect(),
        history: events
            .into_iter()
            .map(|e| HistoryEvent {
                at: e.at,
                actor: staff_ref(&names, e.actor_id),
                from_status: e.from_status.as_deref().and_then(Status::parse),
                to_status: Status::parse(&e.to_status).unwrap_or(Status::Closed),
                action: e.action,
            })
            .collect(),
        application: application_dto(conn, row).await?,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only this round.
    #[param(value_type = Option<String>, format = Uuid)]
    pub round: Option<String>,
    /// States, comma-separated (`submitted,in_review`).
    pub status: Option<String>,
    /// District slug.
    pub district: Option<String>,
    /// `me` (assigned to the caller) or `unassigned`.
    pub assigned: Option<String>,
    /// Submitted at least this many days ago.
    #[param(value_type = Option<i32>, minimum = 0, maximum = 3650)]
    pub min_days: Option<String>,
    #[param(value_type = Option<i32>, minimum = 1)]
    pub page: Option<String>,
    #[param(value_type = Option<i32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// The caseworker queue: submitted applications the caller may handle,
/// oldest first, with filters and the count per state.
#[utoipa::path(
    operation_id = "list_cases",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(QueueQuery),
    responses(
        (status = 200, description = "One page of the queue", body = Queue),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker or approver", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/casework/applications")]
pub async fn list_cases(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<QueueQuery>,
) -> Result<crate::links::Paged<Queue>, ApiError> {
    require_staff(&user)?;
    let me = user.id.into_uuid();
    let mut p = QueryParser::default();
    let round = p
        .list("round", &query.round, 1, |s| s.parse::<Uuid>().ok())
        .into_iter()
        .next();
    let statuses = p.list("status", &query.status, 11, Status::parse);
    let district = p.text("district", &query.district, 40);
    let assigned = match query.assigned.as_deref() {
        None => None,
        Some("me") => Some(Some(me)),
        Some("unassigned") => Some(None),
        Some(_) => {
            p.errors.push(FieldError::new(
                "assigned",
                "invalid",
                "must be `me` or `unassigned`",
            ));
            None
        }
    };
    let min_days = p.int("min_days", &query.min_days, 0, 3650);
    let page = p.page(&query.page, &query.per_page);
    let page = p.finish(|| page)?;
    let filter = QueueFilter {
        round,
        statuses,
        district,
        assigned,
        min_days: min_days.and_then(|d| i32::try_from(d).ok()),
    };
    let mut conn = state.conn().await?;
    let (rows, total, counts) =
        casework::queue(&mut conn, me, &filter, i64::from(page.page()), page.limit()).await?;
    let mut ids: Vec<Uuid> = rows.iter().filter_map(|r| r.assigned_to).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut round_ids: Vec<Uuid> = rows.iter().map(|r| r.round_id).collect();
    round_ids.sort_unstable();
    round_ids.dedup();
    let names = casework::page_names(&mut conn, &ids, &round_ids).await?;
    let now = Utc::now();
    let items = rows
        .into_iter()
        .map(|r| CaseSummary {
            id: ApplicationId(r.id),
            status: r.status(),
            round_name: names.get(&r.round_id).cloned().unwrap_or_default(),
            child_first_name: r.child_first_name.clone(),
            district: r.district.clone(),
            requested_nok: r.requested_nok,
            submitted_at: r.submitted_at,
            days_since_submitted: r
                .submitted_at
                .map(|s| i32::try_from((now - s).num_days()).unwrap_or(i32::MAX)),
            assigned_to: staff_ref(&names, r.assigned_to),
        })
        .collect();
    let mut counts: Vec<StatusCount> = counts
        .into_iter()
        .filter_map(|(s, count)| Status::parse(&s).map(|status| StatusCount { status, count }))
        .collect();
    // In the order a case moves.
    counts.sort_by_key(|c| Status::ALL.iter().position(|s| *s == c.status));
    Ok(crate::links::Paged::new(
        Queue {
            items,
            total,
            page: i64::from(page.page()),
            per_page: page.limit(),
            counts,
        },
        page.page(),
        page.per_page(),
        total,
    ))
}

/// The whole case: the application, attachments, the thread, internal
/// notes and the history. The read is written to the audit log.
#[utoipa::path(
    operation_id = "get_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 200, description = "The case", body = Case),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker or approver", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller (a draft, the caller's own, or disqualified)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/casework/applications/{id}")]
pub async fn get_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let case = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = as_staff(conn, id, &user, false, "fund_application.read").await?;
            case_dto(conn, row).await
        })
        .await?;
    Ok(web::Json(case))
}

/// Runs `f` on the case under its row lock (audited as `action`) and
/// answers the case as it is afterwards.
async fn staff_change<F>(
    user: &AuthUser,
    state: &AppState,
    id: Uuid,
    action: &str,
    f: F,
) -> Result<Case, ApiError>
where
    F: for<'c> FnOnce(
            &'c mut AsyncPgConnection,
            ApplicationRow,
        ) -> futures_util::future::BoxFuture<'c, Result<(), ApiError>>
        + Send,
{
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = as_staff(conn, id, user, true, action).await?;
        f(conn, row).await?;
        let row = apps::find(conn, id).await?.ok_or(ApiError::NotFound)?;
        case_dto(conn, row).await
    })
    .await
}

fn needs(role: Role, user: &AuthUser) -> Result<(), ApiError> {
    if user.has(role) {
        Ok(())
    } else {
        Err(ApiError::Forbidden {
            code: "forbidden",
            detail: format!("This needs the `{}` role.", role.as_str()),
            errors: vec![],
        })
    }
}

async fn four_eyes(conn: &mut AsyncPgConnection, row: &ApplicationRow) -> Result<bool, ApiError> {
    Ok(funds::find_round(conn, row.round_id)
        .await?
        .map(|(_, f)| f.four_eyes)
        .unwrap_or(true))
}

/// Take a case, or give it to a colleague (a caseworker who may handle
/// it). A submitted case goes into review.
#[utoipa::path(
    operation_id = "assign_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = AssignRequest,
    responses(
        (status = 200, description = "Assigned", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is past review (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The assignee is not a caseworker who may handle this case", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/assign")]
pub async fn assign_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<AssignRequest>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    needs(Role::Caseworker, &user)?;
    let assignee = body.assignee.map(|a| a.0).unwrap_or(me);
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.assign",
        move |conn, row| {
            Box::pin(async move {
                let to = transition(row.status(), Action::Take, false, false).map_err(illegal)?;
                let may = roles::current(conn, assignee)
                    .await?
                    .is_some_and(|r| r.contains(&Role::Caseworker))
                    && row.applicant_id != Some(assignee)
                    && !apps::is_disqualified(conn, id, assignee).await?;
                if !may {
                    return Err(ApiError::validation(
                        "assignee",
                        "not_eligible",
                        "is not a caseworker who may handle this case",
                    ));
                }
                casework::assign(conn, id, assignee).await?;
                if to != row.status() {
                    apps::change(conn, id, Some(me), "take", row.status(), to).await?;
                }
                Ok(())
            })
        },
    )
    .await?;
    Ok(web::Json(case))
}

/// Add an internal note (staff only; never shown to the applicant).
#[utoipa::path(
    operation_id = "create_case_note",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = TextRequest,
    responses(
        (status = 201, description = "Noted", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker or approver", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long `text`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/notes")]
pub async fn create_case_note(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<TextRequest>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let text = body.validate().map_err(ApiError::Validation)?;
    let me = user.id.into_uuid();
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.note",
        move |conn, _| {
            Box::pin(async move {
                apps::add_note(conn, id, me, &text).await?;
                Ok(())
            })
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(case))
}

/// Declare yourself disqualified (forvaltningsloven § 6). From then on the
/// caller can neither see the case nor act on it.
#[utoipa::path(
    operation_id = "disqualify_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = TextRequest,
    responses(
        (status = 204, description = "Declared; the case is gone from the caller's view"),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker or approver", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long `text` (the reason)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/disqualify")]
pub async fn disqualify_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<TextRequest>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let reason = body.validate().map_err(ApiError::Validation)?;
    let me = user.id.into_uuid();
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        as_staff(conn, id, &user, true, "fund_application.disqualify").await?;
        apps::disqualify(conn, id, me, &reason).await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ask the applicant for more information. The message goes to them (by
/// e-mail too) and the case waits for their answer.
#[utoipa::path(
    operation_id = "request_case_info",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = TextRequest,
    responses(
        (status = 200, description = "Asked", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in review (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long `text`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/request-info")]
pub async fn request_case_info(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<TextRequest>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let text = body.validate().map_err(ApiError::Validation)?;
    needs(Role::Caseworker, &user)?;
    let me = user.id.into_uuid();
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.request_info",
        move |conn, row| {
            Box::pin(async move {
                let to =
                    transition(row.status(), Action::RequestInfo, false, false).map_err(illegal)?;
                apps::change(conn, id, Some(me), "request_info", row.status(), to).await?;
                apps::add_message(conn, id, me, true, &text).await?;
                casework::notify(
                    conn,
                    id,
                    Template::FundInfoRequested,
                    &serde_json::json!({ "question": text }),
                    None,
                )
                .await?;
                Ok(())
            })
        },
    )
    .await?;
    Ok(web::Json(case))
}

/// Recommend a decision (funds with a second signature). An approver then
/// confirms, changes or returns it.
#[utoipa::path(
    operation_id = "recommend_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "Recommended", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in review, or the fund decides with one signature (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reasons missing, or an amount that does not fit the outcome", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/recommend")]
pub async fn recommend_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<DecisionRequest>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    needs(Role::Caseworker, &user)?;
    let me = user.id.into_uuid();
    let request = body.0;
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.recommend",
        move |conn, row| {
            Box::pin(async move {
                let four = four_eyes(conn, &row).await?;
                let to =
                    transition(row.status(), Action::Recommend, four, false).map_err(illegal)?;
                let d = request
                    .validate(row.requested_nok)
                    .map_err(ApiError::Validation)?;
                casework::recommend(conn, id, me, d.outcome, d.amount_nok, d.reasons.as_deref())
                    .await?;
                apps::change(conn, id, Some(me), "recommend", row.status(), to).await?;
                Ok(())
            })
        },
    )
    .await?;
    Ok(web::Json(case))
}

/// Send a recommendation back to the caseworker (approvers), with why as
/// an internal note.
#[utoipa::path(
    operation_id = "return_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = TextRequest,
    responses(
        (status = 200, description = "Returned to review", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an approver", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing recommended (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long `text`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/return")]
pub async fn return_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<TextRequest>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let text = body.validate().map_err(ApiError::Validation)?;
    needs(Role::Approver, &user)?;
    let me = user.id.into_uuid();
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.return",
        move |conn, row| {
            Box::pin(async move {
                let to = transition(row.status(), Action::Return, true, false).map_err(illegal)?;
                casework::clear_recommendation(conn, id).await?;
                apps::add_note(conn, id, me, &text).await?;
                apps::change(conn, id, Some(me), "return", row.status(), to).await?;
                Ok(())
            })
        },
    )
    .await?;
    Ok(web::Json(case))
}

/// Decide. With one signature a caseworker decides a case in review; with
/// four-eyes an approver — not the one who recommended — confirms or
/// changes the recommendation. A grant is committed to the round's budget
/// by the database: an amount the budget has no room for is refused with
/// 409 `budget_exceeded`, however many decide at once. The applicant gets
/// the letter.
#[utoipa::path(
    operation_id = "decide_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "Decided", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker (one signature) or approver (four-eyes)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Wrong state (`illegal_transition`), over budget (`budget_exceeded`) or the recommender signing twice (`same_signer`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reasons missing, or an amount that does not fit the outcome", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/decide")]
pub async fn decide_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<DecisionRequest>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let request = body.0;
    let caller = user.clone();
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.decide",
        move |conn, row| {
            Box::pin(async move {
                let four = four_eyes(conn, &row).await?;
                needs(
                    if four {
                        Role::Approver
                    } else {
                        Role::Caseworker
                    },
                    &caller,
                )?;
                let to = transition(row.status(), Action::Decide, four, false).map_err(illegal)?;
                if four && row.recommended_by == Some(me) {
                    return Err(ApiError::Conflict {
                        code: "same_signer",
                        detail: "The second signature must be someone else than who recommended."
                            .into(),
                        errors: vec![],
                    });
                }
                let d = request
                    .validate(row.requested_nok)
                    .map_err(ApiError::Validation)?;
                casework::decide(conn, id, me, d.outcome, d.amount_nok, d.reasons.as_deref())
                    .await
                    .map_err(decision_constraints)?;
                apps::change(conn, id, Some(me), "decide", row.status(), to).await?;
                casework::notify(
            conn,
            id,
            Template::FundDecided,
            &serde_json::json!({ "outcome": d.outcome.as_str(), "amount_nok": d.amount_nok }),
            None,
        )
        .await?;
                Ok(())
            })
        },
    )
    .await?;
    Ok(web::Json(case))
}

/// Decide an appeal: someone other than who made the first decision
/// re-assesses the case. The appeal decision replaces what was granted
/// (within the round's budget) and gets its own letter.
#[utoipa::path(
    operation_id = "decide_case_appeal",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "Appeal decided", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker or approver", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not appealed (`illegal_transition`), the first decider (`same_decider`) or over budget (`budget_exceeded`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reasons missing, or an amount that does not fit the outcome", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/appeal-decision")]
pub async fn decide_case_appeal(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<DecisionRequest>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let request = body.0;
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.decide_appeal",
        move |conn, row| Box::pin(async move {
            let to = transition(row.status(), Action::DecideAppeal, false, false).map_err(illegal)?;
            if row.decided_by == Some(me) {
                return Err(ApiError::Conflict {
                    code: "same_decider",
                    detail: "An appeal is assessed by someone else than who made the first decision."
                        .into(),
                    errors: vec![],
                });
            }
            let d = request
                .validate(row.requested_nok)
                .map_err(ApiError::Validation)?;
            if d.amount_nok < row.paid_nok {
                return Err(ApiError::validation(
                    "amount_nok",
                    "below_paid",
                    "is less than what was already paid",
                ));
            }
            casework::decide_appeal(conn, id, me, d.outcome, d.amount_nok, d.reasons.as_deref())
                .await
                .map_err(decision_constraints)?;
            apps::change(conn, id, Some(me), "decide_appeal", row.status(), to).await?;
            casework::notify(
                conn,
                id,
                Template::FundAppealDecided,
                &serde_json::json!({ "outcome": d.outcome.as_str(), "amount_nok": d.amount_nok }),
                None,
            )
            .await?;
            Ok(())
        }),
    )
    .await?;
    Ok(web::Json(case))
}

/// Mark the grant paid (to the club or the guardian, as the application
/// says). A grant to a club registered in Fritid is paid once the club
/// confirmed the child takes part.
#[utoipa::path(
    operation_id = "pay_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = PayoutRequest,
    responses(
        (status = 200, description = "Paid", body = Case),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing granted or already paid (`illegal_transition`), or the club has not confirmed (`participation_not_confirmed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty `reference`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/payout")]
pub async fn pay_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<PayoutRequest>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    needs(Role::Caseworker, &user)?;
    let me = user.id.into_uuid();
    let reference = fritid_domain::text::line("reference", &body.reference, 100)
        .map_err(|e| ApiError::Validation(fritid_domain::ValidationErrors::single(e)))?;
    let paid_on = body.paid_on;
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.pay",
        move |conn, row| {
            Box::pin(async move {
                let to = transition(
                    row.status(),
                    Action::Pay,
                    false,
                    row.granted_nok > row.paid_nok,
                )
                .map_err(illegal)?;
                let to_club = row.payout_to.as_deref() != Some("guardian");
                let registered_club = match row.activity_id {
                    Some(a) => casework::club_of(conn, a).await?.is_some(),
                    None => false,
                };
                if to_club && registered_club && row.participation_confirmed_at.is_none() {
                    return Err(ApiError::Conflict {
                        code: "participation_not_confirmed",
                        detail: "The club has not yet confirmed that the child takes part.".into(),
                        errors: vec![],
                    });
                }
                let paid_to = if to_club { "club" } else { "guardian" };
                casework::pay(conn, id, paid_to, &reference, paid_on).await?;
                apps::change(conn, id, Some(me), "pay", row.status(), to).await?;
                casework::notify(
                    conn,
                    id,
                    Template::FundPaid,
                    &serde_json::json!({ "amount_nok": row.granted_nok, "paid_to": paid_to }),
                    None,
                )
                .await?;
                Ok(())
            })
        },
    )
    .await?;
    Ok(web::Json(case))
}

/// Close a case: paid, or decided without a grant.
#[utoipa::path(
    operation_id = "close_case",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 200, description = "Closed", body = Case),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not paid, or a grant still to pay (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/close")]
pub async fn close_case(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Case>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    needs(Role::Caseworker, &user)?;
    let me = user.id.into_uuid();
    let case = staff_change(
        &user,
        &state,
        id,
        "fund_application.close",
        move |conn, row| {
            Box::pin(async move {
                let to = transition(
                    row.status(),
                    Action::Close,
                    false,
                    row.granted_nok > row.paid_nok,
                )
                .map_err(illegal)?;
                apps::change(conn, id, Some(me), "close", row.status(), to).await?;
                casework::close(conn, id).await?;
                Ok(())
            })
        },
    )
    .await?;
    Ok(web::Json(case))
}

/// Who read and changed the application, when (administrators).
#[utoipa::path(
    operation_id = "list_case_audit",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 200, description = "The audit log of the application, oldest first", body = Vec<AuditEntry>),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/casework/applications/{id}/audit")]
pub async fn list_case_audit(
    admin: crate::auth::Authorized<crate::auth::Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<AuditEntry>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let _ = admin;
    let mut conn = state.conn().await?;
    let rows = audit::for_subject(&mut conn, AUDIT_SUBJECT, &id.to_string()).await?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names = apps::names(&mut conn, &ids).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| AuditEntry {
                occurred_at: r.occurred_at,
                actor: staff_ref(&names, r.actor_id),
                action: r.action,
            })
            .collect(),
    ))
}

/// Grants to be paid to the organization for children in its activities
/// (its administrators): the child's first name, the activity and the
/// amount — nothing about the family.
#[utoipa::path(
    operation_id = "list_organization_fund_grants",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "Grants, newest decision first", body = Vec<ClubGrant>),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/fund-grants")]
pub async fn list_organization_fund_grants(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<ClubGrant>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, id, &user, MemberRole::Admin).await?;
    let rows = casework::club_grants(&mut conn, id).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| ClubGrant {
                application_id: ApplicationId(r.id),
                child_first_name: r.child_first_name.unwrap_or_default(),
                activity_id: ActivityId(r.activity_id),
                activity_title: r.activity_title,
                amount_nok: r.granted_nok,
                participation_confirmed_at: r.participation_confirmed_at,
                paid: r.paid_nok >= r.granted_nok,
            })
            .collect(),
    ))
}

/// The club confirms that the child takes part (an administrator of the
/// activity's organization), so the caseworker can pay the club.
#[utoipa::path(
    operation_id = "confirm_fund_participation",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 204, description = "Confirmed"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the club", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No grant to the caller's club", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-applications/{id}/participation")]
pub async fn confirm_fund_participation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = apps::lock(conn, id).await?.ok_or(ApiError::NotFound)?;
        let granted_to_club = row.granted_nok > 0 && row.payout_to.as_deref() == Some("club");
        let activity = row
            .activity_id
            .filter(|_| granted_to_club)
            .ok_or(ApiError::NotFound)?;
        let (org, _) = casework::club_of(conn, activity)
            .await?
            .ok_or(ApiError::NotFound)?;
        // Someone who is no member of the club must not learn the grant exists.
        if fritid_db::organizations::member_role(conn, org, me)
            .await?
            .is_none()
        {
            return Err(ApiError::NotFound);
        }
        require_member(conn, org, &user, MemberRole::Admin).await?;
        casework::confirm_participation(conn, id, me).await?;
        audit::record(
            conn,
            &audit::NewAuditEvent {
                actor_id: Some(me),
                action: "fund_application.confirm_participation",
                subject_type: AUDIT_SUBJECT,
                subject_id: Some(id.to_string()),
                details: serde_json::json!({ "organization_id": org }),
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
