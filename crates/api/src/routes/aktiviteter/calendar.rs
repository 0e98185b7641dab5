//! iCalendar feeds: one activity, a search, and an organization.

use super::activities::{visible_activity, SearchQuery};
use super::ical::{self, Event};
use super::organizations::visible;
use crate::auth::MaybeUser;
use crate::error::ApiError;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use fritid_db::activities::{self, CalendarActivity};
use fritid_db::search::{self, SearchFilter};
use fritid_db::AsyncPgConnection;
use fritid_domain::Problem;
use uuid::Uuid;

/// At most this many activities in one feed.
const FEED_LIMIT: i64 = 500;

fn event(a: CalendarActivity, base: &str) -> Result<Event, ApiError> {
    let status = a.row.status();
    let row = a.row;
    Ok(Event {
        id: row.id,
        url: format!("{base}/aktiviteter/{}", row.id),
        title: row.title,
        description: row.description,
        location: format!("{}, {}", a.place, a.address),
        category: a.category,
        organizer: a.organizer,
        status,
        schedule: serde_json::from_value(row.schedule).map_err(ApiError::internal)?,
        updated_at: row.updated_at,
        sequence: row.revision,
    })
}

fn ics(name: &str, events: &[Event]) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(ical::calendar(name, events, chrono::Utc::now()))
}

/// The events of a search, with the cancelled, postponed and withdrawn
/// ones (as `STATUS:CANCELLED` or `TENTATIVE`): a subscribed calendar
/// then shows the change instead of silently dropping the event.
async fn feed(
    conn: &mut AsyncPgConnection,
    filter: &SearchFilter,
    base: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<Event>, ApiError> {
    let filter = SearchFilter {
        include_cancelled: true,
        // A feed shows no total: count nothing beyond the first match.
        count_up_to: Some(0),
        ..filter.clone()
    };
    let (rows, _) = search::search(conn, &filter, limit, offset).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    activities::for_calendar(conn, &ids)
        .await?
        .into_iter()
        .map(|a| event(a, base))
        .collect()
}

/// One activity as iCalendar (a series is one event with RRULE and EXDATE).
#[utoipa::path(
    operation_id = "get_activity_calendar",
    tag = "activities",
    params(("id" = String, Path, format = Uuid, description = "Activity id")),
    responses(
        (status = 200, description = "text/calendar", body = String, content_type = "text/calendar"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}/calendar.ics")]
pub async fn get_activity_calendar(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let (mut conn, _) = state.read_conn(user.0.is_some()).await?;
    visible_activity(&mut conn, id, user.0.as_ref()).await?;
    let Some(a) = activities::for_calendar(&mut conn, &[id]).await?.pop() else {
        return Err(ApiError::NotFound);
    };
    let name = a.row.title.clone();
    Ok(ics(&name, &[event(a, &state.config.public_url)?]))
}

/// A search as an iCalendar feed: the same filters as `list_activities`,
/// with cancelled and postponed activities kept as such. Without `page`
/// and `per_page`, the first 500 activities; with them, that page.
#[utoipa::path(
    operation_id = "get_search_calendar",
    tag = "activities",
    params(SearchQuery),
    responses(
        (status = 200, description = "text/calendar", body = String, content_type = "text/calendar"),
        (status = 400, description = "Invalid filter (named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calendar.ics")]
pub async fn get_search_calendar(
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, page) = query.parse()?;
    let (limit, offset) = if query.page.is_none() && query.per_page.is_none() {
        (FEED_LIMIT, 0)
    } else {
        (page.limit(), page.offset())
    };
    // Feed readers are anonymous.
    let (mut conn, _) = state.read_conn(false).await?;
    let events = feed(&mut conn, &filter, &state.config.public_url, limit, offset).await?;
    Ok(ics("Fritid i Asker", &events))
}

/// An organization's activities as an iCalendar feed (at most 500): the
/// published ones, and the cancelled and postponed ones as such.
#[utoipa::path(
    operation_id = "get_organization_calendar",
    tag = "organizations",
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "text/calendar", body = String, content_type = "text/calendar"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/calendar.ics")]
pub async fn get_organization_calendar(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let (mut conn, _) = state.read_conn(user.0.is_some()).await?;
    let (org, _) = visible(&mut conn, id, user.0.as_ref()).await?;
    let filter = SearchFilter {
        organization: Some(id),
        from: Some(chrono::Utc::now()),
        ..Default::default()
    };
    let events = feed(&mut conn, &filter, &state.config.public_url, FEED_LIMIT, 0).await?;
    Ok(ics(&org.name, &events))
}
