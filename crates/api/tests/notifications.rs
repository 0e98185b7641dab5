//! Notifications and jobs end to end: messages written with the change that
//! causes them, sent through a real SMTP server (aiosmtpd), in the
//! recipient's language, shown on "Min side"; retries, two workers, a
//! worker killed mid-batch, and jobs that run once across nodes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cloned_ref_to_slice_refs
)]

mod common;

use common::aktiviteter::{activity_body, approved_org, child_signup, published};
use common::smtp::SmtpServer;
use common::{Client, TestApp, PASSWORD};
use fritid_api::config::MailConfig;
use fritid_api::platform::jobs::{Job, Scheduler};
use fritid_api::platform::mail::Mailer;
use fritid_api::platform::outbox::{OutboxSender, SendReport};
use fritid_api::platform::templates::Templates;
use fritid_db::outbox::{self, Notice};
use fritid_db::{AsyncConnection, DieselError};
use fritid_domain::notification::Template;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

fn mail_config(app: &TestApp, smtp: &SmtpServer) -> MailConfig {
    MailConfig {
        smtp_url: Some(fritid_api::config::Secret::new(smtp.url())),
        ..app.config.mail.clone()
    }
}

fn sender(app: &TestApp, smtp: &SmtpServer) -> OutboxSender {
    sender_with_lease(app, smtp, None)
}

/// A sender whose claims last `lease` (the test configuration's 2 s when none).
fn sender_with_lease(app: &TestApp, smtp: &SmtpServer, lease: Option<Duration>) -> OutboxSender {
    let pool = fritid_db::connect_pool(app.db.url(), 4, Duration::from_secs(5)).unwrap();
    let mut config = mail_config(app, smtp);
    if let Some(lease) = lease {
        config.lease = lease;
    }
    let mailer = Arc::new(Mailer::from_config(&config).unwrap());
    let templates = Arc::new(Templates::new(&app.config.public_url).unwrap());
    OutboxSender::new(pool, mailer, templates, config)
}

async fn set_language(app: &TestApp, who: &Client, language: &str, reminders: bool) {
    let res = app
        .request(
            Method::PUT,
            "/api/v1/me/preferences",
            Some(who.token()),
            Some(json!({ "language": language, "email_reminders": reminders })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["language"], language);
    assert_eq!(me["email_reminders"], reminders);
}

async fn messages(app: &TestApp, who: &Client) -> Vec<Value> {
    let res = app.get("/api/v1/me/messages", Some(who.token())).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// An activity with one place, published; returns (organizer, activity id).
async fn one_place_activity(app: &TestApp, title: &str) -> (Client, String) {
    let (owner, org, place) = approved_org(app, &format!("Klubb {}", Uuid::new_v4())).await;
    let mut body = activity_body(&place, title);
    body["signup"]["capacity"] = json!(1);
    let id = published(app, &owner, &org, body).await;
    (owner, id)
}

#[tokio::test]
async fn a_waiting_list_promotion_is_emailed_in_the_participants_language_and_shown_on_min_side() {
    let app = TestApp::spawn().await;
    let smtp = SmtpServer::start(Duration::ZERO);
    let (_, activity) = one_place_activity(&app, "Fotball for alle").await;
    let first = app.citizen().await;
    let second = app.citizen().await;
    set_language(&app, &second, "en", true).await;

    assert_eq!(
        child_signup(&app, &first, &activity, "Ola").await.status(),
        StatusCode::CREATED
    );
    let res = child_signup(&app, &second, &activity, "Amir").await;
    let waiting: Value = res.json().await.unwrap();
    assert_eq!(waiting["status"], "waiting");
    let mine: Vec<Value> = app
        .get("/api/v1/me/signups", Some(first.token()))
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .post(
            &format!("/api/v1/signups/{}/cancel", mine[0]["id"].as_str().unwrap()),
            Some(first.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let report = sender(&app, &smtp).send_due().await.unwrap();
    assert_eq!(
        report,
        SendReport {
            sent: 3,
            retrying: 0,
            given_up: 0
        }
    );
    let received = smtp.received();
    let to_second: Vec<_> = received
        .iter()
        .filter(|m| m.rcpt_to == [second.email.clone()])
        .collect();
    assert_eq!(to_second.len(), 2, "waiting-list notice, then the place");
    let promoted = to_second
        .iter()
        .find(|m| m.subject == "You got a place: Fotball for alle")
        .expect("the promotion, in English");
    let text = promoted.text.as_deref().unwrap();
    assert!(
        text.contains("Amir now has a place on \"Fotball for alle\""),
        "{text}"
    );
    assert!(text.contains(&format!("/aktiviteter/{activity}")));
    assert!(promoted
        .html
        .as_deref()
        .unwrap()
        .contains("<html lang=\"en\""));
    assert!(promoted.from.contains("fritid@example.org"));
    // The first family got the confirmation, in bokmål (the default).
    let to_first: Vec<_> = received
        .iter()
        .filter(|m| m.rcpt_to == [first.email.clone()])
        .collect();
    assert_eq!(to_first.len(), 1);
    assert_eq!(to_first[0].subject, "Påmeldt: Fotball for alle");

    // "Min side" shows the same messages, newest first, marked as sent.
    let shown = messages(&app, &second).await;
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[0]["template"], "waitlist_promoted");
    assert_eq!(shown[0]["subject"], "You got a place: Fotball for alle");
    assert_eq!(shown[0]["email"], "sent");
    assert_eq!(shown[0]["id"].as_str().unwrap(), promoted.outbox_id());
    assert!(shown[0]["link"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/aktiviteter/{activity}")));
    assert_eq!(shown[1]["template"], "signup_waiting");
    // Nobody sees another person's messages.
    assert!(messages(&app, &first)
        .await
        .iter()
        .all(|m| m["template"] == "signup_confirmed"));
    let res = app.get("/api/v1/me/messages", None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Sending again sends nothing twice.
    let again = sender(&app, &smtp).send_due().await.unwrap();
    assert_eq!(again, SendReport::default());
    assert_eq!(smtp.received().len(), 3);
}

#[tokio::test]
async fn a_rolled_back_change_sends_nothing() {
    let app = TestApp::spawn().await;
    let (_, activity) = one_place_activity(&app, "Sjakk").await;
    let first = app.citizen().await;
    let second = app.citizen().await;
    child_signup(&app, &first, &activity, "Ola").await;
    child_signup(&app, &second, &activity, "Amir").await;
    let mut conn = app.conn().await;
    let before = outbox::all(&mut conn).await.unwrap().len();
    assert_eq!(before, 2, "a confirmation and a waiting-list notice");

    // Cancel the first sign-up (which promotes the second and writes its
    // message), then roll the transaction back.
    let activity_id: Uuid = activity.parse().unwrap();
    let first_id = first.session.user.id.into_uuid();
    let result = conn
        .transaction::<(), DieselError, _>(async |conn| {
            let signups = fritid_db::notices::active_signups(conn, activity_id)
                .await
                .unwrap();
            fritid_db::activities::lock(conn, activity_id)
                .await
                .unwrap();
            let mine = fritid_db::activities::signups_of_user(conn, first_id, false)
                .await
                .unwrap();
            assert!(signups.contains(&mine[0].id));
            let promoted = fritid_db::activities::cancel_signup(conn, mine[0].id, activity_id)
                .await
                .unwrap();
            assert_eq!(promoted.len(), 1);
            assert_eq!(outbox::all(conn).await.unwrap().len(), 3, "written inside");
            Err(DieselError::RollbackTransaction)
        })
        .await;
    assert!(result.is_err());
    assert_eq!(
        outbox::all(&mut conn).await.unwrap().len(),
        2,
        "nothing left after the rollback"
    );
    // Over HTTP, a refused change writes nothing either.
    let res = child_signup(&app, &second, &activity, "Amir").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(outbox::all(&mut conn).await.unwrap().len(), 2);
}

async fn enqueue_many(app: &TestApp, n: usize) -> (Vec<Uuid>, Client) {
    let who = app.citizen().await;
    let mut conn = app.conn().await;
    let mut ids = Vec::new();
    for i in 0..n {
        let notice = Notice {
            user_id: who.session.user.id.into_uuid(),
            template: Template::ActivityCancelled,
            data: json!({
                "activity_id": Uuid::new_v4(), "activity_title": format!("Aktivitet {i}"),
                "organization_name": "Klubben", "first_name": "Ola", "participant": "child",
                "place_name": null, "place_address": null, "starts_at": null,
                "waiting_position": null, "reason": "Stengt"
            }),
            dedup_key: None,
        };
        assert!(outbox::enqueue(&mut conn, &notice).await.unwrap());
    }
    for row in outbox::all(&mut conn).await.unwrap() {
        ids.push(row.id);
    }
    (ids, who)
}

#[tokio::test]
async fn two_workers_on_one_database_send_each_message_once() {
    let app = TestApp::spawn().await;
    let smtp = SmtpServer::start(Duration::from_millis(20));
    let (ids, _) = enqueue_many(&app, 40).await;
    // What is tested is that a claimed row is nobody else's (SKIP LOCKED),
    // not the lease running out: the lease outlasts a slow CI machine's batch
    // (with the test's 2 s, a batch of 20 at 20 ms each plus SMTP under load
    // could outlast it and be claimed again, as the lease intends).
    let a = sender_with_lease(&app, &smtp, Some(Duration::from_secs(120)));
    let b = sender_with_lease(&app, &smtp, Some(Duration::from_secs(120)));
    let (ra, rb) = tokio::join!(a.send_due(), b.send_due());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.sent + rb.sent, 40);
    assert!(ra.sent > 0 && rb.sent > 0, "both worked: {ra:?} {rb:?}");
    let received = smtp.received();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for m in &received {
        *counts.entry(m.outbox_id()).or_default() += 1;
    }
    assert_eq!(received.len(), 40);
    for id in &ids {
        assert_eq!(counts.get(&id.to_string()), Some(&1), "{id} sent once");
    }
    let mut conn = app.conn().await;
    assert!(outbox::all(&mut conn)
        .await
        .unwrap()
        .iter()
        .all(|r| r.sent_at.is_some()));
}

#[tokio::test]
async fn a_refusing_server_is_tried_again_later_and_a_rejected_address_is_given_up() {
    let app = TestApp::spawn().await;
    let smtp = SmtpServer::start(Duration::ZERO);
    // The server answers 451 twice to this address, then accepts.
    let busy = format!("refuse2-{}@example.org", Uuid::new_v4().simple());
    let gone = format!("reject-{}@example.org", Uuid::new_v4().simple());
    let mut ids = HashMap::new();
    for email in [&busy, &gone] {
        let session = app
            .register_confirmed(email, PASSWORD, "Kari Nordmann")
            .await;
        let user = session.user.id.into_uuid();
        let mut conn = app.conn().await;
        let notice = Notice {
            user_id: user,
            template: Template::ActivityPostponed,
            data: json!({
                "activity_id": Uuid::new_v4(), "activity_title": "Korps", "organization_name": "Musikken",
                "first_name": "Nora", "participant": "child", "place_name": null, "place_address": null,
                "starts_at": null, "waiting_position": null, "reason": "Dirigenten er syk"
            }),
            dedup_key: None,
        };
        outbox::enqueue(&mut conn, &notice).await.unwrap();
        ids.insert(email.clone(), user);
    }
    let worker = sender(&app, &smtp);
    let mut conn = app.conn().await;
    let row_of = |rows: Vec<fritid_db::outbox::OutboxRow>, email: &str| {
        rows.into_iter().find(|r| r.recipient == email).unwrap()
    };

    let first = worker.send_due().await.unwrap();
    assert_eq!(
        first,
        SendReport {
            sent: 0,
            retrying: 1,
            given_up: 1
        }
    );
    let busy_row = row_of(outbox::all(&mut conn).await.unwrap(), &busy);
    assert_eq!(busy_row.attempts, 1);
    assert!(busy_row.last_error.as_deref().unwrap().contains("451"));
    // The first retry waits the base (1 s in tests), measured from now.
    let wait = busy_row.next_attempt_at - chrono::Utc::now();
    assert!(wait > chrono::Duration::milliseconds(500) && wait <= chrono::Duration::seconds(1));
    let gone_row = row_of(outbox::all(&mut conn).await.unwrap(), &gone);
    assert!(gone_row.failed_at.is_some(), "550 is permanent");
    assert!(gone_row.last_error.as_deref().unwrap().contains("550"));

    // Not due yet: nothing happens.
    assert_eq!(worker.send_due().await.unwrap(), SendReport::default());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(worker.send_due().await.unwrap().retrying, 1);
    let busy_row = row_of(outbox::all(&mut conn).await.unwrap(), &busy);
    assert_eq!(busy_row.attempts, 2);
    // The second wait is twice the first.
    let wait = busy_row.next_attempt_at - chrono::Utc::now();
    assert!(wait > chrono::Duration::milliseconds(1500) && wait <= chrono::Duration::seconds(2));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(worker.send_due().await.unwrap().sent, 1);
    let busy_row = row_of(outbox::all(&mut conn).await.unwrap(), &busy);
    assert!(busy_row.sent_at.is_some());
    assert_eq!(busy_row.attempts, 3);
    assert_eq!(busy_row.last_error, None);
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_to, [busy.clone()]);
    assert_eq!(received[0].subject, "Utsatt: Korps");

    // The owner of the rejected address still sees the message, marked failed.
    let res = app.login(&gone, PASSWORD).await;
    let session: Value = res.json().await.unwrap();
    let res = app
        .get(
            "/api/v1/me/messages",
            Some(session["access_token"].as_str().unwrap()),
        )
        .await;
    let shown: Vec<Value> = res.json().await.unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["email"], "failed");
    assert!(shown[0]["body"]
        .as_str()
        .unwrap()
        .contains("Dirigenten er syk"));
}

/// A worker process, killed (SIGKILL) when the test ends however it ends.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_worker_killed_mid_batch_loses_nothing() {
    let app = TestApp::spawn().await;
    // Each message takes 300 ms to be accepted, so the kill lands mid-batch.
    let smtp = SmtpServer::start(Duration::from_millis(300));
    let (ids, _) = enqueue_many(&app, 12).await;
    let data_dir = std::env::temp_dir().join(format!("fritid-worker-{}", Uuid::new_v4()));
    let worker = || {
        KillOnDrop(
            std::process::Command::new(env!("CARGO_BIN_EXE_fritid"))
                .arg("worker")
                .env("DATABASE_URL", app.db.url())
                .env("FRITID_DATA_DIR", &data_dir)
                .env("FRITID_SMTP_URL", smtp.url())
                .env("FRITID_MAIL_FROM", "Fritid test <fritid@example.org>")
                .env("FRITID_MAIL_LEASE_SECONDS", "2")
                .env("FRITID_OUTBOX_EVERY_SECONDS", "1")
                .env("RUST_LOG", "warn")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap(),
        )
    };
    let mut first = worker();
    smtp.wait_for(3, Duration::from_secs(60));
    first.0.kill().unwrap(); // SIGKILL: no clean-up of any kind
    first.0.wait().unwrap();
    let at_kill = smtp.received().len();
    assert!(
        at_kill < 12,
        "killed before the batch was done ({at_kill} sent)"
    );

    let second = worker();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut conn = app.conn().await;
    loop {
        let rows = outbox::all(&mut conn).await.unwrap();
        if rows.iter().all(|r| r.sent_at.is_some()) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not all sent after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(second);
    let _ = std::fs::remove_dir_all(&data_dir);

    let received = smtp.received();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for m in &received {
        *counts.entry(m.outbox_id()).or_default() += 1;
    }
    for id in &ids {
        assert!(counts.contains_key(&id.to_string()), "{id} was lost");
    }
    // At most the one message in flight at the kill went out twice.
    let twice = counts.values().filter(|&&n| n > 1).count();
    assert!(twice <= 1, "{twice} messages sent twice");
    assert!(counts.values().all(|&n| n <= 2));
}

#[tokio::test]
async fn cancelling_an_activity_tells_every_participant_with_the_reason_once() {
    let app = TestApp::spawn().await;
    let smtp = SmtpServer::start(Duration::ZERO);
    let (owner, activity) = one_place_activity(&app, "Friluftsliv").await;
    let first = app.citizen().await;
    let second = app.citizen().await;
    set_language(&app, &second, "en", true).await;
    child_signup(&app, &first, &activity, "Ola").await;
    child_signup(&app, &second, &activity, "Amir").await;
    sender(&app, &smtp).send_due().await.unwrap();
    let res = app
        .post(
            &format!("/api/v1/activities/{activity}/cancel"),
            Some(owner.token()),
            json!({ "reason": "Skogen er stengt etter stormen." }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    sender(&app, &smtp).send_due().await.unwrap();
    let cancelled: Vec<_> = smtp
        .received()
        .into_iter()
        .filter(|m| {
            m.subject.contains("Friluftsliv")
                && (m.subject.starts_with("Avlyst") || m.subject.starts_with("Cancelled"))
        })
        .collect();
    assert_eq!(
        cancelled.len(),
        2,
        "one per participant, the waiting list included"
    );
    let en = cancelled
        .iter()
        .find(|m| m.rcpt_to == [second.email.clone()])
        .unwrap();
    assert_eq!(en.subject, "Cancelled: Friluftsliv");
    assert!(en
        .text
        .as_deref()
        .unwrap()
        .contains("Reason: Skogen er stengt etter stormen."));
    let nb = cancelled
        .iter()
        .find(|m| m.rcpt_to == [first.email.clone()])
        .unwrap();
    assert!(nb
        .text
        .as_deref()
        .unwrap()
        .contains("Begrunnelse: Skogen er stengt etter stormen."));
}

#[tokio::test]
async fn reminders_go_once_the_day_before_and_only_by_email_to_those_who_want_them() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Turlaget").await;
    let tomorrow = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Oslo)
        .date_naive()
        + chrono::Days::new(1);
    let mut body = activity_body(&place, "Tur til Vardåsen");
    body["age_min"] = json!(3);
    body["schedule"] = json!({ "kind": "single",
        "starts_at": format!("{tomorrow}T10:00:00+01:00"), "ends_at": format!("{tomorrow}T14:00:00+01:00") });
    let activity = published(&app, &owner, &org, body).await;
    let wants = app.citizen().await;
    let declines = app.citizen().await;
    set_language(&app, &declines, "nb", false).await;
    child_signup(&app, &wants, &activity, "Ola").await;
    child_signup(&app, &declines, &activity, "Kari").await;

    let mut conn = app.conn().await;
    assert_eq!(
        fritid_db::notices::remind_for_day(&mut conn, tomorrow)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        fritid_db::notices::remind_for_day(&mut conn, tomorrow)
            .await
            .unwrap(),
        0,
        "once"
    );
    let reminders: Vec<_> = outbox::all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.template == "activity_reminder")
        .collect();
    assert_eq!(reminders.len(), 2);
    let declined = reminders
        .iter()
        .find(|r| r.recipient == declines.email)
        .unwrap();
    assert!(!declined.send_email, "turned off: on Min side only");
    let shown = messages(&app, &declines).await;
    assert_eq!(shown[0]["template"], "activity_reminder");
    assert_eq!(shown[0]["email"], "off");
    assert!(shown[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("I morgen: Tur til Vardåsen"));
    // Essential messages are e-mailed whatever the choice.
    assert_eq!(shown[1]["template"], "signup_confirmed");
    assert_eq!(shown[1]["email"], "pending");
}

#[tokio::test]
async fn a_job_runs_on_one_node_at_a_time_and_administrators_see_how_it_went() {
    let app = TestApp::spawn().await;
    let runs = Arc::new(AtomicUsize::new(0));
    let node = |runs: Arc<AtomicUsize>| {
        let pool = fritid_db::connect_pool(app.db.url(), 2, Duration::from_secs(5)).unwrap();
        let job = Job::new("count", Duration::from_secs(3600), move || {
            let runs = runs.clone();
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(300)).await;
                Ok("counted".to_owned())
            }
        });
        let failing = Job::new("always_fails", Duration::from_secs(3600), || async {
            Err(anyhow::anyhow!("the mail server is away"))
        });
        Scheduler::new(pool, vec![job, failing], Duration::from_millis(100))
    };
    let (a, b) = (node(runs.clone()), node(runs.clone()));
    a.register().await.unwrap();
    b.register().await.unwrap();
    let (ra, rb) = tokio::join!(a.run_due(), b.run_due());
    let mut ran: Vec<_> = ra.unwrap().into_iter().chain(rb.unwrap()).collect();
    ran.sort_unstable();
    assert_eq!(
        ran,
        ["always_fails", "count"],
        "each job once across both nodes"
    );
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    // Not due again within its interval.
    assert!(a.run_due().await.unwrap().is_empty());

    let admin = app.admin().await;
    let res = app.get("/api/v1/admin/jobs", Some(admin.token())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let overview: Value = res.json().await.unwrap();
    let job = |name: &str| {
        overview["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(job("count")["last_ok"], true);
    assert_eq!(job("count")["last_summary"], "counted");
    assert_eq!(job("count")["runs"], 1);
    assert_eq!(job("count")["running"], false);
    assert_eq!(job("always_fails")["last_ok"], false);
    assert_eq!(job("always_fails")["failures"], 1);
    assert!(job("always_fails")["last_summary"]
        .as_str()
        .unwrap()
        .contains("the mail server is away"));
    assert_eq!(overview["outbox_waiting"], 0);

    let citizen = app.citizen().await;
    let res = app.get("/api/v1/admin/jobs", Some(citizen.token())).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.get("/api/v1/admin/jobs", None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_server_runs_the_standard_jobs_and_writes_eml_files_without_smtp() {
    let mail_dir = std::env::temp_dir().join(format!("fritid-mail-{}", Uuid::new_v4()));
    let dir = mail_dir.clone();
    let app = TestApp::spawn_with(move |c| {
        c.jobs.enabled = true;
        c.mail.dir = dir;
    })
    .await;
    let (_, activity) = one_place_activity(&app, "Dans").await;
    let who = app.citizen().await;
    child_signup(&app, &who, &activity, "Sara").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let eml = loop {
        let files: Vec<_> = std::fs::read_dir(&mail_dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        // The participant's message (other .eml files, e.g. registration
        // confirmations, may come first).
        if let Some(eml) = files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .find(|text| text.contains(&who.email))
        {
            break eml;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no .eml written to the participant"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(eml.contains(&who.email));
    assert!(eml.contains("Content-Type: multipart/alternative"));
    let _ = std::fs::remove_dir_all(&mail_dir);
    let admin = app.admin().await;
    let overview: Value = app
        .get("/api/v1/admin/jobs", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<_> = overview["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].clone())
        .collect();
    assert_eq!(
        names,
        [
            "activity_next_occurrences",
            "activity_reminders",
            "bua_no_shows_and_offers",
            "bua_reminders",
            "fund_preliminary_answers",
            "fund_retention",
            "purge_refresh_tokens",
            "purge_unconfirmed_accounts",
            "search_vocabulary",
            "send_outbox"
        ]
    );
}

#[tokio::test]
async fn preferences_name_a_bad_field() {
    let app = TestApp::spawn().await;
    let who = app.citizen().await;
    let res = app
        .request(
            Method::PUT,
            "/api/v1/me/preferences",
            Some(who.token()),
            Some(json!({ "language": "se", "email_reminders": true })),
        )
        .await;
    let problem = common::problem(res, StatusCode::BAD_REQUEST).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("language"),
        "{problem}"
    );
    assert_eq!(
        who.session.user.language,
        fritid_domain::notification::Language::Nb
    );
    // Registering in English writes messages in English from the start.
    let email = format!("en-{}@example.no", Uuid::new_v4().simple());
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": email, "password": PASSWORD, "display_name": "Sam", "language": "en"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let mut conn = app.conn().await;
    let link = fritid_db::outbox::all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.recipient == email)
        .unwrap();
    assert_eq!(
        (link.template.as_str(), link.language.as_str()),
        ("confirm_email", "en")
    );
    let token = app.confirmation_token(&email).await.unwrap();
    let confirmed: Value = app.confirm_email(&token).await.json().await.unwrap();
    assert_eq!(confirmed["session"]["user"]["language"], "en");
}
