//! What other web sites and plain HTTP clients may do: CORS and HEAD.
//!
//! **CORS** (actix-cors): any origin may make the public, anonymous reads
//! (`GET`/`HEAD` under `/api/` without an `Authorization` header), so the
//! municipality's web site or a school portal can show activities straight
//! from the browser. Only the origins in `FRITID_CORS_ORIGINS` may send a
//! token or write. No credentials are ever allowed across origins: the
//! refresh cookie is `SameSite=Strict` and the API takes bearer tokens.
//! A request from an origin that is not allowed is still answered, without
//! CORS headers, so the browser keeps the answer from the page (and
//! non-browser clients, which send no `Origin`, are unaffected).
//!
//! **HEAD** (RFC 9110 § 9.3.2): every `GET` answers `HEAD` with the same
//! status and headers. The request is routed as a `GET`; the HTTP/1
//! encoder sends no body for a `HEAD` request.

use actix_cors::Cors;
use actix_web::dev::{RequestHead, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;

/// The headers a cross-origin page may read from an answer.
const EXPOSED: [&str; 6] = [
    "etag",
    "link",
    "location",
    "retry-after",
    "x-request-id",
    "content-disposition",
];

/// The CORS policy; `trusted` are the origins (`https://host[:port]`)
/// that may also make authenticated calls.
pub fn cors(trusted: &[String]) -> Cors {
    let trusted: Vec<String> = trusted.to_vec();
    Cors::default()
        .allowed_origin_fn(move |origin, head| {
            let origin = origin.to_str().unwrap_or_default();
            trusted.iter().any(|t| t == origin) || anonymous_read(head)
        })
        .allowed_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_NONE_MATCH,
        ])
        .expose_headers(EXPOSED)
        .max_age(600)
        .block_on_origin_mismatch(false)
        // `Vary: Origin` is added to the API's answers only, where the
        // answer depends on it (`app::security_headers`); the web app's
        // files stay cacheable by URL alone.
        .disable_vary_header()
}

/// A public read: `GET` or `HEAD` under `/api/` without a token, or the
/// preflight of one.
fn anonymous_read(head: &RequestHead) -> bool {
    if !head.uri.path().starts_with("/api/") {
        return false;
    }
    let read = |m: &Method| *m == Method::GET || *m == Method::HEAD;
    if head.method == Method::OPTIONS {
        let method = head
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .and_then(|v| Method::from_bytes(v.as_bytes()).ok());
        let asks_for_token = head
            .headers()
            .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|h| h.trim().eq_ignore_ascii_case("authorization"));
        method.as_ref().is_some_and(read) && !asks_for_token
    } else {
        read(&head.method) && !head.headers().contains_key(header::AUTHORIZATION)
    }
}

/// Routes `HEAD` as `GET`; see the module documentation.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl actix_web::body::MessageBody>,
) -> Result<ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
