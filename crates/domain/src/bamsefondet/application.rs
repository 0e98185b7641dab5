//! A fund application (søknad) as the guardian writes it and as the API
//! shows it.
//!
//! A draft may be incomplete — it is saved as the guardian goes — but every
//! field that is there must be well-formed ([`ApplicationDraft::validate`]).
//! Submitting needs the whole application and the round's rules
//! ([`ValidDraft::check_submittable`]); the web app runs the same checks
//! before it sends.

use super::case::{Outcome, Status};
use super::fund::CostKind;
use crate::ids::{ActivityId, ApplicationId, AttachmentId, OrganizationId, RoundId, UserId};
use crate::text;
use crate::{FieldError, ValidationErrors};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Most cost lines on one application.
pub const MAX_COST_LINES: usize = 10;
/// Most attachments on one application.
pub const MAX_ATTACHMENTS: usize = 5;
/// Largest attachment, in bytes.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// Oldest applicant: the fund is for children and youth.
pub const MAX_AGE: i32 = 25;
/// Days to appeal, counted from the day the letter reached the applicant
/// (forvaltningsloven § 29: three weeks).
pub const APPEAL_DAYS: u64 = 21;

/// A file's bytes in the API description (an attachment upload or download).
#[cfg(feature = "openapi")]
#[derive(Debug, utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(pub Vec<u8>);

/// Who receives the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayoutTo {
    /// The club is paid directly, so the family never handles an invoice.
    Club,
    /// The guardian's bank account.
    Guardian,
}

impl PayoutTo {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Club => "club",
            Self::Guardian => "guardian",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "club" => Some(Self::Club),
            "guardian" => Some(Self::Guardian),
            _ => None,
        }
    }
}

/// One thing the money is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CostLine {
    pub kind: CostKind,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    pub amount_nok: i32,
    /// What it is ("Kontingent høst", "Skøyter str. 34").
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub description: Option<String>,
}

/// `POST /api/v1/fund-applications` (a new draft) and
/// `PUT /api/v1/fund-applications/{id}` (save the draft). Every field may be
/// left out while the draft is being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "round_id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    "child_first_name": "Emma", "child_birth_year": 2016, "district": "heggedal",
    "activity_id": null, "club_name": "Heggedal IL", "activity_name": "Fotball 9 år",
    "cost_lines": [{ "kind": "fee", "amount_nok": 1800, "description": "Kontingent 2027" }],
    "reason": null, "payout_to": "club", "account_number": null, "consent": true
})))]
#[serde(deny_unknown_fields)]
pub struct ApplicationDraft {
    pub round_id: RoundId,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub child_first_name: Option<String>,
    #[serde(default, deserialize_with = "crate::whole::optional")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1900, maximum = 2100))]
    pub child_birth_year: Option<i16>,
    /// District slug (`GET /api/v1/districts`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub district: Option<String>,
    /// An activity from the calendar; or name the club and activity.
    #[serde(default)]
    pub activity_id: Option<ActivityId>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub club_name: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub activity_name: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub cost_lines: Vec<CostLine>,
    /// Optional: a few words on why (never required; nobody must explain
    /// their situation to get help).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub reason: Option<String>,
    #[serde(default)]
    pub payout_to: Option<PayoutTo>,
    /// Norwegian bank account (11 digits) when the guardian is paid.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub account_number: Option<String>,
    /// The guardian agrees to the processing described in the privacy statement.
    #[serde(default)]
    pub consent: bool,
}

/// A draft whose fields are well-formed (it may still be incomplete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDraft {
    pub round_id: RoundId,
    pub child_first_name: Option<String>,
    pub child_birth_year: Option<i16>,
    pub district: Option<String>,
    pub activity_id: Option<ActivityId>,
    pub club_name: Option<String>,
    pub activity_name: Option<String>,
    pub cost_lines: Vec<CostLine>,
    pub reason: Option<String>,
    pub payout_to: Option<PayoutTo>,
    pub account_number: Option<String>,
    pub consent: bool,
}

/// What the round allows, for [`ValidDraft::check_submittable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRules {
    pub max_per_child_nok: i32,
    pub covers: Vec<CostKind>,
    pub open: bool,
}

/// A Norwegian bank account number: 11 digits (spaces and dots allowed),
/// the last a MOD11 check digit.
pub fn account_number(field: &str, raw: &str) -> Result<String, FieldError> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    if digits.len() != 11 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(field, "invalid", "must be 11 digits"));
    }
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    let weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = d.iter().zip(weights).map(|(a, w)| a * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        c => c,
    };
    if check == 10 || check != d[10] {
        return Err(FieldError::new(
            field,
            "invalid_check_digit",
            "is not a valid account number (check digit)",
        ));
    }
    Ok(digits)
}

/// The sum of the cost lines (what is applied for).
pub fn requested_total(lines: &[CostLine]) -> i64 {
    lines.iter().map(|l| i64::from(l.amount_nok)).sum()
}

impl ApplicationDraft {
    /// A draft with nothing filled in yet.
    pub fn empty(round_id: RoundId) -> Self {
        Self {
            round_id,
            child_first_name: None,
            child_birth_year: None,
            district: None,
            activity_id: None,
            club_name: None,
            activity_name: None,
            cost_lines: vec![],
            reason: None,
            payout_to: None,
            account_number: None,
            consent: false,
        }
    }

    /// Checks the fields that are there; `this_year` bounds the birth year.
    pub fn validate(&self, this_year: i32) -> Result<ValidDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let child = e.check(text::optional_line(
            "child_first_name",
            self.child_first_name.as_deref(),
            50,
        ));
        if let Some(y) = self.child_birth_year {
            let y = i32::from(y);
            if y > this_year || y < this_year - MAX_AGE {
                e.push(FieldError::new(
                    "child_birth_year",
                    "out_of_range",
                    format!(
                        "must be between {} and {this_year} (children and youth up to {MAX_AGE})",
                        this_year - MAX_AGE
                    ),
                ));
            }
        }
        let district = e.check(text::optional_line(
            "district",
            self.district.as_deref(),
            40,
        ));
        let club = e.check(text::optional_line(
            "club_name",
            self.club_name.as_deref(),
            100,
        ));
        let activity = e.check(text::optional_line(
            "activity_name",
            self.activity_name.as_deref(),
            100,
        ));
        if self.cost_lines.len() > MAX_COST_LINES {
            e.push(FieldError::new(
                "cost_lines",
                "too_many",
                format!("at most {MAX_COST_LINES} lines"),
            ));
        }
        let mut lines = Vec::new();
        for (i, line) in self.cost_lines.iter().enumerate() {
            if !(1..=100_000).contains(&line.amount_nok) {
                e.push(FieldError::new(
                    format!("cost_lines[{i}].amount_nok"),
                    "out_of_range",
                    "must be between 1 and 100000",
                ));
            }
            let description = e.check(text::optional_line(
                &format!("cost_lines[{i}].description"),
                line.description.as_deref(),
                100,
            ));
            lines.push(CostLine {
                kind: line.kind,
                amount_nok: line.amount_nok,
                description: description.flatten(),
            });
        }
        let reason = e
            .check(text::multiline(
                "reason",
                self.reason.as_deref().unwrap_or(""),
                1000,
                false,
            ))
            .map(|r| Some(r).filter(|r| !r.is_empty()));
        let account = match self.account_number.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => e.check(account_number("account_number", raw)).map(Some),
        };
        e.finish(|| {
            Some(ValidDraft {
                round_id: self.round_id,
                child_first_name: child?,
                child_birth_year: self.child_birth_year,
                district: district?,
                activity_id: self.activity_id,
                club_name: club?,
                activity_name: activity?,
                cost_lines: lines,
                reason: reason?,
                payout_to: self.payout_to,
                account_number: account?,
                consent: self.consent,
            })
        })
    }
}

impl ValidDraft {
    pub fn requested_nok(&self) -> i64 {
        requested_total(&self.cost_lines)
    }

    /// Whether the draft can be submitted to a round with `rules`: every
    /// required field, the round's maximum and what it covers. Every
    /// missing piece is named at once.
    pub fn check_submittable(&self, rules: &RoundRules) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let required = |e: &mut ValidationErrors, field: &str, present: bool| {
            if !present {
                e.push(FieldError::new(field, "required", "is required"));
            }
        };
        if !rules.open {
            e.push(FieldError::new(
                "round_id",
                "round_closed",
                "the round does not take applications now",
            ));
        }
        required(&mut e, "child_first_name", self.child_first_name.is_some());
        required(&mut e, "child_birth_year", self.child_birth_year.is_some());
        required(&mut e, "district", self.district.is_some());
        if self.activity_id.is_none() {
            required(&mut e, "club_name", self.club_name.is_some());
            required(&mut e, "activity_name", self.activity_name.is_some());
        }
        if self.cost_lines.is_empty() {
            e.push(FieldError::new(
                "cost_lines",
                "required",
                "name at least one cost",
            ));
        }
        for (i, line) in self.cost_lines.iter().enumerate() {
            if !rules.covers.contains(&line.kind) {
                e.push(FieldError::new(
                    format!("cost_lines[{i}].kind"),
                    "not_covered",
                    format!("this round does not cover {}", line.kind.as_str()),
                ));
            }
        }
        let total = self.requested_nok();
        if total > i64::from(rules.max_per_child_nok) {
            e.push(FieldError::new(
                "cost_lines",
                "over_maximum",
                format!(
                    "the total ({total}) is more than the round's maximum per child ({})",
                    rules.max_per_child_nok
                ),
            ));
        }
        match self.payout_to {
            None => required(&mut e, "payout_to", false),
            Some(PayoutTo::Guardian) => {
                required(&mut e, "account_number", self.account_number.is_some())
            }
            Some(PayoutTo::Club) => {}
        }
        if !self.consent {
            e.push(FieldError::new(
                "consent",
                "required",
                "the guardian must agree to the processing",
            ));
        }
        e.finish(|| Some(()))
    }
}

/// An activity from the calendar, as an application names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedActivity {
    pub id: ActivityId,
    pub title: String,
    pub organization_id: OrganizationId,
    pub organization_name: String,
}

/// A decision as the applicant and staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub outcome: Outcome,
    pub amount_nok: i32,
    pub reasons: Option<String>,
    pub decided_at: DateTime<Utc>,
    /// The day the letter reached the applicant (when they first opened it,
    /// or the day after it was sent, whichever is earlier).
    pub letter_received_on: Option<NaiveDate>,
    /// The last day to appeal: three weeks after the letter was received.
    pub appeal_deadline: Option<NaiveDate>,
}

/// An appeal and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appeal {
    pub text: String,
    pub appealed_at: DateTime<Utc>,
    pub decision: Option<Decision>,
}

/// How and when the money was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payout {
    pub paid_to: PayoutTo,
    pub amount_nok: i32,
    pub reference: String,
    pub paid_on: NaiveDate,
}

/// A message between the applicant and the fund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseMessage {
    pub id: i64,
    /// Written by the fund (a caseworker), not the applicant.
    pub from_fund: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A file attached to an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: AttachmentId,
    pub file_name: String,
    /// Decided from the content: `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

/// An application as its applicant sees it (never with internal notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    pub id: ApplicationId,
    pub round_id: RoundId,
    pub fund_name: String,
    pub round_name: String,
    pub status: Status,
    pub child_first_name: Option<String>,
    pub child_birth_year: Option<i16>,
    pub district: Option<String>,
    pub activity: Option<AppliedActivity>,
    pub club_name: Option<String>,
    pub activity_name: Option<String>,
    pub cost_lines: Vec<CostLine>,
    pub requested_nok: i32,
    pub reason: Option<String>,
    pub payout_to: Option<PayoutTo>,
    pub account_number: Option<String>,
    pub consent: bool,
    /// Started by someone who knows the family (a coach); the guardian
    /// completes and submits it.
    pub started_by_coach: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decision: Option<Decision>,
    pub appeal: Option<Appeal>,
    pub payout: Option<Payout>,
    pub messages: Vec<CaseMessage>,
    pub attachments: Vec<Attachment>,
}

/// `POST /api/v1/fund-applications/{id}/messages`,
/// `/request-info`, `/notes` and `/appeal`: a piece of text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "text": "Kan du sende fakturaen fra klubben?" })))]
#[serde(deny_unknown_fields)]
pub struct TextRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub text: String,
}

impl TextRequest {
    pub fn validate(&self) -> Result<String, ValidationErrors> {
        text::multiline("text", &self.text, 4000, true).map_err(ValidationErrors::single)
    }
}

/// `POST /api/v1/fund-applications/{id}/payout`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "reference": "Bilag 2027-0042", "paid_on": "2027-02-10" })))]
#[serde(deny_unknown_fields)]
pub struct PayoutRequest {
    /// The payment's reference (voucher or transaction id).
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub reference: String,
    pub paid_on: NaiveDate,
}

/// `POST /api/v1/fund-applications/{id}/assign`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "assignee": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60" })))]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The caseworker to take the case; `null` takes it yourself.
    #[serde(default)]
    pub assignee: Option<UserId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn draft() -> ApplicationDraft {
        ApplicationDraft {
            round_id: RoundId(Uuid::nil()),
            child_first_name: Some("Emma".into()),
            child_birth_year: Some(2016),
            district: Some("heggedal".into()),
            club_name: Some("Heggedal IL".into()),
            activity_name: Some("Fotball".into()),
            cost_lines: vec![CostLine {
                kind: CostKind::Fee,
                amount_nok: 1800,
                description: None,
            }],
            payout_to: Some(PayoutTo::Club),
            consent: true,
            activity_id: None,
            reason: None,
            account_number: None,
        }
    }

    impl ApplicationDraft {
        fn default_for(round_id: RoundId) -> Self {
            Self::empty(round_id)
        }
    }

    fn rules() -> RoundRules {
        RoundRules {
            max_per_child_nok: 3000,
            covers: vec![CostKind::Fee, CostKind::Equipment],
            open: true,
        }
    }

    fn fields(e: ValidationErrors) -> Vec<String> {
        e.errors()
            .iter()
            .map(|f| format!("{}:{}", f.field, f.code))
            .collect()
    }

    #[test]
    fn an_empty_draft_is_valid_but_not_submittable_and_says_what_is_missing() {
        let d = ApplicationDraft::default_for(RoundId(Uuid::nil()));
        let valid = d.validate(2027).unwrap_or_else(|e| panic!("{e}"));
        let missing = fields(valid.check_submittable(&rules()).err().unwrap_or_default());
        assert_eq!(
            missing,
            [
                "child_first_name:required",
                "child_birth_year:required",
                "district:required",
                "club_name:required",
                "activity_name:required",
                "cost_lines:required",
                "payout_to:required",
                "consent:required"
            ]
        );
    }

    #[test]
    fn a_complete_draft_is_submittable() {
        let valid = draft().validate(2027).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(valid.check_submittable(&rules()), Ok(()));
        assert_eq!(valid.requested_nok(), 1800);
    }

    #[test]
    fn the_round_maximum_what_it_covers_and_its_dates_are_enforced() {
        let mut d = draft();
        d.cost_lines.push(CostLine {
            kind: CostKind::Travel,
            amount_nok: 1500,
            description: None,
        });
        let valid = d.validate(2027).unwrap_or_else(|e| panic!("{e}"));
        let closed = RoundRules {
            open: false,
            ..rules()
        };
        assert_eq!(
            fields(valid.check_submittable(&closed).err().unwrap_or_default()),
            [
                "round_id:round_closed",
                "cost_lines[1].kind:not_covered",
                "cost_lines:over_maximum"
            ]
        );
    }

    #[test]
    fn a_guardian_payout_needs_a_valid_account() {
        let mut d = draft();
        d.payout_to = Some(PayoutTo::Guardian);
        let valid = d.validate(2027).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fields(valid.check_submittable(&rules()).err().unwrap_or_default()),
            ["account_number:required"]
        );
        d.account_number = Some("1234.56.78903".into());
        assert_eq!(
            d.validate(2027).map(|v| v.account_number),
            Ok(Some("12345678903".into()))
        );
        d.account_number = Some("1234.56.78904".into());
        assert_eq!(
            fields(d.validate(2027).err().unwrap_or_default()),
            ["account_number:invalid_check_digit"]
        );
    }

    #[test]
    fn malformed_fields_are_refused_even_in_a_draft() {
        let mut d = draft();
        d.child_birth_year = Some(1990);
        d.cost_lines[0].amount_nok = 0;
        d.child_first_name = Some("x".repeat(51));
        assert_eq!(
            fields(d.validate(2027).err().unwrap_or_default()),
            [
                "child_first_name:too_long",
                "child_birth_year:out_of_range",
                "cost_lines[0].amount_nok:out_of_range"
            ]
        );
    }
}
