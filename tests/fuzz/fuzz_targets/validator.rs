//! Any bytes through the package validator and every renderer: no panic, positions in range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use publisher::package::{self, render};

fuzz_target!(|data: &[u8]| {
    let opts = package::Options { artefact: Some("app.war".into()) };
    let o = package::check_bytes(data, &opts);
    for d in &o.diagnostics {
        assert!(d.span.start <= d.span.end);
        assert!(d.span.start <= data.len());
    }
    let _ = render::text("f.json", &o, false);
    let _ = render::json("f.json", &o);
    let _ = render::sarif("f.json", &o);
    let _ = render::github("f.json", &o);
});
