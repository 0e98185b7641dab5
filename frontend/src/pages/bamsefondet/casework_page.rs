//! `/saksbehandling`: the caseworker queue — oldest first, filtered by
//! state and by who holds the case, with the count per state.

use super::status_text;
use crate::api;
use crate::auth::use_auth;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::select::SelectField;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::bamsefondet::case::Status;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CaseworkPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let status = RwSignal::new(String::new());
    let assigned = RwSignal::new(String::new());
    let queue = LocalResource::new(move || {
        let mut q = vec!["per_page=50".to_owned()];
        if !status.get().is_empty() {
            q.push(format!("status={}", status.get()));
        }
        if !assigned.get().is_empty() {
            q.push(format!("assigned={}", assigned.get()));
        }
        api::cases(auth, q.join("&"))
    });
    let status_options = Signal::derive(move || {
        let mut o = vec![(String::new(), i18n.t("casework-all"))];
        o.extend(
            Status::ALL
                .iter()
                .filter(|s| s.is_open_case() || matches!(s, Status::Decided | Status::Paid))
                .map(|s| (s.as_str().to_owned(), status_text(i18n, *s))),
        );
        o
    });
    let assigned_options = Signal::derive(move || {
        vec![
            (String::new(), i18n.t("casework-all")),
            ("me".into(), i18n.t("casework-mine")),
            ("unassigned".into(), i18n.t("casework-unassigned")),
        ]
    });
    view! {
        <Page title_key="casework-title">
            <div class="filters">
                <SelectField id="status" label=Signal::derive(move || i18n.t("casework-status")) value=status options=status_options error=Signal::derive(|| None::<String>) />
                <SelectField id="assigned" label=Signal::derive(move || i18n.t("casework-assigned")) value=assigned options=assigned_options error=Signal::derive(|| None::<String>) />
            </div>
            {loaded(queue, move |q| view! {
                <p class="chips">
                    {q.counts.clone().into_iter().map(|c| {
                        let (s, n) = (c.status, c.count);
                        view! { <span class="chip">{move || status_text(i18n, s)}": "{n}</span>" " }
                    }).collect_view()}
                </p>
                <p role="status">{let total = q.total; move || i18n.t_with("casework-count", &[("count", total.into())])}</p>
                <div class="table-scroll">
                    <table>
                        <thead><tr>
                            <th scope="col">{move || i18n.t("casework-child")}</th>
                            <th scope="col">{move || i18n.t("fund-district")}</th>
                            <th scope="col">{move || i18n.t("casework-amount")}</th>
                            <th scope="col">{move || i18n.t("casework-status")}</th>
                            <th scope="col">{move || i18n.t("casework-days")}</th>
                            <th scope="col">{move || i18n.t("casework-assigned")}</th>
                        </tr></thead>
                        <tbody>
                            {q.items.clone().into_iter().map(|c| {
                                let (s, amount) = (c.status, i64::from(c.requested_nok));
                                view! {
                                    <tr>
                                        <td><A href=format!("/saksbehandling/{}", c.id)>{c.child_first_name.clone().unwrap_or_default()}</A></td>
                                        <td>{c.district.clone().unwrap_or_default()}</td>
                                        <td>{move || format::nok(i18n.locale.get(), amount)}</td>
                                        <td>{move || status_text(i18n, s)}</td>
                                        <td>{c.days_since_submitted}</td>
                                        <td>{c.assigned_to.as_ref().map(|a| a.name.clone()).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </Page>
    }
}
