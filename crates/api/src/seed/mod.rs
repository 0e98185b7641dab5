//! Demo data (idempotent) and bootstrapping an administrator.

pub mod aktiviteter;
mod bamsefondet;
mod bua;
mod catalogue;

use crate::auth::password::PasswordHasherPool;
use crate::error::ApiError;
use fritid_db::audit::{self, NewAuditEvent};
use fritid_db::users::{self, NewUser};
use fritid_db::{roles, AsyncConnection, AsyncPgConnection};
use fritid_domain::account::{DisplayName, Email, NewPassword};
use fritid_domain::{Role, ValidationErrors};

/// The password of every demo account (printed by `scripts/run`).
pub const DEMO_PASSWORD: &str = "fritid-demo-2026";

/// The demo accounts: (email, display name, granted roles).
pub const DEMO_ACCOUNTS: &[(&str, &str, &[Role])] = &[
    ("admin@fritid.test", "Demo Administrator", &[Role::Admin]),
    (
        "saksbehandler@fritid.test",
        "Demo Saksbehandler",
        &[Role::Caseworker],
    ),
    (
        "godkjenner@fritid.test",
        "Demo Godkjenner",
        &[Role::Approver],
    ),
    (
        "utlan@fritid.test",
        "Demo Utlånsmedarbeider",
        &[Role::LendingStaff],
    ),
    ("innbygger@fritid.test", "Demo Innbygger", &[]),
    ("arrangor@fritid.test", "Demo Arrangør", &[]),
];

/// Demo families (`familie01@fritid.test` …) who applied to the demo fund.
pub const DEMO_FAMILIES: usize = bamsefondet::FAMILIES;

/// The demo organizer: administrator of every demo organization.
pub const DEMO_ORGANIZER: &str = "arrangor@fritid.test";

/// Creates the demo accounts that do not exist yet (leaving existing ones
/// alone) and the demo activity catalogue if there is none. Returns how many
/// accounts and activities were created.
pub async fn seed_demo(
    conn: &mut AsyncPgConnection,
    passwords: &PasswordHasherPool,
    organizations: usize,
    activities: usize,
) -> Result<(usize, usize), ApiError> {
    let hash = passwords.hash(DEMO_PASSWORD).await?;
    let mut created = 0;
    for (email, name, granted) in DEMO_ACCOUNTS {
        let new = conn
            .transaction::<_, ApiError, _>(async |conn| {
                if users::find_by_email(conn, email).await?.is_some() {
                    return Ok(false);
                }
                let user = users::insert(
                    conn,
                    &NewUser {
                        email,
                        display_name: name,
                        password_hash: &hash,
                        language: "nb",
                        email_verified_at: Some(chrono::Utc::now()),
                    },
                )
                .await?;
                for role in *granted {
                    roles::grant(conn, user.id, *role, None).await?;
                }
                Ok(true)
            })
            .await?;
        created += usize::from(new);
    }
    let organizer = users::find_by_email(conn, DEMO_ORGANIZER)
        .await?
        .ok_or(ApiError::NotFound)?;
    let seeded = aktiviteter::seed(conn, organizer.id, organizations, activities).await?;
    // Did-you-mean suggests from the published activities' words.
    fritid_db::search::refresh_vocabulary(conn).await?;
    let id_of = async |conn: &mut AsyncPgConnection, email: &str| {
        users::find_by_email(conn, email)
            .await?
            .map(|u| u.id)
            .ok_or(ApiError::NotFound)
    };
    let citizen = id_of(conn, "innbygger@fritid.test").await?;
    let caseworker = id_of(conn, "saksbehandler@fritid.test").await?;
    let approver = id_of(conn, "godkjenner@fritid.test").await?;
    let applications = bamsefondet::seed(conn, citizen, caseworker, approver, &hash).await?;
    tracing::info!(applications, "Bamsefondet demo data");
    let staff = id_of(conn, "utlan@fritid.test").await?;
    let mut families = vec![citizen];
    for i in 1..=DEMO_FAMILIES {
        if let Some(u) = users::find_by_email(conn, &format!("familie{i:02}@fritid.test")).await? {
            families.push(u.id);
        }
    }
    let units = bua::seed(conn, staff, &families).await?;
    tracing::info!(units, "BUA demo data");
    Ok((created, seeded))
}

#[derive(Debug, thiserror::Error)]
pub enum CreateAdminError {
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    #[error("an account with this email already exists (use --grant-existing to make it an administrator)")]
    Exists,
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Creates an administrator account, or grants admin to an existing one
/// when `grant_existing` is set. Returns the normalised email.
pub async fn create_admin(
    conn: &mut AsyncPgConnection,
    passwords: &PasswordHasherPool,
    email: &str,
    display_name: &str,
    password: &str,
    grant_existing: bool,
) -> Result<String, CreateAdminError> {
    let mut errors = ValidationErrors::new();
    let email = errors.check(Email::parse("email", email));
    let name = errors.check(DisplayName::parse("name", display_name));
    let password = errors.check(NewPassword::parse(
        "password",
        password,
        email.as_ref().map(Email::as_str),
    ));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(CreateAdminError::Invalid(errors));
    };
    let hash = passwords.hash(password.expose()).await?;
    conn.transaction::<_, CreateAdminError, _>(async |conn| {
        let user = match users::find_by_email(conn, email.as_str())
            .await
            .map_err(ApiError::from)?
        {
            Some(_) if !grant_existing => return Err(CreateAdminError::Exists),
            Some(user) => user,
            None => users::insert(
                conn,
                &NewUser {
                    email: email.as_str(),
                    display_name: name.as_str(),
                    password_hash: &hash,
                    language: "nb",
                    // The operator typed the address at the server.
                    email_verified_at: Some(chrono::Utc::now()),
                },
            )
            .await
            .map_err(ApiError::from)?,
        };
        roles::grant(conn, user.id, Role::Admin, None)
            .await
            .map_err(ApiError::from)?;
        audit::record(
            conn,
            &NewAuditEvent {
                actor_id: None,
                action: "role.grant",
                subject_type: "user",
                subject_id: Some(user.id.to_string()),
                details: serde_json::json!({ "role": "admin", "via": "fritid admin create-user" }),
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(())
    })
    .await?;
    Ok(email.into_inner())
}

impl From<fritid_db::DieselError> for CreateAdminError {
    fn from(e: fritid_db::DieselError) -> Self {
        CreateAdminError::Api(e.into())
    }
}
