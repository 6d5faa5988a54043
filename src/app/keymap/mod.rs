//! Every key binding, in one table. Key lookup, the help overlay and the footer hints are all
//! generated from it, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod remap;

pub use remap::{command_name, commands, parse_key, spelled_out, Remap, RemapReport};

use super::action::Action;
use super::state::Focus;
use crate::i18n::{self, Lang, Msg};
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

/// A key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

impl Key {
    /// How the key is written in the help and the footer: `j`, `↓`, `Ctrl-d`, `PgDn`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        // Shift is part of the character for printable keys ('G', '?'), and terminals differ
        // in whether they report it; compare the rest.
        let mods = event.modifiers - KeyModifiers::SHIFT;
        let code = match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        self.code == code && self.mods == mods
    }
}

/// One binding: its keys, what they do, where, and how the help describes it.
#[derive(Clone, Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: Msg,
    /// Shown in the footer's hints for its context.
    pub footer: bool,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: Msg,
    footer: bool,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        footer,
    }
}

use Context::{Detail, Dialog, Editor, EditorConfirm, Facets, Global, Help, List, Search, Stats};

/// The whole keymap. Earlier entries win when a key is bound twice in reach.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(Help, &[ch('?'), plain(KeyCode::Esc), ch('q')], Action::ToggleHelp, Msg::ActCloseHelp, true),
    bind(Help, &[ch('j'), plain(KeyCode::Down)], Action::Down, Msg::ActScrollDown, true),
    bind(Help, &[ch('k'), plain(KeyCode::Up)], Action::Up, Msg::ActScrollUp, true),
    bind(Search, &[plain(KeyCode::Enter)], Action::SearchSubmit, Msg::ActSearchSubmit, true),
    bind(Search, &[plain(KeyCode::Esc)], Action::SearchCancel, Msg::ActSearchCancel, true),
    bind(Search, &[ctrl('r'), plain(KeyCode::Up)], Action::HistoryBack, Msg::ActHistoryBack, true),
    bind(Search, &[plain(KeyCode::Down)], Action::HistoryForward, Msg::ActHistoryForward, false),
    bind(Search, &[plain(KeyCode::Backspace)], Action::SearchBackspace, Msg::ActSearchBackspace, false),
    bind(Search, &[ctrl('w')], Action::SearchDeleteWord, Msg::ActSearchDeleteWord, false),
    bind(Search, &[ctrl('t')], Action::ToggleStrict, Msg::ActStrict, false),
    bind(Search, &[ctrl('u')], Action::SearchClearLine, Msg::ActSearchClearLine, false),
    bind(List, &[ch('j'), plain(KeyCode::Down)], Action::Down, Msg::ActDown, true),
    bind(List, &[ch('k'), plain(KeyCode::Up)], Action::Up, Msg::ActUp, true),
    bind(List, &[plain(KeyCode::Enter), ch('l'), plain(KeyCode::Right)], Action::Open, Msg::ActOpen, true),
    bind(List, &[plain(KeyCode::Tab)], Action::NextTab, Msg::ActNextTab, true),
    bind(List, &[plain(KeyCode::BackTab)], Action::PrevTab, Msg::ActPrevTab, false),
    bind(List, &[plain(KeyCode::Esc)], Action::ClearSearch, Msg::ActClearSearch, false),
    bind(Detail, &[ch('j'), plain(KeyCode::Down)], Action::Down, Msg::ActScrollDown, true),
    bind(Detail, &[ch('k'), plain(KeyCode::Up)], Action::Up, Msg::ActScrollUp, true),
    bind(Detail, &[plain(KeyCode::Tab)], Action::NextLink, Msg::ActNextLink, true),
    bind(Detail, &[plain(KeyCode::BackTab)], Action::PrevLink, Msg::ActPrevLink, false),
    bind(Detail, &[plain(KeyCode::Enter)], Action::Open, Msg::ActFollow, true),
    bind(Detail, &[plain(KeyCode::Backspace), ch('['), alt(KeyCode::Left), ch('h'), plain(KeyCode::Left)], Action::Back, Msg::ActBack, true),
    bind(Detail, &[ch(']'), alt(KeyCode::Right)], Action::Forward, Msg::ActForward, false),
    bind(Detail, &[plain(KeyCode::Esc)], Action::Close, Msg::ActClose, true),
    bind(Detail, &[ch('n')], Action::NextMatch, Msg::ActNextMatch, false),
    bind(Detail, &[ch('N')], Action::PrevMatch, Msg::ActPrevMatch, false),
    bind(Editor, &[ctrl('s')], Action::SaveNote, Msg::ActSaveNote, true),
    bind(Editor, &[plain(KeyCode::Esc)], Action::CloseEditor, Msg::ActCloseEditor, true),
    bind(EditorConfirm, &[ch('s'), ctrl('s')], Action::SaveNote, Msg::ActSaveNote, true),
    bind(EditorConfirm, &[ch('d')], Action::DiscardNote, Msg::ActDiscardNote, true),
    bind(EditorConfirm, &[plain(KeyCode::Esc)], Action::ResumeNote, Msg::ActResumeNote, true),
    bind(Stats, &[ch('t'), plain(KeyCode::Esc), ch('q')], Action::ToggleStats, Msg::ActCloseStats, true),
    bind(Dialog, &[plain(KeyCode::Enter)], Action::DialogConfirm, Msg::ActDialogConfirm, true),
    bind(Dialog, &[plain(KeyCode::Esc)], Action::DialogCancel, Msg::ActDialogCancel, true),
    bind(Dialog, &[plain(KeyCode::Up)], Action::Up, Msg::ActUp, true),
    bind(Dialog, &[plain(KeyCode::Down)], Action::Down, Msg::ActDown, true),
    bind(Dialog, &[plain(KeyCode::Backspace)], Action::DialogBackspace, Msg::ActDialogBackspace, false),
    bind(Facets, &[ch('j'), plain(KeyCode::Down)], Action::Down, Msg::ActDown, true),
    bind(Facets, &[ch('k'), plain(KeyCode::Up)], Action::Up, Msg::ActUp, true),
    bind(Facets, &[ch(' ')], Action::FacetToggle, Msg::ActFacetToggle, true),
    bind(Facets, &[ch('c')], Action::FacetClear, Msg::ActFacetClear, true),
    bind(Facets, &[ch('C')], Action::FacetClearAll, Msg::ActFacetClearAll, false),
    bind(Facets, &[plain(KeyCode::Esc), plain(KeyCode::Tab)], Action::Close, Msg::ActFacetsLeave, true),
    // Help and quit first: the help's first screen shows them even at 80x24.
    bind(Global, &[ch('q'), ctrl('c')], Action::Quit, Msg::ActQuit, true),
    bind(Global, &[ch('?')], Action::ToggleHelp, Msg::ActHelp, true),
    bind(Global, &[ch('/')], Action::OpenSearch, Msg::ActSearch, true),
    bind(Global, &[ch('f')], Action::ToggleFacets, Msg::ActFacets, true),
    bind(Global, &[ch('s')], Action::CycleSort, Msg::ActSort, false),
    bind(Global, &[ch('r')], Action::Mark(Status::Reviewed), Msg::ActMarkReviewed, false),
    bind(Global, &[ch('a')], Action::Mark(Status::ToApply), Msg::ActMarkToApply, false),
    bind(Global, &[ch('x')], Action::Mark(Status::NotApplicable), Msg::ActMarkNotApplicable, false),
    bind(Global, &[ch('u')], Action::Mark(Status::Unreviewed), Msg::ActMarkUnreviewed, false),
    bind(Global, &[ch('*')], Action::ToggleStar, Msg::ActStar, false),
    bind(Global, &[ch('i')], Action::OpenNoteEditor, Msg::ActNote, false),
    bind(Global, &[ch('y')], Action::CopyCitation, Msg::ActCopy, false),
    bind(Global, &[ch('Y')], Action::CopyMarkdown, Msg::ActCopyMarkdown, false),
    bind(Global, &[ch('I')], Action::EditNote, Msg::ActEditNote, false),
    bind(Global, &[ch('t')], Action::ToggleStats, Msg::ActStats, true),
    bind(Global, &[ch('p')], Action::ShowCopy, Msg::ActShowCopy, false),
    bind(Global, &[ch('R')], Action::Reload, Msg::ActReload, false),
    bind(Global, &[ch('D')], Action::ShowReloadProblems, Msg::ActReloadProblems, false),
    bind(Global, &[ch('>')], Action::WidenList, Msg::ActWidenList, false),
    bind(Global, &[ch('<')], Action::NarrowList, Msg::ActNarrowList, false),
    bind(Global, &[ctrl('t')], Action::ToggleStrict, Msg::ActStrict, false),
    bind(Global, &[ch('e')], Action::Export, Msg::ActExport, false),
    bind(Global, &[ch('w')], Action::SaveView, Msg::ActSaveView, false),
    bind(Global, &[ch('v')], Action::PickView, Msg::ActOpenView, false),
    bind(Global, &[ch('.')], Action::NextUnreviewed, Msg::ActNextUnreviewed, false),
    bind(Global, &[ch(',')], Action::PrevUnreviewed, Msg::ActPrevUnreviewed, false),
    bind(Global, &[ch('S')], Action::ReverseSort, Msg::ActReverseSort, false),
    bind(Global, &[ch('g'), plain(KeyCode::Home)], Action::Top, Msg::ActTop, false),
    bind(Global, &[ch('G'), plain(KeyCode::End)], Action::Bottom, Msg::ActBottom, false),
    bind(Global, &[plain(KeyCode::PageDown)], Action::PageDown, Msg::ActPageDown, false),
    bind(Global, &[plain(KeyCode::PageUp)], Action::PageUp, Msg::ActPageUp, false),
    bind(Global, &[ctrl('d')], Action::HalfPageDown, Msg::ActHalfDown, false),
    bind(Global, &[ctrl('u')], Action::HalfPageUp, Msg::ActHalfUp, false),
    bind(Global, &[ch('1')], Action::GoToTab(0), Msg::ActTabAll, false),
    bind(Global, &[ch('2')], Action::GoToTab(1), Msg::ActTabTrips, false),
    bind(Global, &[ch('3')], Action::GoToTab(2), Msg::ActTabMeetings, false),
    bind(Global, &[ch('4')], Action::GoToTab(3), Msg::ActTabExperiences, false),
    bind(Global, &[ch('5')], Action::GoToTab(4), Msg::ActTabVisits, false),
];

/// The contexts whose bindings are in reach, most specific first.
pub fn contexts(help: bool, searching: bool, focus: Focus) -> &'static [Context] {
    match (help, searching, focus) {
        (true, _, _) => &[Help],
        (false, true, _) => &[Search],
        (false, false, Focus::Detail) => &[Detail, Global],
        (false, false, Focus::Facets) => &[Facets, Global],
        (false, false, Focus::List) => &[List, Global],
    }
}

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
    pub action: Action,
    pub help: Msg,
    pub footer: bool,
    /// Default keys the user gave to another command: the help says they moved.
    pub lost: Vec<(Key, String)>,
}

static DEFAULT: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(|| Keymap {
    bindings: BINDINGS
        .iter()
        .map(|b| Bound {
            context: b.context,
            keys: b.keys.to_vec(),
            action: b.action.clone(),
            help: b.help,
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
                let mut text = i18n::t(lang, b.help).to_owned();
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

    /// The action a key press asks for, in the given contexts. Ctrl-c always quits; on the
    /// search line and in dialogs, a printable key that is not bound is typed.
    pub fn action_for(&self, reach: &[Context], event: &KeyEvent) -> Option<Action> {
        if ctrl('c').matches(event) {
            return Some(Action::Quit);
        }
        let bound = reach.iter().find_map(|&context| {
            self.bindings
                .iter()
                .filter(|b| b.context == context)
                .find(|b| b.keys.iter().any(|k| k.matches(event)))
                .map(|b| b.action.clone())
        });
        let typing = (reach.contains(&Search) || reach.contains(&Dialog))
            && !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (bound, event.code) {
            (Some(action), _) => Some(action),
            // The note editor takes every other key: letters, Enter, arrows, Backspace.
            (None, _) if reach.contains(&Editor) => Some(Action::EditorKey(*event)),
            (None, KeyCode::Char(c)) if typing && !c.is_control() && reach.contains(&Dialog) => {
                Some(Action::DialogChar(c))
            }
            (None, KeyCode::Char(c)) if typing && !c.is_control() => Some(Action::SearchChar(c)),
            _ => None,
        }
    }

    /// The bindings the footer hints at, for the given contexts.
    pub fn footer_hints(&self, reach: &[Context]) -> Vec<&Bound> {
        reach
            .iter()
            .flat_map(|&context| {
                self.bindings
                    .iter()
                    .filter(move |b| b.context == context && b.footer && !b.keys.is_empty())
            })
            .collect()
    }

    /// Every binding, in order.
    pub fn bindings(&self) -> &[Bound] {
        &self.bindings
    }
}

/// The help text of the default keymap.
pub fn help_lines(lang: Lang) -> Vec<(Option<String>, String)> {
    DEFAULT.help_lines(lang)
}

/// The action a key asks for in the default keymap.
pub fn action_for(reach: &[Context], event: &KeyEvent) -> Option<Action> {
    DEFAULT.action_for(reach, event)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_map_to_actions_by_context() {
        let list = contexts(false, false, Focus::List);
        let detail = contexts(false, false, Focus::Detail);
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(list, &k('j')), Some(Action::Down));
        assert_eq!(
            action_for(list, &press(KeyCode::Tab, KeyModifiers::NONE)),
            Some(Action::NextTab)
        );
        assert_eq!(
            action_for(detail, &press(KeyCode::Tab, KeyModifiers::NONE)),
            Some(Action::NextLink)
        );
        assert_eq!(
            action_for(detail, &press(KeyCode::Backspace, KeyModifiers::NONE)),
            Some(Action::Back)
        );
        assert_eq!(
            action_for(detail, &press(KeyCode::Left, KeyModifiers::ALT)),
            Some(Action::Back)
        );
        assert_eq!(
            action_for(list, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(list, &press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(action_for(list, &k('3')), Some(Action::GoToTab(2)));
        assert_eq!(action_for(list, &k('z')), None);
    }

    #[test]
    fn help_mode_only_closes_scrolls_or_quits() {
        let help = contexts(true, false, Focus::List);
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(help, &k('q')), Some(Action::ToggleHelp));
        assert_eq!(action_for(help, &k('1')), None);
        assert_eq!(
            action_for(help, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn the_search_line_takes_typed_keys() {
        let search = contexts(false, true, Focus::List);
        let k = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(search, &k('q')), Some(Action::SearchChar('q')));
        assert_eq!(action_for(search, &k('đ')), Some(Action::SearchChar('đ')));
        assert_eq!(
            action_for(search, &press(KeyCode::Char('A'), KeyModifiers::SHIFT)),
            Some(Action::SearchChar('A'))
        );
        assert_eq!(
            action_for(search, &press(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::SearchSubmit)
        );
        assert_eq!(
            action_for(search, &press(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::HistoryBack)
        );
        assert_eq!(
            action_for(search, &press(KeyCode::Char('x'), KeyModifiers::ALT)),
            None
        );
        assert_eq!(
            action_for(contexts(false, false, Focus::List), &k('/')),
            Some(Action::OpenSearch)
        );
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

    #[test]
    fn labels_read_like_the_docs() {
        assert_eq!(ctrl('d').label(), "Ctrl-d");
        assert_eq!(alt(KeyCode::Left).label(), "Alt-←");
        assert_eq!(plain(KeyCode::BackTab).label(), "Shift-Tab");
    }
}
