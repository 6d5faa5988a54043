//! The search line at the bottom: `/` and what is typed, with the cursor after it.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::text::width;
use super::theme::Theme;
use crate::app::state::State;
use crate::i18n::{self, Msg};

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    // After the query: what was left out of a question, or that every word must match.
    let note = match (&state.search.strict, state.search.query.left_out()) {
        (true, _) => format!("  {}", i18n::t(state.lang, Msg::StrictOn)),
        (false, left) if !left.is_empty() => {
            let all = state.search.query.positive_terms().count();
            let text = i18n::t(state.lang, Msg::LeftOut)
                .replace("{n}", &(all - left.len()).to_string())
                .replace("{all}", &all.to_string())
                .replace("{words}", &left.join(", "));
            format!("  {}", crate::model::text::inline(&text))
        }
        _ => String::new(),
    };
    let note = theme.glyphs.fit(&note, (area.width as usize) / 2);
    let max = (area.width as usize).saturating_sub(3 + width(&note));
    // Keep the end of a long query in view: that is where the typing is.
    let mut shown: Vec<char> = state.search.input.chars().collect();
    while width(&shown.iter().collect::<String>()) > max && !shown.is_empty() {
        shown.remove(0);
    }
    let text: String = shown.into_iter().collect();
    let line = Line::from(vec![
        Span::styled("/ ", theme.prompt),
        Span::raw(text),
        Span::styled(theme.glyphs.cursor, theme.prompt),
        Span::styled(note, theme.dim),
    ]);
    frame.render_widget(line, area);
}
