//! What the list shows, as one value: facet counts, filters that mean the same on the command
//! line and in the query, sorting in Vietnamese order.

mod common;

use std::sync::atomic::AtomicBool;

use findings::model::facets::Facet;
use findings::model::search::{parse, Index};
use findings::model::selection::{self, Selection};
use findings::model::sort::{Sort, SortBy};
use findings::model::{DataSource, Dataset, Kind};

fn embedded() -> (Dataset, Index) {
    let d = DataSource::Embedded.load().dataset;
    let i = Index::build(&d);
    (d, i)
}

fn shown(d: &Dataset, i: &Index, s: &Selection) -> selection::Shown {
    selection::run(d, i, s, None, &AtomicBool::new(false))
        .expect("not cancelled")
        .1
}

fn count(i: &Index, shown: &selection::Shown, facet: Facet, label: &str) -> u32 {
    let id = i
        .facets()
        .values(facet)
        .iter()
        .position(|v| v.label == label)
        .unwrap_or_else(|| panic!("no {facet:?} value {label}"));
    shown.counts.of(facet, id as u32)
}

fn ids(d: &Dataset, shown: &selection::Shown) -> Vec<String> {
    shown
        .rows
        .iter()
        .map(|&r| d.get(r).unwrap().id().to_owned())
        .collect()
}

/// Counted by hand from the article's data: 14 records; the trip and the three experiences
/// heard at every meeting are in all four provinces.
#[test]
fn facet_counts_match_a_hand_count() {
    let (d, i) = embedded();
    let all = shown(&d, &i, &Selection::default());
    assert_eq!(all.rows.len(), 14);
    assert_eq!(all.tabs, [14, 1, 4, 7, 2]);
    for province in ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"] {
        // trip + meeting + 3 shared experiences + (Korea programme or a visit)
        assert_eq!(count(&i, &all, Facet::Province, province), 6, "{province}");
    }
    assert_eq!(count(&i, &all, Facet::Kind, "experience"), 7);
    assert_eq!(count(&i, &all, Facet::Topic, "Tuyên truyền"), 5);
    assert_eq!(count(&i, &all, Facet::Product, "chè sạch"), 1);
    assert_eq!(
        count(&i, &all, Facet::Year, "2024"),
        1,
        "only the trip is dated"
    );
}

/// Đắk Lắk and kind experience: only the Korea programme and what Đắk Lắk shared. Each
/// facet's counts are within the other facets' choices.
#[test]
fn choosing_values_filters_and_counts_within_the_other_facets() {
    let (d, i) = embedded();
    let mut s = Selection::default();
    s.toggle(Facet::Province, "Đắk Lắk");
    s.toggle(Facet::Kind, "experience");
    let got = shown(&d, &i, &s);
    let mut rows = ids(&d, &got);
    rows.sort();
    assert_eq!(
        rows,
        [
            "exp-chinh-sach-dac-thu",
            "exp-han-quoc",
            "exp-tiem-nang-the-manh",
            "exp-tuyen-truyen-dong-thuan"
        ]
    );
    // Provinces among experiences; kinds among Đắk Lắk's records.
    assert_eq!(count(&i, &got, Facet::Province, "Đắk Nông"), 4);
    assert_eq!(count(&i, &got, Facet::Province, "Kon Tum"), 3);
    assert_eq!(count(&i, &got, Facet::Kind, "meeting"), 1);
    assert_eq!(count(&i, &got, Facet::Kind, "trip"), 1);
    assert_eq!(count(&i, &got, Facet::Kind, "experience"), 4);
    // Two values of one facet: either.
    s.toggle(Facet::Province, "dak-nong");
    assert_eq!(shown(&d, &i, &s).rows.len(), 4);
    s.toggle(Facet::Kind, "meeting");
    assert_eq!(shown(&d, &i, &s).rows.len(), 6);
    // A query changes the counts beside each province.
    let mut s = Selection::default();
    s.toggle(Facet::Province, "Đắk Lắk");
    s.toggle(Facet::Kind, "experience");
    s.query = parse("chinh sach");
    let narrowed = shown(&d, &i, &s);
    assert_eq!(ids(&d, &narrowed), ["exp-chinh-sach-dac-thu"]);
    assert_eq!(count(&i, &narrowed, Facet::Province, "Kon Tum"), 1);
    assert_eq!(count(&i, &narrowed, Facet::Province, "Đắk Nông"), 1);
}

#[test]
fn nothing_matched_gives_zero_counts() {
    let (d, i) = embedded();
    let s = Selection {
        query: parse("zzqx"),
        ..Default::default()
    };
    let got = shown(&d, &i, &s);
    assert!(got.rows.is_empty());
    assert_eq!(got.tabs, [0; 5]);
    assert!(got
        .counts
        .per_value
        .iter()
        .all(|v| v.iter().all(|&n| n == 0)));
}

#[test]
fn the_tab_filters_rows_and_counts_but_not_the_kind_counts() {
    let (d, i) = embedded();
    let s = Selection {
        kind: Some(Kind::Visit),
        ..Default::default()
    };
    let got = shown(&d, &i, &s);
    assert_eq!(got.rows.len(), 2);
    assert_eq!(count(&i, &got, Facet::Province, "Gia Lai"), 1);
    assert_eq!(count(&i, &got, Facet::Kind, "experience"), 7);
    assert_eq!(got.tabs, [14, 1, 4, 7, 2]);
}

#[test]
fn sorting_by_title_is_vietnamese_order_and_reversible() {
    let (d, i) = embedded();
    let mut s = Selection {
        kind: Some(Kind::Meeting),
        sort: Sort {
            by: SortBy::Title,
            descending: false,
        },
        ..Default::default()
    };
    let titles = |s: &Selection| -> Vec<String> {
        shown(&d, &i, s)
            .rows
            .iter()
            .map(|&r| {
                d.get(r)
                    .unwrap()
                    .title()
                    .rsplit("tỉnh ")
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(titles(&s), ["Đắk Lắk", "Đắk Nông", "Gia Lai", "Kon Tum"]);
    s.sort.descending = true;
    assert_eq!(titles(&s), ["Kon Tum", "Gia Lai", "Đắk Nông", "Đắk Lắk"]);
}

/// In the English interface, records of the same date (the undated experiences) follow their
/// English titles, sorted by date and in a search's ties alike.
#[test]
fn in_english_ties_follow_the_english_titles() {
    use findings::model::collate;
    use findings::model::describe::{self, Text};
    let (d, i) = embedded();
    let english_order = |s: &Selection| {
        let rows = shown(&d, &i, s).rows;
        let undated: Vec<usize> = rows
            .into_iter()
            .filter(|&r| d.get(r).unwrap().date().is_none())
            .collect();
        assert!(undated.len() >= 3, "{undated:?}");
        let keys: Vec<Vec<u8>> = undated
            .iter()
            .map(|&r| collate::key(describe::title(d.get(r).unwrap(), Text::English)))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        // The English titles sort differently from the Vietnamese ones here, so the test
        // tells the two apart.
        let vietnamese: Vec<Vec<u8>> = undated
            .iter()
            .map(|&r| collate::key(describe::title(d.get(r).unwrap(), Text::Original)))
            .collect();
        (keys == sorted, vietnamese.is_sorted())
    };
    let by_date = Selection {
        kind: Some(Kind::Experience),
        sort: Sort {
            by: SortBy::Date,
            descending: false,
        },
        text: Text::English,
        ..Default::default()
    };
    assert_eq!(english_order(&by_date), (true, false), "sorted by date");
    let ties = Selection {
        query: parse("kind:experience"),
        text: Text::English,
        ..Default::default()
    };
    assert_eq!(english_order(&ties), (true, false), "ties of relevance");
}

fn cli_ids(args: &[&str]) -> Vec<String> {
    let out = common::findings()
        .arg("search")
        .args(args)
        .args(["--format", "json", "--limit", "0"])
        .output()
        .unwrap();
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    v.iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The command line's flags and the query language's filters are one thing.
#[test]
fn flags_and_query_filters_return_the_same_records() {
    let cases: &[(&[&str], &str)] = &[
        (&["--province", "dak-lak"], "province:dak-lak"),
        (&["--province", "Đắk Lắk"], "province:dak-lak"),
        (&["--province", "ĐẮK LẮK"], "province:\"đắk lắk\""),
        (
            &["--kind", "meeting", "--kind", "visit"],
            "kind:meeting kind:visit",
        ),
        (&["--tag", "chè"], "tag:che"),
        (&["--topic", "tuyen truyen"], "topic:tuyen-truyen"),
        (&["--product", "dâu tằm"], "product:dau-tam"),
        (&["--trip", "ninh-thuan"], "trip:ninh-thuan"),
        (
            &["--province", "kon-tum", "--kind", "visit"],
            "province:kon-tum kind:visit",
        ),
        (
            &["--province", "gia-lai", "--province", "dak-nong"],
            "province:gia-lai province:dak-nong",
        ),
    ];
    for (flags, query) in cases {
        let by_flags = cli_ids(flags);
        assert!(!by_flags.is_empty(), "{flags:?} found nothing");
        assert_eq!(by_flags, cli_ids(&[query]), "{flags:?} vs {query}");
    }
    assert_eq!(cli_ids(&["--kind", "meeting", "--kind", "visit"]).len(), 6);
    assert_eq!(
        cli_ids(&["--product", "che sach"]),
        ["visit-che-sach-dong-truong-son"]
    );
}

#[test]
fn search_sorts_titles_in_vietnamese_order_on_the_command_line() {
    let out = common::findings()
        .args([
            "search", "--kind", "meeting", "--sort", "title", "--limit", "0",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(
        ids,
        [
            "meeting-dak-lak",
            "meeting-dak-nong",
            "meeting-gia-lai",
            "meeting-kon-tum"
        ]
    );
}

#[test]
fn facets_json_has_every_facet_with_hand_counted_values() {
    let out = common::findings()
        .args(["facets", "--province", "dak-lak", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "province",
            "kind",
            "topic",
            "tag",
            "product",
            "trip",
            "programme",
            "year"
        ]
    );
    // Đắk Lắk's records: the trip, its meeting, the three shared experiences, the Korea
    // programme.
    assert_eq!(v["province"]["Đắk Lắk"], 6);
    assert_eq!(v["province"]["Đắk Nông"], 5);
    assert_eq!(v["province"]["Kon Tum"], 4);
    assert_eq!(v["kind"]["experience"], 4);
    assert_eq!(v["kind"]["meeting"], 1);
    assert_eq!(v["kind"]["trip"], 1);
    assert!(v["kind"].get("visit").is_none());
}

/// Enough records that `select` counts them on several threads: the counts, tabs and rows are
/// those of one pass (an empty query's `run` counts every record in one run), reviews included.
#[test]
fn counting_on_every_core_gives_the_counts_of_one_pass() {
    use findings::model::facets::ReviewFacets;
    use findings::model::review::{Review, Status};
    use findings::model::search::Hit;
    let files = findings::gen::source_files(40_000, 7);
    let d = findings::model::dataset::load_sources(&files, Vec::new()).dataset;
    let i = Index::build(&d);
    let mut reviews = std::collections::HashMap::new();
    for (n, r) in d.records().iter().enumerate().step_by(7) {
        reviews.insert(
            r.id().to_owned(),
            Review {
                status: Some([Status::Reviewed, Status::ToApply][n % 2]),
                set_by: Some(["lan", "minh", "hoa"][n % 3].into()),
                set_at: None,
                starred: n % 5 == 0,
                notes: Vec::new(),
            },
        );
    }
    let mut s = Selection {
        reviews: Some(std::sync::Arc::new(ReviewFacets::build(&d, &reviews))),
        ..Selection::default()
    };
    s.toggle(Facet::Province, "Đắk Lắk");
    s.toggle(Facet::Status, "to-apply");
    let all: Vec<Hit> = (0..d.len()).map(|r| Hit::new(r, 0.0)).collect();
    let parallel = selection::select(&d, &i, &s, &all);
    let one_pass = shown(&d, &i, &s);
    assert!(parallel.tabs[0] > 10, "{:?}", parallel.tabs);
    assert_eq!(parallel, one_pass);
}
