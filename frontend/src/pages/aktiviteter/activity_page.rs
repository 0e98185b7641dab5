//! One activity with everything a newcomer wants to know before showing up:
//! when, where, for whom, what it costs, how low the threshold is, what to
//! bring, accessibility, whom to ask; sign-up or waiting list; add to
//! calendar; schema.org Event data for search engines. Members of the
//! organization get links to edit it and to the participant list;
//! administrators can unpublish it with a reason.

use crate::api;
use crate::auth::use_auth;
use crate::components::badges::Badges;
use crate::components::flash::Flash;
use crate::components::focus::focus_later;
use crate::components::loaded::ErrorText;
use crate::components::page::Page;
use crate::components::picture::Picture;
use crate::components::reason_form::ReasonForm;
use crate::components::signup_box::{LastSignup, SignupBox};
use crate::format;
use crate::i18n::{use_i18n, I18n, Locale};
use fritid_domain::activity::{Activity, ActivityStatus};
use fritid_domain::schedule::Schedule;
use fritid_domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let params = use_params_map();
    // Bumped after a sign-up or a status change, to show the new state.
    let version = RwSignal::new(0u32);
    provide_context::<LastSignup>(RwSignal::new(None));
    let activity = LocalResource::new(move || {
        version.track();
        // Logging in or out changes what the page may show (editing).
        let _ = auth.user().map(|u| u.id);
        api::activity(auth, params.with(|p| p.get("id").unwrap_or_default()))
    });
    // The view is built once per activity; a reload (after a sign-up)
    // updates it in place, so the sign-up form keeps what is typed in it.
    let current = RwSignal::new(None::<Activity>);
    Effect::new(move |_| {
        if let Some(Ok(a)) = activity.get() {
            current.set(Some(a));
        }
    });
    let shown = Memo::new(move |_| current.with(|c| c.as_ref().map(|a| a.id)));
    let failed = Memo::new(move |_| match activity.get() {
        Some(Err(e)) => Some(e),
        _ => None,
    });
    move || match (shown.get(), failed.get()) {
        (_, Some(error)) => view! { <ErrorText error /> }.into_any(),
        (None, None) => view! { <p role="status">{move || i18n.t("loading")}</p> }.into_any(),
        (Some(_), None) => {
            let a = Signal::derive(move || current.get().expect("shown only when loaded"));
            view! { <ActivityView activity=a version /> }.into_any()
        }
    }
}

#[component]
fn ActivityView(activity: Signal<Activity>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let a = activity;
    let title = Signal::derive(move || a.with(|a| i18n.pick(&a.title, a.title_en.as_deref())));
    let description = move || {
        a.with(|a| i18n.pick(&a.description, a.description_en.as_deref()))
            .split("\n\n")
            .map(|p| view! { <p>{p.to_owned()}</p> })
            .collect_view()
    };
    let json_ld = a.with_untracked(json_ld);
    attach_json_ld(json_ld);

    let id = a.with(|a| a.id.to_string());
    let status_banner = move || {
        a.with(|a| {
            (a.status != ActivityStatus::Published).then(|| {
                let status = i18n.t(&format!("status-{}", a.status.as_str()));
                let reason = a.status_reason.clone().unwrap_or_default();
                // A draft is work in progress, not a problem.
                let class = if a.status == ActivityStatus::Draft {
                    "status-banner status-draft"
                } else {
                    "status-banner"
                };
                let explain = (a.status == ActivityStatus::Draft).then(|| i18n.t("activity-draft-explain"));
                view! { <p class=class role="note"><strong>{status}</strong>" "{reason}{explain}</p> }
            })
        })
    };
    let get = move || a.get_untracked();
    let can_edit = get().can_edit;
    let is_admin = move || auth.has_role(Role::Admin);
    let withdrawable = matches!(
        get().status,
        ActivityStatus::Published | ActivityStatus::Postponed | ActivityStatus::Cancelled
    );
    let org_link = format!("/aktiviteter?organization={}", get().organization.id);

    view! {
        <Page title>
            <Flash />
            {status_banner}
            <p class="lead">
                {move || a.with(|a| a.organization.name.clone())}
                " · "
                {move || a.with(|a| i18n.pick(&a.category.name, a.category.name_en.as_deref()))}
            </p>
            {move || a.with(|a| view! {
                <Badges
                    free=a.cost.is_free && a.total_cost_nok == 0
                    drop_in=a.threshold.drop_in
                    free_trial=a.threshold.free_trial
                    no_membership=a.threshold.no_membership_needed
                    signup=a.signup.clone()
                />
            })}
            <KeyFacts activity=a />
            <SignupJump activity=a />
            {move || a.with(|a| view! { <Picture image=a.image.clone() category=a.category.slug.clone() large=true eager=true /> })}
            <div class="description">{description}</div>

            <div class="activity-layout">
                <div>
                    <h2>{move || i18n.t("activity-when")}</h2>
                    <p>{move || a.with(|a| schedule_text(i18n, &a.schedule))}</p>
                    <Upcoming activity=a />
                    <p>
                        <a href=format!("/api/v1/activities/{id}/calendar.ics") download="aktivitet.ics">
                            {move || i18n.t("activity-add-to-calendar")}
                        </a>
                    </p>

                    <h2>{move || i18n.t("activity-where")}</h2>
                    <Where activity=a />

                    <h2>{move || i18n.t("activity-for-whom")}</h2>
                    <p>{move || a.with(|a| format::ages(i18n.locale.get(), a.age_min, a.age_max))}</p>

                    <h2>{move || i18n.t("activity-price")}</h2>
                    <Price activity=a />

                    <h2>{move || i18n.t("activity-first-time")}</h2>
                    <Threshold activity=a />

                    <h2>{move || i18n.t("activity-equipment")}</h2>
                    <EquipmentFacts activity=a />

                    <h2>{move || i18n.t("activity-accessibility")}</h2>
                    <Accessibility activity=a />

                    <h2>{move || i18n.t("activity-contact")}</h2>
                    <ContactFacts activity=a />
                    <p><A href=org_link>{move || i18n.t_with("activity-more-from", &[("organization", a.with(|a| a.organization.name.clone()).into())])}</A></p>
                </div>
                <aside class="signup-aside" id="signup" aria-labelledby="signup-heading">
                    <h2 id="signup-heading">{move || i18n.t("signup-heading")}</h2>
                    <SignupBox activity=a version />
                </aside>
            </div>

            {can_edit.then(|| {
                let id = a.with(|a| a.id.to_string());
                let org = a.with(|a| a.organization.id.to_string());
                let published = RwSignal::new(None::<Result<(), api::ApiError>>);
                let publish = move |_| {
                    let id = a.with_untracked(|a| a.id.to_string());
                    leptos::task::spawn_local(async move {
                        let result = api::change_status(auth, id, "publish", None).await.map(|_| ());
                        let ok = result.is_ok();
                        published.set(Some(result));
                        if ok {
                            version.update(|v| *v += 1);
                        }
                        focus_later("publish-result", false);
                    });
                };
                view! {
                    <section class="tools" aria-labelledby="organizer-tools">
                        <h2 id="organizer-tools">{move || i18n.t("activity-organizer-tools")}</h2>
                        <div id="publish-result" tabindex="-1" role="status">
                            {move || published.get().map(|r| match r {
                                Ok(()) => view! { <p class="form-success">{i18n.t("activity-published")}</p> }.into_any(),
                                Err(error) => view! { <ErrorText error /> }.into_any(),
                            })}
                        </div>
                        <Show when=move || a.with(|a| a.status == ActivityStatus::Draft)>
                            <p><button type="button" class="primary" on:click=publish>{move || i18n.t("activity-publish")}</button></p>
                        </Show>
                        <ul class="inline-list">
                            <li><A href=format!("/aktiviteter/{id}/rediger")>{move || i18n.t("activity-edit")}</A></li>
                            <li><A href=format!("/aktiviteter/{id}/deltakere")>{move || i18n.t("activity-participants")}</A></li>
                            <li><A href=format!("/arrangor/{org}")>{move || i18n.t("activity-to-organization")}</A></li>
                        </ul>
                    </section>
                }
            })}
            <Show when=move || is_admin() && withdrawable>
                <section class="tools" aria-labelledby="admin-tools">
                    <h2 id="admin-tools">{move || i18n.t("activity-admin-tools")}</h2>
                    <ReasonForm
                        id="withdraw"
                        label_key="activity-withdraw-reason"
                        submit_key="activity-withdraw"
                        action=move |reason: String| {
                            let id = a.with(|a| a.id.to_string());
                            async move {
                                api::change_status(auth, id, "withdraw", Some(reason)).await?;
                                version.update(|v| *v += 1);
                                Ok(())
                            }
                        }
                    />
                </section>
            </Show>
        </Page>
    }
}

/// What a parent needs first, at the top: when, where, price, age and
/// places.
#[component]
fn KeyFacts(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    let when = move || {
        a.with(|a| match a.upcoming.first() {
            Some(next) => format::occurrence(i18n.locale.get(), &next.starts_at, &next.ends_at),
            None => schedule_text(i18n, &a.schedule),
        })
    };
    let price = move || {
        a.with(|a| {
            if a.cost.is_free && a.total_cost_nok == 0 {
                i18n.t("badge-free")
            } else {
                format::nok(i18n.locale.get(), i64::from(a.total_cost_nok))
            }
        })
    };
    let places = move || {
        a.with(|a| {
            a.signup.required.then(|| match a.signup.free_places {
                Some(n) if n > 0 => i18n.t_with("badge-places", &[("count", n.into())]),
                _ => i18n.t("badge-full"),
            })
        })
    };
    view! {
        <dl class="key-facts">
            <div><dt>{move || i18n.t("activity-when")}</dt><dd>{when}</dd></div>
            <div><dt>{move || i18n.t("activity-where")}</dt><dd>{move || a.with(|a| a.place.name.clone())}</dd></div>
            <div><dt>{move || i18n.t("activity-price")}</dt><dd>{price}</dd></div>
            <div><dt>{move || i18n.t("activity-for-whom")}</dt><dd>{move || a.with(|a| format::ages(i18n.locale.get(), a.age_min, a.age_max))}</dd></div>
            {move || places().map(|p| view! { <div><dt>{i18n.t("activity-places")}</dt><dd>{p}</dd></div> })}
        </dl>
    }
}

/// On a phone the sign-up form comes after all the details; this button
/// sits under the essentials and stays at the top of the screen while the
/// details are read, and takes the person to the form (hidden where the
/// form sits beside the details).
#[component]
fn SignupJump(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    let can_sign_up =
        move || a.with(|a| a.signup.required && a.status == ActivityStatus::Published);
    let jump_key = move || {
        a.with(|a| match a.signup.free_places {
            Some(n) if n > 0 => "activity-signup-jump",
            _ => "activity-waitlist-jump",
        })
    };
    // To the sign-up form, with focus on its first field.
    let jump = move |_| {
        use leptos::wasm_bindgen::JsCast;
        if let Some(aside) = document().get_element_by_id("signup") {
            aside.scroll_into_view();
            let first = aside
                .query_selector("input, select, button, a")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok());
            if let Some(first) = first {
                let _ = first.focus();
            }
        }
    };
    view! {
        <Show when=can_sign_up>
            <div class="signup-jump">
                <button type="button" class="primary" on:click=jump>{move || i18n.t(jump_key())}</button>
            </div>
        </Show>
    }
}

/// "Every Tuesday and Thursday 17:30–18:30, 5 January – 15 June 2027", or the one time span.
fn schedule_text(i18n: I18n, schedule: &Schedule) -> String {
    let locale = i18n.locale.get();
    match schedule {
        Schedule::Single { starts_at, ends_at } => format::occurrence(locale, starts_at, ends_at),
        Schedule::Weekly {
            weekdays,
            start_time,
            end_time,
            from,
            until,
            exception_dates,
        } => {
            let days = weekdays
                .iter()
                .map(|d| {
                    // "hver tirsdag", but "every Tuesday".
                    let name = i18n.t(&format!("weekday-{}", d.as_str()));
                    match locale {
                        Locale::Nb => name.to_lowercase(),
                        Locale::En => name,
                    }
                })
                .collect::<Vec<_>>();
            let days = format::list(locale, &days);
            let clock =
                |t: &chrono::NaiveTime| format::clock(locale, &t.format("%H:%M").to_string());
            let mut text = i18n.t_with(
                "schedule-weekly",
                &[
                    ("days", days.into()),
                    ("start", clock(start_time).into()),
                    ("end", clock(end_time).into()),
                    ("from", format::date(locale, *from).into()),
                    ("until", format::date(locale, *until).into()),
                ],
            );
            if !exception_dates.is_empty() {
                let dates = exception_dates
                    .iter()
                    .map(|d| format::date(locale, *d))
                    .collect::<Vec<_>>()
                    .join(", ");
                text.push(' ');
                text.push_str(&i18n.t_with("schedule-except", &[("dates", dates.into())]));
            }
            text
        }
    }
}

#[component]
fn Upcoming(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    let list = move || {
        a.with(|a| {
            if a.upcoming.is_empty() {
                return view! { <p>{i18n.t("activity-no-dates")}</p> }.into_any();
            }
            let items = a
                .upcoming
                .iter()
                .take(5)
                .map(|o| view! { <li>{format::occurrence(i18n.locale.get(), &o.starts_at, &o.ends_at)}</li> })
                .collect_view();
            view! {
                <p class="subheading">{i18n.t_with("activity-next-times", &[("count", a.occurrence_count.into())])}</p>
                <ul>{items}</ul>
            }
            .into_any()
        })
    };
    view! { <div>{list}</div> }
}

#[component]
fn Where(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let p = activity.with_untracked(|a| a.place.clone());
    let transit = (!p.transit_note.is_empty()).then(|| p.transit_note.clone());
    let map = p.latitude.zip(p.longitude).map(|(lat, lon)| {
        format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}")
    });
    view! {
        <p>
            <strong>{p.name.clone()}</strong><br />
            {p.address.clone()}<br />
            {p.district_name.clone()}
        </p>
        {transit.map(|t| view! { <p>{move || i18n.t("activity-transit")}" "{t.clone()}</p> })}
        {map.map(|m| view! { <p><a href=m>{move || i18n.t("activity-map")}</a></p> })}
    }
}

#[component]
fn Price(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    move || {
        a.with(|a| {
            let locale = i18n.locale.get();
            let money = |n: i32| format::nok(locale, i64::from(n));
            if a.cost.is_free && a.total_cost_nok == 0 {
                return view! { <p>{i18n.t("price-free-long")}</p> }.into_any();
            }
            let rows = [
                ("cost-membership", a.cost.membership_fee_nok),
                ("cost-session", a.cost.session_fee_nok),
                ("cost-equipment", a.cost.equipment_cost_nok),
                ("cost-other", a.cost.other_cost_nok),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(key, n)| view! { <dt>{i18n.t(key)}</dt><dd>{money(n)}</dd> })
            .collect_view();
            view! {
                <dl class="facts">
                    {rows}
                    <dt>{i18n.t("cost-total")}</dt>
                    <dd><strong>{money(a.total_cost_nok)}</strong></dd>
                </dl>
                // Opens the fund's application with this activity chosen.
                <p class="hint">{i18n.t("cost-total-hint")}" "<A href=format!("/bamsefondet?aktivitet={}", a.id)>{i18n.t("cost-fund-link")}</A></p>
            }
            .into_any()
        })
    }
}

#[component]
fn Threshold(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    move || {
        a.with(|a| {
            let t = &a.threshold;
            let mut items: Vec<String> = vec![];
            if t.drop_in {
                items.push(i18n.t("threshold-drop-in"));
            }
            if t.no_membership_needed {
                items.push(i18n.t("threshold-no-membership"));
            }
            if t.free_trial && !a.cost.is_free {
                items.push(i18n.t("threshold-free-trial"));
            }
            if let Some(name) = t.newcomer_contact.as_ref().filter(|n| !n.is_empty()) {
                items.push(i18n.t_with(
                    "threshold-newcomer-contact",
                    &[("name", name.clone().into())],
                ));
            }
            if !t.languages.is_empty() {
                let names = t
                    .languages
                    .iter()
                    .map(|l| format::language(i18n.locale.get(), &l.0))
                    .collect::<Vec<_>>()
                    .join(", ");
                items.push(i18n.t_with("threshold-languages", &[("languages", names.into())]));
            }
            if items.is_empty() {
                items.push(i18n.t("threshold-ask"));
            }
            view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
        })
    }
}

#[component]
fn EquipmentFacts(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let e = activity.with_untracked(|a| a.equipment.clone());
    let needed = if e.needed.trim().is_empty() {
        None
    } else {
        Some(e.needed.clone())
    };
    view! {
        <p>{move || needed.clone().unwrap_or_else(|| i18n.t("equipment-nothing"))}</p>
        {e.lent_by_organizer.then(|| view! { <p>{move || i18n.t("equipment-lent")}</p> })}
        <p><A href="/utlan">{move || i18n.t("equipment-bua")}</A></p>
    }
}

#[component]
fn Accessibility(activity: Signal<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    move || {
        a.with(|a| {
            let facts = [
                (a.accessibility.adapted_for_disabilities, "access-adapted"),
                (
                    a.accessibility.companion_card_accepted,
                    "access-companion-card",
                ),
                (a.place.step_free_access, "access-step-free"),
                (a.place.accessible_toilet, "access-toilet"),
                (a.place.hearing_loop, "access-hearing-loop"),
            ];
            let items: Vec<_> = facts
                .iter()
                .filter(|(yes, _)| *yes)
                .map(|(_, key)| view! { <li>{i18n.t(key)}</li> })
                .collect();
            if items.is_empty() {
                view! { <p>{i18n.t("access-unknown")}</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        })
    }
}

#[component]
fn ContactFacts(activity: Signal<Activity>) -> impl IntoView {
    let c = activity.with_untracked(|a| a.contact.clone());
    view! {
        <p>
            {c.name.clone()}
            {c.email.clone().map(|e| view! { <br /><a href=format!("mailto:{e}")>{e.clone()}</a> })}
            {c.phone.clone().map(|p| view! { <br /><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a> })}
        </p>
    }
}

/// schema.org Event (with its weekly schedule) for search engines and apps.
fn json_ld(a: &Activity) -> serde_json::Value {
    use serde_json::json;
    let status = match a.status {
        ActivityStatus::Cancelled | ActivityStatus::Withdrawn => "EventCancelled",
        ActivityStatus::Postponed => "EventPostponed",
        _ => "EventScheduled",
    };
    let next = a.upcoming.first();
    let mut event = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": a.title,
        "description": a.description,
        "eventStatus": format!("https://schema.org/{status}"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": a.cost.is_free,
        "typicalAgeRange": format!("{}-{}", a.age_min, a.age_max),
        "inLanguage": "nb",
        "organizer": { "@type": "Organization", "name": a.organization.name },
        "location": {
            "@type": "Place",
            "name": a.place.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": a.place.address,
                "addressLocality": a.place.district_name,
                "addressRegion": "Asker",
                "addressCountry": "NO"
            }
        },
        "offers": {
            "@type": "Offer",
            "price": a.total_cost_nok,
            "priceCurrency": "NOK",
            "availability": if a.signup.required && a.signup.free_places == Some(0) {
                "https://schema.org/SoldOut"
            } else {
                "https://schema.org/InStock"
            }
        }
    });
    if let Some(o) = next {
        event["startDate"] = json!(o.starts_at.to_rfc3339());
        event["endDate"] = json!(o.ends_at.to_rfc3339());
    }
    if let (Some(lat), Some(lon)) = (a.place.latitude, a.place.longitude) {
        event["location"]["geo"] =
            json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
    }
    if let Schedule::Weekly {
        weekdays,
        start_time,
        end_time,
        from,
        until,
        exception_dates,
    } = &a.schedule
    {
        event["eventSchedule"] = json!({
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "byDay": weekdays.iter().map(|d| format!("https://schema.org/{}", d.schema_org())).collect::<Vec<_>>(),
            "startDate": from.to_string(),
            "endDate": until.to_string(),
            "startTime": start_time.format("%H:%M").to_string(),
            "endTime": end_time.format("%H:%M").to_string(),
            "exceptDate": exception_dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            "scheduleTimezone": "Europe/Oslo"
        });
    }
    event
}

/// Puts the JSON-LD into `<head>` while the page is shown. (A data block,
/// not a script: the Content-Security-Policy does not apply to it.)
fn attach_json_ld(value: serde_json::Value) {
    const ID: &str = "activity-json-ld";
    let document = document();
    if let Some(old) = document.get_element_by_id(ID) {
        old.remove();
    }
    let Ok(script) = document.create_element("script") else {
        return;
    };
    script.set_id(ID);
    let _ = script.set_attribute("type", "application/ld+json");
    script.set_text_content(Some(&value.to_string()));
    if let Some(head) = document.query_selector("head").ok().flatten() {
        let _ = head.append_child(&script);
        on_cleanup(|| {
            if let Some(script) = leptos::prelude::document().get_element_by_id(ID) {
                script.remove();
            }
        });
    }
}
