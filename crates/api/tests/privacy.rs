//! Every user's rights over their data: a complete copy, and deleting the
//! account with what it does to others handled and shown first.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::aktiviteter::{activity_body, approved_org, child_signup, published};
use common::{problem, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn the_export_holds_everything_about_me_and_nothing_about_others() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Asker Turn").await;
    let mut body = activity_body(&place, "Turn for små");
    body["signup"]["capacity"] = json!(1);
    let activity = published(&app, &owner, &org, body).await;
    let me = app.citizen().await;
    let other = app.citizen().await;
    child_signup(&app, &me, &activity, "Lea").await;
    child_signup(&app, &other, &activity, "Noah").await;

    let res = app.get("/api/v1/me/export", Some(me.token())).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("fritid-mine-data.json"));
    let data: Value = res.json().await.unwrap();
    assert_eq!(data["account"]["email"], me.email);
    assert_eq!(data["signups"].as_array().unwrap().len(), 1);
    assert_eq!(data["signups"][0]["first_name"], "Lea");
    assert_eq!(data["messages"][0]["template"], "signup_confirmed");
    assert!(data["memberships"].as_array().unwrap().is_empty());
    let text = data.to_string();
    assert!(
        !text.contains("Noah") && !text.contains(&other.email),
        "nothing of others"
    );

    // The organizer's copy shows the organization and what they did.
    let data: Value = app
        .get("/api/v1/me/export", Some(owner.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(data["memberships"][0]["organization"]["name"], "Asker Turn");
    assert_eq!(data["memberships"][0]["sole_admin"], true);
    assert!(data["audit_events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "activity.create" || e["subject_type"] == "organization"));
    assert_eq!(
        app.get("/api/v1/me/export", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn deleting_an_account_frees_its_places_leaves_organizations_and_keeps_only_a_pseudonymous_audit_row(
) {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Slemmestad IF").await;
    let mut body = activity_body(&place, "Håndball");
    body["signup"]["capacity"] = json!(1);
    let activity = published(&app, &owner, &org, body).await;
    let waiting = app.citizen().await;
    child_signup(&app, &owner, &activity, "Ida").await;
    child_signup(&app, &waiting, &activity, "Omar").await;

    // Shown before confirming: the place that frees up and the organization
    // left without an administrator.
    let preview: Value = app
        .get("/api/v1/me/deletion", Some(owner.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["active_signups"][0]["first_name"], "Ida");
    assert_eq!(preview["memberships"][0]["sole_admin"], true);
    assert_eq!(preview["last_platform_admin"], false);

    // The wrong password deletes nothing.
    let res = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(owner.token()),
            Some(json!({"password": "feil-passord-123"})),
        )
        .await;
    let p = problem(res, StatusCode::FORBIDDEN).await;
    assert_eq!(p["errors"][0]["field"], "password");
    assert_eq!(
        app.login(&owner.email, PASSWORD).await.status(),
        StatusCode::OK
    );

    let res = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(owner.token()),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Gone: no login, the token it held answers 401.
    assert_eq!(
        app.login(&owner.email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me", Some(owner.token())).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The waiting family got the place, and was told.
    let mine: Vec<Value> = app
        .get("/api/v1/me/signups", Some(waiting.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["status"], "confirmed");
    let messages: Vec<Value> = app
        .get("/api/v1/me/messages", Some(waiting.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(messages[0]["template"], "waitlist_promoted");
    // The organization and its activity stay; the municipality looks after it.
    let res = app
        .get(&format!("/api/v1/activities/{activity}"), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let admin = app.admin().await;
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            Some(admin.token()),
            json!({"email": "ny-leder@example.no", "role": "admin"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // The audit log keeps the id, which now names nobody — not the name or address.
    let mut conn = app.conn().await;
    let id = owner.session.user.id.to_string();
    let rows = fritid_db::audit::for_subject(&mut conn, "user", &id)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "account.delete");
    let text = serde_json::to_string(&rows[0].details).unwrap();
    assert!(!text.contains(&owner.email) && !text.contains("Kari"));
    assert!(
        fritid_db::users::find_by_id(&mut conn, owner.session.user.id.into_uuid())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_last_administrator_cannot_delete_the_account() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let preview: Value = app
        .get("/api/v1/me/deletion", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["last_platform_admin"], true);
    let res = app
        .request(
            Method::DELETE,
            "/api/v1/me",
            Some(admin.token()),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "last_administrator"
    );
    assert_eq!(
        app.login(&admin.email, PASSWORD).await.status(),
        StatusCode::OK
    );
}
