//! Pictures of activities and organizations: what an organizer uploads is
//! checked by its content, stored without the camera's metadata in the sizes
//! the pages need, and shown to the public; bad uploads leave nothing behind.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::aktiviteter::{activity_body, approved_org, published};
use common::images::{jpeg, png, upload};
use common::{field_errors, problem, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

/// A phone photo: a JPEG carrying an Exif segment with a (fake) GPS position
/// and camera name right after the start-of-image marker.
fn jpeg_with_exif(secret: &str) -> Vec<u8> {
    let plain = jpeg(800, 600);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    payload.extend_from_slice(secret.as_bytes());
    let len = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1, len[0], len[1]]);
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

async fn picture_count(app: &TestApp) -> i64 {
    fritid_db::images::count(&mut app.conn().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_uploaded_picture_is_shown_in_every_size_without_the_cameras_metadata() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Skileik")).await;

    let secret = "GPS 59.7812N 10.4301E Pixel-7a";
    let res = upload(
        &app,
        &format!("/api/v1/activities/{id}/image"),
        &owner,
        Some("  Barn i skiløypa i Heggedal  "),
        "image/jpeg",
        jpeg_with_exif(secret),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let activity: Value = res.json().await.unwrap();
    let image = &activity["image"];
    assert_eq!(image["alt"], "Barn i skiløypa i Heggedal");

    // The public sees it, on the page and in the search results.
    let public: Value = app
        .get(&format!("/api/v1/activities/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["image"], *image);
    let found: Value = app
        .get("/api/v1/activities?q=Skileik", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["items"][0]["image"], *image);

    for (url, size) in [
        (image["card_url"].as_str().unwrap().to_owned(), (640, 360)),
        (image["page_url"].as_str().unwrap().to_owned(), (1280, 720)),
        (
            image["card_url"]
                .as_str()
                .unwrap()
                .replace("card.jpg", "og.jpg"),
            (1200, 630),
        ),
    ] {
        let res = app.get(&url, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert!(res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"));
        let bytes = res.bytes().await.unwrap();
        let shown = image::load_from_memory(&bytes).unwrap();
        assert_eq!((shown.width(), shown.height()), size, "{url}");
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(!has(b"Exif"), "{url} keeps an Exif segment");
        assert!(!has(secret.as_bytes()), "{url} keeps the camera's metadata");
    }
    let unknown_size = image["card_url"]
        .as_str()
        .unwrap()
        .replace("card.jpg", "original.jpg");
    assert_eq!(
        app.get(&unknown_size, None).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_type_comes_from_the_content_and_bad_uploads_leave_nothing() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Asker Turn").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Turn")).await;
    let path = format!("/api/v1/activities/{id}/image");

    // A PNG declared as JPEG is a PNG, and fine.
    let res = upload(
        &app,
        &path,
        &owner,
        Some("Grønn flate"),
        "image/jpeg",
        png(400, 300),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(picture_count(&app).await, 1);

    // A text file declared as a picture, without alt text: both fields named at once.
    let res = upload(
        &app,
        &path,
        &owner,
        None,
        "image/png",
        b"hello, not a picture".to_vec(),
    )
    .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let errors = field_errors(&p);
    assert!(
        errors.contains(&("alt".into(), "required".into())),
        "{errors:?}"
    );
    assert!(
        errors.contains(&("file".into(), "unsupported_image_type".into())),
        "{errors:?}"
    );
    let res = upload(
        &app,
        &path,
        &owner,
        Some("Tekst"),
        "image/png",
        b"hello".to_vec(),
    )
    .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_errors(&p),
        vec![("file".into(), "unsupported_image_type".into())]
    );

    // Too small to show, damaged, and too large.
    let res = upload(
        &app,
        &path,
        &owner,
        Some("Liten"),
        "image/png",
        png(120, 80),
    )
    .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_errors(&p),
        vec![("file".into(), "image_too_small".into())]
    );
    let mut damaged = jpeg(600, 400);
    damaged.truncate(300);
    let res = upload(&app, &path, &owner, Some("Skadet"), "image/jpeg", damaged).await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_errors(&p),
        vec![("file".into(), "unreadable_image".into())]
    );
    let mut huge = png(400, 300);
    huge.resize(10 * 1024 * 1024 + 1, 0);
    let res = upload(&app, &path, &owner, Some("Stor"), "image/png", huge).await;
    problem(res, StatusCode::PAYLOAD_TOO_LARGE).await;

    // Someone outside the organization may not change it.
    let stranger = app.citizen().await;
    let res = upload(
        &app,
        &path,
        &stranger,
        Some("Min"),
        "image/png",
        png(400, 300),
    )
    .await;
    problem(res, StatusCode::FORBIDDEN).await;

    assert_eq!(
        picture_count(&app).await,
        1,
        "a refused upload stored a picture"
    );
    let still: Value = app
        .get(&format!("/api/v1/activities/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["image"]["alt"], "Grønn flate");
}

#[tokio::test]
async fn a_replaced_or_removed_picture_is_gone() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Røyken Kor").await;
    let id = published(&app, &owner, &org, activity_body(&place, "Barnekor")).await;
    let path = format!("/api/v1/activities/{id}/image");
    let first: Value = upload(
        &app,
        &path,
        &owner,
        Some("Koret synger"),
        "image/jpeg",
        jpeg(640, 480),
    )
    .await
    .json()
    .await
    .unwrap();
    let first_url = first["image"]["card_url"].as_str().unwrap().to_owned();
    let second: Value = upload(
        &app,
        &path,
        &owner,
        Some("Koret på scenen"),
        "image/jpeg",
        jpeg(640, 480),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_ne!(second["image"]["card_url"], first["image"]["card_url"]);
    assert_eq!(
        app.get(&first_url, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(picture_count(&app).await, 1);

    let res = app
        .request(reqwest::Method::DELETE, &path, Some(owner.token()), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let removed: Value = res.json().await.unwrap();
    assert!(removed["image"].is_null());
    let second_url = second["image"]["card_url"].as_str().unwrap();
    assert_eq!(
        app.get(second_url, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(picture_count(&app).await, 0);
}

#[tokio::test]
async fn an_organization_shows_its_picture_in_the_public_list() {
    let app = TestApp::spawn().await;
    let (owner, org, _) = approved_org(&app, "Sætre Sjakklubb").await;
    let res = upload(
        &app,
        &format!("/api/v1/organizations/{org}/image"),
        &owner,
        Some("Sjakkbrett med brikker"),
        "image/png",
        png(500, 500),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = app
        .get("/api/v1/organizations", None)
        .await
        .json()
        .await
        .unwrap();
    let shown = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == org.as_str())
        .unwrap();
    assert_eq!(shown["image"]["alt"], "Sjakkbrett med brikker");
    let url = shown["image"]["card_url"].as_str().unwrap();
    assert_eq!(app.get(url, None).await.status(), StatusCode::OK);

    // A member who is not its administrator may not change it.
    let stranger = app.citizen().await;
    let res = upload(
        &app,
        &format!("/api/v1/organizations/{org}/image"),
        &stranger,
        Some("Annet"),
        "image/png",
        png(500, 500),
    )
    .await;
    problem(res, StatusCode::FORBIDDEN).await;
}
