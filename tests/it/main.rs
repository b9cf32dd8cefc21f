//! The integration tests, one binary: each module is an area, `util` holds the shared helpers
//! (isolated environments, sandbox children, a command runner) and `raw_api` speaks HTTP to the
//! sandbox without any client code.
//!
//! `tests/integrations.rs` stays a binary of its own: it is left out of the crates.io tarball
//! with the scripts it runs, and a module of this binary could not be.

mod raw_api;
mod util;

mod api_readings;
mod cli;
mod conformance;
mod contract;
mod credentials;
mod dry_run;
mod failures;
mod hardening;
mod package;
mod pipelines;
mod profiles;
mod progress;
mod reports;
mod sandbox_link;
mod sandbox_readings;
mod terminals;
mod upload;
mod upload_pace;
mod upload_resume;
