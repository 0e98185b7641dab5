//! Sending e-mail with lettre: through SMTP when `FRITID_SMTP_URL` is set,
//! otherwise as `.eml` files in a folder (local development), so a developer
//! can open what would have been sent.

use crate::config::MailConfig;
use crate::platform::templates::Rendered;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use uuid::Uuid;

/// Why a message was not sent. Permanent failures (a refused address, a
/// malformed one) are not tried again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Files {
        transport: AsyncFileTransport<Tokio1Executor>,
        dir: PathBuf,
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Files { dir, .. } => write!(f, "Mailer::Files({})", dir.display()),
        }
    }
}

impl Mailer {
    pub fn from_config(config: &MailConfig) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("FRITID_MAIL_FROM={:?} is invalid: {e}", config.from))?;
        Ok(match &config.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("FRITID_SMTP_URL is invalid: {e}"))?
                    .timeout(Some(config.timeout))
                    .build();
                Mailer::Smtp { transport, from }
            }
            None => {
                std::fs::create_dir_all(&config.dir).map_err(|e| {
                    anyhow::anyhow!(
                        "cannot create the mail folder {}: {e}",
                        config.dir.display()
                    )
                })?;
                Mailer::Files {
                    transport: AsyncFileTransport::new(&config.dir),
                    dir: config.dir.clone(),
                    from,
                }
            }
        })
    }

    fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. } | Mailer::Files { from, .. } => from,
        }
    }

    /// Sends one message. Its `Message-ID` is made from the outbox id, so a
    /// message that had to be sent twice is recognisable as the same one.
    pub async fn send(
        &self,
        id: Uuid,
        recipient: &str,
        rendered: &Rendered,
    ) -> Result<(), SendError> {
        let to: Mailbox = recipient.parse().map_err(|e| SendError {
            permanent: true,
            message: format!("invalid recipient address: {e}"),
        })?;
        let from = self.from().clone();
        let domain = from.email.domain().to_owned();
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(rendered.subject.clone())
            .message_id(Some(format!("<{id}@{domain}>")))
            .multipart(MultiPart::alternative_plain_html(
                rendered.text.clone(),
                rendered.html.clone(),
            ))
            .map_err(|e| SendError {
                permanent: true,
                message: format!("cannot build the message: {e}"),
            })?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| SendError {
                        permanent: e.is_permanent(),
                        message: e.to_string(),
                    })
            }
            Mailer::Files { transport, dir, .. } => {
                let file = transport.send(message).await.map_err(|e| SendError {
                    permanent: false,
                    message: e.to_string(),
                })?;
                tracing::info!(
                    outbox_id = %id,
                    file = %dir.join(format!("{file}.eml")).display(),
                    subject = %rendered.subject,
                    "message written (no SMTP server configured)"
                );
                Ok(())
            }
        }
    }
}
