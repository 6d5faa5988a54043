//! What the words of a record's short fields (titles, places, names, tags) are made of, kept
//! per record so that a record can be ruled out without reading its text: a term the text
//! lacks matches only as the starts of words run together (`htx` for hợp tác xã), and that
//! needs the term's letters in the short fields, its first letter starting a word, and each
//! piece it is cut into starting a word ([`ShortWords::may_start_apart`]).
//!
//! At a million records, `chinh sac` typed on from `chinh sa` read 300,000 records lacking
//! `sac` only to find that none had words starting `s…`, `a…`/`ac…` or `sa…`, `c…`.

use super::fields::place_name;
use super::held::Records;
use super::index::Class;
use super::letters::{symbol, SYMBOLS};

/// The letters and digits of a record's short fields, the letters and digits that start
/// their words, and (in Bloom filters) the first two of each word, and each field's whole
/// text and place's name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShortWords {
    /// [`letter_bits`] of the fields.
    pub letters: u64,
    /// The bits of the letters and digits that start a word (the low [`SYMBOLS`] bits), and
    /// of each word's first two, hashed into the others ([`pair_bit`]).
    starts: u128,
    /// A bit per field's whole text, and per place's name ([`value_bit`]): a match is the
    /// whole field only where its bit is set.
    values: u64,
    /// A bit per two letters or digits found together in a short field that is not a title
    /// ([`any_pair_bit`]): a word lacking one of its pairs here is only in the titles.
    beyond_titles: u128,
}

/// The bits of the pairs' filter in [`ShortWords::starts`], after the letters'.
const PAIR_BITS: usize = 128 - SYMBOLS;

/// The bit of a folded letter or digit (`a`–`z`, `0`–`9`); other bytes have none.
fn letter_bit(b: u8) -> u64 {
    symbol(b).map_or(0, |s| 1 << s)
}

/// The bits of the letters and digits in `text`.
pub(super) fn letter_bits(text: &str) -> u64 {
    text.bytes().fold(0, |bits, b| bits | letter_bit(b))
}

/// The slot, of `slots`, of two letters or digits in a filter: a multiplicative hash, so that
/// pairs sharing a letter spread over it.
fn pair_slot(first: usize, second: usize, slots: usize) -> usize {
    let pair = (first * SYMBOLS + second) as u32;
    (pair.wrapping_mul(0x9E37_79B9) >> 8) as usize % slots
}

/// The bit of a word's first two letters or digits in [`ShortWords::starts`]'s filter.
fn pair_bit(first: usize, second: usize) -> u128 {
    1 << (SYMBOLS + pair_slot(first, second, PAIR_BITS))
}

/// Each two letters or digits found together in `text`, as symbols.
fn pairs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let both = |w: &[u8]| symbol(w[0]).zip(symbol(w[1]));
    bytes.windows(2).filter_map(both)
}

/// The bit of two letters or digits found together in [`ShortWords::beyond_titles`].
fn any_pair_bit(first: usize, second: usize) -> u128 {
    1 << pair_slot(first, second, 128)
}

/// The bit of a whole field's text (or a place's name) in [`ShortWords::values`].
fn value_bit(text: &str) -> u64 {
    // FNV-1a.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    1 << (hash >> 58)
}

/// A byte of a word, as a field is cut into words when a term is matched as their starts
/// (`score::word_starts_chain`): letters, digits and any byte of a character beyond ASCII.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

impl ShortWords {
    /// What nothing is known of: every term may start its words.
    pub const UNKNOWN: ShortWords = ShortWords {
        letters: u64::MAX,
        starts: u128::MAX,
        values: u64::MAX,
        beyond_titles: u128::MAX,
    };

    /// Of the folded text of a record's short fields, each with its class.
    pub fn of<'a>(fields: impl IntoIterator<Item = (Class, &'a str)>) -> ShortWords {
        let mut short = ShortWords {
            letters: 0,
            starts: 0,
            values: 0,
            beyond_titles: 0,
        };
        for (class, field) in fields {
            if class != Class::Title {
                short.beyond_titles |=
                    pairs(field).fold(0, |bits, (a, b)| bits | any_pair_bit(a, b));
            }
            short.values |= value_bit(field);
            if let Some(name) = place_name(class, field) {
                short.values |= value_bit(name);
            }
            short.letters |= letter_bits(field);
            let bytes = field.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                let starts_word = is_word_byte(b) && (i == 0 || !is_word_byte(bytes[i - 1]));
                if !starts_word {
                    continue;
                }
                let Some(first) = symbol(b) else {
                    continue;
                };
                short.starts |= 1 << first;
                if let Some(second) = bytes.get(i + 1).copied().and_then(symbol) {
                    short.starts |= pair_bit(first, second);
                }
            }
        }
        short
    }

    /// Whether `text` (a term or the phrase) may be the whole of a field, or a place's name
    /// ([`super::occurrence::occurrence_score`]'s best way to sit).
    pub fn may_be_a_field(&self, text: &str) -> bool {
        self.values & value_bit(text) != 0
    }

    /// Whether `text` may be in a short field other than a title: every two letters or
    /// digits of it found together there.
    pub fn may_be_beyond_titles(&self, text: &str) -> bool {
        pairs(text).all(|(a, b)| self.beyond_titles & any_pair_bit(a, b) != 0)
    }

    /// Whether the fields hold every letter and digit of `term`.
    pub fn hold_letters_of(&self, term: &str) -> bool {
        let needed = letter_bits(term);
        needed & self.letters == needed
    }

    /// Whether `term` may be cut into two pieces or more, each the start of a word of the
    /// fields (its first letter, or its first two when longer): what matching a term the
    /// text lacks as the starts of words needs (one piece would be a word holding the term).
    /// True when the term has a byte other than a letter or digit: nothing is known of it.
    pub fn may_start_apart(&self, term: &str) -> bool {
        const MAX: usize = 64;
        let n = term.len();
        if n > MAX {
            return true;
        }
        let mut symbols = [0usize; MAX];
        for (at, b) in term.bytes().enumerate() {
            match symbol(b) {
                Some(s) => symbols[at] = s,
                None => return true,
            }
        }
        let starts = |at: usize| self.starts & (1 << symbols[at]) != 0;
        let pair = |at: usize| self.starts & pair_bit(symbols[at], symbols[at + 1]) != 0;
        // reach[i]: the first i symbols are cut into pieces that each start a word.
        let mut reach = [false; MAX + 1];
        reach[0] = true;
        for at in 0..n {
            if !reach[at] {
                continue;
            }
            if starts(at) {
                reach[at + 1] = true;
            }
            // A piece of two or more: every end from at + 2, but not the whole term.
            if at + 1 < n && pair(at) {
                let last = if at == 0 { n - 1 } else { n };
                reach[at + 2..=last].fill(true);
            }
        }
        reach[n] && n >= 2
    }
}

/// How well a word sits in a word of a record's short fields, at best (as
/// [`super::occurrence::occurrence_score`] tells how well a match sits, but of words alone:
/// whether a word is a whole field is [`ShortWords::may_be_a_field`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sits {
    /// Not in the short fields.
    Absent,
    Inside,
    /// At the end of a word.
    End,
    /// At the start of a word.
    Start,
    /// A whole word.
    Whole,
}

impl Sits {
    /// How well `term` sits in `word`, which holds it.
    pub(super) fn in_word(term: &str, word: &str) -> Sits {
        if word == term {
            Sits::Whole
        } else if word.starts_with(term) {
            Sits::Start
        } else if word.ends_with(term) {
            Sits::End
        } else {
            Sits::Inside
        }
    }
}

/// Where a word sits in each record's short fields, at best ([`Sits`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShortPlaces {
    /// The records whose short fields hold the word.
    pub any: Records,
    whole: Records,
    start: Records,
    end: Records,
}

impl ShortPlaces {
    pub(super) fn new(records: usize) -> ShortPlaces {
        ShortPlaces {
            any: Records::new(records),
            whole: Records::new(records),
            start: Records::new(records),
            end: Records::new(records),
        }
    }

    pub(super) fn add(&mut self, record: usize, sits: Sits) {
        self.any.insert(record);
        match sits {
            Sits::Whole => self.whole.insert(record),
            Sits::Start => self.start.insert(record),
            Sits::End => self.end.insert(record),
            Sits::Inside | Sits::Absent => {}
        }
    }

    /// How well the word sits in record `record`'s short fields, at best.
    pub fn sits(&self, record: usize) -> Sits {
        if !self.any.contains(record) {
            Sits::Absent
        } else if self.whole.contains(record) {
            Sits::Whole
        } else if self.start.contains(record) {
            Sits::Start
        } else if self.end.contains(record) {
            Sits::End
        } else {
            Sits::Inside
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::search::index::Index;
    use crate::model::search::query::{self, Mode};
    use crate::model::search::score::may_match_as_word_starts;

    #[test]
    fn a_term_starts_words_apart_only_when_each_piece_may_start_one() {
        let of =
            |fields: &[&'static str]| ShortWords::of(fields.iter().map(|f| (Class::Title, *f)));
        let words = of(&["hop tac xa", "dak lak"]);
        assert!(words.may_start_apart("htx"));
        assert!(words.may_start_apart("hotx"), "ho|t|x");
        assert!(words.may_start_apart("daklak"), "dak|lak: both pairs");
        assert!(
            words.may_start_apart("txh"),
            "necessary only: the order is not kept"
        );
        assert!(!words.may_start_apart("hts"), "no word starts with s");
        assert!(
            !words.may_start_apart("hxo"),
            "no word starts with o, or with xo"
        );
        assert!(!words.may_start_apart("hy"), "no y");
        // One piece would be a word holding the term, which the text lacks.
        let one = of(&["sach"]);
        assert!(!one.may_start_apart("sa"));
        assert!(of(&["sach an"]).may_start_apart("sa"));
        assert!(one.may_start_apart("s-a"), "other bytes: not known");
        assert!(!one.may_start_apart("s"), "one letter is one piece");
        assert!(ShortWords::UNKNOWN.may_start_apart("qzx"));
        assert_eq!(of(&["a z0", "9!"]).letters, letter_bits("az09"));
        assert!(words.may_be_a_field("dak lak") && words.may_be_a_field("hop tac xa"));
        let place = ShortWords::of([(Class::Place, "xa hieu")]);
        assert!(place.may_be_a_field("hieu"), "a place's name");
        let unlike = [
            "dak", "lak", "hop", "tac xa", "hieu", "xa", "kon tum", "ha noi",
        ];
        let told = unlike.iter().filter(|t| words.may_be_a_field(t)).count();
        assert!(
            told <= 2,
            "{told} of the fields' parts told as whole fields"
        );
    }

    /// Every term a record lacks and matches as the starts of words by reading its fields is
    /// let through by its short words; and some that do not are ruled out without reading.
    #[test]
    fn the_short_words_never_rule_out_a_match_as_word_starts() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let mut terms: Vec<String> = Vec::new();
        for r in 0..index.len() {
            let entry = index.entry(r).unwrap();
            let title = entry.field(&entry.spans[0]);
            let words: Vec<&str> = title.split(' ').filter(|w| !w.is_empty()).collect();
            for w in words.windows(3) {
                let first = |w: &str, n: usize| w.chars().take(n).collect::<String>();
                terms.push(format!(
                    "{}{}{}",
                    first(w[0], 1),
                    first(w[1], 1),
                    first(w[2], 1)
                ));
                terms.push(format!("{}{}", first(w[0], 2), first(w[1], 1)));
                terms.push(format!("{}{}", first(w[0], 1), first(w[2], 2)));
            }
        }
        terms.extend(["sac", "chi", "htx", "dkl", "qzz", "ngh"].map(String::from));
        terms.sort();
        terms.dedup();
        let (mut matched, mut ruled_out) = (0, 0);
        for term in &terms {
            let query = query::parse(term);
            let Some(t) = query.terms.first().filter(|t| t.mode == Mode::Fuzzy) else {
                continue;
            };
            for r in 0..index.len() {
                let entry = index.entry(r).unwrap();
                if entry.text.contains(t.folded.as_str()) {
                    continue;
                }
                let short = entry.spans.iter().filter(|s| s.class.is_short());
                let words = ShortWords::of(short.map(|s| (s.class, entry.field(s))));
                let read = may_match_as_word_starts(t, &entry, ShortWords::UNKNOWN);
                let told = may_match_as_word_starts(t, &entry, words);
                assert!(told || !read, "{term} in record {r}");
                matched += usize::from(read);
                ruled_out += usize::from(!told && words.hold_letters_of(&t.folded));
            }
        }
        assert!(matched > 100, "{matched} matches as word starts");
        assert!(ruled_out > 1000, "{ruled_out} ruled out beyond the letters");
    }
}
