//! Routes per area. Each handler: extract → validate (domain) → query (db)
//! → map to DTO. Registered with `.service()` so utoipa-actix-web sees them.

pub mod accounts;
pub mod health;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Everything under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(accounts::register)
        .service(accounts::login)
        .service(accounts::refresh)
        .service(accounts::logout)
        .service(accounts::get_me)
        .service(accounts::change_password)
        .service(users::list_users)
        .service(users::get_user)
        .service(users::grant_role)
        .service(users::revoke_role);
}

/// Parses a path segment as an id, or a 400 naming the parameter.
pub(crate) fn parse_id<T: std::str::FromStr>(field: &str, raw: &str) -> Result<T, crate::ApiError> {
    raw.parse()
        .map_err(|_| crate::ApiError::bad_path(field, "must be a UUID"))
}
