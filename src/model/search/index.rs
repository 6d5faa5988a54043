//! The search index: every record's searchable fields, folded once at load.

use super::held;
use super::letters;
use super::occurrence;
use super::postings::{self, Postings};
use crate::model::describe::Text;
use crate::model::facets::FacetTable;
use crate::model::fold::fold_into;
use crate::model::parallel;
use crate::model::places;
use crate::model::shared::SharedStr;
use crate::model::sort::{self, Orders};
use crate::model::strings::Str;
use crate::model::{Dataset, Kind, Record};

/// How much a match in a field counts: title > place, organization, tags > summary, lessons >
/// details and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Title,
    Place,
    /// What a place named in the record is part of today (since 2025): found, but below a
    /// record that names that place itself.
    PlaceNow,
    Summary,
    Details,
}

impl Class {
    pub fn weight(self) -> f32 {
        match self {
            Class::Title => 8.0,
            Class::Place => 4.0,
            Class::PlaceNow => 3.0,
            Class::Summary => 2.0,
            Class::Details => 1.0,
        }
    }

    /// Short fields, where a scattered (fuzzy) match still means something.
    pub fn is_short(self) -> bool {
        matches!(self, Class::Title | Class::Place | Class::PlaceNow)
    }
}

/// What a field is, for the filters (`province:`, `tag:`, `topic:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Plain,
    Province,
    Tag,
    Product,
    Topic,
}

/// One field's place in the record's folded text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub class: Class,
    pub role: Role,
    /// The field is the record's English translation (`en`).
    pub english: bool,
    pub start: u32,
    pub end: u32,
    /// The most a match in this field or any later one of the record can score: a search that
    /// has found as much need read no further.
    pub ceiling: f32,
}

/// One record, folded: its fields in one string (separated by newlines), and their spans.
/// A view into the index's shared storage.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    pub text: &'a str,
    pub spans: &'a [Span],
    pub kind: Kind,
    /// Some field is the record's English translation.
    pub english: bool,
}

impl<'a> Entry<'a> {
    pub fn field(&self, span: &Span) -> &'a str {
        &self.text[span.start as usize..span.end as usize]
    }

    /// The span holding byte `at` of the text, for places looked up in increasing order:
    /// `cursor` (0 at first) keeps where the last one was, so each lookup walks on from there.
    pub fn span_walking(&self, cursor: &mut usize, at: usize) -> Option<&'a Span> {
        while self
            .spans
            .get(*cursor)
            .is_some_and(|s| (s.end as usize) < at)
        {
            *cursor += 1;
        }
        self.spans.get(*cursor).filter(|s| (s.start as usize) <= at)
    }
}

/// Where one record's entry lies in its shard.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    pub text_end: u32,
    pub spans_end: u32,
    pub kind: Kind,
    pub english: bool,
}

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
        Some(Entry {
            text: &self.text[text_start..slot.text_end as usize],
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
    pub orders: Orders,
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
        let records = dataset.records();
        // The tie-break first, beside the facet table (made in one pass on one thread): its
        // collation keys (a quarter of the JSON's size) are dropped before the shards' folded
        // text is made, so the two never take memory at once.
        let (rank, facets) = std::thread::scope(|scope| {
            let facets = scope.spawn(|| FacetTable::build(dataset));
            let rank = sort::newest_first(records, Text::Original);
            let facets = facets
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rank, facets)
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
            orders: std::sync::OnceLock::new(),
            facets,
            words: std::sync::OnceLock::new(),
            letters: std::sync::OnceLock::new(),
            held: held::Kept::default(),
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
        if next != len
            || orders.covered() != Some(len)
            || !facets.covers(len)
            || letters.as_ref().is_some_and(|l| l.len() != len)
        {
            return None;
        }
        let index = Index {
            shards: built,
            per_shard,
            len,
            rank: orders.newest_first(Text::Original).to_vec(),
            orders: orders.into(),
            facets,
            words: std::sync::OnceLock::new(),
            letters: std::sync::OnceLock::new(),
            postings: std::sync::OnceLock::new(),
            ids: std::sync::OnceLock::new(),
            held: held::Kept::default(),
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
        prefetch(shard.text.as_ptr().wrapping_add(text));
        prefetch(shard.text.as_ptr().wrapping_add(text + 64));
        prefetch(shard.spans.as_ptr().wrapping_add(spans).cast());
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
    let mut b = Builder {
        text: String::with_capacity(part.len() * 512),
        spans: Vec::with_capacity(part.len() * 12),
        english: false,
        base: 0,
    };
    let mut slots = Vec::with_capacity(part.len());
    for record in part {
        let spans_start = b.spans.len();
        b.record(record);
        let mut most = 0.0f32;
        for span in b.spans[spans_start..].iter_mut().rev() {
            most = most.max(occurrence::span_ceiling(span));
            span.ceiling = most;
        }
        slots.push(Slot {
            text_end: b.text.len() as u32,
            spans_end: b.spans.len() as u32,
            kind: record.kind(),
            english: b.spans[spans_start..].iter().any(|s| s.english),
        });
    }
    b.text.shrink_to_fit();
    b.spans.shrink_to_fit();
    Shard {
        first,
        text: b.text.into(),
        spans: b.spans,
        slots,
    }
}

/// What a trip's leader and its source are called, in both languages: a question about them
/// finds the trip, faintly.
const LEADER_WORDS: &str = "trưởng đoàn dẫn đầu leader led by head of the delegation";
const SOURCE_WORDS: &str = "nguồn bài viết tác giả source article written by author";

/// The names of each kind, in both languages.
const KIND_NAMES: &[(Kind, &str)] = &[
    (Kind::Trip, "chuyến đi đoàn công tác trip delegation"),
    (Kind::Meeting, "buổi làm việc meeting"),
    (Kind::Experience, "kinh nghiệm experience"),
    (Kind::Visit, "tham quan mô hình visit"),
];

struct Builder {
    text: String,
    spans: Vec<Span>,
    /// The fields being added are the English translation.
    english: bool,
    /// Where the current record's text starts: spans are relative to it.
    base: usize,
}

impl Builder {
    fn add(&mut self, class: Class, role: Role, value: &str) {
        if value.is_empty() {
            return;
        }
        // Fields are separated by a newline, which no folded field contains: no match can
        // run from one field into the next (or from one record into the next).
        self.text.push('\n');
        let start = (self.text.len() - self.base) as u32;
        fold_into(value, &mut self.text, |_| {});
        let end = (self.text.len() - self.base) as u32;
        self.spans.push(Span {
            class,
            role,
            english: self.english,
            start,
            end,
            ceiling: f32::INFINITY,
        });
    }

    fn all<'a>(&mut self, class: Class, role: Role, values: impl IntoIterator<Item = &'a Str>) {
        for v in values {
            self.add(class, role, v);
        }
    }

    fn opt(&mut self, class: Class, role: Role, value: &Option<Str>) {
        if let Some(v) = value {
            self.add(class, role, v);
        }
    }
}

impl Builder {
    /// Folds one record's fields, in a fixed order.
    fn record(&mut self, record: &Record) {
        use Class::*;
        self.base = self.text.len();
        let b = self;
        let c = record.common();
        b.add(Title, Role::Plain, &c.title);
        if let Some(en) = &c.en {
            b.english = true;
            b.opt(Title, Role::Plain, &en.title);
            b.english = false;
        }
        let provinces = record.provinces();
        for p in &provinces {
            b.add(Place, Role::Province, p);
        }
        // The province each one is part of since 2025 finds it too, below a record that names
        // that province itself.
        for now in provinces.iter().filter_map(|p| places::province_now(p)) {
            b.add(PlaceNow, Role::Province, now);
        }
        b.all(Place, Role::Tag, &c.tags);
        for t in record.topics() {
            b.add(Place, Role::Topic, t);
        }
        match record {
            Record::Trip(t) => {
                b.opt(Place, Role::Plain, &t.organizer);
                if let Some(l) = &t.leader {
                    b.add(Place, Role::Plain, &l.name);
                    b.opt(Details, Role::Plain, &l.role);
                    // What people ask for it by ("who led the delegation?").
                    b.add(Details, Role::Plain, LEADER_WORDS);
                }
                b.all(Details, Role::Plain, &t.members);
                if let Some(s) = &t.source {
                    b.add(Details, Role::Plain, &s.title);
                    b.opt(Details, Role::Plain, &s.author);
                    b.add(Details, Role::Plain, SOURCE_WORDS);
                }
            }
            Record::Meeting(m) => {
                b.opt(Place, Role::Plain, &m.host);
                b.all(Details, Role::Plain, &m.participants);
            }
            Record::Experience(e) => {
                b.all(Details, Role::Plain, &e.shared_by);
                b.all(Summary, Role::Plain, &e.lessons);
            }
            Record::Visit(v) => {
                b.opt(Place, Role::Plain, &v.organization);
                if let Some(l) = &v.location {
                    for part in [&l.village, &l.commune, &l.district] {
                        b.opt(Place, Role::Plain, part);
                    }
                    let province = l.province.as_ref().or(v.province.as_ref());
                    let now = l.commune.as_ref().zip(province);
                    if let Some((commune, _)) = now.and_then(|(c, p)| places::commune_now(c, p)) {
                        b.add(PlaceNow, Role::Plain, commune);
                    }
                }
                b.all(Place, Role::Product, &v.products);
                b.all(Summary, Role::Plain, &v.lessons);
            }
        }
        // What users call the kind ("buổi làm việc", "visit") finds it, faintly.
        let names = KIND_NAMES.iter().filter(|(k, _)| *k == record.kind());
        for (_, name) in names {
            b.add(Details, Role::Plain, name);
        }
        b.opt(Summary, Role::Plain, &c.summary);
        b.opt(Details, Role::Plain, &c.details);
        if let Some(en) = &c.en {
            b.english = true;
            b.opt(Summary, Role::Plain, &en.summary);
            b.opt(Details, Role::Plain, &en.details);
            b.english = false;
        }
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

/// Administrative units a place's name follows ("xã Hiếu", "thị trấn Chợ Rã"), folded.
const UNITS: &[&str] = &[
    "xa ",
    "phuong ",
    "thi tran ",
    "thi xa ",
    "huyen ",
    "quan ",
    "tinh ",
    "thanh pho ",
];

/// The name a place field holds, its administrative unit left out ("xa hieu": "hieu"); `None`
/// for a field that is not a place's.
pub(super) fn place_name(class: Class, field: &str) -> Option<&str> {
    if !matches!(class, Class::Place | Class::PlaceNow) {
        return None;
    }
    let name = UNITS
        .iter()
        .find_map(|u| field.strip_prefix(u))
        .unwrap_or(field);
    Some(name)
}

pub(super) fn class_index(class: Class) -> usize {
    CLASSES.iter().position(|&c| c == class).unwrap_or(0)
}

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

    fn build(index: &Index) -> WordCounts {
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
    fn a_place_is_named_without_its_unit() {
        assert_eq!(place_name(Class::Place, "xa hieu"), Some("hieu"));
        assert_eq!(place_name(Class::Place, "thi tran cho ra"), Some("cho ra"));
        assert_eq!(place_name(Class::PlaceNow, "kon tum"), Some("kon tum"));
        assert_eq!(place_name(Class::Title, "xa hieu"), None);
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
