//! Applying: a guardian writes a draft (saved as they go), submits it while
//! the round is open, answers the caseworker, withdraws, reads the
//! decision and appeals. A coach may start a draft for a family; only the
//! guardian can submit it.

use super::{application_dto, as_applicant, illegal};
use crate::auth::session::{hash_refresh_token, new_refresh_token};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::organizations::require_member;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{Datelike, Utc};
use chrono_tz::Europe::Oslo;
use fritid_db::bamsefondet::applications::{self as apps, ApplicationRow};
use fritid_db::bamsefondet::{casework, funds};
use fritid_db::{activities, outbox, users, AsyncConnection, AsyncPgConnection, DbError};
use fritid_domain::bamsefondet::application::{
    Application, ApplicationDraft, CostLine, RoundRules, TextRequest, ValidDraft,
};
use fritid_domain::bamsefondet::case::{transition, Action, Status};
use fritid_domain::bamsefondet::fund::{CostKind, Round};
use fritid_domain::notification::Template;
use fritid_domain::organization::MemberRole;
use fritid_domain::{FieldError, Problem, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&Oslo).date_naive()
}

/// Field errors for references the database refused.
fn draft_constraints(e: DbError) -> ApiError {
    match e.constraint() {
        Some("fund_applications_district_fkey") => {
            ApiError::validation("district", "unknown", "is not a known district")
        }
        Some("fund_applications_activity_id_fkey") => {
            ApiError::validation("activity_id", "unknown", "is not a known activity")
        }
        Some("fund_applications_round_id_fkey") => {
            ApiError::validation("round_id", "unknown", "is not a known round")
        }
        _ => e.into(),
    }
}

/// Checks the draft's fields and that its round and activity exist. With
/// an activity and no cost lines yet, the lines are filled from the
/// activity's structured cost (what the round covers).
async fn checked_draft(
    conn: &mut AsyncPgConnection,
    draft: &ApplicationDraft,
) -> Result<ValidDraft, ApiError> {
    let mut valid = draft
        .validate(today().year())
        .map_err(ApiError::Validation)?;
    let Some((round, _)) = funds::find_round(conn, valid.round_id.0).await? else {
        return Err(ApiError::validation(
            "round_id",
            "unknown",
            "is not a known round",
        ));
    };
    if let Some(activity) = valid.activity_id {
        let Some(a) = activities::find(conn, activity.0)
            .await?
            .filter(|a| a.status != "draft")
        else {
            return Err(ApiError::validation(
                "activity_id",
                "unknown",
                "is not a known activity",
            ));
        };
        if valid.cost_lines.is_empty() {
            let covers = round.covers();
            let fee = a.membership_fee_nok + a.session_fee_nok;
            valid.cost_lines = [
                (CostKind::Fee, fee),
                (CostKind::Equipment, a.equipment_cost_nok),
                (CostKind::Other, a.other_cost_nok),
            ]
            .into_iter()
            .filter(|(kind, amount)| *amount > 0 && covers.contains(kind))
            .map(|(kind, amount)| CostLine {
                kind,
                amount_nok: amount.min(100_000),
                description: None,
            })
            .collect();
        }
    }
    Ok(valid)
}

/// Start an application (a draft). Every field may be filled in later;
/// nothing is sent to the fund before `submit`. With `activity_id` and no
/// `cost_lines`, the cost lines are filled from the activity's prices.
#[utoipa::path(
    operation_id = "create_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    request_body = ApplicationDraft,
    responses(
        (status = 201, description = "The draft", body = Application),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is malformed, or the round, district or activity is unknown", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-applications")]
pub async fn create_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<ApplicationDraft>,
) -> Result<HttpResponse, ApiError> {
    let me = user.id.into_uuid();
    let mut conn = state.conn().await?;
    let dto = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let valid = checked_draft(conn, &body).await?;
            let row = apps::insert_draft(conn, Some(me), None, None, None, &valid)
                .await
                .map_err(draft_constraints)?;
            application_dto(conn, row).await
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/fund-applications/{}", dto.id)))
        .json(dto))
}

/// The caller's applications (and drafts a coach started for them), newest first.
#[utoipa::path(
    operation_id = "list_my_fund_applications",
    tag = "bamsefondet",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's applications", body = Vec<Application>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/fund-applications")]
pub async fn list_my_fund_applications(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Application>>, ApiError> {
    let mut conn = state.conn().await?;
    let rows = apps::mine(&mut conn, user.id.into_uuid()).await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in rows {
        list.push(application_dto(&mut conn, row).await?);
    }
    Ok(web::Json(list))
}

/// One of the caller's applications, with the thread and the decision.
/// Anyone else's answers 404 (staff use `/casework/applications/{id}`).
#[utoipa::path(
    operation_id = "get_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 200, description = "The application", body = Application),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/fund-applications/{id}")]
pub async fn get_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Application>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let row = as_applicant(&mut conn, id, &user, false).await?;
    Ok(web::Json(application_dto(&mut conn, row).await?))
}

/// Runs `f` on the caller's application under its row lock and answers the
/// application as it is afterwards.
async fn applicant_change<F>(
    user: &AuthUser,
    state: &AppState,
    id: Uuid,
    f: F,
) -> Result<Application, ApiError>
where
    F: for<'c> FnOnce(
            &'c mut AsyncPgConnection,
            ApplicationRow,
        ) -> futures_util::future::BoxFuture<'c, Result<(), ApiError>>
        + Send,
{
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = as_applicant(conn, id, user, true).await?;
        f(conn, row).await?;
        let row = apps::find(conn, id).await?.ok_or(ApiError::NotFound)?;
        application_dto(conn, row).await
    })
    .await
}

/// Save a draft (the whole draft; fields left out are cleared). Only a
/// draft can be changed.
#[utoipa::path(
    operation_id = "update_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = ApplicationDraft,
    responses(
        (status = 200, description = "The saved draft", body = Application),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft any more (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is malformed, or the round, district or activity is unknown", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/fund-applications/{id}")]
pub async fn update_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ApplicationDraft>,
) -> Result<web::Json<Application>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let draft = body.0;
    let dto = applicant_change(&user, &state, id, move |conn, row| {
        Box::pin(async move {
            transition(row.status(), Action::Edit, false, false).map_err(illegal)?;
            let valid = checked_draft(conn, &draft).await?;
            apps::save_draft(conn, id, &valid)
                .await
                .map_err(draft_constraints)?;
            Ok(())
        })
    })
    .await?;
    Ok(web::Json(dto))
}

/// Delete a draft (with its attachments). A submitted application is
/// withdrawn instead.
#[utoipa::path(
    operation_id = "delete_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/fund-applications/{id}")]
pub async fn delete_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = as_applicant(conn, id, &user, true).await?;
        transition(row.status(), Action::DeleteDraft, false, false).map_err(illegal)?;
        apps::delete(conn, id).await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Send the application to the fund. Every missing or wrong piece is named
/// at once; the total must be within the round's maximum per child, and
/// the round must be open. Only the guardian can submit.
#[utoipa::path(
    operation_id = "submit_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 200, description = "Submitted", body = Application),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A coach's draft: the guardian submits it (`guardian_must_submit`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Incomplete, over the round's maximum, or the round is closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-applications/{id}/submit")]
pub async fn submit_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Application>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let dto = applicant_change(&user, &state, id, move |conn, row| {
        Box::pin(async move {
            let to = transition(row.status(), Action::Submit, false, false).map_err(illegal)?;
            if row.applicant_id != Some(me) {
                return Err(ApiError::Forbidden {
                    code: "guardian_must_submit",
                    detail: "The child's guardian completes and submits the application.".into(),
                    errors: vec![],
                });
            }
            let (round, _) = funds::find_round(conn, row.round_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let draft = ApplicationDraft {
                round_id: fritid_domain::ids::RoundId(row.round_id),
                child_first_name: row.child_first_name.clone(),
                child_birth_year: row.child_birth_year,
                district: row.district.clone(),
                activity_id: row.activity_id.map(fritid_domain::ids::ActivityId),
                club_name: row.club_name.clone(),
                activity_name: row.activity_name.clone(),
                cost_lines: row.cost_lines(),
                reason: row.reason.clone(),
                payout_to: row
                    .payout_to
                    .as_deref()
                    .and_then(fritid_domain::bamsefondet::application::PayoutTo::parse),
                account_number: row.account_number.clone(),
                consent: row.consent,
            };
            let valid = draft
                .validate(today().year())
                .map_err(ApiError::Validation)?;
            let rules = RoundRules {
                max_per_child_nok: round.max_per_child_nok,
                covers: round.covers(),
                open: Round::is_open_on(round.opens_on, round.closes_on, today()),
            };
            valid
                .check_submittable(&rules)
                .map_err(ApiError::Validation)?;
            apps::change(conn, id, Some(me), "submit", row.status(), to).await?;
            casework::notify(
                conn,
                id,
                Template::FundSubmitted,
                &serde_json::json!({}),
                None,
            )
            .await?;
            Ok(())
        })
    })
    .await?;
    tracing::info!(application_id = %id, "fund application submitted");
    Ok(web::Json(dto))
}

/// Withdraw a submitted application (before it is decided).
#[utoipa::path(
    operation_id = "withdraw_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    responses(
        (status = 200, description = "Withdrawn", body = Application),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A draft, or already decided (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-applications/{id}/withdraw")]
pub async fn withdraw_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Application>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let dto = applicant_change(&user, &state, id, move |conn, row| {
        Box::pin(async move {
            let to = transition(row.status(), Action::Withdraw, false, false).map_err(illegal)?;
            apps::change(conn, id, Some(me), "withdraw", row.status(), to).await?;
            casework::close(conn, id).await?;
            Ok(())
        })
    })
    .await?;
    Ok(web::Json(dto))
}

/// Write to the fund. When the caseworker asked for more information, the
/// answer sends the case back to them.
#[utoipa::path(
    operation_id = "create_fund_message",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = TextRequest,
    responses(
        (status = 201, description = "Sent; the application with the thread", body = Application),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A draft, or a closed case (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long `text`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-applications/{id}/messages")]
pub async fn create_fund_message(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<TextRequest>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let text = body.validate().map_err(ApiError::Validation)?;
    let dto = applicant_change(&user, &state, id, move |conn, row| {
        Box::pin(async move {
            let status = row.status();
            if matches!(status, Status::Draft | Status::Closed | Status::Withdrawn) {
                return Err(illegal(
                    fritid_domain::bamsefondet::case::IllegalTransition {
                        from: status,
                        action: Action::Answer,
                    },
                ));
            }
            apps::add_message(conn, id, me, false, &text).await?;
            if status == Status::NeedsInfo {
                let to = transition(status, Action::Answer, false, false).map_err(illegal)?;
                apps::change(conn, id, Some(me), "answer", status, to).await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Appeal the decision, within three weeks of receiving the letter
/// (forvaltningsloven § 29). The case is re-assessed by someone other than
/// who decided it.
#[utoipa::path(
    operation_id = "appeal_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = TextRequest,
    responses(
        (status = 200, description = "Appealed", body = Application),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not decided, already appealed (`illegal_transition`) or past the deadline (`appeal_deadline_passed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long `text`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-applications/{id}/appeal")]
pub async fn appeal_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<TextRequest>,
) -> Result<web::Json<Application>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let text = body.validate().map_err(ApiError::Validation)?;
    let dto = applicant_change(&user, &state, id, move |conn, row| {
        Box::pin(async move {
            let granted = row.granted_nok > 0;
            let to = transition(row.status(), Action::Appeal, false, granted).map_err(illegal)?;
            if let Some(opened) = row.letter_opened_on {
                let deadline = opened
                    + chrono::Days::new(fritid_domain::bamsefondet::application::APPEAL_DAYS);
                if today() > deadline {
                    return Err(ApiError::Conflict {
                        code: "appeal_deadline_passed",
                        detail: format!("The deadline to appeal was {deadline}."),
                        errors: vec![],
                    });
                }
            }
            apps::change(conn, id, Some(me), "appeal", row.status(), to).await?;
            casework::appeal(conn, id, &text).await?;
            Ok(())
        })
    })
    .await?;
    Ok(web::Json(dto))
}

/// `POST /api/v1/fund-application-invitations`: a coach starts an
/// application for a family.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "guardian_email": "forelder@example.no",
    "draft": { "round_id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
               "activity_id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "child_first_name": "Emma" }
}))]
#[serde(deny_unknown_fields)]
pub struct OnBehalfRequest {
    /// The guardian, who gets a link to complete and submit it.
    #[schema(max_length = 254)]
    pub guardian_email: String,
    /// What the coach knows; `activity_id` (one of the coach's club's) is required.
    pub draft: ApplicationDraft,
}

/// The answer to a coach: only that the guardian was told, never the
/// draft (it is the family's).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OnBehalfStarted {
    pub guardian_email: String,
}

/// Start an application on a child's behalf (a coach: an editor or
/// administrator of the activity's club). The guardian gets a link by
/// e-mail, sees what was filled in, completes and submits it; nothing is
/// sent to the fund without them.
#[utoipa::path(
    operation_id = "create_fund_application_on_behalf",
    tag = "bamsefondet",
    security(("bearer" = [])),
    request_body = OnBehalfRequest,
    responses(
        (status = 201, description = "The guardian was sent a link", body = OnBehalfStarted),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the activity's club", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad address, no `activity_id`, or a malformed field", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-application-invitations")]
pub async fn create_fund_application_on_behalf(
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<OnBehalfRequest>,
) -> Result<HttpResponse, ApiError> {
    let me = user.id.into_uuid();
    let request = body.0;
    let mut errors = ValidationErrors::new();
    let email = errors.check(fritid_domain::account::Email::parse(
        "guardian_email",
        &request.guardian_email,
    ));
    if request.draft.activity_id.is_none() {
        errors.push(FieldError::new(
            "draft.activity_id",
            "required",
            "name the activity of your club",
        ));
    }
    let email = errors.finish(|| email).map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let valid = checked_draft(conn, &request.draft).await?;
        let activity = valid.activity_id.map(|a| a.0).unwrap_or_default();
        let (org, org_name) = casework::club_of(conn, activity).await?.ok_or_else(|| {
            ApiError::validation("draft.activity_id", "unknown", "is not a known activity")
        })?;
        require_member(conn, org, &user, MemberRole::Editor).await?;
        let token = new_refresh_token();
        let row = apps::insert_draft(
            conn,
            None,
            Some(me),
            Some(email.as_str()),
            Some(&hash_refresh_token(&token)),
            &valid,
        )
        .await
        .map_err(draft_constraints)?;
        let coach = users::find_by_id(conn, me).await?;
        let language = coach.map(|c| c.language).unwrap_or_else(|| "nb".into());
        outbox::enqueue_to_address(
            conn,
            email.as_str(),
            &language,
            Template::FundGuardianInvited,
            &serde_json::json!({
                "organization_name": org_name,
                "child_first_name": valid.child_first_name.clone().unwrap_or_default(),
                "link_path": format!("/bamsefondet/overta?token={token}"),
            }),
            Some(&format!("fund-invite:{}", row.id)),
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Created().json(OnBehalfStarted {
        guardian_email: email.as_str().to_owned(),
    }))
}

/// `POST /api/v1/fund-application-claims`
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({ "token": "q3vK9…" }))]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    /// The token from the guardian's link.
    #[schema(max_length = 100)]
    pub token: String,
}

/// The guardian takes over a draft a coach started (from the e-mailed
/// link). It becomes the guardian's draft; the coach no longer sees it.
#[utoipa::path(
    operation_id = "claim_fund_application",
    tag = "bamsefondet",
    security(("bearer" = [])),
    request_body = ClaimRequest,
    responses(
        (status = 200, description = "The draft, now the caller's", body = Application),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or used link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-application-claims")]
pub async fn claim_fund_application(
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<ClaimRequest>,
) -> Result<web::Json<Application>, ApiError> {
    let me = user.id.into_uuid();
    let hash = hash_refresh_token(body.token.trim());
    let mut conn = state.conn().await?;
    let dto = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = apps::find_by_claim(conn, &hash)
                .await?
                .filter(|r| r.applicant_id.is_none() && r.status() == Status::Draft)
                .ok_or(ApiError::NotFound)?;
            apps::claim(conn, row.id, me).await?;
            let row = apps::find(conn, row.id).await?.ok_or(ApiError::NotFound)?;
            application_dto(conn, row).await
        })
        .await?;
    Ok(web::Json(dto))
}
