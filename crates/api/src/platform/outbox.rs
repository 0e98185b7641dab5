//! The outbox sender: claims due messages, renders and sends them, and
//! records the outcome. Failures wait twice as long each time and are given
//! up after `max_attempts`, with the error kept.

use crate::config::MailConfig;
use crate::platform::mail::Mailer;
use crate::platform::templates::Templates;
use fritid_db::outbox::{self, Claimed};
use fritid_db::Pool;
use fritid_domain::notification::{Language, Template};
use std::sync::Arc;
use std::time::Duration;

/// Messages claimed at a time.
const BATCH: i64 = 20;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub retrying: usize,
    pub given_up: usize,
}

impl std::fmt::Display for SendReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sent, {} to retry, {} given up",
            self.sent, self.retrying, self.given_up
        )
    }
}

#[derive(Clone)]
pub struct OutboxSender {
    pool: Pool,
    mailer: Arc<Mailer>,
    templates: Arc<Templates>,
    config: MailConfig,
}

impl std::fmt::Debug for OutboxSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxSender")
            .field("mailer", &self.mailer)
            .finish_non_exhaustive()
    }
}

/// The wait before attempt `attempts + 1`: base, 2×base, 4×base, … (capped).
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    base.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

impl OutboxSender {
    pub fn new(
        pool: Pool,
        mailer: Arc<Mailer>,
        templates: Arc<Templates>,
        config: MailConfig,
    ) -> Self {
        Self {
            pool,
            mailer,
            templates,
            config,
        }
    }

    /// Sends every message that is due now, batch by batch.
    pub async fn send_due(&self) -> anyhow::Result<SendReport> {
        let mut report = SendReport::default();
        let mut conn = self.pool.get().await?;
        loop {
            let batch = outbox::claim_due(&mut conn, BATCH, self.config.lease).await?;
            if batch.is_empty() {
                return Ok(report);
            }
            for message in batch {
                match self.send_one(&message).await {
                    Ok(()) => {
                        outbox::mark_sent(&mut conn, message.id).await?;
                        report.sent += 1;
                    }
                    Err(e) => {
                        let give_up = e.permanent || message.attempts >= self.config.max_attempts;
                        let retry_in =
                            (!give_up).then(|| backoff(self.config.retry_base, message.attempts));
                        tracing::warn!(
                            outbox_id = %message.id,
                            attempts = message.attempts,
                            give_up,
                            error = %e,
                            "message not sent"
                        );
                        outbox::mark_failed(&mut conn, message.id, &e.message, retry_in).await?;
                        if give_up {
                            report.given_up += 1;
                        } else {
                            report.retrying += 1;
                        }
                    }
                }
            }
        }
    }

    async fn send_one(&self, message: &Claimed) -> Result<(), crate::platform::mail::SendError> {
        let permanent = |text: String| crate::platform::mail::SendError {
            permanent: true,
            message: text,
        };
        let template = Template::parse(&message.template)
            .ok_or_else(|| permanent(format!("unknown template {:?}", message.template)))?;
        let language = Language::parse(&message.language).unwrap_or_default();
        let rendered = self
            .templates
            .render(template, language, &message.data)
            .map_err(|e| permanent(format!("cannot render: {e:#}")))?;
        self.mailer
            .send(message.id, &message.recipient, &rendered)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(240));
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
        assert_eq!(backoff(base, 0), Duration::from_secs(30));
    }
}
