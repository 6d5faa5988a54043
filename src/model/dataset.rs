//! A loaded dataset: records from every file, checked across files (duplicate ids, links).

use crate::model::strings::Str;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::diagnostic::{quote, Diagnostic, LineIndex, Severity};
use super::parallel;
use super::parse::{self, Located, Parsed};
use super::record::{Kind, Record};
use super::source::{self, SourceFile};
use super::text;

/// The records of every loaded file, with an index by id and the links between them.
#[derive(Debug, Default)]
pub struct Dataset {
    records: Records,
    /// Records of each kind, in the order of `Kind::ALL` (the tabs ask on every frame).
    counts: [usize; 4],
    /// Each id's record (the first, if an id is repeated). Made when first asked for: a
    /// dataset from the index cache is searched without it.
    by_id: OnceLock<HashMap<Str, usize>>,
    /// Who points at whom, made when first asked for.
    graph: OnceLock<Links>,
}

/// The links between records, per record, in dataset order.
#[derive(Debug, Default)]
struct Links {
    /// The records that point at it (a trip's meetings, experiences, visits; a meeting's
    /// experiences).
    children: Vec<Vec<usize>>,
    /// The records it names as related or that name it.
    related: Vec<Vec<usize>>,
}

/// Where the records are: made from the files, or kept in the index cache's entry and made
/// one at a time as they are asked for (a warm `findings search` reads a few dozen of a
/// hundred thousand).
#[derive(Debug)]
enum Records {
    Made(Vec<Record>),
    Stored {
        store: Box<dyn Stored>,
        /// Each record once made (`None`: it could not be).
        one: Vec<OnceLock<Option<Box<Record>>>>,
        /// Every record, once something asked for them all.
        all: OnceLock<Vec<Record>>,
    },
}

impl Default for Records {
    fn default() -> Records {
        Records::Made(Vec::new())
    }
}

/// Records kept elsewhere (the index cache's entry), made when asked for. The store was
/// checked whole before use (its checksum), so a record that cannot be made is one a program
/// wrote that way on purpose; it is then left out, never a panic.
pub trait Stored: Send + Sync + std::fmt::Debug {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Record `i`'s kind and id, read without making the record.
    fn kind(&self, i: usize) -> Option<Kind>;
    fn id(&self, i: usize) -> Option<&str>;
    /// Record `i`, made.
    fn record(&self, i: usize) -> Option<Record>;
    /// Every record, made (on every core); those that cannot be are left out.
    fn all(&self) -> Vec<Record>;
    /// Each record's children and related records, when the store keeps them (taken once).
    fn links(&self) -> Option<LinkLists> {
        None
    }
}

/// Per record, the records that point at it, and those related to it.
pub type LinkLists = (Vec<Vec<usize>>, Vec<Vec<usize>>);

/// What loading found: the dataset and every problem, with the number of files read.
pub struct Loaded {
    pub dataset: Dataset,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Where the data comes from: named paths, or the dataset compiled into the binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSource {
    Embedded,
    Paths(Vec<PathBuf>),
    /// The embedded dataset and the files (`--with-default`).
    EmbeddedAnd(Vec<PathBuf>),
}

impl DataSource {
    /// Reads and checks the data. Problems are in `diagnostics`; nothing here panics or exits.
    pub fn load(&self) -> Loaded {
        self.load_seen(|_| {})
    }

    /// [`load`](DataSource::load), showing `seen` the files' bytes as they were read, before
    /// they are parsed (the index cache hashes them).
    pub fn load_seen(&self, seen: impl FnOnce(&[SourceFile])) -> Loaded {
        let (files, problems) = self.read();
        seen(&files);
        let loaded = load_sources(&files, problems);
        if !self.paths().is_empty() {
            drop(files);
            super::parallel::release_free_memory();
        }
        loaded
    }

    /// Reads the files (the embedded ones first), with the problems met reading them.
    pub fn read(&self) -> (Vec<SourceFile>, Vec<Diagnostic>) {
        match self {
            DataSource::Embedded => (source::embedded(), Vec::new()),
            DataSource::Paths(paths) => source::read_paths(paths),
            DataSource::EmbeddedAnd(paths) => {
                let (files, problems) = source::read_paths(paths);
                (
                    source::embedded().into_iter().chain(files).collect(),
                    problems,
                )
            }
        }
    }

    /// The paths named: the files to watch, none for the embedded dataset alone.
    pub fn paths(&self) -> &[PathBuf] {
        match self {
            DataSource::Embedded => &[],
            DataSource::Paths(paths) | DataSource::EmbeddedAnd(paths) => paths,
        }
    }

    /// This source with the embedded dataset beside its files when `also` (the embedded
    /// dataset alone stays as it is).
    pub fn with_default(self, also: bool) -> DataSource {
        match self {
            DataSource::Paths(paths) if also => DataSource::EmbeddedAnd(paths),
            other => other,
        }
    }
}

/// Parses and checks files already read. `diagnostics` holds problems found while reading.
/// A workbook or a kind's CSV table (`--data t.xlsx`) is read as `findings import` reads it,
/// checked with the rest, and each problem placed at its sheet and cell.
pub fn load_sources(files: &[SourceFile], mut diagnostics: Vec<Diagnostic>) -> Loaded {
    if !files.iter().any(|f| super::import::is_sheet(&f.name)) {
        return load_json(files, diagnostics);
    }
    let mut books = Vec::new();
    let mut json = Vec::with_capacity(files.len());
    for file in files {
        if !super::import::is_sheet(&file.name) {
            json.push(SourceFile {
                name: file.name.clone(),
                bytes: file.bytes.clone(),
            });
            continue;
        }
        match super::import::sheets(file) {
            Ok(mut book) => {
                diagnostics.append(&mut book.diagnostics);
                json.push(SourceFile {
                    name: book.source.name.clone(),
                    bytes: std::mem::take(&mut book.source.bytes),
                });
                books.push(book);
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    let mut loaded = load_json(&json, Vec::new());
    let checked = std::mem::take(&mut loaded.diagnostics);
    diagnostics.extend(checked.into_iter().map(|d| {
        match books.iter().find(|b| b.source.name == d.file) {
            Some(book) => book.place(d),
            None => d,
        }
    }));
    loaded.diagnostics = diagnostics;
    loaded.files = files.len();
    loaded
}

/// Parses and checks dataset files in JSON.
fn load_json(files: &[SourceFile], mut diagnostics: Vec<Diagnostic>) -> Loaded {
    let mut located = Vec::with_capacity(files.len());
    for file in files {
        match decode(file) {
            Ok(text) => located.push(Located::new(&file.name, text)),
            Err(problem) => diagnostics.push(problem),
        }
    }
    // Files are independent: read on every core (a file's large arrays use them too), their
    // records and problems then put in file order.
    let numbers: Vec<usize> = (0..located.len()).collect();
    let located = &located;
    let per_file = parallel::map_chunks(&numbers, 1, |_, run| {
        let mut found = Vec::new();
        let mut records = Vec::new();
        for &i in run {
            join(&mut records, parse::parse_file(i, &located[i], &mut found));
        }
        (records, found)
    });
    let mut parsed = Vec::new();
    for (records, found) in per_file {
        join(&mut parsed, records);
        diagnostics.extend(found);
    }
    let mut checker = Checker {
        files: located,
        diagnostics: &mut diagnostics,
    };
    let ids = checker.resolve(&mut parsed);
    Loaded {
        // Collected afresh, not in place: a parsed record's place is six times a record's.
        dataset: Dataset::with_ids(parsed.drain(..).map(|p| p.record).collect(), ids),
        diagnostics,
        files: files.len(),
    }
}

/// Puts `more` after `all`. The first part is kept where it is, not copied: one file of a
/// million records is 96 MB of parsed records, copied while the file is still in memory.
fn join<T>(all: &mut Vec<T>, more: Vec<T>) {
    match all.is_empty() {
        true => *all = more,
        false => all.extend(more),
    }
}

/// The file's text without a BOM, or an error at the first byte that is not UTF-8.
fn decode(file: &SourceFile) -> Result<&str, Diagnostic> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    if let Some(encoding) = utf16(bytes) {
        return Err(Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            position: Some(super::diagnostic::Position { line: 1, column: 1 }),
            path: String::new(),
            message: format!(
                "the file is {encoding}, not UTF-8; save it as UTF-8 (in Notepad: Save as, \
                 Encoding: UTF-8)"
            ),
        });
    }
    if is_utf8(bytes) {
        // SAFETY: `is_utf8` checked every byte: the text is UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            position: Some(LineIndex::new(bytes).position(at)),
            path: String::new(),
            message: format!(
                "JSON syntax error: invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                bytes[at]
            ),
        }
    })
}

/// True when `bytes` are UTF-8, checked with SIMD (Vietnamese text is mostly characters of two
/// and three bytes, where the standard check goes a byte at a time: 12% of a cold load); what
/// is wrong, and where, is then found by the standard check.
fn is_utf8(bytes: &[u8]) -> bool {
    simdutf8::basic::from_utf8(bytes).is_ok()
}

/// The UTF-16 or UTF-32 a file is written in, if it is: by its byte-order mark, or without one
/// (as some Windows editors save "Unicode"), by the zero bytes beside each ASCII character
/// that every JSON text starts with (`{`, `[`, spaces), in most of its first 64 bytes.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => return Some("UTF-32 (little-endian)"),
        [0, 0, 0xFE, 0xFF, ..] => return Some("UTF-32 (big-endian)"),
        [c, 0, 0, 0, ..] if *c != 0 && c.is_ascii() => {
            return Some("UTF-32 (little-endian, without a byte-order mark)")
        }
        [0, 0, 0, c, ..] if *c != 0 && c.is_ascii() => {
            return Some("UTF-32 (big-endian, without a byte-order mark)")
        }
        [0xFF, 0xFE, ..] => return Some("UTF-16 (little-endian)"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (big-endian)"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    let pairs = head.len() / 2;
    if pairs == 0 {
        return None;
    }
    let count = |zero_first: bool| {
        head.chunks_exact(2)
            .filter(|p| {
                let (zero, ascii) = if zero_first {
                    (p[0], p[1])
                } else {
                    (p[1], p[0])
                };
                zero == 0 && ascii != 0 && ascii.is_ascii()
            })
            .count()
    };
    let looks = |zero_first: bool| {
        let first = &head[..2];
        let (zero, ascii) = if zero_first {
            (first[0], first[1])
        } else {
            (first[1], first[0])
        };
        // Two characters at least: `[`, NUL, `]` is broken JSON, not UTF-16.
        let matching = count(zero_first);
        zero == 0 && ascii != 0 && ascii.is_ascii() && matching >= 2 && matching * 2 > pairs
    };
    if looks(false) {
        Some("UTF-16 (little-endian, without a byte-order mark)")
    } else if looks(true) {
        Some("UTF-16 (big-endian, without a byte-order mark)")
    } else {
        None
    }
}

/// Every record's id and kind, for checking links.
struct Known<'k> {
    /// The first record of each id.
    ids: &'k HashMap<Str, usize>,
    /// Each record's kind.
    kinds: &'k [Kind],
}

impl Known<'_> {
    /// The kind of the record with id `id`.
    fn kind(&self, id: &str) -> Option<Kind> {
        self.ids.get(id).and_then(|&i| self.kinds.get(i).copied())
    }
}

/// Checks that need every file: unique ids, links to trips and meetings that exist.
struct Checker<'a, 'd> {
    files: &'a [Located<'a>],
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn error(&mut self, p: &Parsed, at: usize, field: &str, message: String) {
        let path = if field.is_empty() {
            p.path()
        } else {
            format!("{}.{field}", p.path())
        };
        let d = self.files[p.file].diagnostic(Severity::Error, at, path, message);
        self.diagnostics.push(d);
    }

    /// Checks the links and fills in each record's trip where the data leaves it to be
    /// worked out; gives back the records by id (the first of each id), which the dataset
    /// keeps.
    fn resolve(&mut self, parsed: &mut [Parsed]) -> HashMap<Str, usize> {
        let ids = self.unique_ids(parsed);
        let kinds: Vec<Kind> = parsed.iter().map(|p| p.record.kind()).collect();
        let known = Known {
            ids: &ids,
            kinds: &kinds,
        };
        let trips: Vec<&str> = parsed
            .iter()
            .filter(|p| p.record.kind() == Kind::Trip)
            .map(|p| p.record.id())
            .collect();
        let only_trip = (trips.len() == 1).then(|| trips[0].to_owned());
        let trip_count = trips.len();
        // A file that holds exactly one trip: its records without a `trip` belong to it, even
        // beside other files' trips (the embedded data loaded with --with-default).
        let mut file_trips: HashMap<usize, Vec<&str>> = HashMap::new();
        for p in parsed.iter().filter(|p| p.record.kind() == Kind::Trip) {
            file_trips.entry(p.file).or_default().push(p.record.id());
        }
        let file_trip: HashMap<usize, String> = file_trips
            .into_iter()
            .filter(|(_, t)| t.len() == 1)
            .map(|(f, t)| (f, t[0].to_owned()))
            .collect();
        let only = |file: usize| file_trip.get(&file).cloned().or_else(|| only_trip.clone());
        // Meetings first: an experience that names only its meeting belongs to that meeting's
        // trip.
        let mut meeting_trips: HashMap<Str, Str> = HashMap::new();
        for p in parsed
            .iter_mut()
            .filter(|p| p.record.kind() != Kind::Experience)
        {
            let own = only(p.file);
            self.check_links(p, &known, own.as_deref(), trip_count);
            if let Record::Meeting(m) = &p.record {
                if let Some(trip) = &m.trip {
                    meeting_trips.insert(m.common.id.clone(), trip.clone());
                }
            }
        }
        for p in parsed
            .iter_mut()
            .filter(|p| p.record.kind() == Kind::Experience)
        {
            if let Record::Experience(e) = &mut p.record {
                if e.trip.is_none() {
                    e.trip = e
                        .meeting
                        .iter()
                        .chain(&e.meetings)
                        .find_map(|m| meeting_trips.get(m))
                        .cloned();
                }
            }
            let own = only(p.file);
            self.check_links(p, &known, own.as_deref(), trip_count);
        }
        ids
    }

    fn unique_ids(&mut self, parsed: &[Parsed]) -> HashMap<Str, usize> {
        let mut ids: HashMap<Str, usize> = HashMap::with_capacity(parsed.len());
        for (i, p) in parsed.iter().enumerate() {
            if let Some(&first) = ids.get(p.record.id()) {
                let f = &parsed[first];
                let place = self.files[f.file].place(f.id_at);
                let message = format!(
                    "duplicate id {}: first defined at {place} ({})",
                    quote(p.record.id()),
                    f.path()
                );
                self.error(p, p.id_at, "id", message);
            } else {
                ids.insert(p.record.common().id.clone(), i);
            }
        }
        ids
    }

    fn check_links(
        &mut self,
        p: &mut Parsed,
        known: &Known,
        only_trip: Option<&str>,
        trip_count: usize,
    ) {
        for link in &p.links {
            match link.want {
                Some(want) => self.expect_kind(p, link.at, &link.field(), &link.id, want, known),
                None if known.kind(&link.id).is_none() => {
                    let hint = text::closest_id(&link.id, known.ids.keys())
                        .map(|c| format!(" (did you mean \"{c}\"?)"))
                        .unwrap_or_default();
                    let message = format!("no record has the id {}{hint}", quote(&link.id));
                    self.error(p, link.at, &link.field(), message);
                }
                None => {}
            }
        }
        let (trip, kind) = match &mut p.record {
            Record::Trip(_) => return,
            Record::Meeting(m) => (&mut m.trip, Kind::Meeting),
            Record::Experience(e) => (&mut e.trip, Kind::Experience),
            Record::Visit(v) => (&mut v.trip, Kind::Visit),
        };
        match (trip.clone(), p.trip_at) {
            (Some(id), Some(at)) => self.expect_kind(p, at, "trip", &id, Kind::Trip, known),
            // Taken from the experience's meeting: checked there.
            (Some(_), None) => {}
            (None, _) if only_trip.is_some() => *trip = only_trip.map(Str::from),
            (None, _) if p.has_errors => {}
            (None, _) => {
                let article = kind.article();
                let message = format!(
                    "missing field \"trip\": {article} {kind} must name its trip when the data has {trip_count} trips"
                );
                self.error(p, p.at, "", message);
            }
        }
    }

    fn expect_kind(
        &mut self,
        p: &Parsed,
        at: usize,
        field: &str,
        id: &str,
        want: Kind,
        known: &Known,
    ) {
        match known.kind(id) {
            Some(kind) if kind == want => {}
            Some(kind) => {
                let message = format!(
                    "{} is {} {kind}, not {} {want}",
                    quote(id),
                    kind.article(),
                    want.article()
                );
                self.error(p, at, field, message);
            }
            None => {
                let candidates = known
                    .ids
                    .iter()
                    .filter(|(_, &i)| known.kinds.get(i) == Some(&want))
                    .map(|(id, _)| id);
                let hint = text::closest_id(id, candidates)
                    .map(|c| format!(" (did you mean \"{c}\"?)"))
                    .unwrap_or_default();
                let message = format!("no {want} has the id {}{hint}", quote(id));
                self.error(p, at, field, message);
            }
        }
    }
}

/// How a dataset differs from an earlier one, record by record (by id).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

impl Dataset {
    /// What changed since `old`: records new, changed and gone, matched by id.
    pub fn changes_from(&self, old: &Dataset) -> Changes {
        let mut changes = Changes::default();
        for r in self.records() {
            match old.by_id(r.id()) {
                None => changes.added += 1,
                Some(before) if before != r => changes.changed += 1,
                Some(_) => {}
            }
        }
        changes.removed = old
            .records()
            .iter()
            .filter(|r| self.by_id(r.id()).is_none())
            .count();
        changes
    }

    /// A dataset of `records` whose map by id (the first record of each id) is `by_id`.
    fn with_ids(records: Vec<Record>, by_id: HashMap<Str, usize>) -> Dataset {
        let dataset = Dataset::new(records);
        let _ = dataset.by_id.set(by_id);
        dataset
    }

    pub fn new(records: Vec<Record>) -> Dataset {
        let mut counts = [0; 4];
        for r in &records {
            counts[kind_slot(r.kind())] += 1;
        }
        // The links are made when first asked for: in the TUI, in the background after
        // loading (`tui::reload::prepare_soon`).
        Dataset {
            records: Records::Made(records),
            counts,
            by_id: OnceLock::new(),
            graph: OnceLock::new(),
        }
    }

    /// The records of `store`, made as they are asked for.
    pub fn stored(store: Box<dyn Stored>) -> Dataset {
        let n = store.len();
        let mut counts = [0; 4];
        for i in 0..n {
            counts[store.kind(i).map_or(0, kind_slot)] += 1;
        }
        Dataset {
            records: Records::Stored {
                store,
                one: (0..n).map(|_| OnceLock::new()).collect(),
                all: OnceLock::new(),
            },
            counts,
            by_id: OnceLock::new(),
            graph: OnceLock::new(),
        }
    }

    /// Every record, in order (a stored dataset makes them all the first time).
    pub fn records(&self) -> &[Record] {
        match &self.records {
            Records::Made(records) => records,
            Records::Stored { store, all, .. } => all.get_or_init(|| store.all()),
        }
    }

    pub fn len(&self) -> usize {
        match &self.records {
            Records::Made(records) => records.len(),
            Records::Stored { one, .. } => one.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Option<&Record> {
        match &self.records {
            Records::Made(records) => records.get(index),
            Records::Stored { store, one, all } => match all.get() {
                Some(all) => all.get(index),
                None => one
                    .get(index)?
                    .get_or_init(|| store.record(index).map(Box::new))
                    .as_deref(),
            },
        }
    }

    /// Record `index`'s id, without making a stored record.
    pub fn id(&self, index: usize) -> Option<&str> {
        match &self.records {
            Records::Made(records) => records.get(index).map(Record::id),
            Records::Stored { store, .. } => store.id(index),
        }
    }

    /// Record `index`'s kind, without making a stored record.
    pub fn kind(&self, index: usize) -> Option<Kind> {
        match &self.records {
            Records::Made(records) => records.get(index).map(Record::kind),
            Records::Stored { store, .. } => store.kind(index),
        }
    }

    fn ids(&self) -> &HashMap<Str, usize> {
        self.by_id.get_or_init(|| {
            let mut by_id = HashMap::with_capacity(self.len());
            for i in 0..self.len() {
                if let Some(id) = self.id(i) {
                    by_id.entry(Str::from(id)).or_insert(i);
                }
            }
            by_id
        })
    }

    /// Per record, the records that point at it and those related to it (what the index
    /// cache keeps of the links).
    pub fn link_lists(&self) -> (&[Vec<usize>], &[Vec<usize>]) {
        let links = self.graph();
        (&links.children, &links.related)
    }

    fn graph(&self) -> &Links {
        self.graph.get_or_init(|| {
            if let Records::Stored { store, .. } = &self.records {
                if let Some((children, related)) = store.links() {
                    return Links { children, related };
                }
            }
            let records = self.records();
            let by_id = self.ids();
            let mut children = vec![Vec::new(); records.len()];
            for (i, r) in records.iter().enumerate() {
                let mut parents = r.meeting_ids();
                if r.kind() != Kind::Trip {
                    parents.extend(r.trip_id());
                }
                for parent in parents {
                    if let Some(&p) = by_id.get(parent) {
                        children[p].push(i);
                    }
                }
            }
            let mut related = vec![Vec::new(); records.len()];
            for (i, r) in records.iter().enumerate() {
                for other in r
                    .common()
                    .related
                    .iter()
                    .filter_map(|id| by_id.get(id.as_str()))
                {
                    if *other != i {
                        related[i].push(*other);
                        related[*other].push(i);
                    }
                }
            }
            for list in &mut related {
                list.sort_unstable();
                list.dedup();
            }
            Links { children, related }
        })
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.ids().get(id).copied()
    }

    pub fn by_id(&self, id: &str) -> Option<&Record> {
        self.index_of(id).and_then(|i| self.get(i))
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.counts[kind_slot(kind)]
    }

    /// Ids close to `id` (typos, or ids that contain it), for "did you mean" messages.
    pub fn similar_ids(&self, id: &str, max: usize) -> Vec<&str> {
        let lower = id.to_lowercase();
        let mut scored: Vec<(usize, &str)> = (0..self.len())
            .filter_map(|i| self.id(i))
            .filter_map(|candidate| {
                let c = candidate.to_lowercase();
                let distance = strsim::levenshtein(&lower, &c);
                let near = distance <= 2.max(candidate.len() / 3);
                let contains = lower.len() >= 3 && c.contains(&lower);
                (near || contains).then_some((if near { distance } else { 100 }, candidate))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(max).map(|(_, c)| c).collect()
    }

    /// Every record a detail page links to, in the order it lists them: the records [`linked`]
    /// by the structure of the data, then the [`related`] ones not already among them.
    ///
    /// [`linked`]: Dataset::linked
    /// [`related`]: Dataset::related
    pub fn links(&self, index: usize) -> Vec<usize> {
        let mut out = self.linked(index);
        for r in self.related(index) {
            if !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }

    /// The records linked to this one by the data's structure: a trip's meetings, experiences
    /// and visits; a meeting's trip and the experiences shared there; an experience's meetings
    /// and trip; a visit's trip.
    pub fn linked(&self, index: usize) -> Vec<usize> {
        let Some(record) = self.get(index) else {
            return Vec::new();
        };
        let mut out: Vec<usize> = record
            .meeting_ids()
            .into_iter()
            .filter_map(|m| self.index_of(m))
            .collect();
        if record.kind() != Kind::Trip {
            out.extend(record.trip_id().and_then(|t| self.index_of(t)));
        }
        out.extend(self.graph().children.get(index).into_iter().flatten());
        out
    }

    /// The records this one names as related, or that name it (a link shown on both ends),
    /// less those already [`linked`](Dataset::linked).
    pub fn related(&self, index: usize) -> Vec<usize> {
        let linked = self.linked(index);
        self.graph()
            .related
            .get(index)
            .map(|list| {
                list.iter()
                    .copied()
                    .filter(|r| !linked.contains(r))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Where a record stands in its trip: (1-based place, count) among the trip's records of
    /// the same kind.
    pub fn place_in_trip(&self, index: usize) -> Option<(usize, usize)> {
        let record = self.get(index)?;
        if record.kind() == Kind::Trip {
            return None;
        }
        let trip = self.index_of(record.trip_id()?)?;
        let same: Vec<usize> = self
            .graph()
            .children
            .get(trip)?
            .iter()
            .copied()
            .filter(|&i| self.kind(i) == Some(record.kind()))
            .collect();
        let place = same.iter().position(|&i| i == index)?;
        Some((place + 1, same.len()))
    }
}

/// A kind's place in `Kind::ALL`.
fn kind_slot(kind: Kind) -> usize {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link to a record of another kind names both kinds with their articles.
    #[test]
    fn a_link_to_an_experience_says_an_experience() {
        let json = r#"{"schema_version": 1, "trips": [{"id": "t", "title": "T"}],
            "experiences": [{"id": "e1", "title": "E"}],
            "visits": [{"id": "v1", "title": "V", "trip": "e1"}]}"#;
        let file = SourceFile {
            name: "k.json".into(),
            bytes: json.as_bytes().to_vec().into(),
        };
        let loaded = load_sources(&[file], Vec::new());
        let messages: Vec<&str> = loaded
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages, ["\"e1\" is an experience, not a trip"]);
    }

    /// Large text of characters of one to four bytes: wherever a bad byte is, the SIMD check
    /// gives the standard one's answer.
    #[test]
    fn utf8_checked_with_simd_agrees_with_the_standard_check() {
        let mut text = String::new();
        while text.len() < (5 << 20) {
            text.push_str("Đắk Lắk 🌾 中文 a");
        }
        let bytes = text.as_bytes().to_vec();
        assert!(is_utf8(&bytes));
        for at in [0, 1, bytes.len() / 2 - 1, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] = 0xFF;
            assert_eq!(is_utf8(&bad), std::str::from_utf8(&bad).is_ok(), "{at}");
            assert!(!is_utf8(&bad), "{at}");
        }
    }
}
