//! The publisher REST API client: typed requests and responses over one HTTP client.

pub(crate) mod auth;
pub(crate) mod body;
pub(crate) mod client;
pub mod error;
pub(crate) mod images;
pub(crate) mod packages;
pub mod types;

pub(crate) use client::{ApiClient, ClientOptions};
pub use error::ApiError;
