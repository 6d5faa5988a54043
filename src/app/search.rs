//! The search line of the TUI: what is typed, the parsed query, its results, the history.
//!
//! Typing never waits: each change asks for a search (`request`), which the runtime runs in the
//! background; results come back as `Action::SearchDone` and are kept only if still current.

use std::sync::Arc;

use super::state::TABS;
use crate::model::search::{self, Hit, Query};
use crate::model::Dataset;

/// A search for the runtime to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub generation: u64,
    pub query: Query,
    /// Records to look at (the matches of a query this one narrows), or all.
    pub candidates: Option<Arc<Vec<usize>>>,
}

/// Results of the last finished search.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub query: Query,
    pub hits: Arc<Vec<Hit>>,
    /// Matches per tab (All, then each kind), counted once when the results arrive: the tabs
    /// show them on every frame.
    pub counts: [usize; 5],
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchState {
    /// The search line is open and takes the keys.
    pub editing: bool,
    pub input: String,
    /// `input` parsed.
    pub query: Query,
    /// The results shown: `None` while there is no query (every record, in dataset order).
    pub results: Option<Results>,
    /// Bumped on every change of the query; stale results are dropped.
    pub generation: u64,
    /// A search waiting to be started by the runtime.
    pub request: Option<Request>,
    /// Earlier queries, oldest first.
    pub history: Vec<String>,
    /// While recalling: the index in `history` shown.
    pub recall: Option<usize>,
    /// A query to append to the history file, for the runtime.
    pub save: Option<String>,
}

impl SearchState {
    pub fn new(history: Vec<String>) -> SearchState {
        SearchState {
            history,
            ..SearchState::default()
        }
    }

    /// True when a query is in force (typed, whether or not the line is open).
    pub fn active(&self) -> bool {
        !self.query.is_empty()
    }

    /// Sets the text of the search line and asks for the search it means.
    pub fn set_input(&mut self, input: String) {
        self.input = input;
        self.query = search::parse(&self.input);
        self.generation += 1;
        if self.query.is_empty() {
            self.results = None;
            self.request = None;
            return;
        }
        let candidates = self
            .results
            .as_ref()
            .filter(|r| search::narrows(&r.query, &self.query))
            .map(|r| Arc::new(r.hits.iter().map(|h| h.record).collect::<Vec<_>>()));
        self.request = Some(Request {
            generation: self.generation,
            query: self.query.clone(),
            candidates,
        });
    }

    /// Results for `generation` arrived; true when they are the current ones (and kept).
    pub fn finish(&mut self, generation: u64, hits: Arc<Vec<Hit>>, dataset: &Dataset) -> bool {
        if generation != self.generation || self.query.is_empty() {
            return false;
        }
        let mut counts = [0; 5];
        counts[0] = hits.len();
        for r in hits.iter().filter_map(|h| dataset.get(h.record)) {
            let tab = TABS.iter().position(|t| *t == Some(r.kind())).unwrap_or(0);
            counts[tab] += 1;
        }
        self.results = Some(Results {
            query: self.query.clone(),
            hits,
            counts,
        });
        true
    }

    /// Closes the line keeping the query, and remembers it.
    pub fn submit(&mut self) {
        self.editing = false;
        self.recall = None;
        let q = self.input.trim().to_owned();
        if !q.is_empty() && self.history.last() != Some(&q) {
            self.history.push(q.clone());
            self.save = Some(q);
        }
    }

    /// Clears the query and closes the line.
    pub fn clear(&mut self) {
        self.editing = false;
        self.recall = None;
        self.set_input(String::new());
    }

    /// Shows an earlier (`back`) or later query from the history.
    pub fn recall(&mut self, back: bool) {
        if self.history.is_empty() {
            return;
        }
        let last = self.history.len() - 1;
        let next = match (self.recall, back) {
            (None, true) => Some(last),
            (None, false) => None,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            (Some(_), false) => None,
        };
        self.recall = next;
        let text = next.map_or_else(String::new, |i| self.history[i].clone());
        self.set_input(text);
    }
}
