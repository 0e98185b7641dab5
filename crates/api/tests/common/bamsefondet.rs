//! Bamsefondet fixtures: a fund with an open round, staff with casework
//! roles, and applications taken to a given state through the API.

#![allow(dead_code, clippy::unwrap_used)]

use super::{Client, TestApp, PASSWORD};
use fritid_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A fund (with or without a second signature) and an open round; returns
/// the round id.
pub async fn open_round(app: &TestApp, four_eyes: bool, budget: i64, max: i64) -> String {
    let admin = app.admin().await;
    let res = app
        .post(
            "/api/v1/funds",
            Some(admin.token()),
            json!({ "name": "Bamsefondet", "decision_owner": "Asker kommune, Oppvekst",
                    "appeal_body": "Kommunens klagenemnd",
                    "contact": "bamsefondet@asker.kommune.no", "four_eyes": four_eyes }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let fund: Value = res.json().await.unwrap();
    let res = app
        .post(
            &format!("/api/v1/funds/{}/rounds", fund["id"].as_str().unwrap()),
            Some(admin.token()),
            json!({ "name": "2026", "opens_on": "2026-01-01", "closes_on": null,
                    "budget_nok": budget, "max_per_child_nok": max,
                    "covers": ["fee", "equipment", "travel"] }),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let round: Value = res.json().await.unwrap();
    round["id"].as_str().unwrap().to_owned()
}

/// A user holding every role in `roles`, logged in.
pub async fn staff(app: &TestApp, roles: &[Role]) -> Client {
    let citizen = app.citizen().await;
    let mut conn = app.conn().await;
    for role in roles {
        fritid_db::roles::grant(&mut conn, citizen.session.user.id.into_uuid(), *role, None)
            .await
            .unwrap();
    }
    let res = app.login(&citizen.email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    Client {
        email: citizen.email,
        session: res.json().await.unwrap(),
    }
}

/// A complete application body for `round`.
pub fn complete(round: &str, amount: i64) -> Value {
    json!({
        "round_id": round, "child_first_name": "Emma", "child_birth_year": 2016,
        "district": "heggedal", "club_name": "Heggedal IL", "activity_name": "Fotball 9 år",
        "cost_lines": [{ "kind": "fee", "amount_nok": amount, "description": "Kontingent" }],
        "payout_to": "club", "consent": true
    })
}

pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    who: &Client,
    body: Value,
) -> (StatusCode, Value) {
    let res = app
        .request(method, path, Some(who.token()), Some(body))
        .await;
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// A submitted application of `guardian` asking for `amount`; returns its id.
pub async fn submitted(app: &TestApp, guardian: &Client, round: &str, amount: i64) -> String {
    let (status, body) = call(
        app,
        Method::POST,
        "/api/v1/fund-applications",
        guardian,
        complete(round, amount),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let (status, body) = call(
        app,
        Method::POST,
        &format!("/api/v1/fund-applications/{id}/submit"),
        guardian,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

/// Takes a submitted case into review by `caseworker`.
pub async fn in_review(app: &TestApp, caseworker: &Client, id: &str) {
    let (status, body) = call(
        app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/assign"),
        caseworker,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["application"]["status"], "in_review");
}
