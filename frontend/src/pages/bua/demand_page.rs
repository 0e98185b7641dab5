//! `/utlansdesk/etterspurt` (administrators): what families asked for at
//! every lending location and did not get, the last year, without names;
//! the municipality's list of what to buy next and where.

use super::desk_page::UnmetTable;
use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn DemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let demand = LocalResource::new(move || api::bua_unmet_demand(auth, None));
    view! {
        <Page title_key="bua-demand-title">
            <p id="demand-intro">{move || i18n.t("bua-demand-intro")}</p>
            {loaded(demand, move |rows| view! { <UnmetTable rows every_location=true labelled_by="demand-intro" /> })}
        </Page>
    }
}
