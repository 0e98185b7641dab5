//! Turns an uploaded picture into the sizes the pages need.
//!
//! The type is decided from the bytes (JPEG, PNG or WebP); the picture is
//! decoded under size limits (no decompression bombs), turned upright from
//! the camera's orientation tag, cropped to fill each size and written as new
//! JPEGs. Only the pixels survive: place, device and time written by the
//! camera are gone, because the original is never kept.

use fritid_db::images::NewImage;
use fritid_domain::image::{ImageRejection, ImageVariant, MAX_SIDE, MIN_SIDE};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// JPEG quality of the stored sizes: small files that still look good.
const QUALITY: u8 = 82;

/// Checks, orients, resizes and re-encodes `bytes`.
/// The returned image has no alternative text yet (`alt` is empty).
pub fn process(bytes: &[u8]) -> Result<NewImage, ImageRejection> {
    let format = image::guess_format(bytes).map_err(|_| ImageRejection::UnsupportedType)?;
    let source_type = match format {
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        _ => return Err(ImageRejection::UnsupportedType),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(rejection)?;
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(rejection)?;
    if let Some(orientation) = orientation {
        picture.apply_orientation(orientation);
    }
    let (width, height) = (picture.width(), picture.height());
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(ImageRejection::TooSmall { width, height });
    }
    // JPEG has no transparency: what was transparent becomes white.
    let picture = flatten(picture);
    let mut variants = Vec::with_capacity(ImageVariant::ALL.len());
    for variant in ImageVariant::ALL {
        let (w, h) = variant.size();
        let sized = picture.resize_to_fill(w, h, FilterType::CatmullRom);
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, QUALITY)
            .encode_image(&sized)
            .map_err(|_| ImageRejection::Unreadable)?;
        variants.push((variant.as_str(), sized.width(), sized.height(), out));
    }
    Ok(NewImage {
        alt: String::new(),
        source_sha256: Sha256::digest(bytes).to_vec(),
        source_type,
        source_width: width,
        source_height: height,
        variants,
    })
}

fn rejection(e: image::ImageError) -> ImageRejection {
    match e {
        image::ImageError::Limits(_) => ImageRejection::TooLarge,
        image::ImageError::Unsupported(_) => ImageRejection::UnsupportedType,
        _ => ImageRejection::Unreadable,
    }
}

fn flatten(picture: DynamicImage) -> DynamicImage {
    if !picture.color().has_alpha() {
        return DynamicImage::ImageRgb8(picture.into_rgb8());
    }
    let rgba = picture.into_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (to, from) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = from.0;
        let blend = |c: u8| {
            let c = u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a));
            u8::try_from(c / 255).unwrap_or(255)
        };
        to.0 = [blend(r), blend(g), blend(b)];
    }
    DynamicImage::ImageRgb8(rgb)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use image::{ImageEncoder, Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = RgbaImage::from_pixel(width, height, Rgba([10, 120, 200, 128]));
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    #[test]
    fn every_size_is_a_jpeg_of_its_dimensions() {
        let made = process(&png(900, 500)).unwrap();
        assert_eq!(made.source_type, "png");
        assert_eq!((made.source_width, made.source_height), (900, 500));
        for ((name, w, h, bytes), variant) in made.variants.iter().zip(ImageVariant::ALL) {
            assert_eq!(*name, variant.as_str());
            assert_eq!((*w, *h), variant.size());
            assert_eq!(image::guess_format(bytes).unwrap(), ImageFormat::Jpeg);
            let back = image::load_from_memory(bytes).unwrap();
            assert_eq!((back.width(), back.height()), variant.size());
        }
    }

    #[test]
    fn text_tiny_and_broken_pictures_are_refused() {
        assert_eq!(
            process(b"%PDF-1.7 not a picture").unwrap_err(),
            ImageRejection::UnsupportedType
        );
        assert_eq!(
            process(&png(100, 300)).unwrap_err(),
            ImageRejection::TooSmall {
                width: 100,
                height: 300
            }
        );
        let mut broken = png(400, 400);
        broken.truncate(60);
        assert_eq!(process(&broken).unwrap_err(), ImageRejection::Unreadable);
    }
}
