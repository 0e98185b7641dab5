//! The one state machine every fund application follows, and the rules of
//! a decision.
//!
//! ```text
//! draft → submitted → in_review ⇄ needs_info
//!                     in_review → recommended → decided      (four-eyes)
//!                     in_review → decided                    (one signature)
//!                     recommended → in_review                (returned)
//! decided → paid → closed;  decided (nothing granted) → closed
//! decided | paid → appealed → appeal_decided → paid | closed
//! submitted | in_review | needs_info | recommended → withdrawn
//! ```
//!
//! The API answers an action the current state does not allow with 409 and
//! the code `illegal_transition`, naming the current state.

use crate::text;
use crate::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written; only the applicant (and a coach who started it) sees it.
    Draft,
    /// Sent, waiting for a caseworker.
    Submitted,
    InReview,
    /// The caseworker asked the applicant for more information.
    NeedsInfo,
    /// A caseworker recommended a decision; an approver signs it.
    Recommended,
    /// Decided: see `outcome`.
    Decided,
    Paid,
    Closed,
    Withdrawn,
    /// The applicant appealed the decision.
    Appealed,
    AppealDecided,
}

impl Status {
    pub const ALL: [Status; 11] = [
        Self::Draft,
        Self::Submitted,
        Self::InReview,
        Self::NeedsInfo,
        Self::Recommended,
        Self::Decided,
        Self::Paid,
        Self::Closed,
        Self::Withdrawn,
        Self::Appealed,
        Self::AppealDecided,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::InReview => "in_review",
            Self::NeedsInfo => "needs_info",
            Self::Recommended => "recommended",
            Self::Decided => "decided",
            Self::Paid => "paid",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
            Self::Appealed => "appealed",
            Self::AppealDecided => "appeal_decided",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Waiting for the fund (counted in the caseworker queue).
    pub fn is_open_case(self) -> bool {
        matches!(
            self,
            Self::Submitted | Self::InReview | Self::NeedsInfo | Self::Recommended | Self::Appealed
        )
    }

    /// A decision has been made and stands (a letter exists).
    pub fn has_decision(self) -> bool {
        matches!(
            self,
            Self::Decided | Self::Paid | Self::Closed | Self::Appealed | Self::AppealDecided
        )
    }
}

/// Everything that can happen to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Edit,
    DeleteDraft,
    Submit,
    Withdraw,
    /// A caseworker takes the case (or is assigned it).
    Take,
    RequestInfo,
    /// The applicant answers a request for information.
    Answer,
    Recommend,
    /// The approver sends a recommendation back to the caseworker.
    Return,
    Decide,
    Pay,
    Close,
    Appeal,
    DecideAppeal,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Self::Edit,
        Self::DeleteDraft,
        Self::Submit,
        Self::Withdraw,
        Self::Take,
        Self::RequestInfo,
        Self::Answer,
        Self::Recommend,
        Self::Return,
        Self::Decide,
        Self::Pay,
        Self::Close,
        Self::Appeal,
        Self::DecideAppeal,
    ];
}

/// An action the current state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an application that is {} cannot take `{action:?}`", .from.as_str())]
pub struct IllegalTransition {
    pub from: Status,
    pub action: Action,
}

/// The state after `action` on an application in `from`. `four_eyes` is the
/// fund's rule: with it, only a recommendation can be decided.
/// `granted` is whether the standing decision grants money (pay needs it;
/// close without payment needs it not to).
pub fn transition(
    from: Status,
    action: Action,
    four_eyes: bool,
    granted: bool,
) -> Result<Status, IllegalTransition> {
    use Action as A;
    use Status as S;
    let to = match (from, action) {
        (S::Draft, A::Edit) => Some(S::Draft),
        (S::Draft, A::DeleteDraft) => None,
        (S::Draft, A::Submit) => Some(S::Submitted),
        (S::Submitted | S::InReview | S::NeedsInfo | S::Recommended, A::Withdraw) => {
            Some(S::Withdrawn)
        }
        (S::Submitted | S::InReview, A::Take) => Some(S::InReview),
        (S::NeedsInfo, A::Take) => Some(S::NeedsInfo),
        (S::Appealed, A::Take) => Some(S::Appealed),
        (S::InReview, A::RequestInfo) => Some(S::NeedsInfo),
        (S::NeedsInfo, A::Answer) => Some(S::InReview),
        (S::InReview, A::Recommend) if four_eyes => Some(S::Recommended),
        (S::Recommended, A::Return) => Some(S::InReview),
        (S::InReview, A::Decide) if !four_eyes => Some(S::Decided),
        (S::Recommended, A::Decide) => Some(S::Decided),
        (S::Decided | S::AppealDecided, A::Pay) if granted => Some(S::Paid),
        (S::Decided | S::AppealDecided, A::Close) if !granted => Some(S::Closed),
        (S::Paid, A::Close) => Some(S::Closed),
        (S::Decided | S::Paid, A::Appeal) => Some(S::Appealed),
        (S::Appealed, A::DecideAppeal) => Some(S::AppealDecided),
        _ => return Err(IllegalTransition { from, action }),
    };
    // `None` is "gone" (a deleted draft); report it as the draft it was.
    Ok(to.unwrap_or(S::Draft))
}

/// What a decision says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approved,
    PartlyApproved,
    Rejected,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Self::Approved, Self::PartlyApproved, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::PartlyApproved => "partly_approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// `POST /api/v1/fund-applications/{id}/recommend`, `/decide` and
/// `/appeal-decision`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "outcome": "partly_approved", "amount_nok": 1500,
    "reasons": "The fund covers the membership fee; travel is covered by the club's own scheme."
})))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub outcome: Outcome,
    /// The amount granted: the whole request when approved, less when
    /// partly approved; omit or 0 when rejected.
    #[serde(default, deserialize_with = "crate::whole::optional")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000))]
    pub amount_nok: Option<i32>,
    /// Why (forvaltningsloven § 24): required unless the whole request is approved.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub reasons: Option<String>,
}

/// A decision that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDecision {
    pub outcome: Outcome,
    pub amount_nok: i32,
    pub reasons: Option<String>,
}

impl DecisionRequest {
    /// Checks the decision against the amount applied for.
    pub fn validate(&self, requested_nok: i32) -> Result<ValidDecision, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let reasons = e
            .check(text::multiline(
                "reasons",
                self.reasons.as_deref().unwrap_or(""),
                4000,
                self.outcome != Outcome::Approved,
            ))
            .map(|r| Some(r).filter(|r| !r.is_empty()));
        let amount = match self.outcome {
            Outcome::Approved => match self.amount_nok {
                None => Some(requested_nok),
                Some(a) if a == requested_nok => Some(a),
                Some(_) => {
                    e.push(FieldError::new(
                        "amount_nok",
                        "not_the_requested_amount",
                        format!("an approval grants the whole request ({requested_nok}); use partly_approved for less"),
                    ));
                    None
                }
            },
            Outcome::PartlyApproved => match self.amount_nok {
                Some(a) if a >= 1 && a < requested_nok => Some(a),
                Some(_) => {
                    e.push(FieldError::new(
                        "amount_nok",
                        "out_of_range",
                        format!("a partial approval is between 1 and {}", requested_nok - 1),
                    ));
                    None
                }
                None => {
                    e.push(FieldError::new("amount_nok", "required", "is required"));
                    None
                }
            },
            Outcome::Rejected => match self.amount_nok {
                None | Some(0) => Some(0),
                Some(_) => {
                    e.push(FieldError::new(
                        "amount_nok",
                        "must_be_zero",
                        "a rejection grants nothing",
                    ));
                    None
                }
            },
        };
        e.finish(|| {
            Some(ValidDecision {
                outcome: self.outcome,
                amount_nok: amount?,
                reasons: reasons?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Status as S;

    /// Every state × every action, both fund rules, both kinds of decision:
    /// exactly these succeed, everything else is illegal.
    #[test]
    fn every_state_and_action() {
        let legal: &[(S, A, bool, bool, S)] = &[
            // (from, action, four_eyes, granted, to); `*` rules expanded below.
            (S::Draft, A::Edit, false, false, S::Draft),
            (S::Draft, A::DeleteDraft, false, false, S::Draft),
            (S::Draft, A::Submit, false, false, S::Submitted),
            (S::Submitted, A::Withdraw, false, false, S::Withdrawn),
            (S::InReview, A::Withdraw, false, false, S::Withdrawn),
            (S::NeedsInfo, A::Withdraw, false, false, S::Withdrawn),
            (S::Recommended, A::Withdraw, false, false, S::Withdrawn),
            (S::Submitted, A::Take, false, false, S::InReview),
            (S::InReview, A::Take, false, false, S::InReview),
            (S::NeedsInfo, A::Take, false, false, S::NeedsInfo),
            (S::Appealed, A::Take, false, false, S::Appealed),
            (S::InReview, A::RequestInfo, false, false, S::NeedsInfo),
            (S::NeedsInfo, A::Answer, false, false, S::InReview),
            (S::Recommended, A::Return, false, false, S::InReview),
            (S::Recommended, A::Decide, false, false, S::Decided),
            (S::Decided, A::Appeal, false, false, S::Appealed),
            (S::Paid, A::Appeal, false, false, S::Appealed),
            (S::Paid, A::Close, false, false, S::Closed),
            (S::Appealed, A::DecideAppeal, false, false, S::AppealDecided),
        ];
        for from in S::ALL {
            for action in A::ALL {
                for four_eyes in [false, true] {
                    for granted in [false, true] {
                        let got = transition(from, action, four_eyes, granted);
                        let expected = legal
                            .iter()
                            .find(|(f, a, _, _, _)| *f == from && *a == action)
                            .map(|l| l.4)
                            .or(match (from, action) {
                                (S::InReview, A::Recommend) if four_eyes => Some(S::Recommended),
                                (S::InReview, A::Decide) if !four_eyes => Some(S::Decided),
                                (S::Decided | S::AppealDecided, A::Pay) if granted => Some(S::Paid),
                                (S::Decided | S::AppealDecided, A::Close) if !granted => {
                                    Some(S::Closed)
                                }
                                _ => None,
                            });
                        match expected {
                            Some(to) => assert_eq!(got, Ok(to), "{from:?} {action:?}"),
                            None => assert_eq!(
                                got,
                                Err(IllegalTransition { from, action }),
                                "{from:?} {action:?} four_eyes={four_eyes} granted={granted}"
                            ),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().into()))
            );
        }
    }

    fn decide(outcome: Outcome, amount: Option<i32>, reasons: Option<&str>) -> Vec<String> {
        DecisionRequest {
            outcome,
            amount_nok: amount,
            reasons: reasons.map(str::to_owned),
        }
        .validate(3000)
        .err()
        .map(|e| {
            e.errors()
                .iter()
                .map(|f| format!("{}:{}", f.field, f.code))
                .collect()
        })
        .unwrap_or_default()
    }

    #[test]
    fn reasons_are_required_unless_the_whole_request_is_granted() {
        assert!(decide(Outcome::Approved, None, None).is_empty());
        assert_eq!(decide(Outcome::Rejected, None, None), ["reasons:required"]);
        assert_eq!(
            decide(Outcome::PartlyApproved, Some(1500), Some("  ")),
            ["reasons:required"]
        );
        assert!(decide(Outcome::PartlyApproved, Some(1500), Some("Only the fee")).is_empty());
    }

    #[test]
    fn amounts_must_match_the_outcome() {
        assert_eq!(
            decide(Outcome::Approved, Some(2000), None),
            ["amount_nok:not_the_requested_amount"]
        );
        assert_eq!(
            decide(Outcome::PartlyApproved, Some(3000), Some("x")),
            ["amount_nok:out_of_range"]
        );
        assert_eq!(
            decide(Outcome::PartlyApproved, None, Some("x")),
            ["amount_nok:required"]
        );
        assert_eq!(
            decide(Outcome::Rejected, Some(10), Some("x")),
            ["amount_nok:must_be_zero"]
        );
        let ok = DecisionRequest {
            outcome: Outcome::Approved,
            amount_nok: None,
            reasons: None,
        }
        .validate(3000);
        assert_eq!(ok.map(|d| d.amount_nok), Ok(3000));
    }
}
