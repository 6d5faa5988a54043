//! The search line of the TUI: what is typed, the parsed query, its results, the history.
//!
//! Typing never waits: each change asks for a search (an `Effect::Search`), which the runtime
//! runs in the background; results come back as `Action::SearchDone` and are kept only if still
//! current.

use std::sync::Arc;

use crate::model::search::{self, Hit, Query};
use crate::model::selection::Selection;

/// A search for the runtime to run: the query's matches, then what the list shows of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub generation: u64,
    /// The whole selection: the query, and the facets, sort and tab as they were when asked.
    pub selection: Selection,
    /// Records to look at (the matches of a query this one narrows), or all.
    pub candidates: Option<search::Narrowed>,
}

/// The matches of the last finished search.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// The generation of the query they are for.
    pub generation: u64,
    pub query: Query,
    pub hits: Arc<Vec<Hit>>,
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
    /// Earlier results, for narrowing the next search.
    pub recent: search::Recent,
    /// Bumped on every change of the query; stale results are dropped.
    pub generation: u64,
    /// Earlier queries, oldest first.
    pub history: Vec<String>,
    /// While recalling: the index in `history` shown.
    pub recall: Option<usize>,
    /// Every word must match, question words too (`Ctrl-t`).
    pub strict: bool,
    /// Where typing goes in `input` (a byte offset on a character boundary); `None`: at the
    /// end, where a query set whole (recalled, a view opened) leaves it.
    pub cursor: Option<usize>,
}

impl SearchState {
    /// Where typing goes: a character boundary of `input`.
    pub fn at(&self) -> usize {
        let mut at = self
            .cursor
            .unwrap_or(self.input.len())
            .min(self.input.len());
        while !self.input.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

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

    /// A query is in force whose matches have not arrived: the list still shows what it
    /// showed before the query changed.
    pub fn pending(&self) -> bool {
        self.active() && self.results.as_ref().map(|r| r.generation) != Some(self.generation)
    }

    /// Sets the text of the search line; the search it means, if there is one to run (an empty
    /// query needs none: every record matches).
    pub fn set_input(&mut self, input: String, selection: &Selection) -> Option<Request> {
        self.input = input;
        self.cursor = None;
        self.query = search::query::parse_with(&self.input, self.strict);
        self.generation += 1;
        if self.query.is_empty() {
            self.results = None;
            return None;
        }
        let candidates = self.recent.candidates(&self.query);
        Some(Request {
            generation: self.generation,
            selection: Selection {
                query: self.query.clone(),
                ..selection.clone()
            },
            candidates,
        })
    }

    /// Sets the text of the search line when it means the query in force (a space typed or
    /// taken back): true when it did. Its search is the one that ran or runs: none is asked.
    pub fn set_input_keeping_query(&mut self, input: &str) -> bool {
        let query = search::query::parse_with(input, self.strict);
        if query.is_empty() || query != self.query {
            return false;
        }
        self.input = input.to_owned();
        self.cursor = None;
        true
    }

    /// Matches for `generation` arrived; true when they are the current ones (and kept).
    pub fn finish(&mut self, generation: u64, hits: Arc<Vec<Hit>>) -> bool {
        if generation != self.generation || self.query.is_empty() {
            return false;
        }
        self.recent.push(self.query.clone(), hits.clone());
        self.results = Some(Results {
            generation,
            query: self.query.clone(),
            hits,
        });
        true
    }

    /// Closes the line keeping the query; the query to add to the history file, if new.
    pub fn submit(&mut self) -> Option<String> {
        self.editing = false;
        self.recall = None;
        let q = self.input.trim().to_owned();
        if !q.is_empty() && self.history.last() != Some(&q) {
            self.history.push(q.clone());
            return Some(q);
        }
        None
    }

    /// Clears the query and closes the line.
    pub fn clear(&mut self) {
        self.editing = false;
        self.recall = None;
        self.input.clear();
        self.cursor = None;
        self.query = Query::default();
        self.generation += 1;
        self.results = None;
    }

    /// Shows an earlier (`back`) or later query from the history; the search it means.
    pub fn recall(&mut self, back: bool, selection: &Selection) -> Option<Request> {
        if self.history.is_empty() {
            return None;
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
        self.set_input(text, selection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A space typed after a word, or taken back, asks for no search: the one running stays
    /// current. A letter more asks for one.
    #[test]
    fn a_space_that_changes_no_query_asks_for_no_search() {
        let selection = Selection::default();
        let mut search = SearchState::default();
        assert!(search.set_input("chinh".into(), &selection).is_some());
        let generation = search.generation;
        assert!(search.set_input_keeping_query("chinh "));
        assert_eq!(search.input, "chinh ");
        assert_eq!(
            search.generation, generation,
            "the search running stays current"
        );
        assert!(search.set_input_keeping_query("chinh"));
        assert!(!search.set_input_keeping_query("chinh s"));
        assert!(!search.set_input_keeping_query("chin"));
        assert!(
            !search.set_input_keeping_query("'chinh"),
            "an exact word is another query"
        );
        search.clear();
        assert!(!search.set_input_keeping_query(" "), "no query in force");
    }
}
