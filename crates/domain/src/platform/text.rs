//! Text fields shared by every form: trimmed, length-limited, free of
//! control characters (multi-line fields allow line breaks and tabs).

use crate::FieldError;

/// A single line: required, trimmed, at most `max` characters, no control characters.
pub fn line(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, "required", "is required"));
    }
    check(field, raw, max, false)?;
    Ok(trimmed.to_owned())
}

/// An optional single line: blank becomes `None`.
pub fn optional_line(
    field: &str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(_) => line(field, raw.unwrap_or_default(), max).map(Some),
    }
}

/// Multi-line text (line breaks and tabs allowed); may be empty when not `required`.
pub fn multiline(field: &str, raw: &str, max: usize, required: bool) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    if required && trimmed.is_empty() {
        return Err(FieldError::new(field, "required", "is required"));
    }
    check(field, raw, max, true)?;
    Ok(trimmed.to_owned())
}

fn check(field: &str, raw: &str, max: usize, multiline: bool) -> Result<(), FieldError> {
    if raw.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    let bad = |c: char| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'));
    if raw.chars().any(bad) {
        return Err(FieldError::new(
            field,
            "invalid",
            if multiline {
                "must not contain control characters other than line breaks and tabs"
            } else {
                "must not contain control characters"
            },
        ));
    }
    Ok(())
}

/// Characters a name must not contain: they reorder text (bidirectional
/// overrides, isolates and marks) or are invisible with no linguistic job
/// (zero-width space, word joiner, byte-order mark, invisible operators,
/// Mongolian vowel separator), so one name could pose as another
/// ("Asker IL" vs. "Asker I\u{200B}L", or a right-to-left override that shows
/// "LI reksA" as "Asker IL"). The zero-width (non-)joiners U+200C/U+200D stay
/// allowed: Persian and Indic names and emoji need them.
pub fn is_deceptive_in_name(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// A name (of a person or an organization): a [`line`] without the
/// characters of [`is_deceptive_in_name`].
pub fn name(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = line(field, raw, max)?;
    check_name_chars(field, raw)?;
    Ok(value)
}

/// The [`is_deceptive_in_name`] rule alone, for name types with their own checks.
pub fn check_name_chars(field: &str, raw: &str) -> Result<(), FieldError> {
    if raw.chars().any(is_deceptive_in_name) {
        return Err(FieldError::new(
            field,
            "invisible_characters",
            "must not contain invisible or text-direction characters",
        ));
    }
    Ok(())
}

/// JSON Schema pattern for [`name`]: [`LINE_PATTERN`] without the characters
/// of [`is_deceptive_in_name`]. The `pattern` attributes of name fields repeat
/// it literally: `crates/api/tests/openapi.rs` checks they equal it, and a
/// property test here that it accepts exactly what [`name`] accepts.
pub const NAME_PATTERN: &str = r"^[^\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*[^\s\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff][^\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$";

/// JSON Schema pattern for [`line`]: at least one visible character, no control characters.
pub const LINE_PATTERN: &str =
    r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$";
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_and_checked() {
        assert_eq!(line("t", "  Fotball  ", 20).unwrap(), "Fotball");
        assert_eq!(line("t", "   ", 10).unwrap_err().code, "required");
        assert_eq!(line("t", "abcdefghijk", 10).unwrap_err().code, "too_long");
        assert_eq!(line("t", "a\nb", 10).unwrap_err().code, "invalid");
        assert_eq!(optional_line("t", Some("  "), 10).unwrap(), None);
        assert_eq!(multiline("d", "a\nb\tc", 10, true).unwrap(), "a\nb\tc");
        assert_eq!(
            multiline("d", "a\u{7}", 10, true).unwrap_err().code,
            "invalid"
        );
    }

    #[test]
    fn names_refuse_text_that_poses_as_other_text() {
        assert_eq!(name("n", " Asker IL ", 20).unwrap(), "Asker IL");
        for spoof in [
            "Asker I\u{200B}L",
            "\u{202E}LI reksA",
            "Asker\u{2066} IL",
            "\u{FEFF}Asker",
        ] {
            assert_eq!(
                name("n", spoof, 20).unwrap_err().code,
                "invisible_characters",
                "{spoof:?}"
            );
        }
        // Persian names use the zero-width non-joiner; emoji the joiner.
        assert!(name("n", "محمد\u{200C}حسین", 20).is_ok());
        assert!(name("n", "Familien 👨\u{200D}👩\u{200D}👧", 40).is_ok());
    }

    proptest::proptest! {
        /// The documented pattern and the validator accept the same names.
        #[test]
        fn name_pattern_agrees_with_the_validator(
            raw in "[ a-zA-Z\u{0}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{180e}\u{200b}-\u{200f}\u{202a}-\u{202e}\u{2060}-\u{2069}\u{feff}æøå]{0,12}"
        ) {
            let pattern = regex::Regex::new(NAME_PATTERN).unwrap();
            proptest::prop_assert_eq!(pattern.is_match(&raw), name("n", &raw, 100).is_ok(), "{:?}", raw);
        }
    }
}
