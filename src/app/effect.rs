//! What `update` asks the outside world to do next, and whether the screen needs drawing: the
//! runtime carries these out; `update` itself never does I/O or starts work.

use super::search::Request;

/// Work for the runtime.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Run a search in the background; its results come back as `Action::SearchDone`.
    Search(Request),
    /// Append a query to the search history file.
    SaveHistory(String),
    /// Write a review change for a record (by id) to the store.
    Review {
        record: String,
        change: super::review::Change,
    },
    /// Put `text` on the clipboard: `sequence` is its OSC 52 sequence for the terminal (inside
    /// tmux, the text also goes to tmux's buffer).
    Copy { text: String, sequence: String },
    /// Read the saved views; they come back as `Action::ViewsLoaded`.
    LoadViews,
    /// Save a view; `Action::ViewSaved` says how it went.
    SaveView {
        name: String,
        view: crate::model::views::View,
    },
    /// Write an export; `Action::Exported` says how it went.
    Export(ExportJob),
    /// Load the data files again in the background (`Action::Reloaded` or `ReloadFailed`).
    Reload,
    /// The data was replaced: this dataset and index become the runtime's current data, the
    /// one every job and watcher reads from now on (the reviews are read again for it).
    UseData(super::action::Data),
    /// Remove the file a note from an earlier session was kept in: the store has it now.
    ForgetUnsaved(std::path::PathBuf),
    /// Leave the TUI because the data does not load: its errors, printed after.
    Fail(Vec<String>),
    /// Leave the TUI.
    Quit,
}

/// An export for the runtime to write: the records listed, in order, as they were asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportJob {
    pub path: std::path::PathBuf,
    pub format: crate::export::ExportFormat,
    /// Dataset indices, in list order.
    pub rows: Vec<usize>,
    /// The query and filters, for the document's head.
    pub described: String,
    pub lang: crate::i18n::Lang,
    /// The reviews, when there are any: they go into the export.
    pub reviews:
        Option<std::sync::Arc<std::collections::HashMap<String, crate::model::review::Review>>>,
    /// Replace the file if it exists (asked and confirmed).
    pub replace: bool,
    /// The agency a review report names (the config file's `agency`).
    pub agency: Option<String>,
}

/// Why an export was not written.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportProblem {
    /// The file exists: ask before replacing it.
    Exists(ExportJob),
    Failed(String),
}

/// The outcome of one action.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub redraw: bool,
    pub effects: Vec<Effect>,
}

impl Outcome {
    pub fn redraw() -> Outcome {
        Outcome {
            redraw: true,
            effects: Vec::new(),
        }
    }

    pub fn nothing() -> Outcome {
        Outcome::default()
    }

    /// Redraw when `changed`.
    pub fn when(changed: bool) -> Outcome {
        Outcome {
            redraw: changed,
            effects: Vec::new(),
        }
    }

    pub fn with(mut self, effect: Effect) -> Outcome {
        self.effects.push(effect);
        self
    }

    /// Adds `effect` if there is one.
    pub fn with_some(self, effect: Option<Effect>) -> Outcome {
        match effect {
            Some(e) => self.with(e),
            None => self,
        }
    }

    /// The errors to leave with, when the data did not load.
    pub fn failure(&self) -> Option<&Vec<String>> {
        self.effects.iter().find_map(|e| match e {
            Effect::Fail(lines) => Some(lines),
            _ => None,
        })
    }

    pub fn quits(&self) -> bool {
        self.effects.contains(&Effect::Quit)
    }
}
