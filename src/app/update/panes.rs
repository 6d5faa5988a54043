//! The panes' layout in `update`: the stats view, and the split between list and detail moved
//! with keys or dragged with the mouse.

use super::*;

/// Dragging the split with the mouse, and letting it go.
pub(super) fn drag(state: &mut State, event: E) -> Outcome {
    match event {
        E::Drag { column } if state.dragging => drag_split(state, column),
        E::Release => {
            state.dragging = false;
            Outcome::nothing()
        }
        _ => Outcome::nothing(),
    }
}

pub(super) fn panes(state: &mut State, command: C) -> Outcome {
    match command {
        C::ToggleStats => {
            state.stats = !state.stats;
            state.stats_scroll = 0;
            Outcome::redraw()
        }
        C::WidenList | C::NarrowList => {
            let step: i16 = if command == C::WidenList { 5 } else { -5 };
            let range = layout::LIST_PERCENT_RANGE;
            let to = (i16::from(state.list_percent) + step)
                .clamp(i16::from(*range.start()), i16::from(*range.end()))
                as u8;
            let moved = to != state.list_percent;
            state.list_percent = to;
            Outcome::when(moved)
        }
        _ => Outcome::nothing(),
    }
}

/// Scrolls the stats view: a line, a page, to the top or the bottom.
pub(super) fn scroll_stats(state: &mut State, command: C) -> Outcome {
    let max = crate::app::stats::max_scroll(state);
    let page = layout::stats(state.size).2.height.max(1) as usize;
    let from = state.stats_scroll.min(max);
    let Some(to) = moved(&command, from, max + 1, page) else {
        return Outcome::nothing();
    };
    state.stats_scroll = to;
    Outcome::when(to != from)
}

/// The split follows the mouse: the list ends where it is.
fn drag_split(state: &mut State, column: u16) -> Outcome {
    let a = state.areas();
    let (Some(list), Some(detail)) = (a.list, a.detail) else {
        return Outcome::nothing();
    };
    let span = u32::from(detail.right().saturating_sub(list.x)).max(1);
    let at = u32::from(column.saturating_sub(list.x));
    let range = layout::LIST_PERCENT_RANGE;
    let percent = (at * 100 / span).clamp(u32::from(*range.start()), u32::from(*range.end())) as u8;
    let moved = percent != state.list_percent;
    state.list_percent = percent;
    Outcome::when(moved)
}
