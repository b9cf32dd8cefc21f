//! Background work on uploads: the merge, the "virus scan" and replication, and recovery of
//! what a killed sandbox left half done.

use std::sync::Arc;
use std::time::Duration;

use md5::{Digest, Md5};

use super::Shared;
use super::readings::{ChunkExpiry, FinalStatus};
use super::store::ImageStatus;
use crate::clock::now_rfc3339_millis;
use crate::digest::{copy_hashing, file_md5, hex};

/// How long an image stays "Replicating" under `--reading final-status=unrecognised`.
const REPLICATING: Duration = Duration::from_millis(1500);
/// How long an accepted merge waits before it starts under `--reading merge=async-202`.
pub const ASYNC_MERGE_DELAY: Duration = Duration::from_millis(1000);

pub fn set_status(s: &Shared, id: u64, status: ImageStatus) {
    s.store.update(|st| {
        if let Some(r) = st.images.get_mut(&id) {
            r.status = status;
            r.last_modified_date = now_rfc3339_millis();
        }
    });
}

/// Concatenate the chunks in number order into the image file, hashing as it goes.
fn merge_files(s: &Shared, id: u64, count: u64) -> std::io::Result<(String, u64)> {
    let dest = s.store.image_file(id);
    let tmp = dest.with_extension("merging");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    let mut md5 = Md5::new();
    let mut size = 0u64;
    for n in 1..=count {
        let mut f = std::fs::File::open(s.store.chunk_file(id, n))?;
        size += copy_hashing(&mut f, &mut out, &mut md5)?;
    }
    out.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&tmp, &dest)?;
    for n in 1..=count {
        let _ = std::fs::remove_file(s.store.chunk_file(id, n));
    }
    Ok((hex(&md5.finalize()), size))
}

/// Start the merge of an accepted request: status In Progress, then the files are joined.
pub fn start_merge(s: &Arc<Shared>, id: u64) {
    s.store.update(|st| {
        if let Some(r) = st.images.get_mut(&id) {
            r.status = ImageStatus::Merging;
            r.merge_requested = false;
            r.last_modified_date = now_rfc3339_millis();
        }
    });
    spawn_merge(s.clone(), id);
}

/// Under merge=async-202: the accepted merge starts a moment later.
pub fn start_merge_later(s: Arc<Shared>, id: u64) {
    tokio::spawn(async move {
        tokio::time::sleep(ASYNC_MERGE_DELAY).await;
        let still = s.store.read(|st| {
            st.images
                .get(&id)
                .is_some_and(|r| r.merge_requested && r.status == ImageStatus::Initiated)
        });
        if still {
            start_merge(&s, id);
        }
    });
}

fn spawn_merge(s: Arc<Shared>, id: u64) {
    tokio::spawn(async move {
        let count = s
            .store
            .read(|st| st.images.get(&id).map(|r| r.chunks_expected))
            .unwrap_or(0);
        if s.config.link.discard {
            // Nothing was stored: the merge is immediate, with no checksum to report.
            set_status(&s, id, ImageStatus::Completed);
            return;
        }
        let s2 = s.clone();
        let merged = tokio::task::spawn_blocking(move || merge_files(&s2, id, count)).await;
        match merged {
            Ok(Ok((md5, size))) => {
                s.store.update(|st| {
                    if let Some(r) = st.images.get_mut(&id) {
                        r.status = ImageStatus::Scanning;
                        r.size = Some(size);
                        r.stored_md5 = Some(md5);
                        r.last_modified_date = now_rfc3339_millis();
                    }
                });
                spawn_scan(s, id);
            }
            _ => set_status(&s, id, ImageStatus::Failed),
        }
    });
}

/// The "virus scan": a configurable delay, then the end `--reading final-status` asks for.
pub fn spawn_scan(s: Arc<Shared>, id: u64) {
    tokio::spawn(async move {
        tokio::time::sleep(s.config.processing).await;
        let still = s.store.read(|st| {
            st.images
                .get(&id)
                .is_some_and(|r| r.status == ImageStatus::Scanning)
        });
        if !still {
            return;
        }
        match s.config.readings.images.final_status {
            FinalStatus::Completed | FinalStatus::Missing => {
                set_status(&s, id, ImageStatus::Completed)
            }
            FinalStatus::ScanFailed => set_status(&s, id, ImageStatus::ScanFailed),
            FinalStatus::Unrecognised => {
                set_status(&s, id, ImageStatus::Replicating);
                spawn_replication(s, id);
            }
        }
    });
}

fn spawn_replication(s: Arc<Shared>, id: u64) {
    tokio::spawn(async move {
        tokio::time::sleep(REPLICATING).await;
        let still = s.store.read(|st| {
            st.images
                .get(&id)
                .is_some_and(|r| r.status == ImageStatus::Replicating)
        });
        if still {
            set_status(&s, id, ImageStatus::Completed);
        }
    });
}

/// After a restart, finish what a killed sandbox left mid-merge or mid-scan, and (under
/// chunk-expiry=on-restart) forget the chunks of requests not merged yet.
pub fn recover(s: &Arc<Shared>) {
    let expire = s.config.readings.images.chunk_expiry == ChunkExpiry::OnRestart;
    let (pending, expired) = s.store.read(|st| {
        let pending: Vec<(u64, ImageStatus, bool)> = st
            .images
            .values()
            .filter(|r| r.status.processing() || r.merge_requested)
            .map(|r| (r.id, r.status, r.stored_md5.is_some()))
            .collect();
        let expired: Vec<u64> = st
            .images
            .values()
            .filter(|r| {
                expire
                    && r.status == ImageStatus::Initiated
                    && !r.merge_requested
                    && (!r.chunks.is_empty() || r.duplicates > 0)
            })
            .map(|r| r.id)
            .collect();
        (pending, expired)
    });
    for id in expired {
        s.store.update(|st| {
            if let Some(r) = st.images.get_mut(&id) {
                r.chunks.clear();
                r.duplicates = 0;
                r.last_modified_date = now_rfc3339_millis();
            }
        });
        let _ = std::fs::remove_dir_all(s.store.image_dir(id));
    }
    for (id, status, hashed) in pending {
        match status {
            ImageStatus::Initiated => start_merge(s, id),
            ImageStatus::Merging => spawn_merge(s.clone(), id),
            ImageStatus::Replicating => spawn_replication(s.clone(), id),
            _ if hashed || s.config.link.discard => spawn_scan(s.clone(), id),
            _ => {
                let s2 = s.clone();
                tokio::spawn(async move {
                    let path = s2.store.image_file(id);
                    let md5 = tokio::task::spawn_blocking(move || file_md5(&path)).await;
                    match md5 {
                        Ok(Ok(m)) => {
                            s2.store.update(|st| {
                                st.images.get_mut(&id).map(|r| r.stored_md5 = Some(m))
                            });
                            spawn_scan(s2, id);
                        }
                        _ => set_status(&s2, id, ImageStatus::Failed),
                    }
                });
            }
        }
    }
    let _ = std::fs::remove_dir_all(s.store.dir.join("tmp"));
}
