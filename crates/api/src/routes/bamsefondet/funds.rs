//! Funds and rounds: anyone may see which funds and rounds exist (to apply);
//! administrators create and change them and see the statistics — with
//! every group smaller than five shown as "< 5", in JSON and in CSV.

use crate::auth::{Admin, Authorized};
use crate::error::{ApiError, OnConstraint};
use crate::json_body::JsonBody;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::Utc;
use chrono_tz::Europe::Oslo;
use fritid_db::bamsefondet::casework::{self, GroupRow};
use fritid_db::bamsefondet::funds::{self, FundRow, RoundRow};
use fritid_domain::bamsefondet::fund::{Fund, FundRequest, Round, RoundRequest};
use fritid_domain::bamsefondet::statistics::{self, GroupStatistics, RoundStatistics, Shown};
use fritid_domain::ids::{FundId, RoundId};
use fritid_domain::{FieldError, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

fn round_dto(r: RoundRow) -> Round {
    let today = Utc::now().with_timezone(&Oslo).date_naive();
    Round {
        id: RoundId(r.id),
        fund_id: FundId(r.fund_id),
        open: Round::is_open_on(r.opens_on, r.closes_on, today),
        covers: r.covers(),
        name: r.name,
        opens_on: r.opens_on,
        closes_on: r.closes_on,
        budget_nok: r.budget_nok,
        max_per_child_nok: r.max_per_child_nok,
        committed_nok: r.committed_nok,
        paid_nok: r.paid_nok,
    }
}

fn fund_dto(f: FundRow, rounds: &[RoundRow]) -> Fund {
    Fund {
        id: FundId(f.id),
        rounds: rounds
            .iter()
            .filter(|r| r.fund_id == f.id)
            .cloned()
            .map(round_dto)
            .collect(),
        name: f.name,
        decision_owner: f.decision_owner,
        appeal_body: f.appeal_body,
        contact: f.contact,
        four_eyes: f.four_eyes,
    }
}

/// The funds with their rounds (newest first); `open` says whether a round
/// takes applications today.
#[utoipa::path(
    operation_id = "list_funds",
    tag = "bamsefondet",
    responses((status = 200, description = "Every fund", body = Vec<Fund>))
)]
#[get("/funds")]
pub async fn list_funds(state: web::Data<AppState>) -> Result<web::Json<Vec<Fund>>, ApiError> {
    let mut conn = state.conn().await?;
    let rounds = funds::list_rounds(&mut conn).await?;
    let list = funds::list_funds(&mut conn)
        .await?
        .into_iter()
        .map(|f| fund_dto(f, &rounds))
        .collect();
    Ok(web::Json(list))
}

/// Create a fund (administrators).
#[utoipa::path(
    operation_id = "create_fund",
    tag = "bamsefondet",
    security(("bearer" = [])),
    request_body = FundRequest,
    responses(
        (status = 201, description = "Created", body = Fund),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/funds")]
pub async fn create_fund(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    body: JsonBody<FundRequest>,
) -> Result<HttpResponse, ApiError> {
    let valid = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    let row = funds::create_fund(&mut conn, &valid).await?;
    Ok(HttpResponse::Created().json(fund_dto(row, &[])))
}

/// Change a fund's name, letter texts and four-eyes rule (administrators).
#[utoipa::path(
    operation_id = "update_fund",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Fund id")),
    request_body = FundRequest,
    responses(
        (status = 200, description = "Changed", body = Fund),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such fund", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/funds/{id}")]
pub async fn update_fund(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<FundRequest>,
) -> Result<web::Json<Fund>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    let row = funds::update_fund(&mut conn, id, &valid)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rounds = funds::list_rounds(&mut conn).await?;
    Ok(web::Json(fund_dto(row, &rounds)))
}

/// Open a round of a fund (administrators).
#[utoipa::path(
    operation_id = "create_fund_round",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Fund id")),
    request_body = RoundRequest,
    responses(
        (status = 201, description = "Created", body = Round),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such fund", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/funds/{id}/rounds")]
pub async fn create_fund_round(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<RoundRequest>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    funds::find_fund(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let row = funds::create_round(&mut conn, id, &valid).await?;
    Ok(HttpResponse::Created().json(round_dto(row)))
}

/// Change a round (administrators). The budget cannot go below what is
/// already granted.
#[utoipa::path(
    operation_id = "update_fund_round",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Round id")),
    request_body = RoundRequest,
    responses(
        (status = 200, description = "Changed", body = Round),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The budget is below what is already granted (`budget_below_committed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/fund-rounds/{id}")]
pub async fn update_fund_round(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<RoundRequest>,
) -> Result<web::Json<Round>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    let row = funds::update_round(&mut conn, id, &valid)
        .await
        .on_constraint("fund_rounds_within_budget", || ApiError::Conflict {
            code: "budget_below_committed",
            detail: "The budget cannot be lower than what is already granted.".into(),
            errors: vec![FieldError::new(
                "budget_nok",
                "below_committed",
                "is lower than what is already granted",
            )],
        })?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(round_dto(row)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// `csv` for a spreadsheet (the same numbers); JSON otherwise.
    #[param(value_type = Option<StatisticsFormat>)]
    pub format: Option<String>,
}

/// The statistics as JSON (default) or CSV.
#[derive(Debug, utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum StatisticsFormat {
    Json,
    Csv,
}

fn group(g: GroupRow) -> GroupStatistics {
    GroupStatistics {
        applications: Shown::of(g.applications, g.applications),
        granted: Shown::of(g.granted, g.granted),
        granted_nok: Shown::of(g.granted, g.granted_nok),
        group: g.grp,
    }
}

/// A round's statistics for the fund's board (administrators):
/// applications, grants and amounts per district and per month, the
/// processing time, the budget used and left. Every group of fewer than
/// five applications shows `"< 5"`, never the number.
#[utoipa::path(
    operation_id = "get_fund_round_statistics",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Round id"), StatisticsQuery),
    responses(
        (status = 200, description = "The statistics (JSON, or CSV with `format=csv`)",
         content((RoundStatistics = "application/json"), (String = "text/csv"))),
        (status = 400, description = "Bad id or format", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/fund-rounds/{id}/statistics")]
pub async fn get_fund_round_statistics(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let csv = match query.format.as_deref().filter(|f| !f.is_empty()) {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            return Err(ApiError::BadRequest {
                code: "invalid_query",
                detail: "One or more query parameters are invalid.".into(),
                errors: vec![FieldError::new("format", "invalid", "must be json or csv")],
            })
        }
    };
    let mut conn = state.conn().await?;
    let (round_name, budget, committed, paid) = casework::round_totals(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let groups = casework::statistics_groups(&mut conn, id).await?;
    let days: Vec<(i32, i64, f64)> = casework::decision_days(&mut conn, id)
        .await?
        .into_iter()
        .map(|d| (d.days, d.decisions, d.total_days))
        .collect();
    let (average_days, p90_days) = statistics::decision_times(&days);
    let budget_months: Vec<(String, i64, i64)> = groups
        .decided_months
        .into_iter()
        .map(|g| (g.grp, g.granted, g.granted_nok))
        .collect();
    let (districts, months) = (groups.districts, groups.months);
    let total: i64 = districts.iter().map(|g| g.applications).sum();
    let granted: i64 = districts.iter().map(|g| g.granted).sum();
    let rejected: i64 = districts.iter().map(|g| g.rejected).sum();
    let stats = RoundStatistics {
        round_id: RoundId(id),
        round_name,
        budget_nok: budget,
        committed_nok: committed,
        paid_nok: paid,
        left_nok: budget - committed,
        applications: Shown::of(total, total),
        granted: Shown::of(granted, granted),
        rejected: Shown::of(rejected, rejected),
        average_days_to_decision: average_days,
        p90_days_to_decision: p90_days,
        by_district: districts.into_iter().map(group).collect(),
        by_month: months.into_iter().map(group).collect(),
        budget_by_month: statistics::burn_down(budget, &budget_months),
    };
    if !csv {
        return Ok(HttpResponse::Ok().json(stats));
    }
    let mut out = String::from("grouping,group,applications,granted,granted_nok\n");
    for (kind, groups) in [("district", &stats.by_district), ("month", &stats.by_month)] {
        for g in groups {
            out.push_str(&format!(
                "{kind},{},{},{},{}\n",
                g.group.replace([',', '"', '\n'], " "),
                g.applications.cell(),
                g.granted.cell(),
                g.granted_nok.cell()
            ));
        }
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"bamsefondet-{id}.csv\""),
        ))
        .body(out))
}
