//! Registration, login, token refresh, logout and the caller's own account.

use crate::auth::session;
use crate::auth::{jwt::JwtKeys, AuthUser};
use crate::error::{ApiError, OnConstraint};
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use fritid_db::users::{self, NewUser};
use fritid_db::{refresh_tokens, roles, AsyncConnection};
use fritid_domain::account::{
    ChangePasswordRequest, LoginRequest, Me, RefreshRequest, RegisterRequest, Session,
};
use fritid_domain::{FieldError, Problem};

fn invalid_credentials() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_credentials",
        detail: "The email or password is wrong.".into(),
        errors: vec![FieldError::new(
            "password",
            "invalid_credentials",
            "the email or password is wrong",
        )],
    }
}

/// Create an account. The new user is logged in at once.
#[utoipa::path(
    operation_id = "create_account",
    tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; a session for it", body = Session),
        (status = 400, description = "Malformed JSON or unknown fields", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The email is taken (`email_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many registrations from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    keys: web::Data<JwtKeys>,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    state.limits.register(&req)?;
    let account = body.validate()?;
    let password_hash = state.passwords.hash(account.password.expose()).await?;
    let mut conn = state.conn().await?;
    let refresh_ttl = state.config.refresh_token_ttl;
    let session = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let new = NewUser {
                email: account.email.as_str(),
                display_name: account.display_name.as_str(),
                password_hash: &password_hash,
            };
            let user = users::insert(conn, &new)
                .await
                .on_constraint("users_email_key", || ApiError::Conflict {
                    code: "email_taken",
                    detail: "An account with this email already exists.".into(),
                    errors: vec![FieldError::new("email", "taken", "is already registered")],
                })?;
            session::issue(conn, &keys, refresh_ttl, &user, None).await
        })
        .await?;
    tracing::info!(user_id = %session.user.id, "account created");
    Ok(HttpResponse::Created()
        .insert_header(("Location", "/api/v1/me"))
        .json(session))
}

/// Log in with email and password.
#[utoipa::path(
    operation_id = "create_session",
    tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = Session),
        (status = 400, description = "Malformed JSON or unknown fields", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    keys: web::Data<JwtKeys>,
    body: web::Json<LoginRequest>,
) -> Result<web::Json<Session>, ApiError> {
    let email = body.validate()?;
    state.limits.login(&req, email.as_str())?;
    let mut conn = state.conn().await?;
    let user = users::find_by_email(&mut conn, email.as_str()).await?;
    let ok = state
        .passwords
        .verify(
            &body.password,
            user.as_ref().map(|u| u.password_hash.as_str()),
        )
        .await?;
    let Some(user) = user.filter(|_| ok) else {
        tracing::info!("login failed");
        return Err(invalid_credentials());
    };
    let session = session::issue(
        &mut conn,
        &keys,
        state.config.refresh_token_ttl,
        &user,
        None,
    )
    .await?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok(web::Json(session))
}

/// Exchange a refresh token for a new session. Each refresh token works
/// once; presenting a used one again ends every session that came from the
/// same login.
#[utoipa::path(
    operation_id = "refresh_session",
    tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new session; the old refresh token is spent", body = Session),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    keys: web::Data<JwtKeys>,
    body: web::Json<RefreshRequest>,
) -> Result<web::Json<Session>, ApiError> {
    let token = body.validate()?;
    let mut conn = state.conn().await?;
    let session = session::rotate(&mut conn, &keys, state.config.refresh_token_ttl, token).await?;
    Ok(web::Json(session))
}

/// Log out: the refresh token and every token rotated from the same login
/// stop working. Answers 204 for unknown tokens too.
#[utoipa::path(
    operation_id = "delete_session",
    tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.validate()?;
    let mut conn = state.conn().await?;
    session::revoke(&mut conn, token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in user's account.
#[utoipa::path(
    operation_id = "get_me",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's account", body = Me),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn get_me(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<Me>, ApiError> {
    let mut conn = state.conn().await?;
    let Some(row) = users::find_by_id(&mut conn, user.id.into_uuid()).await? else {
        return Err(ApiError::Unauthorized {
            code: "invalid_token",
            detail: "The account no longer exists.".into(),
            errors: vec![],
        });
    };
    let roles = roles::for_user(&mut conn, row.id).await?;
    Ok(web::Json(session::me(&row, roles)))
}

/// Change the caller's password. Every other session of the account is
/// logged out; the answer is a fresh session for this one.
#[utoipa::path(
    operation_id = "update_password",
    tag = "accounts",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Password changed; a new session", body = Session),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The current password is wrong (`incorrect_password`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new password is the current one (`password_unchanged`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password breaks the rules", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/password")]
pub async fn change_password(
    user: AuthUser,
    state: web::Data<AppState>,
    keys: web::Data<JwtKeys>,
    body: web::Json<ChangePasswordRequest>,
) -> Result<web::Json<Session>, ApiError> {
    let mut conn = state.conn().await?;
    let Some(row) = users::find_by_id(&mut conn, user.id.into_uuid()).await? else {
        return Err(ApiError::Unauthorized {
            code: "invalid_token",
            detail: "The account no longer exists.".into(),
            errors: vec![],
        });
    };
    let new_password = body.validate(&row.email)?;
    state.limits.password_check(&row.email)?;
    if !state
        .passwords
        .verify(&body.current_password, Some(&row.password_hash))
        .await?
    {
        // 403, not 401: the caller is authenticated, the re-check of the
        // password failed, and a client must not answer it by refreshing.
        return Err(ApiError::Forbidden {
            code: "incorrect_password",
            detail: "The current password is wrong.".into(),
            errors: vec![FieldError::new(
                "current_password",
                "incorrect",
                "is not the current password",
            )],
        });
    }
    if body.is_unchanged() {
        return Err(ApiError::Conflict {
            code: "password_unchanged",
            detail: "The new password is the current password.".into(),
            errors: vec![FieldError::new(
                "new_password",
                "unchanged",
                "is the current password",
            )],
        });
    }
    let hash = state.passwords.hash(new_password.expose()).await?;
    let refresh_ttl = state.config.refresh_token_ttl;
    let session = conn
        .transaction::<_, ApiError, _>(async |conn| {
            users::set_password_hash(conn, row.id, &hash).await?;
            let revoked = refresh_tokens::revoke_all_for_user(conn, row.id).await?;
            tracing::info!(user_id = %row.id, revoked, "password changed; sessions revoked");
            session::issue(conn, &keys, refresh_ttl, &row, None).await
        })
        .await?;
    Ok(web::Json(session))
}
