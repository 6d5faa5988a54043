//! What the list shows, as one value — the query, the facet filters, the sort and the kind (the
//! tab) — and the one function that turns it into ordered rows and facet counts. The TUI and
//! every command call it, so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;

use super::describe::Text;
use super::facets::{kind_of, value_key, Facet, FacetTable};
use super::search::{self, Hit, Index, Query};
use super::sort::Sort;
use super::{Dataset, Kind};

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
}

impl Selection {
    /// Chooses `value` of `facet` if it was not chosen, else drops it.
    pub fn toggle(&mut self, facet: Facet, value: &str) {
        let key = match facet {
            Facet::Trip => value.to_owned(),
            _ => value_key(value),
        };
        let set = self.chosen.entry(facet).or_default();
        if !set.remove(&key) {
            set.insert(key);
        }
        if set.is_empty() {
            self.chosen.remove(&facet);
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
    pub per_value: [Vec<u32>; 8],
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
}

/// Searches and selects: the query's matches (in rank order) and what the list shows. `None`
/// when `cancel` was set.
pub fn run(
    dataset: &Dataset,
    index: &Index,
    selection: &Selection,
    candidates: Option<&[usize]>,
    cancel: &AtomicBool,
) -> Option<(Vec<Hit>, Shown)> {
    let hits = search::search(dataset, index, &selection.query, candidates, cancel)?;
    let shown = select(index, selection, &hits);
    Some((hits, shown))
}

/// From the query's matches to the rows and counts, in one pass over the matches.
pub fn select(index: &Index, selection: &Selection, hits: &[Hit]) -> Shown {
    let table = index.facets();
    let chosen = Chosen::new(table, selection);
    let mut counts = Counts::default();
    for facet in Facet::ALL {
        counts.per_value[facet.index()] = vec![0; table.values(facet).len()];
    }
    let mut tabs = [0usize; 5];
    let mut rows = Vec::with_capacity(hits.len());
    let kind_facet = Facet::Kind as u8;
    for hit in hits {
        let values = table.of(hit.record);
        let kind = values
            .iter()
            .find(|(f, _)| *f == kind_facet)
            .and_then(|(_, id)| chosen.kinds.get(*id as usize).copied().flatten());
        // The facets the record fails; the tab counts as a choice of kind.
        let mut failed = [false; 8];
        for (f, wanted) in &chosen.facets {
            let passes = values
                .iter()
                .any(|(vf, id)| vf == f && wanted.get(*id as usize).copied().unwrap_or(false));
            failed[*f as usize] = !passes;
        }
        let passes_facets = !failed.iter().any(|&x| x);
        if passes_facets {
            tabs[0] += 1;
            if let Some(k) = kind {
                tabs[1 + Kind::ALL.iter().position(|&x| x == k).unwrap_or(0)] += 1;
            }
        }
        if selection.kind.is_some() && kind != selection.kind {
            failed[kind_facet as usize] = true;
        }
        let fails = failed.iter().filter(|&&x| x).count();
        match fails {
            0 => {
                rows.push(hit.record);
                for (f, id) in values {
                    counts.per_value[*f as usize][*id as usize] += 1;
                }
            }
            // Counted for the one facet it fails: what choosing that value too would add.
            1 => {
                for (f, id) in values.iter().filter(|(f, _)| failed[*f as usize]) {
                    counts.per_value[*f as usize][*id as usize] += 1;
                }
            }
            _ => {}
        }
    }
    index
        .orders()
        .sort(&mut rows, selection.sort, selection.text);
    Shown { rows, counts, tabs }
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
                let mut wanted = vec![false; table.values(*facet).len()];
                for key in keys {
                    if let Some(id) = table.id(*facet, key) {
                        wanted[id as usize] = true;
                    }
                }
                (*facet as u8, wanted)
            })
            .collect();
        let kinds = table.values(Facet::Kind).iter().map(kind_of).collect();
        Chosen { facets, kinds }
    }
}
