//! User and role administration: who may, what is stored, what is audited.

#![allow(clippy::unwrap_used)]

mod common;

use common::{field_errors, problem, TestApp, PASSWORD};
use fritid_domain::account::{Me, UserSummary};
use fritid_domain::page::Page;
use fritid_domain::Role;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn only_administrators_reach_user_administration() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen().await;
    let caseworker = app.user_with(Role::Caseworker).await;
    let target = citizen.id();

    for (method, path) in [
        (Method::GET, "/api/v1/users".to_owned()),
        (Method::GET, format!("/api/v1/users/{target}")),
        (Method::PUT, format!("/api/v1/users/{target}/roles/admin")),
        (
            Method::DELETE,
            format!("/api/v1/users/{target}/roles/admin"),
        ),
    ] {
        let anon = app.request(method.clone(), &path, None, None).await;
        assert_eq!(
            problem(anon, StatusCode::UNAUTHORIZED).await["code"],
            "unauthenticated",
            "{method} {path}"
        );
        for who in [&citizen, &caseworker] {
            let res = app
                .request(method.clone(), &path, Some(who.token()), None)
                .await;
            assert_eq!(
                problem(res, StatusCode::FORBIDDEN).await["code"],
                "forbidden",
                "{method} {path}"
            );
        }
    }
    // The citizen did not become an admin by trying.
    let me: Me = app
        .get("/api/v1/me", Some(citizen.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.roles, [Role::Citizen]);
}

#[tokio::test]
async fn administrators_list_and_filter_users_page_by_page() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for i in 0..4 {
        app.register(
            &format!("familie{i}@example.no"),
            PASSWORD,
            &format!("Familie {i}"),
        )
        .await;
    }
    let page: Page<UserSummary> = app
        .get("/api/v1/users?per_page=2&page=2", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (page.total, page.page, page.per_page, page.items.len()),
        (5, 2, 2, 2)
    );

    let page: Page<UserSummary> = app
        .get("/api/v1/users?q=FAMILIE", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.total, 4);
    let emails: Vec<&str> = page.items.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "familie0@example.no",
            "familie1@example.no",
            "familie2@example.no",
            "familie3@example.no"
        ]
    );

    let page: Page<UserSummary> = app
        .get("/api/v1/users?role=admin", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].roles, [Role::Citizen, Role::Admin]);

    // A `%` in the search is a character, not a wildcard.
    let page: Page<UserSummary> = app
        .get("/api/v1/users?q=%25", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn bad_list_parameters_are_named() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let cases = [
        ("/api/v1/users?page=0", ("page", "out_of_range")),
        ("/api/v1/users?page=abc", ("page", "invalid")),
        ("/api/v1/users?per_page=101", ("per_page", "out_of_range")),
        ("/api/v1/users?role=superuser", ("role", "invalid")),
        ("/api/v1/users?q=%00kari", ("q", "invalid")),
        ("/api/v1/users?role=", ("role", "invalid")),
    ];
    for (path, (field, code)) in cases {
        let body = problem(
            app.get(path, Some(admin.token())).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(body["code"], "invalid_query", "{path}");
        assert_eq!(
            field_errors(&body),
            [(field.to_owned(), code.to_owned())],
            "{path}"
        );
    }
}

#[tokio::test]
async fn granting_a_role_takes_effect_at_next_login_and_is_audited() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let citizen = app.citizen().await;
    let path = format!("/api/v1/users/{}/roles/caseworker", citizen.id());

    let res = app
        .request(Method::PUT, &path, Some(admin.token()), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let summary: UserSummary = res.json().await.unwrap();
    assert_eq!(summary.roles, [Role::Citizen, Role::Caseworker]);
    // Idempotent.
    let again: UserSummary = app
        .request(Method::PUT, &path, Some(admin.token()), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.roles, summary.roles);

    let session: fritid_domain::account::Session = app
        .login(&citizen.email, PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(session.user.roles, [Role::Citizen, Role::Caseworker]);

    let res = app
        .request(Method::DELETE, &path, Some(admin.token()), None)
        .await;
    let summary: UserSummary = res.json().await.unwrap();
    assert_eq!(summary.roles, [Role::Citizen]);

    let mut conn = app.conn().await;
    let events = fritid_db::audit::for_subject(&mut conn, "user", &citizen.id())
        .await
        .unwrap();
    let actions: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.action.as_str(), e.details["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [("role.grant", "caseworker"), ("role.revoke", "caseworker")],
        "one event per change, none for the repeat"
    );
    assert!(events
        .iter()
        .all(|e| e.actor_id == Some(admin.session.user.id.into_uuid())));
}

#[tokio::test]
async fn role_paths_are_checked() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let citizen = app.citizen().await;
    let id = citizen.id();

    let body = problem(
        app.request(
            Method::PUT,
            &format!("/api/v1/users/{id}/roles/citizen"),
            Some(admin.token()),
            None,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        field_errors(&body),
        [("role".into(), "not_grantable".into())]
    );

    let body = problem(
        app.request(
            Method::PUT,
            &format!("/api/v1/users/{id}/roles/king"),
            Some(admin.token()),
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(field_errors(&body), [("role".into(), "invalid".into())]);

    let body = problem(
        app.request(
            Method::PUT,
            "/api/v1/users/123/roles/admin",
            Some(admin.token()),
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(field_errors(&body), [("id".into(), "invalid".into())]);

    let nobody = uuid::Uuid::new_v4();
    problem(
        app.request(
            Method::PUT,
            &format!("/api/v1/users/{nobody}/roles/admin"),
            Some(admin.token()),
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&format!("/api/v1/users/{nobody}"), Some(admin.token()))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let user: UserSummary = app
        .get(&format!("/api/v1/users/{id}"), Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user.email, citizen.email);
}

#[tokio::test]
async fn the_last_administrator_cannot_be_removed_even_concurrently() {
    let app = TestApp::spawn().await;
    let first = app.admin().await;
    let body = problem(
        app.request(
            Method::DELETE,
            &format!("/api/v1/users/{}/roles/admin", first.id()),
            Some(first.token()),
            None,
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(body["code"], "last_admin");

    // Two admins revoke each other at the same moment: one must remain.
    let second = app.admin().await;
    let (revoke_second, revoke_first) = (
        format!("/api/v1/users/{}/roles/admin", second.id()),
        format!("/api/v1/users/{}/roles/admin", first.id()),
    );
    let (a, b) = tokio::join!(
        app.request(Method::DELETE, &revoke_second, Some(first.token()), None),
        app.request(Method::DELETE, &revoke_first, Some(second.token()), None),
    );
    // One wins; the other is refused: as the last administrator (409) or,
    // when the winner committed first, because it is no administrator any
    // more (403; roles are read from the database, not the token).
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses[0], StatusCode::OK);
    assert!(
        [StatusCode::FORBIDDEN, StatusCode::CONFLICT].contains(&statuses[1]),
        "{statuses:?}"
    );
    let mut conn = app.conn().await;
    let filter = fritid_db::users::UserFilter {
        role: Some(Role::Admin),
        ..Default::default()
    };
    let (_, admins) = fritid_db::users::list(&mut conn, &filter, 10, 0)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}
