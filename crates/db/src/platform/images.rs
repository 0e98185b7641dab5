//! Pictures: the re-encoded sizes of an upload, and which activity or
//! organization shows which picture. A replaced picture is deleted with its
//! sizes in the same transaction, so nothing is left behind.

use crate::schema::{activities, bua_models, image_variants, images, organizations};
use crate::DbError;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// A checked and re-encoded upload, ready to store.
#[derive(Debug, Clone)]
pub struct NewImage {
    pub alt: String,
    pub source_sha256: Vec<u8>,
    pub source_type: &'static str,
    pub source_width: u32,
    pub source_height: u32,
    /// (variant, width, height, JPEG bytes)
    pub variants: Vec<(&'static str, u32, u32, Vec<u8>)>,
}

fn px(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// Stores the picture and its sizes; returns its new id. `organization` is
/// the one it belongs to (none for the municipality's own, as BUA's).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization: Option<Uuid>,
    uploaded_by: Uuid,
    image: &NewImage,
) -> Result<Uuid, DbError> {
    let id: Uuid = diesel::insert_into(images::table)
        .values((
            images::organization_id.eq(organization),
            images::uploaded_by.eq(uploaded_by),
            images::alt.eq(&image.alt),
            images::source_sha256.eq(&image.source_sha256),
            images::source_type.eq(image.source_type),
            images::source_width.eq(px(image.source_width)),
            images::source_height.eq(px(image.source_height)),
        ))
        .returning(images::id)
        .get_result(conn)
        .await?;
    for (variant, width, height, bytes) in &image.variants {
        diesel::insert_into(image_variants::table)
            .values((
                image_variants::image_id.eq(id),
                image_variants::variant.eq(*variant),
                image_variants::width.eq(px(*width)),
                image_variants::height.eq(px(*height)),
                image_variants::bytes.eq(bytes),
            ))
            .execute(conn)
            .await?;
    }
    Ok(id)
}

/// The JPEG bytes of one size of a picture.
pub async fn variant_bytes(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    variant: &str,
) -> Result<Option<Vec<u8>>, DbError> {
    Ok(image_variants::table
        .filter(image_variants::image_id.eq(id))
        .filter(image_variants::variant.eq(variant))
        .select(image_variants::bytes)
        .first(conn)
        .await
        .optional()?)
}

/// The alternative text of a picture.
pub async fn alt(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<String>, DbError> {
    Ok(images::table
        .find(id)
        .select(images::alt)
        .first(conn)
        .await
        .optional()?)
}

/// Shows `image` on the activity (or none); deletes the picture it replaces.
/// Marks the activity changed, so synchronising clients see it.
pub async fn set_for_activity(
    conn: &mut AsyncPgConnection,
    activity: Uuid,
    image: Option<Uuid>,
) -> Result<(), DbError> {
    let old: Option<Uuid> = activities::table
        .find(activity)
        .select(activities::image_id)
        .for_update()
        .first(conn)
        .await?;
    diesel::update(activities::table.find(activity))
        .set((
            activities::image_id.eq(image),
            activities::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    delete_unless(conn, old, image).await
}

/// Shows `image` for the BUA model (or none); deletes the one it replaces.
pub async fn set_for_bua_model(
    conn: &mut AsyncPgConnection,
    model: Uuid,
    image: Option<Uuid>,
) -> Result<(), DbError> {
    let old: Option<Uuid> = bua_models::table
        .find(model)
        .select(bua_models::image_id)
        .for_update()
        .first(conn)
        .await?;
    diesel::update(bua_models::table.find(model))
        .set((
            bua_models::image_id.eq(image),
            bua_models::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    delete_unless(conn, old, image).await
}

/// Shows `image` for the organization (or none); deletes the one it replaces.
pub async fn set_for_organization(
    conn: &mut AsyncPgConnection,
    organization: Uuid,
    image: Option<Uuid>,
) -> Result<(), DbError> {
    let old: Option<Uuid> = organizations::table
        .find(organization)
        .select(organizations::image_id)
        .for_update()
        .first(conn)
        .await?;
    diesel::update(organizations::table.find(organization))
        .set(organizations::image_id.eq(image))
        .execute(conn)
        .await?;
    delete_unless(conn, old, image).await
}

async fn delete_unless(
    conn: &mut AsyncPgConnection,
    old: Option<Uuid>,
    keep: Option<Uuid>,
) -> Result<(), DbError> {
    if let Some(old) = old.filter(|o| Some(*o) != keep) {
        diesel::delete(images::table.find(old))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// How many pictures exist (for tests and the operator's overview).
pub async fn count(conn: &mut AsyncPgConnection) -> Result<i64, DbError> {
    Ok(images::table.count().get_result(conn).await?)
}

/// The alternative texts of these pictures.
pub async fn alts(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, DbError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = images::table
        .filter(images::id.eq_any(ids))
        .select((images::id, images::alt))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}
