//! Bamsefondet: funds and rounds (administrators), applications (guardians,
//! and coaches who start one for a family), casework (caseworkers and
//! approvers), attachments, letters and statistics.
//!
//! Who sees an application (forvaltningsloven § 13): its applicant, and
//! staff with the caseworker or approver role who are not disqualified on
//! it and did not make it. Everyone else gets 404. Every staff read and
//! write is in the audit log.

pub mod applications;
pub mod attachments;
pub mod casework;
pub mod funds;
pub mod letters;

use crate::auth::AuthUser;
use crate::error::ApiError;
use chrono::{Days, NaiveDate};
use fritid_db::audit::{self, NewAuditEvent};
use fritid_db::bamsefondet::applications::{self as apps, ApplicationRow};
use fritid_db::bamsefondet::{casework as db_casework, funds as db_funds};
use fritid_db::{AsyncPgConnection, DbError};
use fritid_domain::bamsefondet::application::{
    Appeal, Application, AppliedActivity, Attachment, CaseMessage, Decision, Payout, PayoutTo,
    APPEAL_DAYS,
};
use fritid_domain::bamsefondet::case::{IllegalTransition, Outcome, Status};
use fritid_domain::ids::{ActivityId, ApplicationId, AttachmentId, OrganizationId, RoundId};
use fritid_domain::{FieldError, Role};
use uuid::Uuid;

/// The subject type of applications in the audit log.
pub(crate) const AUDIT_SUBJECT: &str = "fund_application";

/// 409 naming the current state.
pub(crate) fn illegal(e: IllegalTransition) -> ApiError {
    ApiError::Conflict {
        code: "illegal_transition",
        detail: format!(
            "The application is {}; that cannot be done now.",
            e.from.as_str()
        ),
        errors: vec![FieldError::new(
            "status",
            e.from.as_str(),
            "is the current state",
        )],
    }
}

/// Maps the budget check and the four-eyes checks to clear 409s.
pub(crate) fn decision_constraints(e: DbError) -> ApiError {
    match e.constraint() {
        Some("fund_rounds_within_budget") => ApiError::Conflict {
            code: "budget_exceeded",
            detail: "The round's budget has no room for this amount.".into(),
            errors: vec![FieldError::new(
                "amount_nok",
                "budget_exceeded",
                "is more than the round has left",
            )],
        },
        Some("fund_applications_four_eyes") => ApiError::Conflict {
            code: "same_signer",
            detail: "The second signature must be someone else than who recommended.".into(),
            errors: vec![],
        },
        Some("fund_applications_appeal_by_another") => ApiError::Conflict {
            code: "same_decider",
            detail: "An appeal is assessed by someone else than who made the first decision."
                .into(),
            errors: vec![],
        },
        _ => e.into(),
    }
}

/// The application if `user` is its applicant (or the coach who started a
/// draft not yet claimed); 404 otherwise.
pub(crate) async fn as_applicant(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: &AuthUser,
    lock: bool,
) -> Result<ApplicationRow, ApiError> {
    let me = user.id.into_uuid();
    let row = if lock {
        apps::lock(conn, id).await?
    } else {
        apps::find(conn, id).await?
    }
    .ok_or(ApiError::NotFound)?;
    let coach_draft =
        row.applicant_id.is_none() && row.started_by == Some(me) && row.status() == Status::Draft;
    if row.applicant_id == Some(me) || coach_draft {
        Ok(row)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Whether the caller holds a casework role now.
pub(crate) fn is_staff(user: &AuthUser) -> bool {
    user.has(Role::Caseworker) || user.has(Role::Approver)
}

pub(crate) fn require_staff(user: &AuthUser) -> Result<(), ApiError> {
    if is_staff(user) {
        Ok(())
    } else {
        Err(ApiError::Forbidden {
            code: "forbidden",
            detail: "This needs the `caseworker` or `approver` role.".into(),
            errors: vec![],
        })
    }
}

/// The application for casework by `user`: 403 without a casework role;
/// 404 for a draft, the caller's own application, or one the caller is
/// disqualified on. The access is written to the audit log as `action`.
pub(crate) async fn as_staff(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: &AuthUser,
    lock: bool,
    action: &str,
) -> Result<ApplicationRow, ApiError> {
    require_staff(user)?;
    let me = user.id.into_uuid();
    let row = if lock {
        apps::lock(conn, id).await?
    } else {
        apps::find(conn, id).await?
    }
    .ok_or(ApiError::NotFound)?;
    if row.status() == Status::Draft
        || row.applicant_id == Some(me)
        || apps::is_disqualified(conn, id, me).await?
    {
        return Err(ApiError::NotFound);
    }
    audit_staff(conn, user, id, action, serde_json::json!({})).await?;
    Ok(row)
}

pub(crate) async fn audit_staff(
    conn: &mut AsyncPgConnection,
    user: &AuthUser,
    id: Uuid,
    action: &str,
    details: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &NewAuditEvent {
            actor_id: Some(user.id.into_uuid()),
            action,
            subject_type: AUDIT_SUBJECT,
            subject_id: Some(id.to_string()),
            details,
        },
    )
    .await?;
    Ok(())
}

fn decision(
    outcome: Option<&str>,
    amount: Option<i32>,
    reasons: Option<String>,
    at: Option<chrono::DateTime<chrono::Utc>>,
    opened: Option<NaiveDate>,
) -> Option<Decision> {
    let outcome = Outcome::parse(outcome?)?;
    Some(Decision {
        outcome,
        amount_nok: amount.unwrap_or(0),
        reasons: reasons.filter(|r| !r.is_empty()),
        decided_at: at?,
        letter_received_on: opened,
        appeal_deadline: opened.and_then(|d| d.checked_add_days(Days::new(APPEAL_DAYS))),
    })
}

/// The application as its applicant sees it (the thread, never the notes).
pub(crate) async fn application_dto(
    conn: &mut AsyncPgConnection,
    row: ApplicationRow,
) -> Result<Application, ApiError> {
    let (round, fund) = db_funds::find_round(conn, row.round_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let activity = match row.activity_id {
        Some(a) => fritid_db::activities::find(conn, a)
            .await?
            .map(|act| (act, a)),
        None => None,
    };
    let activity = match activity {
        Some((act, a)) => {
            let org = db_casework::club_of(conn, a).await?;
            org.map(|(org_id, org_name)| AppliedActivity {
                id: ActivityId(a),
                title: act.title,
                organization_id: OrganizationId(org_id),
                organization_name: org_name,
            })
        }
        None => None,
    };
    let messages = apps::messages(conn, row.id)
        .await?
        .into_iter()
        .map(|m| CaseMessage {
            id: m.id,
            from_fund: m.from_fund,
            body: m.body,
            created_at: m.created_at,
        })
        .collect();
    let attachments = apps::attachments(conn, row.id)
        .await?
        .into_iter()
        .map(|a| Attachment {
            id: AttachmentId(a.id),
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: i64::from(a.size_bytes),
            sha256: a.sha256.iter().map(|b| format!("{b:02x}")).collect(),
            created_at: a.created_at,
        })
        .collect();
    let status = row.status();
    let first = if status.has_decision() {
        decision(
            row.outcome.as_deref(),
            row.decided_nok,
            row.reasons.clone(),
            row.decided_at,
            row.letter_opened_on,
        )
    } else {
        None
    };
    let appeal = match (&row.appeal_text, row.appealed_at) {
        (Some(text), Some(at)) => Some(Appeal {
            text: text.clone(),
            appealed_at: at,
            decision: decision(
                row.appeal_outcome.as_deref(),
                row.appeal_granted_nok,
                row.appeal_reasons.clone(),
                row.appeal_decided_at,
                row.appeal_letter_opened_on,
            ),
        }),
        _ => None,
    };
    let payout = match (&row.paid_to, row.paid_on, &row.paid_reference) {
        (Some(to), Some(on), Some(reference)) if row.paid_nok > 0 => Some(Payout {
            paid_to: PayoutTo::parse(to).unwrap_or(PayoutTo::Club),
            amount_nok: row.paid_nok,
            reference: reference.clone(),
            paid_on: on,
        }),
        _ => None,
    };
    Ok(Application {
        id: ApplicationId(row.id),
        round_id: RoundId(row.round_id),
        fund_name: fund.name,
        round_name: round.name,
        status,
        cost_lines: row.cost_lines(),
        child_first_name: row.child_first_name,
        child_birth_year: row.child_birth_year,
        district: row.district,
        activity,
        club_name: row.club_name,
        activity_name: row.activity_name,
        requested_nok: row.requested_nok,
        reason: row.reason,
        payout_to: row.payout_to.as_deref().and_then(PayoutTo::parse),
        account_number: row.account_number,
        consent: row.consent,
        started_by_coach: row.started_by.is_some(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        submitted_at: row.submitted_at,
        decision: first,
        appeal,
        payout,
        messages,
        attachments,
    })
}
