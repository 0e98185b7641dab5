//! The committed contract (`openapi/openapi.json`) is what the server serves,
//! and it follows the project's API conventions.

#![allow(clippy::unwrap_used)]

mod common;

use common::TestApp;
use serde_json::Value;

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");

#[tokio::test]
async fn served_document_matches_the_committed_file() {
    let app = TestApp::spawn().await;
    let served: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let committed: Value =
        serde_json::from_str(COMMITTED).expect("openapi/openapi.json is valid JSON");
    assert!(
        served == committed,
        "openapi/openapi.json is out of date: regenerate it with `cargo run -p fritid-api --bin fritid -- openapi > openapi/openapi.json`"
    );
    assert_eq!(
        fritid_api::openapi::document_json(),
        COMMITTED,
        "the committed file is not formatted as generated"
    );
}

#[test]
fn documented_patterns_are_the_ones_the_server_checks() {
    let doc: Value = serde_json::from_str(&fritid_api::openapi::document_json()).unwrap();
    let register = &doc["components"]["schemas"]["RegisterRequest"]["properties"];
    assert_eq!(
        register["return_to"]["pattern"],
        fritid_domain::account::RETURN_TO_PATTERN
    );
    assert_eq!(
        register["email"]["pattern"],
        fritid_domain::account::EMAIL_PATTERN
    );
}

#[test]
fn every_operation_follows_the_conventions() {
    let doc: Value = serde_json::from_str(&fritid_api::openapi::document_json()).unwrap();
    let verbs = [
        "get",
        "list",
        "create",
        "update",
        "delete",
        "grant",
        "revoke",
        "refresh",
        "approve",
        "reject",
        "publish",
        "cancel",
        "postpone",
        "withdraw",
        "accept",
        "decline",
        "confirm",
        "submit",
        "assign",
        "recommend",
        "return",
        "decide",
        "pay",
        "appeal",
        "close",
        "disqualify",
        "claim",
        "request",
    ];
    let mut seen = std::collections::HashSet::new();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 8);
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(seen.insert(id.to_owned()), "duplicate operationId {id}");
            let verb = id.split('_').next().unwrap();
            assert!(
                verbs.contains(&verb) && id.contains('_'),
                "{id} is not <verb>_<resource>"
            );
            assert_eq!(
                op["tags"].as_array().map(Vec::len),
                Some(1),
                "{id} needs exactly one tag"
            );
            if let Some(body) = op.get("requestBody") {
                // JSON, or a picture's or a file's bytes (every accepted
                // type described).
                let content = body["content"].as_object().unwrap();
                let json = content
                    .get("application/json")
                    .map(|c| c["schema"].is_object());
                let pictures = content.iter().all(|(kind, c)| {
                    kind.starts_with("image/")
                        && c["schema"]["$ref"] == "#/components/schemas/PictureBytes"
                });
                let files = content.iter().all(|(kind, c)| {
                    (kind.starts_with("image/") || kind == "application/pdf")
                        && c["schema"]["$ref"] == "#/components/schemas/FileBytes"
                });
                assert!(
                    json == Some(true) || pictures || files,
                    "{id} request body without schema"
                );
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                let code: u16 = status.parse().unwrap();
                if code >= 400 {
                    let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/Problem",
                        "{id} {status} must be a problem+json"
                    );
                } else if code != 204 && code != 304 {
                    // JSON, an iCalendar feed, a picture, a file, a letter
                    // or a label's QR code.
                    let content = &response["content"];
                    assert!(
                        content["application/json"]["schema"].is_object()
                            || content["text/calendar"]["schema"].is_object()
                            || content["image/jpeg"]["schema"]["$ref"]
                                == "#/components/schemas/PictureBytes"
                            || content["application/pdf"]["schema"]["$ref"]
                                == "#/components/schemas/FileBytes"
                            || content["text/html"]["schema"].is_object()
                            || content["image/svg+xml"]["schema"].is_object(),
                        "{id} {status} without schema"
                    );
                }
            }
            let protected = op.get("security").is_some();
            let has_401 = op["responses"].get("401").is_some();
            assert!(
                !protected || has_401,
                "{id} is protected but does not document 401"
            );
        }
    }
    // Every schema used in a body has an example.
    for name in [
        "RegisterRequest",
        "LoginRequest",
        "RefreshRequest",
        "ChangePasswordRequest",
        "Session",
        "Me",
        "UserSummary",
        "Problem",
    ] {
        assert!(
            doc["components"]["schemas"][name]["example"].is_object(),
            "{name} has no example"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Every reference resolves.
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "unresolvable reference to {name}"
        );
    }
    // The documented email rule is the one the server applies.
    for schema in ["RegisterRequest", "LoginRequest"] {
        let properties = &doc["components"]["schemas"][schema]["properties"];
        assert_eq!(
            properties["email"]["pattern"],
            fritid_domain::account::EMAIL_PATTERN
        );
        assert_eq!(
            doc["components"]["schemas"][schema]["additionalProperties"], false,
            "{schema} must reject unknown fields"
        );
    }
    // The documented name rule is the one the server applies.
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [
        ("RegisterRequest", "display_name"),
        ("OrganizationInput", "name"),
    ] {
        assert_eq!(
            schemas[schema]["properties"][field]["pattern"],
            fritid_domain::text::NAME_PATTERN,
            "{schema}.{field}"
        );
    }
}

/// What a client generated from the document needs: lists as arrays in the
/// comma form the server reads, one named type per page item and per
/// schedule kind, the 503 every database call can give, and where to call.
#[test]
fn the_document_types_what_generated_clients_use() {
    let doc: Value = serde_json::from_str(&fritid_api::openapi::document_json()).unwrap();
    let schemas = &doc["components"]["schemas"];
    let search = doc["paths"]["/api/v1/activities"]["get"]["parameters"]
        .as_array()
        .unwrap();
    for name in ["weekday", "category", "district"] {
        let p = search.iter().find(|p| p["name"] == name).unwrap();
        assert_eq!(p["schema"]["type"], "array", "{name}");
        assert_eq!(p["style"], "form", "{name}");
        assert_eq!(p["explode"], false, "{name}");
    }
    let weekday = search.iter().find(|p| p["name"] == "weekday").unwrap();
    assert_eq!(
        weekday["schema"]["items"]["$ref"],
        "#/components/schemas/Weekday"
    );
    assert_eq!(schemas["Weekday"]["enum"].as_array().unwrap().len(), 7);

    for page in ["Page_Model", "Page_Organization", "Page_UserSummary"] {
        let items = &schemas[page]["properties"]["items"]["items"];
        let item = items["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{page}: {items}"));
        assert!(schemas[item.trim_start_matches("#/components/schemas/")].is_object());
    }
    assert_eq!(
        schemas["ActivityPage"]["properties"]["items"]["items"]["$ref"],
        "#/components/schemas/ActivitySummary"
    );

    let schedule = &schemas["Schedule"];
    assert_eq!(schedule["discriminator"]["propertyName"], "kind");
    assert_eq!(
        schedule["discriminator"]["mapping"]["weekly"],
        "#/components/schemas/WeeklySchedule"
    );
    assert_eq!(
        schemas["WeeklySchedule"]["properties"]["kind"]["enum"][0],
        "weekly"
    );

    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if path == "/healthz"
                || !["get", "post", "put", "patch", "delete"].contains(&method.as_str())
            {
                continue;
            }
            assert!(
                op["responses"]["503"].is_object(),
                "{method} {path} documents 503"
            );
            operations += 1;
        }
    }
    assert!(operations > 100);
    let servers: Vec<&str> = doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(servers, ["https://fritid.asker.kommune.no", "/"]);
}
