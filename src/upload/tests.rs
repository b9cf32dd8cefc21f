//! The driver against an in-memory server whose answers can be lost after it commits, so each
//! reconciliation path is exercised without a network: one upload request, byte-exact content.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use md5::Digest;

use super::engine::{self, Deps};
use super::journal::Store;
use super::plan::Plan;
use super::report::{Reporter, Verification};
use super::spec::UploadSpec;
use super::transport::Transport;
use crate::api::ApiError;
use crate::api::images::ChunkBody;
use crate::api::types::{ChunkAck, ImageMetadata, MachineImageStatus};
use crate::digest::hex;
use crate::error::Exit;

#[derive(Default)]
struct Req {
    file_name: String,
    chunks_expected: u64,
    chunks: BTreeMap<u64, Vec<u8>>,
    whole: Option<Vec<u8>>,
    merged: bool,
    merges: u32,
    posts: u32,
    polls_after_merge: u32,
}

#[derive(Default)]
struct Knobs {
    /// Operation name -> how many of its next successful answers are lost after the commit.
    lose: HashMap<&'static str, u32>,
    second_merge_rejected: bool,
    repost_rejected: bool,
    /// The status word before the merge.
    pre_merge_word: &'static str,
    /// Words shown while processing, one per poll, before Completed.
    processing: Vec<&'static str>,
    /// None: no checkSum; Some(f): the stored image's digest written by f.
    checksum: Option<fn(&[u8]) -> String>,
    unknown_code: u16,
    /// How many merges fail before reaching the server (connection refused).
    merge_unreachable: u32,
}

#[derive(Default)]
struct Fake {
    state: Mutex<(u64, BTreeMap<u64, Req>, Knobs)>,
}

fn read_region(b: &ChunkBody<'_>) -> Vec<u8> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(b.path).unwrap();
    f.seek(SeekFrom::Start(b.offset)).unwrap();
    let mut v = vec![0u8; b.len as usize];
    f.read_exact(&mut v).unwrap();
    v
}

fn md5_hex(b: &[u8]) -> String {
    hex(&md5::Md5::digest(b))
}

impl Fake {
    fn with(knobs: Knobs) -> Arc<Fake> {
        Arc::new(Fake {
            state: Mutex::new((100, BTreeMap::new(), knobs)),
        })
    }

    /// Commit, then maybe lose the answer.
    fn answer<T>(&self, op: &'static str, v: T) -> Result<T, ApiError> {
        let mut st = self.state.lock().unwrap();
        if let Some(n) = st.2.lose.get_mut(op)
            && *n > 0
        {
            *n -= 1;
            return Err(ApiError::Ambiguous {
                what: op.into(),
                reason: "connection reset after the request was sent".into(),
            });
        }
        Ok(v)
    }

    fn unknown(&self, id: u64) -> ApiError {
        let code = self.state.lock().unwrap().2.unknown_code;
        ApiError::Status {
            status: if code == 0 { 404 } else { code },
            what: format!("/machineimages/{id}"),
            message: "Entity Not Found".into(),
            attempts: 1,
        }
    }

    fn stored(&self, id: u64) -> Option<Vec<u8>> {
        let st = self.state.lock().unwrap();
        let r = st.1.get(&id)?;
        if let Some(w) = &r.whole {
            return Some(w.clone());
        }
        r.merged
            .then(|| r.chunks.values().flatten().copied().collect())
    }

    fn ids(&self) -> Vec<u64> {
        self.state.lock().unwrap().1.keys().copied().collect()
    }

    fn forget_chunks(&self, id: u64) {
        self.state
            .lock()
            .unwrap()
            .1
            .get_mut(&id)
            .unwrap()
            .chunks
            .clear();
    }

    fn create(&self, r: Req) -> u64 {
        let mut st = self.state.lock().unwrap();
        st.0 += 1;
        let id = st.0;
        st.1.insert(id, r);
        id
    }
}

impl Transport for Fake {
    async fn create_whole(
        &self,
        body: ChunkBody<'_>,
        file_name: &str,
        _meta: &ImageMetadata,
    ) -> Result<u64, ApiError> {
        let data = read_region(&body);
        assert_eq!(md5_hex(&data), body.md5_hex);
        let id = self.create(Req {
            file_name: file_name.into(),
            whole: Some(data),
            merged: true,
            ..Default::default()
        });
        self.answer("create", id)
    }

    async fn initiate(
        &self,
        file_name: &str,
        chunks: u64,
        _meta: &ImageMetadata,
        first: Option<ChunkBody<'_>>,
    ) -> Result<u64, ApiError> {
        let mut r = Req {
            file_name: file_name.into(),
            chunks_expected: chunks,
            ..Default::default()
        };
        if let Some(b) = first {
            r.chunks.insert(1, read_region(&b));
        }
        let id = self.create(r);
        self.answer("initiate", id)
    }

    async fn chunk(
        &self,
        id: u64,
        number: u64,
        body: ChunkBody<'_>,
        _file_name: &str,
    ) -> Result<ChunkAck, ApiError> {
        let data = read_region(&body);
        assert_eq!(md5_hex(&data), body.md5_hex, "X-MD5-Checksum");
        {
            let mut st = self.state.lock().unwrap();
            let reject = st.2.repost_rejected;
            let Some(r) = st.1.get_mut(&id) else {
                drop(st);
                return Err(self.unknown(id));
            };
            if reject && r.chunks.contains_key(&number) {
                return Err(ApiError::Status {
                    status: 400,
                    what: "chunk".into(),
                    message: format!("chunk {number} already uploaded"),
                    attempts: 1,
                });
            }
            r.posts += 1;
            r.chunks.insert(number, data);
        }
        self.answer("chunk", ChunkAck::default())
    }

    async fn merge(&self, id: u64) -> Result<(), ApiError> {
        {
            let mut st = self.state.lock().unwrap();
            if st.2.merge_unreachable > 0 {
                st.2.merge_unreachable -= 1;
                return Err(ApiError::Network {
                    what: "merge".into(),
                    reason: "connection refused".into(),
                    attempts: 3,
                });
            }
            let second = st.2.second_merge_rejected;
            let Some(r) = st.1.get_mut(&id) else {
                drop(st);
                return Err(self.unknown(id));
            };
            let bad = |m: String| ApiError::Status {
                status: 400,
                what: "merge".into(),
                message: m,
                attempts: 1,
            };
            if r.merged && second {
                return Err(bad("already merged".into()));
            }
            if (r.chunks.len() as u64) < r.chunks_expected {
                return Err(bad("chunks missing".into()));
            }
            r.merged = true;
            r.merges += 1;
        }
        self.answer("merge", ())
    }

    async fn status(&self, id: u64) -> Result<MachineImageStatus, ApiError> {
        let stored = self.stored(id);
        let mut st = self.state.lock().unwrap();
        let (_, reqs, knobs) = &mut *st;
        let Some(r) = reqs.get_mut(&id) else {
            drop(st);
            return Err(self.unknown(id));
        };
        let word = if !r.merged {
            knobs.pre_merge_word.to_string()
        } else {
            let i = r.polls_after_merge as usize;
            r.polls_after_merge += 1;
            knobs
                .processing
                .get(i)
                .map(|w| w.to_string())
                .unwrap_or_else(|| "Completed".into())
        };
        let done = word == "Completed";
        let held = if r.merged {
            r.chunks_expected
        } else {
            r.chunks.len() as u64
        };
        Ok(MachineImageStatus {
            upload_request_id: Some(id),
            file_name: Some(r.file_name.clone()),
            status_name: (!word.is_empty()).then_some(word),
            uploaded_chunks: Some(held),
            pending_chunks: Some(r.chunks_expected.saturating_sub(held)),
            check_sum: match (done, knobs.checksum, &stored) {
                (true, Some(f), Some(data)) => Some(f(data)),
                _ => None,
            },
            ..Default::default()
        })
    }

    async fn find(
        &self,
        file_name: &str,
        _meta: &ImageMetadata,
    ) -> Result<Vec<MachineImageStatus>, ApiError> {
        let ids: Vec<u64> = {
            let st = self.state.lock().unwrap();
            st.1.iter()
                .filter(|(_, r)| r.file_name == file_name)
                .map(|(id, _)| *id)
                .rev()
                .collect()
        };
        let mut out = vec![];
        for id in ids {
            out.push(self.status(id).await?);
        }
        Ok(out)
    }
}

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
    assert!(f.message.contains("--restart --overwrite"), "{}", f.message);

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
        tap: crate::api::body::Tap::limited(None, None),
    };
    assert_eq!(read_region(&b), s.data[10..15].to_vec());
}
