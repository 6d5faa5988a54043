//! Reading one dataset file into records, field by field, reporting every problem with its place.

use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use super::diagnostic::{quote, Diagnostic, LineIndex, Severity};
use super::json::{self, Fields, Str};
use super::record::*;
use super::text::{self, Lines};

/// A JSON path such as `meetings[2].province`, built on the stack and printed only when needed.
#[derive(Clone, Copy)]
pub enum JsonPath<'p> {
    Root,
    Key(&'p JsonPath<'p>, &'p str),
    Index(&'p JsonPath<'p>, usize),
}

impl<'p> JsonPath<'p> {
    pub fn key(&'p self, key: &'p str) -> JsonPath<'p> {
        JsonPath::Key(self, key)
    }
    pub fn index(&'p self, i: usize) -> JsonPath<'p> {
        JsonPath::Index(self, i)
    }
}

impl Parsed {
    /// `meetings[2]`
    pub fn path(&self) -> String {
        format!("{}[{}]", self.record.kind().collection(), self.index)
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => Ok(()),
            JsonPath::Key(JsonPath::Root, key) => f.write_str(&text::inline(key)),
            JsonPath::Key(parent, key) => write!(f, "{parent}.{}", text::inline(key)),
            JsonPath::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// One file's text, and where its offsets fall (the line table is built on the first problem).
pub struct Located<'a> {
    pub name: &'a str,
    pub text: &'a str,
    lines: OnceLock<LineIndex<'a>>,
}

impl<'a> Located<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Located {
            name,
            text,
            lines: OnceLock::new(),
        }
    }

    pub fn diagnostic(
        &self,
        severity: Severity,
        at: usize,
        path: String,
        message: String,
    ) -> Diagnostic {
        let index = self
            .lines
            .get_or_init(|| LineIndex::new(self.text.as_bytes()));
        Diagnostic {
            severity,
            file: self.name.to_owned(),
            position: Some(index.position(at)),
            path,
            message,
        }
    }

    /// "FILE:LINE:COL" of an offset, for messages that point at a second place.
    pub fn place(&self, at: usize) -> String {
        let index = self
            .lines
            .get_or_init(|| LineIndex::new(self.text.as_bytes()));
        format!("{}:{}", self.name, index.position(at))
    }
}

/// A record read from a file, with the places that later checks (duplicates, links) point at.
pub struct Parsed {
    pub record: Record,
    pub file: usize,
    /// The record's place in its array, for messages: `meetings[2]`.
    pub index: usize,
    pub at: usize,
    pub id_at: usize,
    pub trip_at: Option<usize>,
    pub meeting_at: Option<usize>,
    /// True when a field of this record had an error (the record is then only used for checks).
    pub has_errors: bool,
}

/// From this many records in one array, they are read on several threads.
const PARALLEL_FROM: usize = 2048;

const TOP_FIELDS: &[&str] = &[
    "$schema",
    "schema_version",
    "trips",
    "meetings",
    "experiences",
    "visits",
];

/// Reads the file's text; every problem goes to `diagnostics`.
pub fn parse_file<'a>(
    file: usize,
    src: &'a Located<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Parsed> {
    let mut reader = Reader {
        src,
        file,
        diagnostics,
        record_errors: 0,
    };
    reader.file()
}

struct Reader<'a, 'd> {
    src: &'a Located<'a>,
    file: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Errors reported so far for the record being read.
    record_errors: usize,
}

/// The fields every kind has, as read so far.
#[derive(Default)]
struct CommonDraft {
    id: Option<(String, usize)>,
    title: Option<String>,
    common: Common,
}

impl<'a> Reader<'a, '_> {
    fn at(&self, raw: &RawValue) -> usize {
        json::offset_in(self.src.text, raw)
    }

    fn error(&mut self, at: usize, path: &JsonPath, message: String) {
        self.record_errors += 1;
        let d = self
            .src
            .diagnostic(Severity::Error, at, path.to_string(), message);
        self.diagnostics.push(d);
    }

    fn warning(&mut self, at: usize, path: &JsonPath, message: String) {
        let d = self
            .src
            .diagnostic(Severity::Warning, at, path.to_string(), message);
        self.diagnostics.push(d);
    }

    fn file(&mut self) -> Vec<Parsed> {
        let text = self.src.text;
        if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
            self.error(
                0,
                &JsonPath::Root,
                "JSON syntax error: the file is empty; expected a JSON object such as {\"schema_version\": 1, \"trips\": []}"
                    .into(),
            );
            return Vec::new();
        }
        let Fields(fields) = match serde_json::from_str::<Fields>(text) {
            Ok(fields) => fields,
            Err(e) => {
                self.top_level_error(&e);
                return Vec::new();
            }
        };
        self.duplicate_keys(&fields, &JsonPath::Root);
        let start = text.len() - text.trim_start().len();
        let mut records = Vec::new();
        let mut version_seen = false;
        for (key, raw) in &fields {
            let path = JsonPath::Root.key(key);
            let kind = match key.as_ref() {
                "schema_version" => {
                    version_seen = true;
                    if !self.schema_version(raw, &path) {
                        return Vec::new();
                    }
                    continue;
                }
                // Editors find the schema through this; it is not data.
                "$schema" => continue,
                "trips" => Kind::Trip,
                "meetings" => Kind::Meeting,
                "experiences" => Kind::Experience,
                "visits" => Kind::Visit,
                _ => {
                    self.unknown_field(key, raw, &JsonPath::Root, TOP_FIELDS);
                    continue;
                }
            };
            self.collection(kind, raw, &path, &mut records);
        }
        if !version_seen {
            self.error(
                start,
                &JsonPath::Root,
                "missing \"schema_version\": add \"schema_version\": 1 (the format version)".into(),
            );
        }
        records
    }

    /// The file did not parse as an object: a syntax error, or JSON that is not an object.
    fn top_level_error(&mut self, e: &serde_json::Error) {
        let text = self.src.text;
        let syntax = if e.is_data() {
            serde_json::from_str::<serde::de::IgnoredAny>(text).err()
        } else {
            None
        };
        match syntax.as_ref().or((!e.is_data()).then_some(e)) {
            Some(e) => {
                let index = LineIndex::new(text.as_bytes());
                let position = index.from_line_byte_column(e.line(), e.column());
                self.record_errors += 1;
                self.diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    file: self.src.name.to_owned(),
                    position: Some(position),
                    path: String::new(),
                    message: format!("JSON syntax error: {}", json::bare_message(e)),
                });
            }
            None => {
                let start = text.len() - text.trim_start().len();
                let found = serde_json::from_str::<&RawValue>(text)
                    .map(json::type_name)
                    .unwrap_or("something else");
                self.error(
                    start,
                    &JsonPath::Root,
                    format!(
                        "expected a dataset object {{\"schema_version\": 1, ...}}, found {found}"
                    ),
                );
            }
        }
    }

    /// Checks `schema_version`; false when the rest of the file must not be read.
    fn schema_version(&mut self, raw: &RawValue, path: &JsonPath) -> bool {
        let at = self.at(raw);
        match serde_json::from_str::<f64>(raw.get()) {
            Ok(1.0) => true,
            Ok(_) => {
                self.error(
                    at,
                    path,
                    format!(
                        "schema_version {} is not supported: this findings reads schema_version 1",
                        text::inline(raw.get())
                    ),
                );
                false
            }
            Err(_) => {
                let found = json::type_name(raw);
                self.error(at, path, format!("expected the number 1, found {found}"));
                true
            }
        }
    }

    fn collection(
        &mut self,
        kind: Kind,
        raw: &'a RawValue,
        path: &JsonPath,
        out: &mut Vec<Parsed>,
    ) {
        let items = match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
            Ok(items) => items,
            Err(_) => {
                let at = self.at(raw);
                let found = json::type_name(raw);
                let what = kind.name();
                self.error(
                    at,
                    path,
                    format!("expected an array of {what} objects, found {found}"),
                );
                return;
            }
        };
        out.reserve(items.len());
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        if items.len() < PARALLEL_FROM || threads == 1 {
            self.records(kind, &items, 0, path, out);
            return;
        }
        // Records are independent: read them on every core, then keep file order.
        let chunk = items.len().div_ceil(threads);
        let (src, file) = (self.src, self.file);
        let parts: Vec<(Vec<Parsed>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = items
                .chunks(chunk)
                .enumerate()
                .map(|(c, part)| {
                    scope.spawn(move || {
                        let mut diagnostics = Vec::new();
                        let mut parsed = Vec::with_capacity(part.len());
                        let mut reader = Reader {
                            src,
                            file,
                            diagnostics: &mut diagnostics,
                            record_errors: 0,
                        };
                        reader.records(kind, part, c * chunk, path, &mut parsed);
                        (parsed, diagnostics)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for (parsed, diagnostics) in parts {
            out.extend(parsed);
            self.diagnostics.extend(diagnostics);
        }
    }

    /// Reads `items`, the first of which is number `first` of its array.
    fn records(
        &mut self,
        kind: Kind,
        items: &[&'a RawValue],
        first: usize,
        path: &JsonPath,
        out: &mut Vec<Parsed>,
    ) {
        for (i, item) in items.iter().enumerate() {
            let item_path = path.index(first + i);
            self.record_errors = 0;
            if let Some(parsed) = self.record(kind, item, &item_path) {
                out.push(parsed);
            }
        }
    }

    fn object(
        &mut self,
        raw: &'a RawValue,
        path: &JsonPath,
    ) -> Option<Vec<(Cow<'a, str>, &'a RawValue)>> {
        let at = self.at(raw);
        if !raw.get().starts_with('{') {
            let found = json::type_name(raw);
            self.error(at, path, format!("expected an object, found {found}"));
            return None;
        }
        match serde_json::from_str::<Fields>(raw.get()) {
            Ok(Fields(fields)) => {
                self.duplicate_keys(&fields, path);
                Some(fields)
            }
            Err(e) => {
                self.error(at, path, json::bare_message(&e));
                None
            }
        }
    }

    fn duplicate_keys(&mut self, fields: &[(Cow<str>, &RawValue)], path: &JsonPath) {
        for (i, (key, raw)) in fields.iter().enumerate() {
            if let Some((_, first)) = fields[..i].iter().find(|(k, _)| k == key) {
                let first_at = json::key_offset(self.src.text, self.at(first));
                let at = json::key_offset(self.src.text, self.at(raw));
                let place = self.src.place(first_at);
                self.error(
                    at,
                    &path.key(key),
                    format!("field {} appears twice (first at {place})", quote(key)),
                );
            }
        }
    }

    fn unknown_field(&mut self, key: &str, raw: &RawValue, path: &JsonPath, known: &[&str]) {
        let at = json::key_offset(self.src.text, self.at(raw));
        let hint = known
            .iter()
            .map(|k| (strsim::damerau_levenshtein(k, key), k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3))
            .min()
            .map(|(_, k)| format!(" (did you mean \"{k}\"?)"))
            .unwrap_or_default();
        self.warning(
            at,
            &path.key(key),
            format!("unknown field {}{hint}; it is ignored", quote(key)),
        );
    }

    /// A string field; `null` counts as absent.
    fn text(&mut self, raw: &RawValue, path: &JsonPath, lines: Lines) -> Option<String> {
        if json::is_null(raw) {
            return None;
        }
        match serde_json::from_str::<Str>(raw.get()) {
            Ok(Str(s)) => Some(text::clean(&s, lines)),
            Err(e) => {
                let at = self.at(raw);
                let message = match json::type_name(raw) {
                    // A string serde_json cannot decode, such as a lone surrogate escape.
                    "a string" => format!("bad string: {}", json::bare_message(&e)),
                    found => format!("expected a string, found {found}"),
                };
                self.error(at, path, message);
                None
            }
        }
    }

    /// A required string that must not be blank.
    fn required_text(&mut self, raw: &RawValue, path: &JsonPath) -> Option<String> {
        let at = self.at(raw);
        if json::is_null(raw) {
            self.error(at, path, "expected a string, found null".into());
            return None;
        }
        let value = self.text(raw, path, Lines::Join)?;
        if value.trim().is_empty() {
            self.error(at, path, "must not be blank".into());
            return None;
        }
        Some(value)
    }

    fn text_list(&mut self, raw: &RawValue, path: &JsonPath) -> Vec<String> {
        if json::is_null(raw) {
            return Vec::new();
        }
        let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
            let at = self.at(raw);
            let found = json::type_name(raw);
            self.error(
                at,
                path,
                format!("expected an array of strings, found {found}"),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let item_path = path.index(i);
            if json::is_null(item) {
                let at = self.at(item);
                self.error(at, &item_path, "expected a string, found null".into());
            } else if let Some(s) = self.text(item, &item_path, Lines::Join) {
                out.push(s);
            }
        }
        out
    }

    fn id(&mut self, raw: &RawValue, path: &JsonPath) -> Option<(String, usize)> {
        let at = self.at(raw);
        if json::is_null(raw) {
            self.error(at, path, "expected an id (a string), found null".into());
            return None;
        }
        let Ok(Str(s)) = serde_json::from_str::<Str>(raw.get()) else {
            let found = json::type_name(raw);
            self.error(
                at,
                path,
                format!("expected an id (a string), found {found}"),
            );
            return None;
        };
        let valid = (1..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !valid {
            self.error(
                at,
                path,
                format!(
                    "bad id {}: an id is 1 to 64 of the characters A-Z a-z 0-9 . _ -",
                    quote(&s)
                ),
            );
            return None;
        }
        Some((s.into_owned(), at))
    }

    fn date(&mut self, raw: &RawValue, path: &JsonPath) -> Option<Date> {
        let value = self.text(raw, path, Lines::Join)?;
        match Date::parse(&value) {
            Ok(date) => Some(date),
            Err(why) => {
                let at = self.at(raw);
                self.error(at, path, format!("bad date {}: {why}", quote(&value)));
                None
            }
        }
    }

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

    fn record(&mut self, kind: Kind, raw: &'a RawValue, path: &JsonPath) -> Option<Parsed> {
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
                self.unknown_field(key, value, path, body.known_fields());
            }
        }
        for (name, present) in [("id", draft.id.is_some()), ("title", draft.title.is_some())] {
            let given = fields.iter().any(|(k, _)| k == name);
            if !given {
                self.error(at, path, format!("missing required field \"{name}\""));
            } else if !present {
                // The field was there but bad; its own error is already reported.
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
struct TripDraft {
    trip: Trip,
    /// `None`: not given; `Some(None)`: given but bad.
    start: Option<Option<Date>>,
    end: Option<Option<Date>>,
}

/// The kind-specific part of a record being read.
enum Body {
    Trip(Box<TripDraft>),
    Meeting(Meeting),
    Experience(Experience),
    Visit(Visit),
}

impl Body {
    fn new(kind: Kind) -> Body {
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

    fn known_fields(&self) -> &'static [&'static str] {
        match self {
            Body::Trip(_) => &[
                "id",
                "title",
                "summary",
                "details",
                "tags",
                "en",
                "start_date",
                "end_date",
                "organizer",
                "leader",
                "members",
                "provinces",
                "source",
            ],
            Body::Meeting(_) => &[
                "id",
                "title",
                "summary",
                "details",
                "tags",
                "en",
                "trip",
                "date",
                "province",
                "host",
                "participants",
                "topics",
            ],
            Body::Experience(_) => &[
                "id",
                "title",
                "summary",
                "details",
                "tags",
                "en",
                "trip",
                "meeting",
                "province",
                "topic",
                "shared_by",
                "lessons",
            ],
            Body::Visit(_) => &[
                "id",
                "title",
                "summary",
                "details",
                "tags",
                "en",
                "trip",
                "date",
                "province",
                "organization",
                "location",
                "products",
                "lessons",
            ],
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The loader's field lists and the generated schema must name the same fields, so a field
    /// added to a record type cannot be silently ignored (or warned about) by the loader.
    #[test]
    fn known_fields_match_the_schema() {
        let schema: serde_json::Value =
            serde_json::from_str(&crate::commands::schema::schema_json()).unwrap();
        for kind in Kind::ALL {
            let name = match kind {
                Kind::Trip => "Trip",
                Kind::Meeting => "Meeting",
                Kind::Experience => "Experience",
                Kind::Visit => "Visit",
            };
            let props = schema["$defs"][name]["properties"].as_object().unwrap();
            let mut from_schema: Vec<&str> = props.keys().map(String::as_str).collect();
            let mut known: Vec<&str> = Body::new(kind).known_fields().to_vec();
            from_schema.sort();
            known.sort();
            assert_eq!(known, from_schema, "{name}");
        }
        let top = schema["properties"].as_object().unwrap();
        let mut from_schema: Vec<&str> = top.keys().map(String::as_str).collect();
        let mut known = TOP_FIELDS.to_vec();
        from_schema.sort();
        known.sort();
        assert_eq!(known, from_schema);
    }

    #[test]
    fn json_paths_print_like_javascript() {
        let root = JsonPath::Root;
        let meetings = root.key("meetings");
        let second = meetings.index(2);
        let province = second.key("province");
        assert_eq!(province.to_string(), "meetings[2].province");
        assert_eq!(root.to_string(), "");
    }
}
