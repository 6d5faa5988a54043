//! The search line at the bottom: `/` and what is typed, with the cursor after it.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::text::width;
use super::theme::Theme;
use crate::app::state::State;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let max = (area.width as usize).saturating_sub(3);
    // Keep the end of a long query in view: that is where the typing is.
    let mut shown: Vec<char> = state.search.input.chars().collect();
    while width(&shown.iter().collect::<String>()) > max && !shown.is_empty() {
        shown.remove(0);
    }
    let text: String = shown.into_iter().collect();
    let line = Line::from(vec![
        Span::styled("/ ", theme.prompt),
        Span::raw(text),
        Span::styled("▏", theme.prompt),
    ]);
    frame.render_widget(line, area);
}
