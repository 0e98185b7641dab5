//! Every user's rights over their data: a copy of everything the platform
//! holds about them, and deleting the account — with what that does to
//! others (places freed for the waiting list, organizations left without
//! an administrator) shown before they confirm.

use crate::auth::session;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::account::{current_account, refresh_cookie, REFRESH_COOKIE};
use crate::routes::invitations::dto as invitation_dto;
use crate::routes::messages::render;
use crate::routes::signups::signup_dto;
use crate::state::AppState;
use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::{delete, get, web, HttpRequest, HttpResponse};
use chrono::Utc;
use fritid_db::audit::{self, NewAuditEvent};
use fritid_db::organizations as orgs;
use fritid_db::{
    activities, invitations, outbox, roles, users, AsyncConnection, AsyncPgConnection,
};
use fritid_domain::activity::OrganizationRef;
use fritid_domain::ids::OrganizationId;
use fritid_domain::organization::MemberRole;
use fritid_domain::privacy::{
    AccountDeletion, DeleteAccountRequest, MyAuditEvent, MyData, MyMembership,
};
use fritid_domain::{FieldError, Problem, Role};
use uuid::Uuid;

async fn memberships(
    conn: &mut AsyncPgConnection,
    me: Uuid,
) -> Result<Vec<MyMembership>, ApiError> {
    let mut list = Vec::new();
    for (org, role) in orgs::for_member(conn, me).await? {
        let role = MemberRole::parse(&role).unwrap_or(MemberRole::Editor);
        let sole_admin = role == MemberRole::Admin && orgs::admins(conn, org.id).await? == [me];
        list.push(MyMembership {
            organization: OrganizationRef {
                id: OrganizationId(org.id),
                name: org.name,
            },
            role,
            sole_admin,
        });
    }
    Ok(list)
}

/// Everything the platform holds about the logged-in user, as one JSON
/// document ("Last ned mine data"): the account, every sign-up, memberships,
/// open invitations to the address, every message and what the audit log
/// recorded of the user's actions.
#[utoipa::path(
    operation_id = "get_my_data",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Everything about the caller (served as a download)", body = MyData),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/export")]
pub async fn get_my_data(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let row = current_account(&mut conn, &user).await?;
    let me = row.id;
    let account_roles = roles::for_user(&mut conn, me).await?;
    let signups = activities::signups_of_user(&mut conn, me, true).await?;
    let invitations = invitations::pending_for_email(&mut conn, &row.email).await?;
    let messages = outbox::of_user(&mut conn, me, i64::MAX).await?;
    let audit_events = audit::by_actor(&mut conn, me).await?;
    let mut fund_applications = Vec::new();
    for row in fritid_db::bamsefondet::applications::mine(&mut conn, me).await? {
        fund_applications.push(crate::routes::bamsefondet::application_dto(&mut conn, row).await?);
    }
    let data = MyData {
        fund_applications,
        exported_at: Utc::now(),
        signups: signups.into_iter().map(signup_dto).collect(),
        memberships: memberships(&mut conn, me).await?,
        invitations: invitations
            .into_iter()
            .map(|(r, name)| invitation_dto(r, name))
            .collect(),
        messages: render(&state, messages)?,
        audit_events: audit_events
            .into_iter()
            .map(|e| MyAuditEvent {
                occurred_at: e.occurred_at,
                action: e.action,
                subject_type: e.subject_type,
                subject_id: e.subject_id,
            })
            .collect(),
        account: session::me(&row, account_roles),
    };
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"fritid-mine-data.json\"",
        ))
        .json(data))
}

/// What deleting the account would do, for the user to read before they
/// confirm.
#[utoipa::path(
    operation_id = "get_account_deletion",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The consequences of deleting the account", body = AccountDeletion),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/deletion")]
pub async fn get_account_deletion(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<AccountDeletion>, ApiError> {
    let mut conn = state.conn().await?;
    let row = current_account(&mut conn, &user).await?;
    let active = activities::signups_of_user(&mut conn, row.id, false).await?;
    let admins = roles::lock_holders(&mut conn, Role::Admin).await?;
    Ok(web::Json(AccountDeletion {
        active_signups: active.into_iter().map(signup_dto).collect(),
        memberships: memberships(&mut conn, row.id).await?,
        last_platform_admin: admins == [row.id],
    }))
}

/// Delete the account, confirmed with the password. Active sign-ups are
/// cancelled first (their places go to the waiting list, who are told);
/// memberships end (an organization left without administrators is looked
/// after by the municipality's); roles, sessions, messages and sign-ups go
/// with the account. The audit log keeps the account's id — which then
/// names nobody — never its name or address.
#[utoipa::path(
    operation_id = "delete_account",
    tag = "accounts",
    security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "Deleted; the refresh cookie is cleared"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Wrong password (`incorrect_password`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The platform's last administrator (`last_administrator`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many password attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me")]
pub async fn delete_account(
    req: HttpRequest,
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<DeleteAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let row = current_account(&mut conn, &user).await?;
    state.limits.password_check(&req, &row.email)?;
    if !state
        .passwords
        .verify(&body.password, Some(&row.password_hash))
        .await?
    {
        return Err(ApiError::Forbidden {
            code: "incorrect_password",
            detail: "The password is wrong.".into(),
            errors: vec![FieldError::new(
                "password",
                "incorrect",
                "is not your password",
            )],
        });
    }
    let me = row.id;
    conn.transaction::<_, ApiError, _>(async |conn| {
        if roles::lock_holders(conn, Role::Admin).await? == [me] {
            return Err(ApiError::Conflict {
                code: "last_administrator",
                detail: "You are the platform's last administrator; make someone else administrator first."
                    .into(),
                errors: vec![],
            });
        }
        // Free the places first, so the waiting list moves up and is told.
        let active = activities::signups_of_user(conn, me, false).await?;
        for signup in &active {
            activities::lock(conn, signup.activity_id).await?;
            activities::cancel_signup(conn, signup.id, signup.activity_id).await?;
        }
        let left: Vec<Uuid> = orgs::for_member(conn, me)
            .await?
            .into_iter()
            .map(|(o, _)| o.id)
            .collect();
        audit::record(
            conn,
            &NewAuditEvent {
                actor_id: Some(me),
                action: "account.delete",
                subject_type: "user",
                subject_id: Some(me.to_string()),
                details: serde_json::json!({
                    "cancelled_signups": active.len(),
                    "left_organizations": left,
                }),
            },
        )
        .await?;
        // Drafts are the user's alone and go with the account; submitted
        // applications are case records the fund must keep (they lose the
        // link to the account and are anonymised with the others).
        fritid_db::bamsefondet::applications::delete_drafts_of(conn, me).await?;
        users::delete(conn, me).await?;
        Ok(())
    })
    .await?;
    tracing::info!(user_id = %me, "account deleted");
    let mut response = HttpResponse::NoContent();
    if req.cookie(REFRESH_COOKIE).is_some() {
        response.cookie(refresh_cookie(&state, String::new(), CookieDuration::ZERO));
    }
    Ok(response.finish())
}
