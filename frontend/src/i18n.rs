//! The one translation layer: Fluent files in `locales/`, bokmål default,
//! English complete. The choice is remembered in localStorage and sets
//! `<html lang>`.

pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use leptos::prelude::*;

const NB: &str = include_str!("../locales/nb.ftl");
const EN: &str = include_str!("../locales/en.ftl");
const STORAGE_KEY: &str = "fritid.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Nb,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Nb => "nb",
            Locale::En => "en",
        }
    }

    /// The same language as the API names it.
    pub fn language(self) -> fritid_domain::notification::Language {
        match self {
            Locale::Nb => fritid_domain::notification::Language::Nb,
            Locale::En => fritid_domain::notification::Language::En,
        }
    }

    pub fn from_language(language: fritid_domain::notification::Language) -> Self {
        match language {
            fritid_domain::notification::Language::Nb => Locale::Nb,
            fritid_domain::notification::Language::En => Locale::En,
        }
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::Nb => Locale::En,
            Locale::En => Locale::Nb,
        }
    }

    fn source(self) -> &'static str {
        match self {
            Locale::Nb => NB,
            Locale::En => EN,
        }
    }
}

fn bundle(locale: Locale) -> FluentBundle<FluentResource> {
    let lang = locale.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![lang]);
    bundle.set_use_isolating(false);
    if let Ok(resource) = FluentResource::try_new(locale.source().to_owned()) {
        let _ = bundle.add_resource(resource);
    }
    for (nb, en) in EXTRA.with_borrow(Clone::clone) {
        let extra = match locale {
            Locale::Nb => nb,
            Locale::En => en,
        };
        if let Ok(resource) = FluentResource::try_new(extra.to_owned()) {
            let _ = bundle.add_resource(resource);
        }
    }
    bundle
}

thread_local! {
    /// Texts only some bundles carry (bokmål, English); see [`add_texts`].
    static EXTRA: std::cell::RefCell<Vec<(&'static str, &'static str)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Adds a bundle's own texts (bokmål, English) to the shared ones. Call
/// before the app mounts; a bundle that never calls it never carries them.
pub fn add_texts(nb: &'static str, en: &'static str) {
    EXTRA.with_borrow_mut(|extra| extra.push((nb, en)));
}

thread_local! {
    static NB_BUNDLE: FluentBundle<FluentResource> = bundle(Locale::Nb);
    static EN_BUNDLE: FluentBundle<FluentResource> = bundle(Locale::En);
}

/// The text for `key` in `locale`; the key itself if it is missing (the
/// completeness test keeps that from happening).
pub fn translate(locale: Locale, key: &str) -> String {
    translate_with(locale, key, &[])
}

/// The text for `key` with its `{ $name }` placeholders filled in.
pub fn translate_with(locale: Locale, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let arguments = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::new();
        for (name, value) in args {
            a.set(*name, value.clone());
        }
        a
    });
    let format = |b: &FluentBundle<FluentResource>| {
        let pattern = b.get_message(key)?.value()?;
        let mut errors = vec![];
        Some(
            b.format_pattern(pattern, arguments.as_ref(), &mut errors)
                .into_owned(),
        )
    };
    let text = match locale {
        Locale::Nb => NB_BUNDLE.with(format),
        Locale::En => EN_BUNDLE.with(format),
    };
    text.unwrap_or_else(|| key.to_owned())
}

/// The app's language, in context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// Reactive: re-runs when the language changes.
    pub fn t(&self, key: &str) -> String {
        translate(self.locale.get(), key)
    }

    /// Reactive, with arguments: `i18n.t_with("signup-waiting", &[("position", 2.into())])`.
    pub fn t_with(&self, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
        translate_with(self.locale.get(), key, args)
    }

    /// Picks the English text where there is one and English is chosen.
    pub fn pick(&self, nb: &str, en: Option<&str>) -> String {
        match (self.locale.get(), en) {
            (Locale::En, Some(en)) if !en.trim().is_empty() => en.to_owned(),
            _ => nb.to_owned(),
        }
    }

    pub fn set(&self, locale: Locale) {
        self.locale.set(locale);
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(STORAGE_KEY, locale.code());
        }
    }
}

fn stored_locale() -> Locale {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match stored.as_deref() {
        Some("en") => Locale::En,
        Some(_) => Locale::Nb,
        None => browser_locale(),
    }
}

/// On the first visit (nothing chosen yet): English when the browser puts
/// English before Norwegian among the languages it prefers (so also for
/// someone who reads Ukrainian, then English), else bokmål.
fn browser_locale() -> Locale {
    let languages = js_sys::Reflect::get(&window(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"languages".into()))
        .ok()
        .filter(|l| l.is_object())
        .map(|l| {
            js_sys::Array::from(&l)
                .iter()
                .filter_map(|v| v.as_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    preferred(&languages)
}

fn preferred(languages: &[String]) -> Locale {
    for tag in languages {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "nn" | "no" => return Locale::Nb,
            "en" => return Locale::En,
            _ => {}
        }
    }
    Locale::Nb
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(stored_locale()),
    };
    Effect::new(move |_| {
        let code = i18n.locale.get().code();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", code);
        }
    });
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::collections::BTreeSet;

    #[test]
    fn the_first_visit_follows_the_browser_when_it_prefers_english() {
        let langs = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(preferred(&langs(&["en-GB", "nb"])), Locale::En);
        assert_eq!(preferred(&langs(&["uk", "en-US"])), Locale::En);
        assert_eq!(preferred(&langs(&["nb-NO", "en"])), Locale::Nb);
        assert_eq!(preferred(&langs(&["pl"])), Locale::Nb);
        assert_eq!(preferred(&[]), Locale::Nb);
    }

    const FUND_NB: &str = include_str!("../locales/bamsefondet.nb.ftl");
    const FUND_EN: &str = include_str!("../locales/bamsefondet.en.ftl");
    const BUA_NB: &str = include_str!("../locales/bua.nb.ftl");
    const BUA_EN: &str = include_str!("../locales/bua.en.ftl");

    fn keys(source: &str) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source.to_owned()).expect("the .ftl file parses");
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    /// Each message's text (placeables left out), by key.
    fn texts(source: &str) -> Vec<(String, String)> {
        let resource = FluentResource::try_new(source.to_owned()).expect("the .ftl file parses");
        let mut out = vec![];
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let mut text = String::new();
                if let Some(value) = &m.value {
                    collect_text(&value.elements, &mut text);
                }
                out.push((m.id.name.to_owned(), text));
            }
        }
        out
    }

    fn collect_text(elements: &[fluent_syntax::ast::PatternElement<&str>], out: &mut String) {
        use fluent_syntax::ast::{Expression, PatternElement};
        for element in elements {
            match element {
                PatternElement::TextElement { value } => out.push_str(value),
                PatternElement::Placeable { expression } => {
                    out.push(' ');
                    if let Expression::Select { variants, .. } = expression {
                        for v in variants {
                            collect_text(&v.value.elements, out);
                            out.push(' ');
                        }
                    }
                }
            }
        }
    }

    /// ` word word ` with everything but letters and digits as spaces, so
    /// a phrase matches only whole words.
    fn words(text: &str) -> String {
        let spaced: String = text
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        format!(
            " {} ",
            spaced.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    }

    #[test]
    fn the_texts_keep_to_the_glossary() {
        let glossary = include_str!("../locales/glossary.txt");
        let mut broken = vec![];
        let mut rules = 0;
        for line in glossary
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(cols.len(), 4, "glossary line {line:?} needs four columns");
            let source = match cols[0] {
                "nb" => format!("{NB}\n{FUND_NB}\n{BUA_NB}"),
                "en" => format!("{EN}\n{FUND_EN}\n{BUA_EN}"),
                other => panic!("glossary language {other:?}"),
            };
            for never in cols[3].split(',').map(str::trim) {
                rules += 1;
                let needle = words(never);
                for (key, text) in texts(&source) {
                    if words(&text).contains(&needle) {
                        broken.push(format!(
                            "{}: {key} says {never:?}; write {:?} ({})",
                            cols[0], cols[2], cols[1]
                        ));
                    }
                }
            }
        }
        assert!(rules > 10);
        assert!(broken.is_empty(), "{}", broken.join("\n"));
    }

    #[test]
    fn the_glossary_check_finds_a_word_only_as_a_word() {
        assert!(words("Legg til i kalenderen (iCal)").contains(&words("ical")));
        assert!(!words("automatically").contains(&words("ical")));
        assert!(words("Sign up for an account").contains(&words("sign up for an account")));
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let nb: BTreeSet<String> = keys(NB)
            .union(&keys(FUND_NB))
            .cloned()
            .collect::<BTreeSet<_>>()
            .union(&keys(BUA_NB))
            .cloned()
            .collect();
        let en: BTreeSet<String> = keys(EN)
            .union(&keys(FUND_EN))
            .cloned()
            .collect::<BTreeSet<_>>()
            .union(&keys(BUA_EN))
            .cloned()
            .collect();
        assert!(
            keys(NB).is_disjoint(&keys(FUND_NB))
                && keys(NB).is_disjoint(&keys(BUA_NB))
                && keys(FUND_NB).is_disjoint(&keys(BUA_NB)),
            "a key is in two nb files"
        );
        let missing_en: Vec<_> = nb.difference(&en).collect();
        let missing_nb: Vec<_> = en.difference(&nb).collect();
        assert!(missing_en.is_empty(), "missing in en.ftl: {missing_en:?}");
        assert!(missing_nb.is_empty(), "missing in nb.ftl: {missing_nb:?}");
        assert!(nb.len() > 50);
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let nb: BTreeSet<String> = keys(NB)
            .union(&keys(FUND_NB))
            .cloned()
            .collect::<BTreeSet<_>>()
            .union(&keys(BUA_NB))
            .cloned()
            .collect();
        let mut used = BTreeSet::new();
        let files = source_files(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        )));
        // i18n.rs itself only talks about keys.
        for file in files.into_iter().filter(|f| !f.ends_with("i18n.rs")) {
            let text = std::fs::read_to_string(&file).expect("read source");
            // Keys appear as `i18n.t("key")`, `i18n.t_with("key", …)` or as a
            // `key="key"` component property.
            for part in text
                .split(".t(\"")
                .skip(1)
                .chain(text.split(".t_with(\"").skip(1))
                .chain(text.split("key=\"").skip(1))
            {
                if let Some(end) = part.find('"') {
                    used.insert(part[..end].to_owned());
                }
            }
        }
        let missing: Vec<_> = used.iter().filter(|k| !nb.contains(*k)).collect();
        assert!(
            missing.is_empty(),
            "keys used in code but missing in nb.ftl: {missing:?}"
        );
    }

    fn source_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = vec![];
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(source_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    #[test]
    fn missing_keys_fall_back_to_the_key() {
        assert_eq!(translate(Locale::En, "no-such-key"), "no-such-key");
        assert_eq!(translate(Locale::Nb, "nav-login"), "Logg inn");
        assert_eq!(translate(Locale::En, "nav-login"), "Log in");
    }
}
