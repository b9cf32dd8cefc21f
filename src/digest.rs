//! Digests, for everyone: hex both ways, MD5 digests as the server may write them (hex in any
//! case, or base64 of the 16 bytes), and the plain MD5 streaming loop. The upload engine's
//! multi-buffer hashing lives in `upload::hashing` and uses [`hex`] from here.
//!
//! A leaf: it depends on no other module of this crate, so the sandbox can use it and still
//! share nothing with the client it tests (its wire types and statuses stay its own).

use std::io::{Read, Write};

use base64::Engine;
use md5::{Digest, Md5};

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Decode hex digits (an even number of them, any case).
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Copy everything `from` yields into `to`, returning the bytes copied; `md5` sees each of them.
pub fn copy_hashing(
    from: &mut impl Read,
    to: &mut impl Write,
    md5: &mut Md5,
) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            return Ok(total);
        }
        md5.update(&buf[..n]);
        to.write_all(&buf[..n])?;
        total += n as u64;
    }
}

/// The MD5 of a whole file, as lower-case hex.
pub fn file_md5(path: &std::path::Path) -> std::io::Result<String> {
    let mut md5 = Md5::new();
    copy_hashing(
        &mut std::fs::File::open(path)?,
        &mut std::io::sink(),
        &mut md5,
    )?;
    Ok(hex(&md5.finalize()))
}

/// The 16 bytes of a digest written as 32 hex digits (any case) or as base64 (padded or not).
pub fn parse(text: &str) -> Option<[u8; 16]> {
    let t = text.trim();
    let mut out = [0u8; 16];
    if t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        for (i, pair) in t.as_bytes().chunks(2).enumerate() {
            let s = std::str::from_utf8(pair).ok()?;
            out[i] = u8::from_str_radix(s, 16).ok()?;
        }
        return Some(out);
    }
    let engines = [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    engines.iter().find_map(|e| {
        let v = e.decode(t).ok()?;
        (v.len() == 16).then(|| {
            out.copy_from_slice(&v);
            out
        })
    })
}

/// How a digest reported by the server compares with the local one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Same,
    Different,
    /// Not a digest this client can read; says nothing either way.
    Unreadable,
}

pub fn compare(server: &str, local_hex: &str) -> Comparison {
    match (parse(server), parse(local_hex)) {
        (Some(a), Some(b)) if a == b => Comparison::Same,
        (Some(_), Some(_)) => Comparison::Different,
        _ => Comparison::Unreadable,
    }
}

/// The MD5 of some bytes, as lower-case hex.
pub fn md5_hex(bytes: &[u8]) -> String {
    hex(&Md5::digest(bytes))
}

/// An MD5 fed piece by piece, counting what it saw: for streams that arrive in pieces in async
/// code, such as the sandbox's multipart fields (a blocking reader uses [`copy_hashing`]).
#[derive(Default)]
pub struct Md5Sink {
    md5: Md5,
    bytes: u64,
}

impl Md5Sink {
    pub fn update(&mut self, piece: &[u8]) {
        self.md5.update(piece);
        self.bytes += piece.len() as u64;
    }

    /// (bytes seen, their MD5 as lower-case hex).
    pub fn finish(self) -> (u64, String) {
        (self.bytes, hex(&self.md5.finalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_streams_agree() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7) as u8).collect();
        let one_shot = hex(&Md5::digest(&data));
        assert_eq!(unhex(&one_shot).unwrap(), Md5::digest(&data).to_vec());
        assert_eq!(unhex("0A0b").unwrap(), vec![10, 11]);
        assert!(unhex("abc").is_none() && unhex("zz").is_none());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, &data).unwrap();
        assert_eq!(file_md5(&path).unwrap(), one_shot);
        let (mut md5, mut out) = (Md5::new(), Vec::new());
        assert_eq!(
            copy_hashing(&mut &data[..], &mut out, &mut md5).unwrap(),
            data.len() as u64
        );
        assert_eq!((hex(&md5.finalize()), out), (one_shot, data));
    }

    #[test]
    fn hex_and_base64_spellings_of_one_digest() {
        let hex = "4ccef7d656c4520e57a2af2974e012f0";
        let b64 = base64::engine::general_purpose::STANDARD.encode(parse(hex).unwrap());
        for spelling in [
            hex.to_string(),
            hex.to_uppercase(),
            format!("  {hex} "),
            b64.clone(),
            b64.trim_end_matches('=').to_string(),
        ] {
            assert_eq!(compare(&spelling, hex), Comparison::Same, "{spelling}");
        }
        assert_eq!(
            compare("00000000000000000000000000000000", hex),
            Comparison::Different
        );
        assert_eq!(compare("abc", hex), Comparison::Unreadable);
        assert_eq!(compare("", hex), Comparison::Unreadable);
    }

    #[test]
    fn md5_of_bytes_and_of_pieces_agree_with_the_known_digest() {
        // RFC 1321's test suite: MD5("abc").
        let want = "900150983cd24fb0d6963f7d28e17f72";
        assert_eq!(md5_hex(b"abc"), want);
        let mut sink = Md5Sink::default();
        for piece in [&b"a"[..], b"", b"bc"] {
            sink.update(piece);
        }
        assert_eq!(sink.finish(), (3, want.to_string()));
        assert_eq!(Md5Sink::default().finish().1, md5_hex(b""));
    }
}
