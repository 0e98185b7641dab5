//! The one error shape of the API: RFC 9457 problem details with a stable
//! machine `code`, and per-field errors for validation.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One thing wrong with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "field": "password", "code": "too_short", "message": "must be at least 10 characters"
})))]
pub struct FieldError {
    /// The input field, as named in the request (`email`, `page`, `roles[0]`).
    pub field: String,
    /// Stable machine-readable code; clients translate from it.
    pub code: String,
    /// English explanation for developers.
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// RFC 9457 `application/problem+json` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "https://fritid.asker.kommune.no/api/problems#validation_failed",
    "title": "Invalid input",
    "status": 422,
    "detail": "One or more fields are invalid.",
    "code": "validation_failed",
    "request_id": "6c0f2c1d-59f4-4a3e-a1f1-3f7b3b2f9e11",
    "errors": [{ "field": "email", "code": "invalid", "message": "is not a valid email address" }]
})))]
pub struct Problem {
    /// The documentation of this kind of problem: `<server>/api/problems#<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code; `type` links to its documentation.
    #[cfg_attr(feature = "openapi", schema(schema_with = code_schema))]
    pub code: String,
    /// The id of the request, also in the `x-request-id` header and the server log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Per-field errors, for validation problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Collects field errors while validating a whole input, so the user sees
/// every problem at once rather than one per round trip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(error: FieldError) -> Self {
        Self(vec![error])
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Records the error of a parse, returning the value if there was none.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }

    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }

    /// Ends a validation: `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ValidationErrors> {
        if !self.0.is_empty() {
            return Err(self);
        }
        value().ok_or(self)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

/// One stable problem `code`: the status it comes with and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemKind {
    pub code: &'static str,
    pub status: u16,
    pub meaning: &'static str,
}

const fn kind(code: &'static str, status: u16, meaning: &'static str) -> ProblemKind {
    ProblemKind {
        code,
        status,
        meaning,
    }
}

/// Every `code` the API answers with. The OpenAPI document lists them as
/// `Problem.code`'s enum, `GET /api/problems` documents each under its own
/// anchor (a problem's `type` links there), and docs/API.md's table is
/// checked against this list.
pub const PROBLEM_KINDS: &[ProblemKind] = &[
    kind("malformed_json", 400, "The body is not valid JSON."),
    kind("invalid_body", 400, "The JSON has a wrong type, an unknown field or a missing field; `errors` names it."),
    kind("body_unreadable", 400, "The body could not be read (broken upload or encoding)."),
    kind("invalid_query", 400, "A query parameter is invalid; `errors` names each."),
    kind("invalid_path_parameter", 400, "A value in the path (usually an id) is invalid; `errors` names it."),
    kind("malformed_request", 400, "The HTTP request could not be read: a URL over 65,534 bytes or malformed HTTP."),
    kind("bad_request", 400, "The request was refused before it reached the API, e.g. a CORS preflight from an origin that may not make it."),
    kind("unauthenticated", 401, "No access token was sent: log in and send `Authorization: Bearer <token>`."),
    kind("token_expired", 401, "The access token has expired: refresh the session."),
    kind("invalid_token", 401, "The access token is not valid, or its account no longer exists."),
    kind("invalid_credentials", 401, "Wrong e-mail address or password."),
    kind("invalid_refresh_token", 401, "The refresh token is unknown, expired or revoked: log in again."),
    kind("refresh_token_reused", 401, "A refresh token was used twice; the whole session was ended for safety: log in again."),
    kind("forbidden", 403, "Logged in, but without the role this needs."),
    kind("not_organization_member", 403, "This needs membership (or the admin role) in the organization."),
    kind("not_staff_here", 403, "This needs lending staff of this BUA location."),
    kind("email_not_confirmed", 403, "Confirm the e-mail address first."),
    kind("incorrect_password", 403, "The current password given is wrong."),
    kind("guardian_must_submit", 403, "Only the child's guardian can submit a Bamsefondet application."),
    kind("not_found", 404, "Nothing there, or nothing the caller may see (another person's private resource answers the same)."),
    kind("method_not_allowed", 405, "The path does not take this method; `Allow` lists those it takes."),
    kind("already_member", 409, "The account is already a member of the organization."),
    kind("already_signed_up", 409, "This person is already signed up for the activity."),
    kind("already_waiting", 409, "This person is already on the waiting list."),
    kind("already_cancelled", 409, "The sign-up is already cancelled."),
    kind("signup_not_required", 409, "The activity takes no sign-up: just come."),
    kind("signup_not_open", 409, "Sign-up has not opened yet, or the activity is not open for sign-up."),
    kind("signup_closed", 409, "Sign-up has closed."),
    kind("capacity_below_confirmed", 409, "The capacity cannot be lower than the number already confirmed."),
    kind("invalid_status_change", 409, "The activity's status does not allow this change."),
    kind("organization_exists", 409, "An organization with this organization number is already registered."),
    kind("organization_not_approved", 409, "The organization is not approved yet."),
    kind("last_organization_admin", 409, "The organization's last administrator cannot leave or lose the role."),
    kind("last_administrator", 409, "The municipality's last administrator cannot lose the role."),
    kind("last_admin", 409, "The last administrator cannot delete their account."),
    kind("invitation_closed", 409, "The invitation was used, withdrawn or has lapsed."),
    kind("password_unchanged", 409, "The new password is the same as the old one."),
    kind("illegal_transition", 409, "The case's current state does not allow this step; `detail` names the state."),
    kind("same_decider", 409, "An appeal must be decided by someone other than the first decider."),
    kind("same_signer", 409, "The second signature must come from another approver."),
    kind("budget_exceeded", 409, "Approving this would commit more than the round's budget."),
    kind("budget_below_committed", 409, "The budget cannot be lower than what is already committed."),
    kind("appeal_deadline_passed", 409, "The three-week appeal deadline has passed."),
    kind("too_many_attachments", 409, "An application holds at most five attachments."),
    kind("no_applicant", 409, "The application has no guardian account to act for."),
    kind("participation_not_confirmed", 409, "The club has not yet confirmed that the child takes part."),
    kind("nothing_free", 409, "No unit is free for those days: join the waiting list or pick other days."),
    kind("unit_booked", 409, "The unit is reserved or lent out for those days."),
    kind("household_limit", 409, "The household already has the most loans BUA allows at once."),
    kind("not_out", 409, "The unit is not lent out, so it cannot be taken back."),
    kind("retired", 409, "The unit or model is retired."),
    kind("label_taken", 409, "Another unit already has this label."),
    kind("name_taken", 409, "The name is already in use."),
    kind("payload_too_large", 413, "The body is larger than the operation takes."),
    kind("unsupported_media_type", 415, "The body's content type is not one the operation takes."),
    kind("validation_failed", 422, "Fields break the rules; `errors` lists each field with a code."),
    kind("rate_limited", 429, "Too many attempts: wait as long as `Retry-After` says."),
    kind("request_head_too_large", 431, "The URL and headers together are over 128 KiB."),
    kind("internal_error", 500, "A bug on our side; the `request_id` finds the cause in the log."),
    kind("service_unavailable", 503, "The database is unavailable for a moment: try again after `Retry-After`."),
    kind("http_error", 400, "Another HTTP error, with its status; rare."),
];

/// Whether `code` is one of [`PROBLEM_KINDS`].
pub fn is_known_code(code: &str) -> bool {
    PROBLEM_KINDS.iter().any(|k| k.code == code)
}

/// `Problem.code` in the OpenAPI document: the enum of every code.
#[cfg(feature = "openapi")]
pub fn code_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "Stable machine-readable code; see `type` for its documentation.",
        ))
        .enum_values(Some(PROBLEM_KINDS.iter().map(|k| k.code)))
        .build()
}

#[cfg(test)]
mod kinds_tests {
    use super::*;

    #[test]
    fn each_code_is_listed_once_in_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for k in PROBLEM_KINDS {
            assert!(seen.insert(k.code), "{} twice", k.code);
            assert!(
                k.code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                k.code
            );
            assert!((400..600).contains(&k.status), "{}", k.code);
        }
    }
}
