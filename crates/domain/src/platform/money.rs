//! Numbers and kroner as a reader of each language writes them, the same
//! in the web app and in the letters and e-mails the server writes.

use crate::notification::Language;

/// A whole number with the language's digit grouping: "12 500" (a
/// no-break space) / "12,500".
pub fn grouped(n: i64, lang: Language) -> String {
    let digits = n.unsigned_abs().to_string();
    let separator = match lang {
        Language::Nb => '\u{a0}',
        Language::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Whole kroner: "1 250 kr" / "NOK 1,250" (no-break spaces).
pub fn kroner(n: i64, lang: Language) -> String {
    let (sign, n) = if n < 0 {
        ("−", n.checked_neg().unwrap_or(i64::MAX))
    } else {
        ("", n)
    };
    match lang {
        Language::Nb => format!("{sign}{}\u{a0}kr", grouped(n, lang)),
        Language::En => format!("{sign}NOK\u{a0}{}", grouped(n, lang)),
    }
}

/// Whole kroner as a person types them: "1800", "1 800" (any spaces,
/// also no-break ones); `None` for anything else.
pub fn parse_kroner(text: &str) -> Option<i64> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_by_thousands_in_each_language() {
        assert_eq!(grouped(0, Language::Nb), "0");
        assert_eq!(grouped(999, Language::En), "999");
        assert_eq!(grouped(1_000, Language::Nb), "1\u{a0}000");
        assert_eq!(grouped(1_234_567, Language::En), "1,234,567");
        assert_eq!(kroner(1_250, Language::Nb), "1\u{a0}250\u{a0}kr");
        assert_eq!(kroner(1_250, Language::En), "NOK\u{a0}1,250");
        assert_eq!(kroner(-50, Language::En), "−NOK\u{a0}50");
    }

    #[test]
    fn typed_kroner_may_have_spaces() {
        assert_eq!(parse_kroner("1800"), Some(1800));
        assert_eq!(parse_kroner(" 1 800 "), Some(1800));
        assert_eq!(parse_kroner("1\u{a0}800"), Some(1800));
        assert_eq!(parse_kroner(""), None);
        assert_eq!(parse_kroner("18,5"), None);
    }
}
