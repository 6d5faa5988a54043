//! The detail pane: the record laid out by `layout::detail` (once per change), styled by role.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::state::{Focus, State};
use crate::i18n::{self, Msg};
use crate::layout::detail::{DetailLine, Role, LINK_INDENT};

fn style(role: Role, theme: &Theme) -> Style {
    match role {
        Role::Plain => Style::new(),
        Role::Title => theme.title,
        Role::Dim => theme.dim,
        Role::Label => theme.label,
        Role::Heading => theme.heading,
        Role::Link => theme.link,
    }
}

/// One laid-out line as spans; `selected` marks the selected link.
fn line(l: &DetailLine, selected: bool, theme: &Theme) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::with_capacity(l.pieces.len());
    for (i, p) in l.pieces.iter().enumerate() {
        let mut base = style(p.role, theme);
        let mut text = p.text.clone();
        if selected {
            base = theme.link_selected;
            if i == 0 {
                if let Some(rest) = text.strip_prefix(LINK_INDENT) {
                    text = format!("{} {rest}", theme.glyphs.marks.pointer);
                }
            }
        }
        let s = if p.matched {
            base.patch(theme.matched)
        } else {
            base
        };
        spans.push(Span::styled(text, s));
    }
    Line::from(spans)
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(record) = state.detail_record() else {
        let msg = theme
            .glyphs
            .fit(i18n::t(state.lang, Msg::EmptyList), area.width as usize);
        frame.render_widget(Line::styled(msg, theme.dim), area);
        return;
    };
    let layout = state.detail_layout(record, area.width);
    let (scroll, selected) = match state.focus {
        Focus::Detail => (state.page.scroll, state.page.link),
        _ => (0, None),
    };
    let selected_line = selected.and_then(|i| layout.link_lines.get(i).copied());
    let max = layout.lines.len().saturating_sub(area.height as usize);
    let scroll = scroll.min(max);
    for (i, l) in layout
        .lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(area.height as usize)
    {
        let row = Rect::new(area.x, area.y + (i - scroll) as u16, area.width, 1);
        frame.render_widget(line(l, selected_line == Some(i), theme), row);
    }
    if max > 0 {
        scrollbar(frame, area, scroll, max, theme);
    }
}

/// A one-column position marker on the pane's right edge.
fn scrollbar(frame: &mut Frame, area: Rect, scroll: usize, max: usize, theme: &Theme) {
    let x = area.right().saturating_sub(1);
    let h = area.height as usize;
    let y = area.y + ((scroll * (h - 1)) / max.max(1)) as u16;
    let mark = Span::styled(theme.glyphs.scroll_mark, theme.dim);
    frame.render_widget(mark, Rect::new(x, y, 1, 1));
}
