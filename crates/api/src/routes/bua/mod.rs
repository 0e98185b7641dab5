//! BUA: the public catalogue and availability, reservations and the
//! waiting list for logged-in adults, and the lending desk for staff of a
//! location.
//!
//! Desk actions need the `lending_staff` role and membership of the
//! location, both read from the database on every request; staff of one
//! location get 403 at another. A citizen's loans are theirs alone: anyone
//! else gets 404.

pub mod admin;
pub mod catalogue;
pub mod desk;
pub mod grants;
pub mod jobs;
pub mod loans;

use crate::auth::AuthUser;
use crate::error::ApiError;
use chrono::{NaiveDate, Utc};
use chrono_tz::Europe::Oslo;
use fritid_db::bua::catalogue as db_catalogue;
use fritid_db::bua::loans::{LoanRow, UnitRow};
use fritid_db::bua::waitlist::EntryRow;
use fritid_db::AsyncPgConnection;
use fritid_domain::bua::catalogue::{Loan, Unit, WaitlistEntry};
use fritid_domain::bua::loan::{
    self as loan_rules, IllegalTransition, LoanStatus, ReturnCondition,
};
use fritid_domain::ids::{LoanId, LocationId, ModelId, UnitId};
use fritid_domain::{FieldError, Role};
use uuid::Uuid;

/// Today in Oslo.
pub(crate) fn today() -> NaiveDate {
    Utc::now().with_timezone(&Oslo).date_naive()
}

/// 409 naming the loan's current state.
pub(crate) fn illegal(e: IllegalTransition) -> ApiError {
    ApiError::Conflict {
        code: "illegal_transition",
        detail: format!("The loan is {}; that cannot be done now.", e.from.as_str()),
        errors: vec![FieldError::new(
            "status",
            e.from.as_str(),
            "is the current state",
        )],
    }
}

/// A loan as the borrower (`staff: false`) or the desk sees it.
pub(crate) fn loan_dto(r: LoanRow, staff: bool, today: NaiveDate) -> Loan {
    let status = r.status();
    Loan {
        id: LoanId(r.id),
        status,
        overdue: loan_rules::overdue(status, r.return_on, today),
        location_id: LocationId(r.location_id),
        location_name: r.location_name,
        model_id: ModelId(r.model_id),
        model_name: r.model_name,
        category: r.category,
        size: r.size,
        unit_label: r.unit_label,
        pickup_on: r.pickup_on,
        return_on: r.return_on,
        offer_expires_at: r.offer_expires_at,
        borrower_name: r.borrower_name.filter(|_| staff),
        borrower_contact: r.borrower_contact.filter(|_| staff),
        walk_in: r.walk_in,
        return_condition: match r.return_condition.as_deref() {
            Some("ok") => Some(ReturnCondition::Ok),
            Some("damaged") => Some(ReturnCondition::Damaged),
            _ => None,
        },
        unit_ready: Some(r.unit_ready)
            .filter(|_| staff && matches!(status, LoanStatus::Offered | LoanStatus::Reserved)),
        created_at: r.created_at,
    }
}

pub(crate) fn entry_dto(e: EntryRow) -> WaitlistEntry {
    WaitlistEntry {
        id: e.id,
        position: e.position,
        location_id: LocationId(e.location_id),
        location_name: e.location_name,
        model_id: ModelId(e.model_id),
        model_name: e.model_name,
        size: e.size,
        pickup_on: e.pickup_on,
        return_on: e.return_on,
        created_at: e.created_at,
    }
}

pub(crate) fn unit_dto(u: UnitRow) -> Unit {
    Unit {
        id: UnitId(u.id),
        label: u.label,
        model_id: ModelId(u.model_id),
        model_name: u.model_name,
        size: u.size,
        location_id: LocationId(u.location_id),
        status: u.status,
        condition_note: u.condition_note,
    }
}

/// Staff of `location` (or an administrator) may act at its desk: 403
/// otherwise; 404 when the location does not exist.
pub(crate) async fn require_desk(
    conn: &mut AsyncPgConnection,
    user: &AuthUser,
    location: Uuid,
) -> Result<(), ApiError> {
    if db_catalogue::location(conn, location).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    if user.has(Role::Admin) {
        return Ok(());
    }
    if user.has(Role::LendingStaff)
        && db_catalogue::is_staff_at(conn, user.id.into_uuid(), location).await?
    {
        return Ok(());
    }
    Err(ApiError::Forbidden {
        code: "not_staff_here",
        detail: "This needs the `lending_staff` role at this location.".into(),
        errors: vec![],
    })
}
