//! `/saksbehandling/:id/logg`: who read or changed an application, and
//! when (administrators; forvaltningsloven § 13 makes the application
//! confidential, so every staff read is on record). Newest first.

use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::format;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let entries = LocalResource::new(move || api::case_audit(auth, id()));
    view! {
        <Page title_key="fund-audit-title">
            <p><A href=move || format!("/saksbehandling/{}", id())>{move || i18n.t("fund-audit-back")}</A></p>
            <p>{move || i18n.t("fund-audit-intro")}</p>
            {loaded(entries, move |mut list| {
                list.reverse();
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t("fund-audit-title")>
                        <table>
                            <thead><tr>
                                <th scope="col">{move || i18n.t("fund-audit-when")}</th>
                                <th scope="col">{move || i18n.t("fund-audit-who")}</th>
                                <th scope="col">{move || i18n.t("fund-audit-what")}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|e| {
                                    let at = e.occurred_at;
                                    let key = format!("fund-audit-{}", e.action.trim_start_matches("fund_application.").replace('_', "-"));
                                    view! {
                                        <tr>
                                            <td>{move || format::date_time(i18n.locale.get(), &at)}</td>
                                            <td>{e.actor.map(|a| a.name)}</td>
                                            <td>{move || i18n.t(&key)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
        </Page>
    }
}
