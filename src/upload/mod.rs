//! Machine image uploads: the spec, the resume planner, the driver and its parts.

pub mod chunks;
mod create;
pub(crate) mod dry_run;
pub mod engine;
pub mod hashing;
pub mod journal;
mod merge;
pub mod pace;
pub mod plan;
pub mod poll;
pub mod report;
pub mod resume;
pub(crate) mod source;
pub mod spec;
pub mod transport;
pub(crate) mod verify;

#[cfg(test)]
mod tests;
