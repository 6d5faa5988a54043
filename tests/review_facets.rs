//! The review facets of generated data with many reviews (enough to be read on several
//! cores): what `ReviewFacets::build` and `build_indexed` make is what the reviews say, record
//! by record, worked out here the plain way; and the list that opens on every record (its
//! rows and counts, from the facets' totals) is the one a search of nothing lists.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use findings::model::dataset::load_sources;
use findings::model::facets::{Facet, ReviewFacets, FACETS};
use findings::model::review::{Note, Review, Status};
use findings::model::search::{Hit, Index};
use findings::model::selection::{self, Selection};
use findings::model::sort::{Sort, SortBy};
use findings::model::Dataset;

fn generated(records: usize) -> Dataset {
    let files = findings::gen::source_files(records, 11);
    load_sources(&files, Vec::new()).dataset
}

fn note(author: &str) -> Note {
    Note {
        id: 1,
        record: String::new(),
        author: author.to_owned(),
        created: "2026-01-01T00:00:00Z".into(),
        edited: None,
        text: "ghi chú".into(),
    }
}

/// Every third record reviewed, in every way: each status (unreviewed too), starred or not,
/// notes (by the one who set the status, by others, the same author twice), no author at all,
/// and forty authors (more than are looked for one by one); some reviews of no record.
fn reviews(dataset: &Dataset) -> HashMap<String, Review> {
    let author = |n: usize| format!("author {}", n % 40);
    let mut reviews = HashMap::new();
    for (i, r) in dataset.records().iter().enumerate().step_by(3) {
        let k = i / 3;
        let notes = match k % 5 {
            0 => vec![note(&author(k)), note(&author(k + 7)), note(&author(k + 7))],
            1 => vec![note(&author(k * 3))],
            _ => Vec::new(),
        };
        reviews.insert(
            r.id().to_owned(),
            Review {
                status: [
                    None,
                    Some(Status::Unreviewed),
                    Some(Status::Reviewed),
                    Some(Status::ToApply),
                    Some(Status::NotApplicable),
                ][k % 5],
                set_by: (k % 11 != 0).then(|| author(k * 7)),
                set_at: None,
                starred: k % 4 == 0,
                notes,
            },
        );
    }
    for n in 0..500 {
        let review = Review {
            status: Some(Status::ToApply),
            set_by: Some(format!("only here {n}")),
            starred: true,
            notes: vec![note("nobody")],
            ..Review::default()
        };
        reviews.insert(format!("no such record {n}"), review);
    }
    reviews
}

/// The facets' values of every record, the plain way: each review's record by the dataset's
/// own map, the authors numbered as met record after record.
fn plainly(
    dataset: &Dataset,
    reviews: &HashMap<String, Review>,
) -> (Vec<String>, Vec<Vec<(u8, u32)>>) {
    let mut of_record: Vec<Option<&Review>> = vec![None; dataset.len()];
    for (id, review) in reviews {
        if let Some(record) = dataset.index_of(id) {
            of_record[record] = Some(review);
        }
    }
    let mut authors: Vec<String> = Vec::new();
    let mut values = Vec::new();
    for review in of_record {
        let Some(review) = review else {
            values.push(vec![(Facet::Status as u8, 0)]);
            continue;
        };
        let status = Status::ALL
            .iter()
            .position(|&s| s == review.status())
            .unwrap();
        let mut own = vec![(Facet::Status as u8, status as u32)];
        if review.starred {
            own.push((Facet::Starred as u8, 0));
        }
        if !review.notes.is_empty() {
            own.push((Facet::Notes as u8, 0));
        }
        let names = review
            .set_by
            .iter()
            .chain(review.notes.iter().map(|n| &n.author));
        for name in names {
            let id = match authors.iter().position(|a| a == name) {
                Some(id) => id,
                None => {
                    authors.push(name.clone());
                    authors.len() - 1
                }
            };
            let item = (Facet::Author as u8, id as u32);
            if !own.contains(&item) {
                own.push(item);
            }
        }
        values.push(own);
    }
    (authors, values)
}

#[test]
fn review_facets_are_what_the_reviews_say_record_by_record() {
    let dataset = generated(30_000);
    let index = Index::build(&dataset);
    let reviews = reviews(&dataset);
    let (authors, values) = plainly(&dataset, &reviews);
    assert_eq!(
        authors.len(),
        40,
        "every author, none of the reviews of no record"
    );
    let built = ReviewFacets::build(&dataset, &reviews);
    let indexed = ReviewFacets::build_indexed(&dataset, &index, &reviews);
    for facets in [&built, &indexed] {
        let names: Vec<&str> = facets.authors.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(names, authors);
        for (record, plain) in values.iter().enumerate() {
            let mut got = Vec::new();
            facets.extend(record, &mut got);
            assert_eq!(&got, plain, "record {record}");
            let (status, others) = facets.of(record);
            assert_eq!([&[status][..], others].concat(), got);
            assert_eq!(facets.status(record), Status::ALL[status.1 as usize]);
        }
        // Past the records: unreviewed, nothing else.
        assert_eq!(
            facets.of(dataset.len()),
            ((Facet::Status as u8, 0), &[][..])
        );
        // Counted from the totals, or record by record when asked for other records: what
        // adding up each record's values gives.
        for records in [dataset.len(), dataset.len() - 5, dataset.len() + 3, 0] {
            let mut counts: [Vec<u32>; FACETS] = Default::default();
            counts[Facet::Status.index()] = vec![0; Status::ALL.len()];
            counts[Facet::Starred.index()] = vec![0];
            counts[Facet::Notes.index()] = vec![0];
            counts[Facet::Author.index()] = vec![0; authors.len()];
            let mut plain_counts = counts.clone();
            facets.count(records, &mut counts);
            for record in 0..records {
                let own = values.get(record).cloned();
                for (f, id) in own.unwrap_or_else(|| vec![(Facet::Status as u8, 0)]) {
                    plain_counts[f as usize][id as usize] += 1;
                }
            }
            assert_eq!(counts, plain_counts, "{records} records");
        }
    }
}

#[test]
fn the_list_of_every_record_with_reviews_is_the_one_a_search_of_nothing_lists() {
    let dataset = generated(20_000);
    let index = Index::build(&dataset);
    let reviews = reviews(&dataset);
    let facets = Arc::new(ReviewFacets::build_indexed(&dataset, &index, &reviews));
    let all: Vec<Hit> = (0..dataset.len()).map(|r| Hit::new(r, 0.0)).collect();
    let never = AtomicBool::new(false);
    for by in [SortBy::Relevance, SortBy::Date] {
        for descending in [false, true] {
            let selection = Selection {
                reviews: Some(facets.clone()),
                sort: Sort { by, descending },
                ..Selection::default()
            };
            let (_, searched) =
                selection::run(&dataset, &index, &selection, None, &never).expect("not cancelled");
            let selected = selection::select(&dataset, &index, &selection, &all);
            assert_eq!(selected, searched, "{by:?}, descending {descending}");
            assert_eq!(selected.rows.len(), dataset.len());
            let status = &selected.counts.per_value[Facet::Status.index()];
            assert!(status.iter().all(|&n| n > 0), "{status:?}");
        }
    }
}
