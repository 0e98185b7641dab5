//! Links the API hands out: absolute URLs on the server's public address
//! (`FRITID_PUBLIC_URL`), RFC 8288 `Link` headers on lists, and problem
//! `type`s.

use actix_web::body::BoxBody;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;
use std::sync::OnceLock;
use uuid::Uuid;

static PUBLIC_URL: OnceLock<String> = OnceLock::new();

/// The server's public address, set once at start; before that (and in
/// tools) links are relative.
pub fn set_public_url(url: &str) {
    let _ = PUBLIC_URL.set(url.trim_end_matches('/').to_owned());
}

/// `path` (starting with `/`) on the public address.
pub fn absolute(path: &str) -> String {
    format!("{}{path}", PUBLIC_URL.get().map_or("", String::as_str))
}

/// A problem's `type`: where its code is documented (`GET /api/problems`).
pub fn problem_type(code: &str) -> String {
    absolute(&format!("/api/problems#{code}"))
}

/// An activity's page in the web app.
pub fn activity_page(id: Uuid) -> String {
    absolute(&format!("/aktiviteter/{id}"))
}

/// An activity's iCalendar feed.
pub fn activity_calendar(id: Uuid) -> String {
    absolute(&format!("/api/v1/activities/{id}/calendar.ics"))
}

/// A page of a list as JSON, with `Link` headers (RFC 8288) to the pages
/// before and after it: the request's own URL with another `page`, or for a
/// sync list, `after` (`next_after`).
#[derive(Debug)]
pub struct Paged<T> {
    pub body: T,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
    /// A sync list's position to continue from, when there is more.
    pub next_after: Option<String>,
}

impl<T> Paged<T> {
    pub fn new(body: T, page: u32, per_page: u32, total: i64) -> Self {
        Self {
            body,
            page,
            per_page,
            total,
            next_after: None,
        }
    }
}

/// The request's URL with `name` set to `value` (and `page` dropped when
/// `after` is set), keeping the other parameters as they were sent.
fn with_param(req: &HttpRequest, name: &str, value: &str) -> String {
    let mut query: Vec<&str> = req
        .query_string()
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let key = p.split('=').next().unwrap_or_default();
            key != name && !(name == "after" && key == "page")
        })
        .collect();
    let pair = format!("{name}={value}");
    query.push(&pair);
    absolute(&format!("{}?{}", req.path(), query.join("&")))
}

impl<T: Serialize> Paged<T> {
    fn links(&self, req: &HttpRequest) -> Vec<String> {
        let mut links = Vec::new();
        if let Some(after) = &self.next_after {
            links.push(format!(
                "<{}>; rel=\"next\"",
                with_param(req, "after", after)
            ));
            return links;
        }
        let seen = i64::from(self.page) * i64::from(self.per_page);
        if self.page > 1 {
            let prev = self.page - 1;
            links.push(format!(
                "<{}>; rel=\"prev\"",
                with_param(req, "page", &prev.to_string())
            ));
        }
        if seen < self.total {
            let next = self.page + 1;
            links.push(format!(
                "<{}>; rel=\"next\"",
                with_param(req, "page", &next.to_string())
            ));
        }
        links
    }
}

impl<T: Serialize> Responder for Paged<T> {
    type Body = BoxBody;

    fn respond_to(self, req: &HttpRequest) -> HttpResponse {
        let mut res = HttpResponse::Ok();
        let links = self.links(req);
        if !links.is_empty() {
            res.insert_header((header::LINK, links.join(", ")));
        }
        res.json(self.body)
    }
}
