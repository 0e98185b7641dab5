//! BUA: the catalogue, a model with its sizes, calendar and the reserve
//! form, and the family's loans (lending bundle); the lending desk, labels
//! and equipment (work bundle).

pub mod case_loan_form;
pub mod catalogue_page;
pub mod demand_page;
pub mod desk_page;
pub mod equipment_page;
pub mod labels_page;
pub mod locations_page;
pub mod model_page;
pub mod my_loans_page;

use crate::api;
use crate::auth::Auth;
use crate::i18n::I18n;
use fritid_domain::bua::loan::LoanStatus;
use leptos::prelude::*;

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

/// The staff's own locations as select options, and the chosen one (the
/// first until the person picks another).
pub fn my_location(auth: Auth) -> (RwSignal<String>, Signal<Vec<(String, String)>>) {
    let locations = LocalResource::new(move || api::my_bua_locations(auth));
    let location = RwSignal::new(String::new());
    Effect::new(move |_| {
        if location.get_untracked().is_empty() {
            if let Some(Ok(list)) = locations.get() {
                if let Some(first) = list.first() {
                    location.set(first.id.to_string());
                }
            }
        }
    });
    let options = Signal::derive(move || match locations.get() {
        Some(Ok(list)) => list
            .into_iter()
            .map(|l| (l.id.to_string(), l.name))
            .collect(),
        _ => vec![],
    });
    (location, options)
}
