//! Pictures for upload tests: generated JPEG and PNG files, and the upload
//! call (the body is the file, `alt` a query parameter).

#![allow(dead_code, clippy::unwrap_used)]

use super::{Client, TestApp};
use image::{ImageEncoder, Rgb, RgbImage};
use reqwest::Response;

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(width, height, Rgb([30, 140, 60]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub async fn upload(
    app: &TestApp,
    path: &str,
    who: &Client,
    alt: Option<&str>,
    content_type: &str,
    bytes: Vec<u8>,
) -> Response {
    let mut req = app
        .http
        .put(app.url(path))
        .bearer_auth(who.token())
        .header("content-type", content_type)
        .body(bytes);
    if let Some(alt) = alt {
        req = req.query(&[("alt", alt)]);
    }
    req.send().await.unwrap()
}
