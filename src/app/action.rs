//! Everything the user (or background work) can ask of the app: one enum, fed to `update`.

/// An intent, independent of the key or mouse gesture that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}
