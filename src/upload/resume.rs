//! The resume planner: what to do next, decided from evidence only — the journal (what this
//! machine sent and saw acknowledged), the file's content, and what the server reports (its
//! counts and ids). A status word never says "merged": the docs use the same words before and
//! after a merge, so only the journal's "merge requested" and the final checksum decide that.
//!
//! A pure function, so every case is a row in a unit-test table.

use super::journal::{Journal, Stage};
use crate::api::types::ImageState;

/// The local file compared with the one the journal describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Same size, modification time and inode.
    Same,
    /// Metadata differ (a fresh download on another runner) but every chunk's MD5 matches.
    Matches,
    /// Different content; the words say how.
    Changed(String),
}

/// What the server reports about the journal's upload request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Server {
    /// The journal has no request id (the creating POST was never answered, or never sent).
    NoRequest,
    /// The server does not know the id (404, or 400 for an id it cannot find).
    Unknown(u16),
    Status {
        state: ImageState,
        uploaded: Option<u64>,
        pending: Option<u64>,
    },
}

pub struct Evidence<'a> {
    pub journal: &'a Journal,
    pub content: Content,
    pub server: Server,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Start a new upload request; `why` (one line) when an earlier one is abandoned.
    Fresh { why: Option<String> },
    /// The file differs from what was uploaded: nothing may be reused.
    SourceChanged(String),
    /// A creating POST went out and its answer was lost: look for the request it may have
    /// created before creating another.
    Reconcile,
    /// Send these chunks (0-based), then merge. `why` says why more than the journal lacks.
    Send {
        id: u64,
        chunks: Vec<u64>,
        why: Option<String>,
    },
    /// The request can never be completed: delete it and start a new one. `one_by_one` when
    /// the server counts a repeated chunk twice (the new one never repeats a chunk blindly).
    Replace {
        id: u64,
        why: String,
        one_by_one: bool,
    },
    /// Every chunk is held: send the merge. `maybe_done` when an earlier merge may have been
    /// applied (its answer was not seen), so a refusal is not yet a failure.
    Merge { id: u64, maybe_done: bool },
    /// The server accepted the merge or the whole file: wait for it and verify the checksum.
    Verify { id: u64 },
}

pub fn decide(e: &Evidence) -> Decision {
    let j = e.journal;
    if let Content::Changed(how) = &e.content {
        // Everything of the earlier upload was sent: a changed file is a new upload (the next
        // release at the same path). Unfinished, it is a mistake worth stopping for.
        if matches!(j.stage, Stage::Merged | Stage::Completed) {
            return Decision::Fresh {
                why: Some(format!(
                    "the file changed since upload request {} ({how}); starting a new upload",
                    j.upload_request_id.unwrap_or_default()
                )),
            };
        }
        return Decision::SourceChanged(how.clone());
    }
    let id = j.upload_request_id.unwrap_or_default();
    let (state, uploaded, pending) = match &e.server {
        Server::NoRequest => {
            return if j.create_sent_at.is_some() {
                Decision::Reconcile
            } else {
                Decision::Fresh { why: None }
            };
        }
        Server::Unknown(code) => {
            return Decision::Fresh {
                why: Some(format!(
                    "the server does not know upload request {id} (it answered {code}); starting a new upload"
                )),
            };
        }
        Server::Status {
            state,
            uploaded,
            pending,
        } => (state, *uploaded, *pending),
    };
    if let ImageState::Failed(word) = state {
        return Decision::Fresh {
            why: Some(format!(
                "upload request {id} is '{word}' on the server; starting a new upload"
            )),
        };
    }
    // Completed is checked by the checksum, whatever the journal says; a whole-file upload has
    // nothing to resend once the server gave it an id.
    if *state == ImageState::Completed
        || j.chunks == 0
        || matches!(j.stage, Stage::Merged | Stage::Completed)
    {
        return Decision::Verify { id };
    }
    let n = j.chunks;
    if let Some(u) = uploaded.filter(|u| *u > n) {
        return Decision::Replace {
            id,
            why: format!(
                "upload request {id} counts {u} uploaded chunks for {n} declared (a repeated chunk counted twice); it can never be merged"
            ),
            one_by_one: true,
        };
    }
    // Chunk 1 came with the initiate call and only that call can carry it: if the server no
    // longer holds any chunk, this request cannot be completed.
    if j.first_in_initiate && uploaded == Some(0) {
        return Decision::Replace {
            id,
            why: format!(
                "upload request {id} no longer holds the first chunk, which only its initiate call could carry"
            ),
            one_by_one: j.one_by_one,
        };
    }
    // Chunk 1 carried by the initiate call belongs to the request, not to the chunk endpoint.
    let first = u64::from(j.first_in_initiate);
    let held = j.acked.iter().filter(|a| **a).count() as u64;
    // Fewer chunks on the server than this machine saw acknowledged: some were lost (expired,
    // or the server forgot them). Which ones is not reported, so every chunk goes again;
    // "already uploaded" answers count as held and the merge is the proof.
    if let Some(u) = uploaded
        && u < held
    {
        return Decision::Send {
            id,
            chunks: (first..n).collect(),
            why: Some(format!(
                "the server holds {u} of {n} chunks but {held} were acknowledged; sending all {n} again"
            )),
        };
    }
    let missing: Vec<u64> = (first..n).filter(|i| !j.acked[*i as usize]).collect();
    if j.stage == Stage::MergeRequested {
        if pending.is_some_and(|p| p > 0) {
            // The server still waits for chunks: the merge cannot have been applied.
            return Decision::Send {
                id,
                chunks: (first..n).collect(),
                why: Some(format!(
                    "the server still waits for {} chunks although the merge was requested; sending all {n} again",
                    pending.unwrap_or(0)
                )),
            };
        }
        if !missing.is_empty() {
            // Killed while re-sending after a refused merge: finish sending first.
            return Decision::Send {
                id,
                chunks: missing,
                why: None,
            };
        }
        return Decision::Merge {
            id,
            maybe_done: true,
        };
    }
    // Answers lost after the server stored the chunks: its counts show them all held.
    let all_held = uploaded.is_some_and(|u| u >= n) && pending == Some(0);
    if missing.is_empty() || all_held {
        return Decision::Merge {
            id,
            maybe_done: false,
        };
    }
    Decision::Send {
        id,
        chunks: missing,
        why: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::ImageMetadata;
    use crate::upload::journal::{FileIdentity, VERSION};

    fn journal(chunks: u64, acked: &[u64], stage: Stage, id: Option<u64>) -> Journal {
        let n = chunks.max(1) as usize;
        let mut a = vec![false; n];
        for i in acked {
            a[*i as usize] = true;
        }
        Journal {
            version: VERSION,
            key: "k".into(),
            endpoint: "e".into(),
            user: "u".into(),
            file: FileIdentity {
                path: "/x".into(),
                size: 100,
                mtime_ns: 1,
                inode: Some(1),
                device: Some(1),
            },
            file_name: "x".into(),
            meta: ImageMetadata {
                application: "a".into(),
                version: "1".into(),
                operating_system: "linux".into(),
                overwrite_storage_file: None,
            },
            chunks,
            chunk_size: 25,
            upload_request_id: id,
            stage,
            whole_md5: None,
            chunk_md5: vec![None; n],
            acked: a,
            unverified: vec![false; n],
            create_sent_at: None,
            one_by_one: false,
            first_in_initiate: false,
            attempted: vec![false; n],
            created_at: 0,
            updated_at: 0,
        }
    }

    fn st(word: &str, uploaded: Option<u64>, pending: Option<u64>) -> Server {
        Server::Status {
            state: ImageState::of(Some(word)),
            uploaded,
            pending,
        }
    }

    fn send(id: u64, chunks: &[u64]) -> Decision {
        Decision::Send {
            id,
            chunks: chunks.to_vec(),
            why: None,
        }
    }

    #[test]
    fn decisions_from_evidence() {
        use Stage::*;
        let sent = {
            let mut j = journal(4, &[], Uploading, None);
            j.create_sent_at = Some(5);
            j
        };
        let all = |id| Decision::Send {
            id,
            chunks: vec![0, 1, 2, 3],
            why: Some(String::new()),
        };
        let all_but_first = |id| Decision::Send {
            id,
            chunks: vec![1, 2, 3],
            why: Some(String::new()),
        };
        #[rustfmt::skip]
        let table: Vec<(&str, Journal, Content, Server, Decision)> = vec![
            ("never sent anything", journal(4, &[], Uploading, None), Content::Same, Server::NoRequest,
                Decision::Fresh { why: None }),
            ("creation sent, answer lost", sent.clone(), Content::Same, Server::NoRequest,
                Decision::Reconcile),
            ("file changed", journal(4, &[0], Uploading, Some(7)), Content::Changed("size".into()), st("Initiated", Some(1), Some(3)),
                Decision::SourceChanged("size".into())),
            ("content re-hashed and equal", journal(4, &[0, 1], Uploading, Some(7)), Content::Matches, st("Initiated", Some(2), Some(2)),
                send(7, &[2, 3])),
            ("pre-merge word Initiated", journal(4, &[0, 1], Uploading, Some(7)), Content::Same, st("Initiated", Some(2), Some(2)),
                send(7, &[2, 3])),
            // The reproduced hang: these words are not evidence of a merge.
            ("pre-merge word In Progress", journal(4, &[0, 1], Uploading, Some(7)), Content::Same, st("In Progress", Some(2), Some(2)),
                send(7, &[2, 3])),
            ("pre-merge word IN PROGESS", journal(4, &[0, 1], Uploading, Some(7)), Content::Same, st("IN PROGESS", Some(2), Some(2)),
                send(7, &[2, 3])),
            ("pre-merge word Pending", journal(4, &[0, 1], Uploading, Some(7)), Content::Same, st("Pending", Some(2), Some(2)),
                send(7, &[2, 3])),
            ("no counts reported", journal(4, &[0, 1], Uploading, Some(7)), Content::Same, st("Pending", None, None),
                send(7, &[2, 3])),
            ("chunks expired on the server", journal(4, &[0, 1, 2], Uploading, Some(7)), Content::Same, st("Initiated", Some(0), Some(4)),
                all(7)),
            ("server holds fewer than acked", journal(4, &[0, 1, 2], Uploading, Some(7)), Content::Same, st("Initiated", Some(1), Some(3)),
                all(7)),
            ("answers lost but server holds all", journal(4, &[0], Uploading, Some(7)), Content::Same, st("Pending", Some(4), Some(0)),
                Decision::Merge { id: 7, maybe_done: false }),
            ("all acked, merge never requested", journal(4, &[0, 1, 2, 3], Uploading, Some(7)), Content::Same, st("In Progress", Some(4), Some(0)),
                Decision::Merge { id: 7, maybe_done: false }),
            ("merge requested, answer unseen", journal(4, &[0, 1, 2, 3], MergeRequested, Some(7)), Content::Same, st("In Progress", Some(4), Some(0)),
                Decision::Merge { id: 7, maybe_done: true }),
            ("merge requested but server waits for chunks", journal(4, &[0, 1, 2, 3], MergeRequested, Some(7)), Content::Same, st("Pending", Some(4), Some(2)),
                all(7)),
            ("merge answered", journal(4, &[0, 1, 2, 3], Merged, Some(7)), Content::Same, st("Virus Scan In Progress", Some(4), Some(0)),
                Decision::Verify { id: 7 }),
            ("completed earlier", journal(4, &[0, 1, 2, 3], Completed, Some(7)), Content::Same, st("Completed", None, None),
                Decision::Verify { id: 7 }),
            ("adopted request already complete", journal(4, &[], Uploading, Some(7)), Content::Same, st("COMPLETED", None, None),
                Decision::Verify { id: 7 }),
            ("whole upload with an id", journal(0, &[0], Uploading, Some(7)), Content::Same, st("Pending", None, None),
                Decision::Verify { id: 7 }),
            ("whole upload, answer lost", { let mut j = journal(0, &[], Uploading, None); j.create_sent_at = Some(1); j }, Content::Same, Server::NoRequest,
                Decision::Reconcile),
            ("unknown: 404", journal(4, &[0], Uploading, Some(7)), Content::Same, Server::Unknown(404),
                Decision::Fresh { why: Some(String::new()) }),
            ("unknown: 400", journal(4, &[0], Uploading, Some(7)), Content::Same, Server::Unknown(400),
                Decision::Fresh { why: Some(String::new()) }),
            // 5xx only becomes Unknown when the search lists this file's requests without it.
            ("unknown: 500, merge requested", journal(4, &[0, 1, 2, 3], MergeRequested, Some(7)), Content::Same, Server::Unknown(500),
                Decision::Fresh { why: Some(String::new()) }),
            ("failed", journal(4, &[0], Merged, Some(7)), Content::Same, st("Virus Scan Failed", None, None),
                Decision::Fresh { why: Some(String::new()) }),
            ("deleted", journal(4, &[0, 1, 2, 3], Completed, Some(7)), Content::Same, st("DELETED", None, None),
                Decision::Fresh { why: Some(String::new()) }),
            ("status word missing", journal(4, &[0], Uploading, Some(7)), Content::Same, Server::Status { state: ImageState::Missing, uploaded: Some(1), pending: Some(3) },
                send(7, &[1, 2, 3])),
            ("completed, then the next release at the same path", journal(4, &[0, 1, 2, 3], Completed, Some(7)), Content::Changed("size".into()), st("Completed", None, None),
                Decision::Fresh { why: Some(String::new()) }),
            ("merged, then changed", journal(4, &[0, 1, 2, 3], Merged, Some(7)), Content::Changed("size".into()), st("In Progress", None, None),
                Decision::Fresh { why: Some(String::new()) }),
            ("a repeat counted twice", journal(4, &[0, 1, 2, 3], Uploading, Some(7)), Content::Same, st("Initiated", Some(5), Some(0)),
                Decision::Replace { id: 7, why: String::new(), one_by_one: true }),
            ("chunk 1 came with the initiate and every chunk expired", { let mut j = journal(4, &[0, 1], Uploading, Some(7)); j.first_in_initiate = true; j }, Content::Same, st("Initiated", Some(0), Some(4)),
                Decision::Replace { id: 7, why: String::new(), one_by_one: false }),
            ("killed while re-sending after a refused merge", journal(4, &[0, 3], MergeRequested, Some(7)), Content::Same, st("Initiated", Some(4), Some(0)),
                send(7, &[1, 2])),
            ("chunk 1 came with the initiate; the server lost the rest", { let mut j = journal(4, &[0, 1, 2], Uploading, Some(7)); j.first_in_initiate = true; j }, Content::Same, st("Initiated", Some(1), Some(3)),
                all_but_first(7)),
            ("chunk 1 came with the initiate", { let mut j = journal(4, &[0], Uploading, Some(7)); j.first_in_initiate = true; j }, Content::Same, st("Initiated", Some(1), Some(3)),
                send(7, &[1, 2, 3])),
        ];
        for (name, j, content, server, want) in table {
            let got = decide(&Evidence {
                journal: &j,
                content,
                server,
            });
            // Compare the decision's kind and data; the one-line reasons are checked for presence.
            let strip = |d: Decision| match d {
                Decision::Fresh { why } => Decision::Fresh {
                    why: why.map(|_| String::new()),
                },
                Decision::Send { id, chunks, why } => Decision::Send {
                    id,
                    chunks,
                    why: why.map(|_| String::new()),
                },
                Decision::Replace { id, one_by_one, .. } => Decision::Replace {
                    id,
                    why: String::new(),
                    one_by_one,
                },
                other => other,
            };
            assert_eq!(strip(got), want, "{name}");
        }
    }

    #[test]
    fn reasons_name_the_request_and_the_counts() {
        let j = journal(4, &[0, 1, 2], Stage::Uploading, Some(7));
        let d = decide(&Evidence {
            journal: &j,
            content: Content::Same,
            server: st("Initiated", Some(1), Some(3)),
        });
        let Decision::Send { why: Some(w), .. } = d else {
            panic!("{d:?}")
        };
        assert!(
            w.contains("holds 1 of 4") && w.contains("3 were acknowledged"),
            "{w}"
        );
        let d = decide(&Evidence {
            journal: &j,
            content: Content::Same,
            server: Server::Unknown(400),
        });
        let Decision::Fresh { why: Some(w) } = d else {
            panic!("{d:?}")
        };
        assert!(w.contains("7") && w.contains("400"), "{w}");
    }
}
