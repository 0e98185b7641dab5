//! Organizations, their districts and members, and their places.

use crate::schema::{
    districts, organization_districts, organization_members, organizations, places, users,
};
use crate::users::escape_like;
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::organization::{MemberRole, OrganizationStatus, PlaceInput, ValidOrganization};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    pub org_number: Option<String>,
    pub description: String,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
    pub image_id: Option<Uuid>,
}

/// Creates an organization (pending) with its creator as admin.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    org: &ValidOrganization,
    created_by: Uuid,
    is_demo: bool,
) -> Result<Uuid, DbError> {
    let id: Uuid = diesel::insert_into(organizations::table)
        .values((
            organizations::name.eq(&org.name),
            organizations::org_number.eq(org.org_number.as_ref().map(|n| n.as_str())),
            organizations::description.eq(&org.description),
            organizations::website.eq(&org.website),
            organizations::contact_email.eq(&org.contact_email),
            organizations::contact_phone.eq(&org.contact_phone),
            organizations::created_by.eq(created_by),
            organizations::is_demo.eq(is_demo),
        ))
        .returning(organizations::id)
        .get_result(conn)
        .await?;
    set_districts(conn, id, &org.districts).await?;
    add_member(conn, id, created_by, MemberRole::Admin).await?;
    Ok(id)
}

/// Replaces the editable fields.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    org: &ValidOrganization,
) -> Result<(), DbError> {
    diesel::update(organizations::table.find(id))
        .set((
            organizations::name.eq(&org.name),
            organizations::org_number.eq(org.org_number.as_ref().map(|n| n.as_str())),
            organizations::description.eq(&org.description),
            organizations::website.eq(&org.website),
            organizations::contact_email.eq(&org.contact_email),
            organizations::contact_phone.eq(&org.contact_phone),
            organizations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    set_districts(conn, id, &org.districts).await
}

async fn set_districts(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    slugs: &[String],
) -> Result<(), DbError> {
    diesel::delete(
        organization_districts::table.filter(organization_districts::organization_id.eq(id)),
    )
    .execute(conn)
    .await?;
    let rows: Vec<_> = slugs
        .iter()
        .map(|d| {
            (
                organization_districts::organization_id.eq(id),
                organization_districts::district.eq(d),
            )
        })
        .collect();
    diesel::insert_into(organization_districts::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<OrganizationRow>, DbError> {
    Ok(organizations::table
        .find(id)
        .select(OrganizationRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Locks the organization row (serialises member changes).
pub async fn lock(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<OrganizationRow>, DbError> {
    Ok(organizations::table
        .find(id)
        .for_update()
        .select(OrganizationRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// District slugs of many organizations.
pub async fn districts_of(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<String>>, DbError> {
    let pairs: Vec<(Uuid, String)> = organization_districts::table
        .inner_join(districts::table)
        .filter(organization_districts::organization_id.eq_any(ids))
        .order(districts::sort_order)
        .select((
            organization_districts::organization_id,
            organization_districts::district,
        ))
        .load(conn)
        .await?;
    let mut map: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (id, d) in pairs {
        map.entry(id).or_default().push(d);
    }
    Ok(map)
}

#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub status: Option<OrganizationStatus>,
    pub text: Option<String>,
    pub district: Option<String>,
}

/// One page of organizations by name, with the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    filter: &OrganizationFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<OrganizationRow>, i64), DbError> {
    let build = || {
        let mut q = organizations::table.into_boxed();
        if let Some(status) = filter.status {
            q = q.filter(organizations::status.eq(status.as_str()));
        }
        if let Some(text) = &filter.text {
            q = q.filter(organizations::name.ilike(format!("%{}%", escape_like(text))));
        }
        if let Some(d) = &filter.district {
            let ids = organization_districts::table
                .filter(organization_districts::district.eq(d.clone()))
                .select(organization_districts::organization_id);
            q = q.filter(organizations::id.eq_any(ids));
        }
        q
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((organizations::name.asc(), organizations::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(OrganizationRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// The organizations a user is a member of, with their role.
pub async fn for_member(
    conn: &mut AsyncPgConnection,
    user: Uuid,
) -> Result<Vec<(OrganizationRow, String)>, DbError> {
    Ok(organizations::table
        .inner_join(organization_members::table)
        .filter(organization_members::user_id.eq(user))
        .order(organizations::name)
        .select((OrganizationRow::as_select(), organization_members::role))
        .load(conn)
        .await?)
}

/// Approves or rejects.
pub async fn decide(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: OrganizationStatus,
    reason: Option<&str>,
    by: Uuid,
) -> Result<(), DbError> {
    diesel::update(organizations::table.find(id))
        .set((
            organizations::status.eq(status.as_str()),
            organizations::status_reason.eq(reason),
            organizations::decided_at.eq(diesel::dsl::now),
            organizations::decided_by.eq(by),
            organizations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The user's role in the organization, if a member.
pub async fn member_role(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    user: Uuid,
) -> Result<Option<MemberRole>, DbError> {
    let role: Option<String> = organization_members::table
        .find((org, user))
        .select(organization_members::role)
        .first(conn)
        .await
        .optional()?;
    Ok(role.as_deref().and_then(MemberRole::parse))
}

/// The caller's roles in many organizations.
pub async fn member_roles(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    orgs: &[Uuid],
) -> Result<HashMap<Uuid, MemberRole>, DbError> {
    let rows: Vec<(Uuid, String)> = organization_members::table
        .filter(organization_members::user_id.eq(user))
        .filter(organization_members::organization_id.eq_any(orgs))
        .select((
            organization_members::organization_id,
            organization_members::role,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, r)| MemberRole::parse(&r).map(|r| (id, r)))
        .collect())
}

#[derive(Debug, Clone, Queryable)]
pub struct MemberRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub added_at: DateTime<Utc>,
}

pub async fn members(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<MemberRow>, DbError> {
    Ok(organization_members::table
        .inner_join(users::table)
        .filter(organization_members::organization_id.eq(org))
        .order((users::display_name, users::id))
        .select((
            users::id,
            users::display_name,
            users::email,
            organization_members::role,
            organization_members::added_at,
        ))
        .load(conn)
        .await?)
}

/// Adds a member or changes their role.
pub async fn add_member(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    user: Uuid,
    role: MemberRole,
) -> Result<(), DbError> {
    diesel::insert_into(organization_members::table)
        .values((
            organization_members::organization_id.eq(org),
            organization_members::user_id.eq(user),
            organization_members::role.eq(role.as_str()),
        ))
        .on_conflict((
            organization_members::organization_id,
            organization_members::user_id,
        ))
        .do_update()
        .set(organization_members::role.eq(role.as_str()))
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes a member; returns whether they were one.
pub async fn remove_member(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    user: Uuid,
) -> Result<bool, DbError> {
    Ok(
        diesel::delete(organization_members::table.find((org, user)))
            .execute(conn)
            .await?
            == 1,
    )
}

/// The admins of an organization (call with the organization row locked).
pub async fn admins(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<Uuid>, DbError> {
    Ok(organization_members::table
        .filter(organization_members::organization_id.eq(org))
        .filter(organization_members::role.eq("admin"))
        .select(organization_members::user_id)
        .load(conn)
        .await?)
}

/// A place with its district's name (selected from `places` joined with `districts`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = places)]
pub struct PlaceRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub address: String,
    pub district: String,
    #[diesel(select_expression = districts::name)]
    pub district_name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub step_free_access: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
    pub transit_note: String,
}

pub async fn insert_place(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    p: &PlaceInput,
) -> Result<Uuid, DbError> {
    Ok(diesel::insert_into(places::table)
        .values((
            places::organization_id.eq(org),
            places::name.eq(&p.name),
            places::address.eq(&p.address),
            places::district.eq(&p.district),
            places::latitude.eq(p.latitude),
            places::longitude.eq(p.longitude),
            places::step_free_access.eq(p.step_free_access),
            places::accessible_toilet.eq(p.accessible_toilet),
            places::hearing_loop.eq(p.hearing_loop),
            places::transit_note.eq(&p.transit_note),
        ))
        .returning(places::id)
        .get_result(conn)
        .await?)
}

/// Updates a place; the district is copied onto its activities.
pub async fn update_place(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    p: &PlaceInput,
) -> Result<(), DbError> {
    use crate::schema::activities;
    diesel::update(places::table.find(id))
        .set((
            places::name.eq(&p.name),
            places::address.eq(&p.address),
            places::district.eq(&p.district),
            places::latitude.eq(p.latitude),
            places::longitude.eq(p.longitude),
            places::step_free_access.eq(p.step_free_access),
            places::accessible_toilet.eq(p.accessible_toilet),
            places::hearing_loop.eq(p.hearing_loop),
            places::transit_note.eq(&p.transit_note),
            places::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    diesel::update(activities::table.filter(activities::place_id.eq(id)))
        .set((
            activities::district.eq(&p.district),
            activities::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_place(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<PlaceRow>, DbError> {
    Ok(places::table
        .inner_join(districts::table)
        .filter(places::id.eq(id))
        .select(PlaceRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

pub async fn places_of(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<PlaceRow>, DbError> {
    Ok(places::table
        .inner_join(districts::table)
        .filter(places::organization_id.eq(org))
        .order((places::name, places::id))
        .select(PlaceRow::as_select())
        .load(conn)
        .await?)
}

/// Who registered each of these organizations: (name, e-mail) of the
/// account, for the administrators who decide on them.
pub async fn applicants(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, (String, String)>, DbError> {
    use crate::schema::users;
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String, String)> = organizations::table
        .inner_join(users::table.on(organizations::created_by.eq(users::id.nullable())))
        .filter(organizations::id.eq_any(ids))
        .select((organizations::id, users::display_name, users::email))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email)| (id, (name, email)))
        .collect())
}
