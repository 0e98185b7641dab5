//! Reference data for filters and forms.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use fritid_db::reference;
use fritid_domain::organization::{Category, District};
use fritid_domain::Problem;

/// Asker's districts (tettsteder), in display order.
#[utoipa::path(
    operation_id = "list_districts",
    tag = "reference",
    responses(
        (status = 200, description = "Every district", body = Vec<District>),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/districts")]
pub async fn list_districts(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<District>>, ApiError> {
    let mut conn = state.conn().await?;
    Ok(web::Json(reference::districts(&mut conn).await?))
}

/// Activity categories in bokmål and English.
#[utoipa::path(
    operation_id = "list_categories",
    tag = "reference",
    responses(
        (status = 200, description = "Every category", body = Vec<Category>),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Category>>, ApiError> {
    let mut conn = state.conn().await?;
    Ok(web::Json(reference::categories(&mut conn).await?))
}
