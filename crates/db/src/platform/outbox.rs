//! The transactional outbox: messages are written in the same transaction
//! as the change that causes them, and sent afterwards by a worker.
//!
//! The worker claims due rows with `FOR UPDATE SKIP LOCKED` and moves their
//! `next_attempt_at` forward by a lease in the same statement, so two
//! workers never hold one row; a worker that dies lets the lease run out and
//! the row is sent by the next.

use crate::schema::outbox;
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Jsonb, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::notification::Template;
use std::time::Duration;
use uuid::Uuid;

/// A message to one user, written in their language to their address.
#[derive(Debug, Clone)]
pub struct Notice {
    pub user_id: Uuid,
    pub template: Template,
    /// What the template fills in (an object).
    pub data: serde_json::Value,
    /// Names the message so that a job running twice writes it once.
    pub dedup_key: Option<String>,
}

/// Writes a message to a user (in their language, to their address). Call
/// inside the transaction of the change that causes it. Returns false when a
/// message with the same `dedup_key` exists already (or the user is gone).
pub async fn enqueue(conn: &mut AsyncPgConnection, notice: &Notice) -> Result<bool, DbError> {
    let n = diesel::sql_query(
        "INSERT INTO outbox (user_id, recipient, template, language, data, essential, send_email, dedup_key)
         SELECT u.id, u.email, $2, u.language, $3, $4, $4 OR u.email_reminders, $5
         FROM users u WHERE u.id = $1
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind::<SqlUuid, _>(notice.user_id)
    .bind::<Text, _>(notice.template.key())
    .bind::<Jsonb, _>(&notice.data)
    .bind::<Bool, _>(notice.template.essential())
    .bind::<Nullable<Text>, _>(notice.dedup_key.as_deref())
    .execute(conn)
    .await?;
    Ok(n == 1)
}

/// Writes a message to an address that may have no account (an invitation,
/// a confirmation link), in `language`. It is not shown on anyone's "Min
/// side". Returns false when a message with the same `dedup_key` exists.
pub async fn enqueue_to_address(
    conn: &mut AsyncPgConnection,
    email: &str,
    language: &str,
    template: Template,
    data: &serde_json::Value,
    dedup_key: Option<&str>,
) -> Result<bool, DbError> {
    let n = diesel::insert_into(outbox::table)
        .values((
            outbox::recipient.eq(email),
            outbox::template.eq(template.key()),
            outbox::language.eq(language),
            outbox::data.eq(data),
            outbox::essential.eq(template.essential()),
            outbox::send_email.eq(true),
            outbox::dedup_key.eq(dedup_key),
        ))
        .on_conflict(outbox::dedup_key)
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(n == 1)
}

/// A message claimed for sending.
#[derive(Debug, Clone, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub recipient: String,
    #[diesel(sql_type = Text)]
    pub template: String,
    #[diesel(sql_type = Text)]
    pub language: String,
    #[diesel(sql_type = Jsonb)]
    pub data: serde_json::Value,
    /// Including this one.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
}

/// Claims up to `limit` due messages for `lease`: nobody else sends them
/// until the lease runs out or they are marked sent or failed.
pub async fn claim_due(
    conn: &mut AsyncPgConnection,
    limit: i64,
    lease: Duration,
) -> Result<Vec<Claimed>, DbError> {
    Ok(diesel::sql_query(
        "UPDATE outbox SET attempts = attempts + 1,
                next_attempt_at = now() + make_interval(secs => $2)
         WHERE id IN (
             SELECT id FROM outbox
             WHERE send_email AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
             ORDER BY next_attempt_at, created_at
             LIMIT $1
             FOR UPDATE SKIP LOCKED)
         RETURNING id, recipient, template, language, data, attempts",
    )
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .bind::<diesel::sql_types::Double, _>(lease.as_secs_f64())
    .load(conn)
    .await?)
}

pub async fn mark_sent(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(diesel::dsl::now),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a failed attempt: tried again after `retry_in`, or given up
/// (`retry_in` = None) with the error kept.
pub async fn mark_failed(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    error: &str,
    retry_in: Option<Duration>,
) -> Result<(), DbError> {
    match retry_in {
        Some(wait) => {
            diesel::sql_query(
                "UPDATE outbox SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3)
                 WHERE id = $1",
            )
            .bind::<SqlUuid, _>(id)
            .bind::<Text, _>(error)
            .bind::<diesel::sql_types::Double, _>(wait.as_secs_f64())
            .execute(conn)
            .await?;
        }
        None => {
            diesel::update(outbox::table.find(id))
                .set((
                    outbox::last_error.eq(error),
                    outbox::failed_at.eq(diesel::dsl::now),
                ))
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

/// A message as stored, for "Min side" and for administrators.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox, check_for_backend(diesel::pg::Pg))]
pub struct OutboxRow {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub recipient: String,
    pub template: String,
    pub language: String,
    pub data: serde_json::Value,
    pub essential: bool,
    pub send_email: bool,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// A user's newest messages, newest first.
pub async fn of_user(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    limit: i64,
) -> Result<Vec<OutboxRow>, DbError> {
    Ok(outbox::table
        .filter(outbox::user_id.eq(user))
        .order((outbox::created_at.desc(), outbox::id.desc()))
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
        .await?)
}

/// Every message, oldest first (for tests and diagnosis).
pub async fn all(conn: &mut AsyncPgConnection) -> Result<Vec<OutboxRow>, DbError> {
    Ok(outbox::table
        .order((outbox::created_at, outbox::id))
        .select(OutboxRow::as_select())
        .load(conn)
        .await?)
}

/// How many messages wait to be e-mailed (due now or later) and how many
/// were given up.
pub async fn backlog(conn: &mut AsyncPgConnection) -> Result<(i64, i64), DbError> {
    let unsent: i64 = outbox::table
        .filter(outbox::send_email)
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .count()
        .get_result(conn)
        .await?;
    let failed: i64 = outbox::table
        .filter(outbox::failed_at.is_not_null())
        .count()
        .get_result(conn)
        .await?;
    Ok((unsent, failed))
}
