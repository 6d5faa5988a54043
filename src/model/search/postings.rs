//! Which records may match a query, known before their text is read: at a million records a
//! word of a few letters would otherwise read every record's whole text on each keystroke.
//!
//! Two tables, built once after loading (in the background in the TUI, [`Postings::build`]):
//!
//! - *Word postings*, per run of [`RUN`] records: the distinct words of the run's folded text,
//!   sorted, and for each word the records holding it. A term made only of letters and digits
//!   can only occur inside one word, so the records whose text holds it are those of the words
//!   that hold it: the words are found by one substring scan of the run's dictionary, not of
//!   the records' text.
//!   Each record of a word is marked when the word is in the record's leading short fields
//!   (titles, places, names, tags), so the records holding a term *there* are known too.
//! - *Words of the short fields*: per record, which letters and digits its title, places,
//!   organization and tags hold, and which start their words ([`ShortWords`]). A term typed as
//!   the starts of words run together (`htx` for hợp tác xã) matches without being in the
//!   text; it needs all its letters in one short field, each piece starting a word, so a
//!   record lacking them cannot match that way.
//! - *Ceilings*: per record, the most a match can score in it, and in a field after the short
//!   ones ([`Ceilings`]). With the marks above, a first screen bounds a record lacking the
//!   query's words in its short fields without reading it ([`super::score::bound_unread`]).
//!
//! The search looks at a record only if, for every word it must hold, the record holds the
//! word or may match it as word starts ([`super::score::may_match_as_word_starts`]); the others
//! would not match, so the results are exactly those of reading every record.

use std::sync::Arc;

use super::held::Records;
use super::index::Index;
use super::query::{Query, Term};
use super::score::may_match_as_word_starts;
use super::short_words::{ShortPlaces, ShortWords, Sits};
use crate::model::parallel;

/// Records per run: a record's place in its run fits in 15 bits, the 16th is [`SHORT`].
const RUN: usize = 1 << 15;

/// The mark of a word's record whose leading short fields hold the word.
const SHORT: u16 = 1 << 15;

/// The word postings and short-field letters of every record.
#[derive(Clone, Default)]
pub struct Postings {
    runs: Vec<Run>,
    /// Per record, what the words of its short fields are made of.
    short_words: Vec<ShortWords>,
    /// Per record, its ceilings.
    ceilings: Vec<Ceilings>,
    records: usize,
}

/// The most a match can score in a record, before rarity and diacritics: in any field (its
/// first field's [`super::index::Span::ceiling`]), and in a field after the leading short
/// ones (the ceiling of the first of those; 0 when there is none).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Ceilings {
    pub record: f32,
    pub later: f32,
}

impl Ceilings {
    /// What nothing is known of: no bound below infinity.
    const UNKNOWN: Ceilings = Ceilings {
        record: f32::INFINITY,
        later: f32::INFINITY,
    };

    fn of(entry: &super::index::Entry) -> Ceilings {
        let (first_long, _) = entry.short_end();
        let ceiling = |i: usize| entry.spans.get(i).map_or(0.0, |s| s.ceiling);
        Ceilings {
            record: ceiling(0),
            later: ceiling(first_long),
        }
    }
}

/// Only its size: the tables are large.
impl std::fmt::Debug for Postings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postings")
            .field("records", &self.records)
            .field("bytes", &self.bytes())
            .finish()
    }
}

/// The postings of one run of records.
#[derive(Clone, Default)]
struct Run {
    first: usize,
    /// The distinct words, sorted, each after a newline (which no word holds: a term found in
    /// `words` lies within one word).
    words: String,
    /// Where each word starts in `words`.
    word_starts: Vec<u32>,
    /// Where each word's records start in `ids` (one more entry than words).
    starts: Vec<u32>,
    /// Each word's records, as places in the run, increasing; [`SHORT`] marks a record whose
    /// leading short fields hold the word.
    ids: Vec<u16>,
}

/// A term the word postings can answer for: letters and digits only, so that it can only
/// occur inside one word.
pub(super) fn is_one_word(term: &str) -> bool {
    !term.is_empty() && term.chars().all(char::is_alphanumeric)
}

impl Postings {
    /// Reads every record of `index` once, a run of records per core at a time.
    pub fn build(index: &Index) -> Postings {
        let ids: Vec<usize> = (0..index.len()).collect();
        let runs_per_core = index.len().div_ceil(RUN).div_ceil(parallel::threads());
        let chunk = RUN * runs_per_core.max(1);
        let parts = parallel::map_chunks(&ids, chunk, |first, part| {
            part.chunks(RUN)
                .enumerate()
                .map(|(n, run)| build_run(index, first + n * RUN, run.len()))
                .collect::<Vec<_>>()
        });
        let mut runs = Vec::new();
        let mut short_words = Vec::with_capacity(index.len());
        let mut ceilings = Vec::with_capacity(index.len());
        for (run, of_records) in parts.into_iter().flatten() {
            runs.push(run);
            short_words.extend(of_records.iter().map(|r| r.0));
            ceilings.extend(of_records.iter().map(|r| r.1));
        }
        Postings {
            runs,
            short_words,
            ceilings,
            records: index.len(),
        }
    }

    /// How much memory the tables take, about.
    pub fn bytes(&self) -> usize {
        let runs: usize = self
            .runs
            .iter()
            .map(|r| r.words.len() + 4 * r.word_starts.len() + 4 * r.starts.len() + 2 * r.ids.len())
            .sum();
        runs + std::mem::size_of_val(&self.short_words[..])
            + std::mem::size_of_val(&self.ceilings[..])
    }

    /// What the words of record `record`'s short fields are made of; anything for a record
    /// the tables do not know.
    pub fn short_words(&self, record: usize) -> ShortWords {
        self.short_words
            .get(record)
            .copied()
            .unwrap_or(ShortWords::UNKNOWN)
    }

    /// Record `record`'s ceilings; none lower than infinity for a record the tables do not
    /// know.
    pub fn ceilings(&self, record: usize) -> Ceilings {
        self.ceilings
            .get(record)
            .copied()
            .unwrap_or(Ceilings::UNKNOWN)
    }

    /// Every record whose folded text holds `term` (letters and digits only, see
    /// [`is_one_word`]), unless more than `most` record-words would have to be read for it
    /// (a term of a letter or two is in nearly every record: reading them all costs more
    /// than it saves). `None` for those and for a term of other characters.
    pub fn holding(&self, term: &str, most: usize) -> Option<Records> {
        let found = self.words_holding(term, most)?;
        let mut records = Records::new(self.records);
        for (run, words) in found {
            for word in words {
                for &id in run.ids_of(word) {
                    records.insert(run.first + usize::from(id & !SHORT));
                }
            }
        }
        Some(records)
    }

    /// Where `term` sits in each record's leading short fields ([`ShortPlaces`]), within the
    /// same limit as [`Postings::holding`].
    pub fn short_places(&self, term: &str, most: usize) -> Option<ShortPlaces> {
        let found = self.words_holding(term, most)?;
        let mut places = ShortPlaces::new(self.records);
        for (run, words) in found {
            for word in words {
                let sits = Sits::in_word(term, run.word(word));
                for &id in run.ids_of(word) {
                    if id & SHORT != 0 {
                        places.add(run.first + usize::from(id & !SHORT), sits);
                    }
                }
            }
        }
        Some(places)
    }

    /// Per run, the words holding `term`; `None` when more than `most` record-words hold it
    /// or it is not one word.
    fn words_holding(&self, term: &str, most: usize) -> Option<Vec<(&Run, Vec<usize>)>> {
        if !is_one_word(term) {
            return None;
        }
        let finder = memchr::memmem::Finder::new(term.as_bytes());
        let mut found: Vec<(&Run, Vec<usize>)> = Vec::with_capacity(self.runs.len());
        let mut total = 0usize;
        for run in &self.runs {
            let mut words = Vec::new();
            for at in finder.find_iter(run.words.as_bytes()) {
                // The word holding the match: the last starting at or before it.
                let word = run.word_starts.partition_point(|&s| s as usize <= at) - 1;
                if words.last() != Some(&word) {
                    words.push(word);
                    total += (run.starts[word + 1] - run.starts[word]) as usize;
                }
            }
            if total > most {
                return None;
            }
            found.push((run, words));
        }
        Some(found)
    }
}

impl Run {
    /// The `word`th word.
    fn word(&self, word: usize) -> &str {
        let start = self.word_starts[word] as usize;
        let end = self.words[start..]
            .find('\n')
            .map_or(self.words.len(), |n| start + n);
        &self.words[start..end]
    }

    /// The records of the `word`th word.
    fn ids_of(&self, word: usize) -> &[u16] {
        &self.ids[self.starts[word] as usize..self.starts[word + 1] as usize]
    }
}

/// Which records a query may match, from the postings: the search reads no other.
pub(super) struct Gate<'a> {
    postings: &'a Postings,
    /// Per word every match must hold (of those the postings can tell).
    words: Vec<Word<'a>>,
    /// Records listed even when they lack words (a question's, see `score::Prepared`).
    lacking: Option<&'a Records>,
}

/// A word every match must hold, as the postings tell of it.
struct Word<'a> {
    /// The records whose text holds it.
    holding: Arc<Records>,
    /// Where it sits in the records' leading short fields, when asked for.
    in_short: Option<Arc<ShortPlaces>>,
    /// The query's term (it may also match as the starts of words).
    term: &'a Term,
}

impl<'a> Gate<'a> {
    /// `None` when the postings are not built yet or tell nothing of `query` (every word in
    /// too many records, or of other characters than letters and digits): every record is read.
    /// A word is told of when at most `per_record` record-words a record hold it: a
    /// record-word costs a bit set, a record read its text; a search that ranks every match
    /// reads the records the postings let through anyway, one for the list tells most of
    /// them to match without reading them. With `short`, which records hold each word in
    /// their short fields is found too ([`Gate::in_short`]).
    pub(super) fn new(
        index: &'a Index,
        query: &'a Query,
        lacking: Option<&'a Records>,
        per_record: usize,
        short: bool,
    ) -> Option<Gate<'a>> {
        let postings = index.postings()?;
        // More record-words per record than `per_record` cost more than reading the records.
        let most = index.len().saturating_mul(per_record);
        let words: Vec<Word> = query
            .terms
            .iter()
            .filter(|t| !t.negated && !t.question)
            .filter_map(|term| {
                let holding = index.holding_within(&term.folded, most)?;
                let in_short = short
                    .then(|| index.short_places_within(&term.folded, most))
                    .flatten();
                Some(Word {
                    holding,
                    in_short,
                    term,
                })
            })
            .collect();
        (!words.is_empty()).then_some(Gate {
            postings,
            words,
            lacking,
        })
    }

    /// Whether record `record`'s text holds `term` (one of the query's), when the postings
    /// tell: every byte of an entry's text but the newlines between its fields lies in a
    /// field, so a term the text holds occurs in a field, as [`super::occurrence::occurs`]
    /// asks. `None` for a term the gate does not know. A record lacking it passes
    /// [`Gate::may_match`] only if it may match it as the starts of words.
    pub(super) fn holds(&self, record: usize, term: &Term) -> Option<bool> {
        self.word(term).map(|w| w.holding.contains(record))
    }

    /// How well `term` (one of the query's, as it is typed) sits in record `record`'s
    /// leading short fields, when the postings tell.
    pub(super) fn in_short(&self, record: usize, term: &Term) -> Option<Sits> {
        let in_short = self.word(term)?.in_short.as_ref()?;
        Some(in_short.sits(record))
    }

    fn word(&self, term: &Term) -> Option<&Word<'a>> {
        self.words.iter().find(|w| std::ptr::eq(w.term, term))
    }

    /// True when the postings say record `record` holds every word they tell of: the gate
    /// lets it through without reading it.
    pub(super) fn holds_all(&self, record: usize) -> bool {
        self.words.iter().all(|w| w.holding.contains(record))
    }

    /// False only for a record that cannot match: it lacks a word it must hold, and cannot
    /// match that word as the starts of words either.
    pub(super) fn may_match(&self, index: &Index, record: usize) -> bool {
        if self.lacking.is_some_and(|l| l.contains(record)) {
            return true;
        }
        for word in &self.words {
            if word.holding.contains(record) {
                continue;
            }
            let short = self.postings.short_words(record);
            let as_starts = index
                .entry(record)
                .is_some_and(|entry| may_match_as_word_starts(word.term, &entry, short));
            if !as_starts {
                return false;
            }
        }
        true
    }
}

/// The postings of the `len` records from `first`, and each record's short fields' words
/// and ceilings.
fn build_run(index: &Index, first: usize, len: usize) -> (Run, Vec<(ShortWords, Ceilings)>) {
    use std::collections::HashMap;
    // Each word's records so far; a record is added once per word (the last one added is
    // the record being read), marked when its first place is in the short fields: they lead
    // the entry, so a word met first elsewhere is not in them.
    let mut by_word: HashMap<&str, Vec<u16>> = HashMap::new();
    let mut of_records = Vec::with_capacity(len);
    for place in 0..len {
        let Some(entry) = index.entry(first + place) else {
            of_records.push((ShortWords::UNKNOWN, Ceilings::UNKNOWN));
            continue;
        };
        let id = place as u16;
        let (_, short_end) = entry.short_end();
        let base = entry.text.as_ptr() as usize;
        let words = entry.text.split(|c: char| !c.is_alphanumeric());
        for word in words.filter(|w| !w.is_empty()) {
            let ids = by_word.entry(word).or_default();
            if ids.last().map(|&last| last & !SHORT) != Some(id) {
                let short = word.as_ptr() as usize - base < short_end;
                ids.push(if short { id | SHORT } else { id });
            }
        }
        let short = entry.spans.iter().filter(|s| s.class.is_short());
        let words = ShortWords::of(short.map(|s| (s.class, entry.field(s))));
        of_records.push((words, Ceilings::of(&entry)));
    }
    let mut sorted: Vec<(&str, Vec<u16>)> = by_word.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut run = Run {
        first,
        words: String::with_capacity(sorted.iter().map(|(w, _)| w.len() + 1).sum()),
        word_starts: Vec::with_capacity(sorted.len()),
        starts: Vec::with_capacity(sorted.len() + 1),
        ids: Vec::with_capacity(sorted.iter().map(|(_, ids)| ids.len()).sum()),
    };
    for (word, ids) in sorted {
        run.words.push('\n');
        run.word_starts.push(run.words.len() as u32);
        run.words.push_str(word);
        run.starts.push(run.ids.len() as u32);
        run.ids.extend(ids);
    }
    run.starts.push(run.ids.len() as u32);
    (run, of_records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::search::short_words::letter_bits;

    #[test]
    fn the_records_holding_a_term_are_those_whose_text_holds_it() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let postings = Postings::build(&index);
        for term in [
            "che", "a", "dak", "ak", "lak", "htx", "2024", "nghe", "zzzq",
        ] {
            let found = postings.holding(term, usize::MAX).unwrap();
            let read: Vec<usize> = (0..index.len())
                .filter(|&r| index.entry(r).unwrap().text.contains(term))
                .collect();
            assert_eq!(found.iter().collect::<Vec<_>>(), read, "{term}");
        }
        assert!(postings.holding("dak lak", usize::MAX).is_none());
        assert!(postings.holding("a", 1).is_none(), "over the limit");
    }

    /// The records marked for a word are those whose leading short fields hold it, and each
    /// record's ceilings are its fields' (a run of only a few records, so that marked places
    /// of several runs are read).
    #[test]
    fn the_records_holding_a_term_in_short_fields_are_marked_with_how_it_sits() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let postings = Postings::build(&index);
        let mut found_any = 0;
        for term in [
            "che", "a", "dak", "lak", "kon", "tum", "htx", "2024", "nghe", "zzzq",
        ] {
            let places = postings.short_places(term, usize::MAX).unwrap();
            let found = &places.any;
            let read: Vec<usize> = (0..index.len())
                .filter(|&r| {
                    let entry = index.entry(r).unwrap();
                    entry.text[..entry.short_end().1].contains(term)
                })
                .collect();
            assert_eq!(found.iter().collect::<Vec<_>>(), read, "{term}");
            // How well it sits: at best, in the words of the short fields read.
            for r in 0..index.len() {
                let entry = index.entry(r).unwrap();
                let short = &entry.text[..entry.short_end().1];
                let words = short.split(|c: char| !c.is_alphanumeric());
                let holding = words.filter(|w| w.contains(term));
                let best = holding.map(|w| Sits::in_word(term, w)).max();
                assert_eq!(places.sits(r), best.unwrap_or(Sits::Absent), "{term} {r}");
            }
            let all = postings.holding(term, usize::MAX).unwrap();
            assert!(read.iter().all(|&r| all.contains(r)));
            found_any += usize::from(!read.is_empty() && read.len() < all.len());
        }
        assert!(
            found_any >= 3,
            "some words are in short fields of fewer records"
        );
        for r in 0..index.len() {
            let entry = index.entry(r).unwrap();
            let (first_long, _) = entry.short_end();
            let ceilings = postings.ceilings(r);
            assert_eq!(ceilings.record, entry.spans[0].ceiling);
            let later = entry.spans[first_long..].iter().map(|s| s.ceiling);
            assert_eq!(ceilings.later, later.fold(0.0, f32::max));
        }
        assert_eq!(postings.ceilings(index.len()).later, f32::INFINITY);
    }

    #[test]
    fn short_letters_are_those_of_titles_and_places() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let postings = Postings::build(&index);
        for r in 0..index.len() {
            let entry = index.entry(r).unwrap();
            let short = entry.spans.iter().filter(|s| s.class.is_short());
            let bits = short.fold(0, |b, s| b | letter_bits(entry.field(s)));
            assert_eq!(postings.short_words(r).letters, bits);
        }
        assert_eq!(letter_bits("a z0 9!"), 1 | 1 << 25 | 1 << 26 | 1 << 35);
    }
}
