//! Password hashing with argon2id at OWASP's recommended parameters
//! (19 MiB, 2 iterations, 1 lane). Hashing runs on the blocking pool, never
//! on the async executor, and a semaphore bounds how many run at once so a
//! burst of logins cannot exhaust memory.

use crate::error::ApiError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

fn hasher() -> Result<Argon2<'static>, ApiError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("argon2 params: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_now(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(anyhow::anyhow!("argon2 hash: {e}")))
}

fn verify_now(password: &str, stored: &str) -> Result<bool, ApiError> {
    let parsed = PasswordHash::new(stored)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored hash unreadable: {e}")))?;
    Ok(hasher()?
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

#[derive(Debug, Clone)]
pub struct PasswordHasherPool {
    permits: Arc<Semaphore>,
    /// A real hash of a random password, verified against when the account
    /// does not exist, so unknown emails cost as much time as known ones.
    dummy_hash: Arc<str>,
}

impl PasswordHasherPool {
    pub fn new(concurrency: usize) -> Result<Self, ApiError> {
        use rand::distributions::{Alphanumeric, DistString};
        let random = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32);
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy_hash: hash_now(&random)?.into(),
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(ApiError::internal)?
    }

    pub async fn hash(&self, password: &str) -> Result<String, ApiError> {
        let password = password.to_owned();
        self.run(move || hash_now(&password)).await
    }

    /// Verifies against the stored hash, or against the dummy hash when
    /// there is no account (and then always answers false).
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool, ApiError> {
        let password = password.to_owned();
        let (hash, real) = match stored {
            Some(h) => (h.to_owned(), true),
            None => (self.dummy_hash.to_string(), false),
        };
        let matches = self.run(move || verify_now(&password, &hash)).await?;
        Ok(real && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_salted_argon2id() {
        let pool = PasswordHasherPool::new(2).unwrap();
        let a = pool.hash("lang-og-hemmelig").await.unwrap();
        let b = pool.hash("lang-og-hemmelig").await.unwrap();
        assert_ne!(a, b, "same password, different salt");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert!(pool.verify("lang-og-hemmelig", Some(&a)).await.unwrap());
        assert!(!pool.verify("feil-passord!!", Some(&a)).await.unwrap());
        assert!(!pool.verify("lang-og-hemmelig", None).await.unwrap());
    }
}
