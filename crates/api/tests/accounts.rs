//! Registration, login, refresh, logout, me and password change, over HTTP.

#![allow(clippy::unwrap_used)]

mod common;

use common::{field_errors, problem, TestApp, PASSWORD};
use fritid_domain::account::{Me, Session};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn a_new_citizen_registers_confirms_the_address_and_sees_their_account() {
    let app = TestApp::spawn().await;
    let res = app
        .register("  Kari.Nordmann@Example.NO ", PASSWORD, "  Kari Nordmann ")
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({"email": "kari.nordmann@example.no", "expires_in": 172_800})
    );

    // Until the link is opened the account cannot log in.
    let body = problem(
        app.login("kari.nordmann@example.no", PASSWORD).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body["code"], "email_not_confirmed");

    let token = app
        .confirmation_token("kari.nordmann@example.no")
        .await
        .expect("a confirmation e-mail");
    let res = app.confirm_email(&token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let session: Session = serde_json::from_value(body["session"].clone()).unwrap();
    assert_eq!(session.token_type, "Bearer");
    assert_eq!(session.expires_in, 900);
    assert_eq!(session.user.email, "kari.nordmann@example.no");
    assert!(body.get("return_to").is_none());

    let me: Me = app
        .get("/api/v1/me", Some(&session.access_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.email, "kari.nordmann@example.no");
    assert_eq!(me.display_name, "Kari Nordmann");
    assert_eq!(me.roles, [fritid_domain::Role::Citizen]);

    // A link works once; logging in works from now on.
    problem(app.confirm_email(&token).await, StatusCode::NOT_FOUND).await;
    assert_eq!(
        app.login("kari.nordmann@example.no", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );

    // The password is stored as an argon2id hash, never as given; the
    // link only as its hash.
    let mut conn = app.conn().await;
    let row = fritid_db::users::find_by_email(&mut conn, "kari.nordmann@example.no")
        .await
        .unwrap()
        .unwrap();
    assert!(row.password_hash.starts_with("$argon2id$"));
    assert!(!row.password_hash.contains(PASSWORD));
    assert!(row.email_verified_at.is_some());
}

#[tokio::test]
async fn registering_a_taken_address_answers_the_same_and_tells_only_the_owner() {
    let app = TestApp::spawn().await;
    app.register_confirmed("ola@example.no", PASSWORD, "Ola")
        .await;

    let fresh = app
        .register("ny@example.no", "et-annet-passord-1", "Ny")
        .await;
    let taken = app
        .register("OLA@example.no", "et-annet-passord-1", "Ola 2")
        .await;
    // Same status, same headers that matter, same shape: nothing tells the
    // two apart but the address echoed back.
    assert_eq!(fresh.status(), StatusCode::ACCEPTED);
    assert_eq!(taken.status(), StatusCode::ACCEPTED);
    assert_eq!(
        fresh.headers().get("content-type"),
        taken.headers().get("content-type")
    );
    assert!(taken.headers().get("location").is_none());
    let taken: Value = taken.json().await.unwrap();
    assert_eq!(
        taken,
        json!({"email": "ola@example.no", "expires_in": 172_800})
    );

    // The owner is told by e-mail (once a day however often it happens);
    // no confirmation link goes out and nothing about the account changes.
    app.register("ola@example.no", "et-tredje-passord-1", "Ola 3")
        .await;
    let mut conn = app.conn().await;
    let to_ola: Vec<_> = fritid_db::outbox::all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.recipient == "ola@example.no")
        .map(|m| m.template)
        .collect();
    assert_eq!(to_ola, ["account_exists"]);
    assert_eq!(
        app.login("ola@example.no", PASSWORD).await.status(),
        StatusCode::OK
    );
    problem(
        app.login("ola@example.no", "et-annet-passord-1").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let row = fritid_db::users::find_by_email(&mut conn, "ola@example.no")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.display_name, "Ola");
}

#[tokio::test]
async fn a_registration_never_confirmed_is_replaced_by_the_next_and_purged_when_its_link_runs_out()
{
    let app = TestApp::spawn().await;
    assert_eq!(
        app.register("per@example.no", "forste-passord-1", "Per Feil")
            .await
            .status(),
        StatusCode::ACCEPTED
    );
    let first = app.confirmation_token("per@example.no").await.unwrap();
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "per@example.no", "password": PASSWORD, "display_name": "Per",
                   "return_to": "/aktiviteter?alder=9"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let second = app.confirmation_token("per@example.no").await.unwrap();
    assert_ne!(first, second);

    // Only the newest link works, with the newest name and password, and it
    // brings the person back where they were.
    problem(app.confirm_email(&first).await, StatusCode::NOT_FOUND).await;
    let res = app.confirm_email(&second).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["session"]["user"]["display_name"], "Per");
    assert_eq!(body["return_to"], "/aktiviteter?alder=9");
    assert_eq!(
        app.login("per@example.no", PASSWORD).await.status(),
        StatusCode::OK
    );

    // A registration whose link ran out is removed by the purge job; a
    // confirmed account is not.
    app.register("glemt@example.no", PASSWORD, "Glemt").await;
    let mut conn = app.conn().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE email_verifications SET expires_at = now() - interval '1 minute'",
        ),
        &mut conn,
    )
    .await
    .unwrap();
    let token = app.confirmation_token("glemt@example.no").await.unwrap();
    problem(app.confirm_email(&token).await, StatusCode::NOT_FOUND).await;
    assert_eq!(
        fritid_db::verifications::purge_unconfirmed(&mut conn)
            .await
            .unwrap(),
        1
    );
    assert!(
        fritid_db::users::find_by_email(&mut conn, "glemt@example.no")
            .await
            .unwrap()
            .is_none()
    );
    assert!(fritid_db::users::find_by_email(&mut conn, "per@example.no")
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn concurrent_registrations_of_one_email_create_one_account() {
    let app = TestApp::spawn().await;
    let attempts = (0..8).map(|i| {
        let app = &app;
        async move {
            app.register("samtidig@example.no", PASSWORD, &format!("Nr {i}"))
                .await
                .status()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::ACCEPTED),
        "{statuses:?}"
    );
    let mut conn = app.conn().await;
    let (_, total) = fritid_db::users::list(&mut conn, &Default::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 1);
    // Each registration e-mailed a link and replaced the one before; they
    // wrote one after the other (the account's row is locked), in an order
    // their start times need not tell. Exactly one link confirms.
    let tokens = app.confirmation_tokens("samtidig@example.no").await;
    assert_eq!(tokens.len(), 8);
    let mut confirmed = 0;
    for token in &tokens {
        match app.confirm_email(token).await.status() {
            StatusCode::OK => confirmed += 1,
            StatusCode::NOT_FOUND => {}
            other => panic!("confirming a link answered {other}"),
        }
    }
    assert_eq!(confirmed, 1);
}

#[tokio::test]
async fn a_return_path_must_stay_on_this_site() {
    let app = TestApp::spawn().await;
    for bad in [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "aktiviteter",
    ] {
        let body = problem(
            app.post(
                "/api/v1/auth/register",
                None,
                json!({"email": "x@example.no", "password": PASSWORD, "display_name": "X",
                       "return_to": bad}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            field_errors(&body),
            [("return_to".into(), "invalid".into())],
            "{bad}"
        );
    }
    let body = problem(
        app.confirm_email("").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(field_errors(&body), [("token".into(), "required".into())]);
}

#[tokio::test]
async fn bad_registrations_name_every_bad_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    let body = problem(
        app.register("not-an-email", "short", "   ").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(
        field_errors(&body),
        [
            ("email".into(), "invalid".into()),
            ("password".into(), "too_short".into()),
            ("display_name".into(), "required".into())
        ]
    );

    let body = problem(
        app.register("eva@example.no", "Eva@Example.no", "Eva")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        field_errors(&body),
        [("password".into(), "equals_email".into())]
    );

    let mut conn = app.conn().await;
    let (_, total) = fritid_db::users::list(&mut conn, &Default::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(
        total, 0,
        "nothing may be stored for a rejected registration"
    );
}

#[tokio::test]
async fn login_works_and_wrong_credentials_point_at_the_password_field() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;

    let res = app.login(&citizen.email.to_uppercase(), PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let session: Session = res.json().await.unwrap();
    assert_eq!(session.user.email, citizen.email);

    let wrong = problem(
        app.login(&citizen.email, "feil-passord-123").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let unknown = problem(
        app.login("ingen@example.no", "feil-passord-123").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    for body in [&wrong, &unknown] {
        assert_eq!(body["code"], "invalid_credentials");
        assert_eq!(
            field_errors(body),
            [("password".into(), "invalid_credentials".into())]
        );
    }
    // The answers do not tell whether the email exists.
    assert_eq!(wrong["detail"], unknown["detail"]);
}

#[tokio::test]
async fn an_unknown_email_costs_as_much_time_as_a_wrong_password() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..5 {
        let t = std::time::Instant::now();
        app.login(&citizen.email, "feil-passord-123").await;
        known.push(t.elapsed());
        let t = std::time::Instant::now();
        app.login(&format!("ukjent-{i}@example.no"), "feil-passord-123")
            .await;
        unknown.push(t.elapsed());
    }
    known.sort();
    unknown.sort();
    let (k, u) = (known[2].as_secs_f64(), unknown[2].as_secs_f64());
    // Both run a full argon2id verification; without the dummy hash an
    // unknown email answers many times faster.
    assert!(u > k * 0.4, "unknown email median {u:.4}s vs known {k:.4}s");
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_whole_login() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;
    let first = citizen.session.refresh_token.clone().unwrap();

    let res = app.refresh(&first).await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: Session = res.json().await.unwrap();
    assert_ne!(second.refresh_token.as_deref().unwrap(), first);
    assert_eq!(
        app.get("/api/v1/me", Some(&second.access_token))
            .await
            .status(),
        StatusCode::OK
    );

    // Someone replays the first (spent) token: rejected, and the family is revoked,
    // so the legitimate holder of the second token is logged out too.
    let body = problem(app.refresh(&first).await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["code"], "refresh_token_reused");
    let body = problem(
        app.refresh(second.refresh_token.as_deref().unwrap()).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(body["code"], "invalid_refresh_token");

    // Other logins of the same account are not affected.
    let other: Session = app
        .login(&citizen.email, PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        app.refresh(other.refresh_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn concurrent_refreshes_with_one_token_succeed_once() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;
    let token = citizen.session.refresh_token.clone().unwrap();
    let statuses = futures_util::future::join_all((0..10).map(|_| {
        let (app, token) = (&app, token.clone());
        async move { app.refresh(&token).await.status() }
    }))
    .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::OK || *s == StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn unknown_refresh_tokens_are_rejected() {
    let app = TestApp::spawn().await;
    let body = problem(app.refresh("not-a-token").await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(body["code"], "invalid_refresh_token");
    let body = problem(app.refresh("  ").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_errors(&body),
        [("refresh_token".into(), "required".into())]
    );
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;
    let res = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": citizen.session.refresh_token}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let body = problem(
        app.refresh(citizen.session.refresh_token.as_deref().unwrap())
            .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(body["code"], "invalid_refresh_token");
    // Logging out twice is fine.
    let res = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": citizen.session.refresh_token}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn changing_the_password_logs_out_other_sessions() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;
    let laptop: Session = app
        .login(&citizen.email, PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    let res = app
        .request(
            Method::PUT,
            "/api/v1/me/password",
            Some(citizen.token()),
            Some(change("feil-passord-1", "nytt-passord-2026")),
        )
        .await;
    let body = problem(res, StatusCode::FORBIDDEN).await;
    assert_eq!(body["code"], "incorrect_password");
    assert_eq!(
        field_errors(&body),
        [("current_password".into(), "incorrect".into())]
    );

    let res = app
        .request(
            Method::PUT,
            "/api/v1/me/password",
            Some(citizen.token()),
            Some(change(PASSWORD, "kort")),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_errors(&body),
        [("new_password".into(), "too_short".into())]
    );

    let res = app
        .request(
            Method::PUT,
            "/api/v1/me/password",
            Some(citizen.token()),
            Some(change(PASSWORD, PASSWORD)),
        )
        .await;
    let body = problem(res, StatusCode::CONFLICT).await;
    assert_eq!(body["code"], "password_unchanged");
    assert_eq!(
        field_errors(&body),
        [("new_password".into(), "unchanged".into())]
    );

    let res = app
        .request(
            Method::PUT,
            "/api/v1/me/password",
            Some(citizen.token()),
            Some(change(PASSWORD, "nytt-passord-2026")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let fresh: Session = res.json().await.unwrap();

    // Every earlier refresh token is dead; the fresh session lives.
    for old in [
        citizen.session.refresh_token.as_deref().unwrap(),
        laptop.refresh_token.as_deref().unwrap(),
    ] {
        assert_eq!(app.refresh(old).await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.refresh(fresh.refresh_token.as_deref().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.login(&citizen.email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&citizen.email, "nytt-passord-2026")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn me_needs_a_valid_unexpired_untampered_token() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;

    let res = app.get("/api/v1/me", None).await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer realm=\"fritid\"");
    assert_eq!(
        problem(res, StatusCode::UNAUTHORIZED).await["code"],
        "unauthenticated"
    );

    let keys = fritid_api::auth::jwt::JwtKeys::from_config(&app.config);
    let an_hour_ago = chrono::Utc::now().timestamp() - 3600;
    let expired = keys
        .issue(
            citizen.session.user.id,
            &[fritid_domain::Role::Citizen],
            an_hour_ago,
        )
        .unwrap();
    let body = problem(
        app.get("/api/v1/me", Some(&expired)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(body["code"], "token_expired");

    // Flip the payload to claim admin, keeping the signature: rejected.
    let token = citizen.token();
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: serde_json::Value =
        serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    claims["roles"] = json!(["citizen", "admin"]);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64.encode(claims.to_string()),
        parts[2]
    );
    let body = problem(
        app.get("/api/v1/users", Some(&forged)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(body["code"], "invalid_token");

    let res = app
        .http
        .get(app.url("/api/v1/me"))
        .header("authorization", "Basic a2FyaTpwdw==")
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(res, StatusCode::UNAUTHORIZED).await["code"],
        "unauthenticated"
    );
}

#[tokio::test]
async fn login_attempts_are_rate_limited_per_account() {
    let app = TestApp::spawn_with(|c| c.rate_limits = common::strict_limits()).await;
    let citizen = app.citizen().await;
    for _ in 0..3 {
        assert_eq!(
            app.login(&citizen.email, "feil-passord-123").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = app.login(&citizen.email, PASSWORD).await;
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(
        problem(res, StatusCode::TOO_MANY_REQUESTS).await["code"],
        "rate_limited"
    );
    // Another account is not affected.
    let other = app.citizen().await;
    assert_eq!(
        app.login(&other.email, PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn logins_and_registrations_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits.login_per_ip_per_minute = 4;
        c.rate_limits.register_per_ip_per_hour = 2;
    })
    .await;
    assert_eq!(
        app.register("a@example.no", PASSWORD, "A").await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        app.register("b@example.no", PASSWORD, "B").await.status(),
        StatusCode::ACCEPTED
    );
    let res = app.register("c@example.no", PASSWORD, "C").await;
    assert!(res.headers().contains_key("retry-after"));
    problem(res, StatusCode::TOO_MANY_REQUESTS).await;

    for i in 0..4 {
        assert_eq!(
            app.login(&format!("x{i}@example.no"), "feil-passord-123")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    problem(
        app.login("a@example.no", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
}

fn set_cookie(res: &reqwest::Response) -> String {
    res.headers()["set-cookie"].to_str().unwrap().to_owned()
}

fn cookie_value(set_cookie: &str) -> &str {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("fritid_refresh=")
}

#[tokio::test]
async fn the_web_app_keeps_its_refresh_token_in_an_http_only_cookie() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;
    let res = app
        .post(
            "/api/v1/auth/login?refresh_token_in=cookie",
            None,
            json!({"email": citizen.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = set_cookie(&res);
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
        "Max-Age=3600",
    ] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(
        body.get("refresh_token").is_none(),
        "the token must not reach page scripts"
    );
    assert!(body["access_token"].is_string());

    // A reload: the app has no token in memory, only the cookie.
    let res = app
        .http
        .post(app.url("/api/v1/auth/refresh"))
        .header(
            "cookie",
            format!("fritid_refresh={}", cookie_value(&cookie)),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rotated = set_cookie(&res);
    assert_ne!(
        cookie_value(&rotated),
        cookie_value(&cookie),
        "rotated on use"
    );
    let session: Session = res.json().await.unwrap();
    assert_eq!(session.refresh_token, None);
    assert_eq!(session.user.email, citizen.email);

    // Logging out revokes the token and clears the cookie.
    let res = app
        .http
        .post(app.url("/api/v1/auth/logout"))
        .header(
            "cookie",
            format!("fritid_refresh={}", cookie_value(&rotated)),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(&res).contains("Max-Age=0"));
    let res = app
        .http
        .post(app.url("/api/v1/auth/refresh"))
        .header(
            "cookie",
            format!("fritid_refresh={}", cookie_value(&rotated)),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(res, StatusCode::UNAUTHORIZED).await["code"],
        "invalid_refresh_token"
    );

    // Without body token or cookie the visitor is simply not logged in.
    let res = app.post("/api/v1/auth/refresh", None, json!({})).await;
    assert_eq!(
        problem(res, StatusCode::UNAUTHORIZED).await["code"],
        "invalid_refresh_token"
    );
    let res = app.post("/api/v1/auth/logout", None, json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}
