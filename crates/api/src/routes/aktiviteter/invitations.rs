//! Invitations to join an organization. An organization's administrator
//! invites an e-mail address; the person becomes a member only by accepting
//! on "Min side". Inviting answers the same whether or not an account has the
//! address, so it cannot be used to find out who has an account.

use super::organizations::{event, require_member};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::account::current_account;
use crate::routes::parse_id;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{Duration, Utc};
use fritid_db::invitations::{self, InvitationRow};
use fritid_db::organizations as orgs;
use fritid_db::{audit, outbox, users, AsyncConnection, AsyncPgConnection};
use fritid_domain::account::Email;
use fritid_domain::activity::OrganizationRef;
use fritid_domain::ids::OrganizationId;
use fritid_domain::notification::Template;
use fritid_domain::organization::{Invitation, InvitationRequest, InvitationStatus, MemberRole};
use fritid_domain::{Problem, Role, ValidationErrors};
use uuid::Uuid;

/// Unanswered invitations lapse after this many days.
pub const INVITATION_DAYS: i64 = 14;
/// Invitations one person may send per hour (all organizations together).
pub const INVITATIONS_PER_HOUR: i64 = 20;

pub(crate) fn dto(row: InvitationRow, organization_name: String) -> Invitation {
    Invitation {
        id: row.id,
        organization: OrganizationRef {
            id: OrganizationId(row.organization_id),
            name: organization_name,
        },
        email: row.email,
        role: MemberRole::parse(&row.role).unwrap_or(MemberRole::Editor),
        status: InvitationStatus::parse(&row.status).unwrap_or(InvitationStatus::Revoked),
        created_at: row.created_at,
        expires_at: row.expires_at,
    }
}

/// May `user` manage the members of `org`? Its administrators may; so may
/// the municipality's administrators when the organization has none left.
async fn require_admin_of(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    user: &AuthUser,
) -> Result<(), ApiError> {
    if user.has(Role::Admin)
        && orgs::find(conn, org).await?.is_some()
        && orgs::admins(conn, org).await?.is_empty()
    {
        return Ok(());
    }
    require_member(conn, org, user, MemberRole::Admin).await?;
    Ok(())
}

/// Invite someone by e-mail address (organization administrators). The
/// answer is the same whether or not an account has the address; the
/// address gets an e-mail, and an account with it sees the invitation on
/// "Min side". Inviting the same address again renews the invitation.
#[utoipa::path(
    operation_id = "create_invitation",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "Invited (or the open invitation renewed)", body = Invitation),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address belongs to a member already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid email (`email`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many invitations in the last hour", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/invitations")]
pub async fn create_invitation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let email = Email::parse("email", &body.email)
        .map_err(|e| ApiError::Validation(ValidationErrors::single(e)))?;
    let role = body.role;
    let actor = user.id.into_uuid();
    let mut conn = state.conn().await?;
    require_admin_of(&mut conn, id, &user).await?;
    let invitation = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let org = orgs::lock(conn, id).await?.ok_or(ApiError::NotFound)?;
            let hour_ago = Utc::now() - Duration::hours(1);
            if invitations::sent_since(conn, actor, hour_ago).await? >= INVITATIONS_PER_HOUR {
                return Err(ApiError::RateLimited {
                    retry_after_secs: 3600,
                });
            }
            let invitee = users::find_by_email(conn, email.as_str()).await?;
            if let Some(invitee) = &invitee {
                // Members are listed to this administrator already.
                if orgs::member_role(conn, id, invitee.id).await?.is_some() {
                    return Err(ApiError::Conflict {
                        code: "already_member",
                        detail:
                            "This address belongs to a member already; change their role instead."
                                .into(),
                        errors: vec![],
                    });
                }
            }
            let expires = Utc::now() + Duration::days(INVITATION_DAYS);
            let row = invitations::invite(conn, id, email.as_str(), role.as_str(), actor, expires)
                .await?;
            let inviter = users::find_by_id(conn, actor).await?;
            let (inviter_name, inviter_language) = inviter
                .map(|u| (u.display_name, u.language))
                .unwrap_or_else(|| ("Fritid".into(), "nb".into()));
            let data = serde_json::json!({
                "organization_name": org.name,
                "inviter_name": inviter_name,
                "role": role.as_str(),
                "link_path": "/min-side",
            });
            // In the invitee's language when they have an account, else the
            // inviter's; the answer is the same either way.
            match &invitee {
                Some(invitee) => {
                    outbox::enqueue(
                        conn,
                        &outbox::Notice {
                            user_id: invitee.id,
                            template: Template::OrganizationInvitation,
                            data,
                            dedup_key: None,
                        },
                    )
                    .await?;
                }
                None => {
                    outbox::enqueue_to_address(
                        conn,
                        email.as_str(),
                        &inviter_language,
                        Template::OrganizationInvitation,
                        &data,
                        None,
                    )
                    .await?;
                }
            }
            audit::record(
                conn,
                &event(
                    actor,
                    "organization.invitation.create",
                    id,
                    serde_json::json!({ "invitation_id": row.id, "role": role.as_str() }),
                ),
            )
            .await?;
            Ok(dto(row, org.name))
        })
        .await?;
    Ok(HttpResponse::Created().json(invitation))
}

/// The open invitations of an organization (its administrators).
#[utoipa::path(
    operation_id = "list_organization_invitations",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "Open invitations, newest first", body = Vec<Invitation>),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/invitations")]
pub async fn list_organization_invitations(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<Invitation>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_admin_of(&mut conn, id, &user).await?;
    let org = orgs::find(&mut conn, id).await?.ok_or(ApiError::NotFound)?;
    let rows = invitations::pending_of_organization(&mut conn, id).await?;
    Ok(web::Json(
        rows.into_iter().map(|r| dto(r, org.name.clone())).collect(),
    ))
}

/// Withdraw an open invitation (organization administrators).
#[utoipa::path(
    operation_id = "delete_invitation",
    tag = "organizations",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "Organization id"),
        ("invitation_id" = String, Path, format = Uuid, description = "Invitation id"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 400, description = "A path id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization or open invitation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}/invitations/{invitation_id}")]
pub async fn delete_invitation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path.0)?;
    let invitation: Uuid = parse_id("invitation_id", &path.1)?;
    let actor = user.id.into_uuid();
    let mut conn = state.conn().await?;
    require_admin_of(&mut conn, id, &user).await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let row = invitations::lock(conn, invitation)
            .await?
            .filter(|r| r.organization_id == id && r.status == "pending")
            .ok_or(ApiError::NotFound)?;
        invitations::answer(conn, row.id, InvitationStatus::Revoked.as_str()).await?;
        audit::record(
            conn,
            &event(
                actor,
                "organization.invitation.revoke",
                id,
                serde_json::json!({ "invitation_id": row.id }),
            ),
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The open invitations to the logged-in user's e-mail address.
#[utoipa::path(
    operation_id = "list_my_invitations",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Open invitations, newest first", body = Vec<Invitation>),
        (status = 401, description = "No or invalid access token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/invitations")]
pub async fn list_my_invitations(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Invitation>>, ApiError> {
    let mut conn = state.conn().await?;
    let me = current_account(&mut conn, &user).await?;
    let rows = invitations::pending_for_email(&mut conn, &me.email).await?;
    Ok(web::Json(
        rows.into_iter().map(|(r, name)| dto(r, name)).collect(),
    ))
}

async fn answer(
    user: &AuthUser,
    state: &AppState,
    raw_id: &str,
    accept: bool,
) -> Result<Invitation, ApiError> {
    let id: Uuid = parse_id("id", raw_id)?;
    let me = user.id.into_uuid();
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let account = current_account(conn, user).await?;
        // Someone else's invitation does not exist, as far as this caller knows.
        let row = invitations::lock(conn, id)
            .await?
            .filter(|r| r.email == account.email)
            .ok_or(ApiError::NotFound)?;
        if row.status != "pending" || row.expires_at <= Utc::now() {
            return Err(ApiError::Conflict {
                code: "invitation_closed",
                detail: "This invitation has been answered, withdrawn or has lapsed.".into(),
                errors: vec![],
            });
        }
        let org = orgs::lock(conn, row.organization_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let role = MemberRole::parse(&row.role).unwrap_or(MemberRole::Editor);
        let status = if accept {
            // Keep a higher role the person may have been given meanwhile.
            if orgs::member_role(conn, org.id, me).await? != Some(MemberRole::Admin) {
                orgs::add_member(conn, org.id, me, role).await?;
            }
            InvitationStatus::Accepted
        } else {
            InvitationStatus::Declined
        };
        let row = invitations::answer(conn, row.id, status.as_str()).await?;
        audit::record(
            conn,
            &event(
                me,
                if accept {
                    "organization.invitation.accept"
                } else {
                    "organization.invitation.decline"
                },
                org.id,
                serde_json::json!({ "invitation_id": row.id, "role": role.as_str() }),
            ),
        )
        .await?;
        Ok(dto(row, org.name))
    })
    .await
}

/// Accept an invitation to the caller's address: the caller becomes a
/// member with the role offered.
#[utoipa::path(
    operation_id = "accept_invitation",
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Invitation id")),
    responses(
        (status = 200, description = "Accepted: now a member", body = Invitation),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation to the caller's address", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Answered, withdrawn or lapsed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/{id}/accept")]
pub async fn accept_invitation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Invitation>, ApiError> {
    Ok(web::Json(answer(&user, &state, &path, true).await?))
}

/// Decline an invitation to the caller's address.
#[utoipa::path(
    operation_id = "decline_invitation",
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Invitation id")),
    responses(
        (status = 200, description = "Declined", body = Invitation),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation to the caller's address", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Answered, withdrawn or lapsed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/{id}/decline")]
pub async fn decline_invitation(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Invitation>, ApiError> {
    Ok(web::Json(answer(&user, &state, &path, false).await?))
}
