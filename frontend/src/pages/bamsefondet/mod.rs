//! Bamsefondet: the fund's page, the application wizard and the
//! application page for families (fund bundle); the caseworker queue, the
//! approver's inbox, the case page and its audit log, the club's grants
//! and the coach's start, the fund administration and the statistics
//! (work bundle).

pub mod application_page;
pub mod apply_page;
pub mod audit_page;
pub mod case_page;
pub mod casework_page;
pub mod club_section;
pub mod fund_admin_page;
pub mod fund_page;
pub mod statistics_page;

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
