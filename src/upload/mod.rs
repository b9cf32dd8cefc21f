//! The machine image upload engine: planning, hashing, journaling, parallel sending, verifying.

pub mod engine;
pub mod hashing;
pub mod journal;
pub mod plan;
