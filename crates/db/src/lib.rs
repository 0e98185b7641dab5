//! Fritid persistence on PostgreSQL.
//!
//! Query functions take a connection (`&mut AsyncPgConnection`) so the same
//! function runs alone or inside a transaction, and they return [`DbError`],
//! never HTTP errors. Rules that must hold under concurrency are enforced
//! here by constraints, transactions and row locks.

pub mod accounts;
pub mod aktiviteter;
pub mod bamsefondet;
pub mod bua;
mod error;
pub mod migrate;
pub mod platform;
pub mod pool;
pub mod schema;
#[cfg(feature = "test-support")]
pub mod test_support;

// Each area lives in its own folder; its modules are also reachable from the
// crate root (`fritid_db::activities`) so call sites stay short.
pub use accounts::{refresh_tokens, roles, users, verifications};
pub use aktiviteter::{
    activities, invitations, notices, organizations, pages, search, search_text,
};
pub use platform::{audit, images, jobs, listener, outbox, reference, wal};

pub use diesel_async::AsyncPgConnection;
pub use error::DbError;
pub use pool::{connect_pool, Pool, PooledConnection};

pub use diesel::result::Error as DieselError;
pub use diesel_async::AsyncConnection;

/// Checks that the database answers.
pub async fn ping(conn: &mut AsyncPgConnection) -> Result<(), DbError> {
    use diesel_async::RunQueryDsl;
    diesel::sql_query("SELECT 1").execute(conn).await?;
    Ok(())
}
