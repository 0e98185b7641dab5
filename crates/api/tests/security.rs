//! Security hardening: each test is an attack that once worked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{field_errors, problem, strict_limits, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn org_body(name: &str) -> Value {
    json!({ "name": name, "description": "Idrett for alle.", "districts": ["heggedal"],
            "contact_email": "post@example.no" })
}

fn activity_body(place: &str) -> Value {
    json!({
        "place_id": place, "category": "idrett", "title": "Fotball",
        "description": "Vi spiller fotball og har det gøy. Alle er velkomne.",
        "age_min": 6, "age_max": 12, "contact": { "name": "Kari Trener" },
        "cost": { "is_free": true }, "threshold": {},
        "schedule": { "kind": "weekly", "weekdays": ["tue"], "start_time": "17:30", "end_time": "18:30",
                      "from": "2030-01-01", "until": "2030-03-31" },
        "signup": { "capacity": 5 }
    })
}

/// A pending organization with one place and one draft activity: (owner, org, place, activity).
async fn pending_org_with_draft(app: &TestApp) -> (common::Client, String, String, String) {
    let owner = app.citizen().await;
    let res = app
        .post(
            "/api/v1/organizations",
            Some(owner.token()),
            org_body("Skjult lag"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let org = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let place_body = json!({ "name": "Hallen", "address": "Veien 1", "district": "heggedal" });
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/places"),
            Some(owner.token()),
            place_body,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let place = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            activity_body(&place),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let activity = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (owner, org, place, activity)
}

#[tokio::test]
async fn a_revoked_administrator_is_refused_at_once_with_the_token_it_still_holds() {
    let app = TestApp::spawn().await;
    let boss = app.admin().await;
    let removed = app.admin().await;
    let path = format!("/api/v1/users/{}/roles/admin", removed.id());
    let res = app
        .request(Method::DELETE, &path, Some(boss.token()), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The token still says "admin" for up to 15 minutes; the database does not.
    let res = app
        .request(Method::PUT, &path, Some(removed.token()), None)
        .await;
    assert_eq!(
        problem(res, StatusCode::FORBIDDEN).await["code"],
        "forbidden"
    );
    let boss_path = format!("/api/v1/users/{}/roles/admin", boss.id());
    let res = app
        .request(Method::DELETE, &boss_path, Some(removed.token()), None)
        .await;
    problem(res, StatusCode::FORBIDDEN).await;
    assert_eq!(
        app.get("/api/v1/users", Some(removed.token()))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // And the role really stayed away.
    let me: Value = app
        .get("/api/v1/me", Some(removed.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["citizen"]));

    // A role granted after login counts at once, too.
    let citizen = app.citizen().await;
    assert_eq!(
        app.get("/api/v1/users", Some(citizen.token()))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/users/{}/roles/admin", citizen.id()),
            Some(boss.token()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/users", Some(citizen.token()))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_token_of_a_deleted_account_gets_401_not_500() {
    let app = TestApp::spawn().await;
    let gone = app.citizen().await;
    let mut conn = app.conn().await;
    assert!(
        fritid_db::users::delete(&mut conn, gone.session.user.id.into_uuid())
            .await
            .unwrap()
    );

    let res = app
        .post(
            "/api/v1/organizations",
            Some(gone.token()),
            org_body("Spøkelseslaget"),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::UNAUTHORIZED).await["code"],
        "invalid_token"
    );
    let res = app
        .post(
            "/api/v1/activities/00000000-0000-4000-8000-000000000000/signups",
            Some(gone.token()),
            json!({ "participant": "child", "first_name": "Emma", "birth_year": 2018 }),
        )
        .await;
    problem(res, StatusCode::UNAUTHORIZED).await;
    let res = app.get("/api/v1/me/signups", Some(gone.token())).await;
    problem(res, StatusCode::UNAUTHORIZED).await;
    // A public read that shows members more (their drafts) is 401 with the
    // stale token too: a bad token is never taken as anonymous.
    let res = app
        .get(
            "/api/v1/activities/00000000-0000-4000-8000-000000000000",
            Some(gone.token()),
        )
        .await;
    problem(res, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn strangers_get_404_for_what_they_may_not_see() {
    let app = TestApp::spawn().await;
    let (owner, org, place, draft) = pending_org_with_draft(&app).await;
    let stranger = app.citizen().await;
    let t = Some(stranger.token());

    let reads = [
        format!("/api/v1/organizations/{org}"),
        format!("/api/v1/organizations/{org}/members"),
        format!("/api/v1/organizations/{org}/invitations"),
        format!("/api/v1/organizations/{org}/activities"),
        format!("/api/v1/organizations/{org}/places"),
        format!("/api/v1/activities/{draft}"),
        format!("/api/v1/activities/{draft}/signups"),
    ];
    for path in &reads {
        let res = app.get(path, t).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "GET {path}");
        problem(res, StatusCode::NOT_FOUND).await;
    }
    let writes = [
        (
            Method::PUT,
            format!("/api/v1/organizations/{org}"),
            org_body("Kapret"),
        ),
        (
            Method::POST,
            format!("/api/v1/organizations/{org}/places"),
            json!({ "name": "X", "address": "Y 1", "district": "heggedal" }),
        ),
        (
            Method::PUT,
            format!("/api/v1/places/{place}"),
            json!({ "name": "X", "address": "Y 1", "district": "heggedal" }),
        ),
        (
            Method::POST,
            format!("/api/v1/organizations/{org}/activities"),
            activity_body(&place),
        ),
        (
            Method::PUT,
            format!("/api/v1/activities/{draft}"),
            activity_body(&place),
        ),
        (
            Method::POST,
            format!("/api/v1/activities/{draft}/publish"),
            json!({}),
        ),
        (
            Method::POST,
            format!("/api/v1/activities/{draft}/cancel"),
            json!({ "reason": "x" }),
        ),
        (
            Method::POST,
            format!("/api/v1/organizations/{org}/invitations"),
            json!({ "email": stranger.email, "role": "admin" }),
        ),
    ];
    for (method, path, body) in writes {
        let res = app.request(method.clone(), &path, t, Some(body)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{method} {path}");
    }
    // Unchanged, and its members still see it all.
    let res = app
        .get(&format!("/api/v1/activities/{draft}"), Some(owner.token()))
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["title"], "Fotball");
    let res = app
        .get(
            &format!("/api/v1/organizations/{org}/members"),
            Some(owner.token()),
        )
        .await;
    assert_eq!(
        res.json::<Value>().await.unwrap().as_array().unwrap().len(),
        1
    );
}

#[tokio::test]
async fn dates_outside_2000_to_2099_are_refused_naming_the_parameter() {
    let app = TestApp::spawn().await;
    for (path, field) in [
        ("/api/v1/activities?from=-5000-01-01", "from"),
        ("/api/v1/activities?to=-5000-01-01", "to"),
        ("/api/v1/activities?from=0000-01-01", "from"),
        ("/api/v1/activities?to=200000-01-01", "to"),
        ("/api/v1/calendar.ics?from=-5000-01-01", "from"),
        (
            "/api/v1/activities/00000000-0000-4000-8000-000000000000/occurrences?from=-5000-01-01",
            "from",
        ),
    ] {
        let res = app.get(path, None).await;
        let p = problem(res, StatusCode::BAD_REQUEST).await;
        assert_eq!(field_errors(&p)[0].0, field, "{path}");
    }
    assert_eq!(
        app.get("/api/v1/activities?from=2000-01-01&to=2099-12-31", None)
            .await
            .status(),
        StatusCode::OK
    );

    let (owner, org, place, _) = pending_org_with_draft(&app).await;
    let create = format!("/api/v1/organizations/{org}/activities");
    let mut body = activity_body(&place);
    body["schedule"]["from"] = json!("0000-01-01");
    let p = problem(
        app.post(&create, Some(owner.token()), body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        field_errors(&p),
        [("schedule.from".into(), "date_out_of_range".into())]
    );
    let mut body = activity_body(&place);
    body["schedule"] = json!({ "kind": "single", "starts_at": "+200000-01-01T10:00:00Z", "ends_at": "+200000-01-01T12:00:00Z" });
    let res = app.post(&create, Some(owner.token()), body).await;
    assert!(
        [StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY].contains(&res.status()),
        "year 200000: {}",
        res.status()
    );
    let mut body = activity_body(&place);
    body["schedule"] = json!({ "kind": "single", "starts_at": "1999-12-31T10:00:00Z", "ends_at": "1999-12-31T12:00:00Z" });
    let p = problem(
        app.post(&create, Some(owner.token()), body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        field_errors(&p)[0],
        ("schedule.starts_at".into(), "date_out_of_range".into())
    );
    let mut body = activity_body(&place);
    body["signup"]["opens_at"] = json!("1000-01-01T00:00:00Z");
    let p = problem(
        app.post(&create, Some(owner.token()), body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        field_errors(&p)[0],
        ("signup.opens_at".into(), "date_out_of_range".into())
    );
    // Nothing half-written: the organization has only the draft from the set-up.
    let list: Value = app
        .get(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn names_cannot_pose_as_other_names() {
    let app = TestApp::spawn().await;
    let res = app
        .register("spoof@example.no", PASSWORD, "\u{202E}nnamdroN iraK")
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_errors(&p),
        [("display_name".into(), "invisible_characters".into())]
    );
    let owner = app.citizen().await;
    let res = app
        .post(
            "/api/v1/organizations",
            Some(owner.token()),
            org_body("Asker\u{200B} IL"),
        )
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_errors(&p),
        [("name".into(), "invisible_characters".into())]
    );
    // Descriptions may hold what they like; Persian names keep their joiners.
    let mut body = org_body("محمد\u{200C}حسین لاگ");
    body["description"] = json!("Tekst med \u{202E} i.");
    let res = app
        .post("/api/v1/organizations", Some(owner.token()), body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn login_from(app: &TestApp, email: &str, password: &str, forwarded_for: &str) -> StatusCode {
    app.http
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn behind_a_proxy_the_limit_counts_the_address_the_proxy_saw_not_what_the_client_wrote() {
    let app = TestApp::spawn_with(|c| {
        c.trusted_proxy_hops = 1;
        c.rate_limits.login_per_ip_per_minute = 5;
        c.rate_limits.login_per_account_burst = 1000;
    })
    .await;
    // One attacker behind our proxy (which appends 203.0.113.7), writing a new
    // leftmost address every time.
    let mut statuses = Vec::new();
    for i in 0..8 {
        let spoofed = format!("198.51.100.{i}, 203.0.113.7");
        statuses.push(login_from(&app, "nobody@example.no", "wrong-password-1", &spoofed).await);
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count(),
        5
    );
    assert_eq!(statuses[5..], [StatusCode::TOO_MANY_REQUESTS; 3]);
    // Another real client behind the same proxy is not affected.
    assert_eq!(
        login_from(&app, "nobody@example.no", "wrong-password-1", "203.0.113.8").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn failed_logins_from_an_attacker_do_not_lock_the_owner_out() {
    let app = TestApp::spawn_with(|c| {
        c.trusted_proxy_hops = 1;
        c.rate_limits = strict_limits(); // 3 per account and address, then one a minute
    })
    .await;
    let owner = app.citizen().await;
    let mut attacker = Vec::new();
    for _ in 0..6 {
        attacker.push(login_from(&app, &owner.email, "gjett-gjett-123", "203.0.113.66").await);
    }
    assert_eq!(attacker[..3], [StatusCode::UNAUTHORIZED; 3]);
    assert_eq!(attacker[3..], [StatusCode::TOO_MANY_REQUESTS; 3]);
    // The owner, from home, still gets in.
    assert_eq!(
        login_from(&app, &owner.email, PASSWORD, "192.0.2.10").await,
        StatusCode::OK
    );

    // A guess spread over many addresses meets the per-account ceiling.
    let app = TestApp::spawn_with(|c| {
        c.trusted_proxy_hops = 1;
        c.rate_limits.login_per_account_per_hour = 10;
    })
    .await;
    let owner = app.citizen().await;
    for i in 0..10 {
        let status = login_from(
            &app,
            &owner.email,
            "gjett-gjett-123",
            &format!("198.51.100.{i}"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        login_from(&app, &owner.email, "gjett-gjett-123", "198.51.100.200").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn production_sends_strict_transport_security() {
    let dev = TestApp::spawn().await;
    let res = dev.get("/api/v1/districts", None).await;
    assert!(res.headers().get("strict-transport-security").is_none());
    let prod = TestApp::spawn_with(|c| c.hsts = true).await;
    for path in ["/api/v1/districts", "/", "/api/openapi.json"] {
        let res = prod.get(path, None).await;
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

#[tokio::test]
async fn suspending_an_approved_organization_takes_its_activities_offline() {
    let app = TestApp::spawn().await;
    let (owner, org, _, activity) = pending_org_with_draft(&app).await;
    let admin = app.admin().await;
    let approve = format!("/api/v1/organizations/{org}/approve");
    assert_eq!(
        app.post(&approve, Some(admin.token()), json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let publish = format!("/api/v1/activities/{activity}/publish");
    assert_eq!(
        app.post(&publish, Some(owner.token()), json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    let search = format!("/api/v1/activities?organization={org}&from=2030-01-01");
    let found: Value = app.get(&search, None).await.json().await.unwrap();
    assert_eq!(found["total"], 1);
    let signup = format!("/api/v1/activities/{activity}/signups");
    let child = json!({ "participant": "child", "first_name": "Emma", "birth_year": 2022 });
    let parent = app.citizen().await;
    assert_eq!(
        app.post(&signup, Some(parent.token()), child.clone())
            .await
            .status(),
        StatusCode::CREATED
    );

    let reject = format!("/api/v1/organizations/{org}/reject");
    let res = app
        .post(
            &reject,
            Some(admin.token()),
            json!({ "reason": "Brudd på retningslinjene" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Gone from the search; the page says why; no new sign-ups.
    let found: Value = app.get(&search, None).await.json().await.unwrap();
    assert_eq!(found["total"], 0);
    let page: Value = app
        .get(&format!("/api/v1/activities/{activity}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["status"], "withdrawn");
    assert_eq!(page["status_reason"], "Brudd på retningslinjene");
    let other = app.citizen().await;
    let res = app.post(&signup, Some(other.token()), child).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_ne!(res.status(), StatusCode::CREATED);
    // The existing sign-up is still on record for the parent.
    let mine: Value = app
        .get("/api/v1/me/signups", Some(parent.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
}
