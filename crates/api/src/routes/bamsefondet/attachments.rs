//! Attachments (an invoice, a membership confirmation): PDF, JPEG or PNG,
//! at most 10 MB each and five per application. The type is decided from
//! the content (`infer`), never from the name or the declared type. Served
//! as a download, only to the applicant and to staff who may see the case.

use super::{as_applicant, as_staff, is_staff};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::images::read_body;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{delete, get, post, web, HttpResponse};
use fritid_db::bamsefondet::applications as apps;
use fritid_db::{AsyncConnection, AsyncPgConnection};
use fritid_domain::bamsefondet::application::{
    Attachment, FileBytes, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES,
};
use fritid_domain::bamsefondet::case::Status;
use fritid_domain::ids::AttachmentId;
use fritid_domain::{FieldError, Problem, ValidationErrors};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachmentQuery {
    /// The file's name as the applicant knows it (1–200 characters).
    pub file_name: Option<String>,
}

/// The type of `bytes` from its content: PDF, JPEG or PNG, or `None`.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match infer::get(bytes)?.mime_type() {
        t @ ("application/pdf" | "image/jpeg" | "image/png") => Some(t),
        _ => None,
    }
}

/// Attach a file (the applicant, while the application is a draft or with
/// the fund before a decision).
#[utoipa::path(
    operation_id = "create_fund_attachment",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id"), AttachmentQuery),
    request_body(
        description = "A PDF, JPEG or PNG file, at most 10 MB. The type is read from the content.",
        content((FileBytes = "application/pdf"), (FileBytes = "image/jpeg"), (FileBytes = "image/png"))
    ),
    responses(
        (status = 201, description = "Attached", body = Attachment),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided or closed (`illegal_transition`), or five files already (`too_many_attachments`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No file name, empty, or not a PDF, JPEG or PNG (fields `file_name`, `file`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fund-applications/{id}/attachments")]
pub async fn create_fund_attachment(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<AttachmentQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let me = user.id.into_uuid();
    // Who may attach is checked before the body is read.
    {
        let mut conn = state.conn().await?;
        as_applicant(&mut conn, id, &user, false).await?;
    }
    let mut errors = ValidationErrors::new();
    let name = errors.check(fritid_domain::text::line(
        "file_name",
        query.file_name.as_deref().unwrap_or(""),
        200,
    ));
    let bytes = read_body(payload, MAX_ATTACHMENT_BYTES).await?;
    let kind = if bytes.is_empty() {
        errors.push(FieldError::new("file", "required", "is required"));
        None
    } else {
        let kind = sniff(&bytes);
        if kind.is_none() {
            errors.push(FieldError::new(
                "file",
                "unsupported_type",
                "must be a PDF, JPEG or PNG file",
            ));
        }
        kind
    };
    let (Some(name), Some(kind)) = (name, kind) else {
        return Err(ApiError::Validation(errors));
    };
    let digest = Sha256::digest(&bytes).to_vec();
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = as_applicant(conn, id, &user, true).await?;
            if !matches!(
                row.status(),
                Status::Draft | Status::Submitted | Status::InReview | Status::NeedsInfo
            ) {
                return Err(super::illegal(
                    fritid_domain::bamsefondet::case::IllegalTransition {
                        from: row.status(),
                        action: fritid_domain::bamsefondet::case::Action::Edit,
                    },
                ));
            }
            // The row lock makes the count and the insert one step.
            if apps::count_attachments(conn, id).await? >= MAX_ATTACHMENTS as i64 {
                return Err(ApiError::Conflict {
                    code: "too_many_attachments",
                    detail: format!("An application has at most {MAX_ATTACHMENTS} files."),
                    errors: vec![],
                });
            }
            Ok(apps::add_attachment(conn, id, me, &name, kind, &digest, &bytes).await?)
        })
        .await?;
    Ok(HttpResponse::Created().json(Attachment {
        id: AttachmentId(row.id),
        file_name: row.file_name,
        content_type: row.content_type,
        size_bytes: i64::from(row.size_bytes),
        sha256: row.sha256.iter().map(|b| format!("{b:02x}")).collect(),
        created_at: row.created_at,
    }))
}

/// The applicant's or an authorised caseworker's access; staff reads are audited.
async fn may_read(conn: &mut AsyncPgConnection, id: Uuid, user: &AuthUser) -> Result<(), ApiError> {
    match as_applicant(conn, id, user, false).await {
        Ok(_) => Ok(()),
        Err(ApiError::NotFound) if is_staff(user) => {
            as_staff(conn, id, user, false, "fund_application.read_attachment")
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    }
}

/// Download an attachment (as a file, never shown inline).
#[utoipa::path(
    operation_id = "get_fund_attachment",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "Application id"),
        ("attachment" = String, Path, format = Uuid, description = "Attachment id"),
    ),
    responses(
        (status = 200, description = "The file", content((FileBytes = "application/pdf"), (FileBytes = "image/jpeg"), (FileBytes = "image/png"))),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such attachment the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/fund-applications/{id}/attachments/{attachment}")]
pub async fn get_fund_attachment(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path.0)?;
    let attachment: Uuid = parse_id("attachment", &path.1)?;
    let mut conn = state.conn().await?;
    let (row, bytes) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            may_read(conn, id, &user).await?;
            apps::attachment_bytes(conn, id, attachment)
                .await?
                .ok_or(ApiError::NotFound)
        })
        .await?;
    let ascii: String = row
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, row.content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\""),
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

/// Remove an attachment (the applicant, while the application is a draft).
#[utoipa::path(
    operation_id = "delete_fund_attachment",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "Application id"),
        ("attachment" = String, Path, format = Uuid, description = "Attachment id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Bad id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such attachment of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submitted already (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/fund-applications/{id}/attachments/{attachment}")]
pub async fn delete_fund_attachment(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path.0)?;
    let attachment: Uuid = parse_id("attachment", &path.1)?;
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = as_applicant(conn, id, &user, true).await?;
        fritid_domain::bamsefondet::case::transition(
            row.status(),
            fritid_domain::bamsefondet::case::Action::Edit,
            false,
            false,
        )
        .map_err(super::illegal)?;
        if apps::delete_attachment(conn, id, attachment).await? {
            Ok(())
        } else {
            Err(ApiError::NotFound)
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn the_type_comes_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some("image/jpeg"));
        // An executable named .pdf is still an executable.
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"), None);
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\0"), None);
        assert_eq!(sniff(b"hello"), None);
    }
}
