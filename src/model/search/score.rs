//! Whether a record matches a query, and how well.
//!
//! Per term, the best place it occurs: an exact occurrence scores by how it sits in its word
//! (the whole field 4, whole word 3, start of a word 2, end 1.5, inside 1), times the field's
//! weight (title 8, place/organization/tags 4, summary/lessons 2, details 1), times a length
//! factor that favours short fields (`occurrence.rs`). A term with no exact occurrence may still match as a subsequence of a short
//! field (fuzzy-matcher's SkimMatcherV2), for at most 0.5 of a whole-word match. Terms add up;
//! the query's words found together as a phrase add as much as all but one of them again (not
//! in a question, where each two adjacent words typed together and found together, starting a
//! word, add a pair bonus); a term typed with diacritics that matches with the same diacritics
//! counts 1.5 times. Each match of a term or the phrase is weighed by how rare its term is in
//! that kind of field, from the index's word counts (a pair is rare by nature: it counts in
//! full): "hieu" in a title (hiệu quả) tells little, a place named exactly Hiếu (xã Hiếu) a
//! lot. The weight depends on the term alone, so what a query typed on from this one reuses
//! still holds. In a question, a record lacking some words is listed when it holds the rare
//! ones (half the words' weight) or two words typed together, ranked with the rest
//! (`partial.rs`).

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;

use super::held::Records;
use super::index::{class_index, Class, Index};
use super::index::{Entry, Role};
use super::occurrence::{
    exact_best_in, exact_best_of_words, exact_best_weighted, occurs, span_score, Rarity,
};
use super::partial::{Partial, PARTIAL_PAIRS, PARTIAL_WORDS};
use super::query::{loose, Field, Filter, Mode, Query, Term};
use super::question::Language;
use super::short_words::ShortWords;
use super::word_counts::WordCounts;
use crate::model::{Dataset, Record};

mod bound;
pub(super) use bound::{bound, bound_unread, Floor};

/// The record being scored, made only when a filter or a word typed with diacritics reads it:
/// a dataset from the index cache makes its records when first asked for, and most records a
/// search looks at never need theirs.
#[derive(Clone, Copy)]
pub enum RecordRef<'a> {
    Made(&'a Record),
    At(&'a Dataset, usize),
}

impl<'a> RecordRef<'a> {
    pub fn get(self) -> Option<&'a Record> {
        match self {
            RecordRef::Made(r) => Some(r),
            RecordRef::At(dataset, at) => dataset.get(at),
        }
    }

    fn id(self) -> Option<&'a str> {
        match self {
            RecordRef::Made(r) => Some(r.id()),
            RecordRef::At(dataset, at) => dataset.id(at),
        }
    }
}

impl<'a> From<&'a Record> for RecordRef<'a> {
    fn from(r: &'a Record) -> RecordRef<'a> {
        RecordRef::Made(r)
    }
}

/// Fuzzy matching needs this many characters to mean anything.
pub const FUZZY_MIN_CHARS: usize = 3;

/// A query prepared for scoring many records: substring finders built once.
pub struct Prepared<'q> {
    pub query: &'q Query,
    finders: Vec<memmem::Finder<'q>>,
    /// Per term, what a match counts in each class of field for how rare the term is there
    /// (all 1 without word counts, and for a term of one character).
    rarity: Vec<Rarity>,
    phrase: Option<(String, memmem::Finder<'static>, usize, Rarity)>,
    /// In a question, each two words looked for that were typed next to each other: the
    /// whole question is never found as a phrase, but "măng tây Chư Bắc" still holds "chu bac".
    pairs: Vec<(usize, memmem::Finder<'static>, Rarity)>,
    /// Per pair, whether holding it lists a record lacking some words: not for an English
    /// function word's ("the delegation" tells no more than "delegation").
    pair_admits: Vec<bool>,
    /// In a question: which records lacking some of its words are still listed.
    partial: Option<Partial>,
}

impl Prepared<'_> {
    /// Records lacking some of the question's words may be listed (see [`Partial`]).
    pub fn lists_partial(&self) -> bool {
        self.partial.is_some()
    }

    /// The only records lacking some of the question's words that may be listed.
    pub fn partial_gate(&self) -> Option<&Records> {
        self.partial.as_ref().map(|p| &p.gate)
    }
}

/// Every match counts in full: no word is rarer than another.
const EVEN: Rarity = Rarity::EVEN;

impl<'q> Prepared<'q> {
    /// Every word counts alike, however many records hold it.
    pub fn new(query: &'q Query) -> Prepared<'q> {
        Prepared::with_counts(query, None)
    }

    /// Each match counts for how rare its term is in that kind of field (`words`): a record
    /// holding the rare words of a query (the place, the product) beats one holding the
    /// common ones better. A term's weight depends on the term alone, so the scores of the
    /// words a query shares with the one typed before it still hold.
    pub fn weighted(query: &'q Query, index: &Index) -> Prepared<'q> {
        Prepared::with_counts(query, Some(index))
    }

    fn with_counts(query: &'q Query, index: Option<&Index>) -> Prepared<'q> {
        let counts = index.map(Index::word_counts);
        // One letter or digit tells nothing of rarity (its scores are also kept per letter).
        let rarity_of = |text: &str| match counts {
            Some(words) if text.chars().count() > 1 => Rarity {
                class: words.rarity(text),
                name: words.name_rarity(text),
            },
            _ => EVEN,
        };
        let rarity = query.terms.iter().map(|t| rarity_of(&t.folded)).collect();
        let finders = query
            .terms
            .iter()
            .map(|t| memmem::Finder::new(t.folded.as_bytes()))
            .collect();
        let words: Vec<&str> = query
            .positive_terms()
            .filter(|t| matches!(t.mode, Mode::Fuzzy | Mode::Exact))
            .map(|t| t.folded.as_str())
            .collect();
        let question = !query.strict && query.terms.iter().any(|t| t.question);
        // A question is never found word for word (its adjacent words are, as pairs below):
        // looking for it would read every record's whole text for nothing.
        let phrase = (words.len() >= 2 && !question).then(|| {
            let p = words.join(" ");
            let finder = memmem::Finder::new(p.as_bytes()).into_owned();
            let rarity = rarity_of(&p);
            (p, finder, words.len(), rarity)
        });
        let english = query.language == Some(Language::English);
        let pairs: Vec<(String, bool)> = match question {
            false => Vec::new(),
            // Question and function words too ("cho ra" is Chợ Rã, "tien duoc" Tiên Dược):
            // words typed together and found together are the strongest evidence there is.
            // A pair of two question words ("nhu the") tells nothing of what is looked for.
            true => query
                .terms
                .windows(2)
                .filter(|w| {
                    w.iter()
                        .all(|t| !t.negated && matches!(t.mode, Mode::Fuzzy | Mode::Exact))
                        && w.iter().any(|t| !t.question)
                })
                .map(|w| {
                    let pair = format!("{} {}", w[0].folded, w[1].folded);
                    (pair, !english || w.iter().all(|t| !t.question))
                })
                .collect(),
        };
        let admitting: Vec<&str> = pairs
            .iter()
            .filter(|(_, admits)| *admits)
            .map(|(pair, _)| pair.as_str())
            .collect();
        let partial = index.and_then(|index| Partial::new(query, index, &admitting));
        let pair_admits = pairs.iter().map(|(_, admits)| *admits).collect();
        let pairs = pairs
            .iter()
            .map(|(pair, _)| {
                (
                    pair.len(),
                    memmem::Finder::new(pair.as_bytes()).into_owned(),
                    // Two words found together are far rarer than either: the strongest
                    // evidence there is ("truong doan", the leader), never weighed down.
                    EVEN,
                )
            })
            .collect();
        Prepared {
            query,
            finders,
            rarity,
            phrase,
            pairs,
            pair_admits,
            partial,
        }
    }
}

/// What went into a hit's score, kept so that a query typed on from this one (a letter
/// more, a word more) need not look again for the terms the two share.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parts {
    /// The terms' scores but the last, added up in order.
    pub head: f32,
    /// All the terms' scores added up in order (`head` plus the last).
    pub all: f32,
    /// The query had a phrase (two words or more) and it was not found.
    pub no_phrase: bool,
    /// How many of a question's words the record lacks (see [`Partial`]): it is ranked with
    /// the records holding all of them, by its score.
    pub missing: u8,
}

impl Parts {
    /// What a query of one term that scored `score` keeps.
    pub fn single(score: f32) -> Parts {
        Parts {
            head: 0.0,
            all: score,
            no_phrase: false,
            missing: 0,
        }
    }
}

/// What is already known of a record from an earlier query that this one narrows.
#[derive(Clone, Copy, Debug)]
pub struct Known {
    pub earlier: Parts,
    /// How many terms the earlier query had.
    pub terms: usize,
    /// All of them are this query's first terms; else all but the last are.
    pub all_shared: bool,
    /// The earlier scores hold only if the record has no English text (the queries'
    /// languages differ, neither English).
    pub without_english: bool,
}

/// The best place a (positive) term occurs in the record, its field's class, and whether
/// the term occurs as typed (not only as the starts of words).
fn term_best(
    p: &Prepared,
    i: usize,
    entry: &Entry,
    matcher: &SkimMatcherV2,
) -> Option<(f32, Class, bool)> {
    let (term, finder, rarity) = (&p.query.terms[i], &p.finders[i], &p.rarity[i]);
    let language = p.query.language;
    let exact = |(score, class)| (score, class, true);
    let len = term.folded.len();
    match term.mode {
        Mode::Fuzzy => exact_best_weighted(entry, finder, len, language, rarity)
            .map(exact)
            .or_else(|| {
                fuzzy_best(entry, term, matcher, language, rarity).map(|(s, c)| (s, c, false))
            }),
        Mode::Exact => exact_best_weighted(entry, finder, len, language, rarity).map(exact),
        Mode::Prefix | Mode::Suffix | Mode::Whole => {
            anchored_best(entry, term, language, rarity).map(exact)
        }
    }
}

/// A question word need not match, but counts where it is found. Typed with diacritics, it
/// counts where the record has the same accents ("đâu" never counts for "Dâu"). Typed without,
/// in a query not in English, it may be part of a name ("duoc" of Tiên Dược, "o" of Mò Ó) and
/// counts wherever found; English function words ("in", "the") only help the pairs.
fn question_score(p: &Prepared, i: usize, entry: &Entry, record: RecordRef) -> f32 {
    let (term, finder, rarity) = (&p.query.terms[i], &p.finders[i], &p.rarity[i]);
    let (len, language) = (term.folded.len(), p.query.language);
    let found = |factors: &Rarity| {
        exact_best_weighted(entry, finder, len, language, factors).map_or(0.0, |(s, _)| s)
    };
    match &term.accented {
        Some(accented) if same_accents(record, accented) => found(rarity) * 1.5,
        Some(_) => 0.0,
        None if p.query.language == Some(Language::English) => 0.0,
        None => {
            let mut factors = *rarity;
            for (f, class) in factors.class.iter_mut().zip(super::index::CLASSES) {
                if !matches!(class, Class::Place | Class::PlaceNow) {
                    *f *= NAME_WORD_ELSEWHERE;
                }
            }
            found(&factors)
        }
    }
}

/// What a question word typed without diacritics counts outside names (places,
/// organizations, tags): "với" in "làm việc với" is not the town of Vôi.
const NAME_WORD_ELSEWHERE: f32 = 0.3;

/// The record's score, or `None` when it does not match.
pub fn score(
    p: &Prepared,
    at: usize,
    entry: &Entry,
    record: RecordRef,
    matcher: &SkimMatcherV2,
) -> Option<f32> {
    score_parts(p, at, entry, record, matcher, None).map(|(s, _)| s)
}

/// [`score`] of record number `at`, starting from what an earlier query found (`known`), and
/// saying what went in.
pub fn score_parts(
    p: &Prepared,
    at: usize,
    entry: &Entry,
    record: RecordRef,
    matcher: &SkimMatcherV2,
    known: Option<Known>,
) -> Option<(f32, Parts)> {
    if !filters_pass(&p.query.filters, entry, record) {
        return None;
    }
    let n = p.query.terms.len();
    let (known, skip, mut total, mut parts) = taken_over(known, entry.english, n);
    let mut phrase_possible = true;
    // A question's words the record lacks, the weight of those it holds, and whether it may
    // lack some (found when it first lacks one: most records hold none of the rare words).
    let mut missing = 0u8;
    // The words an earlier query found are held; a question word that names a place only
    // where a place field has it.
    let mut held: f32 = match &p.partial {
        Some(partial) => (0..skip.min(n))
            .map(|i| partial.held(i, entry, &p.finders[i]))
            .sum(),
        None => 0.0,
    };
    let pairs = p.query.terms.iter().zip(&p.finders).enumerate().skip(skip);
    for (i, (term, finder)) in pairs {
        if i + 1 == n {
            parts.head = total;
        }
        if term.negated {
            if finder.find(entry.text.as_bytes()).is_some() {
                return None;
            }
            continue;
        }
        if term.question {
            total += question_score(p, i, entry, record);
            if let Some(partial) = &p.partial {
                held += partial.held(i, entry, finder);
            }
            continue;
        }
        let Some((mut best, _, as_typed)) = term_best(p, i, entry, matcher) else {
            let partial = p.partial.as_ref()?;
            if !partial.gate.contains(at) {
                return None;
            }
            let text = entry.text.as_bytes();
            // Given up as soon as it can hold neither half the weight nor a pair: the rest
            // of its words (question words read everywhere) need not be looked for.
            let later: f32 = partial.weight.iter().skip(i + 1).sum();
            let pairs = p.pairs.iter().zip(&p.pair_admits);
            let pair = || {
                pairs
                    .filter(|(_, a)| **a)
                    .any(|((_, f, _), _)| f.find(text).is_some())
            };
            if held + later < partial.total / 2.0 && !pair() {
                return None;
            }
            missing = missing.saturating_add(1);
            phrase_possible = false;
            continue;
        };
        if let Some(partial) = &p.partial {
            held += partial.held(i, entry, finder);
        }
        // The phrase holds every word as typed.
        phrase_possible &= as_typed;
        if let Some(accented) = &term.accented {
            if same_accents(record, accented) {
                best *= 1.5;
            }
        }
        total += best;
    }
    parts.all = total;
    let mut score = total;
    let language = p.query.language;
    if let Some((phrase, finder, words, rarity)) = &p.phrase {
        // Words found together, in order, count as much again as all but one of them.
        let together = match known {
            _ if !phrase_possible => None,
            Some(k) if k.earlier.no_phrase => None,
            _ => exact_best_weighted(entry, finder, phrase.len(), language, rarity),
        };
        parts.no_phrase = together.is_none();
        score += together.map_or(0.0, |(s, _)| s) * (*words as f32 - 1.0);
    }
    let mut paired = false;
    let mut pairs_score = 0.0;
    for ((len, finder, rarity), admits) in p.pairs.iter().zip(&p.pair_admits) {
        let pair = exact_best_of_words(entry, finder, *len, language, rarity);
        paired |= *admits && pair.is_some();
        pairs_score += pair.map_or(0.0, |(s, _)| s);
    }
    score += pairs_score;
    if let (Some(partial), true) = (&p.partial, missing > 0) {
        if !paired && held < partial.total / 2.0 {
            return None;
        }
        // Ranked by what it holds: its words a little below a record holding every word,
        // its pairs (words typed together, found together) above.
        score -= total * (1.0 - PARTIAL_WORDS.powi(i32::from(missing)));
        score += pairs_score * (PARTIAL_PAIRS - 1.0);
    }
    parts.missing = missing;
    Some((score, parts))
}

/// What a score of `n` terms starts from, given what an earlier query found (`known`, when its
/// scores hold for the record, which has English fields when `english`): the known, the terms
/// already scored, their total, and the parts kept.
fn taken_over(known: Option<Known>, english: bool, n: usize) -> (Option<Known>, usize, f32, Parts) {
    let known = known.filter(|k| !(k.without_english && english));
    let (skip, total) = match known {
        Some(k) if k.all_shared => (k.terms, k.earlier.all),
        Some(k) => (k.terms.saturating_sub(1), k.earlier.head),
        None => (0, 0.0),
    };
    let mut parts = Parts::default();
    if let Some(k) = known.filter(|k| k.all_shared && k.terms == n) {
        parts.head = k.earlier.head;
    }
    (known, skip, total, parts)
}

/// Whether the record matches: what [`score_parts`] answers with `Some`, without scoring,
/// for a query that lists no record lacking words (`p.lists_partial()` false; for one that
/// does, the record is scored). The terms `known` says the record holds are not looked for
/// again, as [`score_parts`] does not; nor is a word `held` tells of (from the word
/// postings or a letter's column): `Some(true)`, the text holds it in a field; `Some(false)`,
/// it does not, and the record may match it as the starts of words
/// ([`may_match_as_word_starts`] was asked). `short` is what the words of the record's short
/// fields are made of ([`ShortWords::UNKNOWN`] when not known): a word lacking in the text
/// is looked for as the starts of words only when they may hold it so.
#[allow(clippy::too_many_arguments)]
pub fn matches(
    p: &Prepared,
    at: usize,
    entry: &Entry,
    record: RecordRef,
    matcher: &SkimMatcherV2,
    known: Option<Known>,
    held: impl Fn(&Term) -> Option<bool>,
    short: ShortWords,
) -> bool {
    if p.partial.is_some() {
        return score_parts(p, at, entry, record, matcher, known).is_some();
    }
    if !filters_pass(&p.query.filters, entry, record) {
        return false;
    }
    let known = known.filter(|k| !(k.without_english && entry.english));
    let skip = match known {
        Some(k) if k.all_shared => k.terms,
        Some(k) => k.terms.saturating_sub(1),
        None => 0,
    };
    let terms = p.query.terms.iter().zip(&p.finders).enumerate().skip(skip);
    for (i, (term, finder)) in terms {
        if term.negated {
            if finder.find(entry.text.as_bytes()).is_some() {
                return false;
            }
            continue;
        }
        if term.question {
            continue;
        }
        let len = term.folded.len();
        let language = p.query.language;
        let held = held(term);
        let as_starts = || match held {
            Some(false) if as_starts_scores(term) => true,
            Some(false) => fuzzy_best(entry, term, matcher, language, &p.rarity[i]).is_some(),
            _ => {
                may_match_as_word_starts(term, entry, short)
                    && (as_starts_scores(term)
                        || fuzzy_best(entry, term, matcher, language, &p.rarity[i]).is_some())
            }
        };
        let found = match term.mode {
            Mode::Fuzzy => held.unwrap_or_else(|| occurs(entry, finder, len)) || as_starts(),
            Mode::Exact => held.unwrap_or_else(|| occurs(entry, finder, len)),
            Mode::Prefix | Mode::Suffix | Mode::Whole => {
                anchored_best(entry, term, language, &p.rarity[i]).is_some()
            }
        };
        if !found {
            return false;
        }
    }
    true
}

/// Whether [`matches`] can tell that the record matches without reading its entry: no
/// filter, no negated word, and every word left to look for (those `known` does not say it
/// holds) one that `held` says its text holds (`Some(true)`), or that it may match as the
/// starts of words and [`as_starts_scores`]. False when the entry must be read.
pub fn held_without_reading(
    p: &Prepared,
    known: Option<Known>,
    held: impl Fn(&Term) -> Option<bool>,
) -> bool {
    if p.partial.is_some() || !p.query.filters.is_empty() {
        return false;
    }
    // Whether the earlier parts hold depends on the record's English text, in the entry.
    let skip = match known {
        Some(k) if k.without_english => return false,
        Some(k) if k.all_shared => k.terms,
        Some(k) => k.terms.saturating_sub(1),
        None => 0,
    };
    p.query.terms.iter().skip(skip).all(|term| {
        term.question
            || match (term.negated, term.mode, held(term)) {
                (false, Mode::Fuzzy | Mode::Exact, Some(true)) => true,
                (false, Mode::Fuzzy, Some(false)) => as_starts_scores(term),
                _ => false,
            }
    })
}

/// What matching most of a question's words needs: how many records hold each word it looks
/// for (per field class), and how many of them a record must hold.
pub struct Soft<'w> {
    /// Per term, in query order: its record counts (question words, negated ones: none).
    counts: Vec<Option<[u32; 5]>>,
    /// The words looked for (indices into the terms), rarest first.
    order: Vec<usize>,
    pub need: usize,
    words: &'w WordCounts,
    /// Per term, how much holding it tells ([`WordCounts::weight_anywhere`]), and half of
    /// their sum: a record holding more than half the weight (the rare word of "grows
    /// durian") is listed however many words it lacks.
    weight: Vec<f32>,
    half: f32,
}

impl<'w> Soft<'w> {
    pub fn new(query: &Query, words: &'w WordCounts) -> Soft<'w> {
        let counts: Vec<Option<[u32; 5]>> = query
            .terms
            .iter()
            .map(|t| (!t.negated && !t.question).then(|| words.records_with(&t.folded)))
            .collect();
        let content = counts.iter().flatten().count();
        // A question may miss half its words; keywords, fewer than half (two keywords: none).
        let need = match query.terms.iter().any(|t| t.question) {
            true => content.div_ceil(2),
            false => content / 2 + 1,
        };
        let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i].is_some()).collect();
        let total = |i: &usize| counts[*i].map_or(0, |c| c.iter().map(|&n| u64::from(n)).sum());
        order.sort_by_key(total);
        let weight: Vec<f32> = query
            .terms
            .iter()
            .zip(&counts)
            .map(|(t, c)| c.map_or(0.0, |_| words.weight_anywhere(&t.folded)))
            .collect();
        let half = weight.iter().sum::<f32>() / 2.0;
        Soft {
            counts,
            order,
            need: need.clamp(1, content.max(1)),
            words,
            weight,
            half,
        }
    }
}

/// A record that holds most but not all of the words looked for (at least `soft.need`): how
/// many it misses, and a score that adds up what each word it holds matched, weighted by how
/// rare the word is in that kind of field. `None` for a record holding all of them (it is
/// ranked with [`score`]) or too few.
pub fn soft_score(
    p: &Prepared,
    soft: &Soft,
    entry: &Entry,
    record: RecordRef,
) -> Option<(u8, f32)> {
    if !filters_pass(&p.query.filters, entry, record) {
        return None;
    }
    let text = entry.text.as_bytes();
    let negated = p
        .query
        .terms
        .iter()
        .zip(&p.finders)
        .filter(|(t, _)| t.negated);
    if negated.into_iter().any(|(_, f)| f.find(text).is_some()) {
        return None;
    }
    // Rarest words first: most records are given up after missing a word or two. Only exact
    // places count here (no word-starts matching): this tier is loose enough.
    let can_miss = soft.order.len() - soft.need;
    let (mut missing, mut total) = (0usize, 0.0f32);
    let (mut held, mut unread) = (0.0f32, 2.0 * soft.half);
    for &i in &soft.order {
        unread -= soft.weight[i];
        let (term, finder) = (&p.query.terms[i], &p.finders[i]);
        let language = p.query.language;
        let best = match term.mode {
            Mode::Fuzzy | Mode::Exact => exact_best_in(entry, finder, term.folded.len(), language),
            Mode::Prefix | Mode::Suffix | Mode::Whole => {
                anchored_best(entry, term, language, &EVEN)
            }
        };
        match (best, &soft.counts[i]) {
            (Some((best, class)), Some(counts)) => {
                total += best * soft.words.weight(counts, class);
                held += soft.weight[i];
            }
            _ => {
                missing += 1;
                if missing > can_miss && held + unread <= soft.half {
                    return None;
                }
            }
        }
    }
    if missing == 0 || (missing > can_miss && held <= soft.half) {
        return None;
    }
    for (len, finder, rarity) in &p.pairs {
        let pair = exact_best_of_words(entry, finder, *len, p.query.language, rarity);
        total += pair.map_or(0.0, |(s, _)| s);
    }
    Some((missing.min(255) as u8, total))
}

/// For each word looked for (in query order), whether the record holds it.
pub fn words_found(p: &Prepared, entry: &Entry, matcher: &SkimMatcherV2) -> Vec<(String, bool)> {
    p.query
        .terms
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.negated && !t.question)
        .map(|(i, t)| {
            let word = t.accented.clone().unwrap_or_else(|| t.folded.clone());
            (word, term_best(p, i, entry, matcher).is_some())
        })
        .collect()
}

/// A term typed as the starts of words run together (`htx` for "hợp tác xã", `kontum` for "Kon
/// Tum") in a short field, scored by SkimMatcherV2 and kept below any exact whole-word match.
/// Letters scattered anywhere do not count: in long text they match almost everything.
fn fuzzy_best(
    entry: &Entry,
    term: &Term,
    matcher: &SkimMatcherV2,
    language: Option<Language>,
    rarity: &Rarity,
) -> Option<(f32, Class)> {
    if term.folded.chars().count() < FUZZY_MIN_CHARS {
        return None;
    }
    let mut best: Option<(f32, Class)> = None;
    for span in entry.spans.iter().filter(|s| s.class.is_short()) {
        let field = entry.field(span);
        if !as_word_starts(&term.folded, field) {
            continue;
        }
        let Some(raw) = matcher.fuzzy_match(field, &term.folded) else {
            continue;
        };
        // SkimMatcherV2 gives about 16-20 per matched character when they are together.
        let closeness = (raw as f32 / (term.folded.len() as f32 * 20.0)).clamp(0.0, 1.0);
        let s = span_score(span, 0.5 * closeness, language) * rarity.class[class_index(span.class)];
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, span.class));
        }
    }
    best
}

/// Whether `term` may match `field` as the starts of its words run together: what
/// [`fuzzy_best`] asks of a field before scoring it.
fn as_word_starts(term: &str, field: &str) -> bool {
    is_subsequence(term.as_bytes(), field.as_bytes()) && word_starts_chain(term, field)
}

/// Whether term `term` of a query, which the record's text lacks, may match the record as
/// the starts of words run together in a short field (see [`fuzzy_best`]). `short` is what
/// the words of the record's short fields are made of: a record whose words cannot hold the
/// term so is not read.
pub(super) fn may_match_as_word_starts(term: &Term, entry: &Entry, short: ShortWords) -> bool {
    if term.mode != Mode::Fuzzy || term.folded.chars().count() < FUZZY_MIN_CHARS {
        return false;
    }
    if !short.hold_letters_of(&term.folded) || !short.may_start_apart(&term.folded) {
        return false;
    }
    entry
        .spans
        .iter()
        .filter(|s| s.class.is_short())
        .any(|span| as_word_starts(&term.folded, entry.field(span)))
}

/// Whether a term that [`may_match_as_word_starts`] surely scores in [`fuzzy_best`]: one of
/// ASCII letters and digits is then a subsequence of the field's characters (not only its
/// bytes), and SkimMatcherV2 scores every pattern that is a subsequence of the choice.
fn as_starts_scores(term: &Term) -> bool {
    term.folded.is_ascii()
}

/// Cheap check before fuzzy scoring: every byte of `needle` occurs in `hay` in order.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut rest = hay;
    for &b in needle {
        match memchr::memchr(b, rest) {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// True when `term` can be cut into pieces that start words of `field`, in order (words may be
/// skipped): `htx` in "hop tac xa", `daklak` in "tinh dak lak", `cbche` in "che bien che".
///
/// Walks the words once, keeping which lengths of the term can be matched so far; works on bytes
/// and allocates nothing, as it runs for many records per keystroke.
fn word_starts_chain(term: &str, field: &str) -> bool {
    const MAX: usize = 64;
    let term = term.as_bytes();
    if term.len() > MAX {
        return false;
    }
    let mut reach = [false; MAX + 1];
    reach[0] = true;
    let field = field.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut i = 0;
    while i < field.len() {
        if !is_word(field[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < field.len() && is_word(field[i]) {
            i += 1;
        }
        let word = &field[start..i];
        // Longest first within this word, from each reachable point; newly reached points
        // are only used by later words, so update from the end of the term backwards.
        for from in (0..term.len()).rev() {
            if !reach[from] {
                continue;
            }
            let common = word
                .iter()
                .zip(&term[from..])
                .take_while(|(a, b)| a == b)
                .count();
            for l in 1..=common {
                reach[from + l] = true;
            }
        }
        if reach[term.len()] {
            return true;
        }
    }
    reach[term.len()]
}

/// `^term`, `term$`, `^term$`: a field that starts with, ends with, or is the term.
fn anchored_best(
    entry: &Entry,
    term: &Term,
    language: Option<Language>,
    rarity: &Rarity,
) -> Option<(f32, Class)> {
    let t = term.folded.as_str();
    entry
        .spans
        .iter()
        .filter(|span| {
            let f = entry.field(span);
            match term.mode {
                Mode::Prefix => f.starts_with(t),
                Mode::Suffix => f.ends_with(t),
                _ => f == t,
            }
        })
        .map(|span| {
            let s = span_score(span, 3.0, language) * rarity.class[class_index(span.class)];
            (s, span.class)
        })
        .reduce(|a, b| if b.0 > a.0 { b } else { a })
}

/// The term with its diacritics occurs in the record's title, places or summary.
fn same_accents(record: RecordRef, accented: &str) -> bool {
    let Some(record) = record.get() else {
        return false;
    };
    let c = record.common();
    let mut texts = vec![c.title.as_str()];
    texts.extend(record.provinces());
    texts.extend(c.summary.as_deref());
    texts.iter().any(|t| t.to_lowercase().contains(accented))
}

/// Values of one field widen each other (`kind:meeting kind:visit`: either), different fields
/// all apply, and every negated filter must hold.
pub fn filters_pass(filters: &[Filter], entry: &Entry, record: RecordRef) -> bool {
    filters.iter().enumerate().all(|(i, f)| {
        if f.negated {
            return filter_matches(f, entry, record);
        }
        // The first positive filter of each field answers for all of its field.
        let first = filters
            .iter()
            .position(|g| !g.negated && g.field.same_field(&f.field));
        if first != Some(i) {
            return true;
        }
        filters
            .iter()
            .filter(|g| !g.negated && g.field.same_field(&f.field))
            .any(|g| filter_matches(g, entry, record))
    })
}

fn filter_matches(filter: &Filter, entry: &Entry, record: RecordRef) -> bool {
    let by_role = |role: Role, value: &str| {
        entry
            .spans
            .iter()
            .filter(|s| s.role == role)
            .any(|s| loose(entry.field(s)).contains(value))
    };
    let hit = match &filter.field {
        Field::Kind(k) => entry.kind == *k,
        Field::Province(v) => by_role(Role::Province, v),
        // Products are a visit's tags too.
        Field::Tag(v) => by_role(Role::Tag, v) || by_role(Role::Product, v),
        Field::Product(v) => by_role(Role::Product, v),
        Field::Topic(v) => by_role(Role::Topic, v),
        Field::Trip(v) => record
            .get()
            .and_then(Record::trip_id)
            .is_some_and(|t| t.to_lowercase().contains(v.as_str())),
        Field::Id(v) => record
            .id()
            .is_some_and(|id| id.to_lowercase().contains(v.as_str())),
    };
    hit != filter.negated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_check() {
        assert!(is_subsequence(b"htx", b"hop tac xa"));
        assert!(!is_subsequence(b"xth", b"hop tac xa"));
        assert!(is_subsequence(b"", b"abc"));
    }

    #[test]
    fn fuzzy_terms_are_word_starts_run_together() {
        assert!(word_starts_chain("htx", "hop tac xa"));
        assert!(word_starts_chain("kontum", "kon tum"));
        assert!(word_starts_chain("daklak", "tinh dak lak"));
        assert!(word_starts_chain("htxcs", "hop tac xa che sach"));
        assert!(!word_starts_chain("plong", "hoc tap trao doi kinh nghiem"));
        assert!(!word_starts_chain("dau", "dong truong son"));
        assert!(!word_starts_chain("xth", "hop tac xa"));
    }
}
