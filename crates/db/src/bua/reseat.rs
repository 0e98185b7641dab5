//! Reservations whose unit cannot serve them: the unit went to maintenance,
//! was retired, was moved to another model, size or location, or is still
//! out past its return day. The availability counts no longer hold such a
//! reservation's days (they count units in service), so the catalogue would
//! promise those days to someone else while the family that reserved first
//! would meet an empty shelf.
//!
//! They move to another free unit of their model and size, first pickup
//! first, and before the waiting list is offered anything
//! ([`super::waitlist::offer_next`] calls [`reseat`] first). One whose unit
//! was retired and that finds no other is cancelled, and the borrower is
//! told at once; the others keep their unit (it may be mended or returned
//! in time) and try again whenever a unit comes back, and with the
//! reminders job every quarter of an hour.

use super::loans;
use crate::outbox::{self, Notice};
use crate::DbError;
use chrono::NaiveDate;
use diesel::sql_types::{Bool, Date, Nullable, Text, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::bua::loan::LoanStatus;
use fritid_domain::notification::Template;
use uuid::Uuid;

/// What [`reseat`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reseated {
    /// Moved to another unit.
    pub moved: usize,
    /// Cancelled (the unit was retired, no other was free); the borrower
    /// was told. The rest keep their unit, which may come back in time.
    pub cancelled: usize,
}

impl Reseated {
    fn add(&mut self, other: Reseated) {
        self.moved += other.moved;
        self.cancelled += other.cancelled;
    }
}

#[derive(QueryableByName)]
struct AtRisk {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Date)]
    pickup_on: NaiveDate,
    #[diesel(sql_type = Date)]
    return_on: NaiveDate,
    #[diesel(sql_type = Bool)]
    retired: bool,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    borrower_id: Option<Uuid>,
    #[diesel(sql_type = Text)]
    model_name: String,
    #[diesel(sql_type = Text)]
    location_name: String,
}

/// A reserved or offered loan `b` on unit `u` that the unit cannot serve
/// on the day `$1`.
const CANNOT_SERVE: &str = concat!("NOT ", super::unit_can_serve!("$1"));

/// Moves the reservations and offers of this model and size at the
/// location that their unit cannot serve to free units, first pickup
/// first; cancels (and tells the borrower) those on a retired unit that
/// find none. Call inside a transaction.
pub async fn reseat(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    model: Uuid,
    size: &str,
    today: NaiveDate,
) -> Result<Reseated, DbError> {
    // The rows are locked in one order, so two transactions reseating the
    // same line take turns.
    let at_risk: Vec<AtRisk> = diesel::sql_query(format!(
        "SELECT b.id, b.pickup_on, b.return_on, u.status = 'retired' AS retired, b.borrower_id,
                m.name AS model_name, l.name AS location_name
         FROM bua_loans b JOIN bua_units u ON u.id = b.unit_id
              JOIN bua_models m ON m.id = b.model_id JOIN bua_locations l ON l.id = b.location_id
         WHERE b.location_id = $2 AND b.model_id = $3 AND b.size = $4
           AND b.status IN ('offered', 'reserved') AND {CANNOT_SERVE}
         ORDER BY b.pickup_on, b.created_at, b.id
         FOR UPDATE OF b"
    ))
    .bind::<Date, _>(today)
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(size)
    .load(conn)
    .await?;
    let mut done = Reseated::default();
    for r in at_risk {
        let days = (r.pickup_on, r.return_on);
        if loans::move_to_free_unit(conn, r.id, (location, model, size), days, today).await? {
            done.moved += 1;
        } else if r.retired {
            loans::set_status(conn, r.id, LoanStatus::Cancelled).await?;
            if let Some(user) = r.borrower_id {
                outbox::enqueue(
                    conn,
                    &Notice {
                        user_id: user,
                        template: Template::BuaReservationCancelled,
                        data: serde_json::json!({
                            "model_name": r.model_name,
                            "size": size,
                            "location_name": r.location_name,
                            "pickup_on": r.pickup_on,
                            "return_on": r.return_on,
                            "link_path": format!("/utlan/modell/{model}"),
                        }),
                        dedup_key: Some(format!("bua-reservation-cancelled:{}", r.id)),
                    },
                )
                .await?;
            }
            done.cancelled += 1;
        }
    }
    Ok(done)
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = SqlUuid)]
    location_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    model_id: Uuid,
    #[diesel(sql_type = Text)]
    size: String,
}

/// [`reseat`] for every model, size and location that has such a
/// reservation (for the reminders job: units become overdue as days pass,
/// with no request to notice it). Call inside a transaction.
pub async fn reseat_all(
    conn: &mut AsyncPgConnection,
    today: NaiveDate,
) -> Result<Reseated, DbError> {
    let lines: Vec<Line> = diesel::sql_query(format!(
        "SELECT DISTINCT b.location_id, b.model_id, b.size
         FROM bua_loans b JOIN bua_units u ON u.id = b.unit_id
         WHERE b.status IN ('offered', 'reserved') AND {CANNOT_SERVE}
         ORDER BY 1, 2, 3"
    ))
    .bind::<Date, _>(today)
    .load(conn)
    .await?;
    let mut done = Reseated::default();
    for l in lines {
        done.add(reseat(conn, l.location_id, l.model_id, &l.size, today).await?);
    }
    Ok(done)
}
