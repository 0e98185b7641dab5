//! What the server says about the public site without the app: robots.txt,
//! the sitemap, and activity pages whose HTML carries the preview.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::aktiviteter::{activity_body, approved_org, published};
use common::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

/// The real index.html, so the markers the server fills are there.
fn use_real_index(app: &TestApp) {
    std::fs::write(
        app.static_dir.join("index.html"),
        include_str!("../../../frontend/public/index.html"),
    )
    .unwrap();
}

#[tokio::test]
async fn robots_txt_points_at_the_sitemap_and_keeps_private_pages_out() {
    let app = TestApp::spawn().await;
    let res = app.get("/robots.txt", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
    let text = res.text().await.unwrap();
    assert!(text.starts_with("User-agent: *\nAllow: /\n"), "{text}");
    for private in ["Disallow: /api/", "Disallow: /min-side", "Disallow: /admin"] {
        assert!(text.contains(private), "{text}");
    }
    assert!(text.contains("Sitemap: http://127.0.0.1:8080/sitemap.xml"));
}

#[tokio::test]
async fn the_sitemap_lists_public_activities_with_their_last_change_and_no_drafts() {
    let app = TestApp::spawn().await;
    let (owner, org, place) = approved_org(&app, "Heggedal IL").await;
    let public = published(&app, &owner, &org, activity_body(&place, "Allidrett")).await;
    let draft: Value = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            activity_body(&place, "Hemmelig utkast"),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app.get("/sitemap.xml", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    let xml = res.text().await.unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<url><loc>http://127.0.0.1:8080/aktiviteter</loc></url>"));
    let entry = format!("<url><loc>http://127.0.0.1:8080/aktiviteter/{public}</loc><lastmod>");
    assert!(xml.contains(&entry), "{xml}");
    let lastmod = xml
        .split(&entry)
        .nth(1)
        .unwrap()
        .split("</lastmod>")
        .next()
        .unwrap();
    chrono::DateTime::parse_from_rfc3339(lastmod).unwrap();
    assert!(!xml.contains(draft["id"].as_str().unwrap()));
    // The organization's page (its activities), last changed with its newest activity.
    let org_entry = format!(
        "<url><loc>http://127.0.0.1:8080/aktiviteter?organization={org}</loc><lastmod>{lastmod}</lastmod></url>"
    );
    assert!(xml.contains(&org_entry), "{xml}");
    // One with nothing public is not listed.
    let (_, quiet, _) = approved_org(&app, "Stille Lag").await;
    let xml = app.get("/sitemap.xml", None).await.text().await.unwrap();
    assert!(!xml.contains(&quiet), "{xml}");
}

#[tokio::test]
async fn a_shared_activity_link_carries_its_preview_and_an_unknown_one_is_404() {
    let app = TestApp::spawn().await;
    use_real_index(&app);
    let (owner, org, place) = approved_org(&app, "Asker Sjakklubb").await;
    let id = published(
        &app,
        &owner,
        &org,
        activity_body(&place, "Sjakk for nybegynnere"),
    )
    .await;

    // Fetched as a chat app or a crawler does: no JavaScript.
    let res = app.get(&format!("/aktiviteter/{id}"), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Sjakk for nybegynnere – Fritid Asker</title>"));
    assert!(html.contains("<meta property=\"og:title\" content=\"Sjakk for nybegynnere\">"));
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"http://127.0.0.1:8080/aktiviteter/{id}\">"
    )));
    assert!(html.contains("<h1>Sjakk for nybegynnere</h1>"));
    assert!(!html.contains("<title>Fritid – Asker kommune</title>"));
    let json = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let event: Value = serde_json::from_str(json).unwrap();
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["name"], "Sjakk for nybegynnere");
    assert_eq!(event["organizer"]["name"], "Asker Sjakklubb");
    assert!(event["startDate"].is_string());
    // The app still loads on it.
    assert!(html.contains("<script type=\"module\" src=\"/boot.js\"></script>"));

    // Unknown, malformed and draft ids: the app's page with 404.
    let draft: Value = app
        .post(
            &format!("/api/v1/organizations/{org}/activities"),
            Some(owner.token()),
            activity_body(&place, "Utkast"),
        )
        .await
        .json()
        .await
        .unwrap();
    for path in [
        format!("/aktiviteter/{}", uuid::Uuid::new_v4()),
        "/aktiviteter/ikke-en-id".to_owned(),
        format!("/aktiviteter/{}", draft["id"].as_str().unwrap()),
    ] {
        let res = app.get(&path, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("<title>Fritid – Asker kommune</title>"),
            "{path}"
        );
        assert!(!html.contains("Utkast"));
    }
}

#[tokio::test]
async fn the_activity_list_comes_with_its_first_activities_drawn_by_the_server() {
    let app = TestApp::spawn().await;
    use_real_index(&app);
    let (owner, org, place) = approved_org(&app, "Vollen Korps").await;
    let id = published(
        &app,
        &owner,
        &org,
        activity_body(&place, "Korps for <alle>"),
    )
    .await;

    let res = app.get("/aktiviteter", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let html = res.text().await.unwrap();
    assert!(html.contains("<h1>Aktiviteter</h1>"), "{html}");
    assert!(html.contains("Fant én aktivitet."));
    assert!(html.contains(&format!(
        "<a href=\"/aktiviteter/{id}\">Korps for &lt;alle&gt;</a>"
    )));
    assert!(!html.contains("Laster …"));

    // With filters the app draws the list itself.
    let html = app
        .get("/aktiviteter?q=korps", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<ul class=\"results\">"));
    assert!(html.contains("Laster …"));
}
