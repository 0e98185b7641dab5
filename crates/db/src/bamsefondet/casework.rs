//! Casework: the queue, decisions (whose amounts the round's budget check
//! guards), payouts, grants for clubs, statistics, the preliminary answer
//! and retention.

use crate::schema::{
    activities, fund_applications as fa, fund_attachments, fund_disqualifications, fund_messages,
    fund_notes, fund_rounds, organizations,
};
use crate::DbError;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::{exists, not};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Jsonb, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use fritid_domain::bamsefondet::case::{Outcome, Status};
use fritid_domain::notification::Template;
use uuid::Uuid;

/// What a queue line shows of a case.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fa, check_for_backend(diesel::pg::Pg))]
pub struct QueueRow {
    pub id: Uuid,
    pub round_id: Uuid,
    pub status: String,
    pub child_first_name: Option<String>,
    pub district: Option<String>,
    pub requested_nok: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<Uuid>,
}

impl QueueRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Closed)
    }
}

/// Which cases the queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub round: Option<Uuid>,
    pub statuses: Vec<Status>,
    pub district: Option<String>,
    /// `Some(Some(me))`: assigned to me; `Some(None)`: unassigned.
    pub assigned: Option<Option<Uuid>>,
    /// Submitted at least this many days ago.
    pub min_days: Option<i32>,
}

type Condition = Box<dyn BoxableExpression<fa::table, Pg, SqlType = diesel::sql_types::Bool>>;

/// The cases `viewer` may see: submitted (never drafts), not their own,
/// not one they are disqualified on; narrowed by the filter (and its
/// states when `with_status`).
fn visible(viewer: Uuid, f: &QueueFilter, with_status: bool) -> Condition {
    Box::new(
        fa::applicant_id
            .is_null()
            .or(fa::applicant_id.ne(viewer))
            .assume_not_null()
            .and(not(exists(
                fund_disqualifications::table
                    .filter(fund_disqualifications::application_id.eq(fa::id))
                    .filter(fund_disqualifications::user_id.eq(viewer)),
            )))
            .and(narrowed(f, with_status)),
    )
}

/// The filter's own conditions on submitted applications, whoever looks:
/// conditions an index can answer without reading the rows.
fn narrowed(f: &QueueFilter, with_status: bool) -> Condition {
    let mut c: Condition = Box::new(fa::status.ne(Status::Draft.as_str()));
    if let Some(r) = f.round {
        c = Box::new(c.and(fa::round_id.eq(r)));
    }
    if let Some(d) = &f.district {
        c = Box::new(c.and(fa::district.eq(d.clone()).assume_not_null()));
    }
    match f.assigned {
        Some(Some(me)) => c = Box::new(c.and(fa::assigned_to.eq(me).assume_not_null())),
        Some(None) => c = Box::new(c.and(fa::assigned_to.is_null())),
        None => {}
    }
    if let Some(days) = f.min_days {
        let before = Utc::now() - chrono::Duration::days(i64::from(days));
        c = Box::new(c.and(fa::submitted_at.le(before).assume_not_null()));
    }
    match f.statuses.as_slice() {
        _ if !with_status => {}
        [] => {}
        // `=` lets PostgreSQL read the page in order from an index; with
        // `= ANY` (PostgreSQL 15) it collects and sorts every match.
        [one] => c = Box::new(c.and(fa::status.eq(one.as_str()))),
        many => {
            let states: Vec<&'static str> = many.iter().map(|s| s.as_str()).collect();
            c = Box::new(c.and(fa::status.eq_any(states)));
        }
    }
    c
}

/// One page of the queue (oldest submission first), its total, and the
/// count per state with every other filter applied.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    viewer: Uuid,
    f: &QueueFilter,
    page: i64,
    per_page: i64,
) -> Result<(Vec<QueueRow>, i64, Vec<(String, i64)>), DbError> {
    let offset = (page - 1) * per_page;
    let rows = if f.statuses.len() > 1 {
        // Each state's first pages in order from its index, merged here.
        let mut rows = Vec::new();
        for status in &f.statuses {
            let one = QueueFilter {
                statuses: vec![*status],
                ..f.clone()
            };
            rows.extend(
                fa::table
                    .filter(visible(viewer, &one, true))
                    .order((fa::submitted_at.asc(), fa::id))
                    .limit(offset + per_page)
                    .select(QueueRow::as_select())
                    .load(conn)
                    .await?,
            );
        }
        rows.sort_by_key(|r| (r.submitted_at, r.id));
        rows.into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(per_page).unwrap_or(0))
            .collect()
    } else {
        fa::table
            .filter(visible(viewer, f, true))
            .order((fa::submitted_at.asc(), fa::id))
            .limit(per_page)
            .offset(offset)
            .select(QueueRow::as_select())
            .load(conn)
            .await?
    };
    let all = if f.assigned.is_none() && f.min_days.is_none() {
        summary_counts(conn, f).await?
    } else {
        fa::table
            .filter(narrowed(f, false))
            .group_by(fa::status)
            .select((fa::status, diesel::dsl::count_star()))
            .load::<(String, i64)>(conn)
            .await?
    };
    // What everybody sees, less what this viewer may not (a handful), so the
    // counts never read the rows one by one.
    let hidden = hidden_counts(conn, viewer, f).await?;
    let counts: Vec<(String, i64)> = all
        .into_iter()
        .map(|(status, n)| {
            let less = hidden.get(&status).copied().unwrap_or(0);
            (status, n - less)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let total = counts
        .iter()
        .filter(|(s, _)| f.statuses.is_empty() || f.statuses.iter().any(|x| x.as_str() == s))
        .map(|(_, n)| n)
        .sum();
    Ok((rows, total, counts))
}

/// The count per state for a filter of round and district only: the
/// trigger-kept summary, so the cost does not grow with the number of
/// applications.
async fn summary_counts(
    conn: &mut AsyncPgConnection,
    f: &QueueFilter,
) -> Result<Vec<(String, i64)>, DbError> {
    use crate::schema::fund_summary as fs;
    // No SQL text in the query, so Diesel keeps it prepared.
    let mut all = fs::table
        .group_by(fs::status)
        .select((fs::status, diesel::dsl::sum(fs::applications)))
        .into_boxed();
    if let Some(r) = f.round {
        all = all.filter(fs::round_id.eq(r));
    }
    if let Some(d) = &f.district {
        all = all.filter(fs::district.eq(d.clone()));
    }
    let all: Vec<(String, Option<i64>)> = all.load(conn).await?;
    Ok(all.into_iter().map(|(s, n)| (s, n.unwrap_or(0))).collect())
}

/// The names of the staff holding cases and of the rounds on a queue
/// page, in one statement.
pub async fn page_names(
    conn: &mut AsyncPgConnection,
    staff: &[Uuid],
    rounds: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, DbError> {
    use crate::schema::users;
    let people = users::table
        .filter(users::id.eq_any(staff))
        .select((users::id, users::display_name));
    let round_names = fund_rounds::table
        .filter(fund_rounds::id.eq_any(rounds))
        .select((fund_rounds::id, fund_rounds::name));
    Ok(people
        .union_all(round_names)
        .load::<(Uuid, String)>(conn)
        .await?
        .into_iter()
        .collect())
}

/// Per state, the cases matching the filter that `viewer` may not see:
/// their own applications and those they are disqualified on.
async fn hidden_counts(
    conn: &mut AsyncPgConnection,
    viewer: Uuid,
    f: &QueueFilter,
) -> Result<std::collections::HashMap<String, i64>, DbError> {
    // Both lookups by index in one statement: the viewer's own cases, and
    // those they are disqualified on that are not their own (an OR of the
    // two would scan the table).
    let own = fa::table
        .filter(fa::applicant_id.eq(viewer))
        .filter(narrowed(f, false))
        .select(fa::status);
    let disqualified = fa::table
        .filter(
            fa::id.eq_any(
                fund_disqualifications::table
                    .filter(fund_disqualifications::user_id.eq(viewer))
                    .select(fund_disqualifications::application_id),
            ),
        )
        .filter(fa::applicant_id.is_distinct_from(viewer))
        .filter(narrowed(f, false))
        .select(fa::status);
    let statuses = own.union_all(disqualified).load::<String>(conn).await?;
    let mut hidden = std::collections::HashMap::new();
    for status in statuses {
        *hidden.entry(status).or_default() += 1;
    }
    Ok(hidden)
}

pub async fn close(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set(fa::closed_at.eq(Utc::now()))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn assign(conn: &mut AsyncPgConnection, id: Uuid, to: Uuid) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((fa::assigned_to.eq(to), fa::updated_at.eq(Utc::now())))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn recommend(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
    outcome: Outcome,
    amount: i32,
    reasons: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((
            fa::recommended_by.eq(by),
            fa::recommended_at.eq(Utc::now()),
            fa::recommended_outcome.eq(outcome.as_str()),
            fa::recommended_nok.eq(amount),
            fa::recommended_reasons.eq(reasons),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// A returned recommendation is no longer one.
pub async fn clear_recommendation(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((
            fa::recommended_by.eq(None::<Uuid>),
            fa::recommended_at.eq(None::<DateTime<Utc>>),
            fa::recommended_outcome.eq(None::<String>),
            fa::recommended_nok.eq(None::<i32>),
            fa::recommended_reasons.eq(None::<String>),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records the decision and commits its amount to the round. Passing the
/// budget fails with the check `fund_rounds_within_budget` (the round's
/// row is locked by the trigger's update until the transaction ends).
pub async fn decide(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
    outcome: Outcome,
    amount: i32,
    reasons: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((
            fa::decided_by.eq(by),
            fa::decided_at.eq(Utc::now()),
            fa::outcome.eq(outcome.as_str()),
            fa::reasons.eq(reasons),
            fa::decided_nok.eq(amount),
            fa::granted_nok.eq(amount),
            fa::letter_sent_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn appeal(conn: &mut AsyncPgConnection, id: Uuid, text: &str) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((fa::appeal_text.eq(text), fa::appealed_at.eq(Utc::now())))
        .execute(conn)
        .await?;
    Ok(())
}

/// The appeal decision replaces what the first decision granted.
pub async fn decide_appeal(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
    outcome: Outcome,
    amount: i32,
    reasons: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((
            fa::appeal_decided_by.eq(by),
            fa::appeal_decided_at.eq(Utc::now()),
            fa::appeal_outcome.eq(outcome.as_str()),
            fa::appeal_reasons.eq(reasons),
            fa::appeal_granted_nok.eq(amount),
            fa::granted_nok.eq(amount),
            fa::appeal_letter_sent_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the standing grant paid.
pub async fn pay(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    paid_to: &str,
    reference: &str,
    paid_on: NaiveDate,
) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((
            fa::paid_nok.eq(fa::granted_nok),
            fa::paid_to.eq(paid_to),
            fa::paid_reference.eq(reference),
            fa::paid_on.eq(paid_on),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn confirm_participation(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
) -> Result<(), DbError> {
    diesel::update(fa::table.find(id))
        .set((
            fa::participation_confirmed_at.eq(Utc::now()),
            fa::participation_confirmed_by.eq(by),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The first day the applicant opened a letter (the appeal deadline counts
/// from when the letter reached them).
pub async fn letter_opened(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    appeal: bool,
    today: NaiveDate,
) -> Result<(), DbError> {
    if appeal {
        diesel::update(
            fa::table
                .find(id)
                .filter(fa::appeal_letter_opened_on.is_null()),
        )
        .set(fa::appeal_letter_opened_on.eq(today))
        .execute(conn)
        .await?;
    } else {
        diesel::update(fa::table.find(id).filter(fa::letter_opened_on.is_null()))
            .set(fa::letter_opened_on.eq(today))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// A grant a club is to be paid: the application, the child's first name,
/// the activity and the amount.
#[derive(Debug, Clone, Queryable)]
pub struct ClubGrantRow {
    pub id: Uuid,
    pub child_first_name: Option<String>,
    pub activity_id: Uuid,
    pub activity_title: String,
    pub granted_nok: i32,
    pub participation_confirmed_at: Option<DateTime<Utc>>,
    pub paid_nok: i32,
}

/// Grants to be paid to `organization` (approved, to be paid to the club),
/// newest decision first.
pub async fn club_grants(
    conn: &mut AsyncPgConnection,
    organization: Uuid,
) -> Result<Vec<ClubGrantRow>, DbError> {
    Ok(fa::table
        .inner_join(activities::table.on(activities::id.nullable().eq(fa::activity_id)))
        .filter(activities::organization_id.eq(organization))
        .filter(fa::payout_to.eq("club"))
        .filter(fa::granted_nok.gt(0))
        .filter(fa::status.eq_any(["decided", "paid", "appeal_decided", "appealed"]))
        .order((fa::decided_at.desc(), fa::id))
        .select((
            fa::id,
            fa::child_first_name,
            activities::id,
            activities::title,
            fa::granted_nok,
            fa::participation_confirmed_at,
            fa::paid_nok,
        ))
        .load(conn)
        .await?)
}

/// The organization that runs the application's activity, if it is in Fritid.
pub async fn club_of(
    conn: &mut AsyncPgConnection,
    activity: Uuid,
) -> Result<Option<(Uuid, String)>, DbError> {
    Ok(activities::table
        .inner_join(organizations::table)
        .filter(activities::id.eq(activity))
        .select((organizations::id, organizations::name))
        .first(conn)
        .await
        .optional()?)
}

/// Writes `template` to the applicant of `id` in their language, with the
/// application's id, the child's first name and the fund in the data, plus
/// `extra`. With `dedup_key` the message is written once.
pub async fn notify(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    template: Template,
    extra: &serde_json::Value,
    dedup_key: Option<&str>,
) -> Result<usize, DbError> {
    Ok(diesel::sql_query(
        "INSERT INTO outbox (user_id, recipient, template, language, data, essential, send_email, dedup_key)
         SELECT u.id, u.email, $2, u.language,
                jsonb_build_object(
                    'application_id', a.id, 'link_path', '/bamsefondet/soknader/' || a.id,
                    'child_first_name', coalesce(a.child_first_name, ''),
                    'fund_name', f.name, 'round_name', r.name
                ) || $3,
                $4, $4 OR u.email_reminders, $5
         FROM fund_applications a
         JOIN users u ON u.id = a.applicant_id
         JOIN fund_rounds r ON r.id = a.round_id
         JOIN funds f ON f.id = r.fund_id
         WHERE a.id = $1
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(template.key())
    .bind::<Jsonb, _>(extra)
    .bind::<diesel::sql_types::Bool, _>(template.essential())
    .bind::<Nullable<Text>, _>(dedup_key)
    .execute(conn)
    .await?)
}

#[derive(Debug, QueryableByName)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// Forvaltningsloven § 11a: a case not decided a month after it was
/// submitted gets a preliminary answer saying when to expect one. Each case
/// gets it once. Returns how many were written.
pub async fn send_preliminary_answers(
    conn: &mut AsyncPgConnection,
    expected_by: NaiveDate,
) -> Result<usize, DbError> {
    let due: Vec<IdRow> = diesel::sql_query(
        "UPDATE fund_applications SET preliminary_sent_at = now()
         WHERE status IN ('submitted', 'in_review', 'needs_info', 'recommended')
           AND submitted_at < now() - interval '1 month'
           AND preliminary_sent_at IS NULL AND applicant_id IS NOT NULL
         RETURNING id",
    )
    .load(conn)
    .await?;
    let mut n = 0;
    for row in &due {
        n += notify(
            conn,
            row.id,
            Template::FundPreliminaryAnswer,
            &serde_json::json!({ "expected_by": expected_by.to_string() }),
            Some(&format!("fund-preliminary:{}", row.id)),
        )
        .await?;
    }
    Ok(n)
}

/// Anonymises cases closed or withdrawn before `before`: personal fields,
/// the thread, the notes and the attachments go; the district, the amounts
/// and the dates stay for statistics. Returns how many.
pub async fn anonymise_closed(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> Result<usize, DbError> {
    let ids: Vec<Uuid> = fa::table
        .filter(fa::status.eq_any(["closed", "withdrawn"]))
        .filter(fa::closed_at.lt(before))
        .filter(fa::anonymised_at.is_null())
        .select(fa::id)
        .for_update()
        .skip_locked()
        .load(conn)
        .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::delete(fund_messages::table.filter(fund_messages::application_id.eq_any(&ids)))
        .execute(conn)
        .await?;
    diesel::delete(fund_notes::table.filter(fund_notes::application_id.eq_any(&ids)))
        .execute(conn)
        .await?;
    diesel::delete(fund_attachments::table.filter(fund_attachments::application_id.eq_any(&ids)))
        .execute(conn)
        .await?;
    diesel::sql_query(
        "UPDATE fund_applications SET
            applicant_id = NULL, started_by = NULL, guardian_email = NULL, claim_token_hash = NULL,
            child_first_name = NULL, child_birth_year = NULL, club_name = NULL, activity_name = NULL,
            reason = NULL, account_number = NULL, appeal_text = NULL,
            reasons = CASE WHEN reasons IS NULL THEN NULL ELSE '' END,
            recommended_reasons = NULL,
            appeal_reasons = CASE WHEN appeal_reasons IS NULL THEN NULL ELSE '' END,
            cost_lines = (SELECT coalesce(jsonb_agg(l - 'description'), '[]'::jsonb)
                          FROM jsonb_array_elements(cost_lines) l),
            anonymised_at = now()
         WHERE id = ANY($1)",
    )
    .bind::<diesel::sql_types::Array<SqlUuid>, _>(&ids)
    .execute(conn)
    .await?;
    Ok(ids.len())
}

/// One group of a round's statistics: applications, grants and amounts.
#[derive(Debug, Clone, QueryableByName)]
pub struct GroupRow {
    #[diesel(sql_type = Text)]
    pub grp: String,
    #[diesel(sql_type = BigInt)]
    pub applications: i64,
    #[diesel(sql_type = BigInt)]
    pub granted: i64,
    #[diesel(sql_type = BigInt)]
    pub rejected: i64,
    #[diesel(sql_type = BigInt)]
    pub granted_nok: i64,
}

/// A round's submitted applications grouped three ways, read from the
/// trigger-kept summary in one pass.
#[derive(Debug, Clone, Default)]
pub struct SummaryGroups {
    /// By district ('' for none).
    pub districts: Vec<GroupRow>,
    /// By month of submission (`YYYY-MM`).
    pub months: Vec<GroupRow>,
    /// By month of the first decision, decided ones only.
    pub decided_months: Vec<GroupRow>,
}

#[derive(Debug, Clone, QueryableByName)]
struct GroupingRow {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    grouping: i32,
    #[diesel(embed)]
    row: GroupRow,
}

pub async fn statistics_groups(
    conn: &mut AsyncPgConnection,
    round: Uuid,
) -> Result<SummaryGroups, DbError> {
    // GROUPING(district, month, decided_month) is a bit mask of the
    // columns left out: 3 = by district, 5 = by month, 6 = by month of
    // decision.
    let rows: Vec<GroupingRow> = diesel::sql_query(
        "SELECT GROUPING(district, month, decided_month) AS grouping,
                coalesce(district, month, decided_month) AS grp,
                sum(applications)::bigint AS applications, sum(granted)::bigint AS granted,
                sum(rejected)::bigint AS rejected, sum(granted_nok)::bigint AS granted_nok
         FROM fund_summary
         WHERE round_id = $1
         GROUP BY GROUPING SETS ((district), (month), (decided_month))
         HAVING sum(applications) > 0
         ORDER BY 1, 2",
    )
    .bind::<SqlUuid, _>(round)
    .load(conn)
    .await?;
    let mut out = SummaryGroups::default();
    for r in rows {
        match r.grouping {
            3 => out.districts.push(r.row),
            5 => out.months.push(r.row),
            6 if !r.row.grp.is_empty() => out.decided_months.push(r.row),
            _ => {}
        }
    }
    Ok(out)
}

/// How many of a round's decisions took each whole number of days, with
/// the exact durations' sum (`total_days`), fewest days first.
#[derive(Debug, Clone, QueryableByName)]
pub struct DaysRow {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub days: i32,
    #[diesel(sql_type = BigInt)]
    pub decisions: i64,
    #[diesel(sql_type = Double)]
    pub total_days: f64,
}

pub async fn decision_days(
    conn: &mut AsyncPgConnection,
    round: Uuid,
) -> Result<Vec<DaysRow>, DbError> {
    Ok(diesel::sql_query(
        "SELECT days, decisions, total_days FROM fund_decision_days
         WHERE round_id = $1 AND decisions > 0 ORDER BY days",
    )
    .bind::<SqlUuid, _>(round)
    .load(conn)
    .await?)
}

/// The round's name, and its budget, committed and paid totals now.
pub async fn round_totals(
    conn: &mut AsyncPgConnection,
    round: Uuid,
) -> Result<Option<(String, i64, i64, i64)>, DbError> {
    Ok(fund_rounds::table
        .find(round)
        .select((
            fund_rounds::name,
            fund_rounds::budget_nok,
            fund_rounds::committed_nok,
            fund_rounds::paid_nok,
        ))
        .first(conn)
        .await
        .optional()?)
}
