//! Sessions: an access token plus an opaque refresh token. Refresh tokens
//! are 256 random bits, stored only as SHA-256 hashes, single-use: each
//! refresh marks the old token used and issues a new one in the same
//! family. A used token presented again means it was copied, so the whole
//! family is revoked.

use super::jwt::JwtKeys;
use crate::error::ApiError;
use base64::Engine;
use chrono::Utc;
use fritid_db::refresh_tokens::{self, NewRefreshToken};
use fritid_db::users::UserRow;
use fritid_db::{roles, AsyncConnection, AsyncPgConnection, DbError};
use fritid_domain::account::{Me, Session};
use fritid_domain::notification::Language;
use fritid_domain::{Role, UserId};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::time::Duration;
use uuid::Uuid;

pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_refresh_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

pub fn me(user: &UserRow, roles: Vec<Role>) -> Me {
    Me {
        id: UserId(user.id),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        roles,
        created_at: user.created_at,
        language: Language::parse(&user.language).unwrap_or_default(),
        email_reminders: user.email_reminders,
    }
}

/// Issues a session for `user`, storing the refresh token in `family`
/// (a new family on login). Runs on the caller's connection, so it can be
/// part of a larger transaction.
pub async fn issue(
    conn: &mut AsyncPgConnection,
    keys: &JwtKeys,
    refresh_ttl: Duration,
    user: &UserRow,
    family: Option<Uuid>,
) -> Result<Session, ApiError> {
    let roles = roles::for_user(conn, user.id).await?;
    let now = Utc::now();
    let access_token = keys
        .issue(UserId(user.id), &roles, now.timestamp())
        .map_err(ApiError::internal)?;
    let refresh_token = new_refresh_token();
    let hash = hash_refresh_token(&refresh_token);
    let ttl = chrono::Duration::from_std(refresh_ttl).map_err(ApiError::internal)?;
    refresh_tokens::insert(
        conn,
        &NewRefreshToken {
            user_id: user.id,
            family_id: family.unwrap_or_else(Uuid::new_v4),
            token_hash: &hash,
            expires_at: now + ttl,
        },
    )
    .await?;
    Ok(Session {
        access_token,
        token_type: "Bearer".into(),
        expires_in: keys.ttl().as_secs() as i64,
        refresh_token: Some(refresh_token),
        refresh_expires_in: refresh_ttl.as_secs() as i64,
        user: me(user, roles),
    })
}

enum Rotation {
    Issued(Box<Session>),
    Rejected {
        code: &'static str,
        detail: &'static str,
    },
}

fn rejected(code: &'static str, detail: &'static str) -> ApiError {
    ApiError::Unauthorized {
        code,
        detail: detail.into(),
        errors: vec![],
    }
}

/// Exchanges a refresh token for a new session.
pub async fn rotate(
    conn: &mut AsyncPgConnection,
    keys: &JwtKeys,
    refresh_ttl: Duration,
    token: &str,
) -> Result<Session, ApiError> {
    let hash = hash_refresh_token(token);
    // The transaction commits on every outcome that is not an error, so a
    // family revoked because of reuse stays revoked.
    let outcome = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let Some(row) = refresh_tokens::lock_by_hash(conn, &hash).await? else {
                return Ok(Rotation::Rejected { code: "invalid_refresh_token", detail: "The refresh token is not known." });
            };
            if row.revoked_at.is_some() {
                return Ok(Rotation::Rejected { code: "invalid_refresh_token", detail: "The refresh token has been revoked." });
            }
            if row.used_at.is_some() {
                let revoked = refresh_tokens::revoke_family(conn, row.family_id).await?;
                tracing::warn!(user_id = %row.user_id, revoked, "refresh token reused; session family revoked");
                return Ok(Rotation::Rejected {
                    code: "refresh_token_reused",
                    detail: "The refresh token was already used; log in again.",
                });
            }
            if row.expires_at <= Utc::now() {
                return Ok(Rotation::Rejected { code: "invalid_refresh_token", detail: "The refresh token has expired." });
            }
            let Some(user) = fritid_db::users::find_by_id(conn, row.user_id).await? else {
                return Ok(Rotation::Rejected { code: "invalid_refresh_token", detail: "The account no longer exists." });
            };
            refresh_tokens::mark_used(conn, row.id).await?;
            let session = issue(conn, keys, refresh_ttl, &user, Some(row.family_id)).await?;
            Ok(Rotation::Issued(Box::new(session)))
        })
        .await?;
    match outcome {
        Rotation::Issued(session) => Ok(*session),
        Rotation::Rejected { code, detail } => Err(rejected(code, detail)),
    }
}

/// Revokes the family of a refresh token (logout). Unknown tokens are ignored.
pub async fn revoke(conn: &mut AsyncPgConnection, token: &str) -> Result<(), DbError> {
    let hash = hash_refresh_token(token);
    conn.transaction::<_, DbError, _>(async |conn| {
        if let Some(row) = refresh_tokens::lock_by_hash(conn, &hash).await? {
            refresh_tokens::revoke_family(conn, row.family_id).await?;
        }
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_tokens_are_long_random_and_hash_stably() {
        let a = new_refresh_token();
        let b = new_refresh_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes, base64url without padding");
        assert_eq!(hash_refresh_token(&a), hash_refresh_token(&a));
        assert_eq!(hash_refresh_token(&a).len(), 32);
    }
}
