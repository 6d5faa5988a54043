//! Search (docs/format.md, "Search"): one engine behind the TUI and `findings search`, so both
//! give the same records in the same order.

pub mod entry;
mod fields;
pub mod held;
pub mod highlight;
pub mod ids;
pub mod index;
pub mod letters;
mod narrow;
mod occurrence;
mod partial;
pub mod postings;
pub mod query;
pub mod question;
mod rank;
mod scan;
pub mod score;
pub mod short_words;
pub mod word_counts;

use std::sync::atomic::{AtomicBool, Ordering};

use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{parallel, Dataset};
pub use index::Index;
use narrow::Looks;
pub use narrow::{narrows, Narrowed, Recent};
pub use query::{parse, Query};
pub use rank::{complete, has_rest, in_rank_order, lead_of};
use rank::{keep_a_full_match_in_sight, merge, sort_key, Share};
use scan::{score_block, Block, Found};

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
    /// Scored and ranked, but after the lead of a search for the first screen, in no order
    /// until [`complete`] puts it in order.
    Later,
    /// After the lead of a search for the first screen, like [`Placed::Later`], but not
    /// scored (its score reads 0): its bound told it could not lead ([`score::bound`]).
    /// [`complete`] scores it.
    Pruned,
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

    /// Left unscored by a search for the first screen, which told from its bound that it
    /// could not lead (its score reads 0 until [`complete`] scores it).
    pub fn is_bounded(&self) -> bool {
        self.placed == Placed::Pruned
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

/// How many records a worker takes at a time (and scores between looks at the cancel flag).
const BLOCK: usize = 512;
/// How many records the pass for records holding most words scores between looks at the
/// cancel flag.
const CANCEL_CHECK: usize = 512;
/// How many records ahead of the one it scores a worker asks for the next entries.
const PREFETCH_AHEAD: usize = 4;
/// How many record-words of the postings a list's search reads for a word, at most, per
/// record of the dataset, rather than reading the records' text (see [`score_all`]).
const POSTINGS_PER_LISTED_RECORD: usize = 16;
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
    let ranking = Ranking {
        only: None,
        lead: None,
    };
    search_in(dataset, index, query, candidates, cancel, &tally, ranking)
}

/// [`search_with`], ranking only the matches of the records `ranked.records` names (those the
/// list shows), and with `ranked.lead`, putting only that many of them in order: the others are told apart from the records that do not match, and counted, but
/// left unranked after the ranked ones (and unscored where scoring was not free, see
/// [`Hit::is_ranked`]); [`in_rank_order`] ranks them when a list shows them. The unranked
/// come first, in no order (each worker's list of them becomes the result as it is, not
/// copied); the ranked follow, in the order a search ranking every match gives them (with a
/// lead, the lead does, and the rest follow in no order: see [`lead_of`] and [`complete`]).
/// `tally` is handed each worker's ranked and unranked matches, each in dataset order.
pub fn search_ranking<T: Send>(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    candidates: Option<&Narrowed>,
    cancel: &AtomicBool,
    tally: &(dyn Fn(&[Hit], &[Hit]) -> T + Sync),
    ranked: Ranked,
) -> Option<(Vec<Hit>, Vec<T>)> {
    let ranking = Ranking {
        only: Some(ranked.records),
        lead: ranked.lead,
    };
    search_in(dataset, index, query, candidates, cancel, tally, ranking)
}

/// Which matches a list's search ranks ([`search_ranking`]).
#[derive(Clone, Copy)]
pub struct Ranked<'a> {
    /// The records whose matches are ranked (those the list shows).
    pub records: &'a (dyn Fn(usize) -> bool + Sync),
    /// Only the best this many are put in order when there are many more (the first screen
    /// and some pages); `None`: all.
    pub lead: Option<usize>,
}

/// Which matches a search ranks, and how many it puts in order.
#[derive(Clone, Copy)]
struct Ranking<'a> {
    /// Only those of the records named; `None`: every match.
    only: Option<&'a (dyn Fn(usize) -> bool + Sync)>,
    /// Only the best this many in order ([`Ranked::lead`]).
    lead: Option<usize>,
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
    keep_a_full_match_in_sight(index, &mut ranked);
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
        // So few matches are never split into a lead and the rest; were they, the rest
        // would come before these.
        if has_rest(&ranked) {
            ranked = complete(dataset, index, query, ranked, cancel)?;
        }
        ranked.extend(soft);
    }
    // With no match unranked (every match listed), the ranked list is the result, not
    // copied: at a million records, every match.
    if unranked.iter().all(Vec::is_empty) {
        return Some((ranked, tallies));
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
    // For the first screen, a record that cannot be among a worker's best is told to match
    // and left unscored (a question's, or a query with filters, negations or anchors, is
    // scored in full).
    let lead = ranking.lead.map(rank::lead_size);
    let prune = lead.filter(|_| prepared.bounded());
    // A letter's scores are read from its column; otherwise only records that may match are.
    let gate = match letter {
        Some(_) => None,
        None => {
            // A record the postings say holds every word is read only to be scored: when
            // most are only told to match, larger postings pay. A record-word costs a bit set,
            // a record read some hundred bytes from memory: at a million records with a
            // province chosen, `ch` took 90-100 ms read record by record, 60-65 ms told from
            // 16 record-words a record.
            let per_record = match ranking.only {
                None => 1,
                Some(_) => POSTINGS_PER_LISTED_RECORD,
            };
            let lacking = prepared.partial_gate();
            postings::Gate::new(index, prepared.query, lacking, per_record, prune.is_some())
        }
    };
    let gate = gate.as_ref();
    // A question's records lacking words are ranked with the rest: every match is ranked.
    let ranked = match ranking.only {
        _ if prepared.lists_partial() => None,
        only => only,
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
            let found = Found {
                floor: score::Floor::new(prune.unwrap_or(0)),
                ..Found::default()
            };
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
                    share: Share::new(index, &found.ranked, ranking.lead),
                    unranked: found.unranked,
                    tallied,
                }
            })
        },
    );
    shares.into_iter().collect()
}

/// Words of one letter weigh alike whatever the counts say: such queries need not wait for
/// the words to be counted.
fn counted(query: &Query) -> bool {
    query.terms.iter().any(|t| t.folded.chars().count() > 1)
}
