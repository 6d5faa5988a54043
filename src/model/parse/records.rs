//! Reading each kind of record: the common fields, then the kind's own, then what is required.

use crate::model::strings::Str;
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
        refs: &mut Refs,
        key: &str,
        raw: &'a RawValue,
        path: &JsonPath,
    ) -> bool {
        let field_path = path.key(key);
        let p = &field_path;
        match key {
            "id" => draft.id = self.own_id(raw, p),
            "title" => draft.title = self.required_text(raw, p),
            "summary" => draft.common.summary = self.text(raw, p, Lines::Join),
            "details" => draft.common.details = self.text(raw, p, Lines::Keep),
            "tags" => draft.common.tags = self.text_list(raw, p),
            "en" => draft.common.en = self.translation(raw, p),
            "short_title" => draft.common.short_title = self.text(raw, p, Lines::Join),
            "related" => draft.common.related = self.references(raw, p, "related", None, refs),
            _ => return false,
        }
        true
    }

    /// A list of ids, each remembered with its place for the checks across files.
    fn references(
        &mut self,
        raw: &'a RawValue,
        path: &JsonPath,
        field: &'static str,
        want: Option<Kind>,
        refs: &mut Refs,
    ) -> Box<[Str]> {
        let mut ids = Vec::new();
        for (i, (id, at)) in self.id_list(raw, path).into_iter().enumerate() {
            refs.links.push(Ref {
                field,
                item: Some(i),
                id: id.clone(),
                at,
                want,
            });
            ids.push(id);
        }
        ids.into()
    }

    /// Two fields that say the same thing (`meeting` and `meetings`): an error at each.
    fn one_of(&mut self, fields: &[(Cow<str>, &RawValue)], path: &JsonPath, a: &str, b: &str) {
        let find = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, raw)| *raw);
        let (Some(raw_a), Some(raw_b)) = (find(a), find(b)) else {
            return;
        };
        let at_a = json::key_offset(self.src.text, self.at(raw_a));
        let at_b = json::key_offset(self.src.text, self.at(raw_b));
        for (name, at, other, other_at) in [(a, at_a, b, at_b), (b, at_b, a, at_a)] {
            let place = self.src.place(other_at);
            let message = format!("give \"{a}\" or \"{b}\", not both (\"{other}\" is at {place})");
            self.error(at, &path.key(name), message);
        }
    }

    fn translation(&mut self, raw: &'a RawValue, path: &JsonPath) -> Option<Box<Translation>> {
        if json::is_null(raw) {
            return None;
        }
        let fields = self.object(raw, path)?;
        let mut t = Translation::default();
        for (key, value) in &fields {
            let p = path.key(key);
            match key.as_ref() {
                "title" => t.title = self.text(value, &p, Lines::Join),
                "short_title" => t.short_title = self.text(value, &p, Lines::Join),
                "summary" => t.summary = self.text(value, &p, Lines::Join),
                "details" => t.details = self.text(value, &p, Lines::Keep),
                _ => self.unknown_field(
                    key,
                    value,
                    path,
                    &["title", "short_title", "summary", "details"],
                ),
            }
        }
        Some(Box::new(t))
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
            if self.common_field(&mut draft, &mut refs, key, value, path) {
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
        if kind == Kind::Experience {
            self.one_of(&fields, path, "meeting", "meetings");
            self.one_of(&fields, path, "province", "provinces");
        }
        let (id, id_at) = draft.id?;
        draft.common.id = id;
        draft.common.title = draft.title.unwrap_or_default();
        // Most records link to one or two others: the list is kept at its size.
        let mut links = refs.links;
        links.shrink_to_fit();
        let record = body.finish(self, draft.common, &fields, path);
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
            links,
            has_errors: self.record_errors > 0,
        })
    }

    fn trip_reference(&mut self, raw: &RawValue, path: &JsonPath, refs: &mut Refs) -> Option<Str> {
        let (id, at) = self.id(raw, path)?;
        refs.trip_at = Some(at);
        Some(id)
    }

    fn meeting_reference(
        &mut self,
        raw: &RawValue,
        path: &JsonPath,
        refs: &mut Refs,
    ) -> Option<Str> {
        let (id, at) = self.id(raw, path)?;
        refs.links.push(Ref {
            field: "meeting",
            item: None,
            id: id.clone(),
            at,
            want: Some(Kind::Meeting),
        });
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
                "start_date" => t.start_date = self.date(raw, p),
                "end_date" => t.end_date = self.date(raw, p),
                "days" => t.days = self.whole_number(raw, p),
                "headcount" => t.headcount = self.whole_number(raw, p),
                "programme" => t.programme = self.text(raw, p, Lines::Join),
                "organizer" => t.organizer = self.text(raw, p, Lines::Join),
                "leader" => t.leader = self.person(raw, p),
                "members" => t.members = self.text_list(raw, p),
                "provinces" => t.provinces = self.text_list(raw, p),
                "source" => t.source = self.source(raw, p),
                _ => return false,
            },
            Body::Meeting(m) => match key {
                "trip" => m.trip = self.trip_reference(raw, p, refs),
                "date" => m.date = self.date(raw, p),
                "province" => m.province = self.text(raw, p, Lines::Join),
                "host" => m.host = self.text(raw, p, Lines::Join),
                "participants" => m.participants = self.text_list(raw, p),
                "topics" => m.topics = self.text_list(raw, p),
                _ => return false,
            },
            Body::Experience(e) => match key {
                "trip" => e.trip = self.trip_reference(raw, p, refs),
                "meeting" => e.meeting = self.meeting_reference(raw, p, refs),
                "meetings" => {
                    e.meetings = self.references(raw, p, "meetings", Some(Kind::Meeting), refs)
                }
                "province" => e.province = self.text(raw, p, Lines::Join),
                "provinces" => e.provinces = self.text_list(raw, p),
                "topic" => e.topic = self.text(raw, p, Lines::Join),
                "shared_by" => e.shared_by = self.text_list(raw, p),
                "lessons" => e.lessons = self.text_list(raw, p),
                _ => return false,
            },
            Body::Visit(v) => match key {
                "trip" => v.trip = self.trip_reference(raw, p, refs),
                "date" => v.date = self.date(raw, p),
                "province" => v.province = self.text(raw, p, Lines::Join),
                "organization" => v.organization = self.text(raw, p, Lines::Join),
                "location" => v.location = self.location(raw, p).map(Box::new),
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

/// A link to another record, with its place, checked once every file is read.
pub struct Ref {
    /// The field, relative to the record (`meeting`, `meetings`, `related`), and the place in
    /// it of a list's item.
    pub field: &'static str,
    pub item: Option<usize>,
    pub id: Str,
    pub at: usize,
    /// The kind the target must be; `None`: any kind.
    pub want: Option<Kind>,
}

impl Ref {
    /// The field as messages name it: `meeting`, `meetings[1]`, `related[0]`.
    pub fn field(&self) -> String {
        match self.item {
            Some(i) => format!("{}[{i}]", self.field),
            None => self.field.to_owned(),
        }
    }
}

#[derive(Default)]
struct Refs {
    trip_at: Option<usize>,
    links: Vec<Ref>,
}

/// The kind-specific part of a record being read.
pub(super) enum Body {
    Trip(Box<Trip>),
    Meeting(Meeting),
    Experience(Experience),
    Visit(Visit),
}

impl Body {
    pub(super) fn new(kind: Kind) -> Body {
        match kind {
            Kind::Trip => Body::Trip(Box::default()),
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
        path: &JsonPath,
    ) -> Record {
        match self {
            Body::Trip(mut t) => {
                if let (Some(start), Some(end)) = (t.start_date, t.end_date) {
                    if end.surely_before(start) {
                        let end_raw = fields.iter().find(|(k, _)| k == "end_date");
                        if let Some((_, raw)) = end_raw {
                            let end_at = reader.at(raw);
                            reader.error(
                                end_at,
                                &path.key("end_date"),
                                format!("the trip ends ({end}) before it starts ({start})"),
                            );
                        }
                    }
                }
                t.common = common;
                Record::Trip(t)
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
