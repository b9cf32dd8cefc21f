//! An in-memory publisher server for the driver's unit tests: it commits each change, then
//! can lose the answer, and plays the readings the driver must survive.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use md5::Digest;

use crate::api::ApiError;
use crate::api::images::ChunkBody;
use crate::api::types::{ChunkAck, ImageMetadata, MachineImageStatus};
use crate::digest::hex;
use crate::upload::transport::Transport;

#[derive(Default)]
pub(super) struct Req {
    pub(super) file_name: String,
    pub(super) chunks_expected: u64,
    pub(super) chunks: BTreeMap<u64, Vec<u8>>,
    pub(super) whole: Option<Vec<u8>>,
    pub(super) merged: bool,
    pub(super) merges: u32,
    pub(super) posts: u32,
    pub(super) reposts: u64,
    pub(super) polls_after_merge: u32,
}

#[derive(Default)]
pub(super) struct Knobs {
    /// Operation name -> how many of its next successful answers are lost after the commit.
    pub(super) lose: HashMap<&'static str, u32>,
    pub(super) second_merge_rejected: bool,
    pub(super) repost_rejected: bool,
    /// The status word before the merge.
    pub(super) pre_merge_word: &'static str,
    /// Words shown while processing, one per poll, before Completed.
    pub(super) processing: Vec<&'static str>,
    /// None: no checkSum; Some(f): the stored image's digest written by f.
    pub(super) checksum: Option<fn(&[u8]) -> String>,
    pub(super) unknown_code: u16,
    /// How many merges fail before reaching the server (connection refused).
    pub(super) merge_unreachable: u32,
    /// A chunk number posted again is counted again, and such a request is never merged.
    pub(super) count_twice: bool,
    /// How many of the next searches come back empty (an index that lags behind).
    pub(super) search_lag: u32,
    /// A whole-file POST for a file name a live whole upload holds is refused with 409.
    pub(super) storage_conflict: bool,
    /// After a merge commits, this many calls fail as if the server went away.
    pub(super) down_after_merge: u32,
    /// Calls still to fail (set by a merge under `down_after_merge`).
    pub(super) down: u32,
    /// Where the driver keeps its journals: each merge records the stage they read on arrival.
    pub(super) journal_dir: Option<std::path::PathBuf>,
    pub(super) stages_at_merge: Vec<crate::upload::journal::Stage>,
    /// This chunk number is stored, then never answered (the client is killed meanwhile).
    pub(super) hang_chunk: Option<u64>,
}

#[derive(Default)]
pub(super) struct Fake {
    pub(super) state: Mutex<(u64, BTreeMap<u64, Req>, Knobs)>,
}

pub(super) fn read_region(b: &ChunkBody<'_>) -> Vec<u8> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(b.path).unwrap();
    f.seek(SeekFrom::Start(b.offset)).unwrap();
    let mut v = vec![0u8; b.len as usize];
    f.read_exact(&mut v).unwrap();
    v
}

pub(super) fn md5_hex(b: &[u8]) -> String {
    hex(&md5::Md5::digest(b))
}

impl Fake {
    pub(super) fn with(knobs: Knobs) -> Arc<Fake> {
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

    /// Fails the call while the server is down (after `down_after_merge`).
    fn reachable(&self, what: &str) -> Result<(), ApiError> {
        let mut st = self.state.lock().unwrap();
        if st.2.down > 0 {
            st.2.down -= 1;
            return Err(ApiError::Network {
                what: what.into(),
                reason: "connection refused".into(),
                attempts: 3,
            });
        }
        Ok(())
    }

    pub(super) fn unknown(&self, id: u64) -> ApiError {
        let code = self.state.lock().unwrap().2.unknown_code;
        ApiError::Status {
            status: if code == 0 { 404 } else { code },
            what: format!("/machineimages/{id}"),
            message: "Entity Not Found".into(),
            attempts: 1,
        }
    }

    pub(super) fn stored(&self, id: u64) -> Option<Vec<u8>> {
        let st = self.state.lock().unwrap();
        let r = st.1.get(&id)?;
        if let Some(w) = &r.whole {
            return Some(w.clone());
        }
        r.merged
            .then(|| r.chunks.values().flatten().copied().collect())
    }

    pub(super) fn ids(&self) -> Vec<u64> {
        self.state.lock().unwrap().1.keys().copied().collect()
    }

    pub(super) fn forget_chunks(&self, id: u64) {
        self.state
            .lock()
            .unwrap()
            .1
            .get_mut(&id)
            .unwrap()
            .chunks
            .clear();
    }

    pub(super) fn create(&self, r: Req) -> u64 {
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
        {
            let st = self.state.lock().unwrap();
            if st.2.storage_conflict
                && st
                    .1
                    .values()
                    .any(|r| r.whole.is_some() && r.file_name == file_name)
            {
                return Err(ApiError::Status {
                    status: 409,
                    what: "POST /machineimages".into(),
                    message: "A storage file already exists at this path".into(),
                    attempts: 1,
                });
            }
        }
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
        _once: bool,
    ) -> Result<ChunkAck, ApiError> {
        let data = read_region(&body);
        assert_eq!(md5_hex(&data), body.md5_hex, "X-MD5-Checksum");
        let hang;
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
            if r.chunks.insert(number, data).is_some() {
                r.reposts += 1;
            }
            hang = st.2.hang_chunk == Some(number);
        }
        if hang {
            std::future::pending::<()>().await;
        }
        self.answer("chunk", ChunkAck::default())
    }

    async fn merge(&self, id: u64) -> Result<(), ApiError> {
        self.reachable("merge")?;
        let journal_dir = self.state.lock().unwrap().2.journal_dir.clone();
        if let Some(dir) = journal_dir {
            let seen = crate::upload::journal::Store::new(dir).list();
            let mut st = self.state.lock().unwrap();
            st.2.stages_at_merge.extend(seen.iter().map(|j| j.stage));
        }
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
            let count_twice = st.2.count_twice;
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
            if count_twice && r.reposts > 0 {
                return Err(bad("uploaded chunks do not match X-Number-Of-Chunks".into()));
            }
            r.merged = true;
            r.merges += 1;
            st.2.down = st.2.down_after_merge;
        }
        self.answer("merge", ())
    }

    async fn status(&self, id: u64) -> Result<MachineImageStatus, ApiError> {
        self.reachable("status")?;
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
            r.chunks.len() as u64 + if knobs.count_twice { r.reposts } else { 0 }
        };
        Ok(MachineImageStatus {
            upload_request_id: Some(id),
            file_name: Some(r.file_name.clone()),
            created_date: Some(
                humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string(),
            ),
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

    async fn delete(&self, id: u64) -> Result<(), ApiError> {
        self.state.lock().unwrap().1.remove(&id);
        Ok(())
    }

    async fn find(
        &self,
        file_name: &str,
        _meta: &ImageMetadata,
    ) -> Result<Vec<MachineImageStatus>, ApiError> {
        let ids: Vec<u64> = {
            let mut st = self.state.lock().unwrap();
            if st.2.search_lag > 0 {
                st.2.search_lag -= 1;
                return Ok(vec![]);
            }
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
