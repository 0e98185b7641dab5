//! Serves the built web app (`frontend/dist`) at `/` with history-API
//! routing: a deep link such as `/aktiviteter/123` gets `index.html`, while
//! an unknown `/api/...` path stays a JSON 404.

use crate::error::ApiError;
use crate::route_table::RouteTable;
use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::web;
use actix_web::HttpResponse;
use std::path::PathBuf;

const NOT_BUILT: &str =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fritid</title></head>\
<body><main><h1>Fritid</h1><p>The web app has not been built. Run <code>scripts/run</code>, \
or see the API reference at <a href=\"/api/docs/\">/api/docs/</a>.</p></main></body></html>";

/// The answer when there is no built web app to serve.
pub fn not_built() -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .content_type("text/html; charset=utf-8")
        .body(NOT_BUILT)
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz"
}

/// Answers what no route matched: a JSON 404 under `/api`, otherwise the
/// app's `index.html` so the client-side router can take the path.
async fn fallback(
    index: PathBuf,
    req: ServiceRequest,
) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    if is_api(req.path()) {
        let known = req
            .app_data::<web::Data<RouteTable>>()
            .and_then(|t| t.allowed(req.path()));
        let error = match known {
            Some(allow) => ApiError::MethodNotAllowed { allow },
            None => ApiError::NotFound,
        };
        return Ok(ServiceResponse::new(
            req,
            actix_web::ResponseError::error_response(&error),
        ));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let error = ApiError::MethodNotAllowed {
            allow: "GET, HEAD".into(),
        };
        return Ok(ServiceResponse::new(
            req,
            actix_web::ResponseError::error_response(&error),
        ));
    }
    let res = match NamedFile::open_async(&index).await {
        Ok(file) => {
            let mut res = file.into_response(&req);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        Err(_) => not_built(),
    };
    Ok(ServiceResponse::new(req, res))
}

/// Mounts the built app from `dir` (when it exists) with the SPA fallback.
pub fn configure(dir: PathBuf) -> impl FnOnce(&mut actix_web::web::ServiceConfig) {
    move |cfg| {
        let index = dir.join("index.html");
        let handler = |index: PathBuf| {
            actix_web::dev::fn_service(move |req: ServiceRequest| fallback(index.clone(), req))
        };
        if dir.is_dir() {
            cfg.service(
                Files::new("/", dir)
                    .index_file("index.html")
                    .use_etag(true)
                    .use_last_modified(true)
                    .default_handler(handler(index.clone())),
            );
        }
        // Also what a scope such as /api/v1 falls back to when no route matches.
        cfg.default_service(handler(index));
    }
}

#[cfg(test)]
mod tests {
    use super::is_api;

    #[test]
    fn api_paths_are_told_apart_from_app_routes() {
        assert!(is_api("/api/v1/nothing"));
        assert!(is_api("/api"));
        assert!(!is_api("/aktiviteter/123"));
        assert!(!is_api("/apiary"));
    }
}
