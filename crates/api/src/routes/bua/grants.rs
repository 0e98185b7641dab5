//! Equipment from BUA granted in a Bamsefondet case: instead of (or as well
//! as) money for equipment, the caseworker reserves it for the family. The
//! loan is tied to the case (`fund_application_id`), the case gets a note
//! (in Norwegian, as the caseworkers write theirs) and an entry in its
//! access log, and the family the usual e-mail.

use super::loans::{reservable, reserved};
use super::{loan_dto, today};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::bamsefondet::as_staff;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use fritid_db::bamsefondet::applications as apps;
use fritid_db::bua::loans::{self as db, Borrower, NewLoan};
use fritid_db::AsyncConnection;
use fritid_domain::bamsefondet::case::Status;
use fritid_domain::bua::catalogue::{Loan, ReservationRequest};
use fritid_domain::bua::loan::LoanStatus;
use fritid_domain::{FieldError, Problem, Role};
use uuid::Uuid;

/// Reserve equipment from BUA for the family of a case (caseworkers who may
/// handle it, while it is open). The location's open days and loan rules
/// apply; the household's limit does not (the fund decided). `join_waitlist`
/// is ignored: when nothing is free the answer is 409 `nothing_free`.
#[utoipa::path(
    operation_id = "create_case_equipment_loan",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id")),
    request_body = ReservationRequest,
    responses(
        (status = 201, description = "Reserved for the family", body = Loan),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case for the caller, or no such location", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case is not open (`illegal_transition`), has no family account (`no_applicant`), or nothing is free (`nothing_free`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Days outside the loan rules or on closed days; no such model or size here", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/casework/applications/{id}/equipment-loans")]
pub async fn create_case_equipment_loan(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ReservationRequest>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    if !user.has(Role::Caseworker) {
        return Err(ApiError::Forbidden {
            code: "forbidden",
            detail: "This needs the `caseworker` role.".into(),
            errors: vec![],
        });
    }
    let req = body.0;
    let today = today();
    let me = user.id.into_uuid();
    let mut conn = state.conn().await?;
    let (_, size) = reservable(&mut conn, &req, today).await?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let case = as_staff(conn, id, &user, true, "fund_application.equipment_loan").await?;
            if !matches!(
                case.status(),
                Status::Submitted
                    | Status::InReview
                    | Status::NeedsInfo
                    | Status::Recommended
                    | Status::Decided
            ) {
                return Err(ApiError::Conflict {
                    code: "illegal_transition",
                    detail: "Equipment can be lent while the case is open.".into(),
                    errors: vec![],
                });
            }
            let Some(family) = case.applicant_id else {
                return Err(ApiError::Conflict {
                    code: "no_applicant",
                    detail: "The case has no family account to lend to.".into(),
                    errors: vec![],
                });
            };
            let n = NewLoan {
                location: req.location_id.into_uuid(),
                model: req.model_id.into_uuid(),
                size: &size,
                pickup_on: req.pickup_on,
                return_on: req.return_on,
                borrower: Borrower::Account(family),
                status: LoanStatus::Reserved,
                offer_expires_at: None,
                handed_out_by: None,
                fund_application: Some(id),
            };
            let Some(loan) = db::book(conn, &n, today).await? else {
                return Err(ApiError::Conflict {
                    code: "nothing_free",
                    detail: "Nothing of this model and size is free for those days.".into(),
                    errors: vec![FieldError::new(
                        "pickup_on",
                        "nothing_free",
                        "nothing is free for these days",
                    )],
                });
            };
            let row = reserved(conn, loan, family).await?;
            let size = if row.size.is_empty() {
                String::new()
            } else {
                format!(" ({})", row.size)
            };
            let note = format!(
                "BUA: {}{size} reservert hos {}, {} til {}.",
                row.model_name, row.location_name, row.pickup_on, row.return_on
            );
            apps::add_note(conn, id, me, &note).await?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(loan_dto(row, true, today)))
}
