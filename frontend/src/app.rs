//! The two apps (citizens' and work), their shared shell and their routes.
//! After each navigation focus moves to the new page's heading and its
//! title is announced to screen readers.

use crate::auth::provide_auth;
use crate::components::guard::{RequireLogin, RequireRole};
use crate::components::layout::{Footer, Header, SkipLink};
use crate::i18n::provide_i18n;
use crate::pages::accounts::account_page::AccountPage;
use crate::pages::accounts::confirm_email_page::ConfirmEmailPage;
use crate::pages::accounts::delete_account_page::{AccountDeletedPage, DeleteAccountPage};
use crate::pages::accounts::logged_out_page::LoggedOutPage;
use crate::pages::accounts::login_page::LoginPage;
use crate::pages::accounts::register_page::RegisterPage;
use crate::pages::aktiviteter::activity_form_page::{EditActivityPage, NewActivityPage};
use crate::pages::aktiviteter::activity_page::ActivityPage;
use crate::pages::aktiviteter::activity_search_page::ActivitySearchPage;
use crate::pages::aktiviteter::my_signups_page::MySignupsPage;
use crate::pages::aktiviteter::organization_admin_page::OrganizationAdminPage;
use crate::pages::aktiviteter::organizer_page::OrganizerPage;
use crate::pages::aktiviteter::participants_page::ParticipantsPage;
use crate::pages::bamsefondet::application_page::ApplicationPage;
use crate::pages::bamsefondet::apply_page::ApplyPage;
use crate::pages::bamsefondet::audit_page::AuditPage;
use crate::pages::bamsefondet::case_page::CasePage;
use crate::pages::bamsefondet::casework_page::{ApproverInboxPage, CaseworkPage};
use crate::pages::bamsefondet::fund_admin_page::FundAdminPage;
use crate::pages::bamsefondet::fund_page::{ClaimPage, FundPage};
use crate::pages::bamsefondet::statistics_page::StatisticsPage;
use crate::pages::bua::catalogue_page::CataloguePage;
use crate::pages::bua::demand_page::DemandPage;
use crate::pages::bua::desk_page::DeskPage;
use crate::pages::bua::equipment_page::EquipmentPage;
use crate::pages::bua::labels_page::LabelsPage;
use crate::pages::bua::locations_page::LocationsPage;
use crate::pages::bua::model_page::ModelPage;
use crate::pages::bua::my_loans_page::MyLoansPage;
use crate::pages::platform::accessibility_page::AccessibilityPage;
use crate::pages::platform::admin_page::AdminPage;
use crate::pages::platform::home_page::HomePage;
use crate::pages::platform::not_found_page::NotFoundPage;
use crate::pages::platform::privacy_page::PrivacyPage;
use fritid_domain::bundles::{bundle_for, Bundle};
use fritid_domain::Role;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use std::time::Duration;

/// What both bundles share: the contexts, the header, the footer, focus
/// and announcements after navigation. `children` are the bundle's routes.
#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    let i18n = provide_i18n();
    let auth = provide_auth();
    // Logged in, the app speaks the language stored on the account (the
    // one its messages are written in).
    Effect::new(move |_| {
        if let Some(user) = auth.user() {
            let locale = crate::i18n::Locale::from_language(user.language);
            if i18n.locale.get_untracked() != locale {
                i18n.set(locale);
            }
        }
    });
    view! {
        <Router>
            <SkipLink />
            <Header />
            <main id="main" tabindex="-1">
                {children()}
                <RouteAnnouncer />
            </main>
            <Footer />
        </Router>
    }
}

/// What a path no route of this bundle knows shows: a page of the other
/// bundle is loaded from the server (which sends that bundle's app), any
/// other path is not found.
#[component]
fn ElsewhereOrNotFound(this: Bundle) -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    if bundle_for(&path) != this {
        // The router's location, not the window's: the address bar may
        // not show the new path yet.
        let search = location.search.get_untracked();
        let hash = location.hash.get_untracked();
        let query = if search.is_empty() {
            String::new()
        } else {
            format!("?{}", search.trim_start_matches('?'))
        };
        let fragment = if hash.is_empty() {
            String::new()
        } else {
            format!("#{}", hash.trim_start_matches('#'))
        };
        let _ = window()
            .location()
            .replace(&format!("{path}{query}{fragment}"));
        return ().into_any();
    }
    view! { <NotFoundPage /> }.into_any()
}

/// The citizens' app: everything a resident opens. The pages only
/// organizers and staff use are in [`WorkApp`], a separate download.
#[component]
pub fn CitizenApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=|| view! { <ElsewhereOrNotFound this=Bundle::Citizen /> }>
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/aktiviteter") view=ActivitySearchPage />
                <Route path=path!("/aktiviteter/:id") view=ActivityPage />
                <Route path=path!("/mine-pameldinger") view=|| view! { <RequireLogin><MySignupsPage /></RequireLogin> } />
                <Route path=path!("/logg-inn") view=LoginPage />
                <Route path=path!("/registrer") view=RegisterPage />
                <Route path=path!("/bekreft-e-post") view=ConfirmEmailPage />
                <Route path=path!("/logget-ut") view=LoggedOutPage />
                <Route path=path!("/tilgjengelighet") view=AccessibilityPage />
                <Route path=path!("/personvern") view=PrivacyPage />
                <Route path=path!("/min-side/slett-konto") view=|| view! { <RequireLogin><DeleteAccountPage /></RequireLogin> } />
                <Route path=path!("/konto-slettet") view=AccountDeletedPage />
                <Route path=path!("/min-side") view=|| view! { <RequireLogin><AccountPage /></RequireLogin> } />
            </Routes>
        </Shell>
    }
}

/// Bamsefondet's texts, for the bundles with its pages (fund and work).
pub fn add_fund_texts() {
    crate::pages::bamsefondet::add_texts();
}

/// BUA's texts, for the bundles with its pages (lending and work).
pub fn add_lending_texts() {
    crate::pages::bua::add_texts();
}

/// BUA for families: the catalogue, a model's page with the reserve form,
/// and the family's loans. Its own download, like [`FundApp`].
#[component]
pub fn LendingApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=|| view! { <ElsewhereOrNotFound this=Bundle::Lending /> }>
                <Route path=path!("/utlan") view=CataloguePage />
                <Route path=path!("/utlan/modell/:id") view=ModelPage />
                <Route path=path!("/utlan/mine") view=|| view! { <RequireLogin><MyLoansPage /></RequireLogin> } />
            </Routes>
        </Shell>
    }
}

/// Bamsefondet for families: the fund's page, applying and following an
/// application. Its own download, so the activity calendar's first
/// download stays small; any other page is loaded from the server.
#[component]
pub fn FundApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=|| view! { <ElsewhereOrNotFound this=Bundle::Fund /> }>
                <Route path=path!("/bamsefondet") view=FundPage />
                <Route path=path!("/bamsefondet/overta") view=|| view! { <RequireLogin><ClaimPage /></RequireLogin> } />
                <Route path=path!("/bamsefondet/soknader/:id") view=|| view! { <RequireLogin><ApplicationPage /></RequireLogin> } />
                <Route path=path!("/bamsefondet/soknader/:id/rediger") view=|| view! { <RequireLogin><ApplyPage /></RequireLogin> } />
            </Routes>
        </Shell>
    }
}

/// The work app: the organizer area, administration, casework and the
/// lending desk (see `fritid_domain::bundles`). Any other page is the
/// citizens' app's, loaded from the server when it is opened.
#[component]
pub fn WorkApp() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=|| view! { <ElsewhereOrNotFound this=Bundle::Work /> }>
                // Organizers go back and forth between their activities and
                // the work pages; the page is here too, so that needs no reload.
                <Route path=path!("/aktiviteter/:id") view=ActivityPage />
                <Route path=path!("/aktiviteter/:id/rediger") view=|| view! { <RequireLogin><EditActivityPage /></RequireLogin> } />
                <Route path=path!("/aktiviteter/:id/deltakere") view=|| view! { <RequireLogin><ParticipantsPage /></RequireLogin> } />
                <Route path=path!("/arrangor") view=|| view! { <RequireLogin><OrganizerPage /></RequireLogin> } />
                <Route path=path!("/arrangor/:id") view=|| view! { <RequireLogin><OrganizationAdminPage /></RequireLogin> } />
                <Route path=path!("/arrangor/:id/ny-aktivitet") view=|| view! { <RequireLogin><NewActivityPage /></RequireLogin> } />
                <Route path=path!("/saksbehandling") view=|| view! {
                    <RequireRole role=Role::Caseworker or=Role::Approver><CaseworkPage /></RequireRole>
                } />
                <Route path=path!("/saksbehandling/godkjenning") view=|| view! {
                    <RequireRole role=Role::Approver><ApproverInboxPage /></RequireRole>
                } />
                <Route path=path!("/saksbehandling/:id") view=|| view! {
                    <RequireRole role=Role::Caseworker or=Role::Approver><CasePage /></RequireRole>
                } />
                <Route path=path!("/saksbehandling/:id/logg") view=|| view! {
                    <RequireRole role=Role::Admin><AuditPage /></RequireRole>
                } />
                <Route path=path!("/utlansdesk") view=|| view! {
                    <RequireRole role=Role::LendingStaff or=Role::Admin><DeskPage /></RequireRole>
                } />
                <Route path=path!("/utlansdesk/merkelapper") view=|| view! {
                    <RequireRole role=Role::LendingStaff or=Role::Admin><LabelsPage /></RequireRole>
                } />
                <Route path=path!("/utlansdesk/steder") view=|| view! {
                    <RequireRole role=Role::Admin><LocationsPage /></RequireRole>
                } />
                <Route path=path!("/utlansdesk/etterspurt") view=|| view! {
                    <RequireRole role=Role::Admin><DemandPage /></RequireRole>
                } />
                <Route path=path!("/utlansdesk/utstyr") view=|| view! {
                    <RequireRole role=Role::LendingStaff or=Role::Admin><EquipmentPage /></RequireRole>
                } />
                <Route path=path!("/admin/bamsefondet") view=|| view! {
                    <RequireRole role=Role::Admin><FundAdminPage /></RequireRole>
                } />
                <Route path=path!("/admin/bamsefondet/runder/:id") view=|| view! {
                    <RequireRole role=Role::Admin><StatisticsPage /></RequireRole>
                } />
                <Route path=path!("/admin") view=|| view! {
                    <RequireRole role=Role::Admin>
                        <AdminPage />
                    </RequireRole>
                } />
            </Routes>
        </Shell>
    }
}

/// Moves focus to the page heading (or to a [`crate::components::flash::Flash`]
/// message) and announces the page title after a
/// navigation (not on the first load, where focus starts at the top).
#[component]
fn RouteAnnouncer() -> impl IntoView {
    let location = use_location();
    let announcement = RwSignal::new(String::new());
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            set_timeout(
                move || {
                    // A message saying what just happened (a save) comes first.
                    let target = document()
                        .get_element_by_id("flash")
                        .or_else(|| document().get_element_by_id("page-title"));
                    if let Some(heading) = target {
                        use leptos::wasm_bindgen::JsCast;
                        if let Ok(heading) = heading.dyn_into::<leptos::web_sys::HtmlElement>() {
                            let _ = heading.focus();
                        }
                    }
                    announcement.set(document().title());
                },
                Duration::from_millis(50),
            );
        }
        path
    });
    view! { <p class="visually-hidden" role="status" aria-live="polite">{announcement}</p> }
}
