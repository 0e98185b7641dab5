//! Dates, times and money for the reader's language, in the municipality's
//! time zone (Europe/Oslo).

use crate::i18n::Locale;
use wasm_bindgen::JsValue;

fn intl_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::Nb => "nb-NO",
        Locale::En => "en-GB",
    }
}

/// A timestamp as date and time in Europe/Oslo:
/// "23. november 2026 kl. 12:51" / "23 November 2026 at 12:51".
pub fn date_time(locale: Locale, timestamp: &chrono::DateTime<chrono::Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(&timestamp.to_rfc3339()));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", "Europe/Oslo"),
        ("dateStyle", "long"),
        ("timeStyle", "short"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string(intl_tag(locale), &options).into()
}

/// Whole kroner as the reader writes them: "1 250 kr" / "NOK 1,250".
/// (Prices in the API are integer NOK.)
#[allow(dead_code)] // First shown by the activity pages (prices); tested here.
pub fn nok(locale: Locale, kroner: i64) -> String {
    let digits = kroner.unsigned_abs().to_string();
    let separator = match locale {
        Locale::Nb => '\u{a0}',
        Locale::En => ',',
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    let sign = if kroner < 0 { "−" } else { "" };
    match locale {
        Locale::Nb => format!("{sign}{grouped}\u{a0}kr"),
        Locale::En => format!("{sign}NOK\u{a0}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
