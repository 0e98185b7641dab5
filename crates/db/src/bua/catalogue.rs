//! Locations, opening hours, the catalogue and availability.

use crate::platform::prepared::{Prepared, Value};
use crate::DbError;
use chrono::{Days, NaiveDate, NaiveTime};
use diesel::sql_types::{
    Array, BigInt, Date, Integer, Nullable, SmallInt, Text, Time, Uuid as SqlUuid,
};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::bua::rules::{Calendar, LoanRules, OpeningHours};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct LocationRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub address: String,
    #[diesel(sql_type = Text)]
    pub district: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_phone: Option<String>,
    #[diesel(sql_type = Integer)]
    pub max_loan_days: i32,
    #[diesel(sql_type = Integer)]
    pub min_days_ahead: i32,
    #[diesel(sql_type = Integer)]
    pub max_days_ahead: i32,
    #[diesel(sql_type = Integer)]
    pub max_active_per_household: i32,
}

impl LocationRow {
    pub fn rules(&self) -> LoanRules {
        LoanRules {
            max_loan_days: self.max_loan_days,
            min_days_ahead: self.min_days_ahead,
            max_days_ahead: self.max_days_ahead,
            max_active_per_household: self.max_active_per_household,
        }
    }
}

const LOCATION_COLUMNS: &str = "id, name, address, district, contact_email, contact_phone, \
    max_loan_days, min_days_ahead, max_days_ahead, max_active_per_household";

pub async fn locations(conn: &mut AsyncPgConnection) -> Result<Vec<LocationRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "SELECT {LOCATION_COLUMNS} FROM bua_locations ORDER BY name"
    ))
    .load(conn)
    .await?)
}

pub async fn location(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<LocationRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "SELECT {LOCATION_COLUMNS} FROM bua_locations WHERE id = $1"
    ))
    .bind::<SqlUuid, _>(id)
    .get_result(conn)
    .await
    .map(Some)
    .or_else(not_found)?)
}

pub(crate) fn not_found<T>(e: diesel::result::Error) -> Result<Option<T>, diesel::result::Error> {
    match e {
        diesel::result::Error::NotFound => Ok(None),
        e => Err(e),
    }
}

#[derive(Debug, Clone, QueryableByName)]
struct HoursRow {
    #[diesel(sql_type = SqlUuid)]
    location_id: Uuid,
    #[diesel(sql_type = SmallInt)]
    weekday: i16,
    #[diesel(sql_type = Time)]
    opens: NaiveTime,
    #[diesel(sql_type = Time)]
    closes: NaiveTime,
}

#[derive(Debug, Clone, QueryableByName)]
struct ClosedRow {
    #[diesel(sql_type = SqlUuid)]
    location_id: Uuid,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
}

/// The calendars of these locations: weekly hours and closed days from
/// `from` on.
pub async fn calendars(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
    from: NaiveDate,
) -> Result<std::collections::HashMap<Uuid, Calendar>, DbError> {
    let hours: Vec<HoursRow> = diesel::sql_query(
        "SELECT location_id, weekday, opens, closes FROM bua_opening_hours
         WHERE location_id = ANY($1) ORDER BY weekday",
    )
    .bind::<Array<SqlUuid>, _>(ids)
    .load(conn)
    .await?;
    let closed: Vec<ClosedRow> = diesel::sql_query(
        "SELECT location_id, day FROM bua_closed_days
         WHERE location_id = ANY($1) AND day >= $2 ORDER BY day",
    )
    .bind::<Array<SqlUuid>, _>(ids)
    .bind::<Date, _>(from)
    .load(conn)
    .await?;
    let mut out: std::collections::HashMap<Uuid, Calendar> =
        ids.iter().map(|id| (*id, Calendar::default())).collect();
    for h in hours {
        if let Some(c) = out.get_mut(&h.location_id) {
            c.hours.push(OpeningHours {
                weekday: h.weekday,
                opens: h.opens,
                closes: h.closes,
            });
        }
    }
    for d in closed {
        if let Some(c) = out.get_mut(&d.location_id) {
            c.closed.push(d.day);
        }
    }
    Ok(out)
}

/// One location's rules and calendar.
pub async fn rules_and_calendar(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    from: NaiveDate,
) -> Result<Option<(LocationRow, Calendar)>, DbError> {
    let Some(loc) = location(conn, id).await? else {
        return Ok(None);
    };
    let mut cals = calendars(conn, &[id], from).await?;
    let cal = cals.remove(&id).unwrap_or_default();
    Ok(Some((loc, cal)))
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ModelRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub category: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub size_kind: Option<String>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    pub min_age: Option<i16>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    pub max_age: Option<i16>,
    #[diesel(sql_type = SmallInt)]
    pub default_loan_days: i16,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub image_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub image_alt: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// What the catalogue is searched by.
#[derive(Debug, Clone, Default)]
pub struct CatalogueFilter {
    pub location: Option<Uuid>,
    pub categories: Vec<String>,
    pub size: Option<String>,
    pub age: Option<i16>,
    pub text: Option<String>,
    pub model: Option<Uuid>,
    /// Also models with no unit in service matching (administration).
    pub include_unstocked: bool,
}

/// Models with a unit in service matching the filter (or the one asked for
/// by id), by name; each row carries the total.
pub async fn models(
    conn: &mut AsyncPgConnection,
    f: &CatalogueFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<ModelRow>, DbError> {
    let mut q = Prepared::new(
        "SELECT m.id, m.name, m.category, m.description, m.size_kind, m.min_age, m.max_age,
                m.default_loan_days, m.image_id, i.alt AS image_alt, count(*) OVER () AS total
         FROM bua_models m LEFT JOIN images i ON i.id = m.image_id
         WHERE true",
    );
    if !f.categories.is_empty() {
        q = q.and(
            " AND m.category = ANY(",
            Value::Texts(f.categories.clone()),
            ")",
        );
    }
    if let Some(age) = f.age {
        q = q
            .and(
                " AND (m.min_age IS NULL OR m.min_age <= ",
                Value::SmallInt(age),
                ")",
            )
            .and(
                " AND (m.max_age IS NULL OR m.max_age >= ",
                Value::SmallInt(age),
                ")",
            );
    }
    if let Some(text) = &f.text {
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        q = q
            .and(" AND (m.name ILIKE ", Value::Text(pattern.clone()), "")
            .and(" OR m.description ILIKE ", Value::Text(pattern), ")");
    }
    if let Some(id) = f.model {
        // A model asked for by id is shown even before it has units.
        q = q.and(" AND m.id = ", Value::Uuid(id), "");
    } else if !f.include_unstocked {
        // A search lists what can be borrowed.
        q = q.sql(" AND EXISTS (SELECT 1 FROM bua_stock s WHERE s.model_id = m.id AND s.units > 0");
        q = place_and_size(q, "s", f.location, f.size.as_deref()).sql(")");
    }
    Ok(
        q.and(" ORDER BY m.name, m.id LIMIT ", Value::BigInt(limit), "")
            .and(" OFFSET ", Value::BigInt(offset), "")
            .load(conn)
            .await?,
    )
}

/// `AND {alias}.location_id = … AND {alias}.size = …`, for what was asked.
fn place_and_size(
    mut q: Prepared,
    alias: &str,
    location: Option<Uuid>,
    size: Option<&str>,
) -> Prepared {
    if let Some(location) = location {
        q = q.and(
            &format!(" AND {alias}.location_id = "),
            Value::Uuid(location),
            "",
        );
    }
    if let Some(size) = size {
        q = q.and(
            &format!(" AND {alias}.size = "),
            Value::Text(size.to_owned()),
            "",
        );
    }
    q
}

#[derive(Debug, Clone, QueryableByName)]
pub struct SizeRow {
    #[diesel(sql_type = SqlUuid)]
    pub model_id: Uuid,
    /// None when summed over every location.
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub location_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub location_name: Option<String>,
    #[diesel(sql_type = Text)]
    pub size: String,
    #[diesel(sql_type = BigInt)]
    pub units: i64,
    #[diesel(sql_type = BigInt)]
    pub free: i64,
    #[diesel(sql_type = BigInt)]
    pub locations: i64,
}

/// Per model and size (and per location with `per_location`): units in
/// service, how many are free for the whole period `[from, to)`, and at how
/// many locations. A unit out past its return day is not free for any
/// period: nobody knows when it comes back.
///
/// Reads the trigger-kept counts (migration 000011): units in service from
/// `bua_stock`; for one day the units held from `bua_booked_days`, for a
/// longer period the distinct units held from the loans of these models.
/// Either way the units out past their return day are added from the loans.
#[allow(clippy::too_many_arguments)]
pub async fn sizes(
    conn: &mut AsyncPgConnection,
    models: &[Uuid],
    location: Option<Uuid>,
    size: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    per_location: bool,
) -> Result<Vec<SizeRow>, DbError> {
    // Summed over every location, both sides are summed per model and size
    // before they meet (a few rows each instead of one per location).
    let (key, stock, answer) = if per_location {
        (
            "model_id, location_id, size",
            "s.model_id, s.location_id, s.size, s.units, 1 AS locations",
            "SELECT s.model_id, s.location_id, l.name AS location_name, s.size,
                    s.units::bigint AS units, (s.units - coalesce(h.n, 0))::bigint AS free,
                    s.locations::bigint AS locations
             FROM stock s
             LEFT JOIN held h ON (h.model_id, h.location_id, h.size) = (s.model_id, s.location_id, s.size)
             JOIN bua_locations l ON l.id = s.location_id
             ORDER BY l.name, length(s.size), s.size",
        )
    } else {
        (
            "model_id, size",
            "s.model_id, s.size, sum(s.units) AS units, count(*) AS locations",
            "SELECT s.model_id, NULL::uuid AS location_id, NULL::text AS location_name, s.size,
                    s.units::bigint AS units, (s.units - coalesce(h.n, 0))::bigint AS free,
                    s.locations::bigint AS locations
             FROM stock s
             LEFT JOIN held h ON (h.model_id, h.size) = (s.model_id, s.size)
             ORDER BY length(s.size), s.size",
        )
    };
    let blocking = super::BLOCKING;
    // Units out past their return day (few). A loan's model, place and size
    // are its unit's (a hand-out may switch only to a unit of the same);
    // the unit's status is a scalar subquery, run for each of them.
    let mut q = Prepared::new(
        "WITH overdue AS (
             SELECT DISTINCT o.unit_id AS id, o.model_id, o.location_id, o.size
             FROM bua_loans o
             WHERE o.status = 'picked_up'",
    )
    .and(" AND o.return_on < ", Value::Date(today), "")
    .and(" AND o.model_id = ANY(", Value::Uuids(models.to_vec()), ")");
    q = place_and_size(q, "o", location, size).sql(format!(
        " AND (SELECT u.status FROM bua_units u WHERE u.id = o.unit_id) = 'available'
         ), held AS (
             SELECT {key}, sum(n) AS n FROM ("
    ));
    if to == from + Days::new(1) {
        // One day: the exclusion constraint allows one blocking loan per
        // unit and day, so the day's count is a count of distinct units;
        // an overdue unit counts unless a loan of the day holds it already.
        q = q
            .and(
                "SELECT b.model_id, b.location_id, b.size, b.booked AS n
                 FROM bua_booked_days b WHERE b.day = ",
                Value::Date(from),
                "",
            )
            .and(" AND b.model_id = ANY(", Value::Uuids(models.to_vec()), ")");
        q = place_and_size(q, "b", location, size).and(
            &format!(
                " UNION ALL
                 SELECT o.model_id, o.location_id, o.size, 1 FROM overdue o
                 WHERE (SELECT count(*) FROM bua_loans x
                        WHERE x.unit_id = o.id AND x.status IN {blocking} AND x.period @> "
            ),
            Value::Date(from),
            "::date) = 0",
        );
    } else {
        // Longer: the distinct units a loan holds on some day of it.
        q = q
            .and(
                &format!(
                    "SELECT h.model_id, h.location_id, h.size, 1 AS n
                     FROM (SELECT x.unit_id, x.model_id, x.location_id, x.size FROM bua_loans x
                           WHERE x.status IN {blocking} AND x.model_id = ANY("
                ),
                Value::Uuids(models.to_vec()),
                ")",
            )
            .and(" AND x.period && daterange(", Value::Date(from), "::date")
            .and(", ", Value::Date(to), "::date, '[)')");
        q = place_and_size(q, "x", location, size).sql(
            " UNION SELECT o.id, o.model_id, o.location_id, o.size FROM overdue o) h
             WHERE (SELECT u.status FROM bua_units u WHERE u.id = h.unit_id) = 'available'",
        );
    }
    q = q
        .sql(format!(
            ") h GROUP BY {key}
         ), stock AS (
             SELECT {stock} FROM bua_stock s WHERE s.units > 0"
        ))
        .and(" AND s.model_id = ANY(", Value::Uuids(models.to_vec()), ")");
    q = place_and_size(q, "s", location, size);
    if !per_location {
        q = q.sql(" GROUP BY s.model_id, s.size");
    }
    Ok(q.sql(format!(") {answer}")).load(conn).await?)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct DayRow {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub free: i64,
}

/// Free units of a model and size at a location, for each of `days` days
/// from `from`: units in service, less those a loan holds that day and
/// those out past their return day (from the trigger-kept counts, as
/// [`sizes`]).
pub async fn days(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    model: Uuid,
    size: &str,
    from: NaiveDate,
    days: i32,
    today: NaiveDate,
) -> Result<Vec<DayRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "WITH overdue AS (
             SELECT DISTINCT o.unit_id AS id
             FROM bua_loans o
             WHERE o.status = 'picked_up' AND o.return_on < $6
               AND o.location_id = $1 AND o.model_id = $2 AND o.size = $3
               AND (SELECT u.status FROM bua_units u WHERE u.id = o.unit_id) = 'available'
         )
         SELECT d::date AS day,
                coalesce((SELECT s.units FROM bua_stock s
                          WHERE s.model_id = $2 AND s.location_id = $1 AND s.size = $3), 0)
                - coalesce((SELECT b.booked FROM bua_booked_days b
                            WHERE b.model_id = $2 AND b.location_id = $1 AND b.size = $3 AND b.day = d::date), 0)
                - (SELECT count(*) FROM overdue o
                   WHERE (SELECT count(*) FROM bua_loans x
                          WHERE x.unit_id = o.id AND x.status IN {blocking} AND x.period @> d::date) = 0)
                  AS free
         FROM generate_series($4::date, $4::date + ($5 - 1), interval '1 day') AS d",
        blocking = super::BLOCKING
    ))
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(size)
    .bind::<Date, _>(from)
    .bind::<Integer, _>(days)
    .bind::<Date, _>(today)
    .load(conn)
    .await?)
}

/// Forgets the booked counts of days before `today`: availability is only
/// asked from today on (the API moves an earlier day to today).
pub async fn forget_past_days(
    conn: &mut AsyncPgConnection,
    today: NaiveDate,
) -> Result<usize, DbError> {
    Ok(
        diesel::sql_query("DELETE FROM bua_booked_days WHERE day < $1")
            .bind::<Date, _>(today)
            .execute(conn)
            .await?,
    )
}

/// Records "nothing in my size" (no person).
pub async fn record_unmet(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    model: Uuid,
    size: &str,
    district: Option<&str>,
    wanted_on: Option<NaiveDate>,
) -> Result<(), DbError> {
    diesel::sql_query(
        "INSERT INTO bua_unmet_demand (location_id, model_id, category, size, district, wanted_on)
         SELECT $1, m.id, m.category, $3, $4, $5 FROM bua_models m WHERE m.id = $2",
    )
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(model)
    .bind::<Text, _>(size)
    .bind::<Nullable<Text>, _>(district)
    .bind::<Nullable<Date>, _>(wanted_on)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, QueryableByName)]
pub struct UnmetRow {
    #[diesel(sql_type = Text)]
    pub location_name: String,
    #[diesel(sql_type = Text)]
    pub district: String,
    #[diesel(sql_type = Text)]
    pub category: String,
    #[diesel(sql_type = Text)]
    pub model_name: String,
    #[diesel(sql_type = Text)]
    pub size: String,
    #[diesel(sql_type = BigInt)]
    pub requests: i64,
}

/// Unmet demand since `since`, most asked for first; all locations when
/// `location` is none.
pub async fn unmet(
    conn: &mut AsyncPgConnection,
    location: Option<Uuid>,
    since: NaiveDate,
) -> Result<Vec<UnmetRow>, DbError> {
    Ok(diesel::sql_query(
        "SELECT l.name AS location_name, coalesce(d.district, l.district) AS district, d.category,
                coalesce(m.name, '') AS model_name, d.size, count(*) AS requests
         FROM bua_unmet_demand d
         JOIN bua_locations l ON l.id = d.location_id
         LEFT JOIN bua_models m ON m.id = d.model_id
         WHERE ($1::uuid IS NULL OR d.location_id = $1) AND d.recorded_at >= $2
         GROUP BY 1, 2, 3, 4, 5
         ORDER BY requests DESC, 1, 4, 5
         LIMIT 200",
    )
    .bind::<Nullable<SqlUuid>, _>(location)
    .bind::<Date, _>(since)
    .load(conn)
    .await?)
}

/// Whether `user` is lending staff at `location`.
pub async fn is_staff_at(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    location: Uuid,
) -> Result<bool, DbError> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query(
        "SELECT count(*) AS n FROM bua_staff WHERE user_id = $1 AND location_id = $2",
    )
    .bind::<SqlUuid, _>(user)
    .bind::<SqlUuid, _>(location)
    .get_result(conn)
    .await?;
    Ok(n.n > 0)
}

/// The locations where `user` is lending staff.
pub async fn staff_locations(
    conn: &mut AsyncPgConnection,
    user: Uuid,
) -> Result<Vec<Uuid>, DbError> {
    #[derive(QueryableByName)]
    struct L {
        #[diesel(sql_type = SqlUuid)]
        location_id: Uuid,
    }
    let rows: Vec<L> = diesel::sql_query("SELECT location_id FROM bua_staff WHERE user_id = $1")
        .bind::<SqlUuid, _>(user)
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.location_id).collect())
}

#[derive(Debug, Clone, QueryableByName)]
pub struct StaffRow {
    #[diesel(sql_type = SqlUuid)]
    pub user_id: Uuid,
    #[diesel(sql_type = Text)]
    pub display_name: String,
    #[diesel(sql_type = Text)]
    pub email: String,
}

/// The staff of a location, by name.
pub async fn staff(conn: &mut AsyncPgConnection, location: Uuid) -> Result<Vec<StaffRow>, DbError> {
    Ok(diesel::sql_query(
        "SELECT u.id AS user_id, u.display_name, u.email
         FROM bua_staff s JOIN users u ON u.id = s.user_id
         WHERE s.location_id = $1 ORDER BY u.display_name, u.email",
    )
    .bind::<SqlUuid, _>(location)
    .load(conn)
    .await?)
}

/// False when the user was not staff there.
pub async fn remove_staff(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    user: Uuid,
) -> Result<bool, DbError> {
    let n = diesel::sql_query("DELETE FROM bua_staff WHERE location_id = $1 AND user_id = $2")
        .bind::<SqlUuid, _>(location)
        .bind::<SqlUuid, _>(user)
        .execute(conn)
        .await?;
    Ok(n == 1)
}

pub async fn add_staff(
    conn: &mut AsyncPgConnection,
    location: Uuid,
    user: Uuid,
) -> Result<(), DbError> {
    diesel::sql_query(
        "INSERT INTO bua_staff (location_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind::<SqlUuid, _>(location)
    .bind::<SqlUuid, _>(user)
    .execute(conn)
    .await?;
    Ok(())
}
