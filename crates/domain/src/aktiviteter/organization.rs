//! Clubs and associations (lag og foreninger) and the places they use.

use crate::account::Email;
use crate::ids::{OrganizationId, PlaceId, UserId};
use crate::text;
use crate::{FieldError, ValidationErrors};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A Norwegian organization number: nine digits with a modulus-11 check digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgNumber(String);

impl OrgNumber {
    /// Exactly nine digits (clients strip the spaces of `987 654 321`).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let digits = raw.to_owned();
        if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(field, "invalid", "must be nine digits"));
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = [3, 2, 7, 6, 5, 4, 3, 2]
            .iter()
            .zip(&d)
            .map(|(w, x)| w * x)
            .sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => {
                return Err(FieldError::new(
                    field,
                    "checksum",
                    "is not a valid organization number",
                ))
            }
            c => c,
        };
        if check != d[8] {
            return Err(FieldError::new(
                field,
                "checksum",
                "is not a valid organization number",
            ));
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a person types as a website, completed: `heggedal-il.no` becomes
/// `https://heggedal-il.no` (forms call this before [`website`] checks it;
/// the API itself takes only full addresses).
pub fn complete_website(raw: &str) -> String {
    let value = raw.trim();
    if value.is_empty() || value.contains("://") {
        value.to_owned()
    } else {
        format!("https://{}", value.trim_start_matches('/'))
    }
}

/// Validates an optional http(s) address, at most 200 characters; empty is none.
pub fn website(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let value = match raw {
        None | Some("") => return Ok(None),
        Some(v) => v,
    };
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .unwrap_or_default();
    if value.chars().count() > 200 {
        return Err(FieldError::new(
            field,
            "too_long",
            "must be at most 200 characters",
        ));
    }
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::new(
            field,
            "invalid",
            "must be an address starting with https://",
        ));
    }
    Ok(Some(value.to_owned()))
}

/// Validates an optional phone number: optionally `+` first, then digits
/// and spaces with 8–15 digits; empty is none. Stored trimmed.
pub fn phone(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let value = match raw {
        None | Some("") => return Ok(None),
        Some(v) => v,
    };
    let body = value.strip_prefix('+').unwrap_or(value);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if body.chars().all(|c| c.is_ascii_digit() || c == ' ') && (8..=15).contains(&digits) {
        Ok(Some(value.trim().to_owned()))
    } else {
        Err(FieldError::new(
            field,
            "invalid",
            "must be a phone number (8–15 digits)",
        ))
    }
}

/// Validates an optional email; empty is none.
pub fn optional_email(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw {
        None | Some("") => Ok(None),
        Some(v) => Email::parse(field, v).map(|e| Some(e.into_inner())),
    }
}

/// Checks a list of district slugs for shape; the database checks they exist.
pub fn district_slugs(field: &str, raw: &[String], errors: &mut ValidationErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, slug) in raw.iter().enumerate() {
        if !is_slug(slug) {
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "invalid",
                "is not a known district",
            ));
        } else if !out.contains(slug) {
            out.push(slug.clone());
        }
    }
    if raw.len() > 30 {
        errors.push(FieldError::new(field, "too_many", "at most 30 districts"));
    }
    out
}

/// A slug of districts and categories: `a-z`, digits and `-`, 1–40 characters.
pub fn is_slug(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Register or update an organization.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Heggedal Idrettslag", "org_number": "987654325",
    "description": "Fotball, ski og allidrett for alle aldre i Heggedal.",
    "website": "https://heggedal-il.example.no", "contact_email": "post@heggedal-il.example.no",
    "contact_phone": "+47 66 77 88 99", "districts": ["heggedal", "bodalen"]
})))]
#[serde(deny_unknown_fields)]
pub struct OrganizationInput {
    /// 1–120 characters, no invisible or text-direction characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 120,
            pattern = r"^[^\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*[^\s\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff][^\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$"
        )
    )]
    pub name: String,
    /// Nine digits with a valid check digit; leave out for informal groups.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^([0-9]{9})?$"))]
    pub org_number: Option<String>,
    /// At most 4000 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 4000,
            pattern = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
        )
    )]
    pub description: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^(https?://[^\s\x00-\x1f\x7f-\x9f]+)?$")
    )]
    pub website: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^([ \t\n\r]*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s\x00-\x1f\x7f-\x9f]+[ \t\n\r]*)?$"
        )
    )]
    pub contact_email: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(\+? *([0-9] *){8,15})?$"))]
    pub contact_phone: Option<String>,
    /// District slugs (see `GET /api/v1/districts`), at most 30.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub districts: Vec<String>,
}

/// An organization input that passed validation.
#[derive(Debug, Clone)]
pub struct ValidOrganization {
    pub name: String,
    pub org_number: Option<OrgNumber>,
    pub description: String,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub districts: Vec<String>,
}

impl OrganizationInput {
    pub fn validate(&self) -> Result<ValidOrganization, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(text::name("name", &self.name, 120));
        let org_number = match self.org_number.as_deref() {
            None | Some("") => Some(None),
            Some(raw) => errors.check(OrgNumber::parse("org_number", raw)).map(Some),
        };
        let description = errors.check(text::multiline(
            "description",
            &self.description,
            4000,
            false,
        ));
        let website = errors.check(website("website", self.website.as_deref()));
        let contact_email = errors.check(optional_email(
            "contact_email",
            self.contact_email.as_deref(),
        ));
        let contact_phone = errors.check(phone("contact_phone", self.contact_phone.as_deref()));
        let districts = district_slugs("districts", &self.districts, &mut errors);
        errors.finish(|| {
            Some(ValidOrganization {
                name: name?,
                org_number: org_number?,
                description: description?,
                website: website?,
                contact_email: contact_email?,
                contact_phone: contact_phone?,
                districts,
            })
        })
    }
}

/// Where an organization is in approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganizationStatus {
    /// Waiting for an administrator; cannot publish activities.
    Pending,
    Approved,
    Rejected,
}

impl OrganizationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Rejected]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A member's role in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// Manages members, places and everything an editor does.
    Admin,
    /// Creates and edits the organization's activities and sees participants.
    Editor,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "editor" => Some(Self::Editor),
            _ => None,
        }
    }
}

/// An organization as shown to everyone (contact details are public).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "5b0e7c52-8f0e-4d59-9a0b-0d3f2c1b9e11", "name": "Heggedal Idrettslag", "org_number": "987654325",
    "description": "Fotball, ski og allidrett for alle aldre i Heggedal.",
    "website": "https://heggedal-il.example.no", "contact_email": "post@heggedal-il.example.no",
    "contact_phone": "+47 66 77 88 99", "districts": ["heggedal"], "status": "approved",
    "status_reason": null, "is_demo": false, "my_role": null, "created_at": "2026-11-23T10:00:00Z"
})))]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub org_number: Option<String>,
    pub description: String,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub districts: Vec<String>,
    pub status: OrganizationStatus,
    /// Why it was rejected.
    pub status_reason: Option<String>,
    /// Demo data, not a real organization.
    pub is_demo: bool,
    /// The caller's role in it, when logged in and a member.
    pub my_role: Option<MemberRole>,
    pub created_at: DateTime<Utc>,
    /// Its picture, if it has one.
    pub image: Option<crate::image::ImageRef>,
    /// Who registered it (administrators only, to decide on it).
    pub applicant: Option<Applicant>,
}

/// The account that registered an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    pub name: String,
    pub email: String,
}

/// Reject an organization, or unpublish/cancel/postpone an activity: a reason is required.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "reason": "Hallen er stengt for vedlikehold." })))]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// 1–500 characters, shown to the public.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 500,
            pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
        )
    )]
    pub reason: String,
}

impl ReasonRequest {
    pub fn validate(&self) -> Result<String, ValidationErrors> {
        text::line("reason", &self.reason, 500).map_err(ValidationErrors::single)
    }
}

/// Invite someone by e-mail address; they become a member when they accept.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "email": "ola@example.no", "role": "editor" })))]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[ \t\n\r]*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s\x00-\x1f\x7f-\x9f]+[ \t\n\r]*$"
        )
    )]
    pub email: String,
    pub role: MemberRole,
}

/// Change a member's role.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub role: MemberRole,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    /// Withdrawn by the organization.
    Revoked,
}

impl InvitationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Declined, Self::Revoked]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// An invitation to join an organization. The answer to inviting is the
/// same whether or not an account has the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "5d0c2f7e-6a1b-4c8e-9f3a-1b2c3d4e5f60",
    "organization": { "id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "name": "Heggedal IL" },
    "email": "ola@example.no", "role": "editor", "status": "pending",
    "created_at": "2026-11-23T10:00:00Z", "expires_at": "2026-12-07T10:00:00Z"
})))]
pub struct Invitation {
    pub id: uuid::Uuid,
    pub organization: crate::activity::OrganizationRef,
    pub email: String,
    pub role: MemberRole,
    pub status: InvitationStatus,
    pub created_at: DateTime<Utc>,
    /// Unanswered invitations lapse after 14 days.
    pub expires_at: DateTime<Utc>,
}

/// A member of an organization (visible to its members only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "user_id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "display_name": "Kari Nordmann",
    "email": "kari@example.no", "role": "admin", "added_at": "2026-11-23T10:00:00Z"
})))]
pub struct Member {
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    pub role: MemberRole,
    pub added_at: DateTime<Utc>,
}

/// Create or update a place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Heggedalshallen", "address": "Heggedalsveien 140, 1389 Heggedal", "district": "heggedal",
    "latitude": 59.787, "longitude": 10.436, "step_free_access": true, "accessible_toilet": true,
    "hearing_loop": false, "transit_note": "Buss 715 til Heggedal stasjon, 3 minutter å gå."
})))]
#[serde(deny_unknown_fields)]
pub struct PlaceInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 120,
            pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
        )
    )]
    pub name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
        )
    )]
    pub address: String,
    /// District slug.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[a-z0-9-]{1,40}$"))]
    pub district: String,
    /// With `longitude`, or neither.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = -90.0, maximum = 90.0))]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = -180.0, maximum = 180.0))]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub step_free_access: bool,
    #[serde(default)]
    pub accessible_toilet: bool,
    #[serde(default)]
    pub hearing_loop: bool,
    /// How to get there by public transport; at most 500 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 500,
            pattern = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
        )
    )]
    pub transit_note: String,
}

impl PlaceInput {
    pub fn validate(&self) -> Result<PlaceInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(text::line("name", &self.name, 120));
        let address = errors.check(text::line("address", &self.address, 200));
        if !is_slug(&self.district) {
            errors.push(FieldError::new(
                "district",
                "invalid",
                "is not a known district",
            ));
        }
        match (self.latitude, self.longitude) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    errors.push(FieldError::new(
                        "latitude",
                        "out_of_range",
                        "must be between -90 and 90",
                    ));
                }
                if !(-180.0..=180.0).contains(&lon) {
                    errors.push(FieldError::new(
                        "longitude",
                        "out_of_range",
                        "must be between -180 and 180",
                    ));
                }
            }
            (None, None) => {}
            (None, Some(_)) => errors.push(FieldError::new(
                "latitude",
                "required",
                "give both coordinates or neither",
            )),
            (Some(_), None) => errors.push(FieldError::new(
                "longitude",
                "required",
                "give both coordinates or neither",
            )),
        }
        let transit_note = errors.check(text::multiline(
            "transit_note",
            &self.transit_note,
            500,
            false,
        ));
        errors.finish(|| {
            Some(PlaceInput {
                name: name?,
                address: address?,
                transit_note: transit_note?,
                ..self.clone()
            })
        })
    }
}

/// A place where activities happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "organization_id": "5b0e7c52-8f0e-4d59-9a0b-0d3f2c1b9e11",
    "name": "Heggedalshallen", "address": "Heggedalsveien 140, 1389 Heggedal", "district": "heggedal",
    "district_name": "Heggedal", "latitude": 59.787, "longitude": 10.436, "step_free_access": true,
    "accessible_toilet": true, "hearing_loop": false, "transit_note": "Buss 715 til Heggedal stasjon."
})))]
pub struct Place {
    pub id: PlaceId,
    pub organization_id: OrganizationId,
    pub name: String,
    pub address: String,
    pub district: String,
    pub district_name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub step_free_access: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
    pub transit_note: String,
}

/// A district of Asker (data, not code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "slug": "heggedal", "name": "Heggedal" })))]
pub struct District {
    pub slug: String,
    pub name: String,
}

/// An activity category in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "slug": "idrett", "name_nb": "Idrett", "name_en": "Sports" })))]
pub struct Category {
    pub slug: String,
    pub name_nb: String,
    pub name_en: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_numbers_need_a_valid_check_digit() {
        // Brønnøysundregistrene's own number.
        assert_eq!(
            OrgNumber::parse("o", "974760673").unwrap().as_str(),
            "974760673"
        );
        assert_eq!(
            OrgNumber::parse("o", "974760674").unwrap_err().code,
            "checksum"
        );
        assert_eq!(
            OrgNumber::parse("o", "97476067").unwrap_err().code,
            "invalid"
        );
        assert_eq!(
            OrgNumber::parse("o", "97476067a").unwrap_err().code,
            "invalid"
        );
    }

    #[test]
    fn a_typed_website_is_completed_with_https() {
        assert_eq!(
            complete_website(" heggedal-il.no "),
            "https://heggedal-il.no"
        );
        assert_eq!(complete_website("http://x.no"), "http://x.no");
        assert_eq!(complete_website(""), "");
        assert_eq!(
            website("website", Some(&complete_website("www.asker.kommune.no"))).unwrap(),
            Some("https://www.asker.kommune.no".to_owned())
        );
    }

    #[test]
    fn organization_input_names_every_bad_field() {
        let input = OrganizationInput {
            name: " ".into(),
            org_number: Some("123456789".into()),
            website: Some("ftp://x".into()),
            contact_email: Some("nope".into()),
            contact_phone: Some("12".into()),
            districts: vec!["Bad Slug".into()],
            ..Default::default()
        };
        let fields: Vec<String> = input
            .validate()
            .unwrap_err()
            .errors()
            .iter()
            .map(|e| e.field.clone())
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "org_number",
                "website",
                "contact_email",
                "contact_phone",
                "districts[0]"
            ]
        );
    }

    #[test]
    fn places_need_both_coordinates_or_neither() {
        let mut p = PlaceInput {
            name: "Hall".into(),
            address: "Vei 1".into(),
            district: "heggedal".into(),
            ..Default::default()
        };
        assert!(p.validate().is_ok());
        p.latitude = Some(59.0);
        assert_eq!(p.validate().unwrap_err().errors()[0].field, "longitude");
    }
}
