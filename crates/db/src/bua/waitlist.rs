//! The waiting list per location, model and size. When a unit frees up,
//! the first in line whose days can now be served gets an offer: the unit
//! is held for them for 24 hours (an `offered` loan), and they are told.

use super::loans::{self, Borrower, NewLoan};
use crate::outbox::{self, Notice};
use crate::DbError;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Date, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::bua::loan::LoanStatus;
use fritid_domain::notification::Template;
use uuid::Uuid;

/// The unique index that keeps a person once in one line.
pub const ONCE: &str = "bua_waitlist_once_idx";

#[derive(Debug, Clone, QueryableByName)]
pub struct EntryRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = BigInt)]
    pub position: i64,
    #[diesel(sql_type = SqlUuid)]
    pub location_id: Uuid,
    #[diesel(sql_type = Text)]
    pub location_name: String,
    #[diesel(sql_type = SqlUuid)]
    pub model_id: Uuid,
    #[diesel(sql_type = Text)]
    pub model_name: String,
    #[diesel(sql_type = Text)]
    pub size: String,
    #[diesel(sql_type = Date)]
    pub pickup_on: NaiveDate,
    #[diesel(sql_type = Date)]
    pub return_on: NaiveDate,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

const ENTRY_SELECT: &str = "SELECT w.id,
        (SELECT count(*) FROM bua_waitlist o WHERE o.status = 'waiting' AND o.location_id = w.location_id
            AND o.model_id = w.model_id AND o.size = w.size AND o.number <= w.number) AS position,
        w.location_id, l.name AS location_name, w.model_id, m.name AS model_name, w.size,
        w.pickup_on, w.return_on, w.created_at
    FROM bua_waitlist w JOIN bua_locations l ON l.id = w.location_id JOIN bua_models m ON m.id = w.model_id";

/// Puts the user in line. The unique index refuses a second place in the
/// same line (`ONCE`).
pub async fn join(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    location: Uuid,
    model: Uuid,
    size: &str,
    pickup_on: NaiveDate,
    return_on: NaiveDate,
) -> Result<EntryRow, DbError> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    let id: Id = diesel::sql_query(
        "INSERT INTO bua_waitlist (user_id, location_id, model_id, size, pickup_on, return_on)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind::<SqlUuid, _>(user)
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(size)
    .bind::<Date, _>(pickup_on)
    .bind::<Date, _>(return_on)
    .get_result(conn)
    .await?;
    Ok(diesel::sql_query(format!("{ENTRY_SELECT} WHERE w.id = $1"))
        .bind::<SqlUuid, _>(id.id)
        .get_result(conn)
        .await?)
}

/// The user's places in line.
pub async fn of_user(conn: &mut AsyncPgConnection, user: Uuid) -> Result<Vec<EntryRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "{ENTRY_SELECT} WHERE w.user_id = $1 AND w.status = 'waiting' ORDER BY w.pickup_on, w.number"
    ))
    .bind::<SqlUuid, _>(user)
    .load(conn)
    .await?)
}

/// Leaves the line; `false` when the user has no such waiting place.
pub async fn leave(conn: &mut AsyncPgConnection, id: Uuid, user: Uuid) -> Result<bool, DbError> {
    let n = diesel::sql_query(
        "UPDATE bua_waitlist SET status = 'cancelled' WHERE id = $1 AND user_id = $2 AND status = 'waiting'",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(user)
    .execute(conn)
    .await?;
    Ok(n == 1)
}

#[derive(Debug, Clone, QueryableByName)]
struct Waiting {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Date)]
    pickup_on: NaiveDate,
    #[diesel(sql_type = Date)]
    return_on: NaiveDate,
    #[diesel(sql_type = Text)]
    model_name: String,
    #[diesel(sql_type = Text)]
    location_name: String,
}

/// Offers what is free now to the line for this location, model and size,
/// first come first served; places whose pickup day has passed lapse.
/// Reservations whose unit cannot serve them come first
/// ([`super::reseat::reseat`]): they were promised those days before
/// anyone in the line. Returns the number of offers made. Call inside a
/// transaction.
pub async fn offer_next(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    model: Uuid,
    size: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    super::reseat::reseat(conn, location, model, size, today).await?;
    diesel::sql_query(
        "UPDATE bua_waitlist SET status = 'lapsed'
         WHERE status = 'waiting' AND location_id = $1 AND model_id = $2 AND size = $3 AND pickup_on < $4",
    )
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(size)
    .bind::<Date, _>(today)
    .execute(conn)
    .await?;
    // The line's rows are locked, so two freed units offer in turn.
    let line: Vec<Waiting> = diesel::sql_query(
        "SELECT w.id, w.user_id, w.pickup_on, w.return_on, m.name AS model_name, l.name AS location_name
         FROM bua_waitlist w JOIN bua_models m ON m.id = w.model_id JOIN bua_locations l ON l.id = w.location_id
         WHERE w.status = 'waiting' AND w.location_id = $1 AND w.model_id = $2 AND w.size = $3
         ORDER BY w.number LIMIT 50 FOR UPDATE OF w",
    )
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(size)
    .load(conn)
    .await?;
    let expires = now + chrono::Duration::hours(24);
    let mut offers = 0;
    for w in line {
        let n = NewLoan {
            location,
            model,
            size,
            pickup_on: w.pickup_on,
            return_on: w.return_on,
            borrower: Borrower::Account(w.user_id),
            status: LoanStatus::Offered,
            offer_expires_at: Some(expires),
            handed_out_by: None,
            fund_application: None,
        };
        let Some(loan) = loans::book(conn, &n, today).await? else {
            continue;
        };
        diesel::sql_query("UPDATE bua_waitlist SET status = 'offered', loan_id = $2 WHERE id = $1")
            .bind::<SqlUuid, _>(w.id)
            .bind::<SqlUuid, _>(loan)
            .execute(conn)
            .await?;
        outbox::enqueue(
            conn,
            &Notice {
                user_id: w.user_id,
                template: Template::BuaOffer,
                data: serde_json::json!({
                    "model_name": w.model_name,
                    "size": size,
                    "location_name": w.location_name,
                    "pickup_on": w.pickup_on,
                    "return_on": w.return_on,
                    "expires_at": expires,
                    "link_path": "/utlan/mine",
                }),
                dedup_key: Some(format!("bua-offer:{loan}")),
            },
        )
        .await?;
        offers += 1;
    }
    Ok(offers)
}
