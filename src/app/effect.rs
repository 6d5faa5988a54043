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
    /// Send this OSC 52 sequence to the terminal (copy to its clipboard).
    Copy(String),
    /// Leave the TUI.
    Quit,
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

    pub fn quits(&self) -> bool {
        self.effects.contains(&Effect::Quit)
    }
}
