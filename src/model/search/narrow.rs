//! Typing on: the results of earlier queries ([`Recent`]) and, for a query that narrows one of
//! them, the only records it need look at and what is known of their scores ([`Narrowed`]).

use std::sync::Arc;

use super::{held, query, question, score, Hit, Placed, Query};

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
    pub(super) fn slots(&self, records: usize, also: Option<&held::Records>) -> Vec<u32> {
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
            Some(hit) => {
                let scored = !matches!(hit.placed, Placed::Unscored | Placed::Pruned);
                let bounded = hit.placed == Placed::Pruned;
                Look::known(record, hit.parts, scored, bounded)
            }
            None => Look::unknown(record),
        }
    }

    /// What is known of a record to look at: the parts of its score.
    pub(super) fn known_of(&self, look: &Look) -> Option<score::Known> {
        if !look.scored {
            return None;
        }
        self.matched_of(look)
    }

    /// What is known of a record to look at, or bounds of it: the parts of its score, or
    /// their bounds when the earlier search only bounded it ([`score::bound`]).
    pub(super) fn bound_of(&self, look: &Look) -> Option<score::Known> {
        if !look.scored && !look.bounded {
            return None;
        }
        self.matched_of(look)
    }

    /// Which of the query's terms a record to look at is known to hold (the earlier query's
    /// it shares), whether or not its score was worked out: what telling a match needs.
    pub(super) fn matched_of(&self, look: &Look) -> Option<score::Known> {
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
pub(super) enum Looks<'a> {
    /// Every record, nothing known.
    Every(usize),
    /// Those of an earlier query's matches ([`Narrowed::slots`]).
    Narrowed(&'a Narrowed, Vec<u32>),
}

impl Looks<'_> {
    /// How many records the looks run over (some perhaps skipped).
    pub(super) fn records(&self) -> usize {
        match self {
            Looks::Every(n) => *n,
            Looks::Narrowed(_, slots) => slots.len(),
        }
    }

    /// The looks at the records of `from..to`, in `out` (emptied first).
    pub(super) fn fill(&self, from: usize, to: usize, out: &mut Vec<Look>) {
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
pub(super) struct Look {
    record: u32,
    /// The earlier query matched it, and this one keeps its terms.
    known: bool,
    /// ... and scored it: `earlier` holds the parts.
    scored: bool,
    /// ... or only bounded its score: `earlier` holds bounds of the parts.
    bounded: bool,
    earlier: score::Parts,
}

impl Look {
    pub(super) fn unknown(record: usize) -> Look {
        Look {
            record: record as u32,
            known: false,
            scored: false,
            bounded: false,
            earlier: score::Parts::default(),
        }
    }

    fn known(record: usize, earlier: score::Parts, scored: bool, bounded: bool) -> Look {
        Look {
            record: record as u32,
            known: true,
            scored,
            bounded,
            earlier,
        }
    }

    pub(super) fn record(&self) -> usize {
        self.record as usize
    }
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
    use crate::model::search::parse;

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
