//! What the list shows: facet values chosen, sort, and records kept by id when the data changes.

use super::*;

#[test]
fn the_facet_pane_chooses_values_and_the_counts_follow() {
    let mut s = state((120, 40));
    update(&mut s, Command::ToggleFacets);
    assert!(s.facets.open);
    assert_eq!(s.focus, Focus::Facets);
    assert_eq!(count_of(&s, "Đắk Lắk"), 3, "trip, meeting, experience");
    assert_eq!(count_of(&s, "Kon Tum"), 3);
    // Choose Đắk Lắk.
    s.facets.cursor = facet_row(&s, "Đắk Lắk");
    assert!(update(&mut s, Command::FacetToggle).redraw);
    assert_eq!(s.rows.len(), 3);
    assert_eq!(s.tab_counts()[0], (3, 6));
    // Kind counts are within Đắk Lắk; province counts within every other facet (none).
    assert_eq!(count_of(&s, "meeting"), 1);
    assert_eq!(count_of(&s, "Kon Tum"), 3);
    // And kind experience: only e-korea.
    s.facets.cursor = facet_row(&s, "experience");
    update(&mut s, Command::FacetToggle);
    assert_eq!(s.rows.len(), 1);
    assert_eq!(selected_id(&s), "e-korea");
    assert_eq!(count_of(&s, "Kon Tum"), 1, "experiences in Kon Tum");
    // A query changes the counts beside each province.
    update(&mut s, Command::OpenSearch);
    search(&mut s, "dau tam");
    update(&mut s, Command::SearchSubmit);
    assert!(s.rows.is_empty(), "no Đắk Lắk experience about dâu tằm");
    assert_eq!(count_of(&s, "Kon Tum"), 1);
    assert!(
        !findings::app::facets::rows(&s)
            .iter()
            .any(|r| matches!(r, FacetRow::Value { label, count: 0, chosen: false, .. } if label == "Gia Lai")),
        "values without records are left out unless chosen"
    );
    // c clears the facet under the cursor, C every filter.
    update(&mut s, Command::ToggleFacets);
    s.facets.cursor = facet_row(&s, "Đắk Lắk");
    update(&mut s, Command::FacetClear);
    assert_eq!(s.filters.chosen.len(), 1);
    assert!(update(&mut s, Command::FacetClearAll).redraw);
    assert!(s.filters.chosen.is_empty());
    assert!(
        !update(&mut s, Command::FacetClearAll).redraw,
        "nothing left to clear"
    );
    // f in the pane closes it.
    update(&mut s, Command::ToggleFacets);
    assert!(!s.facets.open);
    assert_eq!(s.focus, Focus::List);
}

#[test]
fn sort_cycles_and_reverses() {
    let mut s = state((80, 24));
    update(&mut s, Command::GoToTab(2));
    update(&mut s, Command::CycleSort); // date: no query, so relevance is skipped
    assert_eq!(s.filters.sort.by, SortBy::Date);
    update(&mut s, Command::CycleSort);
    assert_eq!(s.filters.sort.by, SortBy::Title);
    let ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id())
        .collect();
    assert_eq!(ids, ["m-dak-lak", "m-cjk"], "Latin before other scripts");
    update(&mut s, Command::ReverseSort);
    let ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id())
        .collect();
    assert_eq!(ids, ["m-cjk", "m-dak-lak"]);
}

/// A reload with records in another order keeps the same records selected, open and in the
/// history, by id.
#[test]
fn replacing_the_dataset_remaps_by_id() {
    let mut s = state((40, 12));
    update(&mut s, Command::Down); // m-dak-lak
    update(&mut s, Command::Open);
    update(&mut s, Command::NextLink);
    update(&mut s, Command::NextLink);
    update(&mut s, Command::Open); // e-korea, with m-dak-lak in the history
    assert_eq!(open_id(&s), "e-korea");
    let mut records: Vec<_> = s.dataset.records().to_vec();
    records.reverse();
    let dataset = Arc::new(findings::model::Dataset::new(records));
    let index = Arc::new(findings::model::search::Index::build(&dataset));
    s.replace_dataset(dataset, index);
    assert_eq!(open_id(&s), "e-korea");
    assert_eq!(
        s.dataset.get(s.history.back[0].record).unwrap().id(),
        "m-dak-lak"
    );
    update(&mut s, Command::Back);
    assert_eq!(open_id(&s), "m-dak-lak");
}

#[test]
fn a_click_in_the_facet_pane_toggles_the_value() {
    let mut s = state((120, 40));
    update(&mut s, Command::ToggleFacets);
    let area = s.areas().facets.unwrap();
    let row = facet_row(&s, "Kon Tum") as u16;
    let click = Event::Click {
        column: area.x + 2,
        row: area.y + row,
    };
    assert!(update(&mut s, click.clone()).redraw);
    assert_eq!(s.rows.len(), 3, "Kon Tum's records");
    update(&mut s, click);
    assert_eq!(s.rows.len(), 6, "dropped again");
}

/// A sort asked for while the sort orders are still being made (just after loading) never
/// waits for them: the list stays in the order of relevance and the status line says it is
/// being sorted; when they are made, the list is put in the order asked for.
#[test]
fn a_sort_asked_for_before_the_orders_are_made_waits_for_them_off_screen() {
    let done = state((80, 24));
    let (dataset, index) = (done.dataset.clone(), done.index.clone());
    // The same data, indexed as loading leaves it: no sort order made yet.
    let fresh = Arc::new(findings::model::search::Index::build(&dataset));
    assert!(!fresh.orders_made());
    let mut s = State::with_index(dataset.clone(), fresh.clone(), Lang::En, (80, 24));
    let relevance = s.rows.clone();
    update(&mut s, Command::CycleSort); // date
    update(&mut s, Command::CycleSort); // title
    assert_eq!(s.filters.sort.by, SortBy::Title);
    assert!(s.sort_pending);
    assert_eq!(s.rows, relevance, "listed as they were meanwhile");
    assert!(common::screen(&s).contains("sorting by title"));
    assert!(!fresh.orders_made(), "the screen did not make them");
    // The orders made in the background, then said.
    fresh.orders(&dataset);
    assert!(update(&mut s, Event::OrdersMade).redraw);
    assert!(!s.sort_pending);
    let mut sorted = State::with_index(dataset, index, Lang::En, (80, 24));
    update(&mut sorted, Command::CycleSort);
    update(&mut sorted, Command::CycleSort);
    assert_eq!(s.rows, sorted.rows);
    assert_ne!(s.rows, relevance, "the title order differs from the data's");
    assert!(common::screen(&s).contains("sorted by title"));
    // Said again, with nothing waiting: nothing to do.
    assert!(!update(&mut s, Event::OrdersMade).redraw);
}
