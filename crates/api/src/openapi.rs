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
    servers(
        (url = "https://fritid.asker.kommune.no", description = "Asker kommune (production)"),
        (url = "/", description = "The server this document came from"),
    ),
    tags(
        (name = "accounts", description = "Registration, login, sessions and the caller's own account"),
        (name = "users", description = "User and role administration (administrators)"),
        (name = "activities", description = "Aktiviteter: the public activity search, activities, their occurrences and iCalendar feeds"),
        (name = "signups", description = "Sign-up with capacity and waiting list; participant lists for organizers"),
        (name = "organizations", description = "Clubs and associations (lag og foreninger), their members and places"),
        (name = "bamsefondet", description = "Bamsefondet: funds and rounds, applications by guardians, casework, decisions with letters, appeals, payouts and statistics"),
        (name = "bua", description = "BUA: free lending of sports and leisure equipment: locations, the catalogue with availability, reservations, the waiting list, the lending desk and unmet demand"),
        (name = "images", description = "Pictures of activities, organizations and BUA equipment, in the sizes pages need"),
        (name = "reference", description = "Districts and categories"),
        (name = "admin", description = "Operations for administrators: periodic jobs and the outbox"),
        (name = "health", description = "Liveness and readiness"),
    ),
    // Schemas used only as path parameters are not collected automatically.
    components(schemas(
        crate::routes::users::GrantableRole,
        crate::routes::account::RefreshTokenIn,
        fritid_domain::organization::OrganizationStatus,
        fritid_domain::notification::Language,
        crate::routes::bamsefondet::letters::LetterKind,
        crate::routes::bamsefondet::funds::StatisticsFormat,
        crate::routes::aktiviteter::activities::Slug,
        crate::routes::aktiviteter::activities::SearchOrder,
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

/// A response with a problem+json body.
fn problem_response(description: &str) -> utoipa::openapi::ResponseBuilder {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new().description(description).content(
        "application/problem+json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build(),
    )
}

/// Every operation with a JSON body can answer 413 (too large) and 415
/// (not JSON); documented once here instead of on every handler.
struct BodyErrors;

impl Modify for BodyErrors {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                if op.request_body.is_none() {
                    continue;
                }
                let responses = &mut op.responses.responses;
                responses
                    .entry("413".into())
                    .or_insert_with(|| problem_response("Body too large").build().into());
                responses
                    .entry("415".into())
                    .or_insert_with(|| problem_response("Not JSON").build().into());
            }
        }
    }
}

/// Every operation that reads or writes the database can answer 503 when
/// the database is unreachable for a moment (with `Retry-After`); only
/// liveness does not touch it.
struct Unavailable;

impl Modify for Unavailable {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        use utoipa::openapi::{HeaderBuilder, ObjectBuilder, Type};
        let response = problem_response(
            "The database is unavailable for a moment: try again after `Retry-After` seconds",
        )
        .header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some("Seconds to wait"))
                .build(),
        )
        .build();
        for (path, item) in openapi.paths.paths.iter_mut() {
            if path == "/healthz" {
                continue;
            }
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                op.responses
                    .responses
                    .entry("503".into())
                    .or_insert_with(|| response.clone().into());
            }
        }
    }
}

/// A page's items by reference (`Page_Model.items` → `Model`), so a
/// generated client has one type per item instead of a copy per list:
/// utoipa inlines a generic's type parameter (juhaku/utoipa#1586).
struct NamedPageItems;

impl Modify for NamedPageItems {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        use utoipa::openapi::schema::{ArrayItems, Schema};
        use utoipa::openapi::{Ref, RefOr};
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let pages: Vec<String> = components
            .schemas
            .keys()
            .filter(|k| k.starts_with("Page_"))
            .cloned()
            .collect();
        for page in pages {
            let item = page.trim_start_matches("Page_").to_owned();
            let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&page) else {
                continue;
            };
            let Some(RefOr::T(Schema::Array(array))) = object.properties.get_mut("items") else {
                continue;
            };
            let reference = ArrayItems::RefOrSchema(Box::new(Ref::from_schema_name(&item).into()));
            if let ArrayItems::RefOrSchema(inline) = std::mem::replace(&mut array.items, reference)
            {
                components.schemas.entry(item).or_insert(*inline);
            }
        }
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
    app.service(routes::platform::health::healthz)
        .service(routes::platform::health::readyz)
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
}

/// The complete document.
pub fn document() -> OpenApiDoc {
    let (_, mut doc) =
        mount(App::new().into_utoipa_app().openapi(ApiDoc::openapi())).split_for_parts();
    // After the handlers' paths are merged in.
    BodyErrors.modify(&mut doc);
    Unavailable.modify(&mut doc);
    NamedPageItems.modify(&mut doc);
    doc
}

/// The document as committed in `openapi/openapi.json` (pretty, trailing newline).
pub fn document_json() -> String {
    let mut json = document().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
