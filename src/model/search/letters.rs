//! The first key of a query: every record's score for each single letter and digit, worked out
//! once after loading (in the background in the TUI), so that a query of one letter reads one
//! column of numbers instead of every record's text. The scores are exactly what scoring the
//! record would give.

use super::index::{Entry, Index};
use super::occurrence;
use super::query::{Mode, Query};
use crate::model::parallel;

/// The letters `a`–`z` and digits `0`–`9`.
pub const SYMBOLS: usize = 36;

/// A record that does not hold the symbol (scores are never negative).
const NONE: f32 = -1.0;

/// The column of a folded byte, when it is a letter or digit.
pub(super) fn symbol(b: u8) -> Option<usize> {
    match b {
        b'a'..=b'z' => Some(usize::from(b - b'a')),
        b'0'..=b'9' => Some(26 + usize::from(b - b'0')),
        _ => None,
    }
}

/// The symbol a query looks for when it is one letter or digit typed without diacritics and
/// nothing else (no filter, no negation, no anchor, no language): the queries that match
/// nearly every record, and whose score a column holds.
pub fn single(query: &Query) -> Option<usize> {
    let [term] = query.terms.as_slice() else {
        return None;
    };
    let plain = matches!(term.mode, Mode::Fuzzy | Mode::Exact)
        && !term.negated
        && !term.question
        && term.accented.is_none();
    if !plain || !query.filters.is_empty() || query.language.is_some() {
        return None;
    }
    match term.folded.as_bytes() {
        [b] => symbol(*b),
        _ => None,
    }
}

/// The symbol of a term of one letter or digit, whatever else the query holds: a record holds
/// it in a field exactly when its column has a score for the record.
pub fn symbol_of(folded: &str) -> Option<usize> {
    match folded.as_bytes() {
        [b] => symbol(*b),
        _ => None,
    }
}

/// One record's score for every symbol, as scoring a one-letter query finds it: its first
/// few occurrences, each by how it sits in its word and field, the best of them.
pub fn scores(entry: &Entry) -> [f32; SYMBOLS] {
    let mut best = [NONE; SYMBOLS];
    let mut seen = [0usize; SYMBOLS];
    let most = occurrence::most_occurrences(1);
    let mut cursor = 0;
    for (at, &b) in entry.text.as_bytes().iter().enumerate() {
        let Some(s) = symbol(b) else {
            continue;
        };
        if seen[s] == most {
            continue;
        }
        seen[s] += 1;
        if let Some(span) = entry.span_walking(&mut cursor, at) {
            let (score, _) = occurrence::occurrence_score(entry, span, at, 1, None);
            if score > best[s] {
                best[s] = score;
            }
        }
    }
    best
}

/// Every record's score for every symbol, one column per symbol.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    records: usize,
    scores: Vec<f32>,
}

impl Columns {
    /// Scores every record of `index`, on every core.
    pub fn build(index: &Index) -> Columns {
        let ids: Vec<usize> = (0..index.len()).collect();
        let chunk = parallel::per_core(ids.len(), 4096);
        let rows: Vec<[f32; SYMBOLS]> = parallel::map_chunks(&ids, chunk, |_, run| {
            run.iter()
                .map(|&r| index.entry(r).map_or([NONE; SYMBOLS], |e| scores(&e)))
                .collect::<Vec<_>>()
        })
        .concat();
        let mut scores = vec![NONE; rows.len() * SYMBOLS];
        for (i, row) in rows.iter().enumerate() {
            for (s, &score) in row.iter().enumerate() {
                scores[s * rows.len() + i] = score;
            }
        }
        Columns {
            records: rows.len(),
            scores,
        }
    }

    /// How many records it scores.
    pub fn len(&self) -> usize {
        self.records
    }

    pub fn is_empty(&self) -> bool {
        self.records == 0
    }

    /// Every score, a column of [`Columns::len`] records per symbol (what the persistent cache
    /// stores).
    pub fn scores(&self) -> &[f32] {
        &self.scores
    }

    /// Columns of stored scores; `None` unless there is one column per symbol.
    pub fn from_scores(records: usize, scores: Vec<f32>) -> Option<Columns> {
        (records.checked_mul(SYMBOLS) == Some(scores.len())).then_some(Columns { records, scores })
    }

    /// Record `record`'s score for `symbol`; `None` when it does not hold it.
    pub fn get(&self, symbol: usize, record: usize) -> Option<f32> {
        if record >= self.records {
            return None;
        }
        let score = *self.scores.get(symbol * self.records + record)?;
        (score >= 0.0).then_some(score)
    }
}
