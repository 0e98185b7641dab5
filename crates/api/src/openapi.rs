//! The OpenAPI document, assembled in one place from the handlers'
//! `#[utoipa::path]` attributes. `openapi/openapi.json` is this document,
//! committed; a test fails when they differ.

use crate::routes;
use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Fritid API",
        description = "The citizen platform of Asker kommune for taking part in leisure life: \
            the activity calendar (Aktiviteter), the support fund (Bamsefondet) and free equipment \
            lending (BUA).\n\nConventions: snake_case JSON; RFC 3339 timestamps; lists take \
            `page` and `per_page` (max 100) and answer `{items, total, page, per_page}`; every \
            error is `application/problem+json` with a stable `code` and, for invalid input, \
            `errors: [{field, code, message}]`. Authenticate with `Authorization: Bearer <access token>` \
            from `POST /api/v1/auth/login`.",
        version = "1.0.0",
        license(name = "MIT"),
        contact(name = "Asker kommune", url = "https://www.asker.kommune.no")
    ),
    servers((url = "/", description = "This server")),
    tags(
        (name = "accounts", description = "Registration, login, sessions and the caller's own account"),
        (name = "users", description = "User and role administration (administrators)"),
        (name = "activities", description = "Aktiviteter: the public activity search, activities, their occurrences and iCalendar feeds"),
        (name = "signups", description = "Sign-up with capacity and waiting list; participant lists for organizers"),
        (name = "organizations", description = "Clubs and associations (lag og foreninger), their members and places"),
        (name = "reference", description = "Districts and categories"),
        (name = "health", description = "Liveness and readiness"),
    ),
    // Schemas used only as path parameters are not collected automatically.
    components(schemas(
        crate::routes::users::GrantableRole,
        crate::routes::accounts::RefreshTokenIn,
        fritid_domain::organization::OrganizationStatus,
    )),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The routes that carry OpenAPI metadata, mounted on any app.
pub fn mount<T>(app: utoipa_actix_web::UtoipaApp<T>) -> utoipa_actix_web::UtoipaApp<T>
where
    T: actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Error = actix_web::Error,
        InitError = (),
    >,
{
    app.service(routes::health::healthz)
        .service(routes::health::readyz)
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
}

/// The complete document.
pub fn document() -> OpenApiDoc {
    let (_, doc) = mount(App::new().into_utoipa_app().openapi(ApiDoc::openapi())).split_for_parts();
    doc
}

/// The document as committed in `openapi/openapi.json` (pretty, trailing newline).
pub fn document_json() -> String {
    let mut json = document().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
