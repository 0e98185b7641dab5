//! E-mail confirmation links: a registration becomes an account that can
//! log in only when the link sent to the address is opened.

use crate::schema::{email_verifications as ev, users};
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Stores the link for `user_id`, replacing an earlier one (only the newest
/// link works).
pub async fn replace(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    token_hash: &[u8],
    return_to: Option<&str>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::insert_into(ev::table)
        .values((
            ev::user_id.eq(user_id),
            ev::token_hash.eq(token_hash),
            ev::return_to.eq(return_to),
            ev::expires_at.eq(expires_at),
        ))
        .on_conflict(ev::user_id)
        .do_update()
        .set((
            ev::token_hash.eq(token_hash),
            ev::return_to.eq(return_to),
            ev::created_at.eq(diesel::dsl::now),
            ev::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// A link that was opened: whose account, and where the person was going.
#[derive(Debug, Clone)]
pub struct Confirmed {
    pub user_id: Uuid,
    pub return_to: Option<String>,
}

/// Spends the link with this token hash, if it exists and has not run out,
/// and marks the account confirmed. Each link works once.
pub async fn confirm(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> Result<Option<Confirmed>, DbError> {
    let spent: Option<(Uuid, Option<String>)> = diesel::delete(
        ev::table
            .filter(ev::token_hash.eq(token_hash))
            .filter(ev::expires_at.gt(diesel::dsl::now)),
    )
    .returning((ev::user_id, ev::return_to))
    .get_result(conn)
    .await
    .optional()?;
    let Some((user_id, return_to)) = spent else {
        return Ok(None);
    };
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::email_verified_at.is_null()),
    )
    .set(users::email_verified_at.eq(diesel::dsl::now))
    .execute(conn)
    .await?;
    Ok(Some(Confirmed { user_id, return_to }))
}

/// Deletes registrations whose link ran out without being opened; they hold
/// nothing but the address, name and password hash.
pub async fn purge_unconfirmed(conn: &mut AsyncPgConnection) -> Result<usize, DbError> {
    let open_links = ev::table
        .filter(ev::expires_at.gt(diesel::dsl::now))
        .select(ev::user_id);
    Ok(diesel::delete(
        users::table
            .filter(users::email_verified_at.is_null())
            .filter(users::id.ne_all(open_links)),
    )
    .execute(conn)
    .await?)
}
