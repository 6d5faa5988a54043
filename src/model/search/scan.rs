//! Scoring a block of records, as each worker of a search does: a record the postings rule
//! out is skipped, one whose match is not ranked is only told to match, and one whose match is
//! ranked is scored, unless its bound tells it cannot lead the first screen.

use fuzzy_matcher::skim::SkimMatcherV2;

use super::narrow::{Look, Narrowed};
use super::rank::sort_key;
use super::short_words::ShortWords;
use super::{index, letters, postings, query, score, Hit, Placed, PREFETCH_AHEAD};
use crate::model::search::Index;
use crate::model::Dataset;

/// A worker's matches so far.
#[derive(Default)]
pub(super) struct Found {
    /// Those to rank, in dataset order (some [`Placed::Pruned`]).
    pub(super) ranked: Vec<Hit>,
    pub(super) unranked: Vec<Hit>,
    /// The score a record to rank must be able to reach to be scored (none: every one is).
    pub(super) floor: score::Floor,
}

/// A block of records to score, and what tells some of them without reading their text.
pub(super) struct Block<'a> {
    pub(super) records: &'a [Look],
    /// The earlier query's matches the looks point into.
    pub(super) earlier: Option<&'a Narrowed>,
    /// A query of one letter, and the letters' columns.
    pub(super) letter: Option<(usize, &'a letters::Columns)>,
    /// Which records may match at all.
    pub(super) gate: Option<&'a postings::Gate<'a>>,
    /// Which records' matches are ranked (the others are only told apart, see
    /// [`search_ranking`]).
    pub(super) ranked: &'a (dyn Fn(usize) -> bool + Sync),
}

/// Scores a block of records, adding the matches to `found`: scored and to be ranked, or,
/// for the records not to be ranked, only told to match (scored when the score is free).
pub(super) fn score_block(
    dataset: &Dataset,
    index: &Index,
    prepared: &score::Prepared,
    block: &Block,
    matcher: &SkimMatcherV2,
    found: &mut Found,
) {
    let looks = block.records;
    let scorer = Scorer {
        dataset,
        index,
        prepared,
        matcher,
        gate: block.gate,
        earlier: block.earlier,
        letters: index.letters(),
    };
    for (n, &look) in looks.iter().enumerate() {
        let record = look.record();
        // A record the postings do not let through at once is read for its short fields:
        // ask for the next ones' while this one is.
        let ahead = looks.get(n + PREFETCH_AHEAD).map(Look::record);
        if let (Some(ahead), Some(g)) = (ahead, block.gate) {
            if !g.holds_all(ahead) {
                index.prefetch(ahead);
            }
        }
        if block.gate.is_some_and(|g| !g.may_match(index, record)) {
            continue;
        }
        let rank = (block.ranked)(record);
        if let Some((symbol, columns)) = block.letter {
            // One letter: its score was worked out after loading.
            if let Some(score) = columns.get(symbol, record) {
                let hit = Hit {
                    record,
                    score,
                    missing: 0,
                    parts: score::Parts::single(score),
                    placed: Placed::Ranked,
                };
                match rank {
                    true => found.ranked.push(hit),
                    false => found.unranked.push(Hit {
                        placed: Placed::Scored,
                        ..hit
                    }),
                }
            }
            continue;
        }
        // The text may be read: ask for the next records' while this one is.
        let prefetch = || {
            if let Some(ahead) = ahead {
                index.prefetch(ahead);
            }
        };
        match rank {
            true => scorer.ranked(&look, prefetch, found),
            false => scorer.unranked(&look, prefetch, found),
        }
    }
}

/// What scoring a block's records reads, besides each record.
struct Scorer<'a> {
    dataset: &'a Dataset,
    index: &'a Index,
    prepared: &'a score::Prepared<'a>,
    matcher: &'a SkimMatcherV2,
    gate: Option<&'a postings::Gate<'a>>,
    earlier: Option<&'a Narrowed>,
    letters: Option<&'a letters::Columns>,
}

impl Scorer<'_> {
    /// A record whose match is ranked: scored, unless its bound tells it cannot lead.
    fn ranked(&self, look: &Look, prefetch: impl Fn(), found: &mut Found) {
        let record = look.record();
        prefetch();
        let Some(entry) = self.index.entry(record) else {
            return;
        };
        let r = score::RecordRef::At(self.dataset, record);
        if let Some(floor) = found.floor.get() {
            let bounded = self.earlier.and_then(|e| e.bound_of(look));
            let letter = |term: &query::Term| {
                let symbol = letters::symbol_of(&term.folded)?;
                self.letters.map(|columns| columns.get(symbol, record))
            };
            // Bounded without reading when its short fields lack the words, else read.
            let unread = self
                .gate
                .zip(self.index.postings())
                .and_then(|(gate, postings)| {
                    let in_short = |term: &query::Term| gate.in_short(record, term);
                    let ceilings = postings.ceilings(record);
                    let short = postings.short_words(record);
                    let english = entry.english;
                    let p = self.prepared;
                    score::bound_unread(p, english, ceilings, short, bounded, letter, in_short)
                });
            let (most, parts) = match unread {
                Some((most, parts)) if sort_key(self.index, &Hit::new(record, most)) > floor => {
                    (most, parts)
                }
                _ => {
                    let ceilings = self.index.postings().map(|p| p.ceilings(record));
                    score::bound(self.prepared, &entry, bounded, letter, ceilings)
                }
            };
            if sort_key(self.index, &Hit::new(record, most)) > floor {
                // It cannot lead: only whether it matches is worked out. The bounds of its
                // parts stand for them in the next query's bound.
                let known = self.earlier.and_then(|e| e.matched_of(look));
                if self.matches(record, known, &entry) {
                    found.ranked.push(Hit {
                        parts,
                        placed: Placed::Pruned,
                        ..Hit::unscored(record)
                    });
                }
                return;
            }
        }
        let known = self.earlier.and_then(|e| e.known_of(look));
        let (p, m) = (self.prepared, self.matcher);
        if let Some((score, parts)) = score::score_parts(p, record, &entry, r, m, known) {
            let hit = Hit {
                record,
                score,
                missing: parts.missing,
                parts,
                placed: Placed::Ranked,
            };
            found.floor.push(sort_key(self.index, &hit));
            found.ranked.push(hit);
        }
    }

    /// A record whose match is not ranked: only told to match, without reading its text
    /// where the postings or the letters' columns tell.
    fn unranked(&self, look: &Look, prefetch: impl Fn(), found: &mut Found) {
        let record = look.record();
        let known = self.earlier.and_then(|e| e.matched_of(look));
        let held = |term: &query::Term| holds(self.gate, self.letters, record, term);
        if score::held_without_reading(self.prepared, known, held) {
            found.unranked.push(Hit::unscored(record));
            return;
        }
        prefetch();
        if self
            .index
            .entry(record)
            .is_some_and(|entry| self.matches(record, known, &entry))
        {
            found.unranked.push(Hit::unscored(record));
        }
    }

    /// Whether record `record` (its entry `entry`, what an earlier query told of it `known`)
    /// matches, told without scoring it.
    fn matches(&self, record: usize, known: Option<score::Known>, entry: &index::Entry) -> bool {
        let held = |term: &query::Term| holds(self.gate, self.letters, record, term);
        let short = self
            .index
            .postings()
            .map_or(ShortWords::UNKNOWN, |p| p.short_words(record));
        let r = score::RecordRef::At(self.dataset, record);
        let (p, m) = (self.prepared, self.matcher);
        score::matches(p, record, entry, r, m, known, held, short)
    }
}

/// Whether record `record`'s text holds `term` (one of the query's) in a field, as told
/// without reading it ([`score::matches`]): by the word postings (`Some(false)` for a record
/// the gate let through: it may match as the starts of words), or for a letter or digit by
/// its column of scores (a record holds the letter in a field exactly when it has a score).
/// `None` when neither tells.
fn holds(
    gate: Option<&postings::Gate>,
    letters: Option<&letters::Columns>,
    record: usize,
    term: &query::Term,
) -> Option<bool> {
    if let Some(held) = gate.and_then(|g| g.holds(record, term)) {
        return Some(held);
    }
    // A letter the record lacks is looked for in the text (it is in nearly every record).
    let symbol = letters::symbol_of(&term.folded);
    let column = symbol.zip(letters);
    column.and_then(|(s, columns)| columns.get(s, record).map(|_| true))
}
