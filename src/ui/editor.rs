//! The note editor over the screen: the text area in a box titled with the record, and, when
//! closing with text typed, the question whether to keep it.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use super::text::fit;
use super::theme::Theme;
use crate::app::state::State;
use crate::i18n::{self, Msg};
use crate::model::describe;

pub fn render(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme) {
    let Some(editor) = &state.editor else {
        return;
    };
    let w = screen.width.saturating_sub(4).min(76);
    let h = screen.height.saturating_sub(4).min(14);
    let area = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    );
    let title = state
        .dataset
        .by_id(&editor.record)
        .map_or(editor.record.as_str(), |r| describe::title(r, state.text()));
    let title = format!("{} {title}", i18n::t(state.lang, Msg::NoteTitle));
    let inner = super::popup(frame, area, &title, theme);
    if editor.confirming {
        let question = fit(i18n::t(state.lang, Msg::KeepNote), inner.width as usize);
        frame.render_widget(
            Line::styled(question, theme.warning),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let rest = Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(1),
        );
        frame.render_widget(&editor.area, rest);
    } else {
        frame.render_widget(&editor.area, inner);
    }
}
