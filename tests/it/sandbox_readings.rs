//! Every documented reading of the machine-image API, as `publisher sandbox --reading` plays it,
//! checked with raw HTTP (no client code involved), plus faults after the commit and the
//! test-visible state at `GET /sandbox/images`. One table, one test.

use std::time::{Duration, Instant};

use crate::raw_api::{Api, Case, Resp, UNKNOWN, b64, counts, data, entity, run_table};
use crate::util::md5_hex;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

/// Upload `parts` as chunks 1..N of a new request, merge, and wait for Completed.
fn upload_chunks(api: &Api, parts: &[Vec<u8>]) -> (u64, Value) {
    let id = api.new_request(parts.len() as u64);
    for (i, p) in parts.iter().enumerate() {
        let r = api.chunk(id, i as u64 + 1, p);
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let m = api.merge(id);
    assert_eq!(m.status, 200, "{}", m.body);
    (id, api.completed(id))
}

fn pre_merge_word(args: &[&str], word: &str) {
    let api = Api::start(args);
    let id = api.new_request(2);
    let v = api.status(id);
    assert_eq!(v["statusName"], word);
    assert_eq!(counts(&v), (0, 2));
    api.chunk(id, 2, b"two");
    let v = api.status(id);
    assert_eq!(v["statusName"], word);
    assert_eq!(counts(&v), (1, 1));
}

/// The chunk answer's body for chunk 1 of 2 under a reading.
fn chunk_answer(args: &[&str]) -> (Resp, u64, String) {
    let api = Api::start(args);
    let id = api.new_request(2);
    let d = data(1, 1000);
    (api.chunk(id, 1, &d), id, md5_hex(&d))
}

fn checksum(args: &[&str], spell: fn(&str) -> Option<String>) {
    let api = Api::start(args);
    let d = data(7, 5000);
    let r = api.whole(&d);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = api.completed(entity(&r));
    assert_eq!(
        v.get("checkSum")
            .and_then(Value::as_str)
            .map(str::to_string),
        spell(&md5_hex(&d))
    );
    assert_eq!(api.image()["storedMd5"], md5_hex(&d));
}

fn unknown_request(args: &[&str], code: u16) {
    let api = Api::start(args);
    for (what, rb) in [
        (
            "GET",
            api.req(Method::GET, &format!("/machineimages/{UNKNOWN}")),
        ),
        (
            "HEAD",
            api.req(Method::HEAD, &format!("/machineimages/{UNKNOWN}")),
        ),
        ("PATCH", api.merge_rb(UNKNOWN)),
        (
            "chunk",
            api.req(Method::POST, &format!("/machineimages/{UNKNOWN}/chunk"))
                .header("X-File-Name", "img.bin")
                .header("X-Chunk-Number", "1")
                .multipart(Form::new().part("file", Part::bytes(vec![1, 2, 3]))),
        ),
    ] {
        assert_eq!(api.send(rb).status, code, "{what} on an unknown id");
    }
}

const CASES: &[Case] = &[
    ("defaults and /sandbox/images", &[], |args| {
        let api = Api::start(args);
        let parts = [data(1, 3000), data(2, 3000), data(3, 10)];
        let id = api.new_request(3);
        let v = api.status(id);
        assert_eq!(v["statusName"], "Initiated");
        let r = api.chunk(id, 2, &parts[1]);
        let a = r.json();
        assert_eq!(a["uploadRequestId"], id.to_string());
        assert_eq!(a["checksum"], md5_hex(&parts[1]));
        assert_eq!(counts(&a), (1, 2));
        api.chunk(id, 1, &parts[0]);
        api.chunk(id, 3, &parts[2]);
        assert_eq!(api.merge(id).json()["entityId"], id.to_string());
        let v = api.completed(id);
        let whole = parts.concat();
        assert_eq!(v["checkSum"], md5_hex(&whole));
        assert_eq!(counts(&v), (3, 0));
        let img = api.image();
        let want = serde_json::json!({
            "id": id, "fileName": "img.bin", "application": "img", "status": "Completed",
            "chunksExpected": 3, "chunksHeld": [1, 2, 3], "chunkPosts": 3, "merges": 1,
            "storedMd5": md5_hex(&whole), "size": whole.len(),
        });
        assert_eq!(img, want);
        assert_eq!(api.merge(id).status, 200, "a repeated merge is harmless");
        assert_eq!(api.image()["merges"], 2);
    }),
    (
        "status-before-merge=initiated",
        &["--reading", "status-before-merge=initiated"],
        |a| pre_merge_word(a, "Initiated"),
    ),
    (
        "status-before-merge=pending",
        &["--reading", "status-before-merge=pending"],
        |a| pre_merge_word(a, "Pending"),
    ),
    (
        "status-before-merge=in-progress",
        &["--reading", "status-before-merge=in-progress"],
        |a| pre_merge_word(a, "In Progress"),
    ),
    (
        "status-before-merge=IN-PROGESS",
        &["--reading", "status-before-merge=IN-PROGESS"],
        |a| pre_merge_word(a, "IN PROGESS"),
    ),
    (
        "chunk-answer=hex",
        &["--reading", "chunk-answer=hex"],
        |a| {
            let (r, id, md5) = chunk_answer(a);
            assert_eq!(
                r.json(),
                serde_json::json!({"uploadRequestId": id.to_string(), "checksum": md5, "uploadedChunks": 1, "pendingChunks": 1})
            );
        },
    ),
    (
        "chunk-answer=base64",
        &["--reading", "chunk-answer=base64"],
        |a| {
            let (r, _, md5) = chunk_answer(a);
            assert_eq!(r.json()["checksum"], b64(&md5));
            assert_eq!(r.json()["uploadedChunks"], 1);
        },
    ),
    (
        "chunk-answer=verbatim",
        &["--reading", "chunk-answer=verbatim"],
        |a| {
            let (r, ..) = chunk_answer(a);
            assert_eq!(
                r.body,
                r#"{"uploadRequestId":"8089067","checksum":"4ccef7d656c4520e57a2af2974e012f0","uploadedChunks":2,"pendingChunks":0}"#
            );
        },
    ),
    (
        "chunk-answer=empty",
        &["--reading", "chunk-answer=empty"],
        |a| {
            let (r, ..) = chunk_answer(a);
            assert_eq!((r.status, r.body.as_str()), (200, ""));
        },
    ),
    (
        "chunk-answer=text-ok",
        &["--reading", "chunk-answer=text-ok"],
        |a| {
            let (r, ..) = chunk_answer(a);
            assert_eq!((r.status, r.body.as_str()), (200, "OK"));
            assert!(
                r.header("content-type")
                    .unwrap_or_default()
                    .starts_with("text/plain")
            );
        },
    ),
    (
        "chunk-answer=ack",
        &["--reading", "chunk-answer=ack"],
        |a| {
            let (r, id, _) = chunk_answer(a);
            assert_eq!(
                r.json(),
                serde_json::json!({"message": "OK", "entityId": id.to_string()})
            );
        },
    ),
    (
        "repost=overwrite",
        &["--reading", "repost=overwrite"],
        |a| {
            let api = Api::start(a);
            let id = api.new_request(2);
            api.chunk(id, 1, b"first try");
            let r = api.chunk(id, 1, b"second try");
            assert_eq!(r.json()["uploadedChunks"], 1);
            api.chunk(id, 2, b"tail");
            assert_eq!(api.merge(id).status, 200);
            api.completed(id);
            let img = api.image();
            assert_eq!(img["storedMd5"], md5_hex(b"second trytail"));
            assert_eq!(img["chunkPosts"], 3);
        },
    ),
    ("repost=reject", &["--reading", "repost=reject"], |a| {
        let api = Api::start(a);
        let id = api.new_request(2);
        assert_eq!(api.chunk(id, 1, b"one").status, 200);
        let r = api.chunk(id, 1, b"one");
        assert_eq!(r.status, 400);
        assert!(r.body.contains("chunk 1 already uploaded"), "{}", r.body);
        // A big refused chunk is read to the end: the client gets the 400, not a reset.
        assert_eq!(api.chunk(id, 1, &data(9, 8 << 20)).status, 400);
        assert_eq!(api.image()["chunkPosts"], 1);
    }),
    (
        "repost=count-twice",
        &["--reading", "repost=count-twice"],
        |a| {
            let api = Api::start(a);
            let id = api.new_request(2);
            api.chunk(id, 1, b"one");
            let r = api.chunk(id, 1, b"one");
            assert_eq!(r.status, 200);
            assert_eq!(counts(&r.json()), (2, 1));
            let r = api.chunk(id, 2, b"two");
            assert_eq!(counts(&r.json()), (3, 0));
            let v = api.status(id);
            assert_eq!(counts(&v), (3, 0));
            let m = api.merge(id);
            assert_eq!(m.status, 400, "3 chunks uploaded, 2 declared: {}", m.body);
            assert_eq!(api.image()["merges"], 0);
        },
    ),
    (
        "initiate-data=empty",
        &["--reading", "initiate-data=empty"],
        |a| {
            let api = Api::start(a);
            assert_eq!(api.initiate(2, Some(b"first")).status, 400);
            upload_chunks(&api, &[b"a".to_vec(), b"b".to_vec()]);
        },
    ),
    (
        "initiate-data=optional",
        &["--reading", "initiate-data=optional"],
        |a| {
            let api = Api::start(a);
            let r = api.initiate(2, Some(b"first "));
            assert_eq!(r.status, 200, "{}", r.body);
            let id = entity(&r);
            let v = api.status(id);
            assert_eq!(counts(&v), (1, 1));
            assert_eq!(api.image()["chunksHeld"], serde_json::json!([1]));
            assert_eq!(
                api.image()["chunkPosts"],
                0,
                "the initiate call is not a chunk POST"
            );
            assert_eq!(api.chunk(id, 2, b"second").status, 200);
            assert_eq!(api.merge(id).status, 200);
            api.completed(id);
            assert_eq!(api.image()["storedMd5"], md5_hex(b"first second"));
            // Without a file part, chunks 1..N go to the chunk endpoint.
            let id = api.new_request(1);
            assert_eq!(api.chunk(id, 1, b"x").status, 200);
        },
    ),
    (
        "initiate-data=required",
        &["--reading", "initiate-data=required"],
        |a| {
            let api = Api::start(a);
            assert_eq!(api.initiate(2, None).status, 400);
            let bad = api.send(
                api.initiate_rb(2, Some(b"first "))
                    .header("X-MD5-Checksum", md5_hex(b"other")),
            );
            assert_eq!(
                bad.status, 400,
                "X-MD5-Checksum covers the initiate call's chunk"
            );
            let r = api.send(
                api.initiate_rb(2, Some(b"first "))
                    .header("X-MD5-Checksum", md5_hex(b"first ")),
            );
            assert_eq!(r.status, 200, "{}", r.body);
            let id = entity(&r);
            assert_eq!(
                api.chunk(id, 1, b"again").status,
                400,
                "chunk 1 came with the initiate call"
            );
            assert_eq!(api.chunk(id, 2, b"second").status, 200);
            assert_eq!(api.merge(id).status, 200);
            api.completed(id);
            assert_eq!(api.image()["storedMd5"], md5_hex(b"first second"));
        },
    ),
    (
        "merge=idempotent",
        &["--reading", "merge=idempotent"],
        |a| {
            let api = Api::start(a);
            let (id, _) = upload_chunks(&api, &[b"a".to_vec()]);
            assert_eq!(api.merge(id).status, 200);
            assert_eq!(api.image()["merges"], 2);
        },
    ),
    (
        "merge=second-400",
        &["--reading", "merge=second-400"],
        |a| {
            let api = Api::start(a);
            let (id, _) = upload_chunks(&api, &[b"a".to_vec()]);
            assert_eq!(api.merge(id).status, 400);
            assert_eq!(api.image()["merges"], 1);
        },
    ),
    ("merge=async-202", &["--reading", "merge=async-202"], |a| {
        let api = Api::start(a);
        let id = api.new_request(1);
        api.chunk(id, 1, b"abc");
        let m = api.merge(id);
        assert_eq!((m.status, m.body.as_str()), (202, ""));
        assert_eq!(api.status(id)["statusName"], "Initiated", "not merged yet");
        assert_eq!(
            api.chunk(id, 1, b"abc").status,
            400,
            "no chunks once the merge is accepted"
        );
        assert_eq!(api.completed(id)["checkSum"], md5_hex(b"abc"));
    }),
    ("merge=slow", &["--reading", "merge=slow"], |a| {
        let api = Api::start(a);
        let id = api.new_request(1);
        api.chunk(id, 1, b"abc");
        let t = Instant::now();
        let r = api.try_send(api.merge_rb(id).timeout(Duration::from_millis(1500)));
        assert!(r.is_err(), "the answer outlasts a short timeout");
        assert!(t.elapsed() < Duration::from_secs(4));
        api.completed(id);
        assert_eq!(
            api.image()["merges"],
            1,
            "committed when the request arrived"
        );
    }),
    ("checksum=hex", &["--reading", "checksum=hex"], |a| {
        checksum(a, |h| Some(h.to_string()))
    }),
    ("checksum=upper", &["--reading", "checksum=upper"], |a| {
        checksum(a, |h| Some(h.to_uppercase()))
    }),
    ("checksum=base64", &["--reading", "checksum=base64"], |a| {
        checksum(a, |h| Some(b64(h)))
    }),
    ("checksum=absent", &["--reading", "checksum=absent"], |a| {
        checksum(a, |_| None)
    }),
    (
        "checksum=after-replication",
        &[
            "--reading",
            "checksum=after-replication",
            "--reading",
            "final-status=unrecognised",
        ],
        |a| {
            let api = Api::start(a);
            let id = entity(&api.whole(b"img"));
            let v = api.wait(id, |v| v["statusName"] == "Replicating");
            assert!(v.get("checkSum").is_none(), "{v}");
            assert_eq!(api.completed(id)["checkSum"], md5_hex(b"img"));
        },
    ),
    (
        "checksum=hex while processing",
        &["--processing-ms", "1500"],
        |a| {
            let api = Api::start(a);
            let id = entity(&api.whole(b"img"));
            let v = api.status(id);
            assert_eq!(v["statusName"], "Virus Scan In Progress");
            assert_eq!(v["checkSum"], md5_hex(b"img"));
        },
    ),
    (
        "final-status=scan-failed",
        &["--reading", "final-status=scan-failed"],
        |a| {
            let api = Api::start(a);
            let id = entity(&api.whole(b"img"));
            let v = api.wait(id, |v| v["statusName"] == "Virus Scan Failed");
            assert!(v.get("checkSum").is_none(), "{v}");
        },
    ),
    (
        "final-status=unrecognised",
        &["--reading", "final-status=unrecognised"],
        |a| {
            let api = Api::start(a);
            let id = entity(&api.whole(b"img"));
            api.wait(id, |v| v["statusName"] == "Replicating");
            api.completed(id);
        },
    ),
    (
        "final-status=missing",
        &[
            "--reading",
            "final-status=missing",
            "--processing-ms",
            "800",
        ],
        |a| {
            let api = Api::start(a);
            let id = entity(&api.whole(b"img"));
            let v = api.status(id);
            assert!(v.get("statusName").is_none(), "{v}");
            let h = api.send(api.req(Method::HEAD, &format!("/machineimages/{id}")));
            assert_eq!((h.status, h.header("x-upload-status")), (200, None));
            api.completed(id);
        },
    ),
    ("arrays=empty", &["--reading", "arrays=empty"], |a| {
        let api = Api::start(a);
        let v = api.send(api.req(Method::GET, "/machineimages")).json();
        assert_eq!(
            (v["items"].clone(), v["links"].clone()),
            (serde_json::json!([]), serde_json::json!([]))
        );
    }),
    ("arrays=null", &["--reading", "arrays=null"], |a| {
        let api = Api::start(a);
        let v = api.send(api.req(Method::GET, "/machineimages")).json();
        assert_eq!(
            (v["items"].clone(), v["links"].clone()),
            (Value::Null, Value::Null)
        );
        assert!(v.as_object().unwrap().contains_key("items"));
        let id = api.new_request(1);
        let v = api.status(id);
        assert!(
            v.as_object()
                .unwrap()
                .contains_key("dataCenterImageUploadRequests")
        );
        assert_eq!(v["dataCenterImageUploadRequests"], Value::Null);
    }),
    (
        "creation=location-201",
        &["--reading", "creation=location-201"],
        |a| {
            let api = Api::start(a);
            let r = api.whole(b"img");
            assert_eq!((r.status, r.body.as_str()), (201, ""));
            let first = r.header("location").expect("Location");
            assert!(
                first.starts_with("http://127.0.0.1:")
                    && first.ends_with("/appstore/publisher/v1/machineimages/8000001"),
                "{first}"
            );
            let r = api.initiate(1, None);
            assert_eq!((r.status, r.body.as_str()), (201, ""));
            assert_eq!(
                r.header("location").as_deref(),
                Some("/appstore/publisher/v1/machineimages/8000002")
            );
        },
    ),
    (
        "unknown-request=404",
        &["--reading", "unknown-request=404"],
        |a| unknown_request(a, 404),
    ),
    (
        "unknown-request=400",
        &["--reading", "unknown-request=400"],
        |a| unknown_request(a, 400),
    ),
    (
        "unknown-request=500",
        &["--reading", "unknown-request=500"],
        |a| unknown_request(a, 500),
    ),
    (
        "chunk-expiry=never",
        &["--reading", "chunk-expiry=never"],
        |a| {
            let mut api = Api::start(a);
            let id = api.new_request(2);
            api.chunk(id, 1, b"one");
            api.restart();
            let v = api.status(id);
            assert_eq!(counts(&v), (1, 1));
            api.chunk(id, 2, b"two");
            assert_eq!(api.merge(id).status, 200);
            api.completed(id);
            assert_eq!(api.image()["storedMd5"], md5_hex(b"onetwo"));
        },
    ),
    (
        "chunk-expiry=on-restart",
        &["--reading", "chunk-expiry=on-restart"],
        |a| {
            let mut api = Api::start(a);
            let id = api.new_request(2);
            api.chunk(id, 1, b"one");
            api.restart();
            let v = api.status(id);
            assert_eq!(v["statusName"], "Initiated");
            assert_eq!(counts(&v), (0, 2));
            assert_eq!(api.image()["chunksHeld"], serde_json::json!([]));
            assert_eq!(api.merge(id).status, 400, "chunks missing");
            api.chunk(id, 1, b"one");
            api.chunk(id, 2, b"two");
            assert_eq!(api.merge(id).status, 200);
            api.completed(id);
        },
    ),
    (
        "after-commit 5xx on the whole POST",
        &["--commit-fault-rate", "1", "--commit-fault", "5xx"],
        |a| {
            let api = Api::start(a);
            let r = api.whole(b"img");
            assert_eq!(r.status, 500);
            let img = api.image();
            assert_eq!(
                img["storedMd5"],
                md5_hex(b"img"),
                "stored although the answer was lost"
            );
        },
    ),
    (
        "after-commit 5xx on initiate, chunk and merge",
        &["--commit-fault-rate", "1", "--commit-fault", "5xx"],
        |a| {
            let api = Api::start(a);
            assert_eq!(api.initiate(1, None).status, 500);
            let id = api.image()["id"].as_u64().expect("the request exists");
            assert_eq!(api.chunk(id, 1, b"abc").status, 500);
            assert_eq!(api.image()["chunksHeld"], serde_json::json!([1]));
            assert_eq!(api.merge(id).status, 500);
            api.completed(id);
            let img = api.image();
            assert_eq!(
                (img["chunkPosts"].clone(), img["merges"].clone()),
                (1.into(), 1.into())
            );
            assert_eq!(img["storedMd5"], md5_hex(b"abc"));
        },
    ),
    (
        "after-commit reset on the initiate POST",
        &["--commit-fault-rate", "1", "--commit-fault", "reset"],
        |a| {
            let api = Api::start(a);
            assert!(
                api.try_send(api.initiate_rb(2, None)).is_err(),
                "the answer is dropped"
            );
            let img = api.image();
            assert_eq!(
                (img["status"].clone(), img["chunksExpected"].clone()),
                ("Initiated".into(), 2.into())
            );
        },
    ),
];

#[test]
fn every_reading_answers_as_documented() {
    run_table(CASES);
}
