//! The note being written when the session ends without the user closing the editor — a
//! signal, the terminal going away (an SSH link dropping), a quit — is saved to the review
//! store before the process exits (SPEC §6: review data is saved before any exit that can be
//! caught). The event loop keeps the editor's unsaved change here after every action; the
//! exit paths, the signal thread's among them, save it.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use crate::app::review::Change;
use crate::model::review::Store;

/// Where notes go, and whose they are.
static STORE: OnceLock<(PathBuf, String)> = OnceLock::new();

/// The open editor's unsaved change: the record's id and the change.
static PENDING: Mutex<Option<(String, Change)>> = Mutex::new(None);

/// Names the review store and the reviewer that a rescued note is saved to and by.
pub fn arm(db: PathBuf, user: String) {
    let _ = STORE.set((db, user));
}

/// Keeps what the open editor would save now (`None`: no editor, or nothing to save).
pub fn keep(pending: Option<(String, Change)>) {
    *PENDING.lock().unwrap_or_else(|p| p.into_inner()) = pending;
}

/// Saves the kept change, once; true when one was saved.
pub fn save() -> bool {
    let taken = PENDING.lock().unwrap_or_else(|p| p.into_inner()).take();
    let (Some((record, change)), Some((db, user))) = (taken, STORE.get()) else {
        return false;
    };
    match change.write_to(&mut Store::at(db), &record, user) {
        Ok(()) => {
            tracing::info!(%record, "the note being written was saved at exit");
            true
        }
        Err(e) => {
            tracing::error!(%record, error = %e, "the note being written could not be saved at exit");
            false
        }
    }
}
