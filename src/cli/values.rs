//! Flag values typed where they are declared: clap parses them once, and a bad value is a
//! usage error (exit 2) that names the flag, before any command runs.

use std::str::FromStr;

/// `--chunk-size`: a size of more than 0 bytes, binary units for the ambiguous suffixes
/// (`256M` = 256 MiB), e.g. 64MiB, 256MiB, 1GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkSize(pub u64);

impl FromStr for ChunkSize {
    type Err = String;
    fn from_str(raw: &str) -> Result<ChunkSize, String> {
        let n = parse_size::Config::new()
            .with_binary()
            .parse_size(raw.trim())
            .map_err(|e| format!("{e}; use a size such as 64MiB, 256MiB or 1GiB"))?;
        if n == 0 {
            return Err(
                "must be more than 0 bytes; use a size such as 64MiB, 256MiB or 1GiB".into(),
            );
        }
        Ok(ChunkSize(n))
    }
}

/// Sandbox `--rate-limit` and `--pipe-rate`: bytes per second as a size (10MiB = 10 MiB/s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRate(pub u64);

impl FromStr for ByteRate {
    type Err = String;
    fn from_str(raw: &str) -> Result<ByteRate, String> {
        parse_size::parse_size(raw)
            .map(ByteRate)
            .map_err(|e| format!("{e}; use e.g. 10MiB"))
    }
}

/// Sandbox `--*-rate` fault fractions: a number from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Fraction(pub f64);

impl FromStr for Fraction {
    type Err = String;
    fn from_str(raw: &str) -> Result<Fraction, String> {
        let v: f64 = raw
            .trim()
            .parse()
            .map_err(|e| format!("{e}; give a fraction from 0 to 1"))?;
        if (0.0..=1.0).contains(&v) {
            Ok(Fraction(v))
        } else {
            Err(format!("{v} is out of range; give a fraction from 0 to 1"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_sizes() {
        assert_eq!("256".parse(), Ok(ChunkSize(256)));
        assert_eq!("1GiB".parse(), Ok(ChunkSize(1 << 30)));
        assert_eq!(" 64M ".parse(), Ok(ChunkSize(64 << 20)));
        assert!("0".parse::<ChunkSize>().is_err());
        assert!("lots".parse::<ChunkSize>().is_err());
    }

    #[test]
    fn byte_rates() {
        assert_eq!("10MiB".parse(), Ok(ByteRate(10 << 20)));
        assert_eq!("0".parse(), Ok(ByteRate(0)));
        assert!("fast".parse::<ByteRate>().is_err());
    }

    #[test]
    fn fractions() {
        assert_eq!("0".parse(), Ok(Fraction(0.0)));
        assert_eq!("1".parse(), Ok(Fraction(1.0)));
        assert_eq!("0.25".parse(), Ok(Fraction(0.25)));
        for bad in ["-0.1", "1.5", "NaN", "often"] {
            assert!(bad.parse::<Fraction>().is_err(), "{bad}");
        }
    }
}
