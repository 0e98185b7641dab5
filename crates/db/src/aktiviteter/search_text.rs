//! What a family types into the search box, made into terms the database
//! matches against each activity's folded words (`search_words`, migration
//! `000015_activity_words`).
//!
//! Norwegian writes compounds as one word ("Svømmekurs"), people type the
//! first letters, make small typos and often type without æ, ø and å. So a
//! term is the word's Snowball stem (`svømming` → `svømm`), folded
//! (`svomm`), and it matches an activity whose words contain it anywhere
//! (the start or the middle of a compound: `korps` in "Aspirantkorps"), or,
//! for a typo, an activity with a word close enough to it (trigram word
//! similarity). Quotes, `or` and `-word` keep their web-search meaning over
//! whole stemmed words instead.

use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to search by (Norwegian and English), unless the query
/// has nothing else.
const STOP_WORDS: &[&str] = &[
    "og", "i", "på", "for", "med", "til", "av", "en", "et", "ei", "de", "den", "det", "som", "er",
    "om", "fra", "at", "à", "eller", "alle", "seg", "sin", "mitt", "min", "meg", "jeg", "vi",
    "barn", "the", "and", "with", "of", "in", "on", "to", "a", "an",
];

/// The letters [`fold`] replaces, and with what: the same lists as the
/// SQL function `fritid_fold` (a test compares the two).
const ACCENTED: &str = "áàâäãåæéèêëíìîïóòôöõøúùûüýÿçñ";
const PLAIN: &str = "aaaaaaaeeeeiiiioooooouuuuyycn";

/// Lower case, accents off, and æ/ø/å and their two-letter spellings to one
/// letter: "Sætre", "saetre" and "satre" all fold to "satre".
pub fn fold(text: &str) -> String {
    let lower: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match ACCENTED.chars().position(|a| a == c) {
            Some(i) => PLAIN.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .collect();
    lower
        .replace("aa", "a")
        .replace("ae", "a")
        .replace("oe", "o")
}

/// One word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As typed, in lower case (for suggestions).
    pub word: String,
    /// Folded: compared by trigram similarity, for typos.
    pub folded: String,
    /// The folded stem, at least three letters where the word has them:
    /// found anywhere in an activity's words.
    pub stem: String,
}

/// How the text is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextQuery {
    /// Every term must match (see the module documentation).
    Words(Vec<Term>),
    /// Quotes, `or` or `-word`: PostgreSQL's `websearch_to_tsquery`.
    Web(String),
}

/// Whether the text uses web-search syntax: a quote, the word `or`, or a
/// word starting with `-`.
fn is_web_syntax(text: &str) -> bool {
    text.contains('"')
        || text
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("or") || (w.len() > 1 && w.starts_with('-')))
}

/// Snowball's Norwegian keeps the verbal noun's `-ing` ("svømming",
/// "tegning"), while compounds are made of the verb's stem ("Svømmekurs",
/// "Tegneserie"): take it off where three letters remain.
fn verb_stem(stem: &str) -> String {
    match stem.strip_suffix("ing") {
        Some(base) if base.chars().count() >= 3 => base.to_owned(),
        _ => stem.to_owned(),
    }
}

/// The query's terms (see [`TextQuery`]).
pub fn parse(text: &str) -> TextQuery {
    if is_web_syntax(text) {
        return TextQuery::Web(text.to_owned());
    }
    let stemmer = Stemmer::create(Algorithm::Norwegian);
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let meaningful: Vec<&String> = words
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect();
    let chosen = if meaningful.is_empty() {
        words.iter().collect()
    } else {
        meaningful
    };
    let mut terms: Vec<Term> = Vec::new();
    for word in chosen {
        let folded = fold(word);
        let stem = fold(&verb_stem(&stemmer.stem(word)));
        let stem = if stem.chars().count() >= 3 {
            stem
        } else {
            folded.clone()
        };
        if !terms.iter().any(|t| t.stem == stem) {
            terms.push(Term {
                word: word.clone(),
                folded,
                stem,
            });
        }
    }
    TextQuery::Words(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(q: &str) -> Vec<String> {
        match parse(q) {
            TextQuery::Words(t) => t.into_iter().map(|t| t.stem).collect(),
            TextQuery::Web(_) => panic!("{q} is not web syntax"),
        }
    }

    #[test]
    fn folding_makes_the_spellings_of_the_norwegian_letters_one() {
        for (a, b) in [
            ("Sætre", "saetre"),
            ("Sætre", "satre"),
            ("Røyken", "royken"),
            ("Røyken", "roeyken"),
            ("Åros", "aaros"),
            ("Åros", "aros"),
            ("Kafé", "kafe"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} / {b}");
        }
        assert_eq!(fold("Svømmekurs"), "svommekurs");
    }

    #[test]
    fn a_term_is_the_folded_stem_and_common_words_are_left_out() {
        assert_eq!(stems("svømming"), ["svomm"]);
        assert_eq!(stems("Fotball for jenter"), ["fotball", "jent"]);
        // Only common words: they are searched for after all.
        assert_eq!(stems("for"), ["for"]);
        // The verbal noun finds the compounds made of the verb.
        assert_eq!(stems("tegning padling"), ["tegn", "padl"]);
        // The same stem twice is one term.
        assert_eq!(stems("sjakk Sjakk"), ["sjakk"]);
    }

    #[test]
    fn quotes_or_and_minus_keep_their_web_meaning() {
        for q in ["\"fotball for jenter\"", "sjakk or dans", "fotball -voksne"] {
            assert_eq!(parse(q), TextQuery::Web(q.into()));
        }
        assert!(matches!(parse("3D-print"), TextQuery::Words(_)));
    }
}
