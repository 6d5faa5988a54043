//! Search (SPEC §3): one engine behind the TUI and `findings search`, so both give the same
//! records in the same order.

pub mod highlight;
pub mod index;
pub mod query;
pub mod score;

use std::sync::atomic::{AtomicBool, Ordering};

use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::Dataset;
pub use index::Index;
pub use query::{parse, Query};

/// A matching record and its score (higher is better).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub record: usize,
    pub score: f32,
}

/// How many records a worker scores between looks at the cancel flag.
const CANCEL_CHECK: usize = 512;
/// Below this many records, one thread is faster than two.
const PARALLEL_FROM: usize = 8192;

/// Searches `dataset` (folded in `index`). With `candidates`, only those records are looked
/// at (the matches of a query this one narrows). Returns `None` when `cancel` was set.
pub fn search(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    candidates: Option<&[usize]>,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    // Records in dataset order, so the scan reads the index front to back: a narrowed
    // query's candidates arrive in rank order, scattered over memory.
    let ids: Vec<usize> = match candidates {
        Some(c) => {
            let mut wanted = vec![false; dataset.len()];
            for &r in c {
                if let Some(w) = wanted.get_mut(r) {
                    *w = true;
                }
            }
            (0..dataset.len()).filter(|&r| wanted[r]).collect()
        }
        None => (0..dataset.len()).collect(),
    };
    let ids = ids.as_slice();
    if query.is_empty() {
        return Some(
            ids.iter()
                .map(|&record| Hit { record, score: 0.0 })
                .collect(),
        );
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let mut hits = if ids.len() < PARALLEL_FROM || threads == 1 {
        score_all(dataset, index, query, ids, cancel)?
    } else {
        let chunk = ids.len().div_ceil(threads);
        let parts: Vec<Option<Vec<Hit>>> = std::thread::scope(|scope| {
            let workers: Vec<_> = ids
                .chunks(chunk)
                .map(|part| scope.spawn(move || score_all(dataset, index, query, part, cancel)))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().ok().flatten())
                .collect()
        });
        let mut hits = Vec::new();
        for part in parts {
            hits.extend(part?);
        }
        hits
    };
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    sort(index, &mut hits);
    Some(hits)
}

fn score_all(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    ids: &[usize],
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    let prepared = score::Prepared::new(query);
    let matcher = SkimMatcherV2::default();
    let mut hits = Vec::new();
    for (n, &record) in ids.iter().enumerate() {
        if n % CANCEL_CHECK == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let (Some(entry), Some(r)) = (index.entry(record), dataset.get(record)) else {
            continue;
        };
        if let Some(score) = score::score(&prepared, &entry, r, &matcher) {
            hits.push(Hit { record, score });
        }
    }
    Some(hits)
}

/// Best first; ties by date (newest first, undated last), then title: one number per hit, so
/// sorting 100k results costs a few milliseconds.
fn sort(index: &Index, hits: &mut [Hit]) {
    // Scores are never negative, so their bits order like the numbers.
    hits.sort_unstable_by_key(|h| {
        let score = u32::MAX - h.score.max(0.0).to_bits();
        (u64::from(score) << 32) | u64::from(index.rank(h.record))
    });
}

/// True when every record matching `next` also matches `prev`, so `next` need only look at
/// `prev`'s matches: the same terms with the last one extended, or terms added.
pub fn narrows(prev: &Query, next: &Query) -> bool {
    if !prev.errors.is_empty() || prev.is_empty() {
        return false;
    }
    if !prev.filters.iter().all(|f| next.filters.contains(f)) {
        return false;
    }
    if prev.terms.len() > next.terms.len() {
        return false;
    }
    prev.terms.iter().zip(&next.terms).all(|(p, n)| {
        if p == n {
            return true;
        }
        let same_kind = p.mode == n.mode && !p.negated && !n.negated;
        // A term that grows into the fuzzy length may match records it did not before.
        let same_class = (p.folded.chars().count() >= score::FUZZY_MIN_CHARS)
            || (n.folded.chars().count() < score::FUZZY_MIN_CHARS)
            || p.mode != query::Mode::Fuzzy;
        let accents = p.accented.is_none() || p.accented == n.accented;
        same_kind && same_class && accents && n.folded.starts_with(&p.folded)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_is_only_claimed_when_safe() {
        let q = parse;
        assert!(narrows(&q("dak"), &q("dak l")));
        assert!(narrows(&q("dak l"), &q("dak la")));
        assert!(narrows(&q("dak"), &q("daklak")));
        assert!(narrows(&q("dak"), &q("dak kind:visit")));
        assert!(
            !narrows(&q("da"), &q("dak")),
            "a 3-letter term may match fuzzily"
        );
        assert!(!narrows(&q("dak lak"), &q("dak")));
        assert!(
            !narrows(&q("!dak"), &q("!dakl")),
            "a longer negation excludes less"
        );
        assert!(!narrows(&q("dak"), &q("'dakl")));
        assert!(!narrows(&q(""), &q("dak")));
        assert!(!narrows(&q("kind:visit"), &q("dak")));
    }
}
