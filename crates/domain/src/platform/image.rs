//! Pictures of activities and organizations: the sizes the pages need, the
//! rules for an upload, and the reference a DTO carries.
//!
//! The server decides a picture's type from its bytes, never from its name
//! or declared type, and keeps only the re-encoded sizes below: what the
//! camera wrote into the file (place, device, time) is never stored.

use crate::text;
use crate::FieldError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Largest upload accepted (bytes).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Largest width or height of a picture that is decoded at all (pixels).
pub const MAX_SIDE: u32 = 12_000;
/// Smallest width and height that make a usable picture (pixels).
pub const MIN_SIDE: u32 = 200;
/// Longest alternative text (characters).
pub const ALT_MAX: usize = 250;

/// The sizes kept of each picture, all JPEG, cropped to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImageVariant {
    /// 640×360 (16:9): cards in result lists.
    Card,
    /// 1280×720 (16:9): the top of an activity's page.
    Page,
    /// 1200×630: link previews (OpenGraph).
    Og,
}

impl ImageVariant {
    pub const ALL: [ImageVariant; 3] = [ImageVariant::Card, ImageVariant::Page, ImageVariant::Og];

    pub fn as_str(self) -> &'static str {
        match self {
            ImageVariant::Card => "card",
            ImageVariant::Page => "page",
            ImageVariant::Og => "og",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Width and height in pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            ImageVariant::Card => (640, 360),
            ImageVariant::Page => (1280, 720),
            ImageVariant::Og => (1200, 630),
        }
    }
}

/// The address of one size of a picture. Picture ids are random and a new
/// upload gets a new id, so the file at an address never changes.
pub fn image_path(id: Uuid, variant: ImageVariant) -> String {
    format!("/api/v1/images/{id}/{}.jpg", variant.as_str())
}

/// Categories with their own illustration under `/illustrations/`
/// (frontend/public/illustrations); others get `default.svg`.
pub const ILLUSTRATED_CATEGORIES: [&str; 12] = [
    "idrett",
    "friluftsliv",
    "kultur",
    "musikk",
    "dans",
    "kunst-og-handverk",
    "sprak-og-samtale",
    "bibliotek",
    "frivillighet",
    "moteplass",
    "seniortrening",
    "kurs",
];

/// The calm illustration shown for an activity of `category` without a
/// picture (decorative: its alternative text is empty).
pub fn illustration_path(category: &str) -> String {
    let name = if ILLUSTRATED_CATEGORIES.contains(&category) {
        category
    } else {
        "default"
    };
    format!("/illustrations/{name}.svg")
}

/// The bytes of a picture, as an upload's body or an answer (OpenAPI only).
#[cfg(feature = "openapi")]
#[derive(Debug, utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PictureBytes(pub Vec<u8>);

/// The link-preview picture (1200×630 JPEG) of an activity of `category`
/// without a picture of its own: the illustration rendered by
/// `frontend/build/og-images.mjs`.
pub fn illustration_preview_path(category: &str) -> String {
    illustration_path(category)
        .replace("/illustrations/", "/og/")
        .replace(".svg", ".jpg")
}

/// A picture as DTOs carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImageRef {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    /// What the picture shows, for those who cannot see it.
    pub alt: String,
    /// 640×360 JPEG for cards.
    pub card_url: String,
    /// 1280×720 JPEG for the page.
    pub page_url: String,
}

impl ImageRef {
    pub fn new(id: Uuid, alt: String) -> Self {
        ImageRef {
            id,
            alt,
            card_url: image_path(id, ImageVariant::Card),
            page_url: image_path(id, ImageVariant::Page),
        }
    }
}

/// The alternative text an upload must carry: what the picture shows.
pub fn validate_alt(raw: &str) -> Result<String, FieldError> {
    text::line("alt", raw, ALT_MAX)
}

/// Why bytes are not a picture we keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRejection {
    /// Not a JPEG, PNG or WebP by its content.
    UnsupportedType,
    /// The content claims a known type but does not decode.
    Unreadable,
    /// Narrower or lower than [`MIN_SIDE`].
    TooSmall { width: u32, height: u32 },
    /// Wider or higher than [`MAX_SIDE`].
    TooLarge,
}

impl ImageRejection {
    pub fn field_error(&self) -> FieldError {
        match self {
            ImageRejection::UnsupportedType => FieldError::new(
                "file",
                "unsupported_image_type",
                "must be a JPEG, PNG or WebP picture (decided from the content)",
            ),
            ImageRejection::Unreadable => FieldError::new(
                "file",
                "unreadable_image",
                "could not be read as a picture; it may be damaged",
            ),
            ImageRejection::TooSmall { width, height } => FieldError::new(
                "file",
                "image_too_small",
                format!("is {width}×{height} pixels; it must be at least {MIN_SIDE}×{MIN_SIDE}"),
            ),
            ImageRejection::TooLarge => FieldError::new(
                "file",
                "image_too_large",
                format!("must be at most {MAX_SIDE} pixels wide and high"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_round_trip_and_have_distinct_paths() {
        let id = Uuid::nil();
        for v in ImageVariant::ALL {
            assert_eq!(ImageVariant::parse(v.as_str()), Some(v));
        }
        assert_eq!(ImageVariant::parse("original"), None);
        assert_eq!(
            image_path(id, ImageVariant::Card),
            "/api/v1/images/00000000-0000-0000-0000-000000000000/card.jpg"
        );
        let r = ImageRef::new(id, "Barn på ski".into());
        assert_ne!(r.card_url, r.page_url);
    }

    #[test]
    fn every_illustrated_category_has_a_drawing_and_others_the_default() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../frontend/public");
        for category in ILLUSTRATED_CATEGORIES.into_iter().chain(["ukjent"]) {
            let path = illustration_path(category);
            assert!(
                std::path::Path::new(&format!("{dir}{path}")).is_file(),
                "{path}"
            );
        }
        assert_eq!(illustration_path("../etc"), "/illustrations/default.svg");
    }

    #[test]
    fn alt_text_is_required_and_bounded() {
        assert_eq!(validate_alt("  Barn på ski ").as_deref(), Ok("Barn på ski"));
        assert_eq!(
            validate_alt("  ").map_err(|e| e.code),
            Err("required".into())
        );
        let long = "a".repeat(ALT_MAX + 1);
        assert_eq!(validate_alt(&long).map_err(|e| e.field), Err("alt".into()));
    }
}
