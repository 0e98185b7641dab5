//! BUA: the catalogue, a model with its sizes, calendar and the reserve
//! form, and the family's loans (lending bundle); the lending desk (work
//! bundle).

pub mod catalogue_page;
pub mod desk_page;
pub mod labels_page;
pub mod model_page;
pub mod my_loans_page;

use crate::i18n::I18n;
use fritid_domain::bua::loan::LoanStatus;

/// The texts of these pages (bokmål, English), carried only by the bundles
/// that show them.
pub fn add_texts() {
    crate::i18n::add_texts(
        include_str!("../../../locales/bua.nb.ftl"),
        include_str!("../../../locales/bua.en.ftl"),
    );
}

/// A loan's state in plain words.
pub fn status_text(i18n: I18n, status: LoanStatus, overdue: bool) -> String {
    if overdue {
        return i18n.t("bua-status-overdue");
    }
    i18n.t(&format!("bua-status-{}", status.as_str()))
}

/// A size as people say it: "130 cm", "str. 34", "M"; nothing for none.
pub fn size_text(i18n: I18n, kind: Option<&str>, size: &str) -> String {
    if size.is_empty() {
        return i18n.t("bua-size-none");
    }
    match kind {
        Some("ski_cm") => format!("{size} cm"),
        Some("wheel_inch") => format!("{size}\""),
        Some("shoe_eu") => i18n.t_with("bua-size-shoe", &[("size", size.to_owned().into())]),
        _ => size.to_owned(),
    }
}

/// The category in words.
pub fn category_text(i18n: I18n, category: &str) -> String {
    i18n.t(&format!("bua-category-{category}"))
}
