//! Where a term occurs exactly in a record's text, and how well each place sits: in its word
//! (the whole field 4, whole word 3, start of a word 2, end 1.5, inside 1), times the field's
//! weight, times a length factor that favours short fields, times 0.6 in the other language's
//! text. The best of a term's first occurrences is its exact score; the reading stops as soon
//! as no later field could score more.

use memchr::memmem;

use super::fields::place_name;
use super::index::{class_index, Class, Entry, Span};
use super::question::Language;
use crate::model::fold::is_word_char;

/// Occurrences of a term looked at per record, at most: one or two letters occur everywhere,
/// and their first few places rank as well as any.
const MAX_OCCURRENCES: usize = 16;
const MAX_OCCURRENCES_SHORT: usize = 4;

/// Shorter fields rank higher: 1 for a word, about 0.8 for a title, 0.4 for a long summary.
fn length_factor(len: usize) -> f32 {
    1.0 / (1.0 + len as f32 / 400.0)
}

/// A match in a record's text in the other language than the query's counts this much.
const OTHER_LANGUAGE: f32 = 0.6;

/// What a match sitting `quality` well in `span` scores.
pub(super) fn span_score(span: &Span, quality: f32, language: Option<Language>) -> f32 {
    let len = (span.end - span.start) as usize;
    let other = match language {
        Some(Language::English) => !span.english,
        Some(Language::Vietnamese) => span.english,
        None => false,
    };
    let language = if other { OTHER_LANGUAGE } else { 1.0 };
    quality * span.class.weight() * length_factor(len) * language
}

/// The most any match in `span` can score, whatever the language: the best way to sit in a
/// field, not weighed down for the other language. Multiplied in the order [`span_score`]
/// multiplies, so rounding keeps every real score at or below it.
pub(super) fn span_ceiling(span: &Span) -> f32 {
    span_score(span, 4.0, None)
}

/// The best exact occurrence of a term (or phrase) of `len` bytes, and the class of the
/// field it is in.
pub(super) fn exact_best_in(
    entry: &Entry,
    finder: &memmem::Finder,
    len: usize,
    language: Option<Language>,
) -> Option<(f32, Class)> {
    let text = entry.text.as_bytes();
    let mut best: Option<(f32, Class)> = None;
    let most = most_occurrences(len);
    let mut cursor = 0;
    for at in finder.find_iter(text).take(most) {
        let Some(span) = entry.span_walking(&mut cursor, at) else {
            continue;
        };
        let (s, class) = occurrence_score(entry, span, at, len, language);
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, class));
        }
        // No later occurrence can score more: the rest of the text need not be read.
        if best.is_some_and(|(b, _)| b >= span.ceiling) {
            break;
        }
    }
    best
}

/// [`exact_best_in`], each occurrence's score times the factor of its field's class (in
/// [`super::index::CLASSES`] order, each at most 1): how rare the term is in that kind of field, and for a
/// function word whether the field is a name (a place, an organization, a tag) or running text.
pub(super) fn exact_best_weighted(
    entry: &Entry,
    finder: &memmem::Finder,
    len: usize,
    language: Option<Language>,
    factors: &Rarity,
) -> Option<(f32, Class)> {
    exact_best_where(entry, finder, len, language, factors, false)
}

/// [`exact_best_weighted`] of words typed together: only occurrences that start a word
/// count ("o hieu" is not in "mo hieu").
pub(super) fn exact_best_of_words(
    entry: &Entry,
    finder: &memmem::Finder,
    len: usize,
    language: Option<Language>,
    factors: &Rarity,
) -> Option<(f32, Class)> {
    exact_best_where(entry, finder, len, language, factors, true)
}

fn exact_best_where(
    entry: &Entry,
    finder: &memmem::Finder,
    len: usize,
    language: Option<Language>,
    factors: &Rarity,
    word_start: bool,
) -> Option<(f32, Class)> {
    let text = entry.text.as_bytes();
    let most_factor = factors.class.iter().copied().fold(factors.name, f32::max);
    let mut best: Option<(f32, Class)> = None;
    let mut cursor = 0;
    for at in finder.find_iter(text).take(most_occurrences(len)) {
        let Some(span) = entry.span_walking(&mut cursor, at) else {
            continue;
        };
        if word_start && at != span.start as usize && word_char_before(entry.text, at) {
            continue;
        }
        let (s, class) = occurrence_score(entry, span, at, len, language);
        let factor = match names_place(entry, span, at, len) {
            true => factors.name,
            false => factors.class[class_index(class)],
        };
        let s = s * factor;
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, class));
        }
        // No later occurrence can score more than its field's ceiling times the largest factor.
        if best.is_some_and(|(b, _)| b >= span.ceiling * most_factor) {
            break;
        }
    }
    best
}

/// Whether [`exact_best_in`] and [`exact_best_weighted`] find the term at all: one of its
/// first occurrences lies in a field. Nothing is scored, and the reading stops at the first.
pub(super) fn occurs(entry: &Entry, finder: &memmem::Finder, len: usize) -> bool {
    let mut cursor = 0;
    finder
        .find_iter(entry.text.as_bytes())
        .take(most_occurrences(len))
        .any(|at| entry.span_walking(&mut cursor, at).is_some())
}

/// How many occurrences of a term of `len` bytes are looked at, at most.
pub(super) fn most_occurrences(len: usize) -> usize {
    if len <= 2 {
        MAX_OCCURRENCES_SHORT
    } else {
        MAX_OCCURRENCES
    }
}

/// The score of an occurrence of `len` bytes at byte `at` of the record's text, in `span`, by
/// how it sits in its word and field; and the field's class.
pub(super) fn occurrence_score(
    entry: &Entry,
    span: &Span,
    at: usize,
    len: usize,
    language: Option<Language>,
) -> (f32, Class) {
    let start = span.start as usize;
    let end = span.end as usize;
    let left = at == start || !word_char_before(entry.text, at);
    let right = at + len == end || !word_char_at(entry.text, at + len);
    let quality = match (left, right) {
        // The whole field, such as a tag equal to the query, or a place's whole name.
        _ if at + len == end && (at == start || names_place(entry, span, at, len)) => 4.0,
        (true, true) => 3.0,
        (true, false) => 2.0,
        (false, true) => 1.5,
        (false, false) => 1.0,
    };
    (span_score(span, quality, language), span.class)
}

/// The occurrence is a place's whole name ("hieu" in "xa hieu").
pub(super) fn names_place(entry: &Entry, span: &Span, at: usize, len: usize) -> bool {
    let (start, end) = (span.start as usize, span.end as usize);
    if at + len != end {
        return false;
    }
    place_name(span.class, &entry.text[start..end]).is_some_and(|name| name.len() == len)
}

/// What a match counts for how rare its term is: per class of field (in
/// [`super::index::CLASSES`] order), and as a place's whole name (see [`names_place`]); each
/// at most 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rarity {
    pub class: [f32; 5],
    pub name: f32,
}

impl Rarity {
    /// Every match counts in full.
    pub const EVEN: Rarity = Rarity {
        class: [1.0; 5],
        name: 1.0,
    };
}

fn word_char_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn word_char_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search stops reading a record's text once no later field can beat what it found;
    /// it must find exactly what reading every occurrence finds.
    #[test]
    fn stopping_early_finds_the_same_best_occurrence() {
        use crate::model::search::Index;
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let mut stopped = 0;
        let words = [
            "dak", "lak", "han", "quoc", "che", "ho", "mo hinh", "a", "lao dong",
        ];
        for word in words {
            let finder = memmem::Finder::new(word.as_bytes());
            for language in [None, Some(Language::English), Some(Language::Vietnamese)] {
                for record in 0..index.len() {
                    let entry = index.entry(record).unwrap();
                    let every: Vec<usize> = finder
                        .find_iter(entry.text.as_bytes())
                        .take(most_occurrences(word.len()))
                        .collect();
                    let mut best: Option<(f32, Class)> = None;
                    for &at in &every {
                        let held = entry
                            .spans
                            .iter()
                            .find(|s| (s.start as usize) <= at && at <= s.end as usize);
                        if let Some(span) = held {
                            let (s, class) =
                                occurrence_score(&entry, span, at, word.len(), language);
                            if best.is_none_or(|(b, _)| s > b) {
                                best = Some((s, class));
                            }
                        }
                    }
                    let found = exact_best_in(&entry, &finder, word.len(), language);
                    let bits = |b: Option<(f32, Class)>| b.map(|(s, c)| (s.to_bits(), c));
                    assert_eq!(bits(found), bits(best), "{word:?} in record {record}");
                    let last = every.last().and_then(|&at| entry.span_walking(&mut 0, at));
                    stopped += usize::from(
                        best.zip(last).is_some_and(|((b, _), s)| b >= s.ceiling) && every.len() > 1,
                    );
                }
            }
        }
        assert!(stopped > 20, "only {stopped} searches could stop early");
    }

    #[test]
    fn length_favours_short_fields() {
        assert!(length_factor(10) > length_factor(100));
        assert!(length_factor(100) > length_factor(1000));
    }
}
