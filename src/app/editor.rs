//! The note editor: a multi-line text area (ratatui-textarea) for one record's new note. Ctrl-s
//! saves; Esc closes at once when nothing was typed, else asks whether to keep the note.

use ratatui_textarea::TextArea;

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
}

impl NoteEditor {
    pub fn new(record: String) -> NoteEditor {
        NoteEditor {
            record,
            note: None,
            area: TextArea::default(),
            confirming: false,
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
        }
    }

    /// The text typed, lines joined, trailing blank space trimmed.
    pub fn text(&self) -> String {
        self.area.lines().join("\n").trim_end().to_owned()
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }
}
