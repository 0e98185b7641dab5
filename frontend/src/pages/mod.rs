//! Pages per area; `platform` holds the pages every area shares.

pub mod accounts;
pub mod aktiviteter;
pub mod bamsefondet;
pub mod bua;
pub mod platform;
