//! The panes' layout in `update`: the stats view, and the split between list and detail moved
//! with keys or dragged with the mouse.

use super::*;

pub(super) fn panes(state: &mut State, action: Action) -> Outcome {
    match action {
        Action::Drag { column } if state.dragging => drag_split(state, column),
        Action::Drag { .. } => Outcome::nothing(),
        Action::Release => {
            state.dragging = false;
            Outcome::nothing()
        }
        Action::ToggleStats => {
            state.stats = !state.stats;
            Outcome::redraw()
        }
        Action::WidenList | Action::NarrowList => {
            let step: i16 = if action == Action::WidenList { 5 } else { -5 };
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
