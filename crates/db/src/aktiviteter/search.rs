//! The public activity search: one SQL statement built from the filters,
//! every value bound as a parameter, planned for its values each time.

use crate::platform::prepared::{Prepared, Value};
use crate::search_text::{self, Term, TextQuery};
use crate::DbError;
use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Bool, Int2, Int4, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Sort order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchSort {
    /// Next occurrence in the range, ties by id.
    #[default]
    NextOccurrence,
    /// Last change (content or availability) then id, for synchronisation.
    Updated,
    /// How well the free text matches (a title before the rest, the word
    /// itself before a typo's neighbour), then next occurrence and id.
    Relevance,
}

/// How far the public search counts its matches: a total above this says
/// "more than" (`ActivityPage::total_capped`).
pub const TOTAL_COUNTED: i64 = 1000;

#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub text: Option<String>,
    /// Occurrences ending after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Occurrences starting before this instant.
    pub to: Option<DateTime<Utc>>,
    /// ISO weekdays 1–7.
    pub weekdays: Vec<i16>,
    /// Local start minute, inclusive lower and exclusive upper bound.
    pub start_minute_from: Option<i16>,
    pub start_minute_to: Option<i16>,
    pub categories: Vec<String>,
    pub districts: Vec<String>,
    pub age: Option<i16>,
    pub is_free: Option<bool>,
    pub max_total_cost: Option<i32>,
    pub drop_in: Option<bool>,
    pub no_membership_needed: Option<bool>,
    pub free_trial: Option<bool>,
    pub adapted_for_disabilities: Option<bool>,
    pub companion_card_accepted: Option<bool>,
    pub step_free_access: Option<bool>,
    pub organization: Option<Uuid>,
    pub has_free_places: Option<bool>,
    /// Changed (content or availability) at or after; includes cancelled,
    /// postponed and withdrawn. With `after` or this, the search is a sync
    /// list, sorted by change.
    pub updated_since: Option<DateTime<Utc>>,
    /// Sync: changed after this `(changed_at, id)`, a keyset cursor.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    /// Sync: only changes made before this instant (settled: no
    /// transaction still open can commit a change older than it).
    pub settled_before: Option<DateTime<Utc>>,
    /// One row per occurrence instead of one per activity.
    pub occurrences: bool,
    /// Also cancelled, postponed and withdrawn activities (calendar feeds,
    /// where an event that vanished would be deleted without a word).
    pub include_cancelled: bool,
    pub sort: SearchSort,
    /// Count at most this many matches and one more (the total is then
    /// `count_up_to + 1`: "more than"); `None`: count them all. Counting
    /// every match of a broad search costs more than finding the page.
    pub count_up_to: Option<i64>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct SearchRow {
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub image_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub image_alt: Option<String>,
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub title_en: Option<String>,
    #[diesel(sql_type = Text)]
    pub category: String,
    #[diesel(sql_type = Text)]
    pub category_name: String,
    #[diesel(sql_type = Text)]
    pub category_name_en: String,
    #[diesel(sql_type = Text)]
    pub district: String,
    #[diesel(sql_type = Text)]
    pub district_name: String,
    #[diesel(sql_type = SqlUuid)]
    pub organization_id: Uuid,
    #[diesel(sql_type = Text)]
    pub organization_name: String,
    #[diesel(sql_type = Text)]
    pub place_name: String,
    #[diesel(sql_type = Int2)]
    pub age_min: i16,
    #[diesel(sql_type = Int2)]
    pub age_max: i16,
    #[diesel(sql_type = Bool)]
    pub is_free: bool,
    #[diesel(sql_type = Int4)]
    pub total_cost_nok: i32,
    #[diesel(sql_type = Bool)]
    pub drop_in: bool,
    #[diesel(sql_type = Bool)]
    pub no_membership_needed: bool,
    #[diesel(sql_type = Bool)]
    pub free_trial: bool,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub status_reason: Option<String>,
    #[diesel(sql_type = Bool)]
    pub signup_required: bool,
    #[diesel(sql_type = Nullable<Int4>)]
    pub capacity: Option<i32>,
    #[diesel(sql_type = Int4)]
    pub confirmed_count: i32,
    #[diesel(sql_type = Int4)]
    pub waiting_count: i32,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub signup_opens_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub signup_closes_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Bool)]
    pub is_demo: bool,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub availability_updated_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub changed_at: DateTime<Utc>,
    #[diesel(sql_type = Bool)]
    pub is_series: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub next_starts_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub next_ends_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// The filters on the activity row itself (every one but the time filters),
/// as ` AND …` conditions on `a`; step-free access on `step_free` (the
/// activity's copy, or the place's by definition). A filter that is not
/// asked for is left out of the text (see [`Prepared`]).
fn activity_filters(
    mut q: Prepared,
    f: &SearchFilter,
    text: Option<&TextMatch>,
    step_free: &str,
) -> Prepared {
    match text {
        None => {}
        Some(TextMatch::Web(text)) => {
            q = q.and(
                " AND a.search @@ websearch_to_tsquery('norwegian', ",
                Value::Text(text.clone()),
                ")",
            )
        }
        // Each term: its stem, or a known word spelled close to it (a
        // typo's neighbour), found anywhere in the words; the trigram index
        // answers each `LIKE`.
        Some(TextMatch::Words(terms)) => {
            for (term, neighbours) in terms {
                q = q.and(
                    " AND (a.search_words LIKE ",
                    Value::Text(format!("%{}%", term.stem)),
                    "",
                );
                for n in neighbours {
                    q = q.and(
                        " OR a.search_words LIKE ",
                        Value::Text(format!("%{n}%")),
                        "",
                    );
                }
                q = q.sql(")");
            }
        }
    }
    if !f.categories.is_empty() {
        q = q.and(
            " AND a.category = ANY(",
            Value::Texts(f.categories.clone()),
            ")",
        );
    }
    if !f.districts.is_empty() {
        q = q.and(
            " AND a.district = ANY(",
            Value::Texts(f.districts.clone()),
            ")",
        );
    }
    if let Some(age) = f.age {
        q = q.and(" AND a.age_min <= ", Value::SmallInt(age), "").and(
            " AND a.age_max >= ",
            Value::SmallInt(age),
            "",
        );
    }
    if let Some(max) = f.max_total_cost {
        q = q.and(" AND a.total_cost_nok <= ", Value::Integer(max), "");
    }
    for (column, value) in [
        ("a.is_free", f.is_free),
        ("a.drop_in", f.drop_in),
        ("a.no_membership_needed", f.no_membership_needed),
        ("a.free_trial", f.free_trial),
        ("a.adapted_for_disabilities", f.adapted_for_disabilities),
        ("a.companion_card_accepted", f.companion_card_accepted),
        (step_free, f.step_free_access),
    ] {
        if let Some(v) = value {
            q = q.and(&format!(" AND {column} = "), Value::Bool(v), "");
        }
    }
    if let Some(org) = f.organization {
        q = q.and(" AND a.organization_id = ", Value::Uuid(org), "");
    }
    match f.has_free_places {
        Some(true) => q = q.sql(" AND (NOT a.signup_required OR a.confirmed_count < a.capacity)"),
        Some(false) => q = q.sql(" AND a.signup_required AND a.confirmed_count >= a.capacity"),
        None => {}
    }
    q
}

/// The time of day on `column` (an occurrence's or an activity's local
/// start minute): inclusive lower and exclusive upper bound.
fn start_minute_filters(mut q: Prepared, f: &SearchFilter, column: &str) -> Prepared {
    if let Some(m) = f.start_minute_from {
        q = q.and(&format!(" AND {column} >= "), Value::SmallInt(m), "");
    }
    if let Some(m) = f.start_minute_to {
        q = q.and(&format!(" AND {column} < "), Value::SmallInt(m), "");
    }
    q
}

/// The time filters on one occurrence `o`: it ends after `from`, starts
/// before `to`, on one of the weekdays, at the time of day.
fn occurrence_filters(mut q: Prepared, f: &SearchFilter) -> Prepared {
    if let Some(from) = f.from {
        q = q.and(" AND o.ends_at > ", Value::Timestamp(from), "");
    }
    if let Some(to) = f.to {
        q = q.and(" AND o.starts_at < ", Value::Timestamp(to), "");
    }
    if !f.weekdays.is_empty() {
        q = q.and(
            " AND o.weekday = ANY(",
            Value::SmallInts(f.weekdays.clone()),
            ")",
        );
    }
    start_minute_filters(q, f, "o.start_minute")
}

/// How well an activity's text matches, higher first: per term, 6 when the
/// word as typed is a whole word of the title, 5 when the title starts with
/// its stem, 4 when a word of the title does, 3 when it is
/// inside a title word, 1 when it is elsewhere (tags, names, description),
/// and below 1 when only a typo's neighbour matched (more for one in the
/// title).
fn relevance(q: Prepared, text: &TextMatch) -> Prepared {
    match text {
        TextMatch::Web(text) => q.and(
            "ts_rank(a.search, websearch_to_tsquery('norwegian', ",
            Value::Text(text.clone()),
            "))",
        ),
        TextMatch::Words(terms) => {
            let mut q = q.sql("(0");
            for (t, _) in terms {
                let levels = [
                    ("fritid_fold(a.title) ~ ", format!("\\m{}\\M", t.folded), 6),
                    ("fritid_fold(a.title) LIKE ", format!("{}%", t.stem), 5),
                    (
                        "' ' || fritid_fold(a.title) LIKE ",
                        format!("% {}%", t.stem),
                        4,
                    ),
                    ("fritid_fold(a.title) LIKE ", format!("%{}%", t.stem), 3),
                    ("a.search_words LIKE ", format!("%{}%", t.stem), 1),
                ];
                q = q.sql(" + CASE");
                for (test, value, score) in levels {
                    q = q.and(
                        &format!(" WHEN {test}"),
                        Value::Text(value),
                        &format!(" THEN {score}"),
                    );
                }
                q = q
                    .and(
                        " ELSE 0.5 * word_similarity(",
                        Value::Text(t.folded.clone()),
                        ", fritid_fold(a.title))",
                    )
                    .and(
                        " + 0.4 * word_similarity(",
                        Value::Text(t.folded.clone()),
                        ", a.search_words) END",
                    );
            }
            q.sql(")")
        }
    }
}

/// Closes the `matches` CTE (`id, changed_at, starts_at, ends_at`), takes
/// the requested page of it in order, and selects the display columns for
/// those rows only, with the total.
fn page_of_matches(q: Prepared, f: &SearchFilter, limit: i64, offset: i64) -> Prepared {
    let (order, outer_order) = orders(f);
    let q = q
        .and(
            &format!("), page AS (SELECT * FROM matches ORDER BY {order} LIMIT "),
            Value::BigInt(limit),
            "",
        )
        .and(" OFFSET ", Value::BigInt(offset), ")");
    display_tail(
        match f.count_up_to {
            None => display_head(q).sql("(SELECT count(*) FROM matches)"),
            Some(cap) => display_head(q).and(
                "(SELECT count(*) FROM (SELECT 1 FROM matches LIMIT ",
                Value::BigInt(cap + 1),
                ") c)",
            ),
        },
        outer_order,
    )
}

/// The same order inside the page and outside it.
fn orders(f: &SearchFilter) -> (&'static str, &'static str) {
    match f.sort {
        SearchSort::NextOccurrence => (
            "starts_at NULLS LAST, id",
            "page.starts_at NULLS LAST, a.id",
        ),
        SearchSort::Updated => (
            "changed_at, id, starts_at",
            "a.changed_at, a.id, page.starts_at",
        ),
        SearchSort::Relevance => (
            "score DESC, starts_at NULLS LAST, id",
            "page.score DESC, page.starts_at NULLS LAST, a.id",
        ),
    }
}

/// The display columns of the rows in `page`; the total follows. The names
/// of the category, district, organization, place and image are read by
/// key for the page's rows (subqueries, not joins: a join of seven tables
/// costs the planner more than the 20 rows cost to read).
fn display_head(q: Prepared) -> Prepared {
    q.sql(
        "SELECT a.id, a.title, a.title_en, a.category,
            (SELECT c.name_nb FROM categories c WHERE c.slug = a.category) AS category_name,
            (SELECT c.name_en FROM categories c WHERE c.slug = a.category) AS category_name_en,
            a.district, (SELECT d.name FROM districts d WHERE d.slug = a.district) AS district_name,
            a.organization_id,
            (SELECT org.name FROM organizations org WHERE org.id = a.organization_id) AS organization_name,
            (SELECT p.name FROM places p WHERE p.id = a.place_id) AS place_name,
            a.age_min, a.age_max, a.is_free, a.total_cost_nok, a.drop_in,
            a.no_membership_needed, a.free_trial, a.status, a.status_reason, a.signup_required, a.capacity,
            a.confirmed_count, a.waiting_count, a.signup_opens_at, a.signup_closes_at, a.is_demo, a.updated_at,
            a.availability_updated_at, a.changed_at, a.image_id,
            (SELECT img.alt FROM images img WHERE img.id = a.image_id) AS image_alt,
            (a.schedule->>'kind') = 'weekly' AS is_series,
            page.starts_at AS next_starts_at, page.ends_at AS next_ends_at, ",
    )
}

fn display_tail(q: Prepared, outer_order: &str) -> Prepared {
    q.sql(format!(
        " AS total FROM page JOIN activities a ON a.id = page.id ORDER BY {outer_order}"
    ))
}

/// The rows of these activities as a search result shows them, read by
/// key, in no order (no next occurrence; the total is 0). A kept answer
/// whose activities' rows changed, and nothing else it depends on, is kept
/// again with them (`routes::aktiviteter::activities`).
pub async fn shown_rows(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> Result<Vec<SearchRow>, DbError> {
    let q = Prepared::new(
        "WITH page AS (SELECT id, NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at \
         FROM unnest(",
    )
    .bind(Value::Uuids(ids.to_vec()))
    .sql("::uuid[]) AS id) ");
    Ok(display_tail(display_head(q).sql("0::bigint"), "a.id")
        .load(conn)
        .await?)
}

/// The free text, ready to match (see [`search_text`]).
#[derive(Debug, Clone, PartialEq)]
pub enum TextMatch {
    /// Web-search syntax, over the stemmed full-text vector.
    Web(String),
    /// Per term: the term, and known words spelled close to it (its typo's
    /// neighbours: trigram similarity at least 0.45, at most four), any of
    /// which may match instead. Did-you-mean ([`suggestions`]) reaches
    /// further (pg_trgm's 0.3) for a text that found nothing.
    Words(Vec<(Term, Vec<String>)>),
}

#[derive(QueryableByName)]
struct Neighbour {
    #[diesel(sql_type = BigInt)]
    term: i64,
    #[diesel(sql_type = Text)]
    folded: String,
}

/// Parses the text and looks up, in one statement, the neighbours of each
/// term among the words of the published activities (`search_vocabulary`,
/// trigram similarity): a typed typo then matches by the index like any
/// word, instead of comparing it to every activity's text.
pub async fn resolve_text(conn: &mut AsyncPgConnection, text: &str) -> Result<TextMatch, DbError> {
    let terms = match search_text::parse(text) {
        TextQuery::Web(text) => return Ok(TextMatch::Web(text)),
        TextQuery::Words(terms) => terms,
    };
    let near: Vec<Neighbour> = Prepared::new("SELECT t.i AS term, v.folded FROM unnest(")
        .bind(Value::Texts(
            terms.iter().map(|t| t.folded.clone()).collect(),
        ))
        .sql("::text[], ")
        .bind(Value::Texts(
            terms.iter().map(|t| format!("%{}%", t.stem)).collect(),
        ))
        .sql(
            "::text[]) WITH ORDINALITY AS t(word, pattern, i) CROSS JOIN LATERAL (\
         SELECT folded FROM search_vocabulary WHERE folded % t.word AND folded NOT LIKE t.pattern \
         AND similarity(folded, t.word) >= 0.45 \
         ORDER BY similarity(folded, t.word) DESC, folded LIMIT 4) v ORDER BY 1, 2",
        )
        .load(conn)
        .await?;
    Ok(TextMatch::Words(
        terms
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let n = near
                    .iter()
                    .filter(|n| n.term == i as i64 + 1)
                    .map(|n| n.folded.clone())
                    .collect();
                (t, n)
            })
            .collect(),
    ))
}

/// The filter's free text, resolved ([`resolve_text`]), if it has one.
async fn filter_text(
    conn: &mut AsyncPgConnection,
    f: &SearchFilter,
) -> Result<Option<TextMatch>, DbError> {
    Ok(match &f.text {
        Some(t) => Some(resolve_text(conn, t).await?),
        None => None,
    })
}

/// Whether [`search`] reads the next occurrence from the activity rows:
/// one item per activity, from an instant (with or without an end, a
/// weekday, a time of day), sorted by it, not a sync list.
pub fn reads_kept_next(f: &SearchFilter) -> bool {
    f.from.is_some()
        && !f.occurrences
        && f.sort == SearchSort::NextOccurrence
        && f.updated_since.is_none()
        && f.after.is_none()
}

/// One page of matching activities (or occurrences) and the total.
///
/// The common search (one item per activity from a given instant, by next
/// occurrence) reads each activity's next occurrence from its own row
/// ([`search_by_next`]); the rest (sync lists, one item per occurrence,
/// relevance) look the occurrences up ([`search_reference`]). Both give the same answer. The
/// statements are kept prepared by their text ([`Prepared`]).
pub async fn search(
    conn: &mut AsyncPgConnection,
    f: &SearchFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SearchRow>, i64), DbError> {
    let (rows, total, _) = search_with_text(conn, f, limit, offset).await?;
    Ok((rows, total))
}

/// [`search`], and its free text as it was matched (see [`resolve_text`]).
pub async fn search_with_text(
    conn: &mut AsyncPgConnection,
    f: &SearchFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SearchRow>, i64, Option<TextMatch>), DbError> {
    let text = filter_text(conn, f).await?;
    let (rows, total) = match f.from {
        Some(from) if reads_kept_next(f) => {
            search_by_next(conn, f, text.as_ref(), from, limit, offset).await?
        }
        _ => reference(conn, f, text.as_ref(), limit, offset).await?,
    };
    Ok((rows, total, text))
}

/// The search from `from` by the next occurrence kept on each row (see
/// migrations `000014_activity_next`, `000017_activity_next_by_weekday` and
/// `000018_activity_next_span`). A row is current for this search when
/// `from` lies in the span its next occurrence holds for: at or after
/// `next_from` (the end of the activity's previous occurrence) and before
/// the kept one's end; then it is the first occurrence ending after `from`,
/// `next_on[d]` the first on weekday d, and the row is read in index order
/// (one index per chosen weekday, merged). A row whose previous occurrence
/// ended after `from`, or whose next occurrence has ended since (the job
/// moves those forward within a minute), or whose
/// occurrences start at different minutes when a time of day is asked, has
/// its occurrences looked up as in [`search_reference`]; a current row
/// without a next occurrence has none.
async fn search_by_next(
    conn: &mut AsyncPgConnection,
    f: &SearchFilter,
    text: Option<&TextMatch>,
    from: DateTime<Utc>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SearchRow>, i64), DbError> {
    let status = if f.include_cancelled {
        "a.status <> 'draft'"
    } else {
        "a.status = 'published'"
    };
    let time_of_day = f.start_minute_from.is_some() || f.start_minute_to.is_some();
    let mut weekdays = f.weekdays.clone();
    weekdays.sort_unstable();
    weekdays.dedup();
    // The rows current for this search, from the row alone.
    let current = |q: Prepared| {
        let q = q
            .sql(format!(" FROM activities a WHERE {status}"))
            .and(" AND a.next_ends_at > ", Value::Timestamp(from), "")
            .and(" AND a.next_from <= ", Value::Timestamp(from), "");
        activity_filters(
            start_minute_filters(q, f, "a.start_minute"),
            f,
            text,
            "a.step_free_access",
        )
    };
    // The next occurrence on one weekday (1–7, a literal so the weekday's
    // index serves), inside the range, or (`has: false`) none.
    let on = |q: Prepared, d: i16, has: bool| match (f.to, has) {
        (None, true) => q.sql(format!(" AND a.next_on[{d}] IS NOT NULL")),
        (None, false) => q.sql(format!(" AND a.next_on[{d}] IS NULL")),
        (Some(to), true) => q.sql(format!(" AND a.next_on[{d}] IS NOT NULL")).and(
            &format!(" AND a.next_on[{d}] < "),
            Value::Timestamp(to),
            "",
        ),
        (Some(to), false) => q.sql(format!(" AND (a.next_on[{d}] IS NULL")).and(
            &format!(" OR a.next_on[{d}] >= "),
            Value::Timestamp(to),
            ")",
        ),
    };
    // Counted: the current rows with a next occurrence in the range; with
    // weekdays, one part per weekday that the earlier ones do not have, so
    // the parts are disjoint and each reads its weekday's index.
    let in_range = |q: Prepared| match f.to {
        Some(to) => current(q).and(" AND a.next_starts_at < ", Value::Timestamp(to), ""),
        None => current(q),
    };
    // A weekday's part with the order of that weekday's index: a capped
    // count then walks it (index-only) and stops, where the planner, which
    // cannot tell how many rows have a weekday, would read the table.
    type Part<'a> = (Box<dyn Fn(Prepared) -> Prepared + 'a>, Option<String>);
    let mut parts: Vec<Part> = Vec::new();
    if weekdays.is_empty() {
        // Left to the planner: the common index, or a district's or a
        // category's.
        parts.push((Box::new(in_range), None));
    } else {
        for (i, &d) in weekdays.iter().enumerate() {
            let (current, on, earlier_days) = (&current, &on, &weekdays[..i]);
            parts.push((
                Box::new(move |q: Prepared| {
                    earlier_days
                        .iter()
                        .fold(on(current(q), d, true), |q, &e| on(q, e, false))
                }),
                Some(format!("a.next_on[{d}], a.id")),
            ));
        }
    }
    // The others: their first occurrence in the range, looked up.
    let looked_up = |q: Prepared| {
        let q = q.sql(
            " FROM activities a JOIN LATERAL (SELECT o.starts_at, o.ends_at \
             FROM activity_occurrences o WHERE o.activity_id = a.id",
        );
        let mut q = occurrence_filters(q, f)
            .sql(format!(
                " ORDER BY o.ends_at LIMIT 1) o ON true WHERE {status}"
            ))
            .sql(" AND (a.next_from IS NULL")
            .and(" OR a.next_ends_at <= ", Value::Timestamp(from), "")
            .and(" OR a.next_from > ", Value::Timestamp(from), "");
        if time_of_day {
            q = q.sql(" OR (a.start_minute IS NULL AND a.next_ends_at IS NOT NULL)");
        }
        activity_filters(q.sql(")"), f, text, "a.step_free_access")
    };
    // The looked-up rows once (the page and the count both read them);
    // then the page: the current rows in index order, stopping after the
    // page, merged with the (few) looked-up ones; then the two counts.
    let q = looked_up(Prepared::new(
        "WITH looked AS MATERIALIZED (SELECT a.id, a.changed_at, o.starts_at, o.ends_at",
    ))
    .sql("), page AS (");
    let n = Value::BigInt(limit + offset);
    let q = if weekdays.is_empty() {
        in_range(q.sql(
            "(SELECT a.id, a.changed_at, a.next_starts_at AS starts_at, a.next_ends_at AS ends_at",
        ))
        .and(" ORDER BY a.next_starts_at, a.id LIMIT ", n.clone(), ")")
    } else {
        // Each weekday's first rows in its index's order; an activity among
        // the first n overall is among the first n of the weekday its next
        // chosen occurrence falls on. Its end is read by the key.
        let mut q = q.sql(
            "(SELECT m.id, m.changed_at, m.starts_at, o.ends_at FROM (\
             SELECT id, changed_at, min(starts_at) AS starts_at FROM (",
        );
        for (i, &d) in weekdays.iter().enumerate() {
            if i > 0 {
                q = q.sql(" UNION ALL ");
            }
            q = on(
                current(q.sql(format!(
                    "(SELECT a.id, a.changed_at, a.next_on[{d}] AS starts_at"
                ))),
                d,
                true,
            )
            .and(
                &format!(" ORDER BY a.next_on[{d}], a.id LIMIT "),
                n.clone(),
                ")",
            );
        }
        q.and(
            ") w GROUP BY id, changed_at ORDER BY starts_at, id LIMIT ",
            n.clone(),
            ") m JOIN activity_occurrences o ON o.activity_id = m.id AND o.starts_at = m.starts_at)",
        )
    };
    let q = q
        .sql(" UNION ALL (SELECT id, changed_at, starts_at, ends_at FROM looked")
        .and(") ORDER BY starts_at, id LIMIT ", Value::BigInt(limit), "")
        .and(" OFFSET ", Value::BigInt(offset), ") ");
    // Each count stops after `count_up_to + 1` when asked to; the sum is
    // then cut to that.
    let counted = |q: Prepared, part: &dyn Fn(Prepared) -> Prepared, order: Option<&str>| match f
        .count_up_to
    {
        None => part(q.sql("(SELECT count(*)")).sql(")"),
        Some(cap) => {
            let q = part(q.sql("(SELECT count(*) FROM (SELECT 1"));
            let q = match order {
                Some(order) => q.sql(format!(" ORDER BY {order}")),
                None => q,
            };
            q.and(" LIMIT ", Value::BigInt(cap + 1), ") c)")
        }
    };
    let all = |q: Prepared| {
        let q = parts.iter().fold(q, |q, (part, order)| {
            counted(q, part.as_ref(), order.as_deref()).sql(" + ")
        });
        counted(q, &|q: Prepared| q.sql(" FROM looked"), None)
    };
    let q = match f.count_up_to {
        None => all(display_head(q)),
        Some(cap) => all(display_head(q).sql("LEAST(")).and(", ", Value::BigInt(cap + 1), ")"),
    };
    let q = display_tail(q, "page.starts_at, a.id");
    // Planned for its instant and values (see `Prepared::planned_each_time`).
    let rows: Vec<SearchRow> = q.planned_each_time().load(conn).await?;
    let total = match <[SearchRow]>::first(&rows) {
        Some(r) => r.total,
        None if offset > 0 => Box::pin(search_by_next(conn, f, text, from, 1, 0)).await?.1,
        None => 0,
    };
    Ok((rows, total))
}

/// The search by its definition: for every activity that matches the
/// filters, look up the first occurrence in the range. The cost grows with
/// the number of matching activities; [`search`] uses it only for what the
/// activity row cannot answer (occurrence filters, sync lists, stale rows'
/// lookups are inside the fast query), and a test compares the two.
pub async fn search_reference(
    conn: &mut AsyncPgConnection,
    f: &SearchFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SearchRow>, i64), DbError> {
    let text = filter_text(conn, f).await?;
    reference(conn, f, text.as_ref(), limit, offset).await
}

async fn reference(
    conn: &mut AsyncPgConnection,
    f: &SearchFilter,
    text: Option<&TextMatch>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SearchRow>, i64), DbError> {
    // Two phases: first the matching activities as narrow rows (id and the
    // matching occurrence), counted; then the display columns for the rows
    // of the requested page only.
    let mut q = Prepared::new("WITH matches AS (SELECT a.id, a.changed_at, n.starts_at, n.ends_at");
    if let (SearchSort::Relevance, Some(text)) = (f.sort, text) {
        q = relevance(q.sql(", "), text).sql(" AS score");
    }
    q = q.sql(" FROM activities a ");
    if f.step_free_access.is_some() {
        q = q.sql("JOIN places p ON p.id = a.place_id ");
    }
    // The occurrences that match the time filters.
    let sync = f.updated_since.is_some() || f.after.is_some();
    q = q.sql(if sync {
        "LEFT JOIN LATERAL ("
    } else {
        "JOIN LATERAL ("
    });
    q = q.sql(
        "SELECT o.starts_at, o.ends_at FROM activity_occurrences o WHERE o.activity_id = a.id",
    );
    q = occurrence_filters(q, f);
    if !f.occurrences {
        // The next occurrence. Occurrences of one activity never overlap (a
        // series does not cross midnight; a single span is one occurrence),
        // so the first to end is the first to start, and the index on
        // (activity_id, ends_at) yields it without reading the others.
        q = q.sql(" ORDER BY o.ends_at LIMIT 1");
    }
    q = q.sql(") n ON true WHERE ");

    if sync {
        q = q.sql("a.status <> 'draft'");
        if let Some(since) = f.updated_since {
            q = q.and(" AND a.changed_at >= ", Value::Timestamp(since), "");
        }
        if let Some((at, id)) = f.after {
            q = q
                .and(" AND (a.changed_at, a.id) > (", Value::Timestamp(at), "")
                .and(", ", Value::Uuid(id), ")");
        }
        if let Some(before) = f.settled_before {
            q = q.and(" AND a.changed_at < ", Value::Timestamp(before), "");
        }
    } else if f.include_cancelled {
        q = q.sql("a.status <> 'draft'");
    } else {
        q = q.sql("a.status = 'published'");
    }
    q = activity_filters(q, f, text, "p.step_free_access");
    q = page_of_matches(q, f, limit, offset);
    // Planned for its instant and values (see `Prepared::planned_each_time`).
    let rows: Vec<SearchRow> = q.planned_each_time().load(conn).await?;
    let total = match <[SearchRow]>::first(&rows) {
        Some(r) => r.total,
        // Past the last page: count separately so the total stays right.
        None if offset > 0 => Box::pin(reference(conn, f, text, 1, 0)).await?.1,
        None => 0,
    };
    Ok((rows, total))
}

/// Reads the published activities' words again for [`suggestions`] (the
/// `search_vocabulary` job, and after seeding). Returns how many words.
pub async fn refresh_vocabulary(conn: &mut AsyncPgConnection) -> Result<i64, DbError> {
    diesel::sql_query("REFRESH MATERIALIZED VIEW CONCURRENTLY search_vocabulary")
        .execute(conn)
        .await?;
    // Typos now match other words: kept answers are stale.
    diesel::sql_query(format!(
        "SELECT pg_notify('{}', '')",
        crate::listener::CATALOGUE
    ))
    .execute(conn)
    .await?;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let c: Count = diesel::sql_query("SELECT count(*) AS n FROM search_vocabulary")
        .get_result(conn)
        .await?;
    Ok(c.n)
}

#[derive(QueryableByName)]
struct Spelling {
    #[diesel(sql_type = BigInt)]
    term: i64,
    #[diesel(sql_type = Text)]
    word: String,
    #[diesel(sql_type = Bool)]
    known: bool,
}

/// Did you mean: for a text that found nothing, the nearest spellings of
/// its words among the published activities' words (titles, tags,
/// categories, districts). One unknown word gives up to three; several give
/// one suggestion with each replaced. None when every word is known (then
/// the other filters are why nothing was found) or for web syntax.
pub async fn suggestions(conn: &mut AsyncPgConnection, text: &str) -> Result<Vec<String>, DbError> {
    let TextQuery::Words(terms) = search_text::parse(text) else {
        return Ok(vec![]);
    };
    // Each term's three nearest words, in one statement.
    let near: Vec<Spelling> =
        Prepared::new("SELECT t.i AS term, v.word, v.folded = t.folded AS known FROM unnest(")
            .bind(Value::Texts(
                terms.iter().map(|t| t.folded.clone()).collect(),
            ))
            .sql(
                "::text[]) WITH ORDINALITY AS t(folded, i) CROSS JOIN LATERAL (\
             SELECT word, folded, similarity(folded, t.folded) AS near, uses \
             FROM search_vocabulary WHERE folded % t.folded \
             ORDER BY 3 DESC, uses DESC, word LIMIT 3) v \
             ORDER BY t.i, v.near DESC, v.uses DESC, v.word",
            )
            .load(conn)
            .await?;
    let mut choices: Vec<Vec<String>> = Vec::with_capacity(terms.len());
    let mut unknown = 0;
    for (i, t) in terms.iter().enumerate() {
        let mine: Vec<&Spelling> = near.iter().filter(|s| s.term == i as i64 + 1).collect();
        match <[&Spelling]>::first(&mine) {
            Some(s) if s.known => choices.push(vec![t.word.clone()]),
            None => choices.push(vec![t.word.clone()]),
            Some(_) => {
                unknown += 1;
                choices.push(mine.iter().map(|s| s.word.clone()).collect());
            }
        }
    }
    if unknown == 0 {
        return Ok(vec![]);
    }
    if let [only] = choices.as_slice() {
        return Ok(only.clone());
    }
    Ok(vec![choices
        .iter()
        .map(|c| c[0].as_str())
        .collect::<Vec<_>>()
        .join(" ")])
}

#[derive(QueryableByName)]
struct NextEnd {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    at: Option<DateTime<Utc>>,
}

/// When the next occurrence of any activity ends after `instant`: until
/// then a search from `instant` has the same answer (the same occurrences
/// end after it). One probe of an index.
pub async fn next_end_after(
    conn: &mut AsyncPgConnection,
    instant: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbError> {
    let row: NextEnd =
        Prepared::new("SELECT min(ends_at) AS at FROM activity_occurrences WHERE ends_at > ")
            .bind(Value::Timestamp(instant))
            .get_result(conn)
            .await?;
    Ok(row.at)
}
