//! The `fritid` binary's subcommands, run as a process against a test database.

#![allow(clippy::unwrap_used)]

mod common;

use common::TestApp;
use reqwest::StatusCode;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn fritid(database_url: &str, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fritid"));
    cmd.args(args)
        .env("DATABASE_URL", database_url)
        .env(
            "FRITID_DATA_DIR",
            std::env::temp_dir().join("fritid-cli-test"),
        )
        .env("RUST_LOG", "warn")
        .env_remove("FRITID_ADMIN_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn admin_create_user_bootstraps_an_administrator() {
    let app = TestApp::spawn().await;
    let url = app.db.url().to_owned();
    let args = [
        "admin",
        "create-user",
        "--email",
        "Sjef@Asker.Kommune.no",
        "--name",
        "Sjefen",
    ];

    let out = fritid(&url, &args, Some("et-langt-passord-2026\n"), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("sjef@asker.kommune.no"));

    let res = app
        .login("sjef@asker.kommune.no", "et-langt-passord-2026")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let session: fritid_domain::account::Session = res.json().await.unwrap();
    assert!(session.user.roles.contains(&fritid_domain::Role::Admin));
    assert_eq!(
        app.get("/api/v1/users", Some(&session.access_token))
            .await
            .status(),
        StatusCode::OK
    );

    // A second time fails clearly instead of changing the existing account …
    let out = fritid(&url, &args, Some("et-annet-passord-2026\n"), &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    // … and a weak password is refused with the rule it breaks.
    let out = fritid(
        &url,
        &[
            "admin",
            "create-user",
            "--email",
            "ny@asker.kommune.no",
            "--name",
            "Ny",
        ],
        None,
        &[("FRITID_ADMIN_PASSWORD", "kort")],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn seeding_twice_gives_the_same_demo_accounts() {
    let app = TestApp::spawn().await;
    let url = app.db.url().to_owned();
    for _ in 0..2 {
        let out = fritid(&url, &["seed"], None, &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut conn = app.conn().await;
    let (_, total) = fritid_db::users::list(&mut conn, &Default::default(), 100, 0)
        .await
        .unwrap();
    // The demo accounts and the Bamsefondet demo families, once each.
    assert_eq!(
        total,
        (fritid_api::seed::DEMO_ACCOUNTS.len() + fritid_api::seed::DEMO_FAMILIES) as i64
    );
    let funds = app
        .get("/api/v1/funds", None)
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(
        funds.as_array().map(Vec::len),
        Some(1),
        "one demo fund after two seeds"
    );
    for (email, _, roles) in fritid_api::seed::DEMO_ACCOUNTS {
        let res = app.login(email, fritid_api::seed::DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "{email}");
        let session: fritid_domain::account::Session = res.json().await.unwrap();
        assert!(
            roles.iter().all(|r| session.user.roles.contains(r)),
            "{email}"
        );
    }
}

#[test]
fn openapi_subcommand_prints_the_committed_document() {
    let out = Command::new(env!("CARGO_BIN_EXE_fritid"))
        .arg("openapi")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        include_str!("../../../openapi/openapi.json")
    );
}

#[test]
fn production_mode_refuses_to_start_without_secrets() {
    let out = Command::new(env!("CARGO_BIN_EXE_fritid"))
        .arg("migrate")
        .env("FRITID_ENV", "production")
        .env_remove("FRITID_JWT_SECRET")
        .env("DATABASE_URL", "postgres://nowhere/none")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FRITID_JWT_SECRET is required"));
}
