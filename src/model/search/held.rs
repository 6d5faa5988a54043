//! Which records hold a piece of text anywhere: one scan of the index's text per piece, kept
//! for the next keystrokes. A question's partial matches are opened only by its rare words and
//! pairs (see `score::Partial`); knowing beforehand which records hold them means a record
//! lacking a word is told apart by one bit, not by reading its text again, and a question typed
//! on need look only at the earlier matches and these records.

use std::sync::{Arc, Mutex};

/// A set of records, one bit each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Records {
    bits: Vec<u64>,
}

impl Records {
    pub fn new(records: usize) -> Records {
        Records {
            bits: vec![0; records.div_ceil(64)],
        }
    }

    pub fn insert(&mut self, record: usize) {
        if let Some(word) = self.bits.get_mut(record / 64) {
            *word |= 1 << (record % 64);
        }
    }

    pub fn contains(&self, record: usize) -> bool {
        self.bits
            .get(record / 64)
            .is_some_and(|word| word & (1 << (record % 64)) != 0)
    }

    /// Adds every record of `other`.
    pub fn union(&mut self, other: &Records) {
        if self.bits.len() < other.bits.len() {
            self.bits.resize(other.bits.len(), 0);
        }
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a |= b;
        }
    }

    /// The records, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter().enumerate().flat_map(|(n, &word)| {
            let mut left = word;
            std::iter::from_fn(move || {
                if left == 0 {
                    return None;
                }
                let bit = left.trailing_zeros() as usize;
                left &= left - 1;
                Some(n * 64 + bit)
            })
        })
    }

    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }
}

/// How many pieces of text are kept: a question's rare words and pairs, over the last few
/// questions typed.
const KEPT: usize = 32;

/// The records holding each piece of text looked for lately (or what else is found of a
/// piece, `T`), newest last.
#[derive(Debug)]
pub struct Kept<T = Records> {
    kept: Mutex<Vec<(String, Arc<T>)>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Kept<T> {
        Kept {
            kept: Mutex::new(Vec::new()),
        }
    }
}

/// A copy of an index keeps what was found: the same records hold the same text.
impl<T> Clone for Kept<T> {
    fn clone(&self) -> Kept<T> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Kept {
            kept: Mutex::new(kept.clone()),
        }
    }
}

impl Kept {
    /// The records holding `piece`, from the kept ones or else from `find` (then kept).
    pub fn get_or_find(&self, piece: &str, find: impl FnOnce() -> Records) -> Arc<Records> {
        // `find` always finds: never empty for want of looking.
        self.get_or_try(piece, || Some(find()))
            .unwrap_or_else(|| Arc::new(Records::default()))
    }
}

impl<T> Kept<T> {
    /// [`Kept::get_or_find`] with a `find` that may give up (`None`, not kept).
    pub fn get_or_try(&self, piece: &str, find: impl FnOnce() -> Option<T>) -> Option<Arc<T>> {
        let lock = || {
            self.kept
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some((_, records)) = lock().iter().find(|(p, _)| p == piece) {
            return Some(records.clone());
        }
        // Found outside the lock: two searches finding the same piece at once each find it.
        let found = Arc::new(find()?);
        let mut kept = lock();
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((piece.to_owned(), found.clone()));
        Some(found)
    }
}

/// Every record, numbered from `first`, whose text in `text` holds `piece`: `ends` is where
/// each record's text ends (the first starts at 0). A match running over the end of one
/// record's text into the next's is not one.
pub fn find_in(
    text: &str,
    ends: impl Iterator<Item = usize>,
    piece: &str,
    first: usize,
    into: &mut Records,
) {
    if piece.is_empty() {
        return;
    }
    let finder = memchr::memmem::Finder::new(piece.as_bytes());
    let bytes = text.as_bytes();
    let mut ends = ends.enumerate().peekable();
    let mut from = 0;
    while let Some(at) = finder.find(&bytes[from.min(bytes.len())..]) {
        let at = from + at;
        // The record whose text holds the match's first byte.
        while ends.peek().is_some_and(|&(_, end)| end <= at) {
            ends.next();
        }
        let Some(&(n, end)) = ends.peek() else {
            break;
        };
        if at + piece.len() <= end {
            into.insert(first + n);
            // The next match that counts is in a later record.
            from = end;
        } else {
            from = at + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_record_holding_the_piece_once_and_none_across_two() {
        // Records: "an binh", "xa an", "hoan", "binh an"; "an" twice in some.
        let text = "an binhxa anhoanbinh an";
        let ends = [7, 12, 16, 23];
        let mut found = Records::new(4);
        find_in(text, ends.iter().copied(), "an", 0, &mut found);
        assert_eq!(found.iter().collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        let mut found = Records::new(4);
        find_in(text, ends.iter().copied(), "binh", 0, &mut found);
        assert_eq!(found.iter().collect::<Vec<_>>(), vec![0, 3]);
        let mut found = Records::new(10);
        find_in(text, ends.iter().copied(), "anb", 6, &mut found);
        // "hoan" + "binh" run together, but over two records.
        assert!(found.is_empty(), "{:?}", found.iter().collect::<Vec<_>>());
        find_in(text, ends.iter().copied(), "oan", 6, &mut found);
        assert_eq!(found.iter().collect::<Vec<_>>(), vec![8]);
    }

    #[test]
    fn records_union_and_count() {
        let mut a = Records::new(130);
        a.insert(0);
        a.insert(129);
        let mut b = Records::new(130);
        b.insert(64);
        b.insert(129);
        a.union(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 64, 129]);
        assert_eq!(a.len(), 3);
        assert!(a.contains(64) && !a.contains(65));
        a.insert(500);
        assert_eq!(a.len(), 3, "a record beyond the set is not added");
    }

    #[test]
    fn kept_pieces_are_found_once() {
        let kept = Kept::default();
        let mut finds = 0;
        for _ in 0..3 {
            kept.get_or_find("che", || {
                finds += 1;
                Records::new(1)
            });
        }
        assert_eq!(finds, 1);
    }
}
