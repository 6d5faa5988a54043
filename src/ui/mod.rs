//! Drawing: a view that only reads the state. One file per pane.

pub mod detail;
pub mod dialog;
pub mod editor;
pub mod facets;
pub mod help;
pub mod list;
pub mod search_bar;
pub mod stats;
pub mod status;
pub mod tabs;
pub mod text;
pub mod theme;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::state::State;
use crate::i18n::{self, Msg};
use crate::layout;
use theme::Theme;

/// Draws the whole screen for `state`.
pub fn view(frame: &mut Frame, state: &State, theme: &Theme) {
    let screen = frame.area();
    let size = (screen.width, screen.height);
    if layout::too_small(size) {
        too_small(frame, screen, state, theme);
        return;
    }
    let a = layout::areas(size, state.panes());
    tabs::render(frame, a.tabs, state, theme);
    if let Some(r) = a.facets {
        facets::render(frame, r, state, theme);
        if r.right() < screen.width {
            for y in r.y..r.bottom() {
                frame.render_widget(
                    Line::styled(theme.glyphs.vertical, theme.border),
                    Rect::new(r.right(), y, 1, 1),
                );
            }
        }
    }
    if let Some(r) = a.list_header {
        list::render_header(frame, r, state, theme);
    }
    if let Some(r) = a.list {
        list::render(frame, r, state, theme);
    }
    if let Some(r) = a.separator {
        for y in r.y..r.bottom() {
            let line = Line::styled(theme.glyphs.vertical, theme.border);
            frame.render_widget(line, Rect::new(r.x, y, 1, 1));
        }
    }
    if let Some(r) = a.detail {
        detail::render(frame, r, state, theme);
    }
    if state.search.editing {
        search_bar::render(frame, a.hints, state, theme);
        status::render_hints(frame, a.status, state, theme);
    } else {
        status::render_hints(frame, a.hints, state, theme);
        status::render_status(frame, a.status, state, theme);
    }
    if state.stats {
        stats::render(frame, screen, state, theme);
    }
    if state.help {
        help::render(
            frame,
            screen,
            &state.keymap,
            state.lang,
            state.help_scroll,
            theme,
        );
    }
    if state.editor.is_some() {
        editor::render(frame, screen, state, theme);
    }
    if state.dialog.is_some() {
        dialog::render(frame, screen, state, theme);
    }
}

/// A box over the screen at `area` with `title` on its border; the area inside it.
pub fn popup(frame: &mut Frame, area: Rect, title: &str, theme: &Theme) -> Rect {
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Borders, Clear};
    frame.render_widget(Clear, area);
    let title = format!(" {title} ");
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.glyphs.border)
        .border_style(theme.border)
        .title(Span::styled(
            theme
                .glyphs
                .fit(&title, area.width.saturating_sub(2) as usize),
            theme.title,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn too_small(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme) {
    let (min_w, min_h) = layout::MIN_SIZE;
    let text = i18n::t(state.lang, Msg::TooSmall)
        .replace("{size}", &format!("{}x{}", screen.width, screen.height))
        .replace("{min}", &format!("{min_w}x{min_h}"));
    let lines = text::wrap(&text, screen.width.max(1) as usize);
    for (i, l) in lines.into_iter().take(screen.height as usize).enumerate() {
        let row = Rect::new(screen.x, screen.y + i as u16, screen.width, 1);
        frame.render_widget(Line::styled(l, theme.warning), row);
    }
}
