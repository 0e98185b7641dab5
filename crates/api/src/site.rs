//! What the server itself says about the public site: `robots.txt`,
//! `sitemap.xml`, and the HTML of an activity's page with its title,
//! description, OpenGraph tags and schema.org JSON-LD filled in, so a shared
//! link shows a proper preview and search engines understand the page
//! without running the app, and the first activities of `/aktiviteter` in
//! its HTML. The app then takes over as on any other page.

use crate::config::Config;
use crate::platform::templates::when;
use crate::state::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::SecondsFormat;
use fritid_db::pages::{self, ActivityPage};
use fritid_db::search::TOTAL_COUNTED;
use fritid_domain::image::{
    illustration_path, illustration_preview_path, image_path, ImageVariant,
};
use minijinja::{AutoEscape, Environment};
use std::sync::LazyLock;
use uuid::Uuid;

/// Pages nobody should find through a search engine.
const PRIVATE_PREFIXES: &[&str] = &[
    "/api/",
    "/min-side",
    "/mine-pameldinger",
    "/arrangor",
    "/admin",
    "/saksbehandling",
    "/utlansdesk",
    "/logg-inn",
    "/registrer",
    "/bekreft-e-post",
];

/// Public pages that are always there.
const STATIC_PAGES: &[&str] = &[
    "/",
    "/aktiviteter",
    "/bamsefondet",
    "/utlan",
    "/personvern",
    "/tilgjengelighet",
];

/// A sitemap file holds at most 50,000 addresses.
const SITEMAP_MAX: i64 = 50_000 - STATIC_PAGES.len() as i64;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/robots.txt", web::get().to(robots))
        .route("/sitemap.xml", web::get().to(sitemap))
        .route("/", web::get().to(front_page))
        .route("/aktiviteter", web::get().to(activity_list_page))
        .route("/aktiviteter/{id}", web::get().to(activity_page));
}

/// How many activities the first view of `/aktiviteter` shows (the app's
/// first page is the same size).
const FIRST_VIEW: i64 = 20;

const LIST: &str = r#"<h1>{{ w.title }}</h1>
      <p class="lead">{{ w.intro }}</p>
      <form class="search" role="search" action="/aktiviteter" method="get">
        <div class="field search-text">
          <label for="boot-q">{{ w.search }}</label>
          <div class="search-row"><input id="boot-q" name="q" type="search"><button type="submit" class="primary">{{ w.submit }}</button></div>
        </div>
        <details class="filters"><summary>{{ w.more }}</summary><p>{{ w.more_later }}</p></details>
      </form>
      <p class="result-count">{% if total == 1 %}{{ w.found_one }}{% else %}{{ w.found_many }}{% endif %}</p>
      <ul class="results">
      {% for a in items %}<li><article class="card">{% if a.image %}<img class="card-picture" src="{{ a.image }}" alt="{{ a.image_alt }}" width="640" height="360"{% if not loop.first %} loading="lazy"{% endif %}>{% else %}<img class="card-picture" src="{{ a.illustration }}" alt="" width="640" height="360">{% endif %}<h2 class="card-title"><a href="/aktiviteter/{{ a.id }}">{{ a.title }}</a></h2><p>{{ a.facts }}</p></article></li>
      {% endfor %}</ul>"#;

/// The front page's first view: the app's own words, read from its locale
/// files (one `key = text` line each).
const FRONT: &str = r#"<h1>{{ t["home-title"] }}</h1>
      <p class="lead">{{ t["home-intro"] }}</p>
      <ul class="areas">
        <li><h2><a href="/aktiviteter">{{ t["nav-activities"] }}</a></h2><p>{{ t["home-activities-text"] }}</p></li>
        <li><h2><a href="/bamsefondet">{{ t["nav-fund"] }}</a></h2><p>{{ t["home-fund-text"] }}</p></li>
        <li><h2><a href="/utlan">{{ t["nav-lending"] }}</a></h2><p>{{ t["home-lending-text"] }}</p></li>
      </ul>"#;

/// The simple messages (`key = text`) of the app's locale file for `lang`.
fn app_words(lang: &str) -> std::collections::BTreeMap<&'static str, &'static str> {
    let file = if lang == "en" {
        include_str!("../../../frontend/locales/en.ftl")
    } else {
        include_str!("../../../frontend/locales/nb.ftl")
    };
    file.lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(key, _)| !key.starts_with([' ', '#', '[', '*']))
        .collect()
}

/// `/`: the app's page with the front page already drawn, in the browser's
/// language, so the first thing on screen is the page itself.
async fn front_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, crate::ApiError> {
    let Some(index) = citizen_index(&state).await else {
        return Ok(crate::spa::not_built());
    };
    let lang = browser_language(&req).lang;
    let body = PREVIEW
        .get_template("front")
        .and_then(|t| t.render(minijinja::context! { t => app_words(lang) }))
        .map_err(|e| crate::ApiError::internal(anyhow::anyhow!("front page: {e}")))?;
    let html = replace_between(&index, "<!--fritid:body-->", "<!--/fritid:body-->", &body)
        .replacen("<html lang=\"nb\">", &format!("<html lang=\"{lang}\">"), 1);
    Ok(app_page(&req, StatusCode::OK, html))
}

/// The words of the first view of `/aktiviteter`, as the app says them
/// (frontend/locales; a test compares them).
struct ListWords {
    lang: &'static str,
    title: &'static str,
    intro: &'static str,
    search: &'static str,
    submit: &'static str,
    more: &'static str,
    more_later: &'static str,
    found_one: &'static str,
    /// With `{count}`.
    found_many: &'static str,
    /// With `{count}`: the count stopped there (`total_capped`).
    found_over: &'static str,
    free: &'static str,
}

const NB: ListWords = ListWords {
    lang: "nb",
    title: "Aktiviteter",
    intro: "Finn noe å gjøre i nærheten av deg. Mange aktiviteter er gratis, og mange kan du bare møte opp på.",
    search: "Søk etter aktivitet",
    submit: "Søk",
    more: "Flere valg",
    more_later: "Flere valg kommer når siden er lastet.",
    found_one: "Fant én aktivitet.",
    found_many: "Fant {count} aktiviteter.",
    found_over: "Fant over {count} aktiviteter.",
    free: "Gratis",
};

const EN: ListWords = ListWords {
    lang: "en",
    title: "Activities",
    intro:
        "Find something to do near you. Many activities are free, and at many you can just show up.",
    search: "Search for an activity",
    submit: "Search",
    more: "More options",
    more_later: "More options appear once the page has loaded.",
    found_one: "Found one activity.",
    found_many: "Found {count} activities.",
    found_over: "Found more than {count} activities.",
    free: "Free",
};

/// The browser's language as the app picks it on a first visit: the first
/// of Norwegian or English in `Accept-Language`, else Norwegian.
fn browser_language(req: &HttpRequest) -> &'static ListWords {
    let header = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for tag in header.split(',') {
        let primary = tag
            .split([';', '-', '_'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "nn" | "no" => return &NB,
            "en" => return &EN,
            _ => {}
        }
    }
    &NB
}

/// `/aktiviteter` without filters: the app's page with the first activities
/// already in it, drawn by the server, so a phone on a slow network shows
/// them (as plain links) while the app is still loading; the app then
/// draws the same list. With filters the app alone draws it.
async fn activity_list_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, crate::ApiError> {
    let Some(index) = citizen_index(&state).await else {
        return Ok(crate::spa::not_built());
    };
    let html = if req.query_string().is_empty() {
        // A page load carries no token: the anonymous view.
        let (mut conn, _) = state.read_conn(false).await?;
        let filter = fritid_db::search::SearchFilter {
            from: Some(chrono::Utc::now()),
            // As the API counts (`total_capped`), so both say the same.
            count_up_to: Some(TOTAL_COUNTED),
            ..Default::default()
        };
        let (rows, total) = fritid_db::search::search(&mut conn, &filter, FIRST_VIEW, 0).await?;
        let w = browser_language(&req);
        let (total, found) = if total > TOTAL_COUNTED {
            (TOTAL_COUNTED, w.found_over)
        } else {
            (total, w.found_many)
        };
        let items: Vec<_> = rows
            .iter()
            .map(|r| {
                let mut facts = Vec::new();
                if let Some(start) = r.next_starts_at {
                    facts.push(when(start.to_rfc3339(), w.lang.into()).unwrap_or_default());
                }
                facts.push(r.place_name.clone());
                facts.push(if r.total_cost_nok == 0 {
                    w.free.to_owned()
                } else {
                    price(r.total_cost_nok)
                });
                minijinja::context! {
                    id => r.id.to_string(),
                    title => if w.lang == "en" { r.title_en.as_deref().unwrap_or(&r.title) } else { &r.title },
                    facts => facts.join(" · "),
                    illustration => illustration_path(&r.category),
                    image => r.image_id.map(|id| image_path(id, ImageVariant::Card)),
                    image_alt => r.image_alt,
                }
            })
            .collect();
        let body = PREVIEW
            .get_template("list")
            .and_then(|t| {
                t.render(minijinja::context! {
                    total => total,
                    items => items,
                    w => minijinja::context! {
                        title => w.title, intro => w.intro, search => w.search,
                        submit => w.submit, more => w.more, more_later => w.more_later,
                        found_one => w.found_one,
                        found_many => found.replace("{count}", &total.to_string()),
                    },
                })
            })
            .map_err(|e| crate::ApiError::internal(anyhow::anyhow!("first view: {e}")))?;
        let html = replace_between(&index, "<!--fritid:body-->", "<!--/fritid:body-->", &body);
        html.replacen(
            "<html lang=\"nb\">",
            &format!("<html lang=\"{}\">", w.lang),
            1,
        )
    } else {
        index
    };
    Ok(app_page(&req, StatusCode::OK, html))
}

/// The citizens' app page (`index.html`) to fill in; `None` when the web
/// app is not built.
async fn citizen_index(state: &AppState) -> Option<String> {
    tokio::fs::read_to_string(state.config.static_dir.join("index.html"))
        .await
        .ok()
}

/// The app's page as HTML the browser checks again on every visit (HEAD:
/// the same without the body).
fn app_page(req: &HttpRequest, status: StatusCode, html: String) -> HttpResponse {
    let body = if req.method() == actix_web::http::Method::HEAD {
        String::new()
    } else {
        html
    };
    let mut res = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

fn base_url(config: &Config) -> &str {
    config.public_url.trim_end_matches('/')
}

async fn robots(state: web::Data<AppState>) -> HttpResponse {
    let mut body = String::from("User-agent: *\nAllow: /\n");
    for prefix in PRIVATE_PREFIXES {
        body.push_str(&format!("Disallow: {prefix}\n"));
    }
    body.push_str(&format!(
        "\nSitemap: {}/sitemap.xml\n",
        base_url(&state.config)
    ));
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

async fn sitemap(state: web::Data<AppState>) -> Result<HttpResponse, crate::ApiError> {
    let (mut conn, _) = state.read_conn(false).await?;
    let activities = pages::sitemap_activities(&mut conn, SITEMAP_MAX).await?;
    let room = SITEMAP_MAX - i64::try_from(activities.len()).unwrap_or(SITEMAP_MAX);
    let organizations = pages::sitemap_organizations(&mut conn, room.max(0)).await?;
    let base = xml_escape(base_url(&state.config));
    let mut xml = String::with_capacity(200 + activities.len() * 140);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in STATIC_PAGES {
        xml.push_str(&format!("<url><loc>{base}{page}</loc></url>\n"));
    }
    for a in activities {
        xml.push_str(&format!(
            "<url><loc>{base}/aktiviteter/{}</loc><lastmod>{}</lastmod></url>\n",
            a.id,
            a.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true)
        ));
    }
    // An organization's page is the activity list filtered to it.
    for o in organizations {
        xml.push_str(&format!(
            "<url><loc>{base}/aktiviteter?organization={}</loc><lastmod>{}</lastmod></url>\n",
            o.id,
            o.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true)
        ));
    }
    xml.push_str("</urlset>\n");
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(xml))
}

static PREVIEW: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    // The sources are constants of this file; a mistake fails the tests.
    let _ = env.add_template("head", HEAD);
    let _ = env.add_template("body", BODY);
    let _ = env.add_template("list", LIST);
    let _ = env.add_template("front", FRONT);
    env
});

const HEAD: &str = r#"<title>{{ title }} – Fritid Asker</title>
  <meta name="description" content="{{ summary }}">
  <link rel="canonical" href="{{ url }}">
  <meta property="og:type" content="website">
  <meta property="og:site_name" content="Fritid – Asker kommune">
  <meta property="og:locale" content="nb_NO">
  <meta property="og:title" content="{{ title }}">
  <meta property="og:description" content="{{ summary }}">
  <meta property="og:url" content="{{ url }}">
  <meta property="og:image" content="{{ image }}">
  <meta property="og:image:width" content="1200">
  <meta property="og:image:height" content="630">
  {% if image_alt %}<meta property="og:image:alt" content="{{ image_alt }}">
  {% endif %}<meta name="twitter:card" content="summary_large_image">
  <script type="application/ld+json">{{ json_ld }}</script>"#;

const BODY: &str = r#"<h1>{{ title }}</h1>
      <p class="boot-facts">{{ facts }}</p>
      {% if notice %}<p><strong>{{ notice }}</strong></p>{% endif %}
      {% if picture %}<img class="picture picture-large" src="{{ picture }}" alt="{{ image_alt }}" width="640" height="360">{% else %}<img class="picture picture-large picture-illustration" src="{{ illustration }}" alt="" width="640" height="360">{% endif %}
      <p>{{ description }}</p>"#;

/// The first characters of `text` up to `max`, cut at a word.
fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', '.', ';', ':']))
}

/// "Gratis", or what it costs in all (a free activity may still need
/// equipment that costs money).
fn price(total_cost_nok: i32) -> String {
    if total_cost_nok == 0 {
        "Gratis".to_owned()
    } else {
        format!("{total_cost_nok} kr")
    }
}

fn ages(page: &ActivityPage) -> String {
    if page.age_min == 0 && page.age_max >= 99 {
        "Alle aldre".to_owned()
    } else if page.age_max >= 99 {
        format!("Fra {} år", page.age_min)
    } else {
        format!("{}–{} år", page.age_min, page.age_max)
    }
}

/// The schema.org Event (https://schema.org/Event) for search engines.
fn json_ld(page: &ActivityPage, url: &str, base_url: &str) -> serde_json::Value {
    let status = match page.status.as_str() {
        "cancelled" | "withdrawn" => "https://schema.org/EventCancelled",
        "postponed" => "https://schema.org/EventPostponed",
        _ => "https://schema.org/EventScheduled",
    };
    let mut event = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": shorten(&page.description, 500),
        "url": url,
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": page.is_free,
        "typicalAgeRange": format!("{}-{}", page.age_min, page.age_max),
        "location": {
            "@type": "Place",
            "name": page.place_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": page.place_address,
                "addressLocality": page.district_name,
                "addressRegion": "Asker",
                "addressCountry": "NO",
            },
        },
        "organizer": { "@type": "Organization", "name": page.organization_name },
        "offers": {
            "@type": "Offer",
            "price": if page.is_free { 0 } else { page.total_cost_nok },
            "priceCurrency": "NOK",
            "url": url,
        },
    });
    if let Some(image) = page.image_id {
        event["image"] = format!("{base_url}{}", image_path(image, ImageVariant::Og)).into();
    }
    if let Some(start) = page.next_start {
        event["startDate"] = start.to_rfc3339_opts(SecondsFormat::Secs, true).into();
    }
    if let Some(end) = page.next_end {
        event["endDate"] = end.to_rfc3339_opts(SecondsFormat::Secs, true).into();
    }
    event
}

/// JSON that can sit inside `<script>`: `<`, `>` and `&` only occur in
/// strings, where their `\u` escapes mean the same.
fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// index.html with the activity's head and first view put in place of the
/// generic ones (between the `<!--fritid:…-->` markers).
pub fn fill(index: &str, page: &ActivityPage, base_url: &str) -> Result<String, minijinja::Error> {
    let url = format!("{base_url}/aktiviteter/{}", page.id);
    let mut facts = Vec::new();
    if let Some(start) = page.next_start {
        facts.push(when(start.to_rfc3339(), "nb".into())?);
    }
    facts.push(format!("{}, {}", page.place_name, page.place_address));
    facts.push(price(page.total_cost_nok));
    facts.push(ages(page));
    let facts = facts.join(" · ");
    let summary = shorten(
        &format!(
            "{}. {} – {}",
            facts, page.organization_name, page.description
        ),
        200,
    );
    let notice = match page.status.as_str() {
        "cancelled" => Some("Avlyst"),
        "postponed" => Some("Utsatt"),
        "withdrawn" => Some("Avpublisert"),
        _ => None,
    };
    let ctx = minijinja::context! {
        title => page.title,
        summary => summary,
        // Ours (configuration and a UUID), so not escaped.
        url => minijinja::Value::from_safe_string(url.clone()),
        facts => facts,
        notice => notice,
        description => shorten(&page.description, 1000),
        // Its picture, or its category's drawing (chat apps read no SVG).
        image => minijinja::Value::from_safe_string(match page.image_id {
            Some(id) => format!("{base_url}{}", image_path(id, ImageVariant::Og)),
            None => format!("{base_url}{}", illustration_preview_path(&page.category)),
        }),
        image_alt => page.image_alt,
        picture => page.image_id.map(|id| image_path(id, ImageVariant::Page)),
        illustration => illustration_path(&page.category),
        json_ld => minijinja::Value::from_safe_string(script_json(&json_ld(page, &url, base_url))),
    };
    let head = PREVIEW.get_template("head")?.render(&ctx)?;
    let body = PREVIEW.get_template("body")?.render(&ctx)?;
    Ok(replace_between(
        &replace_between(index, "<!--fritid:head-->", "<!--/fritid:head-->", &head),
        "<!--fritid:body-->",
        "<!--/fritid:body-->",
        &body,
    ))
}

/// `html` with what lies between `start` and `end` replaced (markers kept);
/// unchanged when the markers are missing.
fn replace_between(html: &str, start: &str, end: &str, with: &str) -> String {
    match (html.find(start), html.find(end)) {
        (Some(a), Some(b)) if a + start.len() <= b => {
            format!("{}\n  {with}\n  {}", &html[..a + start.len()], &html[b..])
        }
        _ => html.to_owned(),
    }
}

/// `/aktiviteter/{id}`: the app's page, with the activity filled in; an
/// unknown id (or a draft) answers 404 with the app, which shows its
/// not-found page.
async fn activity_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, crate::ApiError> {
    let Some(index) = citizen_index(&state).await else {
        return Ok(crate::spa::not_built());
    };
    let page = match Uuid::parse_str(&id) {
        Ok(id) => {
            let (mut conn, _) = state.read_conn(false).await?;
            pages::public_activity(&mut conn, id).await?
        }
        Err(_) => None,
    };
    let (status, html) = match page {
        Some(page) => {
            let html = fill(&index, &page, base_url(&state.config))
                .map_err(|e| crate::ApiError::internal(anyhow::anyhow!("preview: {e}")))?;
            (StatusCode::OK, html)
        }
        None => (StatusCode::NOT_FOUND, index),
    };
    Ok(app_page(&req, status, html))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn page() -> ActivityPage {
        ActivityPage {
            id: Uuid::nil(),
            title: "Svømming <for> \"alle\" & co".into(),
            description: "Vi svømmer.</script><script>alert(1)</script> Ta med badetøy.".into(),
            status: "published".into(),
            organization_name: "Asker Svømmeklubb".into(),
            place_name: "Holmen svømmehall".into(),
            place_address: "Vogellund 1".into(),
            district_name: "Nesbru".into(),
            next_start: Some(Utc.with_ymd_and_hms(2027, 1, 12, 16, 30, 0).unwrap()),
            next_end: Some(Utc.with_ymd_and_hms(2027, 1, 12, 17, 30, 0).unwrap()),
            is_free: false,
            total_cost_nok: 450,
            age_min: 6,
            age_max: 12,
            updated_at: Utc::now(),
            image_id: None,
            image_alt: None,
            category: "idrett".into(),
        }
    }

    const INDEX: &str = "<head>\n<!--fritid:head-->\n<title>Fritid</title>\n<!--/fritid:head-->\n</head><body><main><!--fritid:body-->Laster<!--/fritid:body--></main></body>";

    #[test]
    fn the_first_view_uses_the_apps_own_words_in_both_languages() {
        // The server draws what the app draws next, in the same words (so
        // nothing changes size when the app takes over).
        let ftl = |text: &'static str, key: &str| {
            text.lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix(&format!("{key} = "))
                        .map(str::to_owned)
                })
                .or_else(|| {
                    // A variant of a selector (`[one] …`, `*[other] …`).
                    let variant = key.rsplit_once('.')?.1;
                    let key = key.rsplit_once('.')?.0;
                    let start = text.find(&format!("{key} = "))?;
                    text[start..].lines().find_map(|l| {
                        let l = l.trim().trim_start_matches('*');
                        l.strip_prefix(&format!("[{variant}] ")).map(str::to_owned)
                    })
                })
                .unwrap_or_else(|| panic!("{key} missing"))
        };
        for (w, file) in [
            (&NB, include_str!("../../../frontend/locales/nb.ftl")),
            (&EN, include_str!("../../../frontend/locales/en.ftl")),
        ] {
            assert_eq!(w.title, ftl(file, "activities-title"));
            assert_eq!(w.intro, ftl(file, "activities-intro"));
            assert_eq!(w.search, ftl(file, "filter-text"));
            assert_eq!(w.submit, ftl(file, "filter-submit"));
            assert_eq!(w.more, ftl(file, "filter-more"));
            assert_eq!(w.free, ftl(file, "price-free"));
            assert_eq!(w.found_one, ftl(file, "results-count.one"));
            assert_eq!(
                w.found_many,
                ftl(file, "results-count.other").replace("{ $count }", "{count}")
            );
            assert_eq!(
                w.found_over,
                ftl(file, "results-count-over").replace("{ $count }", "{count}")
            );
        }
    }

    #[test]
    fn the_front_page_is_drawn_in_the_apps_words() {
        for lang in ["nb", "en"] {
            let words = app_words(lang);
            let html = PREVIEW
                .get_template("front")
                .and_then(|t| t.render(minijinja::context! { t => words.clone() }))
                .unwrap();
            for key in [
                "home-title",
                "home-intro",
                "nav-activities",
                "home-fund-text",
                "home-lending-text",
            ] {
                let text = words.get(key).unwrap_or_else(|| panic!("{key} in {lang}"));
                assert!(html.contains(text), "{lang} {key}");
            }
        }
        assert_eq!(app_words("en").get("home-title"), Some(&"Leisure in Asker"));
    }

    #[test]
    fn the_browser_language_picks_the_words() {
        let lang = |value: &str| {
            let req = actix_web::test::TestRequest::default()
                .insert_header((header::ACCEPT_LANGUAGE, value))
                .to_http_request();
            browser_language(&req).lang
        };
        assert_eq!(lang("en-US,en;q=0.9"), "en");
        assert_eq!(lang("pl-PL, en;q=0.8, nb;q=0.5"), "en");
        assert_eq!(lang("nb-NO,nb;q=0.9,en;q=0.8"), "nb");
        assert_eq!(lang("no"), "nb");
        assert_eq!(lang("ar, uk"), "nb");
        assert_eq!(lang(""), "nb");
    }

    #[test]
    fn a_picture_becomes_the_large_link_preview_and_the_events_image() {
        // Without a picture: the category's drawing, as a JPEG.
        let plain = fill(INDEX, &page(), "https://fritid.asker.no").unwrap();
        assert!(plain.contains(
            "<meta property=\"og:image\" content=\"https://fritid.asker.no/og/idrett.jpg\">"
        ));
        assert!(!plain.contains("og:image:alt") && !plain.contains("\"image\":"));
        let mut with_picture = page();
        with_picture.image_id = Some(Uuid::from_u128(7));
        with_picture.image_alt = Some("Barn i bassenget <3".into());
        let html = fill(INDEX, &with_picture, "https://fritid.asker.no").unwrap();
        let og =
            "https://fritid.asker.no/api/v1/images/00000000-0000-0000-0000-000000000007/og.jpg";
        assert!(html.contains(&format!("<meta property=\"og:image\" content=\"{og}\">")));
        assert!(
            html.contains("<meta property=\"og:image:alt\" content=\"Barn i bassenget &lt;3\">")
        );
        assert!(html.contains("content=\"summary_large_image\""));
        assert!(html.contains(&format!("\"image\":\"{og}\"")));
    }

    #[test]
    fn the_page_carries_title_preview_tags_and_event_data_escaped() {
        let html = fill(INDEX, &page(), "https://fritid.asker.no").unwrap();
        assert!(!html.contains("<title>Fritid</title>") && !html.contains("Laster"));
        let title = "Svømming &lt;for&gt; &quot;alle&quot; &amp; co";
        assert!(html.contains(&format!("<title>{title} – Fritid Asker</title>")));
        assert!(html.contains(&format!("<meta property=\"og:title\" content=\"{title}\">")));
        assert!(html.contains(&format!("<h1>{title}</h1>")));
        assert!(html.contains(
            "<meta property=\"og:url\" content=\"https://fritid.asker.no/aktiviteter/00000000-0000-0000-0000-000000000000\">"
        ));
        assert!(html.contains(
            "tirsdag 12. januar kl. 17.30 · Holmen svømmehall, Vogellund 1 · 450 kr · 6–12 år"
        ));
        // Nothing from the data can close the JSON-LD script or open another.
        assert_eq!(html.matches("<script").count(), 1);
        assert_eq!(html.matches("</script>").count(), 1);
        let json = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap();
        let event: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(event["@type"], "Event");
        assert_eq!(event["name"], "Svømming <for> \"alle\" & co");
        assert_eq!(event["startDate"], "2027-01-12T16:30:00Z");
        assert_eq!(event["offers"]["price"], 450);
        assert_eq!(event["location"]["name"], "Holmen svømmehall");
        assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    }

    #[test]
    fn descriptions_are_shortened_at_a_word() {
        assert_eq!(shorten("en  to\ntre", 100), "en to tre");
        assert_eq!(shorten("alpha beta gamma", 12), "alpha beta…");
    }

    #[test]
    fn without_markers_the_page_is_left_alone() {
        assert_eq!(
            replace_between("<p>x</p>", "<!--a-->", "<!--/a-->", "y"),
            "<p>x</p>"
        );
    }
}
