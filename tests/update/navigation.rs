//! Moving around: the list, tabs, the detail and its links, help, quitting, resizing, the mouse.

use super::*;

#[test]
fn down_and_up_move_the_selection_within_bounds() {
    let mut s = state((80, 24));
    assert!(
        !update(&mut s, Command::Up).redraw,
        "Up at the top changes nothing"
    );
    assert!(update(&mut s, Command::Down).redraw);
    assert_eq!(selected_id(&s), "m-dak-lak");
    for _ in 0..10 {
        update(&mut s, Command::Down);
    }
    assert_eq!(selected_id(&s), "v-tea");
    assert!(update(&mut s, Command::Up).redraw);
    assert_eq!(selected_id(&s), "e-emoji");
}

#[test]
fn top_bottom_and_pages() {
    let mut s = state((40, 12));
    update(&mut s, Command::Bottom);
    assert_eq!(s.selected, 5);
    update(&mut s, Command::Top);
    assert_eq!(s.selected, 0);
    // The list shows 8 rows at 40x12: a page moves by 8, half a page by 4.
    update(&mut s, Command::HalfPageDown);
    assert_eq!(s.selected, 4);
    update(&mut s, Command::HalfPageUp);
    assert_eq!(s.selected, 0);
    update(&mut s, Command::PageDown);
    assert_eq!(s.selected, 5);
    update(&mut s, Command::PageUp);
    assert_eq!(s.selected, 0);
}

#[test]
fn the_list_scrolls_to_keep_the_selection_visible() {
    let mut s = state((40, 12));
    update(&mut s, Command::Bottom);
    assert_eq!(s.list_offset, 0, "6 rows fit in 8");
    let mut s = common::state("valid/wide.json", Lang::En, (40, 12));
    s.rows = (0..6).cycle().take(20).collect();
    update(&mut s, Command::Bottom);
    assert_eq!(s.selected, 19);
    assert_eq!(s.list_offset, 12, "the last row is drawn last");
    update(&mut s, Command::Top);
    assert_eq!(s.list_offset, 0);
    let mut small = state((40, 12));
    // Shrink below the minimum and back: nothing breaks, the selection stays.
    update(&mut small, Command::Down);
    update(&mut small, Event::Resize(10, 3));
    update(&mut small, Event::Resize(40, 12));
    assert_eq!(selected_id(&small), "m-dak-lak");
}

#[test]
fn tabs_cycle_and_jump_keeping_the_record_when_listed() {
    let mut s = state((80, 24));
    update(&mut s, Command::Down); // m-dak-lak
    update(&mut s, Command::GoToTab(2)); // Meetings
    assert_eq!(s.tab, 2);
    assert_eq!(s.rows.len(), 2);
    assert_eq!(selected_id(&s), "m-dak-lak");
    update(&mut s, Command::NextTab);
    assert_eq!(s.tab, 3);
    assert_eq!(selected_id(&s), "e-korea");
    update(&mut s, Command::NextTab);
    update(&mut s, Command::NextTab);
    assert_eq!(s.tab, 0, "Tab wraps around");
    update(&mut s, Command::PrevTab);
    assert_eq!(s.tab, 4);
    assert!(!update(&mut s, Command::GoToTab(9)).redraw, "no such tab");
}

#[test]
fn open_follow_back_and_forward_like_a_browser() {
    let mut s = state((80, 24));
    update(&mut s, Command::Down);
    update(&mut s, Command::Open);
    assert_eq!(s.focus, Focus::Detail);
    assert_eq!(open_id(&s), "m-dak-lak");
    // Enter with no link chosen selects the first; Tab moves on.
    update(&mut s, Command::Open);
    assert_eq!(s.page.link, Some(0));
    update(&mut s, Command::NextLink);
    assert_eq!(s.page.link, Some(1));
    update(&mut s, Command::Open);
    assert_eq!(open_id(&s), "e-korea");
    assert_eq!(s.history.back.len(), 1);
    update(&mut s, Command::Back);
    assert_eq!(open_id(&s), "m-dak-lak");
    assert_eq!(s.page.link, Some(1), "the page comes back as it was left");
    update(&mut s, Command::Forward);
    assert_eq!(open_id(&s), "e-korea");
    update(&mut s, Command::Back);
    update(&mut s, Command::Back);
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
    update(&mut s, Command::Down);
    update(&mut s, Command::Open);
    update(&mut s, Command::NextLink); // trip
    update(&mut s, Command::Open);
    update(&mut s, Command::Back);
    assert_eq!(s.history.forward.len(), 1);
    update(&mut s, Command::NextLink); // experience
    update(&mut s, Command::Open);
    assert!(s.history.forward.is_empty());
    assert_eq!(open_id(&s), "e-korea");
}

#[test]
fn links_wrap_around_both_ways() {
    let mut s = state((80, 24));
    update(&mut s, Command::Down);
    update(&mut s, Command::Open);
    update(&mut s, Command::PrevLink);
    assert_eq!(
        s.page.link,
        Some(1),
        "Shift-Tab from nothing picks the last link"
    );
    update(&mut s, Command::NextLink);
    assert_eq!(s.page.link, Some(0));
}

#[test]
fn close_returns_to_the_list_on_the_record_shown() {
    let mut s = state((80, 24));
    update(&mut s, Command::Down);
    update(&mut s, Command::Open);
    update(&mut s, Command::NextLink);
    update(&mut s, Command::NextLink);
    update(&mut s, Command::Open); // e-korea
    update(&mut s, Command::Close);
    assert_eq!(s.focus, Focus::List);
    assert_eq!(selected_id(&s), "e-korea");
    assert!(s.history.back.is_empty());
}

#[test]
fn the_detail_scrolls_within_its_content() {
    let mut s = state((40, 12));
    update(&mut s, Command::Down);
    update(&mut s, Command::Open);
    update(&mut s, Command::Down);
    assert_eq!(s.page.scroll, 1);
    update(&mut s, Command::Bottom);
    let bottom = s.page.scroll;
    assert!(
        bottom > 5,
        "the meeting is longer than 9 lines at 40 columns"
    );
    assert!(
        !update(&mut s, Command::Down).redraw,
        "no scrolling past the end"
    );
    update(&mut s, Command::PageUp);
    assert_eq!(s.page.scroll, bottom - 9);
    update(&mut s, Command::Top);
    assert_eq!(s.page.scroll, 0);
    update(&mut s, Command::HalfPageDown);
    assert_eq!(s.page.scroll, 4);
    update(&mut s, Command::HalfPageUp);
    update(&mut s, Command::PageDown);
    assert_eq!(s.page.scroll, 9.min(bottom));
    // Selecting a link scrolls it into view: from the bottom, the first link is above.
    update(&mut s, Command::Bottom);
    update(&mut s, Command::NextLink);
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
    update(&mut s, Command::ToggleHelp);
    assert!(s.help);
    update(&mut s, Command::Down);
    assert_eq!(s.help_scroll, 1);
    update(&mut s, Command::Up);
    update(&mut s, Command::Up);
    assert_eq!(s.help_scroll, 0);
    assert!(!update(&mut s, Command::GoToTab(3)).redraw || s.tab == 3);
    update(&mut s, Command::Close);
    assert!(!s.help);
    update(&mut s, Command::ToggleHelp);
    update(&mut s, Command::ToggleHelp);
    assert!(!s.help);
}

#[test]
fn quit_is_an_effect() {
    let mut s = state((80, 24));
    let outcome = update(&mut s, Command::Quit);
    assert_eq!(outcome.effects, [Effect::Quit]);
    assert!(outcome.quits());
    // On the search line, q is typed, not a quit.
    update(&mut s, Command::OpenSearch);
    let typed = update(&mut s, Event::SearchChar('q'));
    assert!(!typed.quits());
}

#[test]
fn resize_records_the_size_and_keeps_scroll_in_range() {
    let mut s = state((40, 12));
    update(&mut s, Command::Down);
    update(&mut s, Command::Open);
    update(&mut s, Command::Bottom);
    update(&mut s, Event::Resize(120, 40));
    assert_eq!(s.size, (120, 40));
    assert_eq!(s.page.scroll, 0, "everything fits at 120x40");
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_it_and_click_selects() {
    let mut s = state((80, 24));
    // Rows start at y=2 (tabs, column titles); click the fourth record.
    update(&mut s, Event::Click { column: 10, row: 5 });
    assert_eq!(selected_id(&s), "e-korea");
    update(
        &mut s,
        Event::Scroll {
            column: 10,
            row: 5,
            lines: -3,
        },
    );
    assert_eq!(s.selected, 0);
    update(
        &mut s,
        Event::Scroll {
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
        Event::Click {
            column: meetings_tab_x,
            row: 0,
        },
    );
    assert_eq!(s.tab, 2);
    // A click below the last row does nothing.
    assert!(
        !update(
            &mut s,
            Event::Click {
                column: 10,
                row: 20
            }
        )
        .redraw
    );
}
