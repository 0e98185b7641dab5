//! The scheduler for periodic jobs. Every node runs it; a node runs a job
//! only while it holds the job's PostgreSQL advisory lock and after moving
//! the job's next run forward (`fritid_db::jobs`), so a job runs on one node
//! at a time, a killed node blocks nothing, and the last run and its result
//! are visible to administrators (`GET /api/v1/admin/jobs`).
//!
//! No kept crate does this on PostgreSQL with diesel-async (apalis and
//! graphile_worker use sqlx, fang is synchronous diesel with its own
//! schema), and a claim is one SQL statement, so it is written here.

use crate::config::Config;
use crate::platform::mail::Mailer;
use crate::platform::outbox::OutboxSender;
use crate::platform::templates::Templates;
use chrono::Utc;
use chrono_tz::Europe::Oslo;
use fritid_db::Pool;
use futures_util::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;

type Run = Arc<dyn Fn() -> BoxFuture<'static, anyhow::Result<String>> + Send + Sync>;

/// One periodic job: its name, how often, and what it does (returning a
/// one-line summary).
#[derive(Clone)]
pub struct Job {
    pub name: &'static str,
    pub every: Duration,
    run: Run,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("name", &self.name)
            .field("every", &self.every)
            .finish_non_exhaustive()
    }
}

impl Job {
    pub fn new<F, Fut>(name: &'static str, every: Duration, run: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = anyhow::Result<String>> + Send + 'static,
    {
        Self {
            name,
            every,
            run: Arc::new(move || Box::pin(run())),
        }
    }
}

pub const SEND_OUTBOX: &str = "send_outbox";
pub const PURGE_REFRESH_TOKENS: &str = "purge_refresh_tokens";
pub const ACTIVITY_REMINDERS: &str = "activity_reminders";
pub const PURGE_UNCONFIRMED_ACCOUNTS: &str = "purge_unconfirmed_accounts";
pub const FUND_PRELIMINARY_ANSWERS: &str = "fund_preliminary_answers";
pub const FUND_RETENTION: &str = "fund_retention";
pub const BUA_NO_SHOWS_AND_OFFERS: &str = "bua_no_shows_and_offers";
pub const BUA_REMINDERS: &str = "bua_reminders";
pub const ACTIVITY_NEXT_OCCURRENCES: &str = "activity_next_occurrences";
pub const SEARCH_VOCABULARY: &str = "search_vocabulary";

/// The jobs of every area.
pub fn standard_jobs(
    config: &Config,
    pool: &Pool,
    templates: Arc<Templates>,
) -> anyhow::Result<Vec<Job>> {
    let mailer = Arc::new(Mailer::from_config(&config.mail)?);
    let sender = OutboxSender::new(pool.clone(), mailer, templates, config.mail.clone());
    let purge_pool = pool.clone();
    let remind_pool = pool.clone();
    let unconfirmed_pool = pool.clone();
    let preliminary_pool = pool.clone();
    let retention_pool = pool.clone();
    let retention = chrono::Duration::from_std(config.jobs.fund_retention)?;
    let bua_pool = pool.clone();
    let bua_remind_pool = pool.clone();
    let next_pool = pool.clone();
    let vocabulary_pool = pool.clone();
    Ok(vec![
        Job::new(SEND_OUTBOX, config.jobs.outbox_every, move || {
            let sender = sender.clone();
            async move { Ok(sender.send_due().await?.to_string()) }
        }),
        Job::new(PURGE_REFRESH_TOKENS, Duration::from_secs(3600), move || {
            let pool = purge_pool.clone();
            async move {
                let mut conn = pool.get().await?;
                let n = fritid_db::refresh_tokens::purge_expired(&mut conn).await?;
                Ok(format!("{n} expired refresh tokens removed"))
            }
        }),
        Job::new(
            PURGE_UNCONFIRMED_ACCOUNTS,
            Duration::from_secs(3600),
            move || {
                let pool = unconfirmed_pool.clone();
                async move {
                    let mut conn = pool.get().await?;
                    let n = fritid_db::verifications::purge_unconfirmed(&mut conn).await?;
                    Ok(format!("{n} registrations never confirmed removed"))
                }
            },
        ),
        Job::new(
            ACTIVITY_REMINDERS,
            Duration::from_secs(15 * 60),
            move || {
                let pool = remind_pool.clone();
                async move {
                    let tomorrow =
                        Utc::now().with_timezone(&Oslo).date_naive() + chrono::Days::new(1);
                    let mut conn = pool.get().await?;
                    let n = fritid_db::notices::remind_for_day(&mut conn, tomorrow).await?;
                    Ok(format!("{n} reminders written for {tomorrow}"))
                }
            },
        ),
        Job::new(
            FUND_PRELIMINARY_ANSWERS,
            Duration::from_secs(3600),
            move || {
                let pool = preliminary_pool.clone();
                async move {
                    // The answer names a date: three weeks from today.
                    let expected =
                        Utc::now().with_timezone(&Oslo).date_naive() + chrono::Days::new(21);
                    let mut conn = pool.get().await?;
                    let n = fritid_db::bamsefondet::casework::send_preliminary_answers(
                        &mut conn, expected,
                    )
                    .await?;
                    Ok(format!("{n} preliminary answers written"))
                }
            },
        ),
        Job::new(FUND_RETENTION, Duration::from_secs(6 * 3600), move || {
            let pool = retention_pool.clone();
            async move {
                let mut conn = pool.get().await?;
                let n = fritid_db::bamsefondet::casework::anonymise_closed(
                    &mut conn,
                    Utc::now() - retention,
                )
                .await?;
                Ok(format!("{n} closed fund cases anonymised"))
            }
        }),
        Job::new(
            BUA_NO_SHOWS_AND_OFFERS,
            Duration::from_secs(5 * 60),
            move || {
                let pool = bua_pool.clone();
                async move {
                    let mut conn = pool.get().await?;
                    crate::routes::bua::jobs::no_shows_and_offers(&mut conn, Utc::now()).await
                }
            },
        ),
        Job::new(BUA_REMINDERS, Duration::from_secs(15 * 60), move || {
            let pool = bua_remind_pool.clone();
            async move {
                let mut conn = pool.get().await?;
                let today = Utc::now().with_timezone(&Oslo).date_naive();
                crate::routes::bua::jobs::reminders(&mut conn, today).await
            }
        }),
        // Each activity's next occurrence, kept on its row for the search,
        // moves on once it has ended (the search is right meanwhile, only
        // slower for those rows).
        Job::new(
            ACTIVITY_NEXT_OCCURRENCES,
            Duration::from_secs(60),
            move || {
                let pool = next_pool.clone();
                async move {
                    let mut conn = pool.get().await?;
                    let n = fritid_db::activities::advance_next_occurrences(&mut conn).await?;
                    Ok(format!("{n} activities moved on to their next occurrence"))
                }
            },
        ),
        Job::new(SEARCH_VOCABULARY, Duration::from_secs(10 * 60), move || {
            let pool = vocabulary_pool.clone();
            async move {
                let mut conn = pool.get().await?;
                let n = fritid_db::search::refresh_vocabulary(&mut conn).await?;
                Ok(format!("{n} words to suggest from"))
            }
        }),
    ])
}

#[derive(Clone)]
pub struct Scheduler {
    pool: Pool,
    jobs: Vec<Job>,
    tick: Duration,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("jobs", &self.jobs)
            .finish_non_exhaustive()
    }
}

impl Scheduler {
    pub fn new(pool: Pool, jobs: Vec<Job>, tick: Duration) -> Self {
        Self { pool, jobs, tick }
    }

    /// Writes each job's row (name and interval).
    pub async fn register(&self) -> anyhow::Result<()> {
        let mut conn = self.pool.get().await?;
        for job in &self.jobs {
            fritid_db::jobs::register(&mut conn, job.name, job.every).await?;
        }
        Ok(())
    }

    /// Runs every due job whose lock this node gets; returns the names run.
    pub async fn run_due(&self) -> anyhow::Result<Vec<&'static str>> {
        let names: Vec<&str> = self.jobs.iter().map(|j| j.name).collect();
        let mut ran = Vec::new();
        // The lock lives on this connection for the whole run.
        let mut conn = self.pool.get().await?;
        for name in fritid_db::jobs::due(&mut conn, &names).await? {
            let Some(job) = self.jobs.iter().find(|j| j.name == name) else {
                continue;
            };
            if !fritid_db::jobs::try_lock(&mut conn, job.name).await? {
                continue; // another node runs it
            }
            let outcome = self.run_locked(&mut conn, job).await;
            let unlocked = fritid_db::jobs::unlock(&mut conn, job.name).await;
            if outcome? {
                ran.push(job.name);
            }
            unlocked?;
        }
        Ok(ran)
    }

    async fn run_locked(
        &self,
        conn: &mut fritid_db::AsyncPgConnection,
        job: &Job,
    ) -> anyhow::Result<bool> {
        if !fritid_db::jobs::claim_if_due(conn, job.name).await? {
            return Ok(false); // another node just ran it
        }
        let started = std::time::Instant::now();
        let (ok, summary) = match (job.run)().await {
            Ok(summary) => (true, summary),
            Err(e) => (false, format!("{e:#}")),
        };
        if ok {
            tracing::debug!(job = job.name, elapsed_ms = started.elapsed().as_millis() as u64, %summary, "job done");
        } else {
            tracing::error!(job = job.name, error = %summary, "job failed");
        }
        fritid_db::jobs::finish(conn, job.name, ok, &summary).await?;
        Ok(true)
    }

    /// Runs the scheduler until the process ends. A database that is away
    /// is waited for, not fatal.
    pub async fn run_forever(self) {
        loop {
            match self.register().await {
                Ok(()) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "jobs: cannot register, trying again");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
        let mut interval = tokio::time::interval(self.tick);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(e) = self.run_due().await {
                tracing::warn!(error = %e, "jobs: scheduler round failed");
            }
        }
    }
}
