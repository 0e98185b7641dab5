//! `GET /api/problems`: what each problem `code` means, one anchor per code.
//! Every problem's `type` links here (`/api/problems#<code>`), so a
//! developer who meets an error can read about it where it points.

use actix_web::{web, HttpResponse};
use fritid_domain::problem::PROBLEM_KINDS;
use std::fmt::Write;
use std::sync::LazyLock;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/problems", web::get().to(page));
}

/// Text with `code` spans, escaped for HTML.
fn html(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

static PAGE: LazyLock<String> = LazyLock::new(|| {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Fritid API: problem codes</title>\n</head>\n<body>\n<main>\n\
         <h1>Problem codes</h1>\n<p>Every error of the Fritid API is an RFC 9457 \
         <code>application/problem+json</code> body with a stable <code>code</code>; \
         its <code>type</code> links to the code's entry below. The API reference is at \
         <a href=\"/api/docs/\">/api/docs/</a>.</p>\n<dl>\n",
    );
    for k in PROBLEM_KINDS {
        let _ = writeln!(
            out,
            "<dt id=\"{code}\"><code>{code}</code> ({status})</dt>\n<dd>{meaning}</dd>",
            code = k.code,
            status = k.status,
            meaning = html(k.meaning),
        );
    }
    out.push_str("</dl>\n</main>\n</body>\n</html>\n");
    out
});

async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "public, max-age=3600"))
        .body(PAGE.as_str())
}

#[cfg(test)]
mod tests {
    use fritid_domain::problem::{is_known_code, PROBLEM_KINDS};

    /// Every code written in the API's source, as `code: "…"` or passed to
    /// the two helpers that take one.
    fn codes_in_source() -> Vec<String> {
        let mut codes = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in ["code: \"", "rejected(\"", "closed(\""] {
                    for piece in text.split(marker).skip(1) {
                        let code: String = piece
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                            .collect();
                        if piece[code.len()..].starts_with('"') && !code.is_empty() {
                            codes.push(code);
                        }
                    }
                }
            }
        }
        codes
    }

    #[test]
    fn every_code_the_api_answers_with_is_documented() {
        let codes = codes_in_source();
        assert!(codes.len() > 40, "{codes:?}");
        for code in codes {
            assert!(
                is_known_code(&code),
                "`{code}` is missing from PROBLEM_KINDS"
            );
        }
        // Also docs/API.md's table.
        let doc = include_str!("../../../docs/API.md");
        for k in PROBLEM_KINDS {
            assert!(
                doc.contains(&format!("`{}`", k.code)),
                "docs/API.md does not mention `{}`",
                k.code
            );
        }
    }

    #[test]
    fn the_page_has_an_anchor_per_code() {
        for k in PROBLEM_KINDS {
            assert!(super::PAGE.contains(&format!("id=\"{}\"", k.code)));
        }
        assert!(super::PAGE.contains("<code>Retry-After</code>"));
    }
}
