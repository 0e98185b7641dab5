//! Bamsefondet: the fund's page, the application wizard and the
//! application page for families (citizens' bundle); the caseworker queue
//! and the case page (work bundle).

pub mod application_page;
pub mod apply_page;
pub mod case_page;
pub mod casework_page;
pub mod fund_page;

use crate::i18n::I18n;

/// The texts of these pages (bokmål, English), carried only by the bundles
/// that show them.
pub fn add_texts() {
    crate::i18n::add_texts(
        include_str!("../../../locales/bamsefondet.nb.ftl"),
        include_str!("../../../locales/bamsefondet.en.ftl"),
    );
}
use fritid_domain::bamsefondet::case::Status;

/// A state in plain words for the family.
pub fn status_text(i18n: I18n, status: Status) -> String {
    i18n.t(&format!("fund-status-{}", status.as_str()))
}
