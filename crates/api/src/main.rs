//! `fritid`: the one server binary.

use anyhow::Context;
use clap::{Parser, Subcommand};
use fritid_api::auth::password::PasswordHasherPool;
use fritid_api::{seed, telemetry, Application, Config};
use std::io::{BufRead, Write};

#[derive(Debug, Parser)]
#[command(
    name = "fritid",
    version,
    about = "Fritid — leisure for everyone in Asker kommune"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run migrations, then serve the API and the web app.
    Serve,
    /// Run the periodic jobs (sending messages, reminders, clean-up) without
    /// serving HTTP. `fritid serve` runs them too unless FRITID_JOBS=false.
    Worker,
    /// Apply pending database migrations.
    Migrate,
    /// Load demo data (idempotent).
    Seed {
        /// Demo organizations to create (when there are none yet).
        #[arg(long, default_value_t = 40)]
        organizations: usize,
        /// Demo activities to create among them.
        #[arg(long, default_value_t = 300)]
        activities: usize,
    },
    /// Print the OpenAPI document (what openapi/openapi.json holds).
    Openapi,
    /// Administration tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an administrator. The password is read from
    /// FRITID_ADMIN_PASSWORD, or from the first line of standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Make an existing account an administrator instead of failing.
        #[arg(long)]
        grant_existing: bool,
    },
}

#[allow(clippy::print_stdout)]
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        print(&fritid_api::openapi::document_json());
        return Ok(());
    }
    let config = Config::from_env()?;
    telemetry::init(config.log_format);
    let database_url = config.database_url.expose().to_owned();
    match cli.command {
        Command::Openapi => {}
        Command::Migrate => migrate(&database_url).await?,
        Command::Worker => {
            migrate(&database_url).await?;
            let pool = fritid_db::connect_pool(
                &database_url,
                config.db_pool_size.min(4),
                std::time::Duration::from_secs(5),
            )?;
            let templates = std::sync::Arc::new(
                fritid_api::platform::templates::Templates::new(&config.public_url)
                    .map_err(|e| anyhow::anyhow!("message templates: {e:#}"))?,
            );
            let jobs = fritid_api::platform::jobs::standard_jobs(&config, &pool, templates)?;
            let scheduler =
                fritid_api::platform::jobs::Scheduler::new(pool, jobs, config.jobs.tick);
            tracing::info!("running the periodic jobs (no HTTP)");
            tokio::select! {
                () = scheduler.run_forever() => {}
                _ = tokio::signal::ctrl_c() => tracing::info!("stopped"),
            }
        }
        Command::Serve => {
            migrate(&database_url).await?;
            let app = Application::build(config.clone()).await?;
            tracing::info!(address = %config.listen.ip(), port = app.port(), "serving Fritid");
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
        Command::Seed {
            organizations,
            activities,
        } => {
            let passwords = PasswordHasherPool::new(2).map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut conn = connect(&database_url).await?;
            let (accounts, activities) =
                seed::seed_demo(&mut conn, &passwords, organizations, activities)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            tracing::info!(accounts, activities, "demo data loaded");
        }
        Command::Admin {
            command:
                AdminCommand::CreateUser {
                    email,
                    name,
                    grant_existing,
                },
        } => {
            let password = match std::env::var("FRITID_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("reading the password from stdin")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let passwords = PasswordHasherPool::new(1).map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut conn = connect(&database_url).await?;
            let email = seed::create_admin(
                &mut conn,
                &passwords,
                &email,
                &name,
                &password,
                grant_existing,
            )
            .await?;
            print(&format!("administrator {email} is ready\n"));
        }
    }
    Ok(())
}

async fn migrate(database_url: &str) -> anyhow::Result<()> {
    let applied = fritid_db::migrate::run_pending(database_url)
        .await
        .context("running migrations")?;
    tracing::info!(applied = applied.len(), "migrations up to date");
    Ok(())
}

async fn connect(database_url: &str) -> anyhow::Result<fritid_db::AsyncPgConnection> {
    use fritid_db::AsyncConnection;
    fritid_db::AsyncPgConnection::establish(database_url)
        .await
        .context("connecting to the database")
}
