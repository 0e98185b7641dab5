//! Configuration from environment variables, the same for every subcommand,
//! with safe defaults for local use. Secrets are never printed.

use anyhow::{bail, Context};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// A value that must not end up in logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct RateLimits {
    /// Login attempts per client IP per minute.
    pub login_per_ip_per_minute: u32,
    /// Login attempts per account from one client address in a burst; one
    /// more is allowed each minute after.
    pub login_per_account_burst: u32,
    /// Login attempts per account from all addresses together per hour.
    pub login_per_account_per_hour: u32,
    /// Registrations per client IP per hour.
    pub register_per_ip_per_hour: u32,
}

/// Where e-mail goes and how the outbox sender retries.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://host:port` (plain, for a relay on localhost),
    /// `smtp://host:587?tls=required` (STARTTLS) or `smtps://user:pass@host:465`.
    /// None: messages are written as `.eml` files to `dir` instead.
    pub smtp_url: Option<Secret>,
    /// The `From:` address.
    pub from: String,
    /// Where `.eml` files go when no SMTP server is configured.
    pub dir: PathBuf,
    /// The first retry waits this long; each next one twice as long (at most 6 h).
    pub retry_base: Duration,
    /// Attempts before a message is given up (its error is kept).
    pub max_attempts: i32,
    /// How long a claimed message is reserved for the worker sending it; a
    /// worker that dies lets others send it after this.
    pub lease: Duration,
    /// Per-message SMTP timeout.
    pub timeout: Duration,
}

/// The periodic jobs that run inside `fritid serve` (and `fritid worker`).
#[derive(Debug, Clone)]
pub struct JobsConfig {
    /// Run the jobs in this process (`FRITID_JOBS=false` leaves them to
    /// a separate `fritid worker`).
    pub enabled: bool,
    /// How often the outbox is sent.
    pub outbox_every: Duration,
    /// How often the scheduler looks for due jobs.
    pub tick: Duration,
    /// Closed Bamsefondet cases are anonymised this long after closing
    /// (`FRITID_FUND_RETENTION_DAYS`, default five years).
    pub fund_retention: Duration,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub database_url: Secret,
    /// A streaming replica of that database (`FRITID_DATABASE_REPLICA_URL`):
    /// anonymous public reads (search, activity pages, feeds) go to it with
    /// a pool of their own; writes and signed-in callers use the primary.
    pub database_replica_url: Option<Secret>,
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub static_dir: PathBuf,
    pub jwt_secret: Secret,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub db_pool_size: usize,
    pub workers: usize,
    pub log_format: LogFormat,
    /// How many proxies of ours stand in front of the server. With N > 0 the
    /// client address is the entry the outermost proxy appended to
    /// `X-Forwarded-For` (or `Forwarded`), the N-th from the right; what the
    /// client wrote further left is ignored. 0: the peer address.
    pub trusted_proxy_hops: usize,
    /// Production (`FRITID_ENV=production`) runs behind TLS: send HSTS.
    pub hsts: bool,
    pub rate_limits: RateLimits,
    /// The public address of the web app, for links in calendar feeds and
    /// messages.
    pub public_url: String,
    pub mail: MailConfig,
    pub jobs: JobsConfig,
    /// Origins (`https://host[:port]`) whose pages may make authenticated
    /// calls from the browser (`FRITID_CORS_ORIGINS`, comma-separated). Any
    /// origin may make the public, anonymous reads.
    pub cors_origins: Vec<String>,
    /// A sync list shows changes once they are this old
    /// (`FRITID_SYNC_SETTLE_SECONDS`, default 5): longer than any write
    /// transaction runs, so no change can commit behind a client's cursor.
    pub sync_settle: Duration,
    /// Keep answers of the public activity search in memory until the
    /// catalogue changes (`FRITID_SEARCH_CACHE_MB`, default 32; 0: off).
    pub search_cache_bytes: u64,
}

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:54329/fritid";
pub const JWT_ISSUER: &str = "fritid";
pub const JWT_AUDIENCE: &str = "fritid-api";
const MIN_SECRET_BYTES: usize = 32;

/// `FRITID_CORS_ORIGINS`: each an origin as browsers send it, scheme and
/// host (and port), no path.
fn cors_origins(raw: Option<&str>) -> anyhow::Result<Vec<String>> {
    raw.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| {
            let host = o
                .strip_prefix("https://")
                .or_else(|| o.strip_prefix("http://"))
                .unwrap_or_default();
            if host.is_empty() || host.contains(['/', '?', '#', '*', ' ']) {
                bail!(
                    "FRITID_CORS_ORIGINS: {o:?} is not an origin like https://www.asker.kommune.no"
                );
            }
            Ok(o.to_owned())
        })
        .collect()
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse_var<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|e| anyhow::anyhow!("{name}={raw:?} is invalid: {e}")),
    }
}

impl Config {
    /// Reads the configuration from the environment. In development the JWT
    /// secret is generated once and kept in `<data dir>/jwt-secret`; in
    /// production it must come from `FRITID_JWT_SECRET`.
    pub fn from_env() -> anyhow::Result<Self> {
        let environment = match var("FRITID_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => bail!("FRITID_ENV={other:?} is invalid: use development or production"),
        };
        let data_dir = PathBuf::from(var("FRITID_DATA_DIR").unwrap_or_else(|| ".data".into()));
        let jwt_secret = match (var("FRITID_JWT_SECRET"), environment) {
            (Some(s), _) if s.len() >= MIN_SECRET_BYTES => Secret::new(s),
            (Some(_), _) => bail!("FRITID_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes"),
            (None, Environment::Production) => {
                bail!("FRITID_JWT_SECRET is required when FRITID_ENV=production")
            }
            (None, Environment::Development) => local_jwt_secret(&data_dir)?,
        };
        let database_url = match (var("DATABASE_URL"), environment) {
            (Some(url), _) => url,
            (None, Environment::Production) => {
                bail!("DATABASE_URL is required when FRITID_ENV=production")
            }
            (None, Environment::Development) => DEFAULT_DATABASE_URL.to_owned(),
        };
        let default_format = match environment {
            Environment::Development => LogFormat::Pretty,
            Environment::Production => LogFormat::Json,
        };
        let log_format = match var("FRITID_LOG_FORMAT").as_deref() {
            None => default_format,
            Some("json") => LogFormat::Json,
            Some("pretty") | Some("text") => LogFormat::Pretty,
            Some(other) => bail!("FRITID_LOG_FORMAT={other:?} is invalid: use json or pretty"),
        };
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mail = MailConfig {
            smtp_url: var("FRITID_SMTP_URL").map(Secret::new),
            from: var("FRITID_MAIL_FROM")
                .unwrap_or_else(|| "Fritid Asker <fritid@asker.kommune.no>".into()),
            dir: var("FRITID_MAIL_DIR").map_or_else(|| data_dir.join("mail"), PathBuf::from),
            retry_base: Duration::from_secs(parse_var("FRITID_MAIL_RETRY_SECONDS", 30)?),
            max_attempts: parse_var("FRITID_MAIL_MAX_ATTEMPTS", 8)?,
            lease: Duration::from_secs(parse_var("FRITID_MAIL_LEASE_SECONDS", 300)?),
            timeout: Duration::from_secs(parse_var("FRITID_SMTP_TIMEOUT_SECONDS", 30)?),
        };
        if environment == Environment::Production && mail.smtp_url.is_none() {
            bail!("FRITID_SMTP_URL is required when FRITID_ENV=production");
        }
        if mail.max_attempts < 1 {
            bail!("FRITID_MAIL_MAX_ATTEMPTS must be at least 1");
        }
        let jobs = JobsConfig {
            enabled: parse_var("FRITID_JOBS", true)?,
            outbox_every: Duration::from_secs(parse_var("FRITID_OUTBOX_EVERY_SECONDS", 5)?.max(1)),
            tick: Duration::from_secs(1),
            fund_retention: Duration::from_secs(
                86_400 * parse_var("FRITID_FUND_RETENTION_DAYS", 5 * 365u64)?.max(1),
            ),
        };
        Ok(Self {
            environment,
            database_url: Secret::new(database_url),
            database_replica_url: var("FRITID_DATABASE_REPLICA_URL").map(Secret::new),
            listen: parse_var("FRITID_LISTEN", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            static_dir: PathBuf::from(
                var("FRITID_STATIC_DIR").unwrap_or_else(|| "frontend/dist".into()),
            ),
            data_dir,
            jwt_secret,
            access_token_ttl: Duration::from_secs(parse_var(
                "FRITID_ACCESS_TOKEN_TTL_SECS",
                15 * 60,
            )?),
            refresh_token_ttl: Duration::from_secs(parse_var(
                "FRITID_REFRESH_TOKEN_TTL_SECS",
                30 * 24 * 3600,
            )?),
            // PostgreSQL's rule of thumb, cores × 2, for a database on this
            // host: more connections than that only queue inside PostgreSQL,
            // and the requests' tail latency grows (bench/fund-load).
            db_pool_size: parse_var("FRITID_DB_POOL_SIZE", (workers * 2).max(4))?,
            workers: parse_var("FRITID_WORKERS", workers)?,
            log_format,
            trusted_proxy_hops: parse_var(
                "FRITID_TRUSTED_PROXY_HOPS",
                usize::from(parse_var::<bool>("FRITID_TRUST_PROXY", false)?),
            )?,
            hsts: environment == Environment::Production,
            public_url: var("FRITID_PUBLIC_URL")
                .unwrap_or_else(|| "http://127.0.0.1:8080".into())
                .trim_end_matches('/')
                .to_owned(),
            rate_limits: RateLimits {
                login_per_ip_per_minute: parse_var("FRITID_LOGIN_PER_IP_PER_MINUTE", 30)?,
                login_per_account_burst: parse_var("FRITID_LOGIN_PER_ACCOUNT_BURST", 5)?,
                login_per_account_per_hour: parse_var("FRITID_LOGIN_PER_ACCOUNT_PER_HOUR", 100)?,
                register_per_ip_per_hour: parse_var("FRITID_REGISTER_PER_IP_PER_HOUR", 20)?,
            },
            mail,
            jobs,
            cors_origins: cors_origins(var("FRITID_CORS_ORIGINS").as_deref())?,
            sync_settle: Duration::from_secs(parse_var("FRITID_SYNC_SETTLE_SECONDS", 5)?),
            search_cache_bytes: parse_var::<u64>("FRITID_SEARCH_CACHE_MB", 32)? * 1024 * 1024,
        })
    }

    /// A configuration for tests: port 0, the given database, a random secret.
    pub fn for_tests(database_url: &str) -> Self {
        use rand::RngCore;
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        Self {
            environment: Environment::Development,
            database_url: Secret::new(database_url),
            database_replica_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: std::env::temp_dir(),
            static_dir: PathBuf::from("frontend/dist"),
            jwt_secret: Secret::new(hex(&secret)),
            access_token_ttl: Duration::from_secs(900),
            refresh_token_ttl: Duration::from_secs(3600),
            db_pool_size: 8,
            workers: 2,
            log_format: LogFormat::Pretty,
            trusted_proxy_hops: 0,
            hsts: false,
            public_url: "http://127.0.0.1:8080".into(),
            rate_limits: RateLimits {
                login_per_ip_per_minute: 1000,
                login_per_account_burst: 1000,
                login_per_account_per_hour: 100_000,
                register_per_ip_per_hour: 1000,
            },
            // Tests that send mail point this at their own SMTP server.
            cors_origins: vec!["https://skole.example.org".into()],
            sync_settle: Duration::ZERO,
            search_cache_bytes: 8 * 1024 * 1024,
            mail: MailConfig {
                smtp_url: None,
                from: "Fritid test <fritid@example.org>".into(),
                dir: std::env::temp_dir().join("fritid-test-mail"),
                retry_base: Duration::from_secs(1),
                max_attempts: 3,
                lease: Duration::from_secs(2),
                timeout: Duration::from_secs(10),
            },
            // Tests run jobs by calling them, not on a clock.
            jobs: JobsConfig {
                enabled: false,
                outbox_every: Duration::from_secs(1),
                tick: Duration::from_millis(200),
                fund_retention: Duration::from_secs(86_400 * 5 * 365),
            },
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads `<data_dir>/jwt-secret`, creating it (mode 0600) on first use.
fn local_jwt_secret(data_dir: &Path) -> anyhow::Result<Secret> {
    use rand::RngCore;
    let path = data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        if existing.len() >= MIN_SECRET_BYTES {
            return Ok(Secret::new(existing));
        }
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = hex(&bytes);
    write_private(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Secret::new(secret))
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let config = Config::for_tests("postgres://user:pw@host/db");
        let printed = format!("{config:?}");
        assert!(!printed.contains(config.jwt_secret.expose()));
        assert!(!printed.contains("pw@host"));
    }

    #[test]
    fn local_secret_is_generated_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("fritid-secret-{}", uuid::Uuid::new_v4()));
        let first = local_jwt_secret(&dir).unwrap();
        let second = local_jwt_secret(&dir).unwrap();
        assert_eq!(first, second);
        assert!(first.expose().len() >= MIN_SECRET_BYTES);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("jwt-secret"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[cfg(test)]
mod cors_tests {
    use super::cors_origins;

    #[test]
    fn cors_origins_must_be_origins() {
        for bad in [
            "asker.kommune.no",
            "https://",
            "https://a.no/path",
            "*",
            "https://*.no",
        ] {
            let err = cors_origins(Some(bad)).unwrap_err().to_string();
            assert!(err.contains("FRITID_CORS_ORIGINS"), "{bad}: {err}");
        }
        assert_eq!(
            cors_origins(Some("https://www.asker.kommune.no, http://localhost:3000")).unwrap(),
            ["https://www.asker.kommune.no", "http://localhost:3000"]
        );
        assert!(cors_origins(None).unwrap().is_empty());
    }
}
