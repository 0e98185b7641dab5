//! Message templates (minijinja): plain text and HTML, in bokmål and
//! English, compiled into the binary.
//!
//! Each template `<key>` has four files under `crates/api/templates/email/`:
//! `<key>.nb.txt` and `<key>.en.txt` (blocks `subject` and `text`), and
//! `<key>.nb.html` and `<key>.en.html` (extending `layout.<lang>.html`,
//! escaped as HTML). Undefined values are errors, so a template can never
//! show an empty hole where a value was meant to be.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Europe::Oslo;
use fritid_domain::notification::{Language, Template};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::Value;

macro_rules! sources {
    ($($key:literal),* $(,)?) => {
        &[$(
            (concat!($key, ".nb.txt"), include_str!(concat!("../../templates/email/", $key, ".nb.txt"))),
            (concat!($key, ".en.txt"), include_str!(concat!("../../templates/email/", $key, ".en.txt"))),
            (concat!($key, ".nb.html"), include_str!(concat!("../../templates/email/", $key, ".nb.html"))),
            (concat!($key, ".en.html"), include_str!(concat!("../../templates/email/", $key, ".en.html"))),
        )*]
    };
}

/// Every file, by name. `Template::ALL` must have an entry here (a test
/// checks it).
const SOURCES: &[(&str, &str)] = sources!(
    "signup_confirmed",
    "signup_waiting",
    "waitlist_promoted",
    "activity_cancelled",
    "activity_postponed",
    "activity_reminder",
    "organization_invitation",
    "confirm_email",
    "account_exists",
    "fund_submitted",
    "fund_info_requested",
    "fund_decided",
    "fund_paid",
    "fund_appeal_decided",
    "fund_preliminary_answer",
    "fund_guardian_invited",
    "bua_reserved",
    "bua_offer",
    "bua_return_reminder",
    "bua_overdue",
    "bua_reservation_cancelled",
);

const LAYOUTS: &[(&str, &str)] = &[
    (
        "layout.nb.html",
        include_str!("../../templates/email/layout.nb.html"),
    ),
    (
        "layout.en.html",
        include_str!("../../templates/email/layout.en.html"),
    ),
];

/// A message ready to send or show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub link: Option<String>,
}

/// The compiled templates and the address links point to.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
    base_url: String,
}

impl Templates {
    pub fn new(base_url: &str) -> Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.add_filter("when", when);
        env.add_filter("money", money_filter);
        env.add_filter("day", day);
        for (name, source) in SOURCES.iter().chain(LAYOUTS) {
            env.add_template(name, source)?;
        }
        Ok(Self {
            env,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// Renders `template` in `language` with `data` (an object).
    pub fn render(
        &self,
        template: Template,
        language: Language,
        data: &Value,
    ) -> Result<Rendered, minijinja::Error> {
        let link = self.link(data);
        // The address and the link are ours (configuration and ids), so
        // they go into HTML unescaped; everything from the data is escaped.
        let ctx = minijinja::context! {
            base_url => minijinja::Value::from_safe_string(self.base_url.clone()),
            link => link.clone().map(minijinja::Value::from_safe_string),
            ..minijinja::Value::from_serialize(data)
        };
        let lang = language.as_str();
        let key = template.key();
        let text = self.env.get_template(&format!("{key}.{lang}.txt"))?;
        let mut captured = text.render_captured(&ctx)?;
        let subject = captured
            .with_state_mut(|s| s.render_block("subject"))?
            .trim()
            .to_owned();
        let body = captured
            .with_state_mut(|s| s.render_block("text"))?
            .trim()
            .to_owned()
            + "\n";
        let html = self
            .env
            .get_template(&format!("{key}.{lang}.html"))?
            .render(&ctx)?;
        Ok(Rendered {
            subject,
            text: body,
            html,
            link,
        })
    }

    /// The page to act on the message: the activity's, or the web-app path
    /// the data names (`link_path`, e.g. `/min-side`).
    pub fn link(&self, data: &Value) -> Option<String> {
        if let Some(id) = data.get("activity_id").and_then(Value::as_str) {
            return Some(format!("{}/aktiviteter/{id}", self.base_url));
        }
        data.get("link_path")
            .and_then(Value::as_str)
            .filter(|p| p.starts_with('/'))
            .map(|p| format!("{}{p}", self.base_url))
    }

    /// Every value a template of `template` reads.
    #[cfg(test)]
    fn variables(&self, template: Template) -> Vec<String> {
        let mut names = Vec::new();
        for lang in Language::ALL {
            for ext in ["txt", "html"] {
                let name = format!("{}.{}.{ext}", template.key(), lang.as_str());
                if let Ok(t) = self.env.get_template(&name) {
                    names.extend(t.undeclared_variables(false));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

const WEEKDAYS_NB: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_NB: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `{{ amount_nok|money("nb") }}`: "1 800 kr" / "NOK 1,800".
fn money_filter(nok: i64, lang: &str) -> String {
    money(nok, Language::parse(lang).unwrap_or_default())
}

/// `12. februar 2027` / `12 February 2027`.
pub(crate) fn date(d: NaiveDate, lang: Language) -> String {
    let m = d.month0() as usize;
    match lang {
        Language::Nb => format!("{}. {} {}", d.day(), MONTHS_NB[m], d.year()),
        Language::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
    }
}

/// `1 800 kr` / `NOK 1,800`.
pub(crate) fn money(nok: i64, lang: Language) -> String {
    fritid_domain::money::kroner(nok, lang)
}

/// `{{ expected_by|day("nb") }}`: a calendar date, "15. mars 2027" / "15 March 2027".
fn day(value: String, lang: &str) -> Result<String, minijinja::Error> {
    let d = value.parse::<chrono::NaiveDate>().map_err(|e| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("not a date: {value}: {e}"),
        )
    })?;
    let lang = Language::parse(lang).unwrap_or_default();
    Ok(date(d, lang))
}

/// `{{ starts_at|when("nb") }}`: an instant as people say it in Asker,
/// "tirsdag 12. januar kl. 17.30" / "Tuesday 12 January at 17:30".
pub(crate) fn when(value: String, lang: String) -> Result<String, minijinja::Error> {
    let t = DateTime::parse_from_rfc3339(&value)
        .map_err(|e| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("not a time: {value:?} ({e})"),
            )
        })?
        .with_timezone(&Oslo);
    let day = t.weekday().num_days_from_monday() as usize;
    let month = t.month0() as usize;
    Ok(match lang.as_str() {
        "en" => format!(
            "{} {} {} at {:02}:{:02}",
            WEEKDAYS_EN[day],
            t.day(),
            MONTHS_EN[month],
            t.hour(),
            t.minute()
        ),
        _ => format!(
            "{} {}. {} kl. {:02}.{:02}",
            WEEKDAYS_NB[day],
            t.day(),
            MONTHS_NB[month],
            t.hour(),
            t.minute()
        ),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// What the sign-up messages know (see `fritid_db::notices::to_signups`),
    /// with sample values; the tests render every template with these.
    fn sample_data(template: Template) -> Value {
        if template == Template::ConfirmEmail {
            return serde_json::json!({
                "display_name": "Kari <Nordmann> & co",
                "link_path": "/bekreft-e-post#q3Vb0fJ1y2sQeR8kq0Hn7bV3m8xWc5tZk1aP9uL2dE4",
            });
        }
        if template == Template::AccountExists {
            return serde_json::json!({ "link_path": "/logg-inn" });
        }
        if template == Template::FundGuardianInvited {
            return serde_json::json!({
                "organization_name": "Asker Svømmeklubb & venner",
                "child_first_name": "Emma",
                "link_path": "/bamsefondet/overta?token=q3Vb0fJ1y2sQeR8k",
            });
        }
        if template.key().starts_with("fund_") {
            return serde_json::json!({
                "application_id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "link_path": "/bamsefondet/soknader/7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "child_first_name": "Emma & Ola",
                "fund_name": "Bamsefondet",
                "round_name": "2027",
                "question": "Kan du sende fakturaen fra klubben?",
                "outcome": "partly_approved",
                "amount_nok": 1500,
                "paid_to": "club",
                "expected_by": "2027-03-15",
            });
        }
        if template.key().starts_with("bua_") {
            return serde_json::json!({
                "model_name": "Langrennski & feller",
                "size": "130",
                "location_name": "BUA Heggedal",
                "pickup_on": "2027-01-11",
                "return_on": "2027-01-18",
                "expires_at": "2027-01-10T09:30:00+00:00",
                "link_path": "/utlan/mine",
            });
        }
        if template == Template::OrganizationInvitation {
            return serde_json::json!({
                "organization_name": "Asker Svømmeklubb & venner",
                "inviter_name": "Kari Nordmann",
                "role": "editor",
                "link_path": "/min-side",
            });
        }
        let mut data = serde_json::json!({
            "activity_id": "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60",
            "activity_title": "Svømmekurs for nybegynnere & viderekomne",
            "organization_name": "Asker Svømmeklubb",
            "first_name": "Emma",
            "participant": "child",
            "place_name": "Holmen svømmehall",
            "place_address": "Vogellund 1, 1394 Nesbru",
            "starts_at": "2027-01-12T16:30:00+00:00",
            "waiting_position": 3,
        });
        if matches!(
            template,
            Template::ActivityCancelled | Template::ActivityPostponed
        ) {
            data["reason"] = Value::String("Bassenget er stengt for vedlikehold.".into());
        }
        data
    }

    fn templates() -> Templates {
        Templates::new("https://fritid.example.org/").unwrap()
    }

    #[test]
    fn every_template_renders_in_both_languages() {
        let t = templates();
        for template in Template::ALL {
            for lang in Language::ALL {
                let r = t
                    .render(template, lang, &sample_data(template))
                    .unwrap_or_else(|e| panic!("{template:?} {lang:?}: {e:#}"));
                assert!(!r.subject.is_empty(), "{template:?} {lang:?}");
                let (name, link) = match template {
                    Template::OrganizationInvitation => (
                        "Asker Svømmeklubb & venner",
                        "https://fritid.example.org/min-side",
                    ),
                    Template::ConfirmEmail => (
                        "Kari <Nordmann> & co",
                        "https://fritid.example.org/bekreft-e-post#q3Vb0fJ1y2sQeR8kq0Hn7bV3m8xWc5tZk1aP9uL2dE4",
                    ),
                    Template::AccountExists => ("Fritid", "https://fritid.example.org/logg-inn"),
                    Template::FundGuardianInvited => (
                        "Asker Svømmeklubb & venner",
                        "https://fritid.example.org/bamsefondet/overta?token=q3Vb0fJ1y2sQeR8k",
                    ),
                    t if t.key().starts_with("bua_") => (
                        "Langrennski & feller",
                        "https://fritid.example.org/utlan/mine",
                    ),
                    t if t.key().starts_with("fund_") => (
                        "Emma & Ola",
                        "https://fritid.example.org/bamsefondet/soknader/7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    ),
                    _ => (
                        "Svømmekurs for nybegynnere & viderekomne",
                        "https://fritid.example.org/aktiviteter/0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60",
                    ),
                };
                assert!(r.text.contains(name), "{template:?} {lang:?}");
                // HTML escapes what the data holds; the text does not.
                let escaped = name
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                assert!(r.html.contains(&escaped), "{template:?} {lang:?}");
                assert!(r
                    .html
                    .contains(&format!("<html lang=\"{}\"", lang.as_str())));
                assert_eq!(r.link.as_deref(), Some(link));
                assert!(r.text.contains(link), "{template:?} {lang:?} has no link");
                assert!(r.html.contains(link));
                assert!(!r.text.contains("{{") && !r.html.contains("{{"));
            }
        }
    }

    #[test]
    fn templates_read_only_values_the_data_has() {
        let t = templates();
        for template in Template::ALL {
            let data = sample_data(template);
            for name in t.variables(template) {
                let known = data.get(&name).is_some() || name == "base_url" || name == "link";
                assert!(known, "{template:?} reads {name:?}, which is never filled");
            }
        }
    }

    #[test]
    fn a_missing_value_fails_instead_of_leaving_a_hole() {
        let t = templates();
        let mut data = sample_data(Template::ActivityCancelled);
        data.as_object_mut().unwrap().remove("reason");
        assert!(t
            .render(Template::ActivityCancelled, Language::Nb, &data)
            .is_err());
    }

    #[test]
    fn the_languages_differ() {
        let t = templates();
        let data = sample_data(Template::WaitlistPromoted);
        let nb = t
            .render(Template::WaitlistPromoted, Language::Nb, &data)
            .unwrap();
        let en = t
            .render(Template::WaitlistPromoted, Language::En, &data)
            .unwrap();
        assert_ne!(nb.subject, en.subject);
        // 16:30 UTC is 17:30 in Oslo in January.
        assert!(
            nb.text.contains("tirsdag 12. januar kl. 17.30"),
            "{}",
            nb.text
        );
        assert!(
            en.text.contains("Tuesday 12 January at 17:30"),
            "{}",
            en.text
        );
    }
}
