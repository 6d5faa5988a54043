//! A search of many matches shows its first screen with only the lead in order, then the rest
//! of its rows in order (`SearchOrdered`); what goes past the lead before then puts them in
//! order at once.

use std::sync::atomic::AtomicBool;

use super::*;
use findings::model::selection::{self, Shown};

/// A state over generated records (many match `chinh`), in Vietnamese, 80x24.
fn many() -> State {
    let file = findings::model::source::SourceFile {
        name: "generated.json".into(),
        bytes: serde_json::to_vec(&findings::gen::dataset(10_000, 7, ""))
            .unwrap()
            .into(),
    };
    let dataset = findings::model::dataset::load_sources(&[file], Vec::new()).dataset;
    State::new(Arc::new(dataset), Lang::Vi, (80, 24))
}

/// Types `chinh` and runs its search in two steps by hand: the first screen (a lead of 250)
/// is taken in; returns the rest's report, and the list ranking every match gives.
fn first_screen_of_chinh(s: &mut State) -> (Event, Shown) {
    update(s, Command::OpenSearch);
    let request = type_text(s, "chinh").expect("a search");
    let never = AtomicBool::new(false);
    let (dataset, index) = (s.dataset.clone(), s.index.clone());
    let asked = &request.selection;
    let (hits, first) =
        selection::first_screen(&dataset, &index, asked, None, &never, 250).unwrap();
    let full = selection::run(&dataset, &index, asked, None, &never)
        .unwrap()
        .1;
    assert!(!first.is_complete(), "only a lead in order");
    let (ordered, rest) =
        selection::complete(&dataset, &index, asked, hits.clone(), &first, &never).unwrap();
    assert_eq!(rest, full);
    let done = Event::SearchDone {
        generation: request.generation,
        hits: Arc::new(hits),
        shown: Arc::new(first),
        selection: Arc::new(asked.clone()),
    };
    assert!(update(s, done).redraw);
    let rest = Event::SearchOrdered {
        generation: request.generation,
        hits: Arc::new(ordered),
        shown: Arc::new(rest),
        selection: Arc::new(asked.clone()),
    };
    (rest, full)
}

#[test]
fn the_rest_of_the_rows_arrives_in_order_keeping_the_selection_and_the_scroll() {
    let mut s = many();
    let (rest, full) = first_screen_of_chinh(&mut s);
    assert!(!s.rows_complete());
    assert_eq!(s.rows.len(), full.rows.len());
    assert_eq!(s.rows[..s.ordered()], full.rows[..s.ordered()]);
    update(&mut s, Command::SearchSubmit);
    for _ in 0..25 {
        update(&mut s, Command::Down);
    }
    assert!(!s.rows_complete(), "still within the lead");
    let (record, offset) = (s.selected_record(), s.list_offset);
    assert!(offset > 0);
    assert!(update(&mut s, rest).redraw);
    assert!(s.rows_complete());
    assert_eq!(s.rows, full.rows);
    assert_eq!((s.selected_record(), s.list_offset), (record, offset));
}

#[test]
fn going_past_the_lead_before_the_rest_arrives_puts_the_rows_in_order() {
    for (n, command) in [Command::Bottom, Command::PageDown, Command::ToggleStats]
        .into_iter()
        .enumerate()
    {
        let mut s = many();
        let (rest, full) = first_screen_of_chinh(&mut s);
        update(&mut s, Command::SearchSubmit);
        // Past the lead: the last row (G), pages down until past it, the stats of every row.
        let lead = s.ordered();
        let mut pressed = 0;
        while !s.rows_complete() && pressed < [1, 1000, 1][n] {
            update(&mut s, command);
            pressed += 1;
        }
        assert!(s.rows_complete(), "{command:?}");
        if command == Command::PageDown {
            let seen = s.list_offset + s.areas().list.unwrap().height as usize;
            assert!(seen.max(s.list_offset + 200) > lead, "only past the lead");
            assert!(pressed > 1);
        }
        assert_eq!(s.rows, full.rows, "{command:?}");
        if command == Command::Bottom {
            assert_eq!(s.selected_record(), full.rows.last().copied());
        }
        // The rest arriving after changes nothing.
        let before = (s.rows.clone(), s.selected, s.list_offset);
        update(&mut s, rest);
        assert_eq!((s.rows.clone(), s.selected, s.list_offset), before);
    }
}
