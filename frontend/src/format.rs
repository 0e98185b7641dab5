//! Dates for the reader's language, in the municipality's time zone.

use crate::i18n::Locale;
use wasm_bindgen::JsValue;

/// A timestamp as a long date in Europe/Oslo: "23. november 2026" / "23 November 2026".
pub fn date(locale: Locale, timestamp: &chrono::DateTime<chrono::Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(&timestamp.to_rfc3339()));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"Europe/Oslo".into());
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let tag = match locale {
        Locale::Nb => "nb-NO",
        Locale::En => "en-GB",
    };
    date.to_locale_date_string(tag, &options).into()
}
