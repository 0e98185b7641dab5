//! The one API error type and the one place that maps errors to HTTP.
//! Every error is an RFC 9457 `application/problem+json` body with a stable
//! `code`; a 500 is logged with its cause and returned without detail.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use fritid_db::DbError;
use fritid_domain::{FieldError, Problem, ValidationErrors};

pub const PROBLEM_JSON: &str = "application/problem+json";

pub use crate::links::problem_type;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422: the body parsed but fields break the rules.
    #[error("validation failed: {0}")]
    Validation(ValidationErrors),
    /// 400: the request itself is malformed (JSON syntax, query, path).
    #[error("bad request: {detail}")]
    BadRequest {
        code: &'static str,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 401: no or bad credentials.
    #[error("unauthorized: {code}")]
    Unauthorized {
        code: &'static str,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 403: a known resource the caller may not act on.
    #[error("forbidden: {detail}")]
    Forbidden {
        code: &'static str,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 404
    #[error("not found")]
    NotFound,
    /// 405, with the methods the path accepts.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    /// 409: the request conflicts with the current state.
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 413
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    /// 415
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 429
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// 503: a dependency (the database) is unavailable.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// 500: logged with its cause, returned bare.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn validation(field: &str, code: &str, message: &str) -> Self {
        ApiError::Validation(ValidationErrors::single(FieldError::new(
            field, code, message,
        )))
    }

    pub fn bad_path(field: &str, message: &str) -> Self {
        ApiError::BadRequest {
            code: "invalid_path_parameter",
            detail: format!("Path parameter `{field}` {message}."),
            errors: vec![FieldError::new(field, "invalid", message)],
        }
    }

    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(e.into())
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::Conflict { code, .. } => code,
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable(_) => "service_unavailable",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "Invalid input",
            ApiError::BadRequest { .. } => "Bad request",
            ApiError::Unauthorized { .. } => "Authentication required",
            ApiError::Forbidden { .. } => "Forbidden",
            ApiError::NotFound => "Not found",
            ApiError::MethodNotAllowed { .. } => "Method not allowed",
            ApiError::Conflict { .. } => "Conflict",
            ApiError::PayloadTooLarge { .. } => "Payload too large",
            ApiError::UnsupportedMediaType => "Unsupported media type",
            ApiError::RateLimited { .. } => "Too many requests",
            ApiError::Unavailable(_) => "Service unavailable",
            ApiError::Internal(_) => "Internal server error",
        }
    }

    fn detail_and_errors(&self) -> (Option<String>, Vec<FieldError>) {
        match self {
            ApiError::Validation(errors) => (
                Some("One or more fields are invalid.".into()),
                errors.errors().to_vec(),
            ),
            ApiError::BadRequest { detail, errors, .. }
            | ApiError::Unauthorized { detail, errors, .. }
            | ApiError::Forbidden { detail, errors, .. }
            | ApiError::Conflict { detail, errors, .. } => (Some(detail.clone()), errors.clone()),
            ApiError::NotFound => (Some("There is nothing at this address.".into()), vec![]),
            ApiError::MethodNotAllowed { allow } => {
                (Some(format!("This address accepts only {allow}.")), vec![])
            }
            ApiError::PayloadTooLarge { limit } => (
                Some(format!(
                    "The request body is larger than the limit of {limit} bytes."
                )),
                vec![],
            ),
            ApiError::UnsupportedMediaType => (
                Some("Send the body as JSON with `Content-Type: application/json`.".into()),
                vec![],
            ),
            ApiError::RateLimited { retry_after_secs } => (
                Some(format!(
                    "Too many attempts. Try again in {retry_after_secs} seconds."
                )),
                vec![],
            ),
            ApiError::Unavailable(_) => (
                Some("The service is temporarily unavailable. Try again shortly.".into()),
                vec![],
            ),
            ApiError::Internal(_) => (None, vec![]),
        }
    }

    pub fn problem(&self) -> Problem {
        let code = self.code();
        let (detail, errors) = self.detail_and_errors();
        Problem {
            type_: problem_type(code),
            title: self.title().to_owned(),
            status: self.status_code().as_u16(),
            detail,
            code: code.to_owned(),
            request_id: crate::request_id::current(),
            errors,
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Validation(errors)
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Pool(msg) => ApiError::Unavailable(msg),
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<fritid_db::DieselError> for ApiError {
    fn from(e: fritid_db::DieselError) -> Self {
        ApiError::from(DbError::from(e))
    }
}

/// Maps a named constraint violation to a clear API error.
pub trait OnConstraint<T> {
    fn on_constraint(self, name: &str, f: impl FnOnce() -> ApiError) -> Result<T, ApiError>;
}

impl<T> OnConstraint<T> for Result<T, DbError> {
    fn on_constraint(self, name: &str, f: impl FnOnce() -> ApiError) -> Result<T, ApiError> {
        self.map_err(|e| {
            if e.constraint() == Some(name) {
                f()
            } else {
                e.into()
            }
        })
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "service unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        match self {
            ApiError::RateLimited { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            ApiError::Unauthorized { .. } => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"fritid\""));
            }
            ApiError::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            _ => {}
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

/// Turns actix's JSON body errors into problem responses that say what is wrong.
pub fn json_error_handler(
    err: actix_web::error::JsonPayloadError,
    _req: &HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let api = match &err {
        E::ContentType => ApiError::UnsupportedMediaType,
        E::OverflowKnownLength { limit, .. } | E::Overflow { limit } => {
            ApiError::PayloadTooLarge { limit: *limit }
        }
        E::Deserialize(e) => json_syntax_error(e),
        E::Payload(actix_web::error::PayloadError::Overflow) => {
            ApiError::PayloadTooLarge { limit: JSON_LIMIT }
        }
        _ => ApiError::BadRequest {
            code: "invalid_body",
            detail: "The request body could not be read.".into(),
            errors: vec![],
        },
    };
    api.into()
}

pub const JSON_LIMIT: usize = 64 * 1024;

/// Explains a serde_json error, naming the field where serde knows it.
pub(crate) fn json_syntax_error(e: &serde_json::Error) -> ApiError {
    json_data_error(".", e)
}

/// Explains a serde_json error at `path` (from serde_path_to_error: `.` for
/// the top, `schedule.kind`, `tags[2]`), naming the field.
pub(crate) fn json_data_error(path: &str, e: &serde_json::Error) -> ApiError {
    let message = e.to_string();
    let parent = path.trim_start_matches('.');
    let field = if message.starts_with("missing field") {
        // The path is the object; the message names the field in it.
        quoted_name(&message).map(|name| {
            if parent.is_empty() {
                name
            } else {
                format!("{parent}.{name}")
            }
        })
    } else if parent.is_empty() {
        quoted_name(&message)
    } else {
        Some(parent.to_owned())
    };
    if e.is_data() {
        let (code, text) = if message.starts_with("missing field") {
            ("required", "is required".to_owned())
        } else if message.starts_with("unknown field") {
            ("unknown_field", "is not a known field".to_owned())
        } else {
            ("invalid_type", strip_position(&message))
        };
        let errors = field
            .map(|f| vec![FieldError::new(f, code, text.clone())])
            .unwrap_or_default();
        let detail = match &errors[..] {
            [one] => format!("Field `{}` {}.", one.field, one.message),
            _ => format!(
                "The JSON body does not have the expected shape: {}.",
                strip_position(&message)
            ),
        };
        return ApiError::BadRequest {
            code: "invalid_body",
            detail,
            errors,
        };
    }
    ApiError::BadRequest {
        code: "malformed_json",
        detail: format!(
            "The request body is not valid JSON: {}.",
            strip_position(&message)
        ),
        errors: vec![],
    }
}

fn quoted_name(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Query-string errors as problems naming the parameter.
pub fn query_error_handler(
    err: actix_web::error::QueryPayloadError,
    _req: &HttpRequest,
) -> actix_web::Error {
    let message = err.to_string();
    let errors = quoted_name(&message)
        .map(|f| vec![FieldError::new(f, "invalid", "has an invalid value")])
        .unwrap_or_default();
    ApiError::BadRequest {
        code: "invalid_query",
        detail: format!("The query string is invalid: {message}."),
        errors,
    }
    .into()
}

/// Path errors (a path segment that does not parse).
pub fn path_error_handler(
    err: actix_web::error::PathError,
    _req: &HttpRequest,
) -> actix_web::Error {
    ApiError::BadRequest {
        code: "invalid_path_parameter",
        detail: format!("The address is invalid: {err}."),
        errors: vec![],
    }
    .into()
}

/// Gives error responses that actix produces on its own (such as 405 for a
/// known path with another method) the same problem+json body as ours.
pub fn bare_error_to_problem<B>(
    res: actix_web::dev::ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    use actix_web::middleware::ErrorHandlerResponse;
    // Ours are problem+json already; actix's own are empty or text/plain.
    let bare = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.starts_with("text/plain")));
    if !bare {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let api = match status {
        StatusCode::NOT_FOUND => Some(ApiError::NotFound),
        StatusCode::METHOD_NOT_ALLOWED => Some(ApiError::MethodNotAllowed {
            allow: res
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("GET, HEAD")
                .to_owned(),
        }),
        StatusCode::PAYLOAD_TOO_LARGE => Some(ApiError::PayloadTooLarge { limit: JSON_LIMIT }),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Some(ApiError::UnsupportedMediaType),
        _ => None,
    };
    let (req, _) = res.into_parts();
    let response = match api {
        Some(api) => api.error_response(),
        None => {
            let derived = status
                .canonical_reason()
                .unwrap_or("error")
                .to_lowercase()
                .replace(' ', "_");
            // Only documented codes (`Problem.code` is an enum).
            let code = if fritid_domain::problem::is_known_code(&derived) {
                derived
            } else {
                "http_error".to_owned()
            };
            let problem = Problem {
                type_: problem_type(&code),
                title: status.canonical_reason().unwrap_or("Error").to_owned(),
                status: status.as_u16(),
                detail: None,
                code,
                request_id: crate::request_id::current(),
                errors: vec![],
            };
            HttpResponse::build(status)
                .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
                .body(serde_json::to_string(&problem).unwrap_or_default())
        }
    };
    Ok(ErrorHandlerResponse::Response(
        actix_web::dev::ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_missing_fields_are_named() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Body {
            email: String,
        }
        let missing = serde_json::from_str::<Body>("{}").unwrap_err();
        let ApiError::BadRequest { errors, .. } = json_syntax_error(&missing) else {
            panic!()
        };
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("email", "required")
        );

        let unknown = serde_json::from_str::<Body>(r#"{"email":"a","admin":true}"#).unwrap_err();
        let ApiError::BadRequest { errors, .. } = json_syntax_error(&unknown) else {
            panic!()
        };
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("admin", "unknown_field")
        );

        let syntax = serde_json::from_str::<Body>("{not json").unwrap_err();
        let ApiError::BadRequest { code, .. } = json_syntax_error(&syntax) else {
            panic!()
        };
        assert_eq!(code, "malformed_json");
    }

    #[test]
    fn internal_errors_say_nothing_internal() {
        let problem =
            ApiError::internal(anyhow::anyhow!("password=hunter2 connection refused")).problem();
        let body = serde_json::to_string(&problem).unwrap();
        assert!(!body.contains("hunter2"));
        assert_eq!(problem.status, 500);
        assert_eq!(problem.detail, None);
    }
}
