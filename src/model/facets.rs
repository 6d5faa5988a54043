//! Facets: the values records can be filtered by (province, kind, topic, tag, product, trip,
//! programme, year), gathered once at load so that counting them is a table lookup.
//!
//! Spelling variants of a value (`Đắk Lắk`, `Dak Lak`, `đắk lắk`) fold into one, shown in its
//! most common spelling.

use std::borrow::Cow;
use std::collections::HashMap;

use super::collate;
use super::fold::fold;
use super::record::{Kind, Record};
use super::review::Status;
use super::search::query::loose;
use super::Dataset;

mod review;
pub use review::ReviewFacets;

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
