//! The lending desk of a location: today's pickups and returns, overdue
//! loans with contact details, units in maintenance; hand out (by label),
//! walk-in loans, take back with the condition, and maintenance.

use super::{illegal, loan_dto, require_desk, today, unit_dto};
use crate::auth::{Admin, AuthUser, Authorized};
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::parse_id;
use crate::routes::query::QueryParser;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::Utc;
use fritid_db::audit::{self, NewAuditEvent};
use fritid_db::bua::catalogue as db_catalogue;
use fritid_db::bua::loans::{self as db, Borrower, NewLoan};
use fritid_db::bua::{reseat, waitlist};
use fritid_db::AsyncConnection;
use fritid_domain::bua::admin::StaffMember;
use fritid_domain::bua::catalogue::{
    CheckinRequest, CheckoutRequest, Desk, Loan, ServiceAction, ServiceRequest, Unit, WalkInRequest,
};
use fritid_domain::bua::loan::{transition, LoanAction, LoanStatus, ReturnCondition};
use fritid_domain::bua::rules;
use fritid_domain::ids::LocationId;
use fritid_domain::{FieldError, Problem, ValidationErrors};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeskQuery {
    /// The day (default today).
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub day: Option<String>,
}

/// The desk's lists for a day at a location.
#[utoipa::path(
    operation_id = "get_bua_desk",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id"), DeskQuery),
    responses(
        (status = 200, description = "Pickups, returns, overdue and maintenance", body = Desk),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/locations/{id}/desk")]
pub async fn get_bua_desk(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<DeskQuery>,
) -> Result<web::Json<Desk>, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let mut p = QueryParser::default();
    let day = p.date("day", &query.day);
    p.finish(|| Some(()))?;
    let today = today();
    let day = day.unwrap_or(today);
    let mut conn = state.conn().await?;
    require_desk(&mut conn, &user, location).await?;
    let (pickups, returns, overdue) = db::desk(&mut conn, location, day).await?;
    let maintenance = db::units_at(&mut conn, location, Some("maintenance")).await?;
    Ok(web::Json(Desk {
        location_id: LocationId(location),
        day,
        pickups: pickups
            .into_iter()
            .map(|r| loan_dto(r, true, today))
            .collect(),
        returns: returns
            .into_iter()
            .map(|r| loan_dto(r, true, today))
            .collect(),
        overdue: overdue
            .into_iter()
            .map(|r| loan_dto(r, true, today))
            .collect(),
        maintenance: maintenance.into_iter().map(unit_dto).collect(),
    }))
}

fn no_such_label() -> ApiError {
    ApiError::validation("label", "unknown", "no unit has this label")
}

fn wrong_location() -> ApiError {
    ApiError::validation(
        "label",
        "other_location",
        "this unit belongs to another location",
    )
}

async fn audit_desk(
    conn: &mut fritid_db::AsyncPgConnection,
    user: &AuthUser,
    action: &str,
    loan: Uuid,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &NewAuditEvent {
            actor_id: Some(user.id.into_uuid()),
            action,
            subject_type: "bua_loan",
            subject_id: Some(loan.to_string()),
            details: serde_json::json!({}),
        },
    )
    .await?;
    Ok(())
}

/// Hand out the reserved equipment: the label scanned or typed. Another
/// unit of the same model and size may be handed out than the one the
/// system picked, if it is free for the period. A family that comes before
/// the pickup day gets it if the unit is free from today.
#[utoipa::path(
    operation_id = "create_bua_checkout",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id")),
    request_body = CheckoutRequest,
    responses(
        (status = 201, description = "Handed out", body = Loan),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location or reservation here", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a reservation to pick up, or that unit is booked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown label, another location's unit, or another model or size", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/locations/{id}/checkouts")]
pub async fn create_bua_checkout(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<CheckoutRequest>,
) -> Result<HttpResponse, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let loan_id = body.loan_id.into_uuid();
    let label = fritid_domain::text::line("label", &body.label, 40)
        .map_err(|e| ApiError::Validation(fritid_domain::ValidationErrors::single(e)))?;
    let today = today();
    let mut conn = state.conn().await?;
    require_desk(&mut conn, &user, location).await?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let loan = db::lock(conn, loan_id).await?.ok_or(ApiError::NotFound)?;
            if loan.location_id != location {
                return Err(ApiError::NotFound);
            }
            // An offer is accepted by handing it out.
            let from = match loan.status() {
                LoanStatus::Offered => LoanStatus::Reserved,
                s => s,
            };
            transition(from, LoanAction::PickUp).map_err(illegal)?;
            let unit = db::unit_by_label(conn, &label)
                .await?
                .ok_or_else(no_such_label)?;
            if unit.location_id != location {
                return Err(wrong_location());
            }
            if unit.model_id != loan.model_id || unit.size != loan.size {
                return Err(ApiError::validation(
                    "label",
                    "other_model",
                    "this unit is another model or size than reserved",
                ));
            }
            if unit.status != "available" {
                return Err(ApiError::validation(
                    "label",
                    "not_in_service",
                    "this unit is in maintenance or retired",
                ));
            }
            let line = (location, loan.model_id, loan.size.as_str());
            db::lock_days(conn, line, (loan.pickup_on.min(today), loan.return_on)).await?;
            if !db::pick_up(conn, loan_id, unit.id, user.id.into_uuid(), today).await? {
                return Err(ApiError::Conflict {
                    code: "unit_booked",
                    detail: "That unit is booked for some of these days; hand out another.".into(),
                    errors: vec![FieldError::new("label", "unit_booked", "is booked")],
                });
            }
            audit_desk(conn, &user, "bua.checkout", loan_id).await?;
            db::find(conn, loan_id).await?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Created().json(loan_dto(row, true, today)))
}

/// Hand out a free unit now to a person without an account (name and
/// phone, kept until the return).
#[utoipa::path(
    operation_id = "create_bua_walk_in",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id")),
    request_body = WalkInRequest,
    responses(
        (status = 201, description = "Handed out", body = Loan),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The unit is booked for some of these days", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, unknown label or another location's unit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/locations/{id}/walk-ins")]
pub async fn create_bua_walk_in(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<WalkInRequest>,
) -> Result<HttpResponse, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let today = today();
    let mut conn = state.conn().await?;
    require_desk(&mut conn, &user, location).await?;
    let (loc, calendar) = db_catalogue::rules_and_calendar(&mut conn, location, today)
        .await?
        .ok_or(ApiError::NotFound)?;
    rules::check_walk_in_return(&loc.rules(), &calendar, body.return_on, today)
        .map_err(ApiError::Validation)?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let unit = db::unit_by_label(conn, &valid.label)
                .await?
                .ok_or_else(no_such_label)?;
            if unit.location_id != location {
                return Err(wrong_location());
            }
            if unit.status != "available" {
                return Err(ApiError::validation(
                    "label",
                    "not_in_service",
                    "this unit is in maintenance or retired",
                ));
            }
            let n = NewLoan {
                location,
                model: unit.model_id,
                size: &unit.size,
                pickup_on: today,
                return_on: body.return_on,
                borrower: Borrower::WalkIn {
                    name: &valid.name,
                    phone: &valid.phone,
                },
                status: LoanStatus::PickedUp,
                offer_expires_at: None,
                handed_out_by: Some(user.id.into_uuid()),
                fund_application: None,
            };
            db::lock_days(conn, (location, unit.model_id, &unit.size), (today, body.return_on))
                .await?;
            let id = db::insert_on_unit(conn, unit.id, &n)
                .await?
                .ok_or_else(|| ApiError::Conflict {
                    code: "unit_booked",
                    detail: "That unit is reserved for some of these days; hand out another or shorten the loan.".into(),
                    errors: vec![FieldError::new("label", "unit_booked", "is booked")],
                })?;
            audit_desk(conn, &user, "bua.walk_in", id).await?;
            db::find(conn, id).await?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Created().json(loan_dto(row, true, today)))
}

/// Take back the unit with this label, with its condition. Damaged: the
/// unit goes to maintenance with the note. A walk-in's name and phone are
/// erased. The freed unit is offered to the waiting list.
#[utoipa::path(
    operation_id = "create_bua_checkin",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id")),
    request_body = CheckinRequest,
    responses(
        (status = 201, description = "Returned", body = Loan),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The unit is not out", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown label, another location's unit, or a damage without a note", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/locations/{id}/checkins")]
pub async fn create_bua_checkin(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<CheckinRequest>,
) -> Result<HttpResponse, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let (label, note) = body.validate().map_err(ApiError::Validation)?;
    let condition = body.condition;
    let today = today();
    let mut conn = state.conn().await?;
    require_desk(&mut conn, &user, location).await?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let unit = db::unit_by_label(conn, &label)
                .await?
                .ok_or_else(no_such_label)?;
            if unit.location_id != location {
                return Err(wrong_location());
            }
            let loan = db::out_on_unit(conn, unit.id)
                .await?
                .ok_or_else(|| ApiError::Conflict {
                    code: "not_out",
                    detail: "This unit is not lent out.".into(),
                    errors: vec![FieldError::new("label", "not_out", "is not lent out")],
                })?;
            transition(loan.status(), LoanAction::Return).map_err(illegal)?;
            db::take_back(
                conn,
                loan.id,
                condition.as_str(),
                note.as_deref(),
                user.id.into_uuid(),
            )
            .await?;
            if condition == ReturnCondition::Damaged {
                db::set_unit_status(conn, unit.id, "maintenance", note.as_deref()).await?;
            }
            waitlist::offer_next(conn, location, unit.model_id, &unit.size, today, Utc::now())
                .await?;
            audit_desk(conn, &user, "bua.checkin", loan.id).await?;
            db::find(conn, loan.id).await?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Created().json(loan_dto(row, true, today)))
}

/// Back in service (offered to the waiting list at once) or retired (its
/// reservations move to another unit of the model and size, or are
/// cancelled with a message to the borrower when none is free).
#[utoipa::path(
    operation_id = "update_bua_unit_service",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Unit id")),
    request_body = ServiceRequest,
    responses(
        (status = 200, description = "Changed", body = Unit),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the unit's location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Retired units stay retired", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/units/{id}/service")]
pub async fn update_bua_unit_service(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ServiceRequest>,
) -> Result<web::Json<Unit>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let action = body.action;
    let today = today();
    let mut conn = state.conn().await?;
    let unit = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let unit = db::unit(conn, id).await?.ok_or(ApiError::NotFound)?;
            require_desk(conn, &user, unit.location_id).await?;
            if unit.status == "retired" {
                return Err(ApiError::Conflict {
                    code: "retired",
                    detail: "A retired unit stays retired.".into(),
                    errors: vec![],
                });
            }
            match action {
                ServiceAction::BackInService => {
                    db::set_unit_status(conn, id, "available", Some("")).await?;
                    waitlist::offer_next(
                        conn,
                        unit.location_id,
                        unit.model_id,
                        &unit.size,
                        today,
                        Utc::now(),
                    )
                    .await?;
                }
                ServiceAction::Retire => {
                    db::set_unit_status(conn, id, "retired", None).await?;
                    // Its reservations move to another unit, or are
                    // cancelled with a message when none is free.
                    reseat::reseat(conn, unit.location_id, unit.model_id, &unit.size, today)
                        .await?;
                }
            }
            db::unit(conn, id).await?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(unit_dto(unit)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsQuery {
    /// `available`, `maintenance` or `retired` (empty: all).
    #[param(pattern = r"^(available|maintenance|retired)?$")]
    pub status: Option<String>,
}

/// The units of a location, by label (for label printing and stock).
#[utoipa::path(
    operation_id = "list_bua_units",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id"), UnitsQuery),
    responses(
        (status = 200, description = "The units", body = Vec<Unit>),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/locations/{id}/units")]
pub async fn list_bua_units(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<UnitsQuery>,
) -> Result<web::Json<Vec<Unit>>, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s @ ("available" | "maintenance" | "retired")) => Some(s),
        Some(_) => {
            return Err(ApiError::BadRequest {
                code: "invalid_query",
                detail: "One or more query parameters are invalid.".into(),
                errors: vec![FieldError::new(
                    "status",
                    "invalid",
                    "must be available, maintenance or retired",
                )],
            })
        }
    };
    let mut conn = state.conn().await?;
    require_desk(&mut conn, &user, location).await?;
    let units = db::units_at(&mut conn, location, status).await?;
    Ok(web::Json(units.into_iter().map(unit_dto).collect()))
}

/// `POST /api/v1/bua/locations/{id}/staff`: the user by id or by e-mail
/// address (one of them).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffRequest {
    #[schema(value_type = Option<String>, format = Uuid)]
    pub user_id: Option<Uuid>,
    #[schema(max_length = 254)]
    pub email: Option<String>,
}

async fn existing_location(
    conn: &mut fritid_db::AsyncPgConnection,
    location: Uuid,
) -> Result<(), ApiError> {
    match db_catalogue::location(conn, location).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::NotFound),
    }
}

/// Who works at a location's desk (administrators).
#[utoipa::path(
    operation_id = "list_bua_staff",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id")),
    responses(
        (status = 200, description = "The staff, by name", body = Vec<StaffMember>),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/locations/{id}/staff")]
pub async fn list_bua_staff(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<StaffMember>>, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    existing_location(&mut conn, location).await?;
    let rows = db_catalogue::staff(&mut conn, location).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| StaffMember {
                user_id: r.user_id,
                display_name: r.display_name,
                email: r.email,
            })
            .collect(),
    ))
}

/// Make a user lending staff at a location (administrators), by id or by
/// e-mail address. The user must hold the `lending_staff` role (granted on
/// the administration page).
#[utoipa::path(
    operation_id = "create_bua_staff",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id")),
    request_body = StaffRequest,
    responses(
        (status = 204, description = "Added (or was already)"),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Neither or both of `user_id` and `email`, no such user, or the user lacks the `lending_staff` role", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/locations/{id}/staff")]
pub async fn create_bua_staff(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<StaffRequest>,
) -> Result<HttpResponse, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    existing_location(&mut conn, location).await?;
    let (user, field) = match (&body.user_id, &body.email) {
        (Some(id), None) => (
            fritid_db::users::find_by_id(&mut conn, *id).await?,
            "user_id",
        ),
        (None, Some(email)) => {
            // Not an address (a control character, say): nobody has it.
            let email = fritid_domain::account::Email::parse("email", email)
                .map_err(|e| ApiError::Validation(ValidationErrors::single(e)))?;
            (
                fritid_db::users::find_by_email(&mut conn, email.as_str()).await?,
                "email",
            )
        }
        _ => {
            return Err(ApiError::validation(
                "email",
                "required",
                "give either user_id or email",
            ))
        }
    };
    let Some(user) = user else {
        return Err(ApiError::validation(field, "unknown", "no such user"));
    };
    let roles = fritid_db::roles::current(&mut conn, user.id)
        .await?
        .unwrap_or_default();
    if !roles.contains(&fritid_domain::Role::LendingStaff) {
        return Err(ApiError::validation(
            field,
            "not_lending_staff",
            "the user does not have the lending_staff role",
        ));
    }
    db_catalogue::add_staff(&mut conn, location, user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Take a user off a location's desk (administrators).
#[utoipa::path(
    operation_id = "delete_bua_staff",
    tag = "bua",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "Location id"),
        ("user_id" = String, Path, format = Uuid, description = "User id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location, or the user is not staff there", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/bua/locations/{id}/staff/{user_id}")]
pub async fn delete_bua_staff(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (location, user) = path.into_inner();
    let location: Uuid = parse_id("id", &location)?;
    let user: Uuid = parse_id("user_id", &user)?;
    let mut conn = state.conn().await?;
    if !db_catalogue::remove_staff(&mut conn, location, user).await? {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LabelPath {
    /// The unit's label: letters, digits and dashes.
    #[param(pattern = r"^[A-Za-z0-9-]{1,40}$", example = "HEG-0042")]
    pub label: String,
}

/// A unit's label as a QR code (SVG) for printed labels; the desk scans it.
/// The code holds only the label text, so it is public and never changes.
#[utoipa::path(
    operation_id = "get_bua_label_code",
    tag = "bua",
    params(LabelPath),
    responses(
        (status = 200, description = "The QR code", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Not a label", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/label-codes/{label}")]
pub async fn get_bua_label_code(path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let label = path.into_inner();
    let valid = (1..=40).contains(&label.len())
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return Err(ApiError::bad_path(
            "label",
            "must be 1 to 40 letters, digits or dashes",
        ));
    }
    let code = qrcode::QrCode::new(label.as_bytes()).map_err(ApiError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(160, 160)
        .build();
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, "image/svg+xml"))
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=31536000, immutable",
        ))
        .body(svg))
}
