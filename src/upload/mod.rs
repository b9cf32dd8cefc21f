//! Machine image uploads: the spec, the resume planner, the driver and its parts.

pub mod chunks;
pub mod engine;
pub mod hashing;
pub mod journal;
pub mod pace;
pub mod plan;
pub mod poll;
pub mod report;
pub mod resume;
pub mod spec;
pub mod transport;

#[cfg(test)]
mod tests;
