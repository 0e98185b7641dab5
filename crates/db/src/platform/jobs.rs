//! Periodic jobs: which are due, who runs one now, and how the last run
//! went. A node runs a job while holding its advisory lock (released when
//! the node's connection ends, even if the node is killed) and claims the
//! run by moving `next_run_at` forward, so two nodes never run one job at
//! the same moment.

use crate::schema::jobs;
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Integer, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::time::Duration;

/// Makes sure each job has a row, with the interval the code says now.
pub async fn register(
    conn: &mut AsyncPgConnection,
    name: &str,
    every: Duration,
) -> Result<(), DbError> {
    let secs = i32::try_from(every.as_secs().max(1)).unwrap_or(i32::MAX);
    diesel::sql_query(
        "INSERT INTO jobs (name, every_seconds) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET every_seconds = EXCLUDED.every_seconds",
    )
    .bind::<Text, _>(name)
    .bind::<Integer, _>(secs)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(Debug, QueryableByName)]
struct Flag {
    #[diesel(sql_type = Bool)]
    value: bool,
}

/// The jobs of `known` that are due, longest waiting first.
pub async fn due(conn: &mut AsyncPgConnection, known: &[&str]) -> Result<Vec<String>, DbError> {
    let rows: Vec<Name> = diesel::sql_query(
        "SELECT name FROM jobs WHERE name = ANY($1) AND next_run_at <= now() ORDER BY next_run_at",
    )
    .bind::<Array<Text>, _>(known)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

/// Takes the job's advisory lock on this connection, if nobody holds it.
/// PostgreSQL releases it when the connection ends, so a node that dies
/// never blocks a job.
pub async fn try_lock(conn: &mut AsyncPgConnection, name: &str) -> Result<bool, DbError> {
    let row: Flag = diesel::sql_query(
        "SELECT pg_try_advisory_lock(hashtext('fritid.job'), hashtext($1)) AS value",
    )
    .bind::<Text, _>(name)
    .get_result(conn)
    .await?;
    Ok(row.value)
}

pub async fn unlock(conn: &mut AsyncPgConnection, name: &str) -> Result<(), DbError> {
    diesel::sql_query("SELECT pg_advisory_unlock(hashtext('fritid.job'), hashtext($1)) AS value")
        .bind::<Text, _>(name)
        .get_result::<Flag>(conn)
        .await?;
    Ok(())
}

/// Claims the next run of a job (its lock held): true if it was still due,
/// and then it is not due again for its interval.
pub async fn claim_if_due(conn: &mut AsyncPgConnection, name: &str) -> Result<bool, DbError> {
    let n = diesel::sql_query(
        "UPDATE jobs SET last_started_at = now(),
                next_run_at = now() + make_interval(secs => every_seconds)
         WHERE name = $1 AND next_run_at <= now()",
    )
    .bind::<Text, _>(name)
    .execute(conn)
    .await?;
    Ok(n == 1)
}

/// The jobs some node runs right now (whose lock is held).
pub async fn running(conn: &mut AsyncPgConnection) -> Result<Vec<String>, DbError> {
    let rows: Vec<Name> = diesel::sql_query(
        "SELECT j.name FROM jobs j WHERE EXISTS (
             SELECT 1 FROM pg_locks l
             WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
               AND l.classid = hashtext('fritid.job')::oid AND l.objid = hashtext(j.name)::oid)",
    )
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

/// Records how a run ended.
pub async fn finish(
    conn: &mut AsyncPgConnection,
    name: &str,
    ok: bool,
    summary: &str,
) -> Result<(), DbError> {
    diesel::update(jobs::table.find(name))
        .set((
            jobs::last_finished_at.eq(diesel::dsl::now),
            jobs::last_ok.eq(Some(ok)),
            jobs::last_summary.eq(Some(summary)),
            jobs::runs.eq(jobs::runs + 1),
            jobs::failures.eq(jobs::failures + i64::from(!ok)),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes a job due now (administrators' "run now", and tests).
pub async fn run_soon(conn: &mut AsyncPgConnection, name: &str) -> Result<bool, DbError> {
    let n = diesel::update(jobs::table.find(name))
        .set(jobs::next_run_at.eq(diesel::dsl::now))
        .execute(conn)
        .await?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs, check_for_backend(diesel::pg::Pg))]
pub struct JobRow {
    pub name: String,
    pub every_seconds: i32,
    pub next_run_at: DateTime<Utc>,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_ok: Option<bool>,
    pub last_summary: Option<String>,
    pub runs: i64,
    pub failures: i64,
}

pub async fn all(conn: &mut AsyncPgConnection) -> Result<Vec<JobRow>, DbError> {
    Ok(jobs::table
        .order(jobs::name)
        .select(JobRow::as_select())
        .load(conn)
        .await?)
}
