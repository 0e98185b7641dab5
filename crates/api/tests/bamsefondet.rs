//! Bamsefondet over HTTP against a real database: a guardian applies, a
//! caseworker and an approver process the case lawfully, the letter says
//! what the law requires, and the budget holds under concurrent approvals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bamsefondet::{call, complete, in_review, open_round, staff, submitted};
use common::{field_errors, problem, TestApp};
use fritid_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn codes(body: &Value) -> Vec<(String, String)> {
    field_errors(body)
}

async fn outbox_templates(app: &TestApp, email: &str) -> Vec<String> {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use fritid_db::schema::outbox;
    let mut conn = app.conn().await;
    outbox::table
        .filter(outbox::recipient.eq(email))
        .order(outbox::created_at)
        .select(outbox::template)
        .load(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_guardian_applies_and_the_case_goes_lawfully_to_payout() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, true, 100_000, 3000).await;
    let guardian = app.citizen().await;
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    let approver = staff(&app, &[Role::Approver]).await;

    // A draft may be empty; nothing is lost on the way.
    let (status, draft) = call(
        &app,
        Method::POST,
        "/api/v1/fund-applications",
        &guardian,
        json!({ "round_id": round }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_eq!(draft["status"], "draft");
    let id = draft["id"].as_str().unwrap().to_owned();

    // Submitting an incomplete draft names every missing piece at once.
    let res = app
        .post(
            &format!("/api/v1/fund-applications/{id}/submit"),
            Some(guardian.token()),
            json!({}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let missing: Vec<String> = codes(&body).into_iter().map(|(f, _)| f).collect();
    for field in [
        "child_first_name",
        "child_birth_year",
        "district",
        "cost_lines",
        "payout_to",
        "consent",
    ] {
        assert!(
            missing.contains(&field.to_owned()),
            "{field} not named: {missing:?}"
        );
    }

    // Over the round's maximum: the same rule as in the form.
    let (status, saved) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/fund-applications/{id}"),
        &guardian,
        complete(&round, 3500),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["requested_nok"], 3500);
    let res = app
        .post(
            &format!("/api/v1/fund-applications/{id}/submit"),
            Some(guardian.token()),
            json!({}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        codes(&body),
        [("cost_lines".to_owned(), "over_maximum".to_owned())]
    );

    let (_, _) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/fund-applications/{id}"),
        &guardian,
        complete(&round, 2400),
    )
    .await;
    let (status, sent) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{id}/submit"),
        &guardian,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["status"], "submitted");
    assert_eq!(
        outbox_templates(&app, &guardian.email)
            .await
            .last()
            .map(String::as_str),
        Some("fund_submitted")
    );

    // The queue shows it, unassigned, with the count per state.
    let (status, queue) = call(
        &app,
        Method::GET,
        "/api/v1/casework/applications?assigned=unassigned",
        &caseworker,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["id"], id.as_str());
    assert_eq!(
        queue["counts"],
        json!([{ "status": "submitted", "count": 1 }])
    );

    in_review(&app, &caseworker, &id).await;

    // More information, please: the applicant sees the question and answers.
    let (status, case) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/request-info"),
        &caseworker,
        json!({ "text": "Kan du sende fakturaen fra klubben?" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["application"]["status"], "needs_info");
    let (_, mine) = call(
        &app,
        Method::GET,
        &format!("/api/v1/fund-applications/{id}"),
        &guardian,
        Value::Null,
    )
    .await;
    assert_eq!(mine["status"], "needs_info");
    assert_eq!(
        mine["messages"][0]["body"],
        "Kan du sende fakturaen fra klubben?"
    );
    assert_eq!(mine["messages"][0]["from_fund"], true);
    assert_eq!(
        outbox_templates(&app, &guardian.email)
            .await
            .last()
            .map(String::as_str),
        Some("fund_info_requested")
    );
    let (status, answered) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{id}/messages"),
        &guardian,
        json!({ "text": "Fakturaen er lastet opp nå." }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answered}");
    assert_eq!(answered["status"], "in_review");

    // An internal note never reaches the applicant, in any response.
    let secret = "Intern: familien er kjent fra før";
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/notes"),
        &caseworker,
        json!({ "text": secret }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    // Four-eyes: the caseworker recommends a partial approval; deciding
    // alone is refused, the approver signs.
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/decide"),
        &caseworker,
        json!({ "outcome": "approved" }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/recommend"),
        &caseworker,
        json!({ "outcome": "partly_approved", "amount_nok": 1800 }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&body),
        [("reasons".to_owned(), "required".to_owned())]
    );
    let reasons = "Fondet dekker kontingenten. Reise dekkes av klubbens egen ordning.";
    let (status, case) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/recommend"),
        &caseworker,
        json!({ "outcome": "partly_approved", "amount_nok": 1800, "reasons": reasons }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["application"]["status"], "recommended");
    let (status, case) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/decide"),
        &approver,
        json!({ "outcome": "partly_approved", "amount_nok": 1800, "reasons": reasons }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["application"]["status"], "decided");
    assert_eq!(case["decided_by"]["id"], approver.id().as_str());
    assert_eq!(
        outbox_templates(&app, &guardian.email)
            .await
            .last()
            .map(String::as_str),
        Some("fund_decided")
    );

    // The letter, in both languages: amount, reasons, appeal right, deadline, appeal body.
    for (lang, amount, appeal, deadline_word) in [
        ("nb", "1\u{a0}800\u{a0}kr", "Du kan klage", "Frist"),
        ("en", "NOK\u{a0}1,800", "You can appeal", "Deadline"),
    ] {
        let res = app
            .get(
                &format!("/api/v1/fund-applications/{id}/letter?lang={lang}"),
                Some(guardian.token()),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        assert!(html.contains(amount), "{lang}: amount");
        assert!(html.contains(reasons), "{lang}: reasons");
        assert!(html.contains(appeal), "{lang}: appeal right");
        assert!(html.contains(deadline_word), "{lang}: deadline");
        assert!(html.contains("Kommunens klagenemnd"), "{lang}: appeal body");
        assert!(!html.contains(secret));
    }
    // Opening the letter recorded when it reached the applicant; the deadline is three weeks on.
    let (_, mine) = call(
        &app,
        Method::GET,
        &format!("/api/v1/fund-applications/{id}"),
        &guardian,
        Value::Null,
    )
    .await;
    let received = chrono::NaiveDate::parse_from_str(
        mine["decision"]["letter_received_on"].as_str().unwrap(),
        "%Y-%m-%d",
    )
    .unwrap();
    let deadline = chrono::NaiveDate::parse_from_str(
        mine["decision"]["appeal_deadline"].as_str().unwrap(),
        "%Y-%m-%d",
    )
    .unwrap();
    assert_eq!(deadline - received, chrono::Duration::days(21));
    assert_eq!(mine["decision"]["amount_nok"], 1800);

    // Paid to the club (named by hand, not in Fritid): the totals follow.
    let (status, case) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/payout"),
        &caseworker,
        json!({ "reference": "Bilag 2026-0042", "paid_on": "2026-12-01" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["application"]["status"], "paid");
    assert_eq!(case["application"]["payout"]["amount_nok"], 1800);
    let (_, funds) = call(&app, Method::GET, "/api/v1/funds", &guardian, Value::Null).await;
    let r = &funds[0]["rounds"][0];
    assert_eq!(
        (r["committed_nok"].as_i64(), r["paid_nok"].as_i64()),
        (Some(1800), Some(1800))
    );

    // The applicant sees the payout, never the note, also in the data export.
    for path in [
        format!("/api/v1/fund-applications/{id}"),
        "/api/v1/me/fund-applications".into(),
        "/api/v1/me/export".into(),
    ] {
        let res = app.get(&path, Some(guardian.token())).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let text = res.text().await.unwrap();
        assert!(!text.contains(secret), "{path} leaks the internal note");
        assert!(text.contains("Bilag 2026-0042"), "{path} lacks the payout");
    }
    // Staff see the note and the whole history.
    let (_, case) = call(
        &app,
        Method::GET,
        &format!("/api/v1/casework/applications/{id}"),
        &caseworker,
        Value::Null,
    )
    .await;
    assert_eq!(case["notes"][0]["body"], secret);
    let actions: Vec<&str> = case["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "submit",
            "take",
            "request_info",
            "answer",
            "recommend",
            "decide",
            "pay"
        ]
    );
}

#[tokio::test]
async fn nobody_else_sees_an_application_and_a_disqualified_caseworker_sees_nothing() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let guardian = app.citizen().await;
    let id = submitted(&app, &guardian, &round, 1000).await;
    let other = app.citizen().await;
    for (method, path) in [
        (Method::GET, format!("/api/v1/fund-applications/{id}")),
        (
            Method::GET,
            format!("/api/v1/fund-applications/{id}/letter"),
        ),
        (
            Method::POST,
            format!("/api/v1/fund-applications/{id}/withdraw"),
        ),
    ] {
        let body = (method == Method::POST).then(|| json!({}));
        let res = app.request(method, &path, Some(other.token()), body).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // A citizen without a casework role may not use casework at all.
    let res = app
        .get(
            &format!("/api/v1/casework/applications/{id}"),
            Some(other.token()),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;

    // A caseworker who declares a conflict of interest loses the case.
    let conflicted = staff(&app, &[Role::Caseworker]).await;
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/api/v1/casework/applications/{id}"),
        &conflicted,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/disqualify"),
        &conflicted,
        json!({ "text": "Nabo av familien" }),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/v1/casework/applications/{id}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/fund-applications/{id}/letter"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/casework/applications/{id}/assign"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/casework/applications/{id}/notes"),
            Some(json!({ "text": "x" })),
        ),
    ] {
        let res = app
            .request(method, &path, Some(conflicted.token()), body)
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let (_, queue) = call(
        &app,
        Method::GET,
        "/api/v1/casework/applications",
        &conflicted,
        Value::Null,
    )
    .await;
    assert_eq!(queue["total"], 0, "{queue}");
    // Nor can they be assigned it by a colleague.
    let colleague = staff(&app, &[Role::Caseworker]).await;
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/assign"),
        &colleague,
        json!({ "assignee": conflicted.id() }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // A caseworker's own application is not theirs to process.
    let applying_caseworker = staff(&app, &[Role::Caseworker]).await;
    let own = submitted(&app, &applying_caseworker, &round, 500).await;
    let res = app
        .get(
            &format!("/api/v1/casework/applications/{own}"),
            Some(applying_caseworker.token()),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;
    let (_, queue) = call(
        &app,
        Method::GET,
        "/api/v1/casework/applications",
        &applying_caseworker,
        Value::Null,
    )
    .await;
    assert_eq!(queue["total"], 1, "sees the other case, not their own");

    // Reads are in the audit log, which administrators can see.
    let admin = app.admin().await;
    let (status, audit) = call(
        &app,
        Method::GET,
        &format!("/api/v1/casework/applications/{id}/audit"),
        &admin,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    let entries: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["actor"]["id"].as_str().unwrap_or_default().to_owned(),
                e["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        entries.contains(&(conflicted.id(), "fund_application.read".into())),
        "{entries:?}"
    );
    assert!(entries.contains(&(conflicted.id(), "fund_application.disqualify".into())));
    // The audit log cannot be changed.
    let mut conn = app.conn().await;
    use diesel_async::RunQueryDsl;
    let refused = diesel::sql_query("DELETE FROM audit_log")
        .execute(&mut conn)
        .await;
    assert!(refused.is_err());
}

#[tokio::test]
async fn illegal_transitions_answer_409_naming_the_state() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let guardian = app.citizen().await;
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    let id = submitted(&app, &guardian, &round, 1000).await;

    // Deciding a case nobody has reviewed.
    let res = app
        .post(
            &format!("/api/v1/casework/applications/{id}/decide"),
            Some(caseworker.token()),
            json!({ "outcome": "approved" }),
        )
        .await;
    let body = problem(res, StatusCode::CONFLICT).await;
    assert_eq!(body["code"], "illegal_transition");
    assert_eq!(
        codes(&body),
        [("status".to_owned(), "submitted".to_owned())]
    );
    // Editing or deleting what was sent.
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/fund-applications/{id}"),
            Some(guardian.token()),
            Some(complete(&round, 900)),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "illegal_transition"
    );
    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/fund-applications/{id}"),
            Some(guardian.token()),
            None,
        )
        .await;
    problem(res, StatusCode::CONFLICT).await;
    // Paying what is not decided; appealing what is not decided.
    in_review(&app, &caseworker, &id).await;
    let res = app
        .post(
            &format!("/api/v1/casework/applications/{id}/payout"),
            Some(caseworker.token()),
            json!({ "reference": "x", "paid_on": "2026-12-01" }),
        )
        .await;
    let body = problem(res, StatusCode::CONFLICT).await;
    assert_eq!(
        codes(&body),
        [("status".to_owned(), "in_review".to_owned())]
    );
    let res = app
        .post(
            &format!("/api/v1/fund-applications/{id}/appeal"),
            Some(guardian.token()),
            json!({ "text": "Uenig" }),
        )
        .await;
    problem(res, StatusCode::CONFLICT).await;
    // Withdraw before the decision, then nothing more happens to it.
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{id}/withdraw"),
        &guardian,
        json!({}),
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("withdrawn"))
    );
    let res = app
        .post(
            &format!("/api/v1/casework/applications/{id}/decide"),
            Some(caseworker.token()),
            json!({ "outcome": "approved" }),
        )
        .await;
    let body = problem(res, StatusCode::CONFLICT).await;
    assert_eq!(
        codes(&body),
        [("status".to_owned(), "withdrawn".to_owned())]
    );
    // A draft can be deleted.
    let (_, draft) = call(
        &app,
        Method::POST,
        "/api/v1/fund-applications",
        &guardian,
        json!({ "round_id": round }),
    )
    .await;
    let res = app
        .request(
            Method::DELETE,
            &format!(
                "/api/v1/fund-applications/{}",
                draft["id"].as_str().unwrap()
            ),
            Some(guardian.token()),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_appeal_is_decided_by_someone_else_and_gets_its_own_letter() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let guardian = app.citizen().await;
    let first = staff(&app, &[Role::Caseworker]).await;
    let second = staff(&app, &[Role::Caseworker, Role::Approver]).await;
    let id = submitted(&app, &guardian, &round, 2000).await;
    in_review(&app, &first, &id).await;
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/decide"),
        &first,
        json!({ "outcome": "rejected", "reasons": "Aktiviteten er gratis for barn under 10 år." }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{id}/appeal"),
        &guardian,
        json!({ "text": "Emma er 10 år, så vi må betale." }),
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("appealed")),
        "{body}"
    );
    let decision =
        json!({ "outcome": "approved", "reasons": "Barnet er 10 år; kontingenten gjelder." });
    let res = app
        .post(
            &format!("/api/v1/casework/applications/{id}/appeal-decision"),
            Some(first.token()),
            decision.clone(),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "same_decider"
    );
    let (status, case) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{id}/appeal-decision"),
        &second,
        decision,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["application"]["status"], "appeal_decided");
    assert_eq!(
        case["application"]["appeal"]["decision"]["amount_nok"],
        2000
    );
    let res = app
        .get(
            &format!("/api/v1/fund-applications/{id}/letter?kind=appeal&lang=en"),
            Some(guardian.token()),
        )
        .await;
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Decision on appeal")
            && html.contains("NOK\u{a0}2,000")
            && html.contains("final")
    );
    let (_, funds) = call(&app, Method::GET, "/api/v1/funds", &guardian, Value::Null).await;
    assert_eq!(funds[0]["rounds"][0]["committed_nok"], 2000);
    assert_eq!(
        outbox_templates(&app, &guardian.email)
            .await
            .last()
            .map(String::as_str),
        Some("fund_appeal_decided")
    );
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

async fn attach(
    app: &TestApp,
    id: &str,
    who: &common::Client,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    app.http
        .post(app.url(&format!(
            "/api/v1/fund-applications/{id}/attachments?file_name={name}"
        )))
        .bearer_auth(who.token())
        .header("content-type", "application/pdf")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn attachments_are_judged_by_their_content_and_served_only_to_those_who_may() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let guardian = app.citizen().await;
    let (_, draft) = call(
        &app,
        Method::POST,
        "/api/v1/fund-applications",
        &guardian,
        complete(&round, 1000),
    )
    .await;
    let id = draft["id"].as_str().unwrap().to_owned();

    // An executable named .pdf (and declared as one) is refused.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.resize(4096, 0);
    let body = problem(
        attach(&app, &id, &guardian, "faktura.pdf", exe).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        codes(&body),
        [("file".to_owned(), "unsupported_type".to_owned())]
    );
    // 11 MB is too large, and nothing half-stored remains.
    let big = [pdf(), vec![b' '; 11 * 1024 * 1024]].concat();
    problem(
        attach(&app, &id, &guardian, "stor.pdf", big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    let (_, now) = call(
        &app,
        Method::GET,
        &format!("/api/v1/fund-applications/{id}"),
        &guardian,
        Value::Null,
    )
    .await;
    assert_eq!(now["attachments"], json!([]));
    let mut conn = app.conn().await;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let stored: i64 = fritid_db::schema::fund_attachments::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let res = attach(&app, &id, &guardian, "faktura.pdf", pdf()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["content_type"], "application/pdf");
    assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
    let path = format!(
        "/api/v1/fund-applications/{id}/attachments/{}",
        a["id"].as_str().unwrap()
    );
    let res = app.get(&path, Some(guardian.token())).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"faktura.pdf\""
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf());
    let other = app.citizen().await;
    problem(
        app.get(&path, Some(other.token())).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Staff may not see a draft's files either.
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    problem(
        app.get(&path, Some(caseworker.token())).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // At most five.
    for i in 0..4 {
        assert_eq!(
            attach(&app, &id, &guardian, &format!("f{i}.pdf"), pdf())
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let body = problem(
        attach(&app, &id, &guardian, "sjette.pdf", pdf()).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(body["code"], "too_many_attachments");

    // Once submitted, the caseworker reads it (audited).
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{id}/submit"),
        &guardian,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.get(&path, Some(caseworker.token())).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn fifty_concurrent_approvals_never_pass_the_budget() {
    let app = TestApp::spawn().await;
    // Room for exactly ten grants of 1000.
    let round = open_round(&app, false, 10_000, 1000).await;
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    let mut ids = Vec::new();
    for _ in 0..50 {
        let guardian = app.citizen().await;
        let id = submitted(&app, &guardian, &round, 1000).await;
        in_review(&app, &caseworker, &id).await;
        ids.push(id);
    }
    let decisions = ids.iter().map(|id| {
        let app = &app;
        let token = caseworker.token().to_owned();
        async move {
            app.post(
                &format!("/api/v1/casework/applications/{id}/decide"),
                Some(&token),
                json!({ "outcome": "approved" }),
            )
            .await
        }
    });
    let results = futures_util::future::join_all(decisions).await;
    let mut ok = 0;
    let mut over = 0;
    for res in results {
        match res.status() {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => {
                assert_eq!(
                    problem(res, StatusCode::CONFLICT).await["code"],
                    "budget_exceeded"
                );
                over += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((ok, over), (10, 40));
    let mut conn = app.conn().await;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use fritid_db::schema::{fund_applications as fa, fund_rounds};
    let committed: i64 = fund_rounds::table
        .select(fund_rounds::committed_nok)
        .first(&mut conn)
        .await
        .unwrap();
    let granted: Vec<i32> = fa::table
        .filter(fa::status.eq("decided"))
        .select(fa::granted_nok)
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(granted.len(), 10);
    assert_eq!(
        committed,
        granted.iter().map(|g| i64::from(*g)).sum::<i64>()
    );
    assert_eq!(committed, 10_000);
    // The 40 refused are still in review, untouched.
    let waiting: i64 = fa::table
        .filter(fa::status.eq("in_review"))
        .filter(fa::decided_at.is_null())
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(waiting, 40);
}

#[tokio::test]
async fn a_coach_starts_an_application_and_only_the_guardian_can_send_it() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let (coach, org, place) = common::aktiviteter::approved_org(&app, "Heggedal IL").await;
    let activity = common::aktiviteter::published(
        &app,
        &coach,
        &org,
        common::aktiviteter::activity_body(&place, "Fotball 9 år"),
    )
    .await;
    let guardian = app.citizen().await;

    // A stranger cannot start one for the club's activity.
    let stranger = app.citizen().await;
    let body = json!({ "guardian_email": guardian.email, "draft": { "round_id": round, "activity_id": activity, "child_first_name": "Emma" } });
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/fund-application-invitations",
        &stranger,
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, started) = call(
        &app,
        Method::POST,
        "/api/v1/fund-application-invitations",
        &coach,
        body,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    // The coach learns nothing more, and cannot submit for the family.
    let (_, coach_list) = call(
        &app,
        Method::GET,
        "/api/v1/me/fund-applications",
        &coach,
        Value::Null,
    )
    .await;
    let draft_id = coach_list[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        coach_list[0]["cost_lines"],
        json!([{ "kind": "fee", "amount_nok": 300, "description": null }]),
        "filled from the activity's price"
    );
    let res = app
        .post(
            &format!("/api/v1/fund-applications/{draft_id}/submit"),
            Some(coach.token()),
            json!({}),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::FORBIDDEN).await["code"],
        "guardian_must_submit"
    );

    // The guardian's e-mail carries the link; taking it over makes the draft theirs.
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use fritid_db::schema::outbox;
    let mut conn = app.conn().await;
    let data: Value = outbox::table
        .filter(outbox::recipient.eq(&guardian.email))
        .filter(outbox::template.eq("fund_guardian_invited"))
        .select(outbox::data)
        .first(&mut conn)
        .await
        .unwrap();
    let token = data["link_path"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_owned();
    let (status, claimed) = call(
        &app,
        Method::POST,
        "/api/v1/fund-application-claims",
        &guardian,
        json!({ "token": token }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{claimed}");
    assert_eq!(claimed["child_first_name"], "Emma");
    assert_eq!(claimed["started_by_coach"], true);
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/fund-application-claims",
        &stranger,
        json!({ "token": token }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a link works once");
    let res = app
        .get(
            &format!("/api/v1/fund-applications/{draft_id}"),
            Some(coach.token()),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;

    // The guardian completes it and sends it; the club confirms participation
    // before the caseworker pays the club.
    let mut full = complete(&round, 300);
    full["activity_id"] = json!(activity);
    full["club_name"] = Value::Null;
    full["activity_name"] = Value::Null;
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/fund-applications/{draft_id}"),
        &guardian,
        full,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, sent) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{draft_id}/submit"),
        &guardian,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    in_review(&app, &caseworker, &draft_id).await;
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{draft_id}/decide"),
        &caseworker,
        json!({ "outcome": "approved" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let res = app
        .post(
            &format!("/api/v1/casework/applications/{draft_id}/payout"),
            Some(caseworker.token()),
            json!({ "reference": "B-1", "paid_on": "2026-12-01" }),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "participation_not_confirmed"
    );
    let (status, grants) = call(
        &app,
        Method::GET,
        &format!("/api/v1/organizations/{org}/fund-grants"),
        &coach,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(grants[0]["child_first_name"], "Emma");
    assert_eq!(grants[0]["amount_nok"], 300);
    assert!(grants[0].get("reason").is_none() && grants[0].get("district").is_none());
    let res = app
        .post(
            &format!("/api/v1/fund-applications/{draft_id}/participation"),
            Some(stranger.token()),
            json!({}),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;
    let res = app
        .post(
            &format!("/api/v1/fund-applications/{draft_id}/participation"),
            Some(coach.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, case) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{draft_id}/payout"),
        &caseworker,
        json!({ "reference": "B-1", "paid_on": "2026-12-01" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    assert_eq!(case["application"]["payout"]["paid_to"], "club");
}

#[tokio::test]
async fn statistics_never_show_a_group_smaller_than_five() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    // Six from Heggedal (one granted), two from Vollen.
    for i in 0..8 {
        let guardian = app.citizen().await;
        let mut body = complete(&round, 1000);
        if i >= 6 {
            body["district"] = json!("vollen");
        }
        let (_, draft) = call(
            &app,
            Method::POST,
            "/api/v1/fund-applications",
            &guardian,
            body,
        )
        .await;
        let id = draft["id"].as_str().unwrap();
        call(
            &app,
            Method::POST,
            &format!("/api/v1/fund-applications/{id}/submit"),
            &guardian,
            json!({}),
        )
        .await;
        if i == 0 {
            in_review(&app, &caseworker, id).await;
            let (status, _) = call(
                &app,
                Method::POST,
                &format!("/api/v1/casework/applications/{id}/decide"),
                &caseworker,
                json!({ "outcome": "approved" }),
            )
            .await;
            assert_eq!(status, StatusCode::OK);
        }
    }
    let admin = app.admin().await;
    let (status, stats) = call(
        &app,
        Method::GET,
        &format!("/api/v1/fund-rounds/{round}/statistics"),
        &admin,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["round_name"], "2026");
    assert_eq!(stats["applications"], 8);
    assert_eq!(stats["granted"], "< 5");
    assert_eq!(stats["committed_nok"], 1000);
    assert_eq!(stats["left_nok"], 99_000);
    let heggedal = stats["by_district"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "heggedal")
        .unwrap();
    assert_eq!(heggedal["applications"], 6);
    assert_eq!(heggedal["granted"], "< 5");
    assert_eq!(
        heggedal["granted_nok"], "< 5",
        "one family's grant must not show"
    );
    let vollen = stats["by_district"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "vollen")
        .unwrap();
    assert_eq!(vollen["applications"], "< 5");
    let res = app
        .get(
            &format!("/api/v1/fund-rounds/{round}/statistics?format=csv"),
            Some(admin.token()),
        )
        .await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    assert!(csv.contains("district,heggedal,6,< 5,< 5"), "{csv}");
    assert!(csv.contains("district,vollen,< 5,< 5,< 5"), "{csv}");
    // Only administrators.
    let res = app
        .get(
            &format!("/api/v1/fund-rounds/{round}/statistics"),
            Some(caseworker.token()),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn slow_cases_get_a_preliminary_answer_once_and_closed_cases_are_anonymised() {
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let guardian = app.citizen().await;
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    let slow = submitted(&app, &guardian, &round, 1000).await;
    let closed = submitted(&app, &guardian, &round, 800).await;
    in_review(&app, &caseworker, &closed).await;
    call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{closed}/messages"),
        &guardian,
        json!({ "text": "Hilsen fra Emma" }),
    )
    .await;
    call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{closed}/decide"),
        &caseworker,
        json!({ "outcome": "rejected", "reasons": "Utenfor ordningen." }),
    )
    .await;
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{closed}/close"),
        &caseworker,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    diesel::sql_query(format!("UPDATE fund_applications SET submitted_at = now() - interval '32 days' WHERE id = '{slow}'")).execute(&mut conn).await.unwrap();
    let by = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    assert_eq!(
        fritid_db::bamsefondet::casework::send_preliminary_answers(&mut conn, by)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        fritid_db::bamsefondet::casework::send_preliminary_answers(&mut conn, by)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        outbox_templates(&app, &guardian.email)
            .await
            .iter()
            .filter(|t| *t == "fund_preliminary_answer")
            .count(),
        1
    );

    // Five years after closing, the personal data goes; the numbers stay.
    diesel::sql_query(format!(
        "UPDATE fund_applications SET closed_at = now() - interval '6 years' WHERE id = '{closed}'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let n = fritid_db::bamsefondet::casework::anonymise_closed(
        &mut conn,
        chrono::Utc::now() - chrono::Duration::days(5 * 365),
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    let row = fritid_db::bamsefondet::applications::find(&mut conn, closed.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            row.applicant_id,
            row.child_first_name.as_deref(),
            row.reasons.as_deref()
        ),
        (None, None, Some(""))
    );
    assert_eq!(row.district.as_deref(), Some("heggedal"));
    assert!(
        fritid_db::bamsefondet::applications::messages(&mut conn, row.id)
            .await
            .unwrap()
            .is_empty()
    );
    let (_, mine) = call(
        &app,
        Method::GET,
        "/api/v1/me/fund-applications",
        &guardian,
        Value::Null,
    )
    .await;
    assert_eq!(
        mine.as_array().unwrap().len(),
        1,
        "the anonymised case is no longer linked to the guardian"
    );
    let admin = app.admin().await;
    let (_, stats) = call(
        &app,
        Method::GET,
        &format!("/api/v1/fund-rounds/{round}/statistics"),
        &admin,
        Value::Null,
    )
    .await;
    assert_eq!(stats["applications"], "< 5");
    assert_eq!(stats["rejected"], "< 5");
}

/// A queue's count per state, sorted by state.
fn status_counts(queue: &Value) -> Vec<(String, i64)> {
    let mut counts: Vec<(String, i64)> = queue["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_owned(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect();
    counts.sort();
    counts
}

/// The queue's counts and the statistics read a summary that triggers keep;
/// after every kind of change it must equal a recount of the applications.
#[tokio::test]
async fn the_counts_and_statistics_agree_with_a_recount_after_every_change() {
    use diesel::sql_types::{BigInt, Text};
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct Count {
        #[diesel(sql_type = Text)]
        grp: String,
        #[diesel(sql_type = BigInt)]
        applications: i64,
        #[diesel(sql_type = BigInt)]
        granted: i64,
        #[diesel(sql_type = BigInt)]
        rejected: i64,
        #[diesel(sql_type = BigInt)]
        granted_nok: i64,
    }
    let app = TestApp::spawn().await;
    let round = open_round(&app, false, 100_000, 3000).await;
    let guardian = app.citizen().await;
    let first = staff(&app, &[Role::Caseworker]).await;
    let second = staff(&app, &[Role::Caseworker, Role::Approver]).await;
    let mut ids = Vec::new();
    for amount in [1000, 1200, 1400, 1600, 1800, 2000, 2200] {
        ids.push(submitted(&app, &guardian, &round, amount).await);
    }
    // One from another district, and one the caseworker made as a parent.
    let mut vollen = complete(&round, 900);
    vollen["district"] = json!("vollen");
    let (_, draft) = call(
        &app,
        Method::POST,
        "/api/v1/fund-applications",
        &guardian,
        vollen,
    )
    .await;
    let vollen = draft["id"].as_str().unwrap().to_owned();
    call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{vollen}/submit"),
        &guardian,
        json!({}),
    )
    .await;
    submitted(&app, &first, &round, 700).await;
    // A draft is nobody's case yet.
    call(
        &app,
        Method::POST,
        "/api/v1/fund-applications",
        &guardian,
        complete(&round, 500),
    )
    .await;

    let act = |id: &str, who: &common::Client, what: &str, body: Value| {
        let (id, what) = (id.to_owned(), what.to_owned());
        let (app, who) = (&app, who.clone());
        async move {
            let (status, body) = call(
                app,
                Method::POST,
                &format!("/api/v1/casework/applications/{id}/{what}"),
                &who,
                body,
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{what}: {body}");
        }
    };
    for id in &ids[1..] {
        in_review(&app, &first, id).await;
    }
    act(
        &ids[2],
        &first,
        "request-info",
        json!({ "text": "Kvittering?" }),
    )
    .await;
    act(&ids[3], &first, "decide", json!({ "outcome": "approved" })).await;
    act(
        &ids[3],
        &first,
        "payout",
        json!({ "reference": "B-1", "paid_on": "2026-12-01" }),
    )
    .await;
    act(&ids[4], &first, "decide", json!({ "outcome": "partly_approved", "amount_nok": 500, "reasons": "Utstyr dekkes ikke." })).await;
    act(
        &ids[5],
        &first,
        "decide",
        json!({ "outcome": "rejected", "reasons": "Utenfor ordningen." }),
    )
    .await;
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{}/appeal", ids[5]),
        &guardian,
        json!({ "text": "Vi må betale." }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    act(
        &ids[5],
        &second,
        "appeal-decision",
        json!({ "outcome": "approved", "reasons": "Gjelder likevel." }),
    )
    .await;
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/fund-applications/{}/withdraw", ids[6]),
        &guardian,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/api/v1/casework/applications/{}/disqualify", ids[0]),
        &first,
        json!({ "text": "Nabo." }),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let mut conn = app.conn().await;
    let recount = |grouping: &str| {
        format!(
            "SELECT {grouping} AS grp, count(*) AS applications,
                    count(*) FILTER (WHERE granted_nok > 0) AS granted,
                    count(*) FILTER (WHERE coalesce(appeal_outcome, outcome) = 'rejected') AS rejected,
                    coalesce(sum(granted_nok), 0)::bigint AS granted_nok
             FROM fund_applications WHERE round_id = '{round}' AND status <> 'draft'
             GROUP BY 1 ORDER BY 1"
        )
    };
    for (grouping, by_month) in [
        ("coalesce(district, '')", false),
        (
            "to_char(submitted_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM')",
            true,
        ),
        ("status", false),
    ] {
        let expected: Vec<Count> = diesel::sql_query(recount(grouping))
            .load(&mut conn)
            .await
            .unwrap();
        if grouping == "status" {
            // The queue's counts: everything but the caseworker's own
            // application and the one they are disqualified on.
            let (_, queue) = call(
                &app,
                Method::GET,
                &format!("/api/v1/casework/applications?round={round}"),
                &first,
                Value::Null,
            )
            .await;
            let shown = status_counts(&queue);
            let hidden = |s: &str| i64::from(s == "submitted") * 2;
            let expected: Vec<(String, i64)> = expected
                .iter()
                .map(|c| (c.grp.clone(), c.applications - hidden(&c.grp)))
                .filter(|c| c.1 > 0)
                .collect();
            assert_eq!(shown, expected, "the queue's counts");
            assert_eq!(queue["total"], expected.iter().map(|c| c.1).sum::<i64>());
            let (_, submitted_only) = call(
                &app,
                Method::GET,
                &format!("/api/v1/casework/applications?round={round}&status=submitted"),
                &second,
                Value::Null,
            )
            .await;
            assert_eq!(
                submitted_only["total"], 3,
                "the approver sees all three submitted"
            );
            // Filtered by holder or waiting time, the counts come from an
            // index less what the viewer may not see; the same as asking
            // row by row.
            let (_, me) = call(&app, Method::GET, "/api/v1/me", &first, Value::Null).await;
            let me = me["id"].as_str().unwrap().to_owned();
            for (query, condition) in [
                ("assigned=unassigned", "assigned_to IS NULL".to_owned()),
                ("assigned=me", format!("assigned_to = '{me}'")),
                ("min_days=0", "submitted_at <= now()".to_owned()),
            ] {
                #[derive(diesel::QueryableByName)]
                struct ByStatus {
                    #[diesel(sql_type = Text)]
                    status: String,
                    #[diesel(sql_type = BigInt)]
                    n: i64,
                }
                let expected: Vec<ByStatus> = diesel::sql_query(format!(
                    "SELECT status, count(*) AS n FROM fund_applications a
                     WHERE round_id = '{round}' AND status <> 'draft' AND {condition}
                       AND applicant_id IS DISTINCT FROM '{me}'
                       AND NOT EXISTS (SELECT 1 FROM fund_disqualifications d
                                       WHERE d.application_id = a.id AND d.user_id = '{me}')
                     GROUP BY status ORDER BY status"
                ))
                .load(&mut conn)
                .await
                .unwrap();
                let expected: Vec<(String, i64)> =
                    expected.into_iter().map(|r| (r.status, r.n)).collect();
                let (_, queue) = call(
                    &app,
                    Method::GET,
                    &format!("/api/v1/casework/applications?round={round}&{query}"),
                    &first,
                    Value::Null,
                )
                .await;
                let shown = status_counts(&queue);
                assert_eq!(shown, expected, "{query}");
                assert_eq!(
                    queue["items"].as_array().unwrap().len() as i64,
                    expected.iter().map(|c| c.1).sum::<i64>(),
                    "{query}: one page holds them all"
                );
            }
            // Two states at once: one page, oldest first, from both.
            let (_, two) = call(
                &app,
                Method::GET,
                &format!("/api/v1/casework/applications?round={round}&status=submitted,decided&per_page=2&page=2"),
                &second,
                Value::Null,
            )
            .await;
            assert_eq!(two["total"], 3 + 1, "{two}");
            let items = two["items"].as_array().unwrap();
            assert_eq!(items.len(), 2);
            let (_, all) = call(
                &app,
                Method::GET,
                &format!("/api/v1/casework/applications?round={round}&status=submitted,decided"),
                &second,
                Value::Null,
            )
            .await;
            let ids: Vec<&Value> = all["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| &c["id"])
                .collect();
            assert_eq!(ids.len(), 4);
            assert_eq!(
                (&items[0]["id"], &items[1]["id"]),
                (ids[2], ids[3]),
                "page 2 continues page 1"
            );
            continue;
        }
        let groups =
            fritid_db::bamsefondet::casework::statistics_groups(&mut conn, round.parse().unwrap())
                .await
                .unwrap();
        let summary = if by_month {
            groups.months
        } else {
            groups.districts
        };
        let summary: Vec<Count> = summary
            .into_iter()
            .map(|g| Count {
                grp: g.grp,
                applications: g.applications,
                granted: g.granted,
                rejected: g.rejected,
                granted_nok: g.granted_nok,
            })
            .collect();
        assert_eq!(summary, expected, "grouped by {grouping}");
    }
    #[derive(diesel::QueryableByName)]
    struct Days {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let decided: Vec<Days> = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM fund_applications WHERE round_id = '{round}' AND decided_at IS NOT NULL"
    ))
    .load(&mut conn)
    .await
    .unwrap();
    let days = fritid_db::bamsefondet::casework::decision_days(&mut conn, round.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(days.iter().map(|d| d.decisions).sum::<i64>(), decided[0].n);
    assert_eq!(decided[0].n, 3);
    let admin = app.admin().await;
    let (_, stats) = call(
        &app,
        Method::GET,
        &format!("/api/v1/fund-rounds/{round}/statistics"),
        &admin,
        Value::Null,
    )
    .await;
    assert_eq!(stats["committed_nok"], 1600 + 500 + 2000);
    assert_eq!(stats["p90_days_to_decision"], 1, "decided the same day");
    let burn = stats["budget_by_month"].as_array().unwrap();
    assert_eq!(burn.len(), 1, "{stats}");
    assert_eq!(burn[0]["committed_nok"], 4100);
    assert_eq!(burn[0]["left_nok"], 95_900);
}
