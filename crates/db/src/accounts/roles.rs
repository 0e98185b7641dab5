//! Granted roles. `citizen` is implicit and never stored.

use crate::schema::user_roles;
use crate::DbError;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::Role;
use std::collections::HashMap;
use uuid::Uuid;

fn with_citizen(mut stored: Vec<Role>) -> Vec<Role> {
    stored.push(Role::Citizen);
    stored.sort();
    stored.dedup();
    stored
}

fn parse_roles(names: Vec<String>) -> Vec<Role> {
    // The check constraint `user_roles_role_known` keeps unknown names out.
    names.into_iter().filter_map(|n| n.parse().ok()).collect()
}

/// Every role the user holds, `citizen` included, in a stable order.
pub async fn for_user(conn: &mut AsyncPgConnection, user_id: Uuid) -> Result<Vec<Role>, DbError> {
    let names: Vec<String> = user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .select(user_roles::role)
        .load(conn)
        .await?;
    Ok(with_citizen(parse_roles(names)))
}

/// The roles of many users at once (one query for a list page).
pub async fn for_users(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Role>>, DbError> {
    let pairs: Vec<(Uuid, String)> = user_roles::table
        .filter(user_roles::user_id.eq_any(ids))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)
        .await?;
    let mut map: HashMap<Uuid, Vec<String>> = ids.iter().map(|id| (*id, Vec::new())).collect();
    for (id, role) in pairs {
        map.entry(id).or_default().push(role);
    }
    Ok(map
        .into_iter()
        .map(|(id, names)| (id, with_citizen(parse_roles(names))))
        .collect())
}

/// Grants a role; granting a held role changes nothing. Returns whether it was new.
pub async fn grant(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    role: Role,
    by: Option<Uuid>,
) -> Result<bool, DbError> {
    let inserted = diesel::insert_into(user_roles::table)
        .values((
            user_roles::user_id.eq(user_id),
            user_roles::role.eq(role.as_str()),
            user_roles::granted_by.eq(by),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Revokes a role; returns whether the user held it.
pub async fn revoke(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    role: Role,
) -> Result<bool, DbError> {
    let deleted = diesel::delete(user_roles::table.find((user_id, role.as_str())))
        .execute(conn)
        .await?;
    Ok(deleted == 1)
}

/// Locks every holder of `role` and returns their ids. Used so that two
/// administrators revoking each other at once cannot leave no administrator.
pub async fn lock_holders(conn: &mut AsyncPgConnection, role: Role) -> Result<Vec<Uuid>, DbError> {
    Ok(user_roles::table
        .filter(user_roles::role.eq(role.as_str()))
        .select(user_roles::user_id)
        .for_update()
        .load(conn)
        .await?)
}

/// The roles the account holds now, `citizen` included, or `None` when the
/// account no longer exists. Authentication reads this on every request, so
/// a revoked role or a deleted account takes effect at once, whatever a
/// still-valid access token says.
pub async fn current(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> Result<Option<Vec<Role>>, DbError> {
    use crate::schema::users;
    let rows: Vec<Option<String>> = users::table
        .left_join(user_roles::table.on(user_roles::user_id.eq(users::id)))
        .filter(users::id.eq(user_id))
        .select(user_roles::role.nullable())
        .load(conn)
        .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(with_citizen(parse_roles(
        rows.into_iter().flatten().collect(),
    ))))
}
