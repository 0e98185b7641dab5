//! Knowing when the activity catalogue changed, on every node: PostgreSQL
//! notifies `fritid_catalogue` when a transaction that wrote what the
//! public search shows commits (migration `000016_catalogue_changes`); one
//! connection per server listens and counts. An answer kept in memory
//! (`routes::aktiviteter::search_cache`) is valid while the count it was
//! computed under is still the count.
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

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use fritid_db::listener::{self, Listener};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A count of catalogue changes seen by this node.
#[derive(Debug, Default)]
pub struct CatalogueChanges {
    count: AtomicU64,
    listening: AtomicBool,
    /// `(count, position)`: under that count, an answer read from the
    /// replica is current once the replica has replayed the primary's log
    /// up to that position. Only kept with a replica.
    replica_needs: Mutex<Option<(u64, u64)>>,
}

impl CatalogueChanges {
    /// The count, or `None` while changes could go unheard.
    pub fn current(&self) -> Option<u64> {
        // Read `listening` after the count: a reconnect bumps the count
        // before it sets `listening` again.
        let count = self.count.load(Ordering::Acquire);
        self.listening.load(Ordering::Acquire).then_some(count)
    }

    /// Something changed (or may have): every kept answer is stale.
    pub fn bump(&self) {
        self.count.fetch_add(1, Ordering::AcqRel);
    }

    /// The primary's WAL position a replica must have replayed for an
    /// answer read from it to be kept under `count`; `None` while unknown
    /// (this node has written something it has not yet heard back).
    pub fn replica_needs(&self, count: u64) -> Option<u64> {
        match *self
            .replica_needs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Some((c, position)) if c == count => Some(position),
            _ => None,
        }
    }

    /// Counts a change heard after the primary's log reached `position`
    /// (read after the notification, so past its commit). When something
    /// else counted meanwhile (this node's own write), the position may be
    /// older than that change and is not noted.
    fn heard_at(&self, before: u64, position: u64) {
        let mut needs = self
            .replica_needs
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match self
            .count
            .compare_exchange(before, before + 1, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => *needs = Some((before + 1, position)),
            Err(_) => self.bump(),
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
        self.heard(&mut listener, track_wal).await?;
        self.listening.store(true, Ordering::Release);
        loop {
            if listener.next(Duration::from_secs(5)).await? {
                self.heard(&mut listener, track_wal).await?;
            }
        }
    }

    /// A change was heard (or may have been missed).
    async fn heard(&self, listener: &mut Listener, track_wal: bool) -> anyhow::Result<()> {
        if track_wal {
            let before = self.count.load(Ordering::Acquire);
            let position = listener.written().await?;
            self.heard_at(before, position);
        } else {
            self.bump();
        }
        Ok(())
    }
}

/// Middleware: a write this node answered successfully counts as a change
/// at once, before the answer reaches whoever wrote.
pub async fn counts_own_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && req.path().starts_with("/api/");
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    if write && res.status().is_success() {
        if let Some(state) = state {
            state.catalogue.bump();
        }
    }
    Ok(res)
}
