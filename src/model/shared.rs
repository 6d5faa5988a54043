//! Bytes shared by what is read from them: the index cache's mapped entry, which the records
//! and the search index read in place instead of copying (a warm start then costs what it
//! reads, not the entry's size).

use std::ops::{Deref, Range};
use std::sync::Arc;

/// Bytes that do not change while anything holds them: a mapped cache entry, or a buffer.
pub type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Text lying in shared [`Bytes`], checked to be UTF-8 once, when it is made.
#[derive(Clone)]
pub struct SharedStr {
    bytes: Bytes,
    range: Range<usize>,
}

impl SharedStr {
    /// The text at `range` of `bytes`; `None` when it lies outside them or is not UTF-8.
    pub fn new(bytes: Bytes, range: Range<usize>) -> Option<SharedStr> {
        simdutf8::basic::from_utf8((*bytes).as_ref().get(range.clone())?).ok()?;
        Some(SharedStr { bytes, range })
    }

    pub fn as_str(&self) -> &str {
        let bytes = &(*self.bytes).as_ref()[self.range.clone()];
        // SAFETY: `new` checked these bytes to be UTF-8 (and `from` took them from a
        // String), and `Bytes` never change while they are held: a buffer is owned by the
        // Arc, and a cache entry is mapped read-only and never written in place (it is
        // written under another name and renamed).
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

impl From<String> for SharedStr {
    fn from(text: String) -> SharedStr {
        let range = 0..text.len();
        SharedStr {
            bytes: Arc::new(text.into_bytes()),
            range,
        }
    }
}

impl Default for SharedStr {
    fn default() -> SharedStr {
        SharedStr::from(String::new())
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedStr({} bytes)", self.range.len())
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

/// Where `part` lies in `whole`, when it is a slice of it.
pub fn range_in(whole: &[u8], part: &[u8]) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_checked_and_placed_where_it_lies() {
        let mut raw = b"ab\xFF".to_vec();
        raw.extend_from_slice("Đắk".as_bytes());
        let bytes: Bytes = Arc::new(raw);
        let whole = (*bytes).as_ref();
        assert_eq!(
            SharedStr::new(bytes.clone(), 3..whole.len())
                .unwrap()
                .as_str(),
            "Đắk"
        );
        assert!(SharedStr::new(bytes.clone(), 0..3).is_none(), "not UTF-8");
        assert!(
            SharedStr::new(bytes.clone(), 3..4).is_none(),
            "cut in a character"
        );
        assert!(
            SharedStr::new(bytes.clone(), 3..99).is_none(),
            "past the end"
        );
        assert_eq!(range_in(whole, &whole[1..3]), Some(1..3));
        assert_eq!(range_in(whole, b"ab"), None);
        assert_eq!(&*SharedStr::from("Lắk".to_owned()), "Lắk");
    }
}
