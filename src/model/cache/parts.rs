//! The index's parts in the cache's byte format, one writer and one reader per part, in the
//! order [`put_index`] writes them: a part added to the index is one more pair here and one
//! more line in each of [`put_index`] and [`index`].

use super::bytes::{Reader, Sink, Writer};
use crate::model::facets::{FacetTable, Value, FACETS};
use crate::model::search::index::{Class, Parts, Role, ShardParts, Slot, Span};
use crate::model::search::letters::Columns;
use crate::model::search::word_counts::WordCounts;
use crate::model::search::Index;
use crate::model::shared::{range_in, Bytes, SharedStr};
use crate::model::sort::Orders;
use crate::model::Kind;

/// Writes the index's parts to `sink`, each as soon as it is encoded (the shards' text
/// straight from the index).
pub fn put_index(sink: &mut Sink, index: &Index) {
    sink.len(index.per_shard());
    sink.len(index.len());
    put_shards(sink, index);
    sink.u32s(index.ranks());
    // The sort orders when made (the TUI makes them after loading): making them only to
    // store them held every title's collation key at once, the first run's peak.
    put_orders(sink, index.orders_if_made());
    let mut w = Writer::default();
    put_facets(&mut w, index.facets());
    sink.put_writer(&mut w);
    put_words(&mut w, index.word_counts_made());
    sink.put_writer(&mut w);
    put_letters(sink, index.letters());
}

/// The index stored by [`put_index`]; `None` when any part is damaged or does not fit the rest.
pub fn index(r: &mut Reader, bytes: &Bytes) -> Option<Index> {
    let per_shard = r.usize()?;
    let len = r.usize()?;
    let parts = Parts {
        per_shard,
        len,
        shards: shards(r, bytes)?,
        rank: r.u32s()?,
        orders: orders(r)?,
        facets: facets(r)?,
        words: words(r)?,
        letters: letters(r)?,
    };
    Index::from_parts(parts)
}

/// Each shard: its first record, its folded text, its spans as columns (starts, ends,
/// ceilings, then class, role and language in one byte), its slots as columns.
fn put_shards(sink: &mut Sink, index: &Index) {
    let shards: Vec<_> = index.shard_parts().collect();
    sink.len(shards.len());
    let mut w = Writer::default();
    for (first, text, spans, slots) in shards {
        sink.len(first);
        // As `Writer::str` writes it, from where it lies.
        sink.len(text.len());
        sink.put(text.as_bytes());
        let column = |f: fn(&Span) -> u32| spans.iter().map(f).collect::<Vec<u32>>();
        sink.u32s(&column(|s| s.start));
        sink.u32s(&column(|s| s.end));
        sink.f32s(&spans.iter().map(|s| s.ceiling).collect::<Vec<_>>());
        w.len(spans.len());
        for s in spans {
            w.u8(class_code(s.class) | role_code(s.role) << 3 | u8::from(s.english) << 6);
        }
        sink.put_writer(&mut w);
        sink.u32s(&slots.iter().map(|s| s.text_end).collect::<Vec<_>>());
        sink.u32s(&slots.iter().map(|s| s.spans_end).collect::<Vec<_>>());
        w.len(slots.len());
        for s in slots {
            w.u8(kind_code(s.kind) | u8::from(s.english) << 2);
        }
        sink.put_writer(&mut w);
    }
}

fn shards(r: &mut Reader, bytes: &Bytes) -> Option<Vec<ShardParts>> {
    let n = r.len(8)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let first = r.usize()?;
        // The text stays where it lies in the entry.
        let text = r.bytes()?;
        let text = SharedStr::new(bytes.clone(), range_in((**bytes).as_ref(), text)?)?;
        // Read where they lie, into the spans and slots, with no column copied first.
        let (starts, ends, ceilings) = (column(r)?, column(r)?, column(r)?);
        let flags = r.bytes()?;
        if [ends.len(), ceilings.len(), flags.len()] != [starts.len(); 3] {
            return None;
        }
        let mut spans = Vec::with_capacity(flags.len());
        for (i, &flag) in flags.iter().enumerate() {
            spans.push(Span {
                class: class_of(flag & 7)?,
                role: role_of(flag >> 3 & 7)?,
                english: flag >> 6 & 1 == 1,
                start: word(starts, i),
                end: word(ends, i),
                ceiling: f32::from_bits(word(ceilings, i)),
            });
        }
        let (text_ends, spans_ends) = (column(r)?, column(r)?);
        let flags = r.bytes()?;
        if [spans_ends.len(), flags.len()] != [text_ends.len(); 2] {
            return None;
        }
        let mut slots = Vec::with_capacity(flags.len());
        for (i, &flag) in flags.iter().enumerate() {
            slots.push(Slot {
                text_end: word(text_ends, i),
                spans_end: word(spans_ends, i),
                kind: kind_of(flag & 3)?,
                english: flag >> 2 & 1 == 1,
            });
        }
        out.push(ShardParts {
            first,
            text,
            spans,
            slots,
        });
    }
    Some(out)
}

/// A column written by [`Writer::u32s`] or [`Writer::f32s`], left where it lies; `len()`
/// counts its values (see [`word`]).
fn column<'a>(r: &mut Reader<'a>) -> Option<Words<'a>> {
    let n = r.len(4)?;
    Some(Words(r.take(n * 4)?))
}

/// Four-byte little-endian values lying in the entry.
#[derive(Clone, Copy)]
struct Words<'a>(&'a [u8]);

impl Words<'_> {
    fn len(self) -> usize {
        self.0.len() / 4
    }
}

/// Value `i` of `words` (`i` below `words.len()`).
fn word(words: Words, i: usize) -> u32 {
    let b = &words.0[i * 4..i * 4 + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn put_orders(sink: &mut Sink, orders: Option<&Orders>) {
    let Some(orders) = orders else {
        sink.put(&[0]);
        return;
    };
    sink.put(&[1]);
    let (columns, undated, no_province) = orders.columns();
    for column in columns {
        sink.u32s(column);
    }
    let mut w = Writer::default();
    w.bools(undated);
    w.bools(no_province);
    sink.put_writer(&mut w);
}

fn orders(r: &mut Reader) -> Option<Option<Orders>> {
    if !r.bool()? {
        return Some(None);
    }
    let mut columns: [Vec<u32>; 10] = Default::default();
    for column in &mut columns {
        *column = r.u32s()?;
    }
    Some(Some(Orders::from_columns(columns, r.bools()?, r.bools()?)))
}

fn put_facets(w: &mut Writer, facets: &FacetTable) {
    let (values, starts, items) = facets.parts();
    for list in values {
        w.len(list.len());
        for v in list {
            w.str(&v.key);
            w.str(&v.label);
            w.len(v.collation.len());
            w.buf.extend_from_slice(&v.collation);
        }
    }
    w.u32s(starts);
    w.len(items.len());
    for &(facet, id) in items {
        w.u8(facet);
        w.u32(id);
    }
}

fn facets(r: &mut Reader) -> Option<FacetTable> {
    let mut values: [Vec<Value>; FACETS] = Default::default();
    for list in &mut values {
        let n = r.len(24)?;
        list.reserve(n);
        for _ in 0..n {
            list.push(Value {
                key: r.string()?,
                label: r.string()?,
                collation: r.bytes()?.to_vec(),
            });
        }
    }
    let starts = r.u32s()?;
    let n = r.len(5)?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        items.push((r.u8()?, r.u32()?));
    }
    FacetTable::from_parts(values, starts, items)
}

/// The word counts when they were made before the cache was written (else a 0).
fn put_words(w: &mut Writer, words: Option<&WordCounts>) {
    let Some(words) = words else {
        w.u8(0);
        return;
    };
    w.u8(1);
    let (counts, names, records) = words.parts();
    w.u32(records);
    w.len(counts.len());
    for (word, n) in counts {
        w.str(word);
        for c in n {
            w.u32(*c);
        }
    }
    w.len(names.len());
    for (name, n) in names {
        w.str(name);
        w.u32(*n);
    }
}

fn words(r: &mut Reader) -> Option<Option<WordCounts>> {
    if !r.bool()? {
        return Some(None);
    }
    let records = r.u32()?;
    let n = r.len(28)?;
    let mut counts = Vec::with_capacity(n);
    for _ in 0..n {
        let word: Box<str> = r.str()?.into();
        let mut c = [0u32; 5];
        for x in &mut c {
            *x = r.u32()?;
        }
        counts.push((word, c));
    }
    let n = r.len(12)?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        names.push((r.str()?.into(), r.u32()?));
    }
    WordCounts::from_parts(counts, names, records).map(Some)
}

/// Every record's score for each letter and digit, when they were worked out (else a 0).
fn put_letters(sink: &mut Sink, letters: Option<&Columns>) {
    let Some(letters) = letters else {
        sink.put(&[0]);
        return;
    };
    sink.put(&[1]);
    sink.len(letters.len());
    sink.f32s(letters.scores());
}

fn letters(r: &mut Reader) -> Option<Option<Columns>> {
    if !r.bool()? {
        return Some(None);
    }
    let records = r.usize()?;
    Columns::from_scores(records, r.f32s()?).map(Some)
}

const CLASSES: [Class; 5] = [
    Class::Title,
    Class::Place,
    Class::PlaceNow,
    Class::Summary,
    Class::Details,
];
const ROLES: [Role; 5] = [
    Role::Plain,
    Role::Province,
    Role::Tag,
    Role::Product,
    Role::Topic,
];

fn class_code(c: Class) -> u8 {
    CLASSES.iter().position(|&x| x == c).unwrap_or(0) as u8
}

fn class_of(code: u8) -> Option<Class> {
    CLASSES.get(usize::from(code)).copied()
}

fn role_code(r: Role) -> u8 {
    ROLES.iter().position(|&x| x == r).unwrap_or(0) as u8
}

fn role_of(code: u8) -> Option<Role> {
    ROLES.get(usize::from(code)).copied()
}

fn kind_code(k: Kind) -> u8 {
    Kind::ALL.iter().position(|&x| x == k).unwrap_or(0) as u8
}

fn kind_of(code: u8) -> Option<Kind> {
    Kind::ALL.get(usize::from(code)).copied()
}
