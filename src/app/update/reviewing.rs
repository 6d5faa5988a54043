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

/// The store as read (after a change of ours or a teammate's): the reviews, their facets, and
/// the status history; a teammate's change of a status I set is said on the status line.
pub(super) fn loaded(
    state: &mut State,
    reviews: Arc<std::collections::HashMap<String, crate::model::review::Review>>,
    facets: Arc<crate::model::facets::ReviewFacets>,
    history: Arc<crate::model::review::HistoryNews>,
) -> Outcome {
    state.review.generation += 1;
    state.filters.reviews = Some(facets);
    state.review.reviews = reviews;
    state.review.error = None;
    let mut over_mine = state.review.take_history(Arc::unwrap_or_clone(history));
    if let Some(change) = over_mine.pop() {
        let more = over_mine.len();
        state.notice = Some(Notice::Overridden { change, more });
    }
    // Review facets may be chosen: the list and the counts follow.
    state.reselect();
    keep_selection_visible(state);
    Outcome::redraw()
}

/// Opens the note editor for the record in view.
pub(super) fn open_editor(state: &mut State) -> Outcome {
    let Some(record) = state.detail_record().and_then(|r| state.dataset.get(r)) else {
        return Outcome::nothing();
    };
    state.editor = Some(NoteEditor::new(record.id().to_owned()));
    fit_editor(state);
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
    fit_editor(state);
    Outcome::redraw()
}

/// Keys while a note is being written. While it is being saved, typing goes on (the text at
/// Ctrl-s is what is saved); Ctrl-s again saves what was typed since once the store has
/// committed; Esc closes once the store has answered. Either says so at once.
pub(super) fn editor(state: &mut State, action: Action) -> Outcome {
    fit_editor(state);
    let Some(editor) = state.editor.as_mut() else {
        return Outcome::nothing();
    };
    match action {
        Action::Event(E::EditorKey(key)) => {
            editor.input(key);
            Outcome::redraw()
        }
        Action::Event(E::EditorText(text)) => {
            editor.type_text(&text);
            Outcome::redraw()
        }
        Action::Event(E::Paste(text)) => {
            editor.paste(&text);
            Outcome::redraw()
        }
        Action::Command(C::SaveNote) if editor.saving => {
            editor.again = true;
            Outcome::redraw()
        }
        Action::Command(C::CloseEditor) if editor.saving => {
            editor.closing = true;
            Outcome::redraw()
        }
        Action::Command(C::DiscardNote) | Action::Command(C::ResumeNote) if editor.saving => {
            Outcome::nothing()
        }
        Action::Command(C::SaveNote) if editor.change().is_none() => close_editor(state),
        Action::Command(C::SaveNote) => {
            // Stays open, saying "saving…", until the store answers (`NoteSaved`).
            let record = editor.record.clone();
            let save = editor
                .start_saving()
                .map(|change| Effect::Review { record, change });
            Outcome::redraw().with_some(save)
        }
        Action::Command(C::CloseEditor) if editor.is_blank() => close_editor(state),
        Action::Command(C::CloseEditor) => {
            editor.confirming = true;
            Outcome::redraw()
        }
        Action::Command(C::DiscardNote) => close_editor(state),
        Action::Command(C::ResumeNote) => {
            editor.confirming = false;
            Outcome::redraw()
        }
        Action::Command(C::Quit) => Outcome::nothing().with(Effect::Quit),
        Action::Event(E::Resize(w, h)) => {
            resize(state, w, h);
            fit_editor(state);
            Outcome::redraw()
        }
        _ => Outcome::nothing(),
    }
}

/// Wraps the open editor's text for the screen as it is.
fn fit_editor(state: &mut State) {
    let (width, height) = crate::layout::editor::text_size(state.size);
    if let Some(editor) = state.editor.as_mut() {
        editor.set_size(width, height);
    }
}

/// Closes the editor without saving. A note from an earlier session stays in its file.
fn close_editor(state: &mut State) -> Outcome {
    if let Some(unsaved) = state.editor.take().and_then(|e| e.recovered) {
        let file = unsaved.path.display().to_string();
        state.notice = Some(Notice::Detail(crate::i18n::Msg::UnsavedStillKept, file));
    }
    Outcome::redraw()
}

/// The store's answer to the editor's Ctrl-s, and the notes kept from earlier sessions.
pub(super) fn stored(state: &mut State, action: E) -> Outcome {
    match action {
        E::NoteSaved(note) => {
            let Some(editor) = state.editor.as_mut().filter(|e| e.saving) else {
                return Outcome::nothing();
            };
            state.notice = Some(Notice::Said(crate::i18n::Msg::NoteSaved));
            let forget = editor
                .recovered
                .take()
                .map(|r| Effect::ForgetUnsaved(r.path));
            if editor.saved(note) {
                state.editor = None;
                return Outcome::redraw().with_some(forget);
            }
            // Typed since Ctrl-s: the editor stays, with that text, unsaved; saved now when
            // Ctrl-s was pressed again meanwhile.
            let record = editor.record.clone();
            let again = editor
                .again
                .then(|| editor.start_saving())
                .flatten()
                .map(|change| Effect::Review { record, change });
            Outcome::redraw().with_some(forget).with_some(again)
        }
        E::NoteNotSaved(why) => {
            match state.editor.as_mut() {
                Some(editor) if editor.saving => editor.not_saved(why),
                _ => state.review.error = Some(why),
            }
            Outcome::redraw()
        }
        E::UnsavedFound {
            notes,
            problems,
            not_offered,
        } => {
            if let Some(problem) = problems.into_iter().next() {
                let what = crate::i18n::Msg::UnsavedUnreadable;
                state.notice = Some(Notice::Problem(what, problem));
            } else if let Some((n, folder)) = not_offered {
                let detail = format!("{n} {} {}", state.marks().arrow, folder.display());
                state.notice = Some(Notice::Detail(crate::i18n::Msg::UnsavedNotOffered, detail));
            }
            state.unsaved = notes;
            Outcome::redraw()
        }
        _ => Outcome::nothing(),
    }
}

/// Offers the oldest note kept from an earlier session when nothing else is open (not over
/// a query being typed either); true when it did.
pub(super) fn offer_unsaved(state: &mut State) -> bool {
    let offer = !state.unsaved.is_empty()
        && state.dialog.is_none()
        && state.editor.is_none()
        && !state.search.editing
        && !state.help
        && !state.stats;
    if offer {
        state.dialog = Some(crate::app::dialog::Dialog::Unsaved);
    }
    offer
}

/// Enter on the offer: the note in the editor, where Ctrl-s saves it; as a change of the note
/// it changed when that is still the reviewer's, else as a new note.
pub(super) fn open_unsaved(state: &mut State) -> Outcome {
    if state.unsaved.is_empty() {
        return Outcome::redraw();
    }
    let unsaved = state.unsaved.remove(0);
    let mine = unsaved.note.filter(|&id| {
        state.review.of(&unsaved.record).is_some_and(|r| {
            r.notes
                .iter()
                .any(|n| n.id == id && n.author == state.review.user)
        })
    });
    state.editor = Some(NoteEditor::recovered(unsaved, mine));
    fit_editor(state);
    Outcome::redraw()
}

/// Esc on the offer: the notes stay in their files, offered again at the next start.
pub(super) fn unsaved_later(state: &mut State) -> Outcome {
    if let Some(first) = state.unsaved.first() {
        let folder = first.path.parent().unwrap_or(&first.path);
        let arrow = state.marks().arrow;
        let detail = format!("{} {arrow} {}", state.unsaved.len(), folder.display());
        state.notice = Some(Notice::Detail(crate::i18n::Msg::UnsavedLater, detail));
    }
    state.unsaved.clear();
    Outcome::redraw()
}

/// Moves the list (and an open detail) to the next or previous unreviewed record, the one in
/// view first; says so when every listed record has a status.
/// `landed` is where the previous command, if it was a `.` or `,`, went and which way.
pub(super) fn next_unreviewed(
    state: &mut State,
    forward: bool,
    landed: Option<(usize, bool)>,
) -> Outcome {
    let moving_on =
        landed.is_some_and(|(record, way)| way == forward && state.detail_record() == Some(record));
    let found = crate::app::review::next_unreviewed(state, forward, moving_on);
    let Some(i) = found else {
        if state.rows.is_empty() {
            return Outcome::nothing();
        }
        let all = Notice::Count(crate::i18n::Msg::AllReviewed, state.rows.len());
        state.notice = Some(all);
        return Outcome::redraw();
    };
    state.selected = i;
    state.review.landed = state.rows.get(i).map(|&record| (record, forward));
    if state.focus == Focus::Detail {
        match state.selected_record() {
            // The record in view is the one: it stays as it is, scrolled where it was.
            Some(record) if record == state.page.record => {}
            Some(record) => {
                state.page = Page::new(record);
                state.history = Default::default();
            }
            None => {}
        }
    }
    keep_selection_visible(state);
    Outcome::redraw()
}
