//! Reservations, the caller's loans and places in line, cancelling and
//! taking a waiting-list offer.

use super::{entry_dto, illegal, loan_dto, today};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::Utc;
use fritid_db::bua::catalogue as db_catalogue;
use fritid_db::bua::loans::{self as db, Borrower, NewLoan};
use fritid_db::bua::waitlist;
use fritid_db::outbox::{self, Notice};
use fritid_db::AsyncConnection;
use fritid_domain::bua::catalogue::{Loan, MyLoans, ReservationOutcome, ReservationRequest};
use fritid_domain::bua::loan::{transition, LoanAction, LoanStatus};
use fritid_domain::bua::rules;
use fritid_domain::notification::Template;
use fritid_domain::{FieldError, Problem};
use uuid::Uuid;

/// Checks a reservation's days against the location's rules and calendar
/// and that the location lends the model in the size; returns the location
/// and the size as stored.
pub(crate) async fn reservable(
    conn: &mut fritid_db::AsyncPgConnection,
    req: &ReservationRequest,
    today: chrono::NaiveDate,
) -> Result<(db_catalogue::LocationRow, String), ApiError> {
    let (location, model) = (req.location_id.into_uuid(), req.model_id.into_uuid());
    let size = fritid_domain::text::optional_line("size", Some(&req.size), 20)
        .map_err(|e| ApiError::Validation(fritid_domain::ValidationErrors::single(e)))?
        .unwrap_or_default();
    let (loc, calendar) = db_catalogue::rules_and_calendar(conn, location, today)
        .await?
        .ok_or(ApiError::NotFound)?;
    rules::check_period(&loc.rules(), &calendar, req.pickup_on, req.return_on, today)
        .map_err(ApiError::Validation)?;
    let offered_here = db_catalogue::sizes(
        conn,
        &[model],
        Some(location),
        Some(&size),
        req.pickup_on,
        req.return_on,
        today,
        true,
    )
    .await?;
    if offered_here.is_empty() {
        return Err(ApiError::validation(
            "size",
            "not_here",
            "this location has no such model in this size",
        ));
    }
    Ok((loc, size))
}

/// The booked loan `id`, with the e-mail to the borrower `user` written to
/// the outbox in the same transaction.
pub(crate) async fn reserved(
    conn: &mut fritid_db::AsyncPgConnection,
    id: Uuid,
    user: Uuid,
) -> Result<db::LoanRow, ApiError> {
    let row = db::find(conn, id).await?.ok_or(ApiError::NotFound)?;
    outbox::enqueue(
        conn,
        &Notice {
            user_id: user,
            template: Template::BuaReserved,
            data: serde_json::json!({
                "model_name": row.model_name,
                "size": row.size,
                "location_name": row.location_name,
                "pickup_on": row.pickup_on,
                "return_on": row.return_on,
                "link_path": "/utlan/mine",
            }),
            dedup_key: Some(format!("bua-reserved:{id}")),
        },
    )
    .await?;
    Ok(row)
}

/// Reserve a model and size at a location for a pickup day and a return
/// day. The system picks the unit. When nothing is free: 409
/// `nothing_free`, or with `join_waitlist` a place on the waiting list
/// (201 with `waitlist`). Either way the unmet demand is recorded.
#[utoipa::path(
    operation_id = "create_bua_reservation",
    tag = "bua",
    security(("bearer" = [])),
    request_body = ReservationRequest,
    responses(
        (status = 201, description = "Reserved, or placed on the waiting list", body = ReservationOutcome),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing free for those days (`nothing_free`), the household's limit reached (`household_limit`), or already on that waiting list (`already_waiting`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Days outside the loan rules or on closed days; no such model or size here", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/reservations")]
pub async fn create_bua_reservation(
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<ReservationRequest>,
) -> Result<HttpResponse, ApiError> {
    let req = body.0;
    let me = user.id.into_uuid();
    let today = today();
    let location = req.location_id.into_uuid();
    let model = req.model_id.into_uuid();
    let mut conn = state.conn().await?;
    let (loc, size) = reservable(&mut conn, &req, today).await?;
    let outcome = conn
        .transaction::<_, ApiError, _>(async |conn| {
            db::lock_household(conn, me).await?;
            let active = db::active_count(conn, me, location).await?;
            if active >= i64::from(loc.max_active_per_household) {
                return Err(ApiError::Conflict {
                    code: "household_limit",
                    detail: format!(
                        "At most {} loans at a time per household at this location.",
                        loc.max_active_per_household
                    ),
                    errors: vec![],
                });
            }
            let n = NewLoan {
                location,
                model,
                size: &size,
                pickup_on: req.pickup_on,
                return_on: req.return_on,
                borrower: Borrower::Account(me),
                status: LoanStatus::Reserved,
                offer_expires_at: None,
                handed_out_by: None,
                fund_application: None,
            };
            match db::book(conn, &n, today).await? {
                Some(id) => Ok(Ok(reserved(conn, id, me).await?)),
                None => Ok(Err(())),
            }
        })
        .await?;
    match outcome {
        Ok(row) => Ok(HttpResponse::Created().json(ReservationOutcome {
            loan: Some(loan_dto(row, false, today)),
            waitlist: None,
        })),
        Err(()) => {
            // Nothing free: counted as unmet demand (no person).
            db_catalogue::record_unmet(
                &mut conn,
                location,
                model,
                &size,
                None,
                Some(req.pickup_on),
            )
            .await?;
            if !req.join_waitlist {
                return Err(ApiError::Conflict {
                    code: "nothing_free",
                    detail: "Nothing of this model and size is free for those days. Try other days, or join the waiting list.".into(),
                    errors: vec![FieldError::new("pickup_on", "nothing_free", "nothing is free for these days")],
                });
            }
            let entry = waitlist::join(
                &mut conn,
                me,
                location,
                model,
                &size,
                req.pickup_on,
                req.return_on,
            )
            .await
            .map_err(|e| match e.constraint() {
                Some(waitlist::ONCE) => ApiError::Conflict {
                    code: "already_waiting",
                    detail: "You are on this waiting list already.".into(),
                    errors: vec![],
                },
                _ => e.into(),
            })?;
            Ok(HttpResponse::Created().json(ReservationOutcome {
                loan: None,
                waitlist: Some(entry_dto(entry)),
            }))
        }
    }
}

/// The caller's loans (offers, reservations, equipment out, history) and
/// places on waiting lists.
#[utoipa::path(
    operation_id = "list_my_bua_loans",
    tag = "bua",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's loans", body = MyLoans),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/bua-loans")]
pub async fn list_my_bua_loans(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<MyLoans>, ApiError> {
    let me = user.id.into_uuid();
    let today = today();
    let mut conn = state.conn().await?;
    let (current, history) = db::of_user(&mut conn, me).await?;
    let waiting = waitlist::of_user(&mut conn, me).await?;
    Ok(web::Json(MyLoans {
        current: current
            .into_iter()
            .map(|r| loan_dto(r, false, today))
            .collect(),
        waiting: waiting.into_iter().map(entry_dto).collect(),
        history: history
            .into_iter()
            .map(|r| loan_dto(r, false, today))
            .collect(),
    }))
}

async fn own_action(
    user: &AuthUser,
    state: &AppState,
    raw_id: &str,
    action: LoanAction,
) -> Result<Loan, ApiError> {
    let id: Uuid = parse_id("id", raw_id)?;
    let me = user.id.into_uuid();
    let today = today();
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = db::lock(conn, id).await?.ok_or(ApiError::NotFound)?;
            if row.borrower_id != Some(me) {
                return Err(ApiError::NotFound);
            }
            let to = transition(row.status(), action).map_err(illegal)?;
            db::set_status(conn, id, to).await?;
            if to == LoanStatus::Cancelled {
                // The freed unit goes to the waiting list.
                waitlist::offer_next(
                    conn,
                    row.location_id,
                    row.model_id,
                    &row.size,
                    today,
                    Utc::now(),
                )
                .await?;
            }
            db::find(conn, id).await?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(loan_dto(row, false, today))
}

/// Cancel a reservation or decline an offer (before pickup).
#[utoipa::path(
    operation_id = "cancel_bua_loan",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Loan id")),
    responses(
        (status = 200, description = "Cancelled", body = Loan),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such loan of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already picked up or ended", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/loans/{id}/cancel")]
pub async fn cancel_bua_loan(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Loan>, ApiError> {
    Ok(web::Json(
        own_action(&user, &state, &path, LoanAction::Cancel).await?,
    ))
}

/// Take a waiting-list offer: it becomes a reservation.
#[utoipa::path(
    operation_id = "accept_bua_offer",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Loan id")),
    responses(
        (status = 200, description = "Reserved", body = Loan),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such loan of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not an open offer (expired, taken already)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/loans/{id}/accept")]
pub async fn accept_bua_offer(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Loan>, ApiError> {
    Ok(web::Json(
        own_action(&user, &state, &path, LoanAction::Accept).await?,
    ))
}

/// Leave a waiting list.
#[utoipa::path(
    operation_id = "delete_bua_waitlist_entry",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Waiting-list entry id")),
    responses(
        (status = 204, description = "Left the line"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such place in line of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/bua/waitlist/{id}")]
pub async fn delete_bua_waitlist_entry(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    if waitlist::leave(&mut conn, id, user.id.into_uuid()).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::NotFound)
    }
}
