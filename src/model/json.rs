//! A thin layer over serde_json that keeps where each value stands in the file.
//!
//! serde_json gives no spans, but a borrowed `&RawValue` is a slice of the input, so its offset
//! is a pointer difference. Objects are read as ordered `(key, raw value)` pairs, which lets the
//! loader check every field on its own and report every problem, with its line and column.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// An object's fields in file order, duplicates kept.
pub struct Fields<'a>(pub Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(JsonStr(key)) = map.next_key::<JsonStr<'de>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    fields.push((key, value));
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(FieldsVisitor)
    }
}

/// A JSON string, borrowed from the input unless it had escapes.
pub struct JsonStr<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for JsonStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = JsonStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(JsonStr(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(JsonStr(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// What kind of JSON value this is, in words for a message ("a number", "an array").
pub fn type_name(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

pub fn is_null(raw: &RawValue) -> bool {
    raw.get() == "null"
}

/// Byte offset of `raw` within `text`, which it must have been borrowed from.
pub fn offset_in(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Byte offset of the key whose value starts at `value_at` (its opening quote).
///
/// Walks back over `"key" :` from the value; if the text is not shaped that way (which valid JSON
/// always is) it falls back to the value itself.
pub fn key_offset(text: &str, value_at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = value_at;
    let skip_ws = |mut i: usize| {
        while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        }
        i
    };
    i = skip_ws(i);
    if i == 0 || bytes[i - 1] != b':' {
        return value_at;
    }
    i = skip_ws(i - 1);
    if i == 0 || bytes[i - 1] != b'"' {
        return value_at;
    }
    // i - 1 is the closing quote; find the opening quote that is not escaped.
    let mut j = i - 1;
    while j > 0 {
        j -= 1;
        if bytes[j] == b'"' {
            let backslashes = bytes[..j].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return j;
            }
        }
    }
    value_at
}

/// The first `\uXXXX` escape in the JSON string `raw` (quotes included) that is half of a
/// UTF-16 surrogate pair without its other half: it stands for no character, and serde_json
/// calls a lone second half a "leading" one; with its byte offset in `raw`. `None` when every
/// escape is whole.
pub fn lone_surrogate(raw: &str) -> Option<(usize, &str)> {
    let bytes = raw.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let hex = raw.get(at + 2..at + 6)?;
        (bytes.get(at..at + 2) == Some(b"\\u")).then(|| u16::from_str_radix(hex, 16).ok())?
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF) => match unit(i + 6) {
                Some(0xDC00..=0xDFFF) => i += 12,
                _ => return raw.get(i..i + 6).map(|e| (i, e)),
            },
            Some(0xDC00..=0xDFFF) => return raw.get(i..i + 6).map(|e| (i, e)),
            Some(_) => i += 6,
            // Another escape: the character after the backslash is not a backslash to read.
            None => i += 2,
        }
    }
    None
}

/// What a lone surrogate escape (see [`lone_surrogate`]) is said to be.
pub fn surrogate_message(escape: &str) -> String {
    format!(
        "{escape} is half of a UTF-16 surrogate pair, alone, and stands for no character; write \
         the character itself, or both halves (\\ud83d\\ude00)"
    )
}

/// The escape a serde_json error about escapes (`message`) is about, when it ends at byte
/// `at` of `text`: where its backslash is, and what is wrong with it. serde_json places such
/// an error after the escape (a few bytes on, or past the string) and calls a lone second half
/// of a surrogate pair a "leading" one. `None` for other errors.
pub fn escape_error(text: &str, at: usize, message: &str) -> Option<(usize, String)> {
    if !(message.contains("escape") || message.contains("surrogate")) {
        return None;
    }
    let bytes = text.as_bytes();
    let at = at.min(bytes.len().saturating_sub(1));
    // The escape starts at the last backslash before the error, on its line, a few bytes
    // back at most (`\uD800` and the `\u` that should have followed it are 12).
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    let from = at.saturating_sub(16).max(line_start);
    let slash = (from..=at).rev().find(|&i| bytes.get(i) == Some(&b'\\'))?;
    // A backslash is one byte: the text from it is whole characters.
    let rest = text.get(slash..)?;
    if let Some((0, escape)) = lone_surrogate(rest) {
        return Some((slash, surrogate_message(escape)));
    }
    let shown: String = rest.chars().skip(1).take(5).collect();
    let message = match shown.strip_prefix('u') {
        Some(hex) => format!(
            "invalid escape \\u{}: \\u takes four hexadecimal digits (\\u00e9 is é)",
            crate::model::text::inline(
                &hex.chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
            )
        ),
        None => format!(
            "invalid escape \\{}: a backslash in a string starts \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t \
             or \\uXXXX (write \\\\ for a backslash)",
            crate::model::text::inline(&shown.chars().take(1).collect::<String>())
        ),
    };
    Some((slash, message))
}

/// The byte of `text` where serde_json's error `e` is (its line and byte column).
pub fn error_offset(text: &str, e: &serde_json::Error) -> usize {
    let line_start = memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(e.line().saturating_sub(2))
        .filter(|_| e.line() > 1)
        .map_or(0, |n| n + 1);
    (line_start + e.column().saturating_sub(1)).min(text.len())
}

/// A serde_json error message without its " at line L column C" tail (we print our own).
pub fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_owned(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escape_error_is_placed_at_its_backslash() {
        let text = r#"{"a": "x\u12", "b": 1}"#;
        let (at, said) = escape_error(text, 13, "invalid escape").unwrap();
        assert_eq!(
            (at, said.starts_with("invalid escape \\u12:")),
            (8, true),
            "{said}"
        );
        let text = r#"["\udc00"]"#;
        let (at, said) = escape_error(text, 7, "lone leading surrogate in hex escape").unwrap();
        assert_eq!(at, 2);
        assert!(
            said.starts_with("\\udc00 is half of a UTF-16 surrogate pair"),
            "{said}"
        );
        assert_eq!(
            escape_error(text, 7, "expected `:`"),
            None,
            "not about an escape"
        );
        assert_eq!(escape_error("no backslash", 5, "invalid escape"), None);
    }

    #[test]
    fn a_lone_surrogate_escape_is_found() {
        assert_eq!(lone_surrogate(r#""a\udc00b""#), Some((2, r"\udc00")));
        assert_eq!(lone_surrogate(r#""a\uD800b""#), Some((2, r"\uD800")));
        assert_eq!(lone_surrogate(r#""\ud800\u0041""#), Some((1, r"\ud800")));
        assert_eq!(lone_surrogate(r#""\ud83d\ude00 \u00e9""#), None);
        assert_eq!(lone_surrogate(r#""\\udc00""#), None, "an escaped backslash");
        assert_eq!(
            lone_surrogate(r#""\ud83d\ude00\udc00""#),
            Some((13, r"\udc00"))
        );
        assert_eq!(lone_surrogate(r#""\u12""#), None);
    }

    #[test]
    fn fields_keep_order_duplicates_and_offsets() {
        let text = r#"{"b": 1, "a\u0041": [2], "b": "x"}"#;
        let Fields(fields) = serde_json::from_str::<Fields>(text).unwrap();
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "aA", "b"]);
        assert_eq!(offset_in(text, fields[1].1), text.find('[').unwrap());
        assert_eq!(type_name(fields[1].1), "an array");
        assert_eq!(type_name(fields[2].1), "a string");
    }

    #[test]
    fn key_offset_walks_back_to_the_opening_quote() {
        let text = "{ \"ti\\\"tle\" :\n  42 }";
        let value_at = text.find("42").unwrap();
        assert_eq!(key_offset(text, value_at), 2);
        assert_eq!(key_offset("[42]", 1), 1);
    }

    #[test]
    fn bare_message_drops_the_position() {
        let e = serde_json::from_str::<Fields>("{\"a\" 1}").err().unwrap();
        assert_eq!(bare_message(&e), "expected `:`");
    }
}
