//! The note editor: a multi-line text area (ratatui-textarea) for one record's new note. Ctrl-s
//! saves; Esc closes at once when nothing was typed, else asks whether to keep the note.

use ratatui_textarea::TextArea;

/// A note being written.
#[derive(Clone, Debug)]
pub struct NoteEditor {
    /// The id of the record the note is for.
    pub record: String,
    pub area: TextArea<'static>,
    /// Esc was pressed with text typed: asking whether to keep it.
    pub confirming: bool,
}

impl NoteEditor {
    pub fn new(record: String) -> NoteEditor {
        NoteEditor {
            record,
            area: TextArea::default(),
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
