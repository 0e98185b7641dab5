//! A connection of its own that listens for PostgreSQL notifications
//! (`LISTEN`), for servers that must hear of changes other nodes commit.

use crate::DbError;
use diesel::sql_types::{Nullable, Text};
use diesel::QueryableByName;
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
    /// Only what the results of these activities show: their places left
    /// (a sign-up, a cancellation) or an edit of what no kept answer
    /// filters or sorts by (a title, a description, the sign-up window).
    /// The answers that show one of them have other rows; the others stay
    /// the same, except that
    /// - `flipped`: one of them now has free places where it had none, or
    ///   the other way round, so answers that filter by free places may
    ///   show other activities;
    /// - `words`: what changed of their words searched (and title), so
    ///   answers to a free text may find or rank other activities.
    Rows {
        of: Vec<Uuid>,
        flipped: bool,
        words: Words,
    },
}

/// What a change did to the words searched of the activities it names
/// (`search_words`, the full-text vector and the title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Words {
    /// Nothing.
    Same,
    /// They changed; these words (split at white space) are in the old
    /// `search_words` and not the new, or the other way round. A pattern
    /// that none of them contains matches the activities before and after
    /// alike.
    Changed(Vec<String>),
    /// They changed, which words is not known.
    Unknown,
}

impl Words {
    /// Both changes as one.
    fn and(self, other: Self) -> Self {
        match (self, other) {
            (Self::Same, w) | (w, Self::Same) => w,
            (Self::Changed(a), Self::Changed(b)) => Self::Changed(union(a, b)),
            _ => Self::Unknown,
        }
    }
}

impl CatalogueChange {
    /// Reads a payload (migrations `000020_catalogue_availability` and
    /// `000021_catalogue_edits`): flags (`a` for none, `f` flipped, `t`
    /// words), `:`, comma-separated ids, and with `t` optionally `:` and
    /// the changed words separated by spaces; anything else means
    /// everything.
    pub fn from_payload(payload: &str) -> Self {
        let Some((flags, rest)) = payload.split_once(':') else {
            return Self::Everything;
        };
        let (ids, changed) = match rest.split_once(':') {
            Some((ids, changed)) => (ids, Some(changed)),
            None => (rest, None),
        };
        let (flipped, text) = match flags {
            "a" => (false, false),
            "f" => (true, false),
            "t" => (false, true),
            "ft" => (true, true),
            _ => return Self::Everything,
        };
        let words = match (text, changed) {
            (false, None) => Words::Same,
            (false, Some(_)) => return Self::Everything,
            (true, None) => Words::Unknown,
            (true, Some(changed)) => Words::Changed(
                changed
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        };
        ids.split(',')
            .map(|id| id.parse().ok())
            .collect::<Option<Vec<Uuid>>>()
            .filter(|ids| !ids.is_empty())
            .map_or(Self::Everything, |of| Self::Rows { of, flipped, words })
    }

    /// Both changes as one.
    pub fn and(self, other: Self) -> Self {
        match (self, other) {
            (
                Self::Rows { of, flipped, words },
                Self::Rows {
                    of: more,
                    flipped: f,
                    words: w,
                },
            ) => Self::Rows {
                of: union(of, more),
                flipped: flipped || f,
                words: words.and(w),
            },
            _ => Self::Everything,
        }
    }
}

/// `a` and the items of `b` it does not have, in order (a transaction's
/// notes are few and short).
fn union<T: PartialEq>(mut a: Vec<T>, b: Vec<T>) -> Vec<T> {
    for x in b {
        if !a.contains(&x) {
            a.push(x);
        }
    }
    a
}

#[derive(QueryableByName)]
struct Noted {
    #[diesel(sql_type = Nullable<Text>)]
    changes: Option<String>,
}

/// What the current transaction has so far changed of what the search
/// reads, as the servers will hear it at its commit (the triggers note
/// each notification in `fritid.catalogue_changes`, migration
/// `000021_catalogue_edits`); `None`: nothing. A handler reads it before
/// its commit, to count its own write at once with the same precision.
pub async fn written_in_transaction(
    conn: &mut AsyncPgConnection,
) -> Result<Option<CatalogueChange>, DbError> {
    let noted: Noted =
        diesel::sql_query("SELECT current_setting('fritid.catalogue_changes', true) AS changes")
            .get_result(conn)
            .await?;
    Ok(noted
        .changes
        .filter(|c| !c.is_empty())
        .map(|c| from_noted(&c)))
}

/// The noted payloads (joined by `;`, `*` for everything) as one change.
fn from_noted(noted: &str) -> CatalogueChange {
    noted
        .split(';')
        .map(|p| match p {
            "*" => CatalogueChange::Everything,
            p => CatalogueChange::from_payload(p),
        })
        .reduce(CatalogueChange::and)
        .unwrap_or(CatalogueChange::Everything)
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
    use super::{from_noted, CatalogueChange, Words};
    use uuid::Uuid;

    #[test]
    fn a_payload_names_activities_or_means_everything() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let rows = |of: Vec<Uuid>, flipped, words| CatalogueChange::Rows { of, flipped, words };
        let changed = |w: &[&str]| Words::Changed(w.iter().map(|w| (*w).to_owned()).collect());
        assert_eq!(
            CatalogueChange::from_payload(&format!("a:{a},{b}")),
            rows(vec![a, b], false, Words::Same)
        );
        assert_eq!(
            CatalogueChange::from_payload(&format!("f:{a}")),
            rows(vec![a], true, Words::Same)
        );
        assert_eq!(
            CatalogueChange::from_payload(&format!("t:{a}")),
            rows(vec![a], false, Words::Unknown)
        );
        assert_eq!(
            CatalogueChange::from_payload(&format!("ft:{b}:vann. ta:med")),
            rows(vec![b], true, changed(&["vann.", "ta:med"]))
        );
        assert_eq!(
            CatalogueChange::from_payload(&format!("t:{b}:")),
            rows(vec![b], false, changed(&[]))
        );
        for payload in [
            "",
            "a:",
            "a:not-an-id",
            &format!("a:{a},"),
            &format!("a:{a}:vann"),
            &format!("{a}"),
            &format!("tf:{a}"),
            &format!("x:{a}"),
            "ø",
        ] {
            assert_eq!(
                CatalogueChange::from_payload(payload),
                CatalogueChange::Everything,
                "{payload:?}"
            );
        }
    }

    #[test]
    fn the_changes_noted_in_a_transaction_add_up() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        assert_eq!(
            from_noted(&format!("a:{a};t:{b},{a}:sjakk;a:{b};t:{a}:sjakk brett")),
            CatalogueChange::Rows {
                of: vec![a, b],
                flipped: false,
                words: Words::Changed(vec!["sjakk".into(), "brett".into()])
            }
        );
        assert_eq!(
            from_noted(&format!("f:{a};t:{b}")),
            CatalogueChange::Rows {
                of: vec![a, b],
                flipped: true,
                words: Words::Unknown
            }
        );
        assert_eq!(
            from_noted(&format!("t:{a}:x;t:{b}")),
            CatalogueChange::Rows {
                of: vec![a, b],
                flipped: false,
                words: Words::Unknown
            }
        );
        assert_eq!(from_noted("*"), CatalogueChange::Everything);
        assert_eq!(from_noted(&format!("a:{a};")), CatalogueChange::Everything);
    }
}
