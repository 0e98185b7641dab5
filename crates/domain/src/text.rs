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
}
