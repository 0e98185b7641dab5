//! Messages to participants: one per sign-up, written into the outbox in
//! the caller's transaction, in the language of the person who signed up.

use crate::DbError;
use diesel::sql_types::{Array, Bool, Date, Jsonb, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::notification::Template;
use uuid::Uuid;

/// Writes `template` to the owner of each sign-up in `signups`, with the
/// activity, the participant, the next start and the waiting position
/// filled in, plus `extra` (an object, e.g. the reason for a cancellation).
/// With `dedup_prefix`, each message is keyed `prefix || signup id` and
/// written once however often this runs. Returns how many were written.
pub async fn to_signups(
    conn: &mut AsyncPgConnection,
    signups: &[Uuid],
    template: Template,
    extra: &serde_json::Value,
    dedup_prefix: Option<&str>,
) -> Result<usize, DbError> {
    if signups.is_empty() {
        return Ok(0);
    }
    Ok(diesel::sql_query(
        "INSERT INTO outbox (user_id, recipient, template, language, data, essential, send_email, dedup_key)
         SELECT u.id, u.email, $2, u.language,
                jsonb_build_object(
                    'activity_id', a.id, 'activity_title', a.title, 'organization_name', o.name,
                    'first_name', s.first_name, 'participant', s.participant,
                    'place_name', p.name, 'place_address', p.address,
                    'starts_at', (SELECT min(x.starts_at) FROM activity_occurrences x
                                  WHERE x.activity_id = a.id AND x.ends_at > now()),
                    'waiting_position', CASE WHEN s.status = 'waiting' THEN
                        (SELECT count(*) FROM signups w WHERE w.activity_id = s.activity_id
                           AND w.status = 'waiting' AND w.seq <= s.seq) END
                ) || $3,
                $4, $4 OR u.email_reminders,
                CASE WHEN $5::text IS NULL THEN NULL ELSE $5 || s.id::text END
         FROM signups s
         JOIN users u ON u.id = s.user_id
         JOIN activities a ON a.id = s.activity_id
         JOIN organizations o ON o.id = a.organization_id
         LEFT JOIN places p ON p.id = a.place_id
         WHERE s.id = ANY($1)
         ORDER BY s.seq
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind::<Array<SqlUuid>, _>(signups)
    .bind::<Text, _>(template.key())
    .bind::<Jsonb, _>(extra)
    .bind::<Bool, _>(template.essential())
    .bind::<Nullable<Text>, _>(dedup_prefix)
    .execute(conn)
    .await?)
}

/// The active sign-ups (confirmed or waiting) of an activity.
pub async fn active_signups(
    conn: &mut AsyncPgConnection,
    activity: Uuid,
) -> Result<Vec<Uuid>, DbError> {
    use crate::schema::signups;
    use diesel::{ExpressionMethods, QueryDsl};
    Ok(signups::table
        .filter(signups::activity_id.eq(activity))
        .filter(signups::status.eq_any(["confirmed", "waiting"]))
        .order(signups::seq)
        .select(signups::id)
        .load(conn)
        .await?)
}

#[derive(Debug, diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// Reminds everyone with a place on a published single-time activity that
/// starts on `day` (Oslo date). Runs as often as it likes: each sign-up is
/// reminded once for that day.
pub async fn remind_for_day(
    conn: &mut AsyncPgConnection,
    day: chrono::NaiveDate,
) -> Result<usize, DbError> {
    let ids: Vec<Id> = diesel::sql_query(
        "SELECT s.id FROM signups s
         JOIN activities a ON a.id = s.activity_id
         WHERE s.status = 'confirmed' AND a.status = 'published'
           AND a.schedule->>'kind' = 'single'
           AND EXISTS (SELECT 1 FROM activity_occurrences x WHERE x.activity_id = a.id
                       AND (x.starts_at AT TIME ZONE 'Europe/Oslo')::date = $1
                       AND x.starts_at > now())",
    )
    .bind::<Date, _>(day)
    .load(conn)
    .await?;
    let ids: Vec<Uuid> = ids.into_iter().map(|r| r.id).collect();
    to_signups(
        conn,
        &ids,
        Template::ActivityReminder,
        &serde_json::json!({}),
        Some(&format!("reminder:{day}:")),
    )
    .await
}
