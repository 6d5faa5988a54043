//! The text of a record's fields, kept once however many records hold it.
//!
//! A dataset repeats itself: the host of many meetings, the province, the topic, the trip an
//! experience belongs to, a title used for each province. Each field holds a [`Str`], a shared
//! reference to its text (16 bytes), and a file's reader makes each value once
//! ([`Interner`]): a value the records repeat is one block in memory, not one per record. Long
//! running text (a summary, details) is seldom repeated and is kept as it is, unshared.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field's text: immutable, cheap to clone, compared and hashed as the text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Str(Arc<str>);

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Str {
    /// The empty text, one block for every empty field.
    fn default() -> Str {
        static EMPTY: OnceLock<Arc<str>> = OnceLock::new();
        Str(EMPTY.get_or_init(|| Arc::from("")).clone())
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        match s.is_empty() {
            true => Str::default(),
            false => Str(Arc::from(s)),
        }
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str::from(s.as_str())
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str::from(s.as_str())
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        *self == &*other.0
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Str, D::Error> {
        std::borrow::Cow::<'de, str>::deserialize(d).map(|s| Str::from(&*s))
    }
}

impl schemars::JsonSchema for Str {
    /// A string, as `String` is: the schema the records are described by is the same.
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// Texts longer than this are kept unshared: running text, which records seldom repeat, and
/// whose hashing would cost more than sharing saves.
const SHARED_UP_TO: usize = 256;

/// The values a reader has made so far, so that a value read again is the same block.
#[derive(Default)]
pub struct Interner {
    seen: HashSet<Str, foldhash::fast::RandomState>,
    /// Values looked up, and how many of them had been made before.
    looked: u32,
    found: u32,
    /// Given up: the values read so far were nearly all different (a dataset of unique text
    /// would pay the hashing and the table for nothing).
    off: bool,
}

/// After this many values, sharing stops unless at least one in [`HITS_PER`] was a repeat.
const TRIAL: u32 = 4096;
const HITS_PER: u32 = 8;

impl Interner {
    /// `text` as a [`Str`]: the one made before for the same text, when there was one.
    pub fn get(&mut self, text: &str) -> Str {
        if text.is_empty() {
            return Str::default();
        }
        if self.off || text.len() > SHARED_UP_TO {
            return Str::from(text);
        }
        self.looked += 1;
        if let Some(kept) = self.seen.get(text) {
            self.found += 1;
            return kept.clone();
        }
        if self.looked == TRIAL && self.found < TRIAL / HITS_PER {
            self.off = true;
            self.seen = HashSet::default();
            return Str::from(text);
        }
        let made = Str::from(text);
        self.seen.insert(made.clone());
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_read_again_is_the_same_block() {
        let mut strings = Interner::default();
        let a = strings.get("Sở Lao động - Thương binh và Xã hội tỉnh Đắk Lắk");
        let b = strings.get("Sở Lao động - Thương binh và Xã hội tỉnh Đắk Lắk");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, b);
        let c = strings.get("Kon Tum");
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        // Running text is kept unshared.
        let long = "chữ ".repeat(100);
        let (d, e) = (strings.get(&long), strings.get(&long));
        assert!(!Arc::ptr_eq(&d.0, &e.0));
        assert_eq!(d, e);
        assert_eq!(d.as_str(), long);
    }

    #[test]
    fn values_nearly_all_different_stop_being_looked_up() {
        let mut strings = Interner::default();
        for i in 0..TRIAL {
            strings.get(&format!("record {i}"));
        }
        assert!(strings.off && strings.seen.is_empty());
        let (a, b) = (strings.get("Kon Tum"), strings.get("Kon Tum"));
        assert_eq!(a, b);
        assert!(!Arc::ptr_eq(&a.0, &b.0));
        // Repeated values keep being shared.
        let mut strings = Interner::default();
        for i in 0..2 * TRIAL {
            strings.get(&format!("province {}", i % 40));
        }
        assert!(!strings.off && strings.seen.len() == 40);
    }

    #[test]
    fn it_reads_and_writes_as_the_text() {
        let s: Str = serde_json::from_str(r#""Đắk Lắk \"mới\"""#).unwrap_or_default();
        assert_eq!(s, "Đắk Lắk \"mới\"");
        assert_eq!(
            serde_json::to_string(&s).ok().as_deref(),
            Some(r#""Đắk Lắk \"mới\"""#)
        );
        assert_eq!(
            format!("{s}|{s:?}"),
            "Đắk Lắk \"mới\"|\"Đắk Lắk \\\"mới\\\"\""
        );
        assert_eq!(Str::default(), "");
        let (a, b) = (Str::from("a"), Str::from("b"));
        assert!(b > a);
    }
}
