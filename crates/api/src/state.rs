//! What handlers share: the pool, keys, limiters and settings.

use crate::auth::jwt::JwtKeys;
use crate::auth::password::PasswordHasherPool;
use crate::config::Config;
use crate::error::ApiError;
use crate::platform::changes::CatalogueChanges;
use crate::platform::templates::Templates;
use crate::rate_limit::RateLimiters;
use crate::routes::aktiviteter::search_cache::SearchCache;
use fritid_db::{Pool, PooledConnection};
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    /// The primary: every write, and reads by signed-in callers.
    pub pool: Pool,
    /// A streaming replica for anonymous public reads, when configured.
    pub replica: Option<Pool>,
    pub config: Arc<Config>,
    pub passwords: PasswordHasherPool,
    pub limits: Arc<RateLimiters>,
    /// Message templates, for showing messages on "Min side".
    pub templates: Arc<Templates>,
    /// Changes to the activity catalogue heard by this node.
    pub catalogue: Arc<CatalogueChanges>,
    /// Kept answers of the public search (none when turned off).
    pub search_cache: Option<SearchCache>,
}

impl AppState {
    pub fn new(
        config: Config,
        pool: Pool,
        replica: Option<Pool>,
    ) -> Result<(Self, JwtKeys), ApiError> {
        let keys = JwtKeys::from_config(&config);
        let passwords = PasswordHasherPool::new(config.workers.max(2))?;
        let limits = Arc::new(RateLimiters::new(
            &config.rate_limits,
            config.trusted_proxy_hops,
        ));
        let templates = Arc::new(
            Templates::new(&config.public_url)
                .map_err(|e| ApiError::internal(anyhow::anyhow!("message templates: {e:#}")))?,
        );
        let config_search_cache = config.search_cache_bytes;
        Ok((
            Self {
                pool,
                replica,
                config: Arc::new(config),
                passwords,
                limits,
                templates,
                catalogue: Arc::new(CatalogueChanges::default()),
                search_cache: SearchCache::new(config_search_cache),
            },
            keys,
        ))
    }

    pub async fn conn(&self) -> Result<PooledConnection, ApiError> {
        Ok(self.pool.get().await.map_err(fritid_db::DbError::from)?)
    }

    /// A connection for a public read, and whether it is the replica's.
    /// The replica (when there is one; it may lag the primary by a moment)
    /// answers unless `needs_primary`: the caller is signed in and may just
    /// have written, or the read must not lag (a sync list). While the
    /// replica cannot be reached the primary answers.
    pub async fn read_conn(
        &self,
        needs_primary: bool,
    ) -> Result<(PooledConnection, bool), ApiError> {
        if let (Some(replica), false) = (&self.replica, needs_primary) {
            match replica.get().await {
                Ok(conn) => return Ok((conn, true)),
                Err(e) => {
                    tracing::warn!(error = %e, "read replica unavailable; reading the primary");
                }
            }
        }
        Ok((self.conn().await?, false))
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("pool", &self.pool.status())
            .field("replica", &self.replica.as_ref().map(Pool::status))
            .finish_non_exhaustive()
    }
}
