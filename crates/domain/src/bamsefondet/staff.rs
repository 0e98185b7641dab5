//! What caseworkers, approvers and the fund's administrators see: the
//! queue, the whole case with internal notes and history, and the grants a
//! club is to be paid.

use super::application::Application;
use super::case::{Outcome, Status};
use crate::ids::{ActivityId, ApplicationId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A member of staff, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRef {
    pub id: UserId,
    pub name: String,
}

/// One row of the caseworker queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: ApplicationId,
    pub status: Status,
    pub round_name: String,
    pub child_first_name: Option<String>,
    pub district: Option<String>,
    pub requested_nok: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Whole days since the application was submitted.
    pub days_since_submitted: Option<i32>,
    pub assigned_to: Option<StaffRef>,
}

/// How many cases of the filtered queue are in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: Status,
    pub count: i64,
}

/// `GET /api/v1/casework/applications`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    pub items: Vec<CaseSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Per state, with every filter but the state applied.
    pub counts: Vec<StatusCount>,
}

/// An internal note: staff only, never in anything the applicant can reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    pub id: i64,
    pub author: StaffRef,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// One change of state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEvent {
    pub at: DateTime<Utc>,
    pub actor: Option<StaffRef>,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub action: String,
}

/// A recommendation waiting for the second signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    pub outcome: Outcome,
    pub amount_nok: i32,
    pub reasons: Option<String>,
    pub by: StaffRef,
    pub at: DateTime<Utc>,
}

/// The person who applied, as staff see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    pub name: String,
    pub email: String,
}

/// `GET /api/v1/casework/applications/{id}`: the whole case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub application: Application,
    pub applicant: Option<Applicant>,
    pub four_eyes: bool,
    pub assigned_to: Option<StaffRef>,
    pub recommendation: Option<Recommendation>,
    pub decided_by: Option<StaffRef>,
    pub notes: Vec<Note>,
    pub history: Vec<HistoryEvent>,
    /// The club confirmed the child takes part (grants paid to a club).
    pub participation_confirmed_at: Option<DateTime<Utc>>,
}

/// A grant to be paid to a club registered in Fritid, as its
/// administrators see it: nothing about the family's situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClubGrant {
    pub application_id: ApplicationId,
    pub child_first_name: String,
    pub activity_id: ActivityId,
    pub activity_title: String,
    pub amount_nok: i32,
    pub participation_confirmed_at: Option<DateTime<Utc>>,
    pub paid: bool,
}

/// One line of an application's audit log: who read or changed it, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub occurred_at: DateTime<Utc>,
    pub actor: Option<StaffRef>,
    /// `fund_application.read`, `fund_application.decide`, …
    pub action: String,
}
