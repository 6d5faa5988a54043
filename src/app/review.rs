//! Review in the TUI: the marks, stars and notes as last read from the store, who is
//! reviewing, and the progress of the list shown. Changes go to the store as effects; the
//! store's answer comes back as an action, so the screen shows what was committed.

use std::collections::HashMap;
use std::sync::Arc;

use super::state::State;
use crate::model::review::{Change as StatusChange, HistoryNews, Review, Status};

/// What the TUI knows of the review store.
#[derive(Clone, Debug, Default)]
pub struct ReviewState {
    /// Every review, by record id, as last read.
    pub reviews: Arc<HashMap<String, Review>>,
    /// Bumped when `reviews` changes (the detail is laid out again).
    pub generation: u64,
    /// The last problem with the store, shown in the status line.
    pub error: Option<String>,
    /// Who is reviewing: the notes they may change.
    pub user: String,
    /// The agency a review report names (the config file's `agency`).
    pub agency: Option<String>,
    /// Every record's status changes, oldest first, as last read: kept up to date from what
    /// each reading found new, never read whole again.
    pub history: HashMap<String, Vec<StatusChange>>,
    /// The record (a dataset index) the last `.` or `,` landed on, and which way it went,
    /// until any other command: pressed again the same way, the round goes on past it (the
    /// record in view is only the first press's answer, or an unreviewed record could never
    /// be skipped).
    pub landed: Option<(usize, bool)>,
}

impl ReviewState {
    /// A record's status changes, oldest first.
    pub fn history_of(&self, id: &str) -> &[StatusChange] {
        self.history.get(id).map_or(&[], Vec::as_slice)
    }

    /// Takes what a reading found of the status history; the teammates' changes of a status
    /// I set (the record's last change before theirs was mine), oldest first, to be said.
    pub fn take_history(&mut self, news: HistoryNews) -> Vec<StatusChange> {
        let mut over_mine = Vec::new();
        // Each change is judged against what was known before it, this reading's earlier
        // changes included.
        let mut last: HashMap<&str, &StatusChange> = HashMap::new();
        for change in &news.fresh {
            let before = last
                .get(change.record.as_str())
                .copied()
                .or_else(|| self.history_of(&change.record).last());
            let mine_before = before.is_some_and(|b| b.user == self.user);
            if mine_before && change.user != self.user && change.from != change.to {
                over_mine.push(change.clone());
            }
            last.insert(&change.record, change);
        }
        news.apply_to(&mut self.history);
        over_mine
    }

    pub fn of(&self, id: &str) -> Option<&Review> {
        self.reviews.get(id)
    }

    pub fn status(&self, id: &str) -> Status {
        self.of(id).map_or(Status::Unreviewed, Review::status)
    }
}

/// A change for the runtime to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Mark(Status),
    Star(bool),
    /// A new note with this text.
    Note(String),
    /// A note's new text (the earlier one is kept in its history).
    EditNote(i64, String),
}

impl Change {
    /// Writes the change for `record` to `store` as `user`, note text sanitized as data is.
    pub fn write_to(
        self,
        store: &mut crate::model::review::Store,
        record: &str,
        user: &str,
    ) -> Result<(), crate::model::review::StoreError> {
        use crate::model::text::{clean, Lines};
        match self {
            Change::Mark(status) => store.mark(record, status, user),
            Change::Star(on) => store.star(record, on, user),
            Change::Note(text) => store
                .add_note(record, &clean(&text, Lines::Keep), user)
                .map(|_| ()),
            Change::EditNote(note, text) => store.edit_note(note, &clean(&text, Lines::Keep), user),
        }
    }
}

/// A listed record's status, by index: from the review facets (a byte per record), so the
/// gauge, drawn on every frame, never looks ids up.
fn status_at(state: &State, record: usize) -> Status {
    state
        .filters
        .reviews
        .as_ref()
        .map_or(Status::Unreviewed, |r| r.status(record))
}

/// How many of the listed records have a status other than unreviewed, and how many are listed.
pub fn progress(state: &State) -> (usize, usize) {
    let done = state
        .rows
        .iter()
        .filter(|&&r| status_at(state, r) != Status::Unreviewed)
        .count();
    (done, state.rows.len())
}

/// The listed record (an index into the rows) to go to for the next (or previous) unreviewed:
/// the record in view first, when it is listed and still unreviewed, then on from it, round
/// the list; past the record in view when `moving_on` (the same key pressed again where it
/// landed). `None` when every listed record has a status.
pub fn next_unreviewed(state: &State, forward: bool, moving_on: bool) -> Option<usize> {
    let n = state.rows.len();
    let start = state
        .detail_record()
        .and_then(|record| state.rows.iter().position(|&r| r == record))
        .unwrap_or(state.selected);
    (usize::from(moving_on)..n + usize::from(moving_on))
        .map(|step| {
            if forward {
                (start + step) % n
            } else {
                (start + n - step) % n
            }
        })
        .find(|&i| status_at(state, state.rows[i]) == Status::Unreviewed)
}
