//! A connection of its own that listens for PostgreSQL notifications
//! (`LISTEN`), for servers that must hear of changes other nodes commit.

use crate::DbError;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use std::time::Duration;
use uuid::Uuid;

/// The channel notified when something the public activity search shows
/// changed (migration `000016_catalogue_changes`).
pub const CATALOGUE: &str = "fritid_catalogue";

/// What a notification on [`CATALOGUE`] says changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueChange {
    /// Anything the search reads: every answer may differ.
    Everything,
    /// Only the places left of these activities (sign-ups, cancellations):
    /// only answers that show them have other counts. `flipped`: one of
    /// them now has free places where it had none, or the other way round,
    /// so answers that filter by free places may show other activities.
    Places { of: Vec<Uuid>, flipped: bool },
}

impl CatalogueChange {
    /// Reads a payload (migration `000020_catalogue_availability`): `a:`
    /// or `f:` (flipped) and comma-separated ids, or anything else for
    /// everything.
    pub fn from_payload(payload: &str) -> Self {
        let (ids, flipped) = match payload.split_at_checked(2) {
            Some(("a:", ids)) => (ids, false),
            Some(("f:", ids)) => (ids, true),
            _ => return Self::Everything,
        };
        ids.split(',')
            .map(|id| id.parse().ok())
            .collect::<Option<Vec<Uuid>>>()
            .filter(|ids| !ids.is_empty())
            .map_or(Self::Everything, |of| Self::Places { of, flipped })
    }
}

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

    /// Waits for the next notification: `Ok(Some(payload))` when one came,
    /// or after `quiet` without one, `Ok(None)` once the connection has
    /// answered a query (a dead connection would otherwise be waited on
    /// forever). Notifications that arrive meanwhile are kept for the next
    /// call.
    pub async fn next(&mut self, quiet: Duration) -> Result<Option<String>, DbError> {
        {
            let notifications = self.conn.notifications_stream();
            let mut notifications = std::pin::pin!(notifications);
            tokio::select! {
                n = notifications.next() => match n {
                    Some(Ok(n)) => return Ok(Some(n.payload)),
                    Some(Err(e)) => return Err(e.into()),
                    None => return Err(DbError::Pool("notifications ended".into())),
                },
                () = tokio::time::sleep(quiet) => {}
            }
        }
        diesel::sql_query("SELECT 1")
            .execute(&mut self.conn)
            .await?;
        Ok(None)
    }

    /// The primary's WAL position now ([`crate::wal::written`]): asked
    /// after a notification, it is past the commit that sent it.
    pub async fn written(&mut self) -> Result<u64, DbError> {
        crate::wal::written(&mut self.conn).await
    }
}

#[cfg(test)]
mod tests {
    use super::CatalogueChange;
    use uuid::Uuid;

    #[test]
    fn a_payload_names_activities_or_means_everything() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        assert_eq!(
            CatalogueChange::from_payload(&format!("a:{a},{b}")),
            CatalogueChange::Places {
                of: vec![a, b],
                flipped: false
            }
        );
        assert_eq!(
            CatalogueChange::from_payload(&format!("f:{a}")),
            CatalogueChange::Places {
                of: vec![a],
                flipped: true
            }
        );
        for payload in [
            "",
            "a:",
            "a:not-an-id",
            &format!("a:{a},"),
            &format!("{a}"),
            "ø",
        ] {
            assert_eq!(
                CatalogueChange::from_payload(payload),
                CatalogueChange::Everything,
                "{payload:?}"
            );
        }
    }
}
