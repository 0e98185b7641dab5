//! Route guards: a page for a role shows "log in" to visitors and "no
//! access" to users without the role, never a broken page.

use crate::auth::use_auth;
use crate::components::page::Page;
use crate::i18n::use_i18n;
use fritid_domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Loading,
    LoginRequired,
    Denied,
    Granted,
}

#[component]
pub fn RequireRole(
    role: Role,
    /// Another role that gives access too (caseworkers and approvers share casework).
    #[prop(optional)]
    or: Option<Role>,
    children: ChildrenFn,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    // A memo, so a refreshed session (same access) does not rebuild the page.
    let access = Memo::new(move |_| {
        if !auth.is_ready() {
            Access::Loading
        } else if auth.user().is_none() {
            Access::LoginRequired
        } else if !auth.has_role(role) && !or.is_some_and(|r| auth.has_role(r)) {
            Access::Denied
        } else {
            Access::Granted
        }
    });
    move || match access.get() {
        Access::Loading => view! { <p role="status">{i18n.t("loading")}</p> }.into_any(),
        Access::LoginRequired => view! {
            <Page title_key="login-required-title">
                <p>{move || i18n.t("login-required-text")}</p>
                <p><A href="/logg-inn">{move || i18n.t("nav-login")}</A></p>
            </Page>
        }
        .into_any(),
        Access::Denied => view! {
            <Page title_key="no-access-title">
                <p>{move || i18n.t("no-access-text")}</p>
                <p><A href="/">{move || i18n.t("not-found-home")}</A></p>
            </Page>
        }
        .into_any(),
        Access::Granted => children().into_any(),
    }
}

/// Logged-in users only (any role).
#[component]
pub fn RequireLogin(children: ChildrenFn) -> impl IntoView {
    view! { <RequireRole role=Role::Citizen children=children /> }
}
