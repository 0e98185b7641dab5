//! Accounts: checked value types and the DTOs of registration, login,
//! sessions and the admin user list.

use crate::ids::UserId;
use crate::notification::Language;
use crate::problem::{FieldError, ValidationErrors};
use crate::role::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN_CHARS: usize = 10;
/// Bounds the work of hashing; a passphrase longer than this is not a passphrase.
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const DISPLAY_NAME_MAX_CHARS: usize = 100;
pub const EMAIL_MAX_CHARS: usize = 254;

/// The documented shape of an email address (the `pattern` in the OpenAPI
/// document): one `@`, no whitespace or control characters, a dot inside the
/// domain, optionally surrounded by spaces, tabs or line breaks.
/// [`Email::parse`] accepts exactly what matches it and is at most 254
/// characters long; a property test holds the two together.
pub const EMAIL_PATTERN: &str = r"^[ \t\n\r]*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s\x00-\x1f\x7f-\x9f]+[ \t\n\r]*$";

fn trim_ascii_space(raw: &str) -> &str {
    raw.trim_matches([' ', '\t', '\n', '\r'])
}

fn is_email_char(c: char) -> bool {
    c != '@' && !c.is_whitespace() && !c.is_control()
}

/// A syntactically valid, normalised (trimmed, lower-case) email address.
/// Deliverability is what matters, and only a confirmation email proves it,
/// so the syntax check is deliberately simple and matches the schema exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let normalised = trim_ascii_space(raw).to_lowercase();
        if normalised.is_empty() {
            return Err(FieldError::new(field, "required", "is required"));
        }
        if raw.chars().count() > EMAIL_MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("must be at most {EMAIL_MAX_CHARS} characters"),
            ));
        }
        let valid = normalised.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.chars().all(is_email_char)
                && domain.chars().all(is_email_char)
                && domain
                    .char_indices()
                    .any(|(i, c)| c == '.' && i > 0 && i + 1 < domain.len())
        });
        if !valid {
            return Err(FieldError::new(
                field,
                "invalid",
                "is not a valid email address",
            ));
        }
        Ok(Self(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A new password that meets the policy: 10 to 256 characters and not the
/// account's own email address.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub fn parse(field: &str, raw: &str, email: Option<&str>) -> Result<Self, FieldError> {
        let chars = raw.chars().count();
        if chars == 0 {
            return Err(FieldError::new(field, "required", "is required"));
        }
        if chars < PASSWORD_MIN_CHARS {
            return Err(FieldError::new(
                field,
                "too_short",
                format!("must be at least {PASSWORD_MIN_CHARS} characters"),
            ));
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("must be at most {PASSWORD_MAX_CHARS} characters"),
            ));
        }
        if email.is_some_and(|e| raw.trim().eq_ignore_ascii_case(e.trim())) {
            return Err(FieldError::new(
                field,
                "equals_email",
                "must not be the same as the email address",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A display name: at most 100 characters as given, not blank, no control
/// characters; stored trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(field, "required", "is required"));
        }
        if raw.chars().count() > DISPLAY_NAME_MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("must be at most {DISPLAY_NAME_MAX_CHARS} characters"),
            ));
        }
        if raw.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                "invalid",
                "must not contain control characters",
            ));
        }
        crate::text::check_name_chars(field, raw)?;
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

fn required(field: &str, raw: &str) -> Result<(), FieldError> {
    if raw.is_empty() {
        Err(FieldError::new(field, "required", "is required"))
    } else {
        Ok(())
    }
}

/// `POST /api/v1/auth/register`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "kari.nordmann@example.no", "password": "lang-og-hemmelig-2026", "display_name": "Kari Nordmann"
})))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[ \t\n\r]*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s\x00-\x1f\x7f-\x9f]+[ \t\n\r]*$"
        )
    )]
    pub email: String,
    /// 10 to 256 characters, not the email address.
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 10, max_length = 256))]
    pub password: String,
    /// Shown to staff and organizers; at most 100 characters, not blank, no
    /// invisible or text-direction characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 100,
            pattern = r"^[^\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*[^\s\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff][^\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$"
        )
    )]
    pub display_name: String,
    /// The language the account's messages are written in (`nb` when left
    /// out); the web app sends the language it shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// The web-app page to open once the address is confirmed (a path on
    /// this site, such as the activity the person was looking at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 500,
            // RETURN_TO_PATTERN; the OpenAPI test checks they are equal.
            pattern = r"^/([^/\\\x00-\x1f\x7f-\x9f][^\\\x00-\x1f\x7f-\x9f]*)?$"
        )
    )]
    pub return_to: Option<String>,
}

/// A registration that passed validation.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub password: NewPassword,
    pub display_name: DisplayName,
    pub language: Language,
    pub return_to: Option<String>,
}

pub const RETURN_TO_MAX_CHARS: usize = 500;

/// The documented shape of a return path ([`local_path`] accepts exactly
/// what matches it, up to 500 characters; a property test holds them together).
pub const RETURN_TO_PATTERN: &str = r"^/([^/\\\x00-\x1f\x7f-\x9f][^\\\x00-\x1f\x7f-\x9f]*)?$";

/// A path on this site to go to after a step (`/aktiviteter/…`): it starts
/// with one `/`, so it can never lead to another site, and holds no control
/// characters or backslashes.
pub fn local_path(field: &str, raw: &str) -> Result<String, FieldError> {
    let mut rest = raw.chars();
    let safe = rest.next() == Some('/')
        && !matches!(rest.next(), Some('/' | '\\'))
        && !raw.chars().any(|c| c == '\\' || c.is_control());
    if raw.chars().count() > RETURN_TO_MAX_CHARS {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("must be at most {RETURN_TO_MAX_CHARS} characters"),
        ));
    }
    if !safe {
        return Err(FieldError::new(
            field,
            "invalid",
            "must be a path on this site, starting with one /",
        ));
    }
    Ok(raw.to_owned())
}

impl RegisterRequest {
    pub fn validate(&self) -> Result<NewAccount, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let email = errors.check(Email::parse("email", &self.email));
        let password = errors.check(NewPassword::parse(
            "password",
            &self.password,
            Some(self.email.as_str()),
        ));
        let display_name = errors.check(DisplayName::parse("display_name", &self.display_name));
        let return_to = match &self.return_to {
            Some(raw) => errors.check(local_path("return_to", raw)).map(Some),
            None => Some(None),
        };
        errors.finish(|| {
            Some(NewAccount {
                email: email?,
                password: password?,
                display_name: display_name?,
                language: self.language.unwrap_or_default(),
                return_to: return_to?,
            })
        })
    }
}

/// `POST /api/v1/auth/login`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "kari.nordmann@example.no", "password": "lang-og-hemmelig-2026"
})))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[ \t\n\r]*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s\x00-\x1f\x7f-\x9f]+[ \t\n\r]*$"
        )
    )]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 1, max_length = 256))]
    pub password: String,
}

impl LoginRequest {
    /// Only presence and shape are checked: the password policy applies to
    /// new passwords, not to logging in with an old one.
    pub fn validate(&self) -> Result<Email, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let email = errors.check(Email::parse("email", &self.email));
        errors.check(required("password", &self.password));
        if self.password.chars().count() > PASSWORD_MAX_CHARS {
            errors.push(FieldError::new(
                "password",
                "too_long",
                format!("must be at most {PASSWORD_MAX_CHARS} characters"),
            ));
        }
        errors.finish(|| email)
    }
}

/// `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`. The web app
/// sends `{}` and the refresh token travels in its HttpOnly cookie instead.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "refresh_token": "q3Vb0fJ1y2sQeR8kq0Hn7bV3m8xWc5tZk1aP9uL2dE4" })))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token; leave out to use the `fritid_refresh` cookie.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"[^ \t\n\r\x0c]")
    )]
    pub refresh_token: Option<String>,
}

impl RefreshRequest {
    /// The token from the body, or else from the cookie; `None` when there
    /// is neither (the caller is not logged in).
    pub fn token<'a>(
        &'a self,
        cookie: Option<&'a str>,
    ) -> Result<Option<&'a str>, ValidationErrors> {
        let Some(raw) = self.refresh_token.as_deref().or(cookie) else {
            return Ok(None);
        };
        // ASCII whitespace only, exactly what the documented pattern says.
        let token = raw.trim_matches(|c: char| c.is_ascii_whitespace());
        if token.is_empty() {
            return Err(ValidationErrors::single(FieldError::new(
                "refresh_token",
                "required",
                "must not be blank",
            )));
        }
        if raw.chars().count() > 200 {
            return Err(ValidationErrors::single(FieldError::new(
                "refresh_token",
                "invalid",
                "is not a refresh token",
            )));
        }
        Ok(Some(token))
    }
}

/// `PUT /api/v1/me/password`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "current_password": "lang-og-hemmelig-2026", "new_password": "enda-lengre-og-hemmeligere"
})))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 1, max_length = 256))]
    pub current_password: String,
    /// 10 to 256 characters, not the email address. Setting the current
    /// password again is answered with 409 `password_unchanged`.
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 10, max_length = 256))]
    pub new_password: String,
}

impl ChangePasswordRequest {
    /// `email` is the account's own address, which the new password may not equal.
    pub fn validate(&self, email: &str) -> Result<NewPassword, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.check(required("current_password", &self.current_password));
        if self.current_password.chars().count() > PASSWORD_MAX_CHARS {
            errors.push(FieldError::new(
                "current_password",
                "too_long",
                format!("must be at most {PASSWORD_MAX_CHARS} characters"),
            ));
        }
        let new_password = errors.check(NewPassword::parse(
            "new_password",
            &self.new_password,
            Some(email),
        ));
        errors.finish(|| new_password)
    }

    /// Whether the new password is the current one. Checked after the current
    /// password is verified, so it says nothing to someone who does not know it.
    pub fn is_unchanged(&self) -> bool {
        self.new_password == self.current_password
    }
}

/// The logged-in user's own account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "email": "kari.nordmann@example.no",
    "display_name": "Kari Nordmann", "roles": ["citizen"], "created_at": "2026-11-23T10:15:00Z",
    "language": "nb", "email_reminders": true
})))]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    /// Always contains `citizen`.
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
    /// The language of the web app and of messages.
    pub language: Language,
    /// Reminder e-mails on (essential messages are always e-mailed).
    pub email_reminders: bool,
}

/// A user as administrators see it in the user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "email": "ola.saksbehandler@asker.kommune.no",
    "display_name": "Ola Saksbehandler", "roles": ["citizen", "caseworker"], "created_at": "2026-11-23T10:15:00Z"
})))]
pub struct UserSummary {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
}

/// Tokens issued on registration, login, refresh and password change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl",
    "token_type": "Bearer", "expires_in": 900,
    "refresh_token": "q3Vb0fJ1y2sQeR8kq0Hn7bV3m8xWc5tZk1aP9uL2dE4", "refresh_expires_in": 2592000,
    "user": { "id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60", "email": "kari.nordmann@example.no",
              "display_name": "Kari Nordmann", "roles": ["citizen"], "created_at": "2026-11-23T10:15:00Z", "language": "nb", "email_reminders": true }
})))]
pub struct Session {
    /// JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque, single-use: each refresh returns a new one. Absent when it
    /// was set as the HttpOnly `fritid_refresh` cookie instead
    /// (`?refresh_token_in=cookie`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: i64,
    pub user: Me,
}

/// `202` to `POST /api/v1/auth/register`: the same answer whether or not
/// the address has an account, so nobody learns which addresses do. The
/// owner of the address gets an e-mail: a confirmation link for a new
/// account, or a note that someone tried to register with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "kari.nordmann@example.no", "expires_in": 172800
})))]
pub struct RegistrationAccepted {
    /// Where the e-mail went (normalised).
    pub email: String,
    /// Seconds the confirmation link works.
    pub expires_in: i64,
}

pub const CONFIRMATION_TOKEN_MAX_CHARS: usize = 100;

/// `POST /api/v1/auth/confirm-email`: the token from the link in the e-mail.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmEmailRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub token: String,
}

impl ConfirmEmailRequest {
    pub fn validate(&self) -> Result<&str, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let token = self.token.trim();
        if token.is_empty() {
            errors.push(FieldError::new("token", "required", "is required"));
        } else if token.chars().count() > CONFIRMATION_TOKEN_MAX_CHARS {
            errors.push(FieldError::new(
                "token",
                "too_long",
                format!("must be at most {CONFIRMATION_TOKEN_MAX_CHARS} characters"),
            ));
        }
        errors.finish(|| Some(token))
    }
}

/// `200` to `POST /api/v1/auth/confirm-email`: the account is confirmed and
/// logged in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailConfirmed {
    pub session: Session,
    /// The page the person was on when they registered, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn register(email: &str, password: &str, name: &str) -> RegisterRequest {
        RegisterRequest {
            email: email.into(),
            password: password.into(),
            display_name: name.into(),
            language: None,
            return_to: None,
        }
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        for ok in ["/", "/aktiviteter/1?alder=9#kart", "/min-side"] {
            assert_eq!(local_path("return_to", ok).unwrap(), ok);
        }
        for bad in [
            "",
            "aktiviteter",
            "//evil.example",
            "/\\evil.example",
            "https://x.no/",
            "/a\nb",
            "/a\\b",
        ] {
            assert_eq!(
                local_path("return_to", bad).unwrap_err().code,
                "invalid",
                "{bad:?}"
            );
        }
        assert_eq!(
            local_path("return_to", &format!("/{}", "a".repeat(500)))
                .unwrap_err()
                .code,
            "too_long"
        );
    }

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("email", "  Kari.Nordmann@Example.NO ")
                .unwrap()
                .as_str(),
            "kari.nordmann@example.no"
        );
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for bad in [
            "",
            "kari",
            "kari@",
            "@example.no",
            "kari@example",
            "ka ri@example.no",
            "a@b@c.no",
            "kari@.no",
            "kari@example.",
            "kari\u{7}@example.no",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            NewPassword::parse("p", "short", None).unwrap_err().code,
            "too_short"
        );
        assert_eq!(
            NewPassword::parse("p", "", None).unwrap_err().code,
            "required"
        );
        assert_eq!(
            NewPassword::parse("p", &"x".repeat(257), None)
                .unwrap_err()
                .code,
            "too_long"
        );
        assert_eq!(
            NewPassword::parse("p", "Kari@Example.no", Some("kari@example.no"))
                .unwrap_err()
                .code,
            "equals_email"
        );
        // Ten characters, counted as characters and not bytes.
        assert!(NewPassword::parse("p", "ææææææææææ", None).is_ok());
        assert!(NewPassword::parse("p", "øøøøøøøøø", None).is_err());
    }

    #[test]
    fn register_reports_every_bad_field_at_once() {
        let err = register("nope", "short", "  ").validate().unwrap_err();
        let fields: Vec<&str> = err.errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "display_name"]);
    }

    #[test]
    fn register_normalises_the_good_case() {
        let ok = register("Kari@Example.no", "lang-og-hemmelig", "  Kari  ")
            .validate()
            .unwrap();
        assert_eq!(ok.email.as_str(), "kari@example.no");
        assert_eq!(ok.display_name.as_str(), "Kari");
    }

    #[test]
    fn an_unchanged_password_is_detected() {
        let req = ChangePasswordRequest {
            current_password: "lang-og-hemmelig".into(),
            new_password: "lang-og-hemmelig".into(),
        };
        assert!(req.validate("kari@example.no").is_ok());
        assert!(req.is_unchanged());
    }

    #[test]
    fn password_debug_does_not_leak() {
        let p = NewPassword::parse("p", "lang-og-hemmelig", None).unwrap();
        assert!(!format!("{p:?}").contains("hemmelig"));
    }

    fn email_like() -> impl Strategy<Value = String> {
        // Mostly plausible pieces, with the characters the rules are about.
        let piece = prop_oneof![
            4 => "[a-zæøå0-9]{1,8}",
            1 => Just("@".to_owned()),
            2 => Just(".".to_owned()),
            1 => Just(" ".to_owned()),
            1 => Just("\t".to_owned()),
            1 => Just("\u{a0}".to_owned()),
            1 => Just("\u{7}".to_owned()),
            1 => Just("\u{85}".to_owned()),
            1 => Just("KARI".to_owned()),
        ];
        proptest::collection::vec(piece, 0..10).prop_map(|p| p.concat())
    }

    proptest! {
        /// The schema's pattern and the parser accept exactly the same strings.
        #[test]
        fn email_parser_agrees_with_the_documented_pattern(raw in email_like()) {
            let pattern = regex::Regex::new(EMAIL_PATTERN).unwrap();
            let documented = pattern.is_match(&raw) && raw.chars().count() <= EMAIL_MAX_CHARS;
            prop_assert_eq!(Email::parse("email", &raw).is_ok(), documented, "{:?}", raw);
        }

        /// The schema's pattern and the check accept the same return paths.
        #[test]
        fn return_path_check_agrees_with_the_documented_pattern(raw in "(/|//|\\\\|a|\n|\u{85}|é|\\?|#){0,6}") {
            let pattern = regex::Regex::new(RETURN_TO_PATTERN).unwrap();
            prop_assert_eq!(local_path("return_to", &raw).is_ok(), pattern.is_match(&raw), "{:?}", raw);
        }

        #[test]
        fn parsed_email_is_a_fixed_point(local in "[a-zA-Z0-9._%+-]{1,20}", domain in "[a-zA-Z0-9-]{1,20}", tld in "[a-zA-Z]{2,6}") {
            let raw = format!("{local}@{domain}.{tld}");
            if let Ok(email) = Email::parse("email", &raw) {
                let again = Email::parse("email", email.as_str()).unwrap();
                prop_assert_eq!(again, email.clone());
                prop_assert_eq!(email.as_str(), raw.to_lowercase());
            }
        }

        #[test]
        fn any_password_of_allowed_length_is_accepted(p in "\\PC{10,256}") {
            prop_assume!(p.trim() != "kari@example.no");
            prop_assert!(NewPassword::parse("p", &p, Some("kari@example.no")).is_ok());
        }

        #[test]
        fn display_name_never_keeps_surrounding_whitespace(name in "\\s{0,3}[\\p{L} ]{1,50}\\s{0,3}") {
            if let Ok(n) = DisplayName::parse("n", &name) {
                prop_assert_eq!(n.as_str(), n.as_str().trim());
                prop_assert!(!n.as_str().is_empty());
            }
        }
    }
}
