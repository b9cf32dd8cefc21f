//! The sandbox's link model for benchmarks (`--pipe-rate`, `--latency`, `--max-concurrent`,
//! `--discard`), checked with raw HTTP against `publisher sandbox` children. One table, one test.

use std::time::{Duration, Instant};

use crate::raw_api::{Api, Case, data, entity, run_table};
use reqwest::Method;
use serde_json::Value;

const CASES: &[Case] = &[
    (
        "--discard",
        &["--discard", "--processing-ms", "5000"],
        |a| {
            let api = Api::start(a);
            let id = entity(&api.whole(&data(1, 4000)));
            let v = api.status(id);
            assert_eq!(v["statusName"], "Completed", "no scan to wait for");
            assert!(v.get("checkSum").is_none(), "nothing hashed: {v}");
            let id2 = api.new_request(2);
            api.chunk(id2, 1, b"one");
            api.chunk(id2, 2, b"two");
            assert_eq!(api.merge(id2).status, 200);
            let v = api.completed(id2);
            assert!(v.get("checkSum").is_none(), "{v}");
            let (_, body) = api.sb.raw_get("/sandbox/images");
            let all: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(all["images"][1]["chunkPosts"], 2);
            assert_eq!(all["images"][0]["storedMd5"], Value::Null);
            for id in [id, id2] {
                let dir = api.sb.data.join("images").join(id.to_string());
                let files = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
                assert_eq!(files, 0, "nothing stored for {id}");
            }
        },
    ),
    ("--max-concurrent", &["--max-concurrent", "1"], |a| {
        use std::io::Write;
        let api = Api::start(a);
        // One upload holds its request open (half its body sent); the next request is refused.
        let addr = api.sb.url.trim_start_matches("http://").to_string();
        let mut held = std::net::TcpStream::connect(&addr).unwrap();
        let body = "--b\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{}\r\n--b\r\n";
        write!(
            held,
            "POST /appstore/publisher/v1/machineimages HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nX-Oracle-UserId: a@b.c\r\nX-File-Name: img.bin\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n{body}",
            api.token
        )
        .unwrap();
        held.flush().unwrap();
        let t = Instant::now();
        let r = loop {
            let r = api.send(api.req(Method::GET, "/machineimages"));
            if r.status == 429 || t.elapsed() > Duration::from_secs(5) {
                break r;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(
            (r.status, r.header("retry-after").as_deref()),
            (429, Some("1"))
        );
        drop(held);
        let t = Instant::now();
        while api.send(api.req(Method::GET, "/machineimages")).status != 200 {
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "still refused after the upload ended"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(api.sb.stats()["concurrencyRefused"].as_u64().unwrap() >= 1);
    }),
    ("--latency", &["--latency", "300"], |a| {
        let api = Api::start(a);
        // Every request waits, not just a connection's first: three on one client.
        let t = Instant::now();
        for _ in 0..3 {
            assert_eq!(api.send(api.req(Method::GET, "/machineimages")).status, 200);
        }
        let took = t.elapsed();
        assert!(took >= Duration::from_millis(900), "took {took:?}");
        assert!(took < Duration::from_secs(10), "took {took:?}");
    }),
    ("--pipe-rate", &["--pipe-rate", "200KiB"], |a| {
        let api = Api::start(a);
        // Two 100 KB uploads at once share 200 KiB/s: about a second, not half of one.
        let t = Instant::now();
        let rs = api.send_all(vec![
            api.whole_rb(&data(1, 100_000)),
            api.whole_rb(&data(2, 100_000)),
        ]);
        let took = t.elapsed();
        assert!(rs.iter().all(|r| r.status == 200));
        assert!(took >= Duration::from_millis(800), "took {took:?}");
        assert!(took < Duration::from_secs(10), "took {took:?}");
    }),
];

#[test]
fn the_link_model_holds() {
    run_table(CASES);
}
