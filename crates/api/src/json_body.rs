//! The JSON body extractor for every request body: like `web::Json`, but
//! the body must be a JSON object. (serde would otherwise accept an array
//! for a struct, filling its fields in order, which the schema forbids.)

use crate::error::{json_data_error, ApiError};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use std::ops::Deref;

#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> Deref for JsonBody<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            if !value.is_object() {
                return Err(ApiError::BadRequest {
                    code: "invalid_body",
                    detail: "The request body must be a JSON object.".into(),
                    errors: vec![],
                }
                .into());
            }
            // The path names the field even for type errors deep inside.
            serde_path_to_error::deserialize(value)
                .map(JsonBody)
                .map_err(|e| json_data_error(&e.path().to_string(), e.inner()).into())
        })
    }
}
