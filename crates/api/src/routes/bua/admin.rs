//! Setting BUA up: lending locations with their hours, closed days and loan
//! rules, and equipment models (administrators); units (staff of the
//! location, administrators).

use super::catalogue::{all_locations, load_model, model_dto};
use super::{require_desk, today, unit_dto};
use crate::auth::{Admin, AuthUser, Authorized};
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::parse_id;
use crate::routes::platform::images::{checked_upload, UploadQuery};
use crate::state::AppState;
use actix_web::{delete, post, put, web, HttpResponse};
use fritid_db::bua::admin::{self as db, NewLocation, NewModel};
use fritid_db::bua::catalogue::ModelRow;
use fritid_db::bua::loans as db_loans;
use fritid_db::{images, AsyncConnection, AsyncPgConnection, DbError};
use fritid_domain::bua::admin::{
    validate_unit, LocationRequest, ModelRequest, UnitRequest, ValidLocation, ValidModel,
};
use fritid_domain::bua::catalogue::{Location, Model, Unit};
use fritid_domain::image::PictureBytes;
use fritid_domain::Problem;
use uuid::Uuid;

fn location_constraints(e: DbError) -> ApiError {
    match e.constraint() {
        Some("bua_locations_district_fkey") => {
            ApiError::validation("district", "unknown", "is not a known district")
        }
        Some("bua_locations_name_key") => ApiError::Conflict {
            code: "name_taken",
            detail: "Another location has this name.".into(),
            errors: vec![fritid_domain::FieldError::new("name", "taken", "is taken")],
        },
        _ => e.into(),
    }
}

async fn save_location(
    conn: &mut fritid_db::AsyncPgConnection,
    id: Option<Uuid>,
    v: &ValidLocation,
) -> Result<Uuid, ApiError> {
    let l = NewLocation {
        name: &v.name,
        address: &v.address,
        district: &v.district,
        contact_email: v.contact_email.as_deref(),
        contact_phone: v.contact_phone.as_deref(),
    };
    let id = match id {
        Some(id) => id,
        None => db::create_location(conn, &l)
            .await
            .map_err(location_constraints)?,
    };
    if !db::update_location(conn, id, &l, &v.rules)
        .await
        .map_err(location_constraints)?
    {
        return Err(ApiError::NotFound);
    }
    let hours: Vec<_> = v
        .hours
        .iter()
        .map(|h| (h.weekday, h.opens, h.closes))
        .collect();
    db::set_hours(conn, id, &hours).await?;
    db::replace_closed_days(conn, id, today(), &v.closed_days).await?;
    Ok(id)
}

async fn location_dto(
    conn: &mut fritid_db::AsyncPgConnection,
    id: Uuid,
) -> Result<Location, ApiError> {
    all_locations(conn)
        .await?
        .into_iter()
        .find(|l| l.id.into_uuid() == id)
        .ok_or(ApiError::NotFound)
}

/// Create a lending location (administrators).
#[utoipa::path(
    operation_id = "create_bua_location",
    tag = "bua",
    security(("bearer" = [])),
    request_body = LocationRequest,
    responses(
        (status = 201, description = "Created", body = Location),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/locations")]
pub async fn create_bua_location(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    body: JsonBody<LocationRequest>,
) -> Result<HttpResponse, ApiError> {
    let valid = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    let location = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let id = save_location(conn, None, &valid).await?;
            location_dto(conn, id).await
        })
        .await?;
    Ok(HttpResponse::Created().json(location))
}

/// Change a location's details, hours, closed days ahead and loan rules
/// (administrators). Loans made already keep their days.
#[utoipa::path(
    operation_id = "update_bua_location",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id")),
    request_body = LocationRequest,
    responses(
        (status = 200, description = "Changed", body = Location),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/bua/locations/{id}")]
pub async fn update_bua_location(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<LocationRequest>,
) -> Result<web::Json<Location>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    let location = conn
        .transaction::<_, ApiError, _>(async |conn| {
            save_location(conn, Some(id), &valid).await?;
            location_dto(conn, id).await
        })
        .await?;
    Ok(web::Json(location))
}

fn new_model(v: &ValidModel) -> NewModel<'_> {
    NewModel {
        name: &v.name,
        category: &v.category,
        description: &v.description,
        size_kind: v.size_kind.as_deref(),
        min_age: v.min_age,
        max_age: v.max_age,
        default_loan_days: v.default_loan_days,
    }
}

/// Add an equipment model to the catalogue (administrators).
#[utoipa::path(
    operation_id = "create_bua_model",
    tag = "bua",
    security(("bearer" = [])),
    request_body = ModelRequest,
    responses(
        (status = 201, description = "Created (no units yet)", body = Model),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/models")]
pub async fn create_bua_model(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    body: JsonBody<ModelRequest>,
) -> Result<HttpResponse, ApiError> {
    let v = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    let id = db::create_model(&mut conn, &new_model(&v)).await?;
    let row = ModelRow {
        id,
        name: v.name,
        category: v.category,
        description: v.description,
        size_kind: v.size_kind,
        min_age: v.min_age,
        max_age: v.max_age,
        default_loan_days: v.default_loan_days,
        image_id: None,
        image_alt: None,
        total: 1,
    };
    Ok(HttpResponse::Created().json(model_dto(row, &[])))
}

/// Change a model's name, category, description, size kind, ages or loan
/// days (administrators).
#[utoipa::path(
    operation_id = "update_bua_model",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Model id")),
    request_body = ModelRequest,
    responses(
        (status = 200, description = "The model as it is now", body = Model),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such model", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/bua/models/{id}")]
pub async fn update_bua_model(
    _admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ModelRequest>,
) -> Result<web::Json<Model>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let v = body.validate().map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    let found = db::update_model(&mut conn, id, &new_model(&v)).await?;
    if !found {
        return Err(ApiError::NotFound);
    }
    Ok(web::Json(load_model(&mut conn, id).await?))
}

/// Stores `image` (if any) as the model's photo instead of the one before,
/// which is deleted; all or nothing.
async fn show_on_model(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    uploader: Uuid,
    image: Option<images::NewImage>,
) -> Result<Model, ApiError> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        // 404 before anything is stored.
        load_model(conn, id).await?;
        let image_id = match &image {
            Some(image) => Some(images::insert(conn, None, uploader, image).await?),
            None => None,
        };
        images::set_for_bua_model(conn, id, image_id).await?;
        load_model(conn, id).await
    })
    .await
}

/// Set the model's photo (administrators). The body is the picture itself;
/// its type is decided from the content.
#[utoipa::path(
    operation_id = "update_bua_model_image",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Model id"), UploadQuery),
    request_body(
        description = "A JPEG, PNG or WebP picture, at most 10 MB and at least 200×200 pixels. Metadata (place, camera) is removed.",
        content((PictureBytes = "image/jpeg"), (PictureBytes = "image/png"), (PictureBytes = "image/webp"))
    ),
    responses(
        (status = 200, description = "The model with its new photo", body = Model),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such model", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No alternative text, or not a usable picture (fields `alt`, `file`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/bua/models/{id}/image")]
pub async fn put_bua_model_image(
    admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<UploadQuery>,
    payload: web::Payload,
) -> Result<web::Json<Model>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let image = checked_upload(query.into_inner(), payload).await?;
    let mut conn = state.conn().await?;
    let uploader = admin.user.id.into_uuid();
    Ok(web::Json(
        show_on_model(&mut conn, id, uploader, Some(image)).await?,
    ))
}

/// Remove the model's photo (administrators); pages then show the
/// category's drawing.
#[utoipa::path(
    operation_id = "delete_bua_model_image",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Model id")),
    responses(
        (status = 200, description = "The model without a photo", body = Model),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such model", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/bua/models/{id}/image")]
pub async fn delete_bua_model_image(
    admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Model>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let uploader = admin.user.id.into_uuid();
    Ok(web::Json(
        show_on_model(&mut conn, id, uploader, None).await?,
    ))
}

/// Add a unit at a location (its staff, administrators). The label is
/// stored in capitals and is unique.
#[utoipa::path(
    operation_id = "create_bua_unit",
    tag = "bua",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Location id")),
    request_body = UnitRequest,
    responses(
        (status = 201, description = "Created", body = Unit),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this location", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such location", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The label is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or no such model", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/bua/locations/{id}/units")]
pub async fn create_bua_unit(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<UnitRequest>,
) -> Result<HttpResponse, ApiError> {
    let location: Uuid = parse_id("id", &path)?;
    let (label, size) = validate_unit(&body).map_err(ApiError::Validation)?;
    let mut conn = state.conn().await?;
    require_desk(&mut conn, &user, location).await?;
    let id = db::create_unit(
        &mut conn,
        &label,
        body.model_id.into_uuid(),
        location,
        &size,
    )
    .await
    .map_err(|e| match e.constraint() {
        Some("bua_units_label_key") => ApiError::Conflict {
            code: "label_taken",
            detail: "Another unit has this label.".into(),
            errors: vec![fritid_domain::FieldError::new("label", "taken", "is taken")],
        },
        Some("bua_units_model_id_fkey") => {
            ApiError::validation("model_id", "unknown", "is not a BUA model")
        }
        _ => e.into(),
    })?;
    let unit = db_loans::unit(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(unit_dto(unit)))
}
