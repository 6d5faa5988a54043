//! The note editor: a multi-line text area (ratatui-textarea) for one record's new note. Ctrl-s
//! saves; Esc closes at once when nothing was typed, else asks whether to keep the note.

use ratatui_textarea::TextArea;

use super::review::Change;

/// A note being written.
#[derive(Clone, Debug)]
pub struct NoteEditor {
    /// The id of the record the note is for.
    pub record: String,
    /// The note being changed; `None` for a new note.
    pub note: Option<i64>,
    pub area: TextArea<'static>,
    /// Esc was pressed with text typed: asking whether to keep it.
    pub confirming: bool,
    /// The note's text when the editor opened (empty for a new note).
    original: String,
}

impl NoteEditor {
    pub fn new(record: String) -> NoteEditor {
        NoteEditor {
            record,
            note: None,
            area: TextArea::default(),
            confirming: false,
            original: String::new(),
        }
    }

    /// An editor holding note `note`'s text, to change it.
    pub fn editing(record: String, note: i64, text: &str) -> NoteEditor {
        let lines = text.split('\n').map(str::to_owned).collect();
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        NoteEditor {
            record,
            note: Some(note),
            area,
            confirming: false,
            original: text.trim_end().to_owned(),
        }
    }

    /// The text typed, lines joined, trailing blank space trimmed.
    pub fn text(&self) -> String {
        self.area.lines().join("\n").trim_end().to_owned()
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    /// The change saving the editor now would make: `None` when nothing was typed, or the
    /// note's text is as it was.
    pub fn change(&self) -> Option<Change> {
        let text = self.text();
        if text.trim().is_empty() || text == self.original {
            return None;
        }
        Some(match self.note {
            Some(id) => Change::EditNote(id, text),
            None => Change::Note(text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_is_none_until_something_new_is_typed() {
        let mut new = NoteEditor::new("r".into());
        assert_eq!(new.change(), None);
        new.area.insert_str("  ");
        assert_eq!(new.change(), None, "blank");
        new.area.insert_str("ghi chú");
        assert_eq!(new.change(), Some(Change::Note("  ghi chú".into())));
        let mut old = NoteEditor::editing("r".into(), 7, "đã có");
        assert_eq!(old.change(), None, "as it was");
        old.area.insert_str(" thêm");
        assert_eq!(old.change(), Some(Change::EditNote(7, "đã có thêm".into())));
    }
}
