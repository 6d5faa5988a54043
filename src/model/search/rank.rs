//! How matches are put in rank order: one number per match ([`sort_key`]), each worker's
//! matches sorted by it ([`Share`]) and merged, and the matches a search left unranked ranked
//! when a list shows them ([`in_rank_order`]). A search for the first screen puts only the
//! best matches in order (each worker selects its best, and only those are sorted and merged:
//! the merge's front is exactly the front of the whole order); [`complete`] orders the rest.

use std::sync::atomic::{AtomicBool, Ordering};

use fuzzy_matcher::skim::SkimMatcherV2;

use super::{prepare, score, Hit, Index, Placed, Query, PARALLEL_FROM};
use crate::model::{parallel, Dataset};

/// A worker selects its best matches for the lead only when it holds more than this many times
/// as many: below that, sorting them all costs next to nothing.
const LEAD_FROM: usize = 8;

/// Whether a search's matches lead with only some in order, the rest after them in no order
/// ([`complete`] puts those in order).
pub fn has_rest(hits: &[Hit]) -> bool {
    hits.last().is_some_and(|h| h.placed.is_rest())
}

impl Placed {
    /// After the lead of a search for the first screen, in no order.
    fn is_rest(self) -> bool {
        matches!(self, Placed::Later | Placed::Pruned)
    }
}

/// How many matches a worker puts in order for a lead of `k` (see [`Share::new`]).
pub(super) fn lead_size(k: usize) -> usize {
    k.max(FULL_MATCH_WITHIN)
}

/// A match of the rest, after the lead: as it was when the search left it unscored.
fn later(hit: Hit) -> Hit {
    let placed = match hit.placed {
        Placed::Pruned => Placed::Pruned,
        _ => Placed::Later,
    };
    Hit { placed, ..hit }
}

/// How many of the matches `listed` keeps lead in their final order, when the others follow
/// them in no order (a search for the first screen); `None` when every match is in order, or
/// when some match the list shows was left unranked (then [`in_rank_order`] orders them all).
/// The matches the list shows are then, in the order of `hits`, the lead and the rest.
pub fn lead_of(hits: &[Hit], listed: &dyn Fn(usize) -> bool) -> Option<usize> {
    if !has_rest(hits) {
        return None;
    }
    let mut lead = 0;
    for hit in hits.iter().filter(|h| listed(h.record)) {
        match hit.placed {
            Placed::Ranked => lead += 1,
            Placed::Later | Placed::Pruned => {}
            Placed::Scored | Placed::Unscored => return None,
        }
    }
    Some(lead)
}

/// A search's matches (for `query`) with the rest of them, after the lead, put in order: what
/// a search ranking every match returns. `None` when `cancel` was set. Each core scores the
/// rest left unscored ([`Placed::Pruned`]) and sorts a share of the rest, then the shares are
/// merged; the lead stays where it is.
pub fn complete(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    mut hits: Vec<Hit>,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    let Some(from) = hits.iter().position(|h| h.placed.is_rest()) else {
        return Some(hits);
    };
    let pruned = hits[from..].iter().any(|h| h.placed == Placed::Pruned);
    let prepared = pruned.then(|| prepare(query, index));
    let rest = &mut hits[from..];
    let chunk = parallel::per_core(rest.len(), PARALLEL_FROM);
    let shares = parallel::map_chunks_mut(rest, chunk, |_, part| {
        if let Some(prepared) = &prepared {
            score_pruned(dataset, index, prepared, part, cancel)?;
        }
        (!cancel.load(Ordering::Relaxed)).then(|| Share::new(index, part, None))
    });
    let shares = shares.into_iter().collect::<Option<Vec<_>>>()?;
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    hits.truncate(from);
    hits.extend(merge(shares));
    Some(hits)
}

/// Scores the matches of `part` a search left unscored for the first screen
/// ([`Placed::Pruned`]): each matched, so each scores. `None` when `cancel` was set.
fn score_pruned(
    dataset: &Dataset,
    index: &Index,
    prepared: &score::Prepared,
    part: &mut [Hit],
    cancel: &AtomicBool,
) -> Option<()> {
    let matcher = SkimMatcherV2::default();
    for (n, hit) in part.iter_mut().enumerate() {
        if n % super::CANCEL_CHECK == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        if hit.placed != Placed::Pruned {
            continue;
        }
        let entry = index.entry(hit.record);
        let r = score::RecordRef::At(dataset, hit.record);
        let scored =
            entry.and_then(|e| score::score_parts(prepared, hit.record, &e, r, &matcher, None));
        if let Some((score, parts)) = scored {
            hit.score = score;
            hit.missing = parts.missing;
            hit.parts = parts;
        }
        hit.placed = Placed::Later;
    }
    Some(())
}

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
    if has_rest(hits) {
        // A first screen's matches: the rest put in order, here and now.
        let never = AtomicBool::new(false);
        let whole = complete(dataset, index, query, hits.to_vec(), &never).unwrap_or_default();
        let ordered = in_rank_order(dataset, index, query, &whole, listed).into_owned();
        return Cow::Owned(ordered);
    }
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
/// holding every word is still listed in the top [`FULL_MATCH_WITHIN`]. When only a lead is
/// in order and holds no such record, the best of the rest joins the lead at that place: what
/// ordering every match, then moving it up, gives.
pub(super) fn keep_a_full_match_in_sight(index: &Index, hits: &mut [Hit]) {
    let lead = hits
        .iter()
        .position(|h| h.placed == Placed::Later)
        .unwrap_or(hits.len());
    let last = FULL_MATCH_WITHIN - 1;
    if let Some(full) = hits[..lead].iter().position(|h| h.missing == 0) {
        if full > last {
            hits[last..=full].rotate_right(1);
        }
        return;
    }
    // The lead is never shorter than the places kept (see `Share::new`).
    let best = (lead..hits.len())
        .filter(|&i| hits[i].missing == 0)
        .min_by_key(|&i| sort_key(index, &hits[i]));
    if let Some(best) = best.filter(|_| lead >= last) {
        hits.swap(lead, best);
        hits[lead].placed = Placed::Ranked;
        hits[last..=lead].rotate_right(1);
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

/// One worker's matches in key order, with their keys; or, for the first screen, its best
/// matches in key order (`keys` are theirs), then the others in no order ([`Placed::Later`]).
/// The keys are sorted with the place of their match (16 bytes moved per swap instead of a
/// whole hit), then the matches put in that order, by the worker, so the merge reads both
/// front to back.
pub(super) struct Share {
    keys: Vec<u64>,
    hits: Vec<Hit>,
}

impl Share {
    /// With `lead`, only that many (at least [`FULL_MATCH_WITHIN`]) are put in order when
    /// there are many more; else all are.
    pub(super) fn new(index: &Index, hits: &[Hit], lead: Option<usize>) -> Share {
        // A match left unscored because it cannot lead is never among the best.
        let mut keys: Vec<(u64, u32)> = hits
            .iter()
            .enumerate()
            .filter(|(_, h)| h.placed != Placed::Pruned)
            .map(|(i, h)| (sort_key(index, h), i as u32))
            .collect();
        let lead = lead.map(lead_size);
        // Those left unscored are only known to be below the best `k`, not below the others.
        let pruned = keys.len() < hits.len();
        let top = match lead {
            Some(k) if keys.len() > k.saturating_mul(LEAD_FROM) || (pruned && keys.len() > k) => {
                // The `k` smallest keys, in order; the others after them, each no smaller.
                keys.select_nth_unstable(k);
                keys[..k].sort_unstable();
                k
            }
            _ => {
                keys.sort_unstable();
                keys.len()
            }
        };
        let mut ordered: Vec<Hit> = Vec::with_capacity(hits.len());
        ordered.extend(keys[..top].iter().map(|&(_, i)| Hit {
            placed: Placed::Ranked,
            ..hits[i as usize]
        }));
        if top < hits.len() {
            // The rest keep the worker's order (read front to back, not gathered by key: the
            // next keystroke's search reads them in that order too).
            let mut best: Vec<u32> = keys[..top].iter().map(|&(_, i)| i).collect();
            best.sort_unstable();
            let mut best = best.into_iter().peekable();
            for (i, hit) in hits.iter().enumerate() {
                if best.next_if_eq(&(i as u32)).is_none() {
                    ordered.push(later(*hit));
                }
            }
        }
        keys.truncate(top);
        Share {
            hits: ordered,
            keys: keys.into_iter().map(|(key, _)| key).collect(),
        }
    }

    fn len(&self) -> usize {
        self.hits.len()
    }

    /// How many lead in key order (the keys kept).
    fn top(&self) -> usize {
        self.keys.len()
    }

    /// All its matches are in key order.
    fn whole(&self) -> bool {
        self.keys.len() == self.hits.len()
    }

    fn key(&self, i: usize) -> Option<u64> {
        self.keys.get(i).copied()
    }

    /// The `i`th match in key order.
    fn hit(&self, i: usize) -> Hit {
        self.hits[i]
    }
}

/// Merges the workers' shares into one list in key order. Shares with only their best in
/// order are merged until one of those runs out of them (what its other matches hold may come
/// next): that far, the list is in its final order; every match left follows, in no order.
pub(super) fn merge(mut parts: Vec<Share>) -> Vec<Hit> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let total = parts.iter().map(Share::len).sum();
    let mut out = Vec::with_capacity(total);
    parts.retain(|p| p.len() > 0);
    // How far each share was merged.
    let mut at = vec![0; parts.len()];
    if let [a, b] = parts.as_slice() {
        // Two shares (two cores): walk both.
        let (mut i, mut j) = (0, 0);
        while i < a.top() && j < b.top() {
            if a.keys[i] <= b.keys[j] {
                out.push(a.hit(i));
                i += 1;
            } else {
                out.push(b.hit(j));
                j += 1;
            }
        }
        // One share's ordered matches ran out: the other's follow if it has no others.
        if i == a.len() {
            out.extend((j..b.top()).map(|j| b.hit(j)));
            j = b.top();
        } else if j == b.len() {
            out.extend((i..a.top()).map(|i| a.hit(i)));
            i = a.top();
        }
        at = vec![i, j];
    } else {
        let mut heads: BinaryHeap<Reverse<(u64, usize, usize)>> = parts
            .iter()
            .enumerate()
            .filter_map(|(p, part)| part.key(0).map(|key| Reverse((key, p, 0))))
            .collect();
        while let Some(Reverse((_, p, i))) = heads.pop() {
            out.push(parts[p].hit(i));
            at[p] = i + 1;
            if let Some(key) = parts[p].key(i + 1) {
                heads.push(Reverse((key, p, i + 1)));
            } else if !parts[p].whole() {
                break;
            }
        }
    }
    for (part, &from) in parts.iter().zip(&at) {
        out.extend((from..part.len()).map(|i| later(part.hit(i))));
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
