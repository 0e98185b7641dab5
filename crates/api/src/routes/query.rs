//! Query-string parsing that names the bad parameter. Values arrive as text
//! (so a wrong type is our 400, not the framework's), lists are
//! comma-separated.

use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use fritid_domain::page::PageRequest;
use fritid_domain::{FieldError, ValidationErrors};

/// Collects errors while parsing parameters.
#[derive(Debug, Default)]
pub struct QueryParser {
    pub errors: ValidationErrors,
}

impl QueryParser {
    fn bad(&mut self, field: &str, message: &str) {
        self.errors.push(FieldError::new(field, "invalid", message));
    }

    /// A value `parse` reads; one it cannot read is named with `message`.
    pub fn parsed<T>(
        &mut self,
        field: &str,
        raw: &Option<String>,
        message: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let value = parse(raw.as_deref()?);
        if value.is_none() {
            self.bad(field, message);
        }
        value
    }

    pub fn int(&mut self, field: &str, raw: &Option<String>, min: i64, max: i64) -> Option<i64> {
        let raw = raw.as_deref()?;
        match raw.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            Ok(_) => {
                self.bad(field, &format!("must be between {min} and {max}"));
                None
            }
            Err(_) => {
                self.bad(field, "must be a whole number");
                None
            }
        }
    }

    pub fn bool(&mut self, field: &str, raw: &Option<String>) -> Option<bool> {
        match raw.as_deref()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.bad(field, "must be true or false");
                None
            }
        }
    }

    /// A calendar date as an instant: its start in Oslo, or with `end` the start of the next day.
    pub fn instant(
        &mut self,
        field: &str,
        raw: &Option<String>,
        end: bool,
    ) -> Option<DateTime<Utc>> {
        let raw = raw.as_deref()?;
        match raw.parse::<NaiveDate>() {
            Ok(d) if !fritid_domain::schedule::date_in_range(d) => {
                self.bad(field, fritid_domain::schedule::DATE_RANGE_MESSAGE);
                None
            }
            Ok(d) => {
                let d = if end { d.succ_opt().unwrap_or(d) } else { d };
                Some(fritid_domain::schedule::oslo_instant(
                    d,
                    chrono::NaiveTime::MIN,
                ))
            }
            Err(_) => {
                self.bad(field, "must be a date (YYYY-MM-DD)");
                None
            }
        }
    }

    /// A comma-separated list; each item checked by `item`.
    pub fn list<T>(
        &mut self,
        field: &str,
        raw: &Option<String>,
        max: usize,
        item: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let Some(raw) = raw.as_deref() else {
            return Vec::new();
        };
        let parts: Vec<&str> = raw.split(',').collect();
        if parts.len() > max {
            self.bad(field, &format!("at most {max} values"));
            return Vec::new();
        }
        let mut out = Vec::new();
        for p in parts {
            match item(p) {
                Some(v) => out.push(v),
                None => {
                    self.bad(
                        field,
                        &format!(
                            "`{}` is not a valid value",
                            p.chars().take(40).collect::<String>()
                        ),
                    );
                    return Vec::new();
                }
            }
        }
        out
    }

    /// A calendar date (`YYYY-MM-DD`) between 2000 and 2099.
    pub fn date(&mut self, field: &str, raw: &Option<String>) -> Option<NaiveDate> {
        match raw.as_deref()?.parse::<NaiveDate>() {
            Ok(d) if fritid_domain::schedule::date_in_range(d) => Some(d),
            Ok(_) => {
                self.bad(field, fritid_domain::schedule::DATE_RANGE_MESSAGE);
                None
            }
            Err(_) => {
                self.bad(field, "must be a date (YYYY-MM-DD)");
                None
            }
        }
    }

    /// Free text: trimmed, at most `max` characters, no control characters; blank is none.
    pub fn text(&mut self, field: &str, raw: &Option<String>, max: usize) -> Option<String> {
        let raw = raw.as_deref()?;
        if raw.chars().any(char::is_control) {
            self.bad(field, "must not contain control characters");
            return None;
        }
        if raw.chars().count() > max {
            self.errors.push(FieldError::new(
                field,
                "too_long",
                format!("must be at most {max} characters"),
            ));
            return None;
        }
        Some(raw.trim().to_owned()).filter(|t| !t.is_empty())
    }

    pub fn page(
        &mut self,
        page: &Option<String>,
        per_page: &Option<String>,
    ) -> Option<PageRequest> {
        let p = self.int("page", page, 1, 1_000_000);
        let pp = self.int("per_page", per_page, 1, 100);
        match PageRequest::parse(p, pp) {
            Ok(r) => Some(r),
            Err(e) => {
                for err in e.into_errors() {
                    self.errors.push(err);
                }
                None
            }
        }
    }

    /// The parsed value, or a 400 naming every bad parameter.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ApiError> {
        self.errors.finish(value).map_err(|e| ApiError::BadRequest {
            code: "invalid_query",
            detail: "One or more query parameters are invalid.".into(),
            errors: e.into_errors(),
        })
    }
}
