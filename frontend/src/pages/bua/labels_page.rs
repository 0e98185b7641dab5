//! `/utlansdesk/merkelapper`: printable labels for a location's units, each
//! a QR code of its label text (which the lending page's label field
//! takes from a scanner) with the text, the model and the size.

use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn LabelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let (location, options) = super::my_location(auth);
    let units = LocalResource::new(move || {
        let l = location.get();
        async move {
            if l.is_empty() {
                Ok(vec![])
            } else {
                // Units in maintenance keep their labels; retired ones need none.
                api::bua_units(auth, l, None)
                    .await
                    .map(|all| all.into_iter().filter(|u| u.status != "retired").collect())
            }
        }
    });
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <Page title_key="bua-labels-title">
            <div class="no-print">
                <p>{move || i18n.t("bua-labels-intro")}</p>
                <SelectField id="labels-location" label=Signal::derive(move || i18n.t("bua-field-location")) value=location options=options error=no_error />
                <p><button type="button" class="primary" on:click=move |_| { let _ = window().print(); }>{move || i18n.t("bua-labels-print")}</button></p>
            </div>
            {loaded(units, move |list| view! {
                <ul class="labels">
                    {list.into_iter().map(|u| {
                        let src = format!("/api/v1/bua/label-codes/{}", u.label);
                        view! {
                            <li>
                                <img src=src alt="" width="112" height="112" />
                                <strong>{u.label.clone()}</strong>
                                <br />
                                <span>{format!("{} ({})", u.model_name, u.size)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </Page>
    }
}
