//! Reading one dataset file into records, field by field, reporting every problem with its place.
//!
//! This file reads the file as a whole (syntax, `schema_version`, the arrays); `values` reads
//! one JSON value as a string, list, id or date; `records` reads each kind of record.

mod records;
mod values;

use crate::model::strings::{Interner, Str};
use serde_json::value::RawValue;
use std::fmt;
use std::sync::OnceLock;

use super::diagnostic::{Diagnostic, LineIndex, Severity};
use super::json::{self, Fields};
use super::parallel;
use super::record::*;
use super::text;

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
    /// Links to other records (meetings, related), with their places.
    pub links: Vec<records::Ref>,
    /// True when a field of this record had an error (the record is then only used for checks).
    pub has_errors: bool,
}

/// The fields every record has; each kind adds its own.
const COMMON_FIELDS: &[&str] = &[
    "id",
    "title",
    "summary",
    "details",
    "tags",
    "en",
    "short_title",
    "related",
];
const TRIP_FIELDS: &[&str] = &[
    "start_date",
    "end_date",
    "days",
    "headcount",
    "programme",
    "organizer",
    "leader",
    "members",
    "provinces",
    "source",
];
const MEETING_FIELDS: &[&str] = &["trip", "date", "province", "host", "participants", "topics"];
const EXPERIENCE_FIELDS: &[&str] = &[
    "trip",
    "meeting",
    "meetings",
    "province",
    "provinces",
    "topic",
    "shared_by",
    "lessons",
];
const VISIT_FIELDS: &[&str] = &[
    "trip",
    "date",
    "province",
    "organization",
    "location",
    "products",
    "lessons",
];

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
        strings: Interner::default(),
    };
    reader.file()
}

struct Reader<'a, 'd> {
    src: &'a Located<'a>,
    file: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Errors reported so far for the record being read.
    record_errors: usize,
    /// The values read so far: one read again is the same block.
    strings: Interner,
}

/// The fields every kind has, as read so far.
#[derive(Default)]
struct CommonDraft {
    id: Option<(Str, usize)>,
    title: Option<Str>,
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
                let said = json::bare_message(e);
                // An escape serde_json could not read is named at its backslash.
                let escape = json::escape_error(text, json::error_offset(text, e), &said);
                let (position, said) = match escape {
                    Some((at, said)) => (index.position(at), said),
                    None => (index.from_line_byte_column(e.line(), e.column()), said),
                };
                self.record_errors += 1;
                self.diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    file: self.src.name.to_owned(),
                    position: Some(position),
                    path: String::new(),
                    message: format!("JSON syntax error: {said}"),
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
        // Exactly: a file holds few collections, and a million records are 96 MB of these.
        out.reserve_exact(items.len());
        // Records are independent: read them on every core, then keep file order.
        let (src, file) = (self.src, self.file);
        let chunk = parallel::per_core(items.len(), PARALLEL_FROM);
        let parts = parallel::map_chunks(&items, chunk, |first, run| {
            let mut diagnostics = Vec::new();
            let mut parsed = Vec::with_capacity(run.len());
            let mut reader = Reader {
                src,
                file,
                diagnostics: &mut diagnostics,
                record_errors: 0,
                strings: Interner::default(),
            };
            reader.records(kind, run, first, path, &mut parsed);
            (parsed, diagnostics)
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
}

#[cfg(test)]
mod tests {
    use super::records::Body;
    use super::*;

    /// The loader's field lists and the generated schema must name the same fields, so a field
    /// added to a record type cannot be silently ignored (or warned about) by the loader.
    #[test]
    fn known_fields_match_the_schema() {
        let schema: serde_json::Value =
            serde_json::from_str(&crate::model::record::schema_json()).unwrap();
        for kind in Kind::ALL {
            let name = match kind {
                Kind::Trip => "Trip",
                Kind::Meeting => "Meeting",
                Kind::Experience => "Experience",
                Kind::Visit => "Visit",
            };
            let props = schema["$defs"][name]["properties"].as_object().unwrap();
            let mut from_schema: Vec<&str> = props.keys().map(String::as_str).collect();
            let mut known: Vec<&str> = [COMMON_FIELDS, Body::new(kind).kind_fields()].concat();
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
