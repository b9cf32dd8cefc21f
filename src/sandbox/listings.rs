//! Listings, applications and their packages (filled in with the package validator).

use std::sync::Arc;

use axum::Router;

use super::Shared;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
}
