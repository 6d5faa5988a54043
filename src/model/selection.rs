//! What the list shows, as one value — the query, the facet filters, the sort and the kind (the
//! tab) — and the one function that turns it into ordered rows and facet counts. The TUI and
//! every command call it, so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;

use super::describe::Text;
use super::facets::{kind_of, value_key, Facet, FacetTable, ReviewFacets, FACETS};
use super::search::Hit;
use super::search::{self, Index, Query};
use super::sort::{self, Sort, SortBy};
use super::{parallel, Dataset, Kind};

/// The tabs' kinds, in order: All, then one per kind.
pub const TAB_KINDS: [Option<Kind>; 5] = [
    None,
    Some(Kind::Trip),
    Some(Kind::Meeting),
    Some(Kind::Experience),
    Some(Kind::Visit),
];

/// Everything that decides what the list shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub query: Query,
    /// Chosen values per facet (their [`value_key`]s): any of a facet's values, every facet.
    pub chosen: BTreeMap<Facet, BTreeSet<String>>,
    pub sort: Sort,
    /// The tab: one kind, or all.
    pub kind: Option<Kind>,
    /// Which titles the title sort compares.
    pub text: Text,
    /// The review facets' values, when reviews are known.
    pub reviews: Option<std::sync::Arc<ReviewFacets>>,
}

impl Selection {
    /// Chooses `value` of `facet` if it was not chosen, else drops it.
    pub fn toggle(&mut self, facet: Facet, value: &str) {
        let key = Selection::key(facet, value);
        let set = self.chosen.entry(facet).or_default();
        if !set.remove(&key) {
            set.insert(key);
        }
        if set.is_empty() {
            self.chosen.remove(&facet);
        }
    }

    /// Chooses `value` of `facet` (kept chosen if it was).
    pub fn choose(&mut self, facet: Facet, value: &str) {
        let key = Selection::key(facet, value);
        self.chosen.entry(facet).or_default().insert(key);
    }

    /// What a value is compared by: data values folded, ids and review values as they are.
    fn key(facet: Facet, value: &str) -> String {
        match facet {
            Facet::Trip | Facet::Author | Facet::Status | Facet::Starred | Facet::Notes => {
                value.to_owned()
            }
            _ => value_key(value),
        }
    }

    pub fn is_chosen(&self, facet: Facet, key: &str) -> bool {
        self.chosen.get(&facet).is_some_and(|s| s.contains(key))
    }

    /// True when facet values are chosen.
    pub fn has_filters(&self) -> bool {
        !self.chosen.is_empty()
    }
}

/// How many records each facet value would have, per facet: counted among the records that
/// match the query and every *other* facet's choice (so choosing a second value of a facet
/// shows what it adds).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// Per facet (in [`Facet::ALL`] order), per value id.
    pub per_value: [Vec<u32>; FACETS],
}

impl Counts {
    pub fn of(&self, facet: Facet, id: u32) -> u32 {
        self.per_value[facet.index()]
            .get(id as usize)
            .copied()
            .unwrap_or(0)
    }
}

/// What the list shows for a selection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    /// Records in display order.
    pub rows: Vec<usize>,
    pub counts: Counts,
    /// Records per tab (All, then each kind) passing the query and the facets.
    pub tabs: [usize; 5],
    /// The rows are in the order of relevance, not yet in the order asked for: the sort orders
    /// are still being made ([`select_now`]).
    pub pending: bool,
}

/// True when `selection`'s rows are put in order by the index's sort orders: a sort other than
/// relevance, or a query's ties broken by English titles.
pub fn needs_orders(selection: &Selection) -> bool {
    selection.sort.by != SortBy::Relevance
        || (selection.text == Text::English && !selection.query.is_empty())
}

/// Searches and selects: the query's matches (in rank order) and what the list shows. `None`
/// when `cancel` was set. The facets are counted by the search's own workers as they go.
pub fn run(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    candidates: Option<&search::Narrowed>,
    cancel: &AtomicBool,
) -> Option<(Vec<Hit>, Shown)> {
    let chosen = Chosen::new(index.facets(), selection);
    let counting = |ranked: &[Hit], unranked: &[Hit]| {
        let mut t = Tally::new(index, selection);
        tally_into(&mut t, index, &chosen, selection, ranked);
        tally_into(&mut t, index, &chosen, selection, unranked);
        t
    };
    // Only the rows are ranked: the other matches count, in no order (`finish` ranks any
    // row a search left unranked, and `select` those a new choice lists).
    let listed = |record: usize| is_listed(index, &chosen, selection, record);
    let (hits, tallies) = search::search_ranking(
        dataset,
        index,
        &selection.query,
        candidates,
        cancel,
        &counting,
        &listed,
    )?;
    let tally = merge(tallies, index, selection);
    let shown = finish(dataset, index, selection, &hits, tally, Wait::Yes);
    Some((hits, shown))
}

/// From the query's matches (`hits`, as a search returns them: see
/// [`search::search_ranking`]) to the rows and counts: what choosing a facet value or a sort
/// does, without searching again. Waits for the sort orders if they are being made.
pub fn select(dataset: &Dataset, index: &Index, selection: &Selection, hits: &[Hit]) -> Shown {
    select_waiting(dataset, index, selection, hits, Wait::Yes)
}

/// As [`select`], but never waits: while the sort orders are being made (just after loading)
/// the rows stay in the order of relevance, and the result says so (`pending`). What the
/// screen does on a key, so a sort asked for early does not freeze it.
pub fn select_now(dataset: &Dataset, index: &Index, selection: &Selection, hits: &[Hit]) -> Shown {
    select_waiting(dataset, index, selection, hits, Wait::No)
}

/// Whether the rows wait for the sort orders being made.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wait {
    Yes,
    No,
}

fn select_waiting(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    hits: &[Hit],
    wait: Wait,
) -> Shown {
    let chosen = Chosen::new(index.facets(), selection);
    if let Some(counted) = every_record(index, &chosen, selection, hits) {
        return finish(dataset, index, selection, hits, counted, wait);
    }
    // Every record of a large dataset (a facet toggled with no query, the reviews read
    // again): counted on every core, each a run of the matches.
    let chunk = parallel::per_core(hits.len(), TALLY_PARALLEL_FROM);
    let tallies = parallel::map_chunks(hits, chunk, |_, part| {
        tally(index, &chosen, selection, part)
    });
    let counted = match tallies.len() {
        1 => tallies
            .into_iter()
            .next()
            .unwrap_or_else(|| Tally::new(index, selection)),
        _ => merge(tallies, index, selection),
    };
    finish(dataset, index, selection, hits, counted, wait)
}

/// Every record listed, nothing chosen (a query of nothing, no facet value, no tab: the list
/// as it opens, and as the reviews read again leave it): the counts are the data's totals,
/// kept with the facet table, and the reviews', read front to back, not record by record.
/// `None` unless `hits` are every record, each once, in dataset order.
fn every_record(
    index: &Index,
    chosen: &Chosen,
    selection: &Selection,
    hits: &[Hit],
) -> Option<Tally> {
    let all = selection.query.is_empty()
        && chosen.facets.is_empty()
        && selection.kind.is_none()
        && hits.len() == index.len()
        && hits.iter().enumerate().all(|(i, h)| h.record == i);
    if !all {
        return None;
    }
    let table = index.facets();
    let mut t = Tally::new(index, selection);
    for (facet, totals) in table.totals().iter().enumerate() {
        if let Some(counts) = t.counts.per_value.get_mut(facet) {
            for (count, total) in counts.iter_mut().zip(totals) {
                *count += total;
            }
        }
    }
    t.tabs[0] = hits.len();
    let kind_totals = table.totals().get(Facet::Kind.index())?;
    for (id, &total) in kind_totals.iter().enumerate() {
        if let Some(k) = chosen.kinds.get(id).copied().flatten() {
            t.tabs[1 + Kind::ALL.iter().position(|&x| x == k).unwrap_or(0)] += total as usize;
        }
    }
    if let Some(reviews) = selection.reviews.as_deref() {
        let counts = &mut t.counts.per_value;
        for record in 0..hits.len() {
            let (status, others) = reviews.of(record);
            [&status]
                .into_iter()
                .chain(others)
                .for_each(|&(f, id)| counts[f as usize][id as usize] += 1);
        }
    }
    for (i, word) in t.listed.iter_mut().enumerate() {
        let left = hits.len().saturating_sub(i * 64);
        *word = if left >= 64 {
            u64::MAX
        } else {
            (1u64 << left) - 1
        };
    }
    Some(t)
}

/// From this many matches, [`select`] counts them on several threads.
const TALLY_PARALLEL_FROM: usize = 32_768;

/// Counts, tab totals and which records are listed, for some of the matches.
struct Tally {
    counts: Counts,
    tabs: [usize; 5],
    /// One bit per record of the dataset: listed.
    listed: Vec<u64>,
}

impl Tally {
    fn new(index: &Index, selection: &Selection) -> Tally {
        let table = index.facets();
        let mut counts = Counts::default();
        for facet in Facet::ALL {
            let n = match (facet, &selection.reviews) {
                (Facet::Author, Some(r)) => r.authors.len(),
                (Facet::Author, None) => 0,
                _ => table.values(facet).len(),
            };
            counts.per_value[facet.index()] = vec![0; n];
        }
        Tally {
            counts,
            tabs: [0; 5],
            listed: vec![0; index.len().div_ceil(64)],
        }
    }

    fn is_listed(&self, record: usize) -> bool {
        self.listed
            .get(record / 64)
            .is_some_and(|w| w & (1 << (record % 64)) != 0)
    }
}

fn merge(tallies: Vec<Tally>, index: &Index, selection: &Selection) -> Tally {
    let mut all = Tally::new(index, selection);
    for t in tallies {
        for (sum, part) in all.counts.per_value.iter_mut().zip(&t.counts.per_value) {
            for (a, b) in sum.iter_mut().zip(part) {
                *a += b;
            }
        }
        for (a, b) in all.tabs.iter_mut().zip(t.tabs) {
            *a += b;
        }
        for (a, b) in all.listed.iter_mut().zip(&t.listed) {
            *a |= b;
        }
    }
    all
}

/// The rows in display order.
fn finish(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    hits: &[Hit],
    tally: Tally,
    wait: Wait,
) -> Shown {
    let is_listed = |record: usize| tally.is_listed(record);
    let hits = search::in_rank_order(dataset, index, &selection.query, hits, &is_listed);
    let listed = hits.iter().filter(|h| tally.is_listed(h.record));
    if wait == Wait::No && needs_orders(selection) && !index.orders_made() {
        return Shown {
            rows: listed.map(|h| h.record).collect(),
            counts: tally.counts,
            tabs: tally.tabs,
            pending: true,
        };
    }
    let mut rows: Vec<usize> = match selection.text {
        // The search breaks ties by the original titles; the English list breaks them by the
        // English ones (a query of nothing keeps the data's own order).
        Text::English if !selection.query.is_empty() => {
            english_ties(dataset, index, &listed.collect::<Vec<_>>())
        }
        _ => listed.map(|h| h.record).collect(),
    };
    // By relevance, the rows are in order already: no order has to be made.
    match selection.sort.by {
        SortBy::Relevance if selection.sort.descending => rows.reverse(),
        SortBy::Relevance => {}
        _ => index
            .orders(dataset)
            .sort(&mut rows, selection.sort, selection.text),
    }
    Shown {
        rows,
        counts: tally.counts,
        tabs: tally.tabs,
        pending: false,
    }
}

/// The records of `hits` (in rank order), each run of equal rank (as many words missing, the
/// same score) newest first, then by English title: by the orders when they are made, else by
/// collating the titles of the runs alone.
fn english_ties(dataset: &Dataset, index: &Index, hits: &[&Hit]) -> Vec<usize> {
    let made = index.orders_made();
    let newest = made.then(|| index.orders(dataset).newest_first(Text::English));
    let rank = |r: usize| newest.and_then(|n| n.get(r).copied()).unwrap_or(u32::MAX);
    let mut rows = Vec::with_capacity(hits.len());
    for run in hits.chunk_by(|a, b| a.missing == b.missing && a.score == b.score) {
        let start = rows.len();
        rows.extend(run.iter().map(|h| h.record));
        match made {
            true => rows[start..].sort_unstable_by_key(|&r| rank(r)),
            false => sort::newest_first_among(dataset.records(), &mut rows[start..], Text::English),
        }
    }
    rows
}

/// Counts the facet values of `hits`: a record that passes every chosen facet (and the tab)
/// is listed and counts for all its values; one that fails exactly one facet counts for that
/// facet's values only (what choosing them would add); the tab is a choice of kind.
fn tally(index: &Index, chosen: &Chosen, selection: &Selection, hits: &[Hit]) -> Tally {
    let mut t = Tally::new(index, selection);
    tally_into(&mut t, index, chosen, selection, hits);
    t
}

/// [`tally`], counting into `t`.
fn tally_into(t: &mut Tally, index: &Index, chosen: &Chosen, selection: &Selection, hits: &[Hit]) {
    let table = index.facets();
    // A record's values are read where the table and the reviews keep them, not copied
    // together (at a million matches, a copy per record was a third of the counting).
    match selection.reviews.as_deref() {
        None => {
            for hit in hits {
                let data = table.of(hit.record);
                count(t, chosen, selection.kind, hit.record, data, data.iter());
            }
        }
        Some(reviews) => {
            for hit in hits {
                let data = table.of(hit.record);
                let (status, others) = reviews.of(hit.record);
                let values = data.iter().chain([&status]).chain(others);
                count(t, chosen, selection.kind, hit.record, data, values);
            }
        }
    }
}

/// Whether `record` is listed: it passes every chosen facet and the tab (what [`count`]
/// tells, before any record is counted).
fn is_listed(index: &Index, chosen: &Chosen, selection: &Selection, record: usize) -> bool {
    let data = index.facets().of(record);
    let kind = kind_of_record(chosen, data);
    if selection.kind.is_some() && kind != selection.kind {
        return false;
    }
    match selection.reviews.as_deref() {
        None => facets_failed(chosen, data.iter()) == 0,
        Some(reviews) => {
            let (status, others) = reviews.of(record);
            let values = data.iter().chain([&status]).chain(others);
            facets_failed(chosen, values) == 0
        }
    }
}

/// The kind of a record, from its data's values.
fn kind_of_record(chosen: &Chosen, data: &[(u8, u32)]) -> Option<Kind> {
    let kind_facet = Facet::Kind as u8;
    data.iter()
        .find(|(f, _)| *f == kind_facet)
        .and_then(|(_, id)| chosen.kinds.get(*id as usize).copied().flatten())
}

/// One bit per chosen facet a record with `values` fails.
fn facets_failed<'v>(chosen: &Chosen, values: impl Iterator<Item = &'v (u8, u32)> + Clone) -> u32 {
    let mut failed: u32 = 0;
    for (f, wanted) in &chosen.facets {
        let passes = values
            .clone()
            .any(|(vf, id)| vf == f && wanted.get(*id as usize).copied().unwrap_or(false));
        if !passes {
            failed |= 1 << f;
        }
    }
    failed
}

/// Counts one record of [`tally`]: its data's values (`data`, where its kind is) and all its
/// values (`values`: the data's, and its review's when reviews are known).
#[inline]
fn count<'v>(
    t: &mut Tally,
    chosen: &Chosen,
    kind_tab: Option<Kind>,
    record: usize,
    data: &[(u8, u32)],
    values: impl Iterator<Item = &'v (u8, u32)> + Clone,
) {
    let kind_facet = Facet::Kind as u8;
    let kind = kind_of_record(chosen, data);
    let mut failed = facets_failed(chosen, values.clone());
    if failed == 0 {
        t.tabs[0] += 1;
        if let Some(k) = kind {
            t.tabs[1 + Kind::ALL.iter().position(|&x| x == k).unwrap_or(0)] += 1;
        }
    }
    if kind_tab.is_some() && kind != kind_tab {
        failed |= 1 << kind_facet;
    }
    let counts = &mut t.counts.per_value;
    match failed.count_ones() {
        0 => {
            if let Some(w) = t.listed.get_mut(record / 64) {
                *w |= 1 << (record % 64);
            }
            values.for_each(|&(f, id)| counts[f as usize][id as usize] += 1);
        }
        1 => values
            .filter(|(f, _)| failed & (1 << f) != 0)
            .for_each(|&(f, id)| counts[f as usize][id as usize] += 1),
        _ => {}
    }
}

/// The chosen values as lookup tables by value id.
struct Chosen {
    /// (facet, wanted[value id]) for each facet with a choice.
    facets: Vec<(u8, Vec<bool>)>,
    /// The kind of each `kind` facet value id.
    kinds: Vec<Option<Kind>>,
}

impl Chosen {
    fn new(table: &FacetTable, selection: &Selection) -> Chosen {
        let facets = selection
            .chosen
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .map(|(facet, keys)| {
                let reviews = selection.reviews.as_deref();
                let n = match facet {
                    Facet::Author => reviews.map_or(0, |r| r.authors.len()),
                    _ => table.values(*facet).len(),
                };
                let id_of = |k: &str| match facet {
                    Facet::Author => reviews.and_then(|r| r.author(k)),
                    _ => table.id(*facet, k),
                };
                let mut wanted = vec![false; n];
                for id in keys.iter().filter_map(|k| id_of(k)) {
                    if let Some(w) = wanted.get_mut(id as usize) {
                        *w = true;
                    }
                }
                (*facet as u8, wanted)
            })
            .collect();
        let kinds = table.values(Facet::Kind).iter().map(kind_of).collect();
        Chosen { facets, kinds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::review::{Review, Status};

    /// Every record listed with nothing chosen is counted from totals: the same rows, counts
    /// and tab totals as counting record by record, with reviews and without.
    #[test]
    fn every_record_counted_from_totals_is_every_record_counted_one_by_one() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let all: Vec<Hit> = (0..dataset.len()).map(|r| Hit::new(r, 0.0)).collect();
        let mut reviews = std::collections::HashMap::new();
        for (i, r) in dataset.records().iter().enumerate().step_by(3) {
            let review = Review {
                status: Some([Status::Reviewed, Status::ToApply][i % 2]),
                set_by: Some(["lan", "minh"][i / 3 % 2].into()),
                starred: i % 2 == 0,
                ..Review::default()
            };
            reviews.insert(r.id().to_owned(), review);
        }
        let facets = std::sync::Arc::new(ReviewFacets::build(&dataset, &reviews));
        for with_reviews in [false, true] {
            let selection = Selection {
                reviews: with_reviews.then(|| facets.clone()),
                ..Selection::default()
            };
            let chosen = Chosen::new(index.facets(), &selection);
            let fast = every_record(&index, &chosen, &selection, &all).expect("every record");
            let one_by_one = tally(&index, &chosen, &selection, &all);
            assert_eq!(fast.listed, one_by_one.listed);
            let (fast, one_by_one) = (
                finish(&dataset, &index, &selection, &all, fast, Wait::Yes),
                finish(&dataset, &index, &selection, &all, one_by_one, Wait::Yes),
            );
            assert_eq!(fast, one_by_one, "reviews: {with_reviews}");
            assert_eq!(select(&dataset, &index, &selection, &all), one_by_one);
            assert!(fast.counts.per_value.iter().flatten().any(|&n| n > 0));
        }
        // A tab, a value chosen, a query, or not every record: counted one by one.
        let mut chosen = Selection::default();
        chosen.toggle(Facet::Province, "Đắk Lắk");
        let tab = Selection {
            kind: Some(Kind::Visit),
            ..Selection::default()
        };
        let queried = Selection {
            query: crate::model::search::parse("che"),
            ..Selection::default()
        };
        for selection in [&chosen, &tab, &queried] {
            let picked = Chosen::new(index.facets(), selection);
            assert!(every_record(&index, &picked, selection, &all).is_none());
        }
        let plain = Selection::default();
        let picked = Chosen::new(index.facets(), &plain);
        assert!(every_record(&index, &picked, &plain, &all[1..]).is_none());
    }
}
