//! Activities: what, for whom, what it costs, how low the threshold is,
//! when it happens, and whether one signs up.

use crate::ids::{ActivityId, OrganizationId, PlaceId};
use crate::organization::{is_slug, optional_email, phone, Place};
use crate::schedule::{Occurrence, Schedule};
use crate::text;
use crate::{FieldError, ValidationErrors};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The largest amount in NOK accepted in any cost field.
pub const MAX_NOK: i32 = 1_000_000;
/// The largest capacity of an activity with sign-up.
pub const MAX_CAPACITY: i32 = 100_000;

/// Who to ask about the activity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 100,
            pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$",
            example = "Kari Nordmann"
        )
    )]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^([ \t\n\r]*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s\x00-\x1f\x7f-\x9f]+[ \t\n\r]*)?$"
        )
    )]
    pub email: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(\+? *([0-9] *){8,15})?$"))]
    pub phone: Option<String>,
}

/// What taking part costs, in whole NOK. No free-text prices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// No membership fee and no fee per session.
    pub is_free: bool,
    /// Kontingent per season.
    #[serde(default, deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000))]
    pub membership_fee_nok: i32,
    #[serde(default, deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000))]
    pub session_fee_nok: i32,
    /// Estimated cost of what a participant must own.
    #[serde(default, deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000))]
    pub equipment_cost_nok: i32,
    /// Travel, cups and the like.
    #[serde(default, deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000))]
    pub other_cost_nok: i32,
}

impl Cost {
    /// The estimated total for taking part in everything: membership,
    /// equipment and other costs once, the session fee per occurrence.
    pub fn total(&self, sessions: usize) -> i64 {
        i64::from(self.membership_fee_nok)
            + i64::from(self.equipment_cost_nok)
            + i64::from(self.other_cost_nok)
            + i64::from(self.session_fee_nok) * sessions as i64
    }
}

/// How easy it is to come the first time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Just show up; no sign-up.
    #[serde(default)]
    pub drop_in: bool,
    #[serde(default)]
    pub no_membership_needed: bool,
    #[serde(default)]
    pub free_trial: bool,
    /// A named person who welcomes newcomers.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 100, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")
    )]
    pub newcomer_contact: Option<String>,
    /// Languages spoken besides Norwegian (ISO 639-1 codes such as `en`, `uk`, `ar`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub languages: Vec<LanguageCode>,
}

/// An ISO 639-1 code: two lowercase letters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^[a-z]{2}$", example = "en"))]
#[serde(transparent)]
pub struct LanguageCode(pub String);

/// What a participant needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Equipment {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 1000,
            pattern = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$",
            example = "Joggesko og drikkeflaske."
        )
    )]
    pub needed: String,
    /// The organizer lends what is needed.
    #[serde(default)]
    pub lent_by_organizer: bool,
}

/// Accessibility of the activity itself (the place has its own facts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityAccessibility {
    #[serde(default)]
    pub adapted_for_disabilities: bool,
    /// Ledsagerbevis: a companion takes part for free.
    #[serde(default)]
    pub companion_card_accepted: bool,
}

/// Sign-up settings; leave `signup` out (or null) for no sign-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignupSettings {
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 100000, example = 20)
    )]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub capacity: i32,
    /// Sign-up opens (default: at once). Between 2000-01-01 and 2099-12-31.
    #[serde(default)]
    pub opens_at: Option<DateTime<Utc>>,
    /// Sign-up closes (default: at the start of the last occurrence).
    /// Between 2000-01-01 and 2099-12-31.
    #[serde(default)]
    pub closes_at: Option<DateTime<Utc>>,
}

/// Create or replace an activity. The organization is given on create and
/// cannot change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "place_id": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "category": "idrett",
    "title": "Allidrett for 6–9 år", "title_en": "Multi-sport for ages 6–9",
    "description": "Lek og allsidig idrett hver tirsdag. Alle er velkomne, ingen forkunnskaper.",
    "description_en": "Play and varied sports every Tuesday. Everyone is welcome.",
    "tags": ["ballspill", "lek"], "age_min": 6, "age_max": 9,
    "contact": { "name": "Kari Nordmann", "email": "kari@example.no", "phone": "+47 912 34 567" },
    "cost": { "is_free": false, "membership_fee_nok": 300, "session_fee_nok": 0, "equipment_cost_nok": 0, "other_cost_nok": 0 },
    "threshold": { "drop_in": false, "no_membership_needed": false, "free_trial": true, "newcomer_contact": "Kari", "languages": ["en"] },
    "equipment": { "needed": "Joggesko og drikkeflaske.", "lent_by_organizer": false },
    "accessibility": { "adapted_for_disabilities": true, "companion_card_accepted": true },
    "schedule": { "kind": "weekly", "weekdays": ["tue"], "start_time": "17:30", "end_time": "18:30",
        "from": "2027-01-05", "until": "2027-06-15", "exception_dates": ["2027-02-23"] },
    "signup": { "capacity": 20 }
})))]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    pub place_id: PlaceId,
    /// Category slug (see `GET /api/v1/categories`).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[a-z0-9-]{1,40}$"))]
    pub category: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 120,
            pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
        )
    )]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 120, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")
    )]
    pub title_en: Option<String>,
    /// In bokmål; required.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 8000,
            pattern = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
        )
    )]
    pub description: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 8000,
            pattern = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
        )
    )]
    pub description_en: Option<String>,
    /// Free tags, each 1–40 characters, at most 20.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub tags: Vec<Tag>,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 120))]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub age_min: i16,
    /// At least `age_min`.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 120))]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub age_max: i16,
    pub contact: Contact,
    pub cost: Cost,
    #[serde(default)]
    pub threshold: Threshold,
    #[serde(default)]
    pub equipment: Equipment,
    #[serde(default)]
    pub accessibility: ActivityAccessibility,
    pub schedule: Schedule,
    #[serde(default)]
    pub signup: Option<SignupSettings>,
}

/// A free tag: 1–40 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tag(pub String);

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Tag {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .max_length(Some(40))
            .pattern(Some(text::LINE_PATTERN))
            .examples([serde_json::json!("ballspill")])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Tag {}

/// An activity input that passed validation, with its occurrences.
#[derive(Debug, Clone)]
pub struct ValidActivity {
    pub input: ActivityInput,
    pub tags: Vec<String>,
    pub languages: Vec<String>,
    pub occurrences: Vec<Occurrence>,
    pub total_cost_nok: i32,
}

fn nok(errors: &mut ValidationErrors, field: &str, value: i32) {
    if !(0..=MAX_NOK).contains(&value) {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("must be between 0 and {MAX_NOK}"),
        ));
    }
}

impl ActivityInput {
    pub fn validate(&self) -> Result<ValidActivity, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !is_slug(&self.category) {
            errors.push(FieldError::new(
                "category",
                "invalid",
                "is not a known category",
            ));
        }
        let title = errors.check(text::line("title", &self.title, 120));
        let title_en = errors.check(text::optional_line(
            "title_en",
            self.title_en.as_deref(),
            120,
        ));
        let description = errors.check(text::multiline(
            "description",
            &self.description,
            8000,
            true,
        ));
        let description_en = errors
            .check(text::multiline(
                "description_en",
                self.description_en.as_deref().unwrap_or(""),
                8000,
                false,
            ))
            .map(|d| Some(d).filter(|d| !d.is_empty()));
        let mut tags = Vec::new();
        for (i, tag) in self.tags.iter().enumerate() {
            if let Some(t) = errors.check(text::line(&format!("tags[{i}]"), &tag.0, 40)) {
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
        }
        if self.tags.len() > 20 {
            errors.push(FieldError::new("tags", "too_many", "at most 20 tags"));
        }
        for (field, age) in [("age_min", self.age_min), ("age_max", self.age_max)] {
            if !(0..=120).contains(&age) {
                errors.push(FieldError::new(
                    field,
                    "out_of_range",
                    "must be between 0 and 120",
                ));
            }
        }
        if self.age_min > self.age_max {
            errors.push(FieldError::new(
                "age_max",
                "below_min",
                "must be at least the lowest age",
            ));
        }
        let contact_name = errors.check(text::line("contact.name", &self.contact.name, 100));
        let contact_email = errors.check(optional_email(
            "contact.email",
            self.contact.email.as_deref(),
        ));
        let contact_phone = errors.check(phone("contact.phone", self.contact.phone.as_deref()));
        let c = &self.cost;
        nok(&mut errors, "cost.membership_fee_nok", c.membership_fee_nok);
        nok(&mut errors, "cost.session_fee_nok", c.session_fee_nok);
        nok(&mut errors, "cost.equipment_cost_nok", c.equipment_cost_nok);
        nok(&mut errors, "cost.other_cost_nok", c.other_cost_nok);
        if c.is_free && c.membership_fee_nok != 0 {
            errors.push(FieldError::new(
                "cost.membership_fee_nok",
                "not_free",
                "a free activity has no membership fee",
            ));
        }
        if c.is_free && c.session_fee_nok != 0 {
            errors.push(FieldError::new(
                "cost.session_fee_nok",
                "not_free",
                "a free activity has no fee per session",
            ));
        }
        let newcomer = errors.check(text::optional_line(
            "threshold.newcomer_contact",
            self.threshold.newcomer_contact.as_deref(),
            100,
        ));
        let mut languages = Vec::new();
        for (i, lang) in self.threshold.languages.iter().enumerate() {
            if lang.0.len() == 2 && lang.0.bytes().all(|b| b.is_ascii_lowercase()) {
                if !languages.contains(&lang.0) {
                    languages.push(lang.0.clone());
                }
            } else {
                errors.push(FieldError::new(
                    format!("threshold.languages[{i}]"),
                    "invalid",
                    "must be a two-letter language code such as en",
                ));
            }
        }
        if self.threshold.languages.len() > 10 {
            errors.push(FieldError::new(
                "threshold.languages",
                "too_many",
                "at most 10 languages",
            ));
        }
        let needed = errors.check(text::multiline(
            "equipment.needed",
            &self.equipment.needed,
            1000,
            false,
        ));
        let schedule_ok = match self.schedule.validate("schedule") {
            Ok(()) => true,
            Err(e) => {
                for err in e.into_errors() {
                    errors.push(err);
                }
                false
            }
        };
        if let Some(signup) = &self.signup {
            if self.threshold.drop_in {
                errors.push(FieldError::new(
                    "threshold.drop_in",
                    "conflicts_with_signup",
                    "a drop-in activity has no sign-up",
                ));
            }
            if !(1..=MAX_CAPACITY).contains(&signup.capacity) {
                errors.push(FieldError::new(
                    "signup.capacity",
                    "out_of_range",
                    format!("must be between 1 and {MAX_CAPACITY}"),
                ));
            }
            for (name, at) in [
                ("signup.opens_at", signup.opens_at),
                ("signup.closes_at", signup.closes_at),
            ] {
                if at.is_some_and(|t| !crate::schedule::instant_in_range(t)) {
                    errors.push(FieldError::new(
                        name,
                        "date_out_of_range",
                        crate::schedule::DATE_RANGE_MESSAGE,
                    ));
                }
            }
            if let (Some(open), Some(close)) = (signup.opens_at, signup.closes_at) {
                if close <= open {
                    errors.push(FieldError::new(
                        "signup.closes_at",
                        "before_start",
                        "must be after sign-up opens",
                    ));
                }
            }
        }
        let occurrences = if schedule_ok {
            self.schedule.occurrences()
        } else {
            Vec::new()
        };
        let total = self.cost.total(occurrences.len());
        if schedule_ok && total > i64::from(i32::MAX) {
            errors.push(FieldError::new(
                "cost.session_fee_nok",
                "out_of_range",
                "the total cost is too large",
            ));
        }
        errors.finish(|| {
            let mut input = self.clone();
            input.title = title?;
            input.title_en = title_en?;
            input.description = description?;
            input.description_en = description_en?;
            input.contact = Contact {
                name: contact_name?,
                email: contact_email?,
                phone: contact_phone?,
            };
            input.threshold.newcomer_contact = newcomer?;
            input.equipment.needed = needed?;
            Some(ValidActivity {
                input,
                tags,
                languages,
                total_cost_nok: i32::try_from(total).ok()?,
                occurrences,
            })
        })
    }
}

/// Where an activity is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Visible to the organization only.
    Draft,
    Published,
    /// Will not happen (reason given).
    Cancelled,
    /// Moved to a later, unknown time (reason given).
    Postponed,
    /// Unpublished by an administrator (reason given).
    Withdrawn,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 5] = [
        Self::Draft,
        Self::Published,
        Self::Cancelled,
        Self::Postponed,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
            Self::Postponed => "postponed",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the public sees it (drafts are the organization's own).
    pub fn is_public(self) -> bool {
        self != Self::Draft
    }
}

/// A status change an organizer or administrator asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusAction {
    Publish,
    Cancel,
    Postpone,
    Withdraw,
}

impl StatusAction {
    /// The status after the action, or `None` when it is not allowed from `from`.
    pub fn apply(self, from: ActivityStatus) -> Option<ActivityStatus> {
        use ActivityStatus::*;
        match (self, from) {
            (StatusAction::Publish, Draft | Postponed) => Some(Published),
            (StatusAction::Cancel, Published | Postponed) => Some(Cancelled),
            (StatusAction::Postpone, Published) => Some(Postponed),
            (StatusAction::Withdraw, Published | Postponed | Cancelled) => Some(Withdrawn),
            _ => None,
        }
    }
}

/// A category or district with its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Named {
    pub slug: String,
    pub name: String,
    /// English name, where there is one.
    pub name_en: Option<String>,
}

/// An organization in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationRef {
    pub id: OrganizationId,
    pub name: String,
}

/// One time the activity happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "starts_at": "2027-01-05T16:30:00Z", "ends_at": "2027-01-05T17:30:00Z" })))]
pub struct OccurrenceDto {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Places left and queue length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupState {
    pub required: bool,
    pub capacity: Option<i32>,
    pub confirmed: i32,
    pub waiting: i32,
    /// Places left (`null` without sign-up).
    pub free_places: Option<i32>,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
}

/// An activity in a search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", "title": "Allidrett for 6–9 år", "title_en": "Multi-sport for ages 6–9",
    "category": { "slug": "idrett", "name": "Idrett", "name_en": "Sports" },
    "district": { "slug": "heggedal", "name": "Heggedal", "name_en": null },
    "organization": { "id": "5b0e7c52-8f0e-4d59-9a0b-0d3f2c1b9e11", "name": "Heggedal Idrettslag" },
    "place_name": "Heggedalshallen", "age_min": 6, "age_max": 9, "is_free": false, "total_cost_nok": 300,
    "drop_in": false, "no_membership_needed": false, "free_trial": true, "status": "published", "status_reason": null,
    "next_occurrence": { "starts_at": "2027-01-05T16:30:00Z", "ends_at": "2027-01-05T17:30:00Z" },
    "is_series": true,
    "signup": { "required": true, "capacity": 20, "confirmed": 12, "waiting": 0, "free_places": 8, "opens_at": null, "closes_at": null },
    "is_demo": false, "updated_at": "2026-11-23T10:00:00Z", "availability_updated_at": "2026-11-24T08:12:00Z",
    "web_url": "https://fritid.asker.kommune.no/aktiviteter/0b7e3c1a-5f2d-4c8e-9a41-2d6f8e9b1c07",
    "calendar_url": "https://fritid.asker.kommune.no/api/v1/activities/0b7e3c1a-5f2d-4c8e-9a41-2d6f8e9b1c07/calendar.ics"
})))]
pub struct ActivitySummary {
    pub id: ActivityId,
    pub title: String,
    pub title_en: Option<String>,
    pub category: Named,
    pub district: Named,
    pub organization: OrganizationRef,
    pub place_name: String,
    pub age_min: i16,
    pub age_max: i16,
    pub is_free: bool,
    pub total_cost_nok: i32,
    pub drop_in: bool,
    pub no_membership_needed: bool,
    pub free_trial: bool,
    pub status: ActivityStatus,
    pub status_reason: Option<String>,
    /// The next (or, with `occurrences=true`, this) occurrence in the searched range.
    pub next_occurrence: Option<OccurrenceDto>,
    pub is_series: bool,
    pub signup: SignupState,
    pub is_demo: bool,
    /// When the content last changed (what `SEQUENCE` in its calendar counts).
    pub updated_at: DateTime<Utc>,
    /// When the places left last changed (a sign-up, a cancellation, the
    /// capacity). A sync list (`updated_since`, `after`) picks up both.
    pub availability_updated_at: DateTime<Utc>,
    /// Its picture; without one, cards show the category's illustration.
    pub image: Option<crate::image::ImageRef>,
    /// Its page in the web app.
    pub web_url: String,
    /// Its iCalendar feed.
    pub calendar_url: String,
}

/// One page of the activity search. In a sync list (`updated_since` or
/// `after`) it also says where to continue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPage {
    pub items: Vec<ActivitySummary>,
    /// Number of items over all pages (in a sync list: from this page on).
    /// A search counts at most 1,000: with `total_capped`, more match.
    pub total: i64,
    /// More than `total` (1,000) match; the count stopped there. The pages
    /// go on: follow `Link: rel="next"` until a page is not full.
    #[serde(default)]
    pub total_capped: bool,
    pub page: u32,
    pub per_page: u32,
    /// Only in a sync list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<SyncPosition>,
    /// Did you mean: when a free text found nothing, searches with the
    /// nearest spellings of its words (each a whole `q`). Otherwise empty.
    #[serde(default)]
    pub suggestions: Vec<String>,
}

/// Where a sync client stands (see docs/API.md, "Synchronising").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncPosition {
    /// Send this as `after` for the next page, and keep it for the next
    /// sync once caught up. Opaque.
    pub next: String,
    /// No more changes now: the client has everything changed before
    /// `settled_before`.
    pub caught_up: bool,
    /// Changes are listed once they are settled: made before this instant,
    /// so no change can still appear behind the cursor.
    pub settled_before: DateTime<Utc>,
}

/// Everything about one activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: ActivityId,
    pub organization: OrganizationRef,
    pub place: Place,
    pub category: Named,
    pub district: Named,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub tags: Vec<String>,
    pub age_min: i16,
    pub age_max: i16,
    pub contact: Contact,
    pub cost: Cost,
    /// Derived: membership + equipment + other + session fee × occurrences.
    pub total_cost_nok: i32,
    pub threshold: Threshold,
    pub equipment: Equipment,
    pub accessibility: ActivityAccessibility,
    pub schedule: Schedule,
    /// Upcoming occurrences (at most 20; see `/occurrences` for all).
    pub upcoming: Vec<OccurrenceDto>,
    pub occurrence_count: i64,
    pub status: ActivityStatus,
    pub status_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub signup: SignupState,
    /// Whether the caller may edit it (member of the organization).
    pub can_edit: bool,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Its picture; without one, pages show the category's illustration.
    pub image: Option<crate::image::ImageRef>,
    /// Its page in the web app.
    pub web_url: String,
    /// Its iCalendar feed.
    pub calendar_url: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;
    use uuid::Uuid;

    pub(crate) fn sample() -> ActivityInput {
        ActivityInput {
            place_id: PlaceId(Uuid::nil()),
            category: "idrett".into(),
            title: "Allidrett".into(),
            title_en: None,
            description: "Lek og idrett.".into(),
            description_en: None,
            tags: vec![Tag("lek".into())],
            age_min: 6,
            age_max: 9,
            contact: Contact {
                name: "Kari".into(),
                email: None,
                phone: None,
            },
            cost: Cost {
                is_free: false,
                membership_fee_nok: 300,
                session_fee_nok: 50,
                ..Default::default()
            },
            threshold: Threshold::default(),
            equipment: Equipment::default(),
            accessibility: ActivityAccessibility::default(),
            schedule: Schedule::Weekly {
                weekdays: vec![crate::schedule::Weekday::Tue],
                start_time: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
                end_time: NaiveTime::from_hms_opt(18, 30, 0).unwrap(),
                from: "2027-01-05".parse().unwrap(),
                until: "2027-01-26".parse().unwrap(),
                exception_dates: vec![],
            },
            signup: Some(SignupSettings {
                capacity: 20,
                opens_at: None,
                closes_at: None,
            }),
        }
    }

    #[test]
    fn total_cost_counts_the_session_fee_per_occurrence() {
        let valid = sample().validate().unwrap();
        assert_eq!(valid.occurrences.len(), 4);
        assert_eq!(valid.total_cost_nok, 300 + 4 * 50);
    }

    #[test]
    fn cross_field_rules_name_the_field() {
        let mut a = sample();
        a.age_min = 10;
        a.cost.is_free = true;
        a.threshold.drop_in = true;
        a.threshold.languages = vec![LanguageCode("english".into())];
        let fields: Vec<String> = a
            .validate()
            .unwrap_err()
            .errors()
            .iter()
            .map(|e| e.field.clone())
            .collect();
        assert_eq!(
            fields,
            [
                "age_max",
                "cost.membership_fee_nok",
                "cost.session_fee_nok",
                "threshold.languages[0]",
                "threshold.drop_in"
            ]
        );
    }

    #[test]
    fn status_changes_follow_the_life_cycle() {
        use ActivityStatus::*;
        assert_eq!(StatusAction::Publish.apply(Draft), Some(Published));
        assert_eq!(StatusAction::Publish.apply(Cancelled), None);
        assert_eq!(StatusAction::Cancel.apply(Draft), None);
        assert_eq!(StatusAction::Postpone.apply(Published), Some(Postponed));
        assert_eq!(StatusAction::Publish.apply(Postponed), Some(Published));
        assert_eq!(StatusAction::Withdraw.apply(Draft), None);
    }
}
