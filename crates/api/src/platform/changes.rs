//! Knowing when the activity catalogue changed, on every node: PostgreSQL
//! notifies `fritid_catalogue` when a transaction that wrote what the
//! public search shows commits (migrations `000016_catalogue_changes` and
//! `000020_catalogue_availability`); one connection per server listens.
//! An answer kept in memory (`routes::aktiviteter::search_cache`) is valid
//! while nothing it depends on changed since it was computed
//! ([`CatalogueChanges::since`]):
//!
//! - a change to anything (content, occurrences, places, organizations,
//!   names) makes every kept answer stale;
//! - a change to only what the results of some activities show (their
//!   places left after a sign-up or a cancellation, most writes while a
//!   season's sign-up opens; an organizer's edit of a title, a description,
//!   the sign-up window) changes only the answers that show one of them
//!   ([`Since::RowsOfShown`]: the same activities in the same order, their
//!   rows read again), and
//!   - when one of them filled up or has a place again, every answer that
//!     filters by free places;
//!   - when the words searched of one of them changed, every answer to a
//!     free text that one of the changed words may match (a word in the
//!     text before and not after, or the other way round, that contains
//!     one of the answer's patterns; any answer when the words are not
//!     known, or when its order depends on them: [`ByText`]).
//!
//!   The rest stay kept as they are.
//!
//! While the listener is not connected nothing may be kept: [`current`]
//! answers `None`. A node's own writes count at once (`counts_own_writes`),
//! so whoever changed something sees it on the next read from the same
//! node; another node hears of it when the notification arrives, a few
//! milliseconds after the commit (as a streaming replica would).
//!
//! With a read replica (`FRITID_DATABASE_REPLICA_URL`) a notification can
//! arrive before the replica has replayed the change, so the listener also
//! notes the primary's WAL position after each one ([`replica_needs`]): an
//! answer read from the replica is kept only when the replica had replayed
//! that far before the search ran.
//!
//! [`current`]: CatalogueChanges::current
//! [`replica_needs`]: CatalogueChanges::replica_needs

use crate::routes::aktiviteter::search_cache::KEPT_FOR;
use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use fritid_db::listener::{self, CatalogueChange, Listener, Words};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a change of an activity's row is remembered: twice as long as an
/// answer is kept (`search_cache::KEPT_FOR`), so an older change cannot
/// concern one.
const ROWS_REMEMBERED: Duration = KEPT_FOR.saturating_mul(2);

/// More activities whose rows changed within [`ROWS_REMEMBERED`] than
/// this, and everything counts as changed instead (bounded memory).
const ROWS_AT_MOST: usize = 100_000;

/// Where the catalogue stood: read before a search, kept with its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Changes to anything (every kept answer stale).
    pub everything: u64,
    /// Changes that made an activity have free places or not (answers
    /// filtered by free places stale), and changes to anything.
    pub free_places: u64,
    /// Changes to the words searched of an activity (answers to a free
    /// text that only a search can tell stale), and changes to anything.
    pub text: u64,
    /// Such changes whose words are not known (every answer to a free
    /// text stale), and changes to anything.
    pub words_unknown: u64,
    /// Changes of any kind, rows included: a sequence number.
    pub any: u64,
}

/// How a kept answer depends on the words searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByText {
    /// Not at all: it has no free text.
    No,
    /// It finds the activities whose words (`search_words`) contain each
    /// term's pattern or one of its neighbours' (letters and digits only),
    /// in an order that does not depend on the words.
    Patterns(Vec<String>),
    /// In a way only a search tells (web syntax, ordered by relevance).
    Any,
}

/// What changed for a kept answer since it was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Nothing it shows: it is still the answer.
    Unchanged,
    /// Only the rows of activities it shows: the same activities in the
    /// same order, showing other values (it does not filter by them).
    RowsOfShown,
    /// Anything else.
    Anything,
}

/// The catalogue changes seen by this node.
#[derive(Debug, Default)]
pub struct CatalogueChanges {
    everything: AtomicU64,
    free_places: AtomicU64,
    text: AtomicU64,
    words_unknown: AtomicU64,
    any: AtomicU64,
    listening: AtomicBool,
    /// Activity → the `any` number of the last change of its row.
    rows: Mutex<RowsChanged>,
    /// `(any, position)`: under that number, an answer read from the
    /// replica is current once the replica has replayed the primary's log
    /// up to that position. Only kept with a replica.
    replica_needs: Mutex<Option<(u64, u64)>>,
}

#[derive(Debug, Default)]
struct RowsChanged {
    last: HashMap<Uuid, (u64, Instant)>,
    pruned: Option<Instant>,
    /// The changed words of recent changes, by their `any` number (see
    /// [`Words::Changed`]), oldest first.
    words: VecDeque<(u64, Instant, Vec<String>)>,
}

/// More changes of words within [`ROWS_REMEMBERED`] than this, and the
/// oldest count as changes of unknown words (bounded memory).
const WORDS_AT_MOST: usize = 10_000;

/// Marks a request with what its write changed of what the search reads,
/// as PostgreSQL will tell the other nodes at its commit
/// (`fritid_db::listener::written_in_transaction`), for
/// [`counts_own_writes`]; `None`: nothing.
#[derive(Debug, Clone)]
pub struct OwnChange(pub Option<CatalogueChange>);

impl CatalogueChanges {
    /// Where the catalogue stands, or `None` while changes could go
    /// unheard.
    pub fn current(&self) -> Option<Seen> {
        // Read `listening` after the counts: a reconnect bumps them before
        // it sets `listening` again.
        let seen = Seen {
            everything: self.everything.load(Ordering::Acquire),
            free_places: self.free_places.load(Ordering::Acquire),
            text: self.text.load(Ordering::Acquire),
            words_unknown: self.words_unknown.load(Ordering::Acquire),
            any: self.any.load(Ordering::Acquire),
        };
        self.listening.load(Ordering::Acquire).then_some(seen)
    }

    /// What changed since `then` for an answer computed then: it is still
    /// the answer if nothing changed, or only the rows of activities it
    /// does not show. `shows`: the activities it shows; `by_free_places`:
    /// it filters by free places; `by_text`: how it depends on the words.
    pub fn since(
        &self,
        then: Seen,
        shows: &[Uuid],
        by_free_places: bool,
        by_text: &ByText,
    ) -> Since {
        let Some(now) = self.current() else {
            return Since::Anything;
        };
        let words_stale = match by_text {
            ByText::No => false,
            ByText::Any => now.text != then.text,
            ByText::Patterns(_) => now.words_unknown != then.words_unknown,
        };
        if now.everything != then.everything
            || (by_free_places && now.free_places != then.free_places)
            || words_stale
        {
            return Since::Anything;
        }
        if now.any == then.any {
            return Since::Unchanged;
        }
        let rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        // A changed word that contains one of its patterns: an activity
        // may have come into the answer or left it.
        if let ByText::Patterns(patterns) = by_text {
            let found_otherwise = rows
                .words
                .iter()
                .rev()
                .take_while(|(number, _, _)| *number > then.any)
                .any(|(_, _, words)| {
                    words
                        .iter()
                        .any(|w| patterns.iter().any(|p| w.contains(p.as_str())))
                });
            if found_otherwise {
                return Since::Anything;
            }
        }
        let unchanged = shows.iter().all(|id| {
            rows.last
                .get(id)
                .is_none_or(|&(changed, _)| changed <= then.any)
        });
        if unchanged {
            Since::Unchanged
        } else {
            Since::RowsOfShown
        }
    }

    /// Listening, for unit tests elsewhere.
    #[cfg(test)]
    pub fn listening_for_tests(&self) {
        self.listening.store(true, Ordering::Release);
    }

    /// Something changed (or may have): every kept answer is stale.
    pub fn bump(&self) {
        self.any.fetch_add(1, Ordering::AcqRel);
        self.everything_changed();
    }

    /// Counts a change to everything (free places and text included);
    /// `any` is counted by the caller.
    fn everything_changed(&self) {
        self.free_places.fetch_add(1, Ordering::AcqRel);
        self.text.fetch_add(1, Ordering::AcqRel);
        self.words_unknown.fetch_add(1, Ordering::AcqRel);
        self.everything.fetch_add(1, Ordering::AcqRel);
    }

    /// Only what the results of these activities show changed; `flipped`:
    /// one of them now has free places where it had none, or the other
    /// way round; `words`: what changed of their words searched.
    pub fn rows_changed(&self, ids: &[Uuid], flipped: bool, words: &Words) {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let number = self.any.fetch_add(1, Ordering::AcqRel) + 1;
        self.note_rows(&mut rows, ids, number, flipped, words);
    }

    /// Counts what `change` says changed (a change this node made).
    pub fn changed(&self, change: &CatalogueChange) {
        match change {
            CatalogueChange::Everything => self.bump(),
            CatalogueChange::Rows { of, flipped, words } => {
                self.rows_changed(of, *flipped, words);
            }
        }
    }

    /// Notes `ids` as changed at `number`, forgetting what no kept answer
    /// can be concerned by.
    fn note_rows(
        &self,
        rows: &mut RowsChanged,
        ids: &[Uuid],
        number: u64,
        flipped: bool,
        words: &Words,
    ) {
        if flipped {
            self.free_places.fetch_add(1, Ordering::AcqRel);
        }
        let now = Instant::now();
        match words {
            Words::Same => {}
            Words::Changed(changed) => {
                rows.words.push_back((number, now, changed.clone()));
                while rows
                    .words
                    .front()
                    .is_some_and(|(_, at, _)| now.duration_since(*at) >= ROWS_REMEMBERED)
                {
                    rows.words.pop_front();
                }
                if rows.words.len() > WORDS_AT_MOST {
                    rows.words.pop_front();
                    self.words_unknown.fetch_add(1, Ordering::AcqRel);
                }
                self.text.fetch_add(1, Ordering::AcqRel);
            }
            Words::Unknown => {
                self.words_unknown.fetch_add(1, Ordering::AcqRel);
                self.text.fetch_add(1, Ordering::AcqRel);
            }
        }
        for id in ids {
            rows.last.insert(*id, (number, now));
        }
        if rows.last.len() > 1024
            && rows
                .pruned
                .is_none_or(|at| now.duration_since(at) > Duration::from_secs(10))
        {
            rows.last
                .retain(|_, (_, at)| now.duration_since(*at) < ROWS_REMEMBERED);
            rows.pruned = Some(now);
        }
        if rows.last.len() > ROWS_AT_MOST {
            self.bump();
            rows.last.clear();
        }
    }

    /// The primary's WAL position a replica must have replayed for an
    /// answer read from it to be kept under `seen`; `None` while unknown
    /// (this node has written something it has not yet heard back).
    pub fn replica_needs(&self, seen: Seen) -> Option<u64> {
        match *self
            .replica_needs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Some((any, position)) if any == seen.any => Some(position),
            _ => None,
        }
    }

    /// Counts a change heard after the primary's log reached `position`
    /// (read after the notification, so past its commit; `None` without a
    /// replica). When something else counted since `before` was read (this
    /// node's own write), the position may be older than that change and is
    /// not noted.
    fn heard(&self, change: &CatalogueChange, before: u64, position: Option<u64>) {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let mut needs = self
            .replica_needs
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let number =
            match self
                .any
                .compare_exchange(before, before + 1, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => {
                    *needs = position.map(|p| (before + 1, p));
                    before + 1
                }
                Err(_) => self.any.fetch_add(1, Ordering::AcqRel) + 1,
            };
        match change {
            CatalogueChange::Everything => self.everything_changed(),
            CatalogueChange::Rows { of, flipped, words } => {
                self.note_rows(&mut rows, of, number, *flipped, words);
            }
        }
    }

    /// Listens for notifications on a connection of its own, forever;
    /// reconnects (and forgets everything kept) when the connection fails.
    /// With `track_wal` (a replica is read), notes the primary's WAL
    /// position with each change.
    pub fn listen(self: Arc<Self>, database_url: String, track_wal: bool) {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.listen_once(&database_url, track_wal).await {
                    tracing::warn!(error = %e, "catalogue change listener lost; reconnecting");
                }
                self.listening.store(false, Ordering::Release);
                self.bump();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }

    async fn listen_once(&self, database_url: &str, track_wal: bool) -> anyhow::Result<()> {
        let mut listener = Listener::connect(database_url, listener::CATALOGUE).await?;
        // Whatever changed before LISTEN took effect is unknown.
        self.hear(&mut listener, &CatalogueChange::Everything, track_wal)
            .await?;
        self.listening.store(true, Ordering::Release);
        loop {
            if let Some(payload) = listener.next(Duration::from_secs(5)).await? {
                let change = CatalogueChange::from_payload(&payload);
                self.hear(&mut listener, &change, track_wal).await?;
            }
        }
    }

    /// A change was heard (or may have been missed).
    async fn hear(
        &self,
        listener: &mut Listener,
        change: &CatalogueChange,
        track_wal: bool,
    ) -> anyhow::Result<()> {
        let before = self.any.load(Ordering::Acquire);
        let position = if track_wal {
            Some(listener.written().await?)
        } else {
            None
        };
        self.heard(change, before, position);
        Ok(())
    }
}

/// Middleware: a write this node answered successfully counts as a change
/// at once, before the answer reaches whoever wrote: what the handler
/// marked it with ([`OwnChange`]: what PostgreSQL will tell the other
/// nodes), else everything. Writes in areas the search never reads
/// (accounts, Bamsefondet, BUA) count nothing here; PostgreSQL's
/// notification still reports anything they did write.
pub async fn counts_own_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && req
            .path()
            .strip_prefix("/api/")
            .is_some_and(|path| !elsewhere(path));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    if write && res.status().is_success() {
        if let Some(state) = state {
            match res.request().extensions().get::<OwnChange>() {
                Some(OwnChange(Some(change))) => state.catalogue.changed(change),
                Some(OwnChange(None)) => {}
                None => state.catalogue.bump(),
            }
        }
    }
    Ok(res)
}

/// API paths (after `/api/`) whose writes never touch what the search
/// reads.
fn elsewhere(path: &str) -> bool {
    let area = path
        .strip_prefix("v1/")
        .unwrap_or(path)
        .split('/')
        .next()
        .unwrap_or_default();
    matches!(
        area,
        "auth"
            | "bua"
            | "casework"
            | "funds"
            | "fund-rounds"
            | "fund-applications"
            | "fund-application-claims"
            | "fund-application-invitations"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the answer is still the answer.
    fn unchanged(
        changes: &CatalogueChanges,
        then: Seen,
        shows: &[Uuid],
        by_free_places: bool,
    ) -> bool {
        changes.since(then, shows, by_free_places, &ByText::No) == Since::Unchanged
    }

    fn listening() -> CatalogueChanges {
        let changes = CatalogueChanges::default();
        changes.listening_for_tests();
        changes
    }

    #[test]
    fn a_places_change_stales_only_the_answers_that_show_it() {
        let changes = listening();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let then = changes.current().unwrap();
        changes.rows_changed(&[a], false, &Words::Same);
        assert_eq!(
            changes.since(then, &[b, a], false, &ByText::No),
            Since::RowsOfShown
        );
        assert!(unchanged(&changes, then, &[b], false));
        assert!(unchanged(&changes, then, &[], false));
        // Filtered by free places: the same while no activity filled up or
        // had a place again.
        assert_eq!(
            changes.since(then, &[a], true, &ByText::No),
            Since::RowsOfShown
        );
        assert!(unchanged(&changes, then, &[b], true));
        changes.rows_changed(&[a], true, &Words::Same);
        assert_eq!(
            changes.since(then, &[b], true, &ByText::No),
            Since::Anything
        );
        assert!(unchanged(&changes, then, &[b], false));
        // Computed after the change, an answer showing `a` is current.
        let after = changes.current().unwrap();
        assert!(unchanged(&changes, after, &[a], true));
        // A change to anything stales every answer.
        changes.bump();
        assert_eq!(
            changes.since(then, &[b, a], false, &ByText::No),
            Since::Anything
        );
        assert!(!unchanged(&changes, after, &[b], false));
        assert!(!unchanged(&changes, after, &[], false));
    }

    #[test]
    fn an_edit_of_the_words_stales_the_answers_that_may_find_otherwise() {
        let changes = listening();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let fotball = ByText::Patterns(vec!["fotball".into(), "fotbal".into()]);
        let sjakk = ByText::Patterns(vec!["sjakk".into()]);
        let edit = |words: Words| CatalogueChange::Rows {
            of: vec![a],
            flipped: false,
            words,
        };
        let changed = |w: &[&str]| Words::Changed(w.iter().map(|w| (*w).to_owned()).collect());
        let then = changes.current().unwrap();
        // "Ta med fotballsko." added to a description: the answers that
        // show it read its row again; those that look for football may
        // find it now, those that look for chess find the same.
        changes.changed(&edit(changed(&["ta", "med", "fotballsko."])));
        assert_eq!(
            changes.since(then, &[a], false, &ByText::No),
            Since::RowsOfShown
        );
        assert_eq!(
            changes.since(then, &[b], false, &ByText::No),
            Since::Unchanged
        );
        assert_eq!(changes.since(then, &[b], false, &fotball), Since::Anything);
        assert_eq!(changes.since(then, &[b], false, &sjakk), Since::Unchanged);
        assert_eq!(changes.since(then, &[a], false, &sjakk), Since::RowsOfShown);
        // Ordered by relevance (or web syntax): any change of words.
        assert_eq!(
            changes.since(then, &[b], false, &ByText::Any),
            Since::Anything
        );
        // Words not known: every answer to a free text.
        let now = changes.current().unwrap();
        changes.changed(&edit(Words::Unknown));
        assert_eq!(changes.since(now, &[b], false, &sjakk), Since::Anything);
        assert_eq!(
            changes.since(now, &[b], false, &ByText::No),
            Since::Unchanged
        );
        // The sign-up window edited: no answer to a free text changes.
        let now = changes.current().unwrap();
        changes.changed(&edit(Words::Same));
        assert_eq!(
            changes.since(now, &[b], false, &ByText::Any),
            Since::Unchanged
        );
        // ("fotballsko." changed before this answer: it does not concern it.)
        assert_eq!(changes.since(now, &[b], false, &fotball), Since::Unchanged);
        assert_eq!(
            changes.since(now, &[a], false, &fotball),
            Since::RowsOfShown
        );
        // Everything changed: every answer.
        changes.changed(&CatalogueChange::Everything);
        assert_eq!(
            changes.since(now, &[b], false, &ByText::No),
            Since::Anything
        );
        assert_eq!(changes.since(now, &[b], false, &sjakk), Since::Anything);
    }

    #[test]
    fn heard_changes_count_by_kind_and_note_the_replica_position() {
        let changes = listening();
        let a = Uuid::from_u128(1);
        let then = changes.current().unwrap();
        let places = |flipped| CatalogueChange::Rows {
            of: vec![a],
            flipped,
            words: Words::Same,
        };
        changes.heard(&places(false), then.any, Some(42));
        let now = changes.current().unwrap();
        assert_eq!(now.everything, then.everything);
        assert_eq!(now.free_places, then.free_places);
        assert_eq!(changes.replica_needs(now), Some(42));
        assert!(!unchanged(&changes, then, &[a], false));
        assert!(unchanged(&changes, then, &[Uuid::from_u128(2)], true));
        changes.heard(&places(true), now.any, Some(43));
        assert!(!unchanged(&changes, then, &[Uuid::from_u128(2)], true));
        assert!(unchanged(&changes, then, &[Uuid::from_u128(2)], false));

        // An own write counted between reading `before` and noting the
        // position: the position may be older than that write.
        let before = changes.current().unwrap().any;
        changes.rows_changed(&[a], false, &Words::Same);
        changes.heard(&CatalogueChange::Everything, before, Some(44));
        let now = changes.current().unwrap();
        assert_eq!(changes.replica_needs(now), None);
        assert!(!unchanged(&changes, then, &[], false));
    }

    #[test]
    fn nothing_is_current_while_not_listening() {
        let changes = CatalogueChanges::default();
        assert_eq!(changes.current(), None);
        let then = Seen {
            everything: 0,
            free_places: 0,
            text: 0,
            words_unknown: 0,
            any: 0,
        };
        assert!(!unchanged(&changes, then, &[], false));
    }

    #[test]
    fn writes_elsewhere_do_not_count() {
        assert!(elsewhere("v1/auth/login"));
        assert!(elsewhere("v1/bua/reservations"));
        assert!(elsewhere("v1/fund-applications/1/submit"));
        assert!(!elsewhere("v1/activities/1/signups"));
        assert!(!elsewhere("v1/signups/1/cancel"));
        assert!(!elsewhere("v1/me"));
        assert!(!elsewhere("v1/organizations/1"));
    }
}
