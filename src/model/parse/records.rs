//! Reading each kind of record: the common fields, then the kind's own, then what is required.

use serde_json::value::RawValue;
use std::borrow::Cow;

use super::{
    CommonDraft, JsonPath, Parsed, Reader, COMMON_FIELDS, EXPERIENCE_FIELDS, MEETING_FIELDS,
    TRIP_FIELDS, VISIT_FIELDS,
};
use crate::model::json;
use crate::model::record::*;
use crate::model::text::Lines;

impl<'a> Reader<'a, '_> {
    /// Reads a common field into `draft`; false when `key` is not one.
    fn common_field(
        &mut self,
        draft: &mut CommonDraft,
        key: &str,
        raw: &'a RawValue,
        path: &JsonPath,
    ) -> bool {
        let field_path = path.key(key);
        let p = &field_path;
        match key {
            "id" => draft.id = self.id(raw, p),
            "title" => draft.title = self.required_text(raw, p),
            "summary" => draft.common.summary = self.text(raw, p, Lines::Join),
            "details" => draft.common.details = self.text(raw, p, Lines::Keep),
            "tags" => draft.common.tags = self.text_list(raw, p),
            "en" => draft.common.en = self.translation(raw, p),
            _ => return false,
        }
        true
    }

    fn translation(&mut self, raw: &'a RawValue, path: &JsonPath) -> Option<Translation> {
        if json::is_null(raw) {
            return None;
        }
        let fields = self.object(raw, path)?;
        let mut t = Translation::default();
        for (key, value) in &fields {
            let p = path.key(key);
            match key.as_ref() {
                "title" => t.title = self.text(value, &p, Lines::Join),
                "summary" => t.summary = self.text(value, &p, Lines::Join),
                "details" => t.details = self.text(value, &p, Lines::Keep),
                _ => self.unknown_field(key, value, path, &["title", "summary", "details"]),
            }
        }
        Some(t)
    }

    pub(super) fn record(
        &mut self,
        kind: Kind,
        raw: &'a RawValue,
        path: &JsonPath,
    ) -> Option<Parsed> {
        let at = self.at(raw);
        let fields = self.object(raw, path)?;
        let mut draft = CommonDraft::default();
        let mut refs = Refs::default();
        let mut body = Body::new(kind);
        for (key, value) in &fields {
            if self.common_field(&mut draft, key, value, path) {
                continue;
            }
            if !self.kind_field(&mut body, &mut refs, key, value, path) {
                let known = [COMMON_FIELDS, body.kind_fields()].concat();
                self.unknown_field(key, value, path, &known);
            }
        }
        // A field that is there but bad has its own error already; here only absent ones.
        for name in ["id", "title"] {
            if !fields.iter().any(|(k, _)| k == name) {
                self.error(at, path, format!("missing required field \"{name}\""));
            }
        }
        let (id, id_at) = draft.id?;
        draft.common.id = id;
        draft.common.title = draft.title.unwrap_or_default();
        let record = body.finish(self, draft.common, &fields, at, path);
        Some(Parsed {
            record,
            file: self.file,
            index: match path {
                JsonPath::Index(_, i) => *i,
                _ => 0,
            },
            at,
            id_at,
            trip_at: refs.trip_at,
            meeting_at: refs.meeting_at,
            has_errors: self.record_errors > 0,
        })
    }

    fn reference(
        &mut self,
        raw: &RawValue,
        path: &JsonPath,
        at_out: &mut Option<usize>,
    ) -> Option<String> {
        let (id, at) = self.id(raw, path)?;
        *at_out = Some(at);
        Some(id)
    }

    /// Reads a field that belongs to the record's kind; false when `key` is not one.
    fn kind_field(
        &mut self,
        body: &mut Body,
        refs: &mut Refs,
        key: &str,
        raw: &'a RawValue,
        path: &JsonPath,
    ) -> bool {
        let field_path = path.key(key);
        let p = &field_path;
        match body {
            Body::Trip(t) => match key {
                "start_date" => t.start = Some(self.date(raw, p)),
                "end_date" => t.end = Some(self.date(raw, p)),
                "organizer" => t.trip.organizer = self.text(raw, p, Lines::Join),
                "leader" => t.trip.leader = self.person(raw, p),
                "members" => t.trip.members = self.text_list(raw, p),
                "provinces" => t.trip.provinces = self.text_list(raw, p),
                "source" => t.trip.source = self.source(raw, p),
                _ => return false,
            },
            Body::Meeting(m) => match key {
                "trip" => m.trip = self.reference(raw, p, &mut refs.trip_at),
                "date" => m.date = self.date(raw, p),
                "province" => m.province = self.text(raw, p, Lines::Join),
                "host" => m.host = self.text(raw, p, Lines::Join),
                "participants" => m.participants = self.text_list(raw, p),
                "topics" => m.topics = self.text_list(raw, p),
                _ => return false,
            },
            Body::Experience(e) => match key {
                "trip" => e.trip = self.reference(raw, p, &mut refs.trip_at),
                "meeting" => e.meeting = self.reference(raw, p, &mut refs.meeting_at),
                "province" => e.province = self.text(raw, p, Lines::Join),
                "topic" => e.topic = self.text(raw, p, Lines::Join),
                "shared_by" => e.shared_by = self.text_list(raw, p),
                "lessons" => e.lessons = self.text_list(raw, p),
                _ => return false,
            },
            Body::Visit(v) => match key {
                "trip" => v.trip = self.reference(raw, p, &mut refs.trip_at),
                "date" => v.date = self.date(raw, p),
                "province" => v.province = self.text(raw, p, Lines::Join),
                "organization" => v.organization = self.text(raw, p, Lines::Join),
                "location" => v.location = self.location(raw, p),
                "products" => v.products = self.text_list(raw, p),
                "lessons" => v.lessons = self.text_list(raw, p),
                _ => return false,
            },
        }
        true
    }

    fn person(&mut self, raw: &'a RawValue, path: &JsonPath) -> Option<Person> {
        if json::is_null(raw) {
            return None;
        }
        let at = self.at(raw);
        let fields = self.object(raw, path)?;
        let mut name = None;
        let mut role = None;
        for (key, value) in &fields {
            let p = path.key(key);
            match key.as_ref() {
                "name" => name = self.required_text(value, &p),
                "role" => role = self.text(value, &p, Lines::Join),
                _ => self.unknown_field(key, value, path, &["name", "role"]),
            }
        }
        if !fields.iter().any(|(k, _)| k == "name") {
            self.error(at, path, "missing required field \"name\"".into());
        }
        Some(Person { name: name?, role })
    }

    fn source(&mut self, raw: &'a RawValue, path: &JsonPath) -> Option<Source> {
        if json::is_null(raw) {
            return None;
        }
        let at = self.at(raw);
        let fields = self.object(raw, path)?;
        let mut title = None;
        let mut source = Source::default();
        for (key, value) in &fields {
            let p = path.key(key);
            match key.as_ref() {
                "title" => title = self.required_text(value, &p),
                "author" => source.author = self.text(value, &p, Lines::Join),
                "url" => source.url = self.text(value, &p, Lines::Join),
                _ => self.unknown_field(key, value, path, &["title", "author", "url"]),
            }
        }
        if !fields.iter().any(|(k, _)| k == "title") {
            self.error(at, path, "missing required field \"title\"".into());
        }
        source.title = title?;
        Some(source)
    }

    fn location(&mut self, raw: &'a RawValue, path: &JsonPath) -> Option<Location> {
        if json::is_null(raw) {
            return None;
        }
        let fields = self.object(raw, path)?;
        let mut l = Location::default();
        for (key, value) in &fields {
            let p = path.key(key);
            let slot = match key.as_ref() {
                "village" => &mut l.village,
                "commune" => &mut l.commune,
                "district" => &mut l.district,
                "province" => &mut l.province,
                _ => {
                    let known = &["village", "commune", "district", "province"];
                    self.unknown_field(key, value, path, known);
                    continue;
                }
            };
            *slot = self.text(value, &p, Lines::Join);
        }
        Some(l)
    }
}

#[derive(Default)]
struct Refs {
    trip_at: Option<usize>,
    meeting_at: Option<usize>,
}

/// A trip being read: its dates are required, so they are kept apart until the end.
pub(super) struct TripDraft {
    trip: Trip,
    /// `None`: not given; `Some(None)`: given but bad.
    start: Option<Option<Date>>,
    end: Option<Option<Date>>,
}

/// The kind-specific part of a record being read.
pub(super) enum Body {
    Trip(Box<TripDraft>),
    Meeting(Meeting),
    Experience(Experience),
    Visit(Visit),
}

impl Body {
    pub(super) fn new(kind: Kind) -> Body {
        match kind {
            Kind::Trip => Body::Trip(Box::new(TripDraft {
                trip: Trip {
                    common: Common::default(),
                    start_date: UNKNOWN_DATE,
                    end_date: UNKNOWN_DATE,
                    organizer: None,
                    leader: None,
                    members: Vec::new(),
                    provinces: Vec::new(),
                    source: None,
                },
                start: None,
                end: None,
            })),
            Kind::Meeting => Body::Meeting(Meeting::default()),
            Kind::Experience => Body::Experience(Experience::default()),
            Kind::Visit => Body::Visit(Visit::default()),
        }
    }

    /// The fields of this kind beyond [`COMMON_FIELDS`].
    pub(super) fn kind_fields(&self) -> &'static [&'static str] {
        match self {
            Body::Trip(_) => TRIP_FIELDS,
            Body::Meeting(_) => MEETING_FIELDS,
            Body::Experience(_) => EXPERIENCE_FIELDS,
            Body::Visit(_) => VISIT_FIELDS,
        }
    }

    fn finish(
        self,
        reader: &mut Reader,
        common: Common,
        fields: &[(Cow<str>, &RawValue)],
        at: usize,
        path: &JsonPath,
    ) -> Record {
        match self {
            Body::Trip(mut t) => {
                for (name, given) in [("start_date", t.start), ("end_date", t.end)] {
                    if given.is_none() {
                        reader.error(at, path, format!("missing required field \"{name}\""));
                    }
                }
                if let (Some(Some(start)), Some(Some(end))) = (t.start, t.end) {
                    if start > end {
                        let end_raw = fields.iter().find(|(k, _)| k == "end_date");
                        let end_at = end_raw.map_or(at, |(_, raw)| reader.at(raw));
                        let p = path.key("end_date");
                        reader.error(
                            end_at,
                            &p,
                            format!("the trip ends ({end}) before it starts ({start})"),
                        );
                    }
                }
                t.trip.start_date = t.start.flatten().unwrap_or(UNKNOWN_DATE);
                t.trip.end_date = t.end.flatten().unwrap_or(UNKNOWN_DATE);
                t.trip.common = common;
                Record::Trip(Box::new(t.trip))
            }
            Body::Meeting(mut m) => {
                m.common = common;
                Record::Meeting(Box::new(m))
            }
            Body::Experience(mut e) => {
                e.common = common;
                Record::Experience(Box::new(e))
            }
            Body::Visit(mut v) => {
                v.common = common;
                Record::Visit(Box::new(v))
            }
        }
    }
}

/// Stands in for a trip date that was missing or bad (the record then has errors and the
/// dataset is not used).
const UNKNOWN_DATE: Date = Date {
    year: 0,
    month: 1,
    day: 1,
};
