//! Test harness: the real server on port 0 against a fresh database cloned
//! from the migrated template, spoken to over real HTTP.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod aktiviteter;
pub mod bamsefondet;
pub mod images;
pub mod smtp;

use fritid_api::config::RateLimits;
use fritid_api::{Application, Config};
use fritid_db::test_support::TestDatabase;
use fritid_db::AsyncPgConnection;
use fritid_domain::account::Session;
use fritid_domain::Role;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use std::path::PathBuf;

pub const PASSWORD: &str = "lang-og-hemmelig-2026";

pub struct TestApp {
    pub address: String,
    pub config: Config,
    pub db: TestDatabase,
    pub http: reqwest::Client,
    pub static_dir: PathBuf,
}

/// A logged-in user.
#[derive(Debug, Clone)]
pub struct Client {
    pub email: String,
    pub session: Session,
}

impl Client {
    pub fn token(&self) -> &str {
        &self.session.access_token
    }
    pub fn id(&self) -> String {
        self.session.user.id.to_string()
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let db = TestDatabase::new().await;
        let mut config = Config::for_tests(db.url());
        // A built app stand-in, so the SPA fallback can be tested without a wasm build.
        let static_dir =
            std::env::temp_dir().join(format!("fritid-static-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&static_dir).unwrap();
        std::fs::write(
            static_dir.join("index.html"),
            "<!doctype html><title>Fritid test app</title>",
        )
        .unwrap();
        std::fs::write(
            static_dir.join("work.html"),
            "<!doctype html><title>Fritid test work app</title>",
        )
        .unwrap();
        std::fs::write(
            static_dir.join("fund.html"),
            "<!doctype html><title>Fritid test fund app</title>",
        )
        .unwrap();
        std::fs::write(
            static_dir.join("lending.html"),
            "<!doctype html><title>Fritid test lending app</title>",
        )
        .unwrap();
        std::fs::write(static_dir.join("app.js"), "console.log('fritid')").unwrap();
        config.static_dir = static_dir.clone();
        adjust(&mut config);
        let app = Application::build(config.clone()).await.expect("build app");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            address,
            config,
            db,
            http,
            static_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn conn(&self) -> AsyncPgConnection {
        self.db.connect().await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.http.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.expect("request failed")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn register(&self, email: &str, password: &str, name: &str) -> Response {
        self.post(
            "/api/v1/auth/register",
            None,
            json!({"email": email, "password": password, "display_name": name}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            None,
            json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": refresh_token}),
        )
        .await
    }

    /// The token of the newest confirmation link e-mailed to `email` (read
    /// from the outbox, where the e-mail waits to be sent).
    pub async fn confirmation_token(&self, email: &str) -> Option<String> {
        self.confirmation_tokens(email).await.pop()
    }

    /// The tokens of every confirmation link e-mailed to `email`, oldest
    /// first (by when their registration began).
    pub async fn confirmation_tokens(&self, email: &str) -> Vec<String> {
        let mut conn = self.conn().await;
        fritid_db::outbox::all(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.recipient == email && m.template == "confirm_email")
            .map(|m| {
                let path = m.data["link_path"].as_str().unwrap().to_owned();
                let (page, token) = path.split_once('#').unwrap();
                assert_eq!(page, "/bekreft-e-post");
                token.to_owned()
            })
            .collect()
    }

    pub async fn confirm_email(&self, token: &str) -> Response {
        self.post(
            "/api/v1/auth/confirm-email",
            None,
            json!({ "token": token }),
        )
        .await
    }

    /// Registers and opens the confirmation link, as the address's owner
    /// would; answers the session the link logs in with. The harness stands
    /// in for the mail server and the person: it takes the confirmation
    /// e-mail out of the outbox, so the tests of other messages see only
    /// theirs (the registration tests look at it before this point).
    pub async fn register_confirmed(&self, email: &str, password: &str, name: &str) -> Session {
        let res = self.register(email, password, name).await;
        assert_eq!(
            res.status(),
            StatusCode::ACCEPTED,
            "{}",
            res.text().await.unwrap()
        );
        let token = self
            .confirmation_token(email)
            .await
            .expect("no confirmation e-mail");
        let mut conn = self.conn().await;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(
                "DELETE FROM outbox WHERE recipient = $1 AND template = 'confirm_email'",
            )
            .bind::<diesel::sql_types::Text, _>(email),
            &mut conn,
        )
        .await
        .unwrap();
        let res = self.confirm_email(&token).await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        serde_json::from_value(body["session"].clone()).unwrap()
    }

    /// Registers (and confirms) a new citizen with a unique email.
    pub async fn citizen(&self) -> Client {
        let email = format!("innbygger-{}@example.no", uuid::Uuid::new_v4().simple());
        let session = self
            .register_confirmed(&email, PASSWORD, "Kari Nordmann")
            .await;
        Client { email, session }
    }

    /// A new user holding `role`, granted directly in the database, logged in.
    pub async fn user_with(&self, role: Role) -> Client {
        let citizen = self.citizen().await;
        let mut conn = self.conn().await;
        fritid_db::roles::grant(&mut conn, citizen.session.user.id.into_uuid(), role, None)
            .await
            .unwrap();
        let res = self.login(&citizen.email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
        Client {
            email: citizen.email,
            session: res.json().await.unwrap(),
        }
    }

    pub async fn admin(&self) -> Client {
        self.user_with(Role::Admin).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.static_dir);
    }
}

/// Reads a problem+json response, checking the media type and the status field.
pub async fn problem(res: Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status, "unexpected status");
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    // A documented code, and a `type` that links to its documentation.
    let code = body["code"].as_str().unwrap();
    assert!(
        fritid_domain::problem::is_known_code(code),
        "{code} is not in PROBLEM_KINDS"
    );
    assert!(body["type"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/api/problems#{code}")));
    body
}

/// The `(field, code)` pairs of a problem's `errors`.
pub fn field_errors(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_owned(),
                        e["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn strict_limits() -> RateLimits {
    RateLimits {
        login_per_ip_per_minute: 1000,
        login_per_account_burst: 3,
        login_per_account_per_hour: 1000,
        register_per_ip_per_hour: 1000,
    }
}
