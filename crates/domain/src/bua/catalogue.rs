//! What the BUA API shows and takes: locations, the catalogue with
//! availability, loans, the waiting list, the lending desk and unmet demand.

use super::loan::{LoanStatus, ReturnCondition};
use super::rules::{LoanRules, OpeningHours};
use crate::ids::{LoanId, LocationId, ModelId, UnitId};
use crate::text;
use crate::{FieldError, ValidationErrors};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The kinds of equipment (Norwegian slugs, as the catalogue shows them).
pub const CATEGORIES: [&str; 12] = [
    "ski",
    "skoyter",
    "sykkel",
    "hjelm",
    "telt",
    "longboard",
    "sparkesykkel",
    "truger",
    "sovepose",
    "fiske",
    "ball",
    "annet",
];

/// A lending location, its hours and its loan rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "name": "BUA Heggedal",
    "address": "Heggedalsveien 2, 1389 Heggedal", "district": "heggedal",
    "contact_email": "bua.heggedal@asker.kommune.no", "contact_phone": "+47 66 90 00 00",
    "rules": {"max_loan_days": 7, "min_days_ahead": 1, "max_days_ahead": 30, "max_active_per_household": 3},
    "hours": [{"weekday": 1, "opens": "15:00:00", "closes": "19:00:00"}],
    "closed_days": ["2027-04-01"], "open_today": true
})))]
pub struct Location {
    pub id: LocationId,
    pub name: String,
    pub address: String,
    pub district: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub rules: LoanRules,
    /// Per ISO weekday (1 = Monday); a weekday missing is closed.
    pub hours: Vec<OpeningHours>,
    /// Closed days ahead (holidays).
    pub closed_days: Vec<NaiveDate>,
    pub open_today: bool,
}

/// How many units of a size a location has (or all locations together),
/// and how many are free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SizeAvailability {
    /// Left out when the numbers are summed over every location (a
    /// catalogue search without `location`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<LocationId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_name: Option<String>,
    /// How many locations have this size.
    pub locations: i64,
    /// Empty when the model has no size.
    pub size: String,
    /// Units in service.
    pub units: i64,
    /// Units free for the whole asked period (or today, when none was asked).
    pub free: i64,
}

/// An equipment model in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "5d0c2f7e-6a1b-4c8e-9f3a-1b2c3d4e5f60", "name": "Langrennski, klassisk",
    "category": "ski", "description": "Smørefrie ski med feller.", "size_kind": "ski_cm",
    "min_age": 4, "max_age": 16, "default_loan_days": 7, "image": null,
    "sizes": [{"location_id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "location_name": "BUA Heggedal",
               "locations": 1, "size": "130", "units": 3, "free": 1}]
})))]
pub struct Model {
    pub id: ModelId,
    pub name: String,
    pub category: String,
    pub description: String,
    /// What a size means: `ski_cm`, `shoe_eu`, `wheel_inch`, `helmet`,
    /// `clothing`; null when size does not matter.
    pub size_kind: Option<String>,
    pub min_age: Option<i16>,
    pub max_age: Option<i16>,
    pub default_loan_days: i16,
    /// A photo of the equipment; null shows the category's drawing.
    pub image: Option<crate::image::ImageRef>,
    /// Per size: per location when one location was asked for (and on a
    /// model's own page), otherwise summed over every location.
    pub sizes: Vec<SizeAvailability>,
}

/// Free units of one model and size at one location, day by day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayAvailability {
    pub day: NaiveDate,
    /// The location is open that day (pickups and returns only then).
    pub open: bool,
    pub free: i64,
}

/// `POST /api/v1/bua/reservations`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "location_id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "model_id": "5d0c2f7e-6a1b-4c8e-9f3a-1b2c3d4e5f60",
    "size": "130", "pickup_on": "2027-01-11", "return_on": "2027-01-18", "join_waitlist": true
})))]
#[serde(deny_unknown_fields)]
pub struct ReservationRequest {
    pub location_id: LocationId,
    pub model_id: ModelId,
    /// Empty for a model without sizes.
    #[serde(default)]
    pub size: String,
    pub pickup_on: NaiveDate,
    pub return_on: NaiveDate,
    /// When nothing is free: join the waiting list instead of a 409.
    #[serde(default)]
    pub join_waitlist: bool,
}

/// A loan: a reservation, a waiting-list offer, or equipment out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "7f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "status": "reserved", "overdue": false,
    "location_id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "location_name": "BUA Heggedal",
    "model_id": "5d0c2f7e-6a1b-4c8e-9f3a-1b2c3d4e5f60", "model_name": "Langrennski, klassisk",
    "category": "ski", "size": "130", "unit_label": "HEG-0042",
    "pickup_on": "2027-01-11", "return_on": "2027-01-18", "offer_expires_at": null,
    "borrower_name": "Kari Nordmann", "borrower_contact": "kari@example.no", "walk_in": false,
    "return_condition": null, "unit_ready": true, "created_at": "2027-01-02T09:30:00Z"
})))]
pub struct Loan {
    pub id: LoanId,
    pub status: LoanStatus,
    /// Picked up and the return day has passed.
    pub overdue: bool,
    pub location_id: LocationId,
    pub location_name: String,
    pub model_id: ModelId,
    pub model_name: String,
    pub category: String,
    pub size: String,
    pub unit_label: String,
    pub pickup_on: NaiveDate,
    pub return_on: NaiveDate,
    /// A waiting-list offer must be accepted before this.
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// Staff only (the desk); null for the borrower's own view.
    pub borrower_name: Option<String>,
    /// Staff only: the borrower's e-mail, or a walk-in's phone.
    pub borrower_contact: Option<String>,
    pub walk_in: bool,
    pub return_condition: Option<ReturnCondition>,
    /// Staff only, for a reservation or offer: `false` when its unit is in
    /// maintenance, retired or not back, and no other unit of the model and
    /// size was free to move it to (it moves as soon as one is); the desk
    /// should tell the family. Null for the borrower's own view and for
    /// other loans.
    pub unit_ready: Option<bool>,
    pub created_at: DateTime<Utc>,
}

/// A place on a waiting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistEntry {
    pub id: uuid::Uuid,
    /// The place in line now (1: next to get an offer).
    pub position: i64,
    pub location_id: LocationId,
    pub location_name: String,
    pub model_id: ModelId,
    pub model_name: String,
    pub size: String,
    pub pickup_on: NaiveDate,
    pub return_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// The answer to a reservation: the loan, or the place on the waiting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReservationOutcome {
    pub loan: Option<Loan>,
    pub waitlist: Option<WaitlistEntry>,
}

/// The caller's loans and places in line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyLoans {
    /// Offers, reservations and equipment out, soonest first.
    pub current: Vec<Loan>,
    pub waiting: Vec<WaitlistEntry>,
    /// Returned, cancelled, no-show and expired, newest first (at most 50).
    pub history: Vec<Loan>,
}

/// One physical item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: UnitId,
    pub label: String,
    pub model_id: ModelId,
    pub model_name: String,
    pub size: String,
    pub location_id: LocationId,
    /// `available`, `maintenance` or `retired`.
    pub status: String,
    pub condition_note: String,
}

/// A location's desk for a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Desk {
    pub location_id: LocationId,
    pub day: NaiveDate,
    /// To be picked up today (reserved or offered).
    pub pickups: Vec<Loan>,
    /// Due back today.
    pub returns: Vec<Loan>,
    /// Out past the return day, with contact details.
    pub overdue: Vec<Loan>,
    /// Units in maintenance.
    pub maintenance: Vec<Unit>,
}

/// `POST /api/v1/bua/locations/{id}/checkouts`: hand out the unit with this
/// label for the reservation (the label scanned or typed).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"loan_id": "7f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "label": "HEG-0042"})))]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    pub loan_id: LoanId,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[A-Za-z0-9-]{1,40}$"))]
    pub label: String,
}

/// `POST /api/v1/bua/locations/{id}/walk-ins`: hand out a free unit now to
/// a person without an account. Name and phone are kept until the return.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"label": "HEG-0042", "name": "Ola Nordmann", "phone": "+47 912 34 567", "return_on": "2027-01-18"})))]
#[serde(deny_unknown_fields)]
pub struct WalkInRequest {
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[A-Za-z0-9-]{1,40}$"))]
    pub label: String,
    pub name: String,
    pub phone: String,
    pub return_on: NaiveDate,
}

/// A walk-in's details, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidWalkIn {
    pub label: String,
    pub name: String,
    pub phone: String,
}

impl WalkInRequest {
    pub fn validate(&self) -> Result<ValidWalkIn, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let label = e.check(text::line("label", &self.label, 40));
        let name = e.check(text::name("name", &self.name, 100));
        let phone = e.check(phone("phone", &self.phone));
        e.finish(|| {
            Some(ValidWalkIn {
                label: label?,
                name: name?,
                phone: phone?,
            })
        })
    }
}

/// A phone number: digits, spaces and one leading `+`, 8–15 digits.
pub fn phone(field: &str, raw: &str) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    let allowed = trimmed
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || c == ' ' || (c == '+' && i == 0));
    if !allowed || !(8..=15).contains(&digits) {
        return Err(FieldError::new(
            field,
            "invalid_phone",
            "must be a phone number (8 to 15 digits, spaces and a leading + allowed)",
        ));
    }
    Ok(trimmed.to_owned())
}

/// `POST /api/v1/bua/locations/{id}/checkins`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"label": "HEG-0042", "condition": "damaged", "note": "Binding loose"})))]
#[serde(deny_unknown_fields)]
pub struct CheckinRequest {
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[A-Za-z0-9-]{1,40}$"))]
    pub label: String,
    pub condition: ReturnCondition,
    /// Required when damaged: what is wrong.
    #[serde(default)]
    pub note: String,
}

impl CheckinRequest {
    /// The label and, for a damaged unit, the note.
    pub fn validate(&self) -> Result<(String, Option<String>), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let label = e.check(text::line("label", &self.label, 40));
        let note = match self.condition {
            ReturnCondition::Damaged => e
                .check(text::multiline("note", &self.note, 1000, true))
                .map(Some),
            ReturnCondition::Ok => Some(None),
        };
        e.finish(|| Some((label?, note?)))
    }
}

/// What staff do with a unit in maintenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceAction {
    BackInService,
    Retire,
}

/// `POST /api/v1/bua/units/{id}/service`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceRequest {
    pub action: ServiceAction,
}

/// `POST /api/v1/bua/unmet-demand`: "nothing in my size". No person is
/// recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "location_id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "model_id": "5d0c2f7e-6a1b-4c8e-9f3a-1b2c3d4e5f60",
    "size": "150", "district": "heggedal"
})))]
#[serde(deny_unknown_fields)]
pub struct UnmetRequest {
    pub location_id: LocationId,
    pub model_id: ModelId,
    #[serde(default)]
    pub size: String,
    /// Where the family lives (optional; a district slug, blank for none).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^([a-z0-9-]{1,40})?$"))]
    pub district: Option<String>,
}

/// Unmet demand, grouped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmetDemand {
    pub location_name: String,
    /// The family's district when given, otherwise the location's.
    pub district: String,
    pub category: String,
    pub model_name: String,
    pub size: String,
    /// Requests and refused reservations in the period.
    pub requests: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(
            phone("phone", " +47 912 34 567 ").ok(),
            Some("+47 912 34 567".into())
        );
        assert!(phone("phone", "912-34-567").is_err());
        assert!(phone("phone", "1234").is_err());
        assert!(phone("phone", "12+345678").is_err());
    }

    #[test]
    fn a_damaged_return_needs_a_note() {
        let r = CheckinRequest {
            label: "HEG-1".into(),
            condition: ReturnCondition::Damaged,
            note: " ".into(),
        };
        let e = r
            .validate()
            .err()
            .map(|e| e.into_errors())
            .unwrap_or_default();
        assert_eq!(e.first().map(|e| e.field.as_str()), Some("note"));
        let ok = CheckinRequest {
            condition: ReturnCondition::Ok,
            ..r
        };
        assert_eq!(ok.validate().ok(), Some(("HEG-1".into(), None)));
    }
}
