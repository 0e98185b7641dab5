//! The free-text search finds what families type, over the demo catalogue
//! (`fritid seed`): compounds, first letters, typos, æ/ø/å typed as
//! a/o/aa/ae/oe, names of categories, districts and clubs. A table of
//! queries, each with what it must find; the recall over the table must be
//! at least 90 %, and the queries that name one thing must have a relevant
//! first result when sorted by relevance.

#![allow(clippy::unwrap_used)]

mod common;

use common::{field_errors, problem, TestApp};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// What a query must find among the catalogue's upcoming activities.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The activities whose title contains one of these (case-insensitive).
    Titles(&'static [&'static str]),
    /// The activities of this category.
    Category(&'static str),
    /// The activities in this district.
    District(&'static str),
}

use Expect::{Category, District, Titles};

const SWIMMING: &[&str] = &["svømm"];
const FOOTBALL: &[&str] = &["fotball"];
const CHESS: &[&str] = &["sjakk"];
const DANCE: &[&str] = &["dans"];

/// (what is typed, what it must find, whether it names one thing).
const CASES: &[(&str, Expect, bool)] = &[
    ("svømming", Titles(SWIMMING), true),
    ("svomming", Titles(SWIMMING), true),
    ("svoemming", Titles(SWIMMING), true),
    ("svøm", Titles(SWIMMING), true),
    ("svømmekurs", Titles(&["svømmekurs"]), true),
    ("korps", Titles(&["korps"]), true),
    ("idrett", Titles(&["idrett"]), true),
    ("fotball", Titles(FOOTBALL), true),
    ("fotbal", Titles(FOOTBALL), true),
    ("fotbll", Titles(FOOTBALL), true),
    ("Fotball for jenter", Titles(&["fotball for jenter"]), true),
    ("sjakk", Titles(CHESS), true),
    ("sjak", Titles(CHESS), true),
    ("dans", Titles(DANCE), true),
    ("dansing", Titles(DANCE), true),
    ("bålkos", Titles(&["bålkos"]), true),
    ("balkos", Titles(&["bålkos"]), true),
    ("baalkos", Titles(&["bålkos"]), true),
    ("økonomi", Titles(&["økonomi"]), true),
    ("okonomi", Titles(&["økonomi"]), true),
    ("tegning", Titles(&["tegn"]), true),
    ("orientering", Titles(&["orientering"]), true),
    ("klatring", Titles(&["klatr"]), true),
    ("langrenn", Titles(&["langrenn"]), true),
    ("sykkel", Titles(&["sykkel"]), true),
    ("lekser", Titles(&["lekse"]), true),
    ("leksehjelp", Titles(&["leksehjelp"]), true),
    ("norsk", Titles(&["norsk"]), true),
    ("språkkafé", Titles(&["språkkafé"]), true),
    ("sprakkafe", Titles(&["språkkafé"]), true),
    ("strikking", Titles(&["strikk"]), true),
    ("keramikk", Titles(&["keramikk"]), true),
    ("yoga", Titles(&["yoga"]), true),
    ("gittar", Titles(&["gitar"]), true),
    ("trommer", Titles(&["tromme"]), true),
    ("barnekor", Titles(&["barnekor"]), true),
    ("speiding", Titles(&["speider"]), true),
    ("turn", Titles(&["turn og"]), true),
    ("matlaging", Titles(&["matlaging"]), true),
    ("baby", Titles(&["baby"]), true),
    ("koding", Titles(&["kode"]), true),
    ("film", Titles(&["film"]), true),
    ("basket", Titles(&["basket"]), true),
    ("førstehjelp", Titles(&["førstehjelp"]), true),
    ("forstehjelp", Titles(&["førstehjelp"]), true),
    ("kajak", Titles(&["kajakk"]), true),
    ("skate", Titles(&["skate"]), true),
    ("seniorer", Titles(&["senior"]), false),
    ("musikk", Category("musikk"), false),
    ("friluftsliv", Category("friluftsliv"), false),
    ("Røyken", District("royken"), false),
    ("royken", District("royken"), false),
    ("saetre", District("saetre"), false),
    ("sykling", Titles(&["sykkel"]), true),
];

struct Item {
    title: String,
    category: String,
    district: String,
}

impl Expect {
    fn wants(self, item: &Item) -> bool {
        match self {
            Titles(parts) => {
                let title = item.title.to_lowercase();
                parts.iter().any(|p| title.contains(p))
            }
            Category(slug) => item.category == slug,
            District(slug) => item.district == slug,
        }
    }
}

/// Every item of a search, page by page.
async fn all(app: &TestApp, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    for page in 1.. {
        let url = format!("/api/v1/activities?per_page=100&page={page}&{query}");
        let body: Value = app.get(&url, None).await.json().await.unwrap();
        let got = body["items"].as_array().unwrap().clone();
        let done = got.len() < 100;
        items.extend(got);
        if done {
            break;
        }
    }
    items
}

/// One page of a search's answer.
async fn page(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("/api/v1/activities?{query}"), None).await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    res.json().await.unwrap()
}

fn q(text: &str) -> String {
    format!("q={}", urlencoding(text))
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn demo_catalogue() -> TestApp {
    let app = TestApp::spawn().await;
    let organizer = app.citizen().await;
    let mut conn = app.conn().await;
    fritid_api::seed::aktiviteter::seed(&mut conn, organizer.id().parse().unwrap(), 40, 300)
        .await
        .unwrap();
    fritid_db::search::refresh_vocabulary(&mut conn)
        .await
        .unwrap();
    app
}

#[tokio::test]
async fn families_find_what_they_type() {
    let app = demo_catalogue().await;
    let catalogue: HashMap<String, Item> = all(&app, "")
        .await
        .into_iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_owned(),
                Item {
                    title: v["title"].as_str().unwrap().to_owned(),
                    category: v["category"]["slug"].as_str().unwrap().to_owned(),
                    district: v["district"]["slug"].as_str().unwrap().to_owned(),
                },
            )
        })
        .collect();
    assert!(
        catalogue.len() > 250,
        "{} upcoming activities",
        catalogue.len()
    );

    let mut report =
        String::from("\n| query | relevant | found of them | recall | first result |\n");
    let (mut recall_sum, mut firsts, mut firsts_right) = (0.0, 0, 0);
    for &(text, expect, one_thing) in CASES {
        let relevant: HashSet<&str> = catalogue
            .iter()
            .filter(|(_, item)| expect.wants(item))
            .map(|(id, _)| id.as_str())
            .collect();
        assert!(
            !relevant.is_empty(),
            "{text}: the catalogue has nothing it should find"
        );
        let found: HashSet<String> = all(&app, &q(text))
            .await
            .into_iter()
            .map(|v| v["id"].as_str().unwrap().to_owned())
            .collect();
        let hit = relevant.iter().filter(|id| found.contains(**id)).count();
        let recall = hit as f64 / relevant.len() as f64;
        recall_sum += recall;
        let top: Value = app
            .get(
                &format!("/api/v1/activities?sort=relevance&per_page=1&{}", q(text)),
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        let first = top["items"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let first_title = catalogue
            .get(&first)
            .map(|i| i.title.as_str())
            .unwrap_or("–");
        if one_thing {
            firsts += 1;
            firsts_right += usize::from(relevant.contains(first.as_str()));
        }
        report.push_str(&format!(
            "| {text} | {} | {hit} | {:.0} % | {first_title}{} |\n",
            relevant.len(),
            recall * 100.0,
            if one_thing && !relevant.contains(first.as_str()) {
                " ✗"
            } else {
                ""
            }
        ));
    }
    let recall = recall_sum / CASES.len() as f64;
    println!(
        "{report}\nrecall {:.1} %, first result relevant {firsts_right} of {firsts}",
        recall * 100.0
    );
    assert!(CASES.len() >= 40);
    assert!(
        recall >= 0.9,
        "recall {:.1} % < 90 %{report}",
        recall * 100.0
    );
    assert_eq!(
        firsts_right, firsts,
        "a first result is not relevant{report}"
    );
}

#[tokio::test]
async fn a_search_that_finds_nothing_suggests_the_nearest_spelling() {
    let app = demo_catalogue().await;
    let body = page(&app, &q("yogakurs")).await;
    assert_eq!(body["total"], 0, "{body}");
    let suggestions: Vec<&str> = body["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(suggestions.contains(&"yoga"), "{suggestions:?}");
    // Each suggestion finds something.
    for s in &suggestions {
        let found = page(&app, &q(s)).await;
        assert!(found["total"].as_i64().unwrap() > 0, "{s}");
    }
    // Several words: one suggestion, each unknown word replaced by its
    // nearest spelling, the known ones kept.
    let body = page(&app, &q("yogakurs svømming")).await;
    assert_eq!(body["total"], 0, "{body}");
    assert_eq!(body["suggestions"], serde_json::json!(["yoga svømming"]));
    // Known words that find nothing only because of the other filters: no
    // suggestion (the filters are why).
    let body = page(&app, &format!("suitable_for=90&{}", q("babysang"))).await;
    assert_eq!(body["total"], 0);
    assert_eq!(body["suggestions"], serde_json::json!([]));
    // Results: no suggestions.
    let body = page(&app, &q("fotball")).await;
    assert!(body["total"].as_i64().unwrap() > 0);
    assert_eq!(body["suggestions"], serde_json::json!([]));
}

#[tokio::test]
async fn relevance_puts_the_title_first_and_leaves_other_lists_alone() {
    let app = demo_catalogue().await;
    let body: Value = app
        .get(
            &format!(
                "/api/v1/activities?sort=relevance&per_page=100&{}",
                q("svømming")
            ),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["title"].as_str().unwrap())
        .collect();
    // Matches in the title come before matches elsewhere (the swimming
    // school's other courses, a description).
    let in_title = titles
        .iter()
        .take_while(|t| t.to_lowercase().contains("svømm"))
        .count();
    assert!(in_title > 0, "{titles:?}");
    assert!(
        titles[in_title..]
            .iter()
            .all(|t| !t.to_lowercase().contains("svømm")),
        "{titles:?}"
    );
    let res = app
        .get("/api/v1/activities?sort=newest&q=sjakk", None)
        .await;
    let p = problem(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(field_errors(&p), [("sort".into(), "invalid".into())]);
    assert!(
        p.to_string().contains("must be `next` or `relevance`"),
        "{p}"
    );
    // Without a text, relevance is the usual order; a sync list stays by change.
    let ids = |v: Value| -> Vec<Value> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].clone())
            .collect()
    };
    let plain: Value = app
        .get("/api/v1/activities?per_page=50", None)
        .await
        .json()
        .await
        .unwrap();
    let relevant: Value = app
        .get("/api/v1/activities?per_page=50&sort=relevance", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(plain), ids(relevant));
    let sync = "/api/v1/activities?per_page=50&updated_since=2020-01-01T00:00:00Z&q=sjakk";
    let by_change: Value = app.get(sync, None).await.json().await.unwrap();
    let with_sort: Value = app
        .get(&format!("{sync}&sort=relevance"), None)
        .await
        .json()
        .await
        .unwrap();
    assert!(with_sort["sync"].is_object(), "{with_sort}");
    assert!(!ids(with_sort.clone()).is_empty());
    assert_eq!(ids(by_change), ids(with_sort));
}

/// The server folds what is typed as PostgreSQL folds the stored words.
#[tokio::test]
async fn the_server_and_the_database_fold_alike() {
    use diesel_async::RunQueryDsl;
    let app = TestApp::spawn().await;
    let mut conn = app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct Folded {
        #[diesel(sql_type = diesel::sql_types::Text)]
        f: String,
    }
    for text in [
        "Sætre Åros Røyken",
        "ÆØÅ æøå",
        "Kafé crème brûlée, Ñandú, Çà Ÿ",
        "AAE OE aae Oeo",
        "3D-print og K-pop",
    ] {
        let db: Folded = diesel::sql_query("SELECT fritid_fold($1) AS f")
            .bind::<diesel::sql_types::Text, _>(text)
            .get_result(&mut conn)
            .await
            .unwrap();
        assert_eq!(fritid_db::search_text::fold(text), db.f, "{text}");
    }
}

/// A server with one published activity, "Fotball for alle" (five places);
/// returns its id.
async fn one_published_activity() -> (TestApp, String) {
    use common::aktiviteter::{activity_body, approved_org, published};
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let id = published(
        &app,
        &owner,
        &org,
        activity_body(&place, "Fotball for alle"),
    )
    .await;
    (app, id)
}

/// The search keeps answers in memory; none may outlive what it shows.
#[tokio::test]
async fn a_kept_answer_is_forgotten_when_anything_it_shows_changes() {
    use common::aktiviteter::child_signup;
    use diesel_async::RunQueryDsl;
    let (app, id) = one_published_activity().await;
    assert_eq!(first(&app).await["signup"]["free_places"], 5);
    assert_eq!(first(&app).await["signup"]["free_places"], 5);

    // A sign-up through this server: the next read shows the place taken.
    let parent = app.citizen().await;
    let res = child_signup(&app, &parent, &id, "Ola").await;
    assert!(res.status().is_success());
    assert_eq!(first(&app).await["signup"]["free_places"], 4);

    // A change another server commits (here: written straight into the
    // database) is heard from PostgreSQL within a moment.
    let mut conn = app.conn().await;
    diesel::sql_query(
        "UPDATE activities SET title = 'Fotball for store og små' WHERE id = $1::uuid",
    )
    .bind::<diesel::sql_types::Text, _>(&id)
    .execute(&mut conn)
    .await
    .unwrap();
    let mut heard = false;
    for _ in 0..100 {
        if first(&app).await["title"] == "Fotball for store og små" {
            heard = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(heard, "the new title was not shown within two seconds");

    // The next occurrence ends: the answer from now moves on to the one
    // after, although nothing was written.
    diesel::sql_query(
        "UPDATE activity_occurrences SET starts_at = now() - interval '1 hour',
                ends_at = now() + interval '1500 milliseconds'
         WHERE activity_id = $1::uuid
           AND starts_at = (SELECT min(starts_at) FROM activity_occurrences WHERE activity_id = $1::uuid)",
    )
    .bind::<diesel::sql_types::Text, _>(&id)
    .execute(&mut conn)
    .await
    .unwrap();
    let mut soon = false;
    for _ in 0..50 {
        let next = first(&app).await["next_occurrence"]["starts_at"].clone();
        if next.as_str().is_some_and(|s| !s.starts_with("2030")) {
            soon = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(soon, "the moved occurrence was not shown");
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let next = first(&app).await["next_occurrence"]["starts_at"].clone();
    assert!(
        next.as_str().unwrap().starts_with("2030-01-0"),
        "an occurrence that has ended is still shown as next: {next}"
    );
}

/// The one-minute job that moves next occurrences on never makes servers
/// forget their kept answers: the search answers the same from the kept
/// copy as from the occurrences (the equivalence test in activities.rs).
/// A sign-up's write says whose places changed; a draft's writes, and
/// those to a place or a club no published activity uses, say nothing;
/// anything else says everything changed.
#[tokio::test]
async fn each_write_tells_the_servers_what_it_changed() {
    use diesel_async::RunQueryDsl;
    use fritid_db::listener::{CatalogueChange, Listener, Words, CATALOGUE};
    use std::time::Duration;
    let (app, id) = one_published_activity().await;
    let mut listener = Listener::connect(app.db.url(), CATALOGUE).await.unwrap();
    let mut conn = app.conn().await;
    // Runs `sql` with the activity's id as $1; what the servers hear of
    // it: waits two seconds for a notification, 300 ms for none, and takes
    // the ones that follow it at once (one statement may notify twice: a
    // place renamed gives its activities other words, and the place
    // itself changed) as one.
    let mut write = async |sql: &str, expected: Option<CatalogueChange>| {
        diesel::sql_query(sql)
            .bind::<diesel::sql_types::Text, _>(&id)
            .execute(&mut conn)
            .await
            .unwrap();
        let wait = Duration::from_millis(if expected.is_some() { 2000 } else { 300 });
        let mut heard = listener
            .next(wait)
            .await
            .unwrap()
            .map(|p| CatalogueChange::from_payload(&p));
        if let Some(first) = heard.take() {
            let mut all = first;
            while let Some(more) = listener.next(Duration::from_millis(100)).await.unwrap() {
                all = all.and(CatalogueChange::from_payload(&more));
            }
            heard = Some(all);
        }
        // The changed words in no particular order.
        if let Some(CatalogueChange::Rows {
            words: Words::Changed(words),
            ..
        }) = &mut heard
        {
            words.sort();
        }
        assert_eq!(heard, expected, "{sql}");
    };
    let rows = |flipped, words| {
        Some(CatalogueChange::Rows {
            of: vec![id.parse().unwrap()],
            flipped,
            words,
        })
    };
    let places = |flipped| rows(flipped, Words::Same);
    // Sorted.
    let changed = |words: &[&str]| Words::Changed(words.iter().map(|w| (*w).to_owned()).collect());
    let everything = Some(CatalogueChange::Everything);

    // The next occurrence ends: the job moves the row, and says nothing.
    write(
        "UPDATE activities SET next_ends_at = now() - interval '1 second' WHERE id = $1::uuid",
        None,
    )
    .await;
    let mut job = app.conn().await;
    let moved = fritid_db::activities::advance_next_occurrences(&mut job)
        .await
        .unwrap();
    assert_eq!(moved, 1);
    // (Heard by the next write's check, which expects none.)

    // A statement that changes nothing says nothing.
    write(
        "UPDATE activities SET title = title WHERE id = $1::uuid",
        None,
    )
    .await;
    // A sign-up's write: only this activity's places; the last place
    // taken: it has no free places now.
    let sign_up = "UPDATE activities SET confirmed_count = confirmed_count + 1 WHERE id = $1::uuid";
    write(sign_up, places(false)).await;
    let full = "UPDATE activities SET confirmed_count = capacity WHERE id = $1::uuid";
    write(full, places(true)).await;
    // What a result shows but no kept answer filters by: only the rows
    // that show it. The title and the words searched: with the words in
    // one text and not the other, folded ("fotball" is still in the
    // description; "for" was only in the title). The sign-up window or the
    // status text: no words.
    write(
        "UPDATE activities SET title = 'Fotball!' WHERE id = $1::uuid",
        rows(false, changed(&["for", "fotball!"])),
    )
    .await;
    write(
        "UPDATE activities SET description = description || ' Ta med vann. Hjertelig velkommen',
                updated_at = now()
         WHERE id = $1::uuid",
        rows(
            false,
            changed(&["hjertelig", "med", "ta", "vann.", "velkommen"]),
        ),
    )
    .await;
    write(
        "UPDATE activities SET signup_closes_at = '2029-12-31', updated_at = now(),
         status_reason = 'Nye tider' WHERE id = $1::uuid",
        rows(false, Words::Same),
    )
    .await;
    // Places and the title at once; the last place freed.
    write(
        "UPDATE activities SET confirmed_count = 0, title = 'Fotball' WHERE id = $1::uuid",
        rows(true, changed(&["fotball!"])),
    )
    .await;
    // What a kept answer filters or sorts by: everything; with places too.
    for filtered in [
        "age_max = age_max + 1",
        "category = 'kultur'",
        "total_cost_nok = total_cost_nok + 100",
        "drop_in = NOT drop_in",
        "capacity = capacity + 1",
        "confirmed_count = 1, adapted_for_disabilities = NOT adapted_for_disabilities",
    ] {
        write(
            &format!("UPDATE activities SET {filtered} WHERE id = $1::uuid"),
            everything.clone(),
        )
        .await;
    }
    // A statement that changes nothing says nothing.
    write(
        "UPDATE activities SET title = title WHERE id = $1::uuid",
        None,
    )
    .await;

    // Kept answers show published activities only: a draft's edits, and
    // its occurrences', say nothing; publishing it says everything.
    let status = |s| format!("UPDATE activities SET status = '{s}' WHERE id = $1::uuid");
    let shift = |by| {
        format!(
            "UPDATE activity_occurrences SET ends_at = ends_at + interval '{by} minute'
             WHERE activity_id = $1::uuid"
        )
    };
    write(&status("draft"), everything.clone()).await;
    write(
        "UPDATE activities SET title = 'Utkast' WHERE id = $1::uuid",
        None,
    )
    .await;
    write(sign_up, None).await;
    write(&shift(1), None).await;
    // Its place and its organization, used by no published activity.
    let rename = |table, column| {
        format!(
            "UPDATE {table} SET name = name || '.'
             WHERE id = (SELECT {column} FROM activities WHERE id = $1::uuid)"
        )
    };
    write(&rename("places", "place_id"), None).await;
    write(&rename("organizations", "organization_id"), None).await;
    write(&status("published"), everything.clone()).await;
    write(&shift(-1), everything.clone()).await;
    write(&rename("places", "place_id"), everything.clone()).await;
    write(&rename("organizations", "organization_id"), everything).await;
}

/// Publishes a draft without any server hearing of it (triggers off for
/// the transaction): an answer that then includes it was searched again,
/// one that does not was kept (or had its rows read again).
async fn silently_publish(app: &TestApp, id: &str) {
    use diesel_async::{AsyncConnection, RunQueryDsl};
    let mut conn = app.conn().await;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        diesel::sql_query("SET LOCAL session_replication_role = replica")
            .execute(conn)
            .await?;
        diesel::sql_query(
            "UPDATE activities SET status = 'published', published_at = now() WHERE id = $1::uuid",
        )
        .bind::<diesel::sql_types::Text, _>(id)
        .execute(conn)
        .await
    })
    .await
    .unwrap();
}

fn chess_body(place: &str, title: &str) -> Value {
    let mut body = common::aktiviteter::activity_body(place, title);
    body["description"] = "Vi spiller sjakk hver uke.".into();
    body["tags"] = serde_json::json!(["brettspill"]);
    body
}

async fn search(app: &TestApp, query: &str) -> Value {
    app.get(&format!("/api/v1/activities?{query}"), None)
        .await
        .json()
        .await
        .unwrap()
}

/// The titles of an answer's items, sorted (activities with the same
/// times come in the order of their random ids).
async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let mut titles: Vec<String> = search(app, query).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    titles
}

/// A sign-up makes the servers forget only the kept answers that show the
/// activity, or that filter by free places; the others stay kept, and
/// those that show it have their rows read again.
#[tokio::test]
async fn a_sign_up_forgets_only_the_answers_it_changes() {
    use common::aktiviteter::{activity_body, approved_org, child_signup, draft, published};
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let football = published(
        &app,
        &owner,
        &org,
        activity_body(&place, "Fotball for alle"),
    )
    .await;
    let chess = published(&app, &owner, &org, chess_body(&place, "Sjakk for alle")).await;
    let more_chess = draft(
        &app,
        &owner,
        &org,
        chess_body(&place, "Sjakk for viderekomne"),
    )
    .await;
    let kept = vec!["Sjakk for alle".to_owned()];
    let searched = vec![
        "Sjakk for alle".to_owned(),
        "Sjakk for viderekomne".to_owned(),
    ];
    assert_eq!(titles(&app, "q=sjakk").await, kept);
    assert_eq!(titles(&app, "q=sjakk&has_free_places=true").await, kept);
    // One item per occurrence: chess three times.
    let by_occurrence = "q=sjakk&occurrences=true&per_page=3";
    assert_eq!(titles(&app, by_occurrence).await, [kept[0].as_str(); 3]);
    silently_publish(&app, &more_chess).await;

    // A sign-up for football: the chess answers are kept, the football one
    // shows the place taken.
    let parent = app.citizen().await;
    assert!(child_signup(&app, &parent, &football, "Ola")
        .await
        .status()
        .is_success());
    assert_eq!(
        titles(&app, "q=sjakk").await,
        kept,
        "a sign-up for another activity made the answer be searched again"
    );
    let page = search(&app, "q=fotball").await;
    assert_eq!(page["items"][0]["signup"]["free_places"], 4, "{page}");
    assert_eq!(titles(&app, "q=sjakk&has_free_places=true").await, kept);
    // Football fills up: the answers filtered by free places are searched
    // again (an activity may have left them); the others are not.
    for child in ["Per", "Pål", "Espen", "Askeladden"] {
        assert!(child_signup(&app, &parent, &football, child)
            .await
            .status()
            .is_success());
    }
    assert_eq!(titles(&app, "q=sjakk&has_free_places=true").await, searched);
    assert_eq!(titles(&app, "q=sjakk").await, kept);
    let page = search(&app, "q=fotball").await;
    assert_eq!(page["items"][0]["signup"]["free_places"], 0, "{page}");

    // A sign-up for chess: its answer shows the place taken. The same
    // activities in the same order, so only their rows are read again; the
    // answer is not searched again (the silently published one is not
    // seen).
    assert!(child_signup(&app, &parent, &chess, "Kari")
        .await
        .status()
        .is_success());
    let page = search(&app, "q=sjakk").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1, "{page}");
    assert_eq!(page["items"][0]["signup"]["free_places"], 4, "{page}");
    assert_eq!(page["items"][0]["signup"]["confirmed"], 1, "{page}");
    assert_eq!(page["total"], 1, "{page}");
    // The same when it shows chess once per occurrence.
    let page = search(&app, by_occurrence).await;
    for item in page["items"].as_array().unwrap() {
        assert_eq!(item["title"], "Sjakk for alle", "{page}");
        assert_eq!(item["signup"]["confirmed"], 1, "{page}");
    }

    // A change to anything: searched again.
    change_everything(&app).await;
    let mut again = false;
    for _ in 0..100 {
        if titles(&app, "q=sjakk").await == searched {
            again = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(again, "the kept answer outlived a change to everything");
}

async fn change_everything(app: &TestApp) {
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    diesel::sql_query("UPDATE organizations SET name = name || '.'")
        .execute(&mut conn)
        .await
        .unwrap();
}

/// An organizer's edit of what a result shows (the title, the
/// description) makes the servers forget only the answers that show the
/// activity, which read its row again, and the answers to a free text that
/// a changed word may match; an edit of a draft, none; an edit of what
/// answers filter by (the ages), all.
#[tokio::test]
async fn an_edit_forgets_only_the_answers_that_show_it() {
    use common::aktiviteter::{activity_body, approved_org, draft, published};
    let app = TestApp::spawn().await;
    let (club, club_id, field) = approved_org(&app, "Heggedal IL").await;
    let (chess_club, chess_club_id, hall) = approved_org(&app, "Asker Sjakklubb").await;
    let football = published(
        &app,
        &club,
        &club_id,
        activity_body(&field, "Fotball for alle"),
    )
    .await;
    let chess = published(
        &app,
        &chess_club,
        &chess_club_id,
        chess_body(&hall, "Sjakk for alle"),
    )
    .await;
    let more_football = draft(
        &app,
        &club,
        &club_id,
        activity_body(&field, "Fotball for viderekomne"),
    )
    .await;
    let more_chess = draft(
        &app,
        &chess_club,
        &chess_club_id,
        chess_body(&hall, "Sjakk for viderekomne"),
    )
    .await;
    let dance = draft(
        &app,
        &chess_club,
        &chess_club_id,
        activity_body(&hall, "Dans"),
    )
    .await;
    let chess_answer = format!("organization={chess_club_id}");
    let football_answer = format!("organization={club_id}");
    for query in [&chess_answer, &football_answer, "q=sjakk", "q=fotball"] {
        assert_eq!(titles(&app, query).await.len(), 1, "{query}");
    }
    silently_publish(&app, &more_football).await;
    silently_publish(&app, &more_chess).await;
    let edit = async |owner: &common::Client, id: &str, body: Value| {
        let res = app
            .request(
                reqwest::Method::PUT,
                &format!("/api/v1/activities/{id}"),
                Some(owner.token()),
                Some(body),
            )
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
    };

    // A draft's edit: nothing forgotten.
    edit(&chess_club, &dance, activity_body(&hall, "Dans for alle")).await;
    assert_eq!(titles(&app, &chess_answer).await, ["Sjakk for alle"]);

    // Football's title edited (same schedule, same filters): the word
    // "barn" added.
    edit(
        &club,
        &football,
        activity_body(&field, "Fotball for alle barn"),
    )
    .await;
    // Not shown, no free text: kept.
    assert_eq!(titles(&app, &chess_answer).await, ["Sjakk for alle"]);
    // Shown: its row read again, not searched again.
    assert_eq!(
        titles(&app, &football_answer).await,
        ["Fotball for alle barn"]
    );
    // A free text that "barn" cannot match: kept, or read again.
    assert_eq!(titles(&app, "q=sjakk").await, ["Sjakk for alle"]);
    assert_eq!(titles(&app, "q=fotball").await, ["Fotball for alle barn"]);
    // A word that the free text matches: searched again; the other not.
    let mut body = chess_body(&hall, "Sjakk for alle");
    body["description"] = "Vi spiller sjakk hver uke. Ta med sjakkbrett.".into();
    edit(&chess_club, &chess, body).await;
    assert_eq!(
        titles(&app, "q=sjakk").await,
        ["Sjakk for alle", "Sjakk for viderekomne"]
    );
    assert_eq!(titles(&app, "q=fotball").await, ["Fotball for alle barn"]);
    assert_eq!(titles(&app, &chess_answer).await, ["Sjakk for alle"]);

    // The ages edited: what answers filter by, so every answer is searched
    // again.
    let mut older = chess_body(&hall, "Sjakk for alle");
    older["age_max"] = 13.into();
    edit(&chess_club, &chess, older).await;
    assert_eq!(
        titles(&app, &chess_answer).await,
        ["Sjakk for alle", "Sjakk for viderekomne"]
    );
    assert_eq!(titles(&app, &football_answer).await.len(), 2);
}

/// The only item of the search for "fotball".
async fn first(app: &TestApp) -> Value {
    let page: Value = app
        .get("/api/v1/activities?q=fotball", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");
    page["items"][0].clone()
}

/// A broad search counts up to 1,000 and says there are more; the pages
/// go on while they are full; a narrow one is counted exactly.
#[tokio::test]
async fn a_broad_search_counts_to_a_thousand_and_says_more_match() {
    let app = TestApp::spawn().await;
    let organizer = app.citizen().await;
    let mut conn = app.conn().await;
    fritid_api::seed::aktiviteter::seed(&mut conn, organizer.id().parse().unwrap(), 40, 1200)
        .await
        .unwrap();
    let res = app
        .get("/api/v1/activities?per_page=100&page=10", None)
        .await;
    let link = res.headers()["link"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["total"], 1000, "{}", body["total"]);
    assert_eq!(body["total_capped"], true);
    assert_eq!(body["items"].as_array().unwrap().len(), 100);
    // More than a thousand match: the tenth page of 100 links to an eleventh.
    assert!(link.contains("page=11"), "{link}");
    let eleventh: Value = app
        .get("/api/v1/activities?per_page=100&page=11", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(!eleventh["items"].as_array().unwrap().is_empty());

    let narrow: Value = app
        .get("/api/v1/activities?district=saetre&per_page=1", None)
        .await
        .json()
        .await
        .unwrap();
    let all = all(&app, "district=saetre").await;
    assert_eq!(narrow["total"], all.len());
    assert_eq!(narrow["total_capped"], false);
}
