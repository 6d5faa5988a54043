//! Every key binding, in one table. Key lookup, the help overlay and the footer hints are all
//! generated from it, so they cannot drift apart; what each command is called and says is in
//! [`crate::app::command`].

use crossterm::event::{KeyCode, KeyEvent};

mod markdown;
mod remap;

pub use crate::keys::{parse as parse_key, spelled_out, Key, Remap};
pub use markdown::markdown;
pub use remap::{default_keys, RemapReport};

use super::action::{Action, Command, Event};
use super::mode::Mode;
use crate::i18n::{self, Lang, Msg};
use crate::keys::{alt, ch, ctrl, plain};
use crate::model::review::Status;

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Everywhere but the help overlay and the search line.
    Global,
    List,
    Detail,
    /// The search line, while it is open (other printable keys are typed into it).
    Search,
    /// The facet pane, when it has the focus.
    Facets,
    /// The note editor (other keys are typed into it).
    Editor,
    /// The note editor asking whether to keep the note.
    EditorConfirm,
    /// A popup asking a question or showing text (other printable keys are typed into it).
    Dialog,
    /// The stats view.
    Stats,
    Help,
}

impl Context {
    /// In the order the help lists them: the keys that work everywhere first.
    pub const ALL: [Context; 10] = [
        Context::Global,
        Context::List,
        Context::Detail,
        Context::Facets,
        Context::Search,
        Context::Dialog,
        Context::Stats,
        Context::Editor,
        Context::EditorConfirm,
        Context::Help,
    ];

    pub fn title(self) -> Msg {
        match self {
            Context::Global => Msg::HelpGlobal,
            Context::List => Msg::HelpList,
            Context::Detail => Msg::HelpDetail,
            Context::Search => Msg::HelpSearch,
            Context::Facets => Msg::HelpFacets,
            Context::Editor => Msg::HelpEditor,
            Context::EditorConfirm => Msg::HelpEditorConfirm,
            Context::Dialog => Msg::HelpDialog,
            Context::Stats => Msg::HelpStats,
            Context::Help => Msg::HelpHelp,
        }
    }
}

/// One binding: its keys, the command they ask for, and where.
#[derive(Clone, Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    /// Shown in the footer's hints for its context.
    pub footer: bool,
}

const fn bind(context: Context, keys: &'static [Key], command: Command, footer: bool) -> Binding {
    Binding {
        context,
        keys,
        command,
        footer,
    }
}

use Command as C;
use Context::{Detail, Dialog, Editor, EditorConfirm, Facets, Global, Help, List, Search, Stats};

/// The whole keymap. Earlier entries win when a key is bound twice in reach.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(Help, &[ch('?'), plain(KeyCode::Esc), ch('q')], C::ToggleHelp, true),
    bind(Help, &[ch('j'), plain(KeyCode::Down)], C::Down, true),
    bind(Help, &[ch('k'), plain(KeyCode::Up)], C::Up, true),
    bind(Search, &[plain(KeyCode::Enter)], C::SearchSubmit, true),
    bind(Search, &[plain(KeyCode::Esc)], C::SearchCancel, true),
    bind(Search, &[ctrl('r'), plain(KeyCode::Up)], C::HistoryBack, true),
    bind(Search, &[plain(KeyCode::Down)], C::HistoryForward, false),
    bind(Search, &[plain(KeyCode::Backspace)], C::SearchBackspace, false),
    bind(Search, &[ctrl('w')], C::SearchDeleteWord, false),
    bind(Search, &[ctrl('t')], C::ToggleStrict, false),
    bind(Search, &[ctrl('u')], C::SearchClearLine, false),
    bind(Search, &[plain(KeyCode::Left), ctrl('b')], C::SearchLeft, false),
    bind(Search, &[plain(KeyCode::Right), ctrl('f')], C::SearchRight, false),
    bind(Search, &[plain(KeyCode::Home), ctrl('a')], C::SearchStart, false),
    bind(Search, &[plain(KeyCode::End), ctrl('e')], C::SearchEnd, false),
    bind(Search, &[plain(KeyCode::Delete), ctrl('d')], C::SearchDelete, false),
    bind(List, &[ch('j'), plain(KeyCode::Down)], C::Down, true),
    bind(List, &[ch('k'), plain(KeyCode::Up)], C::Up, true),
    bind(List, &[plain(KeyCode::Enter), ch('l'), plain(KeyCode::Right)], C::Open, true),
    bind(List, &[plain(KeyCode::Tab)], C::NextTab, true),
    bind(List, &[plain(KeyCode::BackTab)], C::PrevTab, false),
    bind(List, &[plain(KeyCode::Esc)], C::ClearSearch, false),
    bind(Detail, &[ch('j'), plain(KeyCode::Down)], C::Down, true),
    bind(Detail, &[ch('k'), plain(KeyCode::Up)], C::Up, true),
    bind(Detail, &[plain(KeyCode::Tab)], C::NextLink, true),
    bind(Detail, &[plain(KeyCode::BackTab)], C::PrevLink, false),
    bind(Detail, &[plain(KeyCode::Enter)], C::Open, true),
    bind(Detail, &[plain(KeyCode::Backspace), ch('['), alt(KeyCode::Left), ch('h'), plain(KeyCode::Left)], C::Back, true),
    bind(Detail, &[ch(']'), alt(KeyCode::Right)], C::Forward, false),
    bind(Detail, &[plain(KeyCode::Esc)], C::Close, true),
    bind(Detail, &[ch('n')], C::NextMatch, false),
    bind(Detail, &[ch('N')], C::PrevMatch, false),
    bind(Editor, &[ctrl('s')], C::SaveNote, true),
    bind(Editor, &[plain(KeyCode::Esc)], C::CloseEditor, true),
    bind(EditorConfirm, &[ch('s'), ctrl('s')], C::SaveNote, true),
    bind(EditorConfirm, &[ch('d')], C::DiscardNote, true),
    bind(EditorConfirm, &[plain(KeyCode::Esc)], C::ResumeNote, true),
    bind(Stats, &[ch('t'), plain(KeyCode::Esc), ch('q')], C::ToggleStats, true),
    bind(Stats, &[ch('j'), plain(KeyCode::Down)], C::Down, true),
    bind(Stats, &[ch('k'), plain(KeyCode::Up)], C::Up, true),
    bind(Stats, &[plain(KeyCode::PageDown)], C::PageDown, false),
    bind(Stats, &[plain(KeyCode::PageUp)], C::PageUp, false),
    bind(Stats, &[ch('g'), plain(KeyCode::Home)], C::Top, false),
    bind(Stats, &[ch('G'), plain(KeyCode::End)], C::Bottom, false),
    bind(Dialog, &[plain(KeyCode::Enter)], C::DialogConfirm, true),
    bind(Dialog, &[plain(KeyCode::Esc)], C::DialogCancel, true),
    bind(Dialog, &[plain(KeyCode::Up)], C::Up, true),
    bind(Dialog, &[plain(KeyCode::Down)], C::Down, true),
    bind(Dialog, &[plain(KeyCode::Backspace)], C::DialogBackspace, false),
    bind(Facets, &[ch('j'), plain(KeyCode::Down)], C::Down, true),
    bind(Facets, &[ch('k'), plain(KeyCode::Up)], C::Up, true),
    bind(Facets, &[ch(' ')], C::FacetToggle, true),
    bind(Facets, &[ch('c')], C::FacetClear, true),
    bind(Facets, &[ch('C')], C::FacetClearAll, false),
    bind(Facets, &[plain(KeyCode::Esc), plain(KeyCode::Tab)], C::Close, true),
    // Help and quit first: the help's first screen shows them even at 80x24.
    bind(Global, &[ch('q'), ctrl('c')], C::Quit, true),
    bind(Global, &[ch('?')], C::ToggleHelp, true),
    bind(Global, &[ch('/')], C::OpenSearch, true),
    bind(Global, &[ch('f')], C::ToggleFacets, true),
    bind(Global, &[ch('s')], C::CycleSort, false),
    bind(Global, &[ch('r')], C::Mark(Status::Reviewed), false),
    bind(Global, &[ch('a')], C::Mark(Status::ToApply), false),
    bind(Global, &[ch('x')], C::Mark(Status::NotApplicable), false),
    bind(Global, &[ch('u')], C::Mark(Status::Unreviewed), false),
    bind(Global, &[ch('*')], C::ToggleStar, false),
    bind(Global, &[ch('i')], C::OpenNoteEditor, false),
    bind(Global, &[ch('y')], C::CopyCitation, false),
    bind(Global, &[ch('Y')], C::CopyMarkdown, false),
    bind(Global, &[ch('I')], C::EditNote, false),
    bind(Global, &[ch('t')], C::ToggleStats, true),
    bind(Global, &[ch('p')], C::ShowCopy, false),
    bind(Global, &[ch('R')], C::Reload, false),
    bind(Global, &[ch('D')], C::ShowReloadProblems, false),
    bind(Global, &[ch('>')], C::WidenList, false),
    bind(Global, &[ch('<')], C::NarrowList, false),
    bind(Global, &[ctrl('t')], C::ToggleStrict, false),
    bind(Global, &[ch('e')], C::Export, false),
    bind(Global, &[ch('w')], C::SaveView, false),
    bind(Global, &[ch('v')], C::PickView, false),
    bind(Global, &[ch('.')], C::NextUnreviewed, false),
    bind(Global, &[ch(',')], C::PrevUnreviewed, false),
    bind(Global, &[ch('S')], C::ReverseSort, false),
    bind(Global, &[ch('g'), plain(KeyCode::Home)], C::Top, false),
    bind(Global, &[ch('G'), plain(KeyCode::End)], C::Bottom, false),
    bind(Global, &[plain(KeyCode::PageDown)], C::PageDown, false),
    bind(Global, &[plain(KeyCode::PageUp)], C::PageUp, false),
    bind(Global, &[ctrl('d')], C::HalfPageDown, false),
    bind(Global, &[ctrl('u')], C::HalfPageUp, false),
    bind(Global, &[ch('1')], C::GoToTab(0), false),
    bind(Global, &[ch('2')], C::GoToTab(1), false),
    bind(Global, &[ch('3')], C::GoToTab(2), false),
    bind(Global, &[ch('4')], C::GoToTab(3), false),
    bind(Global, &[ch('5')], C::GoToTab(4), false),
];

/// The keymap in force: the default bindings with the user's remaps (`[keys]` in config.toml)
/// applied. Built once at start-up; key lookup, the help and the footer hints read it.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Bound>,
}

/// One binding as it stands.
#[derive(Clone, Debug)]
pub struct Bound {
    pub context: Context,
    pub keys: Vec<Key>,
    pub command: Command,
    pub footer: bool,
    /// Default keys the user gave to another command: the help says they moved.
    pub lost: Vec<(Key, String)>,
}

impl Bound {
    /// What the help and the footer say this binding does.
    pub fn help(&self) -> Msg {
        self.command.help(self.context)
    }
}

static DEFAULT: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(|| Keymap {
    bindings: BINDINGS
        .iter()
        .map(|b| Bound {
            context: b.context,
            keys: b.keys.to_vec(),
            command: b.command,
            footer: b.footer,
            lost: Vec::new(),
        })
        .collect(),
});

impl Default for Keymap {
    fn default() -> Keymap {
        DEFAULT.clone()
    }
}

impl Keymap {
    /// The help text: per context, a heading then "keys  what they do" (the overlay draws it;
    /// the state bounds its scrolling by it). A default key given to another command says so.
    pub fn help_lines(&self, lang: Lang) -> Vec<(Option<String>, String)> {
        let mut out = Vec::new();
        for context in Context::ALL {
            out.push((None, i18n::t(lang, context.title()).to_owned()));
            for b in self.bindings.iter().filter(|b| b.context == context) {
                let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
                let mut text = i18n::t(lang, b.help()).to_owned();
                for (key, command) in &b.lost {
                    text.push_str(&format!(
                        " ({} {}: {command})",
                        key.label(),
                        i18n::t(lang, Msg::KeyMoved)
                    ));
                }
                let keys = match keys.is_empty() {
                    true => i18n::t(lang, Msg::Unbound).to_owned(),
                    false => keys.join(" "),
                };
                out.push((Some(keys), text));
            }
        }
        out
    }

    /// What a key press asks for in `mode`. Ctrl-c always quits. In a text input (the search
    /// line, a dialog, the note editor) a printable key is text, whatever is bound to it; the
    /// note editor takes every other key that is not bound too.
    pub fn action_for(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        if ctrl('c').matches(event) {
            return Some(C::Quit.into());
        }
        if mode.takes_text() {
            if let Some(c) = crate::keys::printable(event.code, event.modifiers) {
                return Some(typed(mode, event, c).into());
            }
        }
        let bound = mode.contexts().iter().find_map(|&context| {
            self.bindings
                .iter()
                .filter(|b| b.context == context)
                .find(|b| b.keys.iter().any(|k| k.matches(event)))
                .map(|b| b.command)
        });
        match (bound, mode) {
            (Some(command), _) => Some(command.into()),
            // The note editor takes every other key: Enter, arrows, Backspace.
            (None, Mode::Editor) => Some(Event::EditorKey(*event).into()),
            _ => None,
        }
    }

    /// The bindings the footer hints at in `mode`, with the keys that work there (in a text
    /// input, a printable key is typed, so it is not offered).
    pub fn footer_hints(&self, mode: Mode) -> Vec<(Key, Msg)> {
        mode.contexts()
            .iter()
            .flat_map(|&context| {
                self.bindings
                    .iter()
                    .filter(move |b| b.context == context && b.footer)
            })
            .filter_map(|b| {
                let key = b
                    .keys
                    .iter()
                    .find(|k| !(mode.takes_text() && k.is_printable()))?;
                Some((*key, b.help()))
            })
            .collect()
    }

    /// Every binding, in order.
    pub fn bindings(&self) -> &[Bound] {
        &self.bindings
    }
}

/// A printable key in a text input, as the text it types there.
fn typed(mode: Mode, event: &KeyEvent, c: char) -> Event {
    match mode {
        Mode::Dialog => Event::DialogChar(c),
        Mode::Editor => Event::EditorKey(*event),
        _ => Event::SearchChar(c),
    }
}

/// The help text of the default keymap.
pub fn help_lines(lang: Lang) -> Vec<(Option<String>, String)> {
    DEFAULT.help_lines(lang)
}

/// The action a key asks for in the default keymap.
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    DEFAULT.action_for(mode, event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn command(c: Command) -> Option<Action> {
        Some(c.into())
    }

    #[test]
    fn keys_map_to_actions_by_context() {
        let (list, detail) = (Mode::List, Mode::Detail);
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(list, &k('j')), command(C::Down));
        assert_eq!(
            action_for(list, &press(KeyCode::Tab, KeyModifiers::NONE)),
            command(C::NextTab)
        );
        assert_eq!(
            action_for(detail, &press(KeyCode::Tab, KeyModifiers::NONE)),
            command(C::NextLink)
        );
        assert_eq!(
            action_for(detail, &press(KeyCode::Backspace, KeyModifiers::NONE)),
            command(C::Back)
        );
        assert_eq!(
            action_for(detail, &press(KeyCode::Left, KeyModifiers::ALT)),
            command(C::Back)
        );
        assert_eq!(
            action_for(list, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            command(C::Bottom)
        );
        assert_eq!(
            action_for(list, &press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            command(C::HalfPageDown)
        );
        assert_eq!(action_for(list, &k('3')), command(C::GoToTab(2)));
        assert_eq!(action_for(list, &k('z')), None);
    }

    #[test]
    fn help_mode_only_closes_scrolls_or_quits() {
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Help, &k('q')), command(C::ToggleHelp));
        assert_eq!(action_for(Mode::Help, &k('1')), None);
        assert_eq!(
            action_for(
                Mode::Help,
                &press(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            command(C::Quit)
        );
    }

    #[test]
    fn the_search_line_takes_typed_keys() {
        let search = Mode::Search;
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        let typed = |c| Some(Event::SearchChar(c).into());
        assert_eq!(action_for(search, &k('q')), typed('q'));
        assert_eq!(action_for(search, &k('đ')), typed('đ'));
        assert_eq!(
            action_for(search, &press(KeyCode::Char('A'), KeyModifiers::SHIFT)),
            typed('A')
        );
        assert_eq!(
            action_for(search, &press(KeyCode::Enter, KeyModifiers::NONE)),
            command(C::SearchSubmit)
        );
        assert_eq!(
            action_for(search, &press(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            command(C::HistoryBack)
        );
        assert_eq!(
            action_for(search, &press(KeyCode::Char('x'), KeyModifiers::ALT)),
            None
        );
        assert_eq!(action_for(Mode::List, &k('/')), command(C::OpenSearch));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for context in Context::ALL {
            let keys: Vec<Key> = BINDINGS
                .iter()
                .filter(|b| b.context == context)
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(a),
                    "{} bound twice in {context:?}",
                    a.label()
                );
            }
        }
    }

    /// A text input has no printable key bound by default: each would be typed instead.
    #[test]
    fn text_inputs_bind_no_printable_key() {
        for b in BINDINGS.iter().filter(|b| b.context.takes_text()) {
            assert!(
                b.keys.iter().all(|k| !k.is_printable()),
                "{:?} in {:?}",
                b.command,
                b.context
            );
        }
    }

    /// Every bound command has a name and a help line in the command table.
    #[test]
    fn every_bound_command_is_in_the_command_table() {
        for b in BINDINGS {
            assert!(!b.command.name().is_empty(), "{:?}", b.command);
        }
    }
}
