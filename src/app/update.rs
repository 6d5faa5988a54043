//! How each action changes the state: one small function per concern.

use super::action::Action;
use super::state::{Focus, Page, State, TABS};
use crate::ui::layout::{self, Areas};

/// Applies an action. Returns whether anything changed (and so whether to redraw).
pub fn update(state: &mut State, action: Action) -> bool {
    let before = Snapshot::of(state);
    match action {
        Action::Quit => state.quit = true,
        Action::Resize(w, h) => resize(state, w, h),
        Action::ToggleHelp => {
            state.help = !state.help;
            state.help_scroll = 0;
        }
        Action::SearchDone { generation, hits } => {
            if state.search.finish(generation, hits, &state.dataset) {
                show_results(state);
            }
        }
        _ if state.help => help(state, action),
        _ if state.search.editing => search_line(state, action),
        Action::OpenSearch => {
            state.search.editing = true;
            state.search.recall = None;
        }
        Action::ClearSearch => {
            state.search.clear();
            show_results(state);
        }
        Action::NextTab => go_to_tab(state, (state.tab + 1) % TABS.len()),
        Action::PrevTab => go_to_tab(state, (state.tab + TABS.len() - 1) % TABS.len()),
        Action::GoToTab(t) if t < TABS.len() => go_to_tab(state, t),
        Action::Scroll { column, row, lines } => wheel(state, column, row, lines),
        Action::Click { column, row } => click(state, column, row),
        _ => match state.focus {
            Focus::List => list(state, action),
            Focus::Detail => detail(state, action),
        },
    }
    before != Snapshot::of(state)
}

/// The parts of the state a redraw depends on (the dataset never changes here).
#[derive(PartialEq, Eq)]
struct Snapshot {
    view: (u16, u16, usize, usize, usize, bool, usize, bool),
    focus: Focus,
    page: Page,
    history: (usize, usize),
    search: (bool, String, u64, usize),
}

impl Snapshot {
    fn of(s: &State) -> Snapshot {
        Snapshot {
            view: (
                s.size.0,
                s.size.1,
                s.tab,
                s.selected,
                s.list_offset,
                s.help,
                s.help_scroll,
                s.quit,
            ),
            focus: s.focus,
            page: s.page,
            history: (s.history.back.len(), s.history.forward.len()),
            search: (
                s.search.editing,
                s.search.input.clone(),
                s.search.generation,
                s.search.results.as_ref().map_or(0, |r| r.hits.len()),
            ),
        }
    }
}

fn areas(state: &State) -> Areas {
    layout::areas(state.size, state.focus)
}

fn resize(state: &mut State, w: u16, h: u16) {
    state.size = (w, h);
    keep_selection_visible(state);
    clamp_detail_scroll(state);
}

fn go_to_tab(state: &mut State, tab: usize) {
    let current = state.selected_record();
    state.tab = tab;
    state.rows = state.tab_rows(tab);
    // Stay on the same record when the new tab lists it.
    state.selected = current
        .and_then(|r| state.rows.iter().position(|&x| x == r))
        .unwrap_or(0);
    state.list_offset = 0;
    state.focus = Focus::List;
    state.history = Default::default();
    keep_selection_visible(state);
}

fn list_height(state: &State) -> usize {
    areas(state).list.map_or(1, |r| r.height as usize).max(1)
}

fn detail_height(state: &State) -> usize {
    areas(state).detail.map_or(1, |r| r.height as usize).max(1)
}

fn list(state: &mut State, action: Action) {
    let page = list_height(state);
    let last = state.rows.len().saturating_sub(1);
    let s = state.selected;
    state.selected = match action {
        Action::Down => (s + 1).min(last),
        Action::Up => s.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageDown => (s + page).min(last),
        Action::PageUp => s.saturating_sub(page),
        Action::HalfPageDown => (s + page / 2).min(last),
        Action::HalfPageUp => s.saturating_sub(page / 2),
        Action::Open => {
            if let Some(record) = state.selected_record() {
                state.page = Page::new(record);
                state.history = Default::default();
                state.focus = Focus::Detail;
                scroll_to_match(state, true);
            }
            s
        }
        _ => s,
    };
    keep_selection_visible(state);
}

fn keep_selection_visible(state: &mut State) {
    let height = list_height(state);
    state.selected = state.selected.min(state.rows.len().saturating_sub(1));
    if state.selected < state.list_offset {
        state.list_offset = state.selected;
    } else if state.selected >= state.list_offset + height {
        state.list_offset = state.selected + 1 - height;
    }
    let max_offset = state.rows.len().saturating_sub(height);
    state.list_offset = state.list_offset.min(max_offset);
}

fn max_detail_scroll(state: &State) -> usize {
    let Some(area) = areas(state).detail else {
        return 0;
    };
    let Some(record) = state.detail_record() else {
        return 0;
    };
    let content = crate::ui::detail::content(state, record, area.width);
    content.lines.len().saturating_sub(area.height as usize)
}

fn clamp_detail_scroll(state: &mut State) {
    if state.focus == Focus::Detail {
        state.page.scroll = state.page.scroll.min(max_detail_scroll(state));
    }
}

fn detail(state: &mut State, action: Action) {
    let page = detail_height(state);
    let max = max_detail_scroll(state);
    let s = state.page.scroll;
    match action {
        Action::Down => state.page.scroll = (s + 1).min(max),
        Action::Up => state.page.scroll = s.saturating_sub(1),
        Action::Top => state.page.scroll = 0,
        Action::Bottom => state.page.scroll = max,
        Action::PageDown => state.page.scroll = (s + page).min(max),
        Action::PageUp => state.page.scroll = s.saturating_sub(page),
        Action::HalfPageDown => state.page.scroll = (s + page / 2).min(max),
        Action::HalfPageUp => state.page.scroll = s.saturating_sub(page / 2),
        Action::NextLink | Action::PrevLink => select_link(state, action == Action::NextLink),
        Action::Open => follow_link(state),
        Action::Back => back(state),
        Action::Forward => forward(state),
        Action::Close => close_detail(state),
        Action::NextMatch => scroll_to_match(state, true),
        Action::PrevMatch => scroll_to_match(state, false),
        _ => {}
    }
}

/// Scrolls the detail to the next (or previous) line with a match, shown one line below the
/// top so its context is visible; from a fresh page, the first match.
fn scroll_to_match(state: &mut State, next: bool) {
    let Some(area) = areas(state).detail else {
        return;
    };
    if !state.search.active() {
        return;
    }
    let content = crate::ui::detail::content(state, state.page.record, area.width);
    let anchor = state.page.scroll + 1;
    let target = if next {
        let fresh = state.page.scroll == 0;
        content
            .match_lines
            .iter()
            .copied()
            .find(|&l| if fresh { l >= 1 } else { l > anchor })
    } else {
        content
            .match_lines
            .iter()
            .copied()
            .rev()
            .find(|&l| l < anchor)
    };
    if let Some(line) = target {
        let max = content.lines.len().saturating_sub(area.height as usize);
        state.page.scroll = line.saturating_sub(1).min(max);
    }
}

/// The search line is open: edit it, recall history, keep or clear the query.
fn search_line(state: &mut State, action: Action) {
    let search = &mut state.search;
    let mut input = search.input.clone();
    match action {
        Action::SearchChar(c) => input.push(c),
        Action::SearchBackspace => {
            input.pop();
        }
        Action::SearchDeleteWord => {
            let kept = input.trim_end().rfind(' ').map_or(0, |i| i + 1);
            input.truncate(kept);
        }
        Action::SearchClearLine => input.clear(),
        Action::HistoryBack | Action::HistoryForward => {
            search.recall(action == Action::HistoryBack);
            return;
        }
        Action::SearchSubmit => {
            search.submit();
            state.focus = Focus::List;
            return;
        }
        Action::SearchCancel => {
            search.clear();
            show_results(state);
            return;
        }
        _ => return,
    }
    if input != search.input {
        search.recall = None;
        search.set_input(input);
        if search.results.is_none() {
            show_results(state);
        }
    }
}

/// The list after the results changed: first row selected, the tab's rows recomputed.
fn show_results(state: &mut State) {
    state.rows = state.tab_rows(state.tab);
    state.selected = 0;
    state.list_offset = 0;
    keep_selection_visible(state);
}

fn select_link(state: &mut State, next: bool) {
    let count = state.dataset.links(state.page.record).len();
    if count == 0 {
        return;
    }
    state.page.link = Some(match (state.page.link, next) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    });
    scroll_to_link(state);
}

/// Scrolls the detail so the selected link is on screen.
fn scroll_to_link(state: &mut State) {
    let (Some(link), Some(area)) = (state.page.link, areas(state).detail) else {
        return;
    };
    let content = crate::ui::detail::content(state, state.page.record, area.width);
    let Some(&line) = content.link_lines.get(link) else {
        return;
    };
    let height = area.height as usize;
    if line < state.page.scroll {
        state.page.scroll = line;
    } else if line >= state.page.scroll + height {
        state.page.scroll = line + 1 - height;
    }
}

fn follow_link(state: &mut State) {
    let links = state.dataset.links(state.page.record);
    let target = match state.page.link {
        Some(i) => links.get(i).copied(),
        // Enter with no link chosen selects the first one.
        None => {
            select_link(state, true);
            return;
        }
    };
    if let Some(target) = target {
        state.history.back.push(state.page);
        state.history.forward.clear();
        state.page = Page::new(target);
    }
}

fn back(state: &mut State) {
    match state.history.back.pop() {
        Some(previous) => {
            state.history.forward.push(state.page);
            state.page = previous;
        }
        None => close_detail(state),
    }
}

fn forward(state: &mut State) {
    if let Some(next) = state.history.forward.pop() {
        state.history.back.push(state.page);
        state.page = next;
    }
}

/// Back to the list, on the record last shown when the tab lists it.
fn close_detail(state: &mut State) {
    state.focus = Focus::List;
    if let Some(i) = state.rows.iter().position(|&r| r == state.page.record) {
        state.selected = i;
    }
    state.history = Default::default();
    keep_selection_visible(state);
}

fn help(state: &mut State, action: Action) {
    match action {
        Action::Down => state.help_scroll += 1,
        Action::Up => state.help_scroll = state.help_scroll.saturating_sub(1),
        Action::Close => state.help = false,
        _ => {}
    }
    let max = crate::ui::help::line_count().saturating_sub(1);
    state.help_scroll = state.help_scroll.min(max);
}

fn wheel(state: &mut State, column: u16, row: u16, lines: i16) {
    let a = areas(state);
    let step = if lines < 0 { Action::Up } else { Action::Down };
    let in_detail = a.detail.is_some_and(|r| contains(r, column, row));
    let in_list = a.list.is_some_and(|r| contains(r, column, row));
    for _ in 0..lines.unsigned_abs() {
        if state.help {
            help(state, step.clone());
        } else if in_detail && state.focus == Focus::Detail {
            detail(state, step.clone());
        } else if in_list {
            list(state, step.clone());
        }
    }
}

fn click(state: &mut State, column: u16, row: u16) {
    if state.help {
        return;
    }
    let a = areas(state);
    if let Some(r) = a.list.filter(|r| contains(*r, column, row)) {
        let index = state.list_offset + (row - r.y) as usize;
        if index < state.rows.len() {
            state.selected = index;
            state.focus = Focus::List;
            keep_selection_visible(state);
        }
    } else if let Some(tab) = layout::tab_at(state, column, row) {
        go_to_tab(state, tab);
    }
}

fn contains(r: ratatui::layout::Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}
