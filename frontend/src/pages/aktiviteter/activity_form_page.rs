//! Create or edit an activity, validated before sending with the same
//! `fritid-domain` rules as the server; the server's field errors appear
//! next to the same fields. New activities start as drafts.

use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::{Checkbox, ListCheckbox};
use crate::components::field::Field;
use crate::components::flash::set_flash;
use crate::components::loaded::loaded;
use crate::components::page::Page;
use crate::components::picture_upload::PictureUpload;
use crate::components::select::SelectField;
use crate::form::FormState;
use crate::format::{datetime_local_value, parse_datetime_local};
use crate::i18n::use_i18n;
use chrono::{NaiveDate, NaiveTime};
use fritid_domain::activity::{
    Activity, ActivityAccessibility, ActivityInput, ActivityStatus, Contact, Cost, Equipment,
    LanguageCode, SignupSettings, Tag, Threshold,
};
use fritid_domain::ids::PlaceId;
use fritid_domain::schedule::{Schedule, Weekday};
use fritid_domain::{FieldError, ValidationErrors};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

/// New activity for the organization in the URL.
#[component]
pub fn NewActivityPage() -> impl IntoView {
    let params = use_params_map();
    let organization = params.with_untracked(|p| p.get("id").unwrap_or_default());
    view! {
        <Page title_key="activity-form-new-title">
            <ActivityForm organization existing=None />
            <p class="hint">{move || use_i18n().t("picture-after-draft")}</p>
        </Page>
    }
}

/// Edit the activity in the URL.
#[component]
pub fn EditActivityPage() -> impl IntoView {
    let auth = use_auth();
    let params = use_params_map();
    let activity = LocalResource::new(move || {
        api::activity(auth, params.with(|p| p.get("id").unwrap_or_default()))
    });
    view! {
        <Page title_key="activity-form-edit-title">
            {loaded(activity, move |a: Activity| {
                let organization = a.organization.id.to_string();
                let id = StoredValue::new(a.id.to_string());
                let current = a.image.clone();
                view! {
                    <ActivityForm organization existing=Some(a) />
                    <PictureUpload
                        id="activity"
                        current
                        upload=move |file, alt| Box::pin(api::upload_activity_picture(auth, id.get_value(), file, alt))
                        remove=move || Box::pin(api::remove_activity_picture(auth, id.get_value()))
                        picture_of=|a: &Activity| a.image.clone()
                    />
                }
            })}
        </Page>
    }
}

fn text() -> RwSignal<String> {
    RwSignal::new(String::new())
}

/// One signal per input; strings as typed, parsed on submit.
#[derive(Clone, Copy)]
struct State {
    place: RwSignal<String>,
    category: RwSignal<String>,
    title: RwSignal<String>,
    title_en: RwSignal<String>,
    description: RwSignal<String>,
    description_en: RwSignal<String>,
    tags: RwSignal<String>,
    age_min: RwSignal<String>,
    age_max: RwSignal<String>,
    contact_name: RwSignal<String>,
    contact_email: RwSignal<String>,
    contact_phone: RwSignal<String>,
    is_free: RwSignal<bool>,
    membership: RwSignal<String>,
    session: RwSignal<String>,
    equipment_cost: RwSignal<String>,
    other_cost: RwSignal<String>,
    drop_in: RwSignal<bool>,
    no_membership: RwSignal<bool>,
    free_trial: RwSignal<bool>,
    newcomer: RwSignal<String>,
    /// The common languages ticked by name ([`COMMON_LANGUAGES`]).
    languages: RwSignal<Vec<String>>,
    /// Any other languages, as codes.
    other_languages: RwSignal<String>,
    needed: RwSignal<String>,
    lent: RwSignal<bool>,
    adapted: RwSignal<bool>,
    companion: RwSignal<bool>,
    weekly: RwSignal<bool>,
    starts_at: RwSignal<String>,
    ends_at: RwSignal<String>,
    weekdays: RwSignal<Vec<String>>,
    start_time: RwSignal<String>,
    end_time: RwSignal<String>,
    from: RwSignal<String>,
    until: RwSignal<String>,
    /// Dates without the activity, as picked (ISO dates, sorted).
    exceptions: RwSignal<Vec<String>>,
    /// The date in the picker, not yet added.
    exception_pick: RwSignal<String>,
    signup: RwSignal<bool>,
    capacity: RwSignal<String>,
    opens_at: RwSignal<String>,
    closes_at: RwSignal<String>,
}

fn optional(s: RwSignal<String>) -> Option<String> {
    let v = s.get_untracked().trim().to_owned();
    (!v.is_empty()).then_some(v)
}

/// Languages organizers in Asker are most likely to speak besides
/// Norwegian, offered by name (others can be given as codes).
const COMMON_LANGUAGES: [&str; 12] = [
    "en", "uk", "ar", "so", "pl", "lt", "ti", "fa", "ur", "es", "de", "fr",
];

fn list(s: RwSignal<String>) -> Vec<String> {
    s.get_untracked()
        .split([',', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses a typed value; an error names the field.
fn parse<T>(
    errors: &mut ValidationErrors,
    field: &str,
    raw: &str,
    empty: Option<T>,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        if empty.is_none() {
            errors.push(FieldError::new(field, "required", "is required"));
        }
        return empty;
    }
    let value = parse(raw);
    if value.is_none() {
        errors.push(FieldError::new(field, "invalid", "has an invalid value"));
    }
    value
}

/// A valid schedule standing in for one that did not parse.
fn stand_in_schedule() -> Schedule {
    let now = chrono::Utc::now();
    Schedule::Single {
        starts_at: now + chrono::Duration::days(1),
        ends_at: now + chrono::Duration::days(1) + chrono::Duration::hours(1),
    }
}

impl State {
    fn new() -> Self {
        Self {
            place: text(),
            category: text(),
            title: text(),
            title_en: text(),
            description: text(),
            description_en: text(),
            tags: text(),
            age_min: text(),
            age_max: text(),
            contact_name: text(),
            contact_email: text(),
            contact_phone: text(),
            is_free: RwSignal::new(false),
            membership: RwSignal::new("0".into()),
            session: RwSignal::new("0".into()),
            equipment_cost: RwSignal::new("0".into()),
            other_cost: RwSignal::new("0".into()),
            drop_in: RwSignal::new(false),
            no_membership: RwSignal::new(false),
            free_trial: RwSignal::new(false),
            newcomer: text(),
            languages: RwSignal::new(vec![]),
            other_languages: text(),
            needed: text(),
            lent: RwSignal::new(false),
            adapted: RwSignal::new(false),
            companion: RwSignal::new(false),
            weekly: RwSignal::new(true),
            starts_at: text(),
            ends_at: text(),
            weekdays: RwSignal::new(vec![]),
            start_time: text(),
            end_time: text(),
            from: text(),
            until: text(),
            exceptions: RwSignal::new(vec![]),
            exception_pick: text(),
            signup: RwSignal::new(false),
            capacity: text(),
            opens_at: text(),
            closes_at: text(),
        }
    }

    fn fill(&self, a: &Activity) {
        let set = |s: RwSignal<String>, v: String| s.set(v);
        set(self.place, a.place.id.to_string());
        set(self.category, a.category.slug.clone());
        set(self.title, a.title.clone());
        set(self.title_en, a.title_en.clone().unwrap_or_default());
        set(self.description, a.description.clone());
        set(
            self.description_en,
            a.description_en.clone().unwrap_or_default(),
        );
        set(self.tags, a.tags.join(", "));
        set(self.age_min, a.age_min.to_string());
        set(self.age_max, a.age_max.to_string());
        set(self.contact_name, a.contact.name.clone());
        set(
            self.contact_email,
            a.contact.email.clone().unwrap_or_default(),
        );
        set(
            self.contact_phone,
            a.contact.phone.clone().unwrap_or_default(),
        );
        self.is_free.set(a.cost.is_free);
        set(self.membership, a.cost.membership_fee_nok.to_string());
        set(self.session, a.cost.session_fee_nok.to_string());
        set(self.equipment_cost, a.cost.equipment_cost_nok.to_string());
        set(self.other_cost, a.cost.other_cost_nok.to_string());
        self.drop_in.set(a.threshold.drop_in);
        self.no_membership.set(a.threshold.no_membership_needed);
        self.free_trial.set(a.threshold.free_trial);
        set(
            self.newcomer,
            a.threshold.newcomer_contact.clone().unwrap_or_default(),
        );
        let (common, other): (Vec<String>, Vec<String>) = a
            .threshold
            .languages
            .iter()
            .map(|l| l.0.clone())
            .partition(|code| COMMON_LANGUAGES.contains(&code.as_str()));
        self.languages.set(common);
        set(self.other_languages, other.join(", "));
        set(self.needed, a.equipment.needed.clone());
        self.lent.set(a.equipment.lent_by_organizer);
        self.adapted.set(a.accessibility.adapted_for_disabilities);
        self.companion.set(a.accessibility.companion_card_accepted);
        match &a.schedule {
            Schedule::Single { starts_at, ends_at } => {
                self.weekly.set(false);
                set(self.starts_at, datetime_local_value(starts_at));
                set(self.ends_at, datetime_local_value(ends_at));
            }
            Schedule::Weekly {
                weekdays,
                start_time,
                end_time,
                from,
                until,
                exception_dates,
            } => {
                self.weekly.set(true);
                self.weekdays
                    .set(weekdays.iter().map(|d| d.as_str().to_owned()).collect());
                set(self.start_time, start_time.format("%H:%M").to_string());
                set(self.end_time, end_time.format("%H:%M").to_string());
                set(self.from, from.to_string());
                set(self.until, until.to_string());
                self.exceptions
                    .set(exception_dates.iter().map(|d| d.to_string()).collect());
            }
        }
        self.signup.set(a.signup.required);
        set(
            self.capacity,
            a.signup.capacity.map(|c| c.to_string()).unwrap_or_default(),
        );
        set(
            self.opens_at,
            a.signup
                .opens_at
                .as_ref()
                .map(datetime_local_value)
                .unwrap_or_default(),
        );
        set(
            self.closes_at,
            a.signup
                .closes_at
                .as_ref()
                .map(datetime_local_value)
                .unwrap_or_default(),
        );
    }

    /// The request, or every error (typing errors and the shared rules) at once.
    fn input(&self) -> Result<ActivityInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let e = &mut errors;
        let int = |s: &str| s.parse::<i32>().ok();
        let place = parse(e, "place_id", &self.place.get_untracked(), None, |s| {
            s.parse::<PlaceId>().ok()
        });
        let age_min = parse(e, "age_min", &self.age_min.get_untracked(), None, |s| {
            s.parse::<i16>().ok()
        });
        let age_max = parse(e, "age_max", &self.age_max.get_untracked(), None, |s| {
            s.parse::<i16>().ok()
        });
        let [membership, session, equipment_cost, other_cost] = [
            ("cost.membership_fee_nok", self.membership),
            ("cost.session_fee_nok", self.session),
            ("cost.equipment_cost_nok", self.equipment_cost),
            ("cost.other_cost_nok", self.other_cost),
        ]
        .map(|(field, value)| parse(e, field, &value.get_untracked(), Some(0), int));
        let schedule = if self.weekly.get_untracked() {
            let time = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
            let date = |s: &str| s.parse::<NaiveDate>().ok();
            let weekdays: Vec<Weekday> = {
                let chosen = self.weekdays.get_untracked();
                Weekday::ALL
                    .into_iter()
                    .filter(|d| chosen.iter().any(|c| c == d.as_str()))
                    .collect()
            };
            if weekdays.is_empty() {
                e.push(FieldError::new(
                    "schedule.weekdays",
                    "required",
                    "choose at least one day",
                ));
            }
            let start_time = parse(
                e,
                "schedule.start_time",
                &self.start_time.get_untracked(),
                None,
                time,
            );
            let end_time = parse(
                e,
                "schedule.end_time",
                &self.end_time.get_untracked(),
                None,
                time,
            );
            let from = parse(e, "schedule.from", &self.from.get_untracked(), None, date);
            let until = parse(e, "schedule.until", &self.until.get_untracked(), None, date);
            let mut exception_dates = vec![];
            for (i, raw) in self.exceptions.get_untracked().iter().enumerate() {
                if let Some(d) = parse(
                    e,
                    &format!("schedule.exception_dates[{i}]"),
                    raw,
                    None,
                    date,
                ) {
                    exception_dates.push(d);
                }
            }
            match (start_time, end_time, from, until) {
                (Some(start_time), Some(end_time), Some(from), Some(until)) => {
                    Some(Schedule::Weekly {
                        weekdays,
                        start_time,
                        end_time,
                        from,
                        until,
                        exception_dates,
                    })
                }
                _ => None,
            }
        } else {
            let starts_at = parse(
                e,
                "schedule.starts_at",
                &self.starts_at.get_untracked(),
                None,
                parse_datetime_local,
            );
            let ends_at = parse(
                e,
                "schedule.ends_at",
                &self.ends_at.get_untracked(),
                None,
                parse_datetime_local,
            );
            starts_at
                .zip(ends_at)
                .map(|(starts_at, ends_at)| Schedule::Single { starts_at, ends_at })
        };
        let signup = if self.signup.get_untracked() {
            let capacity = parse(
                e,
                "signup.capacity",
                &self.capacity.get_untracked(),
                None,
                int,
            );
            let opens_at = parse(
                e,
                "signup.opens_at",
                &self.opens_at.get_untracked(),
                Some(None),
                |s| parse_datetime_local(s).map(Some),
            );
            let closes_at = parse(
                e,
                "signup.closes_at",
                &self.closes_at.get_untracked(),
                Some(None),
                |s| parse_datetime_local(s).map(Some),
            );
            capacity.map(|capacity| SignupSettings {
                capacity,
                opens_at: opens_at.flatten(),
                closes_at: closes_at.flatten(),
            })
        } else {
            None
        };
        let category = self.category.get_untracked();
        if category.is_empty() {
            e.push(FieldError::new("category", "required", "choose a category"));
        }
        // Every error in one round: what did not parse gets a stand-in so the
        // shared rules still check the rest; their errors about a stand-in
        // are dropped (the typing error already names the field).
        let mut stand_ins: Vec<&str> = vec![];
        let mut stand_in = |field: &'static str, missing: bool| {
            if missing {
                stand_ins.push(field);
            }
        };
        stand_in("place_id", place.is_none());
        stand_in("age_", age_min.is_none() || age_max.is_none());
        stand_in("schedule", schedule.is_none());
        stand_in("signup", self.signup.get_untracked() && signup.is_none());
        let Some(place_id) = place.or_else(|| "00000000-0000-0000-0000-000000000000".parse().ok())
        else {
            return Err(errors);
        };
        let age_min = age_min.unwrap_or(0);
        let age_max = age_max.unwrap_or(99);
        let schedule = schedule.unwrap_or_else(stand_in_schedule);
        let input = ActivityInput {
            place_id,
            category,
            title: self.title.get_untracked(),
            title_en: optional(self.title_en),
            description: self.description.get_untracked(),
            description_en: optional(self.description_en),
            tags: list(self.tags).into_iter().map(Tag).collect(),
            age_min,
            age_max,
            contact: Contact {
                name: self.contact_name.get_untracked(),
                email: optional(self.contact_email),
                phone: optional(self.contact_phone),
            },
            cost: Cost {
                is_free: self.is_free.get_untracked(),
                membership_fee_nok: membership.unwrap_or(0),
                session_fee_nok: session.unwrap_or(0),
                equipment_cost_nok: equipment_cost.unwrap_or(0),
                other_cost_nok: other_cost.unwrap_or(0),
            },
            threshold: Threshold {
                drop_in: self.drop_in.get_untracked(),
                no_membership_needed: self.no_membership.get_untracked(),
                free_trial: self.free_trial.get_untracked(),
                newcomer_contact: optional(self.newcomer),
                languages: self
                    .languages
                    .get_untracked()
                    .into_iter()
                    .chain(list(self.other_languages))
                    .map(|l| LanguageCode(l.to_lowercase()))
                    .collect(),
            },
            equipment: Equipment {
                needed: self.needed.get_untracked(),
                lent_by_organizer: self.lent.get_untracked(),
            },
            accessibility: ActivityAccessibility {
                adapted_for_disabilities: self.adapted.get_untracked(),
                companion_card_accepted: self.companion.get_untracked(),
            },
            schedule,
            signup,
        };
        if let Err(more) = input.validate() {
            for e in more.into_errors() {
                let about_stand_in = stand_ins.iter().any(|f| e.field.starts_with(f));
                let known = errors.errors().iter().any(|k| k.field == e.field);
                if !about_stand_in && !known {
                    errors.push(e);
                }
            }
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors)
        }
    }
}

#[component]
fn ActivityForm(organization: String, existing: Option<Activity>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let form = FormState::new();
    let state = State::new();
    let editing = existing.as_ref().map(|a| a.id.to_string());
    let existing_status = existing.as_ref().map(|a| a.status);
    if let Some(a) = &existing {
        state.fill(a);
    }
    let org = StoredValue::new(organization);
    let places = LocalResource::new(move || api::places(auth, org.get_value()));
    let categories = LocalResource::new(move || api::categories(auth));
    let place_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t("choose"))];
        if let Some(Ok(list)) = places.get() {
            options.extend(list.into_iter().map(|p| {
                (
                    p.id.to_string(),
                    format!("{} ({})", p.name, p.district_name),
                )
            }));
        }
        options
    });
    let category_options = Signal::derive(move || {
        let mut options = vec![(String::new(), i18n.t("choose"))];
        if let Some(Ok(list)) = categories.get() {
            options.extend(
                list.into_iter()
                    .map(|c| (c.slug, i18n.pick(&c.name_nb, Some(&c.name_en)))),
            );
        }
        options
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        form.begin(ev);
        let input = match state.input() {
            Ok(input) => input,
            Err(errors) => return form.show_validation(errors),
        };
        let navigate = navigate.clone();
        let call = {
            let editing = editing.clone();
            async move {
                match editing {
                    Some(id) => api::update_activity(auth, id, input).await,
                    None => api::create_activity(auth, org.get_value(), input).await,
                }
            }
        };
        let message = match (editing.is_some(), existing_status) {
            (false, _) => "activity-saved-draft",
            (true, Some(ActivityStatus::Draft)) => "activity-saved-draft",
            (true, _) => "activity-saved",
        };
        form.send(i18n, call, move |a| {
            set_flash(message);
            navigate(&format!("/aktiviteter/{}", a.id), Default::default());
        });
    };

    let l = move |key: &'static str| Signal::derive(move || i18n.t(key));
    let f = move |field: &'static str| form.field(i18n, field);
    let weekday_boxes = move || {
        Weekday::ALL
            .iter()
            .map(|d| {
                let key = format!("weekday-{}", d.as_str());
                view! { <ListCheckbox id=format!("schedule-weekday-{}", d.as_str()) label=Signal::derive(move || i18n.t(&key)) list=state.weekdays value=d.as_str().to_owned() /> }
            })
            .collect_view()
    };

    view! {
        <form class="form form-wide" on:submit=submit novalidate>
            {form.alert(i18n)}
            <fieldset>
                <legend>{move || i18n.t("form-section-what")}</legend>
                <Field id="title" value=state.title label=l("field-title") error=f("title") />
                <Field id="title_en" value=state.title_en label=l("field-title-en") error=f("title_en") />
                <Field id="description" value=state.description rows=6 label=l("field-description") error=f("description") />
                <Field id="description_en" value=state.description_en rows=4 label=l("field-description-en") error=f("description_en") />
                <SelectField id="category" value=state.category options=category_options label=l("field-category") error=f("category") />
                <Field id="tags" value=state.tags label=l("field-tags") hint=l("field-comma-hint") error=f("tags") />
                <div class="field-pair">
                    <Field id="age_min" value=state.age_min inputmode="numeric" label=l("field-age-min") error=f("age_min") />
                    <Field id="age_max" value=state.age_max inputmode="numeric" label=l("field-age-max") error=f("age_max") />
                </div>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("form-section-where-when")}</legend>
                <SelectField id="place_id" value=state.place options=place_options label=l("field-place") error=f("place_id") />
                <fieldset class="checks">
                    <legend>{move || i18n.t("field-schedule-kind")}</legend>
                    <div class="check">
                        <input type="radio" id="schedule-weekly" name="schedule-kind" prop:checked=move || state.weekly.get() on:change=move |_| state.weekly.set(true) />
                        <label for="schedule-weekly">{move || i18n.t("field-schedule-weekly")}</label>
                    </div>
                    <div class="check">
                        <input type="radio" id="schedule-single" name="schedule-kind" prop:checked=move || !state.weekly.get() on:change=move |_| state.weekly.set(false) />
                        <label for="schedule-single">{move || i18n.t("field-schedule-single")}</label>
                    </div>
                </fieldset>
                <Show
                    when=move || state.weekly.get()
                    fallback=move || view! {
                        <div class="field-pair">
                            <Field id="schedule-starts_at" kind="datetime-local" value=state.starts_at label=l("field-starts-at") error=f("schedule.starts_at") />
                            <Field id="schedule-ends_at" kind="datetime-local" value=state.ends_at label=l("field-ends-at") error=f("schedule.ends_at") />
                        </div>
                    }
                >
                    <fieldset class="checks" class:field-invalid=move || f("schedule.weekdays").get().is_some()>
                        <legend>{move || i18n.t("field-weekdays")}</legend>
                        {move || f("schedule.weekdays").get().map(|e| view! { <p class="field-error">{e}</p> })}
                        {weekday_boxes()}
                    </fieldset>
                    <div class="field-pair">
                        <Field id="schedule-start_time" kind="time" value=state.start_time label=l("field-start-time") error=f("schedule.start_time") />
                        <Field id="schedule-end_time" kind="time" value=state.end_time label=l("field-end-time") error=f("schedule.end_time") />
                    </div>
                    <div class="field-pair">
                        <Field id="schedule-from" kind="date" value=state.from label=l("field-from") error=f("schedule.from") />
                        <Field id="schedule-until" kind="date" value=state.until label=l("field-until") error=f("schedule.until") />
                    </div>
                    <ExceptionDates state error=f("schedule.exception_dates") />
                </Show>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("form-section-cost")}</legend>
                <Checkbox id="cost-is_free".to_owned() checked=state.is_free label=l("field-is-free") />
                <div class="field-pair">
                    <Field id="cost-membership" value=state.membership inputmode="numeric" label=l("cost-membership") error=f("cost.membership_fee_nok") />
                    <Field id="cost-session" value=state.session inputmode="numeric" label=l("cost-session") error=f("cost.session_fee_nok") />
                </div>
                <div class="field-pair">
                    <Field id="cost-equipment" value=state.equipment_cost inputmode="numeric" label=l("cost-equipment") error=f("cost.equipment_cost_nok") />
                    <Field id="cost-other" value=state.other_cost inputmode="numeric" label=l("cost-other") error=f("cost.other_cost_nok") />
                </div>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("form-section-threshold")}</legend>
                <Checkbox id="threshold-drop_in".to_owned() checked=state.drop_in label=l("threshold-drop-in") />
                {move || f("threshold.drop_in").get().map(|e| view! { <p class="field-error">{e}</p> })}
                <Checkbox id="threshold-no_membership".to_owned() checked=state.no_membership label=l("threshold-no-membership") />
                <Checkbox id="threshold-free_trial".to_owned() checked=state.free_trial label=l("threshold-free-trial") />
                <Field id="threshold-newcomer" value=state.newcomer label=l("field-newcomer-contact") hint=l("field-newcomer-contact-hint") error=f("threshold.newcomer_contact") />
                <fieldset class="checks">
                    <legend>{move || i18n.t("field-languages")}</legend>
                    {COMMON_LANGUAGES.iter().map(|code| {
                        let label = Signal::derive(move || crate::format::language(i18n.locale.get(), code));
                        view! { <ListCheckbox id=format!("language-{code}") label list=state.languages value=(*code).to_owned() /> }
                    }).collect_view()}
                    <Field id="threshold-languages" value=state.other_languages label=l("field-other-languages") hint=l("field-languages-hint") error=f("threshold.languages") />
                </fieldset>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("form-section-equipment-access")}</legend>
                <Field id="equipment-needed" value=state.needed rows=2 label=l("field-equipment-needed") error=f("equipment.needed") />
                <Checkbox id="equipment-lent".to_owned() checked=state.lent label=l("equipment-lent") />
                <Checkbox id="access-adapted".to_owned() checked=state.adapted label=l("access-adapted") />
                <Checkbox id="access-companion".to_owned() checked=state.companion label=l("access-companion-card") />
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("activity-contact")}</legend>
                <Field id="contact-name" value=state.contact_name autocomplete="name" label=l("field-contact-name") error=f("contact.name") />
                <Field id="contact-email" kind="email" value=state.contact_email autocomplete="email" label=l("field-email") error=f("contact.email") />
                <Field id="contact-phone" kind="tel" value=state.contact_phone autocomplete="tel" label=l("org-phone") error=f("contact.phone") />
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("signup-heading")}</legend>
                <Checkbox id="signup-required".to_owned() checked=state.signup label=l("field-signup-required") />
                <Show when=move || state.signup.get()>
                    <Field id="signup-capacity" value=state.capacity inputmode="numeric" label=l("field-capacity") error=f("signup.capacity") />
                    <div class="field-pair">
                        <Field id="signup-opens_at" kind="datetime-local" value=state.opens_at label=l("field-opens-at") hint=l("field-opens-at-hint") error=f("signup.opens_at") />
                        <Field id="signup-closes_at" kind="datetime-local" value=state.closes_at label=l("field-closes-at") hint=l("field-closes-at-hint") error=f("signup.closes_at") />
                    </div>
                </Show>
            </fieldset>
            <button type="submit" class="primary" disabled=move || form.busy.get()>
                {move || i18n.t(if existing.is_some() { "activity-form-save" } else { "activity-form-create" })}
            </button>
        </form>
    }
}

/// Dates without the activity (holidays), picked with the browser's date
/// picker and listed by name ("tirsdag 23. februar 2027"), each removable.
#[component]
fn ExceptionDates(state: State, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let add = move |_| {
        let picked = state.exception_pick.get_untracked();
        if picked.parse::<NaiveDate>().is_ok() {
            state.exceptions.update(|list| {
                if !list.contains(&picked) {
                    list.push(picked);
                    list.sort();
                }
            });
            state.exception_pick.set(String::new());
        }
    };
    view! {
        <fieldset class="checks" class:field-invalid=move || error.get().is_some()>
            <legend>{move || i18n.t("field-exceptions")}</legend>
            <p class="hint" id="schedule-exceptions-hint">{move || i18n.t("field-exceptions-hint")}</p>
            {move || error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            <ul class="chips">
                {move || state.exceptions.get().into_iter().map(|date| {
                    let shown = date.parse::<NaiveDate>().map(|d| crate::format::date(i18n.locale.get(), d)).unwrap_or_else(|_| date.clone());
                    let remove_label = i18n.t_with("field-exceptions-remove", &[("date", shown.clone().into())]);
                    let gone = date.clone();
                    view! {
                        <li>{shown}" "
                            <button type="button" class="link-button" aria-label=remove_label
                                on:click=move |_| state.exceptions.update(|l| l.retain(|d| *d != gone))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="field-inline">
                <label for="schedule-exception-pick">{move || i18n.t("field-exceptions-pick")}</label>
                <input id="schedule-exception-pick" type="date" aria-describedby="schedule-exceptions-hint" bind:value=state.exception_pick />
                <button type="button" on:click=add>{move || i18n.t("field-exceptions-add")}</button>
            </div>
        </fieldset>
    }
}
