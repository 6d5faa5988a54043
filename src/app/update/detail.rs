//! The detail pane: scrolling a record, its matches and links, and the pages visited.

use super::{keep_selection_visible, moved};
use crate::app::action::Command as C;
use crate::app::effect::Outcome;
use crate::app::state::{Focus, Page, State};

fn detail_height(state: &State) -> usize {
    state.areas().detail.map_or(1, |r| r.height as usize).max(1)
}

fn max_detail_scroll(state: &State) -> usize {
    let Some(area) = state.areas().detail else {
        return 0;
    };
    let Some(record) = state.detail_record() else {
        return 0;
    };
    let layout = state.detail_layout(record, area.width);
    layout.lines.len().saturating_sub(area.height as usize)
}

pub(super) fn clamp_detail_scroll(state: &mut State) {
    if state.focus == Focus::Detail {
        state.page.scroll = state.page.scroll.min(max_detail_scroll(state));
    }
}

pub(super) fn detail(state: &mut State, action: C) -> Outcome {
    let before = (state.page, state.focus, state.history.clone());
    let page = detail_height(state);
    let max = max_detail_scroll(state);
    let s = state.page.scroll;
    if let Some(to) = moved(&action, s, max + 1, page) {
        state.page.scroll = to;
    } else {
        match action {
            C::NextLink | C::PrevLink => select_link(state, action == C::NextLink),
            C::Open => follow_link(state),
            C::Back => back(state),
            C::Forward => forward(state),
            C::Close => close_detail(state),
            C::NextMatch => scroll_to_match(state, true),
            C::PrevMatch => scroll_to_match(state, false),
            _ => {}
        }
    }
    Outcome::when(before != (state.page, state.focus, state.history.clone()))
}

/// Scrolls the detail to the next (or previous) line with a match, shown one line below the
/// top so its context is visible; from a fresh page, the first match.
pub(super) fn scroll_to_match(state: &mut State, next: bool) {
    let Some(area) = state.areas().detail else {
        return;
    };
    if !state.search.active() {
        return;
    }
    let layout = state.detail_layout(state.page.record, area.width);
    let anchor = state.page.scroll + 1;
    let target = if next {
        let fresh = state.page.scroll == 0;
        layout
            .match_lines
            .iter()
            .copied()
            .find(|&l| if fresh { l >= 1 } else { l > anchor })
    } else {
        layout
            .match_lines
            .iter()
            .copied()
            .rev()
            .find(|&l| l < anchor)
    };
    if let Some(line) = target {
        let max = layout.lines.len().saturating_sub(area.height as usize);
        state.page.scroll = line.saturating_sub(1).min(max);
    }
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
    let (Some(link), Some(area)) = (state.page.link, state.areas().detail) else {
        return;
    };
    let layout = state.detail_layout(state.page.record, area.width);
    let Some(&line) = layout.link_lines.get(link) else {
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
