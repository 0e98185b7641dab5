//! BUA over HTTP against a real database: a family finds equipment in the
//! child's size and reserves it, staff hand it out and take it back, the
//! waiting list gets its offer, and no unit is ever booked twice, not even
//! under a hundred concurrent reservations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Days, NaiveTime, Utc};
use chrono_tz::Europe::Oslo;
use common::bamsefondet::{call, staff};
use common::images::{jpeg, png, upload};
use common::{field_errors, problem, Client, TestApp};
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use fritid_db::bua::admin::{self, NewLocation, NewModel};
use fritid_domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

struct Bua {
    location: Uuid,
    other_location: Uuid,
    model: Uuid,
}

fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&Oslo).date_naive()
}

fn day(n: u64) -> String {
    (today() + Days::new(n)).to_string()
}

/// Two locations open every day but one closed day ahead (day 10), a ski
/// model with `units` units of size 130 (and one of 120) at the first.
async fn setup(app: &TestApp, units: usize) -> Bua {
    let mut conn = app.conn().await;
    let every_day: Vec<(i16, NaiveTime, NaiveTime)> = (1..=7)
        .map(|d| {
            (
                d,
                NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
            )
        })
        .collect();
    let mut ids = Vec::new();
    for (name, district) in [("BUA Test", "heggedal"), ("BUA Annen", "royken")] {
        let id = admin::create_location(
            &mut conn,
            &NewLocation {
                name,
                address: "Testveien 1",
                district,
                contact_email: None,
                contact_phone: None,
            },
        )
        .await
        .unwrap();
        admin::set_hours(&mut conn, id, &every_day).await.unwrap();
        admin::add_closed_days(&mut conn, id, &[today() + Days::new(10)], "Helligdag")
            .await
            .unwrap();
        ids.push(id);
    }
    let model = admin::create_model(
        &mut conn,
        &NewModel {
            name: "Langrennski",
            category: "ski",
            description: "Smørefrie ski",
            size_kind: Some("ski_cm"),
            min_age: Some(4),
            max_age: Some(14),
            default_loan_days: 7,
        },
    )
    .await
    .unwrap();
    for i in 0..units {
        let label = format!("T-{i:03}");
        admin::create_unit(&mut conn, &label, model, ids[0], "130")
            .await
            .unwrap();
    }
    admin::create_unit(&mut conn, "T-120", model, ids[0], "120")
        .await
        .unwrap();
    admin::create_unit(&mut conn, "A-130", model, ids[1], "130")
        .await
        .unwrap();
    Bua {
        location: ids[0],
        other_location: ids[1],
        model,
    }
}

/// Lending staff at `location`.
async fn desk_staff(app: &TestApp, location: Uuid) -> Client {
    let s = staff(app, &[Role::LendingStaff]).await;
    let mut conn = app.conn().await;
    fritid_db::bua::catalogue::add_staff(&mut conn, location, s.session.user.id.into_uuid())
        .await
        .unwrap();
    s
}

fn reservation(b: &Bua, size: &str, from: u64, to: u64, wait: bool) -> Value {
    json!({
        "location_id": b.location, "model_id": b.model, "size": size,
        "pickup_on": day(from), "return_on": day(to), "join_waitlist": wait
    })
}

async fn free_130(app: &TestApp, b: &Bua, from: u64, to: u64) -> i64 {
    let res = app
        .get(
            &format!(
                "/api/v1/bua/models?location={}&size=130&age=9&category=ski&from={}&to={}",
                b.location,
                day(from),
                day(to)
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    // A model with no unit of the size in service is not listed at all.
    if page["total"] == 0 {
        return 0;
    }
    assert_eq!(page["total"], 1, "{page}");
    page["items"][0]["sizes"][0]["free"].as_i64().unwrap()
}

async fn my_loans(app: &TestApp, who: &Client) -> Value {
    app.get("/api/v1/me/bua-loans", Some(who.token()))
        .await
        .json()
        .await
        .unwrap()
}

async fn reserve(app: &TestApp, who: &Client, body: Value) -> (StatusCode, Value) {
    call(app, Method::POST, "/api/v1/bua/reservations", who, body).await
}

async fn outbox_templates(app: &TestApp, email: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct T {
        #[diesel(sql_type = Text)]
        template: String,
    }
    let mut conn = app.conn().await;
    let rows: Vec<T> =
        diesel::sql_query("SELECT template FROM outbox WHERE recipient = $1 ORDER BY created_at")
            .bind::<Text, _>(email)
            .load(&mut conn)
            .await
            .unwrap();
    rows.into_iter().map(|t| t.template).collect()
}

/// Pairs of blocking loans on the same unit whose days overlap.
async fn overlaps(app: &TestApp) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = app.conn().await;
    let n: N = diesel::sql_query(
        "SELECT count(*) AS n FROM bua_loans a JOIN bua_loans b
           ON a.unit_id = b.unit_id AND a.id < b.id AND a.period && b.period
         WHERE a.status IN ('offered', 'reserved', 'picked_up')
           AND b.status IN ('offered', 'reserved', 'picked_up')",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    n.n
}

#[tokio::test]
async fn a_family_reserves_staff_hand_out_and_take_back_and_the_line_gets_an_offer() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 1).await;
    let family = app.citizen().await;
    let next = app.citizen().await;
    let desk = desk_staff(&app, b.location).await;
    let elsewhere = desk_staff(&app, b.other_location).await;

    // Anyone can see there is one pair of 130 cm skis free next week.
    assert_eq!(free_130(&app, &b, 2, 6).await, 1);
    let res = app
        .get(
            &format!(
                "/api/v1/bua/models/{}/days?location={}&size=130&days=14",
                b.model, b.location
            ),
            None,
        )
        .await;
    let days: Value = res.json().await.unwrap();
    assert_eq!(days.as_array().unwrap().len(), 14);
    assert_eq!(
        days[10]["open"], false,
        "the holiday is closed: {}",
        days[10]
    );

    // The family reserves; the system picks the unit.
    let (status, body) = reserve(&app, &family, reservation(&b, "130", 2, 6, false)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let loan = body["loan"].clone();
    assert_eq!(loan["status"], "reserved");
    assert_eq!(loan["unit_label"], "T-000");
    assert!(
        loan["borrower_name"].is_null(),
        "the borrower's own view has no contact block"
    );
    let loan_id = loan["id"].as_str().unwrap().to_owned();
    assert_eq!(free_130(&app, &b, 2, 6).await, 0);
    // Half-open periods: free again on the return day.
    assert_eq!(free_130(&app, &b, 6, 8).await, 1);
    assert!(outbox_templates(&app, &family.email)
        .await
        .contains(&"bua_reserved".to_owned()));

    // The next family finds nothing for overlapping days and joins the line.
    let (status, body) = reserve(&app, &next, reservation(&b, "130", 3, 5, false)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "nothing_free");
    let (status, body) = reserve(&app, &next, reservation(&b, "130", 3, 5, true)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["waitlist"]["position"], 1);
    let mine = my_loans(&app, &next).await;
    assert_eq!(mine["waiting"].as_array().unwrap().len(), 1);
    assert_eq!(mine["current"].as_array().unwrap().len(), 0);

    // Someone else's loan is not theirs to cancel: 404, not 403.
    let res = app
        .post(
            &format!("/api/v1/bua/loans/{loan_id}/cancel"),
            Some(next.token()),
            json!({}),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;

    // A citizen cannot hand out; staff of another location cannot either.
    let checkout = json!({ "loan_id": loan_id, "label": "t-000" });
    let path = format!("/api/v1/bua/locations/{}/checkouts", b.location);
    let (status, _) = call(&app, Method::POST, &path, &family, checkout.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, Method::POST, &path, &elsewhere, checkout.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The wrong size is refused by name.
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        &desk,
        json!({ "loan_id": loan_id, "label": "T-120" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_errors(&body),
        vec![("label".to_owned(), "other_model".to_owned())]
    );
    // The label typed in lower case is the same unit.
    let (status, body) = call(&app, Method::POST, &path, &desk, checkout.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "picked_up");
    assert_eq!(body["borrower_name"], "Kari Nordmann");
    // Handing out twice is an illegal transition.
    let (status, body) = call(&app, Method::POST, &path, &desk, checkout).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "illegal_transition");

    // Back damaged: the unit goes to maintenance, so no offer yet.
    let path = format!("/api/v1/bua/locations/{}/checkins", b.location);
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        &desk,
        json!({ "label": "T-000", "condition": "damaged" }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a damage needs a note"
    );
    assert_eq!(field_errors(&body)[0].0, "note");
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        &desk,
        json!({ "label": "T-000", "condition": "damaged", "note": "Bindingen er løs" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "returned");
    assert_eq!(body["return_condition"], "damaged");
    let res = app
        .get(
            &format!("/api/v1/bua/locations/{}/desk", b.location),
            Some(desk.token()),
        )
        .await;
    let desk_view: Value = res.json().await.unwrap();
    let maintenance = desk_view["maintenance"].as_array().unwrap();
    assert_eq!(maintenance.len(), 1);
    assert_eq!(maintenance[0]["label"], "T-000");
    assert_eq!(maintenance[0]["condition_note"], "Bindingen er løs");
    assert!(!outbox_templates(&app, &next.email)
        .await
        .contains(&"bua_offer".to_owned()));
    assert_eq!(
        free_130(&app, &b, 3, 5).await,
        0,
        "a unit in maintenance is not free"
    );

    // Back in service: the first in line gets a 24-hour offer.
    let unit_id = maintenance[0]["id"].as_str().unwrap();
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/bua/units/{unit_id}/service"),
        &desk,
        json!({ "action": "back_in_service" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "available");
    assert!(outbox_templates(&app, &next.email)
        .await
        .contains(&"bua_offer".to_owned()));
    let mine = my_loans(&app, &next).await;
    assert_eq!(mine["waiting"].as_array().unwrap().len(), 0);
    let offer = &mine["current"][0];
    assert_eq!(offer["status"], "offered");
    let expires: chrono::DateTime<Utc> =
        offer["offer_expires_at"].as_str().unwrap().parse().unwrap();
    let hours = (expires - Utc::now()).num_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "{hours}");
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/bua/loans/{}/accept", offer["id"].as_str().unwrap()),
        &next,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "reserved");
    assert_eq!(overlaps(&app).await, 0);
}

#[tokio::test]
async fn bad_days_and_sizes_are_refused_by_field() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 2).await;
    let family = app.citizen().await;
    let cases = [
        (reservation(&b, "130", 10, 12, false), "pickup_on", "closed"),
        (reservation(&b, "130", 8, 10, false), "return_on", "closed"),
        (reservation(&b, "130", 0, 2, false), "pickup_on", "too_soon"),
        (
            reservation(&b, "130", 40, 42, false),
            "pickup_on",
            "too_far_ahead",
        ),
        (
            reservation(&b, "130", 2, 12, false),
            "return_on",
            "too_long",
        ),
        (
            reservation(&b, "130", 4, 3, false),
            "return_on",
            "before_pickup",
        ),
        (reservation(&b, "999", 2, 4, false), "size", "not_here"),
    ];
    for (body, field, code) in cases {
        let (status, answer) = reserve(&app, &family, body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {answer}"
        );
        assert!(
            field_errors(&answer).contains(&(field.to_owned(), code.to_owned())),
            "{body} → {answer}"
        );
    }
    // A control character where the database would choke: 422, never a 500.
    for path in ["/api/v1/bua/reservations", "/api/v1/bua/unmet-demand"] {
        let mut body = reservation(&b, "13\u{0}0", 2, 4, false);
        if path.ends_with("unmet-demand") {
            body = json!({ "location_id": b.location, "model_id": b.model, "size": "130", "district": "hegg\u{0}edal" });
        }
        let (status, answer) = call(&app, Method::POST, path, &family, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {answer}");
    }
    // Not a date at all: 400 naming the field, never a 500.
    let mut body = reservation(&b, "130", 2, 4, false);
    body["pickup_on"] = json!("next monday");
    let (status, answer) = reserve(&app, &family, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(answer.to_string().contains("pickup_on"), "{answer}");
    // Nothing was written by any of them.
    let mine = my_loans(&app, &family).await;
    assert_eq!(mine["current"].as_array().unwrap().len(), 0);
    // Not logged in: 401.
    let res = app
        .post(
            "/api/v1/bua/reservations",
            None,
            reservation(&b, "130", 2, 4, false),
        )
        .await;
    problem(res, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_household_has_at_most_three_loans_at_a_time() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 5).await;
    let family = app.citizen().await;
    for n in 0..3 {
        let (status, body) =
            reserve(&app, &family, reservation(&b, "130", 2 + n, 4 + n, false)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = reserve(&app, &family, reservation(&b, "130", 5, 7, false)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "household_limit");
}

#[tokio::test]
async fn a_walk_in_borrower_is_forgotten_when_the_equipment_is_back() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 1).await;
    let desk = desk_staff(&app, b.location).await;
    // The staff's own locations, for their lending pages: only this one.
    let mine: Value = app
        .get("/api/v1/me/bua-locations", Some(desk.token()))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["BUA Test"]);
    let path = format!("/api/v1/bua/locations/{}/walk-ins", b.location);
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        &desk,
        json!({ "label": "T-000", "name": "Ola Nordmann", "phone": "12ab", "return_on": day(3) }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_errors(&body),
        vec![("phone".to_owned(), "invalid_phone".to_owned())]
    );
    // Another location's unit cannot be handed out here.
    let (status, body) = call(&app, Method::POST, &path, &desk, json!({ "label": "A-130", "name": "Ola Nordmann", "phone": "+47 912 34 567", "return_on": day(3) })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_errors(&body),
        vec![("label".to_owned(), "other_location".to_owned())]
    );
    let (status, body) = call(&app, Method::POST, &path, &desk, json!({ "label": "T-000", "name": "Ola Nordmann", "phone": "+47 912 34 567", "return_on": day(3) })).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["walk_in"], true);
    assert_eq!(body["borrower_contact"], "+47 912 34 567");
    // The unit is out: a family cannot reserve it for those days.
    let family = app.citizen().await;
    let (status, _) = reserve(&app, &family, reservation(&b, "130", 1, 2, false)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let res = app
        .get(
            &format!("/api/v1/bua/locations/{}/desk?day={}", b.location, day(3)),
            Some(desk.token()),
        )
        .await;
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["returns"][0]["borrower_name"], "Ola Nordmann");
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/bua/locations/{}/checkins", b.location),
        &desk,
        json!({ "label": "T-000", "condition": "ok" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["borrower_name"].is_null(), "{body}");
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = app.conn().await;
    let left: N = diesel::sql_query(
        "SELECT count(*) AS n FROM bua_loans WHERE walk_in_name IS NOT NULL OR walk_in_phone IS NOT NULL",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(left.n, 0, "the walk-in's name and phone are gone");
}

#[tokio::test]
async fn a_hundred_concurrent_reservations_for_the_last_unit_book_it_once() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 1).await;
    let families = futures_util::future::join_all((0..100).map(|_| app.citizen())).await;
    let attempts = families.iter().enumerate().map(|(i, f)| {
        let app = &app;
        // Overlapping periods; half of them ask to wait if nothing is free.
        let body = reservation(
            &b,
            "130",
            2 + (i as u64 % 3),
            5 + (i as u64 % 2),
            i % 2 == 0,
        );
        async move { reserve(app, f, body).await }
    });
    let results = futures_util::future::join_all(attempts).await;
    let mut booked = 0;
    let mut refused = 0;
    let mut waiting = Vec::new();
    for (status, body) in &results {
        match *status {
            StatusCode::CREATED if body["loan"].is_object() => booked += 1,
            StatusCode::CREATED => {
                waiting.push(body["waitlist"]["id"].as_str().unwrap().to_owned())
            }
            StatusCode::CONFLICT => {
                assert_eq!(body["code"], "nothing_free", "{body}");
                refused += 1;
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(booked, 1);
    assert_eq!(booked + refused + waiting.len(), 100);
    assert_eq!(
        waiting.len(),
        50 - usize::from(
            results
                .iter()
                .position(|(_, b)| b["loan"].is_object())
                .unwrap()
                % 2
                == 0
        )
    );
    assert_eq!(overlaps(&app).await, 0);
    // Unmet demand counted every refusal, with no person in it.
    let desk = desk_staff(&app, b.location).await;
    let res = app
        .get(
            &format!("/api/v1/bua/unmet-demand?location={}", b.location),
            Some(desk.token()),
        )
        .await;
    let demand: Value = res.json().await.unwrap();
    assert_eq!(demand[0]["requests"], 99, "{demand}");
    assert_eq!(demand[0]["size"], "130");
}

#[tokio::test]
async fn the_database_refuses_a_double_booking_whatever_the_application_does() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 1).await;
    let family = app.citizen().await;
    let (status, _) = reserve(&app, &family, reservation(&b, "130", 2, 6, false)).await;
    assert_eq!(status, StatusCode::CREATED);
    let mut conn = app.conn().await;
    let err = diesel::sql_query(
        "INSERT INTO bua_loans (unit_id, location_id, model_id, size, borrower_id, status, pickup_on, return_on)
         SELECT unit_id, location_id, model_id, size, borrower_id, 'reserved', pickup_on + 1, return_on + 3
         FROM bua_loans",
    )
    .execute(&mut conn)
    .await
    .map_err(fritid_db::DbError::from)
    .unwrap_err();
    assert_eq!(err.constraint(), Some("bua_loans_no_overlap"), "{err:?}");
    // Back-to-back is fine: [pickup, return) is half-open.
    let n = diesel::sql_query(
        "INSERT INTO bua_loans (unit_id, location_id, model_id, size, borrower_id, status, pickup_on, return_on)
         SELECT unit_id, location_id, model_id, size, borrower_id, 'reserved', return_on, return_on + 2
         FROM bua_loans",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn no_shows_and_expired_offers_free_the_unit_for_the_next_in_line() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 1).await;
    let first = app.citizen().await;
    let second = app.citizen().await;
    let third = app.citizen().await;
    let (status, _) = reserve(&app, &first, reservation(&b, "130", 1, 6, false)).await;
    assert_eq!(status, StatusCode::CREATED);
    for who in [&second, &third] {
        let (status, body) = reserve(&app, who, reservation(&b, "130", 5, 7, true)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    // The day after the pickup day: a no-show, and the second gets the offer.
    let mut conn = app.conn().await;
    let later = Utc::now() + chrono::Duration::days(2);
    let summary = fritid_api::routes::bua::jobs::no_shows_and_offers(&mut conn, later)
        .await
        .unwrap();
    assert_eq!(summary, "1 no-shows, 0 offers expired, 1 new offers");
    let mine: Value = my_loans(&app, &first).await;
    assert_eq!(mine["history"][0]["status"], "no_show");
    let mine: Value = my_loans(&app, &second).await;
    assert_eq!(mine["current"][0]["status"], "offered");
    // Not taken within 24 hours: it expires and goes to the third.
    let summary = fritid_api::routes::bua::jobs::no_shows_and_offers(
        &mut conn,
        later + chrono::Duration::hours(25),
    )
    .await
    .unwrap();
    assert_eq!(summary, "0 no-shows, 1 offers expired, 1 new offers");
    let mine: Value = my_loans(&app, &second).await;
    assert_eq!(mine["history"][0]["status"], "expired");
    let mine: Value = my_loans(&app, &third).await;
    assert_eq!(mine["current"][0]["status"], "offered");
    assert!(outbox_templates(&app, &third.email)
        .await
        .contains(&"bua_offer".to_owned()));
}

#[tokio::test]
async fn a_label_prints_as_a_qr_code_of_its_text() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/bua/label-codes/HEG-0042", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
    // The code is of the text: another label draws another picture.
    let other = app
        .get("/api/v1/bua/label-codes/HEG-0043", None)
        .await
        .text()
        .await
        .unwrap();
    assert_ne!(svg, other);
    let res = app.get("/api/v1/bua/label-codes/%3Cscript%3E", None).await;
    let body = problem(res, StatusCode::BAD_REQUEST).await;
    assert!(body.to_string().contains("label"), "{body}");
}

#[tokio::test]
async fn administrators_set_up_a_location_a_model_and_units() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let citizen = app.citizen().await;
    let body = json!({
        "name": "BUA Vollen", "address": "Vollenveien 1", "district": "vollen",
        "contact_email": "bua.vollen@asker.kommune.no",
        "rules": { "max_loan_days": 5, "min_days_ahead": 1, "max_days_ahead": 20, "max_active_per_household": 2 },
        "hours": [{ "weekday": 3, "opens": "15:00:00", "closes": "19:00:00" }, { "weekday": 6, "opens": "10:00:00", "closes": "14:00:00" }],
        "closed_days": [day(30)]
    });
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/bua/locations",
        &citizen,
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Every bad field is named at once, and nothing is written.
    let mut bad = body.clone();
    bad["district"] = json!("atlantis");
    bad["hours"][1]["closes"] = json!("09:00:00");
    bad["rules"]["max_loan_days"] = json!(0);
    let (status, problem_body) =
        call(&app, Method::POST, "/api/v1/bua/locations", &admin, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem_body}");
    let named: Vec<String> = field_errors(&problem_body)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert!(
        named.contains(&"hours[1].closes".to_owned())
            && named.contains(&"rules.max_loan_days".to_owned()),
        "{named:?}"
    );
    let mut unknown = body.clone();
    unknown["district"] = json!("atlantis");
    let (status, problem_body) =
        call(&app, Method::POST, "/api/v1/bua/locations", &admin, unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_errors(&problem_body),
        vec![("district".to_owned(), "unknown".to_owned())]
    );
    let all: Value = app
        .get("/api/v1/bua/locations", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 0, "nothing half-written");

    let (status, location) = call(
        &app,
        Method::POST,
        "/api/v1/bua/locations",
        &admin,
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{location}");
    assert_eq!(location["rules"]["max_loan_days"], 5);
    assert_eq!(location["hours"].as_array().unwrap().len(), 2);
    assert_eq!(location["closed_days"], json!([day(30)]));
    let id = location["id"].as_str().unwrap().to_owned();
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/v1/bua/locations",
        &admin,
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "the name is taken");
    // Open on Fridays too from now on.
    let mut changed = body.clone();
    changed["hours"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "weekday": 5, "opens": "12:00:00", "closes": "16:00:00" }));
    changed["closed_days"] = json!([]);
    let (status, location) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/bua/locations/{id}"),
        &admin,
        changed,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{location}");
    assert_eq!(location["hours"].as_array().unwrap().len(), 3);
    assert_eq!(location["closed_days"], json!([]));

    let (status, model) = call(&app, Method::POST, "/api/v1/bua/models", &admin, json!({
        "name": "Skøyter", "category": "skoyter", "size_kind": "shoe_eu", "min_age": 4, "max_age": 14, "default_loan_days": 7
    })).await;
    assert_eq!(status, StatusCode::CREATED, "{model}");
    let model_id = model["id"].as_str().unwrap().to_owned();
    let (status, problem_body) = call(
        &app,
        Method::POST,
        "/api/v1/bua/models",
        &admin,
        json!({
            "name": "Noe", "category": "romskip", "default_loan_days": 99
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&problem_body).len(), 2, "{problem_body}");

    // Units: staff of the location (labels in capitals, unique), not others.
    let staff = desk_staff(&app, Uuid::parse_str(&id).unwrap()).await;
    let outsider = staff_without_location(&app).await;
    let path = format!("/api/v1/bua/locations/{id}/units");
    let unit = json!({ "label": "vol-001", "model_id": model_id, "size": "34" });
    let (status, _) = call(&app, Method::POST, &path, &outsider, unit.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, created) = call(&app, Method::POST, &path, &staff, unit.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["label"], "VOL-001");
    let (status, again) = call(&app, Method::POST, &path, &staff, unit).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(again["code"], "label_taken");
    // The catalogue shows it, free.
    let page: Value = app
        .get(&format!("/api/v1/bua/models?location={id}&size=34"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["sizes"][0]["free"], 1, "{page}");
}

/// Administrators find a model that has no units yet, correct its
/// description and give it a photo that the catalogue shows with its text;
/// nobody else may, and a bad upload changes nothing.
#[tokio::test]
async fn administrators_describe_a_model_and_give_it_a_photo() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let family = app.citizen().await;
    let (status, model) = call(
        &app,
        Method::POST,
        "/api/v1/bua/models",
        &admin,
        json!({
            "name": "Skøyter", "category": "skoyter", "size_kind": "shoe_eu", "default_loan_days": 7
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{model}");
    let id = model["id"].as_str().unwrap().to_owned();

    // Families only see what can be borrowed; administration sees it all.
    let listed = |q: &'static str| {
        let app = &app;
        async move {
            let page: Value = app
                .get(&format!("/api/v1/bua/models{q}"), None)
                .await
                .json()
                .await
                .unwrap();
            page["total"].as_i64().unwrap()
        }
    };
    assert_eq!(listed("").await, 0);
    assert_eq!(listed("?include_unstocked=true").await, 1);

    let path = format!("/api/v1/bua/models/{id}");
    let corrected = json!({
        "name": "Hockeyskøyter", "category": "skoyter", "description": "Med hjelm i samme størrelse.",
        "size_kind": "shoe_eu", "min_age": 5, "max_age": 15, "default_loan_days": 5
    });
    let (status, _) = call(&app, Method::PUT, &path, &family, corrected.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &app,
        Method::PUT,
        &path,
        &admin,
        json!({
            "name": " ", "category": "skoyter", "default_loan_days": 5
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&body)[0].0, "name");
    let (status, body) = call(&app, Method::PUT, &path, &admin, corrected).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Hockeyskøyter");
    assert_eq!(body["default_loan_days"], 5);
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/bua/models/{}", Uuid::new_v4()),
        &admin,
        json!({ "name": "X", "category": "ski", "default_loan_days": 5 }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The photo: not for a family, named errors for a bad one, then shown.
    let image_path = format!("/api/v1/bua/models/{id}/image");
    let res = upload(
        &app,
        &image_path,
        &family,
        Some("Skøyter"),
        "image/jpeg",
        jpeg(800, 600),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = upload(
        &app,
        &image_path,
        &admin,
        None,
        "image/jpeg",
        b"not a picture".to_vec(),
    )
    .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let named: Vec<String> = field_errors(&body).into_iter().map(|(f, _)| f).collect();
    assert_eq!(named, vec!["alt".to_owned(), "file".to_owned()]);
    let res = upload(
        &app,
        &image_path,
        &admin,
        Some("Et par svarte hockeyskøyter"),
        "image/png",
        png(900, 600),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let shown: Value = app.get(&path, None).await.json().await.unwrap();
    assert_eq!(shown["image"]["alt"], "Et par svarte hockeyskøyter");
    let card = shown["image"]["card_url"].as_str().unwrap().to_owned();
    let res = app.get(&card, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");

    // A new photo replaces the old one, which is gone; removing shows none.
    let res = upload(
        &app,
        &image_path,
        &admin,
        Some("Skøyter fra siden"),
        "image/jpeg",
        jpeg(800, 600),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get(&card, None).await.status(), StatusCode::NOT_FOUND);
    let (status, body) = call(&app, Method::DELETE, &image_path, &admin, json!(null)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["image"].is_null());
    let res = upload(
        &app,
        &format!("/api/v1/bua/models/{}/image", Uuid::new_v4()),
        &admin,
        Some("Ingenting"),
        "image/jpeg",
        jpeg(800, 600),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// A caseworker lends equipment instead of money: the family gets a
/// reservation tied to the case and the usual e-mail, the case a note;
/// the location's rules still apply, and nobody else may do it.
#[tokio::test]
async fn a_caseworker_lends_equipment_to_the_family_of_a_case() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 1).await;
    let round = common::bamsefondet::open_round(&app, false, 100_000, 5_000).await;
    let family = app.citizen().await;
    let case = common::bamsefondet::submitted(&app, &family, &round, 1_500).await;
    let caseworker = staff(&app, &[Role::Caseworker]).await;
    let desk = desk_staff(&app, b.location).await;
    let path = format!("/api/v1/casework/applications/{case}/equipment-loans");

    for who in [&family, &desk] {
        let (status, _) = call(
            &app,
            Method::POST,
            &path,
            who,
            reservation(&b, "130", 2, 6, false),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // The location's calendar applies: day 10 is closed.
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        &caseworker,
        reservation(&b, "130", 10, 12, false),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_errors(&body)[0].0, "pickup_on");
    let other = format!(
        "/api/v1/casework/applications/{}/equipment-loans",
        Uuid::new_v4()
    );
    let (status, _) = call(
        &app,
        Method::POST,
        &other,
        &caseworker,
        reservation(&b, "130", 2, 6, false),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, loan) = call(
        &app,
        Method::POST,
        &path,
        &caseworker,
        reservation(&b, "130", 2, 6, false),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{loan}");
    assert_eq!(loan["status"], "reserved");
    assert_eq!(loan["borrower_name"], "Kari Nordmann");
    // The family sees it among its loans, and got the e-mail.
    let mine = my_loans(&app, &family).await;
    assert_eq!(mine["current"][0]["id"], loan["id"]);
    assert!(outbox_templates(&app, &family.email)
        .await
        .contains(&"bua_reserved".to_owned()));
    // The loan belongs to the case; the case says so.
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = app.conn().await;
    let tied: N = diesel::sql_query(
        "SELECT count(*) AS n FROM bua_loans WHERE fund_application_id::text = $1",
    )
    .bind::<Text, _>(&case)
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(tied.n, 1);
    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/api/v1/casework/applications/{case}"),
        &caseworker,
        json!(null),
    )
    .await;
    let notes: Vec<&str> = shown["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["body"].as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("BUA: Langrennski (130) reservert hos BUA Test")),
        "{notes:?}"
    );
    // The one unit is taken now.
    let (status, body) = call(
        &app,
        Method::POST,
        &path,
        &caseworker,
        reservation(&b, "130", 3, 5, false),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], "nothing_free");
}

/// Administrators put lending staff at a location by e-mail address and
/// take them off again; from then on they cannot act there.
#[tokio::test]
async fn administrators_put_staff_at_a_location_and_take_them_off() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 1).await;
    let admin = app.admin().await;
    let worker = staff_without_location(&app).await;
    let family = app.citizen().await;
    let path = format!("/api/v1/bua/locations/{}/staff", b.location);
    let desk_path = format!("/api/v1/bua/locations/{}/desk", b.location);

    let (status, _) = call(&app, Method::GET, &desk_path, &worker, json!(null)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        Method::POST,
        &path,
        &worker,
        json!({ "email": worker.email }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only administrators");
    for (body, field, code) in [
        (json!({}), "email", "required"),
        (json!({ "email": "ingen@fritid.test" }), "email", "unknown"),
        // A NUL byte, which PostgreSQL refuses: a clear answer, not a 500.
        (
            json!({ "email": "a\u{0}b@fritid.test" }),
            "email",
            "invalid",
        ),
        (
            json!({ "email": family.email }),
            "email",
            "not_lending_staff",
        ),
        (json!({ "user_id": Uuid::new_v4() }), "user_id", "unknown"),
    ] {
        let (status, problem_body) = call(&app, Method::POST, &path, &admin, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem_body}");
        assert_eq!(
            field_errors(&problem_body),
            vec![(field.to_owned(), code.to_owned())]
        );
    }
    let (status, _) = call(
        &app,
        Method::POST,
        &path,
        &admin,
        json!({ "email": format!(" {} ", worker.email.to_uppercase()) }),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, list) = call(&app, Method::GET, &path, &admin, json!(null)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["email"], worker.email.as_str());
    let (status, _) = call(&app, Method::GET, &desk_path, &worker, json!(null)).await;
    assert_eq!(status, StatusCode::OK, "now works there");

    let user_id = list[0]["user_id"].as_str().unwrap().to_owned();
    let (status, _) = call(
        &app,
        Method::DELETE,
        &format!("{path}/{user_id}"),
        &admin,
        json!(null),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &app,
        Method::DELETE,
        &format!("{path}/{user_id}"),
        &admin,
        json!(null),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&app, Method::GET, &desk_path, &worker, json!(null)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the same token, no longer staff there"
    );
}

/// Lending staff at no location.
async fn staff_without_location(app: &TestApp) -> Client {
    staff(app, &[Role::LendingStaff]).await
}

/// What "free" means, computed from the units and loans themselves: units
/// in service at the location with the size, with no blocking loan over any
/// day of `[from, to)` and not out past their return day.
async fn free_by_definition(
    conn: &mut diesel_async::AsyncPgConnection,
    location: Uuid,
    size: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query(
        "SELECT count(*) AS n FROM bua_units u
         WHERE u.location_id = $1 AND u.size = $2 AND u.status = 'available'
           AND NOT EXISTS (SELECT 1 FROM bua_loans b
                           WHERE b.unit_id = u.id AND b.status IN ('offered', 'reserved', 'picked_up')
                             AND (b.period && daterange($3, $4, '[)')
                                  OR (b.status = 'picked_up' AND b.return_on < $5)))",
    )
    .bind::<diesel::sql_types::Uuid, _>(location)
    .bind::<Text, _>(size)
    .bind::<diesel::sql_types::Date, _>(from)
    .bind::<diesel::sql_types::Date, _>(to)
    .bind::<diesel::sql_types::Date, _>(today())
    .get_result(conn)
    .await
    .unwrap();
    n.n
}

/// Rows where the trigger-kept counts differ from a count made now.
async fn counts_that_drifted(conn: &mut diesel_async::AsyncPgConnection) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query(
        "WITH stock AS (
             SELECT model_id, location_id, size, count(*)::int AS units FROM bua_units
             WHERE status = 'available' GROUP BY 1, 2, 3
         ), booked AS (
             SELECT u.model_id, u.location_id, u.size, d::date AS day, count(*)::int AS booked
             FROM bua_loans b JOIN bua_units u ON u.id = b.unit_id AND u.status = 'available',
                  generate_series(b.pickup_on::timestamp, (b.return_on - 1)::timestamp, interval '1 day') d
             WHERE b.status IN ('offered', 'reserved', 'picked_up') GROUP BY 1, 2, 3, 4
         )
         SELECT (SELECT count(*) FROM stock s FULL JOIN (SELECT * FROM bua_stock WHERE units > 0) k
                   USING (model_id, location_id, size)
                 WHERE s.units IS DISTINCT FROM k.units)
              + (SELECT count(*) FROM booked s FULL JOIN (SELECT * FROM bua_booked_days WHERE booked > 0) k
                   USING (model_id, location_id, size, day)
                 WHERE s.booked IS DISTINCT FROM k.booked) AS n",
    )
    .get_result(conn)
    .await
    .unwrap();
    n.n
}

/// The catalogue reads availability from counts that triggers keep. After
/// any sequence of changes to loans and units (every status, moved dates,
/// units in and out of service, deletions; invalid changes refused by the
/// database on the way), the counts equal a fresh count, and the free
/// numbers a family sees, for one day, for longer periods and day by day,
/// equal the definition computed from the units and loans.
#[tokio::test]
async fn availability_counts_stay_equal_to_the_loans_through_any_change() {
    use fritid_db::bua::catalogue;
    let app = TestApp::spawn().await;
    let b = setup(&app, 4).await;
    let mut conn = app.conn().await;
    let statuses = [
        "offered",
        "reserved",
        "picked_up",
        "returned",
        "cancelled",
        "no_show",
        "expired",
    ];
    let unit_statuses = ["available", "available", "maintenance", "retired"];
    // A fixed linear congruential sequence: the same run every time.
    let mut seed: u64 = 20_261_130;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let labels = ["T-000", "T-001", "T-002", "T-003", "T-120", "A-130"];
    let mut changed = 0;
    for step in 0..240 {
        let pick = next(10);
        let sql = if pick < 4 {
            let status = statuses[next(7) as usize];
            let start = next(30) as i64 - 10;
            format!(
                "INSERT INTO bua_loans (unit_id, location_id, model_id, size, walk_in_name, status,
                                        pickup_on, return_on, offer_expires_at)
                 SELECT id, location_id, model_id, size, 'Test', '{status}',
                        current_date + {start}, current_date + {start} + {len},
                        CASE WHEN '{status}' = 'offered' THEN now() + interval '1 day' END
                 FROM bua_units WHERE label = '{label}'",
                label = labels[next(6) as usize],
                len = 1 + next(6),
            )
        } else if pick < 6 {
            let status = statuses[next(7) as usize];
            format!(
                "UPDATE bua_loans SET status = '{status}',
                        offer_expires_at = CASE WHEN '{status}' = 'offered' THEN now() + interval '1 day' END
                 WHERE id = (SELECT id FROM bua_loans ORDER BY id OFFSET {} LIMIT 1)",
                next(20)
            )
        } else if pick < 7 {
            let shift = next(9) as i64 - 4;
            format!(
                "UPDATE bua_loans SET pickup_on = pickup_on + {shift}, return_on = return_on + {shift} + {}
                 WHERE id = (SELECT id FROM bua_loans ORDER BY id OFFSET {} LIMIT 1)",
                next(3),
                next(20)
            )
        } else if pick < 9 {
            format!(
                "UPDATE bua_units SET status = '{}' WHERE label = '{}'",
                unit_statuses[next(4) as usize],
                labels[next(6) as usize]
            )
        } else {
            format!(
                "DELETE FROM bua_loans WHERE id = (SELECT id FROM bua_loans ORDER BY id OFFSET {} LIMIT 1)",
                next(20)
            )
        };
        // Overlapping blocking loans are refused by the exclusion
        // constraint (and only by it); the counts must not move then.
        match diesel::sql_query(&sql).execute(&mut conn).await {
            Ok(n) => changed += n,
            Err(e) => assert!(
                e.to_string().contains("bua_loans_no_overlap"),
                "step {step}: {e}\n{sql}"
            ),
        }
        assert_eq!(counts_that_drifted(&mut conn).await, 0, "step {step}");

        let from = today() + Days::new(next(12));
        for to in [from + Days::new(1), from + Days::new(1 + next(6))] {
            let rows = catalogue::sizes(
                &mut conn,
                &[b.model],
                Some(b.location),
                None,
                from,
                to,
                today(),
                true,
            )
            .await
            .unwrap();
            for size in ["120", "130"] {
                let seen = rows.iter().find(|r| r.size == size).map_or(0, |r| r.free);
                let expected = free_by_definition(&mut conn, b.location, size, from, to).await;
                assert_eq!(seen, expected, "step {step}: size {size}, {from}–{to}");
            }
            // Summed over every location, as a search without one shows.
            let summed = catalogue::sizes(
                &mut conn,
                &[b.model],
                None,
                Some("130"),
                from,
                to,
                today(),
                false,
            )
            .await
            .unwrap();
            let expected = free_by_definition(&mut conn, b.location, "130", from, to).await
                + free_by_definition(&mut conn, b.other_location, "130", from, to).await;
            assert_eq!(
                <[_]>::first(&summed).map_or(0, |r| r.free),
                expected,
                "step {step}: all locations, {from}–{to}"
            );
        }
        let days = catalogue::days(&mut conn, b.location, b.model, "130", from, 5, today())
            .await
            .unwrap();
        for d in days {
            let expected =
                free_by_definition(&mut conn, b.location, "130", d.day, d.day + Days::new(1)).await;
            assert_eq!(d.free, expected, "step {step}: day {}", d.day);
        }
    }
    assert!(changed > 120, "only {changed} of 240 changes took");

    // The daily job forgets past days; what is asked from today on holds.
    catalogue::forget_past_days(&mut conn, today())
        .await
        .unwrap();
    for n in 0..8 {
        let from = today() + Days::new(n);
        let days = catalogue::days(&mut conn, b.location, b.model, "130", from, 1, today())
            .await
            .unwrap();
        let expected =
            free_by_definition(&mut conn, b.location, "130", from, from + Days::new(1)).await;
        assert_eq!(days[0].free, expected, "after forgetting: {from}");
    }
}

/// The loan of `who` with this id, from their own list (current or history).
async fn own_loan(app: &TestApp, who: &Client, id: &str) -> Value {
    let mine = my_loans(app, who).await;
    mine["current"]
        .as_array()
        .unwrap()
        .iter()
        .chain(mine["history"].as_array().unwrap())
        .find(|l| l["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("loan {id} is not in {mine}"))
}

/// Hands `label` out now to a person without an account, and takes it back
/// damaged: the unit goes to maintenance.
async fn break_unit(app: &TestApp, b: &Bua, desk: &Client, label: &str) {
    let (status, body) = call(
        app,
        Method::POST,
        &format!("/api/v1/bua/locations/{}/walk-ins", b.location),
        desk,
        json!({ "label": label, "name": "Ola Nordmann", "phone": "12345678", "return_on": day(1) }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = call(
        app,
        Method::POST,
        &format!("/api/v1/bua/locations/{}/checkins", b.location),
        desk,
        json!({ "label": label, "condition": "damaged", "note": "Knekt" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn unit_id(app: &TestApp, b: &Bua, desk: &Client, label: &str) -> String {
    let units: Value = app
        .get(
            &format!("/api/v1/bua/locations/{}/units", b.location),
            Some(desk.token()),
        )
        .await
        .json()
        .await
        .unwrap();
    units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["label"] == label)
        .unwrap_or_else(|| panic!("no unit {label} in {units}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn service(app: &TestApp, desk: &Client, unit: &str, action: &str) {
    let (status, body) = call(
        app,
        Method::POST,
        &format!("/api/v1/bua/units/{unit}/service"),
        desk,
        json!({ "action": action }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// `unit_ready` of this loan among the desk's pickups on day 2.
async fn pickup_unit_ready(app: &TestApp, b: &Bua, desk: &Client, loan: &str) -> Value {
    let view: Value = app
        .get(
            &format!("/api/v1/bua/locations/{}/desk?day={}", b.location, day(2)),
            Some(desk.token()),
        )
        .await
        .json()
        .await
        .unwrap();
    view["pickups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == loan)
        .unwrap_or_else(|| panic!("{loan} is not among the pickups: {view}"))["unit_ready"]
        .clone()
}

/// A reservation belongs to the family, not to one pair of skis: when the
/// reserved unit breaks, the reservation moves to another unit of the same
/// model and size; with none free it keeps its place and gets the next one
/// mended, before the waiting list; only when its unit is retired and
/// nothing is free is it cancelled, and the family is told why.
#[tokio::test]
async fn a_reservation_moves_to_another_unit_when_its_unit_breaks() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 2).await;
    let family = app.citizen().await;
    let next = app.citizen().await;
    let desk = desk_staff(&app, b.location).await;
    let mut conn = app.conn().await;

    let (status, body) = reserve(&app, &family, reservation(&b, "130", 2, 6, false)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let loan = body["loan"]["id"].as_str().unwrap().to_owned();
    let first = body["loan"]["unit_label"].as_str().unwrap().to_owned();
    let other = if first == "T-000" { "T-001" } else { "T-000" };
    assert_eq!(free_130(&app, &b, 2, 6).await, 1);

    // Its unit comes back broken: the reservation moves to the other pair,
    // so those days are no longer offered to anyone else.
    break_unit(&app, &b, &desk, &first).await;
    let mine = own_loan(&app, &family, &loan).await;
    assert_eq!(mine["status"], "reserved");
    assert_eq!(mine["unit_label"], other, "{mine}");
    assert_eq!(free_130(&app, &b, 2, 6).await, 0);
    assert_eq!(
        free_by_definition(
            &mut conn,
            b.location,
            "130",
            today() + Days::new(2),
            today() + Days::new(6)
        )
        .await,
        0
    );
    assert_eq!(counts_that_drifted(&mut conn).await, 0);

    // Another family finds nothing and waits in line.
    let (status, body) = reserve(&app, &next, reservation(&b, "130", 3, 5, true)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["waitlist"]["position"], 1);

    // The second pair breaks too: nothing to move to, so the reservation
    // keeps its unit (it may be mended in time), and nobody is told yet.
    break_unit(&app, &b, &desk, other).await;
    let mine = own_loan(&app, &family, &loan).await;
    assert_eq!(mine["status"], "reserved");
    assert_eq!(mine["unit_label"], other);
    assert!(mine["unit_ready"].is_null(), "staff only: {mine}");
    // The desk sees it among the pickups of its day, marked, so staff can
    // tell the family in time.
    assert_eq!(
        pickup_unit_ready(&app, &b, &desk, &loan).await,
        json!(false)
    );

    // The first pair is mended: the family that reserved gets it before
    // the waiting list does.
    let first_id = unit_id(&app, &b, &desk, &first).await;
    service(&app, &desk, &first_id, "back_in_service").await;
    let mine = own_loan(&app, &family, &loan).await;
    assert_eq!(mine["status"], "reserved");
    assert_eq!(mine["unit_label"], first, "{mine}");
    assert_eq!(pickup_unit_ready(&app, &b, &desk, &loan).await, json!(true));
    let waiting = my_loans(&app, &next).await;
    assert_eq!(waiting["waiting"].as_array().unwrap().len(), 1, "{waiting}");
    assert!(!outbox_templates(&app, &next.email)
        .await
        .contains(&"bua_offer".to_owned()));
    assert_eq!(counts_that_drifted(&mut conn).await, 0);

    // That pair is retired with the other still broken: the reservation
    // cannot be kept, so it is cancelled and the family is told, in a
    // message that names what and when.
    service(&app, &desk, &first_id, "retire").await;
    let mine = own_loan(&app, &family, &loan).await;
    assert_eq!(mine["status"], "cancelled", "{mine}");
    let res = app.get("/api/v1/me/messages", Some(family.token())).await;
    let messages: Vec<Value> = res.json().await.unwrap();
    let told = messages
        .iter()
        .find(|m| m["template"] == "bua_reservation_cancelled")
        .unwrap_or_else(|| panic!("no cancellation in {messages:?}"));
    assert!(
        told["subject"].as_str().unwrap().contains("Langrennski"),
        "{told}"
    );
    let body = told["body"].as_str().unwrap();
    assert!(body.contains("BUA Test") && body.contains("130"), "{body}");
    assert!(
        told["link"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/utlan/modell/{}", b.model)),
        "{told}"
    );
    assert_eq!(overlaps(&app).await, 0);
    assert_eq!(counts_that_drifted(&mut conn).await, 0);
}

/// A unit not back on its return day cannot serve the next reservation on
/// it; the reminders job moves that reservation to a unit that is in.
#[tokio::test]
async fn a_reservation_on_a_unit_still_out_moves_to_one_that_is_in() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 2).await;
    let family = app.citizen().await;
    let desk = desk_staff(&app, b.location).await;
    let mut conn = app.conn().await;
    // Out to a walk-in until tomorrow, then reserved from the day after.
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/bua/locations/{}/walk-ins", b.location),
        &desk,
        json!({ "label": "T-000", "name": "Ola Nordmann", "phone": "12345678", "return_on": day(1) }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = reserve(&app, &family, reservation(&b, "130", 2, 6, false)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let loan = body["loan"]["id"].as_str().unwrap().to_owned();
    // Both pairs fit; the one back first is chosen (the best fit), so for
    // this test put the reservation on the pair that is out.
    diesel::sql_query("UPDATE bua_loans SET unit_id = (SELECT id FROM bua_units WHERE label = 'T-000') WHERE id = $1")
        .bind::<diesel::sql_types::Uuid, _>(Uuid::parse_str(&loan).unwrap())
        .execute(&mut conn)
        .await
        .unwrap();
    let today = today();
    // While it is not yet overdue, nothing moves.
    let summary = fritid_api::routes::bua::jobs::reminders(&mut conn, today)
        .await
        .unwrap();
    assert!(summary.contains("0 reservations moved"), "{summary}");
    assert_eq!(own_loan(&app, &family, &loan).await["unit_label"], "T-000");
    // Two days later the walk-in is a day late: the reservation moves.
    let summary = fritid_api::routes::bua::jobs::reminders(&mut conn, today + Days::new(2))
        .await
        .unwrap();
    assert!(summary.contains("1 reservations moved"), "{summary}");
    let mine = own_loan(&app, &family, &loan).await;
    assert_eq!(mine["unit_label"], "T-001", "{mine}");
    assert_eq!(mine["status"], "reserved");
    assert_eq!(overlaps(&app).await, 0);
    // (The counts are not compared here: the job run two days ahead forgot
    // the days before then, which a count made today still has.)
}

/// A unit breaks while twenty families reserve the same days at once: the
/// reservation that held the broken unit and the new ones share the two
/// units left, and no unit is ever given twice.
#[tokio::test]
async fn a_unit_breaking_while_families_reserve_gives_no_unit_twice() {
    let app = TestApp::spawn().await;
    let b = setup(&app, 3).await;
    let family = app.citizen().await;
    let desk = desk_staff(&app, b.location).await;
    let (status, body) = reserve(&app, &family, reservation(&b, "130", 2, 6, false)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let loan = body["loan"]["id"].as_str().unwrap().to_owned();
    let broken = body["loan"]["unit_label"].as_str().unwrap().to_owned();
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/bua/locations/{}/walk-ins", b.location),
        &desk,
        json!({ "label": broken, "name": "Ola Nordmann", "phone": "12345678", "return_on": day(1) }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let families = futures_util::future::join_all((0..20).map(|_| app.citizen())).await;
    let checkin = async {
        call(
            &app,
            Method::POST,
            &format!("/api/v1/bua/locations/{}/checkins", b.location),
            &desk,
            json!({ "label": broken, "condition": "damaged", "note": "Knekt" }),
        )
        .await
    };
    let reservations = futures_util::future::join_all(families.iter().map(|f| {
        let body = reservation(&b, "130", 3, 5, false);
        let app = &app;
        async move { reserve(app, f, body).await }
    }));
    let ((status, body), results) = futures_util::future::join(checkin, reservations).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let booked = results
        .iter()
        .filter(|(status, body)| {
            assert!(
                *status == StatusCode::CREATED || body["code"] == "nothing_free",
                "{status}: {body}"
            );
            *status == StatusCode::CREATED
        })
        .count();
    let mine = own_loan(&app, &family, &loan).await;
    assert_eq!(mine["status"], "reserved");
    // Two units are in service. Either the first reservation moved to one
    // of them and one family got the other, or the families took both
    // first and the first reservation waits on the broken unit.
    if mine["unit_label"] == broken {
        assert_eq!(booked, 2);
    } else {
        assert_eq!(booked, 1);
    }
    assert_eq!(overlaps(&app).await, 0);
    let mut conn = app.conn().await;
    assert_eq!(counts_that_drifted(&mut conn).await, 0);
}
