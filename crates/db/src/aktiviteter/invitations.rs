//! Invitations to join an organization, addressed to an e-mail address.

use crate::schema::{organization_invitations as inv, organizations};
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inv, check_for_backend(diesel::pg::Pg))]
pub struct InvitationRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub email: String,
    pub role: String,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub status: String,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Invites `email` (normalised) with `role`, or renews the open invitation
/// to that address (new role, new expiry). Call with the organization's row
/// locked, so two invitations to one address cannot race.
pub async fn invite(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    email: &str,
    role: &str,
    invited_by: Uuid,
    expires_at: DateTime<Utc>,
) -> Result<InvitationRow, DbError> {
    let open = inv::table
        .filter(inv::organization_id.eq(org))
        .filter(inv::email.eq(email))
        .filter(inv::status.eq("pending"));
    let renewed: Option<InvitationRow> = diesel::update(open)
        .set((
            inv::role.eq(role),
            inv::invited_by.eq(invited_by),
            inv::expires_at.eq(expires_at),
        ))
        .returning(InvitationRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    if let Some(row) = renewed {
        return Ok(row);
    }
    Ok(diesel::insert_into(inv::table)
        .values((
            inv::organization_id.eq(org),
            inv::email.eq(email),
            inv::role.eq(role),
            inv::invited_by.eq(invited_by),
            inv::expires_at.eq(expires_at),
        ))
        .returning(InvitationRow::as_returning())
        .get_result(conn)
        .await?)
}

/// How many invitations `inviter` sent since `since` (the rate limit).
pub async fn sent_since(
    conn: &mut AsyncPgConnection,
    inviter: Uuid,
    since: DateTime<Utc>,
) -> Result<i64, DbError> {
    Ok(inv::table
        .filter(inv::invited_by.eq(inviter))
        .filter(inv::created_at.gt(since))
        .count()
        .get_result(conn)
        .await?)
}

/// The open invitations of an organization, newest first.
pub async fn pending_of_organization(
    conn: &mut AsyncPgConnection,
    org: Uuid,
) -> Result<Vec<InvitationRow>, DbError> {
    Ok(inv::table
        .filter(inv::organization_id.eq(org))
        .filter(inv::status.eq("pending"))
        .filter(inv::expires_at.gt(diesel::dsl::now))
        .order(inv::created_at.desc())
        .select(InvitationRow::as_select())
        .load(conn)
        .await?)
}

/// The open, unexpired invitations to `email`, with the organization's name.
pub async fn pending_for_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> Result<Vec<(InvitationRow, String)>, DbError> {
    Ok(inv::table
        .inner_join(organizations::table)
        .filter(inv::email.eq(email))
        .filter(inv::status.eq("pending"))
        .filter(inv::expires_at.gt(diesel::dsl::now))
        .order(inv::created_at.desc())
        .select((InvitationRow::as_select(), organizations::name))
        .load(conn)
        .await?)
}

/// Reads an invitation and locks it until the transaction ends.
pub async fn lock(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<InvitationRow>, DbError> {
    Ok(inv::table
        .find(id)
        .for_update()
        .select(InvitationRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Answers an open invitation: `accepted`, `declined` or `revoked`.
pub async fn answer(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: &str,
) -> Result<InvitationRow, DbError> {
    Ok(
        diesel::update(inv::table.find(id).filter(inv::status.eq("pending")))
            .set((
                inv::status.eq(status),
                inv::answered_at.eq(diesel::dsl::now),
            ))
            .returning(InvitationRow::as_returning())
            .get_result(conn)
            .await?,
    )
}
