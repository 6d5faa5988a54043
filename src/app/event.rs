//! What the terminal and background work report to `update`, apart from the commands a user
//! binds: typed text and pastes, the mouse, the terminal's size, and the results of searches,
//! loads, review reads and writes, saved views and exports.

use std::sync::Arc;

use crate::model::search::Hit;
use crate::model::selection::{Selection, Shown};

/// Something that happened, as opposed to a command asked for with a key.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// Mouse wheel at a screen position: negative is up.
    Scroll {
        column: u16,
        row: u16,
        lines: i16,
    },
    /// A left click at a screen position.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse moved with its button held (to `column`), and the button let go: dragging the
    /// split between list and detail.
    Drag {
        column: u16,
    },
    Release,
    /// Typed into the search line.
    SearchChar(char),
    /// Typed into a dialog.
    DialogChar(char),
    /// A key typed into the note editor.
    EditorKey(crossterm::event::KeyEvent),
    /// Letters and Enters typed into the note editor in a row, faster than frames are drawn
    /// (the runtime joins them): taken at once.
    EditorText(String),
    /// Text pasted (bracketed paste): into the note editor, the search line or a prompt.
    Paste(String),
    /// Open a saved view (from the picker, or `--view` at start-up).
    OpenView {
        name: String,
        view: Box<crate::model::views::View>,
    },
    /// The saved views were read (for the picker), or could not be.
    ViewsLoaded(Result<Vec<(String, crate::model::views::View)>, String>),
    /// A view was saved under this name, or could not be.
    ViewSaved(Result<String, String>),
    /// An export was written (records, file), or not.
    Exported(Result<(usize, std::path::PathBuf), super::effect::ExportProblem>),
    /// The note in the editor is committed to the store, as this note: the editor closes,
    /// or, when more was typed meanwhile, goes on changing that note.
    NoteSaved(i64),
    /// The store did not take the note in the editor: why (the editor stays open).
    NoteNotSaved(String),
    /// Notes kept in files when earlier sessions ended, to offer back, the files there that
    /// could not be read, and how many notes there are not offered (another reviewer's,
    /// another account's, or for another review file) with the folder.
    UnsavedFound {
        notes: Vec<crate::model::unsaved::UnsavedNote>,
        problems: Vec<String>,
        not_offered: Option<(usize, std::path::PathBuf)>,
    },
    /// The review store was read (after a change of ours or a teammate's), with the review
    /// facets' values made from it (in the background: they take a pass over the reviews).
    ReviewsLoaded {
        reviews: Arc<std::collections::HashMap<String, crate::model::review::Review>>,
        facets: Arc<crate::model::facets::ReviewFacets>,
        /// What the reading found of the status history: the changes not read before (a
        /// teammate's mark over mine is said), or the whole history.
        history: Arc<crate::model::review::HistoryNews>,
    },
    /// Writing or reading the review store failed.
    ReviewFailed(String),
    /// Other background work failed (writing the search history): said on the status line,
    /// and in the log when there is one.
    BackgroundFailed(String),
    /// The data files changed on disk (settled): load them again.
    DataChanged,
    /// The data, loaded and indexed again.
    Reloaded(Data),
    /// The data files no longer load: their errors (the last good data stays).
    ReloadFailed(Vec<String>),
    /// The first load, started with the screen, is at this step (0 reading, 1 checking, 2
    /// indexing).
    LoadStep(u8),
    /// The sort orders of the data in use are made: a list waiting for them is put in order.
    OrdersMade,
    /// A background search finished: the query's matches, and what the list shows of them for
    /// `selection` (the facets, sort and tab when it was asked).
    SearchDone {
        generation: u64,
        hits: Arc<Vec<Hit>>,
        shown: Arc<Shown>,
        selection: Arc<Selection>,
    },
    /// The rest of a search's rows put in order, after its first screen came with only its
    /// lead in order (`Shown::sorted`): the same matches and rows, all in their final order.
    SearchOrdered {
        generation: u64,
        hits: Arc<Vec<Hit>>,
        shown: Arc<Shown>,
        selection: Arc<Selection>,
    },
}

impl Event {
    /// What this event types into the note editor when it is a plain letter or Enter.
    pub fn typed(&self) -> Option<char> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let Event::EditorKey(key) = self else {
            return None;
        };
        if crate::app::editor::is_line_feed(key) {
            return Some('\n');
        }
        if key.modifiers.intersects(!KeyModifiers::SHIFT) {
            return None;
        }
        match key.code {
            KeyCode::Char(c) if !c.is_control() => Some(c),
            KeyCode::Enter => Some('\n'),
            _ => None,
        }
    }

    /// `ReviewsLoaded` for these reviews of `dataset`'s records, with no news of the history.
    pub fn reviews_loaded(
        dataset: &crate::model::Dataset,
        reviews: std::collections::HashMap<String, crate::model::review::Review>,
    ) -> Event {
        Event::reviews_read(dataset, reviews, Default::default())
    }

    /// `ReviewsLoaded` for these reviews of `dataset`'s records and what the same reading
    /// found of the status history.
    pub fn reviews_read(
        dataset: &crate::model::Dataset,
        reviews: std::collections::HashMap<String, crate::model::review::Review>,
        history: crate::model::review::HistoryNews,
    ) -> Event {
        let facets = crate::model::facets::ReviewFacets::build(dataset, &reviews);
        Event::ReviewsLoaded {
            reviews: Arc::new(reviews),
            facets: Arc::new(facets),
            history: Arc::new(history),
        }
    }

    /// Events that report background work rather than answer the user: a notice on the
    /// status line outlives them.
    pub fn is_background(&self) -> bool {
        matches!(
            self,
            Event::SearchDone { .. }
                | Event::SearchOrdered { .. }
                | Event::OrdersMade
                | Event::ReviewsLoaded { .. }
                | Event::NoteNotSaved(_)
                | Event::UnsavedFound { .. }
        )
    }
}

/// A dataset and its index, as a reload hands them over: compared by identity.
#[derive(Clone, Debug)]
pub struct Data {
    pub dataset: Arc<crate::model::Dataset>,
    pub index: Arc<crate::model::search::Index>,
    /// What loading warned about (the data is usable): `D` shows it.
    pub warnings: Vec<String>,
    /// How it differs from the data shown before, counted where it was loaded.
    pub changes: crate::model::dataset::Changes,
}

impl PartialEq for Data {
    fn eq(&self, other: &Data) -> bool {
        Arc::ptr_eq(&self.dataset, &other.dataset) && Arc::ptr_eq(&self.index, &other.index)
    }
}
