//! Organizations (lag og foreninger): registration, approval, members and
//! places. Pending and rejected organizations are visible to their members
//! and administrators only.

use crate::auth::{Admin, AuthUser, Authorized, MaybeUser};
use crate::error::ApiError;
use crate::json_body::JsonBody;
use crate::routes::images::image_ref;
use crate::routes::parse_id;
use crate::routes::query::QueryParser;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use fritid_db::audit::{self, NewAuditEvent};
use fritid_db::images;
use fritid_db::organizations::{self as orgs, OrganizationFilter, OrganizationRow, PlaceRow};
use fritid_db::{AsyncConnection, AsyncPgConnection};
use fritid_domain::ids::{OrganizationId, PlaceId};
use fritid_domain::organization::Applicant;
use fritid_domain::organization::{
    Member, MemberRole, Organization, OrganizationInput, OrganizationStatus, Place, PlaceInput,
    ReasonRequest, RoleRequest,
};
use fritid_domain::page::Page;
use fritid_domain::{FieldError, Problem, Role, UserId};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

pub(crate) fn organization_dto(
    row: OrganizationRow,
    districts: Vec<String>,
    my_role: Option<MemberRole>,
    alts: &HashMap<Uuid, String>,
) -> Organization {
    Organization {
        image: image_ref(row.image_id, alts),
        applicant: None,
        id: OrganizationId(row.id),
        name: row.name,
        org_number: row.org_number,
        description: row.description,
        website: row.website,
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        districts,
        status: OrganizationStatus::parse(&row.status).unwrap_or(OrganizationStatus::Pending),
        status_reason: row.status_reason,
        is_demo: row.is_demo,
        my_role,
        created_at: row.created_at,
    }
}

pub(crate) fn place_dto(row: PlaceRow) -> Place {
    Place {
        id: PlaceId(row.id),
        organization_id: OrganizationId(row.organization_id),
        name: row.name,
        address: row.address,
        district: row.district,
        district_name: row.district_name,
        latitude: row.latitude,
        longitude: row.longitude,
        step_free_access: row.step_free_access,
        accessible_toilet: row.accessible_toilet,
        hearing_loop: row.hearing_loop,
        transit_note: row.transit_note,
    }
}

/// Maps the unknown-district foreign key and the name/number uniqueness to clear errors.
fn organization_constraints(e: fritid_db::DbError) -> ApiError {
    match e.constraint() {
        Some("organization_districts_district_fkey") => ApiError::validation(
            "districts",
            "unknown",
            "contains a district that does not exist",
        ),
        Some("organizations_name_key") => ApiError::Conflict {
            code: "organization_exists",
            detail: "An organization with this name is already registered.".into(),
            errors: vec![FieldError::new("name", "taken", "is already registered")],
        },
        Some("organizations_org_number_key") => ApiError::Conflict {
            code: "organization_exists",
            detail: "An organization with this organization number is already registered.".into(),
            errors: vec![FieldError::new(
                "org_number",
                "taken",
                "is already registered",
            )],
        },
        _ => e.into(),
    }
}

/// The organization if the caller may see it: approved ones are public;
/// others only for members and administrators (404 otherwise).
pub(crate) async fn visible(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    user: Option<&AuthUser>,
) -> Result<(OrganizationRow, Option<MemberRole>), ApiError> {
    let row = orgs::find(conn, id).await?.ok_or(ApiError::NotFound)?;
    let role = match user {
        Some(u) => orgs::member_role(conn, id, u.id.into_uuid()).await?,
        None => None,
    };
    let admin = user.is_some_and(|u| u.has(Role::Admin));
    if row.status != "approved" && role.is_none() && !admin {
        return Err(ApiError::NotFound);
    }
    Ok((row, role))
}

/// The caller's role in the organization if it is at least `needed`
/// (admin ≥ editor). Otherwise 404 when the caller may not even see the
/// organization (pending or rejected, and the caller is neither a member nor
/// an administrator: never confirm that it exists), 403 when it is public or
/// the caller is a member with too small a role.
pub(crate) async fn require_member(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    user: &AuthUser,
    needed: MemberRole,
) -> Result<MemberRole, ApiError> {
    require_member_for(conn, org, user, needed, true).await
}

/// [`require_member`] for something of the organization that may itself be
/// hidden (`subject_public == false`, e.g. a draft activity): then a caller
/// who is neither a member nor an administrator gets 404 even when the
/// organization is public.
pub(crate) async fn require_member_for(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    user: &AuthUser,
    needed: MemberRole,
    subject_public: bool,
) -> Result<MemberRole, ApiError> {
    let row = orgs::find(conn, org).await?.ok_or(ApiError::NotFound)?;
    let role = orgs::member_role(conn, org, user.id.into_uuid()).await?;
    let visible = subject_public && row.status == "approved";
    if role.is_none() && !visible && !user.has(Role::Admin) {
        return Err(ApiError::NotFound);
    }
    match role {
        Some(r @ MemberRole::Admin) => Ok(r),
        Some(r @ MemberRole::Editor) if needed == MemberRole::Editor => Ok(r),
        _ => Err(ApiError::Forbidden {
            code: "not_organization_member",
            detail: match needed {
                MemberRole::Admin => "Only the organization's administrators may do this.".into(),
                MemberRole::Editor => "Only the organization's members may do this.".into(),
            },
            errors: vec![],
        }),
    }
}

pub(crate) async fn load_organization(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    role: Option<MemberRole>,
) -> Result<Organization, ApiError> {
    let row = orgs::find(conn, id).await?.ok_or(ApiError::NotFound)?;
    let districts = orgs::districts_of(conn, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let alts = images::alts(conn, &row.image_id.into_iter().collect::<Vec<_>>()).await?;
    Ok(organization_dto(row, districts, role, &alts))
}

/// Register an organization. It is pending until an administrator approves
/// it; the caller becomes its administrator.
#[utoipa::path(
    operation_id = "create_organization",
    tag = "organizations",
    security(("bearer" = [])),
    request_body = OrganizationInput,
    responses(
        (status = 201, description = "Registered, pending approval", body = Organization),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name or organization number already registered (`organization_exists`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (named), e.g. a bad check digit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations")]
pub async fn create_organization(
    user: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<OrganizationInput>,
) -> Result<HttpResponse, ApiError> {
    let valid = body.validate().map_err(ApiError::Validation)?;
    let actor = user.id.into_uuid();
    let mut conn = state.conn().await?;
    let org = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let id = orgs::insert(conn, &valid, actor, false)
                .await
                .map_err(organization_constraints)?;
            audit::record(
                conn,
                &event(
                    actor,
                    "organization.register",
                    id,
                    serde_json::json!({ "name": valid.name }),
                ),
            )
            .await?;
            load_organization(conn, id, Some(MemberRole::Admin)).await
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/organizations/{}", org.id)))
        .json(org))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListOrganizationsQuery {
    /// Page number, from 1.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
    /// Part of the name (at most 200 characters).
    #[param(max_length = 200, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub q: Option<String>,
    /// Works in this district (slug).
    #[param(pattern = r"^[a-z0-9-]{1,40}$")]
    pub district: Option<String>,
    /// `pending` or `rejected` (administrators only); default `approved`.
    #[param(value_type = Option<OrganizationStatus>)]
    pub status: Option<String>,
}

/// List organizations (approved ones, by name).
#[utoipa::path(
    operation_id = "list_organizations",
    tag = "organizations",
    params(ListOrganizationsQuery),
    responses(
        (status = 200, description = "One page of organizations", body = Page<Organization>),
        (status = 400, description = "Invalid query parameter (named)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only administrators list pending or rejected organizations", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations")]
pub async fn list_organizations(
    user: MaybeUser,
    state: web::Data<AppState>,
    query: web::Query<ListOrganizationsQuery>,
) -> Result<crate::links::Paged<Page<Organization>>, ApiError> {
    let mut p = QueryParser::default();
    let page = p.page(&query.page, &query.per_page);
    let text = p.text("q", &query.q, 200);
    let district = p
        .list("district", &query.district, 1, |s| {
            fritid_domain::organization::is_slug(s).then(|| s.to_owned())
        })
        .pop();
    let status = match query.status.as_deref() {
        None => Some(OrganizationStatus::Approved),
        Some(s) => {
            let parsed = OrganizationStatus::parse(s);
            if parsed.is_none() {
                p.errors.push(FieldError::new(
                    "status",
                    "invalid",
                    "must be pending, approved or rejected",
                ));
            }
            parsed
        }
    };
    let (page, status) = p.finish(|| Some((page?, status?)))?;
    if status != OrganizationStatus::Approved
        && !user.0.as_ref().is_some_and(|u| u.has(Role::Admin))
    {
        return Err(ApiError::Forbidden {
            code: "forbidden",
            detail: "Only administrators list pending or rejected organizations.".into(),
            errors: vec![],
        });
    }
    let filter = OrganizationFilter {
        status: Some(status),
        text,
        district,
    };
    let mut conn = state.conn().await?;
    let (rows, total) = orgs::list(&mut conn, &filter, page.limit(), page.offset()).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut districts = orgs::districts_of(&mut conn, &ids).await?;
    let image_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.image_id).collect();
    let alts = images::alts(&mut conn, &image_ids).await?;
    let roles = match &user.0 {
        Some(u) => orgs::member_roles(&mut conn, u.id.into_uuid(), &ids).await?,
        None => Default::default(),
    };
    // Administrators deciding on an organization see who registered it.
    let mut applicants = if user.0.as_ref().is_some_and(|u| u.has(Role::Admin)) {
        orgs::applicants(&mut conn, &ids).await?
    } else {
        Default::default()
    };
    let items = rows
        .into_iter()
        .map(|r| {
            let id = r.id;
            let mut dto = organization_dto(
                r,
                districts.remove(&id).unwrap_or_default(),
                roles.get(&id).copied(),
                &alts,
            );
            dto.applicant = applicants
                .remove(&id)
                .map(|(name, email)| Applicant { name, email });
            dto
        })
        .collect();
    Ok(crate::links::Paged::new(
        Page::new(items, total, page),
        page.page(),
        page.per_page(),
        total,
    ))
}

/// The organizations the caller is a member of (any status).
#[utoipa::path(
    operation_id = "list_my_organizations",
    tag = "organizations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's organizations with their role", body = Vec<Organization>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/organizations")]
pub async fn list_my_organizations(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<Organization>>, ApiError> {
    let mut conn = state.conn().await?;
    let rows = orgs::for_member(&mut conn, user.id.into_uuid()).await?;
    let ids: Vec<Uuid> = rows.iter().map(|(r, _)| r.id).collect();
    let mut districts = orgs::districts_of(&mut conn, &ids).await?;
    let image_ids: Vec<Uuid> = rows.iter().filter_map(|(r, _)| r.image_id).collect();
    let alts = images::alts(&mut conn, &image_ids).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|(r, role)| {
                let id = r.id;
                organization_dto(
                    r,
                    districts.remove(&id).unwrap_or_default(),
                    MemberRole::parse(&role),
                    &alts,
                )
            })
            .collect(),
    ))
}

/// One organization.
#[utoipa::path(
    operation_id = "get_organization",
    tag = "organizations",
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "The organization", body = Organization),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization (or not approved and not yours)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}")]
pub async fn get_organization(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Organization>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let (_, role) = visible(&mut conn, id, user.0.as_ref()).await?;
    Ok(web::Json(load_organization(&mut conn, id, role).await?))
}

/// Update an organization (its administrators).
#[utoipa::path(
    operation_id = "update_organization",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    request_body = OrganizationInput,
    responses(
        (status = 200, description = "Updated", body = Organization),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name or number taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organizations/{id}")]
pub async fn update_organization(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<OrganizationInput>,
) -> Result<web::Json<Organization>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, id, &user, MemberRole::Admin).await?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let org = conn
        .transaction::<_, ApiError, _>(async |conn| {
            orgs::update(conn, id, &valid)
                .await
                .map_err(organization_constraints)?;
            load_organization(conn, id, Some(MemberRole::Admin)).await
        })
        .await?;
    Ok(web::Json(org))
}

async fn decide(
    admin: &AuthUser,
    state: &AppState,
    id: Uuid,
    status: OrganizationStatus,
    reason: Option<String>,
) -> Result<Organization, ApiError> {
    let actor = admin.id.into_uuid();
    let mut conn = state.conn().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        orgs::lock(conn, id).await?.ok_or(ApiError::NotFound)?;
        orgs::decide(conn, id, status, reason.as_deref(), actor).await?;
        // A rejected (or suspended, once approved) organization has nothing
        // live: its public activities are withdrawn with the same reason, in
        // the same transaction. Re-approval does not republish them; the
        // organizer decides that, activity by activity.
        let (action, withdrawn) = if status == OrganizationStatus::Approved {
            ("organization.approve", Vec::new())
        } else {
            let reason = reason
                .as_deref()
                .unwrap_or("The organization was suspended.");
            (
                "organization.reject",
                fritid_db::activities::withdraw_all_of_organization(conn, id, reason).await?,
            )
        };
        audit::record(
            conn,
            &event(
                actor,
                action,
                id,
                serde_json::json!({ "reason": reason, "withdrawn_activities": withdrawn }),
            ),
        )
        .await?;
        let role = orgs::member_role(conn, id, actor).await?;
        load_organization(conn, id, role).await
    })
    .await
}

/// Approve an organization (administrators). Its members may then publish.
#[utoipa::path(
    operation_id = "approve_organization",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "Approved", body = Organization),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/approve")]
pub async fn approve_organization(
    admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Organization>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    Ok(web::Json(
        decide(&admin.user, &state, id, OrganizationStatus::Approved, None).await?,
    ))
}

/// Reject an organization with a reason (administrators). Rejecting an
/// approved organization suspends it: its published, postponed and
/// cancelled activities are withdrawn with the same reason, leave the search
/// and take no more sign-ups (existing sign-ups stay recorded).
#[utoipa::path(
    operation_id = "reject_organization",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Rejected", body = Organization),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason given", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/reject")]
pub async fn reject_organization(
    admin: Authorized<Admin>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<web::Json<Organization>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let reason = body.validate().map_err(ApiError::Validation)?;
    Ok(web::Json(
        decide(
            &admin.user,
            &state,
            id,
            OrganizationStatus::Rejected,
            Some(reason),
        )
        .await?,
    ))
}

fn member_dto(m: orgs::MemberRow) -> Member {
    Member {
        user_id: UserId(m.user_id),
        display_name: m.display_name,
        email: m.email,
        role: MemberRole::parse(&m.role).unwrap_or(MemberRole::Editor),
        added_at: m.added_at,
    }
}

/// The members of an organization (its members only).
#[utoipa::path(
    operation_id = "list_members",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "Members by name", body = Vec<Member>),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/members")]
pub async fn list_members(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<Member>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, id, &user, MemberRole::Editor).await?;
    Ok(web::Json(
        orgs::members(&mut conn, id)
            .await?
            .into_iter()
            .map(member_dto)
            .collect(),
    ))
}

fn last_admin() -> ApiError {
    ApiError::Conflict {
        code: "last_organization_admin",
        detail:
            "This is the organization's last administrator; make someone else administrator first."
                .into(),
        errors: vec![FieldError::new(
            "role",
            "last_admin",
            "the last administrator must stay",
        )],
    }
}

/// Change a member's role (organization administrators). New members come
/// by invitation (`POST /organizations/{id}/invitations`).
#[utoipa::path(
    operation_id = "update_member_role",
    tag = "organizations",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "Organization id"),
        ("user_id" = String, Path, format = Uuid, description = "The member's user id"),
    ),
    request_body = RoleRequest,
    responses(
        (status = 200, description = "The members after the change", body = Vec<Member>),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization or member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would demote the last administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organizations/{id}/members/{user_id}")]
pub async fn update_member_role(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: JsonBody<RoleRequest>,
) -> Result<web::Json<Vec<Member>>, ApiError> {
    let id: Uuid = parse_id("id", &path.0)?;
    let member: Uuid = parse_id("user_id", &path.1)?;
    let role = body.role;
    let actor = user.id.into_uuid();
    let mut conn = state.conn().await?;
    require_member(&mut conn, id, &user, MemberRole::Admin).await?;
    let members = conn
        .transaction::<_, ApiError, _>(async |conn| {
            orgs::lock(conn, id).await?.ok_or(ApiError::NotFound)?;
            if orgs::member_role(conn, id, member).await?.is_none() {
                return Err(ApiError::NotFound);
            }
            if role == MemberRole::Editor && orgs::admins(conn, id).await? == [member] {
                return Err(last_admin());
            }
            orgs::add_member(conn, id, member, role).await?;
            audit::record(
                conn,
                &event(
                    actor,
                    "organization.member.role",
                    id,
                    serde_json::json!({ "user_id": member, "role": role.as_str() }),
                ),
            )
            .await?;
            Ok(orgs::members(conn, id)
                .await?
                .into_iter()
                .map(member_dto)
                .collect())
        })
        .await?;
    Ok(web::Json(members))
}

/// Remove a member (organization administrators). Anyone may leave, the
/// last administrator too: an organization without administrators is then
/// looked after by the municipality's administrators, who may invite new
/// ones.
#[utoipa::path(
    operation_id = "delete_member",
    tag = "organizations",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "Organization id"),
        ("user_id" = String, Path, format = Uuid, description = "The member's user id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "A path id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization or member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last administrator cannot be removed by someone else", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organizations/{id}/members/{user_id}")]
pub async fn delete_member(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path.0)?;
    let member: Uuid = parse_id("user_id", &path.1)?;
    let actor = user.id.into_uuid();
    let mut conn = state.conn().await?;
    if member != actor {
        require_member(&mut conn, id, &user, MemberRole::Admin).await?;
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        orgs::lock(conn, id).await?.ok_or(ApiError::NotFound)?;
        if member != actor && orgs::admins(conn, id).await? == [member] {
            return Err(last_admin());
        }
        if !orgs::remove_member(conn, id, member).await? {
            return Err(ApiError::NotFound);
        }
        audit::record(
            conn,
            &event(
                actor,
                "organization.member.remove",
                id,
                serde_json::json!({ "user_id": member }),
            ),
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn place_constraints(e: fritid_db::DbError) -> ApiError {
    match e.constraint() {
        Some("places_district_fkey") => {
            ApiError::validation("district", "unknown", "is not a known district")
        }
        _ => e.into(),
    }
}

/// Add a place (organization members).
#[utoipa::path(
    operation_id = "create_place",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    request_body = PlaceInput,
    responses(
        (status = 201, description = "Created", body = Place),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organizations/{id}/places")]
pub async fn create_place(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<PlaceInput>,
) -> Result<HttpResponse, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    require_member(&mut conn, id, &user, MemberRole::Editor).await?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    let place_id = orgs::insert_place(&mut conn, id, &valid)
        .await
        .map_err(place_constraints)?;
    let row = orgs::find_place(&mut conn, place_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/places/{place_id}")))
        .json(place_dto(row)))
}

/// The places of an organization.
#[utoipa::path(
    operation_id = "list_places",
    tag = "organizations",
    params(("id" = String, Path, format = Uuid, description = "Organization id")),
    responses(
        (status = 200, description = "Places by name", body = Vec<Place>),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/{id}/places")]
pub async fn list_places(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<Place>>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    visible(&mut conn, id, user.0.as_ref()).await?;
    Ok(web::Json(
        orgs::places_of(&mut conn, id)
            .await?
            .into_iter()
            .map(place_dto)
            .collect(),
    ))
}

/// Update a place (members of its organization). Its activities follow a district change.
#[utoipa::path(
    operation_id = "update_place",
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Place id")),
    request_body = PlaceInput,
    responses(
        (status = 200, description = "Updated", body = Place),
        (status = 400, description = "Bad id or malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the place's organization", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such place", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/places/{id}")]
pub async fn update_place(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: JsonBody<PlaceInput>,
) -> Result<web::Json<Place>, ApiError> {
    let id: Uuid = parse_id("id", &path)?;
    let mut conn = state.conn().await?;
    let place = orgs::find_place(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    require_member(&mut conn, place.organization_id, &user, MemberRole::Editor).await?;
    let valid = body.validate().map_err(ApiError::Validation)?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        orgs::update_place(conn, id, &valid)
            .await
            .map_err(place_constraints)?;
        Ok(())
    })
    .await?;
    let row = orgs::find_place(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(place_dto(row)))
}

pub(crate) fn event(
    actor: Uuid,
    action: &'static str,
    org: Uuid,
    details: serde_json::Value,
) -> NewAuditEvent<'static> {
    NewAuditEvent {
        actor_id: Some(actor),
        action,
        subject_type: "organization",
        subject_id: Some(org.to_string()),
        details,
    }
}
