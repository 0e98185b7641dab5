use crate::schema::{user_roles, users};
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::Role;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub password_changed_at: DateTime<Utc>,
    /// `nb` or `en`: the web app's language and the messages'.
    pub language: String,
    /// Reminders by e-mail (essential messages are always e-mailed).
    pub email_reminders: bool,
    /// When the owner opened the confirmation link; `None` until then (the
    /// account cannot log in yet).
    pub email_verified_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub language: &'a str,
    /// `None` for a registration waiting for its confirmation link.
    pub email_verified_at: Option<DateTime<Utc>>,
}

/// Inserts an account. A taken email fails with constraint `users_email_key`.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewUser<'_>) -> Result<UserRow, DbError> {
    Ok(diesel::insert_into(users::table)
        .values(new)
        .returning(UserRow::as_returning())
        .get_result(conn)
        .await?)
}

/// Inserts an account unless the email is taken (then `None`; a
/// concurrent insert of the same email waits for the other to finish).
pub async fn insert_if_new(
    conn: &mut AsyncPgConnection,
    new: &NewUser<'_>,
) -> Result<Option<UserRow>, DbError> {
    Ok(diesel::insert_into(users::table)
        .values(new)
        .on_conflict(users::email)
        .do_nothing()
        .returning(UserRow::as_returning())
        .get_result(conn)
        .await
        .optional()?)
}

/// Locks the account with this email for the rest of the transaction.
pub async fn lock_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?)
}

pub async fn find_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

pub async fn find_by_id(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Locks the account row for the rest of the transaction.
pub async fn lock_by_id(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<UserRow>, DbError> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?)
}

pub async fn set_password_hash(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    hash: &str,
) -> Result<(), DbError> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::password_changed_at.eq(diesel::dsl::now),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Filters for the administrators' user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Case-insensitive substring of email or display name.
    pub text: Option<String>,
    /// Only users holding this granted role.
    pub role: Option<Role>,
}

pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// One page of users, ordered by email, with the total over all pages.
pub async fn list(
    conn: &mut AsyncPgConnection,
    filter: &UserFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserRow>, i64), DbError> {
    let build = || {
        let mut q = users::table.into_boxed();
        if let Some(text) = &filter.text {
            let pattern = format!("%{}%", escape_like(text));
            q = q.filter(
                users::email
                    .ilike(pattern.clone())
                    .or(users::display_name.ilike(pattern)),
            );
        }
        if let Some(role) = filter.role {
            if role != Role::Citizen {
                let holders = user_roles::table
                    .filter(user_roles::role.eq(role.as_str()))
                    .select(user_roles::user_id);
                q = q.filter(users::id.eq_any(holders));
            }
        }
        q
    };
    let total: i64 = build().count().get_result(conn).await?;
    let rows = build()
        .order((users::email.asc(), users::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(UserRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Deletes an account; returns whether it existed. Roles and refresh tokens
/// go with it (`ON DELETE CASCADE`).
pub async fn delete(conn: &mut AsyncPgConnection, id: Uuid) -> Result<bool, DbError> {
    Ok(diesel::delete(users::table.find(id)).execute(conn).await? == 1)
}

/// Replaces name, password and language of an account that was never
/// confirmed: until the link is opened the address is nobody's, so the
/// latest registration wins.
pub async fn update_unconfirmed(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    display_name: &str,
    password_hash: &str,
    language: &str,
) -> Result<(), DbError> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set((
        users::display_name.eq(display_name),
        users::password_hash.eq(password_hash),
        users::password_changed_at.eq(diesel::dsl::now),
        users::language.eq(language),
        users::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the person's language and e-mail choice.
pub async fn set_preferences(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    language: &str,
    email_reminders: bool,
) -> Result<Option<UserRow>, DbError> {
    Ok(diesel::update(users::table.find(id))
        .set((
            users::language.eq(language),
            users::email_reminders.eq(email_reminders),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .returning(UserRow::as_returning())
        .get_result(conn)
        .await
        .optional()?)
}
