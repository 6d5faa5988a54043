//! The search index: every record's searchable fields, folded once at load.

use crate::model::fold::fold_into;
use crate::model::{Dataset, Kind, Record};

/// How much a match in a field counts: title > place, organization, tags > summary, lessons >
/// details and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Title,
    Place,
    Summary,
    Details,
}

impl Class {
    pub fn weight(self) -> f32 {
        match self {
            Class::Title => 8.0,
            Class::Place => 4.0,
            Class::Summary => 2.0,
            Class::Details => 1.0,
        }
    }

    /// Short fields, where a scattered (fuzzy) match still means something.
    pub fn is_short(self) -> bool {
        matches!(self, Class::Title | Class::Place)
    }
}

/// What a field is, for the filters (`province:`, `tag:`, `topic:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Plain,
    Province,
    Tag,
    Topic,
}

/// One field's place in the record's folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub class: Class,
    pub role: Role,
    pub start: u32,
    pub end: u32,
}

/// One record, folded: all fields in one string (separated by newlines), and their spans.
#[derive(Clone, Debug)]
pub struct Entry {
    pub text: String,
    pub spans: Vec<Span>,
    pub kind: Kind,
    /// The record's id and its trip's id, lowercased, for `id:` and `trip:`.
    pub id: String,
    pub trip: String,
}

impl Entry {
    pub fn field(&self, span: &Span) -> &str {
        &self.text[span.start as usize..span.end as usize]
    }

    /// The span holding byte `at` of the text.
    pub fn span_at(&self, at: usize) -> Option<&Span> {
        let i = self.spans.partition_point(|s| (s.end as usize) < at);
        self.spans.get(i).filter(|s| (s.start as usize) <= at)
    }
}

/// Every record's entry, in dataset order.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub entries: Vec<Entry>,
}

impl Index {
    /// Folds every record; uses both cores on large datasets.
    pub fn build(dataset: &Dataset) -> Index {
        let records = dataset.records();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        if records.len() < 4096 || threads == 1 {
            return Index {
                entries: records.iter().map(entry).collect(),
            };
        }
        let chunk = records.len().div_ceil(threads);
        let entries = std::thread::scope(|scope| {
            let parts: Vec<_> = records
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(entry).collect::<Vec<_>>()))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_default())
                .collect()
        });
        Index { entries }
    }
}

/// The names of each kind, in both languages.
const KIND_NAMES: &[(Kind, &str)] = &[
    (Kind::Trip, "chuyến đi đoàn công tác trip"),
    (Kind::Meeting, "buổi làm việc meeting"),
    (Kind::Experience, "kinh nghiệm experience"),
    (Kind::Visit, "tham quan mô hình visit"),
];

struct Builder {
    text: String,
    spans: Vec<Span>,
}

impl Builder {
    fn add(&mut self, class: Class, role: Role, value: &str) {
        if value.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len() as u32;
        fold_into(value, &mut self.text, |_| {});
        let end = self.text.len() as u32;
        self.spans.push(Span {
            class,
            role,
            start,
            end,
        });
    }

    fn all<'a>(&mut self, class: Class, role: Role, values: impl IntoIterator<Item = &'a String>) {
        for v in values {
            self.add(class, role, v);
        }
    }

    fn opt(&mut self, class: Class, role: Role, value: &Option<String>) {
        if let Some(v) = value {
            self.add(class, role, v);
        }
    }
}

/// Folds one record's fields, in a fixed order.
pub fn entry(record: &Record) -> Entry {
    use Class::*;
    let c = record.common();
    let mut b = Builder {
        text: String::with_capacity(c.title.len() * 2 + c.summary.as_ref().map_or(0, String::len)),
        spans: Vec::with_capacity(12),
    };
    b.add(Title, Role::Plain, &c.title);
    if let Some(en) = &c.en {
        b.opt(Title, Role::Plain, &en.title);
    }
    for p in record.provinces() {
        b.add(Place, Role::Province, p);
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
            }
            b.all(Details, Role::Plain, &t.members);
            if let Some(s) = &t.source {
                b.add(Details, Role::Plain, &s.title);
                b.opt(Details, Role::Plain, &s.author);
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
            }
            b.all(Place, Role::Tag, &v.products);
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
        b.opt(Summary, Role::Plain, &en.summary);
        b.opt(Details, Role::Plain, &en.details);
    }
    Entry {
        text: b.text,
        spans: b.spans,
        kind: record.kind(),
        id: record.id().to_lowercase(),
        trip: record.trip_id().unwrap_or("").to_lowercase(),
    }
}
