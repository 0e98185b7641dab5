//! Fritid persistence on PostgreSQL.
//!
//! Query functions take a connection (`&mut AsyncPgConnection`) so the same
//! function runs alone or inside a transaction, and they return [`DbError`],
//! never HTTP errors. Rules that must hold under concurrency are enforced
//! here by constraints, transactions and row locks.

pub mod activities;
pub mod audit;
mod error;
pub mod migrate;
pub mod organizations;
pub mod pool;
pub mod reference;
pub mod refresh_tokens;
pub mod roles;
pub mod schema;
pub mod search;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod users;

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
