//! Reading an Office file (a zip of XML parts) in tests: its parts as text, and the few
//! pieces of XML the tests look at.

use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Every file in a zip archive, as text.
pub fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut files = HashMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        if file.read_to_string(&mut text).is_ok() {
            files.insert(file.name().to_owned(), text);
        }
    }
    files
}

/// XML's five escapes undone.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The pieces of `xml` between `open` and `close`, in order.
pub fn between<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(s) = rest.find(open) {
        let after = &rest[s + open.len()..];
        let Some(e) = after.find(close) else { break };
        out.push(&after[..e]);
        rest = &after[e + close.len()..];
    }
    out
}
