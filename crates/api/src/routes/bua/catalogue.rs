//! The public catalogue: locations, models with their sizes and how many
//! are free, a day-by-day view, and "nothing in my size".

use super::{require_desk, today};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::parse_id;
use crate::routes::query::QueryParser;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use chrono::Days;
use fritid_db::bua::catalogue::{self as db, CatalogueFilter, ModelRow, SizeRow};
use fritid_domain::bua::catalogue::{
    DayAvailability, Location, Model, SizeAvailability, UnmetDemand, UnmetRequest, CATEGORIES,
};
use fritid_domain::ids::{LocationId, ModelId};
use fritid_domain::image::ImageRef;
use fritid_domain::page::Page;
use fritid_domain::{FieldError, Problem, Role};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// The lending locations with hours, closed days ahead and loan rules.
#[utoipa::path(
    operation_id = "list_bua_locations",
    tag = "bua",
    responses((status = 200, description = "Every location", body = Vec<Location>))
)]
#[get("/bua/locations")]
pub async fn list_bua_locations(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Location>>, ApiError> {
    let mut conn = state.conn().await?;
    Ok(web::Json(all_locations(&mut conn).await?))
}

/// Every location with its calendar from today and its rules.
pub(crate) async fn all_locations(
    conn: &mut fritid_db::AsyncPgConnection,
) -> Result<Vec<Location>, ApiError> {
    let conn = &mut *conn;
    let today = today();
    let rows = db::locations(conn).await?;
    let ids: Vec<Uuid> = rows.iter().map(|l| l.id).collect();
    let mut calendars = db::calendars(conn, &ids, today).await?;
    Ok(rows
        .into_iter()
        .map(|l| {
            let cal = calendars.remove(&l.id).unwrap_or_default();
            Location {
                id: LocationId(l.id),
                rules: l.rules(),
                open_today: cal.is_open(today),
                hours: cal.hours,
                closed_days: cal.closed,
                name: l.name,
                address: l.address,
                district: l.district,
                contact_email: l.contact_email,
                contact_phone: l.contact_phone,
            }
        })
        .collect())
}

/// The locations where the caller works at the desk: lending staff their
/// own, administrators all.
#[utoipa::path(
    operation_id = "list_my_bua_locations",
    tag = "bua",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's locations", body = Vec<Location>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/bua-locations")]
pub async fn list_my_bua_locations(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Location>>, ApiError> {
    let mut conn = state.conn().await?;
    let mine = if user.has(Role::Admin) {
        None
    } else if user.has(Role::LendingStaff) {
        Some(db::staff_locations(&mut conn, user.id.into_uuid()).await?)
    } else {
        Some(vec![])
    };
    let all = all_locations(&mut conn).await?;
    Ok(web::Json(
        all.into_iter()
            .filter(|l| mine.as_ref().is_none_or(|m| m.contains(&l.id.into_uuid())))
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Only this location.
    #[param(value_type = Option<String>, format = Uuid)]
    pub location: Option<String>,
    /// Categories, comma-separated (`ski,hjelm`).
    #[param(
        pattern = r"^(ski|skoyter|sykkel|hjelm|telt|longboard|sparkesykkel|truger|sovepose|fiske|ball|annet)(,(ski|skoyter|sykkel|hjelm|telt|longboard|sparkesykkel|truger|sovepose|fiske|ball|annet))*$"
    )]
    pub category: Option<String>,
    /// Only this size (`130`, `38`).
    #[param(max_length = 20, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub size: Option<String>,
    /// Suitable for a child of this age.
    #[param(value_type = Option<i32>, minimum = 0, maximum = 99)]
    pub age: Option<String>,
    /// Words in the name or description.
    #[param(max_length = 100, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub q: Option<String>,
    /// Also models with no unit in service (for those who set BUA up).
    #[param(value_type = Option<bool>)]
    pub include_unstocked: Option<String>,
    /// Free from this day (default, and at the earliest, today)…
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub from: Option<String>,
    /// …to this day, exclusive (default, and when not after `from`: the day after `from`).
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub to: Option<String>,
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    #[param(value_type = Option<i32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

pub(crate) fn model_dto(m: ModelRow, sizes: &[SizeRow]) -> Model {
    Model {
        id: ModelId(m.id),
        sizes: sizes
            .iter()
            .filter(|s| s.model_id == m.id)
            .map(|s| SizeAvailability {
                location_id: s.location_id.map(LocationId),
                location_name: s.location_name.clone(),
                locations: s.locations,
                size: s.size.clone(),
                units: s.units,
                free: s.free,
            })
            .collect(),
        image: m
            .image_id
            .zip(m.image_alt)
            .map(|(id, alt)| ImageRef::new(id, alt)),
        name: m.name,
        category: m.category,
        description: m.description,
        size_kind: m.size_kind,
        min_age: m.min_age,
        max_age: m.max_age,
        default_loan_days: m.default_loan_days,
    }
}

/// Search the catalogue: models with a unit in service matching the
/// filters, and per location and size how many units are free for the
/// period (`from`–`to`, default today).
#[utoipa::path(
    operation_id = "list_bua_models",
    tag = "bua",
    params(CatalogueQuery),
    responses(
        (status = 200, description = "One page of models", body = Page<Model>),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/models")]
pub async fn list_bua_models(
    state: web::Data<AppState>,
    query: web::Query<CatalogueQuery>,
) -> Result<crate::links::Paged<Page<Model>>, ApiError> {
    let mut p = QueryParser::default();
    let location = p
        .list("location", &query.location, 1, |s| s.parse::<Uuid>().ok())
        .into_iter()
        .next();
    let mut categories = p.list("category", &query.category, 100, |s| {
        CATEGORIES.contains(&s).then(|| s.to_owned())
    });
    categories.sort();
    categories.dedup();
    let size = p.text("size", &query.size, 20);
    let age = p
        .int("age", &query.age, 0, 99)
        .and_then(|a| i16::try_from(a).ok());
    let text = p.text("q", &query.q, 100);
    let today = today();
    // Availability is kept from today on: an earlier day counts as today.
    let from = p.date("from", &query.from).map_or(today, |d| d.max(today));
    let to = p.date("to", &query.to);
    let unstocked = p
        .bool("include_unstocked", &query.include_unstocked)
        .unwrap_or(false);
    let page = p.page(&query.page, &query.per_page);
    let page = p.finish(|| page)?;
    // A `to` on or before `from` asks for no days; `from` alone is one day.
    let to = to.filter(|t| *t > from).unwrap_or(from + Days::new(1));
    let filter = CatalogueFilter {
        location,
        categories,
        size: size.clone(),
        age,
        text,
        model: None,
        include_unstocked: unstocked,
    };
    let mut conn = state.conn().await?;
    let rows = db::models(&mut conn, &filter, page.limit(), page.offset()).await?;
    let total = rows.first().map_or(0, |r| r.total);
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    // Per location only when one was asked for: 50 locations × every size
    // would be a long list on a phone (and a slow answer).
    let sizes = db::sizes(
        &mut conn,
        &ids,
        location,
        size.as_deref(),
        from,
        to,
        today,
        location.is_some(),
    )
    .await?;
    let items = rows.into_iter().map(|m| model_dto(m, &sizes)).collect();
    Ok(crate::links::Paged::new(
        Page::new(items, total, page),
        page.page(),
        page.per_page(),
        total,
    ))
}

/// One model with every location and size and how many are free today.
#[utoipa::path(
    operation_id = "get_bua_model",
    tag = "bua",
    params(("id" = String, Path, format = Uuid, description = "Model id")),
    responses(
        (status = 200, description = "The model", body = Model),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such model", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/models/{id}")]
pub async fn get_bua_model(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Model>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(load_model(&mut conn, id).await?))
}

/// A model with its sizes per location, free today; 404 when there is none.
pub(crate) async fn load_model(
    conn: &mut fritid_db::AsyncPgConnection,
    id: Uuid,
) -> Result<Model, ApiError> {
    let filter = CatalogueFilter {
        model: Some(id),
        ..Default::default()
    };
    let row = db::models(conn, &filter, 1, 0)
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)?;
    let today = today();
    let sizes = db::sizes(
        conn,
        &[id],
        None,
        None,
        today,
        today + Days::new(1),
        today,
        true,
    )
    .await?;
    Ok(model_dto(row, &sizes))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaysQuery {
    #[param(value_type = String, format = Uuid)]
    pub location: Option<String>,
    /// The size (empty or left out for a model without sizes).
    #[param(max_length = 20, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub size: Option<String>,
    /// The first day (default, and at the earliest, today).
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub from: Option<String>,
    /// How many days (default 28).
    #[param(value_type = Option<i32>, minimum = 1, maximum = 62)]
    pub days: Option<String>,
}

/// Day by day, how many units of the model and size are free at a location,
/// and whether it is open (for the calendar).
#[utoipa::path(
    operation_id = "get_bua_model_days",
    tag = "bua",
    params(("id" = String, Path, format = Uuid, description = "Model id"), DaysQuery),
    responses(
        (status = 200, description = "One entry per day", body = Vec<DayAvailability>),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/models/{id}/days")]
pub async fn get_bua_model_days(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<DaysQuery>,
) -> Result<web::Json<Vec<DayAvailability>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut p = QueryParser::default();
    let location = p
        .list("location", &query.location, 1, |s| s.parse::<Uuid>().ok())
        .into_iter()
        .next();
    if query.location.is_none() {
        p.errors
            .push(FieldError::new("location", "required", "is required"));
    }
    let size = p.text("size", &query.size, 20).unwrap_or_default();
    let today = today();
    // Availability is kept from today on: an earlier day counts as today.
    let from = p.date("from", &query.from).map_or(today, |d| d.max(today));
    let days = p.int("days", &query.days, 1, 62).unwrap_or(28);
    let location = p.finish(|| location)?;
    let mut conn = state.conn().await?;
    let (_, calendar) = db::rules_and_calendar(&mut conn, location, from)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rows = db::days(
        &mut conn,
        location,
        id,
        &size,
        from,
        i32::try_from(days).unwrap_or(28),
        today,
    )
    .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| DayAvailability {
                open: calendar.is_open(r.day),
                day: r.day,
                free: r.free,
            })
            .collect(),
    ))
}

/// "Nothing in my size": recorded without any person, so staff see what to
/// buy next.
#[utoipa::path(
    operation_id = "create_bua_unmet_demand",
    tag = "bua",
    request_body = UnmetRequest,
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown location, model or district", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/unmet-demand")]
pub async fn create_bua_unmet_demand(
    state: web::Data<AppState>,
    body: JsonBody<UnmetRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut e = fritid_domain::ValidationErrors::new();
    let size = e.check(fritid_domain::text::optional_line(
        "size",
        Some(&body.size),
        20,
    ));
    let district = e.check(fritid_domain::text::optional_line(
        "district",
        body.district.as_deref(),
        40,
    ));
    let (size, district) = e
        .finish(|| Some((size?.unwrap_or_default(), district?)))
        .map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    db::record_unmet(
        &mut conn,
        body.location_id.into_uuid(),
        body.model_id.into_uuid(),
        &size,
        district.as_deref(),
        None,
    )
    .await
    .map_err(|e| match e.constraint() {
        Some("bua_unmet_demand_location_id_fkey") => {
            ApiError::validation("location_id", "unknown", "is not a BUA location")
        }
        Some("bua_unmet_demand_district_fkey") => {
            ApiError::validation("district", "unknown", "is not a known district")
        }
        _ => e.into(),
    })?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnmetQuery {
    /// Only this location (staff see their own; administrators all).
    #[param(value_type = Option<String>, format = Uuid)]
    pub location: Option<String>,
    /// Since this day (default 365 days back).
    #[param(value_type = Option<String>, format = Date, pattern = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub since: Option<String>,
}

/// What people asked for and did not get, per location, district, model
/// and size (lending staff of the location, administrators).
#[utoipa::path(
    operation_id = "list_bua_unmet_demand",
    tag = "bua",
    security(("bearer" = [])),
    params(UnmetQuery),
    responses(
        (status = 200, description = "Most asked for first", body = Vec<UnmetDemand>),
        (status = 400, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/bua/unmet-demand")]
pub async fn list_bua_unmet_demand(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<UnmetQuery>,
) -> Result<web::Json<Vec<UnmetDemand>>, ApiError> {
    let mut p = QueryParser::default();
    let location = p
        .list("location", &query.location, 1, |s| s.parse::<Uuid>().ok())
        .into_iter()
        .next();
    let since = p.date("since", &query.since);
    p.finish(|| Some(()))?;
    let since = since.unwrap_or(today() - Days::new(365));
    let mut conn = state.conn().await?;
    match location {
        Some(l) => require_desk(&mut conn, &user, l).await?,
        None if user.has(Role::Admin) => {}
        None => {
            return Err(ApiError::Forbidden {
                code: "forbidden",
                detail: "Name a location where you are staff; all locations need the `admin` role."
                    .into(),
                errors: vec![],
            })
        }
    }
    let rows = db::unmet(&mut conn, location, since).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| UnmetDemand {
                location_name: r.location_name,
                district: r.district,
                category: r.category,
                model_name: r.model_name,
                size: r.size,
                requests: r.requests,
            })
            .collect(),
    ))
}
