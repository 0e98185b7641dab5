//! One organization, for its members: its activities (drafts too) with
//! publish / cancel / postpone, its places, and (for its admins) its members.

use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::Checkbox;
use crate::components::field::Field;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::components::picture_upload::PictureUpload;
use crate::components::reason_form::ReasonForm;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use crate::pages::aktiviteter::organizer_page::OrganizationForm;
use crate::pages::bamsefondet::club_section::ClubFundSection;
use fritid_domain::activity::{Activity, ActivityStatus, StatusAction};
use fritid_domain::organization::{
    InvitationRequest, MemberRole, Organization, OrganizationStatus, Place, PlaceInput,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrganizationAdminPage() -> impl IntoView {
    let auth = use_auth();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let version = RwSignal::new(0u32);
    let organization = LocalResource::new(move || {
        version.track();
        api::organization(auth, id())
    });
    // Said after the details are saved (the page is then shown anew).
    let saved = RwSignal::new(false);
    loaded(
        organization,
        move |o| view! { <OrganizationView organization=o version saved /> },
    )
}

#[component]
fn OrganizationView(
    organization: Organization,
    version: RwSignal<u32>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let o = StoredValue::new(organization);
    let id = o.with_value(|o| o.id.to_string());
    let title = Signal::derive(move || o.with_value(|o| o.name.clone()));
    let is_admin = o.with_value(|o| o.my_role == Some(MemberRole::Admin));
    let is_member = o.with_value(|o| o.my_role.is_some());
    let approved = o.with_value(|o| o.status == OrganizationStatus::Approved);
    let status = move || {
        o.with_value(|o| {
            let text = i18n.t(&format!("org-status-{}", o.status.as_str()));
            let extra = match o.status {
                OrganizationStatus::Pending => Some(i18n.t("org-pending-text")),
                OrganizationStatus::Rejected => o.status_reason.clone(),
                OrganizationStatus::Approved => None,
            };
            view! { <p class="status-line"><strong>{text}</strong>{extra.map(|e| format!(" {e}"))}</p> }
        })
    };
    if !is_member {
        return view! {
            <Page title>
                <p>{move || i18n.t("no-access-text")}</p>
            </Page>
        }
        .into_any();
    }
    let places_version = RwSignal::new(0u32);
    let auth = use_auth();
    let org_id = StoredValue::new(id.clone());
    view! {
        <Page title>
            {status}
            <Show when=move || saved.get()>
                <p class="form-success" role="status">{move || i18n.t("org-details-saved")}</p>
            </Show>
            <ul class="inline-list">
                <li><a href=format!("/api/v1/organizations/{id}/calendar.ics")>{move || i18n.t("org-calendar")}</a></li>
            </ul>
            <OrganizationActivities id=id.clone() places_version />
            <Places id=id.clone() places_version />
            {is_admin.then(|| view! { <Members id=id.clone() /> })}
            // Bamsefondet for a club whose activities are in the calendar.
            {approved.then(|| view! { <ClubFundSection organization=id.clone() is_admin /> })}
            {is_admin.then(|| {
                let existing = o.get_value();
                let on_saved = Callback::new(move |_| {
                    saved.set(true);
                    version.update(|v| *v += 1);
                });
                view! {
                    <section aria-labelledby="org-details">
                        <h2 id="org-details">{move || i18n.t("org-details")}</h2>
                        <details class="add-form">
                            <summary>{move || i18n.t("org-edit-details")}</summary>
                            <OrganizationForm existing on_saved />
                        </details>
                        <PictureUpload
                            id="organization"
                            current=o.with_value(|o| o.image.clone())
                            upload=move |file, alt| Box::pin(api::upload_organization_picture(auth, org_id.get_value(), file, alt))
                            remove=move || Box::pin(api::remove_organization_picture(auth, org_id.get_value()))
                            picture_of=|o: &Organization| o.image.clone()
                        />
                    </section>
                }
            })}
        </Page>
    }
    .into_any()
}

#[component]
fn OrganizationActivities(id: String, places_version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let version = RwSignal::new(0u32);
    let org = StoredValue::new(id);
    let activities = LocalResource::new(move || {
        version.track();
        api::organization_activities(auth, org.get_value())
    });
    let places = LocalResource::new(move || {
        places_version.track();
        api::places(auth, org.get_value())
    });
    let has_places = move || {
        places
            .get()
            .and_then(Result::ok)
            .is_some_and(|p| !p.is_empty())
    };
    view! {
        <section aria-labelledby="org-activities">
            <h2 id="org-activities">{move || i18n.t("org-activities")}</h2>
            <Show
                when=has_places
                fallback=move || view! { <p>{move || i18n.t("org-add-place-first")}</p> }
            >
                <p><A href=move || format!("/arrangor/{}/ny-aktivitet", org.get_value()) attr:class="button-link">{move || i18n.t("org-new-activity")}</A></p>
            </Show>
            {loaded(activities, move |list: Vec<Activity>| {
                if list.is_empty() {
                    return view! { <p>{move || i18n.t("org-no-activities")}</p> }.into_any();
                }
                view! {
                    <ul class="org-activities">
                        {list.into_iter().map(|a| view! { <li class="card"><ActivityRow activity=a version /></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}

#[component]
fn ActivityRow(activity: Activity, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let a = StoredValue::new(activity);
    let id = a.with_value(|a| a.id.to_string());
    let status = a.with_value(|a| a.status);
    let error = RwSignal::new(None::<api::ApiError>);
    let publish = move |_| {
        let id = a.with_value(|a| a.id.to_string());
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::change_status(auth, id, "publish", None).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let status_change = move |action: &'static str| {
        move |reason: String| {
            let id = a.with_value(|a| a.id.to_string());
            async move {
                api::change_status(auth, id, action, Some(reason)).await?;
                version.update(|v| *v += 1);
                Ok(())
            }
        }
    };
    let can_publish = StatusAction::Publish.apply(status).is_some();
    let can_cancel = StatusAction::Cancel.apply(status).is_some();
    let can_postpone = StatusAction::Postpone.apply(status).is_some();
    let title = a.with_value(|a| a.title.clone());
    let publish_label = i18n.t_with("org-publish-label", &[("title", title.clone().into())]);
    let signups = a.with_value(|a| {
        a.signup.required.then(|| {
            (
                a.signup.confirmed,
                a.signup.capacity.unwrap_or(0),
                a.signup.waiting,
            )
        })
    });
    view! {
        <h3 class="card-title"><A href=format!("/aktiviteter/{id}")>{title.clone()}</A></h3>
        <dl class="card-facts">
            <dt>{move || i18n.t("org-activity-status")}</dt>
            <dd>{move || i18n.t(&format!("status-{}", status.as_str()))}{a.with_value(|a| a.status_reason.clone().map(|r| format!(": {r}")))}</dd>
            <dt>{move || i18n.t("activity-when")}</dt>
            <dd>{move || a.with_value(|a| a.upcoming.first().map(|o| format::occurrence(i18n.locale.get(), &o.starts_at, &o.ends_at)).unwrap_or_else(|| i18n.t("activity-no-dates")))}</dd>
            {signups.map(|(confirmed, capacity, waiting)| view! {
                <dt>{move || i18n.t("org-activity-signups")}</dt>
                <dd>{move || i18n.t_with("org-activity-signup-count", &[("confirmed", confirmed.into()), ("capacity", capacity.into()), ("waiting", waiting.into())])}</dd>
            })}
        </dl>
        {move || error.get().map(|error| view! { <ErrorText error /> })}
        <ul class="inline-list">
            {can_publish.then(|| view! {
                <li><button type="button" class="primary" aria-label=publish_label.clone() on:click=publish>{move || i18n.t("org-publish")}</button></li>
            })}
            {(status != ActivityStatus::Withdrawn).then(|| view! { <li><A href=format!("/aktiviteter/{id}/rediger")>{move || i18n.t("activity-edit")}</A></li> })}
            {signups.is_some().then(|| view! { <li><A href=format!("/aktiviteter/{id}/deltakere")>{move || i18n.t("activity-participants")}</A></li> })}
        </ul>
        {(can_cancel || can_postpone).then(|| view! {
            <details class="more-actions">
                <summary>{move || i18n.t("org-cancel-or-postpone")}<span class="visually-hidden">{format!(": {}", a.with_value(|a| a.title.clone()))}</span></summary>
                {can_cancel.then(|| view! {
                    <ReasonForm id=format!("cancel-{id}") label_key="org-cancel-reason" submit_key="org-cancel" action=status_change("cancel") />
                })}
                {can_postpone.then(|| view! {
                    <ReasonForm id=format!("postpone-{id}") label_key="org-postpone-reason" submit_key="org-postpone" action=status_change("postpone") />
                })}
            </details>
        })}
    }
}

#[component]
fn Places(id: String, places_version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let org = StoredValue::new(id);
    let places = LocalResource::new(move || {
        places_version.track();
        api::places(auth, org.get_value())
    });
    view! {
        <section aria-labelledby="org-places">
            <h2 id="org-places">{move || i18n.t("org-places")}</h2>
            {loaded(places, move |list: Vec<Place>| {
                if list.is_empty() {
                    return view! { <p>{move || i18n.t("org-no-places")}</p> }.into_any();
                }
                view! {
                    <ul class="places-list">
                        {list.into_iter().map(|p| {
                            let prefix = format!("place-{}", p.id);
                            let name = p.name.clone();
                            view! {
                                <li>
                                    <strong>{p.name.clone()}</strong>", "{p.address.clone()}" ("{p.district_name.clone()}")"
                                    <details class="more-actions">
                                        <summary>{move || i18n.t("org-edit-place")}<span class="visually-hidden">{format!(": {name}")}</span></summary>
                                        <PlaceForm organization=org.get_value() places_version prefix existing=p />
                                    </details>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <details class="add-form">
                <summary>{move || i18n.t("org-add-place")}</summary>
                <PlaceForm organization=org.get_value() places_version prefix="place-new".to_owned() />
            </details>
        </section>
    }
}

/// Adds a place, or with `existing` edits it. `prefix` keeps the input ids
/// unique when several forms are on the page.
#[component]
fn PlaceForm(
    organization: String,
    places_version: RwSignal<u32>,
    prefix: String,
    #[prop(optional)] existing: Option<Place>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = FormState::new();
    let org = StoredValue::new(organization);
    let editing = existing.as_ref().map(|p| p.id.to_string());
    let is_edit = editing.is_some();
    let districts = LocalResource::new(move || api::districts(auth));
    let text =
        |f: fn(&Place) -> String| RwSignal::new(existing.as_ref().map(f).unwrap_or_default());
    let flag = |f: fn(&Place) -> bool| RwSignal::new(existing.as_ref().is_some_and(f));
    let name = text(|p| p.name.clone());
    let address = text(|p| p.address.clone());
    let district = text(|p| p.district.clone());
    let latitude = text(|p| p.latitude.map(|l| l.to_string()).unwrap_or_default());
    let longitude = text(|p| p.longitude.map(|l| l.to_string()).unwrap_or_default());
    let step_free = flag(|p| p.step_free_access);
    let toilet = flag(|p| p.accessible_toilet);
    let hearing_loop = flag(|p| p.hearing_loop);
    let transit = text(|p| p.transit_note.clone());
    let saved = RwSignal::new(false);
    let id = move |field: &str| format!("{prefix}-{field}");

    let district_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t("choose"))];
        if let Some(Ok(list)) = districts.get() {
            options.extend(list.into_iter().map(|d| (d.slug, d.name)));
        }
        options
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        saved.set(false);
        let coordinate = |s: RwSignal<String>,
                          field: &'static str,
                          errors: &mut fritid_domain::ValidationErrors| {
            let raw = s.get_untracked().trim().replace(',', ".");
            if raw.is_empty() {
                return None;
            }
            let parsed = raw.parse::<f64>().ok();
            if parsed.is_none() {
                errors.push(fritid_domain::FieldError::new(
                    field,
                    "invalid",
                    "must be a number",
                ));
            }
            parsed
        };
        let mut errors = fritid_domain::ValidationErrors::new();
        let input = PlaceInput {
            name: name.get_untracked(),
            address: address.get_untracked(),
            district: district.get_untracked(),
            latitude: coordinate(latitude, "latitude", &mut errors),
            longitude: coordinate(longitude, "longitude", &mut errors),
            step_free_access: step_free.get_untracked(),
            accessible_toilet: toilet.get_untracked(),
            hearing_loop: hearing_loop.get_untracked(),
            transit_note: transit.get_untracked(),
        };
        if let Err(more) = input.validate() {
            for e in more.into_errors() {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return form.show_validation(errors);
        }
        let call = {
            let editing = editing.clone();
            async move {
                match editing {
                    Some(place) => api::update_place(auth, place, input).await,
                    None => api::create_place(auth, org.get_value(), input).await,
                }
            }
        };
        let adding = editing.is_none();
        form.send(i18n, call, move |_| {
            if adding {
                for s in [name, address, district, latitude, longitude, transit] {
                    s.set(String::new());
                }
                for b in [step_free, toilet, hearing_loop] {
                    b.set(false);
                }
            }
            saved.set(true);
            places_version.update(|v| *v += 1);
        });
    };

    view! {
        <form class="form" on:submit=submit novalidate>
            {form.alert(i18n)}
            <Show when=move || saved.get()>
                <p class="form-success" role="status">{move || i18n.t("org-place-saved")}</p>
            </Show>
            <Field id=id("name") value=name label=Signal::derive(move || i18n.t("place-name")) error=form.field(i18n, "name") />
            <Field id=id("address") value=address autocomplete="street-address" label=Signal::derive(move || i18n.t("place-address")) error=form.field(i18n, "address") />
            <SelectField id=id("district") value=district options=district_options label=Signal::derive(move || i18n.t("place-district")) error=form.field(i18n, "district") />
            <div class="field-pair">
                <Field id=id("latitude") value=latitude inputmode="decimal" label=Signal::derive(move || i18n.t("place-latitude")) error=form.field(i18n, "latitude") />
                <Field id=id("longitude") value=longitude inputmode="decimal" label=Signal::derive(move || i18n.t("place-longitude")) error=form.field(i18n, "longitude") />
            </div>
            <fieldset class="checks">
                <legend>{move || i18n.t("place-accessibility")}</legend>
                <Checkbox id=id("step-free") checked=step_free label=Signal::derive(move || i18n.t("access-step-free")) />
                <Checkbox id=id("toilet") checked=toilet label=Signal::derive(move || i18n.t("access-toilet")) />
                <Checkbox id=id("hearing-loop") checked=hearing_loop label=Signal::derive(move || i18n.t("access-hearing-loop")) />
            </fieldset>
            <Field id=id("transit") value=transit rows=2 label=Signal::derive(move || i18n.t("place-transit")) error=form.field(i18n, "transit_note") />
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t(if is_edit { "org-save-place" } else { "org-add-place-submit" })}</button>
        </form>
    }
}

#[component]
fn Members(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let org = StoredValue::new(id);
    let version = RwSignal::new(0u32);
    let members = LocalResource::new(move || {
        version.track();
        api::members(auth, org.get_value())
    });
    let invitations = LocalResource::new(move || {
        version.track();
        api::organization_invitations(auth, org.get_value())
    });
    let invited = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<api::ApiError>);
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("editor".to_owned());
    let role_options = Signal::derive(move || {
        vec![
            ("editor".to_owned(), i18n.t("member-role-editor")),
            ("admin".to_owned(), i18n.t("member-role-admin")),
        ]
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        if let Err(e) = fritid_domain::account::Email::parse("email", &email.get_untracked()) {
            return form.show_validation(fritid_domain::ValidationErrors::single(e));
        }
        let body = InvitationRequest {
            email: email.get_untracked().trim().to_owned(),
            role: MemberRole::parse(&role.get_untracked()).unwrap_or(MemberRole::Editor),
        };
        invited.set(None);
        form.send(
            i18n,
            api::invite(auth, org.get_value(), body),
            move |invitation| {
                email.set(String::new());
                invited.set(Some(invitation.email));
                version.update(|v| *v += 1);
            },
        );
    };
    let withdraw = move |id: String| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::withdraw_invitation(auth, org.get_value(), id).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |user: String| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::remove_member(auth, org.get_value(), user).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="org-members">
            <h2 id="org-members">{move || i18n.t("org-members")}</h2>
            {move || error.get().map(|error| view! { <ErrorText error /> })}
            {loaded(members, move |list| view! {
                <ul class="members">
                    {list.into_iter().map(|m| {
                        let user = m.user_id.to_string();
                        let role = format!("member-role-{}", m.role.as_str());
                        let label = i18n.t_with("org-remove-member-label", &[("name", m.display_name.clone().into())]);
                        view! {
                            <li>
                                {m.display_name.clone()}" ("{m.email.clone()}") – "{move || i18n.t(&role)}" "
                                <button type="button" class="secondary small" aria-label=label on:click=move |_| remove(user.clone())>
                                    {move || i18n.t("org-remove-member")}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {loaded(invitations, move |list| {
                if list.is_empty() {
                    return ().into_any();
                }
                view! {
                    <h3>{move || i18n.t("org-invitations")}</h3>
                    <ul class="members">
                        {list.into_iter().map(|inv| {
                            let id = inv.id.to_string();
                            let role = format!("member-role-{}", inv.role.as_str());
                            let label = i18n.t_with("org-withdraw-invitation-label", &[("email", inv.email.clone().into())]);
                            view! {
                                <li>
                                    {inv.email.clone()}" – "{move || i18n.t(&role)}" "
                                    <button type="button" class="secondary small" aria-label=label on:click=move |_| withdraw(id.clone())>
                                        {move || i18n.t("org-withdraw-invitation")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <h3>{move || i18n.t("org-invite")}</h3>
            <form class="form" on:submit=add novalidate>
                {form.alert(i18n)}
                {move || invited.get().map(|address| view! {
                    <p class="form-success" role="status">{i18n.t_with("org-invited", &[("email", address.into())])}</p>
                })}
                <Field id="member-email" kind="email" value=email label=Signal::derive(move || i18n.t("org-member-email"))
                    hint=Signal::derive(move || i18n.t("org-member-email-hint")) error=form.field(i18n, "email") />
                <SelectField id="member-role" value=role options=role_options label=Signal::derive(move || i18n.t("org-member-role")) error=form.field(i18n, "role") />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{move || i18n.t("org-add-member")}</button>
            </form>
        </section>
    }
}
