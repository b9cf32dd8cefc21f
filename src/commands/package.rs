//! `publisher package ...` (in progress).

use super::Ctx;
use crate::cli::{GlobalArgs, PackageCmd};
use crate::error::Failure;

pub fn is_local(cmd: &PackageCmd) -> bool {
    matches!(cmd, PackageCmd::Validate { .. } | PackageCmd::Schema | PackageCmd::Explain { .. })
}

pub fn run_local(_g: &GlobalArgs, _cmd: PackageCmd) -> Result<(), Failure> {
    Err(Failure::usage("package commands are not built yet"))
}

pub async fn run(_ctx: &mut Ctx, _cmd: PackageCmd) -> Result<(), Failure> {
    Err(Failure::usage("package commands are not built yet"))
}
