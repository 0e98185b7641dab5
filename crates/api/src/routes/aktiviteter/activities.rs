//! Activities: create and edit (organization members), status changes,
//! the public search, and one activity with its occurrences.

use super::organizations::{event, place_dto, require_member, require_member_for};
use super::search_cache::Kept;
use crate::auth::{Admin, AuthUser, Authorized, MaybeUser};
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::links::{self, Paged};
use crate::platform::changes::{ByText, OwnChange, Seen, Since};
use crate::routes::parse_id;
use crate::routes::query::QueryParser;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, post, put, web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use fritid_db::activities::{self, ActivityRow};
use fritid_db::images;
use fritid_db::organizations as orgs;
use fritid_db::search::{self, SearchFilter, SearchRow, SearchSort, TextMatch, TOTAL_COUNTED};
use fritid_db::{audit, listener, notices, wal, AsyncConnection, AsyncPgConnection, DbError};
use fritid_domain::activity::{
    Activity, ActivityAccessibility, ActivityInput, ActivityStatus, ActivitySummary, Contact, Cost,
    Equipment, LanguageCode, Named, OccurrenceDto, OrganizationRef, SignupState, StatusAction,
    Threshold,
};
use fritid_domain::activity::{ActivityPage, SyncPosition};
use fritid_domain::ids::{ActivityId, OrganizationId};
use fritid_domain::image::ImageRef;
use fritid_domain::notification::Template;
use fritid_domain::organization::{is_slug, MemberRole, ReasonRequest};
use fritid_domain::schedule::{Schedule, Weekday};
use fritid_domain::{FieldError, Problem, Role};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

pub(crate) fn signup_state(
    required: bool,
    capacity: Option<i32>,
    confirmed: i32,
    waiting: i32,
    opens_at: Option<DateTime<Utc>>,
    closes_at: Option<DateTime<Utc>>,
) -> SignupState {
    SignupState {
        required,
        capacity,
        confirmed,
        waiting,
        free_places: capacity.map(|c| (c - confirmed).max(0)),
        opens_at,
        closes_at,
    }
}

pub(crate) fn summary(r: SearchRow) -> ActivitySummary {
    ActivitySummary {
        id: ActivityId(r.id),
        title: r.title,
        title_en: r.title_en,
        category: Named {
            slug: r.category,
            name: r.category_name,
            name_en: Some(r.category_name_en),
        },
        district: Named {
            slug: r.district,
            name: r.district_name,
            name_en: None,
        },
        organization: OrganizationRef {
            id: OrganizationId(r.organization_id),
            name: r.organization_name,
        },
        place_name: r.place_name,
        age_min: r.age_min,
        age_max: r.age_max,
        is_free: r.is_free,
        total_cost_nok: r.total_cost_nok,
        drop_in: r.drop_in,
        no_membership_needed: r.no_membership_needed,
        free_trial: r.free_trial,
        status: ActivityStatus::parse(&r.status).unwrap_or(ActivityStatus::Draft),
        status_reason: r.status_reason,
        next_occurrence: r
            .next_starts_at
            .zip(r.next_ends_at)
            .map(|(starts_at, ends_at)| OccurrenceDto { starts_at, ends_at }),
        is_series: r.is_series,
        signup: signup_state(
            r.signup_required,
            r.capacity,
            r.confirmed_count,
            r.waiting_count,
            r.signup_opens_at,
            r.signup_closes_at,
        ),
        is_demo: r.is_demo,
        updated_at: r.updated_at,
        availability_updated_at: r.availability_updated_at,
        image: r
            .image_id
            .zip(r.image_alt)
            .map(|(id, alt)| ImageRef::new(id, alt)),
        web_url: links::activity_page(r.id),
        calendar_url: links::activity_calendar(r.id),
    }
}

/// The full DTO of a loaded row.
pub(crate) async fn activity_dto(
    conn: &mut AsyncPgConnection,
    row: ActivityRow,
    can_edit: bool,
) -> Result<Activity, ApiError> {
    let (cat_nb, cat_en, district_name, org_name) = activities::names(conn, &row).await?;
    let place = orgs::find_place(conn, row.place_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let upcoming = activities::occurrences(conn, row.id, Utc::now(), 20).await?;
    let occurrence_count = activities::occurrence_count(conn, row.id).await?;
    let schedule: Schedule =
        serde_json::from_value(row.schedule.clone()).map_err(ApiError::internal)?;
    let status = row.status();
    let image = match row.image_id {
        Some(id) => images::alt(conn, id)
            .await?
            .map(|alt| ImageRef::new(id, alt)),
        None => None,
    };
    Ok(Activity {
        image,
        web_url: links::activity_page(row.id),
        calendar_url: links::activity_calendar(row.id),
        id: ActivityId(row.id),
        organization: OrganizationRef {
            id: OrganizationId(row.organization_id),
            name: org_name,
        },
        place: place_dto(place),
        category: Named {
            slug: row.category,
            name: cat_nb,
            name_en: Some(cat_en),
        },
        district: Named {
            slug: row.district,
            name: district_name,
            name_en: None,
        },
        title: row.title,
        title_en: row.title_en,
        description: row.description,
        description_en: row.description_en,
        tags: row.tags.into_iter().flatten().collect(),
        age_min: row.age_min,
        age_max: row.age_max,
        contact: Contact {
            name: row.contact_name,
            email: row.contact_email,
            phone: row.contact_phone,
        },
        cost: Cost {
            is_free: row.is_free,
            membership_fee_nok: row.membership_fee_nok,
            session_fee_nok: row.session_fee_nok,
            equipment_cost_nok: row.equipment_cost_nok,
            other_cost_nok: row.other_cost_nok,
        },
        total_cost_nok: row.total_cost_nok,
        threshold: Threshold {
            drop_in: row.drop_in,
            no_membership_needed: row.no_membership_needed,
            free_trial: row.free_trial,
            newcomer_contact: row.newcomer_contact,
            languages: row
                .languages
                .into_iter()
                .flatten()
                .map(LanguageCode)
                .collect(),
        },
        equipment: Equipment {
            needed: row.equipment_needed,
            lent_by_organizer: row.equipment_lent,
        },
        accessibility: ActivityAccessibility {
            adapted_for_disabilities: row.adapted_for_disabilities,
            companion_card_accepted: row.companion_card_accepted,
        },
        schedule,
        upcoming: upcoming
            .into_iter()
            .map(|(starts_at, ends_at)| OccurrenceDto { starts_at, ends_at })
            .collect(),
        occurrence_count,
        status,
        status_reason: row.status_reason,
        published_at: row.published_at,
        signup: signup_state(
            row.signup_required,
            row.capacity,
            row.confirmed_count,
            row.waiting_count,
            row.signup_opens_at,
            row.signup_closes_at,
        ),
        can_edit,
        is_demo: row.is_demo,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The activity if the caller may see it (drafts: members and administrators),
/// with whether the caller may edit it.
pub(crate) async fn visible_activity(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: Option<&AuthUser>,
) -> Result<(ActivityRow, bool), ApiError> {
    let row = activities::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let member = match user {
        Some(u) => orgs::member_role(conn, row.organization_id, u.id.into_uuid())
            .await?
            .is_some(),
        None => false,
    };
    let admin = user.is_some_and(|u| u.has(Role::Admin));
    if !row.status().is_public() && !member && !admin {
        return Err(ApiError::NotFound);
    }
    Ok((row, member))
}

/// The caller's role in the activity's organization if it is at least
/// `needed`. A draft of an organization the caller is not in answers 404, as
/// if it did not exist; a public activity 403.
pub(crate) async fn require_activity_member(
    conn: &mut AsyncPgConnection,
    row: &ActivityRow,
    user: &AuthUser,
    needed: MemberRole,
) -> Result<MemberRole, ApiError> {
    let public = row.status().is_public();
    require_member_for(conn, row.organization_id, user, needed, public).await
}

fn activity_constraints(e: DbError) -> ApiError {
    match e.constraint() {
        Some("activities_category_fkey") => {
            ApiError::validation("category", "unknown", "is not a known category")
        }
        Some("activities_no_overbooking") => ApiError::Conflict {
            code: "capacity_below_confirmed",
            detail: "The capacity cannot be lower than the number of confirmed participants."
                .into(),
            errors: vec![FieldError::new(
                "signup.capacity",
                "below_confirmed",
                "is lower than the number of confirmed participants",
            )],
        },
        _ => e.into(),
    }
}

/// Checks that the place belongs to the organization; returns its district.
async fn place_district(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    place: Uuid,
) -> Result<String, ApiError> {
    match orgs::find_place(conn, place).await? {
        Some(p) if p.organization_id == org => Ok(p.district),
        _ => Err(ApiError::validation(
            "place_id",
            "unknown",
            "is not one of the organization's places",
        )),
    }
}

/// Create an activity as a draft (organization members).
#[utoipa::path(
    operation_id = "create_activity",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    request_body = ActivityInput,
    responses(
        (status = 201, description = "Created as a draft", body = Activity),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (named), e.g. `age_max`, `schedule.until`, `place_id`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/activities")]
pub async fn create_activity(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ActivityInput>,
) -> Result<HttpResponse, ApiError> {
    let org: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, org, &user, MemberRole::Editor).await?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let actor = user.id.into_uuid();
    let activity = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let district = place_district(conn, org, valid.input.place_id.into_uuid()).await?;
            let id = activities::insert(conn, org, &district, &valid, Some(actor), false)
                .await
                .map_err(activity_constraints)?;
            let row = activities::find(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            activity_dto(conn, row, true).await
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/activities/{}", activity.id)))
        .json(activity))
}

/// Replace an activity (members of its organization). Occurrences are
/// recomputed; a raised capacity moves the waiting list up at once.
#[utoipa::path(
    operation_id = "update_activity",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    request_body = ActivityInput,
    responses(
        (status = 200, description = "Updated", body = Activity),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Capacity below the confirmed participants (`capacity_below_confirmed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/activities/{id}")]
pub async fn update_activity(
    req: HttpRequest,
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ActivityInput>,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let row = activities::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    require_activity_member(&mut conn, &row, &user, MemberRole::Editor).await?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let (activity, changed) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = activities::lock(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let district =
                place_district(conn, row.organization_id, valid.input.place_id.into_uuid()).await?;
            activities::update(conn, id, &district, &valid)
                .await
                .map_err(activity_constraints)?;
            // A larger capacity gives places to the waiting list (and tells them).
            activities::promote(conn, id).await?;
            // What the other servers will hear (`platform::changes`): an
            // edit of what the results show forgets only the answers that
            // show it, a draft's edit nothing.
            let changed = listener::written_in_transaction(conn).await?;
            let row = activities::find(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            Ok((activity_dto(conn, row, true).await?, changed))
        })
        .await?;
    req.extensions_mut().insert(OwnChange(changed));
    Ok(web::Json(activity))
}

/// One activity with everything about it. Drafts only for the organization.
#[utoipa::path(
    operation_id = "get_activity",
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    responses(
        (status = 200, description = "The activity", body = Activity),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}")]
pub async fn get_activity(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let (mut conn, _) = state.read_conn(user.0.is_some()).await?;
    let (row, can_edit) = visible_activity(&mut conn, id, user.0.as_ref()).await?;
    Ok(web::Json(activity_dto(&mut conn, row, can_edit).await?))
}

async fn change_status(
    user: &AuthUser,
    state: &AppState,
    id: Uuid,
    action: StatusAction,
    reason: Option<String>,
) -> Result<Activity, ApiError> {
    let mut conn = state.conn().await?;
    let row = activities::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if action == StatusAction::Withdraw {
        if !row.status().is_public() {
            return Err(ApiError::NotFound);
        }
    } else {
        require_activity_member(&mut conn, &row, user, MemberRole::Editor).await?;
    }
    let actor = user.id.into_uuid();
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = activities::lock(conn, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let from = row.status();
        let to = action.apply(from).ok_or_else(|| ApiError::Conflict {
            code: "invalid_status_change",
            detail: format!(
                "An activity that is {} cannot be changed this way.",
                from.as_str()
            ),
            errors: vec![],
        })?;
        if to == ActivityStatus::Published {
            let org = orgs::find(conn, row.organization_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if org.status != "approved" {
                return Err(ApiError::Conflict {
                    code: "organization_not_approved",
                    detail:
                        "The organization must be approved by the municipality before it publishes."
                            .into(),
                    errors: vec![],
                });
            }
        }
        activities::set_status(conn, id, to, reason.as_deref()).await?;
        // Everyone signed up hears of a cancellation or postponement, in the
        // same transaction as the change.
        let notice = match to {
            ActivityStatus::Cancelled => Some(Template::ActivityCancelled),
            ActivityStatus::Postponed => Some(Template::ActivityPostponed),
            _ => None,
        };
        if let Some(template) = notice {
            let signups = notices::active_signups(conn, id).await?;
            let extra = serde_json::json!({ "reason": reason.as_deref().unwrap_or_default() });
            notices::to_signups(conn, &signups, template, &extra, None).await?;
        }
        if action == StatusAction::Withdraw {
            audit::record(
                conn,
                &event(
                    actor,
                    "activity.withdraw",
                    row.organization_id,
                    serde_json::json!({ "activity_id": id, "reason": reason }),
                ),
            )
            .await?;
        }
        let can_edit = orgs::member_role(conn, row.organization_id, actor)
            .await?
            .is_some();
        let row = activities::find(conn, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        activity_dto(conn, row, can_edit).await
    })
    .await
}

/// Publish a draft or a postponed activity (members of an approved organization).
#[utoipa::path(
    operation_id = "publish_activity",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    responses(
        (status = 200, description = "Published", body = Activity),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Organization not approved, or not publishable from its status", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/publish")]
pub async fn publish_activity(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    Ok(web::Json(
        change_status(&user, &state, id, StatusAction::Publish, None).await?,
    ))
}

/// Cancel a published or postponed activity with a reason shown to the public.
#[utoipa::path(
    operation_id = "cancel_activity",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Cancelled", body = Activity),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not cancellable from its status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/cancel")]
pub async fn cancel_activity(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let reason = body.validate().map_err(ApiError::Validation)?;
    Ok(web::Json(
        change_status(&user, &state, id, StatusAction::Cancel, Some(reason)).await?,
    ))
}

/// Postpone a published activity with a reason; publish it again later.
#[utoipa::path(
    operation_id = "postpone_activity",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Postponed", body = Activity),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/postpone")]
pub async fn postpone_activity(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let reason = body.validate().map_err(ApiError::Validation)?;
    Ok(web::Json(
        change_status(&user, &state, id, StatusAction::Postpone, Some(reason)).await?,
    ))
}

/// Unpublish an activity with a reason (municipality administrators; audited).
#[utoipa::path(
    operation_id = "withdraw_activity",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Withdrawn", body = Activity),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such public activity", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/withdraw")]
pub async fn withdraw_activity(
    admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let reason = body.validate().map_err(ApiError::Validation)?;
    Ok(web::Json(
        change_status(
            &admin.user,
            &state,
            id,
            StatusAction::Withdraw,
            Some(reason),
        )
        .await?,
    ))
}

/// All activities of an organization in any status (its members).
#[utoipa::path(
    operation_id = "list_organization_activities",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "Newest first", body = Vec<Activity>),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/activities")]
pub async fn list_organization_activities(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<Activity>>, ApiError> {
    let org: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, org, &user, MemberRole::Editor).await?;
    let rows = activities::of_organization(&mut conn, org).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(activity_dto(&mut conn, row, true).await?);
    }
    Ok(web::Json(out))
}

/// Query of the public search. Lists are comma-separated; several values
/// of one filter match any of them.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Free text, Norwegian stemming (`svømming` finds `svømmer`); quotes, `or` and `-word` work as on the web.
    #[param(
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*$",
        example = "fotball"
    )]
    pub q: Option<String>,
    /// Occurrences ending after the start of this date (Oslo time). Default: now.
    /// Between 2000-01-01 and 2099-12-31.
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", example = "2027-01-01")]
    pub from: Option<String>,
    /// Occurrences starting before the end of this date (Oslo time).
    /// Between 2000-01-01 and 2099-12-31.
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", example = "2027-01-31")]
    pub to: Option<String>,
    /// Weekdays, comma-separated (`sat,sun`): any of them.
    #[param(value_type = Option<Vec<Weekday>>, style = Form, explode = false, min_items = 1, max_items = 7)]
    pub weekday: Option<String>,
    /// Starts at or after this local time (`HH:MM`).
    #[param(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "16:00")]
    pub time_from: Option<String>,
    /// Starts before this local time (`HH:MM`).
    #[param(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "20:00")]
    pub time_to: Option<String>,
    /// Category slugs (`GET /categories`), comma-separated (`idrett,musikk`): any of them.
    #[param(value_type = Option<Vec<Slug>>, style = Form, explode = false, min_items = 1, max_items = 20)]
    pub category: Option<String>,
    /// District slugs (`GET /districts`), comma-separated (`heggedal,vollen`): any of them.
    #[param(value_type = Option<Vec<Slug>>, style = Form, explode = false, min_items = 1, max_items = 30)]
    pub district: Option<String>,
    /// Suitable for this age (within the activity's age range).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 120, example = 8)]
    pub suitable_for: Option<String>,
    #[param(value_type = Option<bool>)]
    pub is_free: Option<String>,
    /// Estimated total cost at most this (NOK).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1000000000)]
    pub max_cost: Option<String>,
    #[param(value_type = Option<bool>)]
    pub drop_in: Option<String>,
    #[param(value_type = Option<bool>)]
    pub no_membership_needed: Option<String>,
    #[param(value_type = Option<bool>)]
    pub free_trial: Option<String>,
    #[param(value_type = Option<bool>)]
    pub adapted_for_disabilities: Option<String>,
    #[param(value_type = Option<bool>)]
    pub companion_card_accepted: Option<String>,
    /// The place has step-free access.
    #[param(value_type = Option<bool>)]
    pub step_free_access: Option<String>,
    /// Organization id.
    #[param(value_type = Option<String>, format = Uuid)]
    pub organization: Option<String>,
    /// `true`: no sign-up needed or places left; `false`: full.
    #[param(value_type = Option<bool>)]
    pub has_free_places: Option<String>,
    /// Changed at or after this instant (RFC 3339), including cancelled,
    /// postponed and withdrawn ones, sorted by change; the date filter then
    /// applies only when given. For third-party synchronisation.
    #[param(value_type = Option<String>, format = DateTime)]
    pub updated_since: Option<String>,
    /// Sync: continue after this position, the `sync.next` of the page
    /// before (opaque; see docs/API.md, "Synchronising"). Lists by change
    /// like `updated_since`.
    #[param(
        pattern = r"^[0-9]{1,17}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    )]
    pub after: Option<String>,
    /// `true`: one item per occurrence instead of collapsing a series into its next occurrence.
    #[param(value_type = Option<bool>)]
    pub occurrences: Option<String>,
    /// `next` (default): by next occurrence; `relevance`: how well `q`
    /// matches (a title before the rest, the word before a typo's
    /// neighbour), then by next occurrence; without `q` the same as `next`.
    /// A sync list is always by change.
    #[param(value_type = Option<SearchOrder>)]
    pub sort: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// The order of a search (only for the document).
#[derive(Debug, utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SearchOrder {
    Next,
    Relevance,
}

/// A category's or district's slug, as list parameters take them (only
/// for the document).
#[derive(Debug)]
pub struct Slug;

impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^[a-z0-9-]{1,40}$"))
            .description(Some("A slug: lowercase letters, digits and hyphens"))
            .examples(["heggedal"])
            .into()
    }
}

impl utoipa::ToSchema for Slug {
    fn name() -> std::borrow::Cow<'static, str> {
        "Slug".into()
    }
}

fn minute_of(raw: &str) -> Option<i16> {
    let t = chrono::NaiveTime::parse_from_str(raw, "%H:%M").ok()?;
    use chrono::Timelike;
    Some((t.hour() * 60 + t.minute()) as i16)
}

impl SearchQuery {
    pub(crate) fn parse(
        &self,
    ) -> Result<(SearchFilter, fritid_domain::page::PageRequest), ApiError> {
        let mut p = QueryParser::default();
        let text = p.text("q", &self.q, 200);
        let updated_since = match self.updated_since.as_deref() {
            None => None,
            Some(raw) => match DateTime::parse_from_rfc3339(raw) {
                Ok(t) => Some(t.with_timezone(&Utc)),
                Err(_) => {
                    p.errors.push(FieldError::new(
                        "updated_since",
                        "invalid",
                        "must be an RFC 3339 timestamp",
                    ));
                    None
                }
            },
        };
        let after = p.parsed(
            "after",
            &self.after,
            "must be the `sync.next` of a page",
            decode_cursor,
        );
        let from = p.instant("from", &self.from, false);
        let to = p.instant("to", &self.to, true);
        let weekdays = p.list("weekday", &self.weekday, 7, |s| {
            s.parse::<Weekday>().ok().map(|d| i16::from(d.number()))
        });
        let start_minute_from = p.parsed(
            "time_from",
            &self.time_from,
            "must be a time as HH:MM",
            minute_of,
        );
        let start_minute_to = p.parsed(
            "time_to",
            &self.time_to,
            "must be a time as HH:MM",
            minute_of,
        );
        let slug = |s: &str| is_slug(s).then(|| s.to_owned());
        let categories = p.list("category", &self.category, 20, slug);
        let districts = p.list("district", &self.district, 30, slug);
        let age = p
            .int("suitable_for", &self.suitable_for, 0, 120)
            .map(|a| a as i16);
        let max_total_cost = p
            .int("max_cost", &self.max_cost, 0, 1_000_000_000)
            .map(|c| c.min(i64::from(i32::MAX)) as i32);
        let is_free = p.bool("is_free", &self.is_free);
        let drop_in = p.bool("drop_in", &self.drop_in);
        let no_membership_needed = p.bool("no_membership_needed", &self.no_membership_needed);
        let free_trial = p.bool("free_trial", &self.free_trial);
        let adapted_for_disabilities =
            p.bool("adapted_for_disabilities", &self.adapted_for_disabilities);
        let companion_card_accepted =
            p.bool("companion_card_accepted", &self.companion_card_accepted);
        let step_free_access = p.bool("step_free_access", &self.step_free_access);
        let has_free_places = p.bool("has_free_places", &self.has_free_places);
        let occurrences = p.bool("occurrences", &self.occurrences).unwrap_or(false);
        let organization = p.parsed(
            "organization",
            &self.organization,
            "must be a UUID",
            |raw| raw.parse::<Uuid>().ok(),
        );
        let page = p.page(&self.page, &self.per_page);
        let sync = updated_since.is_some() || after.is_some();
        // Relevance orders by the free text; without one every item is as
        // relevant as the next (so by next occurrence), and a sync list is
        // always by change.
        let relevance = match self.sort.as_deref() {
            None | Some("next") => false,
            Some("relevance") => text.is_some() && !sync,
            Some(_) => {
                p.errors.push(FieldError::new(
                    "sort",
                    "invalid",
                    "must be `next` or `relevance`",
                ));
                false
            }
        };
        p.finish(|| {
            Some((
                SearchFilter {
                    text,
                    from: if sync {
                        from
                    } else {
                        Some(from.unwrap_or_else(Utc::now))
                    },
                    to,
                    weekdays,
                    start_minute_from,
                    start_minute_to,
                    categories,
                    districts,
                    age,
                    is_free,
                    max_total_cost,
                    drop_in,
                    no_membership_needed,
                    free_trial,
                    adapted_for_disabilities,
                    companion_card_accepted,
                    step_free_access,
                    organization,
                    has_free_places,
                    updated_since,
                    after,
                    settled_before: None,
                    // A sync list has one item per activity, so that the
                    // cursor (change, id) never skips one.
                    occurrences: occurrences && !sync,
                    include_cancelled: false,
                    // A sync list's total says whether it is caught up.
                    count_up_to: (!sync).then_some(TOTAL_COUNTED),
                    sort: if sync {
                        SearchSort::Updated
                    } else if relevance {
                        SearchSort::Relevance
                    } else {
                        SearchSort::NextOccurrence
                    },
                },
                page?,
            ))
        })
    }
}

/// Search published activities (public). Sorted by the next occurrence in
/// the range (ties by id); a weekly series is one item showing its next
/// occurrence unless `occurrences=true`. With `updated_since` or `after`,
/// a sync list instead: every activity whose content or places changed,
/// including cancelled and withdrawn ones, by change, with the position to
/// continue from (docs/API.md, "Synchronising").
#[utoipa::path(
    operation_id = "list_activities",
    tag = "activities",
    params(SearchQuery),
    responses(
        (status = 200, description = "One page of activities with the total", body = ActivityPage),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 400, description = "Invalid filter (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities")]
pub async fn list_activities(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<Paged<ActivityPage>, ApiError> {
    let (mut filter, page) = query.parse()?;
    let sync = filter.sort == SearchSort::Updated;
    let settled_before =
        Utc::now() - chrono::Duration::from_std(state.config.sync_settle).unwrap_or_default();
    if sync {
        filter.settled_before = Some(settled_before);
    }
    // A kept answer (see `search_cache`), kept with where the catalogue
    // stood before the search ran: a change committed meanwhile makes it
    // stale.
    let mut keep = match (&state.search_cache, state.catalogue.current()) {
        (Some(cache), Some(seen)) if !sync => Some((cache, seen)),
        _ => None,
    };
    let key = req.query_string();
    // A kept answer whose activities' rows changed since: kept again with
    // the rows read anew, if nothing else changed meanwhile.
    let mut reread = None;
    // Held until the answer is kept (see `SearchCache::turn`).
    let _turn = match keep {
        Some((cache, seen)) => {
            if let Some((kept, Since::Unchanged)) = cache.get(key, &state.catalogue, Utc::now()) {
                return Ok(kept.paged());
            }
            let turn = cache.turn(key, seen.everything).await;
            // The request before this one in line may have kept it.
            match cache.get(key, &state.catalogue, Utc::now()) {
                Some((kept, Since::Unchanged)) => return Ok(kept.paged()),
                Some((kept, Since::RowsOfShown)) => reread = Some(kept),
                _ => {}
            }
            Some(turn)
        }
        None => None,
    };
    // A sync list reads the primary: a replica that lags more than the
    // settling time would let a client's position pass changes it has not
    // replayed yet.
    let signed_in = req.headers().contains_key(header::AUTHORIZATION);
    let (mut conn, replica) = state.read_conn(signed_in || sync).await?;
    if let (true, Some((_, seen))) = (replica, keep) {
        // A replica's answer is kept only if it has replayed every change
        // heard so far (`platform::changes`); else it is given, not kept.
        let caught_up = match state.catalogue.replica_needs(seen) {
            Some(needed) => wal::replayed(&mut conn).await? >= needed,
            None => false,
        };
        if !caught_up {
            keep = None;
        }
    }
    if let (Some((cache, seen)), Some(kept)) = (keep, reread) {
        if let Some(kept) = with_rows_read_again(&mut conn, &kept, seen).await? {
            let paged = kept.paged();
            cache.put(key, kept);
            return Ok(paged);
        }
    }
    let searched_at = Utc::now();
    let (rows, total, text) =
        search::search_with_text(&mut conn, &filter, page.limit(), page.offset()).await?;
    let total_capped = total > TOTAL_COUNTED;
    let total = total.min(TOTAL_COUNTED);
    let caught_up = total <= page.offset() + rows.len() as i64;
    let position = sync.then(|| {
        // Caught up: everything changed before the settled instant is seen,
        // so the next sync starts there; otherwise after the last item.
        let next = match rows.last() {
            Some(last) if !caught_up => encode_cursor(last.changed_at, last.id),
            _ => encode_cursor(settled_before, Uuid::nil()).max(
                filter
                    .after
                    .map(|(at, id)| encode_cursor(at, id))
                    .unwrap_or_default(),
            ),
        };
        SyncPosition {
            next,
            caught_up,
            settled_before,
        }
    });
    let next_after = position
        .as_ref()
        .filter(|p| !p.caught_up)
        .map(|p| p.next.clone());
    let rows_on_page = rows.len() as i64;
    // Whose places the answer shows.
    let shows: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let suggestions = match &filter.text {
        Some(text) if total == 0 && !sync => search::suggestions(&mut conn, text).await?,
        _ => vec![],
    };
    let body = ActivityPage {
        items: rows.into_iter().map(summary).collect(),
        total,
        total_capped,
        page: page.page(),
        per_page: page.per_page(),
        sync: position,
        suggestions,
    };
    // Past a capped count the pages go on as long as they are full.
    let linked_total = if total_capped && rows_on_page == i64::from(page.per_page()) {
        i64::MAX
    } else {
        total
    };
    if let Some((cache, seen)) = keep {
        // From now: the same until the next occurrence anywhere ends.
        let valid_until = match (&query.from, filter.from) {
            (None, Some(now)) => search::next_end_after(&mut conn, now).await?,
            _ => None,
        }
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
        cache.put(
            key,
            Kept {
                seen,
                shows,
                by_free_places: filter.has_free_places.is_some(),
                by_text: by_text(&filter, text.as_ref()),
                valid_until,
                searched_at,
                page: body.clone(),
                linked_total,
            },
        );
    }
    Ok(Paged {
        next_after,
        ..Paged::new(body, page.page(), page.per_page(), linked_total)
    })
}

/// How an answer to `filter` depends on the words searched: the patterns
/// its free text finds anywhere in an activity's words (`search_words
/// LIKE '%…%'`: each term's stem and its neighbours), when they are letters
/// and digits only (no wildcard, no space) and the order is not by
/// relevance (which weighs the words).
fn by_text(filter: &SearchFilter, text: Option<&TextMatch>) -> ByText {
    match text {
        None => ByText::No,
        Some(_) if filter.sort == SearchSort::Relevance => ByText::Any,
        Some(TextMatch::Web(_)) => ByText::Any,
        Some(TextMatch::Words(terms)) => {
            let patterns: Vec<String> = terms
                .iter()
                .flat_map(|(term, near)| std::iter::once(&term.stem).chain(near))
                .cloned()
                .collect();
            if patterns
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(char::is_alphanumeric))
            {
                ByText::Patterns(patterns)
            } else {
                ByText::Any
            }
        }
    }
}

/// A kept answer, valid but for the rows of activities it shows (their
/// places, or an edit of what no kept answer filters or sorts by), with
/// those rows read again by key: the same activities in the same order at
/// the same next occurrence, kept under `seen`. `None` if one of them is
/// gone.
async fn with_rows_read_again(
    conn: &mut AsyncPgConnection,
    kept: &Kept,
    seen: Seen,
) -> Result<Option<Kept>, ApiError> {
    let rows: HashMap<Uuid, SearchRow> = search::shown_rows(conn, &kept.shows)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut page = kept.page.clone();
    // An activity may be shown more than once (one item per occurrence).
    for item in &mut page.items {
        let Some(row) = rows.get(&item.id.0).cloned() else {
            return Ok(None);
        };
        let next_occurrence = item.next_occurrence.take();
        *item = ActivitySummary {
            next_occurrence,
            ..summary(row)
        };
    }
    Ok(Some(Kept {
        seen,
        page,
        shows: kept.shows.clone(),
        by_text: kept.by_text.clone(),
        ..*kept
    }))
}

/// A sync position: the change's time in microseconds and the activity id.
fn encode_cursor(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{:017}_{id}", at.timestamp_micros())
}

fn decode_cursor(raw: &str) -> Option<(DateTime<Utc>, Uuid)> {
    let (micros, id) = raw.split_once('_')?;
    let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
    Some((at, id.parse().ok()?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OccurrencesQuery {
    /// Only occurrences ending after the start of this date (Oslo time); default: all.
    /// Between 2000-01-01 and 2099-12-31.
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub from: Option<String>,
}

/// Every occurrence of an activity (at most 1000), in time order.
#[utoipa::path(
    operation_id = "list_occurrences",
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "Activity id"), OccurrencesQuery),
    responses(
        (status = 200, description = "Occurrences", body = Vec<OccurrenceDto>),
        (status = 400, description = "Bad id or `from`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}/occurrences")]
pub async fn list_occurrences(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<OccurrencesQuery>,
) -> Result<web::Json<Vec<OccurrenceDto>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut p = QueryParser::default();
    let from = p.instant("from", &query.from, false);
    p.finish(|| Some(()))?;
    let (mut conn, _) = state.read_conn(user.0.is_some()).await?;
    visible_activity(&mut conn, id, user.0.as_ref()).await?;
    Ok(web::Json(
        activities::occurrences(&mut conn, id, from, 1000)
            .await?
            .into_iter()
            .map(|(starts_at, ends_at)| OccurrenceDto { starts_at, ends_at })
            .collect(),
    ))
}
