//! State transitions: build a state, apply actions, check where the user is.

mod common;

use std::sync::Arc;

use findings::app::action::Action;
use findings::app::effect::{Effect, Outcome};
use findings::app::facets::FacetRow;
use findings::app::search::Request;
use findings::app::state::{Focus, State};
use findings::app::update::update;
use findings::i18n::Lang;
use findings::model::sort::SortBy;

fn state(size: (u16, u16)) -> State {
    common::state("valid/wide.json", Lang::En, size)
}

fn selected_id(s: &State) -> &str {
    s.dataset.get(s.selected_record().unwrap()).unwrap().id()
}

fn open_id(s: &State) -> &str {
    s.dataset.get(s.page.record).unwrap().id()
}

#[test]
fn down_and_up_move_the_selection_within_bounds() {
    let mut s = state((80, 24));
    assert!(
        !update(&mut s, Action::Up).redraw,
        "Up at the top changes nothing"
    );
    assert!(update(&mut s, Action::Down).redraw);
    assert_eq!(selected_id(&s), "m-dak-lak");
    for _ in 0..10 {
        update(&mut s, Action::Down);
    }
    assert_eq!(selected_id(&s), "v-tea");
    assert!(update(&mut s, Action::Up).redraw);
    assert_eq!(selected_id(&s), "e-emoji");
}

#[test]
fn top_bottom_and_pages() {
    let mut s = state((40, 12));
    update(&mut s, Action::Bottom);
    assert_eq!(s.selected, 5);
    update(&mut s, Action::Top);
    assert_eq!(s.selected, 0);
    // The list shows 8 rows at 40x12: a page moves by 8, half a page by 4.
    update(&mut s, Action::HalfPageDown);
    assert_eq!(s.selected, 4);
    update(&mut s, Action::HalfPageUp);
    assert_eq!(s.selected, 0);
    update(&mut s, Action::PageDown);
    assert_eq!(s.selected, 5);
    update(&mut s, Action::PageUp);
    assert_eq!(s.selected, 0);
}

#[test]
fn the_list_scrolls_to_keep_the_selection_visible() {
    let mut s = state((40, 12));
    update(&mut s, Action::Bottom);
    assert_eq!(s.list_offset, 0, "6 rows fit in 8");
    let mut s = common::state("valid/wide.json", Lang::En, (40, 12));
    s.rows = (0..6).cycle().take(20).collect();
    update(&mut s, Action::Bottom);
    assert_eq!(s.selected, 19);
    assert_eq!(s.list_offset, 12, "the last row is drawn last");
    update(&mut s, Action::Top);
    assert_eq!(s.list_offset, 0);
    let mut small = state((40, 12));
    // Shrink below the minimum and back: nothing breaks, the selection stays.
    update(&mut small, Action::Down);
    update(&mut small, Action::Resize(10, 3));
    update(&mut small, Action::Resize(40, 12));
    assert_eq!(selected_id(&small), "m-dak-lak");
}

#[test]
fn tabs_cycle_and_jump_keeping_the_record_when_listed() {
    let mut s = state((80, 24));
    update(&mut s, Action::Down); // m-dak-lak
    update(&mut s, Action::GoToTab(2)); // Meetings
    assert_eq!(s.tab, 2);
    assert_eq!(s.rows.len(), 2);
    assert_eq!(selected_id(&s), "m-dak-lak");
    update(&mut s, Action::NextTab);
    assert_eq!(s.tab, 3);
    assert_eq!(selected_id(&s), "e-korea");
    update(&mut s, Action::NextTab);
    update(&mut s, Action::NextTab);
    assert_eq!(s.tab, 0, "Tab wraps around");
    update(&mut s, Action::PrevTab);
    assert_eq!(s.tab, 4);
    assert!(!update(&mut s, Action::GoToTab(9)).redraw, "no such tab");
}

#[test]
fn open_follow_back_and_forward_like_a_browser() {
    let mut s = state((80, 24));
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    assert_eq!(s.focus, Focus::Detail);
    assert_eq!(open_id(&s), "m-dak-lak");
    // Enter with no link chosen selects the first; Tab moves on.
    update(&mut s, Action::Open);
    assert_eq!(s.page.link, Some(0));
    update(&mut s, Action::NextLink);
    assert_eq!(s.page.link, Some(1));
    update(&mut s, Action::Open);
    assert_eq!(open_id(&s), "e-korea");
    assert_eq!(s.history.back.len(), 1);
    update(&mut s, Action::Back);
    assert_eq!(open_id(&s), "m-dak-lak");
    assert_eq!(s.page.link, Some(1), "the page comes back as it was left");
    update(&mut s, Action::Forward);
    assert_eq!(open_id(&s), "e-korea");
    update(&mut s, Action::Back);
    update(&mut s, Action::Back);
    assert_eq!(
        s.focus,
        Focus::List,
        "back from the first page returns to the list"
    );
    assert_eq!(selected_id(&s), "m-dak-lak");
}

#[test]
fn following_a_link_clears_the_forward_history() {
    let mut s = state((80, 24));
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    update(&mut s, Action::NextLink); // trip
    update(&mut s, Action::Open);
    update(&mut s, Action::Back);
    assert_eq!(s.history.forward.len(), 1);
    update(&mut s, Action::NextLink); // experience
    update(&mut s, Action::Open);
    assert!(s.history.forward.is_empty());
    assert_eq!(open_id(&s), "e-korea");
}

#[test]
fn links_wrap_around_both_ways() {
    let mut s = state((80, 24));
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    update(&mut s, Action::PrevLink);
    assert_eq!(
        s.page.link,
        Some(1),
        "Shift-Tab from nothing picks the last link"
    );
    update(&mut s, Action::NextLink);
    assert_eq!(s.page.link, Some(0));
}

#[test]
fn close_returns_to_the_list_on_the_record_shown() {
    let mut s = state((80, 24));
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    update(&mut s, Action::NextLink);
    update(&mut s, Action::NextLink);
    update(&mut s, Action::Open); // e-korea
    update(&mut s, Action::Close);
    assert_eq!(s.focus, Focus::List);
    assert_eq!(selected_id(&s), "e-korea");
    assert!(s.history.back.is_empty());
}

#[test]
fn the_detail_scrolls_within_its_content() {
    let mut s = state((40, 12));
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    update(&mut s, Action::Down);
    assert_eq!(s.page.scroll, 1);
    update(&mut s, Action::Bottom);
    let bottom = s.page.scroll;
    assert!(
        bottom > 5,
        "the meeting is longer than 9 lines at 40 columns"
    );
    assert!(
        !update(&mut s, Action::Down).redraw,
        "no scrolling past the end"
    );
    update(&mut s, Action::PageUp);
    assert_eq!(s.page.scroll, bottom - 9);
    update(&mut s, Action::Top);
    assert_eq!(s.page.scroll, 0);
    update(&mut s, Action::HalfPageDown);
    assert_eq!(s.page.scroll, 4);
    update(&mut s, Action::HalfPageUp);
    update(&mut s, Action::PageDown);
    assert_eq!(s.page.scroll, 9.min(bottom));
    // Selecting a link scrolls it into view: from the bottom, the first link is above.
    update(&mut s, Action::Bottom);
    update(&mut s, Action::NextLink);
    let content = s.detail_layout(s.page.record, 38);
    let first_link = content.link_lines[0];
    assert!(first_link < bottom, "the links stand above the long texts");
    assert_eq!(
        s.page.scroll, first_link,
        "scrolled up just enough to show it"
    );
}

#[test]
fn help_toggles_scrolls_and_closes() {
    let mut s = state((80, 24));
    update(&mut s, Action::ToggleHelp);
    assert!(s.help);
    update(&mut s, Action::Down);
    assert_eq!(s.help_scroll, 1);
    update(&mut s, Action::Up);
    update(&mut s, Action::Up);
    assert_eq!(s.help_scroll, 0);
    assert!(!update(&mut s, Action::GoToTab(3)).redraw || s.tab == 3);
    update(&mut s, Action::Close);
    assert!(!s.help);
    update(&mut s, Action::ToggleHelp);
    update(&mut s, Action::ToggleHelp);
    assert!(!s.help);
}

#[test]
fn quit_is_an_effect() {
    let mut s = state((80, 24));
    let outcome = update(&mut s, Action::Quit);
    assert_eq!(outcome.effects, [Effect::Quit]);
    assert!(outcome.quits());
    // On the search line, q is typed, not a quit.
    update(&mut s, Action::OpenSearch);
    let typed = update(&mut s, Action::SearchChar('q'));
    assert!(!typed.quits());
}

#[test]
fn resize_records_the_size_and_keeps_scroll_in_range() {
    let mut s = state((40, 12));
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    update(&mut s, Action::Bottom);
    update(&mut s, Action::Resize(120, 40));
    assert_eq!(s.size, (120, 40));
    assert_eq!(s.page.scroll, 0, "everything fits at 120x40");
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_it_and_click_selects() {
    let mut s = state((80, 24));
    // Rows start at y=2 (tabs, column titles); click the fourth record.
    update(&mut s, Action::Click { column: 10, row: 5 });
    assert_eq!(selected_id(&s), "e-korea");
    update(
        &mut s,
        Action::Scroll {
            column: 10,
            row: 5,
            lines: -3,
        },
    );
    assert_eq!(s.selected, 0);
    update(
        &mut s,
        Action::Scroll {
            column: 10,
            row: 5,
            lines: 3,
        },
    );
    assert_eq!(s.selected, 3);
    // A click on a tab switches to it.
    let meetings_tab_x = " All 6  Trips 1  ".len() as u16 + 2;
    update(
        &mut s,
        Action::Click {
            column: meetings_tab_x,
            row: 0,
        },
    );
    assert_eq!(s.tab, 2);
    // A click below the last row does nothing.
    assert!(
        !update(
            &mut s,
            Action::Click {
                column: 10,
                row: 20
            }
        )
        .redraw
    );
}

/// The search an outcome asks for.
fn search_of(outcome: &Outcome) -> Option<Request> {
    outcome.effects.iter().find_map(|e| match e {
        Effect::Search(r) => Some(r.clone()),
        _ => None,
    })
}

/// Runs a search as the runtime does and applies its results; whether they were drawn.
fn run(s: &mut State, request: Request) -> bool {
    common::run_search(s, request)
}

/// Types `text` on the search line; the last search it asked for.
fn type_text(s: &mut State, text: &str) -> Option<Request> {
    let mut last = None;
    for c in text.chars() {
        let outcome = update(s, Action::SearchChar(c));
        if let Some(r) = search_of(&outcome) {
            last = Some(r);
        }
    }
    last
}

/// Types `text` and runs the search it asks for.
fn search(s: &mut State, text: &str) {
    let request = type_text(s, text).expect("a search was asked for");
    run(s, request);
}

#[test]
fn typing_asks_for_a_search_and_results_narrow_the_list() {
    let mut s = state((80, 24));
    update(&mut s, Action::OpenSearch);
    assert!(s.search.editing);
    // On the search line, letters are typed, not taken as commands.
    let request = type_text(&mut s, "quoc han").expect("a search");
    assert_eq!(s.search.input, "quoc han");
    assert_eq!(s.tab, 0);
    assert_eq!(
        s.rows.len(),
        6,
        "the list keeps the old rows until results arrive"
    );
    assert!(run(&mut s, request));
    assert_eq!(s.rows.len(), 2);
    assert_eq!(
        selected_id(&s),
        "e-korea",
        "Hàn Quốc in its title beats the meeting's summary"
    );
    assert_eq!(s.tab_counts()[0], (2, 6));
    assert_eq!(s.tab_counts()[2], (1, 2));
}

#[test]
fn stale_results_are_dropped() {
    let mut s = state((80, 24));
    update(&mut s, Action::OpenSearch);
    let old = type_text(&mut s, "tea").unwrap();
    type_text(&mut s, "x");
    assert!(!run(&mut s, old), "stale results are not drawn");
    assert_eq!(s.rows.len(), 6);
}

#[test]
fn a_longer_query_only_rechecks_the_previous_matches() {
    let mut s = state((80, 24));
    update(&mut s, Action::OpenSearch);
    let request = type_text(&mut s, "dak").unwrap();
    assert_eq!(request.candidates, None);
    run(&mut s, request);
    let first = s.rows.len();
    let request = type_text(&mut s, " l").unwrap();
    let candidates = request.candidates.clone().expect("narrowed");
    assert_eq!(candidates.len(), first);
    run(&mut s, request);
    assert!(s.rows.len() <= first);
}

#[test]
fn editing_keys_on_the_search_line() {
    let mut s = state((80, 24));
    update(&mut s, Action::OpenSearch);
    type_text(&mut s, "dak lak han");
    update(&mut s, Action::SearchBackspace);
    assert_eq!(s.search.input, "dak lak ha");
    update(&mut s, Action::SearchDeleteWord);
    assert_eq!(s.search.input, "dak lak ");
    let cleared = update(&mut s, Action::SearchClearLine);
    assert_eq!(s.search.input, "");
    assert!(
        search_of(&cleared).is_none(),
        "an empty query needs no search"
    );
    assert!(s.search.results.is_none());
}

#[test]
fn enter_keeps_the_query_esc_clears_it() {
    let mut s = state((80, 24));
    update(&mut s, Action::OpenSearch);
    search(&mut s, "htx");
    let submitted = update(&mut s, Action::SearchSubmit);
    assert!(!s.search.editing);
    assert_eq!(s.focus, Focus::List);
    assert_eq!(s.rows.len(), 1);
    assert_eq!(
        submitted.effects,
        [Effect::SaveHistory("htx".into())],
        "the query goes to the history file"
    );
    assert_eq!(s.search.history, ["htx"]);
    // Esc in the list clears the search in force.
    update(&mut s, Action::ClearSearch);
    assert!(!s.search.active());
    assert_eq!(s.rows.len(), 6);
    // Esc on the line clears and closes it.
    update(&mut s, Action::OpenSearch);
    type_text(&mut s, "tea");
    update(&mut s, Action::SearchCancel);
    assert!(!s.search.editing && s.search.input.is_empty() && s.search.results.is_none());
}

#[test]
fn history_recalls_earlier_queries() {
    let mut s = state((80, 24));
    s.search.history = vec!["dak lak".into(), "htx".into()];
    update(&mut s, Action::OpenSearch);
    update(&mut s, Action::HistoryBack);
    assert_eq!(s.search.input, "htx");
    update(&mut s, Action::HistoryBack);
    assert_eq!(s.search.input, "dak lak");
    update(&mut s, Action::HistoryBack);
    assert_eq!(s.search.input, "dak lak", "stays at the oldest");
    update(&mut s, Action::HistoryForward);
    assert_eq!(s.search.input, "htx");
    let last = update(&mut s, Action::HistoryForward);
    assert_eq!(s.search.input, "", "past the newest: an empty line");
    assert!(search_of(&last).is_none());
}

#[test]
fn opening_a_record_scrolls_to_the_first_match_and_n_moves_on() {
    let mut s = state((40, 12));
    update(&mut s, Action::OpenSearch);
    search(&mut s, "vay");
    update(&mut s, Action::SearchSubmit);
    assert_eq!(selected_id(&s), "e-korea");
    update(&mut s, Action::Open);
    let content = s.detail_layout(s.page.record, 38);
    assert_eq!(
        content.match_lines.len(),
        2,
        "summary and a lesson say 'vay'"
    );
    let max = content.lines.len() - 9;
    let first = (content.match_lines[0] - 1).min(max);
    assert_eq!(
        s.page.scroll, first,
        "first match one line below the top, or the end"
    );
    assert!(s.page.scroll > 0);
    update(&mut s, Action::Top);
    update(&mut s, Action::NextMatch);
    assert_eq!(s.page.scroll, first);
    update(&mut s, Action::PrevMatch);
    assert_eq!(s.page.scroll, first, "no match above the first: it stays");
}

/// A search whose result has no hits, or the same number of hits in another order, is drawn:
/// no hand-kept snapshot decides it.
#[test]
fn every_current_result_is_drawn_even_empty_or_same_count() {
    let mut s = state((80, 24));
    update(&mut s, Action::OpenSearch);
    let request = type_text(&mut s, "zzqx").unwrap();
    assert!(run(&mut s, request), "nothing matched: drawn at once");
    assert!(s.rows.is_empty());
    assert_eq!(s.tab_counts()[0], (0, 6));
    assert!(s.counts.per_value.iter().all(|v| v.iter().all(|&n| n == 0)));
    // Two queries with one hit each, different records: the second is drawn too.
    update(&mut s, Action::SearchClearLine);
    search(&mut s, "tham");
    let first = s.rows.clone();
    assert_eq!(first.len(), 1);
    update(&mut s, Action::SearchClearLine);
    let request = type_text(&mut s, "dau tam").unwrap();
    assert!(run(&mut s, request));
    assert_eq!(s.rows.len(), first.len());
    assert_ne!(s.rows, first);
}

fn facet_row(s: &State, label: &str) -> usize {
    findings::app::facets::rows(s)
        .iter()
        .position(|r| matches!(r, FacetRow::Value { label: l, .. } if l == label))
        .unwrap_or_else(|| panic!("no facet value {label}"))
}

fn count_of(s: &State, label: &str) -> u32 {
    match &findings::app::facets::rows(s)[facet_row(s, label)] {
        FacetRow::Value { count, .. } => *count,
        _ => unreachable!(),
    }
}

#[test]
fn the_facet_pane_chooses_values_and_the_counts_follow() {
    let mut s = state((120, 40));
    update(&mut s, Action::ToggleFacets);
    assert!(s.facets.open);
    assert_eq!(s.focus, Focus::Facets);
    assert_eq!(count_of(&s, "Đắk Lắk"), 3, "trip, meeting, experience");
    assert_eq!(count_of(&s, "Kon Tum"), 3);
    // Choose Đắk Lắk.
    s.facets.cursor = facet_row(&s, "Đắk Lắk");
    assert!(update(&mut s, Action::FacetToggle).redraw);
    assert_eq!(s.rows.len(), 3);
    assert_eq!(s.tab_counts()[0], (3, 6));
    // Kind counts are within Đắk Lắk; province counts within every other facet (none).
    assert_eq!(count_of(&s, "meeting"), 1);
    assert_eq!(count_of(&s, "Kon Tum"), 3);
    // And kind experience: only e-korea.
    s.facets.cursor = facet_row(&s, "experience");
    update(&mut s, Action::FacetToggle);
    assert_eq!(s.rows.len(), 1);
    assert_eq!(selected_id(&s), "e-korea");
    assert_eq!(count_of(&s, "Kon Tum"), 1, "experiences in Kon Tum");
    // A query changes the counts beside each province.
    update(&mut s, Action::OpenSearch);
    search(&mut s, "dau tam");
    update(&mut s, Action::SearchSubmit);
    assert!(s.rows.is_empty(), "no Đắk Lắk experience about dâu tằm");
    assert_eq!(count_of(&s, "Kon Tum"), 1);
    assert!(
        !findings::app::facets::rows(&s)
            .iter()
            .any(|r| matches!(r, FacetRow::Value { label, count: 0, chosen: false, .. } if label == "Gia Lai")),
        "values without records are left out unless chosen"
    );
    // c clears the facet under the cursor, C every filter.
    update(&mut s, Action::ToggleFacets);
    s.facets.cursor = facet_row(&s, "Đắk Lắk");
    update(&mut s, Action::FacetClear);
    assert_eq!(s.filters.chosen.len(), 1);
    assert!(update(&mut s, Action::FacetClearAll).redraw);
    assert!(s.filters.chosen.is_empty());
    assert!(
        !update(&mut s, Action::FacetClearAll).redraw,
        "nothing left to clear"
    );
    // f in the pane closes it.
    update(&mut s, Action::ToggleFacets);
    assert!(!s.facets.open);
    assert_eq!(s.focus, Focus::List);
}

#[test]
fn sort_cycles_and_reverses() {
    let mut s = state((80, 24));
    update(&mut s, Action::GoToTab(2));
    update(&mut s, Action::CycleSort); // date: no query, so relevance is skipped
    assert_eq!(s.filters.sort.by, SortBy::Date);
    update(&mut s, Action::CycleSort);
    assert_eq!(s.filters.sort.by, SortBy::Title);
    let ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id())
        .collect();
    assert_eq!(ids, ["m-dak-lak", "m-cjk"], "Latin before other scripts");
    update(&mut s, Action::ReverseSort);
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
    update(&mut s, Action::Down); // m-dak-lak
    update(&mut s, Action::Open);
    update(&mut s, Action::NextLink);
    update(&mut s, Action::NextLink);
    update(&mut s, Action::Open); // e-korea, with m-dak-lak in the history
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
    update(&mut s, Action::Back);
    assert_eq!(open_id(&s), "m-dak-lak");
}

#[test]
fn a_click_in_the_facet_pane_toggles_the_value() {
    let mut s = state((120, 40));
    update(&mut s, Action::ToggleFacets);
    let area = s.areas().facets.unwrap();
    let row = facet_row(&s, "Kon Tum") as u16;
    let click = Action::Click {
        column: area.x + 2,
        row: area.y + row,
    };
    assert!(update(&mut s, click.clone()).redraw);
    assert_eq!(s.rows.len(), 3, "Kon Tum's records");
    update(&mut s, click);
    assert_eq!(s.rows.len(), 6, "dropped again");
}

fn loaded(s: &mut State, marks: &[(&str, findings::model::review::Status, bool)]) {
    let mut all = std::collections::HashMap::new();
    for (id, status, starred) in marks {
        all.insert(
            id.to_string(),
            findings::model::review::Review {
                status: Some(*status),
                set_by: Some("lan".into()),
                set_at: Some("2026-11-30T01:02:03.456Z".into()),
                starred: *starred,
                notes: Vec::new(),
            },
        );
    }
    let action = Action::reviews_loaded(&s.dataset, all);
    assert!(update(s, action).redraw);
}

#[test]
fn review_keys_ask_the_store_and_show_what_it_committed() {
    use findings::app::review::{progress, Change};
    use findings::model::review::Status;
    let mut s = state((80, 24));
    update(&mut s, Action::Down); // m-dak-lak
    let outcome = update(&mut s, Action::Mark(Status::ToApply));
    assert_eq!(
        outcome.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Mark(Status::ToApply)
        }]
    );
    assert!(!outcome.redraw, "nothing shows until the store has it");
    let star = update(&mut s, Action::ToggleStar);
    assert_eq!(
        star.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Star(true)
        }]
    );
    loaded(&mut s, &[("m-dak-lak", Status::ToApply, true)]);
    assert_eq!(s.review.status("m-dak-lak"), Status::ToApply);
    assert_eq!(progress(&s), (1, 6));
    // Starred now: the key unstars.
    let unstar = update(&mut s, Action::ToggleStar);
    assert_eq!(
        unstar.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Star(false)
        }]
    );
    // The detail shows the status, who set it and when.
    update(&mut s, Action::Open);
    let layout = s.detail_layout(s.page.record, 78);
    let text: Vec<String> = layout.lines.iter().map(|l| l.text()).collect();
    assert!(
        text.iter()
            .any(|l| l.contains("Review: to apply — lan, 2026-11-30 01:02 · ★ starred")),
        "{text:#?}"
    );
}

#[test]
fn next_unreviewed_skips_what_is_done_and_the_gauge_fills() {
    use findings::app::review::progress;
    use findings::model::review::Status;
    let mut s = state((80, 24));
    loaded(
        &mut s,
        &[
            ("m-dak-lak", Status::Reviewed, false),
            ("m-cjk", Status::NotApplicable, false),
        ],
    );
    // From the trip (row 0), the next unreviewed skips the two meetings.
    update(&mut s, Action::NextUnreviewed);
    assert_eq!(selected_id(&s), "e-korea");
    update(&mut s, Action::PrevUnreviewed);
    assert_eq!(selected_id(&s), "trip-wide");
    let ids: Vec<String> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id().to_owned())
        .collect();
    let all: Vec<(&str, Status, bool)> = ids
        .iter()
        .map(|id| (id.as_str(), Status::Reviewed, false))
        .collect();
    loaded(&mut s, &all);
    assert_eq!(progress(&s), (6, 6), "every record reviewed: 100%");
    assert!(!update(&mut s, Action::NextUnreviewed).redraw, "none left");
}

#[test]
fn the_note_editor_takes_every_key_and_asks_before_dropping_text() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use findings::app::keymap;
    use findings::app::review::Change;
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let mut s = state((80, 24));
    update(&mut s, Action::Down); // m-dak-lak
    update(&mut s, Action::OpenNoteEditor);
    assert!(s.editor.is_some());
    // Letters that are commands elsewhere (q, a, j) are typed.
    for c in "qajđắk".chars() {
        let action = keymap::action_for(s.reach(), &key(c)).unwrap();
        assert_eq!(action, Action::EditorKey(key(c)));
        update(&mut s, action);
    }
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let newline = keymap::action_for(s.reach(), &enter).unwrap();
    update(&mut s, newline);
    update(&mut s, Action::EditorKey(key('x')));
    assert_eq!(s.editor.as_ref().unwrap().text(), "qajđắk\nx");
    // Esc with text asks; Esc again goes back to writing.
    update(&mut s, Action::CloseEditor);
    assert!(s.editor.as_ref().unwrap().confirming);
    update(&mut s, Action::ResumeNote);
    assert!(!s.editor.as_ref().unwrap().confirming);
    // Ctrl-s saves: the store is asked to add the note, the editor closes.
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        keymap::action_for(s.reach(), &esc),
        Some(Action::CloseEditor)
    );
    let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let saving = keymap::action_for(s.reach(), &save).unwrap();
    let outcome = update(&mut s, saving);
    assert_eq!(
        outcome.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Note("qajđắk\nx".into())
        }]
    );
    assert!(s.editor.is_none());
    // An empty editor closes at once on Esc, with nothing to save.
    update(&mut s, Action::OpenNoteEditor);
    let outcome = update(&mut s, Action::CloseEditor);
    assert!(s.editor.is_none() && outcome.effects.is_empty());
    // d discards after asking.
    update(&mut s, Action::OpenNoteEditor);
    update(&mut s, Action::EditorKey(key('z')));
    update(&mut s, Action::CloseEditor);
    let outcome = update(&mut s, Action::DiscardNote);
    assert!(s.editor.is_none() && outcome.effects.is_empty());
}

#[test]
fn review_status_star_notes_and_author_are_facets() {
    use findings::model::review::{Note, Review, Status};
    let mut s = state((120, 40));
    let mut all = std::collections::HashMap::new();
    let review = |status, by: &str, starred, notes: &[&str]| Review {
        status: Some(status),
        set_by: Some(by.into()),
        set_at: Some("2026-11-30T01:02:03.456Z".into()),
        starred,
        notes: notes
            .iter()
            .enumerate()
            .map(|(i, author)| Note {
                id: i as i64,
                record: String::new(),
                author: author.to_string(),
                created: "2026-11-30T01:02:03.456Z".into(),
                edited: None,
                text: "…".into(),
            })
            .collect(),
    };
    all.insert(
        "m-dak-lak".to_string(),
        review(Status::ToApply, "lan", true, &["minh"]),
    );
    all.insert(
        "e-korea".to_string(),
        review(Status::ToApply, "minh", false, &[]),
    );
    all.insert(
        "v-tea".to_string(),
        review(Status::Reviewed, "lan", false, &[]),
    );
    let action = Action::reviews_loaded(&s.dataset, all);
    update(&mut s, action);
    update(&mut s, Action::ToggleFacets);
    assert_eq!(count_of(&s, "to apply"), 2);
    assert_eq!(count_of(&s, "unreviewed"), 3);
    assert_eq!(count_of(&s, "★ starred"), 1);
    assert_eq!(count_of(&s, "has notes"), 1);
    assert_eq!(count_of(&s, "lan"), 2);
    assert_eq!(
        count_of(&s, "minh"),
        2,
        "set a status once, wrote a note once"
    );
    s.facets.cursor = facet_row(&s, "to apply");
    update(&mut s, Action::FacetToggle);
    let mut ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id())
        .collect();
    ids.sort();
    assert_eq!(ids, ["e-korea", "m-dak-lak"]);
    assert_eq!(count_of(&s, "minh"), 2);
    s.facets.cursor = facet_row(&s, "lan");
    update(&mut s, Action::FacetToggle);
    let ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id())
        .collect();
    assert_eq!(ids, ["m-dak-lak"]);
}

#[test]
fn shift_i_changes_my_latest_note_and_keeps_others_notes_alone() {
    use findings::app::review::Change;
    use findings::model::review::{Note, Review, Status};
    let mut s = state((80, 24));
    s.review.user = "lan".into();
    let note = |id, author: &str, text: &str| Note {
        id,
        record: "m-dak-lak".into(),
        author: author.into(),
        created: "2026-11-30T01:02:03.456Z".into(),
        edited: None,
        text: text.into(),
    };
    let mut all = std::collections::HashMap::new();
    all.insert(
        "m-dak-lak".to_string(),
        Review {
            status: Some(Status::Reviewed),
            notes: vec![
                note(1, "lan", "old"),
                note(2, "minh", "not mine"),
                note(3, "lan", "dòng một\ndòng hai"),
            ],
            ..Default::default()
        },
    );
    let action = Action::reviews_loaded(&s.dataset, all);
    update(&mut s, action);
    update(&mut s, Action::Down); // m-dak-lak
    update(&mut s, Action::EditNote);
    let editor = s.editor.as_ref().unwrap();
    assert_eq!(editor.note, Some(3));
    assert_eq!(editor.text(), "dòng một\ndòng hai");
    update(
        &mut s,
        Action::EditorKey(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('!'),
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    let saved = update(&mut s, Action::SaveNote);
    assert_eq!(
        saved.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::EditNote(3, "dòng một\ndòng hai!".into())
        }]
    );
    // On a record with none of my notes, a new note.
    update(&mut s, Action::Down);
    update(&mut s, Action::EditNote);
    assert_eq!(s.editor.as_ref().unwrap().note, None);
}

#[test]
fn y_copies_a_citation_and_says_so_until_the_next_key() {
    use base64::Engine;
    let mut s = state((80, 24));
    update(&mut s, Action::Down); // m-dak-lak
    let outcome = update(&mut s, Action::CopyCitation);
    let [Effect::Copy(seq)] = outcome.effects.as_slice() else {
        panic!("{:?}", outcome.effects)
    };
    let payload = seq
        .trim_start_matches("\x1b]52;c;")
        .trim_end_matches('\x07');
    let text = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(
        text,
        "Làm việc với Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk — Đắk Lắk, \
         Chuyến học tập kinh nghiệm tại Tây Nguyên 🌄, m-dak-lak",
        "title — places, trip, id"
    );
    assert_eq!(
        s.notice,
        Some(findings::app::state::Notice::Said(
            findings::i18n::Msg::Copied
        ))
    );
    update(&mut s, Action::Down);
    assert_eq!(s.notice, None);
    let md = update(&mut s, Action::CopyMarkdown);
    assert!(matches!(md.effects.as_slice(), [Effect::Copy(_)]));
}

#[test]
fn e_picks_a_format_then_a_file_and_asks_before_replacing() {
    use findings::app::dialog::{Ask, Dialog, Pick};
    use findings::app::effect::ExportProblem;
    use findings::export::ExportFormat;
    let mut s = state((80, 24));
    update(&mut s, Action::GoToTab(2)); // the meetings
    let listed = s.rows.clone();
    update(&mut s, Action::Export);
    assert!(matches!(
        s.dialog,
        Some(Dialog::Pick {
            pick: Pick::Format,
            selected: 0
        })
    ));
    // Keys go to the dialog: j moves in it, not in the list.
    update(&mut s, Action::DialogChar('j'));
    assert_eq!(s.selected, 0);
    update(&mut s, Action::DialogConfirm);
    let Some(Dialog::Prompt { ask, input }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert_eq!(*ask, Ask::ExportFile(ExportFormat::Csv));
    assert_eq!(input, "findings.csv", "the offered name");
    update(&mut s, Action::DialogBackspace);
    update(&mut s, Action::DialogBackspace);
    update(&mut s, Action::DialogBackspace);
    update(&mut s, Action::DialogChar('t'));
    update(&mut s, Action::DialogChar('s'));
    update(&mut s, Action::DialogChar('v'));
    let outcome = update(&mut s, Action::DialogConfirm);
    let [Effect::Export(job)] = outcome.effects.as_slice() else {
        panic!("{:?}", outcome.effects)
    };
    assert_eq!(job.path, std::path::PathBuf::from("findings.tsv"));
    assert_eq!(job.format, ExportFormat::Csv);
    assert_eq!(job.rows, listed, "exactly what the list shows");
    assert!(!job.replace);
    assert!(s.dialog.is_none());
    // The file was there: asked, and only `y` replaces it.
    update(
        &mut s,
        Action::Exported(Err(ExportProblem::Exists(job.clone()))),
    );
    assert!(matches!(s.dialog, Some(Dialog::Overwrite { .. })));
    let kept = update(&mut s, Action::DialogChar('n'));
    assert!(kept.effects.is_empty() && s.dialog.is_none());
    update(
        &mut s,
        Action::Exported(Err(ExportProblem::Exists(job.clone()))),
    );
    let replaced = update(&mut s, Action::DialogChar('y'));
    let [Effect::Export(again)] = replaced.effects.as_slice() else {
        panic!("{:?}", replaced.effects)
    };
    assert!(again.replace);
    assert_eq!(again.rows, listed);
    update(
        &mut s,
        Action::Exported(Ok((listed.len(), "findings.tsv".into()))),
    );
    let notice = format!("{:?}", s.notice);
    assert!(notice.contains("findings.tsv"), "{notice}");
    // Esc closes a dialog without doing anything.
    update(&mut s, Action::SaveView);
    let cancelled = update(&mut s, Action::DialogCancel);
    assert!(cancelled.effects.is_empty() && s.dialog.is_none());
}

#[test]
fn p_shows_what_y_and_capital_y_copy_in_a_popup() {
    use findings::app::dialog::Dialog;
    let mut s = state((80, 24));
    update(&mut s, Action::Down); // m-dak-lak
    update(&mut s, Action::ShowCopy);
    let Some(Dialog::Text { text, .. }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert!(
        text.starts_with("Làm việc với Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk — Đắk Lắk"),
        "{text}"
    );
    assert!(
        text.contains("- id: `m-dak-lak`"),
        "the Markdown too: {text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    update(&mut s, Action::DialogChar('q'));
    assert!(s.dialog.is_none());
}

#[test]
fn a_question_leaves_its_question_words_out_until_strict() {
    let mut s = state((100, 30));
    update(&mut s, Action::OpenSearch);
    let request = type_text(&mut s, "what did dak lak say").unwrap();
    run(&mut s, request);
    assert_eq!(s.search.query.left_out(), ["what", "did", "say"]);
    let loose = s.rows.len();
    assert!(loose > 0);
    let outcome = update(&mut s, Action::ToggleStrict);
    let request = search_of(&outcome).expect("searched again");
    assert!(request.selection.query.strict);
    run(&mut s, request);
    assert!(s.search.query.left_out().is_empty());
    assert!(s.rows.len() < loose, "every word must match now");
    let outcome = update(&mut s, Action::ToggleStrict);
    run(&mut s, search_of(&outcome).unwrap());
    assert_eq!(s.rows.len(), loose);
}

#[test]
fn the_split_between_list_and_detail_moves_with_keys() {
    let mut s = state((120, 40));
    let width = |s: &State| s.areas().list.unwrap().width;
    let start = width(&s);
    assert!(update(&mut s, Action::WidenList).redraw);
    assert!(width(&s) > start);
    for _ in 0..20 {
        update(&mut s, Action::WidenList);
    }
    let widest = width(&s);
    assert!(
        !update(&mut s, Action::WidenList).redraw,
        "at the end of its range"
    );
    assert_eq!(width(&s), widest);
    for _ in 0..30 {
        update(&mut s, Action::NarrowList);
    }
    assert!(width(&s) < start);
    assert!(s.areas().detail.unwrap().width > widest - 10);
    // Dragged with the mouse: press on the line between the panes, move, let go.
    let line = s.areas().separator.unwrap();
    update(
        &mut s,
        Action::Click {
            column: line.x,
            row: line.y + 3,
        },
    );
    assert!(s.dragging);
    let before = width(&s);
    assert!(
        update(
            &mut s,
            Action::Drag {
                column: line.x + 30
            }
        )
        .redraw
    );
    assert!(width(&s) >= before + 25, "{} -> {}", before, width(&s));
    update(&mut s, Action::Release);
    assert!(
        !update(&mut s, Action::Drag { column: line.x }).redraw,
        "let go: no more drag"
    );
}

/// The stats view on the embedded data: the four Central Highlands provinces on the map, and
/// every count follows the query in force.
#[test]
fn the_stats_view_maps_the_provinces_and_follows_the_query() {
    let dataset = std::sync::Arc::new(findings::model::DataSource::Embedded.load().dataset);
    let mut s = State::new(dataset, Lang::En, (120, 40));
    update(&mut s, Action::ToggleStats);
    assert_eq!(s.reach(), &[findings::app::keymap::Context::Stats]);
    let screen = common::screen(&s);
    for p in ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"] {
        assert!(screen.contains(p), "{p}:\n{screen}");
    }
    assert!(
        screen
            .chars()
            .any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)),
        "the map is drawn in Braille:\n{screen}"
    );
    assert!(screen.contains("14 records"), "{screen}");
    let all = findings::app::stats::of(&s);
    assert_eq!(all.total, 14);
    assert_eq!(all.provinces.len(), 4);
    assert_eq!(all.trips.len(), 1);
    // The query narrows every count.
    update(&mut s, Action::ToggleStats);
    update(&mut s, Action::OpenSearch);
    let request = type_text(&mut s, "han quoc").unwrap();
    run(&mut s, request);
    let some = findings::app::stats::of(&s);
    assert!(some.total < all.total && some.total == s.rows.len());
    let counted: usize = some.kinds.iter().map(|(_, n)| n).sum();
    assert_eq!(counted, some.total);
    // ASCII: the same map in dots and letters.
    update(&mut s, Action::SearchCancel);
    update(&mut s, Action::ToggleStats);
    let backend = ratatui::backend::TestBackend::new(120, 40);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = findings::ui::theme::Theme::pick(Default::default(), true, true);
    terminal
        .draw(|frame| findings::ui::view(frame, &s, &theme))
        .unwrap();
    let cells: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol().to_owned())
        .collect();
    assert!(!cells
        .chars()
        .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c)));
    assert!(cells.contains('O') || cells.contains('o'));
}

/// Data loaded behind the screen: the gauge goes, the list fills, and what the load warned
/// about is said and kept for `D`.
#[test]
fn data_loaded_behind_the_screen_fills_the_list_and_keeps_its_warnings() {
    use findings::app::action::Data;
    let mut s = State::new(Arc::new(Default::default()), Lang::En, (100, 30));
    s.loading = Some(0);
    update(&mut s, Action::LoadStep(2));
    assert_eq!(s.loading, Some(2));
    let dataset = Arc::new(findings::model::DataSource::Embedded.load().dataset);
    let index = Arc::new(findings::model::search::Index::build(&dataset));
    let outcome = update(
        &mut s,
        Action::Reloaded(Data {
            dataset,
            index,
            warnings: vec!["data.json:3:5: warning: an unknown field".into()],
            changes: Default::default(),
        }),
    );
    assert!(outcome.redraw);
    assert_eq!(s.loading, None);
    assert_eq!(s.rows.len(), 14);
    let notice = format!("{:?}", s.notice);
    assert!(notice.contains("14 records; 1 warnings"), "{notice}");
    update(&mut s, Action::ShowReloadProblems);
    let Some(findings::app::dialog::Dialog::Text { text, .. }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert!(text.contains("unknown field"));
    // Errors instead: the TUI ends with them.
    let mut s = State::new(Arc::new(Default::default()), Lang::En, (100, 30));
    s.loading = Some(1);
    let outcome = update(
        &mut s,
        Action::ReloadFailed(vec!["bad.json:1:2: error".into()]),
    );
    assert_eq!(
        outcome.failure(),
        Some(&vec!["bad.json:1:2: error".to_owned()])
    );
}
