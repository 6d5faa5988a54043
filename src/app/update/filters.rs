//! The facet pane and the sort in `update`: choosing values, clearing them, the cursor.

use super::*;

/// `f`: open the pane and go to it; in it, close it; open but elsewhere, go to it.
pub(super) fn toggle_facets(state: &mut State) -> Outcome {
    match (state.facets.open, state.focus) {
        (true, Focus::Facets) => {
            state.facets.open = false;
            state.focus = Focus::List;
        }
        _ => {
            state.facets.open = true;
            state.focus = Focus::Facets;
            state.history = Default::default();
        }
    }
    keep_selection_visible(state);
    keep_facet_cursor_visible(state);
    Outcome::redraw()
}

pub(super) fn facet_height(state: &State) -> usize {
    state.areas().facets.map_or(1, |r| r.height as usize).max(1)
}

pub(super) fn facet_pane(state: &mut State, action: C) -> Outcome {
    let rows = facets::rows(state);
    let before = state.facets;
    if let Some(to) = moved(
        &action,
        state.facets.cursor,
        rows.len(),
        facet_height(state),
    ) {
        state.facets.cursor = to;
        keep_facet_cursor_visible(state);
        return Outcome::when(before != state.facets);
    }
    let here = rows.get(state.facets.cursor).cloned();
    match (action, here) {
        (C::FacetToggle, Some(FacetRow::Value { facet, key, .. })) => {
            state.filters.toggle(facet, &key);
            after_filters_change(state, Some(facet))
        }
        (C::FacetToggle | C::FacetClear, Some(row)) => {
            let facet = row.facet();
            if state.filters.chosen.remove(&facet).is_none() {
                return Outcome::nothing();
            }
            after_filters_change(state, Some(facet))
        }
        (C::Close, _) => {
            state.focus = Focus::List;
            // Below the split width the pane fills the screen: leaving it closes it.
            if !layout::is_split(state.size) {
                state.facets.open = false;
            }
            keep_selection_visible(state);
            Outcome::redraw()
        }
        _ => Outcome::nothing(),
    }
}

pub(super) fn clear_all_facets(state: &mut State) -> Outcome {
    if state.filters.chosen.is_empty() {
        return Outcome::nothing();
    }
    state.filters.chosen.clear();
    after_filters_change(state, None)
}

/// Facet values were chosen or dropped: the list and the counts follow at once, from the
/// query's matches already at hand. The cursor stays on its facet's row.
fn after_filters_change(state: &mut State, facet: Option<crate::model::facets::Facet>) -> Outcome {
    let key = match facets::rows(state).get(state.facets.cursor) {
        Some(FacetRow::Value { key, .. }) => Some(key.clone()),
        _ => None,
    };
    state.reselect();
    keep_selection_visible(state);
    // Values reorder by count: keep the cursor on the same value.
    if let (Some(facet), Some(key)) = (facet, key) {
        let rows = facets::rows(state);
        let at = rows.iter().position(
            |r| matches!(r, FacetRow::Value { facet: f, key: k, .. } if *f == facet && *k == key),
        );
        if let Some(at) = at {
            state.facets.cursor = at;
        }
    }
    keep_facet_cursor_visible(state);
    Outcome::redraw()
}

pub(super) fn keep_facet_cursor_visible(state: &mut State) {
    let len = facets::rows(state).len();
    let height = facet_height(state);
    let p = &mut state.facets;
    p.cursor = p.cursor.min(len.saturating_sub(1));
    if p.cursor < p.scroll {
        p.scroll = p.cursor;
    } else if p.cursor >= p.scroll + height {
        p.scroll = p.cursor + 1 - height;
    }
    p.scroll = p.scroll.min(len.saturating_sub(height));
}

/// `s`: the next sort field (relevance only while searching); `S`: the other direction.
pub(super) fn sort(state: &mut State, reverse: bool) -> Outcome {
    let s = &mut state.filters.sort;
    if reverse {
        s.descending = !s.descending;
    } else {
        let fields: Vec<SortBy> = SortBy::ALL
            .into_iter()
            .filter(|f| *f != SortBy::Relevance || state.search.active())
            .collect();
        let at = fields.iter().position(|f| *f == s.by);
        s.by = match at {
            Some(i) => fields[(i + 1) % fields.len()],
            None => fields[0],
        };
        s.descending = false;
    }
    state.reselect();
    keep_selection_visible(state);
    Outcome::redraw()
}
