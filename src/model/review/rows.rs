//! Rows as read from a file that anyone in the group may have written by hand (`sqlite3`):
//! SQLite keeps whatever type it was given, so each value is checked against what its column
//! is meant to hold. A value of the wrong type never fails a read: it is ignored, or, where
//! the row cannot do without it, the row is skipped — and either way a warning names the
//! table, the row and the column.

use std::fmt;

use rusqlite::types::ValueRef;
use rusqlite::Row;

use super::{Note, Status, NOTE_LIMIT};
use crate::model::text::{self, Lines};

/// A value of the wrong type, found while reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadValue {
    pub table: &'static str,
    pub rowid: i64,
    pub column: &'static str,
    /// What was found, in words: "a blob", "text", "NULL", "an unknown status"…
    pub found: &'static str,
    /// What belongs there, in words.
    pub wanted: &'static str,
    /// True when the whole row was skipped; else only the value was ignored.
    pub row_skipped: bool,
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let done = if self.row_skipped {
            "the row is skipped"
        } else {
            "the value is ignored"
        };
        write!(
            f,
            "table {}, row {}, column {}: {} where {} belongs; {done}",
            self.table, self.rowid, self.column, self.found, self.wanted
        )
    }
}

/// The columns a mark is read from, for [`mark`].
pub const MARK_COLUMNS: &str = "rowid, record_id, status, set_by, set_at, starred";

/// The columns a note is read from, for [`note`]: its text cut in SQL (a note written by hand
/// may be any length; only its first NOTE_LIMIT characters leave SQLite), with its type and
/// length in bytes (neither loads the text).
pub fn note_columns() -> String {
    format!(
        "id, record_id, author, created_at, edited_at, \
         CASE WHEN typeof(text) = 'text' THEN substr(text, 1, {NOTE_LIMIT}) END, \
         typeof(text), octet_length(text)"
    )
}

/// The columns a status change is read from, for [`change`].
pub const CHANGE_COLUMNS: &str = "id, record_id, user, at, from_status, to_status";

/// A row of `marks`: a record's status and star.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub record: String,
    pub status: Option<Status>,
    pub set_by: Option<String>,
    pub set_at: Option<String>,
    pub starred: bool,
}

/// The checks of one row, collecting what was wrong.
struct Check<'a> {
    table: &'static str,
    rowid: i64,
    bad: &'a mut Vec<BadValue>,
}

impl Check<'_> {
    fn report(
        &mut self,
        column: &'static str,
        found: &'static str,
        wanted: &'static str,
        row_skipped: bool,
    ) {
        self.bad.push(BadValue {
            table: self.table,
            rowid: self.rowid,
            column,
            found,
            wanted,
            row_skipped,
        });
    }

    /// Text the row cannot do without; `None` (the row skipped, and said) for anything else.
    fn required(&mut self, v: ValueRef, column: &'static str) -> Option<String> {
        match v {
            ValueRef::Text(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
            other => {
                self.report(column, found(other), "text", true);
                None
            }
        }
    }

    /// Text or NULL; anything else is ignored (and said).
    fn optional(&mut self, v: ValueRef, column: &'static str) -> Option<String> {
        match v {
            ValueRef::Text(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
            ValueRef::Null => None,
            other => {
                self.report(column, found(other), "text or nothing", false);
                None
            }
        }
    }

    /// A status's name or NULL; anything else is ignored (and said).
    fn status(&mut self, v: ValueRef, column: &'static str) -> Option<Status> {
        let name = self.optional(v, column)?;
        let status = Status::parse(&name).ok();
        if status.is_none() {
            self.report(column, "an unknown status", STATUS_NAMES, false);
        }
        status
    }

    /// A status's name the row cannot do without.
    fn required_status(&mut self, v: ValueRef, column: &'static str) -> Option<Status> {
        let name = self.required(v, column)?;
        let status = Status::parse(&name).ok();
        if status.is_none() {
            self.report(column, "an unknown status", STATUS_NAMES, true);
        }
        status
    }

    /// A star: an integer (0 is off); anything else is ignored (and said) as off.
    fn flag(&mut self, v: ValueRef, column: &'static str) -> bool {
        match v {
            ValueRef::Integer(i) => i != 0,
            other => {
                self.report(column, found(other), "0 or 1", false);
                false
            }
        }
    }
}

const STATUS_NAMES: &str = "a status (unreviewed, reviewed, to-apply or not-applicable)";

/// A value's type, in words.
fn found(v: ValueRef) -> &'static str {
    match v {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "an integer",
        ValueRef::Real(_) => "a real number",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "a blob",
    }
}

/// Text read from the store as the screen may show it: the file is shared, and whatever wrote
/// it may have left control characters in it (docs/safety.md, "Data from files").
pub fn shown(raw: &str) -> String {
    text::inline(raw)
}

/// A row of [`MARK_COLUMNS`]; `None` when it is skipped.
pub fn mark(r: &Row, bad: &mut Vec<BadValue>) -> rusqlite::Result<Option<Mark>> {
    let mut check = Check {
        table: "marks",
        rowid: r.get(0)?,
        bad,
    };
    let Some(record) = check.required(r.get_ref(1)?, "record_id") else {
        return Ok(None);
    };
    Ok(Some(Mark {
        record: shown(&record),
        status: check.status(r.get_ref(2)?, "status"),
        set_by: check
            .optional(r.get_ref(3)?, "set_by")
            .as_deref()
            .map(shown),
        set_at: check
            .optional(r.get_ref(4)?, "set_at")
            .as_deref()
            .map(shown),
        starred: check.flag(r.get_ref(5)?, "starred"),
    }))
}

/// A row of [`note_columns`]; `None` when it is skipped. A text longer than NOTE_LIMIT bytes
/// (only written by hand: the store refuses one) is cut, with a marker that says so.
pub fn note(r: &Row, bad: &mut Vec<BadValue>) -> rusqlite::Result<Option<Note>> {
    let id: i64 = r.get(0)?;
    let mut check = Check {
        table: "notes",
        rowid: id,
        bad,
    };
    let Some(record) = check.required(r.get_ref(1)?, "record_id") else {
        return Ok(None);
    };
    let Some(author) = check.required(r.get_ref(2)?, "author") else {
        return Ok(None);
    };
    let created = check.optional(r.get_ref(3)?, "created_at");
    let edited = check.optional(r.get_ref(4)?, "edited_at");
    let kind: String = r.get(6)?;
    if kind != "text" {
        let what = match kind.as_str() {
            "null" => "NULL",
            "integer" => "an integer",
            "real" => "a real number",
            _ => "a blob",
        };
        check.report("text", what, "text", true);
        return Ok(None);
    }
    let head = match r.get_ref(5)? {
        ValueRef::Text(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        _ => String::new(),
    };
    let bytes: i64 = r.get(7)?;
    let text = if bytes as u64 > NOTE_LIMIT as u64 {
        cut(&head, bytes as u64)
    } else {
        head
    };
    Ok(Some(Note {
        id,
        record: shown(&record),
        author: shown(&author),
        created: created.as_deref().map(shown).unwrap_or_default(),
        edited: edited.as_deref().map(shown),
        text: text::clean(&text, Lines::Keep),
    }))
}

/// The start of an over-long note, cut so that it and the marker saying so fit in NOTE_LIMIT
/// (so the note, edited, can be saved again).
fn cut(head: &str, bytes: u64) -> String {
    let marker = format!(
        "\n[… cut: this note is {} in the review file; findings shows its first {} KiB]",
        size(bytes),
        NOTE_LIMIT / 1024
    );
    let mut end = NOTE_LIMIT.saturating_sub(marker.len()).min(head.len());
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{marker}", &head[..end])
}

/// A size in bytes for people: KiB, MiB or GiB.
pub fn size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KIB * KIB * KIB {
        format!("{:.1} GiB", b / (KIB * KIB * KIB))
    } else if b >= KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else if b >= KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A row of [`CHANGE_COLUMNS`]; `None` when it is skipped.
pub fn change(r: &Row, bad: &mut Vec<BadValue>) -> rusqlite::Result<Option<super::Change>> {
    let mut check = Check {
        table: "status_history",
        rowid: r.get(0)?,
        bad,
    };
    let Some(record) = check.required(r.get_ref(1)?, "record_id") else {
        return Ok(None);
    };
    let Some(user) = check.required(r.get_ref(2)?, "user") else {
        return Ok(None);
    };
    let Some(at) = check.required(r.get_ref(3)?, "at") else {
        return Ok(None);
    };
    let Some(from) = check.required_status(r.get_ref(4)?, "from_status") else {
        return Ok(None);
    };
    let Some(to) = check.required_status(r.get_ref(5)?, "to_status") else {
        return Ok(None);
    };
    Ok(Some(super::Change {
        record: shown(&record),
        user: shown(&user),
        at: shown(&at),
        from,
        to,
    }))
}

/// The status a record has now, for the history of a change to it: unreviewed when it has
/// none, or one that cannot be read (said when the marks are read).
pub fn current_status(v: ValueRef) -> Status {
    match v {
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| Status::parse(s).ok())
            .unwrap_or(Status::Unreviewed),
        _ => Status::Unreviewed,
    }
}
