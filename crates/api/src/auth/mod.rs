//! Authentication: argon2id password hashing, JWT access tokens, opaque
//! rotating refresh tokens, and the extractors that guard handlers.

mod extract;
pub mod jwt;
pub mod password;
pub mod session;

pub use extract::{Admin, AuthUser, Authorized, MaybeUser, RoleGuard};
