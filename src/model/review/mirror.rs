//! The reviews as last read, kept up to date by reading only what changed.
//!
//! Every change findings makes leaves a row in an append-only table with an INTEGER PRIMARY
//! KEY: a mark in `status_history`, a star in `star_history`, a new note in `notes`, an edited
//! one in `note_history`. The largest id seen in each is a cursor: the rows past it name the
//! marks and notes to read again, and nothing else is read. Where the cursor cannot be trusted
//! — ids went down (rows deleted by hand), the file changed with no history row to show for it
//! (`sqlite3` by hand), a new connection — the whole store is read again.
//!
//! The status history is kept too, by record, read the same way: the rows past the cursor are
//! added; the changes they bring are the reading's news (a teammate's mark, said on screen).

use std::collections::HashMap;

use rusqlite::Connection;

use super::rows::{self, BadValue};
use super::{Change, Review};

/// The largest id in each append-only table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cursor {
    status: i64,
    star: i64,
    note: i64,
    note_edit: i64,
}

impl Cursor {
    fn read(conn: &Connection) -> rusqlite::Result<Cursor> {
        conn.query_row(
            "SELECT (SELECT ifnull(max(id), 0) FROM status_history),
                    (SELECT ifnull(max(id), 0) FROM star_history),
                    (SELECT ifnull(max(id), 0) FROM notes),
                    (SELECT ifnull(max(id), 0) FROM note_history)",
            [],
            |r| {
                Ok(Cursor {
                    status: r.get(0)?,
                    star: r.get(1)?,
                    note: r.get(2)?,
                    note_edit: r.get(3)?,
                })
            },
        )
    }

    /// True when `self` (now) can follow `then`: no table's largest id went down.
    fn follows(&self, then: &Cursor) -> bool {
        self.status >= then.status
            && self.star >= then.star
            && self.note >= then.note
            && self.note_edit >= then.note_edit
    }
}

/// What a reading did, for tests and the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// True when the whole store was read; false when only the rows that changed were.
    pub full: bool,
    /// How many marks and notes were read.
    pub rows: u64,
}

/// Every review as last read, and where the reading stopped.
#[derive(Debug, Default)]
pub struct Mirror {
    pub reviews: HashMap<String, Review>,
    /// Where the last reading stopped; `None` before the first, or when the next must be whole.
    cursor: Option<Cursor>,
    /// The connection's `data_version` at the last reading; `None` for a new connection.
    version: Option<i64>,
    /// Which record each note is listed under.
    note_record: HashMap<i64, String>,
    /// True once something was read (an absent file reads as empty).
    pub read_once: bool,
    /// What the last reading did.
    pub last: Reading,
    /// Every status change, by record, oldest first.
    pub history: HashMap<String, Vec<Change>>,
    /// The status changes the last reading found past those read before it, oldest first
    /// (none at the first reading of a file: nothing was read before).
    pub fresh: Vec<Change>,
    /// The last reading read the history whole (or found no file): a copy of it kept
    /// elsewhere is replaced rather than added to.
    pub history_whole: bool,
}

impl Mirror {
    /// Forgets everything: the next reading reads the whole store.
    pub fn reset(&mut self) {
        *self = Mirror {
            read_once: self.read_once,
            ..Mirror::default()
        };
    }

    /// A reading that found nothing new.
    pub fn nothing_new(&mut self) {
        self.last = Reading::default();
        self.fresh.clear();
        self.history_whole = false;
    }

    /// The connection changed (the same file, opened again): its `data_version` means nothing
    /// to the last one's, so the next reading decides from the cursor alone.
    pub fn new_connection(&mut self) {
        self.version = None;
    }

    /// Brings the reviews up to date from `conn`; true when they may have changed. `wrote`:
    /// this connection committed since the last reading (its own commits do not change its
    /// `data_version`).
    pub fn refresh(
        &mut self,
        conn: &Connection,
        wrote: bool,
        bad: &mut Vec<BadValue>,
    ) -> rusqlite::Result<bool> {
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.cursor.is_some() && !wrote && self.version == Some(version) {
            self.nothing_new();
            return Ok(false);
        }
        // One read transaction: the cursor and the rows from the same moment.
        let tx = conn.unchecked_transaction()?;
        let now = Cursor::read(&tx)?;
        let changed = match self.cursor {
            Some(then) if now.follows(&then) && now != then => {
                if !self.changes(&tx, &then, bad)? {
                    self.whole(&tx, bad)?;
                }
                self.history_past(&tx, then.status, bad)?;
                true
            }
            // Nothing new in the history, and the file as this connection last read it.
            Some(then) if now == then && self.version == Some(version) => {
                self.nothing_new();
                false
            }
            // Changed with no history row to show for it, ids gone down, a new connection,
            // or the first reading: what is past the last reading's history is news only
            // when the history can still follow it.
            _ => {
                self.whole(&tx, bad)?;
                let since = self
                    .cursor
                    .filter(|then| now.follows(then))
                    .map(|t| t.status);
                self.whole_history(&tx, since, bad)?;
                true
            }
        };
        tx.commit()?;
        self.cursor = Some(now);
        self.version = Some(version);
        self.read_once = true;
        Ok(changed)
    }

    /// Reads the whole store.
    pub fn whole(&mut self, conn: &Connection, bad: &mut Vec<BadValue>) -> rusqlite::Result<()> {
        let mut reviews: HashMap<String, Review> = HashMap::new();
        let mut note_record = HashMap::new();
        let mut count = 0;
        let mut stmt = conn.prepare(&format!("SELECT {} FROM marks", rows::MARK_COLUMNS))?;
        let mut marks = stmt.query([])?;
        while let Some(r) = marks.next()? {
            count += 1;
            if let Some(mark) = rows::mark(r, bad)? {
                set_mark(reviews.entry(mark.record.clone()).or_default(), mark);
            }
        }
        let sql = format!("SELECT {} FROM notes ORDER BY id", rows::note_columns());
        let mut stmt = conn.prepare(&sql)?;
        let mut notes = stmt.query([])?;
        while let Some(r) = notes.next()? {
            count += 1;
            if let Some(note) = rows::note(r, bad)? {
                note_record.insert(note.id, note.record.clone());
                reviews
                    .entry(note.record.clone())
                    .or_default()
                    .notes
                    .push(note);
            }
        }
        self.reviews = reviews;
        self.note_record = note_record;
        self.last = Reading {
            full: true,
            rows: count,
        };
        Ok(())
    }

    /// Reads the marks and notes that history rows past `then` name; false when something
    /// does not fit what findings writes (a row gone bad, a note moved to another record):
    /// then the whole store must be read.
    fn changes(
        &mut self,
        conn: &Connection,
        then: &Cursor,
        bad: &mut Vec<BadValue>,
    ) -> rusqlite::Result<bool> {
        let mut count = 0;
        let sql = format!(
            "SELECT {} FROM marks WHERE record_id IN (
                 SELECT record_id FROM status_history WHERE id > ?1
                 UNION SELECT record_id FROM star_history WHERE id > ?2)",
            rows::MARK_COLUMNS
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut marks = stmt.query([then.status, then.star])?;
        while let Some(r) = marks.next()? {
            count += 1;
            let Some(mark) = rows::mark(r, bad)? else {
                return Ok(false);
            };
            set_mark(self.reviews.entry(mark.record.clone()).or_default(), mark);
        }
        let columns = rows::note_columns();
        let new = format!("SELECT {columns} FROM notes WHERE id > ?1");
        let edited = format!(
            "SELECT {columns} FROM notes WHERE id IN (SELECT note_id FROM note_history WHERE id > ?1)"
        );
        for (sql, past) in [(new, then.note), (edited, then.note_edit)] {
            let mut stmt = conn.prepare(&sql)?;
            let mut notes = stmt.query([past])?;
            while let Some(r) = notes.next()? {
                count += 1;
                let Some(note) = rows::note(r, bad)? else {
                    return Ok(false);
                };
                match self.note_record.get(&note.id) {
                    Some(record) if *record != note.record => return Ok(false),
                    _ => {}
                }
                self.note_record.insert(note.id, note.record.clone());
                let list = &mut self.reviews.entry(note.record.clone()).or_default().notes;
                match list.binary_search_by_key(&note.id, |n| n.id) {
                    Ok(i) => list[i] = note,
                    Err(i) => list.insert(i, note),
                }
            }
        }
        self.last = Reading {
            full: false,
            rows: count,
        };
        Ok(true)
    }
}

impl Mirror {
    /// Reads the whole status history; the changes past `since` (a status history id) are
    /// the news.
    fn whole_history(
        &mut self,
        conn: &Connection,
        since: Option<i64>,
        bad: &mut Vec<BadValue>,
    ) -> rusqlite::Result<()> {
        let mut history: HashMap<String, Vec<Change>> = HashMap::new();
        self.fresh.clear();
        for_changes(conn, 0, bad, |id, change| {
            if since.is_some_and(|since| id > since) {
                self.fresh.push(change.clone());
            }
            history
                .entry(change.record.clone())
                .or_default()
                .push(change);
        })?;
        self.history = history;
        self.history_whole = true;
        Ok(())
    }

    /// Adds the status changes past `since` (a status history id) to the history: the news.
    fn history_past(
        &mut self,
        conn: &Connection,
        since: i64,
        bad: &mut Vec<BadValue>,
    ) -> rusqlite::Result<()> {
        let mut fresh = Vec::new();
        for_changes(conn, since, bad, |_, change| fresh.push(change))?;
        for change in &fresh {
            self.history
                .entry(change.record.clone())
                .or_default()
                .push(change.clone());
        }
        self.fresh = fresh;
        self.history_whole = false;
        Ok(())
    }
}

/// Calls `f` with each status change past `since` (its id, the change), oldest first; rows
/// that cannot be read are skipped (and said).
fn for_changes(
    conn: &Connection,
    since: i64,
    bad: &mut Vec<BadValue>,
    mut f: impl FnMut(i64, Change),
) -> rusqlite::Result<()> {
    let sql = format!(
        "SELECT {} FROM status_history WHERE id > ?1 ORDER BY id",
        rows::CHANGE_COLUMNS
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut found = stmt.query([since])?;
    while let Some(r) = found.next()? {
        let id: i64 = r.get(0)?;
        if let Some(change) = rows::change(r, bad)? {
            f(id, change);
        }
    }
    Ok(())
}

fn set_mark(review: &mut Review, mark: rows::Mark) {
    review.status = mark.status;
    review.set_by = mark.set_by;
    review.set_at = mark.set_at;
    review.starred = mark.starred;
}
