//! A loaded dataset: records from every file, checked across files (duplicate ids, links).

use crate::model::strings::Str;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

mod check;
mod decode;

use super::diagnostic::Diagnostic;
use super::parallel;
use super::parse::{self, Located};
use super::record::{Kind, Record};
use super::source::{self, SourceFile};
use check::Checker;
use decode::decode;

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
}
