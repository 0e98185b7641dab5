//! Positions in PostgreSQL's write-ahead log, to tell whether a streaming
//! replica has replayed what the primary committed.

use crate::DbError;
use diesel::sql_types::{Nullable, Text};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// A `pg_lsn` (`16/B374D848`) as a number, so positions compare.
pub fn parse_lsn(text: &str) -> Option<u64> {
    let (high, low) = text.split_once('/')?;
    let high = u32::from_str_radix(high, 16).ok()?;
    let low = u32::from_str_radix(low, 16).ok()?;
    Some((u64::from(high) << 32) | u64::from(low))
}

#[derive(QueryableByName)]
struct Position {
    #[diesel(sql_type = Nullable<Text>)]
    lsn: Option<String>,
}

async fn position(conn: &mut AsyncPgConnection, sql: &str) -> Result<u64, DbError> {
    let row: Position = diesel::sql_query(sql).get_result(conn).await?;
    row.lsn.as_deref().and_then(parse_lsn).ok_or_else(|| {
        DbError::Query(diesel::result::Error::DeserializationError(
            format!("no WAL position from `{sql}`").into(),
        ))
    })
}

/// On the primary: the position after everything committed so far. A
/// replica that has replayed up to it sees every one of those commits.
pub async fn written(conn: &mut AsyncPgConnection) -> Result<u64, DbError> {
    position(conn, "SELECT pg_current_wal_lsn()::text AS lsn").await
}

/// On a replica: how far it has replayed the primary's log; a server that
/// is not replaying (a primary) has everything it wrote.
pub async fn replayed(conn: &mut AsyncPgConnection) -> Result<u64, DbError> {
    position(
        conn,
        "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() \
         ELSE pg_current_wal_lsn() END)::text AS lsn",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::parse_lsn;

    #[test]
    fn positions_compare_as_numbers() {
        assert_eq!(parse_lsn("0/0"), Some(0));
        assert_eq!(parse_lsn("16/B374D848"), Some((0x16 << 32) | 0xB374_D848));
        assert!(parse_lsn("1/0") > parse_lsn("0/FFFFFFFF"));
        assert_eq!(parse_lsn("16B374D848"), None);
        assert_eq!(parse_lsn("x/1"), None);
    }
}
