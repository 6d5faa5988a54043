//! The search index: every record's searchable fields, folded once at load.

use super::fields;
use super::held;
use super::letters;
use super::postings::{self, Postings};
use super::short_words::ShortPlaces;
use super::word_counts::WordCounts;
use crate::model::describe::Text;
use crate::model::facets::FacetTable;
use crate::model::parallel;
use crate::model::shared::SharedStr;
use crate::model::sort::{self, Orders};
use crate::model::{Dataset, Record};

pub use super::entry::{Class, Entry, Role, Slot, Span};

/// The entries of a run of consecutive records, in two flat buffers: one allocation each
/// instead of several per record, and the records' text side by side for the scan.
#[derive(Clone, Debug, Default)]
struct Shard {
    first: usize,
    /// Built here, or lying in the index cache's entry.
    text: SharedStr,
    spans: Vec<Span>,
    slots: Vec<Slot>,
}

impl Shard {
    /// The shard of stored parts, when every slot and span lies within its text, on character
    /// boundaries, each record's after the one before.
    fn from_parts(parts: ShardParts) -> Option<Shard> {
        let ShardParts {
            first,
            text,
            spans,
            slots,
        } = parts;
        let (mut text_start, mut spans_start) = (0usize, 0usize);
        for slot in &slots {
            let (text_end, spans_end) = (slot.text_end as usize, slot.spans_end as usize);
            if text_end < text_start
                || spans_end < spans_start
                || spans_end > spans.len()
                || !text.is_char_boundary(text_end)
            {
                return None;
            }
            let entry = &text[text_start..text_end];
            let inside = spans[spans_start..spans_end].iter().all(|s| {
                s.start <= s.end
                    && entry.is_char_boundary(s.start as usize)
                    && entry.is_char_boundary(s.end as usize)
            });
            if !inside {
                return None;
            }
            (text_start, spans_start) = (text_end, spans_end);
        }
        if text_start != text.len() || spans_start != spans.len() {
            return None;
        }
        Some(Shard {
            first,
            text,
            spans,
            slots,
        })
    }

    fn entry(&self, i: usize) -> Option<Entry<'_>> {
        let slot = self.slots.get(i)?;
        let (text_start, spans_start) = match i {
            0 => (0, 0),
            _ => {
                let prev = self.slots[i - 1];
                (prev.text_end as usize, prev.spans_end as usize)
            }
        };
        let text_end = slot.text_end as usize;
        debug_assert!(text_start <= text_end && self.text.is_char_boundary(text_end));
        // SAFETY: each slot's text ends on a character boundary of the shard's text, at or
        // after the one before, within it: `fold` ends a record's text where a whole string
        // was pushed, and `from_parts` checks stored parts for it (a shard is not changed
        // after). Checking again here read the byte after the record's text: a cache miss
        // for each record a search looked at, most of which it never reads (at a million
        // records, 15 % of a keystroke's time).
        let text = unsafe { self.text.get_unchecked(text_start..text_end) };
        Some(Entry {
            text,
            spans: &self.spans[spans_start..slot.spans_end as usize],
            kind: slot.kind,
            english: slot.english,
        })
    }
}

/// Every record folded, in dataset order.
#[derive(Clone, Debug, Default)]
pub struct Index {
    shards: Vec<Shard>,
    /// Records per shard (all but the last shard hold exactly this many).
    per_shard: usize,
    len: usize,
    /// Each record's place when all are ordered newest first, then by title: the tie-break
    /// of equal scores, precomputed so sorting results compares two numbers.
    rank: Vec<u32>,
    /// Each record's place in every order the list can be sorted by: made when first asked
    /// for (typing needs only `rank`), in the background after loading.
    orders: std::sync::OnceLock<Orders>,
    /// Every record's facet values, as numbers.
    facets: FacetTable,
    /// How many records hold each word, per field class: made once (a pass over every word),
    /// in the background after loading or when a question first needs it, then kept.
    words: std::sync::OnceLock<WordCounts>,
    /// Each record's score for each single letter and digit: worked out once, after loading.
    letters: std::sync::OnceLock<letters::Columns>,
    /// Which records hold the pieces of text questions looked for lately.
    held: held::Kept,
    /// Which records hold the words looked for lately in their leading short fields.
    held_short: held::Kept<ShortPlaces>,
    /// Which records hold each word, and the letters of each record's short fields: built
    /// once, after loading, from the folded text alone (so an index read back from elsewhere
    /// builds them again); until then every record is read.
    postings: std::sync::OnceLock<Postings>,
    /// The records by id, for finding every review's record: built when first needed.
    ids: std::sync::OnceLock<super::ids::Ids>,
}

/// One shard's storage, whole: what the persistent cache (`model::cache`) writes and reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShardParts {
    /// The dataset's number of the shard's first record.
    pub first: usize,
    pub text: SharedStr,
    pub spans: Vec<Span>,
    /// Per record, where its text and spans end.
    pub slots: Vec<Slot>,
}

/// An index's parts as stored by the persistent cache, for [`Index::from_parts`]: the tie-break
/// rank is the newest-first order, and what questions look for lately is found again.
#[derive(Debug, Default)]
pub struct Parts {
    pub per_shard: usize,
    pub len: usize,
    pub shards: Vec<ShardParts>,
    /// Each record's place newest first, then by title (the tie-break of equal scores).
    pub rank: Vec<u32>,
    /// The sort orders, when they were made before the parts were stored.
    pub orders: Option<Orders>,
    pub facets: FacetTable,
    pub words: Option<WordCounts>,
    pub letters: Option<letters::Columns>,
}

/// Records per shard: small enough that the text of one stays well under 4 GiB (offsets are
/// u32), large enough that there are few.
const SHARD: usize = 65_536;

impl Index {
    /// Folds every record; uses every core on large datasets.
    pub fn build(dataset: &Dataset) -> Index {
        Index::build_from(dataset, false)
    }

    /// [`Index::build`], the sort orders made too, first: what the index cache stores. Made
    /// later, to be stored, every title's collation key (a quarter of the JSON's size) was
    /// held beside the folded text: the first run's peak.
    pub fn build_with_orders(dataset: &Dataset) -> Index {
        Index::build_from(dataset, true)
    }

    fn build_from(dataset: &Dataset, with_orders: bool) -> Index {
        let records = dataset.records();
        // The tie-break first, beside the facet table (made in one pass on one thread): its
        // collation keys (a quarter of the JSON's size) are dropped before the shards' folded
        // text is made, so the two never take memory at once.
        let (rank, orders, facets) = std::thread::scope(|scope| {
            let facets = scope.spawn(|| FacetTable::build(dataset));
            let (rank, orders) = match with_orders {
                true => {
                    let orders = Orders::build(records);
                    (orders.newest_first(Text::Original).to_vec(), Some(orders))
                }
                false => (sort::newest_first(records, Text::Original), None),
            };
            let facets = facets
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rank, orders, facets)
        });
        parallel::release_free_memory();
        // Shards of equal size (the last shorter), so a record's shard is a division; each core
        // builds a run of whole shards.
        let per_shard = parallel::per_core(records.len(), 4096).min(SHARD);
        let shards_per_core = records
            .len()
            .div_ceil(per_shard)
            .div_ceil(parallel::threads());
        let run = per_shard * shards_per_core.max(1);
        let shards = parallel::map_chunks(records, run, |first, part| {
            part.chunks(per_shard)
                .enumerate()
                .map(|(n, shard_records)| shard(shard_records, first + n * per_shard))
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
        Index {
            shards,
            per_shard,
            len: records.len(),
            rank,
            orders: orders.map_or_else(std::sync::OnceLock::new, Into::into),
            facets,
            words: std::sync::OnceLock::new(),
            letters: std::sync::OnceLock::new(),
            held: held::Kept::default(),
            held_short: held::Kept::default(),
            postings: std::sync::OnceLock::new(),
            ids: std::sync::OnceLock::new(),
        }
    }

    /// An index made of stored parts (the persistent cache's), checked to hold together: every
    /// entry's text and spans within its shard, on character boundaries, and every part as
    /// long as the records are many; `None` otherwise, so a damaged part is never searched.
    pub fn from_parts(parts: Parts) -> Option<Index> {
        let Parts {
            per_shard,
            len,
            shards,
            rank,
            orders,
            facets,
            words,
            letters,
        } = parts;
        if per_shard == 0 && len > 0 {
            return None;
        }
        let mut next = 0usize;
        let mut built = Vec::with_capacity(shards.len());
        for (n, part) in shards.into_iter().enumerate() {
            let full = part.slots.len() == per_shard;
            let last = next + part.slots.len() == len;
            if part.first != next || part.first != n * per_shard || !(full || last) {
                return None;
            }
            next += part.slots.len();
            built.push(Shard::from_parts(part)?);
        }
        let orders_fit = orders
            .as_ref()
            .is_none_or(|o| o.covered() == Some(len) && o.newest_first(Text::Original) == rank);
        if next != len
            || rank.len() != len
            || rank.iter().any(|&r| r as usize >= len)
            || !orders_fit
            || !facets.covers(len)
            || letters.as_ref().is_some_and(|l| l.len() != len)
        {
            return None;
        }
        let index = Index {
            shards: built,
            per_shard,
            len,
            rank,
            orders: orders.map_or_else(std::sync::OnceLock::new, Into::into),
            facets,
            words: std::sync::OnceLock::new(),
            letters: std::sync::OnceLock::new(),
            postings: std::sync::OnceLock::new(),
            ids: std::sync::OnceLock::new(),
            held: held::Kept::default(),
            held_short: held::Kept::default(),
        };
        if let Some(words) = words {
            let _ = index.words.set(words);
        }
        if let Some(letters) = letters {
            let _ = index.letters.set(letters);
        }
        Some(index)
    }

    /// Records per shard (all shards but the last hold exactly this many).
    pub fn per_shard(&self) -> usize {
        self.per_shard
    }

    /// Each shard's storage, in record order (what the persistent cache writes).
    pub fn shard_parts(&self) -> impl Iterator<Item = (usize, &str, &[Span], &[Slot])> {
        self.shards.iter().map(|s| {
            (
                s.first,
                s.text.as_str(),
                s.spans.as_slice(),
                s.slots.as_slice(),
            )
        })
    }

    /// The word counts, if they have been worked out.
    pub fn word_counts_made(&self) -> Option<&WordCounts> {
        self.words.get()
    }

    /// How many records hold each word, per field class.
    pub fn word_counts(&self) -> &WordCounts {
        self.words.get_or_init(|| WordCounts::build(self))
    }

    /// True once [`Index::word_counts`] has been worked out.
    pub fn words_counted(&self) -> bool {
        self.words.get().is_some()
    }

    /// The orders the list can be sorted in, made from `dataset` (the one this index was
    /// built from) the first time they are asked for (about 0.25 s at 100,000 records, on
    /// every core); the TUI makes them in the background after loading.
    pub fn orders(&self, dataset: &Dataset) -> &Orders {
        self.orders.get_or_init(|| Orders::build(dataset.records()))
    }

    /// The sort orders, if they are made.
    pub fn orders_if_made(&self) -> Option<&Orders> {
        self.orders.get()
    }

    /// Each record's place newest first, then by title: the tie-break of equal scores.
    pub fn ranks(&self) -> &[u32] {
        &self.rank
    }

    /// True once the sort orders are made ([`Index::orders`]): asking for them then never
    /// waits.
    pub fn orders_made(&self) -> bool {
        self.orders.get().is_some()
    }

    /// The facet values of every record.
    pub fn facets(&self) -> &FacetTable {
        &self.facets
    }

    /// The tie-break rank of a record (lower first).
    pub fn rank(&self, record: usize) -> u32 {
        self.rank.get(record).copied().unwrap_or(u32::MAX)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every record's score for each single letter and digit, once worked out
    /// ([`Index::score_letters`]); until then, a query of one letter reads the records.
    pub fn letters(&self) -> Option<&letters::Columns> {
        self.letters.get()
    }

    /// Works out every record's score for each single letter and digit (about 0.4 s at
    /// 100,000 records, on every core), once; the TUI does it in the background after loading.
    pub fn score_letters(&self) -> &letters::Columns {
        self.letters.get_or_init(|| letters::Columns::build(self))
    }

    /// The word postings, once built ([`Index::build_postings`]).
    pub fn postings(&self) -> Option<&Postings> {
        self.postings.get()
    }

    /// Builds which records hold each word (a read of every record's text, on every core),
    /// once; the TUI does it in the background after loading. A search then reads only the
    /// records that may match.
    pub fn build_postings(&self) -> &Postings {
        self.postings.get_or_init(|| Postings::build(self))
    }

    /// The records of `dataset` (the one this index was built from) by id, built on the
    /// first call; `None` when `dataset` is not that one (its number of records differs).
    pub fn ids(&self, dataset: &Dataset) -> Option<&super::ids::Ids> {
        let ids = self.ids.get_or_init(|| super::ids::Ids::build(dataset));
        ids.covers(dataset.len()).then_some(ids)
    }

    /// Every record whose folded text holds `piece`, from the word postings, when they are
    /// built, `piece` is letters and digits only and at most `most` record-words have to be
    /// read for it; kept for the next keystrokes like [`Index::holding`] (the same records).
    pub fn holding_within(
        &self,
        piece: &str,
        most: usize,
    ) -> Option<std::sync::Arc<held::Records>> {
        let postings = self.postings()?;
        if !postings::is_one_word(piece) {
            return None;
        }
        self.held
            .get_or_try(piece, || postings.holding(piece, most))
    }

    /// As [`Index::holding_within`], where `piece` sits in each record's leading short fields
    /// (kept apart: a word is in fewer records' short fields than in their text).
    pub fn short_places_within(
        &self,
        piece: &str,
        most: usize,
    ) -> Option<std::sync::Arc<ShortPlaces>> {
        let postings = self.postings()?;
        if !postings::is_one_word(piece) {
            return None;
        }
        (self.held_short).get_or_try(piece, || postings.short_places(piece, most))
    }

    /// Asks the processor to start loading record `record`'s entry while it works on others:
    /// a search reads entries one after another, and waiting for each from memory was most
    /// of its time.
    pub fn prefetch(&self, record: usize) {
        let Some(shard) = self.shards.get(record / self.per_shard.max(1)) else {
            return;
        };
        let Some(i) = record.checked_sub(shard.first) else {
            return;
        };
        let (text, spans) = match i.checked_sub(1).and_then(|p| shard.slots.get(p)) {
            Some(prev) => (prev.text_end as usize, prev.spans_end as usize),
            None => (0, 0),
        };
        // The text's start asked for once: it lies behind a call through its bytes' vtable.
        let text = shard.text.as_ptr().wrapping_add(text);
        for line in 0..PREFETCH_LINES {
            prefetch(text.wrapping_add(64 * line));
        }
        let spans = shard.spans.as_ptr().wrapping_add(spans).cast::<u8>();
        prefetch(spans);
        prefetch(spans.wrapping_add(64));
    }

    /// The folded entry of record `record`.
    pub fn entry(&self, record: usize) -> Option<Entry<'_>> {
        let shard = self.shards.get(record / self.per_shard.max(1))?;
        shard.entry(record.checked_sub(shard.first)?)
    }

    /// Every record whose folded text holds `piece`: one scan of the text (a shard per core),
    /// kept for the next keystrokes.
    pub fn holding(&self, piece: &str) -> std::sync::Arc<held::Records> {
        if let Some(found) = self.holding_within(piece, usize::MAX) {
            return found;
        }
        self.held.get_or_find(piece, || {
            let parts = parallel::map_chunks(&self.shards, 1, |_, shards| {
                let mut found = held::Records::new(self.len);
                for shard in shards {
                    let ends = shard.slots.iter().map(|s| s.text_end as usize);
                    held::find_in(&shard.text, ends, piece, shard.first, &mut found);
                }
                found
            });
            let mut all = held::Records::new(self.len);
            for part in &parts {
                all.union(part);
            }
            all
        })
    }
}

/// The shard of `part`, whose first record is number `first` of the dataset.
fn shard(part: &[Record], first: usize) -> Shard {
    let (text, spans, slots) = fields::fold(part);
    Shard {
        first,
        text: text.into(),
        spans,
        slots,
    }
}

/// Field classes, in the order of the counts kept per word.
pub const CLASSES: [Class; 5] = [
    Class::Title,
    Class::Place,
    Class::PlaceNow,
    Class::Summary,
    Class::Details,
];

pub(super) fn class_index(class: Class) -> usize {
    CLASSES.iter().position(|&c| c == class).unwrap_or(0)
}

/// How many cache lines of a record's text [`Index::prefetch`] asks for: its short fields,
/// which a search reads first, take two to four.
const PREFETCH_LINES: usize = 4;

/// A hint to load the cache line at `at`; nothing is read, so any address is safe.
#[cfg(target_arch = "x86_64")]
pub(crate) fn prefetch(at: *const u8) {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    // SAFETY: every x86_64 processor has SSE, and a prefetch neither reads nor writes memory
    // as far as the program can tell: it cannot fault, whatever the address.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(at.cast()) };
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn prefetch(_at: *const u8) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typing needs only the tie-break: the orders are made when first asked for, and are
    /// then what a build of them gives.
    #[test]
    fn the_orders_wait_until_asked_for() {
        let json = r#"{"schema_version": 1, "trips": [{"id": "t", "title": "Chuyến đi"}],
            "meetings": [
              {"id": "a", "title": "Bò", "date": "2024-03-02", "en": {"title": "Zebra"}},
              {"id": "b", "title": "Cò", "date": "2024-03-02"},
              {"id": "c", "title": "Cá", "province": "Kon Tum"}
            ]}"#;
        let file = crate::model::source::SourceFile {
            name: "t.json".into(),
            bytes: json.as_bytes().to_vec().into(),
        };
        let dataset = crate::model::dataset::load_sources(&[file], Vec::new()).dataset;
        assert_eq!(dataset.len(), 4);
        let index = Index::build(&dataset);
        assert!(index.orders.get().is_none());
        let built = Orders::build(dataset.records());
        assert_eq!(index.rank, built.newest_first(Text::Original));
        assert_eq!(index.orders(&dataset).columns(), built.columns());
    }

    #[test]
    fn walking_to_each_place_finds_the_span_that_holds_it() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = Index::build(&dataset);
        let mut checked = 0;
        for record in 0..index.len() {
            let entry = index.entry(record).unwrap();
            let mut cursor = 0;
            for at in (0..entry.text.len()).step_by(3) {
                let held = entry
                    .spans
                    .iter()
                    .find(|s| (s.start as usize) <= at && at <= s.end as usize);
                assert_eq!(
                    entry.span_walking(&mut cursor, at),
                    held,
                    "{record} at {at}"
                );
                checked += usize::from(held.is_some());
            }
        }
        assert!(checked > 1000, "only {checked} places in a span");
    }
}
