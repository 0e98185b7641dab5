//! Routes per area. Each handler: extract → validate (domain) → query (db)
//! → map to DTO. Registered with `.service()` so utoipa-actix-web sees them.

pub mod accounts;
pub mod aktiviteter;
pub mod platform;
pub(crate) mod query;

pub(crate) use accounts::{account, users};
pub(crate) use aktiviteter::{activities, calendar, invitations, organizations, signups};
pub(crate) use platform::{images, messages, privacy, reference};

use utoipa_actix_web::service_config::ServiceConfig;

/// Everything under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(account::register)
        .service(account::confirm_email)
        .service(account::login)
        .service(account::refresh)
        .service(account::logout)
        .service(account::get_me)
        .service(account::change_password)
        .service(account::update_preferences)
        .service(messages::list_my_messages)
        .service(privacy::get_my_data)
        .service(privacy::get_account_deletion)
        .service(privacy::delete_account)
        .service(messages::list_jobs)
        .service(users::list_users)
        .service(users::get_user)
        .service(users::grant_role)
        .service(users::revoke_role)
        .service(reference::list_districts)
        .service(reference::list_categories)
        .service(organizations::create_organization)
        .service(organizations::list_organizations)
        .service(organizations::list_my_organizations)
        .service(organizations::get_organization)
        .service(organizations::update_organization)
        .service(organizations::approve_organization)
        .service(organizations::reject_organization)
        .service(organizations::list_members)
        .service(organizations::update_member_role)
        .service(invitations::create_invitation)
        .service(invitations::list_organization_invitations)
        .service(invitations::delete_invitation)
        .service(invitations::list_my_invitations)
        .service(invitations::accept_invitation)
        .service(invitations::decline_invitation)
        .service(organizations::delete_member)
        .service(organizations::create_place)
        .service(organizations::list_places)
        .service(organizations::update_place)
        .service(calendar::get_organization_calendar)
        .service(activities::create_activity)
        .service(activities::list_organization_activities)
        .service(calendar::get_search_calendar)
        .service(activities::list_activities)
        .service(calendar::get_activity_calendar)
        .service(activities::get_activity)
        .service(activities::update_activity)
        .service(activities::publish_activity)
        .service(activities::cancel_activity)
        .service(activities::postpone_activity)
        .service(activities::withdraw_activity)
        .service(activities::list_occurrences)
        .service(signups::create_signup)
        .service(signups::list_participants)
        .service(signups::list_my_signups)
        .service(signups::cancel_signup)
        .service(signups::update_signup_contact)
        .service(images::put_activity_image)
        .service(images::delete_activity_image)
        .service(images::put_organization_image)
        .service(images::delete_organization_image)
        .service(images::get_image);
}

/// Parses a path segment as an id, or a 400 naming the parameter.
pub(crate) fn parse_id<T: std::str::FromStr>(field: &str, raw: &str) -> Result<T, crate::ApiError> {
    raw.parse()
        .map_err(|_| crate::ApiError::bad_path(field, "must be a UUID"))
}
