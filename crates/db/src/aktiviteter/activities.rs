//! Activities, their stored occurrences, and sign-ups with the waiting list.

use crate::schema::{
    activities, activity_occurrences, categories, districts, organizations, places, signups,
};
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Int2, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::activity::{ActivityStatus, ValidActivity};
use fritid_domain::notification::Template;
use fritid_domain::signup::{placement, promotions, SignupStatus, ValidSignup};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = activities)]
pub struct ActivityRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub place_id: Uuid,
    pub district: String,
    pub category: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub tags: Vec<Option<String>>,
    pub age_min: i16,
    pub age_max: i16,
    pub contact_name: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub is_free: bool,
    pub membership_fee_nok: i32,
    pub session_fee_nok: i32,
    pub equipment_cost_nok: i32,
    pub other_cost_nok: i32,
    pub total_cost_nok: i32,
    pub drop_in: bool,
    pub no_membership_needed: bool,
    pub free_trial: bool,
    pub newcomer_contact: Option<String>,
    pub languages: Vec<Option<String>>,
    pub equipment_needed: String,
    pub equipment_lent: bool,
    pub adapted_for_disabilities: bool,
    pub companion_card_accepted: bool,
    pub schedule: serde_json::Value,
    pub status: String,
    pub status_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub signup_required: bool,
    pub capacity: Option<i32>,
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: Option<DateTime<Utc>>,
    pub confirmed_count: i32,
    pub waiting_count: i32,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub image_id: Option<Uuid>,
    /// Counts changes of the content (iCalendar `SEQUENCE`).
    pub revision: i32,
}

impl ActivityRow {
    pub fn status(&self) -> ActivityStatus {
        ActivityStatus::parse(&self.status).unwrap_or(ActivityStatus::Draft)
    }
}

/// The editable columns of an activity, as one tuple of assignments: the
/// same for `update`'s `SET` and `insert_many`'s `VALUES`.
macro_rules! editable_columns {
    ($district:expr, $a:expr) => {{
        let district: &str = $district;
        let a: &ValidActivity = $a;
        let i = &a.input;
        let signup = i.signup.as_ref();
        (
            (
                activities::place_id.eq(i.place_id.into_uuid()),
                activities::district.eq(district),
                activities::category.eq(&i.category),
                activities::title.eq(&i.title),
                activities::title_en.eq(&i.title_en),
                activities::description.eq(&i.description),
                activities::description_en.eq(&i.description_en),
                activities::tags.eq(a.tags.iter().cloned().map(Some).collect::<Vec<_>>()),
                activities::age_min.eq(i.age_min),
                activities::age_max.eq(i.age_max),
                activities::contact_name.eq(&i.contact.name),
                activities::contact_email.eq(&i.contact.email),
                activities::contact_phone.eq(&i.contact.phone),
            ),
            (
                activities::is_free.eq(i.cost.is_free),
                activities::membership_fee_nok.eq(i.cost.membership_fee_nok),
                activities::session_fee_nok.eq(i.cost.session_fee_nok),
                activities::equipment_cost_nok.eq(i.cost.equipment_cost_nok),
                activities::other_cost_nok.eq(i.cost.other_cost_nok),
                activities::total_cost_nok.eq(a.total_cost_nok),
                activities::drop_in.eq(i.threshold.drop_in),
                activities::no_membership_needed.eq(i.threshold.no_membership_needed),
                activities::free_trial.eq(i.threshold.free_trial),
                activities::newcomer_contact.eq(&i.threshold.newcomer_contact),
                activities::languages.eq(a.languages.iter().cloned().map(Some).collect::<Vec<_>>()),
                activities::equipment_needed.eq(&i.equipment.needed),
                activities::equipment_lent.eq(i.equipment.lent_by_organizer),
            ),
            (
                activities::adapted_for_disabilities.eq(i.accessibility.adapted_for_disabilities),
                activities::companion_card_accepted.eq(i.accessibility.companion_card_accepted),
                activities::schedule.eq(serde_json::to_value(&i.schedule).unwrap_or_default()),
                activities::signup_required.eq(signup.is_some()),
                activities::capacity.eq(signup.map(|s| s.capacity)),
                activities::signup_opens_at.eq(signup.and_then(|s| s.opens_at)),
                activities::signup_closes_at.eq(signup.and_then(|s| s.closes_at)),
                activities::updated_at.eq(diesel::dsl::now),
            ),
        )
    }};
}

/// Inserts a draft and its occurrences; `district` is the place's.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization: Uuid,
    district: &str,
    a: &ValidActivity,
    created_by: Option<Uuid>,
    is_demo: bool,
) -> Result<Uuid, DbError> {
    let i = &a.input;
    let id: Uuid = diesel::insert_into(activities::table)
        .values((
            activities::organization_id.eq(organization),
            activities::created_by.eq(created_by),
            activities::is_demo.eq(is_demo),
            activities::schedule.eq(serde_json::to_value(&i.schedule).unwrap_or_default()),
            activities::place_id.eq(i.place_id.into_uuid()),
            activities::district.eq(district),
            activities::category.eq(&i.category),
            activities::title.eq(&i.title),
            activities::description.eq(&i.description),
            activities::age_min.eq(i.age_min),
            activities::age_max.eq(i.age_max),
            activities::contact_name.eq(&i.contact.name),
            activities::is_free.eq(i.cost.is_free),
        ))
        .returning(activities::id)
        .get_result(conn)
        .await?;
    update(conn, id, district, a).await?;
    Ok(id)
}

/// Replaces the editable fields and the occurrences.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    district: &str,
    a: &ValidActivity,
) -> Result<(), DbError> {
    diesel::update(activities::table.find(id))
        .set(editable_columns!(district, a))
        .execute(conn)
        .await?;
    // The occurrences are written again only when they changed: an edit of
    // the text then leaves them (and every kept search answer that does
    // not show this activity, migration `000021_catalogue_edits`) alone.
    let stored: Vec<(DateTime<Utc>, DateTime<Utc>)> = activity_occurrences::table
        .filter(activity_occurrences::activity_id.eq(id))
        .order(activity_occurrences::starts_at)
        .select((
            activity_occurrences::starts_at,
            activity_occurrences::ends_at,
        ))
        .load(conn)
        .await?;
    let mut wanted: Vec<_> = a
        .occurrences
        .iter()
        .map(|o| (o.starts_at, o.ends_at))
        .collect();
    wanted.sort_unstable();
    if stored != wanted {
        diesel::delete(
            activity_occurrences::table.filter(activity_occurrences::activity_id.eq(id)),
        )
        .execute(conn)
        .await?;
        insert_occurrences(conn, &[(id, a)]).await?;
    }
    Ok(())
}

/// Inserts the occurrences of freshly written activities, many rows per
/// statement (the next-occurrence trigger then runs once per statement).
async fn insert_occurrences(
    conn: &mut AsyncPgConnection,
    written: &[(Uuid, &ValidActivity)],
) -> Result<(), DbError> {
    let rows: Vec<_> = written
        .iter()
        .flat_map(|(id, a)| {
            a.occurrences.iter().map(move |o| {
                (
                    activity_occurrences::activity_id.eq(*id),
                    activity_occurrences::starts_at.eq(o.starts_at),
                    activity_occurrences::ends_at.eq(o.ends_at),
                    activity_occurrences::weekday.eq(i16::from(o.weekday)),
                    activity_occurrences::start_minute.eq(o.start_minute as i16),
                )
            })
        })
        .collect();
    // Five parameters a row, far below PostgreSQL's 65,535 a statement.
    for chunk in rows.chunks(10_000) {
        diesel::insert_into(activity_occurrences::table)
            .values(chunk)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// One new activity for [`insert_many`].
#[derive(Debug)]
pub struct NewActivity<'a> {
    pub organization: Uuid,
    /// The place's district.
    pub district: &'a str,
    pub activity: &'a ValidActivity,
    pub created_by: Option<Uuid>,
    pub is_demo: bool,
    pub published: bool,
}

/// Inserts many activities (drafts or published) and their occurrences in a
/// few statements: the demo seed and the benchmarks' large catalogues.
pub async fn insert_many(
    conn: &mut AsyncPgConnection,
    new: &[NewActivity<'_>],
) -> Result<Vec<Uuid>, DbError> {
    let ids: Vec<Uuid> = new.iter().map(|_| Uuid::new_v4()).collect();
    let now = Utc::now();
    // About forty parameters a row: 500 rows stay below 65,535.
    for (chunk, chunk_ids) in new.chunks(500).zip(ids.chunks(500)) {
        let rows: Vec<_> = chunk
            .iter()
            .zip(chunk_ids)
            .map(|(n, id)| {
                let status = if n.published {
                    ActivityStatus::Published
                } else {
                    ActivityStatus::Draft
                };
                (
                    (
                        activities::id.eq(*id),
                        activities::organization_id.eq(n.organization),
                        activities::created_by.eq(n.created_by),
                        activities::is_demo.eq(n.is_demo),
                        activities::status.eq(status.as_str()),
                        activities::published_at.eq(n.published.then_some(now)),
                    ),
                    editable_columns!(n.district, n.activity),
                )
            })
            .collect();
        diesel::insert_into(activities::table)
            .values(rows)
            .execute(conn)
            .await?;
    }
    let written: Vec<_> = ids
        .iter()
        .copied()
        .zip(new.iter().map(|n| n.activity))
        .collect();
    insert_occurrences(conn, &written).await?;
    Ok(ids)
}

pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<ActivityRow>, DbError> {
    Ok(activities::table
        .find(id)
        .select(ActivityRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Locks the activity row: sign-ups, cancellations and capacity changes of
/// one activity run one at a time.
pub async fn lock(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<ActivityRow>, DbError> {
    Ok(activities::table
        .find(id)
        .for_update()
        .select(ActivityRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Sets the status (and reason); publishing stamps `published_at` once.
pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: ActivityStatus,
    reason: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(activities::table.find(id))
        .set((
            activities::status.eq(status.as_str()),
            activities::status_reason.eq(reason),
            activities::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    if status == ActivityStatus::Published {
        diesel::update(
            activities::table
                .find(id)
                .filter(activities::published_at.is_null()),
        )
        .set(activities::published_at.eq(diesel::dsl::now))
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Names for display: (category nb, category en, district, organization).
pub async fn names(
    conn: &mut AsyncPgConnection,
    row: &ActivityRow,
) -> Result<(String, String, String, String), DbError> {
    let (cat_nb, cat_en): (String, String) = categories::table
        .find(&row.category)
        .select((categories::name_nb, categories::name_en))
        .first(conn)
        .await?;
    let district: String = districts::table
        .find(&row.district)
        .select(districts::name)
        .first(conn)
        .await?;
    let org: String = organizations::table
        .find(row.organization_id)
        .select(organizations::name)
        .first(conn)
        .await?;
    Ok((cat_nb, cat_en, district, org))
}

/// An activity with the names its calendar event shows.
#[derive(Debug, Clone)]
pub struct CalendarActivity {
    pub row: ActivityRow,
    /// The category's name in bokmål.
    pub category: String,
    pub organizer: String,
    pub place: String,
    pub address: String,
}

/// The activities `ids` with their names for calendar events, in the order
/// of `ids` (ids that are gone are left out), in one statement.
pub async fn for_calendar(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<Vec<CalendarActivity>, DbError> {
    let rows: Vec<(ActivityRow, String, String, String, String)> = activities::table
        .inner_join(categories::table)
        .inner_join(organizations::table)
        .inner_join(places::table)
        .filter(activities::id.eq_any(ids))
        .select((
            ActivityRow::as_select(),
            categories::name_nb,
            organizations::name,
            places::name,
            places::address,
        ))
        .load(conn)
        .await?;
    let mut found: std::collections::HashMap<Uuid, CalendarActivity> = rows
        .into_iter()
        .map(|(row, category, organizer, place, address)| {
            let activity = CalendarActivity {
                row,
                category,
                organizer,
                place,
                address,
            };
            (activity.row.id, activity)
        })
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Occurrences ending after `from` (all without it), in order, at most `limit`.
pub async fn occurrences(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    from: impl Into<Option<DateTime<Utc>>>,
    limit: i64,
) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>)>, DbError> {
    let mut q = activity_occurrences::table
        .filter(activity_occurrences::activity_id.eq(id))
        .into_boxed();
    if let Some(from) = from.into() {
        q = q.filter(activity_occurrences::ends_at.gt(from));
    }
    Ok(q.order(activity_occurrences::starts_at)
        .limit(limit)
        .select((
            activity_occurrences::starts_at,
            activity_occurrences::ends_at,
        ))
        .load(conn)
        .await?)
}

/// The first and last start among occurrences ending after `now`, in one query.
pub async fn upcoming_bounds(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>, DbError> {
    use diesel::dsl::{max, min};
    let (first, last): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) = activity_occurrences::table
        .filter(activity_occurrences::activity_id.eq(id))
        .filter(activity_occurrences::ends_at.gt(now))
        .select((
            min(activity_occurrences::starts_at),
            max(activity_occurrences::starts_at),
        ))
        .first(conn)
        .await?;
    Ok(first.zip(last))
}

pub async fn occurrence_count(conn: &mut AsyncPgConnection, id: Uuid) -> Result<i64, DbError> {
    Ok(activity_occurrences::table
        .filter(activity_occurrences::activity_id.eq(id))
        .count()
        .get_result(conn)
        .await?)
}

/// All activities of an organization (any status), newest first.
/// Withdraws every published, postponed or cancelled activity of an
/// organization (when the municipality suspends it) with `reason`, and
/// returns their ids. Withdrawn activities leave the search and take no
/// sign-ups; existing sign-ups stay recorded.
pub async fn withdraw_all_of_organization(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    reason: &str,
) -> Result<Vec<Uuid>, DbError> {
    Ok(diesel::update(
        activities::table
            .filter(activities::organization_id.eq(org))
            .filter(activities::status.eq_any(["published", "postponed", "cancelled"])),
    )
    .set((
        activities::status.eq(ActivityStatus::Withdrawn.as_str()),
        activities::status_reason.eq(reason),
        activities::updated_at.eq(diesel::dsl::now),
    ))
    .returning(activities::id)
    .get_results(conn)
    .await?)
}

pub async fn of_organization(
    conn: &mut AsyncPgConnection,
    org: Uuid,
) -> Result<Vec<ActivityRow>, DbError> {
    Ok(activities::table
        .filter(activities::organization_id.eq(org))
        .order((activities::created_at.desc(), activities::id))
        .select(ActivityRow::as_select())
        .load(conn)
        .await?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = signups)]
pub struct SignupRow {
    pub id: Uuid,
    pub activity_id: Uuid,
    pub user_id: Uuid,
    pub status: String,
}

/// Signs up under the activity's row lock (call inside a transaction after
/// [`lock`]): a place while there is one, else the waiting list. The check
/// constraint `activities_no_overbooking` backs the rule.
pub async fn sign_up(
    conn: &mut AsyncPgConnection,
    activity: &ActivityRow,
    user: Uuid,
    signup: &ValidSignup,
    first_name: &str,
) -> Result<SignupRow, DbError> {
    let status = placement(activity.capacity, activity.confirmed_count);
    Ok(diesel::insert_into(signups::table)
        .values((
            signups::activity_id.eq(activity.id),
            signups::user_id.eq(user),
            signups::participant.eq(signup.participant.as_str()),
            signups::first_name.eq(first_name),
            signups::birth_year.eq(Some(signup.birth_year)),
            signups::status.eq(status.as_str()),
            signups::share_contact.eq(signup.share_contact),
        ))
        .returning(SignupRow::as_returning())
        .get_result(conn)
        .await?)
}

/// The account holder's choice to share contact details with the organizer.
pub async fn set_share_contact(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    share: bool,
) -> Result<(), DbError> {
    diesel::update(signups::table.find(id))
        .set(signups::share_contact.eq(share))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_signup(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<SignupRow>, DbError> {
    Ok(signups::table
        .find(id)
        .select(SignupRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Cancels a sign-up (activity row locked by the caller) and fills freed
/// places; returns the sign-ups promoted.
pub async fn cancel_signup(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    activity: Uuid,
) -> Result<Vec<Uuid>, DbError> {
    diesel::update(
        signups::table
            .find(id)
            .filter(signups::status.ne("cancelled")),
    )
    .set((
        signups::status.eq("cancelled"),
        signups::cancelled_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await?;
    promote(conn, activity).await
}

/// Moves the head of the waiting list into free places (activity row
/// locked) and tells each person promoted, in the same transaction. Returns
/// the sign-ups promoted.
pub async fn promote(conn: &mut AsyncPgConnection, activity: Uuid) -> Result<Vec<Uuid>, DbError> {
    let (capacity, confirmed, waiting): (Option<i32>, i32, i32) = activities::table
        .find(activity)
        .select((
            activities::capacity,
            activities::confirmed_count,
            activities::waiting_count,
        ))
        .first(conn)
        .await?;
    let n = promotions(capacity, confirmed, waiting);
    let mut promoted = Vec::new();
    if n > 0 {
        let head = signups::table
            .filter(signups::activity_id.eq(activity))
            .filter(signups::status.eq(SignupStatus::Waiting.as_str()))
            .order(signups::seq)
            .limit(i64::from(n))
            .select(signups::id);
        let ids: Vec<Uuid> = head.load(conn).await?;
        diesel::update(signups::table.filter(signups::id.eq_any(&ids)))
            .set((
                signups::status.eq("confirmed"),
                signups::promoted_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
        crate::notices::to_signups(
            conn,
            &ids,
            Template::WaitlistPromoted,
            &serde_json::json!({}),
            None,
        )
        .await?;
        promoted = ids;
    }
    Ok(promoted)
}

/// A sign-up with what its owner and the organizer need to see.
#[derive(Debug, Clone, QueryableByName)]
pub struct SignupView {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub activity_id: Uuid,
    #[diesel(sql_type = Text)]
    pub activity_title: String,
    #[diesel(sql_type = SqlUuid)]
    pub organization_id: Uuid,
    #[diesel(sql_type = Text)]
    pub organization_name: String,
    #[diesel(sql_type = Text)]
    pub participant: String,
    #[diesel(sql_type = Text)]
    pub first_name: String,
    #[diesel(sql_type = Nullable<Int2>)]
    pub birth_year: Option<i16>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub waiting_position: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub next_starts_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub cancelled_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Bool)]
    pub share_contact: bool,
    /// The account holder's name and e-mail, only when shared.
    #[diesel(sql_type = Nullable<Text>)]
    pub guardian_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub guardian_email: Option<String>,
}

const SIGNUP_VIEW: &str = "SELECT s.id, s.activity_id, a.title AS activity_title, o.id AS organization_id,
    o.name AS organization_name, s.participant, s.first_name, s.birth_year, s.status,
    CASE WHEN s.status = 'waiting' THEN (SELECT count(*) FROM signups w WHERE w.activity_id = s.activity_id
        AND w.status = 'waiting' AND w.seq <= s.seq) END AS waiting_position,
    (SELECT min(x.starts_at) FROM activity_occurrences x WHERE x.activity_id = s.activity_id AND x.ends_at > now()) AS next_starts_at,
    s.created_at, s.cancelled_at, s.share_contact,
    CASE WHEN s.share_contact THEN u.display_name END AS guardian_name,
    CASE WHEN s.share_contact THEN u.email END AS guardian_email
    FROM signups s JOIN activities a ON a.id = s.activity_id JOIN organizations o ON o.id = a.organization_id
    JOIN users u ON u.id = s.user_id";

pub async fn signup_view(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<SignupView>, DbError> {
    Ok(diesel::sql_query(format!("{SIGNUP_VIEW} WHERE s.id = $1"))
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()?)
}

/// A user's sign-ups: active first, newest first.
pub async fn signups_of_user(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    include_cancelled: bool,
) -> Result<Vec<SignupView>, DbError> {
    Ok(diesel::sql_query(format!(
        "{SIGNUP_VIEW} WHERE s.user_id = $1 AND ($2 OR s.status <> 'cancelled')
         ORDER BY s.status = 'cancelled', s.created_at DESC, s.id"
    ))
    .bind::<SqlUuid, _>(user)
    .bind::<Bool, _>(include_cancelled)
    .load(conn)
    .await?)
}

/// An activity's participants: confirmed in sign-up order, then the waiting list.
pub async fn signups_of_activity(
    conn: &mut AsyncPgConnection,
    activity: Uuid,
) -> Result<Vec<SignupView>, DbError> {
    Ok(diesel::sql_query(format!(
        "{SIGNUP_VIEW} WHERE s.activity_id = $1 AND s.status <> 'cancelled'
         ORDER BY s.status = 'waiting', s.seq"
    ))
    .bind::<SqlUuid, _>(activity)
    .load(conn)
    .await?)
}

/// Moves the kept next occurrence forward on every activity whose next
/// occurrence has ended, a thousand rows per statement, skipping rows
/// another transaction holds (a sign-up, an edit: its own write refreshes
/// them). Returns how many rows moved.
pub async fn advance_next_occurrences(conn: &mut AsyncPgConnection) -> Result<usize, DbError> {
    #[derive(QueryableByName)]
    struct Moved {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        n: i32,
    }
    let mut total = 0;
    loop {
        let moved: Moved = diesel::sql_query(
            "SELECT activities_refresh_next(ARRAY(
                 SELECT id FROM activities WHERE next_ends_at <= now()
                 ORDER BY next_ends_at LIMIT 1000 FOR UPDATE SKIP LOCKED)) AS n",
        )
        .get_result(conn)
        .await?;
        total += usize::try_from(moved.n).unwrap_or(0);
        if moved.n < 1000 {
            return Ok(total);
        }
    }
}
