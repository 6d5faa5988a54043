//! Who has the keyboard: one value, worked out in one place ([`Mode::of`]). Keys, pastes and
//! the mouse are all dispatched by it.

use super::keymap::Context;
use super::state::{Focus, State};

/// What takes the input now, topmost first: the popups over the screen, then the search line,
/// then the pane with the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The terminal is too small to show anything but that: no key acts on what cannot be
    /// seen (a mark set blind), only quitting.
    TooSmall,
    /// A popup asking a question, a name, or showing text.
    Dialog,
    /// The note editor asking whether to keep the note.
    EditorConfirm,
    /// The note editor.
    Editor,
    Help,
    Stats,
    /// The search line is open.
    Search,
    Facets,
    Detail,
    List,
}

impl Mode {
    /// The mode `state` is in. In the order the screen draws them: what is on top has the
    /// keyboard.
    pub fn of(state: &State) -> Mode {
        if crate::layout::too_small(state.size) {
            return Mode::TooSmall;
        }
        if state.dialog.is_some() {
            return Mode::Dialog;
        }
        match &state.editor {
            Some(e) if e.confirming => return Mode::EditorConfirm,
            Some(_) => return Mode::Editor,
            None => {}
        }
        if state.help {
            return Mode::Help;
        }
        if state.stats {
            return Mode::Stats;
        }
        if state.search.editing {
            return Mode::Search;
        }
        match state.focus {
            Focus::Facets => Mode::Facets,
            Focus::Detail => Mode::Detail,
            Focus::List => Mode::List,
        }
    }

    /// The keymap contexts whose bindings are in reach, most specific first.
    pub fn contexts(self) -> &'static [Context] {
        match self {
            // Only its quitting keys are taken (see `update`).
            Mode::TooSmall => &[Context::Global],
            Mode::Dialog => &[Context::Dialog],
            Mode::EditorConfirm => &[Context::EditorConfirm],
            Mode::Editor => &[Context::Editor],
            Mode::Help => &[Context::Help],
            Mode::Stats => &[Context::Stats],
            Mode::Search => &[Context::Search],
            Mode::Facets => &[Context::Facets, Context::Global],
            Mode::Detail => &[Context::Detail, Context::Global],
            Mode::List => &[Context::List, Context::Global],
        }
    }

    /// A text input has the keyboard: every printable key is text, whatever is bound to it.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Dialog | Mode::Editor | Mode::Search)
    }

    /// Keys in this mode may act on the list's rows (move, mark, open, export them), so they
    /// wait while the list is about to change ([`State::keys_wait`]). The search line and the
    /// note editor act on their own text, never on rows: they take keys at once.
    pub fn acts_on_rows(self) -> bool {
        !matches!(self, Mode::Search | Mode::Editor | Mode::EditorConfirm)
    }

    /// The panes under the popups take the mouse (the wheel, clicks, dragging the split).
    pub fn panes_take_the_mouse(self) -> bool {
        matches!(self, Mode::Facets | Mode::Detail | Mode::List)
    }
}

impl Context {
    /// True for the contexts of a text input, where printable keys are typed.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Dialog | Context::Editor | Context::Search)
    }
}
