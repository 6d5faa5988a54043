//! What one record is to the search: its fields folded into one string, each field's span
//! (its class, role and language, and the most a match in it can score), and where its entry
//! lies in its shard.

use crate::model::Kind;

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

    /// Where the leading short fields end (titles, places, names, tags: the fields before the
    /// first long one): the number of their spans, and the byte their text ends at.
    pub fn short_end(&self) -> (usize, usize) {
        let spans = self
            .spans
            .iter()
            .position(|s| !s.class.is_short())
            .unwrap_or(self.spans.len());
        let end = spans
            .checked_sub(1)
            .map_or(0, |last| self.spans[last].end as usize);
        (spans, end)
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
