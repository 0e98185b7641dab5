//! Aktiviteter fixtures: an approved organization with a place, published
//! activities and sign-ups.

#![allow(dead_code, clippy::unwrap_used)]

use super::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub fn org_body(name: &str) -> Value {
    json!({ "name": name, "org_number": "974760673", "description": "Idrett for alle.",
            "districts": ["heggedal"], "contact_email": "post@example.no" })
}

pub fn place_body() -> Value {
    json!({ "name": "Heggedalshallen", "address": "Heggedalsveien 140", "district": "heggedal",
            "step_free_access": true })
}

pub fn activity_body(place: &str, title: &str) -> Value {
    json!({
        "place_id": place, "category": "idrett", "title": title,
        "description": "Vi spiller fotball og har det gøy. Alle er velkomne.",
        "tags": ["ballspill"], "age_min": 6, "age_max": 12,
        "contact": { "name": "Kari Trener" },
        "cost": { "is_free": false, "membership_fee_nok": 300 },
        "threshold": { "free_trial": true },
        "schedule": { "kind": "weekly", "weekdays": ["tue", "thu"], "start_time": "17:30", "end_time": "18:30",
                      "from": "2030-01-01", "until": "2030-03-31", "exception_dates": ["2030-02-19"] },
        "signup": { "capacity": 5 }
    })
}

/// An approved organization with one place; returns (org admin, org id, place id).
pub async fn approved_org(app: &TestApp, name: &str) -> (Client, String, String) {
    let owner = app.citizen().await;
    let mut body = org_body(name);
    body["org_number"] = Value::Null;
    let res = app
        .post("/api/v1/organizations", Some(owner.token()), body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let org: Value = res.json().await.unwrap();
    let id = org["id"].as_str().unwrap().to_owned();
    let admin = app.admin().await;
    let res = app
        .post(
            &format!("/api/v1/organizations/{id}/approve"),
            Some(admin.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(
            &format!("/api/v1/organizations/{id}/places"),
            Some(owner.token()),
            place_body(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let place: Value = res.json().await.unwrap();
    (owner, id, place["id"].as_str().unwrap().to_owned())
}

/// A draft activity of the organization (not published); returns its id.
pub async fn draft(app: &TestApp, owner: &Client, org: &str, body: Value) -> String {
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            body,
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["status"], "draft");
    a["id"].as_str().unwrap().to_owned()
}

/// A published activity of the organization; returns its id.
pub async fn published(app: &TestApp, owner: &Client, org: &str, body: Value) -> String {
    let id = draft(app, owner, org, body).await;
    let res = app
        .post(
            &format!("/api/v1/activities/{id}/publish"),
            Some(owner.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    id
}

pub async fn child_signup(
    app: &TestApp,
    who: &Client,
    activity: &str,
    name: &str,
) -> reqwest::Response {
    app.post(
        &format!("/api/v1/activities/{activity}/signups"),
        Some(who.token()),
        json!({ "participant": "child", "first_name": name, "birth_year": 2021 }),
    )
    .await
}
