//! SQL text that the connection keeps prepared.
//!
//! Diesel never caches a `sql_query` statement, so PostgreSQL plans it on
//! every call; for a hot read that is planned in a millisecond and run in
//! one, that doubles the cost. A [`Prepared`] is built from pieces of SQL
//! and typed values (each value becomes the next `$n`), and is cached by its
//! text like Diesel's own dynamic queries: after a few runs PostgreSQL uses
//! one generic plan. So that the generic plan is a good one, leave out a
//! condition that does not apply instead of writing `$n IS NULL OR …`; where
//! no generic plan is good, [`Prepared::planned_each_time`].

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{
    Array, BigInt, Bool, Date, Integer, SmallInt, Text, Timestamptz, Untyped, Uuid as SqlUuid,
};
use diesel::QueryResult;
use uuid::Uuid;

/// A value to bind.
#[derive(Debug, Clone)]
pub enum Value {
    Uuid(Uuid),
    Uuids(Vec<Uuid>),
    Text(String),
    Texts(Vec<String>),
    Date(NaiveDate),
    BigInt(i64),
    Integer(i32),
    SmallInt(i16),
    SmallInts(Vec<i16>),
    Bool(bool),
    Timestamp(DateTime<Utc>),
}

#[derive(Debug, Clone)]
enum Piece {
    Sql(String),
    Bind(Value),
}

/// A statement built from SQL and values; see the module documentation.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Prepared {
    pieces: Vec<Piece>,
    /// Planned for its values every time, never kept (see
    /// [`Prepared::planned_each_time`]).
    each_time: bool,
}

impl Prepared {
    pub fn new(sql: impl Into<String>) -> Self {
        Self {
            pieces: vec![Piece::Sql(sql.into())],
            each_time: false,
        }
    }

    /// Not kept prepared: PostgreSQL plans it for its values every time.
    /// For a statement whose best plan depends on its values (an instant
    /// that decides which rows an index range holds): a generic plan, which
    /// PostgreSQL picks after five runs when it looks as cheap, must guess
    /// them. The activity search ran at half the rate with generic plans
    /// (bench/search-load, nothing kept, 100,000 activities).
    pub fn planned_each_time(mut self) -> Self {
        self.each_time = true;
        self
    }

    /// More SQL.
    pub fn sql(mut self, sql: impl Into<String>) -> Self {
        self.pieces.push(Piece::Sql(sql.into()));
        self
    }

    /// The next parameter (`$n`), with its value.
    pub fn bind(mut self, value: Value) -> Self {
        self.pieces.push(Piece::Bind(value));
        self
    }

    /// SQL, a parameter, SQL: `" AND x = "`, value, `""`.
    pub fn and(self, before: &str, value: Value, after: &str) -> Self {
        self.sql(before).bind(value).sql(after)
    }
}

impl QueryFragment<Pg> for Prepared {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        if self.each_time {
            out.unsafe_to_cache_prepared();
        }
        for piece in &self.pieces {
            match piece {
                Piece::Sql(sql) => out.push_sql(sql),
                Piece::Bind(Value::Uuid(v)) => out.push_bind_param::<SqlUuid, _>(v)?,
                Piece::Bind(Value::Uuids(v)) => out.push_bind_param::<Array<SqlUuid>, _>(v)?,
                Piece::Bind(Value::Text(v)) => out.push_bind_param::<Text, _>(v)?,
                Piece::Bind(Value::Texts(v)) => out.push_bind_param::<Array<Text>, _>(v)?,
                Piece::Bind(Value::Date(v)) => out.push_bind_param::<Date, _>(v)?,
                Piece::Bind(Value::BigInt(v)) => out.push_bind_param::<BigInt, _>(v)?,
                Piece::Bind(Value::Integer(v)) => out.push_bind_param::<Integer, _>(v)?,
                Piece::Bind(Value::SmallInt(v)) => out.push_bind_param::<SmallInt, _>(v)?,
                Piece::Bind(Value::SmallInts(v)) => out.push_bind_param::<Array<SmallInt>, _>(v)?,
                Piece::Bind(Value::Bool(v)) => out.push_bind_param::<Bool, _>(v)?,
                Piece::Bind(Value::Timestamp(v)) => out.push_bind_param::<Timestamptz, _>(v)?,
            }
        }
        Ok(())
    }
}

/// No static id: the cache key is the SQL text and the parameter types.
impl QueryId for Prepared {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// Rows are read by name (`QueryableByName`), as from `sql_query`.
impl Query for Prepared {
    type SqlType = Untyped;
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::debug_query;

    #[test]
    fn each_value_is_the_next_parameter() {
        let q = Prepared::new("SELECT 1 WHERE a = ANY(")
            .bind(Value::Uuids(vec![]))
            .sql(")")
            .and(" AND b = ", Value::Text("x".into()), "")
            .and(" AND c < ", Value::BigInt(3), "");
        let sql = debug_query::<Pg, _>(&q).to_string();
        assert!(
            sql.starts_with("SELECT 1 WHERE a = ANY($1) AND b = $2 AND c < $3"),
            "{sql}"
        );
    }

    #[test]
    fn a_statement_planned_each_time_is_not_kept() {
        let q = Prepared::new("SELECT 1 WHERE a = ").bind(Value::BigInt(1));
        assert!(q.is_safe_to_cache_prepared(&Pg).unwrap());
        assert!(!q
            .planned_each_time()
            .is_safe_to_cache_prepared(&Pg)
            .unwrap());
    }
}
