//! Answers of the public activity search kept in memory, by their query
//! string. Most of the traffic is the same few searches (the front page,
//! a category, a district), and between two changes of the catalogue their
//! answers are the same: a kept answer is given again while
//!
//! - no change it depends on has been heard since it was computed
//!   (`platform::changes`: PostgreSQL notifies every node at commit), and
//! - for a search from now, no occurrence has ended since: until the next
//!   one ends, "occurrences ending after now" are the same occurrences.
//!
//! A sign-up or a cancellation changes only the counts of the answers that
//! show that activity, and an organizer's edit of what a result shows
//! (a title, a description, the sign-up window) only the answers that show
//! it: such an answer is kept again with the rows of its activities read
//! anew (one lookup by key instead of the search), unless it filters by
//! free places and the activity filled up or had a place again, or by a
//! free text that the activity's changed words may match.
//!
//! So a kept answer is exactly the answer the database would give, except
//! on another node in the milliseconds between a commit and its
//! notification. Sync lists (they depend on the settled instant) are never
//! kept. The memory is bounded (`FRITID_SEARCH_CACHE_MB`), and an answer is
//! forgotten after a minute whatever happens.
//!
//! After a change to everything, every node misses every query at once.
//! The requests that miss the same query under the same change count take
//! turns ([`SearchCache::turn`]): the first searches (or reads the rows
//! again) and keeps the answer, the others then find it kept. Without
//! turns, each of them ran the same search, and one change a second under
//! load kept the pool's connections busy for seconds (bench/search-load,
//! "an edit a second").

use crate::links::Paged;
use crate::platform::changes::{ByText, CatalogueChanges, Seen, Since};
use chrono::{DateTime, Utc};
use fritid_domain::activity::ActivityPage;
use moka::sync::Cache;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// How long an answer is kept, whatever happens.
pub const KEPT_FOR: Duration = Duration::from_secs(60);

/// One kept answer.
#[derive(Debug)]
pub struct Kept {
    /// Where the catalogue stood when it was computed.
    pub seen: Seen,
    /// The activities it shows, whose places it shows.
    pub shows: Vec<Uuid>,
    /// It filters by free places.
    pub by_free_places: bool,
    /// How it depends on the words searched.
    pub by_text: ByText,
    /// It is the answer until this instant (the next occurrence's end, for
    /// a search from now).
    pub valid_until: DateTime<Utc>,
    /// When it was searched: kept again with its rows read anew
    /// (`activities`, `with_rows_read_again`), it still goes after
    /// [`KEPT_FOR`].
    pub searched_at: DateTime<Utc>,
    pub page: ActivityPage,
    /// The total the `Link` headers are made from.
    pub linked_total: i64,
}

impl Kept {
    /// The answer again.
    pub fn paged(&self) -> Paged<ActivityPage> {
        Paged::new(
            self.page.clone(),
            self.page.page,
            self.page.per_page,
            self.linked_total,
        )
    }
}

/// The kept answers; see the module documentation.
#[derive(Debug, Clone)]
pub struct SearchCache {
    entries: Cache<String, Arc<Kept>>,
    /// One search at a time per query and change count.
    turns: Cache<(String, u64), Arc<tokio::sync::Mutex<()>>>,
}

impl SearchCache {
    /// At most `max_bytes` of answers (estimated); `None` when 0.
    pub fn new(max_bytes: u64) -> Option<Self> {
        (max_bytes > 0).then(|| Self {
            entries: Cache::builder()
                .max_capacity(max_bytes)
                // An item is about 1.5 KB of JSON and as much in memory.
                .weigher(|key: &String, kept: &Arc<Kept>| {
                    (key.len() + 512 + kept.page.items.len() * 1536)
                        .try_into()
                        .unwrap_or(u32::MAX)
                })
                .time_to_live(KEPT_FOR)
                .build(),
            turns: Cache::builder()
                .max_capacity(10_000)
                .time_to_idle(KEPT_FOR)
                .build(),
        })
    }

    /// Waits for the turn to search `query` under `count` (changes to
    /// everything, [`Seen::everything`]): while another
    /// request holds it, that one is running the same search. Look again
    /// for a kept answer once it is yours.
    pub async fn turn(&self, query: &str, count: u64) -> tokio::sync::OwnedMutexGuard<()> {
        self.turns
            .get_with((query.to_owned(), count), || {
                Arc::new(tokio::sync::Mutex::new(()))
            })
            .lock_owned()
            .await
    }

    /// The kept answer for `query`, and what changed since it was computed
    /// (`None` when there is none, or it is too old).
    pub fn get(
        &self,
        query: &str,
        changes: &CatalogueChanges,
        now: DateTime<Utc>,
    ) -> Option<(Arc<Kept>, Since)> {
        self.entries
            .get(query)
            .filter(|k| {
                now < k.valid_until
                    && (now - k.searched_at)
                        .to_std()
                        .is_ok_and(|age| age < KEPT_FOR)
            })
            .map(|k| {
                let since = changes.since(k.seen, &k.shows, k.by_free_places, &k.by_text);
                (k, since)
            })
    }

    pub fn put(&self, query: &str, kept: Kept) {
        self.entries.insert(query.to_owned(), Arc::new(kept));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_goes_a_minute_after_its_search_even_if_kept_again() {
        let cache = SearchCache::new(1 << 20).unwrap();
        let changes = CatalogueChanges::default();
        changes.listening_for_tests();
        let now = Utc::now();
        let kept = |searched_at| Kept {
            seen: changes.current().unwrap(),
            shows: vec![],
            by_free_places: false,
            by_text: ByText::No,
            valid_until: DateTime::<Utc>::MAX_UTC,
            searched_at,
            page: ActivityPage {
                items: vec![],
                total: 0,
                total_capped: false,
                page: 1,
                per_page: 20,
                sync: None,
                suggestions: vec![],
            },
            linked_total: 0,
        };
        cache.put("q=a", kept(now - chrono::Duration::seconds(59)));
        assert!(matches!(
            cache.get("q=a", &changes, now),
            Some((_, Since::Unchanged))
        ));
        cache.put("q=a", kept(now - chrono::Duration::seconds(61)));
        assert!(cache.get("q=a", &changes, now).is_none());
    }

    #[tokio::test]
    async fn the_same_search_waits_for_its_turn_and_others_do_not() {
        let cache = SearchCache::new(1 << 20).unwrap();
        let first = cache.turn("category=idrett", 7).await;
        let wait = Duration::from_millis(50);
        // The same query under the same count waits while the first holds it.
        assert!(tokio::time::timeout(wait, cache.turn("category=idrett", 7))
            .await
            .is_err());
        // Another query, or the same one under a newer count, does not.
        assert!(tokio::time::timeout(wait, cache.turn("category=dans", 7))
            .await
            .is_ok());
        assert!(tokio::time::timeout(wait, cache.turn("category=idrett", 8))
            .await
            .is_ok());
        drop(first);
        assert!(tokio::time::timeout(wait, cache.turn("category=idrett", 7))
            .await
            .is_ok());
    }
}
