//! Reference data: Asker's districts and the activity categories.

use crate::schema::{categories, districts};
use crate::DbError;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::organization::{Category, District};

/// Every district in display order.
pub async fn districts(conn: &mut AsyncPgConnection) -> Result<Vec<District>, DbError> {
    let rows: Vec<(String, String)> = districts::table
        .order((districts::sort_order, districts::name))
        .select((districts::slug, districts::name))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, name)| District { slug, name })
        .collect())
}

/// Every category in display order.
pub async fn categories(conn: &mut AsyncPgConnection) -> Result<Vec<Category>, DbError> {
    let rows: Vec<(String, String, String)> = categories::table
        .order((categories::sort_order, categories::name_nb))
        .select((categories::slug, categories::name_nb, categories::name_en))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, name_nb, name_en)| Category {
            slug,
            name_nb,
            name_en,
        })
        .collect())
}

/// Inserts or renames districts (seed data); the order of the slice is the display order.
pub async fn upsert_districts(
    conn: &mut AsyncPgConnection,
    items: &[(&str, &str)],
) -> Result<(), DbError> {
    let rows: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, (slug, name))| {
            (
                districts::slug.eq(*slug),
                districts::name.eq(*name),
                districts::sort_order.eq(i as i16),
            )
        })
        .collect();
    diesel::insert_into(districts::table)
        .values(rows)
        .on_conflict(districts::slug)
        .do_update()
        .set((
            districts::name.eq(excluded(districts::name)),
            districts::sort_order.eq(excluded(districts::sort_order)),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Inserts or renames categories (seed data).
pub async fn upsert_categories(
    conn: &mut AsyncPgConnection,
    items: &[(&str, &str, &str)],
) -> Result<(), DbError> {
    let rows: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, (slug, nb, en))| {
            (
                categories::slug.eq(*slug),
                categories::name_nb.eq(*nb),
                categories::name_en.eq(*en),
                categories::sort_order.eq(i as i16),
            )
        })
        .collect();
    diesel::insert_into(categories::table)
        .values(rows)
        .on_conflict(categories::slug)
        .do_update()
        .set((
            categories::name_nb.eq(excluded(categories::name_nb)),
            categories::name_en.eq(excluded(categories::name_en)),
            categories::sort_order.eq(excluded(categories::sort_order)),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
