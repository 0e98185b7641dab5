//! A read replica (`FRITID_DATABASE_REPLICA_URL`) for real: scripts/test
//! starts a streaming replica of the private cluster (`pg_basebackup -R`,
//! `FRITID_TEST_REPLICA_URL`). Anonymous public reads are answered from it,
//! writes and signed-in callers from the primary, and an answer read from a
//! replica that lags is given but not kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::aktiviteter::{activity_body, approved_org, child_signup, published};
use common::TestApp;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use fritid_db::test_support::with_database;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::{Duration, Instant};

/// The replica server scripts/test started.
fn replica_server() -> String {
    std::env::var("FRITID_TEST_REPLICA_URL").expect(
        "FRITID_TEST_REPLICA_URL must name a streaming replica of DATABASE_URL's server; \
         run scripts/test, which starts one",
    )
}

fn database_name(url: &str) -> String {
    let path = url.split('?').next().unwrap_or(url);
    path.rsplit('/').next().unwrap().to_owned()
}

/// Connects to the test's database on the replica, once the replica has
/// replayed its creation.
async fn replica_conn(url: &str) -> AsyncPgConnection {
    let start = Instant::now();
    loop {
        match AsyncPgConnection::establish(url).await {
            Ok(conn) => return conn,
            Err(e) if start.elapsed() > Duration::from_secs(30) => {
                panic!("the replica has no test database after 30 s: {e}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Replay paused on the replica until this is dropped (also when the test
/// fails, so other tests' databases reach the replica again).
struct ReplayPaused {
    url: String,
}

impl ReplayPaused {
    async fn new(conn: &mut AsyncPgConnection, url: &str) -> Self {
        diesel::sql_query("SELECT pg_wal_replay_pause()")
            .execute(conn)
            .await
            .unwrap();
        Self {
            url: url.to_owned(),
        }
    }
}

impl Drop for ReplayPaused {
    fn drop(&mut self) {
        let url = self.url.clone();
        let resumed = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let mut conn = AsyncPgConnection::establish(&url).await.unwrap();
                diesel::sql_query("SELECT pg_wal_replay_resume()")
                    .execute(&mut conn)
                    .await
                    .unwrap();
            });
        })
        .join();
        assert!(resumed.is_ok(), "replay on the replica was not resumed");
    }
}

async fn search(app: &TestApp, text: &str, token: Option<&str>) -> Value {
    let res = app
        .get(&format!("/api/v1/activities?q={text}"), token)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn free_places(app: &TestApp, id: &str, token: Option<&str>) -> Value {
    let res = app.get(&format!("/api/v1/activities/{id}"), token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let a: Value = res.json().await.unwrap();
    a["signup"]["free_places"].clone()
}

/// Waits (at most ten seconds) until the anonymous search for `text`
/// finds `total`.
async fn anonymous_finds(app: &TestApp, text: &str, total: i64) -> bool {
    within_ten_seconds(|| async { search(app, text, None).await["total"] == total }).await
}

/// Asks again until `check` holds, for at most ten seconds: the replica
/// replays the primary's log in order, but a little at a time.
async fn within_ten_seconds<F, Fut>(check: F) -> bool
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[actix_web::test]
async fn anonymous_reads_come_from_the_replica_and_writes_go_to_the_primary() {
    let server = replica_server();
    let mut replica_url = String::new();
    let app = TestApp::spawn_with(|c| {
        replica_url = with_database(&server, &database_name(c.database_url.expose()));
        c.database_replica_url = Some(fritid_api::config::Secret::new(replica_url.clone()));
    })
    .await;
    let mut replica = replica_conn(&replica_url).await;

    let (owner, org, place) = approved_org(&app, "Heggedal sjakklubb").await;
    let chess = published(&app, &owner, &org, activity_body(&place, "Sjakk for barn")).await;
    assert!(
        anonymous_finds(&app, "sjakk", 1).await,
        "the replica did not show the published activity within ten seconds"
    );

    // The replica stops replaying: what the primary commits now, only the
    // primary has.
    let paused = ReplayPaused::new(&mut replica, &replica_url).await;
    published(
        &app,
        &owner,
        &org,
        activity_body(&place, "Klatring for barn"),
    )
    .await;
    assert_eq!(
        search(&app, "klatring", None).await["total"],
        0,
        "an anonymous search is answered by the (paused) replica"
    );
    assert_eq!(
        search(&app, "klatring", Some(owner.token())).await["total"],
        1,
        "a signed-in caller reads the primary, and sees what was just published"
    );

    // A sync list never lags: a client's position must not pass a change
    // the replica has not replayed yet.
    let res = app
        .get(
            "/api/v1/activities?updated_since=2020-01-01T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let sync: Value = res.json().await.unwrap();
    let titles: Vec<&str> = sync["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(titles, ["Sjakk for barn", "Klatring for barn"]);

    // A sign-up is a write: the primary takes it (the replica is read-only
    // and would refuse it).
    let parent = app.citizen().await;
    let res = child_signup(&app, &parent, &chess, "Ola").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(free_places(&app, &chess, Some(parent.token())).await, 4);
    assert_eq!(free_places(&app, &chess, None).await, 5);

    // Once the sign-up's notification is heard, the replica is known to
    // lag: its answer is given, but not kept. (A query not asked before:
    // the signed-in caller's answer for "klatring", read from the primary,
    // is kept, and a sign-up for another activity does not change it.)
    let not_asked = "klatring&per_page=10";
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(search(&app, not_asked, None).await["total"], 0);
    assert_eq!(search(&app, "klatring", None).await["total"], 1);

    // Replay resumes: the anonymous search catches up at once, not when a
    // kept answer would have expired (a minute).
    drop(paused);
    assert!(
        anonymous_finds(&app, not_asked, 1).await,
        "the anonymous search still shows the replica's old answer"
    );
    // The sign-up committed after the publication: it may be replayed a
    // moment later.
    assert!(
        within_ten_seconds(|| async { free_places(&app, &chess, None).await == 4 }).await,
        "the replica did not show the sign-up within ten seconds"
    );
    assert_eq!(search(&app, "klatring", None).await["total"], 1);
}

#[actix_web::test]
async fn reads_fall_back_to_the_primary_while_the_replica_is_unreachable() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::spawn_with(|c| {
        c.database_replica_url = Some(fritid_api::config::Secret::new(format!(
            "postgres://postgres@127.0.0.1:{port}/fritid"
        )));
    })
    .await;
    let (owner, org, place) = approved_org(&app, "Heggedal sjakklubb").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Sjakk for barn")).await;
    assert_eq!(search(&app, "sjakk", None).await["total"], 1);
    assert_eq!(free_places(&app, &id, None).await, 5);
    let res = app.get("/api/v1/calendar.ics?q=sjakk", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Sjakk for barn"));
}
