//! How a file is cut into chunks.
//!
//! The file is split evenly into exactly `chunks` parts (sizes differ by at most one byte), so
//! `--chunks N` always gives N chunks and `--chunk-size S` gives ceil(size/S) chunks of at most S.

use crate::error::Failure;

/// Files up to this size go in one request unless chunking is asked for.
pub const AUTO_WHOLE_LIMIT: u64 = 16 * 1024 * 1024;
/// Chunk size used without `--chunks`/`--chunk-size` from 1 GiB up: per-request overhead stays
/// small. Very large files get larger chunks (MAX_AUTO_CHUNKS).
pub const DEFAULT_CHUNK_SIZE: u64 = 16 * 1024 * 1024;
/// Below 1 GiB the automatic plan aims at [`AUTO_SPREAD`] chunks, but where those would be
/// smaller than this, it makes chunks of up to this size (the file split evenly). A file of a
/// few hundred MiB still gets enough chunks to spread over connections (one stream rarely fills
/// a real link, and while `--parallel auto` ramps up, the chunks started late must be short),
/// and every body still carries more than the 4 MiB socket buffers absorb, which auto's
/// throughput judgement skips (`api::body::BUFFERED`).
pub const MIN_AUTO_CHUNK_SIZE: u64 = 8 * 1024 * 1024;
/// Chunks the automatic plan aims at for files under 1 GiB.
pub const AUTO_SPREAD: u64 = 64;
/// The most chunks the automatic plan makes.
pub const MAX_AUTO_CHUNKS: u64 = 4096;
/// A sanity bound: more chunks than this makes the journal and the server's job unreasonable.
pub const MAX_CHUNKS: u64 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub size: u64,
    /// 0 means a whole-file upload.
    pub chunks: u64,
}

impl Plan {
    pub fn whole(size: u64) -> Plan {
        Plan { size, chunks: 0 }
    }

    pub fn is_whole(&self) -> bool {
        self.chunks == 0
    }

    /// Largest chunk length (what `chunk size` means to a user).
    pub fn chunk_size(&self) -> u64 {
        if self.is_whole() {
            self.size
        } else {
            self.size.div_ceil(self.chunks)
        }
    }

    /// Byte range of chunk `i` (0-based): (offset, length).
    pub fn range(&self, i: u64) -> (u64, u64) {
        if self.is_whole() {
            return (0, self.size);
        }
        let base = self.size / self.chunks;
        let rem = self.size % self.chunks;
        let offset = i * base + i.min(rem);
        let len = base + u64::from(i < rem);
        (offset, len)
    }

    pub fn count(&self) -> u64 {
        self.chunks.max(1)
    }
}

/// Choose the plan from the flags. `chunk_size` is in bytes, more than 0 (checked by clap).
pub fn plan(
    size: u64,
    chunks: Option<u64>,
    chunk_size: Option<u64>,
    whole: bool,
) -> Result<Plan, Failure> {
    if whole {
        return Ok(Plan::whole(size));
    }
    let n = match (chunks, chunk_size) {
        (Some(_), Some(_)) => {
            return Err(Failure::usage(
                "--chunks and --chunk-size both given; use one of them",
            ));
        }
        (Some(0), None) => {
            return Err(Failure::usage(
                "--chunks 0: the chunk count must be at least 1",
            ));
        }
        (Some(n), None) => n,
        (None, Some(cs)) => size.div_ceil(cs.max(1)).max(1),
        (None, None) if size <= AUTO_WHOLE_LIMIT => return Ok(Plan::whole(size)),
        (None, None) => {
            let chunk = (size / AUTO_SPREAD).clamp(MIN_AUTO_CHUNK_SIZE, DEFAULT_CHUNK_SIZE);
            size.div_ceil(chunk).min(MAX_AUTO_CHUNKS)
        }
    };
    if n > size {
        return Err(Failure::usage(format!(
            "--chunks {n} is more than the file's {size} bytes; use at most {size} chunks"
        )));
    }
    if n > MAX_CHUNKS {
        return Err(Failure::usage(format!(
            "{n} chunks is more than the {MAX_CHUNKS} allowed; use a larger --chunk-size"
        )));
    }
    Ok(Plan { size, chunks: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers(p: Plan) {
        let mut next = 0;
        for i in 0..p.count() {
            let (o, l) = p.range(i);
            assert_eq!(o, next);
            assert!(l > 0 && l <= p.chunk_size());
            next = o + l;
        }
        assert_eq!(next, p.size);
    }

    #[test]
    fn exact_counts_and_full_coverage() {
        for (size, n) in [(10, 6), (10, 10), (10, 1), (1 << 30, 8), (1000, 7), (7, 3)] {
            let p = plan(size, Some(n), None, false).unwrap();
            assert_eq!(p.count(), n);
            covers(p);
        }
        let p = plan(1000, None, Some(256), false).unwrap();
        assert_eq!(p.count(), 4);
        assert!(p.chunk_size() <= 256);
        covers(p);
        let p = plan(3 << 30, None, Some(1 << 30), false).unwrap();
        assert_eq!(p.count(), 3);
        covers(p);
    }

    #[test]
    fn rejects_bad_flags() {
        assert!(plan(10, Some(0), None, false).is_err());
        assert!(plan(10, Some(11), None, false).is_err());
        assert!(plan(10, Some(2), Some(1), false).is_err());
        // "0" and "lots" are refused by the flag's parser: cli::values::tests::chunk_sizes.
        assert!(plan(1 << 30, None, Some(1), false).is_err());
    }

    #[test]
    fn automatic_choice() {
        assert!(plan(1000, None, None, false).unwrap().is_whole());
        let big = plan(AUTO_WHOLE_LIMIT + 1, None, None, false).unwrap();
        assert_eq!(big.count(), 3);
        assert_eq!(plan(1 << 30, None, None, false).unwrap().count(), 64);
        assert_eq!(plan(256 << 20, None, None, false).unwrap().count(), 32);
        assert_eq!(plan(512 << 20, None, None, false).unwrap().count(), 64);
        assert_eq!(plan(100 << 20, None, None, false).unwrap().count(), 13);
        assert_eq!(plan(4 << 30, None, None, false).unwrap().count(), 256);
        let huge = plan(1 << 40, None, None, false).unwrap();
        assert_eq!(huge.count(), MAX_AUTO_CHUNKS);
        assert_eq!(huge.chunk_size(), 256 << 20);
        assert!(plan(1 << 40, Some(3), None, true).unwrap().is_whole());
    }
}
