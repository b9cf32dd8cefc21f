//! Waiting for the server to finish processing an upload request.

use std::time::{Duration, Instant};

use super::journal::Journal;
use super::report::{Reporter, UploadEvent};
use super::resume::Server;
use super::transport::Transport;
use crate::api::ApiError;
use crate::api::types::{ImageState, MachineImageStatus};
use crate::error::{Exit, Failure, Remedy};

/// How long a status word this client does not know may last before a warning says so.
pub const UNKNOWN_WORD_WARNING: Duration = Duration::from_secs(180);

/// Poll until the status reads Completed (returned), reads as a failure (exit 6 with the
/// server's words), or `limit` passes (exit 9). Every new word is reported as it is seen; a
/// word this client does not know is waited on, with one warning once it has lasted
/// `warn_after` (to `rep`, so it reaches `--events` too, else to stderr).
pub async fn wait_for<T: Transport>(
    t: &T,
    id: u64,
    limit: Duration,
    warn_after: Duration,
    rep: Option<&Reporter>,
) -> Result<MachineImageStatus, Failure> {
    let started = Instant::now();
    let deadline = started + limit;
    // Start fast (small images finish in well under a second), back off gently to 5 s.
    let mut interval = Duration::from_millis(50);
    let mut last_word: Option<String> = None;
    let mut word_since = Instant::now();
    let mut warned = false;
    loop {
        let st = t.status(id).await?;
        let word = st.word().to_string();
        if last_word.as_deref() != Some(word.as_str()) {
            if let Some(r) = rep {
                r.emit(UploadEvent::Status {
                    upload_request_id: id,
                    status: word.clone(),
                });
            }
            last_word = Some(word.clone());
            word_since = Instant::now();
        }
        let state = st.state();
        match &state {
            ImageState::Completed => return Ok(st),
            ImageState::Failed(w) => return Err(super::verify::failed(id, w)),
            _ => {}
        }
        if !state.is_recognised() && !warned && word_since.elapsed() >= warn_after {
            warned = true;
            let message = format!(
                "upload request {id} has read '{word}' for {} s, a status this client does not know; still waiting",
                word_since.elapsed().as_secs()
            );
            match rep {
                Some(r) => r.warn(message),
                None => crate::ui::warn(&message),
            }
        }
        if Instant::now() >= deadline {
            return Err(Failure::new(
                Exit::TimedOut,
                format!(
                    "upload request {id} is still '{word}' after {} s",
                    limit.as_secs()
                ),
            )
            .with_remedy(Remedy::CheckLater { id }));
        }
        tokio::time::sleep(interval.min(deadline.saturating_duration_since(Instant::now()))).await;
        interval = (interval * 3 / 2).min(Duration::from_secs(5));
    }
}

/// The server's view of request `id`: its status, or "unknown" when it answers 404; or 400
/// (the docs list 400 for bad ids) unless the search lists the id (then the 400 is about
/// something else); or 5xx for an id the search shows is gone.
pub(crate) async fn server_view<T: Transport>(
    t: &T,
    id: u64,
    j: &Journal,
) -> Result<Server, Failure> {
    match t.status(id).await {
        Ok(st) => Ok(Server::Status {
            state: st.state(),
            uploaded: st.uploaded_chunks,
            pending: st.pending_chunks,
        }),
        Err(ApiError::Status { status: 404, .. }) => Ok(Server::Unknown(404)),
        Err(e @ ApiError::Status { status: 400, .. }) => {
            let known = t.find(&j.file_name, &j.meta).await.map_err(Failure::from)?;
            if known.iter().any(|s| s.upload_request_id == Some(id)) {
                Err(e.into())
            } else {
                Ok(Server::Unknown(400))
            }
        }
        Err(e @ ApiError::Status { status, .. }) if status >= 500 => {
            // Only positive evidence makes it unknown: the search lists this file's requests,
            // and this one is not among them. A search that finds nothing proves nothing.
            let known = t.find(&j.file_name, &j.meta).await.map_err(Failure::from)?;
            if !known.is_empty() && known.iter().all(|s| s.upload_request_id != Some(id)) {
                Ok(Server::Unknown(status))
            } else {
                Err(e.into())
            }
        }
        Err(e) => Err(e.into()),
    }
}
