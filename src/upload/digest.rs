//! MD5 digests as the server may write them: hex in any case, or base64 of the 16 bytes.

use base64::Engine;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
