use crate::api;
use crate::auth::use_auth;
use crate::components::checkbox::Checkbox;
use crate::components::field::Field;
use crate::components::loaded::{loaded, ErrorText};
use crate::components::page::Page;
use crate::form::FormState;
use crate::format;
use crate::i18n::use_i18n;
use fritid_domain::account::ChangePasswordRequest;
use fritid_domain::notification::{EmailState, Message, Preferences};
use fritid_domain::organization::Invitation;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let changed = RwSignal::new(false);
    let form = FormState::new();

    let submit = move |ev: SubmitEvent| {
        form.begin(ev);
        changed.set(false);
        let Some(user) = auth.user() else { return };
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        if let Err(errors) = request.validate(&user.email) {
            form.show_validation(errors);
            return;
        }
        form.send(i18n, api::change_password(auth, request), move |session| {
            auth.set_session(session);
            current.set(String::new());
            new.set(String::new());
            changed.set(true);
        });
    };

    // E-mail choices: reminders can be turned off, essential messages not.
    let reminders = RwSignal::new(auth.user().is_none_or(|u| u.email_reminders));
    let saved = RwSignal::new(false);
    let preferences_form = FormState::new();
    let save_preferences = move |ev: SubmitEvent| {
        preferences_form.begin(ev);
        saved.set(false);
        let request = Preferences {
            language: i18n.locale.get_untracked().language(),
            email_reminders: reminders.get_untracked(),
        };
        preferences_form.send(i18n, api::update_preferences(auth, request), move |me| {
            auth.set_user(me);
            saved.set(true);
        });
    };
    let messages = LocalResource::new(move || api::my_messages(auth));
    // "Last ned mine data": the JSON the API gives, saved as a file.
    let downloaded = RwSignal::new(false);
    let download_failed = RwSignal::new(None::<api::ApiError>);
    let download = move |_| {
        downloaded.set(false);
        download_failed.set(None);
        leptos::task::spawn_local(async move {
            match api::my_data(auth).await {
                Ok(data) => {
                    let text = serde_json::to_string_pretty(&data).unwrap_or_default();
                    save_file("fritid-mine-data.json", &text);
                    downloaded.set(true);
                }
                Err(e) => download_failed.set(Some(e)),
            }
        });
    };
    let invitations_version = RwSignal::new(0u32);
    let invitations = LocalResource::new(move || {
        invitations_version.track();
        api::my_invitations(auth)
    });
    let answered = RwSignal::new(None::<String>);
    let answer_failed = RwSignal::new(None::<api::ApiError>);
    let answer = Callback::new(move |(invitation, accept): (Invitation, bool)| {
        answer_failed.set(None);
        leptos::task::spawn_local(async move {
            match api::answer_invitation(auth, invitation.id.to_string(), accept).await {
                Ok(_) => {
                    let key = if accept {
                        "invitations-accepted"
                    } else {
                        "invitations-declined"
                    };
                    answered.set(Some(i18n.t_with(
                        key,
                        &[("organization", invitation.organization.name.clone().into())],
                    )));
                    invitations_version.update(|v| *v += 1);
                }
                Err(e) => answer_failed.set(Some(e)),
            }
        });
    });

    let roles = move || {
        auth.user()
            .map(|u| {
                u.roles
                    .iter()
                    .map(|r| i18n.t(&format!("role-{}", r.as_str())))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };

    view! {
        <Page title_key="account-title">
            <dl class="facts">
                <dt>{move || i18n.t("account-name")}</dt>
                <dd>{move || auth.user().map(|u| u.display_name).unwrap_or_default()}</dd>
                <dt>{move || i18n.t("account-email")}</dt>
                <dd>{move || auth.user().map(|u| u.email).unwrap_or_default()}</dd>
                <dt>{move || i18n.t("account-roles")}</dt>
                <dd>{roles}</dd>
                <dt>{move || i18n.t("account-member-since")}</dt>
                <dd>{move || auth.user().map(|u| format::date_time(i18n.locale.get(), &u.created_at)).unwrap_or_default()}</dd>
            </dl>
            <p role="status">{move || answered.get()}</p>
            {move || answer_failed.get().map(|error| view! { <ErrorText error /> })}
            {loaded(invitations, move |list: Vec<Invitation>| {
                if list.is_empty() {
                    return ().into_any();
                }
                view! {
                    <h2>{move || i18n.t("invitations-title")}</h2>
                    <ul class="messages">
                        {list.into_iter().map(|invitation| view! { <InvitationItem invitation answer /> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <h2>{move || i18n.t("messages-title")}</h2>
            <p>{move || i18n.t("messages-intro")}</p>
            {loaded(messages, move |list: Vec<Message>| {
                if list.is_empty() {
                    return view! { <p>{move || i18n.t("messages-none")}</p> }.into_any();
                }
                view! {
                    <ul class="messages">
                        {list.into_iter().map(|m| view! { <MessageItem message=m /> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <h2>{move || i18n.t("preferences-title")}</h2>
            <form class="form" on:submit=save_preferences novalidate>
                {preferences_form.alert(i18n)}
                <Show when=move || saved.get()>
                    <p class="form-success" role="status">{move || i18n.t("preferences-saved")}</p>
                </Show>
                <Checkbox id="email_reminders".into() checked=reminders
                    label=Signal::derive(move || i18n.t("preferences-reminders")) />
                <p class="hint">{move || i18n.t("preferences-essential")}</p>
                <button type="submit" class="primary" disabled=move || preferences_form.busy.get()>
                    {move || i18n.t("preferences-save")}
                </button>
            </form>
            <h2>{move || i18n.t("data-title")}</h2>
            <p>{move || i18n.t("data-text")}</p>
            <p role="status">{move || downloaded.get().then(|| i18n.t("data-downloaded"))}</p>
            {move || download_failed.get().map(|error| view! { <ErrorText error /> })}
            <div class="actions">
                <button type="button" class="secondary" on:click=download>{move || i18n.t("data-download")}</button>
                " "
                <A href="/min-side/slett-konto">{move || i18n.t("data-delete-link")}</A>
            </div>
            <h2>{move || i18n.t("account-change-password")}</h2>
            <form class="form" on:submit=submit novalidate>
                // For password managers: which account the new password belongs to.
                <input type="email" name="username" autocomplete="username" hidden readonly
                    prop:value=move || auth.user().map(|u| u.email).unwrap_or_default() />
                {form.alert(i18n)}
                <Show when=move || changed.get()>
                    <p class="form-success" role="status">{move || i18n.t("account-password-changed")}</p>
                </Show>
                <Field id="current_password" kind="password" autocomplete="current-password" value=current
                    label=Signal::derive(move || i18n.t("field-current-password")) error=form.field(i18n, "current_password") />
                <Field id="new_password" kind="password" autocomplete="new-password" value=new
                    label=Signal::derive(move || i18n.t("field-new-password")) error=form.field(i18n, "new_password")
                    hint=Signal::derive(move || i18n.t("field-password-hint")) />
                <button type="submit" class="primary" disabled=move || form.busy.get()>
                    {move || i18n.t("account-change-password-submit")}
                </button>
            </form>
        </Page>
    }
}

/// An open invitation to join an organization, with yes and no.
#[component]
fn InvitationItem(invitation: Invitation, answer: Callback<(Invitation, bool)>) -> impl IntoView {
    let i18n = use_i18n();
    let invitation = StoredValue::new(invitation);
    let with_organization = move |key: &str| {
        let name = invitation.with_value(|i| i.organization.name.clone());
        i18n.t_with(key, &[("organization", name.into())])
    };
    let text = move || {
        let (name, role) =
            invitation.with_value(|i| (i.organization.name.clone(), i.role.as_str()));
        let role = i18n.t(&format!("member-role-{role}"));
        i18n.t_with(
            "invitations-text",
            &[("organization", name.into()), ("role", role.into())],
        )
    };
    view! {
        <li class="message">
            <p>{text}</p>
            <div class="actions">
                <button type="button" class="primary" aria-label=move || with_organization("invitations-accept-label")
                    on:click=move |_| answer.run((invitation.get_value(), true))>{move || i18n.t("invitations-accept")}</button>
                " "
                <button type="button" class="secondary" aria-label=move || with_organization("invitations-decline-label")
                    on:click=move |_| answer.run((invitation.get_value(), false))>{move || i18n.t("invitations-decline")}</button>
            </div>
        </li>
    }
}

/// One message: its subject, when, the text, where to act, and whether it
/// was also e-mailed.
#[component]
fn MessageItem(message: Message) -> impl IntoView {
    let i18n = use_i18n();
    let state_key = match message.email {
        EmailState::Sent => "messages-email-sent",
        EmailState::Pending => "messages-email-pending",
        EmailState::Failed => "messages-email-failed",
        EmailState::Off => "messages-email-off",
    };
    let created = message.created_at;
    view! {
        <li class="message">
            <h3>{message.subject.clone()}</h3>
            <p class="message-meta">
                {move || format::date_time(i18n.locale.get(), &created)}
                " · "
                {move || i18n.t(state_key)}
            </p>
            <p class="message-body">{message.body.clone()}</p>
            {message.link.clone().map(|href| {
                // Links point into the web app itself: keep the path, so the
                // router opens it here whatever address the e-mail used.
                let path = href.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or(href);
                view! { <p><a href=path>{move || i18n.t("messages-open")}</a></p> }
            })}
        </li>
    }
}

/// Offers `text` as a file download.
fn save_file(name: &str, text: &str) {
    use leptos::wasm_bindgen::JsCast;
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    );
    let link = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(link) = link {
        let _ = link.set_attribute("href", &href);
        let _ = link.set_attribute("download", name);
        link.click();
    }
}
