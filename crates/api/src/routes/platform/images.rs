//! Pictures: upload one for an activity or an organization (the caller's
//! organization), remove it, and fetch its sizes. A picture's address never
//! changes content (a new upload gets a new id), so browsers keep it a year.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::platform::images::process;
use crate::routes::activities::{activity_dto, require_activity_member};
use crate::routes::organizations::{load_organization, require_member};
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{delete, get, put, web, HttpResponse};
use fritid_db::{activities, images, AsyncConnection, AsyncPgConnection};
use fritid_domain::activity::Activity;
use fritid_domain::image::{validate_alt, ImageRef, ImageVariant, PictureBytes, MAX_UPLOAD_BYTES};
use fritid_domain::organization::{MemberRole, Organization};
use fritid_domain::{FieldError, Problem, ValidationErrors};
use futures_util::StreamExt;
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

/// The picture a DTO shows, from its id and the alternative texts loaded.
pub(crate) fn image_ref(id: Option<Uuid>, alts: &HashMap<Uuid, String>) -> Option<ImageRef> {
    let id = id?;
    alts.get(&id).map(|alt| ImageRef::new(id, alt.clone()))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadQuery {
    /// What the picture shows, for those who cannot see it (required, 1–250 characters).
    alt: Option<String>,
}

/// Reads an upload's body, at most `limit` bytes (413 past it, before
/// anything is stored).
pub(crate) async fn read_body(
    mut payload: web::Payload,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest {
            code: "body_unreadable",
            detail: "The file could not be read from the request.".into(),
            errors: vec![FieldError::new("file", "unreadable", "could not be read")],
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Checks the alternative text and the picture; both errors at once.
pub(crate) async fn checked_upload(
    query: UploadQuery,
    payload: web::Payload,
) -> Result<images::NewImage, ApiError> {
    let mut errors = ValidationErrors::new();
    let alt = errors.check(validate_alt(query.alt.as_deref().unwrap_or("")));
    let bytes = read_body(payload, MAX_UPLOAD_BYTES).await?;
    let image = if bytes.is_empty() {
        errors.push(FieldError::new("file", "required", "is required"));
        None
    } else {
        let processed = web::block(move || process(&bytes))
            .await
            .map_err(ApiError::internal)?;
        errors.check(processed.map_err(|rejection| rejection.field_error()))
    };
    match (alt, image) {
        (Some(alt), Some(image)) if errors.is_empty() => Ok(images::NewImage { alt, ..image }),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// 404 for no such activity (or a draft the caller may not see), 403 for
/// one the caller may see but not edit.
async fn require_activity_editor(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: &AuthUser,
) -> Result<(), ApiError> {
    let row = activities::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    require_activity_member(conn, &row, user, MemberRole::Editor).await?;
    Ok(())
}

/// Stores `image` (if any) and shows it on the activity instead of the
/// one before, which is deleted; all or nothing.
async fn show_on_activity(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: &AuthUser,
    image: Option<images::NewImage>,
) -> Result<Activity, ApiError> {
    let uploader = user.id.into_uuid();
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = activities::find(conn, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let image_id = match &image {
            Some(image) => {
                Some(images::insert(conn, Some(row.organization_id), uploader, image).await?)
            }
            None => None,
        };
        images::set_for_activity(conn, id, image_id).await?;
        let row = activities::find(conn, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        activity_dto(conn, row, true).await
    })
    .await
}

/// The same for an organization's picture.
async fn show_on_organization(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: &AuthUser,
    image: Option<images::NewImage>,
) -> Result<Organization, ApiError> {
    let uploader = user.id.into_uuid();
    conn.transaction::<_, ApiError, _>(async |conn| {
        let image_id = match &image {
            Some(image) => Some(images::insert(conn, Some(id), uploader, image).await?),
            None => None,
        };
        images::set_for_organization(conn, id, image_id).await?;
        load_organization(conn, id, Some(MemberRole::Admin)).await
    })
    .await
}

/// Set the activity's picture (its organization's editors). The body is the
/// picture itself; its type is decided from the content.
#[utoipa::path(
    operation_id = "update_activity_image",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id"), UploadQuery),
    request_body(
        description = "A JPEG, PNG or WebP picture, at most 10 MB and at least 200×200 pixels. Metadata (place, camera) is removed.",
        content((PictureBytes = "image/jpeg"), (PictureBytes = "image/png"), (PictureBytes = "image/webp"))
    ),
    responses(
        (status = 200, description = "The activity with its new picture", body = Activity),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No alternative text, or not a usable picture (fields `alt`, `file`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/activities/{id}/image")]
pub async fn put_activity_image(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<UploadQuery>,
    payload: web::Payload,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_activity_editor(&mut conn, id, &user).await?;
    let image = checked_upload(query.into_inner(), payload).await?;
    Ok(web::Json(
        show_on_activity(&mut conn, id, &user, Some(image)).await?,
    ))
}

/// Remove the activity's picture (its organization's editors); pages then
/// show the category's illustration.
#[utoipa::path(
    operation_id = "delete_activity_image",
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    responses(
        (status = 200, description = "The activity without a picture", body = Activity),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/activities/{id}/image")]
pub async fn delete_activity_image(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Activity>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_activity_editor(&mut conn, id, &user).await?;
    Ok(web::Json(
        show_on_activity(&mut conn, id, &user, None).await?,
    ))
}

/// Set the organization's picture (its administrators).
#[utoipa::path(
    operation_id = "update_organization_image",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id"), UploadQuery),
    request_body(
        description = "A JPEG, PNG or WebP picture, at most 10 MB and at least 200×200 pixels. Metadata (place, camera) is removed.",
        content((PictureBytes = "image/jpeg"), (PictureBytes = "image/png"), (PictureBytes = "image/webp"))
    ),
    responses(
        (status = 200, description = "The organization with its new picture", body = Organization),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No alternative text, or not a usable picture (fields `alt`, `file`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organizations/{id}/image")]
pub async fn put_organization_image(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<UploadQuery>,
    payload: web::Payload,
) -> Result<web::Json<Organization>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, id, &user, MemberRole::Admin).await?;
    let image = checked_upload(query.into_inner(), payload).await?;
    Ok(web::Json(
        show_on_organization(&mut conn, id, &user, Some(image)).await?,
    ))
}

/// Remove the organization's picture (its administrators).
#[utoipa::path(
    operation_id = "delete_organization_image",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "The organization without a picture", body = Organization),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}/image")]
pub async fn delete_organization_image(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Organization>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, id, &user, MemberRole::Admin).await?;
    Ok(web::Json(
        show_on_organization(&mut conn, id, &user, None).await?,
    ))
}

/// One size of a picture, as JPEG.
#[utoipa::path(
    operation_id = "get_image",
    tag = "images",
    params(
        ("id" = String, Path, format = Uuid, description = "Picture id"),
        ("file" = String, Path, description = "`card.jpg` (640×360), `page.jpg` (1280×720) or `og.jpg` (1200×630)"),
    ),
    responses(
        (status = 200, description = "The picture (cacheable for a year; the address never changes content)", body = PictureBytes, content_type = "image/jpeg"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such picture or size", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/images/{id}/{file}")]
pub async fn get_image(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    let id: Uuid = parse_id("id", &id)?;
    let variant = file
        .strip_suffix(".jpg")
        .and_then(ImageVariant::parse)
        .ok_or(ApiError::NotFound)?;
    let mut conn = state.conn().await?;
    let bytes = images::variant_bytes(&mut conn, id, variant.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .body(bytes))
}
