//! All HTTP to the Fritid API, typed with the shared DTOs of `fritid-domain`.
//!
//! Tokens: the access token lives only in memory (the auth context). The
//! refresh token is an HttpOnly, SameSite=Strict cookie scoped to
//! `/api/v1/auth` (`?refresh_token_in=cookie`): page scripts, including an
//! injected one, cannot read it, and a reload refreshes from it. A call
//! answered with 401 refreshes once and is retried once.

use crate::auth::Auth;
use fritid_domain::account::{ChangePasswordRequest, LoginRequest, RegisterRequest, Session};
use fritid_domain::Problem;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The service could not be reached.
    Network,
    /// The service answered with a problem.
    Problem(Problem),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(p) => Some(p.status),
            ApiError::Network => None,
        }
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Network);
    }
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiError::Problem(problem)),
        Err(_) => Err(ApiError::Problem(Problem {
            type_: "about:blank".into(),
            title: format!("HTTP {status}"),
            status,
            detail: None,
            code: "unexpected".into(),
            request_id: None,
            errors: vec![],
        })),
    }
}

async fn send<T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let request = match body {
        Some(body) => builder.json(body).map_err(|_| ApiError::Network)?,
        None => builder.build().map_err(|_| ApiError::Network)?,
    };
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

async fn send_empty(builder: RequestBuilder, body: &impl Serialize) -> Result<(), ApiError> {
    let response = builder
        .json(body)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        read::<serde_json::Value>(response).await.map(|_| ())
    }
}

fn bearer(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

pub async fn login(body: &LoginRequest) -> Result<Session, ApiError> {
    send(
        Request::post("/api/v1/auth/login?refresh_token_in=cookie"),
        Some(body),
    )
    .await
}

pub async fn register(body: &RegisterRequest) -> Result<Session, ApiError> {
    send(
        Request::post("/api/v1/auth/register?refresh_token_in=cookie"),
        Some(body),
    )
    .await
}

/// A new session from the refresh cookie (after a reload, or on a 401).
pub async fn refresh() -> Result<Session, ApiError> {
    send(
        Request::post("/api/v1/auth/refresh"),
        Some(&serde_json::json!({})),
    )
    .await
}

pub async fn logout() -> Result<(), ApiError> {
    send_empty(Request::post("/api/v1/auth/logout"), &serde_json::json!({})).await
}

/// Runs an authenticated call; on 401 refreshes once and retries once.
async fn authed<T, F, Fut>(auth: Auth, call: F) -> Result<T, ApiError>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let token = auth.access_token().unwrap_or_default();
    match call(token).await {
        Err(e) if e.status() == Some(401) => match refresh().await {
            Ok(session) => {
                let token = session.access_token.clone();
                auth.set_session(session);
                call(token).await
            }
            Err(_) => {
                auth.clear();
                Err(e)
            }
        },
        other => other,
    }
}

pub async fn change_password(auth: Auth, body: ChangePasswordRequest) -> Result<Session, ApiError> {
    authed(auth, move |token| {
        let body = body.clone();
        async move {
            send(
                bearer(
                    Request::put("/api/v1/me/password?refresh_token_in=cookie"),
                    &token,
                ),
                Some(&body),
            )
            .await
        }
    })
    .await
}
