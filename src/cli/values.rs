//! Flag values typed where they are declared: clap parses them once, and a bad value is a
//! usage error (exit 2) that names the flag, before any command runs.

use std::path::PathBuf;
use std::str::FromStr;

use clap::ValueEnum;

use super::DiagFormat;

/// A byte count with binary units for every suffix (`256M` = `256MB` = 256 MiB), as every size
/// and rate flag reads them: one meaning of "MB" across the command line.
fn binary_bytes(raw: &str) -> Result<u64, parse_size::Error> {
    parse_size::Config::new()
        .with_binary()
        .parse_size(raw.trim())
}

/// `--chunk-size`: a size of more than 0 bytes, binary units for the ambiguous suffixes
/// (`256M` = 256 MiB), e.g. 64MiB, 256MiB, 1GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkSize(pub u64);

impl FromStr for ChunkSize {
    type Err = String;
    fn from_str(raw: &str) -> Result<ChunkSize, String> {
        let n = binary_bytes(raw)
            .map_err(|e| format!("{e}; use a size such as 64MiB, 256MiB or 1GiB"))?;
        if n == 0 {
            return Err(
                "must be more than 0 bytes; use a size such as 64MiB, 256MiB or 1GiB".into(),
            );
        }
        Ok(ChunkSize(n))
    }
}

/// Sandbox `--rate-limit` and `--pipe-rate`: bytes per second as a size, binary units like
/// `--bwlimit` (10MB = 10MiB = 10 MiB/s, `/s` allowed), so a sandbox link and a client cap
/// given the same text are the same rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRate(pub u64);

impl FromStr for ByteRate {
    type Err = String;
    fn from_str(raw: &str) -> Result<ByteRate, String> {
        binary_bytes(raw.trim().trim_end_matches("/s"))
            .map(ByteRate)
            .map_err(|e| format!("{e}; use e.g. 10MiB"))
    }
}

/// `image upload --bwlimit`: bytes per second (10MiB, 500KB, `/s` allowed), at least 1 KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bandwidth(pub u64);

impl FromStr for Bandwidth {
    type Err = String;
    fn from_str(raw: &str) -> Result<Bandwidth, String> {
        binary_bytes(raw.trim().trim_end_matches("/s"))
            .ok()
            .filter(|r| *r >= 1024)
            .map(Bandwidth)
            .ok_or_else(|| {
                "not a rate; give bytes per second of at least 1KiB, e.g. 10MiB or 500KB".into()
            })
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

/// `package validate --report FORMAT=FILE`: also write the diagnostics in FORMAT to FILE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSpec {
    pub format: DiagFormat,
    pub path: PathBuf,
}

impl FromStr for ReportSpec {
    type Err = String;
    fn from_str(spec: &str) -> Result<ReportSpec, String> {
        let usage = |why: String| {
            format!(
                "{why}; use FORMAT=FILE with FORMAT one of text, json, sarif, github, gitlab, junit"
            )
        };
        let (format, path) = spec.split_once('=').ok_or_else(|| usage("no '='".into()))?;
        let format = DiagFormat::from_str(format.trim(), true)
            .map_err(|_| usage(format!("unknown format '{format}'")))?;
        if path.is_empty() {
            return Err(usage("no file name".into()));
        }
        Ok(ReportSpec {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// Sandbox `--max-concurrent`: at least 1 (0 would refuse every request).
pub fn at_least_one(raw: &str) -> Result<usize, String> {
    match raw.trim().parse::<usize>() {
        Ok(0) => Err("0 would refuse every request; give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}; give 1 or more")),
    }
}

/// A count that must be at least 1 (`--chunks`, `--token-ttl`).
pub fn positive(raw: &str) -> Result<u64, String> {
    match raw.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}; give a whole number, 1 or more")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positive_counts() {
        assert_eq!(positive("8"), Ok(8));
        assert_eq!(positive(" 1 "), Ok(1));
        assert!(positive("0").unwrap_err().contains("at least 1"));
        assert!(positive("-1").is_err() && positive("x").is_err());
    }

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
        // The same units as --bwlimit and --chunk-size: MB is a MiB.
        assert_eq!("8MB".parse(), Ok(ByteRate(8 << 20)));
        assert_eq!("100MB/s".parse(), Ok(ByteRate(100 << 20)));
        assert_eq!("0".parse(), Ok(ByteRate(0)));
        assert!("fast".parse::<ByteRate>().is_err());
    }

    #[test]
    fn bandwidths() {
        assert_eq!("10MiB".parse::<Bandwidth>(), Ok(Bandwidth(10 << 20)));
        // Binary units throughout, as for --chunk-size: KB is 1024 bytes.
        assert_eq!("500KB/s".parse::<Bandwidth>(), Ok(Bandwidth(500 * 1024)));
        assert!("fast".parse::<Bandwidth>().is_err());
        assert!("10".parse::<Bandwidth>().is_err(), "below 1 KiB");
    }

    #[test]
    fn report_specs_and_limits() {
        assert_eq!(
            "junit=r.xml".parse(),
            Ok(ReportSpec {
                format: DiagFormat::Junit,
                path: "r.xml".into()
            })
        );
        assert!(
            "junit"
                .parse::<ReportSpec>()
                .unwrap_err()
                .contains("no '='")
        );
        assert!(
            "xml=o"
                .parse::<ReportSpec>()
                .unwrap_err()
                .contains("unknown format 'xml'")
        );
        assert!(
            "junit="
                .parse::<ReportSpec>()
                .unwrap_err()
                .contains("no file name")
        );
        assert_eq!(at_least_one("3"), Ok(3));
        assert!(at_least_one("0").is_err() && at_least_one("x").is_err());
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
