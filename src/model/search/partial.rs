//! A question's partial matches: a record lacking some of the words asked is still listed when
//! it holds the rare ones (the place, the product) or two words typed together, ranked with the
//! rest by what it holds ([`Partial`]). Which records may be is known before they are read: the
//! records holding the rare words ([`Index::holding`]).

use memchr::memmem;

use super::held::Records;
use super::index::{Class, Entry, Index};
use super::query::{Query, Term};
use super::question::Language;

/// A question is asked in one's own words: the record answering it may lack some of them
/// ("mò ó trồng gì": the record of Mò Ó says what it grows, not "trồng"). A record lacking
/// words is listed, ranked with the rest by its score, when it holds at least half of the
/// words' weight (the rare words: the place, the product) or two words typed together.
pub(super) struct Partial {
    /// Per term, how much holding it tells (0 for question words, negated ones, and words
    /// no record holds); a word that names a few places counts as the name, rarer than the
    /// word ("hieu" is in thousands of records as hiệu quả, one commune is named Hiếu).
    pub(super) weight: Vec<f32>,
    /// Per term, a word that names a few places: held in full only where a place field has it;
    /// elsewhere it counts as the word (`elsewhere`): a question or function word typed without
    /// diacritics ("voi": với, and the town of Vôi) counts nothing there.
    pub(super) named: Vec<bool>,
    pub(super) elsewhere: Vec<f32>,
    /// The weight of all the words looked for.
    pub(super) total: f32,
    /// The records holding the rarest words (enough that a record holding none of them holds
    /// less than half the weight), a word naming few places, or a rare pair: a record holding
    /// none of them matches fully or not at all. Found once per word ([`Index::holding`]).
    pub gate: Records,
}

/// What the words a question's partial match holds count, per word it lacks: a record
/// holding every word comes first among equals ("so ke hoach dau tu": the trip, holding
/// "so", before a meeting lacking it).
pub(super) const PARTIAL_WORDS: f32 = 0.9;
/// What the pairs a question's partial match holds count: the strongest evidence it has
/// ("mò ó trồng gì": Mò Ó, named together, before thousands of records holding "mô", "ở"
/// and "trồng" apart).
pub(super) const PARTIAL_PAIRS: f32 = 2.0;

/// A word or pair held by at most one record in this many opens a question's partial matches.
/// In a small dataset every word is: scoring all records twice costs nothing there.
const RARE_SHARE: u32 = 20;
const RARE_ALWAYS: u32 = 1000;

/// True for a question (not `--strict`) of two words looked for or more, or of one and a
/// question word that may name a place: scored with the word counts, a record lacking some of
/// its words may be listed (see [`Partial`]).
fn lists_partial(query: &Query) -> bool {
    let content = query.content_terms().count();
    !query.strict
        && query.terms.iter().any(|t| t.question)
        && (content >= 2 || (content == 1 && query.terms.iter().any(|t| may_name(query, t))))
}

/// A question or function word typed without diacritics, in a question not in English: it
/// may be a place's name ("voi" is với, and the town of Vôi).
fn may_name(query: &Query, t: &Term) -> bool {
    t.question && !t.negated && t.accented.is_none() && query.language != Some(Language::English)
}

impl Partial {
    pub(super) fn new(query: &Query, index: &Index, pairs: &[&str]) -> Option<Partial> {
        let words = index.word_counts();
        if !lists_partial(query) {
            return None;
        }
        let looked_for = |t: &Term| !t.negated && !t.question;
        let most = (words.records() / RARE_SHARE).max(RARE_ALWAYS);
        let elsewhere: Vec<f32> = query
            .terms
            .iter()
            .map(|t| match looked_for(t) {
                true => words.weight_anywhere(&t.folded),
                false => 0.0,
            })
            .collect();
        // As rare as the places it names, for a word that names a few.
        let as_name = |t: &Term| {
            let n = words.places_named(&t.folded);
            let counts = looked_for(t) || may_name(query, t);
            (counts && n > 0 && n <= most)
                .then(|| (1.0 + words.records() as f32 / (1.0 + n as f32)).ln())
        };
        let names: Vec<Option<f32>> = query.terms.iter().map(as_name).collect();
        let named: Vec<bool> = names
            .iter()
            .zip(&elsewhere)
            .map(|(name, &e)| name.is_some_and(|n| n > e))
            .collect();
        let weight: Vec<f32> = names
            .iter()
            .zip(&elsewhere)
            .map(|(name, &e)| name.map_or(e, |n| n.max(e)))
            .collect();
        let total: f32 = weight.iter().sum();
        let half = total / 2.0;
        let mut rarest: Vec<usize> = (0..weight.len()).filter(|&i| weight[i] > 0.0).collect();
        rarest.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]));
        // Only what few records hold opens the gate: a partial match holding only common
        // words tells nothing, and looking for them would score most records twice over
        // while a question is typed.
        let mut patterns: Vec<&str> = Vec::new();
        let mut rest = total;
        for i in rarest {
            // A record holding none of the words so far holds at most the rest.
            if rest < half {
                break;
            }
            let word = query.terms[i].folded.as_str();
            if words.records_anywhere(word) <= most {
                patterns.push(word);
            }
            rest -= weight[i];
        }
        // A word naming a few places is looked for too: "hieu" is in thousands of records
        // (hiệu quả), one commune is named Hiếu.
        for i in (0..weight.len()).filter(|&i| weight[i] > 0.0) {
            let word = query.terms[i].folded.as_str();
            let named = words.places_named(word);
            if named > 0 && named <= most && !patterns.contains(&word) {
                patterns.push(word);
            }
        }
        // A pair is as rare as its rarer word, or as the place it names.
        let pair_rare = |pair: &str| {
            let named = words.places_named(pair);
            (named > 0 && named <= most)
                || pair.split(' ').any(|w| words.records_anywhere(w) <= most)
        };
        patterns.extend(pairs.iter().copied().filter(|pair| pair_rare(pair)));
        if patterns.is_empty() {
            return None;
        }
        let mut gate = Records::new(index.len());
        for pattern in patterns {
            gate.union(&index.holding(pattern));
        }
        Some(Partial {
            weight,
            named,
            elsewhere,
            total,
            gate,
        })
    }
}

impl Partial {
    /// What term `i`, found in the record, counts towards half the weight: as a place's name
    /// only where a place field has it.
    pub(super) fn held(&self, i: usize, entry: &Entry, finder: &memmem::Finder) -> f32 {
        match self.named[i] && !in_a_place(entry, finder) {
            true => self.elsewhere[i],
            false => self.weight[i],
        }
    }
}

/// Whether `finder` starts a word in one of the record's place fields.
fn in_a_place(entry: &Entry, finder: &memmem::Finder) -> bool {
    let places = entry
        .spans
        .iter()
        .filter(|s| matches!(s.class, Class::Place | Class::PlaceNow));
    places.into_iter().any(|span| {
        let field = entry.field(span).as_bytes();
        finder
            .find_iter(field)
            .any(|at| at == 0 || !field[at - 1].is_ascii_alphanumeric())
    })
}
