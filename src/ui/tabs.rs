//! The header: one tab per kind with its count; labels shrink to the keys 1–5 when narrow.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::state::State;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let spans: Vec<Span> = state
        .tab_labels()
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == state.tab {
                theme.tab_active
            } else {
                theme.tab
            };
            Span::styled(l, style)
        })
        .collect();
    frame.render_widget(Line::from(spans), area);
}
