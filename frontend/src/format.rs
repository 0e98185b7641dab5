//! Dates, times and money for the reader's language, in the municipality's
//! time zone (Europe/Oslo).

use crate::i18n::Locale;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use fritid_domain::schedule::{oslo_instant, oslo_local};
use wasm_bindgen::JsValue;

const OSLO: &str = "Europe/Oslo";

fn intl_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::Nb => "nb-NO",
        Locale::En => "en-GB",
    }
}

fn intl(locale: Locale, timestamp: &str, time_zone: &str, options: &[(&str, &str)]) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(timestamp));
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"timeZone".into(), &time_zone.into());
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    let text: String = date.to_locale_string(intl_tag(locale), &object).into();
    clock(locale, &text)
}

/// Times as each language writes them: Norwegian "17.30" (the Språkrådet
/// norm), English "17:30". Only a colon between two digits changes.
pub fn clock(locale: Locale, text: &str) -> String {
    if locale != Locale::Nb {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between_digits = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c == ':' && between_digits {
                '.'
            } else {
                c
            }
        })
        .collect()
}

/// A list as each language writes it: "tirsdag og torsdag",
/// "mandag, onsdag og fredag" / "Monday and Wednesday".
pub fn list(locale: Locale, items: &[String]) -> String {
    let and = match locale {
        Locale::Nb => "og",
        Locale::En => "and",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// A timestamp as date and time in Europe/Oslo:
/// "23. november 2026 kl. 12:51" / "23 November 2026 at 12:51".
pub fn date_time(locale: Locale, timestamp: &DateTime<Utc>) -> String {
    intl(
        locale,
        &timestamp.to_rfc3339(),
        OSLO,
        &[("dateStyle", "long"), ("timeStyle", "short")],
    )
}

/// A calendar date: "5. januar 2027" / "5 January 2027".
pub fn date(locale: Locale, date: NaiveDate) -> String {
    intl(
        locale,
        &format!("{date}T12:00:00Z"),
        "UTC",
        &[("dateStyle", "long")],
    )
}

/// A clock time in Oslo: "17:30".
pub fn time(locale: Locale, timestamp: &DateTime<Utc>) -> String {
    intl(
        locale,
        &timestamp.to_rfc3339(),
        OSLO,
        &[("hour", "2-digit"), ("minute", "2-digit")],
    )
}

/// One occurrence: "tirsdag 5. januar 2027, 17:30–18:30" (both ends on one
/// day), else both ends in full.
pub fn occurrence(locale: Locale, starts: &DateTime<Utc>, ends: &DateTime<Utc>) -> String {
    let day = |t: &DateTime<Utc>| {
        intl(
            locale,
            &t.to_rfc3339(),
            OSLO,
            &[
                ("weekday", "long"),
                ("day", "numeric"),
                ("month", "long"),
                ("year", "numeric"),
            ],
        )
    };
    let (start_day, end_day) = (day(starts), day(ends));
    if start_day == end_day {
        format!(
            "{start_day}, {}–{}",
            time(locale, starts),
            time(locale, ends)
        )
    } else {
        format!(
            "{start_day} {} – {end_day} {}",
            time(locale, starts),
            time(locale, ends)
        )
    }
}

/// An instant as the value of an `<input type="datetime-local">` in Oslo time.
pub fn datetime_local_value(timestamp: &DateTime<Utc>) -> String {
    oslo_local(*timestamp).format("%Y-%m-%dT%H:%M").to_string()
}

/// The value of an `<input type="datetime-local">` (Oslo time) as an instant.
pub fn parse_datetime_local(raw: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok()?;
    Some(oslo_instant(local.date(), local.time()))
}

/// A whole number with the reader's digit grouping: "12 500" / "12,500".
pub fn number(locale: Locale, n: i64) -> String {
    fritid_domain::money::grouped(n, locale.language())
}

/// A number with one decimal as the reader writes it: "30,6" / "30.6".
pub fn decimal(locale: Locale, x: f64) -> String {
    let text = format!("{x:.1}");
    match locale {
        Locale::Nb => text.replace('.', ","),
        Locale::En => text,
    }
}

/// Whole kroner as the reader writes them: "1 250 kr" / "NOK 1,250".
/// (Prices in the API are integer NOK.)
pub fn nok(locale: Locale, kroner: i64) -> String {
    fritid_domain::money::kroner(kroner, locale.language())
}

/// A language's name from its ISO 639-1 code, in the reader's language
/// ("ukrainsk" / "Ukrainian"), through the browser's `Intl.DisplayNames`;
/// the code itself where the browser does not know it.
pub fn language(locale: Locale, code: &str) -> String {
    let name = (|| {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into())
            .ok()?
            .into();
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"type".into(), &"language".into()).ok()?;
        let locales = js_sys::Array::of1(&intl_tag(locale).into());
        let args = js_sys::Array::of2(&locales, &options);
        let names = js_sys::Reflect::construct(&constructor, &args).ok()?;
        let of: js_sys::Function = js_sys::Reflect::get(&names, &"of".into()).ok()?.into();
        of.call1(&names, &code.into()).ok()?.as_string()
    })();
    name.unwrap_or_else(|| code.to_owned())
}

/// Age range: "6–9 år", "fra 67 år", "alle aldre". An upper bound of 99
/// or more means "no upper bound" (organizers write 99 as often as 120).
pub fn ages(locale: Locale, min: i16, max: i16) -> String {
    let (years, from, all) = match locale {
        Locale::Nb => ("år", "fra", "alle aldre"),
        Locale::En => ("years", "from", "all ages"),
    };
    match (min, max) {
        (0, 99..) => all.to_owned(),
        (min, 99..) => format!("{from} {min} {years}"),
        (min, max) if min == max => format!("{min} {years}"),
        (min, max) => format!("{min}–{max} {years}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_times_take_a_full_stop_and_lists_end_with_og() {
        assert_eq!(
            clock(Locale::Nb, "tirsdag 5. januar 2027, 17:30–18:30"),
            "tirsdag 5. januar 2027, 17.30–18.30"
        );
        assert_eq!(clock(Locale::En, "17:30"), "17:30");
        assert_eq!(clock(Locale::Nb, "Merk: 5"), "Merk: 5");
        let days = |d: &[&str]| d.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            list(Locale::Nb, &days(&["tirsdag", "torsdag"])),
            "tirsdag og torsdag"
        );
        assert_eq!(
            list(Locale::Nb, &days(&["mandag", "onsdag", "fredag"])),
            "mandag, onsdag og fredag"
        );
        assert_eq!(
            list(Locale::En, &days(&["Monday", "Friday"])),
            "Monday and Friday"
        );
        assert_eq!(list(Locale::En, &days(&["Monday"])), "Monday");
    }

    #[test]
    fn age_ranges_read_naturally() {
        assert_eq!(ages(Locale::Nb, 6, 9), "6–9 år");
        assert_eq!(ages(Locale::En, 6, 9), "6–9 years");
        assert_eq!(ages(Locale::Nb, 67, 120), "fra 67 år");
        assert_eq!(ages(Locale::Nb, 0, 120), "alle aldre");
        assert_eq!(ages(Locale::Nb, 0, 99), "alle aldre");
        assert_eq!(ages(Locale::Nb, 6, 99), "fra 6 år");
        assert_eq!(ages(Locale::En, 12, 12), "12 years");
    }

    #[test]
    fn datetime_local_values_are_oslo_wall_clock_time() {
        // Winter: UTC+1; summer: UTC+2.
        let winter = parse_datetime_local("2027-01-05T17:30").unwrap();
        assert_eq!(winter.to_rfc3339(), "2027-01-05T16:30:00+00:00");
        let summer = parse_datetime_local("2027-06-05T17:30").unwrap();
        assert_eq!(summer.to_rfc3339(), "2027-06-05T15:30:00+00:00");
        assert_eq!(datetime_local_value(&summer), "2027-06-05T17:30");
        assert_eq!(parse_datetime_local("5. juni"), None);
    }

    #[test]
    fn kroner_are_grouped_the_way_each_language_writes_them() {
        assert_eq!(nok(Locale::Nb, 0), "0\u{a0}kr");
        assert_eq!(nok(Locale::Nb, 950), "950\u{a0}kr");
        assert_eq!(nok(Locale::Nb, 1250), "1\u{a0}250\u{a0}kr");
        assert_eq!(nok(Locale::Nb, 1_234_567), "1\u{a0}234\u{a0}567\u{a0}kr");
        assert_eq!(nok(Locale::En, 1250), "NOK\u{a0}1,250");
        assert_eq!(nok(Locale::En, 100_000), "NOK\u{a0}100,000");
        assert_eq!(nok(Locale::Nb, -300), "−300\u{a0}kr");
    }
}
