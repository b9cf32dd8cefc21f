//! The table: one row per reading or lost answer, the command it runs and what must follow.

use super::*;

/// A row with no extra environment, in JSON mode, requests not counted.
pub(super) fn c(
    row: &'static str,
    sandbox: &'static [&'static str],
    setup: Setup,
    args: &'static [&'static str],
    code: i32,
    check: Check,
) -> Case {
    Case {
        row,
        sandbox,
        setup,
        env: &[],
        args,
        code,
        check,
        text: false,
        requests: None,
    }
}

pub(super) fn cases() -> Vec<Case> {
    let mut all = package_cases();
    all.extend(super::lifecycle_cases::cases());
    all
}

/// Packages: creation answers, validation, list shapes.
fn package_cases() -> Vec<Case> {
    vec![
        // Package create: where the new id is.
        c(
            "package-create=ack-201 -> package create -> 0, the package's id",
            &["--reading", "package-create=ack-201"],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "package-create=ack-200 -> package create -> 0, the package's id",
            &["--reading", "package-create=ack-200"],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "package-create=location-201 -> package create -> 0, the id from Location",
            &["--reading", "package-create=location-201"],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        Case {
            text: true,
            ..c(
                "package-create=location-201 (absolute Location) -> package create (text) -> 0, stdout is exactly the id",
                &["--reading", "package-create=location-201"],
                Setup::Nothing,
                CREATE,
                0,
                stdout_is_the_package_id,
            )
        },
        c(
            "package-create=location-201 (root-relative Location) -> package create, a second package -> 0, its id",
            &["--reading", "package-create=location-201"],
            Setup::Package,
            CREATE,
            0,
            second_package_printed,
        ),
        c(
            "package-entity-id=package -> package update -> 0, the package's id",
            &["--reading", "package-entity-id=package"],
            Setup::Package,
            &["package", "update", LV, "{pkg}", "@datasource"],
            0,
            one_package_printed,
        ),
        c(
            "package-entity-id=listing + package-list=ids-only -> package create -> 0, the one new id",
            &[
                "--reading",
                "package-entity-id=listing",
                "--reading",
                "package-list=ids-only",
            ],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "package-entity-id=listing + arrays=null -> package create -> 0, found (an empty list is items: null)",
            &[
                "--reading",
                "package-entity-id=listing",
                "--reading",
                "arrays=null",
            ],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "package-entity-id=listing -> package create -> 0, the package found by listing",
            &["--reading", "package-entity-id=listing"],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "package-entity-id=listing + package-list=single-object -> package create -> 0, found",
            &[
                "--reading",
                "package-entity-id=listing",
                "--reading",
                "package-list=single-object",
            ],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "package-entity-id=listing + package-list=single-object-404 -> package create -> 0, found",
            &[
                "--reading",
                "package-entity-id=listing",
                "--reading",
                "package-list=single-object-404",
            ],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "lost answer (5xx) + package-list=single-object-404 -> package create -> 0, one package",
            &[
                "--commit-fault-rate",
                "1",
                "--reading",
                "package-list=single-object-404",
            ],
            Setup::Nothing,
            CREATE,
            0,
            one_package_printed,
        ),
        c(
            "package-entity-id=listing -> package update -> 0, the package's id",
            &["--reading", "package-entity-id=listing"],
            Setup::Package,
            &["package", "update", LV, "{pkg}", "@datasource"],
            0,
            one_package_printed,
        ),
        // Remote validation.
        c(
            "validate-answer=ok-200 -> package validate-remote -> 0, VALIDATED",
            &["--reading", "validate-answer=ok-200"],
            Setup::Package,
            &["package", "validate-remote", LV, "{pkg}"],
            0,
            validated,
        ),
        c(
            "validate-answer=failed-200 -> package validate-remote -> 6, server's words",
            &["--reading", "validate-answer=failed-200"],
            Setup::Package,
            &["package", "validate-remote", LV, "{pkg}"],
            6,
            says_validation_failed,
        ),
        c(
            "validate-answer=failed-400 -> package validate-remote -> 6, server's words",
            &["--reading", "validate-answer=failed-400"],
            Setup::Package,
            &["package", "validate-remote", LV, "{pkg}"],
            6,
            says_validation_failed,
        ),
        c(
            "validate-answer=async-202 -> package validate-remote -> 0 after polling, VALIDATED",
            &[
                "--reading",
                "validate-answer=async-202",
                "--processing-ms",
                "700",
            ],
            Setup::Package,
            &["package", "validate-remote", LV, "{pkg}"],
            0,
            validated,
        ),
        c(
            "validate-answer=async-202-fails -> package validate-remote -> 6 after polling",
            &[
                "--reading",
                "validate-answer=async-202-fails",
                "--processing-ms",
                "700",
            ],
            Setup::Package,
            &["package", "validate-remote", LV, "{pkg}"],
            6,
            says_validation_failed,
        ),
        c(
            "validate-answer=async-202, verdict later than --wait -> package validate-remote -> 9",
            &[
                "--reading",
                "validate-answer=async-202",
                "--processing-ms",
                "60000",
            ],
            Setup::Package,
            &["package", "validate-remote", LV, "{pkg}", "--wait", "1"],
            9,
            still_validating,
        ),
        // Package list shapes.
        c(
            "package-list=collection -> package list -> 0, id/name/version",
            &["--reading", "package-list=collection"],
            Setup::Package,
            &["package", "list", LV],
            0,
            lists_the_package,
        ),
        c(
            "package-list=single-object -> package list -> 0, id/name/version",
            &["--reading", "package-list=single-object"],
            Setup::Package,
            &["package", "list", LV],
            0,
            lists_the_package,
        ),
        c(
            "package-list=other-key -> package list -> 0, id from packageVersionId",
            &["--reading", "package-list=other-key"],
            Setup::Package,
            &["package", "list", LV],
            0,
            lists_the_package,
        ),
        Case {
            text: true,
            ..c(
                "package-list=other-key -> package list (text) -> 0, one row: id, status, version, name",
                &["--reading", "package-list=other-key"],
                Setup::Package,
                &["package", "list", LV],
                0,
                text_row_of_the_package,
            )
        },
        c(
            "package-list=ids-only -> package list --all -> 0, id and status",
            &["--reading", "package-list=ids-only"],
            Setup::Package,
            &["package", "list", LV, "--all"],
            0,
            lists_id_and_status,
        ),
        c(
            "package-list=single-object, no package -> package list -> 0, no items",
            &["--reading", "package-list=single-object"],
            Setup::Nothing,
            &["package", "list", LV],
            0,
            no_items,
        ),
        c(
            "package-list=single-object-404, no package -> package list -> 0, no items",
            &["--reading", "package-list=single-object-404"],
            Setup::Nothing,
            &["package", "list", LV],
            0,
            no_items,
        ),
        c(
            "arrays=null, no package (items: null) -> package list -> 0, no items",
            &["--reading", "arrays=null"],
            Setup::Nothing,
            &["package", "list", LV],
            0,
            no_items,
        ),
    ]
}
