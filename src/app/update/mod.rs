//! How each action changes the state: one small function per concern. `update` returns what
//! happens next — whether to redraw and the effects for the runtime — and does no I/O.

use std::sync::Arc;

mod detail;
mod filters;
mod panes;
mod reload;
mod results;
mod reviewing;
mod sharing;

use detail::{clamp_detail_scroll, detail, scroll_to_match};
use filters::{clear_all_facets, facet_pane, keep_facet_cursor_visible, sort, toggle_facets};
use reviewing::{copy, edit_note, editor, next_unreviewed, open_editor, review_change};

use super::action::{Action, Command as C, Event as E};
use super::copy;
use super::editor::NoteEditor;
use super::effect::{Effect, Outcome};
use super::facets::{self, FacetRow};
use super::mode::Mode;
use super::review::Change;
use super::search::Request;
use super::state::{Focus, Notice, Page, State, TABS};
use crate::layout;
use crate::model::sort::SortBy;

/// Applies a command or an event: the new state, and what should happen next.
pub fn update(state: &mut State, action: impl Into<Action>) -> Outcome {
    let action = action.into();
    // A notice lasts until the next key.
    let background = matches!(&action, Action::Event(e) if e.is_background());
    if state.notice.is_some() && !background {
        state.notice = None;
    }
    // Where the last `.` or `,` landed counts only for the key right after it.
    let landed = if background {
        None
    } else {
        state.review.landed.take()
    };
    if let Action::Command(command) = &action {
        results::before_command(state, command);
    }
    let mut outcome = match action {
        Action::Command(command) => command_in(state, command, landed),
        Action::Event(event) => event_in(state, event),
    };
    // A move or a scroll past them (G, PageDown, the wheel) has them put in order.
    outcome.redraw |= results::order_rows_in_sight(state);
    // A note kept from an earlier session is offered as soon as nothing else is open.
    outcome.redraw |= reviewing::offer_unsaved(state);
    outcome
}

/// A command, taken by what has the keyboard ([`Mode`]).
fn command_in(state: &mut State, command: C, landed: Option<(usize, bool)>) -> Outcome {
    match command {
        C::Quit => return Outcome::nothing().with(Effect::Quit),
        C::Reload => return Outcome::nothing().with(Effect::Reload),
        _ => {}
    }
    match state.mode() {
        Mode::TooSmall => Outcome::nothing(),
        Mode::Dialog => sharing::dialog(state, command.into()),
        Mode::Editor | Mode::EditorConfirm => editor(state, command.into()),
        Mode::Help if command == C::ToggleHelp => toggle_help(state),
        Mode::Help => help(state, command),
        Mode::Stats => match command {
            C::ToggleStats => panes::panes(state, command),
            C::ToggleHelp => toggle_help(state),
            _ => panes::scroll_stats(state, command),
        },
        Mode::Search => match command {
            C::ToggleStrict => toggle_strict(state),
            C::ToggleHelp => toggle_help(state),
            _ => search_line(state, command.into()),
        },
        Mode::Facets | Mode::Detail | Mode::List => pane_command(state, command, landed),
    }
}

/// A command in the panes: the list, the detail or the facet pane has the keyboard.
fn pane_command(state: &mut State, command: C, landed: Option<(usize, bool)>) -> Outcome {
    match command {
        C::ToggleHelp => toggle_help(state),
        C::OpenNoteEditor => open_editor(state),
        C::CopyCitation | C::CopyMarkdown => copy(state, command == C::CopyMarkdown),
        C::EditNote => edit_note(state),
        C::ToggleStats | C::WidenList | C::NarrowList => panes::panes(state, command),
        C::ToggleStrict => toggle_strict(state),
        C::Export | C::SaveView | C::PickView | C::ShowCopy | C::ShowReloadProblems => {
            sharing::sharing(state, command.into())
        }
        C::OpenSearch => {
            state.search.editing = true;
            state.search.recall = None;
            Outcome::redraw()
        }
        C::ClearSearch => {
            let had = state.search.active();
            let kept = state.selected_record();
            state.search.clear();
            reselect_from(state, None);
            select_again(state, kept);
            Outcome::when(had)
        }
        C::NextTab => go_to_tab(state, (state.tab + 1) % TABS.len()),
        C::PrevTab => go_to_tab(state, (state.tab + TABS.len() - 1) % TABS.len()),
        C::GoToTab(t) if t < TABS.len() => go_to_tab(state, t),
        C::ToggleFacets => toggle_facets(state),
        C::FacetClearAll => clear_all_facets(state),
        C::CycleSort | C::ReverseSort => sort(state, command == C::ReverseSort),
        C::Mark(status) => review_change(state, Change::Mark(status)),
        C::ToggleStar => {
            let starred = state
                .detail_record()
                .and_then(|r| state.dataset.get(r))
                .and_then(|r| state.review.of(r.id()))
                .is_some_and(|r| r.starred);
            review_change(state, Change::Star(!starred))
        }
        C::NextUnreviewed | C::PrevUnreviewed => {
            next_unreviewed(state, command == C::NextUnreviewed, landed)
        }
        _ => match state.focus {
            Focus::List => list(state, command),
            Focus::Detail => detail(state, command),
            Focus::Facets => facet_pane(state, command),
        },
    }
}

fn toggle_help(state: &mut State) -> Outcome {
    state.help = !state.help;
    state.help_scroll = 0;
    Outcome::redraw()
}

fn toggle_strict(state: &mut State) -> Outcome {
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

/// An event: background results go where they belong whatever is open; typed text, pastes
/// and the mouse go to what has the keyboard ([`Mode`]).
fn event_in(state: &mut State, event: E) -> Outcome {
    match event {
        E::Resize(w, h) => {
            resize(state, w, h);
            Outcome::redraw()
        }
        E::SearchDone {
            generation,
            hits,
            shown,
            selection,
        } => results::search_done(state, generation, hits, shown, &selection),
        E::SearchOrdered {
            generation,
            hits,
            shown,
            selection,
        } => results::search_ordered(state, generation, hits, shown, &selection),
        E::OrdersMade => orders_made(state),
        E::ReviewsLoaded {
            reviews,
            facets,
            history,
        } => reviewing::loaded(state, reviews, facets, history),
        E::DataChanged | E::LoadStep(_) | E::Reloaded(_) | E::ReloadFailed(_) => {
            reload::data(state, event)
        }
        E::BackgroundFailed(message) => {
            state.notice = Some(Notice::Problem(crate::i18n::Msg::BackgroundFailed, message));
            Outcome::redraw()
        }
        E::ReviewFailed(message) => {
            state.review.error = Some(message);
            Outcome::redraw()
        }
        E::NoteSaved(_) | E::NoteNotSaved(_) | E::UnsavedFound { .. } => {
            reviewing::stored(state, event)
        }
        E::ViewsLoaded(_) | E::ViewSaved(_) | E::Exported(_) | E::OpenView { .. } => {
            if matches!(event, E::ViewsLoaded(_)) {
                state.views_asked = false;
            }
            sharing::sharing(state, event.into())
        }
        E::SearchChar(_) | E::DialogChar(_) | E::EditorKey(_) | E::EditorText(_) | E::Paste(_) => {
            text_in(state, event)
        }
        E::Scroll { .. } | E::Click { .. } | E::Drag { .. } | E::Release => mouse(state, event),
    }
}

/// Typed or pasted text, for the text input that has the keyboard (none: it is dropped, so a
/// paste outside a text field is never read as commands).
fn text_in(state: &mut State, event: E) -> Outcome {
    match (state.mode(), event) {
        (Mode::Dialog, e @ (E::DialogChar(_) | E::Paste(_))) => sharing::dialog(state, e.into()),
        (Mode::Editor, e @ (E::EditorKey(_) | E::EditorText(_) | E::Paste(_))) => {
            editor(state, e.into())
        }
        (Mode::Search, e @ (E::SearchChar(_) | E::Paste(_))) => search_line(state, e.into()),
        _ => Outcome::nothing(),
    }
}

/// The mouse: the panes take it only when nothing is over them. An overlay takes what is
/// meant for it (the wheel scrolls the help) and swallows the rest, never passing a click
/// through to the list under it.
fn mouse(state: &mut State, event: E) -> Outcome {
    let mode = state.mode();
    match event {
        // Letting go always ends a drag, wherever it started.
        E::Release => panes::drag(state, event),
        E::Scroll { lines, .. } if mode == Mode::Help || mode == Mode::Stats => {
            let step = if lines < 0 { C::Up } else { C::Down };
            let mut outcome = Outcome::nothing();
            for _ in 0..lines.unsigned_abs() {
                outcome.redraw |= match mode {
                    Mode::Help => help(state, step).redraw,
                    _ => panes::scroll_stats(state, step).redraw,
                };
            }
            outcome
        }
        E::Drag { .. } if mode.panes_take_the_mouse() || mode == Mode::Search => {
            panes::drag(state, event)
        }
        _ if !mode.panes_take_the_mouse() => Outcome::nothing(),
        E::Scroll { column, row, lines } => wheel(state, column, row, lines),
        E::Click { column, row } => click(state, column, row),
        _ => Outcome::nothing(),
    }
}

/// The sort orders are made: a list shown in the order of relevance while they were (a sort
/// asked for just after loading) is put in the order asked for, the same record selected.
fn orders_made(state: &mut State) -> Outcome {
    if !state.sort_pending {
        return Outcome::nothing();
    }
    state.reselect();
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

/// The list shows every record again after a search is cleared: the record that was selected
/// stays selected, where it now is (as clearing a filter does in lazygit), rather than the
/// first row.
pub(super) fn select_again(state: &mut State, record: Option<usize>) {
    if let Some(at) = record.and_then(|r| state.rows.iter().position(|&x| x == r)) {
        state.selected = at;
        keep_selection_visible(state);
    }
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

/// Moves the cursor `s` of a list of `len` rows for a movement action; `None` for others.
pub(super) fn moved(action: &C, s: usize, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        C::Down => (s + 1).min(last),
        C::Up => s.saturating_sub(1),
        C::Top => 0,
        C::Bottom => last,
        C::PageDown => (s + page).min(last),
        C::PageUp => s.saturating_sub(page),
        C::HalfPageDown => (s + page / 2).min(last),
        C::HalfPageUp => s.saturating_sub(page / 2),
        _ => return None,
    })
}

fn list(state: &mut State, action: C) -> Outcome {
    let before = (state.selected, state.list_offset, state.focus);
    if let Some(to) = moved(
        &action,
        state.selected,
        state.rows.len(),
        list_height(state),
    ) {
        state.selected = to;
    } else if action == C::Open {
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

/// The search line is open: edit it, recall history, keep or clear the query.
fn search_line(state: &mut State, action: Action) -> Outcome {
    let selection = state.selection();
    let search = &mut state.search;
    let mut input = search.input.clone();
    // Typing and deleting happen at the cursor; it moves over whole characters.
    let mut at = search.at();
    let before = |at: usize, s: &str| s[..at].char_indices().next_back().map_or(0, |(i, _)| i);
    let after = |at: usize, s: &str| s[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    match action {
        Action::Event(E::SearchChar(c)) => {
            input.insert(at, c);
            at += c.len_utf8();
        }
        Action::Command(C::SearchBackspace) => {
            let from = before(at, &input);
            input.replace_range(from..at, "");
            at = from;
        }
        Action::Command(C::SearchDelete) => {
            let to = after(at, &input);
            input.replace_range(at..to, "");
        }
        Action::Command(C::SearchDeleteWord) => {
            let kept = input[..at].trim_end().rfind(' ').map_or(0, |i| i + 1);
            input.replace_range(kept..at, "");
            at = kept;
        }
        Action::Command(C::SearchClearLine) => {
            input.clear();
            at = 0;
        }
        Action::Command(C::SearchLeft | C::SearchRight | C::SearchStart | C::SearchEnd) => {
            let to = match action {
                Action::Command(C::SearchLeft) => before(at, &input),
                Action::Command(C::SearchRight) => after(at, &input),
                Action::Command(C::SearchStart) => 0,
                _ => input.len(),
            };
            let moved = to != at;
            search.cursor = (to < input.len()).then_some(to);
            return if moved {
                Outcome::redraw()
            } else {
                Outcome::nothing()
            };
        }
        Action::Event(E::Paste(text)) => {
            let text = crate::model::text::inline(&text);
            input.insert_str(at, &text);
            at += text.len();
        }
        Action::Command(C::HistoryBack) | Action::Command(C::HistoryForward) => {
            let request = search.recall(action == Action::Command(C::HistoryBack), &selection);
            return after_query_change(state, request);
        }
        Action::Command(C::SearchSubmit) => {
            let save = search.submit();
            state.focus = Focus::List;
            return Outcome::redraw().with_some(save.map(Effect::SaveHistory));
        }
        Action::Command(C::SearchCancel) => {
            let kept = state.selected_record();
            state.search.clear();
            reselect_from(state, None);
            select_again(state, kept);
            return Outcome::redraw();
        }
        _ => return Outcome::nothing(),
    }
    if input == search.input {
        return Outcome::nothing();
    }
    search.recall = None;
    let end = input.len();
    // A space typed or taken back: the list stays as its search leaves it.
    if search.set_input_keeping_query(&input) {
        search.cursor = (at < end).then_some(at);
        return Outcome::redraw();
    }
    let request = search.set_input(input, &selection);
    search.cursor = (at < end).then_some(at);
    after_query_change(state, request)
}

/// The query changed: run its search, or (no query) list every record at once.
fn after_query_change(state: &mut State, request: Option<Request>) -> Outcome {
    if request.is_none() && !state.search.active() {
        reselect_from(state, None);
    }
    Outcome::redraw().with_some(request.map(Effect::Search))
}

fn help(state: &mut State, command: C) -> Outcome {
    let before = (state.help, state.help_scroll);
    match command {
        C::Down => state.help_scroll += 1,
        C::Up => state.help_scroll = state.help_scroll.saturating_sub(1),
        C::Close => state.help = false,
        _ => {}
    }
    let max = state.keymap.help_lines(state.lang).len().saturating_sub(1);
    state.help_scroll = state.help_scroll.min(max);
    Outcome::when(before != (state.help, state.help_scroll))
}

fn wheel(state: &mut State, column: u16, row: u16, lines: i16) -> Outcome {
    let a = state.areas();
    let step = if lines < 0 { C::Up } else { C::Down };
    let inside =
        |r: Option<ratatui::layout::Rect>| r.is_some_and(|r| layout::contains(r, column, row));
    let (in_detail, in_list, in_facets) = (inside(a.detail), inside(a.list), inside(a.facets));
    let mut outcome = Outcome::nothing();
    for _ in 0..lines.unsigned_abs() {
        let o = if in_detail && state.focus == Focus::Detail {
            detail(state, step)
        } else if in_list {
            list(state, step)
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
            return match facet_pane(state, C::FacetToggle) {
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
