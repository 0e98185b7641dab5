//! BUA's periodic work: reservations not picked up become no-shows, offers
//! not taken expire, and what they free is offered to the waiting lists;
//! reminders the day before the return day and when overdue; reservations
//! on units still out (or out of service) move to units that can serve
//! them; the booked counts of past days are forgotten.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Oslo;
use fritid_db::bua::loans;
use fritid_db::bua::{reseat, waitlist};
use fritid_db::outbox::{self, Notice};
use fritid_db::{AsyncConnection, AsyncPgConnection, DbError};
use fritid_domain::notification::Template;

/// One transaction: mark no-shows, expire offers, offer what they freed.
pub async fn no_shows_and_offers(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let today = now.with_timezone(&Oslo).date_naive();
    let (no_shows, expired, offers) = conn
        .transaction::<_, DbError, _>(async |conn| {
            let no_shows = loans::mark_no_shows(conn, now).await?;
            let expired = loans::expire_offers(conn, now).await?;
            let mut keys: Vec<_> = no_shows
                .iter()
                .chain(&expired)
                .map(|k| (k.location_id, k.model_id, k.size.clone()))
                .collect();
            keys.sort();
            keys.dedup();
            let mut offers = 0;
            for (location, model, size) in keys {
                offers += waitlist::offer_next(conn, location, model, &size, today, now).await?;
            }
            Ok((no_shows.len(), expired.len(), offers))
        })
        .await?;
    Ok(format!(
        "{no_shows} no-shows, {expired} offers expired, {offers} new offers"
    ))
}

/// Reminders for loans due back tomorrow, and one message per overdue loan;
/// then forgets the booked counts of days before today.
pub async fn reminders(conn: &mut AsyncPgConnection, today: NaiveDate) -> anyhow::Result<String> {
    let tomorrow = today + chrono::Days::new(1);
    let mut written = 0;
    for (template, rows) in [
        (
            Template::BuaReturnReminder,
            loans::due(conn, tomorrow, false).await?,
        ),
        (Template::BuaOverdue, loans::due(conn, today, true).await?),
    ] {
        for r in rows {
            let written_now = outbox::enqueue(
                conn,
                &Notice {
                    user_id: r.borrower_id,
                    template,
                    data: serde_json::json!({
                        "model_name": r.model_name,
                        "location_name": r.location_name,
                        "return_on": r.return_on,
                        "link_path": "/utlan/mine",
                    }),
                    dedup_key: Some(format!("{}:{}", template.key(), r.id)),
                },
            )
            .await?;
            written += usize::from(written_now);
        }
    }
    let moved = conn
        .transaction::<_, DbError, _>(async |conn| reseat::reseat_all(conn, today).await)
        .await?;
    let forgotten = fritid_db::bua::catalogue::forget_past_days(conn, today).await?;
    Ok(format!(
        "{written} return reminders written, {} reservations moved to another unit, {} cancelled, \
         {forgotten} past booked days forgotten",
        moved.moved, moved.cancelled
    ))
}
