//! Counting what a selection lists: the facet values of its matches, the tab totals, and which
//! records are listed (one bit each), on the search's workers or on every core.

use super::*;

/// Every record listed, nothing chosen (a query of nothing, no facet value, no tab: the list
/// as it opens, and as the reviews read again leave it): the counts are the data's totals,
/// kept with the facet table, and the reviews', read front to back, not record by record.
/// `None` unless `hits` are every record, each once, in dataset order, each ranked (so the
/// list by relevance is the records in that order: [`super::select`] lists them so).
pub(super) fn every_record(
    index: &Index,
    chosen: &Chosen,
    selection: &Selection,
    hits: &[Hit],
) -> Option<Tally> {
    let all = selection.query.is_empty()
        && chosen.facets.is_empty()
        && selection.kind.is_none()
        && hits.len() == index.len()
        && in_order(hits);
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
        reviews.count(hits.len(), &mut t.counts.per_value);
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

/// True when `hits` are the records in dataset order from the first, each ranked: looked at
/// on every core (at a million records, 32 MB to read).
fn in_order(hits: &[Hit]) -> bool {
    let chunk = parallel::per_core(hits.len(), TALLY_PARALLEL_FROM);
    let runs = parallel::map_chunks(hits, chunk, |first, run| {
        run.iter()
            .enumerate()
            .all(|(i, h)| h.record == first + i && h.is_ranked())
    });
    runs.into_iter().all(|ok| ok)
}

/// From this many matches, [`select`] counts them on several threads.
pub(super) const TALLY_PARALLEL_FROM: usize = 32_768;

/// Counts, tab totals and which records are listed, for some of the matches.
pub(super) struct Tally {
    pub(super) counts: Counts,
    pub(super) tabs: [usize; 5],
    /// One bit per record of the dataset: listed.
    pub(super) listed: Vec<u64>,
}

impl Tally {
    pub(super) fn new(index: &Index, selection: &Selection) -> Tally {
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

    pub(super) fn is_listed(&self, record: usize) -> bool {
        self.listed
            .get(record / 64)
            .is_some_and(|w| w & (1 << (record % 64)) != 0)
    }
}

pub(super) fn merge(tallies: Vec<Tally>, index: &Index, selection: &Selection) -> Tally {
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

/// Counts the facet values of `hits`: a record that passes every chosen facet (and the tab)
/// is listed and counts for all its values; one that fails exactly one facet counts for that
/// facet's values only (what choosing them would add); the tab is a choice of kind.
pub(super) fn tally(index: &Index, chosen: &Chosen, selection: &Selection, hits: &[Hit]) -> Tally {
    let mut t = Tally::new(index, selection);
    tally_into(&mut t, index, chosen, selection, hits);
    t
}

/// [`tally`], counting into `t`.
pub(super) fn tally_into(
    t: &mut Tally,
    index: &Index,
    chosen: &Chosen,
    selection: &Selection,
    hits: &[Hit],
) {
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
pub(super) fn is_listed(
    index: &Index,
    chosen: &Chosen,
    selection: &Selection,
    record: usize,
) -> bool {
    // Nothing chosen, no tab: every match is listed.
    if chosen.facets.is_empty() && selection.kind.is_none() {
        return true;
    }
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
pub(super) struct Chosen {
    /// (facet, wanted[value id]) for each facet with a choice.
    facets: Vec<(u8, Vec<bool>)>,
    /// The kind of each `kind` facet value id.
    kinds: Vec<Option<Kind>>,
}

impl Chosen {
    pub(super) fn new(table: &FacetTable, selection: &Selection) -> Chosen {
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
                finish(&dataset, &index, &selection, &all, fast, Wait::Yes, None),
                finish(
                    &dataset,
                    &index,
                    &selection,
                    &all,
                    one_by_one,
                    Wait::Yes,
                    None,
                ),
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
