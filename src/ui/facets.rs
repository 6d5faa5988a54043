//! The facet pane: each facet's heading, then its values with their counts, chosen ones ticked.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::text::width;
use super::theme::Theme;
use crate::app::facets::{self, FacetRow};
use crate::app::state::{Focus, State};
use crate::i18n;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = facets::rows(state);
    let w = area.width as usize;
    let focused = state.focus == Focus::Facets;
    for (i, row) in rows
        .iter()
        .enumerate()
        .skip(state.facets.scroll)
        .take(area.height as usize)
    {
        let y = area.y + (i - state.facets.scroll) as u16;
        let line = match row {
            FacetRow::Heading { facet, chosen } => {
                let name = i18n::facet(state.lang, *facet);
                let text = match chosen {
                    0 => name.to_owned(),
                    n => format!("{name} ({n})"),
                };
                Line::styled(theme.glyphs.pad(&text, w), theme.heading)
            }
            FacetRow::Value {
                label,
                count,
                chosen,
                ..
            } => {
                let mark = if *chosen { "[x] " } else { "[ ] " };
                let count = format!(" {count}");
                let room = w.saturating_sub(width(mark) + width(&count));
                let text = format!(
                    "{mark}{}{count}",
                    theme.glyphs.pad(&theme.glyphs.fit(label, room), room)
                );
                let style = if *chosen {
                    theme.link
                } else {
                    ratatui::style::Style::new()
                };
                Line::from(Span::styled(text, style))
            }
        };
        let line = if i == state.facets.cursor {
            line.style(if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            })
        } else {
            line
        };
        frame.render_widget(line, Rect::new(area.x, y, area.width, 1));
    }
}
