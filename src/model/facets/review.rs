//! The review facets (status, star, notes, author) of every record, made again whenever the
//! reviews are read: in time with the reviews, not the records, so a large dataset reads fast.
//!
//! At a million records with a tenth of them reviewed, what a reading cost was memory, not
//! work: each review's record looked up in a table that misses the processor's caches, each
//! review and its author's name read again in record order (scattered over memory), and a
//! start written for every record. So each review is read once, on every core, where the map
//! keeps it (what the facets need of it made small: a [`Mark`]); only the reviewed records
//! have a start, found through one bit per record; and how many records have each value is
//! counted as they are made, so the list that opens on every record counts in time with the
//! reviews too.

use std::collections::HashMap;

use super::{Facet, Value, FACETS};
use crate::model::collate;
use crate::model::parallel;
use crate::model::review::{Review, Status};
use crate::model::search::index::prefetch;
use crate::model::search::Index;
use crate::model::Dataset;

/// The review facets' values of every record.
#[derive(Clone, Debug, Default)]
pub struct ReviewFacets {
    /// Which reading of the store this is (two are equal when they come from the same one).
    pub generation: u64,
    /// Who set a status or wrote a note: the `author` facet's values.
    pub authors: Vec<Value>,
    /// Each record's status (its place in `Status::ALL`; 0, unreviewed, for most).
    statuses: Vec<u8>,
    /// One bit per record: it has other values (a star, notes, an author).
    marked: Vec<u64>,
    /// Per word of `marked`, how many records are marked in the words before it: a marked
    /// record's place among the marked ones is that plus the marked bits below its own.
    before: Vec<u32>,
    /// Per marked record, where its values start in `items` (one more entry).
    starts: Vec<u32>,
    items: Vec<(u8, u32)>,
    /// How many of the records have each value, per facet and value id (the review facets'
    /// only; the data's are empty).
    totals: [Vec<u32>; FACETS],
}

impl PartialEq for ReviewFacets {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

/// No author (in [`Mark::set_by`]).
const NO_AUTHOR: u32 = u32::MAX;

/// What the facets need of one review, read where the map keeps it: the rest of the work
/// goes in record order without going back to the review (but for its notes' authors).
#[derive(Clone, Copy)]
struct Mark<'r> {
    /// Its status's place in `Status::ALL`.
    status: u8,
    starred: bool,
    /// Who set the status: a number among the names the readings on every core met
    /// ([`marks`]), or [`NO_AUTHOR`].
    set_by: u32,
    /// The review, for its notes (`None` when it has none).
    notes: Option<&'r Review>,
}

impl ReviewFacets {
    /// Each build is told apart from the others by a number of its own.
    pub fn build(dataset: &Dataset, reviews: &HashMap<String, Review>) -> ReviewFacets {
        let (asked, names) = marks(reviews);
        // Finding each review's record is most of the work on a large dataset (a lookup by id
        // that misses the processor's caches): done on every core.
        let chunk = parallel::per_core(asked.len(), 4096);
        let mut found: Vec<(usize, Mark)> = parallel::map_chunks(&asked, chunk, |_, part| {
            part.iter()
                .filter_map(|&(id, mark)| Some((dataset.index_of(id)?, mark)))
                .collect::<Vec<_>>()
        })
        .concat();
        // In record order (the map's order is arbitrary), so each record's values are found
        // together and in order: no sort of the values after, and authors numbered the same
        // way on every reading.
        found.sort_unstable_by_key(|&(record, _)| record);
        ReviewFacets::of_found(dataset.len(), found.into_iter(), &names)
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
        let (asked, names) = marks(reviews);
        let found = ids.find_all(dataset, &asked);
        let found = found.into_iter().map(|(record, _, mark)| (record, mark));
        ReviewFacets::of_found(dataset.len(), found, &names)
    }

    /// The facets of the reviews of `n` records, each with its record, in record order;
    /// `names` are the authors the marks number.
    fn of_found<'r>(
        n: usize,
        found: impl Iterator<Item = (usize, Mark<'r>)>,
        names: &[&'r str],
    ) -> ReviewFacets {
        static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let generation = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut authors = Authors::default();
        // Each of `names`' author id, once met in record order.
        let mut named = vec![NO_AUTHOR; names.len()];
        let mut statuses = vec![0u8; n];
        let mut status_totals = vec![0u32; Status::ALL.len()];
        if let Some(unreviewed) = status_totals.first_mut() {
            *unreviewed = u32::try_from(n).unwrap_or(u32::MAX);
        }
        let mut marked = vec![0u64; n.div_ceil(64)];
        let mut starts: Vec<u32> = Vec::new();
        let mut items: Vec<(u8, u32)> = Vec::new();
        let mut last_marked = None;
        for (record, mark) in found {
            let Some(status) = statuses.get_mut(record) else {
                continue;
            };
            if let Some(total) = status_totals.get_mut(usize::from(*status)) {
                *total = total.saturating_sub(1);
            }
            if let Some(total) = status_totals.get_mut(usize::from(mark.status)) {
                *total += 1;
            }
            *status = mark.status;
            // This review's values (a record's repeats are dropped review by review).
            let first = items.len();
            let set_by = names.get(mark.set_by as usize).map(|&name| {
                let slot = &mut named[mark.set_by as usize];
                if *slot == NO_AUTHOR {
                    *slot = authors.id(name);
                }
                *slot
            });
            push_values(&mut items, &mark, set_by, &mut authors);
            if items.len() > first && last_marked != Some(record) {
                // The record's first values: its start (a record reviewed twice, which no
                // store holds, keeps both reviews' values together, in order).
                starts.push(first as u32);
                if let Some(word) = marked.get_mut(record / 64) {
                    *word |= 1 << (record % 64);
                }
                last_marked = Some(record);
            }
        }
        starts.push(items.len() as u32);
        let authors = authors.values;
        let totals = totals(status_totals, &items, authors.len());
        ReviewFacets {
            generation,
            authors,
            statuses,
            before: marked_before(&marked),
            marked,
            starts,
            items,
            totals,
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

    /// The values of a record's review but its status: star, notes, authors.
    fn others(&self, record: usize) -> &[(u8, u32)] {
        let bit = 1u64 << (record % 64);
        let (Some(&word), Some(&before)) =
            (self.marked.get(record / 64), self.before.get(record / 64))
        else {
            return &[];
        };
        if word & bit == 0 {
            return &[];
        }
        let k = before as usize + (word & (bit - 1)).count_ones() as usize;
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&start), Some(&end)) => {
                self.items.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }

    /// The (facet, value id) pairs of a record's review: its status, and the others.
    pub fn of(&self, record: usize) -> ((u8, u32), &[(u8, u32)]) {
        let status = self.statuses.get(record).copied().unwrap_or(0);
        (
            (Facet::Status as u8, u32::from(status)),
            self.others(record),
        )
    }

    /// Appends the (facet, value id) pairs of a record's review to `out`.
    pub fn extend(&self, record: usize, out: &mut Vec<(u8, u32)>) {
        let (status, others) = self.of(record);
        out.push(status);
        out.extend_from_slice(others);
    }

    /// Adds to `counts` (per facet, per value id) the review values of the first `records`
    /// records: what counting each record's [`ReviewFacets::of`] adds, from the totals kept
    /// when they are the records these facets were made for.
    pub fn count(&self, records: usize, counts: &mut [Vec<u32>; FACETS]) {
        if records != self.statuses.len() {
            for record in 0..records {
                let (status, others) = self.of(record);
                for &(f, id) in [&status].into_iter().chain(others) {
                    if let Some(c) = counts
                        .get_mut(usize::from(f))
                        .and_then(|c| c.get_mut(id as usize))
                    {
                        *c += 1;
                    }
                }
            }
            return;
        }
        for (counts, totals) in counts.iter_mut().zip(&self.totals) {
            for (count, total) in counts.iter_mut().zip(totals) {
                *count += total;
            }
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

/// Per word of `marked`, how many records the words before it mark.
fn marked_before(marked: &[u64]) -> Vec<u32> {
    let mut before = Vec::with_capacity(marked.len());
    let mut sum = 0u32;
    for word in marked {
        before.push(sum);
        sum += word.count_ones();
    }
    before
}

/// How many records have each value, per facet: the statuses' as counted, the others' from
/// the values of every marked record, `authors` of them.
fn totals(statuses: Vec<u32>, items: &[(u8, u32)], authors: usize) -> [Vec<u32>; FACETS] {
    let mut totals: [Vec<u32>; FACETS] = Default::default();
    totals[Facet::Status.index()] = statuses;
    totals[Facet::Starred.index()] = vec![0];
    totals[Facet::Notes.index()] = vec![0];
    totals[Facet::Author.index()] = vec![0; authors];
    for &(facet, id) in items {
        if let Some(total) = totals
            .get_mut(usize::from(facet))
            .and_then(|t| t.get_mut(id as usize))
        {
            *total += 1;
        }
    }
    totals
}

/// Appends a review's values but its status to `items`: its star, its notes, who set it
/// (`set_by`, an author id) and who wrote its notes, each author once.
fn push_values<'r>(
    items: &mut Vec<(u8, u32)>,
    mark: &Mark<'r>,
    set_by: Option<u32>,
    authors: &mut Authors<'r>,
) {
    let first = items.len();
    if mark.starred {
        items.push((Facet::Starred as u8, 0));
    }
    if mark.notes.is_some() {
        items.push((Facet::Notes as u8, 0));
    }
    let noted = mark.notes.into_iter().flat_map(|r| &r.notes);
    let ids = set_by
        .into_iter()
        .chain(noted.map(|note| authors.id(&note.author)));
    for author in ids {
        let item = (Facet::Author as u8, author);
        if !items[first..].contains(&item) {
            items.push(item);
        }
    }
}

/// Each review's [`Mark`] with its id, in the map's order, and the names of those who set a
/// status, which the marks number. Made on every core, each a run of the map's entries:
/// reading a review (and its author's name, a block of its own somewhere in memory) is a
/// wait on memory, and the reviews are read here once.
fn marks(reviews: &HashMap<String, Review>) -> (Vec<(&str, Mark<'_>)>, Vec<&str>) {
    let all: Vec<(&String, &Review)> = reviews.iter().collect();
    let chunk = parallel::per_core(all.len(), 4096);
    let runs = parallel::map_chunks(&all, chunk, |_, part| {
        let mut names = Names::default();
        let marks: Vec<(&str, Mark)> = part
            .iter()
            .enumerate()
            .map(|(i, &(id, review))| {
                // The name of a review some turns ahead is asked for now.
                let ahead = part.get(i + AHEAD).and_then(|(_, r)| r.set_by.as_deref());
                if let Some(name) = ahead {
                    prefetch(name.as_ptr());
                }
                let status = Status::ALL
                    .iter()
                    .position(|&s| s == review.status())
                    .unwrap_or(0) as u8;
                let mark = Mark {
                    status,
                    starred: review.starred,
                    set_by: review
                        .set_by
                        .as_deref()
                        .map_or(NO_AUTHOR, |name| names.id(name)),
                    notes: (!review.notes.is_empty()).then_some(review),
                };
                (id.as_str(), mark)
            })
            .collect();
        (marks, names.names)
    });
    // One numbering of the names: each run's after the runs before it.
    let mut asked = Vec::with_capacity(all.len());
    let mut names = Vec::new();
    for (marks, run_names) in runs {
        let offset = names.len() as u32;
        asked.extend(marks.into_iter().map(|(id, mut mark)| {
            if mark.set_by != NO_AUTHOR {
                mark.set_by += offset;
            }
            (id, mark)
        }));
        names.extend(run_names);
    }
    (asked, names)
}

/// How many reviews on the reading asks for the memory of a review's name.
const AHEAD: usize = 8;

/// How many names are looked for one by one, before a map of them all: a team is a few
/// people, and the first few names compared one by one cost less than a hash of each name.
const FEW_AUTHORS: usize = 16;

/// Names, each numbered once, in the order first met.
#[derive(Default)]
struct Names<'a> {
    names: Vec<&'a str>,
    ids: HashMap<&'a str, u32>,
}

impl<'a> Names<'a> {
    fn id(&mut self, name: &'a str) -> u32 {
        if let Some(at) = self.names.iter().take(FEW_AUTHORS).position(|&n| n == name) {
            return at as u32;
        }
        if self.names.len() > FEW_AUTHORS {
            if let Some(&id) = self.ids.get(name) {
                return id;
            }
        }
        self.names.push(name);
        let id = self.names.len() as u32 - 1;
        self.ids.insert(name, id);
        id
    }
}

/// The `author` facet's values, each numbered once, in the order first met.
#[derive(Default)]
struct Authors<'a> {
    names: Names<'a>,
    values: Vec<Value>,
}

impl<'a> Authors<'a> {
    fn id(&mut self, name: &'a str) -> u32 {
        let id = self.names.id(name);
        if id as usize == self.values.len() {
            self.values.push(Value {
                key: name.to_owned(),
                label: name.to_owned(),
                collation: collate::key(name),
            });
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A record's values are found through its bit and the count of marked records before
    /// it: records marked at the ends of a word of bits, and in words after empty ones.
    #[test]
    fn each_marked_record_finds_its_own_values() {
        let marked = [0usize, 63, 64, 127, 300, 301, 999];
        let found = marked.iter().map(|&record| {
            let mark = Mark {
                status: 2,
                starred: record % 2 == 0,
                set_by: NO_AUTHOR,
                notes: None,
            };
            (record, mark)
        });
        let names: Vec<&str> = Vec::new();
        let facets = ReviewFacets::of_found(1000, found, &names);
        for record in 0..1000 {
            let (status, others) = facets.of(record);
            match marked.iter().position(|&r| r == record) {
                Some(_) => {
                    assert_eq!(status, (Facet::Status as u8, 2), "{record}");
                    let star: &[(u8, u32)] = &[(Facet::Starred as u8, 0)];
                    assert_eq!(others, if record % 2 == 0 { star } else { &[] });
                }
                None => assert_eq!((status, others), ((Facet::Status as u8, 0), &[][..])),
            }
        }
        assert_eq!(facets.totals[Facet::Status.index()], [993, 0, 7, 0]);
        assert_eq!(facets.totals[Facet::Starred.index()], [3]);
    }
}
