//! A connection of its own that listens for PostgreSQL notifications
//! (`LISTEN`), for servers that must hear of changes other nodes commit.

use crate::DbError;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use std::time::Duration;

/// The channel notified when something the public activity search shows
/// changed (migration `000016_catalogue_changes`).
pub const CATALOGUE: &str = "fritid_catalogue";

pub struct Listener {
    conn: AsyncPgConnection,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener").finish_non_exhaustive()
    }
}

impl Listener {
    /// Connects and listens on `channel` (a fixed identifier).
    pub async fn connect(database_url: &str, channel: &'static str) -> Result<Self, DbError> {
        let mut conn = AsyncPgConnection::establish(database_url)
            .await
            .map_err(|e| DbError::Pool(e.to_string()))?;
        diesel::sql_query(format!("LISTEN {channel}"))
            .execute(&mut conn)
            .await?;
        Ok(Self { conn })
    }

    /// Waits for the next notification: `Ok(true)` when one came, or after
    /// `quiet` without one, `Ok(false)` once the connection has answered a
    /// query (a dead connection would otherwise be waited on forever).
    /// Notifications that arrive meanwhile are kept for the next call.
    pub async fn next(&mut self, quiet: Duration) -> Result<bool, DbError> {
        {
            let notifications = self.conn.notifications_stream();
            let mut notifications = std::pin::pin!(notifications);
            tokio::select! {
                n = notifications.next() => match n {
                    Some(Ok(_)) => return Ok(true),
                    Some(Err(e)) => return Err(e.into()),
                    None => return Err(DbError::Pool("notifications ended".into())),
                },
                () = tokio::time::sleep(quiet) => {}
            }
        }
        diesel::sql_query("SELECT 1")
            .execute(&mut self.conn)
            .await?;
        Ok(false)
    }

    /// The primary's WAL position now ([`crate::wal::written`]): asked
    /// after a notification, it is past the commit that sent it.
    pub async fn written(&mut self) -> Result<u64, DbError> {
        crate::wal::written(&mut self.conn).await
    }
}
