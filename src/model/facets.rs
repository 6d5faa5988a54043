//! Facets: the values records can be filtered by (province, kind, topic, tag, product, trip,
//! programme, year), gathered once at load so that counting them is a table lookup.
//!
//! Spelling variants of a value (`Đắk Lắk`, `Dak Lak`, `đắk lắk`) fold into one, shown in its
//! most common spelling.

use std::borrow::Cow;
use std::collections::HashMap;

use super::collate;
use super::fold::fold;
use super::parallel;
use super::record::{Kind, Record};
use super::review::{Review, Status};
use super::search::query::loose;
use super::search::Index;
use super::Dataset;

/// What records can be filtered by: what the data says of them, and how they were reviewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Province,
    Kind,
    Topic,
    Tag,
    Product,
    Trip,
    Programme,
    Year,
    /// The review status (every record has one: unreviewed until marked).
    Status,
    Starred,
    /// Has at least one note.
    Notes,
    /// Who set the status or wrote a note.
    Author,
}

/// How many facets there are.
pub const FACETS: usize = 12;

impl Facet {
    /// The facets of the data.
    pub const DATA: [Facet; 8] = [
        Facet::Province,
        Facet::Kind,
        Facet::Topic,
        Facet::Tag,
        Facet::Product,
        Facet::Trip,
        Facet::Programme,
        Facet::Year,
    ];

    pub const ALL: [Facet; FACETS] = [
        Facet::Province,
        Facet::Kind,
        Facet::Topic,
        Facet::Tag,
        Facet::Product,
        Facet::Trip,
        Facet::Programme,
        Facet::Year,
        Facet::Status,
        Facet::Starred,
        Facet::Notes,
        Facet::Author,
    ];

    /// The name in JSON output and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Province => "province",
            Facet::Kind => "kind",
            Facet::Topic => "topic",
            Facet::Tag => "tag",
            Facet::Product => "product",
            Facet::Trip => "trip",
            Facet::Programme => "programme",
            Facet::Year => "year",
            Facet::Status => "status",
            Facet::Starred => "star",
            Facet::Notes => "notes",
            Facet::Author => "author",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The key a value is compared by: folded, `-` and `_` as spaces, spaces squeezed.
pub fn value_key(value: &str) -> String {
    loose(&fold(value))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One value of a facet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// What selections are compared by ([`value_key`]).
    pub key: String,
    /// The most common spelling (for a trip, its title; for a kind, its name).
    pub label: String,
    /// The label's Vietnamese sort key.
    pub collation: Vec<u8>,
}

/// A [`FacetTable`]'s parts, borrowed: each facet's values, each record's start, the items.
pub type TableParts<'a> = (&'a [Vec<Value>; FACETS], &'a [u32], &'a [(u8, u32)]);

/// Every facet value of every record, as small numbers.
#[derive(Clone, Debug, Default)]
pub struct FacetTable {
    values: [Vec<Value>; FACETS],
    by_key: [HashMap<String, u32>; FACETS],
    /// Per record, where its values start in `items` (one more entry than records).
    starts: Vec<u32>,
    /// (facet, value id) of each record, record after record.
    items: Vec<(u8, u32)>,
    /// How many records have each value, per facet: made when first asked for.
    totals: std::sync::OnceLock<[Vec<u32>; FACETS]>,
}

impl FacetTable {
    pub fn build(dataset: &Dataset) -> FacetTable {
        let mut builder = Builder::default();
        let mut starts = Vec::with_capacity(dataset.len() + 1);
        let mut items = Vec::with_capacity(dataset.len() * 6);
        for record in dataset.records() {
            starts.push(items.len() as u32);
            let start = items.len();
            for (facet, value) in record_values(dataset, record) {
                let id = builder.id(facet, &value);
                items.push((facet as u8, id));
            }
            dedup_tail(&mut items, start);
        }
        starts.push(items.len() as u32);
        let mut table = builder.finish(starts, items);
        // The review facets' fixed values; authors come with the reviews (ReviewFacets).
        let fixed: [(Facet, Vec<&str>); 3] = [
            (
                Facet::Status,
                Status::ALL.iter().map(|s| s.name()).collect(),
            ),
            (Facet::Starred, vec!["starred"]),
            (Facet::Notes, vec!["has notes"]),
        ];
        for (facet, names) in fixed {
            for (id, name) in names.into_iter().enumerate() {
                table.by_key[facet.index()].insert(name.to_owned(), id as u32);
                table.values[facet.index()].push(Value {
                    key: name.to_owned(),
                    label: name.to_owned(),
                    collation: collate::key(name),
                });
            }
        }
        // A trip is shown by its (short) title, not its id.
        for value in &mut table.values[Facet::Trip.index()] {
            if let Some(trip) = dataset.by_id(&value.key) {
                let c = trip.common();
                value.label = c.short_title.as_ref().unwrap_or(&c.title).to_string();
                value.collation = collate::key(&value.label);
            }
        }
        table
    }

    /// Its parts, for the persistent cache: each facet's values, where each record's items
    /// start, and the items.
    pub fn parts(&self) -> TableParts<'_> {
        (&self.values, &self.starts, &self.items)
    }

    /// A table of stored parts (the keys found again from the values); `None` unless every
    /// record's items lie in order within the items and name a value that exists.
    pub fn from_parts(
        values: [Vec<Value>; FACETS],
        starts: Vec<u32>,
        items: Vec<(u8, u32)>,
    ) -> Option<FacetTable> {
        let in_order = starts.first().is_none_or(|&s| s == 0)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last().is_none_or(|&s| s as usize == items.len());
        let named = items.iter().all(|&(f, id)| {
            values
                .get(f as usize)
                .is_some_and(|v| (id as usize) < v.len())
        });
        if !in_order || !named {
            return None;
        }
        let mut by_key: [HashMap<String, u32>; FACETS] = Default::default();
        for (keys, values) in by_key.iter_mut().zip(&values) {
            for (id, value) in values.iter().enumerate() {
                keys.entry(value.key.clone()).or_insert(id as u32);
            }
        }
        Some(FacetTable {
            values,
            by_key,
            starts,
            items,
            totals: std::sync::OnceLock::new(),
        })
    }

    /// True when it holds the values of `records` records.
    pub fn covers(&self, records: usize) -> bool {
        self.starts.len() == records + 1 || (records == 0 && self.starts.len() <= 1)
    }

    /// The values of `facet`, in the order of their ids.
    pub fn values(&self, facet: Facet) -> &[Value] {
        &self.values[facet.index()]
    }

    /// The id of the value of `facet` whose key is `key`.
    pub fn id(&self, facet: Facet, key: &str) -> Option<u32> {
        self.by_key[facet.index()].get(key).copied()
    }

    /// How many records have each value, per facet (in [`Facet::ALL`] order, per value id):
    /// what the list counts when every record is listed and nothing is chosen.
    pub fn totals(&self) -> &[Vec<u32>; FACETS] {
        self.totals.get_or_init(|| {
            let mut totals: [Vec<u32>; FACETS] = Default::default();
            for (facet, counts) in totals.iter_mut().enumerate() {
                *counts = vec![0; self.values[facet].len()];
            }
            // A record's values are distinct (see `dedup_tail`): each item is one record.
            for &(facet, id) in &self.items {
                if let Some(count) = totals
                    .get_mut(facet as usize)
                    .and_then(|c| c.get_mut(id as usize))
                {
                    *count += 1;
                }
            }
            totals
        })
    }

    /// The (facet, value id) pairs of a record.
    pub fn of(&self, record: usize) -> &[(u8, u32)] {
        let (Some(&start), Some(&end)) = (self.starts.get(record), self.starts.get(record + 1))
        else {
            return &[];
        };
        &self.items[start as usize..end as usize]
    }
}

/// Removes repeats among the items of the record that starts at `start`.
fn dedup_tail(items: &mut Vec<(u8, u32)>, start: usize) {
    let mut seen = Vec::new();
    let mut kept = start;
    for i in start..items.len() {
        if !seen.contains(&items[i]) {
            seen.push(items[i]);
            items[kept] = items[i];
            kept += 1;
        }
    }
    items.truncate(kept);
}

/// A record's facet values, as written.
fn record_values<'a>(dataset: &'a Dataset, record: &'a Record) -> Vec<(Facet, Cow<'a, str>)> {
    let mut out: Vec<(Facet, Cow<str>)> = Vec::new();
    for p in record.provinces() {
        out.push((Facet::Province, p.into()));
    }
    out.push((Facet::Kind, record.kind().name().into()));
    for t in record.topics() {
        out.push((Facet::Topic, t.into()));
    }
    for t in &record.common().tags {
        out.push((Facet::Tag, t.as_str().into()));
    }
    if let Record::Visit(v) = record {
        for p in &v.products {
            out.push((Facet::Product, p.as_str().into()));
        }
    }
    let trip = record.trip_id().and_then(|t| dataset.by_id(t));
    if let Some(Record::Trip(t)) = trip {
        out.push((Facet::Trip, t.common.id.as_str().into()));
        if let Some(p) = &t.programme {
            out.push((Facet::Programme, p.as_str().into()));
        }
    }
    if let Some(date) = record.date() {
        out.push((Facet::Year, date.year.to_string().into()));
    }
    out
}

#[derive(Default)]
struct Builder {
    keys: [HashMap<String, u32>; FACETS],
    /// Each spelling already seen, with its value id and its place among the value's
    /// spellings: most values repeat, and this spares folding them again.
    seen: [HashMap<String, (u32, usize)>; FACETS],
    /// Per facet, per value id: each spelling with how often it occurs, in first-seen order.
    spellings: [Vec<Vec<(String, usize)>>; FACETS],
}

impl Builder {
    fn id(&mut self, facet: Facet, value: &str) -> u32 {
        let f = facet.index();
        if let Some(&(id, spelling)) = self.seen[f].get(value) {
            self.spellings[f][id as usize][spelling].1 += 1;
            return id;
        }
        let key = match facet {
            // Ids are compared as written.
            Facet::Trip => value.to_owned(),
            _ => value_key(value),
        };
        let next = self.keys[f].len() as u32;
        let id = *self.keys[f].entry(key).or_insert(next);
        if id == next {
            self.spellings[f].push(Vec::new());
        }
        let spellings = &mut self.spellings[f][id as usize];
        spellings.push((value.to_owned(), 1));
        self.seen[f].insert(value.to_owned(), (id, spellings.len() - 1));
        id
    }

    fn finish(self, starts: Vec<u32>, items: Vec<(u8, u32)>) -> FacetTable {
        let mut values: [Vec<Value>; FACETS] = Default::default();
        for facet in Facet::ALL {
            let f = facet.index();
            let mut keys: Vec<(&String, &u32)> = self.keys[f].iter().collect();
            keys.sort_by_key(|(_, id)| **id);
            values[f] = keys
                .into_iter()
                .map(|(key, &id)| {
                    let spellings = &self.spellings[f][id as usize];
                    // The most used spelling; the first seen among equals.
                    let best = spellings
                        .iter()
                        .enumerate()
                        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
                        .map(|(_, (s, _))| s.clone())
                        .unwrap_or_default();
                    Value {
                        key: key.clone(),
                        collation: collate::key(&best),
                        label: best,
                    }
                })
                .collect();
        }
        FacetTable {
            values,
            by_key: self.keys,
            starts,
            items,
            totals: std::sync::OnceLock::new(),
        }
    }
}

/// The review facets' values of every record, made again whenever the reviews are read: in
/// time with the reviews (a few thousand), not the records, so a large dataset reads fast.
#[derive(Clone, Debug, Default)]
pub struct ReviewFacets {
    /// Which reading of the store this is (two are equal when they come from the same one).
    pub generation: u64,
    /// Who set a status or wrote a note: the `author` facet's values.
    pub authors: Vec<Value>,
    /// Each record's status (its place in `Status::ALL`; 0, unreviewed, for most).
    statuses: Vec<u8>,
    /// Per record, where its other values (star, notes, authors) start in `items`.
    starts: Vec<u32>,
    items: Vec<(u8, u32)>,
}

impl PartialEq for ReviewFacets {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

impl ReviewFacets {
    /// Each build is told apart from the others by a number of its own.
    pub fn build(dataset: &Dataset, reviews: &HashMap<String, Review>) -> ReviewFacets {
        // Finding each review's record is most of the work on a large dataset (a lookup by id
        // that misses the processor's caches): done on every core, the rest in one pass.
        let reviews: Vec<(&String, &Review)> = reviews.iter().collect();
        let chunk = parallel::per_core(reviews.len(), 4096);
        let mut found: Vec<(usize, &Review)> = parallel::map_chunks(&reviews, chunk, |_, part| {
            part.iter()
                .filter_map(|(id, review)| Some((dataset.index_of(id)?, *review)))
                .collect::<Vec<_>>()
        })
        .concat();
        // In record order (the map's order is arbitrary), so each record's values are found
        // together and in order: no sort of the values after, and authors numbered the same
        // way on every reading.
        found.sort_unstable_by_key(|&(record, _)| record);
        ReviewFacets::of_found(dataset.len(), &found)
    }

    /// [`ReviewFacets::build`], finding the reviews' records with the index's table of
    /// records by id (built on the first call): at a million records, 100,000 reviews are
    /// found in a fifth of the time. The same facets.
    pub fn build_indexed(
        dataset: &Dataset,
        index: &Index,
        reviews: &HashMap<String, Review>,
    ) -> ReviewFacets {
        let Some(ids) = index.ids(dataset) else {
            return ReviewFacets::build(dataset, reviews);
        };
        let asked: Vec<(&str, &Review)> = reviews.iter().map(|(id, r)| (id.as_str(), r)).collect();
        let found: Vec<(usize, &Review)> = ids
            .find_all(dataset, &asked)
            .into_iter()
            .map(|(record, _, review)| (record, review))
            .collect();
        ReviewFacets::of_found(dataset.len(), &found)
    }

    /// The facets of the reviews of `n` records, each with its record, in record order.
    fn of_found(n: usize, found: &[(usize, &Review)]) -> ReviewFacets {
        static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let generation = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut authors: Vec<Value> = Vec::new();
        let mut author_ids: HashMap<&str, u32> = HashMap::new();
        let mut statuses = vec![0u8; n];
        // (record, facet, value), each record's in the order found; one flat list, not one
        // small allocation per review.
        let mut extras: Vec<(u32, u8, u32)> = Vec::with_capacity(found.len() * 2);
        for &(record, review) in found {
            let Some(status) = statuses.get_mut(record) else {
                continue;
            };
            *status = Status::ALL
                .iter()
                .position(|&s| s == review.status())
                .unwrap_or(0) as u8;
            let first = extras.len();
            let record = record as u32;
            if review.starred {
                extras.push((record, Facet::Starred as u8, 0));
            }
            if !review.notes.is_empty() {
                extras.push((record, Facet::Notes as u8, 0));
            }
            let names = review
                .set_by
                .iter()
                .chain(review.notes.iter().map(|n| &n.author));
            for name in names {
                // A team is a few people: the first few names compared one by one cost less
                // than a hash of each name (a hundred thousand reviews at a million records).
                let near = authors
                    .iter()
                    .take(FEW_AUTHORS)
                    .position(|a| a.key == *name);
                let known = near.map(|at| at as u32).or_else(|| {
                    (authors.len() > FEW_AUTHORS)
                        .then(|| author_ids.get(name.as_str()).copied())
                        .flatten()
                });
                let author = match known {
                    Some(author) => author,
                    None => {
                        authors.push(Value {
                            key: name.clone(),
                            label: name.clone(),
                            collation: collate::key(name),
                        });
                        let author = authors.len() as u32 - 1;
                        author_ids.insert(name.as_str(), author);
                        author
                    }
                };
                let item = (record, Facet::Author as u8, author);
                if !extras[first..].contains(&item) {
                    extras.push(item);
                }
            }
        }
        // The values are in record order: each record's start is the count of values of the
        // records before it.
        let mut starts = vec![0u32; n + 1];
        for &(record, _, _) in &extras {
            if let Some(s) = starts.get_mut(record as usize + 1) {
                *s += 1;
            }
        }
        let mut sum = 0;
        for s in &mut starts {
            sum += *s;
            *s = sum;
        }
        let items: Vec<(u8, u32)> = extras.iter().map(|&(_, f, v)| (f, v)).collect();
        ReviewFacets {
            generation,
            authors,
            statuses,
            starts,
            items,
        }
    }

    /// A record's review status, by its index in the dataset.
    pub fn status(&self, record: usize) -> Status {
        let i = self.statuses.get(record).copied().unwrap_or(0);
        Status::ALL
            .get(usize::from(i))
            .copied()
            .unwrap_or(Status::Unreviewed)
    }

    /// The (facet, value id) pairs of a record's review: its status, and the others.
    pub fn of(&self, record: usize) -> ((u8, u32), &[(u8, u32)]) {
        let status = self.statuses.get(record).copied().unwrap_or(0);
        let others = match (self.starts.get(record), self.starts.get(record + 1)) {
            (Some(&start), Some(&end)) => self.items.get(start as usize..end as usize),
            _ => None,
        };
        (
            (Facet::Status as u8, u32::from(status)),
            others.unwrap_or(&[]),
        )
    }

    /// Appends the (facet, value id) pairs of a record's review to `out`.
    pub fn extend(&self, record: usize, out: &mut Vec<(u8, u32)>) {
        let status = self.statuses.get(record).copied().unwrap_or(0);
        out.push((Facet::Status as u8, u32::from(status)));
        if let (Some(&start), Some(&end)) = (self.starts.get(record), self.starts.get(record + 1)) {
            out.extend_from_slice(&self.items[start as usize..end as usize]);
        }
    }

    /// The id of the author `name`.
    pub fn author(&self, name: &str) -> Option<u32> {
        self.authors
            .iter()
            .position(|a| a.key == name)
            .map(|i| i as u32)
    }
}

/// How many authors are looked for by name one by one, before a map of them all.
const FEW_AUTHORS: usize = 16;

/// The kind a `kind` facet value names.
pub fn kind_of(value: &Value) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.name() == value.key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dataset::load_sources;
    use crate::model::source::SourceFile;

    fn table(json: &str) -> (Dataset, FacetTable) {
        let file = SourceFile {
            name: "t.json".into(),
            bytes: json.as_bytes().to_vec().into(),
        };
        let d = load_sources(&[file], Vec::new()).dataset;
        let t = FacetTable::build(&d);
        (d, t)
    }

    #[test]
    fn review_facets_found_through_the_index_are_those_found_by_id() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let mut reviews = HashMap::new();
        for (i, r) in dataset.records().iter().enumerate().step_by(3) {
            reviews.insert(
                r.id().to_owned(),
                Review {
                    status: Some([Status::Reviewed, Status::ToApply][i % 2]),
                    set_by: Some(["lan", "minh", "hoa"][i / 3 % 3].into()),
                    starred: i % 2 == 0,
                    ..Review::default()
                },
            );
        }
        reviews.insert("no such record".into(), Review::default());
        let by_id = ReviewFacets::build(&dataset, &reviews);
        let indexed = ReviewFacets::build_indexed(&dataset, &index, &reviews);
        assert_eq!(by_id.authors, indexed.authors);
        for record in 0..dataset.len() {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            by_id.extend(record, &mut a);
            indexed.extend(record, &mut b);
            assert_eq!(a, b, "record {record}");
        }
        assert!(by_id.authors.len() == 3 && !indexed.items.is_empty());
    }

    #[test]
    fn spelling_variants_are_one_value_in_the_most_common_spelling() {
        let (_, t) = table(
            r#"{"schema_version": 1, "trips": [{"id": "t", "title": "T", "programme": "Dự án 10"}],
            "meetings": [
              {"id": "a", "title": "A", "province": "Đắk Lắk"},
              {"id": "b", "title": "B", "province": "Dak Lak"},
              {"id": "c", "title": "C", "province": "Đắk Lắk"},
              {"id": "d", "title": "D", "province": "dak-lak", "date": "2024-03"}
            ]}"#,
        );
        let provinces = t.values(Facet::Province);
        assert_eq!(provinces.len(), 1);
        assert_eq!(provinces[0].label, "Đắk Lắk");
        assert_eq!(provinces[0].key, "dak lak");
        assert_eq!(t.id(Facet::Province, &value_key("ĐẮK LẮK")), Some(0));
        // Every record of the trip has its programme; the dated one its year.
        assert_eq!(t.values(Facet::Programme)[0].label, "Dự án 10");
        assert_eq!(t.values(Facet::Year)[0].label, "2024");
        assert_eq!(
            t.values(Facet::Trip)[0].label,
            "T",
            "a trip shows by its title"
        );
        let meeting_values = t.of(1);
        assert!(meeting_values.contains(&(Facet::Programme as u8, 0)));
    }
}
