//! The records, field by field in the cache's byte format. The
//! records' text is kept apart, all of it in one string checked to be UTF-8 at once (checking
//! each of millions of short strings on its own was most of the time a warm start took); the
//! fields hold their lengths, and each is cut from that string on character boundaries.

use std::ops::Range;

use super::bytes::{Reader, Sink, Writer};
use crate::model::dataset::{LinkLists, Stored};
use crate::model::record::{
    Common, Date, Experience, Location, Meeting, Person, Source, Translation, Trip, Visit,
};
use crate::model::shared::{range_in, Bytes, SharedStr};
use crate::model::strings::Str;
use crate::model::{parallel, Dataset, Kind, Record};

/// The records being written: their structure and their text apart, in two passes over the
/// records, each keeping one of them (the other only counted), so that neither is held whole.
struct Out {
    keep: Keep,
    w: Writer,
    text: String,
    /// The bytes of structure and of text put so far, kept or not.
    structure_len: usize,
    text_len: usize,
}

/// Which of the two a pass keeps.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    Text,
    Structure,
}

impl Out {
    fn new(keep: Keep) -> Out {
        Out {
            keep,
            w: Writer::default(),
            text: String::new(),
            structure_len: 0,
            text_len: 0,
        }
    }

    /// Structure written with `put` (`n` bytes).
    fn structure(&mut self, n: usize, put: impl FnOnce(&mut Writer)) {
        self.structure_len += n;
        if self.keep == Keep::Structure {
            put(&mut self.w);
        }
    }

    fn u8(&mut self, v: u8) {
        self.structure(1, |w| w.u8(v));
    }

    fn u32(&mut self, v: u32) {
        self.structure(4, |w| w.u32(v));
    }

    fn len(&mut self, n: usize) {
        self.structure(8, |w| w.len(n));
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.text_len += s.len();
        if self.keep == Keep::Text {
            self.text.push_str(s);
        }
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    fn strs(&mut self, list: &[Str]) {
        self.len(list.len());
        for s in list {
            self.str(s);
        }
    }

    /// What was kept so far goes out to `sink`, once there is `at_least` of it.
    fn drain(&mut self, sink: &mut Sink, at_least: usize) {
        if self.text.len() >= at_least.max(1) {
            sink.put(self.text.as_bytes());
            self.text.clear();
        }
        if self.w.buf.len() >= at_least.max(1) {
            sink.put_writer(&mut self.w);
        }
    }
}

/// The records' structure being read, and their text.
struct In<'a> {
    r: Reader<'a>,
    text: &'a str,
    at: usize,
}

impl In<'_> {
    fn u8(&mut self) -> Option<u8> {
        self.r.u8()
    }

    fn u32(&mut self) -> Option<u32> {
        self.r.u32()
    }

    fn bool(&mut self) -> Option<bool> {
        self.r.bool()
    }

    /// The next string of the text: `None` past its end or off a character boundary.
    fn string(&mut self) -> Option<Str> {
        let n = self.r.usize()?;
        let end = self.at.checked_add(n)?;
        let s = self.text.get(self.at..end)?;
        self.at = end;
        Some(Str::from(s))
    }

    fn opt_string(&mut self) -> Option<Option<Str>> {
        match self.r.u8()? {
            0 => Some(None),
            1 => self.string().map(Some),
            _ => None,
        }
    }

    fn strings(&mut self) -> Option<Box<[Str]>> {
        let n = self.r.len(8)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Some(out.into())
    }
}

/// The records: their count, their text, their structure, then where each record starts in
/// the structure and in the text (so one can be made without the others). The text is
/// written in a first pass over the records, which also counts the structure; the structure
/// in a second.
pub fn put_records(sink: &mut Sink, dataset: &Dataset) {
    let records = dataset.records();
    let mut starts = Writer::default();
    sink.len(records.len());
    let mut out = Out::new(Keep::Text);
    let text_len = sink.reserve_len();
    for r in records {
        starts.u64(out.structure_len as u64);
        starts.u64(out.text_len as u64);
        put_record(&mut out, r);
        out.drain(sink, PIECE);
    }
    out.drain(sink, 0);
    sink.patch_len(text_len, out.text_len as u64);
    sink.len(out.structure_len);
    let mut out = Out::new(Keep::Structure);
    for r in records {
        put_record(&mut out, r);
        out.drain(sink, PIECE);
    }
    out.drain(sink, 0);
    sink.len(starts.buf.len());
    sink.put_writer(&mut starts);
    // Who points at whom, so a detail page from the cache need not make every record.
    let (children, related) = dataset.link_lists();
    let mut w = Writer::default();
    for lists in [children, related] {
        let mut ends = Vec::with_capacity(lists.len());
        let mut all = Vec::new();
        for list in lists {
            all.extend(list.iter().map(|&r| r as u32));
            ends.push(all.len() as u32);
        }
        w.u32s(&ends);
        w.u32s(&all);
        sink.put_writer(&mut w);
    }
}

/// How much of the records' text or structure is gathered before it is written out.
const PIECE: usize = 1 << 20;

/// The records part of an entry ([`put_records`]), left where it is: each record is made when
/// it is first asked for.
pub struct StoredRecords {
    bytes: Bytes,
    count: usize,
    /// Who points at whom: each record's children and related records, as the ends of each
    /// record's list and the lists one after another (taken once, by the dataset).
    links: std::sync::Mutex<Option<[Vec<u32>; 4]>>,
    /// Checked to be UTF-8 once, whole (damage the checksum missed is then a miss, not
    /// records that cannot be made).
    text: SharedStr,
    structure: Range<usize>,
    starts: Range<usize>,
}

impl std::fmt::Debug for StoredRecords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoredRecords({} records)", self.count)
    }
}

/// The records part that lies at `part` of `bytes`, when its parts hold together: each
/// record's starts within the structure and the text, in order, and each record's kind
/// known. What lies between is read when a record is made.
pub fn stored(bytes: Bytes, part: Range<usize>) -> Option<StoredRecords> {
    let whole = (*bytes).as_ref();
    let mut r = Reader::new(whole.get(part)?);
    let count = r.usize()?;
    let text = r.bytes()?;
    let structure = r.bytes()?;
    let starts = r.bytes()?;
    let links = [r.u32s()?, r.u32s()?, r.u32s()?, r.u32s()?];
    if !r.is_done() || count.checked_mul(16)? != starts.len() {
        return None;
    }
    let stored = StoredRecords {
        count,
        text: SharedStr::new(bytes.clone(), range_in(whole, text)?)?,
        structure: range_in(whole, structure)?,
        starts: range_in(whole, starts)?,
        bytes: bytes.clone(),
        links: std::sync::Mutex::new(Some(links)),
    };
    let mut last = (0, 0);
    for i in 0..count {
        let (s, t) = stored.starts(i)?;
        if s < last.0 || t < last.1 || s >= structure.len() || t > text.len() {
            return None;
        }
        stored.kind(i)?;
        last = (s, t);
    }
    Some(stored)
}

impl StoredRecords {
    fn whole(&self) -> &[u8] {
        (*self.bytes).as_ref()
    }

    /// Where record `i` starts in the structure and in the text.
    fn starts(&self, i: usize) -> Option<(usize, usize)> {
        let at = self.starts.start + i.checked_mul(16)?;
        let mut r = Reader::new(self.whole().get(at..at + 16)?);
        Some((r.usize()?, r.usize()?))
    }

    fn input(&self, i: usize) -> Option<In<'_>> {
        let (s, t) = self.starts(i)?;
        let structure = self.whole().get(self.structure.clone())?;
        Some(In {
            r: Reader::new(structure.get(s..)?),
            text: self.text.as_str(),
            at: t,
        })
    }
}

impl Stored for StoredRecords {
    fn len(&self) -> usize {
        self.count
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        let (s, _) = self.starts(i)?;
        let code = *self.whole().get(self.structure.start + s)?;
        Kind::ALL.get(usize::from(code)).copied()
    }

    fn id(&self, i: usize) -> Option<&str> {
        let mut input = self.input(i)?;
        input.u8()?;
        let n = input.r.usize()?;
        input.text.get(input.at..input.at.checked_add(n)?)
    }

    fn record(&self, i: usize) -> Option<Record> {
        record(&mut self.input(i)?)
    }

    fn links(&self) -> Option<LinkLists> {
        let [child_ends, children, related_ends, related] = self.links.lock().ok()?.take()?;
        Some((
            lists(&child_ends, &children, self.count)?,
            lists(&related_ends, &related, self.count)?,
        ))
    }

    fn all(&self) -> Vec<Record> {
        let ids: Vec<usize> = (0..self.count).collect();
        let chunk = parallel::per_core(ids.len(), 4096);
        parallel::map_chunks(&ids, chunk, |_, run| {
            run.iter()
                .filter_map(|&i| record(&mut self.input(i)?))
                .collect::<Vec<_>>()
        })
        .concat()
    }
}

/// Lists of record numbers stored as their ends and their items one after another; `None`
/// unless there is one per record, each within the items, and every number a record's.
fn lists(ends: &[u32], items: &[u32], count: usize) -> Option<Vec<Vec<usize>>> {
    if ends.len() != count || items.iter().any(|&r| r as usize >= count) {
        return None;
    }
    let mut start = 0usize;
    let mut out = Vec::with_capacity(count);
    for &end in ends {
        let list = items.get(start..end as usize)?;
        out.push(list.iter().map(|&r| r as usize).collect());
        start = end as usize;
    }
    (start == items.len()).then_some(out)
}

fn put_record(w: &mut Out, record: &Record) {
    match record {
        Record::Trip(t) => {
            w.u8(0);
            put_common(w, &t.common);
            put_date(w, t.start_date);
            put_date(w, t.end_date);
            put_opt_u32(w, t.days);
            put_opt_u32(w, t.headcount);
            w.opt_str(t.programme.as_deref());
            w.opt_str(t.organizer.as_deref());
            match &t.leader {
                None => w.u8(0),
                Some(l) => {
                    w.u8(1);
                    w.str(&l.name);
                    w.opt_str(l.role.as_deref());
                }
            }
            w.strs(&t.members);
            w.strs(&t.provinces);
            match &t.source {
                None => w.u8(0),
                Some(s) => {
                    w.u8(1);
                    w.str(&s.title);
                    w.opt_str(s.author.as_deref());
                    w.opt_str(s.url.as_deref());
                }
            }
        }
        Record::Meeting(m) => {
            w.u8(1);
            put_common(w, &m.common);
            w.opt_str(m.trip.as_deref());
            put_date(w, m.date);
            w.opt_str(m.province.as_deref());
            w.opt_str(m.host.as_deref());
            w.strs(&m.participants);
            w.strs(&m.topics);
        }
        Record::Experience(e) => {
            w.u8(2);
            put_common(w, &e.common);
            w.opt_str(e.trip.as_deref());
            w.opt_str(e.meeting.as_deref());
            w.strs(&e.meetings);
            w.opt_str(e.province.as_deref());
            w.strs(&e.provinces);
            w.opt_str(e.topic.as_deref());
            w.strs(&e.shared_by);
            w.strs(&e.lessons);
        }
        Record::Visit(v) => {
            w.u8(3);
            put_common(w, &v.common);
            w.opt_str(v.trip.as_deref());
            put_date(w, v.date);
            w.opt_str(v.province.as_deref());
            w.opt_str(v.organization.as_deref());
            match &v.location {
                None => w.u8(0),
                Some(l) => {
                    w.u8(1);
                    for part in [&l.village, &l.commune, &l.district, &l.province] {
                        w.opt_str(part.as_deref());
                    }
                }
            }
            w.strs(&v.products);
            w.strs(&v.lessons);
        }
    }
}

fn record(r: &mut In) -> Option<Record> {
    Some(match r.u8()? {
        0 => Record::Trip(Box::new(Trip {
            common: common(r)?,
            start_date: date(r)?,
            end_date: date(r)?,
            days: opt_u32(r)?,
            headcount: opt_u32(r)?,
            programme: r.opt_string()?,
            organizer: r.opt_string()?,
            leader: match r.bool()? {
                false => None,
                true => Some(Person {
                    name: r.string()?,
                    role: r.opt_string()?,
                }),
            },
            members: r.strings()?,
            provinces: r.strings()?,
            source: match r.bool()? {
                false => None,
                true => Some(Source {
                    title: r.string()?,
                    author: r.opt_string()?,
                    url: r.opt_string()?,
                }),
            },
        })),
        1 => Record::Meeting(Box::new(Meeting {
            common: common(r)?,
            trip: r.opt_string()?,
            date: date(r)?,
            province: r.opt_string()?,
            host: r.opt_string()?,
            participants: r.strings()?,
            topics: r.strings()?,
        })),
        2 => Record::Experience(Box::new(Experience {
            common: common(r)?,
            trip: r.opt_string()?,
            meeting: r.opt_string()?,
            meetings: r.strings()?,
            province: r.opt_string()?,
            provinces: r.strings()?,
            topic: r.opt_string()?,
            shared_by: r.strings()?,
            lessons: r.strings()?,
        })),
        3 => Record::Visit(Box::new(Visit {
            common: common(r)?,
            trip: r.opt_string()?,
            date: date(r)?,
            province: r.opt_string()?,
            organization: r.opt_string()?,
            location: match r.bool()? {
                false => None,
                true => Some(Box::new(Location {
                    village: r.opt_string()?,
                    commune: r.opt_string()?,
                    district: r.opt_string()?,
                    province: r.opt_string()?,
                })),
            },
            products: r.strings()?,
            lessons: r.strings()?,
        })),
        _ => return None,
    })
}

fn put_common(w: &mut Out, c: &Common) {
    w.str(&c.id);
    w.str(&c.title);
    w.opt_str(c.summary.as_deref());
    w.opt_str(c.details.as_deref());
    w.strs(&c.tags);
    match &c.en {
        None => w.u8(0),
        Some(en) => {
            w.u8(1);
            for field in [&en.title, &en.short_title, &en.summary, &en.details] {
                w.opt_str(field.as_deref());
            }
        }
    }
    w.opt_str(c.short_title.as_deref());
    w.strs(&c.related);
}

fn common(r: &mut In) -> Option<Common> {
    Some(Common {
        id: r.string()?,
        title: r.string()?,
        summary: r.opt_string()?,
        details: r.opt_string()?,
        tags: r.strings()?,
        en: match r.bool()? {
            false => None,
            true => Some(Box::new(Translation {
                title: r.opt_string()?,
                short_title: r.opt_string()?,
                summary: r.opt_string()?,
                details: r.opt_string()?,
            })),
        },
        short_title: r.opt_string()?,
        related: r.strings()?,
    })
}

/// A date as year, month and day, 0 for a part not given.
fn put_date(w: &mut Out, d: Option<Date>) {
    match d {
        None => w.u8(0),
        Some(d) => {
            w.u8(1);
            w.u32(u32::from(d.year));
            w.u8(d.month.unwrap_or(0));
            w.u8(d.day.unwrap_or(0));
        }
    }
}

fn date(r: &mut In) -> Option<Option<Date>> {
    if !r.bool()? {
        return Some(None);
    }
    let year = u16::try_from(r.u32()?).ok()?;
    let (month, day) = (r.u8()?, r.u8()?);
    if month > 12 || day > 31 || (month == 0 && day != 0) {
        return None;
    }
    Some(Some(Date {
        year,
        month: (month != 0).then_some(month),
        day: (day != 0).then_some(day),
    }))
}

fn put_opt_u32(w: &mut Out, v: Option<u32>) {
    match v {
        None => w.u8(0),
        Some(v) => {
            w.u8(1);
            w.u32(v);
        }
    }
}

fn opt_u32(r: &mut In) -> Option<Option<u32>> {
    match r.bool()? {
        false => Some(None),
        true => r.u32().map(Some),
    }
}
