//! The note editor over the screen: the text, wrapped at the box's width and scrolled to the
//! cursor, in a box titled with the record, and, when
//! closing with text typed, the question whether to keep it. Below the text: "saving…" while
//! the store has not committed, why it did not, or how much of the size limit the note uses.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::Frame;

use super::text::wrap;
use super::theme::Theme;
use crate::app::editor::{visible_top, NoteEditor, Said, NEAR_LIMIT};
use crate::app::state::State;
use crate::i18n::{self, Msg};
use crate::model::describe;
use crate::model::review::NOTE_LIMIT;
use crate::model::text::inline;

/// The most lines the message below the text takes.
const MESSAGE_LINES: usize = 3;

pub fn render(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme) {
    let Some(editor) = &state.editor else {
        return;
    };
    let area = crate::layout::editor::editor_box(screen);
    let title = state
        .dataset
        .by_id(&editor.record)
        .map_or(editor.record.as_str(), |r| describe::title(r, state.text()));
    let mut title = format!("{} {title}", i18n::t(state.lang, Msg::NoteTitle));
    if editor.recovered.is_some() {
        // First: a long record title would cut it off.
        let (recovered, sep) = (
            i18n::t(state.lang, Msg::NoteRecovered),
            theme.glyphs.marks.sep,
        );
        title = format!("{recovered} {sep} {title}");
    }
    let mut inner = super::popup(frame, area, &title, theme);
    if editor.confirming {
        let question = theme
            .glyphs
            .fit(i18n::t(state.lang, Msg::KeepNote), inner.width as usize);
        frame.render_widget(
            Line::styled(question, theme.warning),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        inner = Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(1),
        );
    }
    if let Some((text, style)) = message(state, editor, theme) {
        // The text keeps at least two lines.
        let room = (inner.height as usize).saturating_sub(2).min(MESSAGE_LINES);
        let lines: Vec<String> = wrap(&text, inner.width.max(1) as usize)
            .into_iter()
            .take(room)
            .collect();
        let n = lines.len() as u16;
        let top = inner.y + inner.height - n;
        for (i, l) in lines.into_iter().enumerate() {
            frame.render_widget(
                Line::styled(l, style),
                Rect::new(inner.x, top + i as u16, inner.width, 1),
            );
        }
        inner.height -= n;
    }
    render_text(frame, inner, editor);
}

/// The rows of the text in view, the cursor's among them, the cursor shown reversed.
fn render_text(frame: &mut Frame, area: Rect, editor: &NoteEditor) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let width = crate::layout::editor::wrap_width(area.width);
    let text = editor.draft.as_str();
    let (rows, cursor_row) = editor.draft.rows(width);
    let height = area.height as usize;
    let top = visible_top(editor.top, cursor_row, height);
    for (i, row) in rows.iter().enumerate().skip(top).take(height) {
        let y = area.y + (i - top) as u16;
        let line = Line::raw(&text[row.start..row.end]);
        frame.render_widget(line, Rect::new(area.x, y, area.width, 1));
    }
    let row = rows[cursor_row];
    let column = crate::layout::text::width(&text[row.start..editor.draft.cursor()]);
    let x = area.x + (column as u16).min(area.width - 1);
    let y = area.y + (cursor_row - top) as u16;
    let reversed = Style::new().add_modifier(Modifier::REVERSED);
    frame.buffer_mut()[(x, y)].set_style(reversed);
}

/// What to say below the text, and how.
fn message(state: &State, editor: &NoteEditor, theme: &Theme) -> Option<(String, Style)> {
    let t = |m| i18n::t(state.lang, m);
    let limit = kib(NOTE_LIMIT);
    if editor.saving {
        // Ctrl-s or Esc pressed again while the store commits: what will happen then.
        let saying = match (editor.closing, editor.again) {
            (true, _) => Msg::NoteSavingThenClose,
            (false, true) => Msg::NoteSavingAgain,
            (false, false) => Msg::NoteSaving,
        };
        return Some((theme.glyphs.plain(t(saying)).into_owned(), theme.prompt));
    }
    let said = match &editor.said {
        Some(Said::NotSaved(why)) => t(Msg::NoteNotSaved).replace("{why}", &inline(why)),
        Some(Said::TypedSince) => t(Msg::NoteTypedSince).to_owned(),
        Some(Said::TooLong(size)) => t(Msg::NoteTooLong)
            .replace("{size}", &kib(*size))
            .replace("{limit}", &limit),
        Some(Said::PasteRefused { pasted, room }) => t(Msg::NotePasteRefused)
            .replace("{pasted}", &kib(*pasted))
            .replace("{room}", &kib_down(*room))
            .replace("{limit}", &limit),
        Some(Said::Full(n)) => t(Msg::NoteFull)
            .replace("{limit}", &limit)
            .replace("{n}", &n.to_string()),
        None if editor.len() >= NEAR_LIMIT => {
            let size = t(Msg::NoteSize)
                .replace("{size}", &kib(editor.len()))
                .replace("{limit}", &limit);
            return Some((size, theme.dim));
        }
        None => return None,
    };
    Some((said, theme.warning))
}

/// A size in KiB, one decimal when it has one ("48.5 KiB", "64 KiB"), rounded up: a note a
/// byte too long never reads as fitting.
fn kib(bytes: usize) -> String {
    tenths_of_kib((bytes * 10).div_ceil(1024))
}

/// Room left in KiB, rounded down: room never reads as more than there is.
fn kib_down(bytes: usize) -> String {
    tenths_of_kib(bytes * 10 / 1024)
}

fn tenths_of_kib(tenths: usize) -> String {
    if tenths % 10 == 0 {
        format!("{} KiB", tenths / 10)
    } else {
        format!("{}.{} KiB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_in_kib_rounded_up() {
        assert_eq!(kib(NOTE_LIMIT), "64 KiB");
        assert_eq!(kib(NOTE_LIMIT + 1), "64.1 KiB");
        assert_eq!(kib(49_664), "48.5 KiB");
        assert_eq!(kib(0), "0 KiB");
        assert_eq!(kib_down(NOTE_LIMIT - 5), "63.9 KiB");
    }
}
