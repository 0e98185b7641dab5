//! Registration, login, token refresh, logout and the caller's own account.
//!
//! Sessions reach API clients in the JSON body. The web app asks for
//! `?refresh_token_in=cookie`: its refresh token is then set as an HttpOnly,
//! SameSite=Strict cookie scoped to `/api/v1/auth`, so no page script can
//! read it, and a reload can still refresh. (JSON-only endpoints plus
//! SameSite=Strict keep other sites from using the cookie.)

use crate::auth::session;
use crate::auth::{jwt::JwtKeys, AuthUser};
use crate::config::Environment;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::state::AppState;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{get, post, put, web, HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::{Duration, Utc};
use fritid_db::users::{self, NewUser, UserRow};
use fritid_db::{outbox, refresh_tokens, roles, verifications, AsyncConnection, AsyncPgConnection};
use fritid_domain::account::{
    ChangePasswordRequest, ConfirmEmailRequest, EmailConfirmed, LoginRequest, Me, RefreshRequest,
    RegisterRequest, RegistrationAccepted, Session,
};
use fritid_domain::notification::{Preferences, Template};
use fritid_domain::{FieldError, Problem};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub const REFRESH_COOKIE: &str = "fritid_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

/// Where the refresh token of a new session goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefreshTokenIn {
    /// In the JSON body (API clients).
    #[default]
    Body,
    /// In the HttpOnly `fritid_refresh` cookie (the web app).
    Cookie,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// `cookie` puts the refresh token in an HttpOnly cookie instead of the body.
    #[param(value_type = Option<RefreshTokenIn>)]
    pub refresh_token_in: Option<RefreshTokenIn>,
}

pub(crate) fn refresh_cookie(
    state: &AppState,
    value: String,
    max_age: CookieDuration,
) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.environment == Environment::Production)
        .max_age(max_age)
        .finish()
}

/// Moves the session's refresh token into the cookie when asked.
fn refresh_to_cookie(
    builder: &mut HttpResponseBuilder,
    state: &AppState,
    session: &mut Session,
    into: RefreshTokenIn,
) {
    if into == RefreshTokenIn::Cookie {
        if let Some(token) = session.refresh_token.take() {
            let max_age = CookieDuration::seconds(session.refresh_expires_in);
            builder.cookie(refresh_cookie(state, token, max_age));
        }
    }
}

/// Answers with a session, moving the refresh token to the cookie when asked.
fn session_response(
    mut builder: HttpResponseBuilder,
    state: &AppState,
    mut session: Session,
    into: RefreshTokenIn,
) -> HttpResponse {
    refresh_to_cookie(&mut builder, state, &mut session, into);
    builder.json(session)
}

/// The 401 for a token whose account was deleted after it was issued.
pub(crate) fn account_gone() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_token",
        detail: "The account no longer exists.".into(),
        errors: vec![],
    }
}

/// The caller's account as the database holds it now.
pub(crate) async fn current_account(
    conn: &mut AsyncPgConnection,
    user: &AuthUser,
) -> Result<UserRow, ApiError> {
    users::find_by_id(conn, user.id.into_uuid())
        .await?
        .ok_or_else(account_gone)
}

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

/// How long a confirmation link works.
pub const CONFIRMATION_TTL_HOURS: i64 = 48;

/// Register. The answer is the same whether or not the address has an
/// account, so nobody can learn which addresses do: the address's owner is
/// told by e-mail instead. A new address gets a confirmation link; the
/// account can log in once the link is opened (`POST /auth/confirm-email`).
/// An address whose account was never confirmed gets a new link, and the
/// name and password of this registration replace the earlier ones. An
/// address with a confirmed account gets, at most once a day, a note that
/// someone tried to register with it; nothing about the account changes.
#[utoipa::path(
    operation_id = "create_account",
    tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 202, description = "An e-mail is on its way to the address", body = RegistrationAccepted),
        (status = 400, description = "Malformed JSON or unknown fields", body = Problem, content_type = "application/problem+json"),
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
    body: JsonBody<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    state.limits.register(&req)?;
    let account = body.validate()?;
    let password_hash = state.passwords.hash(account.password.expose()).await?;
    let token = session::new_refresh_token();
    let token_hash = session::hash_refresh_token(&token);
    let expires_at = Utc::now() + Duration::hours(CONFIRMATION_TTL_HOURS);
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let email = account.email.as_str();
        let language = account.language.as_str();
        let new = NewUser {
            email,
            display_name: account.display_name.as_str(),
            password_hash: &password_hash,
            language,
            email_verified_at: None,
        };
        let user = match users::insert_if_new(conn, &new).await? {
            Some(user) => user,
            None => {
                let Some(existing) = users::lock_by_email(conn, email).await? else {
                    // Deleted between the insert and the lock: say nothing.
                    return Ok(());
                };
                if existing.email_verified_at.is_some() {
                    let today = Utc::now().date_naive();
                    let sent = outbox::enqueue_to_address(
                        conn,
                        email,
                        &existing.language,
                        Template::AccountExists,
                        &serde_json::json!({ "link_path": "/logg-inn" }),
                        Some(&format!("account_exists:{}:{today}", existing.id)),
                    )
                    .await?;
                    tracing::info!(user_id = %existing.id, told = sent, "registration for a taken address");
                    return Ok(());
                }
                users::update_unconfirmed(
                    conn,
                    existing.id,
                    new.display_name,
                    new.password_hash,
                    language,
                )
                .await?;
                existing
            }
        };
        verifications::replace(
            conn,
            user.id,
            &token_hash,
            account.return_to.as_deref(),
            expires_at,
        )
        .await?;
        outbox::enqueue_to_address(
            conn,
            email,
            language,
            Template::ConfirmEmail,
            &serde_json::json!({
                "display_name": new.display_name,
                "link_path": format!("/bekreft-e-post#{token}"),
            }),
            None,
        )
        .await?;
        tracing::info!(user_id = %user.id, "registration waiting for its confirmation link");
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Accepted().json(RegistrationAccepted {
        email: account.email.as_str().to_owned(),
        expires_in: CONFIRMATION_TTL_HOURS * 3600,
    }))
}

/// Confirm an address with the token from the link in the e-mail. The
/// account can log in from now on, and this answer logs it in. Each link
/// works once, for 48 hours.
#[utoipa::path(
    operation_id = "confirm_email",
    tag = "accounts",
    params(SessionQuery),
    request_body = ConfirmEmailRequest,
    responses(
        (status = 200, description = "Confirmed; a session for the account", body = EmailConfirmed),
        (status = 400, description = "Malformed JSON or unknown fields", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown, used or expired link", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Blank or overlong token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/confirm-email")]
pub async fn confirm_email(
    state: web::Data<AppState>,
    keys: web::Data<JwtKeys>,
    query: web::Query<SessionQuery>,
    body: JsonBody<ConfirmEmailRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.validate()?;
    let token_hash = session::hash_refresh_token(token);
    let refresh_ttl = state.config.refresh_token_ttl;
    let mut conn = state.conn().await?;
    let (mut session, return_to) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            // Unknown, used or expired: nothing to confirm there.
            let confirmed = verifications::confirm(conn, &token_hash)
                .await?
                .ok_or(ApiError::NotFound)?;
            let user = users::find_by_id(conn, confirmed.user_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let session = session::issue(conn, &keys, refresh_ttl, &user, None).await?;
            Ok((session, confirmed.return_to))
        })
        .await?;
    tracing::info!(user_id = %session.user.id, "e-mail confirmed; account created");
    let mut builder = HttpResponse::Ok();
    refresh_to_cookie(
        &mut builder,
        &state,
        &mut session,
        query.refresh_token_in.unwrap_or_default(),
    );
    Ok(builder.json(EmailConfirmed { session, return_to }))
}

/// Log in with email and password.
#[utoipa::path(
    operation_id = "create_session",
    tag = "accounts",
    params(SessionQuery),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = Session),
        (status = 400, description = "Malformed JSON or unknown fields", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Right password, but the address is not confirmed yet (`email_not_confirmed`)", body = Problem, content_type = "application/problem+json"),
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
    query: web::Query<SessionQuery>,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
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
    if user.email_verified_at.is_none() {
        // Only someone who knows the password learns this.
        return Err(ApiError::Forbidden {
            code: "email_not_confirmed",
            detail: "Confirm the e-mail address with the link we sent first; register again for a new link.".into(),
            errors: vec![FieldError::new(
                "email",
                "not_confirmed",
                "is not confirmed yet: open the link in the e-mail we sent",
            )],
        });
    }
    let session = session::issue(
        &mut conn,
        &keys,
        state.config.refresh_token_ttl,
        &user,
        None,
    )
    .await?;
    tracing::info!(user_id = %user.id, "logged in");
    Ok(session_response(
        HttpResponse::Ok(),
        &state,
        session,
        query.refresh_token_in.unwrap_or_default(),
    ))
}

/// Exchange a refresh token (from the body, or else the `fritid_refresh`
/// cookie) for a new session. Each refresh token works once; presenting a
/// used one again ends every session that came from the same login. A token
/// that came in the cookie goes back in the cookie.
#[utoipa::path(
    operation_id = "refresh_session",
    tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new session; the old refresh token is spent", body = Session),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No, unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Blank or overlong token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    keys: web::Data<JwtKeys>,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let cookie = req.cookie(REFRESH_COOKIE);
    let token = body
        .token(cookie.as_ref().map(Cookie::value))?
        .ok_or_else(|| ApiError::Unauthorized {
            code: "invalid_refresh_token",
            detail: "No refresh token in the body or the fritid_refresh cookie; log in.".into(),
            errors: vec![],
        })?;
    let into = if body.refresh_token.is_none() {
        RefreshTokenIn::Cookie
    } else {
        RefreshTokenIn::Body
    };
    let mut conn = state.conn().await?;
    let session = session::rotate(&mut conn, &keys, state.config.refresh_token_ttl, token).await?;
    Ok(session_response(HttpResponse::Ok(), &state, session, into))
}

/// Log out: the refresh token (from the body or the cookie) and every token
/// rotated from the same login stop working, and the cookie is cleared.
/// Answers 204 for unknown or absent tokens too.
#[utoipa::path(
    operation_id = "delete_session",
    tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Blank or overlong token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let cookie = req.cookie(REFRESH_COOKIE);
    if let Some(token) = body.token(cookie.as_ref().map(Cookie::value))? {
        let mut conn = state.conn().await?;
        session::revoke(&mut conn, token).await?;
    }
    let mut builder = HttpResponse::NoContent();
    if cookie.is_some() {
        builder.cookie(refresh_cookie(&state, String::new(), CookieDuration::ZERO));
    }
    Ok(builder.finish())
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
    let row = current_account(&mut conn, &user).await?;
    let roles = roles::for_user(&mut conn, row.id).await?;
    Ok(web::Json(session::me(&row, roles)))
}

/// Set the language (of the web app and of messages) and whether reminders
/// are e-mailed. Essential messages (cancellations, decisions) are always
/// e-mailed; every message is on "Min side" either way.
#[utoipa::path(
    operation_id = "update_preferences",
    tag = "accounts",
    security(("bearer" = [])),
    request_body = Preferences,
    responses(
        (status = 200, description = "The account with the new choices", body = Me),
        (status = 400, description = "Malformed JSON or an unknown language", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/preferences")]
pub async fn update_preferences(
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<Preferences>,
) -> Result<web::Json<Me>, ApiError> {
    let mut conn = state.conn().await?;
    let row = users::set_preferences(
        &mut conn,
        user.id.into_uuid(),
        body.language.as_str(),
        body.email_reminders,
    )
    .await?
    .ok_or_else(account_gone)?;
    let roles = roles::for_user(&mut conn, row.id).await?;
    Ok(web::Json(session::me(&row, roles)))
}

/// Change the caller's password. Every other session of the account is
/// logged out; the answer is a fresh session for this one.
#[utoipa::path(
    operation_id = "update_password",
    tag = "accounts",
    security(("bearer" = [])),
    params(SessionQuery),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Password changed; a new session", body = Session),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The current password is wrong (`incorrect_password`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new password is the current one (`password_unchanged`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password breaks the rules", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/password")]
pub async fn change_password(
    req: HttpRequest,
    user: AuthUser,
    state: web::Data<AppState>,
    keys: web::Data<JwtKeys>,
    query: web::Query<SessionQuery>,
    body: JsonBody<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let row = current_account(&mut conn, &user).await?;
    let new_password = body.validate(&row.email)?;
    state.limits.password_check(&req, &row.email)?;
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
    Ok(session_response(
        HttpResponse::Ok(),
        &state,
        session,
        query.refresh_token_in.unwrap_or_default(),
    ))
}
