//! Funds and their rounds: the budget, the most a child can get in a round,
//! what the money may cover, whether decisions need a second signature, and
//! the texts the decision letters use.

use crate::ids::{FundId, RoundId};
use crate::text;
use crate::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the money may pay for; each cost line of an application has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Membership or participation fee (kontingent, deltakeravgift).
    Fee,
    Equipment,
    Travel,
    Other,
}

impl CostKind {
    pub const ALL: [CostKind; 4] = [Self::Fee, Self::Equipment, Self::Travel, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fee => "fee",
            Self::Equipment => "equipment",
            Self::Travel => "travel",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A fund (Bamsefondet) and the texts its letters use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "2f1c4e5a-8b7d-4c3e-9a1b-0c2d3e4f5a6b", "name": "Bamsefondet",
    "decision_owner": "Asker kommune, Oppvekst", "appeal_body": "Kommunens klagenemnd",
    "contact": "bamsefondet@asker.kommune.no, tlf. 66 90 00 00", "four_eyes": true,
    "rounds": []
})))]
pub struct Fund {
    pub id: FundId,
    pub name: String,
    /// Who makes the decisions (named in the letter).
    pub decision_owner: String,
    /// Who handles appeals (named in the letter).
    pub appeal_body: String,
    /// How to reach the fund (named in the letter).
    pub contact: String,
    /// Decisions need a second signature by a different approver.
    pub four_eyes: bool,
    pub rounds: Vec<Round>,
}

/// One application round of a fund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: RoundId,
    pub fund_id: FundId,
    pub name: String,
    pub opens_on: NaiveDate,
    /// The last day to submit; `null` is a continuous round.
    pub closes_on: Option<NaiveDate>,
    pub budget_nok: i64,
    pub max_per_child_nok: i32,
    pub covers: Vec<CostKind>,
    /// Sum of granted amounts (approved or partly approved, not withdrawn).
    pub committed_nok: i64,
    pub paid_nok: i64,
    /// Open for applications today.
    pub open: bool,
}

impl Round {
    /// Whether the round takes applications on `today` (Oslo date).
    pub fn is_open_on(opens_on: NaiveDate, closes_on: Option<NaiveDate>, today: NaiveDate) -> bool {
        opens_on <= today && closes_on.is_none_or(|c| today <= c)
    }
}

/// `POST /api/v1/funds`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Bamsefondet", "decision_owner": "Asker kommune, Oppvekst",
    "appeal_body": "Kommunens klagenemnd", "contact": "bamsefondet@asker.kommune.no",
    "four_eyes": true
})))]
#[serde(deny_unknown_fields)]
pub struct FundRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub decision_owner: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub appeal_body: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub contact: String,
    pub four_eyes: bool,
}

/// A fund request that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFund {
    pub name: String,
    pub decision_owner: String,
    pub appeal_body: String,
    pub contact: String,
    pub four_eyes: bool,
}

impl FundRequest {
    pub fn validate(&self) -> Result<ValidFund, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(text::line("name", &self.name, 100));
        let owner = e.check(text::line("decision_owner", &self.decision_owner, 200));
        let appeal = e.check(text::line("appeal_body", &self.appeal_body, 200));
        let contact = e.check(text::line("contact", &self.contact, 300));
        e.finish(|| {
            Some(ValidFund {
                name: name?,
                decision_owner: owner?,
                appeal_body: appeal?,
                contact: contact?,
                four_eyes: self.four_eyes,
            })
        })
    }
}

/// `POST /api/v1/funds/{id}/rounds` and `PUT /api/v1/fund-rounds/{id}`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "2027", "opens_on": "2027-01-01", "closes_on": null,
    "budget_nok": 500000, "max_per_child_nok": 5000, "covers": ["fee", "equipment", "travel"]
})))]
#[serde(deny_unknown_fields)]
pub struct RoundRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    pub opens_on: NaiveDate,
    #[serde(default)]
    pub closes_on: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000_000))]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub budget_nok: i64,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    #[serde(deserialize_with = "crate::whole::deserialize")]
    pub max_per_child_nok: i32,
    pub covers: Vec<CostKind>,
}

/// A round request that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRound {
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
    pub budget_nok: i64,
    pub max_per_child_nok: i32,
    pub covers: Vec<CostKind>,
}

impl RoundRequest {
    pub fn validate(&self) -> Result<ValidRound, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check(text::line("name", &self.name, 100));
        if self.closes_on.is_some_and(|c| c < self.opens_on) {
            e.push(FieldError::new(
                "closes_on",
                "before_opens_on",
                "must not be before opens_on",
            ));
        }
        if !(1..=100_000_000).contains(&self.budget_nok) {
            e.push(FieldError::new(
                "budget_nok",
                "out_of_range",
                "must be between 1 and 100000000",
            ));
        }
        if !(1..=100_000).contains(&self.max_per_child_nok) {
            e.push(FieldError::new(
                "max_per_child_nok",
                "out_of_range",
                "must be between 1 and 100000",
            ));
        }
        let mut covers = self.covers.clone();
        covers.sort_by_key(|k| k.as_str());
        covers.dedup();
        if covers.is_empty() {
            e.push(FieldError::new(
                "covers",
                "required",
                "must name at least one kind of cost",
            ));
        }
        e.finish(|| {
            Some(ValidRound {
                name: name?,
                opens_on: self.opens_on,
                closes_on: self.closes_on,
                budget_nok: self.budget_nok,
                max_per_child_nok: self.max_per_child_nok,
                covers,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn a_round_is_open_between_its_days_and_forever_when_continuous() {
        let opens = day("2027-01-01");
        assert!(!Round::is_open_on(opens, None, day("2026-12-31")));
        assert!(Round::is_open_on(opens, None, day("2030-06-01")));
        assert!(Round::is_open_on(
            opens,
            Some(day("2027-03-01")),
            day("2027-03-01")
        ));
        assert!(!Round::is_open_on(
            opens,
            Some(day("2027-03-01")),
            day("2027-03-02")
        ));
    }

    #[test]
    fn a_round_names_every_bad_field_at_once() {
        let r = RoundRequest {
            name: " ".into(),
            opens_on: day("2027-02-01"),
            closes_on: Some(day("2027-01-01")),
            budget_nok: 0,
            max_per_child_nok: 0,
            covers: vec![],
        };
        let errors = r.validate().err().unwrap_or_default();
        let fields: Vec<&str> = errors.errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "closes_on",
                "budget_nok",
                "max_per_child_nok",
                "covers"
            ]
        );
    }
}
