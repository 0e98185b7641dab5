//! Fund applications: drafts, state changes with their history, the thread
//! with the applicant, internal notes, disqualifications and attachments.
//!
//! Every change of state goes through [`change`], which writes the new
//! state and the history row in the caller's transaction; callers hold the
//! application's row lock ([`lock`]) while they decide.

use crate::schema::{
    fund_applications as fa, fund_attachments, fund_disqualifications, fund_events, fund_messages,
    fund_notes, users,
};
use crate::DbError;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::bamsefondet::application::{CostLine, ValidDraft};
use fritid_domain::bamsefondet::case::Status;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fa, check_for_backend(diesel::pg::Pg))]
pub struct ApplicationRow {
    pub id: Uuid,
    pub round_id: Uuid,
    pub applicant_id: Option<Uuid>,
    pub started_by: Option<Uuid>,
    pub guardian_email: Option<String>,
    pub status: String,
    pub child_first_name: Option<String>,
    pub child_birth_year: Option<i16>,
    pub district: Option<String>,
    pub activity_id: Option<Uuid>,
    pub club_name: Option<String>,
    pub activity_name: Option<String>,
    pub cost_lines: serde_json::Value,
    pub requested_nok: i32,
    pub reason: Option<String>,
    pub payout_to: Option<String>,
    pub account_number: Option<String>,
    pub consent: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<Uuid>,
    pub recommended_by: Option<Uuid>,
    pub recommended_at: Option<DateTime<Utc>>,
    pub recommended_outcome: Option<String>,
    pub recommended_nok: Option<i32>,
    pub recommended_reasons: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub reasons: Option<String>,
    pub decided_nok: Option<i32>,
    pub granted_nok: i32,
    pub letter_sent_at: Option<DateTime<Utc>>,
    pub letter_opened_on: Option<NaiveDate>,
    pub appeal_text: Option<String>,
    pub appealed_at: Option<DateTime<Utc>>,
    pub appeal_decided_by: Option<Uuid>,
    pub appeal_decided_at: Option<DateTime<Utc>>,
    pub appeal_outcome: Option<String>,
    pub appeal_reasons: Option<String>,
    pub appeal_granted_nok: Option<i32>,
    pub appeal_letter_sent_at: Option<DateTime<Utc>>,
    pub appeal_letter_opened_on: Option<NaiveDate>,
    pub participation_confirmed_at: Option<DateTime<Utc>>,
    pub participation_confirmed_by: Option<Uuid>,
    pub paid_nok: i32,
    pub paid_to: Option<String>,
    pub paid_on: Option<NaiveDate>,
    pub paid_reference: Option<String>,
    pub preliminary_sent_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub anonymised_at: Option<DateTime<Utc>>,
}

impl ApplicationRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Closed)
    }

    pub fn cost_lines(&self) -> Vec<CostLine> {
        serde_json::from_value(self.cost_lines.clone()).unwrap_or_default()
    }
}

#[derive(AsChangeset, Insertable)]
#[diesel(table_name = fa, treat_none_as_null = true)]
struct DraftChanges<'a> {
    child_first_name: Option<&'a str>,
    child_birth_year: Option<i16>,
    district: Option<&'a str>,
    activity_id: Option<Uuid>,
    club_name: Option<&'a str>,
    activity_name: Option<&'a str>,
    cost_lines: serde_json::Value,
    requested_nok: i32,
    reason: Option<&'a str>,
    payout_to: Option<&'a str>,
    account_number: Option<&'a str>,
    consent: bool,
    updated_at: DateTime<Utc>,
}

fn changes(d: &ValidDraft) -> DraftChanges<'_> {
    DraftChanges {
        child_first_name: d.child_first_name.as_deref(),
        child_birth_year: d.child_birth_year,
        district: d.district.as_deref(),
        activity_id: d.activity_id.map(|a| a.0),
        club_name: d.club_name.as_deref(),
        activity_name: d.activity_name.as_deref(),
        cost_lines: serde_json::to_value(&d.cost_lines).unwrap_or_default(),
        requested_nok: i32::try_from(d.requested_nok()).unwrap_or(i32::MAX),
        reason: d.reason.as_deref(),
        payout_to: d.payout_to.map(|p| p.as_str()),
        account_number: d.account_number.as_deref(),
        consent: d.consent,
        updated_at: Utc::now(),
    }
}

/// A new draft, by the guardian (`applicant`) or by a coach for a guardian
/// (`started_by` and `guardian_email`).
pub async fn insert_draft(
    conn: &mut AsyncPgConnection,
    applicant: Option<Uuid>,
    started_by: Option<Uuid>,
    guardian_email: Option<&str>,
    claim_token_hash: Option<&[u8]>,
    d: &ValidDraft,
) -> Result<ApplicationRow, DbError> {
    let row: ApplicationRow = diesel::insert_into(fa::table)
        .values((
            fa::round_id.eq(d.round_id.0),
            fa::applicant_id.eq(applicant),
            fa::started_by.eq(started_by),
            fa::guardian_email.eq(guardian_email),
            fa::claim_token_hash.eq(claim_token_hash),
            changes(d),
        ))
        .returning(ApplicationRow::as_returning())
        .get_result(conn)
        .await?;
    event(
        conn,
        row.id,
        applicant.or(started_by),
        "create",
        None,
        Status::Draft,
    )
    .await?;
    Ok(row)
}

/// Saves a draft's fields (the caller checked it is a draft under lock).
pub async fn save_draft(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    d: &ValidDraft,
) -> Result<ApplicationRow, DbError> {
    Ok(diesel::update(fa::table.find(id))
        .set((fa::round_id.eq(d.round_id.0), changes(d)))
        .returning(ApplicationRow::as_returning())
        .get_result(conn)
        .await?)
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<ApplicationRow>, DbError> {
    Ok(fa::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// The application under a row lock, for the rest of the transaction.
pub async fn lock(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<ApplicationRow>, DbError> {
    Ok(fa::table
        .find(id)
        .for_update()
        .select(ApplicationRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

pub async fn delete(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::delete(fa::table.find(id)).execute(conn).await?;
    Ok(())
}

/// A user's applications (as guardian, and drafts they started as a
/// coach), newest first.
pub async fn mine(
    conn: &mut AsyncPgConnection,
    user: Uuid,
) -> Result<Vec<ApplicationRow>, DbError> {
    Ok(fa::table
        .filter(
            fa::applicant_id
                .eq(user)
                .or(fa::started_by.eq(user).and(fa::applicant_id.is_null())),
        )
        .order((fa::created_at.desc(), fa::id))
        .select(ApplicationRow::as_select())
        .load(conn)
        .await?)
}

/// Deletes the user's drafts, and the drafts they started as a coach that
/// no guardian has taken over (before the account is deleted).
pub async fn delete_drafts_of(conn: &mut AsyncPgConnection, user: Uuid) -> Result<usize, DbError> {
    Ok(diesel::delete(
        fa::table
            .filter(fa::status.eq(Status::Draft.as_str()))
            .filter(
                fa::applicant_id
                    .eq(user)
                    .or(fa::started_by.eq(user).and(fa::applicant_id.is_null())),
            ),
    )
    .execute(conn)
    .await?)
}

/// The draft a claim token names (a coach's draft waiting for its guardian).
pub async fn find_by_claim(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> Result<Option<ApplicationRow>, DbError> {
    Ok(fa::table
        .filter(fa::claim_token_hash.eq(token_hash))
        .for_update()
        .select(ApplicationRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// The guardian takes over a coach's draft.
pub async fn claim(conn: &mut AsyncPgConnection, id: Uuid, guardian: Uuid) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((
            fa::applicant_id.eq(guardian),
            fa::claim_token_hash.eq(None::<Vec<u8>>),
            fa::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
    event(
        conn,
        id,
        Some(guardian),
        "claim",
        Some(Status::Draft),
        Status::Draft,
    )
    .await?;
    Ok(())
}

/// Records a change of state in the history.
pub async fn event(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    actor: Option<Uuid>,
    action: &str,
    from: Option<Status>,
    to: Status,
) -> Result<(), DbError> {
    diesel::insert_into(fund_events::table)
        .values((
            fund_events::application_id.eq(id),
            fund_events::actor_id.eq(actor),
            fund_events::action.eq(action),
            fund_events::from_status.eq(from.map(Status::as_str)),
            fund_events::to_status.eq(to.as_str()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves the application from `from` to `to` and records it in the
/// history. The caller holds the row lock and checked the transition with
/// `fritid_domain::bamsefondet::case::transition`.
pub async fn change(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    actor: Option<Uuid>,
    action: &str,
    from: Status,
    to: Status,
) -> Result<(), DbError> {
    let now = Utc::now();
    let target = fa::table.find(id);
    if to == Status::Submitted {
        // One statement: a submitted application has its submission time.
        diesel::update(target)
            .set((
                fa::status.eq(to.as_str()),
                fa::updated_at.eq(now),
                fa::submitted_at.eq(now),
            ))
            .execute(conn)
            .await?;
    } else {
        diesel::update(target)
            .set((fa::status.eq(to.as_str()), fa::updated_at.eq(now)))
            .execute(conn)
            .await?;
    }
    event(conn, id, actor, action, Some(from), to).await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fund_messages, check_for_backend(diesel::pg::Pg))]
pub struct MessageRow {
    pub id: i64,
    pub from_fund: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn messages(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Vec<MessageRow>, DbError> {
    Ok(fund_messages::table
        .filter(fund_messages::application_id.eq(id))
        .order(fund_messages::id)
        .select(MessageRow::as_select())
        .load(conn)
        .await?)
}

pub async fn add_message(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    author: Uuid,
    from_fund: bool,
    body: &str,
) -> Result<(), DbError> {
    diesel::insert_into(fund_messages::table)
        .values((
            fund_messages::application_id.eq(id),
            fund_messages::author_id.eq(author),
            fund_messages::from_fund.eq(from_fund),
            fund_messages::body.eq(body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fund_notes, check_for_backend(diesel::pg::Pg))]
pub struct NoteRow {
    pub id: i64,
    pub author_id: Option<Uuid>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn notes(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Vec<NoteRow>, DbError> {
    Ok(fund_notes::table
        .filter(fund_notes::application_id.eq(id))
        .order(fund_notes::id)
        .select(NoteRow::as_select())
        .load(conn)
        .await?)
}

pub async fn add_note(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    author: Uuid,
    body: &str,
) -> Result<(), DbError> {
    diesel::insert_into(fund_notes::table)
        .values((
            fund_notes::application_id.eq(id),
            fund_notes::author_id.eq(author),
            fund_notes::body.eq(body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fund_events, check_for_backend(diesel::pg::Pg))]
pub struct EventRow {
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
}

pub async fn events(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Vec<EventRow>, DbError> {
    Ok(fund_events::table
        .filter(fund_events::application_id.eq(id))
        .order(fund_events::id)
        .select(EventRow::as_select())
        .load(conn)
        .await?)
}

/// Display names of users, by id.
pub async fn names(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, String>, DbError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(Uuid, String)>(conn)
        .await?
        .into_iter()
        .collect())
}

pub async fn disqualify(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: Uuid,
    reason: &str,
) -> Result<(), DbError> {
    diesel::insert_into(fund_disqualifications::table)
        .values((
            fund_disqualifications::application_id.eq(id),
            fund_disqualifications::user_id.eq(user),
            fund_disqualifications::reason.eq(reason),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    // A disqualified caseworker no longer holds the case.
    diesel::update(fa::table.find(id).filter(fa::assigned_to.eq(user)))
        .set(fa::assigned_to.eq(None::<Uuid>))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn is_disqualified(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: Uuid,
) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        fund_disqualifications::table
            .filter(fund_disqualifications::application_id.eq(id))
            .filter(fund_disqualifications::user_id.eq(user)),
    ))
    .get_result(conn)
    .await?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fund_attachments, check_for_backend(diesel::pg::Pg))]
pub struct AttachmentRow {
    pub id: Uuid,
    pub application_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub sha256: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

pub async fn attachments(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Vec<AttachmentRow>, DbError> {
    Ok(fund_attachments::table
        .filter(fund_attachments::application_id.eq(id))
        .order((fund_attachments::created_at, fund_attachments::id))
        .select(AttachmentRow::as_select())
        .load(conn)
        .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn add_attachment(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    uploaded_by: Uuid,
    file_name: &str,
    content_type: &str,
    sha256: &[u8],
    bytes: &[u8],
) -> Result<AttachmentRow, DbError> {
    Ok(diesel::insert_into(fund_attachments::table)
        .values((
            fund_attachments::application_id.eq(id),
            fund_attachments::uploaded_by.eq(uploaded_by),
            fund_attachments::file_name.eq(file_name),
            fund_attachments::content_type.eq(content_type),
            fund_attachments::size_bytes.eq(i32::try_from(bytes.len()).unwrap_or(i32::MAX)),
            fund_attachments::sha256.eq(sha256),
            fund_attachments::bytes.eq(bytes),
        ))
        .returning(AttachmentRow::as_returning())
        .get_result(conn)
        .await?)
}

/// An attachment's metadata and content, if it belongs to `application`.
pub async fn attachment_bytes(
    conn: &mut AsyncPgConnection,
    application: Uuid,
    attachment: Uuid,
) -> Result<Option<(AttachmentRow, Vec<u8>)>, DbError> {
    Ok(fund_attachments::table
        .filter(fund_attachments::id.eq(attachment))
        .filter(fund_attachments::application_id.eq(application))
        .select((AttachmentRow::as_select(), fund_attachments::bytes))
        .first(conn)
        .await
        .optional()?)
}

pub async fn delete_attachment(
    conn: &mut AsyncPgConnection,
    application: Uuid,
    attachment: Uuid,
) -> Result<bool, DbError> {
    Ok(diesel::delete(
        fund_attachments::table
            .filter(fund_attachments::id.eq(attachment))
            .filter(fund_attachments::application_id.eq(application)),
    )
    .execute(conn)
    .await?
        > 0)
}

pub async fn count_attachments(conn: &mut AsyncPgConnection, id: Uuid) -> Result<i64, DbError> {
    Ok(fund_attachments::table
        .filter(fund_attachments::application_id.eq(id))
        .count()
        .get_result(conn)
        .await?)
}

/// Moves a submitted application's submission (and creation) back to `at`:
/// for demo data and imports of cases submitted elsewhere. A case older than
/// a month counts as having had its preliminary answer.
pub async fn backdate(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    let old = at < Utc::now() - chrono::Duration::days(30);
    diesel::update(fa::table.find(id).filter(fa::submitted_at.is_not_null()))
        .set((
            fa::submitted_at.eq(at),
            fa::created_at.eq(at - chrono::Duration::hours(1)),
            fa::preliminary_sent_at.eq(old.then(Utc::now)),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Published activities that cost something within a fund's usual
/// maximum: what demo families apply for.
pub async fn paid_activities(
    conn: &mut AsyncPgConnection,
    limit: i64,
) -> Result<Vec<Uuid>, DbError> {
    use crate::schema::activities as a;
    Ok(a::table
        .filter(a::status.eq("published"))
        .filter(a::is_free.eq(false))
        .filter((a::membership_fee_nok + a::session_fee_nok).between(1, 4000))
        .order((a::title, a::id))
        .limit(limit)
        .select(a::id)
        .load(conn)
        .await?)
}
