//! What a user can put a key on: the bindable commands, each with its name in config.toml and
//! its help text, in one table. The names are written out here, never derived from the
//! variants, so renaming a variant cannot change a name users have in their config files.

use super::keymap::Context;
use crate::i18n::Msg;
use crate::model::review::Status;

/// A command a key can be bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
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
    /// Leave the detail for the list (or the facet pane).
    Close,
    /// Select the next / previous link in the detail.
    NextLink,
    PrevLink,
    ToggleHelp,
    Quit,
    /// Open the search line.
    OpenSearch,
    /// Every word must match, or (again) question words are left out.
    ToggleStrict,
    SearchBackspace,
    SearchDeleteWord,
    SearchClearLine,
    /// Move the cursor on the search line: a character left or right, to the start or end.
    SearchLeft,
    SearchRight,
    SearchStart,
    SearchEnd,
    /// Delete the character under the cursor.
    SearchDelete,
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
    /// Open the facet pane and go to it; from it, close it.
    ToggleFacets,
    /// In the facet pane: choose the value under the cursor, or drop it.
    FacetToggle,
    /// In the facet pane: drop every chosen value of the facet under the cursor.
    FacetClear,
    /// Drop every chosen facet value.
    FacetClearAll,
    /// Sort by the next field (relevance while searching, date, title, province, kind).
    CycleSort,
    ReverseSort,
    /// Set the status of the record in view.
    Mark(Status),
    ToggleStar,
    /// Go to the next / previous listed record still unreviewed.
    NextUnreviewed,
    PrevUnreviewed,
    /// Copy the record in view to the terminal's clipboard: a citation, or Markdown.
    CopyCitation,
    CopyMarkdown,
    ToggleStats,
    /// Move the split between list and detail: the list wider, narrower.
    WidenList,
    NarrowList,
    /// Show what `y` and `Y` copy in a popup, to select with the mouse.
    ShowCopy,
    /// Export what the list shows: pick a format, then a file.
    Export,
    /// Save the query, filters, sort and tab under a name.
    SaveView,
    /// Pick a saved view to open.
    PickView,
    /// In a dialog: confirm, cancel, delete a typed character.
    DialogConfirm,
    DialogCancel,
    DialogBackspace,
    /// Open the note editor for the record in view.
    OpenNoteEditor,
    /// Open the editor on my latest note on the record in view.
    EditNote,
    SaveNote,
    /// Close the editor (asks first when something was typed).
    CloseEditor,
    DiscardNote,
    /// Back to writing after being asked.
    ResumeNote,
    /// Load the data files again.
    Reload,
    /// Show the last reload's problems.
    ShowReloadProblems,
}

/// One command's entry: its name in config.toml, its help text, and the wording some places
/// use instead (in the help, `j` "scrolls down" rather than moves "down").
pub struct Entry {
    pub command: Command,
    pub name: &'static str,
    pub help: Msg,
    pub help_in: &'static [(Context, Msg)],
}

const fn entry(command: Command, name: &'static str, help: Msg) -> Entry {
    Entry {
        command,
        name,
        help,
        help_in: &[],
    }
}

const fn worded(
    command: Command,
    name: &'static str,
    help: Msg,
    help_in: &'static [(Context, Msg)],
) -> Entry {
    Entry {
        command,
        name,
        help,
        help_in,
    }
}

use Command as C;
use Context::{Detail, Facets, Help, Stats};

/// Every command, in the order `findings config --default` lists them.
#[rustfmt::skip]
pub static COMMANDS: &[Entry] = &[
    worded(C::ToggleHelp, "toggle-help", Msg::ActHelp, &[(Help, Msg::ActCloseHelp)]),
    worded(C::Down, "down", Msg::ActDown, &[(Help, Msg::ActScrollDown), (Detail, Msg::ActScrollDown), (Stats, Msg::ActScrollDown)]),
    worded(C::Up, "up", Msg::ActUp, &[(Help, Msg::ActScrollUp), (Detail, Msg::ActScrollUp), (Stats, Msg::ActScrollUp)]),
    entry(C::SearchSubmit, "search-submit", Msg::ActSearchSubmit),
    entry(C::SearchCancel, "search-cancel", Msg::ActSearchCancel),
    entry(C::HistoryBack, "history-back", Msg::ActHistoryBack),
    entry(C::HistoryForward, "history-forward", Msg::ActHistoryForward),
    entry(C::SearchBackspace, "search-backspace", Msg::ActSearchBackspace),
    entry(C::SearchDeleteWord, "search-delete-word", Msg::ActSearchDeleteWord),
    entry(C::ToggleStrict, "toggle-strict", Msg::ActStrict),
    entry(C::SearchClearLine, "search-clear-line", Msg::ActSearchClearLine),
    entry(C::SearchLeft, "search-left", Msg::ActSearchLeft),
    entry(C::SearchRight, "search-right", Msg::ActSearchRight),
    entry(C::SearchStart, "search-start", Msg::ActSearchStart),
    entry(C::SearchEnd, "search-end", Msg::ActSearchEnd),
    entry(C::SearchDelete, "search-delete", Msg::ActSearchDelete),
    worded(C::Open, "open", Msg::ActOpen, &[(Detail, Msg::ActFollow)]),
    entry(C::NextTab, "next-tab", Msg::ActNextTab),
    entry(C::PrevTab, "prev-tab", Msg::ActPrevTab),
    entry(C::ClearSearch, "clear-search", Msg::ActClearSearch),
    entry(C::NextLink, "next-link", Msg::ActNextLink),
    entry(C::PrevLink, "prev-link", Msg::ActPrevLink),
    entry(C::Back, "back", Msg::ActBack),
    entry(C::Forward, "forward", Msg::ActForward),
    worded(C::Close, "close", Msg::ActClose, &[(Facets, Msg::ActFacetsLeave)]),
    entry(C::NextMatch, "next-match", Msg::ActNextMatch),
    entry(C::PrevMatch, "prev-match", Msg::ActPrevMatch),
    entry(C::SaveNote, "save-note", Msg::ActSaveNote),
    entry(C::CloseEditor, "close-editor", Msg::ActCloseEditor),
    entry(C::DiscardNote, "discard-note", Msg::ActDiscardNote),
    entry(C::ResumeNote, "resume-note", Msg::ActResumeNote),
    worded(C::ToggleStats, "toggle-stats", Msg::ActStats, &[(Stats, Msg::ActCloseStats)]),
    entry(C::DialogConfirm, "dialog-confirm", Msg::ActDialogConfirm),
    entry(C::DialogCancel, "dialog-cancel", Msg::ActDialogCancel),
    entry(C::DialogBackspace, "dialog-backspace", Msg::ActDialogBackspace),
    entry(C::FacetToggle, "facet-toggle", Msg::ActFacetToggle),
    entry(C::FacetClear, "facet-clear", Msg::ActFacetClear),
    entry(C::FacetClearAll, "facet-clear-all", Msg::ActFacetClearAll),
    entry(C::Quit, "quit", Msg::ActQuit),
    entry(C::OpenSearch, "open-search", Msg::ActSearch),
    entry(C::ToggleFacets, "toggle-facets", Msg::ActFacets),
    entry(C::CycleSort, "cycle-sort", Msg::ActSort),
    entry(C::Mark(Status::Reviewed), "mark-reviewed", Msg::ActMarkReviewed),
    entry(C::Mark(Status::ToApply), "mark-to-apply", Msg::ActMarkToApply),
    entry(C::Mark(Status::NotApplicable), "mark-not-applicable", Msg::ActMarkNotApplicable),
    entry(C::Mark(Status::Unreviewed), "mark-unreviewed", Msg::ActMarkUnreviewed),
    entry(C::ToggleStar, "toggle-star", Msg::ActStar),
    entry(C::OpenNoteEditor, "open-note-editor", Msg::ActNote),
    entry(C::CopyCitation, "copy-citation", Msg::ActCopy),
    entry(C::CopyMarkdown, "copy-markdown", Msg::ActCopyMarkdown),
    entry(C::EditNote, "edit-note", Msg::ActEditNote),
    entry(C::ShowCopy, "show-copy", Msg::ActShowCopy),
    entry(C::Reload, "reload", Msg::ActReload),
    entry(C::ShowReloadProblems, "show-reload-problems", Msg::ActReloadProblems),
    entry(C::WidenList, "widen-list", Msg::ActWidenList),
    entry(C::NarrowList, "narrow-list", Msg::ActNarrowList),
    entry(C::Export, "export", Msg::ActExport),
    entry(C::SaveView, "save-view", Msg::ActSaveView),
    entry(C::PickView, "pick-view", Msg::ActOpenView),
    entry(C::NextUnreviewed, "next-unreviewed", Msg::ActNextUnreviewed),
    entry(C::PrevUnreviewed, "prev-unreviewed", Msg::ActPrevUnreviewed),
    entry(C::ReverseSort, "reverse-sort", Msg::ActReverseSort),
    entry(C::Top, "top", Msg::ActTop),
    entry(C::Bottom, "bottom", Msg::ActBottom),
    entry(C::PageDown, "page-down", Msg::ActPageDown),
    entry(C::PageUp, "page-up", Msg::ActPageUp),
    entry(C::HalfPageDown, "half-page-down", Msg::ActHalfDown),
    entry(C::HalfPageUp, "half-page-up", Msg::ActHalfUp),
    entry(C::GoToTab(0), "go-to-tab-0", Msg::ActTabAll),
    entry(C::GoToTab(1), "go-to-tab-1", Msg::ActTabTrips),
    entry(C::GoToTab(2), "go-to-tab-2", Msg::ActTabMeetings),
    entry(C::GoToTab(3), "go-to-tab-3", Msg::ActTabExperiences),
    entry(C::GoToTab(4), "go-to-tab-4", Msg::ActTabVisits),
];

impl Command {
    fn entry(self) -> Option<&'static Entry> {
        COMMANDS.iter().find(|e| e.command == self)
    }

    /// The command's name in config.toml (`quit`, `open-search`, `mark-reviewed`).
    pub fn name(self) -> &'static str {
        self.entry().map_or("", |e| e.name)
    }

    /// The command a config.toml name stands for.
    pub fn named(name: &str) -> Option<Command> {
        COMMANDS.iter().find(|e| e.name == name).map(|e| e.command)
    }

    /// What the help and the footer say the command does, in `context`.
    pub fn help(self, context: Context) -> Msg {
        let Some(e) = self.entry() else {
            return Msg::Unbound;
        };
        e.help_in
            .iter()
            .find(|(c, _)| *c == context)
            .map_or(e.help, |(_, m)| *m)
    }
}

/// Every command's name, in the table's order.
pub fn names() -> Vec<&'static str> {
    COMMANDS.iter().map(|e| e.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names users write in config.toml. Changing one breaks their files: this list changes
    /// only on purpose (and a new command adds a line).
    #[test]
    fn command_names_are_stable() {
        let expected = "toggle-help down up search-submit search-cancel history-back \
            history-forward search-backspace search-delete-word toggle-strict search-clear-line \
            search-left search-right search-start search-end search-delete \
            open next-tab prev-tab clear-search next-link prev-link back forward close \
            next-match prev-match save-note close-editor discard-note resume-note toggle-stats \
            dialog-confirm dialog-cancel dialog-backspace facet-toggle facet-clear \
            facet-clear-all quit open-search toggle-facets cycle-sort mark-reviewed mark-to-apply \
            mark-not-applicable mark-unreviewed toggle-star open-note-editor copy-citation \
            copy-markdown edit-note show-copy reload show-reload-problems widen-list \
            narrow-list export save-view pick-view next-unreviewed prev-unreviewed reverse-sort \
            top bottom page-down page-up half-page-down half-page-up go-to-tab-0 go-to-tab-1 \
            go-to-tab-2 go-to-tab-3 go-to-tab-4";
        assert_eq!(names().join(" "), expected);
    }

    #[test]
    fn each_command_has_one_name_and_back() {
        for (i, e) in COMMANDS.iter().enumerate() {
            assert!(
                e.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                e.name
            );
            assert_eq!(Command::named(e.name), Some(e.command));
            assert_eq!(e.command.name(), e.name);
            assert!(
                COMMANDS[i + 1..].iter().all(|o| o.command != e.command),
                "{} twice",
                e.name
            );
        }
    }
}
