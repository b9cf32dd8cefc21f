//! The rest of the API surface a pipeline uses, and what the sandbox refuses on its own.

use crate::util::{Env, Sandbox, json, root, run};

#[test]
fn image_list_pages_status_waits_and_delete_removes() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--processing-ms", "600"]);
    let mut ids = vec![];
    for i in 0..3 {
        let (f, _) = env.random_file(&format!("p{i}.tar.gz"), 4000, 100 + i);
        let r = env.ok_json(
            &sb,
            &[
                "image",
                "upload",
                "--chunks",
                "2",
                "--no-wait",
                f.to_str().unwrap(),
            ],
        );
        ids.push(r["uploadRequestId"].as_u64().unwrap());
    }
    // --wait polls through "Virus Scan In Progress" to "Completed".
    let s = env.ok_json(
        &sb,
        &["image", "status", &ids[2].to_string(), "--wait", "30"],
    );
    assert_eq!(s["statusName"], "Completed");
    let page = env.ok_json(&sb, &["image", "list", "--limit", "2"]);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let all = env.ok_json(&sb, &["image", "list", "--limit", "2", "--all"]);
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let kw = env.ok_json(&sb, &["image", "list", "--keyword", "p1"]);
    assert_eq!(kw["items"].as_array().unwrap().len(), 1);
    let del = env.ok_json(&sb, &["--yes", "image", "delete", &ids[0].to_string()]);
    assert!(
        del["message"]
            .as_str()
            .unwrap()
            .contains("deleted successfully")
    );
    let s = env.ok_json(&sb, &["image", "status", &ids[0].to_string()]);
    assert_eq!(s["statusName"], "Deleted");
    assert!(!sb.stored_image(ids[0]).exists());
    let deleted = env.ok_json(&sb, &["image", "list", "--status", "DELETED"]);
    assert_eq!(deleted["items"].as_array().unwrap().len(), 1);
}

#[test]
fn applications_list_and_package_update() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let apps = env.ok_json(&sb, &["application", "list"]);
    assert!(apps["items"].as_array().unwrap().len() >= 3);
    let ex = root().join("examples/packages/credential.json");
    let created = env.ok_json(&sb, &["package", "create", "3047418", ex.to_str().unwrap()]);
    let id = created["packageVersionId"].as_u64().unwrap().to_string();
    env.ok_json(&sb, &["package", "validate-remote", "3047418", &id]);
    assert_eq!(sb.state()["packages"][&id]["status"], "VALIDATED");
    // An update replaces the document and must be validated again.
    let other = root().join("examples/packages/datasource-alias.json");
    env.ok_json(
        &sb,
        &["package", "update", "3047418", &id, other.to_str().unwrap()],
    );
    let rec = &sb.state()["packages"][&id];
    assert_eq!(rec["status"], "NEW");
    assert_eq!(
        rec["document"]["actions"][0]["actionName"],
        "adddatasourcealias"
    );
    let got = env.ok_json(&sb, &["package", "get", "3047418", &id]);
    assert_eq!(got["status"]["code"], "NEW");
}

#[test]
fn the_sandbox_rejects_what_the_server_would() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let token = sb.token();
    let bearer = format!("Bearer {token}");
    let auth: Vec<(&str, &str)> = vec![
        ("Authorization", &bearer),
        ("X-Oracle-UserId", "ci@example.com"),
    ];
    let multipart = |fields: &[(&str, &str)]| {
        let mut body = String::new();
        for (name, value) in fields {
            body.push_str(&format!(
                "--XYZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str("--XYZ--\r\n");
        body
    };
    let mut h = auth.clone();
    h.push(("Content-Type", "multipart/form-data; boundary=XYZ"));
    let post =
        |body: &str, h: &[(&str, &str)], path: &str| sb.raw("POST", path, h, body.as_bytes());

    // Packages: the json field is required and must be a valid package.
    let (st, body) = post(
        &multipart(&[("file", "x")]),
        &h,
        "/appstore/publisher/v1/applications/2806005/packages",
    );
    assert_eq!(st, 400, "{body}");
    assert!(body.contains("'json'"), "{body}");
    let (st, body) = post(
        &multipart(&[("json", "{\"version\": ")]),
        &h,
        "/appstore/publisher/v1/applications/2806005/packages",
    );
    assert_eq!(st, 400, "{body}");
    assert!(body.contains("json-syntax"), "{body}");
    // A published listing cannot take packages.
    let ex = std::fs::read_to_string(root().join("examples/packages/credential.json")).unwrap();
    let (st, body) = post(
        &multipart(&[("json", &ex)]),
        &h,
        "/appstore/publisher/v1/applications/359107/packages",
    );
    assert_eq!(st, 400, "{body}");

    // Machine images: X-File-Name required, chunk numbers in range, MD5 checked, no early merge.
    let meta = r#"{"application":"a","version":"1","operatingSystem":"linux"}"#;
    let (st, _) = post(
        &multipart(&[("json", meta), ("uploadType", "Chunk")]),
        &h,
        "/appstore/publisher/v1/machineimages",
    );
    assert_eq!(st, 400, "X-File-Name is required");
    let mut hc = h.clone();
    hc.push(("X-File-Name", "a.tar.gz"));
    hc.push(("X-Number-Of-Chunks", "2"));
    let (st, body) = post(
        &multipart(&[("json", meta), ("uploadType", "Chunk")]),
        &hc,
        "/appstore/publisher/v1/machineimages",
    );
    assert_eq!(st, 200, "{body}");
    let id: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = id["entityId"].as_str().unwrap().to_string();
    let chunk_path = format!("/appstore/publisher/v1/machineimages/{id}/chunk");
    let mut h3 = h.clone();
    h3.push(("X-File-Name", "a.tar.gz"));
    h3.push(("X-Chunk-Number", "3"));
    let (st, body) = post(&multipart(&[("file", "abc")]), &h3, &chunk_path);
    assert_eq!(st, 400, "{body}");
    assert!(body.contains("between 1 and 2"), "{body}");
    let mut h1 = h.clone();
    h1.push(("X-File-Name", "a.tar.gz"));
    h1.push(("X-Chunk-Number", "1"));
    h1.push(("X-MD5-Checksum", "00000000000000000000000000000000"));
    let (st, body) = post(&multipart(&[("file", "abc")]), &h1, &chunk_path);
    assert_eq!(st, 400, "{body}");
    assert!(body.contains("MD5 checksum mismatch"), "{body}");
    let mut hm = auth.clone();
    hm.push(("Content-Type", "application/x-www-form-urlencoded"));
    let (st, body) = sb.raw(
        "PATCH",
        &format!("/appstore/publisher/v1/machineimages/{id}"),
        &hm,
        b"action=upload",
    );
    assert_eq!(st, 400, "{body}");
    assert!(body.contains("2 of 2 chunks missing"), "{body}");
    // No bearer, or no user: 401.
    let (st, _) = sb.raw("GET", "/appstore/publisher/v1/machineimages", &[], b"");
    assert_eq!(st, 401);
    let (st, _) = sb.raw(
        "GET",
        "/appstore/publisher/v1/machineimages",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_eq!(st, 401);
}

#[test]
fn verify_resume_rehashes_before_reusing() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let (file, md5) = env.random_file("vr.tar.gz", 3 << 20, 200);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "12", "--parallel", "1"])
        .arg(&file);
    let mut child = c.spawn().unwrap();
    sb.wait_for_chunks(2);
    child.kill().unwrap();
    child.wait().unwrap();
    let r = env.ok_json(
        &sb,
        &[
            "image",
            "upload",
            "--chunks",
            "12",
            "--verify-resume",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r["resumed"], true);
    assert_eq!(r["verified"], true);
    assert_eq!(r["md5"], md5);
}

#[test]
fn help_exit_codes_as_json() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args(["--output", "json", "help", "exit-codes"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    let v = json(&out);
    let codes: Vec<i64> = v["exitCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 130]);
}
