//! The append-only audit log: who did what to whom. The database refuses
//! UPDATE, DELETE and TRUNCATE on it.

use crate::schema::audit_log;
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEvent<'a> {
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Option<String>,
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg))]
pub struct AuditEventRow {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub details: serde_json::Value,
}

pub async fn record(
    conn: &mut AsyncPgConnection,
    event: &NewAuditEvent<'_>,
) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table)
        .values(event)
        .execute(conn)
        .await?;
    Ok(())
}

/// Events about one subject, oldest first.
pub async fn for_subject(
    conn: &mut AsyncPgConnection,
    subject_type: &str,
    subject_id: &str,
) -> Result<Vec<AuditEventRow>, DbError> {
    Ok(audit_log::table
        .filter(audit_log::subject_type.eq(subject_type))
        .filter(audit_log::subject_id.eq(subject_id))
        .order(audit_log::id.asc())
        .select(AuditEventRow::as_select())
        .load(conn)
        .await?)
}

/// Events a user caused, oldest first (for "download my data").
pub async fn by_actor(
    conn: &mut AsyncPgConnection,
    actor: Uuid,
) -> Result<Vec<AuditEventRow>, DbError> {
    Ok(audit_log::table
        .filter(audit_log::actor_id.eq(actor))
        .order(audit_log::id.asc())
        .select(AuditEventRow::as_select())
        .load(conn)
        .await?)
}
