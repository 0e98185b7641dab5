//! The HTTP edge: malformed input, content types, limits, unknown paths,
//! request ids, health, the API reference and the web app fallback.

#![allow(clippy::unwrap_used)]

mod common;

use common::{field_errors, problem, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn malformed_bodies_get_clear_problems_never_500() {
    let app = TestApp::spawn().await;
    let url = app.url("/api/v1/auth/register");

    let res = app
        .http
        .post(&url)
        .header("content-type", "text/plain")
        .body("hei")
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await["code"],
        "unsupported_media_type"
    );

    let res = app
        .http
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(res, StatusCode::BAD_REQUEST).await["code"],
        "malformed_json"
    );

    let res = app
        .http
        .post(&url)
        .json(&serde_json::json!({"email": "a@example.no", "password": "lang-og-hemmelig"}))
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("display_name".into(), "required".into())]
    );

    let res = app
        .http
        .post(&url)
        .json(&serde_json::json!({"email": "a@example.no", "password": "lang-og-hemmelig", "display_name": "A", "is_admin": true}))
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("is_admin".into(), "unknown_field".into())]
    );

    let res = app
        .http
        .post(&url)
        .json(&serde_json::json!({"email": 5, "password": [], "display_name": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(res, StatusCode::BAD_REQUEST).await["code"],
        "invalid_body"
    );

    // serde would read an array as a struct, field by field; the API does not.
    for (path, body) in [
        (
            "/api/v1/auth/login",
            serde_json::json!(["kari@example.no", "lang-og-hemmelig"]),
        ),
        ("/api/v1/auth/logout", serde_json::json!([])),
        ("/api/v1/auth/refresh", serde_json::json!(null)),
    ] {
        let res = app
            .http
            .post(app.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let problem = problem(res, StatusCode::BAD_REQUEST).await;
        assert_eq!(
            problem["detail"], "The request body must be a JSON object.",
            "{path}"
        );
    }

    let huge = format!("{{\"email\": \"{}\"}}", "x".repeat(100 * 1024));
    let res = app
        .http
        .post(&url)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(res, StatusCode::PAYLOAD_TOO_LARGE).await["code"],
        "payload_too_large"
    );
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_in_problem_json() {
    let app = TestApp::spawn().await;
    assert_eq!(
        problem(
            app.get("/api/v1/finnes-ikke", None).await,
            StatusCode::NOT_FOUND
        )
        .await["code"],
        "not_found"
    );
    let res = app
        .http
        .post(app.url("/api/v1/finnes-ikke"))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::NOT_FOUND).await;
    let res = app.http.post(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.headers()["allow"], "DELETE, GET, HEAD");
    assert_eq!(
        problem(res, StatusCode::METHOD_NOT_ALLOWED).await["code"],
        "method_not_allowed"
    );
    let path = format!("/api/v1/users/{}/roles/admin", uuid::Uuid::new_v4());
    let res = app.http.get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.headers()["allow"], "DELETE, PUT");
    problem(res, StatusCode::METHOD_NOT_ALLOWED).await;
    let res = app
        .http
        .request(reqwest::Method::TRACE, app.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "GET, HEAD");
    // Outside the API, the web app only answers GET and HEAD.
    let res = app.http.post(app.url("/aktiviteter")).send().await.unwrap();
    assert_eq!(res.headers()["allow"], "GET, HEAD");
    assert_eq!(
        problem(res, StatusCode::METHOD_NOT_ALLOWED).await["code"],
        "method_not_allowed"
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id_that_errors_repeat() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/me", None).await;
    let header = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&header).is_ok());
    let body = problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["request_id"], header);
    let other = app.get("/healthz", None).await.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(other, header);
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);

    // With no reachable database the process is alive but not ready.
    let broken = TestApp::spawn_with(|c| {
        c.database_url = fritid_api::config::Secret::new("postgres://postgres@127.0.0.1:1/none")
    })
    .await;
    assert_eq!(broken.get("/healthz", None).await.status(), StatusCode::OK);
    let res = broken.get("/readyz", None).await;
    assert_eq!(res.headers()["retry-after"], "5");
    assert_eq!(
        problem(res, StatusCode::SERVICE_UNAVAILABLE).await["code"],
        "service_unavailable"
    );
    // And an endpoint that needs the database says so instead of failing with 500.
    let res = broken.login("kari@example.no", "lang-og-hemmelig").await;
    problem(res, StatusCode::SERVICE_UNAVAILABLE).await;
}

#[tokio::test]
async fn the_web_app_gets_deep_links_and_the_api_reference_works_offline() {
    let app = TestApp::spawn().await;
    // Work pages get the work app; every other page the citizens' app.
    for (path, app_title) in [
        ("/", "Fritid test app"),
        ("/min-side", "Fritid test app"),
        ("/aktiviteter/123/rediger", "Fritid test work app"),
        ("/arrangor/1", "Fritid test work app"),
        ("/admin", "Fritid test work app"),
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'"));
        assert!(
            res.text()
                .await
                .unwrap()
                .contains(&format!("<title>{app_title}</title>")),
            "{path}"
        );
    }
    let res = app.get("/app.js", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));

    let res = app.get("/api/docs/", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("https://"),
        "the API reference must not load anything from the internet"
    );
    let res = app.get("/api/docs/swagger-ui-bundle.js", None).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "Swagger UI assets are embedded"
    );
    let res = app.get("/api/docs/swagger-initializer.js", None).await;
    assert!(res.text().await.unwrap().contains("/api/openapi.json"));
}

/// Sends raw bytes on a new connection and reads the whole answer (the
/// server closes the connection after a request it cannot parse).
async fn raw_exchange(app: &TestApp, request: &[u8]) -> (String, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8(answer).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.to_owned(), serde_json::from_str(body).unwrap())
}

#[tokio::test]
async fn requests_the_http_parser_refuses_get_problem_json_too() {
    let app = TestApp::spawn().await;

    // A URL longer than the 65,534 bytes the HTTP library accepts.
    let mut request = b"GET /api/v1/activities?q=".to_vec();
    request.extend(std::iter::repeat_n(b'a', 100_000));
    request.extend_from_slice(b" HTTP/1.1\r\nHost: fritid\r\n\r\n");
    let (head, body) = raw_exchange(&app, &request).await;
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert_eq!(body["status"], 400);
    assert_eq!(body["code"], "malformed_request");
    assert_eq!(field_errors(&body), [("url".into(), "invalid".into())]);

    // Not HTTP at all.
    let (head, body) = raw_exchange(&app, b"HELLO\r\n\r\n").await;
    assert!(head.starts_with("HTTP/1.1 400 "), "{head}");
    assert_eq!(body["code"], "malformed_request");

    // Headers over 128 KiB.
    let res = app
        .http
        .get(app.url("/api/v1/activities"))
        .header("x-filler", "a".repeat(140_000))
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::from_u16(431).unwrap()).await;
    assert_eq!(body["code"], "request_head_too_large");

    // The server is unharmed: the next request on a new connection works.
    let res = app.get("/api/v1/activities?q=fotball", None).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_apps_hashed_files_are_kept_for_a_year_and_sent_precompressed() {
    let app = TestApp::spawn().await;
    let assets = app.static_dir.join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(assets.join("fritid-0123abcd.js"), "plain").unwrap();
    std::fs::write(assets.join("fritid-0123abcd.js.br"), "brotli bytes").unwrap();
    std::fs::write(assets.join("fritid-0123abcd.js.gz"), "gzip bytes").unwrap();
    std::fs::write(assets.join("fritid_bg-0123abcd.wasm"), "wasm").unwrap();

    let fetch = |encoding: Option<&'static str>, path: &'static str| {
        let mut req = app.http.get(app.url(path));
        if let Some(encoding) = encoding {
            req = req.header("accept-encoding", encoding);
        }
        req.send()
    };
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), "brotli bytes"),
        (Some("gzip"), Some("gzip"), "gzip bytes"),
        (None, None, "plain"),
    ] {
        let res = fetch(accept, "/assets/fritid-0123abcd.js").await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.headers()["vary"], "accept-encoding");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript"));
        assert_eq!(res.text().await.unwrap(), body);
    }
    // No compressed copy: the file as it is.
    let res = fetch(Some("br"), "/assets/fritid_bg-0123abcd.wasm")
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert!(res.headers().get("content-encoding").is_none());
    // Only files in the folder, by their plain names.
    for path in [
        "/assets/missing-1.js",
        "/assets/fritid-0123abcd.js.br",
        "/assets/..%2Findex.html",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

/// The CORS header a browser reads, if any.
fn allowed_origin(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned())
}

async fn preflight(
    app: &TestApp,
    path: &str,
    origin: &str,
    method: &str,
    headers: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .http
        .request(reqwest::Method::OPTIONS, app.url(path))
        .header("origin", origin)
        .header("access-control-request-method", method);
    if let Some(h) = headers {
        req = req.header("access-control-request-headers", h);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn any_web_site_may_read_the_public_api_from_the_browser_but_not_with_a_token() {
    let app = TestApp::spawn().await;
    let site = "https://idrettslag.example.com";

    // The preflight of a public read, and the read itself.
    let res = preflight(
        &app,
        "/api/v1/activities",
        site,
        "GET",
        Some("accept-language"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allowed_origin(&res).as_deref(), Some(site));
    assert!(res
        .headers()
        .get("access-control-allow-credentials")
        .is_none());
    let res = app
        .http
        .get(app.url("/api/v1/activities?per_page=1"))
        .header("origin", site)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allowed_origin(&res).as_deref(), Some(site));
    let exposed = res.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["etag", "link"] {
        assert!(exposed.contains(name), "{name} is readable: {exposed}");
    }

    // With a token, or to write, that origin is not trusted: the preflight
    // fails and an answer carries no CORS header, so the browser keeps it
    // from the page.
    let res = preflight(&app, "/api/v1/me", site, "GET", Some("authorization")).await;
    assert!(!res.status().is_success(), "{}", res.status());
    assert_eq!(allowed_origin(&res), None);
    let res = preflight(
        &app,
        "/api/v1/auth/login",
        site,
        "POST",
        Some("content-type"),
    )
    .await;
    assert!(!res.status().is_success(), "{}", res.status());
    assert_eq!(allowed_origin(&res), None);
    let citizen = app.citizen().await;
    let res = app
        .http
        .get(app.url("/api/v1/me"))
        .header("origin", site)
        .bearer_auth(citizen.token())
        .send()
        .await
        .unwrap();
    assert_eq!(allowed_origin(&res), None);
}

#[tokio::test]
async fn a_configured_origin_may_call_the_api_with_a_token() {
    // TestApp's configuration trusts this origin (FRITID_CORS_ORIGINS).
    let app = TestApp::spawn().await;
    let portal = "https://skole.example.org";
    let res = preflight(
        &app,
        "/api/v1/me/signups",
        portal,
        "POST",
        Some("authorization, content-type"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allowed_origin(&res).as_deref(), Some(portal));
    let allowed = res.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    assert!(res
        .headers()
        .get("access-control-allow-credentials")
        .is_none());

    let citizen = app.citizen().await;
    let res = app
        .http
        .get(app.url("/api/v1/me"))
        .header("origin", portal)
        .bearer_auth(citizen.token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allowed_origin(&res).as_deref(), Some(portal));
}

#[tokio::test]
async fn every_get_answers_head_with_the_same_status_and_headers_and_no_body() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/activities?per_page=2",
        "/api/openapi.json",
        "/api/docs/",
        "/healthz",
    ] {
        let get = app.http.get(app.url(path)).send().await.unwrap();
        let head = app.http.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        assert_eq!(head.status(), StatusCode::OK, "{path}");
        for name in ["content-type", "etag", "cache-control"] {
            assert_eq!(
                head.headers().get(name),
                get.headers().get(name),
                "{path}: {name}"
            );
        }
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "{path}: HEAD has no body"
        );
    }

    // Every GET operation in the document: HEAD is never refused as a
    // method (ids are unknown here, so 404 or 401 are the right answers).
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let unknown = "00000000-0000-4000-8000-000000000000";
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if item.get("get").is_none() {
            continue;
        }
        let concrete = path
            .replace("{file}", "card.jpg")
            .replace("{label}", "BUA-1")
            .split('/')
            .map(|part| if part.starts_with('{') { unknown } else { part })
            .collect::<Vec<_>>()
            .join("/");
        let get = app
            .http
            .get(app.url(&concrete))
            .send()
            .await
            .unwrap()
            .status();
        let head = app
            .http
            .head(app.url(&concrete))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(head, get, "HEAD {concrete}");
        assert_ne!(head, StatusCode::METHOD_NOT_ALLOWED, "HEAD {concrete}");
        checked += 1;
    }
    assert!(checked >= 40, "{checked} GET operations");
}

#[tokio::test]
async fn a_problems_type_links_to_the_documentation_of_its_code() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/activities/not-an-id", None).await;
    let body = problem(res, StatusCode::BAD_REQUEST).await;
    let link = body["type"].as_str().unwrap();
    // Absolute, on the server's public address, to the code's anchor.
    assert_eq!(
        link,
        "http://127.0.0.1:8080/api/problems#invalid_path_parameter"
    );
    let res = app.get("/api/problems", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"invalid_path_parameter\""), "{page}");

    // The document lists the codes as an enum.
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let codes = doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap();
    assert!(codes.contains(&Value::from("invalid_path_parameter")));
    assert_eq!(codes.len(), fritid_domain::problem::PROBLEM_KINDS.len());
}
