//! How each action changes the state: one small function per concern. `update` returns what
//! happens next — whether to redraw and the effects for the runtime — and does no I/O.

use std::sync::Arc;

mod filters;
mod panes;
mod reload;
mod reviewing;
mod sharing;

use filters::{clear_all_facets, facet_pane, keep_facet_cursor_visible, sort, toggle_facets};
use reviewing::{copy, edit_note, editor, next_unreviewed, open_editor, review_change};

use super::action::Action;
use super::copy;
use super::editor::NoteEditor;
use super::effect::{Effect, Outcome};
use super::facets::{self, FacetRow};
use super::review::Change;
use super::search::Request;
use super::state::{Focus, Notice, Page, State, TABS};
use crate::layout;
use crate::model::selection::{Selection, Shown};
use crate::model::sort::SortBy;

/// Applies an action: the new state, and what should happen next.
pub fn update(state: &mut State, action: Action) -> Outcome {
    let mut outcome = apply(state, action);
    // A note kept from an earlier session is offered as soon as nothing else is open.
    outcome.redraw |= reviewing::offer_unsaved(state);
    outcome
}

fn apply(state: &mut State, action: Action) -> Outcome {
    // A notice lasts until the next key.
    if state.notice.is_some()
        && !matches!(
            action,
            Action::SearchDone { .. }
                | Action::ReviewsLoaded { .. }
                | Action::NoteNotSaved(_)
                | Action::UnsavedFound { .. }
        )
    {
        state.notice = None;
    }
    match action {
        Action::Quit => Outcome::nothing().with(Effect::Quit),
        Action::Resize(w, h) => {
            resize(state, w, h);
            Outcome::redraw()
        }
        Action::ToggleHelp => {
            state.help = !state.help;
            state.help_scroll = 0;
            Outcome::redraw()
        }
        Action::SearchDone {
            generation,
            hits,
            shown,
            selection,
        } => search_done(state, generation, hits, shown, &selection),
        Action::ReviewsLoaded { reviews, facets } => {
            state.review.generation += 1;
            state.filters.reviews = Some(facets);
            state.review.reviews = reviews;
            state.review.error = None;
            // Review facets may be chosen: the list and the counts follow.
            state.reselect();
            keep_selection_visible(state);
            Outcome::redraw()
        }
        Action::Reload
        | Action::DataChanged
        | Action::LoadStep(_)
        | Action::Reloaded(_)
        | Action::ReloadFailed(_) => reload::data(state, action),
        Action::BackgroundFailed(message) => {
            state.notice = Some(Notice::Problem(crate::i18n::Msg::BackgroundFailed, message));
            Outcome::redraw()
        }
        Action::ReviewFailed(message) => {
            state.review.error = Some(message);
            Outcome::redraw()
        }
        Action::NoteSaved(_) | Action::NoteNotSaved(_) | Action::UnsavedFound { .. } => {
            reviewing::stored(state, action)
        }
        Action::ViewsLoaded(_)
        | Action::ViewSaved(_)
        | Action::Exported(_)
        | Action::OpenView { .. } => sharing::sharing(state, action),
        _ if state.dialog.is_some() => sharing::dialog(state, action),
        _ if state.editor.is_some() => editor(state, action),
        Action::OpenNoteEditor => open_editor(state),
        Action::CopyCitation | Action::CopyMarkdown => copy(state, action == Action::CopyMarkdown),
        Action::EditNote => edit_note(state),
        _ if state.help => help(state, action),
        Action::Drag { .. }
        | Action::Release
        | Action::ToggleStats
        | Action::WidenList
        | Action::NarrowList => panes::panes(state, action),
        Action::ToggleStrict => {
            state.search.strict = !state.search.strict;
            state.notice = Some(Notice::Said(if state.search.strict {
                crate::i18n::Msg::StrictOn
            } else {
                crate::i18n::Msg::StrictOff
            }));
            let input = state.search.input.clone();
            let request = state.search.set_input(input, &state.selection());
            after_query_change(state, request)
        }
        _ if state.search.editing => search_line(state, action),
        Action::Export
        | Action::SaveView
        | Action::PickView
        | Action::ShowCopy
        | Action::ShowReloadProblems => sharing::sharing(state, action),
        Action::OpenSearch => {
            state.search.editing = true;
            state.search.recall = None;
            Outcome::redraw()
        }
        Action::ClearSearch => {
            let had = state.search.active();
            state.search.clear();
            reselect_from(state, None);
            Outcome::when(had)
        }
        Action::NextTab => go_to_tab(state, (state.tab + 1) % TABS.len()),
        Action::PrevTab => go_to_tab(state, (state.tab + TABS.len() - 1) % TABS.len()),
        Action::GoToTab(t) if t < TABS.len() => go_to_tab(state, t),
        Action::ToggleFacets => toggle_facets(state),
        Action::FacetClearAll => clear_all_facets(state),
        Action::CycleSort | Action::ReverseSort => sort(state, action == Action::ReverseSort),
        Action::Mark(status) => review_change(state, Change::Mark(status)),
        Action::ToggleStar => {
            let starred = state
                .detail_record()
                .and_then(|r| state.dataset.get(r))
                .and_then(|r| state.review.of(r.id()))
                .is_some_and(|r| r.starred);
            review_change(state, Change::Star(!starred))
        }
        Action::NextUnreviewed | Action::PrevUnreviewed => {
            next_unreviewed(state, action == Action::NextUnreviewed)
        }
        Action::Scroll { column, row, lines } => wheel(state, column, row, lines),
        Action::Click { column, row } => click(state, column, row),
        _ => match state.focus {
            Focus::List => list(state, action),
            Focus::Detail => detail(state, action),
            Focus::Facets => facet_pane(state, action),
        },
    }
}

/// Results of a search arrived. Kept (and drawn, even when nothing matched or the count is the
/// same as before) only if they are for the query in force.
fn search_done(
    state: &mut State,
    generation: u64,
    hits: Arc<Vec<crate::model::search::Hit>>,
    shown: Arc<Shown>,
    asked: &Selection,
) -> Outcome {
    if !state.search.finish(generation, hits.clone()) {
        return Outcome::nothing();
    }
    state.hits = hits;
    // The facets, sort or tab may have changed while it ran: then select again.
    if *asked == state.selection() {
        state.show(Arc::unwrap_or_clone(shown));
    } else {
        state.reselect();
    }
    state.selected = 0;
    state.list_offset = 0;
    keep_selection_visible(state);
    Outcome::redraw()
}

/// The list after the query's matches changed to `hits` (or to every record).
fn reselect_from(state: &mut State, hits: Option<Arc<Vec<crate::model::search::Hit>>>) {
    state.hits = hits.unwrap_or_else(|| {
        Arc::new(
            (0..state.dataset.len())
                .map(|record| crate::model::search::Hit::new(record, 0.0))
                .collect(),
        )
    });
    state.reselect();
    state.selected = 0;
    state.list_offset = 0;
    keep_selection_visible(state);
}

pub(super) fn resize(state: &mut State, w: u16, h: u16) {
    state.size = (w, h);
    keep_selection_visible(state);
    keep_facet_cursor_visible(state);
    clamp_detail_scroll(state);
}

fn go_to_tab(state: &mut State, tab: usize) -> Outcome {
    state.tab = tab;
    state.reselect();
    state.list_offset = 0;
    if state.focus == Focus::Detail {
        state.focus = Focus::List;
    }
    state.history = Default::default();
    keep_selection_visible(state);
    Outcome::redraw()
}

pub(super) fn list_height(state: &State) -> usize {
    state.areas().list.map_or(1, |r| r.height as usize).max(1)
}

fn detail_height(state: &State) -> usize {
    state.areas().detail.map_or(1, |r| r.height as usize).max(1)
}

/// Moves the cursor `s` of a list of `len` rows for a movement action; `None` for others.
pub(super) fn moved(action: &Action, s: usize, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Down => (s + 1).min(last),
        Action::Up => s.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageDown => (s + page).min(last),
        Action::PageUp => s.saturating_sub(page),
        Action::HalfPageDown => (s + page / 2).min(last),
        Action::HalfPageUp => s.saturating_sub(page / 2),
        _ => return None,
    })
}

fn list(state: &mut State, action: Action) -> Outcome {
    let before = (state.selected, state.list_offset, state.focus);
    if let Some(to) = moved(
        &action,
        state.selected,
        state.rows.len(),
        list_height(state),
    ) {
        state.selected = to;
    } else if action == Action::Open {
        if let Some(record) = state.selected_record() {
            state.page = Page::new(record);
            state.history = Default::default();
            state.focus = Focus::Detail;
            scroll_to_match(state, true);
        }
    }
    keep_selection_visible(state);
    Outcome::when(before != (state.selected, state.list_offset, state.focus))
}

pub(super) fn keep_selection_visible(state: &mut State) {
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
    let Some(area) = state.areas().detail else {
        return 0;
    };
    let Some(record) = state.detail_record() else {
        return 0;
    };
    let layout = state.detail_layout(record, area.width);
    layout.lines.len().saturating_sub(area.height as usize)
}

fn clamp_detail_scroll(state: &mut State) {
    if state.focus == Focus::Detail {
        state.page.scroll = state.page.scroll.min(max_detail_scroll(state));
    }
}

fn detail(state: &mut State, action: Action) -> Outcome {
    let before = (state.page, state.focus, state.history.clone());
    let page = detail_height(state);
    let max = max_detail_scroll(state);
    let s = state.page.scroll;
    if let Some(to) = moved(&action, s, max + 1, page) {
        state.page.scroll = to;
    } else {
        match action {
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
    Outcome::when(before != (state.page, state.focus, state.history.clone()))
}

/// Scrolls the detail to the next (or previous) line with a match, shown one line below the
/// top so its context is visible; from a fresh page, the first match.
fn scroll_to_match(state: &mut State, next: bool) {
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

/// The search line is open: edit it, recall history, keep or clear the query.
fn search_line(state: &mut State, action: Action) -> Outcome {
    let selection = state.selection();
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
        Action::Paste(text) => input.push_str(&crate::model::text::inline(&text)),
        Action::HistoryBack | Action::HistoryForward => {
            let request = search.recall(action == Action::HistoryBack, &selection);
            return after_query_change(state, request);
        }
        Action::SearchSubmit => {
            let save = search.submit();
            state.focus = Focus::List;
            return Outcome::redraw().with_some(save.map(Effect::SaveHistory));
        }
        Action::SearchCancel => {
            search.clear();
            reselect_from(state, None);
            return Outcome::redraw();
        }
        _ => return Outcome::nothing(),
    }
    if input == search.input {
        return Outcome::nothing();
    }
    search.recall = None;
    let request = search.set_input(input, &selection);
    after_query_change(state, request)
}

/// The query changed: run its search, or (no query) list every record at once.
fn after_query_change(state: &mut State, request: Option<Request>) -> Outcome {
    if request.is_none() && !state.search.active() {
        reselect_from(state, None);
    }
    Outcome::redraw().with_some(request.map(Effect::Search))
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

fn help(state: &mut State, action: Action) -> Outcome {
    let before = (state.help, state.help_scroll);
    match action {
        Action::Down => state.help_scroll += 1,
        Action::Up => state.help_scroll = state.help_scroll.saturating_sub(1),
        Action::Close => state.help = false,
        _ => {}
    }
    let max = state.keymap.help_lines(state.lang).len().saturating_sub(1);
    state.help_scroll = state.help_scroll.min(max);
    Outcome::when(before != (state.help, state.help_scroll))
}

fn wheel(state: &mut State, column: u16, row: u16, lines: i16) -> Outcome {
    let a = state.areas();
    let step = if lines < 0 { Action::Up } else { Action::Down };
    let inside =
        |r: Option<ratatui::layout::Rect>| r.is_some_and(|r| layout::contains(r, column, row));
    let (in_detail, in_list, in_facets) = (inside(a.detail), inside(a.list), inside(a.facets));
    let mut outcome = Outcome::nothing();
    for _ in 0..lines.unsigned_abs() {
        let o = if state.help {
            help(state, step.clone())
        } else if in_detail && state.focus == Focus::Detail {
            detail(state, step.clone())
        } else if in_list {
            list(state, step.clone())
        } else if in_facets {
            let before = state.facets;
            let len = facets::rows(state).len();
            state.facets.cursor = moved(&step, state.facets.cursor, len, 1).unwrap_or(0);
            keep_facet_cursor_visible(state);
            Outcome::when(before != state.facets)
        } else {
            Outcome::nothing()
        };
        outcome.redraw |= o.redraw;
    }
    outcome
}

fn click(state: &mut State, column: u16, row: u16) -> Outcome {
    if state.help {
        return Outcome::nothing();
    }
    let a = state.areas();
    if a.separator
        .is_some_and(|r| layout::contains(r, column, row))
    {
        state.dragging = true;
        return Outcome::nothing();
    }
    if let Some(r) = a.list.filter(|r| layout::contains(*r, column, row)) {
        let index = state.list_offset + (row - r.y) as usize;
        if index < state.rows.len() {
            state.selected = index;
            state.focus = Focus::List;
            keep_selection_visible(state);
            return Outcome::redraw();
        }
    } else if let Some(r) = a.facets.filter(|r| layout::contains(*r, column, row)) {
        // A click on a value chooses or drops it; on a heading, moves there.
        let index = state.facets.scroll + (row - r.y) as usize;
        if index < facets::rows(state).len() {
            state.focus = Focus::Facets;
            state.facets.cursor = index;
            return match facet_pane(state, Action::FacetToggle) {
                o if o.redraw => o,
                _ => Outcome::redraw(),
            };
        }
    } else if row == 0 {
        let tab = layout::tab_positions(&state.tab_labels())
            .into_iter()
            .find(|(_, start, end)| column >= *start && column < *end)
            .map(|(tab, _, _)| tab);
        if let Some(tab) = tab {
            return go_to_tab(state, tab);
        }
    }
    Outcome::nothing()
}
