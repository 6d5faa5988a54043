//! How matches are put in rank order: one number per match ([`sort_key`]), each worker's
//! matches sorted by it ([`Share`]) and merged, and the matches a search left unranked ranked
//! when a list shows them ([`in_rank_order`]).

use fuzzy_matcher::skim::SkimMatcherV2;

use super::{prepare, score, Hit, Index, Placed, Query, PARALLEL_FROM};
use crate::model::{parallel, Dataset};

/// The matches of `hits` (a search's, [`super::search_ranking`]) whose records `listed` keeps, in
/// rank order: as they are when the search ranked all of those; else the unranked ones are
/// scored (when they were not) and put in their places. Every match's place is its
/// [`sort_key`], one number per record (the tie-break rank is each record's own), so the
/// order is the one a search ranking every match gives.
pub fn in_rank_order<'h>(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    hits: &'h [Hit],
    listed: &(dyn Fn(usize) -> bool + Sync),
) -> std::borrow::Cow<'h, [Hit]> {
    use std::borrow::Cow;
    if hits.iter().all(|h| h.is_ranked() || !listed(h.record)) {
        return Cow::Borrowed(hits);
    }
    let mut shown: Vec<Hit> = hits.iter().filter(|h| listed(h.record)).copied().collect();
    let unscored: Vec<usize> = shown
        .iter()
        .enumerate()
        .filter(|(_, h)| h.placed == Placed::Unscored)
        .map(|(i, _)| i)
        .collect();
    if !unscored.is_empty() {
        let prepared = prepare(query, index);
        let chunk = parallel::per_core(unscored.len(), PARALLEL_FROM);
        let scored = parallel::map_chunks(&unscored, chunk, |_, part| {
            let matcher = SkimMatcherV2::default();
            part.iter()
                .map(|&i| {
                    let record = shown[i].record;
                    let entry = index.entry(record)?;
                    let r = score::RecordRef::At(dataset, record);
                    score::score_parts(&prepared, record, &entry, r, &matcher, None)
                })
                .collect::<Vec<_>>()
        });
        for (&i, found) in unscored.iter().zip(scored.into_iter().flatten()) {
            let hit = &mut shown[i];
            // Matched, so scored: a record the search found always scores.
            if let Some((score, parts)) = found {
                hit.score = score;
                hit.missing = parts.missing;
                hit.parts = parts;
            }
        }
    }
    for hit in &mut shown {
        hit.placed = Placed::Ranked;
    }
    shown.sort_unstable_by_key(|h| sort_key(index, h));
    Cow::Owned(shown)
}

/// How far down the best record holding every word of a question may be listed, at most.
const FULL_MATCH_WITHIN: usize = 3;

/// A question's records lacking some of its words are ranked with the rest by what they
/// hold, and may all outscore a long record holding every word in passing: the best record
/// holding every word is still listed in the top [`FULL_MATCH_WITHIN`].
pub(super) fn keep_a_full_match_in_sight(hits: &mut [Hit]) {
    let Some(full) = hits.iter().position(|h| h.missing == 0) else {
        return;
    };
    let last = FULL_MATCH_WITHIN - 1;
    if full > last {
        hits[last..=full].rotate_right(1);
    }
}

/// Records holding every word first, then those holding most; within each, best score first
/// (a partial match is ranked by what it holds, its words weighted by rarity, not by how many
/// it misses); ties by date (newest first, undated last), then title: one number per hit,
/// computed once, so sorting a million results compares integers.
pub(super) fn sort_key(index: &Index, hit: &Hit) -> u64 {
    // Scores are never negative, so their bits order like the numbers. The tie-break rank
    // keeps 24 bits: beyond 16 million records, ties are only roughly by date.
    let score = u32::MAX - hit.score.max(0.0).to_bits();
    let rank = index.rank(hit.record).min(RANK_MAX);
    // A question's partial matches were scored with the rest (`parts.missing`); those of the
    // pass for records holding most words come below.
    let below = hit.missing > 0 && hit.parts.missing == 0;
    (u64::from(below) << 56) | (u64::from(score) << 24) | u64::from(rank)
}

const RANK_MAX: u32 = (1 << 24) - 1;

/// One worker's matches in key order, with their keys. The keys are sorted with the place of
/// their match (16 bytes moved per swap instead of a whole hit), then the matches put in that
/// order, by the worker, so the merge reads both front to back.
pub(super) struct Share {
    keys: Vec<u64>,
    hits: Vec<Hit>,
}

impl Share {
    pub(super) fn new(index: &Index, hits: Vec<Hit>) -> Share {
        let mut keys: Vec<(u64, u32)> = hits
            .iter()
            .enumerate()
            .map(|(i, h)| (sort_key(index, h), i as u32))
            .collect();
        keys.sort_unstable();
        Share {
            hits: keys.iter().map(|&(_, i)| hits[i as usize]).collect(),
            keys: keys.into_iter().map(|(key, _)| key).collect(),
        }
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    fn key(&self, i: usize) -> Option<u64> {
        self.keys.get(i).copied()
    }

    /// The `i`th match in key order.
    fn hit(&self, i: usize) -> Hit {
        self.hits[i]
    }
}

/// Merges the workers' shares into one list in key order.
pub(super) fn merge(mut parts: Vec<Share>) -> Vec<Hit> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let total = parts.iter().map(Share::len).sum();
    let mut out = Vec::with_capacity(total);
    parts.retain(|p| p.len() > 0);
    if let [a, b] = parts.as_slice() {
        // Two shares (two cores): walk both.
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a.keys[i] <= b.keys[j] {
                out.push(a.hit(i));
                i += 1;
            } else {
                out.push(b.hit(j));
                j += 1;
            }
        }
        out.extend((i..a.len()).map(|i| a.hit(i)));
        out.extend((j..b.len()).map(|j| b.hit(j)));
        return out;
    }
    let mut heads: BinaryHeap<Reverse<(u64, usize, usize)>> = parts
        .iter()
        .enumerate()
        .filter_map(|(p, part)| part.key(0).map(|key| Reverse((key, p, 0))))
        .collect();
    while let Some(Reverse((_, p, i))) = heads.pop() {
        out.push(parts[p].hit(i));
        if let Some(key) = parts[p].key(i + 1) {
            heads.push(Reverse((key, p, i + 1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_sorted_shares_keeps_key_order() {
        // Shares as workers leave them: matches and keys in key order.
        let share = |keyed: &[(u64, usize)]| {
            let mut keyed = keyed.to_vec();
            keyed.sort_unstable();
            Share {
                keys: keyed.iter().map(|&(k, _)| k).collect(),
                hits: keyed.iter().map(|&(_, r)| Hit::new(r, 0.0)).collect(),
            }
        };
        let a = share(&[(9, 10), (1, 11), (4, 12)]);
        let b = share(&[(2, 20), (10, 21), (3, 22)]);
        let c = share(&[(5, 30)]);
        let merged = |parts| -> Vec<usize> { merge(parts).iter().map(|h| h.record).collect() };
        assert_eq!(
            merged(vec![a, b, share(&[])]),
            [11, 20, 22, 12, 10, 21],
            "two shares"
        );
        let a = share(&[(9, 10), (1, 11), (4, 12)]);
        let b = share(&[(2, 20), (10, 21), (3, 22)]);
        assert_eq!(
            merged(vec![a, b, c]),
            [11, 20, 22, 12, 30, 10, 21],
            "three shares"
        );
    }
}
