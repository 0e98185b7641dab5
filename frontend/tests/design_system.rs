//! The design system's colour table (frontend/DESIGN-SYSTEM.md) agrees with
//! the stylesheet's tokens, and every pair in it meets its contrast.

use std::collections::HashMap;

const DOC: &str = include_str!("../DESIGN-SYSTEM.md");
const CSS: &str = include_str!("../public/style.css");

fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `--name: #rrggbb;` declarations of the stylesheet's `:root`.
fn tokens() -> HashMap<String, String> {
    let root = CSS
        .split(":root {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .unwrap_or("");
    root.lines()
        .filter_map(|l| {
            let (name, value) = l.trim().trim_end_matches(';').split_once(':')?;
            let value = value.trim();
            (name.starts_with("--") && value.starts_with('#'))
                .then(|| (name.to_owned(), value.to_lowercase()))
        })
        .collect()
}

#[test]
fn the_colour_table_matches_the_stylesheet_and_every_pair_is_readable() {
    let tokens = tokens();
    let rows: Vec<Vec<String>> = DOC
        .lines()
        .filter(|l| l.starts_with("| `--"))
        .map(|l| {
            l.split('|')
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .filter(|cells: &Vec<String>| cells.len() == 6)
        .collect();
    assert!(rows.len() >= 10, "the colour table has {} rows", rows.len());
    for row in rows {
        let token = row[0].trim_matches('`');
        let value = row[1].to_lowercase();
        assert_eq!(tokens.get(token), Some(&value), "{token} in style.css");
        let (on_token, on_value) = row[3].split_once(' ').unwrap_or_default();
        let on_value = on_value.to_lowercase();
        assert_eq!(
            tokens.get(on_token.trim_matches('`')),
            Some(&on_value),
            "{on_token} in style.css"
        );
        let ratio = contrast(&value, &on_value);
        let stated: f64 = row[4].parse().unwrap_or(0.0);
        let needed: f64 = row[5].parse().unwrap_or(99.0);
        assert!(
            (ratio - stated).abs() < 0.01,
            "{token} on {on_token}: {ratio:.2}, the table says {stated}"
        );
        assert!(
            ratio >= needed,
            "{token} on {on_token}: {ratio:.2} < {needed}"
        );
    }
}

#[test]
fn the_type_scale_is_in_the_stylesheet() {
    for step in [
        "--step--1",
        "--step-0",
        "--step-1",
        "--step-2",
        "--step-3",
        "--step-4",
    ] {
        assert!(CSS.contains(&format!("{step}:")), "{step}");
        assert!(
            DOC.contains(&format!("`{step}`")),
            "{step} in DESIGN-SYSTEM.md"
        );
    }
}
