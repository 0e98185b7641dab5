//! Pagination: `?page=&per_page=` in, `{items, total, page, per_page}` out.

use crate::problem::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: u32,
    per_page: u32,
}

impl PageRequest {
    /// Checks raw query values; absent values take the defaults.
    pub fn parse(page: Option<i64>, per_page: Option<i64>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let page = match page {
            None => Some(1),
            Some(p) if (1..=1_000_000).contains(&p) => Some(p as u32),
            Some(_) => {
                errors.push(FieldError::new(
                    "page",
                    "out_of_range",
                    "must be between 1 and 1000000",
                ));
                None
            }
        };
        let per_page = match per_page {
            None => Some(DEFAULT_PER_PAGE),
            Some(n) if (1..=i64::from(MAX_PER_PAGE)).contains(&n) => Some(n as u32),
            Some(_) => {
                errors.push(FieldError::new(
                    "per_page",
                    "out_of_range",
                    format!("must be between 1 and {MAX_PER_PAGE}"),
                ));
                None
            }
        };
        errors.finish(|| {
            Some(Self {
                page: page?,
                per_page: per_page?,
            })
        })
    }

    pub fn page(&self) -> u32 {
        self.page
    }

    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }

    pub fn offset(&self) -> i64 {
        (i64::from(self.page) - 1) * i64::from(self.per_page)
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({ "items": [], "total": 0, "page": 1, "per_page": 20 })))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of items over all pages.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, request: PageRequest) -> Self {
        Self {
            items,
            total,
            page: request.page(),
            per_page: request.per_page(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_absent() {
        let p = PageRequest::parse(None, None).unwrap();
        assert_eq!((p.page(), p.per_page(), p.offset()), (1, 20, 0));
    }

    #[test]
    fn offset_follows_page() {
        let p = PageRequest::parse(Some(3), Some(50)).unwrap();
        assert_eq!(p.offset(), 100);
        assert_eq!(p.limit(), 50);
    }

    #[test]
    fn out_of_range_values_name_their_field() {
        let err = PageRequest::parse(Some(0), Some(101)).unwrap_err();
        let fields: Vec<&str> = err.errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["page", "per_page"]);
    }
}
