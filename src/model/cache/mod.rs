//! The persistent index: the records, the load's warnings and the search index of a set of
//! data files, kept under `$XDG_CACHE_HOME/findings/` (else `~/.cache/findings/`), so a run
//! whose files are unchanged starts without parsing or indexing them again.
//!
//! - **Key.** An entry is named by a hash of the files' real paths and holds, for each file,
//!   its name as given, its real path, its size, its modification time and an xxh3 hash of
//!   its content. A run uses it only when all of them are as they are now: `touch` or an edit
//!   makes a miss, and the next run rebuilds it.
//! - **Versions.** The header holds the format's version, the crate's version and the size
//!   and modification time of the running program: an entry written by another build is a
//!   miss.
//! - **Damage.** An xxh3 checksum covers the whole file after the header: a flipped byte, a
//!   file cut short, garbage or another program's file is a miss, never a wrong answer. The
//!   bytes are read with every length and value checked ([`bytes::Reader`]) and the index's
//!   parts checked to hold together before use, so decoding never panics either.
//! - **Writing.** An entry goes to a temporary file in the folder and is renamed over its
//!   name: two processes building the same entry at once each write a whole file, and the last
//!   rename wins.
//! - **Size.** After a write, the entries used least lately are removed while the folder is
//!   over its limit ([`Policy::limit`], 1 GiB unless set).
//! - **Privacy.** The folder holds the data's text: it is made 0700, a symbolic link or a
//!   folder of another account is never used ([`folder`]).
//!
//! Only data that loads without errors is kept; data with errors is read and reported afresh
//! every time.

pub mod bytes;
mod diagnostics;
mod folder;
mod parts;
mod records;
mod stamps;

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use self::bytes::{Reader, Writer};
use self::folder::Folder;
use self::stamps::{
    build_stamp, content_hashes, entry_name, put_stamps, stamps, stored_stamps, Stamp,
};
use crate::model::dataset::Loaded;
use crate::model::search::Index;
use crate::model::shared::{range_in, Bytes};
use crate::model::source::SourceFile;
use crate::model::{DataSource, Dataset, Diagnostic};
// XXH3 with the CPU's widest vectors chosen at run time (AVX2 on most servers): the warm
// start hashes the data files and the entry, a quarter of a gigabyte at 100k records.
use twox_hash::XxHash3_64;

/// The format's version: raised whenever what is written changes.
pub const FORMAT: u32 = 4;

/// What every entry starts with.
const MAGIC: &[u8; 8] = b"FNDINDEX";

/// The folder's size limit when none is set: 1 GiB.
pub const DEFAULT_LIMIT: u64 = 1 << 30;

/// The magic, the format, the body's length and its checksum.
const HEADER: usize = 8 + 4 + 8 + 8;

/// Whether and where the cache is used, and how large its folder may grow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The folder; `None`: no cache (`--no-cache`, `FINDINGS_NO_CACHE`, or no home folder).
    pub dir: Option<PathBuf>,
    /// The most the folder may hold, in bytes.
    pub limit: u64,
}

impl Policy {
    /// No cache: every run reads and indexes the files.
    pub fn off() -> Policy {
        Policy {
            dir: None,
            limit: DEFAULT_LIMIT,
        }
    }

    /// The cache in `$XDG_CACHE_HOME/findings` (else `~/.cache/findings`), with `limit`.
    pub fn standard(limit: u64) -> Policy {
        Policy {
            dir: dirs::cache_dir().map(|d| d.join("findings")),
            limit,
        }
    }
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::off()
    }
}

/// A size as `FINDINGS_CACHE_LIMIT` or the config file's `cache_limit` give it: bytes, or a
/// number with K, M or G (powers of 1024; `MiB`, `GB` and the like read the same).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let wrong = || format!("{text:?} is not a size (say 500M, 1.5G or 2G)");
    let t = text.trim();
    let end = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() || fraction.contains('.') || fraction.len() > 9 {
        return Err(wrong());
    }
    let shift: u32 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(wrong()),
    };
    let whole: u128 = whole.parse().map_err(|_| wrong())?;
    let tenths: u128 = match fraction {
        "" => 0,
        f => f.parse().map_err(|_| wrong())?,
    };
    let scale = 10u128.pow(fraction.len() as u32);
    let bytes = whole
        .checked_mul(1 << shift)
        .and_then(|w| w.checked_add(tenths * (1 << shift) / scale));
    bytes
        .and_then(|b| u64::try_from(b).ok())
        .ok_or_else(|| format!("{text:?} is too large"))
}

/// What a hit gives: the data as a load would, and its index when asked for.
pub struct Hit {
    pub loaded: Loaded,
    pub index: Option<Index>,
    /// The files and the build the entry was made for.
    stamps: Vec<Stamp>,
    build: String,
}

/// What a run needs from the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// The records only (`show`, `stats`): the index is not decoded.
    Records,
    /// The records and the index.
    Index,
}

/// The cached data of `paths`, when the policy allows a cache and an entry matches the files
/// as they are now; `None` (a miss) otherwise, whatever is wrong with the entry.
pub fn lookup(policy: &Policy, paths: &[PathBuf], need: Need) -> Option<Hit> {
    let dir = policy.dir.as_deref()?;
    let mut stamps = stamps(paths)?;
    let build = build_stamp();
    let name = entry_name(&stamps, &build);
    // Three things at once: the files' content hashed, the entry's checksum worked out, and
    // the entry read, which is used only when both say it may be.
    let (hashes, hit) = std::thread::scope(|s| {
        let hashing = s.spawn(|| content_hashes(&stamps));
        let bytes: Bytes = Arc::new(Folder::open(dir, false)?.read(&name, policy.limit)?);
        let checked = bytes.clone();
        let checking = s.spawn(move || checked_body((*checked).as_ref()).is_some());
        let hit = read(bytes.clone(), need);
        let sound = checking.join().unwrap_or(false);
        Some((hashing.join().ok().flatten(), hit.filter(|_| sound)))
    })?;
    for (s, h) in stamps.iter_mut().zip(hashes?) {
        s.hash = h;
    }
    hit?.for_files(&stamps, &build)
}

/// Reads an entry made by [`encode`] for files stamped `stamps` by build `build`: its
/// checksum, build and stamps checked, then [`read`].
#[cfg(test)]
fn decode(bytes: Bytes, stamps: &[Stamp], build: &str, need: Need) -> Option<Hit> {
    checked_body((*bytes).as_ref())?;
    read(bytes, need)?.for_files(stamps, build)
}

impl Hit {
    /// The hit, when it was made by `build` of the files stamped `stamps`: the same real
    /// paths, sizes, modification times and content. A file named another way (`./a.json`
    /// for `a.json`) is the same file: the warnings stored name it as it is named now.
    fn for_files(mut self, stamps: &[Stamp], build: &str) -> Option<Hit> {
        let same = self.build == build
            && self.stamps.len() == stamps.len()
            && self.stamps.iter().zip(stamps).all(|(a, b)| {
                (&a.path, a.size, a.modified, a.hash) == (&b.path, b.size, b.modified, b.hash)
            });
        if !same {
            return None;
        }
        for (then, now) in self.stamps.iter().zip(stamps) {
            for d in &mut self.loaded.diagnostics {
                if d.file == then.name {
                    d.file.clone_from(&now.name);
                }
            }
        }
        Some(self)
    }
}

/// What an entry holds, before its checksum is known to be right: the records stay in
/// `bytes`, each made when first asked for. Reading never panics and never trusts a length,
/// so it may run beside the checksum's working out; what it reads is used only when the
/// checksum, the build and the stamps are right.
fn read(bytes: Bytes, need: Need) -> Option<Hit> {
    let whole = (*bytes).as_ref();
    let mut r = Reader::new(body(whole)?);
    let build = r.string()?;
    let stamps = stored_stamps(&mut r)?;
    let warnings = diagnostics::diagnostics(&mut r)?;
    if warnings.iter().any(Diagnostic::is_error) {
        return None;
    }
    let records_part = r.bytes()?;
    let index_part = r.bytes()?;
    if !r.is_done() {
        return None;
    }
    // The records' places are checked while the index is read.
    let (records, index) = std::thread::scope(|s| {
        let records = s.spawn(|| records::stored(bytes.clone(), range_in(whole, records_part)?));
        let index = match need {
            Need::Records => Some(None),
            Need::Index => {
                let mut r = Reader::new(index_part);
                parts::index(&mut r, &bytes)
                    .filter(|_| r.is_done())
                    .map(Some)
            }
        };
        (records.join().ok().flatten(), index)
    });
    let dataset = Dataset::stored(Box::new(records?));
    let index = index?;
    if index.as_ref().is_some_and(|i| i.len() != dataset.len()) {
        return None;
    }
    let files = stamps.len();
    Some(Hit {
        loaded: Loaded {
            dataset,
            diagnostics: warnings,
            files,
        },
        index,
        stamps,
        build,
    })
}

/// The body of an entry whose magic, format and length are right (its checksum unread).
fn body(bytes: &[u8]) -> Option<&[u8]> {
    let (header, body) = (bytes.get(..HEADER)?, bytes.get(HEADER..)?);
    let mut h = Reader::new(header);
    let right = h.take(8)? == MAGIC && h.u32()? == FORMAT && h.u64()? == body.len() as u64;
    right.then_some(body)
}

/// The body of an entry whose magic, format, length and checksum are right.
fn checked_body(bytes: &[u8]) -> Option<&[u8]> {
    let body = body(bytes)?;
    let sum = u64::from_le_bytes(bytes.get(HEADER - 8..HEADER)?.try_into().ok()?);
    (sum == XxHash3_64::oneshot(body)).then_some(body)
}

/// An entry for the data and its index, read from files stamped `stamps` by build `build`, as
/// one run of bytes.
#[cfg(test)]
fn encode(
    stamps: &[Stamp],
    build: &str,
    warnings: &[Diagnostic],
    dataset: &Dataset,
    index: &Index,
) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    encode_to(&mut out, stamps, build, warnings, dataset, index).expect("memory takes any write");
    out.into_inner()
}

/// Writes the entry to `out` as it is encoded, never holding it whole (see [`bytes::Sink`]):
/// the header's place first, the body, then the header with the body's length and checksum,
/// the checksum worked out by reading the body back (from the page cache, in pieces). Returns
/// the entry's size.
fn encode_to(
    out: &mut dyn bytes::Stream,
    stamps: &[Stamp],
    build: &str,
    warnings: &[Diagnostic],
    dataset: &Dataset,
    index: &Index,
) -> std::io::Result<u64> {
    use std::io::{Read, SeekFrom};
    let mut sink = bytes::Sink::new(out);
    sink.put(&[0; HEADER]);
    let mut body = Writer::default();
    body.str(build);
    put_stamps(&mut body, stamps);
    diagnostics::put_diagnostics(&mut body, warnings);
    sink.put_writer(&mut body);
    // Each part with its length first, so the two can be read side by side.
    let length = sink.reserve_len();
    let start = sink.at();
    records::put_records(&mut sink, dataset);
    sink.patch_len(length, sink.at() - start);
    let length = sink.reserve_len();
    let start = sink.at();
    parts::put_index(&mut sink, index);
    sink.patch_len(length, sink.at() - start);
    let end = sink.at();
    let out = sink.finish()?;
    out.seek(SeekFrom::Start(HEADER as u64))?;
    let mut checksum = XxHash3_64::new();
    let mut piece = vec![0; 1 << 20];
    let mut body = out.take(end - HEADER as u64);
    loop {
        let n = body.read(&mut piece)?;
        if n == 0 {
            break;
        }
        checksum.write(&piece[..n]);
    }
    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT.to_le_bytes());
    header.extend_from_slice(&(end - HEADER as u64).to_le_bytes());
    header.extend_from_slice(&checksum.finish().to_le_bytes());
    let out = body.into_inner();
    out.seek(SeekFrom::Start(0))?;
    out.write_all(&header)?;
    out.flush()?;
    Ok(end)
}

/// Data loaded through the cache.
pub struct Cached {
    pub loaded: Loaded,
    /// The index, when one was asked for.
    pub index: Option<Arc<Index>>,
    /// Taken from the cache (else read from the files).
    pub hit: bool,
    /// What a miss needs to write its entry: `None` on a hit, without a cache, or for data
    /// with errors.
    pub ticket: Option<Ticket>,
}

impl Cached {
    /// Writes the entry a miss was missing ([`Ticket::keep`]).
    pub fn keep(&mut self) {
        if let (Some(ticket), Some(index)) = (self.ticket.take(), &self.index) {
            ticket.keep(&self.loaded.diagnostics, &self.loaded.dataset, index);
        }
    }
}

/// The right to write the entry of data read from its files, with the stamps they had.
#[derive(Debug)]
pub struct Ticket {
    policy: Policy,
    stamps: Vec<Stamp>,
}

impl Ticket {
    /// Writes the entry, once the work it may hold is done: the word counts and letter scores
    /// are stored when they have been made (a search made them, or the TUI in the
    /// background). Nothing is written for data with errors, nor when a file has changed
    /// since it was stamped. Failing to write is not an error: the next run builds the index
    /// again.
    pub fn keep(self, warnings: &[Diagnostic], dataset: &Dataset, index: &Index) {
        if let Err(why) = self.write(warnings, dataset, index) {
            tracing::warn!(%why, "the index could not be cached");
        }
    }

    /// [`keep`](Ticket::keep), saying why an entry that was to be written was not (a full
    /// disk): a command tells its user, once the output is written.
    pub fn write(
        self,
        warnings: &[Diagnostic],
        dataset: &Dataset,
        index: &Index,
    ) -> Result<(), String> {
        // The word counts go in every entry: without them, every search from it would count
        // the words again (an entry first made by `facets` or `export` made searches slow).
        index.word_counts();
        let paths: Vec<PathBuf> = self.stamps.iter().map(|s| s.path.clone()).collect();
        let now = stamps(&paths).unwrap_or_default();
        let unchanged = now.len() == self.stamps.len()
            && now
                .iter()
                .zip(&self.stamps)
                .all(|(a, b)| (a.size, a.modified) == (b.size, b.modified));
        if unchanged && !warnings.iter().any(Diagnostic::is_error) {
            store(&self.policy, &self.stamps, warnings, dataset, index)?;
        }
        Ok(())
    }
}

/// The files `paths` name, stamped before they are read, when the policy allows a cache: the
/// first half of a [`Ticket`]; [`Stamped::ticket`] hashes what is then read.
#[derive(Debug)]
pub struct Stamped {
    policy: Policy,
    stamps: Vec<Stamp>,
}

pub fn stamp(policy: &Policy, paths: &[PathBuf]) -> Option<Stamped> {
    policy.dir.as_ref()?;
    Some(Stamped {
        policy: policy.clone(),
        stamps: stamps(paths)?,
    })
}

impl Stamped {
    /// The ticket to write the entry of `files`, the bytes read of the files stamped (and
    /// parsed): their hash is of those very bytes, so a file changed while it was read (even
    /// put back after, its time too) has another hash by the next run, which then misses.
    /// `None` when the files read are not the ones stamped.
    pub fn ticket(self, files: &[SourceFile]) -> Option<Ticket> {
        let Stamped { policy, mut stamps } = self;
        let same =
            files.len() == stamps.len() && files.iter().zip(&stamps).all(|(f, s)| f.name == s.name);
        if !same {
            return None;
        }
        for (s, f) in stamps.iter_mut().zip(files) {
            s.hash = XxHash3_64::oneshot(&f.bytes);
        }
        Some(Ticket { policy, stamps })
    }
}

/// [`stamp`] and [`Stamped::ticket`] of the files as they are read now.
#[cfg(test)]
fn ticket(policy: &Policy, paths: &[PathBuf]) -> Option<Ticket> {
    let stamped = stamp(policy, paths)?;
    stamped.ticket(&crate::model::source::read_paths(paths).0)
}

/// Loads `source` for a run that needs `need`: from the cache when an entry matches the files,
/// else from the files (then [`Cached::keep`] writes the entry). The embedded data is never
/// cached (it loads at once), nor is data with errors.
pub fn load(source: &DataSource, policy: &Policy, need: Need) -> Cached {
    let paths = match source {
        DataSource::Paths(paths) if policy.dir.is_some() => paths,
        _ => return uncached(source, need),
    };
    if let Some(hit) = lookup(policy, paths, need) {
        tracing::debug!(files = paths.len(), "the index came from the cache");
        return Cached {
            loaded: hit.loaded,
            index: hit.index.map(Arc::new),
            hit: true,
            ticket: None,
        };
    }
    let stamped = stamp(policy, paths);
    let mut ticket = None;
    let loaded = source.load_seen(|files| ticket = stamped.and_then(|s| s.ticket(files)));
    // An entry to be written holds the sort orders: made first, while memory is lowest.
    let index = (need == Need::Index && loaded.errors() == 0).then(|| match ticket {
        Some(_) => Arc::new(Index::build_with_orders(&loaded.dataset)),
        None => Arc::new(Index::build(&loaded.dataset)),
    });
    Cached {
        ticket: ticket.filter(|_| index.is_some()),
        loaded,
        index,
        hit: false,
    }
}

fn uncached(source: &DataSource, need: Need) -> Cached {
    let loaded = source.load();
    let index = (need == Need::Index && loaded.errors() == 0)
        .then(|| Arc::new(Index::build(&loaded.dataset)));
    Cached {
        loaded,
        index,
        hit: false,
        ticket: None,
    }
}

/// Writes the entry of the data and its index, then trims the folder to its limit.
fn store(
    policy: &Policy,
    stamps: &[Stamp],
    warnings: &[Diagnostic],
    dataset: &Dataset,
    index: &Index,
) -> Result<(), String> {
    let Some(dir) = policy.dir.as_deref() else {
        return Ok(());
    };
    let Some(folder) = Folder::open(dir, true) else {
        tracing::warn!(folder = %crate::model::files::shown(dir), "the cache folder is not ours or not a folder; nothing is cached");
        return Ok(());
    };
    // An entry is about twice the files' size: with less room than that, it is not even
    // made (a full disk would otherwise cost every run the making and a failed write).
    let needed = stamps.iter().map(|s| s.size).sum::<u64>().saturating_mul(2);
    if let Some(free) = folder.free_bytes().filter(|&free| free < needed) {
        return Err(format!(
            "{} has {} MB free, and the entry needs about {} MB",
            crate::model::files::shown(dir),
            free >> 20,
            needed >> 20
        ));
    }
    let build = build_stamp();
    let name = entry_name(stamps, &build);
    // An entry larger than the whole folder may be is not kept.
    let kept = folder
        .write_with(&name, |file| {
            let size = encode_to(file, stamps, &build, warnings, dataset, index)?;
            Ok(size <= policy.limit)
        })
        .map_err(|e| format!("{}: {e}", crate::model::files::shown(dir)))?;
    if kept {
        trim(&folder, policy.limit, &name);
    }
    Ok(())
}

/// Removes the entries used least lately while they hold more than `limit` bytes (never
/// `keep`, just written), and temporary files left by writers that are gone (killed while
/// writing) or, whoever made them, an hour old. Other files in the folder are not ours to
/// count or remove.
fn trim(folder: &Folder, limit: u64, keep: &str) {
    let hour_ago = SystemTime::now() - std::time::Duration::from_secs(3600);
    let mut entries = folder.entries();
    entries.retain(|e| {
        let Some(writer) = folder::temp_writer(&e.name) else {
            return e.name.ends_with(".index");
        };
        let stale = e.modified < hour_ago || !alive(writer);
        if stale {
            folder.remove(&e.name);
        }
        !stale
    });
    let mut total: u64 = entries.iter().map(|e| e.size).sum();
    entries.sort_by_key(|e| e.modified);
    for e in entries {
        if total <= limit {
            break;
        }
        if e.name.ends_with(".index") && e.name != keep {
            folder.remove(&e.name);
            total -= e.size;
        }
    }
}

/// Whether process `pid` is running (this machine's; the folder is private to the account).
fn alive(pid: u32) -> bool {
    std::path::Path::new("/proc").join(pid.to_string()).exists()
}

/// The path of the entry `paths` would have in `dir` (for tests and the docs' examples).
pub fn entry_path(dir: &Path, paths: &[PathBuf]) -> Option<PathBuf> {
    stamps(paths).map(|s| dir.join(entry_name(&s, &build_stamp())))
}

#[cfg(test)]
mod tests;
