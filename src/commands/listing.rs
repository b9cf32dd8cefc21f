//! `publisher listing ...` and `publisher application ...` (in progress).

use super::Ctx;
use crate::cli::{ApplicationCmd, ListingCmd};
use crate::error::Failure;

pub async fn run_listing(_ctx: &mut Ctx, _cmd: ListingCmd) -> Result<(), Failure> {
    Err(Failure::usage("listing commands are not built yet"))
}

pub async fn run_application(_ctx: &mut Ctx, _cmd: ApplicationCmd) -> Result<(), Failure> {
    Err(Failure::usage("application commands are not built yet"))
}
