//! Funds and rounds. A round's committed and paid totals are kept by a
//! trigger on the applications; its budget check refuses any grant that
//! would pass the budget.

use crate::schema::{fund_rounds, funds};
use crate::DbError;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::bamsefondet::fund::{CostKind, ValidFund, ValidRound};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = funds, check_for_backend(diesel::pg::Pg))]
pub struct FundRow {
    pub id: Uuid,
    pub name: String,
    pub decision_owner: String,
    pub appeal_body: String,
    pub contact: String,
    pub four_eyes: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fund_rounds, check_for_backend(diesel::pg::Pg))]
pub struct RoundRow {
    pub id: Uuid,
    pub fund_id: Uuid,
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
    pub budget_nok: i64,
    pub max_per_child_nok: i32,
    pub covers: Vec<Option<String>>,
    pub committed_nok: i64,
    pub paid_nok: i64,
    pub created_at: DateTime<Utc>,
}

impl RoundRow {
    pub fn covers(&self) -> Vec<CostKind> {
        self.covers
            .iter()
            .flatten()
            .filter_map(|c| CostKind::parse(c))
            .collect()
    }
}

fn covers(round: &ValidRound) -> Vec<String> {
    round.covers.iter().map(|c| c.as_str().to_owned()).collect()
}

pub async fn create_fund(conn: &mut AsyncPgConnection, f: &ValidFund) -> Result<FundRow, DbError> {
    Ok(diesel::insert_into(funds::table)
        .values((
            funds::name.eq(&f.name),
            funds::decision_owner.eq(&f.decision_owner),
            funds::appeal_body.eq(&f.appeal_body),
            funds::contact.eq(&f.contact),
            funds::four_eyes.eq(f.four_eyes),
        ))
        .returning(FundRow::as_returning())
        .get_result(conn)
        .await?)
}

pub async fn update_fund(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    f: &ValidFund,
) -> Result<Option<FundRow>, DbError> {
    Ok(diesel::update(funds::table.find(id))
        .set((
            funds::name.eq(&f.name),
            funds::decision_owner.eq(&f.decision_owner),
            funds::appeal_body.eq(&f.appeal_body),
            funds::contact.eq(&f.contact),
            funds::four_eyes.eq(f.four_eyes),
        ))
        .returning(FundRow::as_returning())
        .get_result(conn)
        .await
        .optional()?)
}

pub async fn list_funds(conn: &mut AsyncPgConnection) -> Result<Vec<FundRow>, DbError> {
    Ok(funds::table
        .order((funds::name, funds::id))
        .select(FundRow::as_select())
        .load(conn)
        .await?)
}

pub async fn find_fund(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<FundRow>, DbError> {
    Ok(funds::table
        .find(id)
        .select(FundRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Every round, newest first within each fund.
pub async fn list_rounds(conn: &mut AsyncPgConnection) -> Result<Vec<RoundRow>, DbError> {
    Ok(fund_rounds::table
        .order((
            fund_rounds::fund_id,
            fund_rounds::opens_on.desc(),
            fund_rounds::id,
        ))
        .select(RoundRow::as_select())
        .load(conn)
        .await?)
}

/// The names of the rounds `ids`.
pub async fn round_names(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>, DbError> {
    Ok(fund_rounds::table
        .filter(fund_rounds::id.eq_any(ids))
        .select((fund_rounds::id, fund_rounds::name))
        .load(conn)
        .await?)
}

pub async fn create_round(
    conn: &mut AsyncPgConnection,
    fund: Uuid,
    r: &ValidRound,
) -> Result<RoundRow, DbError> {
    Ok(diesel::insert_into(fund_rounds::table)
        .values((
            fund_rounds::fund_id.eq(fund),
            fund_rounds::name.eq(&r.name),
            fund_rounds::opens_on.eq(r.opens_on),
            fund_rounds::closes_on.eq(r.closes_on),
            fund_rounds::budget_nok.eq(r.budget_nok),
            fund_rounds::max_per_child_nok.eq(r.max_per_child_nok),
            fund_rounds::covers.eq(covers(r)),
        ))
        .returning(RoundRow::as_returning())
        .get_result(conn)
        .await?)
}

/// Changes a round. A budget below what is already committed is refused by
/// the check `fund_rounds_within_budget`.
pub async fn update_round(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    r: &ValidRound,
) -> Result<Option<RoundRow>, DbError> {
    Ok(diesel::update(fund_rounds::table.find(id))
        .set((
            fund_rounds::name.eq(&r.name),
            fund_rounds::opens_on.eq(r.opens_on),
            fund_rounds::closes_on.eq(r.closes_on),
            fund_rounds::budget_nok.eq(r.budget_nok),
            fund_rounds::max_per_child_nok.eq(r.max_per_child_nok),
            fund_rounds::covers.eq(covers(r)),
        ))
        .returning(RoundRow::as_returning())
        .get_result(conn)
        .await
        .optional()?)
}

/// A round with its fund.
pub async fn find_round(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<(RoundRow, FundRow)>, DbError> {
    Ok(fund_rounds::table
        .inner_join(funds::table)
        .filter(fund_rounds::id.eq(id))
        .select((RoundRow::as_select(), FundRow::as_select()))
        .first(conn)
        .await
        .optional()?)
}
