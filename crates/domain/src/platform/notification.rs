//! Notifications: what the platform tells people, in their language, on
//! "Min side" and by e-mail.
//!
//! Every message names a [`Template`]; the template decides whether the
//! message is essential (always e-mailed: decisions, cancellations) or may
//! be turned off by the person (reminders).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The languages the platform speaks. Messages are written in the
/// recipient's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Norwegian bokmål.
    #[default]
    Nb,
    /// English.
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Nb, Language::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "nb" => Some(Language::Nb),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// Every kind of message the platform sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// A sign-up got a place.
    SignupConfirmed,
    /// A sign-up went onto the waiting list.
    SignupWaiting,
    /// A place opened up for someone on the waiting list.
    WaitlistPromoted,
    /// An activity someone is signed up for was cancelled.
    ActivityCancelled,
    /// An activity someone is signed up for was postponed.
    ActivityPostponed,
    /// The day before a single-time activity (may be turned off).
    ActivityReminder,
    /// An invitation to join an organization.
    OrganizationInvitation,
    /// The link that confirms a new account's address.
    ConfirmEmail,
    /// Someone tried to register with an address that has an account.
    AccountExists,
    /// Bamsefondet: an application was received.
    FundSubmitted,
    /// Bamsefondet: the caseworker needs more information.
    FundInfoRequested,
    /// Bamsefondet: the decision (with the letter).
    FundDecided,
    /// Bamsefondet: the grant was paid.
    FundPaid,
    /// Bamsefondet: the appeal was decided.
    FundAppealDecided,
    /// Bamsefondet: not decided within a month; when to expect an answer.
    FundPreliminaryAnswer,
    /// Bamsefondet: a coach started an application for the guardian's child.
    FundGuardianInvited,
    /// BUA: equipment reserved.
    BuaReserved,
    /// BUA: something on the waiting list is free and held for 24 hours.
    BuaOffer,
    /// BUA: the day before the return day (may be turned off).
    BuaReturnReminder,
    /// BUA: the return day has passed.
    BuaOverdue,
    /// BUA: the reserved unit was taken out of use and no other of the
    /// model and size is free on those days.
    BuaReservationCancelled,
}

impl Template {
    pub const ALL: [Template; 21] = [
        Template::SignupConfirmed,
        Template::SignupWaiting,
        Template::WaitlistPromoted,
        Template::ActivityCancelled,
        Template::ActivityPostponed,
        Template::ActivityReminder,
        Template::OrganizationInvitation,
        Template::ConfirmEmail,
        Template::AccountExists,
        Template::FundSubmitted,
        Template::FundInfoRequested,
        Template::FundDecided,
        Template::FundPaid,
        Template::FundAppealDecided,
        Template::FundPreliminaryAnswer,
        Template::FundGuardianInvited,
        Template::BuaReserved,
        Template::BuaOffer,
        Template::BuaReturnReminder,
        Template::BuaOverdue,
        Template::BuaReservationCancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Template::SignupConfirmed => "signup_confirmed",
            Template::SignupWaiting => "signup_waiting",
            Template::WaitlistPromoted => "waitlist_promoted",
            Template::ActivityCancelled => "activity_cancelled",
            Template::ActivityPostponed => "activity_postponed",
            Template::ActivityReminder => "activity_reminder",
            Template::OrganizationInvitation => "organization_invitation",
            Template::ConfirmEmail => "confirm_email",
            Template::AccountExists => "account_exists",
            Template::FundSubmitted => "fund_submitted",
            Template::FundInfoRequested => "fund_info_requested",
            Template::FundDecided => "fund_decided",
            Template::FundPaid => "fund_paid",
            Template::FundAppealDecided => "fund_appeal_decided",
            Template::FundPreliminaryAnswer => "fund_preliminary_answer",
            Template::FundGuardianInvited => "fund_guardian_invited",
            Template::BuaReserved => "bua_reserved",
            Template::BuaOffer => "bua_offer",
            Template::BuaReturnReminder => "bua_return_reminder",
            Template::BuaOverdue => "bua_overdue",
            Template::BuaReservationCancelled => "bua_reservation_cancelled",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// Essential messages are always e-mailed; the others follow the
    /// person's choice ([`Preferences::email_reminders`]).
    pub fn essential(self) -> bool {
        !matches!(
            self,
            Template::ActivityReminder | Template::BuaReturnReminder
        )
    }
}

/// Whether and how a message went out by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmailState {
    /// Waiting to be sent (or to be tried again).
    Pending,
    Sent,
    /// Given up after repeated failures; the message is still here.
    Failed,
    /// Not e-mailed: the person turned off this kind of e-mail.
    Off,
}

/// A message as its recipient sees it on "Min side".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "5d0c2f7e-6a1b-4c8e-9f3a-1b2c3d4e5f60", "template": "waitlist_promoted",
    "subject": "Du har fått plass: Svømmekurs for nybegynnere",
    "body": "Hei!\n\nEmma har fått plass på Svømmekurs for nybegynnere …",
    "link": "https://fritid.asker.kommune.no/aktiviteter/0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60",
    "created_at": "2027-01-12T09:30:00Z", "email": "sent"
})))]
pub struct Message {
    pub id: uuid::Uuid,
    pub template: Template,
    pub subject: String,
    /// The plain-text body, in the language the message was written in.
    pub body: String,
    /// Where to act on the message, when there is such a page.
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub email: EmailState,
}

/// What a person chose about language and e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// The language of the web app and of the messages sent.
    pub language: Language,
    /// Reminders by e-mail (the day before an activity). Essential messages
    /// (cancellations, decisions) are always e-mailed.
    pub email_reminders: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for t in Template::ALL {
            assert_eq!(Template::parse(t.key()), Some(t));
            let json = serde_json::to_value(t).unwrap_or_default();
            assert_eq!(json, serde_json::Value::String(t.key().into()));
        }
        assert_eq!(Template::parse("nope"), None);
    }

    #[test]
    fn only_reminders_can_be_turned_off() {
        assert!(!Template::ActivityReminder.essential());
        assert!(!Template::BuaReturnReminder.essential());
        assert!(Template::BuaOverdue.essential());
        assert!(Template::ActivityCancelled.essential());
        assert!(Template::WaitlistPromoted.essential());
    }

    #[test]
    fn languages_parse() {
        assert_eq!(Language::parse("en"), Some(Language::En));
        assert_eq!(Language::parse("se"), None);
        assert_eq!(Language::default(), Language::Nb);
    }
}
