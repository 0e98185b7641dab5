use crate::DbError;
use diesel_async::pooled_connection::deadpool::{Object, Pool as DeadPool};
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::AsyncPgConnection;
use std::time::Duration;

pub type Pool = DeadPool<AsyncPgConnection>;
pub type PooledConnection = Object<AsyncPgConnection>;

/// Builds a connection pool. Connections are opened lazily; a request that
/// cannot get one within `wait` fails instead of queueing forever.
pub fn connect_pool(database_url: &str, max_size: usize, wait: Duration) -> Result<Pool, DbError> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    DeadPool::builder(manager)
        .max_size(max_size)
        .wait_timeout(Some(wait))
        .create_timeout(Some(wait))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|e| DbError::Pool(e.to_string()))
}
