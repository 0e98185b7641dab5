//! User administration: list users, grant and revoke roles (admins only).
//! Every role change is written to the audit log in the same transaction.

use crate::auth::{Admin, Authorized};
use crate::error::ApiError;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::{delete, get, put, web};
use fritid_db::audit::{self, NewAuditEvent};
use fritid_db::users::{self, UserFilter, UserRow};
use fritid_db::{roles, AsyncConnection, AsyncPgConnection};
use fritid_domain::account::UserSummary;
use fritid_domain::page::{Page, PageRequest};
use fritid_domain::{FieldError, Problem, Role, UserId, ValidationErrors};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Query parameters of the user list. Numbers arrive as text so a bad
/// value gets an error naming its parameter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListUsersQuery {
    /// Page number, from 1 (at most 1000000).
    #[param(example = 1, value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(example = 20, value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
    /// Part of an email or display name (at most 200 characters, no control characters).
    #[param(
        example = "kari",
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub q: Option<String>,
    /// Only users holding this role.
    #[param(value_type = Option<Role>)]
    pub role: Option<String>,
}

/// A role that administrators grant and revoke. (`citizen` is every
/// account's and cannot be granted or revoked.) Documentation only: the path
/// is parsed as a [`Role`] so `citizen` gets a clear 422.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum GrantableRole {
    Caseworker,
    Approver,
    LendingStaff,
    Admin,
}

fn parse_number(errors: &mut ValidationErrors, field: &str, raw: &Option<String>) -> Option<i64> {
    let raw = raw.as_deref()?;
    match raw.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError::new(field, "invalid", "must be a whole number"));
            None
        }
    }
}

impl ListUsersQuery {
    fn parse(&self) -> Result<(PageRequest, UserFilter), ApiError> {
        let mut errors = ValidationErrors::new();
        let page = parse_number(&mut errors, "page", &self.page);
        let per_page = parse_number(&mut errors, "per_page", &self.per_page);
        let role = match self.role.as_deref() {
            None => None,
            Some(raw) => errors.check(
                raw.parse::<Role>()
                    .map_err(|_| FieldError::new("role", "invalid", "is not a known role")),
            ),
        };
        let text = self
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned);
        if text
            .as_ref()
            .is_some_and(|t| t.chars().any(char::is_control))
        {
            errors.push(FieldError::new(
                "q",
                "invalid",
                "must not contain control characters",
            ));
        }
        if text.as_ref().is_some_and(|t| t.chars().count() > 200) {
            errors.push(FieldError::new(
                "q",
                "too_long",
                "must be at most 200 characters",
            ));
        }
        let page_request = if errors.is_empty() {
            match PageRequest::parse(page, per_page) {
                Ok(p) => Some(p),
                Err(e) => {
                    for err in e.into_errors() {
                        errors.push(err);
                    }
                    None
                }
            }
        } else {
            None
        };
        errors
            .finish(|| Some((page_request?, UserFilter { text, role })))
            .map_err(|e| ApiError::BadRequest {
                code: "invalid_query",
                detail: "One or more query parameters are invalid.".into(),
                errors: e.into_errors(),
            })
    }
}

fn summary(row: UserRow, roles: Vec<Role>) -> UserSummary {
    UserSummary {
        id: UserId(row.id),
        email: row.email,
        display_name: row.display_name,
        roles,
        created_at: row.created_at,
    }
}

async fn load_summary(conn: &mut AsyncPgConnection, id: Uuid) -> Result<UserSummary, ApiError> {
    let row = users::find_by_id(conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let roles = roles::for_user(conn, id).await?;
    Ok(summary(row, roles))
}

/// List user accounts.
#[utoipa::path(
    operation_id = "list_users",
    tag = "users",
    security(("bearer" = [])),
    params(ListUsersQuery),
    responses(
        (status = 200, description = "One page of users, ordered by email", body = Page<UserSummary>),
        (status = 400, description = "Invalid query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    query: web::Query<ListUsersQuery>,
) -> Result<crate::links::Paged<Page<UserSummary>>, ApiError> {
    let (page, filter) = query.parse()?;
    let mut conn = state.conn().await?;
    let (rows, total) = users::list(&mut conn, &filter, page.limit(), page.offset()).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut role_map = roles::for_users(&mut conn, &ids).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let roles = role_map
                .remove(&row.id)
                .unwrap_or_else(|| vec![Role::Citizen]);
            summary(row, roles)
        })
        .collect();
    Ok(crate::links::Paged::new(
        Page::new(items, total, page),
        page.page(),
        page.per_page(),
        total,
    ))
}

/// One user account.
#[utoipa::path(
    operation_id = "get_user",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "User id")),
    responses(
        (status = 200, description = "The user", body = UserSummary),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<UserSummary>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(load_summary(&mut conn, id).await?))
}

fn parse_role_path(id: &str, role: &str) -> Result<(Uuid, Role), ApiError> {
    let id = parse_id("id", id)?;
    let role: Role = role
        .parse()
        .map_err(|_| ApiError::bad_path("role", "is not a known role"))?;
    if !role.is_grantable() {
        return Err(ApiError::validation(
            "role",
            "not_grantable",
            "every account is a citizen; this role cannot be granted or revoked",
        ));
    }
    Ok((id, role))
}

/// Grant a role. Granting a role the user already holds changes nothing.
#[utoipa::path(
    operation_id = "grant_role",
    tag = "users",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "User id"),
        ("role" = GrantableRole, Path, description = "Role to grant"),
    ),
    responses(
        (status = 200, description = "The user with the role", body = UserSummary),
        (status = 400, description = "Bad id or unknown role", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`citizen` cannot be granted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/users/{id}/roles/{role}")]
pub async fn grant_role(
    admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<web::Json<UserSummary>, ApiError> {
    let (id, role) = parse_role_path(&path.0, &path.1)?;
    let actor = admin.user.id.into_uuid();
    let mut conn = state.conn().await?;
    let summary = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let admins = roles::lock_holders(conn, Role::Admin).await?;
            still_admin(&admins, actor)?;
            users::lock_by_id(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if roles::grant(conn, id, role, Some(actor)).await? {
                audit::record(conn, &role_event(actor, "role.grant", id, role)).await?;
                tracing::info!(actor = %actor, user_id = %id, %role, "role granted");
            }
            load_summary(conn, id).await
        })
        .await?;
    Ok(web::Json(summary))
}

/// Revoke a role. The last administrator cannot lose the admin role.
#[utoipa::path(
    operation_id = "revoke_role",
    tag = "users",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "User id"),
        ("role" = GrantableRole, Path, description = "Role to revoke"),
    ),
    responses(
        (status = 200, description = "The user without the role", body = UserSummary),
        (status = 400, description = "Bad id or unknown role", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is the last administrator (`last_admin`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`citizen` cannot be revoked", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/users/{id}/roles/{role}")]
pub async fn revoke_role(
    admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<web::Json<UserSummary>, ApiError> {
    let (id, role) = parse_role_path(&path.0, &path.1)?;
    let actor = admin.user.id.into_uuid();
    let mut conn = state.conn().await?;
    let summary = conn
        .transaction::<_, ApiError, _>(async |conn| {
            // Locking every admin row serialises role changes: an
            // administrator revoked a moment ago cannot act any more, and two
            // revoking each other at once cannot leave none.
            let admins = roles::lock_holders(conn, Role::Admin).await?;
            still_admin(&admins, actor)?;
            users::lock_by_id(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            if role == Role::Admin && admins == [id] {
                return Err(ApiError::Conflict {
                    code: "last_admin",
                    detail: "This is the last administrator; grant the role to someone else first."
                        .into(),
                    errors: vec![FieldError::new(
                        "role",
                        "last_admin",
                        "the last administrator cannot lose the admin role",
                    )],
                });
            }
            if roles::revoke(conn, id, role).await? {
                audit::record(conn, &role_event(actor, "role.revoke", id, role)).await?;
                tracing::info!(actor = %actor, user_id = %id, %role, "role revoked");
            }
            load_summary(conn, id).await
        })
        .await?;
    Ok(web::Json(summary))
}

/// 403 unless `actor` is among the (locked) administrators.
fn still_admin(admins: &[Uuid], actor: Uuid) -> Result<(), ApiError> {
    if admins.contains(&actor) {
        Ok(())
    } else {
        Err(ApiError::Forbidden {
            code: "forbidden",
            detail: "This needs the `admin` role.".into(),
            errors: vec![],
        })
    }
}

fn role_event(actor: Uuid, action: &'static str, user: Uuid, role: Role) -> NewAuditEvent<'static> {
    NewAuditEvent {
        actor_id: Some(actor),
        action,
        subject_type: "user",
        subject_id: Some(user.to_string()),
        details: serde_json::json!({ "role": role.as_str() }),
    }
}
