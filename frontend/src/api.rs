//! All HTTP to the Fritid API, typed with the shared DTOs of `fritid-domain`.
//!
//! Tokens: the access token lives only in memory (the auth context). The
//! refresh token is an HttpOnly, SameSite=Strict cookie scoped to
//! `/api/v1/auth` (`?refresh_token_in=cookie`): page scripts, including an
//! injected one, cannot read it, and a reload refreshes from it. A call
//! answered with 401 refreshes once and is retried once.

use crate::auth::Auth;
use fritid_domain::account::{
    ChangePasswordRequest, ConfirmEmailRequest, EmailConfirmed, LoginRequest, Me, RegisterRequest,
    RegistrationAccepted, Session,
};
use fritid_domain::activity::{Activity, ActivityInput, ActivitySummary};
use fritid_domain::jobs::JobsOverview;
use fritid_domain::notification::{Message, Preferences};
use fritid_domain::organization::{
    Category, District, Invitation, InvitationRequest, Member, Organization, OrganizationInput,
    Place, PlaceInput, ReasonRequest,
};
use fritid_domain::page::Page;
use fritid_domain::privacy::{AccountDeletion, DeleteAccountRequest};
use fritid_domain::signup::{Signup, SignupRequest};
use fritid_domain::Problem;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The service could not be reached.
    Network,
    /// The service answered with a problem.
    Problem(Problem),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(p) => Some(p.status),
            ApiError::Network => None,
        }
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Network);
    }
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiError::Problem(problem)),
        Err(_) => Err(ApiError::Problem(Problem {
            type_: "about:blank".into(),
            title: format!("HTTP {status}"),
            status,
            detail: None,
            code: "unexpected".into(),
            request_id: None,
            errors: vec![],
        })),
    }
}

async fn send<T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let request = match body {
        Some(body) => builder.json(body).map_err(|_| ApiError::Network)?,
        None => builder.build().map_err(|_| ApiError::Network)?,
    };
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

async fn send_empty(builder: RequestBuilder, body: &impl Serialize) -> Result<(), ApiError> {
    let response = builder
        .json(body)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_empty(response).await
}

/// An answer without a body (204): fine, or the problem it reports.
async fn read_empty(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        read::<serde_json::Value>(response).await.map(|_| ())
    }
}

/// Adds the access token, when there is one (anonymous reads send none).
fn bearer(builder: RequestBuilder, token: &str) -> RequestBuilder {
    if token.is_empty() {
        builder
    } else {
        builder.header("Authorization", &format!("Bearer {token}"))
    }
}

pub async fn login(body: &LoginRequest) -> Result<Session, ApiError> {
    send(
        Request::post("/api/v1/auth/login?refresh_token_in=cookie"),
        Some(body),
    )
    .await
}

/// Registers; the answer only says that an e-mail is on its way.
pub async fn register(body: &RegisterRequest) -> Result<RegistrationAccepted, ApiError> {
    send(Request::post("/api/v1/auth/register"), Some(body)).await
}

/// Opens the link from the confirmation e-mail: the account is confirmed
/// and logged in.
pub async fn confirm_email(token: &str) -> Result<EmailConfirmed, ApiError> {
    send(
        Request::post("/api/v1/auth/confirm-email?refresh_token_in=cookie"),
        Some(&ConfirmEmailRequest {
            token: token.to_owned(),
        }),
    )
    .await
}

/// A new session from the refresh cookie (after a reload, or on a 401).
pub async fn refresh() -> Result<Session, ApiError> {
    send(
        Request::post("/api/v1/auth/refresh"),
        Some(&serde_json::json!({})),
    )
    .await
}

pub async fn logout() -> Result<(), ApiError> {
    send_empty(Request::post("/api/v1/auth/logout"), &serde_json::json!({})).await
}

/// Runs an authenticated call; on 401 refreshes once and retries once.
async fn authed<T, F, Fut>(auth: Auth, call: F) -> Result<T, ApiError>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let token = auth.access_token();
    let anonymous = token.is_none();
    match call(token.unwrap_or_default()).await {
        Err(e) if e.status() == Some(401) && !anonymous => match refresh().await {
            Ok(session) => {
                let token = session.access_token.clone();
                auth.set_session(session);
                call(token).await
            }
            Err(_) => {
                auth.clear();
                Err(e)
            }
        },
        other => other,
    }
}

pub async fn change_password(auth: Auth, body: ChangePasswordRequest) -> Result<Session, ApiError> {
    authed(auth, move |token| {
        let body = body.clone();
        async move {
            send(
                bearer(
                    Request::put("/api/v1/me/password?refresh_token_in=cookie"),
                    &token,
                ),
                Some(&body),
            )
            .await
        }
    })
    .await
}

#[derive(Debug, Clone, Copy)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
}

fn request(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Delete => Request::delete(url),
    }
}

/// One call with the caller's token (if any), refreshed and retried once on 401.
async fn call<T: DeserializeOwned>(
    auth: Auth,
    method: Method,
    url: String,
    body: Option<serde_json::Value>,
) -> Result<T, ApiError> {
    authed(auth, move |token| {
        let (url, body) = (url.clone(), body.clone());
        async move { send(bearer(request(method, &url), &token), body.as_ref()).await }
    })
    .await
}

/// A call answered without a body (204).
async fn call_empty(auth: Auth, method: Method, url: String) -> Result<(), ApiError> {
    authed(auth, move |token| {
        let url = url.clone();
        async move {
            let response = bearer(request(method, &url), &token)
                .send()
                .await
                .map_err(|_| ApiError::Network)?;
            read_empty(response).await
        }
    })
    .await
}

fn json(body: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(body).ok()
}

// ---- Reference data -------------------------------------------------------

pub async fn categories(auth: Auth) -> Result<Vec<Category>, ApiError> {
    call(auth, Method::Get, "/api/v1/categories".into(), None).await
}

pub async fn districts(auth: Auth) -> Result<Vec<District>, ApiError> {
    call(auth, Method::Get, "/api/v1/districts".into(), None).await
}

// ---- Activities -----------------------------------------------------------

/// The fields of `ActivityPage` the search page reads (a sync list's
/// position is for other clients; leaving it out keeps the download small).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct SearchPage {
    pub items: Vec<ActivitySummary>,
    pub total: i64,
    pub page: u32,
    #[serde(default)]
    pub total_capped: bool,
    #[serde(default)]
    pub suggestions: Vec<String>,
}

/// `query` is the search's query string without `?` (the same parameters as the page URL).
pub async fn search_activities(auth: Auth, query: String) -> Result<SearchPage, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/activities?{query}"),
        None,
    )
    .await
}

pub async fn activity(auth: Auth, id: String) -> Result<Activity, ApiError> {
    call(auth, Method::Get, format!("/api/v1/activities/{id}"), None).await
}

pub async fn create_activity(
    auth: Auth,
    organization: String,
    input: ActivityInput,
) -> Result<Activity, ApiError> {
    let url = format!("/api/v1/organizations/{organization}/activities");
    call(auth, Method::Post, url, json(&input)).await
}

pub async fn update_activity(
    auth: Auth,
    id: String,
    input: ActivityInput,
) -> Result<Activity, ApiError> {
    call(
        auth,
        Method::Put,
        format!("/api/v1/activities/{id}"),
        json(&input),
    )
    .await
}

/// A status change: `publish` (no reason) or `cancel`, `postpone`, `withdraw` (with a reason).
pub async fn change_status(
    auth: Auth,
    id: String,
    action: &'static str,
    reason: Option<String>,
) -> Result<Activity, ApiError> {
    let body = reason.and_then(|reason| json(&ReasonRequest { reason }));
    call(
        auth,
        Method::Post,
        format!("/api/v1/activities/{id}/{action}"),
        body,
    )
    .await
}

pub async fn organization_activities(
    auth: Auth,
    organization: String,
) -> Result<Vec<Activity>, ApiError> {
    let url = format!("/api/v1/organizations/{organization}/activities");
    call(auth, Method::Get, url, None).await
}

// ---- Sign-ups -------------------------------------------------------------

pub async fn sign_up(
    auth: Auth,
    activity: String,
    body: SignupRequest,
) -> Result<Signup, ApiError> {
    let url = format!("/api/v1/activities/{activity}/signups");
    call(auth, Method::Post, url, json(&body)).await
}

/// Everything the platform holds about me (the "download my data" file).
pub async fn my_data(auth: Auth) -> Result<serde_json::Value, ApiError> {
    call(auth, Method::Get, "/api/v1/me/export".into(), None).await
}

/// What deleting my account would do.
pub async fn account_deletion(auth: Auth) -> Result<AccountDeletion, ApiError> {
    call(auth, Method::Get, "/api/v1/me/deletion".into(), None).await
}

/// Deletes my account, confirmed with the password.
pub async fn delete_account(auth: Auth, body: DeleteAccountRequest) -> Result<(), ApiError> {
    authed(auth, move |token| {
        let body = body.clone();
        async move { send_empty(bearer(request(Method::Delete, "/api/v1/me"), &token), &body).await }
    })
    .await
}

/// The periodic jobs and the outbox backlog (administrators).
pub async fn jobs(auth: Auth) -> Result<JobsOverview, ApiError> {
    call(auth, Method::Get, "/api/v1/admin/jobs".into(), None).await
}

/// The messages sent to me, newest first (the last 50).
pub async fn my_messages(auth: Auth) -> Result<Vec<Message>, ApiError> {
    call(auth, Method::Get, "/api/v1/me/messages".into(), None).await
}

/// Stores my language and whether reminders are e-mailed.
pub async fn update_preferences(auth: Auth, body: Preferences) -> Result<Me, ApiError> {
    call(
        auth,
        Method::Put,
        "/api/v1/me/preferences".into(),
        json(&body),
    )
    .await
}

pub async fn my_signups(auth: Auth) -> Result<Vec<Signup>, ApiError> {
    call(
        auth,
        Method::Get,
        "/api/v1/me/signups?include_cancelled=true".into(),
        None,
    )
    .await
}

pub async fn cancel_signup(auth: Auth, id: String) -> Result<Signup, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/signups/{id}/cancel"),
        None,
    )
    .await
}

pub async fn participants(auth: Auth, activity: String) -> Result<Vec<Signup>, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/activities/{activity}/signups"),
        None,
    )
    .await
}

// ---- Organizations --------------------------------------------------------

pub async fn my_organizations(auth: Auth) -> Result<Vec<Organization>, ApiError> {
    call(auth, Method::Get, "/api/v1/me/organizations".into(), None).await
}

/// Organizations with a status (`pending` for the administrators' queue).
pub async fn organizations(
    auth: Auth,
    status: &'static str,
) -> Result<Page<Organization>, ApiError> {
    let url = format!("/api/v1/organizations?status={status}&per_page=100");
    call(auth, Method::Get, url, None).await
}

pub async fn organization(auth: Auth, id: String) -> Result<Organization, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/organizations/{id}"),
        None,
    )
    .await
}

pub async fn create_organization(
    auth: Auth,
    input: OrganizationInput,
) -> Result<Organization, ApiError> {
    call(
        auth,
        Method::Post,
        "/api/v1/organizations".into(),
        json(&input),
    )
    .await
}

pub async fn update_organization(
    auth: Auth,
    id: String,
    input: OrganizationInput,
) -> Result<Organization, ApiError> {
    call(
        auth,
        Method::Put,
        format!("/api/v1/organizations/{id}"),
        json(&input),
    )
    .await
}

pub async fn update_place(auth: Auth, id: String, input: PlaceInput) -> Result<Place, ApiError> {
    call(
        auth,
        Method::Put,
        format!("/api/v1/places/{id}"),
        json(&input),
    )
    .await
}

pub async fn approve_organization(auth: Auth, id: String) -> Result<Organization, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/organizations/{id}/approve"),
        None,
    )
    .await
}

pub async fn reject_organization(
    auth: Auth,
    id: String,
    reason: String,
) -> Result<Organization, ApiError> {
    let url = format!("/api/v1/organizations/{id}/reject");
    call(auth, Method::Post, url, json(&ReasonRequest { reason })).await
}

pub async fn members(auth: Auth, organization: String) -> Result<Vec<Member>, ApiError> {
    let url = format!("/api/v1/organizations/{organization}/members");
    call(auth, Method::Get, url, None).await
}

/// Invites an address; the person becomes a member by accepting.
pub async fn invite(
    auth: Auth,
    organization: String,
    body: InvitationRequest,
) -> Result<Invitation, ApiError> {
    let url = format!("/api/v1/organizations/{organization}/invitations");
    call(auth, Method::Post, url, json(&body)).await
}

pub async fn organization_invitations(
    auth: Auth,
    organization: String,
) -> Result<Vec<Invitation>, ApiError> {
    let url = format!("/api/v1/organizations/{organization}/invitations");
    call(auth, Method::Get, url, None).await
}

pub async fn withdraw_invitation(
    auth: Auth,
    organization: String,
    id: String,
) -> Result<(), ApiError> {
    let url = format!("/api/v1/organizations/{organization}/invitations/{id}");
    call_empty(auth, Method::Delete, url).await
}

/// The open invitations to my address.
pub async fn my_invitations(auth: Auth) -> Result<Vec<Invitation>, ApiError> {
    call(auth, Method::Get, "/api/v1/me/invitations".into(), None).await
}

/// Accepts (`true`) or declines an invitation to my address.
pub async fn answer_invitation(
    auth: Auth,
    id: String,
    accept: bool,
) -> Result<Invitation, ApiError> {
    let verb = if accept { "accept" } else { "decline" };
    call(
        auth,
        Method::Post,
        format!("/api/v1/invitations/{id}/{verb}"),
        None,
    )
    .await
}

pub async fn remove_member(auth: Auth, organization: String, user: String) -> Result<(), ApiError> {
    let url = format!("/api/v1/organizations/{organization}/members/{user}");
    call_empty(auth, Method::Delete, url).await
}

pub async fn places(auth: Auth, organization: String) -> Result<Vec<Place>, ApiError> {
    let url = format!("/api/v1/organizations/{organization}/places");
    call(auth, Method::Get, url, None).await
}

pub async fn create_place(
    auth: Auth,
    organization: String,
    input: PlaceInput,
) -> Result<Place, ApiError> {
    let url = format!("/api/v1/organizations/{organization}/places");
    call(auth, Method::Post, url, json(&input)).await
}

// ---- Pictures -------------------------------------------------------------

/// Uploads `file` as the picture at `url` (`…/activities/{id}/image` or
/// `…/organizations/{id}/image`) with its alternative text. The server
/// decides the type from the content.
async fn upload_picture<T: DeserializeOwned>(
    auth: Auth,
    url: String,
    file: web_sys::File,
    alt: String,
) -> Result<T, ApiError> {
    authed(auth, move |token| {
        let (url, file, alt) = (url.clone(), file.clone(), alt.clone());
        async move {
            let declared = file.type_();
            let request = bearer(Request::put(&url), &token)
                .query([("alt", alt.as_str())])
                .header(
                    "Content-Type",
                    if declared.is_empty() {
                        "application/octet-stream"
                    } else {
                        &declared
                    },
                )
                .body(wasm_bindgen::JsValue::from(file))
                .map_err(|_| ApiError::Network)?;
            let response = request.send().await.map_err(|_| ApiError::Network)?;
            read(response).await
        }
    })
    .await
}

pub async fn upload_activity_picture(
    auth: Auth,
    id: String,
    file: web_sys::File,
    alt: String,
) -> Result<Activity, ApiError> {
    upload_picture(auth, format!("/api/v1/activities/{id}/image"), file, alt).await
}

pub async fn remove_activity_picture(auth: Auth, id: String) -> Result<Activity, ApiError> {
    call(
        auth,
        Method::Delete,
        format!("/api/v1/activities/{id}/image"),
        None,
    )
    .await
}

pub async fn upload_organization_picture(
    auth: Auth,
    id: String,
    file: web_sys::File,
    alt: String,
) -> Result<Organization, ApiError> {
    upload_picture(auth, format!("/api/v1/organizations/{id}/image"), file, alt).await
}

pub async fn remove_organization_picture(auth: Auth, id: String) -> Result<Organization, ApiError> {
    call(
        auth,
        Method::Delete,
        format!("/api/v1/organizations/{id}/image"),
        None,
    )
    .await
}

/// Share (or stop sharing) the account holder's contact details with the organizer.
pub async fn update_signup_contact(
    auth: Auth,
    id: String,
    share: bool,
) -> Result<Signup, ApiError> {
    let body = json(&fritid_domain::signup::ContactConsent {
        share_contact: share,
    });
    call(
        auth,
        Method::Put,
        format!("/api/v1/signups/{id}/contact"),
        body,
    )
    .await
}

// ---- Bamsefondet ----------------------------------------------------------

use fritid_domain::bamsefondet::application::{Application, ApplicationDraft, Attachment};
use fritid_domain::bamsefondet::case::DecisionRequest;
use fritid_domain::bamsefondet::fund::Fund;
use fritid_domain::bamsefondet::staff::{Case, Queue};

pub async fn funds(auth: Auth) -> Result<Vec<Fund>, ApiError> {
    call(auth, Method::Get, "/api/v1/funds".into(), None).await
}

pub async fn my_fund_applications(auth: Auth) -> Result<Vec<Application>, ApiError> {
    call(
        auth,
        Method::Get,
        "/api/v1/me/fund-applications".into(),
        None,
    )
    .await
}

pub async fn fund_application(auth: Auth, id: String) -> Result<Application, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/fund-applications/{id}"),
        None,
    )
    .await
}

pub async fn start_fund_application(
    auth: Auth,
    draft: ApplicationDraft,
) -> Result<Application, ApiError> {
    call(
        auth,
        Method::Post,
        "/api/v1/fund-applications".into(),
        json(&draft),
    )
    .await
}

pub async fn save_fund_application(
    auth: Auth,
    id: String,
    draft: ApplicationDraft,
) -> Result<Application, ApiError> {
    call(
        auth,
        Method::Put,
        format!("/api/v1/fund-applications/{id}"),
        json(&draft),
    )
    .await
}

/// `action`: `submit`, `withdraw`, `messages` (with `text`), `appeal` (with `text`).
pub async fn fund_application_action(
    auth: Auth,
    id: String,
    action: &'static str,
    text: Option<String>,
) -> Result<Application, ApiError> {
    let body = text.map(|text| serde_json::json!({ "text": text }));
    call(
        auth,
        Method::Post,
        format!("/api/v1/fund-applications/{id}/{action}"),
        body,
    )
    .await
}

pub async fn claim_fund_application(auth: Auth, token: String) -> Result<Application, ApiError> {
    let body = Some(serde_json::json!({ "token": token }));
    call(
        auth,
        Method::Post,
        "/api/v1/fund-application-claims".into(),
        body,
    )
    .await
}

/// Attaches `file` (a PDF, JPEG or PNG) to the application.
pub async fn attach_fund_file(
    auth: Auth,
    id: String,
    file: web_sys::File,
) -> Result<Attachment, ApiError> {
    authed(auth, move |token| {
        let (id, file) = (id.clone(), file.clone());
        async move {
            let request = bearer(
                Request::post(&format!("/api/v1/fund-applications/{id}/attachments")),
                &token,
            )
            .query([("file_name", file.name().as_str())])
            .header("Content-Type", "application/octet-stream")
            .body(wasm_bindgen::JsValue::from(file))
            .map_err(|_| ApiError::Network)?;
            read(request.send().await.map_err(|_| ApiError::Network)?).await
        }
    })
    .await
}

pub async fn cases(auth: Auth, query: String) -> Result<Queue, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/casework/applications?{query}"),
        None,
    )
    .await
}

pub async fn case(auth: Auth, id: String) -> Result<Case, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/casework/applications/{id}"),
        None,
    )
    .await
}

/// A casework step: `assign`, `notes`, `request-info`, `recommend`,
/// `return`, `decide`, `appeal-decision`, `payout`, `close`, `disqualify`.
pub async fn case_action(
    auth: Auth,
    id: String,
    action: &'static str,
    body: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/casework/applications/{id}/{action}"),
        Some(body),
    )
    .await
}

pub fn decision_body(d: &DecisionRequest) -> serde_json::Value {
    json(d).unwrap_or_default()
}

/// Declares the caller disqualified on a case (answered 204).
pub async fn disqualify_case(auth: Auth, id: String, reason: String) -> Result<(), ApiError> {
    authed(auth, move |token| {
        let (id, reason) = (id.clone(), reason.clone());
        async move {
            send_empty(
                bearer(
                    Request::post(&format!("/api/v1/casework/applications/{id}/disqualify")),
                    &token,
                ),
                &serde_json::json!({ "text": reason }),
            )
            .await
        }
    })
    .await
}

/// A protected file (a letter, an attachment): its bytes and type.
pub async fn fetch_file(auth: Auth, url: String) -> Result<(Vec<u8>, String), ApiError> {
    authed(auth, move |token| {
        let url = url.clone();
        async move {
            let response = bearer(Request::get(&url), &token)
                .send()
                .await
                .map_err(|_| ApiError::Network)?;
            if !response.ok() {
                return read::<(Vec<u8>, String)>(response).await;
            }
            let kind = response.headers().get("content-type").unwrap_or_default();
            let bytes = response.binary().await.map_err(|_| ApiError::Network)?;
            Ok((bytes, kind))
        }
    })
    .await
}

// ---- Bamsefondet: clubs, administration, statistics, audit -----------------

use fritid_domain::bamsefondet::fund::{FundRequest, Round, RoundRequest};
use fritid_domain::bamsefondet::staff::{AuditEntry, ClubGrant};
use fritid_domain::bamsefondet::statistics::RoundStatistics;

/// The grants to be paid to a club, for its administrators.
pub async fn club_grants(auth: Auth, organization: String) -> Result<Vec<ClubGrant>, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/organizations/{organization}/fund-grants"),
        None,
    )
    .await
}

/// The club confirms that the child takes part (answered 204).
pub async fn confirm_participation(auth: Auth, application: String) -> Result<(), ApiError> {
    call_empty(
        auth,
        Method::Post,
        format!("/api/v1/fund-applications/{application}/participation"),
    )
    .await
}

/// A coach starts an application for a child of the club; the guardian
/// is e-mailed a link. Answers the address the link went to.
pub async fn start_for_guardian(
    auth: Auth,
    guardian_email: String,
    draft: ApplicationDraft,
) -> Result<String, ApiError> {
    let body = serde_json::json!({ "guardian_email": guardian_email, "draft": draft });
    let started: serde_json::Value = call(
        auth,
        Method::Post,
        "/api/v1/fund-application-invitations".into(),
        Some(body),
    )
    .await?;
    Ok(started["guardian_email"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// Creates a fund (`id` `None`) or changes one.
pub async fn save_fund(
    auth: Auth,
    id: Option<String>,
    body: FundRequest,
) -> Result<Fund, ApiError> {
    let (method, url) = match id {
        None => (Method::Post, "/api/v1/funds".to_owned()),
        Some(id) => (Method::Put, format!("/api/v1/funds/{id}")),
    };
    call(auth, method, url, json(&body)).await
}

/// Creates a round of `fund` (`round` `None`) or changes a round.
pub async fn save_round(
    auth: Auth,
    fund: String,
    round: Option<String>,
    body: RoundRequest,
) -> Result<Round, ApiError> {
    let (method, url) = match round {
        None => (Method::Post, format!("/api/v1/funds/{fund}/rounds")),
        Some(id) => (Method::Put, format!("/api/v1/fund-rounds/{id}")),
    };
    call(auth, method, url, json(&body)).await
}

pub async fn round_statistics(auth: Auth, round: String) -> Result<RoundStatistics, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/fund-rounds/{round}/statistics"),
        None,
    )
    .await
}

/// Who read or changed a case, and when (administrators).
pub async fn case_audit(auth: Auth, id: String) -> Result<Vec<AuditEntry>, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/casework/applications/{id}/audit"),
        None,
    )
    .await
}

// ---- BUA ---------------------------------------------------------------------

use fritid_domain::bua::admin::{LocationRequest, ModelRequest, StaffMember, UnitRequest};
use fritid_domain::bua::catalogue::{
    CheckinRequest, CheckoutRequest, DayAvailability, Desk, Loan, Location, Model, MyLoans,
    ReservationOutcome, ReservationRequest, ServiceRequest, Unit, UnmetDemand, UnmetRequest,
    WalkInRequest,
};

/// The units of a location, all or in one `status` (`available`,
/// `maintenance`, `retired`).
pub async fn bua_units(
    auth: Auth,
    location: String,
    status: Option<&'static str>,
) -> Result<Vec<Unit>, ApiError> {
    let url = match status {
        Some(s) => format!("/api/v1/bua/locations/{location}/units?status={s}"),
        None => format!("/api/v1/bua/locations/{location}/units"),
    };
    call(auth, Method::Get, url, None).await
}

/// What families asked for at `location` (administrators: anywhere, with
/// none) and did not get, the last year.
pub async fn bua_unmet_demand(
    auth: Auth,
    location: Option<String>,
) -> Result<Vec<UnmetDemand>, ApiError> {
    let url = match location {
        Some(l) => format!("/api/v1/bua/unmet-demand?location={l}"),
        None => "/api/v1/bua/unmet-demand".into(),
    };
    call(auth, Method::Get, url, None).await
}

/// A POST answered without a body (204).
async fn post_empty(auth: Auth, url: String, body: serde_json::Value) -> Result<(), ApiError> {
    authed(auth, move |token| {
        let (url, body) = (url.clone(), body.clone());
        async move { send_empty(bearer(request(Method::Post, &url), &token), &body).await }
    })
    .await
}

/// Where the caller works at the desk (administrators: everywhere).
pub async fn my_bua_locations(auth: Auth) -> Result<Vec<Location>, ApiError> {
    call(auth, Method::Get, "/api/v1/me/bua-locations".into(), None).await
}

pub async fn bua_locations(auth: Auth) -> Result<Vec<Location>, ApiError> {
    call(auth, Method::Get, "/api/v1/bua/locations".into(), None).await
}

/// `query` without `?`: location, category, size, age, from, to, page.
pub async fn bua_models(auth: Auth, query: String) -> Result<Page<Model>, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/bua/models?{query}"),
        None,
    )
    .await
}

pub async fn bua_model(auth: Auth, id: String) -> Result<Model, ApiError> {
    call(auth, Method::Get, format!("/api/v1/bua/models/{id}"), None).await
}

pub async fn bua_days(
    auth: Auth,
    model: String,
    location: String,
    size: String,
) -> Result<Vec<DayAvailability>, ApiError> {
    let url = format!(
        "/api/v1/bua/models/{model}/days?location={location}&size={}&days=28",
        String::from(js_sys::encode_uri_component(&size))
    );
    call(auth, Method::Get, url, None).await
}

pub async fn bua_reserve(
    auth: Auth,
    body: ReservationRequest,
) -> Result<ReservationOutcome, ApiError> {
    call(
        auth,
        Method::Post,
        "/api/v1/bua/reservations".into(),
        json(&body),
    )
    .await
}

pub async fn bua_unmet(auth: Auth, body: UnmetRequest) -> Result<(), ApiError> {
    post_empty(
        auth,
        "/api/v1/bua/unmet-demand".into(),
        json(&body).unwrap_or_default(),
    )
    .await
}

pub async fn my_bua_loans(auth: Auth) -> Result<MyLoans, ApiError> {
    call(auth, Method::Get, "/api/v1/me/bua-loans".into(), None).await
}

/// `action`: `cancel` or `accept`.
pub async fn bua_loan_action(
    auth: Auth,
    id: String,
    action: &'static str,
) -> Result<Loan, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/bua/loans/{id}/{action}"),
        Some(serde_json::json!({})),
    )
    .await
}

pub async fn leave_bua_waitlist(auth: Auth, id: String) -> Result<(), ApiError> {
    call_empty(auth, Method::Delete, format!("/api/v1/bua/waitlist/{id}")).await
}

/// The desk for `day` (`YYYY-MM-DD`; empty: today).
pub async fn bua_desk(auth: Auth, location: String, day: String) -> Result<Desk, ApiError> {
    let url = if day.is_empty() {
        format!("/api/v1/bua/locations/{location}/desk")
    } else {
        format!("/api/v1/bua/locations/{location}/desk?day={day}")
    };
    call(auth, Method::Get, url, None).await
}

pub async fn bua_checkout(
    auth: Auth,
    location: String,
    body: CheckoutRequest,
) -> Result<Loan, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/bua/locations/{location}/checkouts"),
        json(&body),
    )
    .await
}

pub async fn bua_walk_in(
    auth: Auth,
    location: String,
    body: WalkInRequest,
) -> Result<Loan, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/bua/locations/{location}/walk-ins"),
        json(&body),
    )
    .await
}

pub async fn bua_checkin(
    auth: Auth,
    location: String,
    body: CheckinRequest,
) -> Result<Loan, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/bua/locations/{location}/checkins"),
        json(&body),
    )
    .await
}

/// Who works at a location's desk (administrators).
pub async fn bua_staff(auth: Auth, location: String) -> Result<Vec<StaffMember>, ApiError> {
    call(
        auth,
        Method::Get,
        format!("/api/v1/bua/locations/{location}/staff"),
        None,
    )
    .await
}

pub async fn bua_add_staff(auth: Auth, location: String, email: String) -> Result<(), ApiError> {
    post_empty(
        auth,
        format!("/api/v1/bua/locations/{location}/staff"),
        serde_json::json!({ "email": email }),
    )
    .await
}

pub async fn bua_remove_staff(auth: Auth, location: String, user: String) -> Result<(), ApiError> {
    call_empty(
        auth,
        Method::Delete,
        format!("/api/v1/bua/locations/{location}/staff/{user}"),
    )
    .await
}

pub async fn bua_create_location(auth: Auth, body: LocationRequest) -> Result<Location, ApiError> {
    call(
        auth,
        Method::Post,
        "/api/v1/bua/locations".into(),
        json(&body),
    )
    .await
}

pub async fn bua_update_location(
    auth: Auth,
    id: String,
    body: LocationRequest,
) -> Result<Location, ApiError> {
    call(
        auth,
        Method::Put,
        format!("/api/v1/bua/locations/{id}"),
        json(&body),
    )
    .await
}

/// Lends equipment to the family of a Bamsefondet case (caseworkers).
pub async fn case_equipment_loan(
    auth: Auth,
    case: String,
    body: ReservationRequest,
) -> Result<Loan, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/casework/applications/{case}/equipment-loans"),
        json(&body),
    )
    .await
}

/// Adds a unit at `location` (its staff, administrators).
pub async fn bua_create_unit(
    auth: Auth,
    location: String,
    body: UnitRequest,
) -> Result<Unit, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/bua/locations/{location}/units"),
        json(&body),
    )
    .await
}

pub async fn bua_create_model(auth: Auth, body: ModelRequest) -> Result<Model, ApiError> {
    call(auth, Method::Post, "/api/v1/bua/models".into(), json(&body)).await
}

pub async fn bua_update_model(
    auth: Auth,
    id: String,
    body: ModelRequest,
) -> Result<Model, ApiError> {
    call(
        auth,
        Method::Put,
        format!("/api/v1/bua/models/{id}"),
        json(&body),
    )
    .await
}

pub async fn upload_bua_model_picture(
    auth: Auth,
    id: String,
    file: web_sys::File,
    alt: String,
) -> Result<Model, ApiError> {
    upload_picture(auth, format!("/api/v1/bua/models/{id}/image"), file, alt).await
}

pub async fn remove_bua_model_picture(auth: Auth, id: String) -> Result<Model, ApiError> {
    call(
        auth,
        Method::Delete,
        format!("/api/v1/bua/models/{id}/image"),
        None,
    )
    .await
}

pub async fn bua_service(auth: Auth, unit: String, body: ServiceRequest) -> Result<Unit, ApiError> {
    call(
        auth,
        Method::Post,
        format!("/api/v1/bua/units/{unit}/service"),
        json(&body),
    )
    .await
}
