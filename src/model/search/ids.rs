//! Records by id, for finding many at once: every review's record, each time the reviews are
//! read. At a million records the dataset's map by id (SipHash, a table of 1,000,000 strings)
//! costs three or four cache misses a lookup, one after the other: 100,000 reviews took 21 ms
//! on two cores. Here a lookup is a hash of the id and one probe of a flat table of numbers;
//! whether the record found really has that id is checked after, for all of them in record
//! order, where the records are read front to back.

use twox_hash::XxHash3_64;

use super::index::prefetch;
use crate::model::Dataset;

/// How many items on a lookup asks for the memory of: enough to keep several waits on memory
/// under way at once.
const AHEAD: usize = 8;

/// An open-addressing table (linear probing) of every record, by a hash of its id.
#[derive(Clone, Default)]
pub struct Ids {
    /// Per slot: the hash's high half (a fingerprint), and the record plus one (0: empty).
    slots: Vec<(u32, u32)>,
    /// Every record's id, one after another in record order, and where each ends: what a
    /// probe found is checked here, front to back, not in the records scattered over memory.
    text: String,
    ends: Vec<u32>,
    records: usize,
}

/// Only its size: the table is large.
impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ids")
            .field("records", &self.records)
            .field("slots", &self.slots.len())
            .finish()
    }
}

impl Ids {
    /// Every record of `dataset`, in record order: of records sharing an id, the first is
    /// found first, as the dataset's own map finds it.
    pub fn build(dataset: &Dataset) -> Ids {
        // Ids are read without making the records (a dataset from the index cache makes
        // them only when asked for).
        let count = dataset.len();
        // At least twice the records, so the runs of full slots stay short.
        let size = (count * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![(0u32, 0u32); size];
        let mut text = String::new();
        let mut ends = Vec::with_capacity(count);
        for record in 0..count {
            let id = dataset.id(record).unwrap_or_default();
            text.push_str(id);
            let (Ok(plus_one), Ok(end)) = (u32::try_from(record + 1), u32::try_from(text.len()))
            else {
                // Beyond 4 GiB of ids: the dataset's own map finds the rest.
                return Ids::default();
            };
            ends.push(end);
            let hash = XxHash3_64::oneshot(id.as_bytes());
            let mut at = hash as usize & mask;
            while slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = ((hash >> 32) as u32, plus_one);
        }
        Ids {
            slots,
            text,
            ends,
            records: count,
        }
    }

    /// The id of record `record`, as the table keeps it.
    fn id(&self, record: usize) -> Option<&str> {
        let end = *self.ends.get(record)? as usize;
        let start = match record.checked_sub(1) {
            Some(before) => *self.ends.get(before)? as usize,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// True when it was built from `records` records.
    pub fn covers(&self, records: usize) -> bool {
        self.records == records && self.ends.len() == records && !self.slots.is_empty()
    }

    /// The first record whose id's hash is `hash` (its high half, the fingerprint): the record
    /// with the id hashed, unless two ids' hashes agree ([`Ids::find_all`] checks).
    fn probe_hash(&self, hash: u64) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let fingerprint = (hash >> 32) as u32;
        let mut at = hash as usize & mask;
        // Every table has empty slots (twice the records), so the walk ends.
        for _ in 0..self.slots.len() {
            let (print, plus_one) = *self.slots.get(at)?;
            if plus_one == 0 {
                return None;
            }
            if print == fingerprint {
                return Some(plus_one as usize - 1);
            }
            at = (at + 1) & mask;
        }
        None
    }

    /// The record of each of `items`' ids, as [`Dataset::index_of`] finds it, with the item;
    /// items whose id no record has are left out. In record order.
    pub fn find_all<'a, T: Copy + Send + Sync>(
        &self,
        dataset: &Dataset,
        items: &[(&'a str, T)],
    ) -> Vec<(usize, &'a str, T)> {
        if u32::try_from(items.len()).is_err() {
            let mut found: Vec<(usize, &str, T)> = items
                .iter()
                .filter_map(|&(id, item)| Some((dataset.index_of(id)?, id, item)))
                .collect();
            found.sort_by_key(|&(record, _, _)| record);
            return found;
        }
        let keys = by_high_half(self.probe_all(items));
        self.check_all(dataset, items, &keys)
    }

    /// Each item's record as the table has it (u32::MAX for none) and its place among the
    /// items, as one number, the record in the high half; probed on every core (a miss in the
    /// table each).
    fn probe_all<T: Sync>(&self, items: &[(&str, T)]) -> Vec<u64> {
        use crate::model::parallel;
        let chunk = parallel::per_core(items.len(), 4096);
        parallel::map_chunks(items, chunk, |first, part| {
            // Each id's text, then its slot, is asked for some turns ahead: else each is a
            // wait on memory, one after the other.
            let mut hashes = Vec::with_capacity(part.len());
            for (i, &(id, _)) in part.iter().enumerate() {
                if let Some(&(ahead, _)) = part.get(i + AHEAD) {
                    prefetch(ahead.as_ptr());
                }
                hashes.push(XxHash3_64::oneshot(id.as_bytes()));
            }
            let mask = self.slots.len().saturating_sub(1);
            let slot = |hash: u64| self.slots.as_ptr().wrapping_add(hash as usize & mask);
            (0..part.len())
                .map(|i| {
                    if let Some(&ahead) = hashes.get(i + AHEAD) {
                        prefetch(slot(ahead).cast());
                    }
                    let record = hashes.get(i).and_then(|&hash| self.probe_hash(hash));
                    let record = record.and_then(|r| u32::try_from(r).ok());
                    (u64::from(record.unwrap_or(u32::MAX)) << 32) | (first + i) as u64
                })
                .collect::<Vec<u64>>()
        })
        .concat()
    }

    /// The items of `keys` ([`Ids::probe_all`], in record order) with their records, checked
    /// front to back: a record that lacks the id (two hashes agreed, or the id is no
    /// record's) is looked up in the dataset's own map instead. In record order.
    fn check_all<'a, T: Copy + Send + Sync>(
        &self,
        dataset: &Dataset,
        items: &[(&'a str, T)],
        keys: &[u64],
    ) -> Vec<(usize, &'a str, T)> {
        use crate::model::parallel;
        let item = |key: u64| items.get(key as u32 as usize);
        let chunk = parallel::per_core(keys.len(), 4096);
        let checked = parallel::map_chunks(keys, chunk, |_, part| {
            let mut fixed = false;
            let found: Vec<(usize, &str, T)> = part
                .iter()
                .enumerate()
                .filter_map(|(i, &key)| {
                    if let Some(&(ahead, _)) = part.get(i + AHEAD).and_then(|&k| item(k)) {
                        prefetch(ahead.as_ptr());
                    }
                    let &(id, item) = item(key)?;
                    let record = (key >> 32) as usize;
                    if self.id(record) == Some(id) {
                        return Some((record, id, item));
                    }
                    let record = dataset.index_of(id)?;
                    fixed = true;
                    Some((record, id, item))
                })
                .collect();
            (found, fixed)
        });
        let fixed = checked.iter().any(|(_, fixed)| *fixed);
        let mut all: Vec<(usize, &str, T)> =
            checked.into_iter().flat_map(|(found, _)| found).collect();
        if fixed {
            all.sort_by_key(|&(record, _, _)| record);
        }
        all
    }
}

/// `keys` in the order of their high halves, those with the same high half in the order they
/// came: a radix sort, a byte at a time, of the bytes where the keys differ (a hundred
/// thousand reviews' records, sorted as 40-byte entries, took a fifth of a reading).
fn by_high_half(mut keys: Vec<u64>) -> Vec<u64> {
    let mut spare = vec![0u64; keys.len()];
    for shift in [32u32, 40, 48, 56] {
        let digit = |key: u64| (key >> shift) as usize & 0xff;
        let mut counts = [0usize; 256];
        for &key in &keys {
            counts[digit(key)] += 1;
        }
        if counts.contains(&keys.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut at = 0;
        for (next, count) in next.iter_mut().zip(counts) {
            *next = at;
            at += count;
        }
        for &key in &keys {
            let place = &mut next[digit(key)];
            if let Some(spare) = spare.get_mut(*place) {
                *spare = key;
            }
            *place += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_found_as_the_dataset_finds_it() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let ids = Ids::build(&dataset);
        assert!(ids.covers(dataset.len()));
        let mut asked: Vec<(&str, usize)> = dataset
            .records()
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id(), i))
            .collect();
        asked.push(("no such record", usize::MAX));
        asked.reverse();
        let found = ids.find_all(&dataset, &asked);
        assert_eq!(found.len(), dataset.len(), "the unknown id is left out");
        for (record, id, _) in &found {
            assert_eq!(dataset.index_of(id), Some(*record), "{id}");
        }
        assert!(found.windows(2).all(|w| w[0].0 <= w[1].0), "record order");
    }

    #[test]
    fn keys_are_sorted_by_their_high_half_in_the_order_they_came() {
        // Records of all sizes (one byte to four, none: u32::MAX), low halves in order.
        let mut state = 7u64;
        let keys: Vec<u64> = (0..20_000u64)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let record = match i % 4 {
                    0 => state >> 56,
                    1 => state >> 44,
                    2 => state >> 33,
                    _ => u64::from(u32::MAX),
                };
                (record << 32) | i
            })
            .collect();
        let mut plain = keys.clone();
        plain.sort_by_key(|k| k >> 32);
        assert_eq!(by_high_half(keys), plain);
        assert_eq!(by_high_half(vec![5 << 32, 3 << 32]), [3 << 32, 5 << 32]);
        assert!(by_high_half(Vec::new()).is_empty());
    }

    #[test]
    fn a_table_whose_fingerprints_mislead_still_finds_the_right_record() {
        let dataset = crate::model::DataSource::Embedded.load().dataset;
        let mut ids = Ids::build(&dataset);
        // Each full slot names the next full slot's record: every probe finds its
        // fingerprint with the wrong record, and the check must put it right.
        let full: Vec<usize> = (0..ids.slots.len())
            .filter(|&i| ids.slots[i].1 != 0)
            .collect();
        let records: Vec<u32> = full.iter().map(|&i| ids.slots[i].1).collect();
        for (n, &i) in full.iter().enumerate() {
            ids.slots[i].1 = records[(n + 1) % records.len()];
        }
        let asked: Vec<(&str, ())> = dataset.records().iter().map(|r| (r.id(), ())).collect();
        let found = ids.find_all(&dataset, &asked);
        assert_eq!(found.len(), dataset.len());
        for (record, id, ()) in &found {
            assert_eq!(dataset.index_of(id), Some(*record), "{id}");
        }
    }
}
