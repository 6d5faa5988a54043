//! The most a record can score for a query, told from its short fields alone (titles,
//! places, names, tags: the fields first in its entry) and the ceiling of the others: what
//! lets a search for the first screen skip scoring a record that cannot reach it. At a
//! million records with nothing chosen, most matches hold the words only in their long
//! fields, and scoring them read every byte of those.
//!
//! Every part of [`score_parts`] is bounded from above, multiplied and added in the order it
//! multiplies and adds, so rounding never puts a real score above its bound:
//! - a term's best exact place is either in the short fields, where it is looked for, or in
//!   a later field, which scores at most that field's ceiling times the term's largest
//!   rarity factor;
//! - a term with no exact place scores at most as a scattered match in a short field: half of
//!   a whole-field match, an eighth of the record's ceiling;
//! - a term typed with diacritics counts at most 1.5 times;
//! - the phrase is bounded as a term is.

use super::*;
use crate::model::search::index::Span;
use crate::model::search::postings::Ceilings;
use crate::model::search::short_words::{ShortWords, Sits};

impl Prepared<'_> {
    /// Whether [`bound`] holds for this query: keywords, each of which must match (no negated
    /// word, no question or function word, no filter, nothing anchored), with no record lacking
    /// some of them listed and no pairs.
    pub(in crate::model::search) fn bounded(&self) -> bool {
        let plain =
            |t: &Term| !t.negated && !t.question && matches!(t.mode, Mode::Fuzzy | Mode::Exact);
        self.partial.is_none()
            && self.pairs.is_empty()
            && self.query.filters.is_empty()
            && self.query.terms.iter().all(plain)
    }
}

/// At least what [`score_parts`] gives the record of `entry` (with `known` an earlier
/// query's parts, or bounds of them), when it matches; for a query [`Prepared::bounded`]
/// holds for. With it, bounds of the parts, for the next query typed on from this one.
/// `letter` is a term of one letter's score in the record, when its column tells; with the
/// record's `ceilings`, the fields after the short ones are read only when they may give more
/// than the short ones.
pub(in crate::model::search) fn bound(
    p: &Prepared,
    entry: &Entry,
    known: Option<Known>,
    letter: impl Fn(&Term) -> Option<Option<f32>>,
    ceilings: Option<Ceilings>,
) -> (f32, Parts) {
    let n = p.query.terms.len();
    let (_, skip, mut total, mut parts) = taken_over(known, entry.english, n);
    let fields = Fields::of(entry, ceilings);
    let language = p.query.language;
    for i in skip..n {
        if i + 1 == n {
            parts.head = total;
        }
        let (term, finder, rarity) = (&p.query.terms[i], &p.finders[i], &p.rarity[i]);
        let mut best = match letter(term) {
            // A letter's column holds its exact score (it counts alike everywhere).
            Some(score) => score.unwrap_or(0.0),
            None => fields.best(finder, term.folded.len(), language, rarity, term.mode),
        };
        if term.accented.is_some() {
            best *= 1.5;
        }
        total += best;
    }
    parts.all = total;
    let mut score = total;
    if let Some((phrase, finder, words, rarity)) = &p.phrase {
        let best = fields.best(finder, phrase.len(), language, rarity, Mode::Exact);
        score += best * (*words as f32 - 1.0);
    }
    (score, parts)
}

/// [`bound`] told without reading the record, from where the word postings say the query's
/// words sit in its leading short fields (`in_short`: `None` when not known) and what its
/// short fields' words are made of (`short`):
/// - a word the short fields lack scores at most in a later field (the record's
///   [`Ceilings::later`], times the word's largest rarity factor: a later field's bound, with
///   each field as the best of them and whole) or scattered in a short field;
/// - a word they hold scores at most as well as it sits in their words (a whole word, the
///   start of one, its end or inside it; the whole field only where `short` may have it as a
///   field) in the best field there is ([`Ceilings::record`]), or in a later field;
/// - the phrase sits at the start of a word only where its first word is a whole word of the
///   short fields, at the end of one only where its last is.
///
/// A word of one letter is bounded by its column, as in [`bound`]. `None` when a word left
/// is not known of. `english` is whether the record has English fields.
pub(in crate::model::search) fn bound_unread(
    p: &Prepared,
    english: bool,
    ceilings: Ceilings,
    short: ShortWords,
    known: Option<Known>,
    letter: impl Fn(&Term) -> Option<Option<f32>>,
    in_short: impl Fn(&Term) -> Option<Sits>,
) -> Option<(f32, Parts)> {
    let n = p.query.terms.len();
    let (_, skip, mut total, mut parts) = taken_over(known, english, n);
    let scattered = ceilings.record / 8.0;
    let mut absent = false;
    for i in skip..n {
        if i + 1 == n {
            parts.head = total;
        }
        let (term, rarity) = (&p.query.terms[i], &p.rarity[i]);
        let mut best = match (letter(term), in_short(term)) {
            (Some(score), _) => score.unwrap_or(0.0),
            (None, Some(Sits::Absent)) => {
                absent = true;
                let later = later_unread_best(ceilings.later, rarity);
                unread_best(later, scattered, term.folded.len(), rarity, term.mode)
            }
            (None, Some(sits)) => {
                let placed = Placed::of(sits, short, &term.folded);
                placed_best(ceilings, placed, rarity)
            }
            (None, None) => return None,
        };
        if term.accented.is_some() {
            best *= 1.5;
        }
        total += best;
    }
    parts.all = total;
    let mut score = total;
    if let Some((phrase, _, words, rarity)) = &p.phrase {
        // The phrase holds every word: a word the short fields lack, it lacks there too.
        let best = match absent {
            true => {
                let later = later_unread_best(ceilings.later, rarity);
                unread_best(later, scattered, phrase.len(), rarity, Mode::Exact)
            }
            false => {
                let sits = phrase_sits(&p.query.terms, in_short);
                placed_best(ceilings, Placed::of(sits, short, phrase), rarity)
            }
        };
        score += best * (*words as f32 - 1.0);
    }
    Some((score, parts))
}

/// How well the phrase of `terms` may sit in a record's short fields that hold every one
/// (`in_short` tells of each): at the start of a word only where its first word is a whole
/// word there, at the end of one only where its last is (a word not known of may be).
fn phrase_sits(terms: &[Term], in_short: impl Fn(&Term) -> Option<Sits>) -> Sits {
    let whole =
        |t: Option<&Term>| t.is_none_or(|t| matches!(in_short(t), None | Some(Sits::Whole)));
    match (whole(terms.first()), whole(terms.last())) {
        (true, true) => Sits::Whole,
        (true, false) => Sits::Start,
        (false, true) => Sits::End,
        (false, false) => Sits::Inside,
    }
}

/// What a bound multiplies a record's ceiling by for a match sitting `sits` well: the
/// quality of [`super::super::occurrence::occurrence_score`] over that of the whole field,
/// a little more so that rounding never puts a score above it.
fn share_of_ceiling(sits: Sits, whole_field: bool) -> f32 {
    const ROUNDING: f32 = 1.0 + 1e-5;
    let quality = match sits {
        _ if whole_field => 4.0,
        Sits::Whole => 3.0,
        Sits::Start => 2.0,
        Sits::End => 1.5,
        Sits::Inside | Sits::Absent => 1.0,
    };
    quality / 4.0 * ROUNDING
}

/// How a word (or the phrase) sits in a record's short fields, as a bound tells it.
struct Placed {
    /// At best, in a word.
    sits: Sits,
    /// It may be a whole field.
    whole_field: bool,
    /// It may be in a short field that is not a title.
    beyond_titles: bool,
}

impl Placed {
    fn of(sits: Sits, short: ShortWords, text: &str) -> Placed {
        Placed {
            sits,
            whole_field: short.may_be_a_field(text),
            beyond_titles: short.may_be_beyond_titles(text),
        }
    }
}

/// The most a word (or the phrase) placed in a record's short fields so can score: in a title
/// (at most the best field there is, [`Ceilings::record`]), in another short field (a place,
/// name or tag: at most a whole field of its weight, unless not there), or in a later field.
fn placed_best(ceilings: Ceilings, placed: Placed, rarity: &Rarity) -> f32 {
    let share = share_of_ceiling(placed.sits, placed.whole_field);
    let title = ceilings.record * share * rarity.class[class_index(Class::Title)];
    let others = match placed.beyond_titles {
        true => {
            let factor = rarity.class[1..3]
                .iter()
                .copied()
                .fold(rarity.name, f32::max);
            // A place's field is no longer than nothing: its length weighs it down no less.
            let ceiling = ceilings.record.min(4.0 * Class::Place.weight());
            ceiling * share * factor
        }
        false => 0.0,
    };
    title
        .max(others)
        .max(later_unread_best(ceilings.later, rarity))
}

/// [`Fields::best`] for a term (or the phrase) the short fields lack: at most the later
/// fields' best (`later`, [`later_unread_best`]), or, for a word that may match scattered, a
/// scattered match in a short field.
fn unread_best(later: f32, scattered: f32, len: usize, rarity: &Rarity, mode: Mode) -> f32 {
    let mut best = later;
    if mode == Mode::Fuzzy && len >= FUZZY_MIN_CHARS {
        let short_factor = rarity.class[..3].iter().copied().fold(0.0, f32::max);
        best = best.max(scattered * short_factor);
    }
    best
}

/// The most a match can score in the fields after the short ones, told without reading them:
/// their ceiling ([`Ceilings::later`]) times the rarity factor of a summary's or the details'
/// class, the only classes after the short fields (`fields`' test holds it).
fn later_unread_best(ceiling: f32, rarity: &Rarity) -> f32 {
    let of = |class: Class| rarity.class[class_index(class)];
    ceiling * of(Class::Summary).max(of(Class::Details))
}

/// The most a match can score in the fields after the short ones, from their ceiling
/// ([`Ceilings::later`]): at least [`Fields::later_best`].
fn later_ceiling_best(ceiling: f32, rarity: &Rarity) -> f32 {
    let factor = rarity.class.iter().copied().fold(rarity.name, f32::max);
    ceiling * factor
}

/// A record's fields as a bound reads them: its leading short fields (titles, places, names,
/// tags) as an entry of their own, and the others, whose text is not read.
struct Fields<'a> {
    short: Entry<'a>,
    /// The fields after the short ones.
    later: &'a [Span],
    /// The most a match can score in them, before rarity ([`Ceilings::later`]; infinite
    /// when not known).
    later_ceiling: f32,
    /// The most a scattered match can score, before rarity: half a whole-field match, an
    /// eighth of the record's ceiling.
    scattered: f32,
}

impl<'a> Fields<'a> {
    fn of(entry: &Entry<'a>, ceilings: Option<Ceilings>) -> Fields<'a> {
        let spans = entry.spans;
        let (first_long, end) = entry.short_end();
        Fields {
            short: Entry {
                text: entry.text.get(..end).unwrap_or(entry.text),
                spans: &spans[..first_long],
                ..*entry
            },
            later: &spans[first_long..],
            later_ceiling: ceilings.map_or(f32::INFINITY, |c| c.later),
            scattered: spans.first().map_or(0.0, |s| s.ceiling) / 8.0,
        }
    }

    /// The most a term (or the phrase) of `len` bytes can score: its best exact place in the
    /// short fields, or in a later field, or, for a term that may match scattered, a scattered
    /// match in a short field.
    fn best(
        &self,
        finder: &memmem::Finder,
        len: usize,
        language: Option<Language>,
        rarity: &Rarity,
        mode: Mode,
    ) -> f32 {
        let best = match exact_best_weighted(&self.short, finder, len, language, rarity) {
            Some((s, _)) => s,
            None if mode == Mode::Fuzzy && len >= FUZZY_MIN_CHARS => {
                let short_factor = rarity.class[..3].iter().copied().fold(0.0, f32::max);
                self.scattered * short_factor
            }
            None => 0.0,
        };
        // The later fields' spans are read only when their ceiling may give more.
        if later_ceiling_best(self.later_ceiling, rarity) <= best {
            return best;
        }
        best.max(self.later_best(len, rarity))
    }

    /// The most a match of `len` bytes can score in a field after the short ones: it sits
    /// as the whole field (4) only in a field of its length, or as a place's whole name;
    /// else at best as a whole word (3).
    fn later_best(&self, len: usize, rarity: &Rarity) -> f32 {
        let mut best = 0.0f32;
        for span in self.later {
            let place = matches!(span.class, Class::Place | Class::PlaceNow);
            let whole = place || (span.end - span.start) as usize == len;
            let quality = if whole { 4.0 } else { 3.0 };
            let mut factor = rarity.class[class_index(span.class)];
            if place {
                factor = factor.max(rarity.name);
            }
            best = best.max(span_score(span, quality, None) * factor);
        }
        best
    }
}

/// The k-th smallest sort key ([`super::super::rank::sort_key`]) of a worker's scored matches
/// so far, for `k` the size of the first screen's lead: a record whose key at its bound is
/// larger cannot be among the worker's best `k` (its real key is no smaller: a lower score
/// only makes it larger, and the tie-break, its rank, is its own).
#[derive(Debug, Default)]
pub(in crate::model::search) struct Floor {
    k: usize,
    /// The `k` smallest keys, largest on top.
    best: std::collections::BinaryHeap<u64>,
}

impl Floor {
    pub(in crate::model::search) fn new(k: usize) -> Floor {
        Floor {
            k,
            best: std::collections::BinaryHeap::with_capacity(k + 1),
        }
    }

    /// The k-th smallest key, once `k` are known.
    pub(in crate::model::search) fn get(&self) -> Option<u64> {
        let full = self.k > 0 && self.best.len() == self.k;
        full.then(|| self.best.peek().copied()).flatten()
    }

    pub(in crate::model::search) fn push(&mut self, key: u64) {
        if self.k == 0 {
            return;
        }
        if self.best.len() < self.k {
            self.best.push(key);
        } else if self.best.peek().is_some_and(|&most| key < most) {
            self.best.pop();
            self.best.push(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::search::{letters, parse};

    /// A bound is never below the score, for a record scored afresh and for one whose earlier
    /// query's parts (exact, or bounds of them) are taken over; and often it is the score.
    #[test]
    fn a_bound_is_never_below_the_score() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        index.score_letters();
        index.word_counts();
        let matcher = SkimMatcherV2::default();
        let columns = index.letters();
        // (earlier query, query typed on from it, the earlier's terms all the query's first)
        let typed = [
            ("", "c", false),
            ("c", "ch", false),
            ("chinh", "chinh s", true),
            ("chinh s", "chinh sa", false),
            ("chinh sa", "chinh sach", false),
            ("dak", "dak lak", true),
            ("", "Đắk Lắk", false),
            ("han", "han quoc", true),
            ("", "mo hinh che", false),
            ("", "htx che", false),
            ("", "lao dong nuoc ngoai", false),
            ("", "kon tum xa", false),
            ("", "'che \"dak lak\"", false),
            ("", "a", false),
            ("t", "tinh", false),
            ("", "ho tro", false),
            ("kinh", "kinh nghiem", true),
            ("", "giam ngheo", false),
            ("", "hop tac xa", false),
            ("", "nguoi lao dong", false),
            ("", "Việt", false),
            // Words of titles that are also places' and names' (Lào Cai, Hòa Bình, Quảng
            // Nam): found in a place, they are rarer there than in titles.
            ("", "lao", false),
            ("", "hoa", false),
            ("", "binh", false),
            ("", "nam", false),
            ("", "van", false),
            ("", "thi", false),
        ];
        let (mut scored, mut exact, mut unread_bounds) = (0, 0, 0);
        // Bounds told without reading of records whose short fields hold every word, and
        // those of them within half again of the score.
        let (mut placed_bounds, mut close) = (0, 0);
        let postings = index.build_postings();
        // Every other record bounded with its ceilings, which spare reading the later fields.
        let ceiling = |record: usize| (record % 2 == 0).then(|| postings.ceilings(record));
        for (earlier, text, all_shared) in typed {
            let query = parse(text);
            let p = Prepared::weighted(&query, &index);
            assert!(p.bounded(), "{text}");
            let before = parse(earlier);
            let q = Prepared::weighted(&before, &index);
            let places: Vec<_> = (query.terms.iter())
                .map(|t| postings.short_places(&t.folded, usize::MAX))
                .collect();
            for record in 0..index.len() {
                let entry = index.entry(record).unwrap();
                let r = RecordRef::At(&dataset, record);
                let Some((score, _)) = score_parts(&p, record, &entry, r, &matcher, None) else {
                    continue;
                };
                scored += 1;
                let letter = |term: &Term| {
                    let symbol = letters::symbol_of(&term.folded)?;
                    columns.map(|c| c.get(symbol, record))
                };
                let (most, _) = bound(&p, &entry, None, letter, ceiling(record));
                assert!(most >= score, "{text:?}, record {record}: {most} < {score}");
                // Told without reading, from where the postings say the words sit.
                let in_short = |term: &Term| {
                    let i = query.terms.iter().position(|t| std::ptr::eq(t, term))?;
                    places[i].as_ref().map(|places| places.sits(record))
                };
                let ceilings = postings.ceilings(record);
                let short = postings.short_words(record);
                let unread = |known| {
                    bound_unread(&p, entry.english, ceilings, short, known, letter, in_short)
                };
                if let Some((most, _)) = unread(None) {
                    assert!(
                        most >= score,
                        "{text:?} unread, record {record}: {most} < {score}"
                    );
                    unread_bounds += 1;
                    let all_short = query.terms.iter().all(|t| {
                        letter(t).is_some() || in_short(t).is_some_and(|s| s != Sits::Absent)
                    });
                    placed_bounds += usize::from(all_short);
                    close += usize::from(all_short && most <= score * 1.5);
                }
                exact += usize::from(most == score);
                if before.terms.is_empty() {
                    continue;
                }
                // What the earlier query left: its exact parts, or its bounds'.
                let exact = score_parts(&q, record, &entry, r, &matcher, None).map(|(_, p)| p);
                let (_, bounds) = bound(&q, &entry, None, letter, ceiling(record));
                for earlier in exact.into_iter().chain([bounds]) {
                    let known = Known {
                        earlier,
                        terms: before.terms.len(),
                        all_shared,
                        without_english: false,
                    };
                    let (most, _) = bound(&p, &entry, Some(known), letter, ceiling(record));
                    assert!(most >= score, "{text:?} from {earlier:?}, record {record}");
                    if let Some((most, _)) = unread(Some(known)) {
                        assert!(most >= score, "{text:?} unread from {earlier:?}, {record}");
                    }
                }
            }
        }
        assert!(scored > 150, "{scored} records scored");
        assert!(
            unread_bounds > 50,
            "{unread_bounds} bounds told without reading"
        );
        assert!(
            placed_bounds > 100 && close > placed_bounds / 3,
            "{close} of {placed_bounds} bounds of words in short fields close to the score"
        );
        assert!(
            exact > scored / 10,
            "only {exact} of {scored} bounds are the score"
        );
    }
}
