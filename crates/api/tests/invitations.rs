//! Membership by invitation: nobody becomes a member without accepting,
//! inviting reveals nothing about who has an account, members can always
//! leave, and invitations are rate limited.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::aktiviteter::approved_org;
use common::{field_errors, problem, TestApp};
use fritid_db::outbox;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn invite(
    app: &TestApp,
    token: &str,
    org: &str,
    email: &str,
    role: &str,
) -> reqwest::Response {
    app.post(
        &format!("/api/v1/organizations/{org}/invitations"),
        Some(token),
        json!({ "email": email, "role": role }),
    )
    .await
}

/// What an answer says, without the fields that differ per invitation.
fn shape(mut v: Value) -> Value {
    for key in ["id", "email", "created_at", "expires_at"] {
        v.as_object_mut().unwrap().remove(key);
    }
    v
}

#[tokio::test]
async fn inviting_reveals_nothing_and_makes_nobody_a_member_until_they_accept() {
    let app = TestApp::spawn().await;
    let (owner, org, _) = approved_org(&app, "Heggedal IL").await;
    let known = app.citizen().await;
    let unknown = format!("ingen-{}@example.no", uuid::Uuid::new_v4().simple());

    // The same status and the same answer for an address with and without an account.
    let a = invite(&app, owner.token(), &org, &known.email, "admin").await;
    let b = invite(&app, owner.token(), &org, &unknown, "admin").await;
    assert_eq!(a.status(), StatusCode::CREATED);
    assert_eq!(b.status(), StatusCode::CREATED);
    let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_eq!(shape(a.clone()), shape(b.clone()));
    assert_eq!(a["status"], "pending");
    assert!(a.get("user_id").is_none() && a.get("display_name").is_none());
    // Both addresses get an e-mail; only the account holder's is on a Min side.
    let mut conn = app.conn().await;
    let rows = outbox::all(&mut conn).await.unwrap();
    let invites: Vec<_> = rows
        .iter()
        .filter(|r| r.template == "organization_invitation")
        .collect();
    assert_eq!(invites.len(), 2);
    assert!(invites
        .iter()
        .any(|r| r.recipient == unknown && r.user_id.is_none()));
    assert!(invites
        .iter()
        .any(|r| r.recipient == known.email && r.user_id.is_some()));

    // Not a member yet: the organization's member list has only the owner.
    let members_path = format!("/api/v1/organizations/{org}/members");
    let members: Vec<Value> = app
        .get(&members_path, Some(owner.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(
        app.get(&members_path, Some(known.token())).await.status(),
        StatusCode::FORBIDDEN
    );

    // The invitee sees it on Min side, with the organization's name, and the message too.
    let mine: Vec<Value> = app
        .get("/api/v1/me/invitations", Some(known.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["organization"]["name"], "Heggedal IL");
    assert_eq!(mine[0]["role"], "admin");
    let messages: Vec<Value> = app
        .get("/api/v1/me/messages", Some(known.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        messages[0]["subject"],
        "Invitasjon til Heggedal IL på Fritid"
    );
    assert!(messages[0]["link"].as_str().unwrap().ends_with("/min-side"));

    // Nobody else can answer it: 404 as if it did not exist.
    let stranger = app.citizen().await;
    let id = mine[0]["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/v1/invitations/{id}/accept"),
            Some(stranger.token()),
            json!({}),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;
    let res = app
        .post(
            &format!("/api/v1/invitations/{id}/accept"),
            Some(owner.token()),
            json!({}),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;

    // Accepting makes a member with the role offered; answering twice is refused.
    let res = app
        .post(
            &format!("/api/v1/invitations/{id}/accept"),
            Some(known.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "accepted");
    let members: Vec<Value> = app
        .get(&members_path, Some(known.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members.len(), 2);
    assert!(members
        .iter()
        .any(|m| m["email"] == known.email && m["role"] == "admin"));
    let res = app
        .post(
            &format!("/api/v1/invitations/{id}/decline"),
            Some(known.token()),
            json!({}),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "invitation_closed"
    );
    let mine: Vec<Value> = app
        .get("/api/v1/me/invitations", Some(known.token()))
        .await
        .json()
        .await
        .unwrap();
    assert!(mine.is_empty());

    // Inviting a member again is refused (the admin sees the members anyway).
    let res = invite(&app, owner.token(), &org, &known.email, "editor").await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "already_member"
    );
}

#[tokio::test]
async fn an_invitation_can_be_declined_renewed_or_withdrawn_and_a_new_account_finds_it() {
    let app = TestApp::spawn().await;
    let (owner, org, _) = approved_org(&app, "Vollen IL").await;
    let list = format!("/api/v1/organizations/{org}/invitations");
    let email = format!("ny-{}@example.no", uuid::Uuid::new_v4().simple());
    let first: Value = invite(&app, owner.token(), &org, &email, "editor")
        .await
        .json()
        .await
        .unwrap();
    // Inviting the same address again renews the one open invitation.
    let second: Value = invite(&app, owner.token(), &org, &email.to_uppercase(), "admin")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["id"], second["id"]);
    assert_eq!(second["role"], "admin");
    let open: Vec<Value> = app
        .get(&list, Some(owner.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open.len(), 1);

    // Whoever registers with the address later finds it, and may decline.
    let session = app
        .register_confirmed(&email, common::PASSWORD, "Ny Person")
        .await;
    let token = session.access_token.clone();
    let mine: Vec<Value> = app
        .get("/api/v1/me/invitations", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    let id = mine[0]["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/v1/invitations/{id}/decline"),
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "declined");
    let members: Vec<Value> = app
        .get(
            &format!("/api/v1/organizations/{org}/members"),
            Some(owner.token()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members.len(), 1, "declining made no member");

    // A withdrawn invitation cannot be accepted.
    let other = app.citizen().await;
    let inv: Value = invite(&app, owner.token(), &org, &other.email, "editor")
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .request(
            Method::DELETE,
            &format!("{list}/{}", inv["id"].as_str().unwrap()),
            Some(owner.token()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post(
            &format!("/api/v1/invitations/{}/accept", inv["id"].as_str().unwrap()),
            Some(other.token()),
            json!({}),
        )
        .await;
    problem(res, StatusCode::CONFLICT).await;

    // Only the organization's administrators invite; a bad address is named.
    let res = invite(&app, other.token(), &org, "x@example.no", "editor").await;
    problem(res, StatusCode::FORBIDDEN).await;
    let res = invite(&app, owner.token(), &org, "not-an-address", "editor").await;
    assert_eq!(
        field_errors(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await)[0].0,
        "email"
    );
}

#[tokio::test]
async fn members_can_always_leave_and_the_municipality_takes_over_an_organization_without_admins() {
    let app = TestApp::spawn().await;
    let (owner, org, _) = approved_org(&app, "Røyken SK").await;
    let members = format!("/api/v1/organizations/{org}/members");
    let editor = app.citizen().await;
    let inv: Value = invite(&app, owner.token(), &org, &editor.email, "editor")
        .await
        .json()
        .await
        .unwrap();
    app.post(
        &format!("/api/v1/invitations/{}/accept", inv["id"].as_str().unwrap()),
        Some(editor.token()),
        json!({}),
    )
    .await;

    // Roles are changed in place; the last admin cannot be demoted by anyone.
    let res = app
        .request(
            Method::PUT,
            &format!("{members}/{}", owner.id()),
            Some(owner.token()),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "last_organization_admin"
    );
    let res = app
        .request(
            Method::PUT,
            &format!("{members}/{}", editor.id()),
            Some(editor.token()),
            Some(json!({"role": "admin"})),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;
    // Nor removed by someone else…
    let res = app
        .request(
            Method::DELETE,
            &format!("{members}/{}", owner.id()),
            Some(editor.token()),
            None,
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;
    // …but the last admin may leave: nobody is held in an organization.
    let res = app
        .request(
            Method::DELETE,
            &format!("{members}/{}", owner.id()),
            Some(owner.token()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.get(&members, Some(owner.token())).await;
    problem(res, StatusCode::FORBIDDEN).await;

    // Without administrators, the municipality's administrators may invite one.
    let admin = app.admin().await;
    let res = invite(&app, admin.token(), &org, &editor.email, "admin").await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "already_member"
    );
    let res = invite(&app, admin.token(), &org, &owner.email, "admin").await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn invitations_are_rate_limited_per_inviter() {
    let app = TestApp::spawn().await;
    let (owner, org, _) = approved_org(&app, "Spam IL").await;
    for i in 0..20 {
        let res = invite(
            &app,
            owner.token(),
            &org,
            &format!("p{i}@example.no"),
            "editor",
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED, "invitation {i}");
    }
    let res = invite(&app, owner.token(), &org, "one-more@example.no", "editor").await;
    assert!(res.headers().get("retry-after").is_some());
    problem(res, StatusCode::TOO_MANY_REQUESTS).await;
    let mut conn = app.conn().await;
    let invitations = outbox::all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.template == "organization_invitation")
        .count();
    assert_eq!(invitations, 20, "the refused one sent nothing");
}
