//! Authentication and authorization as extractors: a handler that takes an
//! [`AuthUser`] only runs with a valid access token of an account that still
//! exists; one that takes `Authorized<Admin>` only runs for administrators.
//!
//! The token proves who the caller is; what the caller may do comes from the
//! roles the database holds now (one indexed query per authenticated
//! request). The token's `roles` claim only shapes the web app's menus, so a
//! revoked role or a deleted account takes effect on the next request, not
//! when the token expires.

use super::jwt::{JwtKeys, TokenError};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use fritid_domain::{Role, UserId};
use futures_util::future::LocalBoxFuture;
use std::marker::PhantomData;

/// The caller, from a valid `Authorization: Bearer` access token, with the
/// roles the database holds for the account now.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: UserId,
    pub roles: Vec<Role>,
}

impl AuthUser {
    pub fn has(&self, role: Role) -> bool {
        role == Role::Citizen || self.roles.contains(&role)
    }
}

fn unauthenticated(detail: &str) -> ApiError {
    ApiError::Unauthorized {
        code: "unauthenticated",
        detail: detail.into(),
        errors: vec![],
    }
}

/// Who the token says the caller is (signature, expiry, issuer, audience).
fn verify_token(req: &HttpRequest) -> Result<UserId, ApiError> {
    let keys = req
        .app_data::<web::Data<JwtKeys>>()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("JwtKeys missing from app data")))?;
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(|| {
        unauthenticated("Log in and send the access token as `Authorization: Bearer <token>`.")
    })?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unauthenticated("The Authorization header must be `Bearer <token>`."))?;
    match keys.verify(token) {
        Ok(claims) => Ok(claims.sub),
        Err(TokenError::Expired) => Err(ApiError::Unauthorized {
            code: "token_expired",
            detail: "The access token has expired; refresh it.".into(),
            errors: vec![],
        }),
        Err(TokenError::Invalid) => Err(ApiError::Unauthorized {
            code: "invalid_token",
            detail: "The access token is not valid.".into(),
            errors: vec![],
        }),
    }
}

/// A verified token of an account that exists now, with its current roles.
fn authenticate(req: &HttpRequest) -> LocalBoxFuture<'static, Result<AuthUser, ApiError>> {
    let verified = verify_token(req);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    Box::pin(async move {
        let id = verified?;
        let state = state
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState missing from app data")))?;
        let mut conn = state.conn().await?;
        match fritid_db::roles::current(&mut conn, id.into_uuid()).await? {
            Some(roles) => Ok(AuthUser { id, roles }),
            None => Err(ApiError::Unauthorized {
                code: "invalid_token",
                detail: "The account of this access token no longer exists.".into(),
                errors: vec![],
            }),
        }
    })
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        authenticate(req)
    }
}

/// The caller if a token was sent: public reads show more to members.
/// No `Authorization` header is an anonymous caller; a bad token is still 401.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<AuthUser>);

impl FromRequest for MaybeUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if req.headers().contains_key(header::AUTHORIZATION) {
            let user = authenticate(req);
            Box::pin(async move { Ok(MaybeUser(Some(user.await?))) })
        } else {
            Box::pin(std::future::ready(Ok(MaybeUser(None))))
        }
    }
}

/// A role a handler requires.
pub trait RoleGuard {
    const ROLE: Role;
}

/// Administrators of the municipality.
#[derive(Debug)]
pub struct Admin;
impl RoleGuard for Admin {
    const ROLE: Role = Role::Admin;
}

/// An authenticated caller who holds `R::ROLE` in the database now: 401
/// without a valid token, 403 when the account lacks the role (whatever the
/// token's claims say).
#[derive(Debug)]
pub struct Authorized<R: RoleGuard> {
    pub user: AuthUser,
    _role: PhantomData<R>,
}

impl<R: RoleGuard + 'static> FromRequest for Authorized<R> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = authenticate(req);
        Box::pin(async move {
            let user = user.await?;
            if user.has(R::ROLE) {
                Ok(Authorized {
                    user,
                    _role: PhantomData,
                })
            } else {
                Err(ApiError::Forbidden {
                    code: "forbidden",
                    detail: format!("This needs the `{}` role.", R::ROLE.as_str()),
                    errors: vec![],
                })
            }
        })
    }
}
