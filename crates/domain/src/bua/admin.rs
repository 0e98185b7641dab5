//! What administrators send to set BUA up: lending locations (address,
//! hours, closed days, loan rules), equipment models and units.

use super::catalogue::CATEGORIES;
use super::rules::{LoanRules, OpeningHours};
use crate::ids::ModelId;
use crate::text;
use crate::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a size means on a model.
pub const SIZE_KINDS: [&str; 5] = ["ski_cm", "shoe_eu", "wheel_inch", "helmet", "clothing"];

/// `POST /api/v1/bua/locations` and `PUT /api/v1/bua/locations/{id}`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "BUA Heggedal", "address": "Heggedalsveien 2, 1389 Heggedal", "district": "heggedal",
    "contact_email": "bua.heggedal@asker.kommune.no", "contact_phone": "+47 66 90 00 00",
    "rules": {"max_loan_days": 7, "min_days_ahead": 1, "max_days_ahead": 30, "max_active_per_household": 3},
    "hours": [{"weekday": 1, "opens": "15:00:00", "closes": "19:00:00"}, {"weekday": 6, "opens": "10:00:00", "closes": "14:00:00"}],
    "closed_days": ["2027-04-01"]
})))]
#[serde(deny_unknown_fields)]
pub struct LocationRequest {
    pub name: String,
    pub address: String,
    /// District slug (`GET /api/v1/districts`).
    pub district: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub rules: LoanRules,
    /// Per ISO weekday (1 = Monday), at most one each; a weekday left out is closed.
    pub hours: Vec<OpeningHours>,
    /// Closed days (holidays); replaces the days from today on.
    #[serde(default)]
    pub closed_days: Vec<NaiveDate>,
}

/// A location request that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLocation {
    pub name: String,
    pub address: String,
    pub district: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub rules: LoanRules,
    pub hours: Vec<OpeningHours>,
    pub closed_days: Vec<NaiveDate>,
}

fn in_range(e: &mut ValidationErrors, field: &str, value: i32, min: i32, max: i32) {
    if !(min..=max).contains(&value) {
        e.push(FieldError::new(
            field,
            "out_of_range",
            format!("must be between {min} and {max}"),
        ));
    }
}

impl LocationRequest {
    pub fn validate(&self) -> Result<ValidLocation, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(text::line("name", &self.name, 100));
        let address = e.check(text::line("address", &self.address, 200));
        let district = e.check(text::line("district", &self.district, 40));
        let contact_email = e.check(crate::organization::optional_email(
            "contact_email",
            self.contact_email.as_deref(),
        ));
        let contact_phone = match self.contact_phone.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(p) => e
                .check(super::catalogue::phone("contact_phone", p))
                .map(Some),
        };
        let r = &self.rules;
        in_range(&mut e, "rules.max_loan_days", r.max_loan_days, 1, 60);
        in_range(&mut e, "rules.min_days_ahead", r.min_days_ahead, 0, 30);
        in_range(
            &mut e,
            "rules.max_days_ahead",
            r.max_days_ahead,
            r.min_days_ahead.max(0),
            180,
        );
        in_range(
            &mut e,
            "rules.max_active_per_household",
            r.max_active_per_household,
            1,
            20,
        );
        let mut hours = self.hours.clone();
        hours.sort_by_key(|h| h.weekday);
        for (i, h) in hours.iter().enumerate() {
            if !(1..=7).contains(&h.weekday) {
                e.push(FieldError::new(
                    format!("hours[{i}].weekday"),
                    "out_of_range",
                    "must be 1 (Monday) to 7 (Sunday)",
                ));
            } else if hours[..i].iter().any(|o| o.weekday == h.weekday) {
                e.push(FieldError::new(
                    format!("hours[{i}].weekday"),
                    "duplicate",
                    "each weekday once",
                ));
            }
            if h.opens >= h.closes {
                e.push(FieldError::new(
                    format!("hours[{i}].closes"),
                    "before_opens",
                    "must be after the opening time",
                ));
            }
        }
        if hours.is_empty() {
            e.push(FieldError::new(
                "hours",
                "required",
                "a location is open at least one weekday",
            ));
        }
        let mut closed_days = self.closed_days.clone();
        closed_days.sort();
        closed_days.dedup();
        e.finish(|| {
            Some(ValidLocation {
                name: name?,
                address: address?,
                district: district?,
                contact_email: contact_email?,
                contact_phone: contact_phone?,
                rules: self.rules,
                hours,
                closed_days,
            })
        })
    }
}

/// `POST /api/v1/bua/models`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Langrennski, klassisk", "category": "ski", "description": "Smørefrie ski med feller.",
    "size_kind": "ski_cm", "min_age": 4, "max_age": 16, "default_loan_days": 7
})))]
#[serde(deny_unknown_fields)]
pub struct ModelRequest {
    pub name: String,
    /// One of the categories (`ski`, `skoyter`, `sykkel`, `hjelm`, …).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^(ski|skoyter|sykkel|hjelm|telt|longboard|sparkesykkel|truger|sovepose|fiske|ball|annet)$"
        )
    )]
    pub category: String,
    #[serde(default)]
    pub description: String,
    /// `ski_cm`, `shoe_eu`, `wheel_inch`, `helmet`, `clothing`; null when size does not matter.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(ski_cm|shoe_eu|wheel_inch|helmet|clothing)$")
    )]
    pub size_kind: Option<String>,
    #[serde(default, deserialize_with = "crate::whole::optional")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 99))]
    pub min_age: Option<i16>,
    #[serde(default, deserialize_with = "crate::whole::optional")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 99))]
    pub max_age: Option<i16>,
    #[serde(deserialize_with = "crate::whole::deserialize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub default_loan_days: i16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidModel {
    pub name: String,
    pub category: String,
    pub description: String,
    pub size_kind: Option<String>,
    pub min_age: Option<i16>,
    pub max_age: Option<i16>,
    pub default_loan_days: i16,
}

impl ModelRequest {
    pub fn validate(&self) -> Result<ValidModel, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(text::line("name", &self.name, 100));
        if !CATEGORIES.contains(&self.category.as_str()) {
            e.push(FieldError::new(
                "category",
                "unknown",
                "is not a BUA category",
            ));
        }
        let description = e.check(text::multiline(
            "description",
            &self.description,
            2000,
            false,
        ));
        if self
            .size_kind
            .as_deref()
            .is_some_and(|k| !SIZE_KINDS.contains(&k))
        {
            e.push(FieldError::new(
                "size_kind",
                "unknown",
                "is not a size kind",
            ));
        }
        for (field, age) in [("min_age", self.min_age), ("max_age", self.max_age)] {
            if age.is_some_and(|a| !(0..=99).contains(&a)) {
                e.push(FieldError::new(
                    field,
                    "out_of_range",
                    "must be between 0 and 99",
                ));
            }
        }
        if let (Some(min), Some(max)) = (self.min_age, self.max_age) {
            if min > max {
                e.push(FieldError::new(
                    "max_age",
                    "below_min_age",
                    "must not be below min_age",
                ));
            }
        }
        in_range(
            &mut e,
            "default_loan_days",
            i32::from(self.default_loan_days),
            1,
            60,
        );
        e.finish(|| {
            Some(ValidModel {
                name: name?,
                category: self.category.clone(),
                description: description?,
                size_kind: self.size_kind.clone(),
                min_age: self.min_age,
                max_age: self.max_age,
                default_loan_days: self.default_loan_days,
            })
        })
    }
}

/// `POST /api/v1/bua/locations/{id}/units`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"label": "HEG-0042", "model_id": "5d0c2f7e-6a1b-4c8e-9f3a-1b2c3d4e5f60", "size": "130"})))]
#[serde(deny_unknown_fields)]
pub struct UnitRequest {
    /// Letters, digits and dashes; printed as a QR code.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[A-Za-z0-9-]{1,40}$"))]
    pub label: String,
    pub model_id: ModelId,
    /// Empty for a model without sizes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub size: String,
}

/// The label and size of a new unit.
pub fn validate_unit(req: &UnitRequest) -> Result<(String, String), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let label = req.label.trim().to_uppercase();
    if label.is_empty()
        || label.len() > 40
        || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        e.push(FieldError::new(
            "label",
            "invalid",
            "must be 1 to 40 letters, digits or dashes",
        ));
    }
    let size = e.check(text::optional_line("size", Some(&req.size), 20));
    e.finish(|| Some((label, size?.unwrap_or_default())))
}

/// Someone who works at a location's desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub user_id: uuid::Uuid,
    pub display_name: String,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn t(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN)
    }

    fn fields(e: ValidationErrors) -> Vec<String> {
        e.into_errors().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_location_names_every_bad_field() {
        let req = LocationRequest {
            name: " ".into(),
            address: "Veien 1".into(),
            district: "heggedal".into(),
            contact_email: Some("ikke-en-adresse".into()),
            contact_phone: None,
            rules: LoanRules {
                max_loan_days: 0,
                ..LoanRules::default()
            },
            hours: vec![
                OpeningHours {
                    weekday: 1,
                    opens: t(15),
                    closes: t(19),
                },
                OpeningHours {
                    weekday: 1,
                    opens: t(10),
                    closes: t(12),
                },
                OpeningHours {
                    weekday: 8,
                    opens: t(19),
                    closes: t(15),
                },
            ],
            closed_days: vec![],
        };
        let bad = fields(req.validate().err().unwrap_or_default());
        for field in [
            "name",
            "contact_email",
            "rules.max_loan_days",
            "hours[1].weekday",
            "hours[2].weekday",
            "hours[2].closes",
        ] {
            assert!(bad.contains(&field.to_owned()), "{field} in {bad:?}");
        }
    }

    #[test]
    fn a_model_and_a_unit() {
        let model = ModelRequest {
            name: "Ski".into(),
            category: "ski".into(),
            description: String::new(),
            size_kind: Some("ski_cm".into()),
            min_age: Some(10),
            max_age: Some(4),
            default_loan_days: 7,
        };
        assert_eq!(
            fields(model.validate().err().unwrap_or_default()),
            vec!["max_age"]
        );
        let unit = UnitRequest {
            label: " heg-1 ".into(),
            model_id: ModelId(uuid::Uuid::nil()),
            size: "130".into(),
        };
        assert_eq!(
            validate_unit(&unit).ok(),
            Some(("HEG-1".into(), "130".into()))
        );
        let bad = UnitRequest {
            label: "HEG 1".into(),
            ..unit
        };
        assert_eq!(
            fields(validate_unit(&bad).err().unwrap_or_default()),
            vec!["label"]
        );
    }
}
