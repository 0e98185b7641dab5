//! Authentication and authorization as extractors: a handler that takes an
//! [`AuthUser`] only runs with a valid access token; one that takes
//! `Authorized<Admin>` only runs for administrators.

use super::jwt::{JwtKeys, TokenError};
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use fritid_domain::{Role, UserId};
use std::future::{ready, Ready};
use std::marker::PhantomData;

/// The caller, from a valid `Authorization: Bearer` access token.
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

fn authenticate(req: &HttpRequest) -> Result<AuthUser, ApiError> {
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
        Ok(claims) => Ok(AuthUser {
            id: claims.sub,
            roles: claims.roles,
        }),
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

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

/// The caller if a token was sent: public reads show more to members.
/// No `Authorization` header is an anonymous caller; a bad token is still 401.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<AuthUser>);

impl FromRequest for MaybeUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if req.headers().contains_key(header::AUTHORIZATION) {
            ready(authenticate(req).map(|u| MaybeUser(Some(u))))
        } else {
            ready(Ok(MaybeUser(None)))
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

/// An authenticated caller who holds `R::ROLE`: 401 without a valid token,
/// 403 with one that lacks the role.
#[derive(Debug)]
pub struct Authorized<R: RoleGuard> {
    pub user: AuthUser,
    _role: PhantomData<R>,
}

impl<R: RoleGuard> FromRequest for Authorized<R> {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|user| {
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
        }))
    }
}
