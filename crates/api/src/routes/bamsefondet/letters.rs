//! Decision letters (forvaltningsloven §§ 24, 25, 27): an HTML page that
//! prints well, in bokmål or English, with the decision, the amount, the
//! reasons, the right to appeal, the deadline, the appeal body and how to
//! appeal. When the applicant opens a letter the first time, that day is
//! recorded as the day it reached them; the appeal deadline counts from it.

use super::{as_applicant, as_staff, is_staff};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::platform::templates::{date, money};
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use chrono::Utc;
use chrono_tz::Europe::Oslo;
use fritid_db::bamsefondet::applications::ApplicationRow;
use fritid_db::bamsefondet::{casework, funds};
use fritid_db::{users, AsyncConnection};
use fritid_domain::bamsefondet::application::APPEAL_DAYS;
use fritid_domain::notification::Language;
use fritid_domain::{FieldError, Problem};
use minijinja::{AutoEscape, Environment};
use serde::Deserialize;
use std::sync::LazyLock;
use utoipa::IntoParams;
use uuid::Uuid;

const LAYOUT: &str = include_str!("../../../templates/letters/layout.html");

/// The letters' style sheet: the text of the layout's one `<style>` element.
/// A letter opened from the web app inherits the app's Content-Security-Policy,
/// which lets exactly this text through by its hash (see `app::csp`).
pub(crate) fn style_sheet() -> &'static str {
    LAYOUT
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map_or("", |(css, _)| css)
}

static LETTERS: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    for (name, source) in [
        ("layout.html", LAYOUT),
        (
            "decision.nb.html",
            include_str!("../../../templates/letters/decision.nb.html"),
        ),
        (
            "decision.en.html",
            include_str!("../../../templates/letters/decision.en.html"),
        ),
    ] {
        if let Err(e) = env.add_template(name, source) {
            tracing::error!(error = %e, name, "letter template does not compile");
        }
    }
    env
});

/// Which letter: the decision, or the decision on an appeal.
#[derive(Debug, utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum LetterKind {
    Decision,
    Appeal,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LetterQuery {
    /// `nb` (default) or `en`.
    #[param(value_type = Option<Language>)]
    pub lang: Option<String>,
    /// `decision` (default) or `appeal` (the decision on an appeal).
    #[param(value_type = Option<LetterKind>)]
    pub kind: Option<String>,
}

/// Renders the letter of `row`.
pub(crate) async fn render(
    conn: &mut fritid_db::AsyncPgConnection,
    row: &ApplicationRow,
    lang: Language,
    appeal: bool,
) -> Result<Option<String>, ApiError> {
    let (round, fund) = funds::find_round(conn, row.round_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (outcome, amount, reasons, at, opened) = if appeal {
        (
            row.appeal_outcome.clone(),
            row.appeal_granted_nok,
            row.appeal_reasons.clone(),
            row.appeal_decided_at,
            row.appeal_letter_opened_on,
        )
    } else {
        (
            row.outcome.clone(),
            row.decided_nok,
            row.reasons.clone(),
            row.decided_at,
            row.letter_opened_on,
        )
    };
    let (Some(outcome), Some(at)) = (outcome, at) else {
        return Ok(None);
    };
    let applicant = match row.applicant_id {
        Some(a) => users::find_by_id(conn, a).await?.map(|u| u.display_name),
        None => None,
    };
    let activity = match row.activity_id {
        Some(a) => fritid_db::activities::find(conn, a).await?.map(|a| a.title),
        None => row.activity_name.clone(),
    };
    let club = match row.activity_id {
        Some(a) => casework::club_of(conn, a).await?.map(|c| c.1),
        None => row.club_name.clone(),
    };
    let activity = match (activity, club) {
        (Some(a), Some(c)) => Some(format!("{a}, {c}")),
        (a, c) => a.or(c),
    };
    let amount = i64::from(amount.unwrap_or(0));
    let deadline = opened.and_then(|d| d.checked_add_days(chrono::Days::new(APPEAL_DAYS)));
    let ctx = minijinja::context! {
        lang => lang.as_str(),
        title => fund.name.clone(),
        appeal => appeal,
        decision_owner => fund.decision_owner,
        appeal_body => fund.appeal_body,
        contact => fund.contact,
        fund_name => fund.name,
        round_name => round.name,
        letter_date => date(at.with_timezone(&Oslo).date_naive(), lang),
        applicant_name => applicant.unwrap_or_default(),
        child_first_name => row.child_first_name.clone().unwrap_or_default(),
        activity => activity,
        requested => money(i64::from(row.requested_nok), lang),
        outcome => outcome,
        amount_nok => amount,
        amount => money(amount, lang),
        reasons => reasons.filter(|r| !r.is_empty()),
        paid_to => row.payout_to.clone().unwrap_or_else(|| "club".into()),
        received => opened.map(|d| date(d, lang)),
        deadline => deadline.map(|d| date(d, lang)),
    };
    let html = LETTERS
        .get_template(&format!("decision.{}.html", lang.as_str()))
        .and_then(|t| t.render(ctx))
        .map_err(ApiError::internal)?;
    Ok(Some(html))
}

/// The decision letter (or, with `kind=appeal`, the letter deciding the
/// appeal) as a page that prints well. The applicant's first opening is
/// recorded as the day the letter reached them; staff reads are audited.
#[utoipa::path(
    operation_id = "get_fund_letter",
    tag = "bamsefondet",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Application id"), LetterQuery),
    responses(
        (status = 200, description = "The letter", content_type = "text/html", body = String),
        (status = 400, description = "Bad id, language or kind", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application the caller may see, or no decision yet", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/fund-applications/{id}/letter")]
pub async fn get_fund_letter(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<LetterQuery>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut errors = Vec::new();
    let lang = match query.lang.as_deref().filter(|l| !l.is_empty()) {
        None => Some(Language::Nb),
        Some(l) => Language::parse(l).or_else(|| {
            errors.push(FieldError::new("lang", "invalid", "must be nb or en"));
            None
        }),
    };
    let appeal = match query.kind.as_deref().filter(|k| !k.is_empty()) {
        None | Some("decision") => Some(false),
        Some("appeal") => Some(true),
        Some(_) => {
            errors.push(FieldError::new(
                "kind",
                "invalid",
                "must be decision or appeal",
            ));
            None
        }
    };
    let (Some(lang), Some(appeal)) = (lang, appeal) else {
        return Err(ApiError::BadRequest {
            code: "invalid_query",
            detail: "One or more query parameters are invalid.".into(),
            errors,
        });
    };
    let mut conn = state.conn().await?;
    let html = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = match as_applicant(conn, id, &user, false).await {
                Ok(row) => {
                    let today = Utc::now().with_timezone(&Oslo).date_naive();
                    let decided = if appeal {
                        row.appeal_decided_at.is_some()
                    } else {
                        row.decided_at.is_some()
                    };
                    if decided {
                        casework::letter_opened(conn, id, appeal, today).await?;
                    }
                    fritid_db::bamsefondet::applications::find(conn, id)
                        .await?
                        .ok_or(ApiError::NotFound)?
                }
                Err(ApiError::NotFound) if is_staff(&user) => {
                    as_staff(conn, id, &user, false, "fund_application.read_letter").await?
                }
                Err(e) => return Err(e),
            };
            render(conn, &row, lang, appeal)
                .await?
                .ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_sheet_is_found_for_its_hash() {
        let css = style_sheet();
        assert!(css.contains("@media print"), "{css}");
        assert!(!css.contains("<style") && !css.contains("</style"));
    }
    use chrono::NaiveDate;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        // Money: fritid_domain::money's own tests.
        let d = NaiveDate::from_ymd_opt(2027, 2, 12).unwrap_or_default();
        assert_eq!(date(d, Language::Nb), "12. februar 2027");
        assert_eq!(date(d, Language::En), "12 February 2027");
    }
}
