//! Sign-up (påmelding): citizens sign up themselves or a child, see and
//! cancel their sign-ups; organizers see their own activities' participants.
//! Every change runs under the activity's row lock.

use super::activities::require_activity_member;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::platform::changes::OwnChange;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{Datelike, Utc};
use fritid_db::activities::{self, SignupView};
use fritid_db::{listener, notices, users, AsyncConnection};
use fritid_domain::activity::{ActivityStatus, OrganizationRef};
use fritid_domain::ids::{ActivityId, OrganizationId, SignupId};
use fritid_domain::notification::Template;
use fritid_domain::organization::MemberRole;
use fritid_domain::signup::{
    ContactConsent, GuardianContact, Participant, Signup, SignupRequest, SignupStatus,
};
use fritid_domain::{FieldError, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// A sign-up as its owner sees it.
pub(crate) fn signup_dto(v: SignupView) -> Signup {
    Signup {
        guardian: None,
        ..participant_dto(v)
    }
}

/// A sign-up as the organizer sees it: with the guardian's name and e-mail
/// when they chose to share them.
pub(crate) fn participant_dto(v: SignupView) -> Signup {
    Signup {
        share_contact: v.share_contact,
        guardian: v
            .guardian_name
            .clone()
            .zip(v.guardian_email.clone())
            .map(|(name, email)| GuardianContact { name, email }),
        id: SignupId(v.id),
        activity_id: ActivityId(v.activity_id),
        activity_title: v.activity_title,
        organization: OrganizationRef {
            id: OrganizationId(v.organization_id),
            name: v.organization_name,
        },
        participant: Participant::parse(&v.participant).unwrap_or(Participant::Myself),
        first_name: v.first_name,
        birth_year: v.birth_year,
        status: SignupStatus::parse(&v.status).unwrap_or(SignupStatus::Cancelled),
        waiting_position: v.waiting_position,
        next_starts_at: v.next_starts_at,
        created_at: v.created_at,
        cancelled_at: v.cancelled_at,
    }
}

fn closed(code: &'static str, detail: &str) -> ApiError {
    ApiError::Conflict {
        code,
        detail: detail.into(),
        errors: vec![],
    }
}

/// Sign up for an activity. With places left the sign-up is `confirmed`,
/// otherwise `waiting` with its place in the queue.
#[utoipa::path(
    operation_id = "create_signup",
    tag = "signups",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Signed up: confirmed or on the waiting list", body = Signup),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published activity", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No sign-up for this activity, sign-up closed, not open yet, or already signed up", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, e.g. `birth_year` outside the age range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/signups")]
pub async fn create_signup(
    req: HttpRequest,
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<SignupRequest>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let request = body.0;
    let mut conn = state.conn().await?;
    let (view, changed) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            // The row lock serialises sign-ups for this activity.
            let activity = activities::lock(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if activity.status() != ActivityStatus::Published {
                return Err(ApiError::NotFound);
            }
            if !activity.signup_required {
                return Err(closed(
                    "signup_not_required",
                    "This activity has no sign-up; just come.",
                ));
            }
            let now = Utc::now();
            let Some((next_start, last_start)) = activities::upcoming_bounds(conn, id, now).await?
            else {
                return Err(closed("signup_closed", "This activity has no more dates."));
            };
            if activity.signup_opens_at.is_some_and(|t| now < t) {
                return Err(closed("signup_not_open", "Sign-up has not opened yet."));
            }
            // Without a closing time, sign-up closes when the last occurrence starts.
            let closes = activity.signup_closes_at.unwrap_or(last_start);
            if now >= closes {
                return Err(closed("signup_closed", "Sign-up has closed."));
            }
            let year = next_start.with_timezone(&chrono_tz::Europe::Oslo).year();
            let valid = request
                .validate(activity.age_min, activity.age_max, year)
                .map_err(ApiError::Validation)?;
            let first_name = match &valid.first_name {
                Some(n) => n.clone(),
                None => users::find_by_id(conn, me)
                    .await?
                    .map(|u| u.display_name)
                    .unwrap_or_default(),
            };
            let row = activities::sign_up(conn, &activity, me, &valid, &first_name)
                .await
                .map_err(|e| match e.constraint() {
                    Some("signups_one_active_key") => ApiError::Conflict {
                        code: "already_signed_up",
                        detail: "This participant is already signed up (or on the waiting list)."
                            .into(),
                        errors: vec![FieldError::new(
                            "first_name",
                            "already_signed_up",
                            "is already signed up",
                        )],
                    },
                    _ => e.into(),
                })?;
            let template = if row.status == SignupStatus::Confirmed.as_str() {
                Template::SignupConfirmed
            } else {
                Template::SignupWaiting
            };
            notices::to_signups(conn, &[row.id], template, &serde_json::json!({}), None).await?;
            // What the other servers will hear (`platform::changes`).
            let changed = listener::written_in_transaction(conn).await?;
            let view = activities::signup_view(conn, row.id)
                .await?
                .ok_or(ApiError::NotFound)?;
            Ok((view, changed))
        })
        .await?;
    tracing::info!(activity_id = %id, status = %view.status, "sign-up");
    req.extensions_mut().insert(OwnChange(changed));
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/signups/{}", view.id)))
        .json(signup_dto(view)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MySignupsQuery {
    /// Include cancelled sign-ups.
    #[param(value_type = Option<bool>)]
    pub include_cancelled: Option<String>,
}

/// The caller's sign-ups: active first, newest first.
#[utoipa::path(
    operation_id = "list_my_signups",
    tag = "signups",
    security(("bearer" = [])),
    params(MySignupsQuery),
    responses(
        (status = 200, description = "Sign-ups with their status and waiting position", body = Vec<Signup>),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/signups")]
pub async fn list_my_signups(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<MySignupsQuery>,
) -> Result<web::Json<Vec<Signup>>, ApiError> {
    let mut p = crate::routes::query::QueryParser::default();
    let include = p.bool("include_cancelled", &query.include_cancelled);
    p.finish(|| Some(()))?;
    let mut conn = state.conn().await?;
    let rows =
        activities::signups_of_user(&mut conn, user.id.into_uuid(), include.unwrap_or(false))
            .await?;
    Ok(web::Json(rows.into_iter().map(signup_dto).collect()))
}

/// Cancel one's own sign-up. A freed place goes to the first on the waiting list at once.
#[utoipa::path(
    operation_id = "cancel_signup",
    tag = "signups",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Sign-up id")),
    responses(
        (status = 200, description = "Cancelled", body = Signup),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such sign-up of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signups/{id}/cancel")]
pub async fn cancel_signup(
    req: HttpRequest,
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Signup>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    let mut conn = state.conn().await?;
    let (view, changed) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let signup = activities::find_signup(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            // Another person's sign-up is not revealed.
            if signup.user_id != me {
                return Err(ApiError::NotFound);
            }
            // One at a time per activity (the places and the waiting list).
            activities::lock(conn, signup.activity_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let signup = activities::find_signup(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if signup.status == "cancelled" {
                return Err(closed(
                    "already_cancelled",
                    "This sign-up is already cancelled.",
                ));
            }
            activities::cancel_signup(conn, id, signup.activity_id).await?;
            let changed = listener::written_in_transaction(conn).await?;
            let view = activities::signup_view(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            Ok((view, changed))
        })
        .await?;
    req.extensions_mut().insert(OwnChange(changed));
    Ok(web::Json(signup_dto(view)))
}

/// The participants of an activity: confirmed in sign-up order, then the
/// waiting list (members of the organizing organization only).
#[utoipa::path(
    operation_id = "list_participants",
    tag = "signups",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    responses(
        (status = 200, description = "Active sign-ups", body = Vec<Signup>),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organizing organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}/signups")]
pub async fn list_participants(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<Signup>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let activity = activities::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    require_activity_member(&mut conn, &activity, &user, MemberRole::Editor).await?;
    let rows = activities::signups_of_activity(&mut conn, id).await?;
    Ok(web::Json(rows.into_iter().map(participant_dto).collect()))
}

/// Share (or stop sharing) one's name and e-mail address with the organizer
/// of a sign-up. Only the owner of the sign-up may change it.
#[utoipa::path(
    operation_id = "update_signup_contact",
    tag = "signups",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Sign-up id")),
    request_body = ContactConsent,
    responses(
        (status = 200, description = "The sign-up with the new choice", body = Signup),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such sign-up of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/signups/{id}/contact")]
pub async fn update_signup_contact(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ContactConsent>,
) -> Result<web::Json<Signup>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let signup = activities::find_signup(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Another person's sign-up is not revealed.
    if signup.user_id != user.id.into_uuid() {
        return Err(ApiError::NotFound);
    }
    activities::set_share_contact(&mut conn, id, body.share_contact).await?;
    let view = activities::signup_view(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(signup_dto(view)))
}
