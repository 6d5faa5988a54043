//! What an entry is keyed and checked by: each data file's stamp (its name, real path, size,
//! modification time and content hash) and the build that wrote it.

use std::hash::Hasher;
use std::path::PathBuf;
use std::time::UNIX_EPOCH;

use super::bytes::{Reader, Writer};
use twox_hash::XxHash3_64;

/// A data file as it was when it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    /// As diagnostics name it.
    pub(super) name: String,
    /// Its real path, links resolved.
    pub(super) path: PathBuf,
    pub(super) size: u64,
    /// Nanoseconds since 1970.
    pub(super) modified: i128,
    /// xxh3 of its content.
    pub(super) hash: u64,
}

/// The files `paths` name, as `source::read_paths` reads them (a folder's `*.json` files
/// in order, each real file once), stamped without their content's hash; `None` when one
/// cannot be read or is not a regular file (the load reports it; nothing is cached).
pub(super) fn stamps(paths: &[PathBuf]) -> Option<Vec<Stamp>> {
    let mut seen = std::collections::HashSet::new();
    let mut files = Vec::new();
    for path in paths {
        let real = std::fs::canonicalize(path).ok()?;
        if !seen.insert(real.clone()) {
            continue;
        }
        if std::fs::metadata(&real).ok()?.is_dir() {
            let mut listed: Vec<PathBuf> = std::fs::read_dir(path)
                .ok()?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| crate::model::source::is_data_file_in_folder(p))
                .collect();
            listed.sort();
            for p in listed {
                let real = std::fs::canonicalize(&p).ok()?;
                if seen.insert(real.clone()) {
                    files.push((p, real));
                }
            }
        } else {
            files.push((path.clone(), real));
        }
    }
    if files.is_empty() {
        return None;
    }
    files
        .into_iter()
        .map(|(given, real)| {
            let meta = std::fs::metadata(&real).ok()?;
            if !meta.is_file() {
                return None;
            }
            let modified = meta.modified().ok()?;
            let modified = match modified.duration_since(UNIX_EPOCH) {
                Ok(d) => d.as_nanos() as i128,
                Err(e) => -(e.duration().as_nanos() as i128),
            };
            Some(Stamp {
                name: crate::model::source::display_name(&given),
                path: real,
                size: meta.len(),
                modified,
                hash: 0,
            })
        })
        .collect()
}

/// The xxh3 hash of each file's content, read in pieces (so a large file is never held
/// whole).
pub(super) fn content_hashes(stamps: &[Stamp]) -> Option<Vec<u64>> {
    use std::io::Read;
    let mut buf = vec![0u8; 1 << 20];
    stamps
        .iter()
        .map(|s| {
            let mut file = std::fs::File::open(&s.path).ok()?;
            let mut hasher = XxHash3_64::new();
            loop {
                match file.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => hasher.write(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return None,
                }
            }
            Some(hasher.finish())
        })
        .collect()
}

/// The entry's file name: a hash of the files' real paths and of the build, so each set of
/// files has one per build (two builds used in turn, such as a package and a local build, each
/// keep theirs instead of rebuilding the other's).
pub(super) fn entry_name(stamps: &[Stamp], build: &str) -> String {
    let mut hasher = XxHash3_64::new();
    for s in stamps {
        hasher.write(s.path.as_os_str().as_encoded_bytes());
        hasher.write(b"\0");
    }
    hasher.write(build.as_bytes());
    format!("{:016x}.index", hasher.finish())
}

/// The build that writes and reads entries: the crate's version and the running program's
/// size and modification time (a rebuilt program may fold or index differently).
pub(super) fn build_stamp() -> String {
    let program = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {t}", m.len())
        })
        .unwrap_or_default();
    format!("findings {} {program}", env!("CARGO_PKG_VERSION"))
}

pub(super) fn put_stamps(w: &mut Writer, stamps: &[Stamp]) {
    w.len(stamps.len());
    for s in stamps {
        w.str(&s.name);
        w.str(&s.path.to_string_lossy());
        w.u64(s.size);
        w.u64(s.modified as u64);
        w.u64((s.modified >> 64) as u64);
        w.u64(s.hash);
    }
}

/// The stamps stored.
pub(super) fn stored_stamps(r: &mut Reader) -> Option<Vec<Stamp>> {
    let n = r.len(40)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(Stamp {
            name: r.string()?,
            path: PathBuf::from(r.string()?),
            size: r.u64()?,
            modified: i128::from(r.u64()?) | i128::from(r.u64()? as i64) << 64,
            hash: r.u64()?,
        });
    }
    Some(out)
}
