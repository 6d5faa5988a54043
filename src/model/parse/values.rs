//! Reading one JSON value as what a field expects: a string, a list of strings, an id, a date,
//! an object's fields; each mismatch reported at the value.

use crate::model::strings::Str;
use serde_json::value::RawValue;
use std::borrow::Cow;

use super::{JsonPath, Reader};
use crate::model::diagnostic::quote;
use crate::model::json::{self, Fields, JsonStr};
use crate::model::record::Date;
use crate::model::text::{self, Lines};

impl<'a> Reader<'a, '_> {
    pub(super) fn object(
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
                // An escape in a key serde_json could not read: named where it is.
                let message = json::bare_message(&e);
                let offset = json::error_offset(raw.get(), &e);
                match json::escape_error(raw.get(), offset, &message) {
                    Some((escape, said)) => {
                        self.error(at + escape, path, format!("bad key: {said}"))
                    }
                    None => self.error(at, path, message),
                }
                None
            }
        }
    }

    pub(super) fn duplicate_keys(&mut self, fields: &[(Cow<str>, &RawValue)], path: &JsonPath) {
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

    pub(super) fn unknown_field(
        &mut self,
        key: &str,
        raw: &RawValue,
        path: &JsonPath,
        known: &[&str],
    ) {
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
    pub(super) fn text(&mut self, raw: &RawValue, path: &JsonPath, lines: Lines) -> Option<Str> {
        if json::is_null(raw) {
            return None;
        }
        match serde_json::from_str::<JsonStr>(raw.get()) {
            // A value read before is the same block (`strings`).
            Ok(JsonStr(s)) => Some(self.strings.get(&text::clean_cow(&s, lines))),
            Err(e) => {
                let (at, message) = self.undecoded(raw, "a string", &e);
                self.error(at, path, message);
                None
            }
        }
    }

    /// Where and why `raw`, expected to be `expected`, could not be read as a string (`e`): a
    /// string whose lone surrogate escape (`\\udc00`) stands for no character, at the escape;
    /// otherwise a value of another type.
    fn undecoded(&self, raw: &RawValue, expected: &str, e: &serde_json::Error) -> (usize, String) {
        let at = self.at(raw);
        match json::type_name(raw) {
            "a string" => match json::lone_surrogate(raw.get()) {
                Some((offset, escape)) => (
                    at + offset,
                    format!("bad string: {}", json::surrogate_message(escape)),
                ),
                None => (at, format!("bad string: {}", json::bare_message(e))),
            },
            found => (at, format!("expected {expected}, found {found}")),
        }
    }

    /// A required string that must not be blank.
    pub(super) fn required_text(&mut self, raw: &RawValue, path: &JsonPath) -> Option<Str> {
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

    pub(super) fn text_list(&mut self, raw: &RawValue, path: &JsonPath) -> Box<[Str]> {
        if json::is_null(raw) {
            return Box::default();
        }
        let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
            let at = self.at(raw);
            let found = json::type_name(raw);
            self.error(
                at,
                path,
                format!("expected an array of strings, found {found}"),
            );
            return Box::default();
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
        out.into()
    }

    /// An id that refers to a record: shared, as many records refer to one trip or meeting.
    pub(super) fn id(&mut self, raw: &RawValue, path: &JsonPath) -> Option<(Str, usize)> {
        self.id_as(raw, path, true)
    }

    /// A record's own id: unique, so not looked up among the values read before.
    pub(super) fn own_id(&mut self, raw: &RawValue, path: &JsonPath) -> Option<(Str, usize)> {
        self.id_as(raw, path, false)
    }

    fn id_as(&mut self, raw: &RawValue, path: &JsonPath, shared: bool) -> Option<(Str, usize)> {
        let at = self.at(raw);
        if json::is_null(raw) {
            self.error(at, path, "expected an id (a string), found null".into());
            return None;
        }
        let s = match serde_json::from_str::<JsonStr>(raw.get()) {
            Ok(JsonStr(s)) => s,
            Err(e) => {
                let (at, message) = self.undecoded(raw, "an id (a string)", &e);
                self.error(at, path, message);
                return None;
            }
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
        let id = match shared {
            true => self.strings.get(&s),
            false => Str::from(s.as_ref()),
        };
        Some((id, at))
    }

    /// Ids in an array, each with its place.
    pub(super) fn id_list(&mut self, raw: &RawValue, path: &JsonPath) -> Vec<(Str, usize)> {
        if json::is_null(raw) {
            return Vec::new();
        }
        let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
            let at = self.at(raw);
            let found = json::type_name(raw);
            self.error(at, path, format!("expected an array of ids, found {found}"));
            return Vec::new();
        };
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| self.id(item, &path.index(i)))
            .collect()
    }

    /// A whole number, 0 or more (`days`, `headcount`); `null` counts as absent.
    pub(super) fn whole_number(&mut self, raw: &RawValue, path: &JsonPath) -> Option<u32> {
        if json::is_null(raw) {
            return None;
        }
        match serde_json::from_str::<u32>(raw.get()) {
            Ok(n) => Some(n),
            Err(_) => {
                let at = self.at(raw);
                let message = match json::type_name(raw) {
                    "a number" => format!("expected a whole number from 0 up, found {}", raw.get()),
                    found => format!("expected a whole number, found {found}"),
                };
                self.error(at, path, message);
                None
            }
        }
    }

    pub(super) fn date(&mut self, raw: &RawValue, path: &JsonPath) -> Option<Date> {
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
}
