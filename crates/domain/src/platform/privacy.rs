//! The rights every user has over their data: to get a copy of it, and to
//! delete the account (GDPR articles 15, 17 and 20).

use crate::account::Me;
use crate::activity::OrganizationRef;
use crate::notification::Message;
use crate::organization::{Invitation, MemberRole};
use crate::signup::Signup;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An organization the user is a member of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyMembership {
    pub organization: OrganizationRef,
    pub role: MemberRole,
    /// The user is its only administrator.
    pub sole_admin: bool,
}

/// Something the user did that the audit log recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAuditEvent {
    pub occurred_at: DateTime<Utc>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
}

/// Everything the platform holds about the user, as one JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyData {
    pub exported_at: DateTime<Utc>,
    pub account: Me,
    /// Every sign-up, cancelled ones too.
    pub signups: Vec<Signup>,
    pub memberships: Vec<MyMembership>,
    /// Open invitations to the user's address.
    pub invitations: Vec<Invitation>,
    /// Every message sent to the user.
    pub messages: Vec<Message>,
    pub audit_events: Vec<MyAuditEvent>,
    /// Every Bamsefondet application, with its thread and decisions.
    pub fund_applications: Vec<crate::bamsefondet::application::Application>,
}

/// What deleting the account will do, shown before the user confirms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountDeletion {
    /// Sign-ups that will be cancelled (their places go to the waiting list).
    pub active_signups: Vec<Signup>,
    /// Memberships that end. An organization whose only administrator the
    /// user is stays, looked after by the municipality's administrators.
    pub memberships: Vec<MyMembership>,
    /// The user is the platform's last administrator: the account cannot be
    /// deleted until someone else is.
    pub last_platform_admin: bool,
}

/// Confirms the deletion with the password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    #[cfg_attr(feature = "openapi", schema(format = Password, max_length = 256))]
    pub password: String,
}
