//! Serves the built web app (`frontend/dist`) at `/` with history-API
//! routing: a deep link such as `/aktiviteter/123` gets `index.html` (the
//! citizens' app), a work page such as `/arrangor/1` gets `work.html` (the
//! work app; `fritid_domain::bundles` decides), while an unknown `/api/...`
//! path stays a JSON 404.

use crate::error::ApiError;
use crate::route_table::RouteTable;
use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::header::{
    AcceptEncoding, ContentEncoding, Encoding, Header, Preference, Quality,
};
use actix_web::http::Method;
use actix_web::web;
use actix_web::{HttpRequest, HttpResponse};
use fritid_domain::bundles::{bundle_for, Bundle};
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
async fn fallback(dir: PathBuf, req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
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
    let page = match bundle_for(req.path()) {
        Bundle::Citizen => "index.html",
        Bundle::Fund => "fund.html",
        Bundle::Lending => "lending.html",
        Bundle::Work => "work.html",
    };
    let res = match NamedFile::open_async(dir.join(page)).await {
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

/// A year: what browsers may keep a content-hashed file for.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The stored encoding to send: brotli when the client takes it at least as
/// gladly as gzip (smaller), else gzip; `None` for the file as it is.
/// actix-web parses the header (qualities, `*`, case).
fn preferred_encoding(req: &HttpRequest) -> Option<(ContentEncoding, &'static str)> {
    let accept = AcceptEncoding::parse(req).ok()?;
    // A named entry outranks `*`; not mentioned at all means refused.
    let quality = |wanted: Encoding| {
        let named = accept
            .iter()
            .find(|i| matches!(&i.item, Preference::Specific(e) if *e == wanted));
        let any = accept.iter().find(|i| matches!(i.item, Preference::Any));
        named.or(any).map_or(Quality::ZERO, |i| i.quality)
    };
    let (br, gzip) = (quality(Encoding::brotli()), quality(Encoding::gzip()));
    if br > Quality::ZERO && br >= gzip {
        Some((ContentEncoding::Brotli, "br"))
    } else if gzip > Quality::ZERO {
        Some((ContentEncoding::Gzip, "gz"))
    } else {
        None
    }
}

/// `/assets/<name>`: the app's content-hashed files (see
/// `frontend/build/assets.mjs`), kept by browsers for a year, and sent
/// precompressed (brotli or gzip) to browsers that accept it.
async fn asset(dir: PathBuf, req: HttpRequest, name: String) -> HttpResponse {
    let safe = !name.starts_with('.')
        && !name.ends_with(".br")
        && !name.ends_with(".gz")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    let plain = dir.join(&name);
    if !safe || !plain.is_file() {
        return actix_web::ResponseError::error_response(&ApiError::NotFound);
    }
    let mime = actix_files::file_extension_to_mime(
        plain.extension().and_then(|e| e.to_str()).unwrap_or(""),
    );
    let file = match preferred_encoding(&req) {
        Some((encoding, ext)) => {
            match NamedFile::open_async(dir.join(format!("{name}.{ext}"))).await {
                Ok(file) => Ok(file.set_content_encoding(encoding)),
                Err(_) => NamedFile::open_async(&plain).await,
            }
        }
        None => NamedFile::open_async(&plain).await,
    };
    match file {
        Ok(file) => {
            let mut res = file
                .set_content_type(mime)
                .disable_content_disposition()
                .into_response(&req);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
            res.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            res
        }
        Err(_) => actix_web::ResponseError::error_response(&ApiError::NotFound),
    }
}

/// Mounts the built app from `dir` (when it exists) with the SPA fallback.
pub fn configure(dir: PathBuf) -> impl FnOnce(&mut actix_web::web::ServiceConfig) {
    move |cfg| {
        let assets = dir.join("assets");
        cfg.route(
            "/assets/{name}",
            web::get().to(move |req: HttpRequest, name: web::Path<String>| {
                asset(assets.clone(), req, name.into_inner())
            }),
        );
        let handler = |dir: PathBuf| {
            actix_web::dev::fn_service(move |req: ServiceRequest| fallback(dir.clone(), req))
        };
        if dir.is_dir() {
            cfg.service(
                Files::new("/", dir.clone())
                    .index_file("index.html")
                    .use_etag(true)
                    .use_last_modified(true)
                    .default_handler(handler(dir.clone())),
            );
        }
        // Also what a scope such as /api/v1 falls back to when no route matches.
        cfg.default_service(handler(dir));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_preferred_and_refusals_are_respected() {
        let pick = |h: Option<&str>| {
            let mut req = actix_web::test::TestRequest::default();
            if let Some(h) = h {
                req = req.insert_header((header::ACCEPT_ENCODING, h));
            }
            preferred_encoding(&req.to_http_request()).map(|(_, ext)| ext)
        };
        assert_eq!(pick(Some("gzip, deflate, br, zstd")), Some("br"));
        assert_eq!(pick(Some("gzip, deflate")), Some("gz"));
        assert_eq!(pick(Some("br;q=0, gzip;q=0.5")), Some("gz"));
        assert_eq!(pick(Some("BR;q=0.8")), Some("br"));
        assert_eq!(pick(Some("gzip, br;q=0.5")), Some("gz"));
        assert_eq!(pick(Some("*")), Some("br"));
        assert_eq!(pick(Some("gzip;q=0.5, *;q=0")), Some("gz"));
        assert_eq!(pick(Some("identity")), None);
        assert_eq!(pick(None), None);
    }

    #[test]
    fn api_paths_are_told_apart_from_app_routes() {
        assert!(is_api("/api/v1/nothing"));
        assert!(is_api("/api"));
        assert!(!is_api("/aktiviteter/123"));
        assert!(!is_api("/apiary"));
    }
}
