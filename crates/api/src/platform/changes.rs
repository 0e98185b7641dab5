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
//! [`current`]: CatalogueChanges::current

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use fritid_db::listener::{self, Listener};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A count of catalogue changes seen by this node.
#[derive(Debug, Default)]
pub struct CatalogueChanges {
    count: AtomicU64,
    listening: AtomicBool,
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

    /// Listens for notifications on a connection of its own, forever;
    /// reconnects (and forgets everything kept) when the connection fails.
    pub fn listen(self: Arc<Self>, database_url: String) {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.listen_once(&database_url).await {
                    tracing::warn!(error = %e, "catalogue change listener lost; reconnecting");
                }
                self.listening.store(false, Ordering::Release);
                self.bump();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }

    async fn listen_once(&self, database_url: &str) -> anyhow::Result<()> {
        let mut listener = Listener::connect(database_url, listener::CATALOGUE).await?;
        // Whatever changed before LISTEN took effect is unknown.
        self.bump();
        self.listening.store(true, Ordering::Release);
        loop {
            if listener.next(Duration::from_secs(5)).await? {
                self.bump();
            }
        }
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
