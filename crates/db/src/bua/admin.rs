//! Writing locations, their calendars, models and units (administration
//! and the demo data).

use crate::DbError;
use chrono::{NaiveDate, NaiveTime};
use diesel::sql_types::{Array, Date, Nullable, SmallInt, Text, Time, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// A new location with the default loan rules.
#[derive(Debug, Clone)]
pub struct NewLocation<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub district: &'a str,
    pub contact_email: Option<&'a str>,
    pub contact_phone: Option<&'a str>,
}

pub async fn create_location(
    conn: &mut AsyncPgConnection,
    l: &NewLocation<'_>,
) -> Result<Uuid, DbError> {
    let id: Id = diesel::sql_query(
        "INSERT INTO bua_locations (name, address, district, contact_email, contact_phone)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind::<Text, _>(l.name)
    .bind::<Text, _>(l.address)
    .bind::<Text, _>(l.district)
    .bind::<Nullable<Text>, _>(l.contact_email)
    .bind::<Nullable<Text>, _>(l.contact_phone)
    .get_result(conn)
    .await?;
    Ok(id.id)
}

/// Replaces a location's weekly hours: (ISO weekday, opens, closes).
pub async fn set_hours(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    hours: &[(i16, NaiveTime, NaiveTime)],
) -> Result<(), DbError> {
    diesel::sql_query("DELETE FROM bua_opening_hours WHERE location_id = $1")
        .bind::<SqlUuid, _>(location)
        .execute(conn)
        .await?;
    for (weekday, opens, closes) in hours {
        diesel::sql_query(
            "INSERT INTO bua_opening_hours (location_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
        )
        .bind::<SqlUuid, _>(location)
        .bind::<SmallInt, _>(*weekday)
        .bind::<Time, _>(*opens)
        .bind::<Time, _>(*closes)
        .execute(conn)
        .await?;
    }
    Ok(())
}

pub async fn add_closed_days(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    days: &[NaiveDate],
    reason: &str,
) -> Result<(), DbError> {
    diesel::sql_query(
        "INSERT INTO bua_closed_days (location_id, day, reason)
         SELECT $1, d, $3 FROM unnest($2) AS d ON CONFLICT DO NOTHING",
    )
    .bind::<SqlUuid, _>(location)
    .bind::<Array<Date>, _>(days)
    .bind::<Text, _>(reason)
    .execute(conn)
    .await?;
    Ok(())
}

/// A new equipment model.
#[derive(Debug, Clone)]
pub struct NewModel<'a> {
    pub name: &'a str,
    pub category: &'a str,
    pub description: &'a str,
    pub size_kind: Option<&'a str>,
    pub min_age: Option<i16>,
    pub max_age: Option<i16>,
    pub default_loan_days: i16,
}

pub async fn create_model(conn: &mut AsyncPgConnection, m: &NewModel<'_>) -> Result<Uuid, DbError> {
    let id: Id = diesel::sql_query(
        "INSERT INTO bua_models (name, category, description, size_kind, min_age, max_age, default_loan_days)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind::<Text, _>(m.name)
    .bind::<Text, _>(m.category)
    .bind::<Text, _>(m.description)
    .bind::<Nullable<Text>, _>(m.size_kind)
    .bind::<Nullable<SmallInt>, _>(m.min_age)
    .bind::<Nullable<SmallInt>, _>(m.max_age)
    .bind::<SmallInt, _>(m.default_loan_days)
    .get_result(conn)
    .await?;
    Ok(id.id)
}

/// Changes a model's description; false when there is no such model.
pub async fn update_model(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    m: &NewModel<'_>,
) -> Result<bool, DbError> {
    let n = diesel::sql_query(
        "UPDATE bua_models SET name = $2, category = $3, description = $4, size_kind = $5,
                min_age = $6, max_age = $7, default_loan_days = $8, updated_at = now()
         WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(m.name)
    .bind::<Text, _>(m.category)
    .bind::<Text, _>(m.description)
    .bind::<Nullable<Text>, _>(m.size_kind)
    .bind::<Nullable<SmallInt>, _>(m.min_age)
    .bind::<Nullable<SmallInt>, _>(m.max_age)
    .bind::<SmallInt, _>(m.default_loan_days)
    .execute(conn)
    .await?;
    Ok(n == 1)
}

pub async fn create_unit(
    conn: &mut AsyncPgConnection,
    label: &str,
    model: Uuid,
    location: Uuid,
    size: &str,
) -> Result<Uuid, DbError> {
    let id: Id = diesel::sql_query(
        "INSERT INTO bua_units (label, model_id, location_id, size) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind::<Text, _>(label)
    .bind::<SqlUuid, _>(model)
    .bind::<SqlUuid, _>(location)
    .bind::<Text, _>(size)
    .get_result(conn)
    .await?;
    Ok(id.id)
}

/// Demo data: a returned loan came back whole.
pub async fn mark_returned_ok(conn: &mut AsyncPgConnection, loan: Uuid) -> Result<(), DbError> {
    diesel::sql_query(
        "UPDATE bua_loans SET return_condition = 'ok', returned_at = now() WHERE id = $1",
    )
    .bind::<SqlUuid, _>(loan)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sends the first unit (by label) of a model at a location to maintenance.
pub async fn first_unit_to_maintenance(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    model: Uuid,
    note: &str,
) -> Result<(), DbError> {
    diesel::sql_query(
        "UPDATE bua_units SET status = 'maintenance', condition_note = $3
         WHERE id = (SELECT id FROM bua_units WHERE location_id = $1 AND model_id = $2 ORDER BY label LIMIT 1)",
    )
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(note)
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes a location's details and loan rules; `false` when it does not exist.
pub async fn update_location(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    l: &NewLocation<'_>,
    rules: &fritid_domain::bua::rules::LoanRules,
) -> Result<bool, DbError> {
    let n = diesel::sql_query(
        "UPDATE bua_locations SET name = $2, address = $3, district = $4, contact_email = $5,
             contact_phone = $6, max_loan_days = $7, min_days_ahead = $8, max_days_ahead = $9,
             max_active_per_household = $10, updated_at = now()
         WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(l.name)
    .bind::<Text, _>(l.address)
    .bind::<Text, _>(l.district)
    .bind::<Nullable<Text>, _>(l.contact_email)
    .bind::<Nullable<Text>, _>(l.contact_phone)
    .bind::<diesel::sql_types::Integer, _>(rules.max_loan_days)
    .bind::<diesel::sql_types::Integer, _>(rules.min_days_ahead)
    .bind::<diesel::sql_types::Integer, _>(rules.max_days_ahead)
    .bind::<diesel::sql_types::Integer, _>(rules.max_active_per_household)
    .execute(conn)
    .await?;
    Ok(n == 1)
}

/// Replaces the closed days from `from` on.
pub async fn replace_closed_days(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    from: NaiveDate,
    days: &[NaiveDate],
) -> Result<(), DbError> {
    diesel::sql_query("DELETE FROM bua_closed_days WHERE location_id = $1 AND day >= $2")
        .bind::<SqlUuid, _>(location)
        .bind::<Date, _>(from)
        .execute(conn)
        .await?;
    let ahead: Vec<NaiveDate> = days.iter().copied().filter(|d| *d >= from).collect();
    add_closed_days(conn, location, &ahead, "").await
}
