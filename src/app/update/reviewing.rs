//! Review in `update`: statuses, stars, the note editor, copying, the next unreviewed record.

use super::*;

/// A status or star for the record in view, for the runtime to write; shown once committed.
pub(super) fn review_change(state: &mut State, change: Change) -> Outcome {
    let Some(record) = state.detail_record().and_then(|r| state.dataset.get(r)) else {
        return Outcome::nothing();
    };
    Outcome::nothing().with(Effect::Review {
        record: record.id().to_owned(),
        change,
    })
}

/// Opens the note editor for the record in view.
pub(super) fn open_editor(state: &mut State) -> Outcome {
    let Some(record) = state.detail_record().and_then(|r| state.dataset.get(r)) else {
        return Outcome::nothing();
    };
    state.editor = Some(NoteEditor::new(record.id().to_owned()));
    Outcome::redraw()
}

/// `y` / `Y`: the record in view to the terminal's clipboard, and a word in the status line.
pub(super) fn copy(state: &mut State, markdown: bool) -> Outcome {
    let Some(record) = state.detail_record() else {
        return Outcome::nothing();
    };
    let text = if markdown {
        copy::markdown(state, record)
    } else {
        copy::citation(state, record)
    };
    let Some(text) = text else {
        return Outcome::nothing();
    };
    match copy::osc52(&text) {
        Some(sequence) => {
            state.notice = Some(Notice::Said(crate::i18n::Msg::Copied));
            Outcome::redraw().with(Effect::Copy { text, sequence })
        }
        None => {
            state.notice = Some(Notice::Said(crate::i18n::Msg::CopyTooLong));
            Outcome::redraw()
        }
    }
}

/// Opens the editor on the reviewer's latest note on the record in view; a new note when
/// they have none there.
pub(super) fn edit_note(state: &mut State) -> Outcome {
    let Some(record) = state.detail_record().and_then(|r| state.dataset.get(r)) else {
        return Outcome::nothing();
    };
    let id = record.id().to_owned();
    let mine = state
        .review
        .of(&id)
        .and_then(|r| r.notes.iter().rev().find(|n| n.author == state.review.user));
    state.editor = Some(match mine {
        Some(note) => NoteEditor::editing(id, note.id, &note.text),
        None => NoteEditor::new(id),
    });
    Outcome::redraw()
}

/// Keys while a note is being written.
pub(super) fn editor(state: &mut State, action: Action) -> Outcome {
    let Some(editor) = state.editor.as_mut() else {
        return Outcome::nothing();
    };
    match action {
        Action::EditorKey(key) => {
            editor.area.input(key);
            Outcome::redraw()
        }
        Action::SaveNote => {
            let record = editor.record.clone();
            let save = editor
                .change()
                .map(|change| Effect::Review { record, change });
            state.editor = None;
            Outcome::redraw().with_some(save)
        }
        Action::CloseEditor if editor.is_blank() => {
            state.editor = None;
            Outcome::redraw()
        }
        Action::CloseEditor => {
            editor.confirming = true;
            Outcome::redraw()
        }
        Action::DiscardNote => {
            state.editor = None;
            Outcome::redraw()
        }
        Action::ResumeNote => {
            editor.confirming = false;
            Outcome::redraw()
        }
        Action::Quit => Outcome::nothing().with(Effect::Quit),
        Action::Resize(w, h) => {
            resize(state, w, h);
            Outcome::redraw()
        }
        _ => Outcome::nothing(),
    }
}

/// Moves the list (and an open detail) to the next or previous unreviewed record.
pub(super) fn next_unreviewed(state: &mut State, forward: bool) -> Outcome {
    let Some(i) = crate::app::review::next_unreviewed(state, forward) else {
        return Outcome::nothing();
    };
    state.selected = i;
    if state.focus == Focus::Detail {
        if let Some(record) = state.selected_record() {
            state.page = Page::new(record);
            state.history = Default::default();
        }
    }
    keep_selection_visible(state);
    Outcome::redraw()
}
