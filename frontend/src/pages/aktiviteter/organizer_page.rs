//! For organizers: the organizations one is a member of, and registering a
//! new one (it waits for the municipality's approval before it publishes).

use crate::api;
use crate::auth::use_auth;
use crate::components::district_checks::DistrictChecks;
use crate::components::field::Field;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::form::FormState;
use crate::i18n::use_i18n;
use fritid_domain::organization::{complete_website, Organization, OrganizationInput};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

fn optional(value: String) -> Option<String> {
    let value = value.trim().to_owned();
    (!value.is_empty()).then_some(value)
}

#[component]
pub fn OrganizerPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let mine = LocalResource::new(move || api::my_organizations(auth));
    view! {
        <Page title_key="organizer-title">
            <p class="lead">{move || i18n.t("organizer-intro")}</p>
            <h2>{move || i18n.t("organizer-mine")}</h2>
            {loaded(mine, move |list: Vec<Organization>| {
                if list.is_empty() {
                    return view! { <p>{move || i18n.t("organizer-none")}</p> }.into_any();
                }
                view! {
                    <ul class="org-list">
                        {list.into_iter().map(|o| {
                            let status = format!("org-status-{}", o.status.as_str());
                            let role = o.my_role.map(|r| format!("member-role-{}", r.as_str()));
                            view! {
                                <li>
                                    <A href=format!("/arrangor/{}", o.id)>{o.name.clone()}</A>
                                    " – "{move || i18n.t(&status)}
                                    {role.map(|r| view! { " · "{move || i18n.t(&r)} })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <h2 id="register-organization">{move || i18n.t("organizer-register")}</h2>
            <OrganizationForm />
        </Page>
    }
}

/// Registers a new organization (then opens its page), or with `existing`
/// edits one and hands the saved version to `on_saved`.
#[component]
pub fn OrganizationForm(
    #[prop(optional)] existing: Option<Organization>,
    #[prop(optional)] on_saved: Option<Callback<Organization>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let form = FormState::new();
    let text = |f: fn(&Organization) -> Option<String>| {
        RwSignal::new(existing.as_ref().and_then(f).unwrap_or_default())
    };
    let name = text(|o| Some(o.name.clone()));
    let org_number = text(|o| o.org_number.clone());
    let description = text(|o| Some(o.description.clone()));
    let website = text(|o| o.website.clone());
    let email = text(|o| o.contact_email.clone());
    let phone = text(|o| o.contact_phone.clone());
    let districts = RwSignal::new(
        existing
            .as_ref()
            .map(|o| o.districts.clone())
            .unwrap_or_default(),
    );
    let editing = existing.as_ref().map(|o| o.id.to_string());
    let submit_key = if editing.is_some() {
        "org-save"
    } else {
        "org-register-submit"
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        // "heggedal-il.no" is an address too: shown and sent completed.
        website.set(complete_website(&website.get_untracked()));
        let input = OrganizationInput {
            name: name.get_untracked(),
            org_number: optional(org_number.get_untracked()),
            description: description.get_untracked(),
            website: optional(website.get_untracked()),
            contact_email: optional(email.get_untracked()),
            contact_phone: optional(phone.get_untracked()),
            districts: districts.get_untracked(),
        };
        if let Err(errors) = input.validate() {
            return form.show_validation(errors);
        }
        match editing.clone() {
            Some(id) => form.send(
                i18n,
                api::update_organization(auth, id, input),
                move |org| {
                    if let Some(on_saved) = on_saved {
                        on_saved.run(org);
                    }
                },
            ),
            None => {
                let navigate = navigate.clone();
                form.send(i18n, api::create_organization(auth, input), move |org| {
                    navigate(&format!("/arrangor/{}", org.id), Default::default());
                })
            }
        }
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            {form.alert(i18n)}
            <Field id="org-name" value=name label=Signal::derive(move || i18n.t("org-name")) error=form.field(i18n, "name") />
            <Field id="org-number" value=org_number inputmode="numeric" label=Signal::derive(move || i18n.t("org-number"))
                hint=Signal::derive(move || i18n.t("org-number-hint")) error=form.field(i18n, "org_number") />
            <Field id="org-description" value=description rows=4 label=Signal::derive(move || i18n.t("org-description")) error=form.field(i18n, "description") />
            <Field id="org-website" kind="url" value=website label=Signal::derive(move || i18n.t("org-website")) error=form.field(i18n, "website") />
            <Field id="org-email" kind="email" value=email label=Signal::derive(move || i18n.t("org-email")) error=form.field(i18n, "contact_email") />
            <Field id="org-phone" kind="tel" value=phone label=Signal::derive(move || i18n.t("org-phone")) error=form.field(i18n, "contact_phone") />
            <DistrictChecks prefix="org-district" legend=Signal::derive(move || i18n.t("org-districts")) selected=districts error=form.field(i18n, "districts") />
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t(submit_key)}</button>
        </form>
    }
}
