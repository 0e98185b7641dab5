//! Aktiviteter over real HTTP: organizations, activities, search, sign-up
//! with waiting list (under concurrency), feeds and conditional GET.

#![allow(clippy::unwrap_used, clippy::cloned_ref_to_slice_refs)]

mod common;

use common::aktiviteter::{
    activity_body, approved_org, child_signup, org_body, place_body, published,
};
use common::{field_errors, problem, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn organizations_wait_for_approval_and_check_their_number() {
    let app = TestApp::spawn().await;
    let owner = app.citizen().await;
    let mut bad = org_body("Vollen Sjakklubb");
    bad["org_number"] = json!("974760674");
    bad["districts"] = json!(["atlantis"]);
    let res = app
        .post("/api/v1/organizations", Some(owner.token()), bad)
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(field_errors(&p), [("org_number".into(), "checksum".into())]);

    let mut unknown = org_body("Vollen Sjakklubb");
    unknown["districts"] = json!(["atlantis"]);
    let res = app
        .post("/api/v1/organizations", Some(owner.token()), unknown)
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(field_errors(&p)[0].0, "districts");

    let res = app
        .post(
            "/api/v1/organizations",
            Some(owner.token()),
            org_body("Vollen Sjakklubb"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let org: Value = res.json().await.unwrap();
    assert_eq!(org["status"], "pending");
    assert_eq!(org["my_role"], "admin");
    let id = org["id"].as_str().unwrap();

    // Pending: the public neither sees nor lists it; its member does.
    assert_eq!(
        app.get(&format!("/api/v1/organizations/{id}"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let list: Value = app
        .get("/api/v1/organizations", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0);
    assert_eq!(
        app.get(&format!("/api/v1/organizations/{id}"), Some(owner.token()))
            .await
            .status(),
        StatusCode::OK
    );

    // Same number again: a conflict naming the field.
    let res = app
        .post(
            "/api/v1/organizations",
            Some(app.citizen().await.token()),
            org_body("Et annet lag"),
        )
        .await;
    let p = problem(res, StatusCode::CONFLICT).await;
    assert_eq!(field_errors(&p)[0].0, "org_number");

    // Only administrators approve; then it is public.
    let res = app
        .post(
            &format!("/api/v1/organizations/{id}/approve"),
            Some(owner.token()),
            json!({}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;
    let admin = app.admin().await;
    let pending: Value = app
        .get("/api/v1/organizations?status=pending", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending["total"], 1);
    let res = app
        .post(
            &format!("/api/v1/organizations/{id}/approve"),
            Some(admin.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = app
        .get("/api/v1/organizations?district=heggedal", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["name"], "Vollen Sjakklubb");
    let res = app
        .post(
            &format!("/api/v1/organizations/{id}/reject"),
            Some(admin.token()),
            json!({ "reason": " " }),
        )
        .await;
    assert_eq!(
        field_errors(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await)[0].0,
        "reason"
    );
}

#[tokio::test]
async fn activities_are_validated_and_only_their_organization_edits_them() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let (other, other_org, other_place) = approved_org(&app, "Vollen IL").await;

    let mut bad = activity_body(&place, "Fotball");
    bad["age_min"] = json!(14);
    bad["schedule"]["until"] = json!("2029-01-01");
    bad["cost"]["is_free"] = json!(true);
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            bad,
        )
        .await;
    let fields: Vec<String> = field_errors(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        fields,
        ["age_max", "cost.membership_fee_nok", "schedule.until"]
    );

    // Another organization's place is refused.
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            activity_body(&other_place, "X"),
        )
        .await;
    assert_eq!(
        field_errors(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await)[0].0,
        "place_id"
    );
    // Unknown category.
    let mut unknown = activity_body(&place, "X");
    unknown["category"] = json!("curling-pa-manen");
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            unknown,
        )
        .await;
    assert_eq!(
        field_errors(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await)[0].0,
        "category"
    );
    // Not a member.
    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(other.token()),
            activity_body(&place, "X"),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;

    let res = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            activity_body(&place, "Fotball"),
        )
        .await;
    let draft: Value = res.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();
    // 13 Tuesdays and Thursdays minus one exception... counted by the schedule: Jan–Mar 2030.
    assert_eq!(draft["occurrence_count"], 25);
    assert_eq!(draft["total_cost_nok"], 300);
    // Drafts are the organization's own.
    assert_eq!(
        app.get(&format!("/api/v1/activities/{id}"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/activities/{id}"), Some(other.token()))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/activities/{id}"),
            Some(other.token()),
            Some(activity_body(&other_place, "Kapret")),
        )
        .await;
    // Someone else's draft does not exist as far as an outsider can tell.
    problem(res, StatusCode::NOT_FOUND).await;
    // Publishing needs a reason-free publish; cancelling needs a reason.
    let res = app
        .post(
            &format!("/api/v1/activities/{id}/cancel"),
            Some(owner.token()),
            json!({ "reason": "Syk trener" }),
        )
        .await;
    problem(res, StatusCode::CONFLICT).await;
    let res = app
        .post(
            &format!("/api/v1/activities/{id}/publish"),
            Some(owner.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let public: Value = app
        .get(&format!("/api/v1/activities/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["status"], "published");
    assert_eq!(public["can_edit"], false);
    // The participant list is the organization's only.
    let res = app
        .get(
            &format!("/api/v1/activities/{id}/signups"),
            Some(other.token()),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;
    let _ = other_org;

    // A pending organization cannot publish.
    let newcomer = app.citizen().await;
    let res = app
        .post(
            "/api/v1/organizations",
            Some(newcomer.token()),
            json!({ "name": "Nytt lag" }),
        )
        .await;
    let new_org: Value = res.json().await.unwrap();
    let new_org = new_org["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/v1/organizations/{new_org}/places"),
            Some(newcomer.token()),
            place_body(),
        )
        .await;
    let new_place: Value = res.json().await.unwrap();
    let res = app
        .post(
            &format!("/api/v1/organizations/{new_org}/activities"),
            Some(newcomer.token()),
            activity_body(new_place["id"].as_str().unwrap(), "Y"),
        )
        .await;
    let a: Value = res.json().await.unwrap();
    let res = app
        .post(
            &format!("/api/v1/activities/{}/publish", a["id"].as_str().unwrap()),
            Some(newcomer.token()),
            json!({}),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "organization_not_approved"
    );

    // Administrators withdraw with a reason; it leaves the search.
    let admin = app.admin().await;
    let res = app
        .post(
            &format!("/api/v1/activities/{id}/withdraw"),
            Some(admin.token()),
            json!({ "reason": "Feil innhold" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let found: Value = app
        .get("/api/v1/activities?from=2030-01-01", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 0);
}

#[tokio::test]
async fn concurrent_signups_fill_exactly_the_capacity_and_queue_the_rest_in_order() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Fotball")).await;

    let mut citizens = Vec::new();
    for _ in 0..24 {
        citizens.push(app.citizen().await);
    }
    // Everyone at once for the last places.
    let results =
        futures_util::future::join_all(citizens.iter().map(|c| child_signup(&app, c, &id, "Emma")))
            .await;
    let mut statuses = Vec::new();
    for r in results {
        assert_eq!(r.status(), StatusCode::CREATED);
        let s: Value = r.json().await.unwrap();
        statuses.push((
            s["status"].as_str().unwrap().to_owned(),
            s["waiting_position"].as_i64(),
        ));
    }
    assert_eq!(statuses.iter().filter(|s| s.0 == "confirmed").count(), 5);
    let mut positions: Vec<i64> = statuses.iter().filter_map(|s| s.1).collect();
    positions.sort();
    assert_eq!(positions, (1..=19).collect::<Vec<_>>());

    let participants: Value = app
        .get(
            &format!("/api/v1/activities/{id}/signups"),
            Some(owner.token()),
        )
        .await
        .json()
        .await
        .unwrap();
    let participants = participants.as_array().unwrap();
    assert_eq!(participants.len(), 24);
    assert!(participants[..5].iter().all(|p| p["status"] == "confirmed"));
    let first_waiting = participants[5]["id"].clone();

    let some_confirmed = participants[0]["id"].as_str().unwrap();
    // Find the owner of the first confirmed sign-up by asking each citizen's list.
    let mut owner_of_first = None;
    for c in &citizens {
        let list: Value = app
            .get("/api/v1/me/signups", Some(c.token()))
            .await
            .json()
            .await
            .unwrap();
        if list[0]["id"] == some_confirmed {
            owner_of_first = Some(c.clone());
        }
    }
    let owner_of_first = owner_of_first.unwrap();
    // Someone else cannot cancel it (and is not told it exists).
    let res = app
        .post(
            &format!("/api/v1/signups/{some_confirmed}/cancel"),
            Some(
                citizens
                    .iter()
                    .find(|c| c.email != owner_of_first.email)
                    .unwrap()
                    .token(),
            ),
            json!({}),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;
    let res = app
        .post(
            &format!("/api/v1/signups/{some_confirmed}/cancel"),
            Some(owner_of_first.token()),
            json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let participants: Value = app
        .get(
            &format!("/api/v1/activities/{id}/signups"),
            Some(owner.token()),
        )
        .await
        .json()
        .await
        .unwrap();
    let promoted = participants
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == first_waiting)
        .unwrap();
    assert_eq!(promoted["status"], "confirmed");
    assert_eq!(participants.as_array().unwrap().len(), 23);

    // Raising the capacity by three moves three more up.
    let mut body = activity_body(&place, "Fotball");
    body["signup"]["capacity"] = json!(8);
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/activities/{id}"),
            Some(owner.token()),
            Some(body.clone()),
        )
        .await;
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["signup"]["confirmed"], 8);
    assert_eq!(a["signup"]["waiting"], 15);
    // Lowering below the confirmed count is refused.
    body["signup"]["capacity"] = json!(3);
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/activities/{id}"),
            Some(owner.token()),
            Some(body),
        )
        .await;
    assert_eq!(
        field_errors(&problem(res, StatusCode::CONFLICT).await)[0].0,
        "signup.capacity"
    );
}

#[tokio::test]
async fn signups_check_age_duplicates_and_drop_in() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Fotball")).await;
    let parent = app.citizen().await;
    let res = app
        .post(
            &format!("/api/v1/activities/{id}/signups"),
            Some(parent.token()),
            json!({ "participant": "child", "first_name": "Ola", "birth_year": 2010 }),
        )
        .await;
    assert_eq!(
        field_errors(&problem(res, StatusCode::UNPROCESSABLE_ENTITY).await)[0],
        ("birth_year".into(), "outside_age_range".into())
    );
    assert_eq!(
        child_signup(&app, &parent, &id, "Ola").await.status(),
        StatusCode::CREATED
    );
    let res = child_signup(&app, &parent, &id, "ola").await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "already_signed_up"
    );
    assert_eq!(
        child_signup(&app, &parent, &id, "Kari").await.status(),
        StatusCode::CREATED
    );
    let mine: Value = app
        .get("/api/v1/me/signups", Some(parent.token()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert_eq!(mine[0]["activity_title"], "Fotball");
    assert!(app.get("/api/v1/me/signups", None).await.status() == StatusCode::UNAUTHORIZED);

    let mut drop_in = activity_body(&place, "Åpen hall");
    drop_in["signup"] = Value::Null;
    drop_in["threshold"]["drop_in"] = json!(true);
    let open = published(&app, &owner, &org, drop_in).await;
    let res = child_signup(&app, &parent, &open, "Ola").await;
    assert_eq!(
        problem(res, StatusCode::CONFLICT).await["code"],
        "signup_not_required"
    );
}

#[tokio::test]
async fn search_filters_sorts_and_names_bad_parameters() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let football = published(&app, &owner, &org, activity_body(&place, "Fotballtrening")).await;
    let mut swim = activity_body(&place, "Svømmekurs for voksne");
    swim["category"] = json!("kurs");
    swim["age_min"] = json!(18);
    swim["age_max"] = json!(99);
    swim["cost"] = json!({ "is_free": true });
    swim["description"] = json!("Vi svømmer sammen i bassenget.");
    swim["schedule"] = json!({ "kind": "single", "starts_at": "2030-01-05T10:00:00+01:00", "ends_at": "2030-01-05T12:00:00+01:00" });
    let swim = published(&app, &owner, &org, swim).await;

    let get = |q: &str| {
        let app = &app;
        let q = q.to_owned();
        async move {
            let v = app
                .get(&format!("/api/v1/activities?{q}"), None)
                .await
                .json::<Value>()
                .await
                .unwrap();
            assert!(v["items"].is_array(), "{q}: {v}");
            v
        }
    };
    let ids = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };

    // Default from now; sorted by next occurrence (the course on Jan 5 comes after Tuesday Jan 1).
    let all = get("").await;
    assert_eq!(ids(&all), [football.clone(), swim.clone()]);
    assert_eq!(all["items"][0]["is_series"], true);
    assert_eq!(
        all["items"][0]["next_occurrence"]["starts_at"],
        "2030-01-01T16:30:00Z"
    );
    // Norwegian stemming: "svømme" finds "svømmer", "bassengene" finds "bassenget".
    assert_eq!(ids(&get("q=sv%C3%B8mme").await), [swim.clone()]);
    assert_eq!(ids(&get("q=bassengene").await), [swim.clone()]);
    assert_eq!(ids(&get("category=kurs,musikk").await), [swim.clone()]);
    assert_eq!(ids(&get("suitable_for=8").await), [football.clone()]);
    assert_eq!(ids(&get("is_free=true").await), [swim.clone()]);
    assert_eq!(ids(&get("max_cost=100").await), [swim.clone()]);
    assert_eq!(ids(&get("weekday=sat").await), [swim.clone()]);
    assert_eq!(
        ids(&get("weekday=tue&time_from=17:00&time_to=18:00").await),
        [football.clone()]
    );
    assert_eq!(ids(&get("district=vollen").await).len(), 0);
    assert_eq!(ids(&get("from=2030-02-01").await), [football.clone()]);
    assert_eq!(
        ids(&get("free_trial=true&has_free_places=true").await),
        [football.clone(), swim.clone()]
    );
    // Occurrences on request: 25 + 1.
    let occ = get("occurrences=true&per_page=100").await;
    assert_eq!(occ["total"], 26);
    // Pagination keeps the total.
    let p2 = get("per_page=1&page=2").await;
    assert_eq!(p2["total"], 2);
    assert_eq!(ids(&p2), [swim.clone()]);

    // Bad filters name the parameter.
    for (q, field) in [
        ("suitable_for=abc", "suitable_for"),
        ("weekday=funday", "weekday"),
        ("from=yesterday", "from"),
        ("is_free=yes", "is_free"),
        ("per_page=500", "per_page"),
        ("time_from=25:00", "time_from"),
        ("updated_since=2030-01-01", "updated_since"),
    ] {
        let res = app.get(&format!("/api/v1/activities?{q}"), None).await;
        let p = problem(res, StatusCode::BAD_REQUEST).await;
        assert_eq!(field_errors(&p)[0].0, field, "{q}");
    }

    // Sync: cancelled ones appear with updated_since.
    let res = app
        .post(
            &format!("/api/v1/activities/{swim}/cancel"),
            Some(owner.token()),
            json!({ "reason": "Bassenget er stengt" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(ids(&get("").await), [football.clone()]);
    let sync = get("updated_since=2020-01-01T00:00:00Z").await;
    let cancelled = sync["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == swim.as_str())
        .unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["status_reason"], "Bassenget er stengt");
}

#[tokio::test]
async fn feeds_are_icalendar_and_public_reads_answer_304_when_unchanged() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Fotball")).await;

    let res = app
        .get(&format!("/api/v1/activities/{id}/calendar.ics"), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let ics = res.text().await.unwrap();
    assert!(
        ics.contains("RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20300331T215959Z"),
        "{ics}"
    );
    assert!(ics.contains("EXDATE;TZID=Europe/Oslo:20300219T173000"));
    assert!(ics.contains("DTSTART;TZID=Europe/Oslo:20300101T173000"));
    let feed = app
        .get("/api/v1/calendar.ics?category=idrett", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(feed.starts_with("BEGIN:VCALENDAR"), "{feed}");
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 1);
    // Where, what and who, as a calendar shows them.
    for ics in [&ics, &feed] {
        assert!(
            ics.contains("LOCATION:Heggedalshallen\\, Heggedalsveien 140"),
            "{ics}"
        );
        assert!(ics.contains("CATEGORIES:Idrett"), "{ics}");
        assert!(ics.contains("ORGANIZER;CN=\"Heggedal IL\""), "{ics}");
    }
    let org_feed = app
        .get(&format!("/api/v1/organizations/{org}/calendar.ics"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(org_feed.contains("SUMMARY:Fotball"));

    // Conditional GET.
    let res = app.get(&format!("/api/v1/activities/{id}"), None).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let res = app
        .http
        .get(app.url(&format!("/api/v1/activities/{id}")))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    // A sign-up changes the answer, so the old tag no longer matches.
    let parent = app.citizen().await;
    assert_eq!(
        child_signup(&app, &parent, &id, "Emma").await.status(),
        StatusCode::CREATED
    );
    let res = app
        .http
        .get(app.url(&format!("/api/v1/activities/{id}")))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["signup"]["confirmed"], 1);
    // Reference data is public.
    let districts: Value = app
        .get("/api/v1/districts", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(districts
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["name"] == "Røyken"));
}

/// A guardian decides whether the organizer may see their name and e-mail
/// (to reach them about a cancelled session), and can change their mind.
#[tokio::test]
async fn the_organizer_sees_a_guardians_contact_only_when_shared() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Hvalstad Turn").await;
    let mut body = activity_body(&place, "Turn for barn");
    body["age_min"] = json!(3);
    let id = published(&app, &owner, &org, body).await;
    let sharing = app.citizen().await;
    let private = app.citizen().await;
    let res = app
        .post(
            &format!("/api/v1/activities/{id}/signups"),
            Some(sharing.token()),
            json!({ "participant": "child", "first_name": "Mira", "birth_year": 2021, "share_contact": true }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mine: Value = res.json().await.unwrap();
    assert_eq!(mine["share_contact"], true);
    assert!(
        mine["guardian"].is_null(),
        "the owner's own view needs no copy"
    );
    assert_eq!(
        child_signup(&app, &private, &id, "Noah").await.status(),
        StatusCode::CREATED
    );

    let participants = |token: String| {
        let app = &app;
        let id = id.clone();
        async move {
            let list: Value = app
                .get(&format!("/api/v1/activities/{id}/signups"), Some(&token))
                .await
                .json()
                .await
                .unwrap();
            list.as_array().unwrap().clone()
        }
    };
    let list = participants(owner.token().to_owned()).await;
    let mira = list.iter().find(|s| s["first_name"] == "Mira").unwrap();
    assert_eq!(mira["guardian"]["email"], sharing.email.as_str());
    assert!(mira["guardian"]["name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    let noah = list.iter().find(|s| s["first_name"] == "Noah").unwrap();
    assert!(noah["guardian"].is_null(), "shared without consent: {noah}");
    assert_eq!(noah["share_contact"], false);

    // Only the owner may change the choice; to anyone else the sign-up does not exist.
    let signup = mira["id"].as_str().unwrap();
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/signups/{signup}/contact"),
            Some(private.token()),
            Some(json!({ "share_contact": true })),
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/signups/{signup}/contact"),
            Some(sharing.token()),
            Some(json!({ "share_contact": false })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let list = participants(owner.token().to_owned()).await;
    let mira = list.iter().find(|s| s["first_name"] == "Mira").unwrap();
    assert!(
        mira["guardian"].is_null(),
        "still shown after withdrawing: {mira}"
    );
}

/// The administrator deciding on an organization sees who registered it;
/// nobody else does.
#[tokio::test]
async fn the_applicant_is_shown_to_administrators_only() {
    let app = TestApp::spawn().await;
    let owner = app.citizen().await;
    let mut body = org_body("Spikkestad Sjakk");
    body["org_number"] = Value::Null;
    let res = app
        .post("/api/v1/organizations", Some(owner.token()), body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let admin = app.admin().await;
    let pending: Value = app
        .get("/api/v1/organizations?status=pending", Some(admin.token()))
        .await
        .json()
        .await
        .unwrap();
    let card = &pending["items"][0];
    assert_eq!(card["name"], "Spikkestad Sjakk");
    assert_eq!(card["applicant"]["email"], owner.email.as_str());
    assert!(card["applicant"]["name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));

    let (_, org, _) = approved_org(&app, "Tofte Turn").await;
    let public: Value = app
        .get("/api/v1/organizations", None)
        .await
        .json()
        .await
        .unwrap();
    let shown = public["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == org.as_str())
        .unwrap();
    assert!(shown["applicant"].is_null(), "{shown}");
    let citizen = app.citizen().await;
    let seen: Value = app
        .get("/api/v1/organizations", Some(citizen.token()))
        .await
        .json()
        .await
        .unwrap();
    assert!(seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["applicant"].is_null()));
}

/// One sync page: the items and where to continue.
async fn sync_page(app: &TestApp, query: &str) -> (Vec<Value>, String, bool) {
    let res = app.get(&format!("/api/v1/activities?{query}"), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: Value = res.json().await.unwrap();
    let sync = &page["sync"];
    (
        page["items"].as_array().unwrap().clone(),
        sync["next"].as_str().unwrap().to_owned(),
        sync["caught_up"].as_bool().unwrap(),
    )
}

/// Pages from `next` until caught up; the last copy of each activity wins.
async fn sync_until_caught_up(
    app: &TestApp,
    mut next: String,
    seen: &mut std::collections::HashMap<String, Value>,
) -> String {
    loop {
        let (items, after, caught_up) = sync_page(app, &format!("after={next}&per_page=2")).await;
        for item in items {
            seen.insert(item["id"].as_str().unwrap().to_owned(), item);
        }
        next = after;
        if caught_up {
            return next;
        }
    }
}

#[tokio::test]
async fn sync_by_cursor_loses_nothing_changed_while_the_client_pages() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let mut ids = Vec::new();
    for title in ["Fotball", "Håndball", "Turn", "Svømming", "Klatring"] {
        ids.push(published(&app, &owner, &org, activity_body(&place, title)).await);
    }

    // The first page of a sync from the start.
    let (first, next, caught_up) =
        sync_page(&app, "updated_since=2020-01-01T00:00:00Z&per_page=2").await;
    assert!(!caught_up);
    let first_ids: Vec<&str> = first.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(first_ids, [ids[0].as_str(), ids[1].as_str()]);
    let mut seen: std::collections::HashMap<String, Value> = first
        .into_iter()
        .map(|i| (i["id"].as_str().unwrap().to_owned(), i))
        .collect();

    // While the client pages: an activity it has seen is renamed, one it
    // has seen gets a sign-up (places left change, the content does not),
    // and one it has not reached yet is renamed (it moves behind the
    // cursor's future, not before it).
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/activities/{}", ids[0]),
            Some(owner.token()),
            Some(activity_body(&place, "Fotball for de minste")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let before = seen[&ids[1]].clone();
    let parent = app.citizen().await;
    assert_eq!(
        child_signup(&app, &parent, &ids[1], "Emma").await.status(),
        StatusCode::CREATED
    );
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/activities/{}", ids[3]),
            Some(owner.token()),
            Some(activity_body(&place, "Svømmeskolen")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let next = sync_until_caught_up(&app, next, &mut seen).await;
    assert_eq!(seen.len(), 5, "every activity arrives");
    assert_eq!(seen[&ids[0]]["title"], "Fotball for de minste");
    assert_eq!(seen[&ids[3]]["title"], "Svømmeskolen");
    let after = &seen[&ids[1]];
    assert_eq!(after["signup"]["confirmed"], 1, "the sign-up arrives");
    assert_eq!(
        after["updated_at"], before["updated_at"],
        "content unchanged"
    );
    assert_ne!(
        after["availability_updated_at"], before["availability_updated_at"],
        "availability changed"
    );

    // The next sync from the kept position: only what changed since.
    let (items, _, caught_up) = sync_page(&app, &format!("after={next}")).await;
    assert!(items.is_empty() && caught_up, "{items:?}");
    let res = app
        .post(
            &format!("/api/v1/activities/{}/cancel", ids[2]),
            Some(owner.token()),
            json!({ "reason": "Hallen pusses opp" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (items, _, caught_up) = sync_page(&app, &format!("after={next}")).await;
    assert!(caught_up);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], ids[2].as_str());
    assert_eq!(items[0]["status"], "cancelled");

    // A position that is not one is named.
    let res = app.get("/api/v1/activities?after=1_zz", None).await;
    assert_eq!(
        field_errors(&problem(res, StatusCode::BAD_REQUEST).await),
        [("after".into(), "invalid".into())]
    );
    // The ordinary search has no sync position.
    let page: Value = app
        .get("/api/v1/activities", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(page.get("sync").is_none());
}

#[tokio::test]
async fn a_sync_list_shows_a_change_once_it_has_settled() {
    let app = TestApp::spawn_with(|c| c.sync_settle = std::time::Duration::from_secs(2)).await;
    let (owner, org, place) = approved_org(&app, "Vollen Sjakklubb").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Sjakk")).await;

    // Just changed: not listed yet, and the position does not pass it.
    let (items, next, caught_up) = sync_page(&app, "updated_since=2020-01-01T00:00:00Z").await;
    assert!(items.is_empty() && caught_up, "{items:?}");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (items, _, caught_up) = sync_page(&app, &format!("after={next}")).await;
    assert!(caught_up);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
}

/// A calendar's one line starting with `name:`, without the name.
fn ics_values<'a>(ics: &'a str, name: &str) -> Vec<&'a str> {
    ics.lines()
        .filter_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(':')))
        .collect()
}

#[tokio::test]
async fn feeds_count_changes_keep_cancelled_events_and_page_when_asked() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Fotball")).await;
    let other = published(&app, &owner, &org, activity_body(&place, "Håndball")).await;
    let feed = |path: String| {
        let app = &app;
        async move {
            let res = app.get(&path, None).await;
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    let org_feed = format!("/api/v1/organizations/{org}/calendar.ics");

    let before = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let ics = feed(format!("/api/v1/activities/{id}/calendar.ics")).await;
    let sequence: i32 = ics_values(&ics, "SEQUENCE")[0].parse().unwrap();
    // DTSTAMP is when the feed was made; the change is LAST-MODIFIED.
    assert!(ics_values(&ics, "DTSTAMP")[0] >= before.as_str(), "{ics}");

    // A change of the content is a new SEQUENCE.
    let res = app
        .request(
            Method::PUT,
            &format!("/api/v1/activities/{id}"),
            Some(owner.token()),
            Some(activity_body(&place, "Fotball for alle")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ics = feed(format!("/api/v1/activities/{id}/calendar.ics")).await;
    assert!(ics_values(&ics, "SEQUENCE")[0].parse::<i32>().unwrap() > sequence);

    // Cancelled: still in the organization's feed and a search feed, as
    // cancelled, so subscribed calendars show it instead of losing it.
    let res = app
        .post(
            &format!("/api/v1/activities/{id}/cancel"),
            Some(owner.token()),
            json!({ "reason": "Banen er stengt" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for path in [
        org_feed.clone(),
        format!("/api/v1/calendar.ics?organization={org}"),
    ] {
        let ics = feed(path.clone()).await;
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{path}");
        let statuses = ics_values(&ics, "STATUS");
        assert!(statuses.contains(&"CANCELLED"), "{path}: {statuses:?}");
        assert!(statuses.contains(&"CONFIRMED"), "{path}: {statuses:?}");
    }
    // The ordinary search leaves it out.
    let page: Value = app
        .get(&format!("/api/v1/activities?organization={org}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);

    // `page` and `per_page` choose the feed's activities when given.
    let ics = feed(format!(
        "/api/v1/calendar.ics?organization={org}&per_page=1&page=2"
    ))
    .await;
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    let ics_first = feed(format!(
        "/api/v1/calendar.ics?organization={org}&per_page=1"
    ))
    .await;
    assert_ne!(ics_values(&ics, "UID"), ics_values(&ics_first, "UID"));
    assert!(ics.contains(&other) || ics_first.contains(&other));
    // The whole feed holds them in the search's order.
    let both = feed(format!("/api/v1/calendar.ics?organization={org}")).await;
    assert_eq!(
        ics_values(&both, "UID"),
        [ics_values(&ics_first, "UID"), ics_values(&ics, "UID")].concat()
    );
}

#[tokio::test]
async fn lists_link_to_their_neighbour_pages_and_activities_to_their_page_and_feed() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    for title in ["Fotball", "Håndball", "Turn"] {
        published(&app, &owner, &org, activity_body(&place, title)).await;
    }
    let base = "http://127.0.0.1:8080/api/v1/activities";
    let link = |res: &reqwest::Response| {
        res.headers()
            .get("link")
            .map(|v| v.to_str().unwrap().to_owned())
    };

    let res = app
        .get(
            &format!("/api/v1/activities?organization={org}&per_page=1"),
            None,
        )
        .await;
    assert_eq!(
        link(&res).as_deref(),
        Some(format!("<{base}?organization={org}&per_page=1&page=2>; rel=\"next\"").as_str())
    );
    let res = app
        .get(
            &format!("/api/v1/activities?organization={org}&per_page=1&page=2"),
            None,
        )
        .await;
    assert_eq!(
        link(&res).unwrap(),
        format!(
            "<{base}?organization={org}&per_page=1&page=1>; rel=\"prev\", \
             <{base}?organization={org}&per_page=1&page=3>; rel=\"next\""
        )
    );
    let res = app
        .get(
            &format!("/api/v1/activities?organization={org}&per_page=1&page=3"),
            None,
        )
        .await;
    assert!(!link(&res).unwrap().contains("next"));
    let last: Value = res.json().await.unwrap();

    // Each activity links to its web page and its calendar, which answer.
    let item = &last["items"][0];
    let id = item["id"].as_str().unwrap();
    assert_eq!(
        item["web_url"],
        format!("http://127.0.0.1:8080/aktiviteter/{id}")
    );
    let calendar = item["calendar_url"].as_str().unwrap();
    let path = calendar.strip_prefix("http://127.0.0.1:8080").unwrap();
    let res = app.get(path, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains(&format!("UID:{id}@")));
    let full: Value = app
        .get(&format!("/api/v1/activities/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(full["web_url"], item["web_url"]);
    assert_eq!(full["calendar_url"], item["calendar_url"]);

    // A sync list that has more links on with `after`, not `page`.
    let res = app
        .get(
            "/api/v1/activities?updated_since=2020-01-01T00:00:00Z&per_page=2",
            None,
        )
        .await;
    let next = link(&res).unwrap();
    let page: Value = res.json().await.unwrap();
    let after = page["sync"]["next"].as_str().unwrap();
    assert_eq!(
        next,
        format!(
            "<{base}?updated_since=2020-01-01T00:00:00Z&per_page=2&after={after}>; rel=\"next\""
        )
    );
}

/// The search reads each activity's next occurrence from its row when it
/// can; that must never change an answer. Over the demo catalogue, with a
/// third of the rows stale (their next occurrence found weeks ago, as if
/// the job had stopped) and a third found for a later instant, a few
/// cancelled, a few whose occurrences start at different minutes and some
/// whose place changed its step-free access, a fixed sequence of 400
/// random filter combinations (instants before, at and after now, today's
/// midnight, date ranges, weekdays, times of day, every activity filter,
/// pages) gives the same ids, order, next occurrences and totals both ways.
#[tokio::test]
async fn the_search_by_kept_next_occurrence_answers_exactly_as_by_its_definition() {
    use chrono::Duration;
    use diesel_async::RunQueryDsl;
    use fritid_db::search::{search, search_reference, SearchFilter};
    let app = TestApp::spawn().await;
    let organizer = app.citizen().await;
    let mut conn = app.conn().await;
    let organizer_id: uuid::Uuid = organizer.id().parse().unwrap();
    fritid_api::seed::aktiviteter::seed(&mut conn, organizer_id, 12, 240)
        .await
        .unwrap();
    for sql in [
        // Occurrences that start at different minutes (none are made so
        // today): a time of day must look them up.
        "UPDATE activity_occurrences o SET starts_at = o.starts_at + interval '30 minutes',
                ends_at = o.ends_at + interval '30 minutes',
                start_minute = o.start_minute + 30
         WHERE abs(hashtext(o.activity_id::text)) % 17 = 0 AND o.start_minute < 1380
           AND o.starts_at = (SELECT max(starts_at) FROM activity_occurrences x
                              WHERE x.activity_id = o.activity_id)",
        // Stale: found for an instant 20 days ago.
        "SELECT activities_refresh_next_at(ARRAY(SELECT id FROM activities
             WHERE abs(hashtext(id::text)) % 3 = 0), now() - interval '20 days')",
        // Found for an instant tomorrow.
        "SELECT activities_refresh_next_at(ARRAY(SELECT id FROM activities
             WHERE abs(hashtext(id::text)) % 3 = 1), now() + interval '1 day')",
        "UPDATE activities SET status = 'cancelled', status_reason = 'Test'
         WHERE abs(hashtext(id::text)) % 11 = 0",
        // Places that change their step-free access: the activities' copy
        // must follow (the reference reads the place).
        "UPDATE places SET step_free_access = NOT step_free_access
         WHERE abs(hashtext(id::text)) % 4 = 0",
    ] {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
    #[derive(diesel::QueryableByName)]
    struct Slug {
        #[diesel(sql_type = diesel::sql_types::Text)]
        slug: String,
    }
    let slugs = |table: &str| format!("SELECT slug FROM {table} ORDER BY slug");
    let categories: Vec<String> = diesel::sql_query(slugs("categories"))
        .load::<Slug>(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.slug)
        .collect();
    let districts: Vec<String> = diesel::sql_query(slugs("districts"))
        .load::<Slug>(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.slug)
        .collect();
    let org: Value = app
        .get("/api/v1/activities?per_page=1", None)
        .await
        .json()
        .await
        .unwrap();
    let some_org: uuid::Uuid = org["items"][0]["organization"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    let mut seed: u64 = 20_261_130;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let now = chrono::Utc::now();
    let midnight = now
        .with_timezone(&chrono_tz::Europe::Oslo)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(chrono_tz::Europe::Oslo)
        .earliest()
        .unwrap()
        .with_timezone(&chrono::Utc);
    let (mut compared_rows, mut by_weekday, mut by_time) = (0, 0, 0);
    let (mut by_step_free, mut from_midnight) = (0, 0);
    for round in 0..400 {
        let from = match next(6) {
            0 | 1 => now,
            2 => now - Duration::days(3),
            3 => now + Duration::days(10),
            4 => now + Duration::days(45),
            // Today's local midnight, as `from=<today>` asks for.
            _ => midnight,
        };
        let pick = |n: &mut dyn FnMut(u64) -> u64, all: &[String]| -> Vec<String> {
            match n(3) {
                0 => vec![],
                _ => (0..1 + n(2))
                    .map(|_| all[n(all.len() as u64) as usize].clone())
                    .collect(),
            }
        };
        let flag = |n: &mut dyn FnMut(u64) -> u64| match n(14) {
            0 => Some(true),
            1 => Some(false),
            _ => None,
        };
        let f = SearchFilter {
            from: Some(from),
            to: match next(3) {
                0 => Some(from + Duration::days(7)),
                1 => Some(from + Duration::days(40)),
                _ => None,
            },
            text: match next(6) {
                0 => Some("fotball".into()),
                1 => Some("kor".into()),
                _ => None,
            },
            categories: pick(&mut next, &categories),
            districts: pick(&mut next, &districts),
            age: (next(3) == 0).then(|| next(80) as i16),
            max_total_cost: (next(4) == 0).then(|| next(3000) as i32),
            is_free: flag(&mut next),
            drop_in: flag(&mut next),
            no_membership_needed: flag(&mut next),
            free_trial: flag(&mut next),
            adapted_for_disabilities: flag(&mut next),
            step_free_access: flag(&mut next),
            has_free_places: flag(&mut next),
            organization: (next(8) == 0).then_some(some_org),
            include_cancelled: next(4) == 0,
            weekdays: match next(4) {
                0 => vec![6, 7],
                1 => vec![1 + next(7) as i16],
                2 => vec![2, 4, 7],
                _ => vec![],
            },
            start_minute_from: (next(5) == 0).then(|| 60 * (14 + next(4) as i16)),
            start_minute_to: (next(5) == 0).then(|| 60 * (17 + next(4) as i16)),
            ..Default::default()
        };
        let (limit, offset) = ([5, 20][next(2) as usize], [0, 5, 40][next(3) as usize]);
        let (fast, fast_total) = search(&mut conn, &f, limit, offset).await.unwrap();
        let (slow, slow_total) = search_reference(&mut conn, &f, limit, offset)
            .await
            .unwrap();
        type Shown = (
            uuid::Uuid,
            Option<chrono::DateTime<chrono::Utc>>,
            Option<chrono::DateTime<chrono::Utc>>,
        );
        let show = |rows: &[fritid_db::search::SearchRow]| -> Vec<Shown> {
            rows.iter()
                .map(|r| (r.id, r.next_starts_at, r.next_ends_at))
                .collect()
        };
        assert_eq!(show(&fast), show(&slow), "round {round}: {f:?}");
        assert_eq!(fast_total, slow_total, "round {round}: {f:?}");
        compared_rows += fast.len();
        if !f.weekdays.is_empty() {
            by_weekday += fast.len();
        }
        if f.start_minute_from.is_some() || f.start_minute_to.is_some() {
            by_time += fast.len();
        }
        if f.step_free_access.is_some() {
            by_step_free += fast.len();
        }
        if f.from == Some(midnight) {
            from_midnight += fast.len();
        }
        assert!(
            fritid_db::search::reads_kept_next(&f),
            "this search reads the rows"
        );
    }
    assert!(
        compared_rows > 200
            && by_weekday > 50
            && by_time > 20
            && by_step_free > 20
            && from_midnight > 20,
        "the filters found too little to compare: {compared_rows} rows, \
         {by_weekday} by weekday, {by_time} by time of day, {by_step_free} \
         by step-free access, {from_midnight} from midnight"
    );

    // The job moves the stale rows on; the answers stay the same.
    let moved = fritid_db::activities::advance_next_occurrences(&mut conn)
        .await
        .unwrap();
    assert!(moved > 0);
    let f = SearchFilter {
        from: Some(chrono::Utc::now()),
        ..Default::default()
    };
    let (fast, total) = search(&mut conn, &f, 100, 0).await.unwrap();
    let (slow, slow_total) = search_reference(&mut conn, &f, 100, 0).await.unwrap();
    assert_eq!(total, slow_total);
    assert_eq!(
        fast.iter().map(|r| r.id).collect::<Vec<_>>(),
        slow.iter().map(|r| r.id).collect::<Vec<_>>()
    );
}
