//! Conditional GET for public reads: anonymous `GET /api/v1/...` answers
//! carry a weak ETag (a hash of the body) and `Cache-Control: public,
//! no-cache`; a matching `If-None-Match` gets `304 Not Modified` without a
//! body. Answers to requests with a token stay `no-store`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::HttpResponse;
use sha2::{Digest, Sha256};

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let cacheable = req.method() == Method::GET
        && req.path().starts_with("/api/v1/")
        && !req.headers().contains_key(header::AUTHORIZATION);
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let res = next.call(req).await?;
    // A handler that set its own policy (pictures: immutable) keeps it.
    if !cacheable
        || res.status() != StatusCode::OK
        || res.headers().contains_key(header::CACHE_CONTROL)
    {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = match actix_web::body::to_bytes(body).await {
        Ok(b) => b,
        Err(_) => {
            return Err(actix_web::error::ErrorInternalServerError(
                "response body failed",
            ))
        }
    };
    let digest = Sha256::digest(&bytes);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let tag = format!("W/\"{hex}\"");
    let tag_value =
        HeaderValue::from_str(&tag).map_err(actix_web::error::ErrorInternalServerError)?;
    let cache = HeaderValue::from_static("public, no-cache");
    let matches = if_none_match.is_some_and(|v| {
        v.split(',').map(str::trim).any(|t| {
            t == "*" || t == tag || t.trim_start_matches("W/") == tag.trim_start_matches("W/")
        })
    });
    if matches {
        let res = HttpResponse::NotModified()
            .insert_header((header::ETAG, tag_value))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
        return Ok(ServiceResponse::new(req, res));
    }
    head.headers_mut().insert(header::ETAG, tag_value);
    head.headers_mut().insert(header::CACHE_CONTROL, cache);
    Ok(ServiceResponse::new(
        req,
        head.set_body(BoxBody::new(bytes)),
    ))
}
