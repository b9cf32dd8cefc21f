//! The publisher REST API client: typed requests and responses over one HTTP client.

pub mod auth;
pub mod body;
pub mod client;
pub mod error;
pub mod images;
pub mod packages;
pub mod types;

pub use client::{ApiClient, Call, ClientOptions, Reply};
pub use error::ApiError;
