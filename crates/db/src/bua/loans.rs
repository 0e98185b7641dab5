//! Loans from reservation to return. Every write that gives a unit a
//! period goes through the exclusion constraint `bua_loans_no_overlap`; a
//! collision with another transaction comes back as that constraint's
//! violation and the next unit is tried.

use super::BLOCKING;
use crate::DbError;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Date, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use fritid_domain::bua::allocate::{self, Candidate};
use fritid_domain::bua::loan::LoanStatus;
use uuid::Uuid;

/// The exclusion constraint that forbids double booking.
pub const NO_OVERLAP: &str = "bua_loans_no_overlap";

#[derive(Debug, Clone, QueryableByName)]
pub struct LoanRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = SqlUuid)]
    pub unit_id: Uuid,
    #[diesel(sql_type = Text)]
    pub unit_label: String,
    #[diesel(sql_type = SqlUuid)]
    pub location_id: Uuid,
    #[diesel(sql_type = Text)]
    pub location_name: String,
    #[diesel(sql_type = SqlUuid)]
    pub model_id: Uuid,
    #[diesel(sql_type = Text)]
    pub model_name: String,
    #[diesel(sql_type = Text)]
    pub category: String,
    #[diesel(sql_type = Text)]
    pub size: String,
    #[diesel(sql_type = Date)]
    pub pickup_on: NaiveDate,
    #[diesel(sql_type = Date)]
    pub return_on: NaiveDate,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub offer_expires_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub borrower_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub borrower_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub borrower_contact: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub walk_in: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub return_condition: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    /// The unit is in service, of the loan's model, size and location, and
    /// not out past its return day (see `reseat`).
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub unit_ready: bool,
}

impl LoanRow {
    pub fn status(&self) -> LoanStatus {
        LoanStatus::parse(&self.status).unwrap_or(LoanStatus::Cancelled)
    }
}

const LOAN_SELECT: &str = concat!(
    "SELECT b.id, b.status, b.unit_id, u.label AS unit_label, b.location_id,
        l.name AS location_name, b.model_id, m.name AS model_name, m.category, b.size,
        b.pickup_on, b.return_on, b.offer_expires_at, b.borrower_id,
        coalesce(p.display_name, b.walk_in_name) AS borrower_name,
        coalesce(p.email, b.walk_in_phone) AS borrower_contact,
        (b.borrower_id IS NULL AND b.walk_in_name IS NOT NULL) AS walk_in,
        b.return_condition, b.created_at, ",
    super::unit_can_serve!("(now() AT TIME ZONE 'Europe/Oslo')::date"),
    " AS unit_ready
    FROM bua_loans b
    JOIN bua_units u ON u.id = b.unit_id
    JOIN bua_locations l ON l.id = b.location_id
    JOIN bua_models m ON m.id = b.model_id
    LEFT JOIN users p ON p.id = b.borrower_id"
);

pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<LoanRow>, DbError> {
    Ok(diesel::sql_query(format!("{LOAN_SELECT} WHERE b.id = $1"))
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .map(Some)
        .or_else(super::catalogue::not_found)?)
}

/// Locks the loan's row until the transaction ends.
pub async fn lock(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<LoanRow>, DbError> {
    Ok(
        diesel::sql_query(format!("{LOAN_SELECT} WHERE b.id = $1 FOR UPDATE OF b"))
            .bind::<SqlUuid, _>(id)
            .get_result(conn)
            .await
            .map(Some)
            .or_else(super::catalogue::not_found)?,
    )
}

/// The user's loans: current (soonest first) and the latest 50 ended.
pub async fn of_user(
    conn: &mut AsyncPgConnection,
    user: Uuid,
) -> Result<(Vec<LoanRow>, Vec<LoanRow>), DbError> {
    let current = diesel::sql_query(format!(
        "{LOAN_SELECT} WHERE b.borrower_id = $1 AND b.status IN {BLOCKING} ORDER BY b.pickup_on, b.id"
    ))
    .bind::<SqlUuid, _>(user)
    .load(conn)
    .await?;
    let history = diesel::sql_query(format!(
        "{LOAN_SELECT} WHERE b.borrower_id = $1 AND b.status NOT IN {BLOCKING}
         ORDER BY b.pickup_on DESC, b.id LIMIT 50"
    ))
    .bind::<SqlUuid, _>(user)
    .load(conn)
    .await?;
    Ok((current, history))
}

/// The desk's lists for `day` at a location: pickups, returns due, overdue.
pub async fn desk(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    day: NaiveDate,
) -> Result<(Vec<LoanRow>, Vec<LoanRow>, Vec<LoanRow>), DbError> {
    let pickups = diesel::sql_query(format!(
        "{LOAN_SELECT} WHERE b.location_id = $1 AND b.status IN ('offered', 'reserved') AND b.pickup_on = $2
         ORDER BY borrower_name, b.id"
    ))
    .bind::<SqlUuid, _>(location)
    .bind::<Date, _>(day)
    .load(conn)
    .await?;
    let returns = diesel::sql_query(format!(
        "{LOAN_SELECT} WHERE b.location_id = $1 AND b.status = 'picked_up' AND b.return_on = $2
         ORDER BY borrower_name, b.id"
    ))
    .bind::<SqlUuid, _>(location)
    .bind::<Date, _>(day)
    .load(conn)
    .await?;
    let overdue = diesel::sql_query(format!(
        "{LOAN_SELECT} WHERE b.location_id = $1 AND b.status = 'picked_up' AND b.return_on < $2
         ORDER BY b.return_on, b.id"
    ))
    .bind::<SqlUuid, _>(location)
    .bind::<Date, _>(day)
    .load(conn)
    .await?;
    Ok((pickups, returns, overdue))
}

/// Active loans (offered, reserved, out) of a user at a location. Call
/// after [`lock_household`], so two requests cannot both pass the limit.
pub async fn active_count(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    location: Uuid,
) -> Result<i64, DbError> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM bua_loans WHERE borrower_id = $1 AND location_id = $2 AND status IN {BLOCKING}"
    ))
    .bind::<SqlUuid, _>(user)
    .bind::<SqlUuid, _>(location)
    .get_result(conn)
    .await?;
    Ok(n.n)
}

/// Serialises one household's reservations (the user's row lock).
pub async fn lock_household(conn: &mut AsyncPgConnection, user: Uuid) -> Result<(), DbError> {
    diesel::sql_query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
        .bind::<SqlUuid, _>(user)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, QueryableByName)]
struct UnitPeriod {
    #[diesel(sql_type = SqlUuid)]
    unit_id: Uuid,
    #[diesel(sql_type = Nullable<Date>)]
    from_day: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    to_day: Option<NaiveDate>,
}

/// The units of a model and size at a location in service and not out past
/// their return day, with their bookings near `[from, to)`, by label.
async fn candidates(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    model: Uuid,
    size: &str,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<Candidate<Uuid>>, DbError> {
    let rows: Vec<UnitPeriod> = diesel::sql_query(format!(
        "SELECT u.id AS unit_id, b.pickup_on AS from_day, b.return_on AS to_day
         FROM bua_units u
         LEFT JOIN bua_loans b ON b.unit_id = u.id AND b.status IN {BLOCKING}
              AND b.period && daterange($4 - 60, $5 + 60, '[)')
         WHERE u.location_id = $1 AND u.model_id = $2 AND u.size = $3 AND u.status = 'available'
           AND NOT EXISTS (SELECT 1 FROM bua_loans o WHERE o.unit_id = u.id
                           AND o.status = 'picked_up' AND o.return_on < $6)
         ORDER BY u.label, b.pickup_on"
    ))
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(size)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Date, _>(today)
    .load(conn)
    .await?;
    let mut out: Vec<Candidate<Uuid>> = Vec::new();
    for r in rows {
        if out.last().map(|c| c.unit) != Some(r.unit_id) {
            out.push(Candidate {
                unit: r.unit_id,
                booked: Vec::new(),
            });
        }
        if let (Some(a), Some(b), Some(c)) = (r.from_day, r.to_day, out.last_mut()) {
            c.booked.push((a, b));
        }
    }
    Ok(out)
}

/// Who a new loan is for.
#[derive(Debug, Clone)]
pub enum Borrower<'a> {
    Account(Uuid),
    WalkIn { name: &'a str, phone: &'a str },
}

/// A new loan's terms.
#[derive(Debug, Clone)]
pub struct NewLoan<'a> {
    pub location: Uuid,
    pub model: Uuid,
    pub size: &'a str,
    pub pickup_on: NaiveDate,
    pub return_on: NaiveDate,
    pub borrower: Borrower<'a>,
    pub status: LoanStatus,
    pub offer_expires_at: Option<DateTime<Utc>>,
    pub handed_out_by: Option<Uuid>,
    pub fund_application: Option<Uuid>,
}

/// Inserts the loan on `unit` in a savepoint; `None` when the exclusion
/// constraint refused it (the unit was taken meanwhile).
pub async fn insert_on_unit(
    conn: &mut AsyncPgConnection,
    unit: Uuid,
    n: &NewLoan<'_>,
) -> Result<Option<Uuid>, DbError> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    let (borrower, name, phone) = match n.borrower {
        Borrower::Account(u) => (Some(u), None, None),
        Borrower::WalkIn { name, phone } => (None, Some(name), Some(phone)),
    };
    let picked_up = n.status == LoanStatus::PickedUp;
    let result = conn
        .transaction::<Id, DbError, _>(async |c| {
            Ok(diesel::sql_query(
                "INSERT INTO bua_loans (unit_id, location_id, model_id, size, borrower_id, walk_in_name,
                     walk_in_phone, status, pickup_on, return_on, offer_expires_at, fund_application_id,
                     picked_up_at, handed_out_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                         CASE WHEN $13 THEN now() END, $14)
                 RETURNING id",
            )
            .bind::<SqlUuid, _>(unit)
            .bind::<SqlUuid, _>(n.location)
            .bind::<SqlUuid, _>(n.model)
            .bind::<Text, _>(n.size)
            .bind::<Nullable<SqlUuid>, _>(borrower)
            .bind::<Nullable<Text>, _>(name)
            .bind::<Nullable<Text>, _>(phone)
            .bind::<Text, _>(n.status.as_str())
            .bind::<Date, _>(n.pickup_on)
            .bind::<Date, _>(n.return_on)
            .bind::<Nullable<Timestamptz>, _>(n.offer_expires_at)
            .bind::<Nullable<SqlUuid>, _>(n.fund_application)
            .bind::<diesel::sql_types::Bool, _>(picked_up)
            .bind::<Nullable<SqlUuid>, _>(n.handed_out_by)
            .get_result(c)
            .await?)
        })
        .await;
    Ok(unless_booked(result)?.map(|id| id.id))
}

/// `None` when the exclusion constraint refused the write (the unit is
/// booked for some of those days, maybe by a transaction that committed
/// meanwhile); any other error as it is.
fn unless_booked<T>(r: Result<T, DbError>) -> Result<Option<T>, DbError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.constraint() == Some(NO_OVERLAP) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Books a unit of the model and size for the period: the best fitting
/// free unit, the next one when another transaction took it meanwhile.
/// `None`: nothing is free for those days. Call inside a transaction.
pub async fn book(
    conn: &mut AsyncPgConnection,
    n: &NewLoan<'_>,
    today: NaiveDate,
) -> Result<Option<Uuid>, DbError> {
    let line = (n.location, n.model, n.size);
    on_a_free_unit(conn, line, (n.pickup_on, n.return_on), today, Put::New(n)).await
}

/// Moves a reserved or offered loan to a free unit of its model and size
/// for its days, chosen as [`book`] chooses. `false`: none is free. Call
/// inside a transaction.
pub async fn move_to_free_unit(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    line: (Uuid, Uuid, &str),
    days: (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Result<bool, DbError> {
    Ok(on_a_free_unit(conn, line, days, today, Put::Move(id))
        .await?
        .is_some())
}

/// What goes on the unit found free.
enum Put<'a, 'n> {
    /// A new loan.
    New(&'a NewLoan<'n>),
    /// This loan, moved from its unit.
    Move(Uuid),
}

impl Put<'_, '_> {
    /// On `unit`, in a savepoint: the loan's id, or `None` when the
    /// exclusion constraint refused it (another transaction took the unit).
    async fn on(&self, conn: &mut AsyncPgConnection, unit: Uuid) -> Result<Option<Uuid>, DbError> {
        let id = match self {
            Put::New(n) => return insert_on_unit(conn, unit, n).await,
            Put::Move(id) => *id,
        };
        let r = conn
            .transaction::<usize, DbError, _>(async |c| {
                Ok(diesel::sql_query(
                    "UPDATE bua_loans SET unit_id = $2, updated_at = now() WHERE id = $1",
                )
                .bind::<SqlUuid, _>(id)
                .bind::<SqlUuid, _>(unit)
                .execute(c)
                .await?)
            })
            .await;
        Ok(unless_booked(r)?.map(|_| id))
    }
}

/// Takes the availability rows of these days (`bua_booked_days` of the
/// model, location and size, made when missing) in day order. Every write
/// that gives a unit a period or takes one away changes these rows in the
/// same transaction (the availability triggers). Taking them *before* a
/// unit's period makes two transactions that want the same days queue
/// here, in one order, instead of each holding a period on a unit that the
/// other then waits for (PostgreSQL ends such a cycle as a deadlock, and a
/// family would see an error). Call inside a transaction, before the write.
pub async fn lock_days(
    conn: &mut AsyncPgConnection,
    (location, model, size): (Uuid, Uuid, &str),
    (from, to): (NaiveDate, NaiveDate),
) -> Result<(), DbError> {
    // A missing row is made first (one being made by another transaction
    // is waited for here); then all are locked in day order. Locking writes
    // no new row version, as an update would.
    diesel::sql_query(
        "INSERT INTO bua_booked_days (model_id, location_id, size, day, booked)
         SELECT $1, $2, $3, d::date, 0
         FROM generate_series($4::timestamp, ($5 - 1)::timestamp, interval '1 day') AS d
         ORDER BY d
         ON CONFLICT (model_id, location_id, size, day) DO NOTHING",
    )
    .bind::<SqlUuid, _>(model)
    .bind::<SqlUuid, _>(location)
    .bind::<Text, _>(size)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .execute(conn)
    .await?;
    diesel::sql_query(
        "SELECT 1 FROM bua_booked_days
         WHERE model_id = $1 AND location_id = $2 AND size = $3 AND day >= $4 AND day < $5
         ORDER BY day FOR UPDATE",
    )
    .bind::<SqlUuid, _>(model)
    .bind::<SqlUuid, _>(location)
    .bind::<Text, _>(size)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .execute(conn)
    .await?;
    Ok(())
}

/// Tries the free units of the model and size (at the location) for
/// `days`, best fitting first; looks again when every unit it saw was
/// taken meanwhile. `None`: nothing is free.
async fn on_a_free_unit(
    conn: &mut AsyncPgConnection,
    (location, model, size): (Uuid, Uuid, &str),
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
    put: Put<'_, '_>,
) -> Result<Option<Uuid>, DbError> {
    // Nothing free: refused without a write (most requests for a wanted
    // unit end here).
    let seen = candidates(conn, location, model, size, from, to, today).await?;
    if allocate::pick(&seen, (from, to)).is_none() {
        return Ok(None);
    }
    lock_days(conn, (location, model, size), (from, to)).await?;
    for _ in 0..3 {
        let mut units = candidates(conn, location, model, size, from, to, today).await?;
        let mut tried = 0;
        while let Some(unit) = allocate::pick(&units, (from, to)) {
            if let Some(id) = put.on(conn, unit).await? {
                return Ok(Some(id));
            }
            units.retain(|c| c.unit != unit);
            tried += 1;
        }
        if tried == 0 {
            return Ok(None);
        }
        // Every unit this statement saw free was taken meanwhile; look again.
    }
    Ok(None)
}

/// Moves a loan to `status`, setting what that state records.
pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: LoanStatus,
) -> Result<(), DbError> {
    diesel::sql_query(
        "UPDATE bua_loans SET status = $2, updated_at = now(),
             offer_expires_at = CASE WHEN $2 = 'offered' THEN offer_expires_at END,
             ended_at = CASE WHEN $2 IN ('cancelled', 'no_show', 'expired', 'returned') THEN now() END
         WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(status.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, QueryableByName)]
pub struct UnitRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub label: String,
    #[diesel(sql_type = SqlUuid)]
    pub model_id: Uuid,
    #[diesel(sql_type = Text)]
    pub model_name: String,
    #[diesel(sql_type = Text)]
    pub size: String,
    #[diesel(sql_type = SqlUuid)]
    pub location_id: Uuid,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Text)]
    pub condition_note: String,
}

const UNIT_SELECT: &str = "SELECT u.id, u.label, u.model_id, m.name AS model_name, u.size,
        u.location_id, u.status, u.condition_note
    FROM bua_units u JOIN bua_models m ON m.id = u.model_id";

/// The unit with this label (labels are compared without case).
pub async fn unit_by_label(
    conn: &mut AsyncPgConnection,
    label: &str,
) -> Result<Option<UnitRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "{UNIT_SELECT} WHERE upper(u.label) = upper($1) FOR UPDATE OF u"
    ))
    .bind::<Text, _>(label.trim())
    .get_result(conn)
    .await
    .map(Some)
    .or_else(super::catalogue::not_found)?)
}

pub async fn unit(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<UnitRow>, DbError> {
    Ok(
        diesel::sql_query(format!("{UNIT_SELECT} WHERE u.id = $1 FOR UPDATE OF u"))
            .bind::<SqlUuid, _>(id)
            .get_result(conn)
            .await
            .map(Some)
            .or_else(super::catalogue::not_found)?,
    )
}

/// Units at a location in a state (`maintenance`, …), by label.
pub async fn units_at(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    status: Option<&str>,
) -> Result<Vec<UnitRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "{UNIT_SELECT} WHERE u.location_id = $1 AND ($2::text IS NULL OR u.status = $2) ORDER BY u.label"
    ))
    .bind::<SqlUuid, _>(location)
    .bind::<Nullable<Text>, _>(status)
    .load(conn)
    .await?)
}

pub async fn set_unit_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: &str,
    note: Option<&str>,
) -> Result<(), DbError> {
    diesel::sql_query(
        "UPDATE bua_units SET status = $2, condition_note = coalesce($3, condition_note), updated_at = now()
         WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(status)
    .bind::<Nullable<Text>, _>(note)
    .execute(conn)
    .await?;
    Ok(())
}

/// Hands out: the loan becomes `picked_up` on `unit` (another unit of the
/// same model and size may be handed out than the one picked). Handed out
/// before the pickup day, the loan starts `today`. The exclusion
/// constraint refuses either if that unit is booked then; `false` when it
/// did.
pub async fn pick_up(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    unit: Uuid,
    staff: Uuid,
    today: NaiveDate,
) -> Result<bool, DbError> {
    let r = conn
        .transaction::<usize, DbError, _>(async |c| {
            Ok(diesel::sql_query(
                "UPDATE bua_loans SET status = 'picked_up', unit_id = $2, picked_up_at = now(),
                     handed_out_by = $3, updated_at = now(), pickup_on = least(pickup_on, $4)
                 WHERE id = $1",
            )
            .bind::<SqlUuid, _>(id)
            .bind::<SqlUuid, _>(unit)
            .bind::<SqlUuid, _>(staff)
            .bind::<Date, _>(today)
            .execute(c)
            .await?)
        })
        .await;
    Ok(unless_booked(r)?.is_some())
}

/// The loan out on this unit, if any.
pub async fn out_on_unit(
    conn: &mut AsyncPgConnection,
    unit: Uuid,
) -> Result<Option<LoanRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "{LOAN_SELECT} WHERE b.unit_id = $1 AND b.status = 'picked_up' FOR UPDATE OF b"
    ))
    .bind::<SqlUuid, _>(unit)
    .get_result(conn)
    .await
    .map(Some)
    .or_else(super::catalogue::not_found)?)
}

/// Takes back: returned with its condition; a walk-in's name and phone are
/// erased now.
pub async fn take_back(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    condition: &str,
    note: Option<&str>,
    staff: Uuid,
) -> Result<(), DbError> {
    diesel::sql_query(
        "UPDATE bua_loans SET status = 'returned', returned_at = now(), ended_at = now(),
             taken_back_by = $4, return_condition = $2, damage_note = $3,
             walk_in_name = NULL, walk_in_phone = NULL, updated_at = now()
         WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(condition)
    .bind::<Nullable<Text>, _>(note)
    .bind::<SqlUuid, _>(staff)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, QueryableByName)]
pub struct Key {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub location_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub model_id: Uuid,
    #[diesel(sql_type = Text)]
    pub size: String,
}

/// Reservations not picked up by closing time on their pickup day become
/// no-shows (and free their unit). `now` decides the time of day in Oslo.
pub async fn mark_no_shows(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Key>, DbError> {
    Ok(diesel::sql_query(
        "UPDATE bua_loans b SET status = 'no_show', ended_at = now(), updated_at = now()
         WHERE b.status = 'reserved'
           AND (b.pickup_on < ($1 AT TIME ZONE 'Europe/Oslo')::date
                OR (b.pickup_on = ($1 AT TIME ZONE 'Europe/Oslo')::date
                    AND EXISTS (SELECT 1 FROM bua_opening_hours h
                                WHERE h.location_id = b.location_id
                                  AND h.weekday = extract(isodow FROM b.pickup_on)
                                  AND h.closes <= ($1 AT TIME ZONE 'Europe/Oslo')::time)))
         RETURNING b.id, b.location_id, b.model_id, b.size",
    )
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?)
}

/// Offers not taken in time expire (and free their unit).
pub async fn expire_offers(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Key>, DbError> {
    Ok(diesel::sql_query(
        "UPDATE bua_loans SET status = 'expired', offer_expires_at = NULL, ended_at = now(), updated_at = now()
         WHERE status = 'offered' AND offer_expires_at <= $1
         RETURNING id, location_id, model_id, size",
    )
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct Reminder {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub borrower_id: Uuid,
    #[diesel(sql_type = Text)]
    pub model_name: String,
    #[diesel(sql_type = Text)]
    pub location_name: String,
    #[diesel(sql_type = Date)]
    pub return_on: NaiveDate,
}

/// Loans out with an account, due back `on` (`overdue`: before `on`).
pub async fn due(
    conn: &mut AsyncPgConnection,
    on: NaiveDate,
    overdue: bool,
) -> Result<Vec<Reminder>, DbError> {
    let cmp = if overdue { "<" } else { "=" };
    Ok(diesel::sql_query(format!(
        "SELECT b.id, b.borrower_id, m.name AS model_name, l.name AS location_name, b.return_on
         FROM bua_loans b JOIN bua_models m ON m.id = b.model_id JOIN bua_locations l ON l.id = b.location_id
         WHERE b.status = 'picked_up' AND b.borrower_id IS NOT NULL AND b.return_on {cmp} $1"
    ))
    .bind::<Date, _>(on)
    .load(conn)
    .await?)
}
