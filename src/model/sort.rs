//! Orders of the list: by relevance, date, title, province or kind, either way. Each order is
//! worked out once when the data is indexed, as one rank per record, so sorting any selection
//! compares two numbers.

use std::cmp::Reverse;

use super::collate;
use super::describe::{self, Text};
use super::parallel;
use super::record::{Date, Kind, Record};

/// What the list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortBy {
    /// Best match first while searching; without a query, the data's own order.
    #[default]
    Relevance,
    /// Oldest first; undated records last either way.
    Date,
    /// Vietnamese collation.
    Title,
    /// The first province, in Vietnamese collation; records without one last.
    Province,
    Kind,
}

impl SortBy {
    pub const ALL: [SortBy; 5] = [
        SortBy::Relevance,
        SortBy::Date,
        SortBy::Title,
        SortBy::Province,
        SortBy::Kind,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortBy::Relevance => "relevance",
            SortBy::Date => "date",
            SortBy::Title => "title",
            SortBy::Province => "province",
            SortBy::Kind => "kind",
        }
    }

    pub fn named(name: &str) -> Option<SortBy> {
        SortBy::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A sort: the field and the direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sort {
    pub by: SortBy,
    pub descending: bool,
}

impl Sort {
    /// Parses `FIELD` or `FIELD:desc` (`FIELD:asc` too).
    pub fn parse(s: &str) -> Result<Sort, String> {
        let (name, dir) = s.split_once(':').unwrap_or((s, "asc"));
        let by = SortBy::named(&name.to_lowercase()).ok_or_else(|| {
            format!("no sort {name:?}: use relevance, date, title, province or kind, with :desc to reverse")
        })?;
        let descending = match dir.to_lowercase().as_str() {
            "asc" => false,
            "desc" => true,
            other => return Err(format!("no direction {other:?}: use :asc or :desc")),
        };
        Ok(Sort { by, descending })
    }
}

impl std::fmt::Display for Sort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.by.name())?;
        if self.descending {
            f.write_str(":desc")?;
        }
        Ok(())
    }
}

/// Each record's place when all are ordered newest first (undated last), then by title in
/// `text`: the search's tie-break of equal scores, all that typing needs of the orders (the
/// rest, [`Orders::build`], can wait).
pub fn newest_first(records: &[Record], text: Text) -> Vec<u32> {
    newest(records, &title_ranks(records, text))
}

/// Undated last, newest first, then the title's collation key.
type NewestKey = (bool, Reverse<Option<Date>>, Vec<u8>);

/// Puts `rows` in the order of [`newest_first`] in `text`, collating only their titles: the
/// tie-break of a run of equal scores when the orders are not made (a command's one search
/// would otherwise collate every record's title, a quarter of the JSON's size in keys).
/// `record` gives a row's record: only the rows' are made (of records read from the index
/// cache, making every one cost a warm search three times its time).
pub fn newest_first_among<'a>(
    record: impl Fn(usize) -> Option<&'a Record>,
    rows: &mut [usize],
    text: Text,
) {
    if rows.len() < 2 {
        return;
    }
    let mut keyed: Vec<(NewestKey, usize)> = rows
        .iter()
        .filter_map(|&r| {
            let record = record(r)?;
            let date = record.date();
            let title = collate::key(describe::title(record, text));
            Some(((date.is_none(), Reverse(date), title), r))
        })
        .collect();
    // Ties go by dataset order, as in `ranks`.
    keyed.sort_unstable();
    for (row, (_, r)) in rows.iter_mut().zip(keyed) {
        *row = r;
    }
}

/// Newest first (undated last), then by `title`'s ranks.
fn newest(records: &[Record], title: &[u32]) -> Vec<u32> {
    ranks(records.len(), |a, b| {
        let (da, db) = (records[a].date(), records[b].date());
        (da.is_none(), Reverse(da), title[a]).cmp(&(db.is_none(), Reverse(db), title[b]))
    })
}

/// Each record's place by its title in `text`, in Vietnamese collation. The collation keys
/// (each about three times its title) are made on every core and dropped once ranked, one
/// text at a time: at a million records they hold hundreds of megabytes.
fn title_ranks(records: &[Record], text: Text) -> Vec<u32> {
    let chunk = parallel::per_core(records.len(), 4096);
    let keys: Vec<Vec<u8>> = parallel::map_chunks(records, chunk, |_, part| {
        part.iter()
            .map(|r| collate::key(describe::title(r, text)))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    ranks(records.len(), |a, b| keys[a].cmp(&keys[b]))
}

/// Each record's first province as its place among every first province in Vietnamese
/// collation (provinces of equal keys share one); `None` for records without one. There are
/// few provinces, so only they are collated, not each record's.
fn province_places(records: &[Record]) -> Vec<Option<u32>> {
    let mut distinct: Vec<&str> = records
        .iter()
        .filter_map(|r| r.provinces().first().copied())
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    let mut keyed: Vec<(Vec<u8>, &str)> =
        distinct.drain(..).map(|p| (collate::key(p), p)).collect();
    keyed.sort_unstable();
    let mut place = std::collections::HashMap::with_capacity(keyed.len());
    let mut at = 0u32;
    for (i, (key, province)) in keyed.iter().enumerate() {
        if i > 0 && keyed[i - 1].0 != *key {
            at += 1;
        }
        place.insert(*province, at);
    }
    records
        .iter()
        .map(|r| r.provinces().first().and_then(|p| place.get(p).copied()))
        .collect()
}

/// Each record's place in each order. Orders that break ties by title keep one ranking per
/// text (`[original, English]`): in the English interface, records of the same date follow
/// their English titles.
#[derive(Clone, Debug, Default)]
pub struct Orders {
    date: [Vec<u32>; 2],
    title: [Vec<u32>; 2],
    province: [Vec<u32>; 2],
    kind: [Vec<u32>; 2],
    newest: [Vec<u32>; 2],
    /// Records with no value for the order (undated, no province): kept last either way.
    undated: Vec<bool>,
    no_province: Vec<bool>,
}

/// Which of an order's rankings serves `text`.
fn text_index(text: Text) -> usize {
    usize::from(text == Text::English)
}

impl Orders {
    pub fn build(records: &[Record]) -> Orders {
        let n = records.len();
        let title_vi = title_ranks(records, Text::Original);
        let title_en = title_ranks(records, Text::English);
        let provinces = province_places(records);
        let kind_place = |k: Kind| Kind::ALL.iter().position(|&x| x == k).unwrap_or(0);
        // The orders that break ties by title, for one text's title ranks.
        let by_title = |title: &[u32]| {
            let date = ranks(n, |a, b| {
                let (da, db) = (records[a].date(), records[b].date());
                (da.is_none(), da, title[a]).cmp(&(db.is_none(), db, title[b]))
            });
            let province = ranks(n, |a, b| {
                let (pa, pb) = (provinces[a], provinces[b]);
                (pa.is_none(), pa, title[a]).cmp(&(pb.is_none(), pb, title[b]))
            });
            let kind = ranks(n, |a, b| {
                (kind_place(records[a].kind()), title[a])
                    .cmp(&(kind_place(records[b].kind()), title[b]))
            });
            // Ties of relevance: newest first (undated last), then title.
            (date, province, kind, newest(records, title))
        };
        let (vi, en) = std::thread::scope(|s| {
            let en = s.spawn(|| by_title(&title_en));
            let vi = by_title(&title_vi);
            let empty = || (vec![0; n], vec![0; n], vec![0; n], vec![0; n]);
            (vi, en.join().unwrap_or_else(|_| empty()))
        });
        Orders {
            undated: records.iter().map(|r| r.date().is_none()).collect(),
            no_province: provinces.iter().map(Option::is_none).collect(),
            date: [vi.0, en.0],
            title: [title_vi, title_en],
            province: [vi.1, en.1],
            kind: [vi.2, en.2],
            newest: [vi.3, en.3],
        }
    }

    /// Its rankings, for the persistent cache: date, title, province, kind and newest, each
    /// for the original text then the English; then the records without a date, without a
    /// province.
    pub fn columns(&self) -> ([&[u32]; 10], &[bool], &[bool]) {
        let [d0, d1] = &self.date;
        let [t0, t1] = &self.title;
        let [p0, p1] = &self.province;
        let [k0, k1] = &self.kind;
        let [n0, n1] = &self.newest;
        (
            [d0, d1, t0, t1, p0, p1, k0, k1, n0, n1],
            &self.undated,
            &self.no_province,
        )
    }

    /// Orders of stored rankings ([`Orders::columns`]' order).
    pub fn from_columns(
        columns: [Vec<u32>; 10],
        undated: Vec<bool>,
        no_province: Vec<bool>,
    ) -> Orders {
        let [d0, d1, t0, t1, p0, p1, k0, k1, n0, n1] = columns;
        Orders {
            date: [d0, d1],
            title: [t0, t1],
            province: [p0, p1],
            kind: [k0, k1],
            newest: [n0, n1],
            undated,
            no_province,
        }
    }

    /// How many records every ranking covers; `None` when they differ.
    pub fn covered(&self) -> Option<usize> {
        let (columns, undated, no_province) = self.columns();
        let n = undated.len();
        (no_province.len() == n && columns.iter().all(|c| c.len() == n)).then_some(n)
    }

    /// Each record's place when all are ordered newest first, then by title (in `text`): how
    /// search breaks ties of score.
    pub fn newest_first(&self, text: Text) -> &[u32] {
        &self.newest[text_index(text)]
    }

    /// Sorts `rows` (in relevance order) by `sort`. Stable: equal records keep their order.
    /// Ties are broken by the titles in `text`.
    pub fn sort(&self, rows: &mut [usize], sort: Sort, text: Text) {
        let t = text_index(text);
        let (ranks, missing): (&[u32], Option<&[bool]>) = match sort.by {
            SortBy::Relevance => {
                if sort.descending {
                    rows.reverse();
                }
                return;
            }
            SortBy::Date => (&self.date[t], Some(&self.undated)),
            SortBy::Title => (&self.title[t], None),
            SortBy::Province => (&self.province[t], Some(&self.no_province)),
            SortBy::Kind => (&self.kind[t], None),
        };
        let rank = |r: usize| ranks.get(r).copied().unwrap_or(u32::MAX);
        let last = |r: usize| missing.is_some_and(|m| m.get(r).copied().unwrap_or(true));
        if sort.descending {
            rows.sort_by_key(|&r| (last(r), Reverse(rank(r))));
        } else {
            rows.sort_by_key(|&r| (last(r), rank(r)));
        }
    }
}

/// Each record's place when all are sorted by `cmp` (ties by dataset order).
fn ranks(n: usize, cmp: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<u32> {
    let mut order: Vec<usize> = (0..n).collect();
    // Ties go by dataset order, so the unstable sort gives one answer.
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    let mut rank = vec![0u32; n];
    for (place, record) in order.into_iter().enumerate() {
        rank[record] = place as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_parse_with_a_direction() {
        assert_eq!(
            Sort::parse("title:desc"),
            Ok(Sort {
                by: SortBy::Title,
                descending: true
            })
        );
        assert_eq!(Sort::parse("date").map(|s| s.by), Ok(SortBy::Date));
        assert!(Sort::parse("colour")
            .unwrap_err()
            .contains("relevance, date"));
        assert!(Sort::parse("date:up").is_err());
        assert_eq!(
            Sort::parse("province:desc").unwrap().to_string(),
            "province:desc"
        );
    }

    /// Meetings of a few provinces (one spelled two ways, one with none), some with English
    /// titles and some of one date.
    fn mixed() -> crate::model::Dataset {
        let json = r#"{"schema_version": 1, "trips": [{"id": "t", "title": "Chuyến đi"}],
            "meetings": [
              {"id": "a", "title": "Ăn", "province": "Đắk Lắk", "date": "2024-03-02",
               "en": {"title": "Zebra"}},
              {"id": "b", "title": "An", "province": "Dak Lak", "date": "2024-03-02"},
              {"id": "c", "title": "Bò", "province": "Kon Tum", "en": {"title": "Apple"}},
              {"id": "d", "title": "Bo", "date": "2024-03-02"},
              {"id": "e", "title": "Cá", "province": "Hà Nội", "date": "2023",
               "en": {"title": "Mango"}},
              {"id": "f", "title": "Ca", "province": "Ha Noi", "date": "2024-03-02"},
              {"id": "g", "title": "Đá", "province": "Kon Tum"}
            ]}"#;
        let file = crate::model::source::SourceFile {
            name: "mixed.json".into(),
            bytes: json.as_bytes().to_vec().into(),
        };
        let loaded = crate::model::dataset::load_sources(&[file], Vec::new());
        assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
        loaded.dataset
    }

    #[test]
    fn the_tie_break_made_alone_is_the_orders_own_in_both_texts() {
        let dataset = mixed();
        let records = dataset.records();
        let orders = Orders::build(records);
        for text in [Text::Original, Text::English] {
            assert_eq!(newest_first(records, text), orders.newest_first(text));
        }
        // The English titles change the order of records of one date.
        assert_ne!(
            orders.newest_first(Text::Original),
            orders.newest_first(Text::English)
        );
    }

    /// Rows put in order with only their titles collated are in the order of every record's
    /// rank, whichever rows are taken.
    #[test]
    fn rows_put_newest_first_alone_follow_the_orders() {
        let dataset = mixed();
        let records = dataset.records();
        let orders = Orders::build(records);
        let n = records.len();
        for text in [Text::Original, Text::English] {
            let rank = orders.newest_first(text);
            for take in [1, 2, 3, 5] {
                let mut rows: Vec<usize> = (0..n).rev().step_by(take).collect();
                let mut expected = rows.clone();
                expected.sort_by_key(|&r| rank[r]);
                newest_first_among(|r| records.get(r), &mut rows, text);
                assert_eq!(rows, expected, "{text:?}, every {take}");
            }
        }
    }

    /// Provinces placed once each give the order that collating every record's province
    /// gives: records without one last, ties by title.
    #[test]
    fn provinces_placed_once_order_as_every_record_collated() {
        let dataset = mixed();
        provinces_order_as_collated(&dataset);
        let records = dataset.records();
        let keys: Vec<Option<Vec<u8>>> = records
            .iter()
            .map(|r| r.provinces().first().map(|p| collate::key(p)))
            .collect();
        assert!(keys.iter().any(Option::is_none) && keys.iter().any(Option::is_some));
    }

    fn provinces_order_as_collated(dataset: &crate::model::Dataset) {
        let records = dataset.records();
        let orders = Orders::build(records);
        let title = title_ranks(records, Text::Original);
        let keys: Vec<Option<Vec<u8>>> = records
            .iter()
            .map(|r| r.provinces().first().map(|p| collate::key(p)))
            .collect();
        let expected = ranks(records.len(), |a, b| {
            (keys[a].is_none(), &keys[a], title[a]).cmp(&(keys[b].is_none(), &keys[b], title[b]))
        });
        assert_eq!(orders.province[0], expected);
    }
}
