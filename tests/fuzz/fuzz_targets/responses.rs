//! Any bytes as a server answer: typed parsing and error-message extraction never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use publisher::api::types::{Ack, ChunkAck, Collection, MachineImageStatus, TokenResponse};

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Ack>(data);
    let _ = serde_json::from_slice::<ChunkAck>(data);
    let _ = serde_json::from_slice::<TokenResponse>(data);
    if let Ok(s) = serde_json::from_slice::<MachineImageStatus>(data) {
        let _ = s.state();
    }
    if let Ok(c) = serde_json::from_slice::<Collection>(data) {
        let _ = c.unwrapped();
    }
    let _ = publisher::api::error::extract_message(data, None);
    let ct = reqwest_free_content_type();
    let _ = publisher::api::error::extract_message(data, ct.as_ref());
});

fn reqwest_free_content_type() -> Option<publisher::api::error::HeaderValue> {
    publisher::api::error::HeaderValue::from_str("text/html").ok()
}
