//! Everything the user (or background work) can ask of the app: one enum, fed to `update`.

use std::sync::Arc;

use crate::model::search::Hit;
use crate::model::selection::{Selection, Shown};

/// An intent, independent of the key or mouse gesture that produced it.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Move the selection in the list, or scroll the detail, by one line.
    Up,
    Down,
    /// First / last row (list) or top / bottom (detail).
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    NextTab,
    PrevTab,
    /// Go to tab N (0 = All, 1 = Trips, ...).
    GoToTab(usize),
    /// Open the selected record's detail, or follow the selected link.
    Open,
    /// Back through the history; from the first record, back to the list.
    Back,
    Forward,
    /// Leave the detail for the list (or close the help).
    Close,
    /// Select the next / previous link in the detail.
    NextLink,
    PrevLink,
    ToggleHelp,
    Quit,
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
    /// Open the search line.
    OpenSearch,
    /// Typed into the search line.
    SearchChar(char),
    /// Every word must match, or (again) question words are left out.
    ToggleStrict,
    SearchBackspace,
    SearchDeleteWord,
    SearchClearLine,
    /// Keep the query and go to the list.
    SearchSubmit,
    /// Clear the query and close the line.
    SearchCancel,
    /// Recall an earlier / later query.
    HistoryBack,
    HistoryForward,
    /// Clear the query in force (from the list).
    ClearSearch,
    /// Scroll the detail to the next / previous line with a match.
    NextMatch,
    PrevMatch,
    /// Open the facet pane and go to it; from it, close it.
    ToggleFacets,
    /// In the facet pane: choose the value under the cursor, or drop it.
    FacetToggle,
    /// In the facet pane: drop every chosen value of the facet under the cursor.
    FacetClear,
    /// Drop every chosen facet value.
    FacetClearAll,
    /// Sort by the next field (relevance while searching, date, title, province, kind).
    CycleSort,
    /// Reverse the sort.
    ReverseSort,
    /// Set the status of the record in view.
    Mark(crate::model::review::Status),
    /// Star or unstar the record in view.
    ToggleStar,
    /// Go to the next / previous listed record still unreviewed.
    NextUnreviewed,
    PrevUnreviewed,
    /// Copy the record in view to the terminal's clipboard: a citation, or (`Y`) Markdown.
    CopyCitation,
    CopyMarkdown,
    /// Open or close the stats view.
    ToggleStats,
    /// The mouse moved with its button held (to `column`), and the button let go: dragging the
    /// split between list and detail.
    Drag {
        column: u16,
    },
    Release,
    /// Move the split between list and detail: the list wider, narrower.
    WidenList,
    NarrowList,
    /// Show what `y` and `Y` copy in a popup, to select with the mouse.
    ShowCopy,
    /// Export what the list shows: pick a format, then a file.
    Export,
    /// Save the query, filters, sort and tab under a name.
    SaveView,
    /// Pick a saved view to open.
    PickView,
    /// Open a saved view (from the picker, or `--view` at start-up).
    OpenView {
        name: String,
        view: Box<crate::model::views::View>,
    },
    /// In a dialog: confirm, cancel, a typed character, delete one.
    DialogConfirm,
    DialogCancel,
    DialogChar(char),
    DialogBackspace,
    /// The saved views were read (for the picker), or could not be.
    ViewsLoaded(Result<Vec<(String, crate::model::views::View)>, String>),
    /// A view was saved under this name, or could not be.
    ViewSaved(Result<String, String>),
    /// An export was written (records, file), or not.
    Exported(Result<(usize, std::path::PathBuf), super::effect::ExportProblem>),
    /// Open the note editor for the record in view.
    OpenNoteEditor,
    /// Open the editor on my latest note on the record in view (a new one if there is none).
    EditNote,
    /// Save the note being written.
    SaveNote,
    /// Close the editor (asks first when something was typed).
    CloseEditor,
    /// Drop the note being written.
    DiscardNote,
    /// Back to writing after being asked.
    ResumeNote,
    /// A key typed into the note editor.
    EditorKey(crossterm::event::KeyEvent),
    /// Letters and Enters typed into the note editor in a row, faster than frames are drawn
    /// (the runtime joins them): taken at once.
    EditorText(String),
    /// Text pasted (bracketed paste): into the note editor, the search line or a prompt.
    Paste(String),
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
    },
    /// Writing or reading the review store failed.
    ReviewFailed(String),
    /// Other background work failed (writing the search history): said on the status line,
    /// and in the log when there is one.
    BackgroundFailed(String),
    /// Load the data files again (`R`).
    Reload,
    /// The data files changed on disk (settled): load them again.
    DataChanged,
    /// The data, loaded and indexed again.
    Reloaded(Data),
    /// The data files no longer load: their errors (the last good data stays).
    ReloadFailed(Vec<String>),
    /// The first load, started with the screen, is at this step (0 reading, 1 checking, 2
    /// indexing).
    LoadStep(u8),
    /// Show the last reload's problems.
    ShowReloadProblems,
    /// A background search finished: the query's matches, and what the list shows of them for
    /// `selection` (the facets, sort and tab when it was asked).
    SearchDone {
        generation: u64,
        hits: Arc<Vec<Hit>>,
        shown: Arc<Shown>,
        selection: Arc<Selection>,
    },
}

impl Action {
    /// What this action types into the note editor when it is a plain letter or Enter.
    pub fn typed(&self) -> Option<char> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let Action::EditorKey(key) = self else {
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

    /// `ReviewsLoaded` for these reviews of `dataset`'s records.
    pub fn reviews_loaded(
        dataset: &crate::model::Dataset,
        reviews: std::collections::HashMap<String, crate::model::review::Review>,
    ) -> Action {
        let facets = crate::model::facets::ReviewFacets::build(dataset, &reviews);
        Action::ReviewsLoaded {
            reviews: Arc::new(reviews),
            facets: Arc::new(facets),
        }
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
