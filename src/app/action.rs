//! Everything the user (or background work) can ask of the app: one enum, fed to `update`.

use std::sync::Arc;

use crate::model::search::Hit;

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
    /// A background search finished.
    SearchDone {
        generation: u64,
        hits: Arc<Vec<Hit>>,
    },
}
