//! What the server puts into the HTML of public pages for link previews and
//! search engines (which read no JavaScript), and the sitemap.

use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Bool, Int2, Int4, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// A public activity as its preview shows it.
#[derive(Debug, Clone, QueryableByName)]
pub struct ActivityPage {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Text)]
    pub organization_name: String,
    #[diesel(sql_type = Text)]
    pub place_name: String,
    #[diesel(sql_type = Text)]
    pub place_address: String,
    #[diesel(sql_type = Text)]
    pub district_name: String,
    /// The next occurrence that has not ended.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub next_start: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub next_end: Option<DateTime<Utc>>,
    #[diesel(sql_type = Bool)]
    pub is_free: bool,
    #[diesel(sql_type = Int4)]
    pub total_cost_nok: i32,
    #[diesel(sql_type = Int2)]
    pub age_min: i16,
    #[diesel(sql_type = Int2)]
    pub age_max: i16,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub image_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub image_alt: Option<String>,
    #[diesel(sql_type = Text)]
    pub category: String,
}

/// The activity if the public may see it (every status but draft).
pub async fn public_activity(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<ActivityPage>, DbError> {
    let mut rows: Vec<ActivityPage> = diesel::sql_query(
        "SELECT a.id, a.title, a.description, a.status, o.name AS organization_name,
                p.name AS place_name, p.address AS place_address, d.name AS district_name,
                n.starts_at AS next_start, n.ends_at AS next_end,
                a.is_free, a.total_cost_nok, a.age_min, a.age_max, a.updated_at,
                a.image_id, img.alt AS image_alt, a.category
         FROM activities a
         LEFT JOIN images img ON img.id = a.image_id
         JOIN organizations o ON o.id = a.organization_id
         JOIN places p ON p.id = a.place_id
         JOIN districts d ON d.slug = a.district
         LEFT JOIN LATERAL (
             SELECT starts_at, ends_at FROM activity_occurrences
             WHERE activity_id = a.id AND ends_at > now()
             ORDER BY starts_at LIMIT 1
         ) n ON true
         WHERE a.id = $1 AND a.status <> 'draft'",
    )
    .bind::<SqlUuid, _>(id)
    .load(conn)
    .await?;
    Ok(rows.pop())
}

/// One page of the sitemap.
#[derive(Debug, Clone, QueryableByName)]
pub struct SitemapEntry {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
}

/// Activities worth finding (published or postponed, not ended), newest
/// change first, at most `limit` (a sitemap file holds 50,000).
pub async fn sitemap_activities(
    conn: &mut AsyncPgConnection,
    limit: i64,
) -> Result<Vec<SitemapEntry>, DbError> {
    Ok(diesel::sql_query(
        "SELECT a.id, a.updated_at FROM activities a
         WHERE a.status IN ('published', 'postponed')
           AND EXISTS (SELECT 1 FROM activity_occurrences x
                       WHERE x.activity_id = a.id AND x.ends_at > now())
         ORDER BY a.updated_at DESC, a.id
         LIMIT $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await?)
}

/// Approved organizations with something to find (a published or postponed
/// activity that has not ended), with their newest change; their page is
/// the activity list filtered to them.
pub async fn sitemap_organizations(
    conn: &mut AsyncPgConnection,
    limit: i64,
) -> Result<Vec<SitemapEntry>, DbError> {
    Ok(diesel::sql_query(
        "SELECT o.id, max(a.updated_at) AS updated_at
         FROM organizations o JOIN activities a ON a.organization_id = o.id
         WHERE o.status = 'approved' AND a.status IN ('published', 'postponed')
           AND EXISTS (SELECT 1 FROM activity_occurrences x
                       WHERE x.activity_id = a.id AND x.ends_at > now())
         GROUP BY o.id
         ORDER BY max(a.updated_at) DESC, o.id
         LIMIT $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await?)
}
