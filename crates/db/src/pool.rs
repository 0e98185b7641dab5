use crate::DbError;
use diesel_async::pooled_connection::deadpool::{Object, Pool as DeadPool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::AsyncPgConnection;
use std::time::Duration;

pub type Pool = DeadPool<AsyncPgConnection>;
pub type PooledConnection = Object<AsyncPgConnection>;

/// Set on every new connection (and on the benchmarks' pgbench runs, which
/// replay this service's SQL: `bench/loadlib.py`).
///
/// JIT compilation off: it pays off for long analytical queries, but for
/// this service's short ones (the BUA availability search crossed its cost
/// threshold) compiling took longer than running (bench/bua-load).
///
/// No parallel workers: a weekend activity search ran in 12.2 ms with two
/// of them for one of its counts and in 6.7 ms without, and under load
/// every core is already busy with another request.
const SESSION_SETTINGS: &str = "SET jit = off; SET max_parallel_workers_per_gather = 0";

/// Builds a connection pool. Connections are opened lazily; a request that
/// cannot get one within `wait` fails instead of queueing forever.
///
/// A connection handed back is reused without a `SELECT 1` first (the
/// "fast" recycling deadpool-postgres also defaults to): that test cost a
/// round trip on every request, and a connection that does fail is marked
/// broken by Diesel and dropped from the pool.
///
/// Each connection starts with [`SESSION_SETTINGS`].
pub fn connect_pool(database_url: &str, max_size: usize, wait: Duration) -> Result<Pool, DbError> {
    let mut config = ManagerConfig::default();
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(|url| {
        let url = url.to_owned();
        Box::pin(async move {
            use diesel_async::{AsyncConnection, SimpleAsyncConnection};
            let mut conn = AsyncPgConnection::establish(&url).await?;
            conn.batch_execute(SESSION_SETTINGS)
                .await
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(conn)
        })
    });
    let manager =
        AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(database_url, config);
    DeadPool::builder(manager)
        .max_size(max_size)
        .wait_timeout(Some(wait))
        .create_timeout(Some(wait))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|e| DbError::Pool(e.to_string()))
}
