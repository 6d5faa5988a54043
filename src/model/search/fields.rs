//! Which of a record's fields are searched, in which class and role, and how they are folded
//! into the index's entries: one string per record, its fields separated by newlines.

use super::index::{Class, Role, Slot, Span};
use super::occurrence;
use crate::model::fold::fold_into;
use crate::model::strings::Str;
use crate::model::{places, Kind, Record};

/// The records of `part` folded: their text side by side, their fields' spans, and where each
/// record's end.
pub(super) fn fold(part: &[Record]) -> (String, Vec<Span>, Vec<Slot>) {
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
    (b.text, b.spans, slots)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_named_without_its_unit() {
        assert_eq!(place_name(Class::Place, "xa hieu"), Some("hieu"));
        assert_eq!(place_name(Class::Place, "thi tran cho ra"), Some("cho ra"));
        assert_eq!(place_name(Class::PlaceNow, "kon tum"), Some("kon tum"));
        assert_eq!(place_name(Class::Title, "xa hieu"), None);
    }

    /// Every record's fields are its titles, then its other short fields, then summaries and
    /// details: a bound told without reading a record weighs a match after the short fields
    /// as a summary's or the details' (`score::bound`), and a title only in the first field's.
    #[test]
    fn the_short_fields_lead_and_only_summaries_and_details_follow() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let index = crate::model::search::Index::build(&dataset);
        let mut kinds = std::collections::BTreeSet::new();
        for r in 0..index.len() {
            let entry = index.entry(r).unwrap();
            let (first_long, _) = entry.short_end();
            let classes: Vec<Class> = entry.spans.iter().map(|s| s.class).collect();
            let later = &classes[first_long..];
            assert!(
                later
                    .iter()
                    .all(|c| matches!(c, Class::Summary | Class::Details)),
                "{r}"
            );
            let titles = classes.iter().take_while(|c| **c == Class::Title).count();
            assert!(classes[titles..].iter().all(|c| *c != Class::Title), "{r}");
            kinds.insert(dataset.get(r).unwrap().kind());
        }
        assert!(kinds.len() >= 4, "every kind of record: {kinds:?}");
    }
}
