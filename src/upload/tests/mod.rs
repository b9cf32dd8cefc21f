//! The driver against an in-memory server whose answers can be lost after it commits, so each
//! reconciliation path is exercised without a network: one upload request, byte-exact content.

mod fake;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use md5::Digest;

use super::engine::{self, Deps};
use super::journal::Store;
use super::plan::Plan;
use super::report::{Reporter, Verification};
use super::spec::UploadSpec;
use crate::api::images::ChunkBody;
use crate::api::types::ImageMetadata;
use crate::error::{Exit, Remedy};
use fake::{Fake, Knobs, md5_hex, read_region};

struct Setup {
    _dir: tempfile::TempDir,
    store_dir: std::path::PathBuf,
    file: std::path::PathBuf,
    data: Vec<u8>,
}

fn setup(len: usize) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut data = vec![0u8; len];
    fastrand::Rng::with_seed(len as u64).fill(&mut data);
    let file = dir.path().join("img.tar.gz");
    std::fs::write(&file, &data).unwrap();
    Setup {
        store_dir: dir.path().join("journals"),
        file: std::fs::canonicalize(&file).unwrap(),
        _dir: dir,
        data,
    }
}

fn spec(s: &Setup, chunks: u64) -> UploadSpec {
    UploadSpec {
        path: s.file.clone(),
        shown: "img.tar.gz".into(),
        file_name: "img.tar.gz".into(),
        meta: ImageMetadata {
            application: "img".into(),
            version: "1.0".into(),
            operating_system: "linux".into(),
            overwrite_storage_file: Some(false),
        },
        plan: Plan {
            size: s.data.len() as u64,
            chunks,
        },
        plan_asked: true,
        parallel: super::spec::Parallelism::Fixed(3),
        bwlimit: None,
        restart: false,
        verify_resume: false,
        wait: Some(Duration::from_secs(30)),
        require_checksum: false,
        adopt: None,
    }
}

async fn run(
    fake: &Arc<Fake>,
    s: &Setup,
    sp: &UploadSpec,
) -> Result<super::report::UploadReport, crate::error::Failure> {
    let ctx = Deps {
        transport: fake.clone(),
        store: Store::new(s.store_dir.clone()),
        endpoint_key: "fake".into(),
        user: "u".into(),
        reporter: Reporter::new(Default::default(), true, s.data.len() as u64),
    };
    engine::upload(&ctx, sp).await
}

fn hex_sum(b: &[u8]) -> String {
    md5_hex(b)
}

fn b64_sum(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(b))
}

/// Every reconciliation path: one upload request, the server's bytes equal the file's.
#[tokio::test]
async fn one_request_and_exact_bytes_whatever_answer_is_lost() {
    let lose = |op: &'static str, n: u32| HashMap::from([(op, n)]);
    #[allow(clippy::type_complexity)]
    let table: Vec<(&str, u64, Knobs, Verification)> = vec![
        (
            "plain chunked",
            4,
            Knobs {
                checksum: Some(hex_sum),
                ..Default::default()
            },
            Verification::Md5,
        ),
        (
            "plain whole",
            0,
            Knobs {
                checksum: Some(hex_sum),
                ..Default::default()
            },
            Verification::Md5,
        ),
        (
            "initiate answer lost",
            4,
            Knobs {
                lose: lose("initiate", 1),
                checksum: Some(hex_sum),
                ..Default::default()
            },
            Verification::Md5,
        ),
        (
            "whole answer lost",
            0,
            Knobs {
                lose: lose("create", 1),
                checksum: Some(b64_sum),
                ..Default::default()
            },
            Verification::Md5,
        ),
        (
            "merge answer lost, second merge refused",
            4,
            Knobs {
                lose: lose("merge", 1),
                second_merge_rejected: true,
                checksum: Some(hex_sum),
                ..Default::default()
            },
            Verification::Md5,
        ),
        (
            "merge answer lost, merge idempotent",
            4,
            Knobs {
                lose: lose("merge", 2),
                ..Default::default()
            },
            Verification::Chunks,
        ),
        (
            "no checksum given",
            4,
            Knobs::default(),
            Verification::Chunks,
        ),
        (
            "upper-case checksum",
            4,
            Knobs {
                checksum: Some(|b| hex_sum(b).to_uppercase()),
                ..Default::default()
            },
            Verification::Md5,
        ),
        (
            "unknown words while processing",
            4,
            Knobs {
                processing: vec!["Replicating", "", "IN PROGESS"],
                pre_merge_word: "In Progress",
                checksum: Some(hex_sum),
                ..Default::default()
            },
            Verification::Md5,
        ),
    ];
    for (name, chunks, knobs, want) in table {
        let s = setup(100_003);
        let fake = Fake::with(knobs);
        let r = run(&fake, &s, &spec(&s, chunks))
            .await
            .unwrap_or_else(|f| panic!("{name}: {}", f.message));
        assert_eq!(fake.ids().len(), 1, "{name}: exactly one upload request");
        let id = fake.ids()[0];
        assert_eq!(r.upload_request_id, id, "{name}");
        assert_eq!(fake.stored(id).unwrap(), s.data, "{name}: byte-exact");
        assert_eq!(r.verification, want, "{name}");
        assert!(r.completed, "{name}");
    }
}

#[tokio::test]
async fn chunk_answers_lost_then_reposts_refused_count_as_held() {
    let s = setup(50_000);
    let fake = Fake::with(Knobs {
        lose: HashMap::from([("chunk", 1)]),
        repost_rejected: true,
        checksum: Some(hex_sum),
        ..Default::default()
    });
    // Chunk answers are retried by the HTTP layer, not the engine: the lost answers surface
    // as errors, the rerun re-sends, the server refuses the repeats as "already uploaded".
    let sp = spec(&s, 5);
    let first = run(&fake, &s, &sp).await;
    assert!(first.is_err());
    let r = run(&fake, &s, &sp).await.unwrap();
    assert_eq!(fake.ids().len(), 1);
    assert_eq!(fake.stored(r.upload_request_id).unwrap(), s.data);
    assert_eq!(r.verification, Verification::Md5);
}

#[tokio::test]
async fn a_request_that_can_never_be_merged_is_replaced() {
    let s = setup(40_000);
    let fake = Fake::with(Knobs {
        lose: HashMap::from([("chunk", 1)]),
        count_twice: true,
        checksum: Some(hex_sum),
        ..Default::default()
    });
    let sp = spec(&s, 4);
    // A chunk's answer is lost: the run stops; the rerun posts that chunk again, the server
    // counts it twice and refuses every merge of that request.
    assert!(run(&fake, &s, &sp).await.is_err());
    let first = fake.ids()[0];
    let r = run(&fake, &s, &sp).await.unwrap();
    assert_ne!(
        r.upload_request_id, first,
        "a new request replaced the unmergeable one"
    );
    assert_eq!(
        fake.ids(),
        vec![r.upload_request_id],
        "the old one was deleted"
    );
    assert_eq!(fake.stored(r.upload_request_id).unwrap(), s.data);
}

#[tokio::test]
async fn chunks_the_server_forgot_are_sent_again() {
    let s = setup(70_001);
    let fake = Fake::with(Knobs {
        merge_unreachable: 1,
        checksum: Some(hex_sum),
        ..Default::default()
    });
    let sp = spec(&s, 4);
    // Every chunk acknowledged, then the merge cannot be sent: exit 5, "merge requested".
    let f = run(&fake, &s, &sp).await.unwrap_err();
    assert_eq!(f.exit, Exit::Retryable, "{}", f.message);
    let id = fake.ids()[0];
    // Unmerged chunks expire on the server before the rerun.
    fake.forget_chunks(id);
    let r = run(&fake, &s, &sp).await.unwrap();
    assert_eq!(r.upload_request_id, id);
    assert_eq!(fake.ids().len(), 1);
    assert_eq!(fake.stored(id).unwrap(), s.data);
    let posts = fake.state.lock().unwrap().1[&id].posts;
    assert_eq!(posts, 8, "every chunk went again");
}

#[tokio::test]
async fn failures_unknown_requests_and_checksum_policy() {
    // A failure word ends the wait with exit 6 and the server's words.
    let s = setup(10_000);
    let fake = Fake::with(Knobs {
        processing: vec!["Virus Scan Failed"],
        ..Default::default()
    });
    let f = run(&fake, &s, &spec(&s, 2)).await.unwrap_err();
    assert_eq!(f.exit, Exit::Rejected);
    assert!(f.message.contains("Virus Scan Failed"), "{}", f.message);

    // --require-checksum without a server checksum: exit 7; a wrong checksum: exit 7 with advice.
    let s = setup(10_000);
    let fake = Fake::with(Knobs::default());
    let mut sp = spec(&s, 2);
    sp.require_checksum = true;
    let f = run(&fake, &s, &sp).await.unwrap_err();
    assert_eq!(f.exit, Exit::ChecksumMismatch);
    assert!(f.message.contains("verification: chunks"), "{}", f.message);
    let s = setup(10_000);
    let fake = Fake::with(Knobs {
        checksum: Some(|_| "00000000000000000000000000000000".into()),
        ..Default::default()
    });
    let f = run(&fake, &s, &spec(&s, 2)).await.unwrap_err();
    assert_eq!(f.exit, Exit::ChecksumMismatch);
    // The remedy is typed; the engine names no flag (the command layer phrases it).
    assert!(
        matches!(
            f.remedy,
            Some(Remedy::StartOverReplacing {
                delete_first: Some(_)
            })
        ),
        "{:?}",
        f.remedy
    );
    assert!(!f.message.contains("--"), "{}", f.message);

    // A journal whose request the server no longer knows (400): a new upload, said once.
    for code in [400u16, 404] {
        let s = setup(20_000);
        let fake = Fake::with(Knobs {
            checksum: Some(hex_sum),
            unknown_code: code,
            ..Default::default()
        });
        let mut sp = spec(&s, 2);
        sp.wait = None;
        let first = run(&fake, &s, &sp).await.unwrap();
        fake.state.lock().unwrap().1.clear();
        sp.wait = Some(Duration::from_secs(10));
        let r = run(&fake, &s, &sp).await.unwrap();
        assert_ne!(r.upload_request_id, first.upload_request_id, "{code}");
        assert_eq!(fake.stored(r.upload_request_id).unwrap(), s.data);
    }
}

#[test]
fn fake_server_reads_regions() {
    let s = setup(1000);
    let b = ChunkBody {
        path: Path::new(&s.file),
        offset: 10,
        len: 5,
        md5_hex: "",
        tap: crate::api::body::Tap::metered(None, Default::default(), None),
    };
    assert_eq!(read_region(&b), s.data[10..15].to_vec());
}

/// A whole upload whose answer is lost, while the search lags: the repeat is refused (409,
/// the storage path is taken by the first POST's request), and that request is adopted.
#[tokio::test]
async fn whole_upload_repeat_refused_as_conflict_adopts_the_first() {
    let s = setup(30_011);
    let fake = Fake::with(Knobs {
        lose: HashMap::from([("create", 1)]),
        search_lag: 3,
        storage_conflict: true,
        checksum: Some(hex_sum),
        ..Default::default()
    });
    let r = run(&fake, &s, &spec(&s, 0))
        .await
        .unwrap_or_else(|f| panic!("exit {:?}: {}", f.exit, f.message));
    assert_eq!(fake.ids(), vec![r.upload_request_id], "one upload request");
    assert_eq!(fake.stored(r.upload_request_id).unwrap(), s.data);
    assert_eq!(r.verification, Verification::Md5);
}

/// "Merge requested" is in the journal before the merge reaches the server: a merge that
/// commits, loses its answer and then loses the server ends the run with the journal saying
/// so, and the rerun (where a second merge is refused) proves the upload by its checksum.
#[tokio::test]
async fn merge_requested_is_journaled_before_the_merge_is_sent() {
    let s = setup(60_000);
    let fake = Fake::with(Knobs {
        lose: HashMap::from([("merge", 1)]),
        down_after_merge: 1,
        journal_dir: Some(s.store_dir.clone()),
        checksum: Some(hex_sum),
        ..Default::default()
    });
    let sp = spec(&s, 3);
    let f = run(&fake, &s, &sp).await.unwrap_err();
    assert_eq!(f.exit, Exit::Retryable, "{}", f.message);
    let journals = Store::new(s.store_dir.clone()).list();
    assert_eq!(journals.len(), 1);
    assert_eq!(journals[0].stage, super::journal::Stage::MergeRequested);
    {
        let mut st = fake.state.lock().unwrap();
        assert_eq!(
            st.2.stages_at_merge,
            vec![super::journal::Stage::MergeRequested],
            "the journal said so when the merge arrived"
        );
        st.2.second_merge_rejected = true;
    }
    let r = run(&fake, &s, &sp).await.unwrap();
    assert_eq!(fake.ids(), vec![r.upload_request_id], "one upload request");
    assert_eq!(r.verification, Verification::Md5);
    assert_eq!(fake.stored(r.upload_request_id).unwrap(), s.data);
    assert_eq!(fake.state.lock().unwrap().1[&r.upload_request_id].merges, 1);
}

/// A journal's request answered 500 on resume: unknown only when the search lists this
/// file's requests without it (then a new upload); a search that finds nothing proves
/// nothing, so the run stops (exit 5) without creating anything.
#[tokio::test]
async fn unknown_request_answered_500_is_judged_by_the_search() {
    for other_listed in [true, false] {
        let s = setup(20_000);
        let fake = Fake::with(Knobs {
            checksum: Some(hex_sum),
            unknown_code: 500,
            ..Default::default()
        });
        let mut sp = spec(&s, 2);
        sp.wait = None;
        let first = run(&fake, &s, &sp).await.unwrap();
        fake.state.lock().unwrap().1.clear();
        let other = other_listed.then(|| {
            fake.create(fake::Req {
                file_name: "img.tar.gz".into(),
                chunks_expected: 2,
                ..Default::default()
            })
        });
        sp.wait = Some(Duration::from_secs(10));
        let got = run(&fake, &s, &sp).await;
        if other_listed {
            let r = got.unwrap_or_else(|f| panic!("{}", f.message));
            assert_ne!(r.upload_request_id, first.upload_request_id);
            assert_ne!(Some(r.upload_request_id), other);
            assert_eq!(fake.stored(r.upload_request_id).unwrap(), s.data);
            assert_eq!(fake.ids().len(), 2, "the new request and the other one");
        } else {
            let f = got.unwrap_err();
            assert_eq!(f.exit, Exit::Retryable, "{}", f.message);
            assert!(fake.ids().is_empty(), "nothing created on no evidence");
        }
    }
}

/// Killed while the server stored a chunk but before its answer: the journal already says the
/// chunk was sent, so the rerun's "already uploaded" for it is this file's bytes, checked
/// against their MD5 (verified by chunks, exit 0, where no whole-file checksum is given).
#[tokio::test]
async fn a_chunk_stored_before_a_kill_counts_as_accepted_on_rerun() {
    let s = setup(30_000);
    let fake = Fake::with(Knobs {
        repost_rejected: true,
        hang_chunk: Some(2),
        ..Default::default()
    });
    let mut sp = spec(&s, 3);
    sp.parallel = super::spec::Parallelism::Fixed(1);
    let killed = tokio::time::timeout(Duration::from_millis(500), run(&fake, &s, &sp)).await;
    assert!(
        killed.is_err(),
        "the first run hangs on chunk 2 until killed"
    );
    fake.state.lock().unwrap().2.hang_chunk = None;
    let r = run(&fake, &s, &sp)
        .await
        .unwrap_or_else(|f| panic!("exit {:?}: {}", f.exit, f.message));
    assert_eq!(r.verification, Verification::Chunks);
    assert_eq!(fake.ids(), vec![r.upload_request_id]);
    assert_eq!(fake.stored(r.upload_request_id).unwrap(), s.data);
}

/// A status word this client does not know, lasting past the threshold: one warning, through
/// the reporter (so `--events` has it); a known word, however long, warns nothing.
#[tokio::test]
async fn an_unknown_status_word_warns_once_through_the_events() {
    for (words, warnings) in [
        (vec!["Replicating", "Replicating", "Replicating"], 1),
        (vec!["Virus Scan In Progress", "Virus Scan In Progress"], 0),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("events.ndjson");
        let events = crate::output::events::Events::open(Some(&log)).unwrap();
        let rep = Reporter::new(events, true, 1);
        let fake = Fake::with(Knobs {
            processing: words.clone(),
            ..Default::default()
        });
        let id = fake.create(fake::Req {
            file_name: "img.tar.gz".into(),
            chunks_expected: 1,
            merged: true,
            ..Default::default()
        });
        let st = super::poll::wait_for(
            fake.as_ref(),
            id,
            Duration::from_secs(10),
            Duration::ZERO,
            Some(&rep),
        )
        .await
        .unwrap();
        assert_eq!(st.status_name.as_deref(), Some("Completed"));
        let text = std::fs::read_to_string(&log).unwrap();
        let warned: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("\"event\":\"warning\""))
            .collect();
        assert_eq!(warned.len(), warnings, "{words:?}: {text}");
        if warnings > 0 {
            assert!(warned[0].contains("'Replicating'"), "{}", warned[0]);
        }
        // Every word the server used reached the events, in order, once each.
        let statuses: Vec<String> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["event"] == "status")
            .map(|v| v["status"].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(statuses, vec![words[0].to_string(), "Completed".into()]);
    }
}

/// A whole upload whose answer is lost and whose processing fails before the search runs:
/// the failed request is the one the POST made (adopted, exit 6), not a reason to send again.
#[tokio::test]
async fn a_whole_upload_that_failed_fast_is_adopted_not_repeated() {
    let s = setup(12_345);
    let fake = Fake::with(Knobs {
        lose: HashMap::from([("create", 1)]),
        processing: vec!["Virus Scan Failed"; 10],
        ..Default::default()
    });
    let f = run(&fake, &s, &spec(&s, 0)).await.unwrap_err();
    assert_eq!(f.exit, Exit::Rejected, "{}", f.message);
    assert!(f.message.contains("Virus Scan Failed"), "{}", f.message);
    assert_eq!(fake.ids().len(), 1, "no second whole upload");
}
