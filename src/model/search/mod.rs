//! Search (docs/format.md, "Search"): one engine behind the TUI and `findings search`, so both
//! give the same records in the same order.

pub mod held;
pub mod highlight;
pub mod ids;
pub mod index;
pub mod letters;
mod occurrence;
mod partial;
pub mod postings;
pub mod query;
pub mod question;
mod rank;
pub mod score;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{parallel, Dataset};
pub use index::Index;
pub use query::{parse, Query};
pub use rank::in_rank_order;
use rank::{keep_a_full_match_in_sight, merge, sort_key, Share};

/// A matching record and its score (higher is better).
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub record: usize,
    pub score: f32,
    /// How many of the words looked for the record lacks: 0 for a record holding all of them;
    /// more for one listed below them because it holds most.
    pub missing: u8,
    /// What went into the score, for the next query typed on from this one.
    parts: score::Parts,
    placed: Placed,
}

/// Where a match stands in the list a search returns. A search asked to rank only the
/// records the list shows ([`search_ranking`]) leaves the others unranked, after the ranked
/// ones, and does not score them when it need not: at a million records with a facet value
/// chosen, nearly every match is one the list does not show, and only counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Placed {
    /// Scored, and in rank order among the ranked matches.
    #[default]
    Ranked,
    /// Scored, in no order.
    Scored,
    /// Known to match, not scored (its score reads 0), in no order.
    Unscored,
}

impl Hit {
    pub fn new(record: usize, score: f32) -> Hit {
        Hit {
            record,
            score,
            missing: 0,
            parts: score::Parts::default(),
            placed: Placed::Ranked,
        }
    }

    /// A match not scored (its score reads 0), not ranked.
    fn unscored(record: usize) -> Hit {
        Hit {
            placed: Placed::Unscored,
            ..Hit::new(record, 0.0)
        }
    }

    /// In rank order among the ranked matches (else listed after them, in no order, and
    /// its score perhaps not worked out: see [`in_rank_order`]).
    pub fn is_ranked(&self) -> bool {
        self.placed == Placed::Ranked
    }
}

/// Two hits are the same when they are the same record with the same score.
impl PartialEq for Hit {
    fn eq(&self, other: &Hit) -> bool {
        self.record == other.record && self.score == other.score && self.missing == other.missing
    }
}

/// The matches of an earlier query that the next one narrows: the only records the next need
/// look at, and what is known of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Narrowed {
    pub hits: Arc<Vec<Hit>>,
    /// The earlier query's number of terms, and whether the next keeps them all (else all but
    /// the last); `None` when it changes more, and every term is looked for again.
    reuse: Option<(usize, bool)>,
    /// The two queries' languages differ, one Vietnamese and the other unknown: the earlier
    /// scores hold only for records with no English text (only there the language weighs).
    vietnamese_only: bool,
}

impl Narrowed {
    /// Every record, nothing known: for tests and benchmarks that narrow by hand.
    pub fn records(records: &[usize]) -> Narrowed {
        Narrowed {
            hits: Arc::new(records.iter().map(|&r| Hit::new(r, 0.0)).collect()),
            reuse: None,
            vietnamese_only: false,
        }
    }

    pub fn len(&self) -> usize {
        self.hits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// Where each record's match is in the list (or that the record is to be looked at with
    /// nothing known, or skipped), for the records to look at: the matches and the records of
    /// `also` (nothing known of them). The matches come in rank order, scattered over the
    /// dataset: each match's place is written to its record's slot (4 bytes a record, so a
    /// million slots stay in the caches), then the search reads the slots front to back, a
    /// block at a time, and fetches each match's parts from its place (reads that do not wait
    /// on each other, so the processor overlaps them). At a million records a list of looks
    /// made in advance was 20 bytes a record, most of them new pages each keystroke.
    fn slots(&self, records: usize, also: Option<&held::Records>) -> Vec<u32> {
        let mut slots: Vec<u32> = vec![SKIPPED; records];
        for record in also.into_iter().flat_map(held::Records::iter) {
            if let Some(slot) = slots.get_mut(record) {
                *slot = NOTHING_KNOWN;
            }
        }
        for (place, hit) in self.hits.iter().enumerate() {
            if let (Some(slot), Ok(place)) = (slots.get_mut(hit.record), u32::try_from(place)) {
                *slot = place.min(NOTHING_KNOWN);
            }
        }
        slots
    }

    /// The look at `record`, whose slot is `place` (not [`SKIPPED`]).
    fn look(&self, record: usize, place: u32) -> Look {
        // A record listed for holding most words was not scored word by word.
        let hit = self.hits.get(place as usize).filter(|h| h.missing == 0);
        match hit.filter(|_| self.reuse.is_some()) {
            Some(hit) => Look::known(record, hit.parts, hit.placed != Placed::Unscored),
            None => Look::unknown(record),
        }
    }

    /// What is known of a record to look at: the parts of its score.
    fn known_of(&self, look: &Look) -> Option<score::Known> {
        if !look.scored {
            return None;
        }
        self.matched_of(look)
    }

    /// Which of the query's terms a record to look at is known to hold (the earlier query's
    /// it shares), whether or not its score was worked out: what telling a match needs.
    fn matched_of(&self, look: &Look) -> Option<score::Known> {
        if !look.known {
            return None;
        }
        self.reuse.map(|(terms, all_shared)| score::Known {
            earlier: look.earlier,
            terms,
            all_shared,
            without_english: self.vietnamese_only,
        })
    }
}

/// A record's slot when it is not looked at ([`Narrowed::slots`]).
const SKIPPED: u32 = u32::MAX;
/// A record's slot when it is looked at with nothing known of it.
const NOTHING_KNOWN: u32 = u32::MAX - 1;

/// The records a search looks at, in dataset order.
enum Looks<'a> {
    /// Every record, nothing known.
    Every(usize),
    /// Those of an earlier query's matches ([`Narrowed::slots`]).
    Narrowed(&'a Narrowed, Vec<u32>),
}

impl Looks<'_> {
    /// How many records the looks run over (some perhaps skipped).
    fn records(&self) -> usize {
        match self {
            Looks::Every(n) => *n,
            Looks::Narrowed(_, slots) => slots.len(),
        }
    }

    /// The looks at the records of `from..to`, in `out` (emptied first).
    fn fill(&self, from: usize, to: usize, out: &mut Vec<Look>) {
        out.clear();
        match self {
            Looks::Every(_) => out.extend((from..to).map(Look::unknown)),
            Looks::Narrowed(narrowed, slots) => {
                let range = slots.get(from..to).unwrap_or_default();
                let looked = range.iter().enumerate().filter(|(_, &p)| p != SKIPPED);
                out.extend(looked.map(|(i, &place)| narrowed.look(from + i, place)));
            }
        }
    }
}

/// A record to look at, and the parts of its score an earlier query found ([`Narrowed`]),
/// when they can be taken over: 20 bytes, read in record order by the scoring.
#[derive(Clone, Copy, Debug)]
struct Look {
    record: u32,
    /// The earlier query matched it, and this one keeps its terms.
    known: bool,
    /// ... and scored it: `earlier` holds the parts.
    scored: bool,
    earlier: score::Parts,
}

impl Look {
    fn unknown(record: usize) -> Look {
        Look {
            record: record as u32,
            known: false,
            scored: false,
            earlier: score::Parts::default(),
        }
    }

    fn known(record: usize, earlier: score::Parts, scored: bool) -> Look {
        Look {
            record: record as u32,
            known: true,
            scored,
            earlier,
        }
    }

    fn record(&self) -> usize {
        self.record as usize
    }
}

/// How many records a worker takes at a time (and scores between looks at the cancel flag).
const BLOCK: usize = 512;
/// How many records the pass for records holding most words scores between looks at the
/// cancel flag.
const CANCEL_CHECK: usize = 512;
/// How many records ahead of the one it scores a worker asks for the next entries.
const PREFETCH_AHEAD: usize = 4;
/// Below this many records, one thread is faster than two.
const PARALLEL_FROM: usize = 8192;
/// When fewer records than this hold every word a question looks for, records holding most of
/// them are listed below (at most [`SOFT_MAX`]); for plain keywords, only when none does. A
/// question scored with the word counts lists its partial matches in the main pass instead,
/// ranked with the rest (`score::Partial`).
pub const SOFT_WHEN: usize = 20;
pub const SOFT_MAX: usize = 30;

/// Searches `dataset` (folded in `index`). With `candidates`, only those records are looked
/// at (the matches of a query this one narrows). Returns `None` when `cancel` was set.
pub fn search(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    candidates: Option<&Narrowed>,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    search_with(dataset, index, query, candidates, cancel, &|_| ()).map(|(hits, _)| hits)
}

/// [`search`], also handing each worker's matches to `tally` in dataset order, before they are
/// ranked: work that rides on the search pass (counting facets) reads the records front to
/// back like the search does. Returns the ranked matches and each worker's tally.
pub fn search_with<T: Send>(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    candidates: Option<&Narrowed>,
    cancel: &AtomicBool,
    tally: &(dyn Fn(&[Hit]) -> T + Sync),
) -> Option<(Vec<Hit>, Vec<T>)> {
    // Every match ranked: none is left for the second list.
    let tally = |ranked: &[Hit], _: &[Hit]| tally(ranked);
    let ranking = Ranking::Every;
    search_in(dataset, index, query, candidates, cancel, &tally, ranking)
}

/// [`search_with`], ranking only the matches of the records `ranked` names (those the list
/// shows): the others are told apart from the records that do not match, and counted, but
/// left unranked after the ranked ones (and unscored where scoring was not free, see
/// [`Hit::is_ranked`]); [`in_rank_order`] ranks them when a list shows them. The unranked
/// come first, in no order (each worker's list of them becomes the result as it is, not
/// copied); the ranked follow, in the order a search ranking every match gives them. `tally`
/// is handed each worker's ranked and unranked matches, each in dataset order.
pub fn search_ranking<T: Send>(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    candidates: Option<&Narrowed>,
    cancel: &AtomicBool,
    tally: &(dyn Fn(&[Hit], &[Hit]) -> T + Sync),
    ranked: &(dyn Fn(usize) -> bool + Sync),
) -> Option<(Vec<Hit>, Vec<T>)> {
    let ranking = Ranking::Some(ranked);
    search_in(dataset, index, query, candidates, cancel, tally, ranking)
}

/// Which matches a search ranks.
#[derive(Clone, Copy)]
enum Ranking<'a> {
    Every,
    /// Those of the records named.
    Some(&'a (dyn Fn(usize) -> bool + Sync)),
}

fn search_in<T: Send>(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    candidates: Option<&Narrowed>,
    cancel: &AtomicBool,
    tally: &(dyn Fn(&[Hit], &[Hit]) -> T + Sync),
    ranking: Ranking,
) -> Option<(Vec<Hit>, Vec<T>)> {
    // Records in dataset order, so the scan reads the index front to back: a narrowed
    // query's candidates arrive in rank order, scattered over memory.
    let prepared = prepare(query, index);
    // A question listing records that lack some of its words may list ones the query it
    // narrows did not (a word added may be the rare one): those are among the records holding
    // its rare words, looked at besides the earlier matches.
    let looks = match candidates {
        Some(c) => Looks::Narrowed(c, c.slots(dataset.len(), prepared.partial_gate())),
        None => Looks::Every(dataset.len()),
    };
    if query.is_empty() {
        let mut all = Vec::new();
        looks.fill(0, looks.records(), &mut all);
        let hits: Vec<Hit> = all
            .iter()
            .map(|look| Hit::new(look.record(), 0.0))
            .collect();
        let tallied = tally(&hits, &[]);
        return Some((hits, vec![tallied]));
    }
    // Each worker scores, tallies and sorts its share; the sorted shares are then merged.
    let worked = score_all(dataset, index, &prepared, &looks, cancel, tally, ranking)?;
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let mut shares = Vec::with_capacity(worked.len());
    let mut unranked = Vec::with_capacity(worked.len());
    let mut tallies = Vec::with_capacity(worked.len());
    for w in worked {
        shares.push(w.share);
        unranked.push(w.unranked);
        tallies.push(w.tallied);
    }
    let mut ranked = merge(shares);
    keep_a_full_match_in_sight(&mut ranked);
    let matched = ranked.len() + unranked.iter().map(Vec::len).sum::<usize>();
    let content = query.content_terms().count();
    let question = query.terms.iter().any(|t| t.question);
    let few = matched == 0 || (question && matched < SOFT_WHEN);
    // A question scored with the word counts already listed the records lacking some words.
    let listed = prepared.lists_partial();
    if !query.strict && content >= 2 && few && !listed {
        let mut soft = soft_pass(dataset, index, query, cancel)?;
        // Counted like the rest, in dataset order, then listed in rank order below them.
        soft.sort_unstable_by_key(|h| h.record);
        tallies.push(tally(&soft, &[]));
        soft.sort_unstable_by_key(|h| sort_key(index, h));
        ranked.extend(soft);
    }
    // The largest list of unranked matches is the result: at a million records with a facet
    // value chosen, they are nearly every match.
    let largest = (0..unranked.len()).max_by_key(|&i| unranked[i].len());
    let mut hits = match largest {
        Some(i) => unranked.swap_remove(i),
        None => Vec::new(),
    };
    hits.reserve(matched - hits.len());
    for part in unranked {
        hits.extend(part);
    }
    hits.extend(ranked);
    Some((hits, tallies))
}

/// A query prepared for scoring, weighed by the word counts unless every term is one letter.
fn prepare<'q>(query: &'q Query, index: &Index) -> score::Prepared<'q> {
    match counted(query) {
        true => score::Prepared::weighted(query, index),
        false => score::Prepared::new(query),
    }
}

/// Every record holding most but not all of the words looked for, best first, at most
/// [`SOFT_MAX`].
fn soft_pass(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    let soft = score::Soft::new(query, index.word_counts());
    let ids: Vec<usize> = (0..dataset.len()).collect();
    let chunk = parallel::per_core(ids.len(), PARALLEL_FROM);
    let parts = parallel::map_chunks(&ids, chunk, |_, run| {
        let prepared = score::Prepared::new(query);
        let mut found = Vec::new();
        for (n, &record) in run.iter().enumerate() {
            if n % CANCEL_CHECK == 0 && cancel.load(Ordering::Relaxed) {
                return None;
            }
            let Some(entry) = index.entry(record) else {
                continue;
            };
            let r = score::RecordRef::At(dataset, record);
            if let Some((missing, score)) = score::soft_score(&prepared, &soft, &entry, r) {
                found.push(Hit {
                    record,
                    score,
                    missing,
                    parts: score::Parts::default(),
                    placed: Placed::Ranked,
                });
            }
        }
        Some(found)
    });
    let mut all: Vec<Hit> = parts.into_iter().collect::<Option<Vec<_>>>()?.concat();
    all.sort_unstable_by_key(|h| sort_key(index, h));
    all.truncate(SOFT_MAX);
    Some(all)
}

/// One worker's matches: those ranked, sorted best first, those left unranked (in dataset
/// order), and the tallies of both.
struct Worked<T> {
    share: Share,
    unranked: Vec<Hit>,
    tallied: T,
}

/// Scores the records of `looks` on every core: each thread's matches,
/// with their tally (`None` when `cancel` was set).
fn score_all<T: Send>(
    dataset: &Dataset,
    index: &Index,
    prepared: &score::Prepared,
    looks: &Looks,
    cancel: &AtomicBool,
    tally: &(dyn Fn(&[Hit], &[Hit]) -> T + Sync),
    ranking: Ranking,
) -> Option<Vec<Worked<T>>> {
    let letter = letters::single(prepared.query).zip(index.letters());
    // A letter's scores are read from its column; otherwise only records that may match are.
    let gate = match letter {
        Some(_) => None,
        None => {
            // A record the postings say holds every word is read only to be scored: when
            // most are only told to match, larger postings pay.
            let per_record = match ranking {
                Ranking::Every => 1,
                Ranking::Some(_) => 3,
            };
            let lacking = prepared.partial_gate();
            postings::Gate::new(index, prepared.query, lacking, per_record)
        }
    };
    let gate = gate.as_ref();
    // A question's records lacking words are ranked with the rest: every match is ranked.
    let ranked = match ranking {
        _ if prepared.lists_partial() => None,
        Ranking::Every => None,
        Ranking::Some(ranked) => Some(ranked),
    };
    let earlier = match looks {
        Looks::Every(_) => None,
        Looks::Narrowed(narrowed, _) => Some(*narrowed),
    };
    // Blocks of records by their first; each worker makes a block's looks when it takes it.
    let records = looks.records();
    let firsts: Vec<usize> = (0..records).step_by(BLOCK).collect();
    let shares = parallel::blocks(
        &firsts,
        1,
        PARALLEL_FROM.div_ceil(BLOCK),
        || {
            let found = Found::default();
            (found, SkimMatcherV2::default(), Vec::new(), false)
        },
        |(found, matcher, block, cancelled), _, firsts| {
            *cancelled = *cancelled || cancel.load(Ordering::Relaxed);
            if *cancelled {
                return;
            }
            for &first in firsts {
                looks.fill(first, (first + BLOCK).min(records), block);
                let block = Block {
                    letter,
                    gate,
                    records: block,
                    earlier,
                    ranked: ranked.unwrap_or(&|_| true),
                };
                score_block(dataset, index, prepared, &block, matcher, found);
            }
        },
        |(found, _, _, cancelled)| {
            (!cancelled).then(|| {
                let tallied = tally(&found.ranked, &found.unranked);
                Worked {
                    share: Share::new(index, found.ranked),
                    unranked: found.unranked,
                    tallied,
                }
            })
        },
    );
    shares.into_iter().collect()
}

/// A worker's matches so far.
#[derive(Default)]
struct Found {
    ranked: Vec<Hit>,
    unranked: Vec<Hit>,
}

/// Words of one letter weigh alike whatever the counts say: such queries need not wait for
/// the words to be counted.
fn counted(query: &Query) -> bool {
    query.terms.iter().any(|t| t.folded.chars().count() > 1)
}

/// A block of records to score, and what tells some of them without reading their text.
struct Block<'a> {
    records: &'a [Look],
    /// The earlier query's matches the looks point into.
    earlier: Option<&'a Narrowed>,
    /// A query of one letter, and the letters' columns.
    letter: Option<(usize, &'a letters::Columns)>,
    /// Which records may match at all.
    gate: Option<&'a postings::Gate<'a>>,
    /// Which records' matches are ranked (the others are only told apart, see
    /// [`search_ranking`]).
    ranked: &'a (dyn Fn(usize) -> bool + Sync),
}

/// Scores a block of records, adding the matches to `found`: scored and to be ranked, or,
/// for the records not to be ranked, only told to match (scored when the score is free).
fn score_block(
    dataset: &Dataset,
    index: &Index,
    prepared: &score::Prepared,
    block: &Block,
    matcher: &SkimMatcherV2,
    found: &mut Found,
) {
    let Block {
        records: block,
        letter,
        gate,
        earlier,
        ranked,
    } = *block;
    let letter_held = index.letters();
    for (n, &look) in block.iter().enumerate() {
        let record = look.record();
        // A record the postings do not let through at once is read for its short fields:
        // ask for the next ones' while this one is.
        let ahead = block.get(n + PREFETCH_AHEAD).map(Look::record);
        if let (Some(ahead), Some(g)) = (ahead, gate) {
            if !g.holds_all(ahead) {
                index.prefetch(ahead);
            }
        }
        if gate.is_some_and(|g| !g.may_match(index, record)) {
            continue;
        }
        let rank = ranked(record);
        if let Some((symbol, columns)) = letter {
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
        if !rank {
            let known = earlier.and_then(|e| e.matched_of(&look));
            let held = |term: &query::Term| holds(gate, letter_held, record, term);
            if score::held_without_reading(prepared, known, held) {
                found.unranked.push(Hit::unscored(record));
                continue;
            }
            // The text is read: ask for the next records' while this one is.
            if let Some(ahead) = block.get(n + PREFETCH_AHEAD) {
                index.prefetch(ahead.record());
            }
            let short = index
                .postings()
                .map_or(u64::MAX, |p| p.short_letters(record));
            let matched = index.entry(record).is_some_and(|entry| {
                let r = score::RecordRef::At(dataset, record);
                score::matches(prepared, record, &entry, r, matcher, known, held, short)
            });
            if matched {
                found.unranked.push(Hit::unscored(record));
            }
            continue;
        }
        if let Some(ahead) = block.get(n + PREFETCH_AHEAD) {
            index.prefetch(ahead.record());
        }
        let Some(entry) = index.entry(record) else {
            continue;
        };
        let r = score::RecordRef::At(dataset, record);
        let known = earlier.and_then(|e| e.known_of(&look));
        if let Some((score, parts)) =
            score::score_parts(prepared, record, &entry, r, matcher, known)
        {
            found.ranked.push(Hit {
                record,
                score,
                missing: parts.missing,
                parts,
                placed: Placed::Ranked,
            });
        }
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

/// Earlier queries' matches, newest last, kept so that a query can be checked against the
/// fewest records that surely hold all its matches: typing the third letter of a word (when
/// it may start to match as word starts run together) re-checks the matches of the query
/// before that word, not every record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recent {
    kept: Vec<(Query, Arc<Vec<Hit>>)>,
}

/// How many earlier results are kept.
const RECENT: usize = 12;

impl Recent {
    pub fn push(&mut self, query: Query, hits: Arc<Vec<Hit>>) {
        if self.kept.len() == RECENT {
            self.kept.remove(0);
        }
        self.kept.push((query, hits));
    }

    pub fn clear(&mut self) {
        self.kept.clear();
    }

    /// The records `next` need be checked against: the smallest kept result it narrows, and
    /// what of their scores `next` can take over.
    pub fn candidates(&self, next: &Query) -> Option<Narrowed> {
        // Of results equally small, the newest: it shares the most terms with `next`.
        let (prev, hits) = self
            .kept
            .iter()
            .rev()
            .filter(|(q, _)| narrows(q, next))
            .min_by_key(|(_, hits)| hits.len())?;
        let shared = prev
            .terms
            .iter()
            .zip(&next.terms)
            .take_while(|(p, n)| p == n)
            .count();
        let n = prev.terms.len();
        // The query's language weighs every term where the record has text in the other
        // language: English and Vietnamese always do, no language and Vietnamese only where a
        // record has English text.
        use question::Language::English;
        let languages = [prev.language, next.language];
        let vietnamese_only = prev.language != next.language;
        let reuse = if prev.strict != next.strict
            || (vietnamese_only && languages.contains(&Some(English)))
        {
            None
        } else if shared == n {
            Some((n, true))
        } else if shared + 1 == n {
            Some((n, false))
        } else {
            None
        };
        Some(Narrowed {
            hits: hits.clone(),
            reuse,
            vietnamese_only,
        })
    }
}

/// True when every record matching `next` also matches `prev`, so `next` need only look at
/// `prev`'s matches: the same terms with the last one extended, or terms added.
pub fn narrows(prev: &Query, next: &Query) -> bool {
    if !prev.errors.is_empty() || prev.is_empty() || prev.strict != next.strict {
        return false;
    }
    if !prev.filters.iter().all(|f| next.filters.contains(f)) {
        return false;
    }
    // A new value for a field `prev` already filters on widens it (values of a field OR).
    let widened = next.filters.iter().any(|f| {
        !f.negated
            && !prev.filters.contains(f)
            && prev
                .filters
                .iter()
                .any(|p| !p.negated && p.field.same_field(&f.field))
    });
    if widened {
        return false;
    }
    if prev.terms.len() > next.terms.len() {
        return false;
    }
    prev.terms.iter().zip(&next.terms).all(|(p, n)| {
        if p == n {
            return true;
        }
        // A word that turns into a question word need no longer match.
        let same_kind = p.mode == n.mode && !p.negated && !n.negated && p.question == n.question;
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
    fn of_equally_small_earlier_results_the_newest_is_typed_on() {
        let hits = Arc::new(vec![Hit::new(3, 1.0), Hit::new(5, 2.0)]);
        let mut recent = Recent::default();
        for typed in ["mo", "mo hin", "mo hinh"] {
            recent.push(parse(typed), hits.clone());
        }
        let narrowed = recent.candidates(&parse("mo hinh c")).unwrap();
        assert_eq!(
            narrowed.reuse,
            Some((2, true)),
            "both words' scores are kept"
        );
    }

    #[test]
    fn narrowing_is_only_claimed_when_safe() {
        let q = parse;
        assert!(narrows(&q("dak"), &q("dak l")));
        assert!(narrows(&q("kon t"), &q("kon tu")));
        assert!(
            !narrows(&q("dak l"), &q("dak la")),
            "la (là) is a question word: it need not match, where l had to"
        );
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
        assert!(
            !narrows(&q("dak kind:visit"), &q("dak kind:visit kind:trip")),
            "a second kind widens"
        );
    }
}
