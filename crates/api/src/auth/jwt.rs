//! Short-lived JWT access tokens (HS256, algorithm pinned when verifying).

use crate::config::{JWT_AUDIENCE, JWT_ISSUER};
use fritid_domain::{Role, UserId};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: UserId,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the access token has expired")]
    Expired,
    #[error("the access token is not valid")]
    Invalid,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: Arc<EncodingKey>,
    decoding: Arc<DecodingKey>,
    validation: Arc<Validation>,
    ttl: Duration,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[JWT_ISSUER]);
        validation.set_audience(&[JWT_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: Arc::new(EncodingKey::from_secret(secret)),
            decoding: Arc::new(DecodingKey::from_secret(secret)),
            validation: Arc::new(validation),
            ttl,
        }
    }

    /// The keys the configuration describes.
    pub fn from_config(config: &crate::config::Config) -> Self {
        Self::new(
            config.jwt_secret.expose().as_bytes(),
            config.access_token_ttl,
        )
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn issue(
        &self,
        user: UserId,
        roles: &[Role],
        now: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: user,
            iat: now,
            exp: now + self.ttl.as_secs() as i64,
            iss: JWT_ISSUER.into(),
            aud: JWT_AUDIENCE.into(),
            roles: roles.to_vec(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn keys() -> JwtKeys {
        JwtKeys::new(
            b"0123456789abcdef0123456789abcdef",
            Duration::from_secs(900),
        )
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn issued_tokens_verify_with_their_claims() {
        let user = UserId(uuid::Uuid::new_v4());
        let token = keys()
            .issue(user, &[Role::Citizen, Role::Admin], now())
            .unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!(claims.sub, user);
        assert_eq!(claims.roles, [Role::Citizen, Role::Admin]);
        assert_eq!(claims.exp - claims.iat, 900);
        assert_eq!(
            (claims.iss.as_str(), claims.aud.as_str()),
            ("fritid", "fritid-api")
        );
    }

    #[test]
    fn expired_tokens_are_rejected_as_expired() {
        let token = keys()
            .issue(UserId(uuid::Uuid::new_v4()), &[], now() - 3600)
            .unwrap();
        assert_eq!(keys().verify(&token), Err(TokenError::Expired));
    }

    #[test]
    fn other_keys_and_the_none_algorithm_are_rejected() {
        let token = keys()
            .issue(UserId(uuid::Uuid::new_v4()), &[], now())
            .unwrap();
        let other = JwtKeys::new(
            b"another-secret-another-secret-xx",
            Duration::from_secs(900),
        );
        assert_eq!(other.verify(&token), Err(TokenError::Invalid));

        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload = token.split('.').nth(1).unwrap();
        let unsigned = format!(
            "{}.{}.",
            b64.encode(r#"{"alg":"none","typ":"JWT"}"#),
            payload
        );
        assert_eq!(keys().verify(&unsigned), Err(TokenError::Invalid));
    }
}
