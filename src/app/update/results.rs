//! A search's results arriving: its first screen, then, for many matches, the rest of its rows
//! in order; and what goes past the rows in order before then.

use std::sync::Arc;

use super::keep_selection_visible;
use super::list_height;
use crate::app::action::Command as C;
use crate::app::effect::Outcome;
use crate::app::mode::Mode;
use crate::app::state::{State, NEAR_TOP};
use crate::model::selection::{Selection, Shown};

/// Rows past a first screen's lead are in no order yet: a command that may read them (an
/// export, a copy, the next unreviewed, the stats) has them put in order first.
pub(super) fn before_command(state: &mut State, command: &C) {
    if !state.rows_complete() && state.mode() != Mode::Search && !moves_in_view(command) {
        state.complete_rows();
    }
}

/// Commands that only move in the list or the view, reading no rows but those they land on or
/// show: past a first screen's lead, [`order_rows_in_sight`] puts the rows in order.
fn moves_in_view(command: &C) -> bool {
    matches!(
        command,
        C::Down
            | C::Up
            | C::Top
            | C::Bottom
            | C::PageDown
            | C::PageUp
            | C::HalfPageDown
            | C::HalfPageUp
            | C::Open
            | C::Close
            | C::OpenSearch
            | C::Quit
    )
}

/// Puts every row in order when the selection or the rows the list reads ([`NEAR_TOP`] from
/// the first in view) go past a first screen's lead; whether it did.
pub(super) fn order_rows_in_sight(state: &mut State) -> bool {
    if state.rows_complete() {
        return false;
    }
    let seen = state.list_offset + list_height(state).max(NEAR_TOP);
    if state.selected < state.ordered() && seen <= state.ordered() {
        return false;
    }
    state.complete_rows();
    keep_selection_visible(state);
    true
}

/// Results of a search arrived. Kept (and drawn, even when nothing matched or the count is the
/// same as before) only if they are for the query in force.
pub(super) fn search_done(
    state: &mut State,
    generation: u64,
    hits: Arc<Vec<crate::model::search::Hit>>,
    shown: Arc<Shown>,
    asked: &Selection,
) -> Outcome {
    // The same query searched again (the data reloaded): the same record stays selected.
    let again = state.search.results.as_ref().map(|r| r.query.clone());
    let kept = state.selected_record();
    if !state.search.finish(generation, hits.clone()) {
        return Outcome::nothing();
    }
    let again = again.is_some_and(|q| q == state.search.query);
    state.hits = hits;
    // The facets, sort or tab may have changed while it ran: then select again.
    if *asked == state.selection() {
        state.show(Arc::unwrap_or_clone(shown));
    } else {
        state.reselect();
    }
    state.selected = 0;
    state.list_offset = 0;
    if again {
        super::select_again(state, kept);
    }
    keep_selection_visible(state);
    Outcome::redraw()
}

/// The rest of the rows of the search whose first screen is shown, in order: they replace the
/// rows, the same record selected, the list scrolled as it was. Dropped when they are for
/// another query or selection (whose rows were put in order when they were made).
pub(super) fn search_ordered(
    state: &mut State,
    generation: u64,
    hits: Arc<Vec<crate::model::search::Hit>>,
    shown: Arc<Shown>,
    asked: &Selection,
) -> Outcome {
    let current = generation == state.search.generation && state.search.active();
    if !current || *asked != state.selection() {
        return Outcome::nothing();
    }
    // The next keystroke still types on from the first screen's matches (`search.recent`):
    // past the lead they are in dataset order, which its search reads faster than rank order.
    state.hits = hits;
    if state.rows_complete() {
        // Put in order here already (something needed them): the same rows.
        return Outcome::nothing();
    }
    let offset = state.list_offset;
    state.show(Arc::unwrap_or_clone(shown));
    state.list_offset = offset;
    keep_selection_visible(state);
    Outcome::redraw()
}
