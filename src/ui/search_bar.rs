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
    let input = &state.search.input;
    let at = state.search.at();
    // Keep the cursor in view, and so the end of a long query: that is where the typing is.
    let mut before: Vec<char> = input[..at].chars().collect();
    let mut after: Vec<char> = input[at..].chars().collect();
    let shown = |b: &[char], a: &[char]| width(&b.iter().chain(a).collect::<String>());
    while shown(&before, &after) > max && after.len() > 1 {
        after.pop();
    }
    while shown(&before, &after) > max && !before.is_empty() {
        before.remove(0);
    }
    let before: String = before.into_iter().collect();
    let line = match after.split_first() {
        // At the end: the cursor mark after the text.
        None => Line::from(vec![
            Span::styled("/ ", theme.prompt),
            Span::raw(before),
            Span::styled(theme.glyphs.cursor, theme.prompt),
            Span::styled(note, theme.dim),
        ]),
        // Inside: the character under the cursor in reverse video.
        Some((under, rest)) => Line::from(vec![
            Span::styled("/ ", theme.prompt),
            Span::raw(before),
            Span::styled(
                under.to_string(),
                theme
                    .prompt
                    .add_modifier(ratatui::style::Modifier::REVERSED),
            ),
            Span::raw(rest.iter().collect::<String>()),
            Span::raw(" "),
            Span::styled(note, theme.dim),
        ]),
    };
    frame.render_widget(line, area);
}
