//! publisher: a client for the Oracle Cloud Marketplace publisher REST API.
//!
//! Layout: `cli` (argument definitions) -> `commands` (behaviour) -> `api` (typed HTTP client),
//! `upload` (chunking, journals, the parallel engine), `package` (local validator),
//! `sandbox` (the API emulator), with `config`, `output`, `error` and `digest` shared by all.

pub mod api;
pub mod cli;
pub(crate) mod clock;
pub mod commands;
pub mod config;
pub(crate) mod digest;
pub mod error;
pub(crate) mod fsutil;
pub mod output;
pub mod package;
pub(crate) mod sandbox;
pub mod signals;
pub mod ui;
pub(crate) mod upload;
