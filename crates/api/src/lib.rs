//! The Fritid HTTP API: configuration, authentication, error mapping,
//! routes per area, the OpenAPI document and serving the web app.

pub mod app;
pub mod auth;
pub mod config;
pub mod cross_origin;
pub mod edge;
pub mod error;
pub mod etag;
pub mod json_body;
pub mod links;
pub mod openapi;
pub mod platform;
pub mod problems;
pub mod rate_limit;
pub mod request_id;
pub mod route_table;
pub mod routes;
pub mod seed;
pub mod site;
pub mod spa;
pub mod state;
pub mod telemetry;

pub use app::Application;
pub use config::Config;
pub use error::ApiError;
