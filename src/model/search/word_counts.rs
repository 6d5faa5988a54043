//! How many records hold each folded word, per class of field: how rare a word is, for
//! weighting what a query's words match.

use super::fields::place_name;
use super::index::{class_index, Class, Index, CLASSES};
use crate::model::parallel;

/// [`WordCounts`]' parts, borrowed: the words with their counts, the place names with theirs,
/// the number of records.
pub type WordParts<'a> = (&'a [(Box<str>, [u32; 5])], &'a [(Box<str>, u32)], u32);

/// How many records hold each folded word, per field class (a record counts once per word and
/// class): how rare a word is, for weighting what a question's words matched.
#[derive(Clone, Debug, Default)]
pub struct WordCounts {
    /// Sorted by word.
    words: Vec<(Box<str>, [u32; 5])>,
    /// How many records have a place field naming each place (see [`place_name`]), sorted.
    names: Vec<(Box<str>, u32)>,
    records: u32,
}

impl WordCounts {
    /// Its parts, for the persistent cache: each word with its counts per class (sorted), each
    /// place name with its count (sorted), and the number of records.
    pub fn parts(&self) -> WordParts<'_> {
        (&self.words, &self.names, self.records)
    }

    /// Word counts of stored parts; `None` unless both lists are sorted, as lookups need.
    pub fn from_parts(
        words: Vec<(Box<str>, [u32; 5])>,
        names: Vec<(Box<str>, u32)>,
        records: u32,
    ) -> Option<WordCounts> {
        let sorted_words = words.windows(2).all(|w| w[0].0 < w[1].0);
        let sorted_names = names.windows(2).all(|w| w[0].0 < w[1].0);
        (sorted_words && sorted_names).then_some(WordCounts {
            words,
            names,
            records,
        })
    }

    pub(super) fn build(index: &Index) -> WordCounts {
        use std::collections::HashMap;
        let ids: Vec<usize> = (0..index.len()).collect();
        let chunk = parallel::per_core(ids.len(), 4096);
        let parts = parallel::map_chunks(&ids, chunk, |_, run| {
            // Each word's counts, and the last record (plus one) that counted it in each
            // class: a record counts once per word and class without sorting its words.
            let mut counts: HashMap<&str, ([u32; 5], [u32; 5]), Quick> = HashMap::default();
            let mut names: HashMap<&str, (u32, u32), Quick> = HashMap::default();
            for &r in run {
                let Some(entry) = index.entry(r) else {
                    continue;
                };
                let stamp = r as u32 + 1;
                for span in entry.spans {
                    let c = class_index(span.class);
                    let field = entry.field(span);
                    let words = field.split(|ch: char| !ch.is_alphanumeric());
                    for w in words.filter(|w| !w.is_empty()) {
                        let (n, last) = counts.entry(w).or_default();
                        if last[c] != stamp {
                            last[c] = stamp;
                            n[c] += 1;
                        }
                    }
                    if let Some(name) = place_name(span.class, field) {
                        let (n, last) = names.entry(name).or_default();
                        if *last != stamp {
                            *last = stamp;
                            *n += 1;
                        }
                    }
                }
            }
            let counts = counts.into_iter().map(|(w, (n, _))| (w, n));
            let names = names.into_iter().map(|(w, (n, _))| (w, n));
            let counts: Vec<(Box<str>, [u32; 5])> = counts.map(|(w, n)| (w.into(), n)).collect();
            let names: Vec<(Box<str>, u32)> = names.map(|(w, n)| (w.into(), n)).collect();
            (counts, names)
        });
        let mut all: HashMap<Box<str>, [u32; 5]> = HashMap::new();
        let mut all_names: HashMap<Box<str>, u32> = HashMap::new();
        for (part, names) in parts {
            for (w, n) in part {
                let sum = all.entry(w).or_default();
                for (a, b) in sum.iter_mut().zip(n) {
                    *a += b;
                }
            }
            for (name, n) in names {
                *all_names.entry(name).or_default() += n;
            }
        }
        let mut words: Vec<(Box<str>, [u32; 5])> = all.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut names: Vec<(Box<str>, u32)> = all_names.into_iter().collect();
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        WordCounts {
            words,
            names,
            records: index.len() as u32,
        }
    }

    /// Records holding `term` per class: for a whole word its count; for the start of words,
    /// the counts of the words it starts, added (at most every record). A term of several
    /// words counts as its rarest word.
    pub fn records_with(&self, term: &str) -> [u32; 5] {
        let words: Vec<&str> = term
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut best: Option<[u32; 5]> = None;
        for w in words {
            let counts = self.word(w);
            let total = |c: &[u32; 5]| c.iter().map(|&n| u64::from(n)).sum::<u64>();
            if best.is_none_or(|b| total(&counts) < total(&b)) {
                best = Some(counts);
            }
        }
        best.unwrap_or([self.records; 5])
    }

    fn word(&self, w: &str) -> [u32; 5] {
        let start = self.words.partition_point(|(x, _)| &**x < w);
        if let Some((x, n)) = self.words.get(start) {
            if &**x == w {
                return *n;
            }
        }
        let mut sum = [0u32; 5];
        for (_, n) in self.words[start..]
            .iter()
            .take_while(|(x, _)| x.starts_with(w))
        {
            for (a, b) in sum.iter_mut().zip(n) {
                *a = (*a + b).min(self.records);
            }
        }
        sum
    }

    /// How much a match of a term holding `counts` in a field of `class` tells: ln(1 + N/(1+n)).
    pub fn weight(&self, counts: &[u32; 5], class: Class) -> f32 {
        let n = counts[class_index(class)] as f32;
        (1.0 + self.records as f32 / (1.0 + n)).ln()
    }

    /// How many records hold `term` in some field, about (a record holding it in two kinds
    /// of field counts twice; at most every record).
    pub fn records_anywhere(&self, term: &str) -> u32 {
        let counts = self.records_with(term);
        let any = counts.iter().map(|&n| u64::from(n)).sum::<u64>();
        any.min(u64::from(self.records)) as u32
    }

    /// How many records hold a place named exactly `term` (see [`place_name`]).
    pub fn places_named(&self, term: &str) -> u32 {
        let at = self.names.partition_point(|(x, _)| &**x < term);
        match self.names.get(at) {
            Some((x, n)) if &**x == term => *n,
            _ => 0,
        }
    }

    pub fn records(&self) -> u32 {
        self.records
    }

    /// How much holding `term` in any field tells, the rarer the more: 0 for a term no record
    /// holds as (the start of) a word, which no record can be told apart by.
    pub fn weight_anywhere(&self, term: &str) -> f32 {
        let counts = self.records_with(term);
        let any = counts.iter().map(|&n| u64::from(n)).sum::<u64>();
        match any.min(u64::from(self.records)) {
            0 => 0.0,
            n => (1.0 + self.records as f32 / (1.0 + n as f32)).ln(),
        }
    }

    /// Per field class (in [`CLASSES`] order), how much a match of `term` there tells, from 1
    /// (a word hardly any record holds in that kind of field) down towards 0 (one every record holds):
    /// its [`WordCounts::weight`] over the weight of a word no record holds. "hieu" in a
    /// title tells little ("hiệu quả" is in thousands). Where no record holds the term as a
    /// word, it can only be found inside other words ("hieu" in "chieu"): that tells as
    /// little as the term in general, by the records holding it in any field.
    pub fn rarity(&self, term: &str) -> [f32; 5] {
        let counts = self.records_with(term);
        let most = (1.0 + self.records as f32).ln();
        if most <= 0.0 {
            return [1.0; 5];
        }
        let any = counts.iter().map(|&n| u64::from(n)).sum::<u64>();
        let anywhere = [any.min(u64::from(self.records)) as u32; 5];
        CLASSES.map(|class| {
            let counts = match counts[class_index(class)] {
                0 => &anywhere,
                _ => &counts,
            };
            (self.weight(counts, class) / most).clamp(0.0, 1.0)
        })
    }

    /// [`WordCounts::rarity`] of a place named exactly `term` (a place field that is the term,
    /// or its administrative unit and the term): "hieu" is in thousands of titles ("hiệu
    /// quả") and in many names, but one commune is named Hiếu.
    /// 0 when no place is so named (no match can be a whole name: the search need not allow
    /// for one).
    pub fn name_rarity(&self, term: &str) -> f32 {
        let at = self.names.partition_point(|(x, _)| &**x < term);
        let n = match self.names.get(at) {
            Some((x, n)) if &**x == term => *n,
            _ => return 0.0,
        };
        let most = (1.0 + self.records as f32).ln();
        if most <= 0.0 {
            return 1.0;
        }
        let weight = (1.0 + self.records as f32 / (1.0 + n as f32)).ln();
        (weight / most).clamp(0.0, 1.0)
    }
}

/// A hash for counting words: every word of every record is looked up, and SipHash (safe
/// against chosen keys, which the words of one's own data are not) took most of the time.
#[derive(Clone, Copy, Default)]
struct Quick;

impl std::hash::BuildHasher for Quick {
    type Hasher = QuickHasher;
    fn build_hasher(&self) -> QuickHasher {
        QuickHasher(0)
    }
}

/// FxHash's mixing: eight bytes at a time, rotate, xor, multiply.
struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut add = |word: u64| self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 56));
    }
    fn write_u8(&mut self, n: u8) {
        self.write(&[n]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
