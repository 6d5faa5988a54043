//! What the list shows, as one value — the query, the facet filters, the sort and the kind (the
//! tab) — and the one function that turns it into ordered rows and facet counts. The TUI and
//! every command call it, so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;

mod counts;

use super::describe::Text;
use super::facets::{kind_of, value_key, Facet, FacetTable, ReviewFacets, FACETS};
use super::search::Hit;
use super::search::{self, Index, Query};
use super::sort::{self, Sort, SortBy};
use super::{parallel, Dataset, Kind};
use counts::{
    every_record, is_listed, merge, tally, tally_into, Chosen, Tally, TALLY_PARALLEL_FROM,
};

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
    /// How many of the rows lead in their final order: all of them, but for the first screen
    /// of many matches ([`first_screen`]), whose other rows follow in no order until
    /// [`complete`] puts them in order.
    pub sorted: usize,
}

impl Shown {
    /// Every row is in its final order.
    pub fn is_complete(&self) -> bool {
        self.sorted >= self.rows.len()
    }
}

/// How many rows a search for the screen puts in order at once ([`first_screen`]): the first
/// screen and many pages below it.
pub const FIRST_SCREEN: usize = 1000;

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
    search_and_select(dataset, index, selection, candidates, cancel, None)
}

/// [`run`], but of many rows (by relevance) only the first `lead` or so are put in order, the
/// others listed after them in no order (`Shown::sorted` says how many lead): what the screen
/// shows first, without sorting every match. [`complete`] then orders the rest: the two give
/// what [`run`] gives. A list that is not by relevance is ordered whole.
pub fn first_screen(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    candidates: Option<&search::Narrowed>,
    cancel: &AtomicBool,
    lead: usize,
) -> Option<(Vec<Hit>, Shown)> {
    let by_relevance = selection.sort.by == SortBy::Relevance && !selection.sort.descending;
    let lead = by_relevance.then_some(lead);
    search_and_select(dataset, index, selection, candidates, cancel, lead)
}

/// The rest of a first screen's rows put in order ([`first_screen`]: its matches and what it
/// showed): the matches in rank order, and the list [`run`] shows. `None` when `cancel` was
/// set.
pub fn complete(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    hits: Vec<Hit>,
    shown: &Shown,
    cancel: &AtomicBool,
) -> Option<(Vec<Hit>, Shown)> {
    let hits = search::complete(dataset, index, &selection.query, hits, cancel)?;
    // The same rows and counts, only ordered.
    let mut listed = vec![0u64; index.len().div_ceil(64)];
    for &row in &shown.rows {
        if let Some(word) = listed.get_mut(row / 64) {
            *word |= 1 << (row % 64);
        }
    }
    let tally = Tally {
        counts: shown.counts.clone(),
        tabs: shown.tabs,
        listed,
    };
    let shown = finish(dataset, index, selection, &hits, tally, Wait::Yes, None);
    Some((hits, shown))
}

fn search_and_select(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    candidates: Option<&search::Narrowed>,
    cancel: &AtomicBool,
    lead: Option<usize>,
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
        search::Ranked {
            records: &listed,
            lead,
        },
    )?;
    let tally = merge(tallies, index, selection);
    let shown = finish(dataset, index, selection, &hits, tally, Wait::Yes, lead);
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
        if selection.sort.by == SortBy::Relevance {
            // Every record listed, each ranked, in dataset order: the rows are the records
            // in that order (what `finish` finds going through each, at a million a cost).
            let mut rows: Vec<usize> = (0..hits.len()).collect();
            if selection.sort.descending {
                rows.reverse();
            }
            return Shown {
                sorted: rows.len(),
                rows,
                counts: counted.counts,
                tabs: counted.tabs,
                pending: false,
            };
        }
        return finish(dataset, index, selection, hits, counted, wait, None);
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
    finish(dataset, index, selection, hits, counted, wait, None)
}

/// The rows in display order; with `lead` (the search put only its best `lead` matches in
/// order), those rows first and the others after them in no order, when they fill enough of
/// the screen and below: a question's search ranks every match, and when a facet value is
/// chosen, few of its best may be listed (then every row is put in order).
fn finish(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    hits: &[Hit],
    tally: Tally,
    wait: Wait,
    lead: Option<usize>,
) -> Shown {
    let is_listed = |record: usize| tally.is_listed(record);
    let lead = lead.and_then(|k| Some((k, search::lead_of(hits, &is_listed)?)));
    if let Some((k, n)) = lead {
        let listed: Vec<&Hit> = hits.iter().filter(|h| tally.is_listed(h.record)).collect();
        let rows = lead_rows(dataset, index, selection, &listed, n);
        let enough = |sorted: usize| sorted >= listed.len().min(k / 4);
        if let Some((rows, sorted)) = rows.filter(|&(_, sorted)| enough(sorted)) {
            return Shown {
                rows,
                counts: tally.counts,
                tabs: tally.tabs,
                pending: false,
                sorted,
            };
        }
    }
    let hits = search::in_rank_order(dataset, index, &selection.query, hits, &is_listed);
    let listed = hits.iter().filter(|h| tally.is_listed(h.record));
    if wait == Wait::No && needs_orders(selection) && !index.orders_made() {
        let rows: Vec<usize> = listed.map(|h| h.record).collect();
        return Shown {
            sorted: rows.len(),
            rows,
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
        sorted: rows.len(),
        rows,
        counts: tally.counts,
        tabs: tally.tabs,
        pending: false,
    }
}

/// The rows of a list by relevance whose first `lead` matches (of `listed`, the matches it
/// shows) are in order and the others not: those rows, then the others', and how many lead.
/// With English titles, ties are broken by them, so the last run of ties in the lead (which
/// may go on among the others) is left out of it; `None` when nothing is left.
fn lead_rows(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    listed: &[&Hit],
    lead: usize,
) -> Option<(Vec<usize>, usize)> {
    let english = selection.text == Text::English && !selection.query.is_empty();
    let mut sorted = lead;
    if english && lead < listed.len() {
        let tie = |a: &Hit, b: &Hit| a.missing == b.missing && a.score == b.score;
        let last = listed.get(lead.checked_sub(1)?)?;
        while sorted > 0 && tie(listed[sorted - 1], last) {
            sorted -= 1;
        }
        if sorted == 0 {
            return None;
        }
    }
    let mut rows = match english {
        true => english_ties(dataset, index, &listed[..sorted]),
        false => listed[..sorted].iter().map(|h| h.record).collect(),
    };
    rows.extend(listed[sorted..].iter().map(|h| h.record));
    Some((rows, sorted))
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
            false => {
                let record = |r: usize| dataset.get(r);
                sort::newest_first_among(record, &mut rows[start..], Text::English)
            }
        }
    }
    rows
}
