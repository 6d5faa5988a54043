//! The user's keys (`[keys]` in config.toml, read by the config layer into [`Remap`]s) over
//! the default keymap: which command each name is, and how remaps apply.

use super::{Bound, Context, Key, Keymap, Remap};
use crate::app::command::{self, Command};
use Context::{Detail, Facets, Global, List};

/// What is wrong with a set of remaps: errors (the keymap is not built) and warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemapReport {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// True when bindings of `a` and `b` can be in reach at once.
fn together(a: Context, b: Context) -> bool {
    let beside_global = |c: Context| matches!(c, List | Detail | Facets);
    a == b || (a == Global && beside_global(b)) || (b == Global && beside_global(a))
}

impl Keymap {
    /// The default keymap with `remaps` applied. A remap gives a command its keys wherever it
    /// is; the keys only one place adds to it stay (Esc and `q` still close the help when
    /// `toggle-help = ["?", "H"]`). A user's key wins over a default on the same key (which
    /// loses it, and the help says so); an unknown command is a warning ("did you mean"); a
    /// key given to two commands is an error. In a text input (the search line, a dialog, the
    /// note editor) a printable key is typed, so it is not put on a command there, and the
    /// warnings say so.
    pub fn with(remaps: &[Remap]) -> Result<(Keymap, Vec<String>), RemapReport> {
        let mut report = RemapReport::default();
        let names = command::names();
        let mut map = Keymap::default();
        let mut given: Vec<(Key, Command, Vec<Context>)> = Vec::new();
        for remap in remaps {
            let Some(command) = Command::named(&remap.command) else {
                let near = crate::model::text::closest(&remap.command, &names);
                report.warnings.push(match near {
                    Some(n) => format!(
                        "{}: no command {:?}; did you mean {n:?}?",
                        remap.command_place, remap.command
                    ),
                    None => format!(
                        "{}: no command {:?} (left out)",
                        remap.command_place, remap.command
                    ),
                });
                continue;
            };
            let contexts: Vec<Context> = map
                .bindings
                .iter()
                .filter(|b| b.command == command)
                .map(|b| b.context)
                .collect();
            // A letter for a command bound only in text inputs would never run it.
            if contexts.iter().all(|c| c.takes_text()) {
                for k in remap.keys.iter().filter(|k| k.is_printable()) {
                    report.warnings.push(format!(
                        "{}: {} is typed as text {}, so it never runs {:?}",
                        remap.place,
                        k.label(),
                        place_name(contexts.first().copied().unwrap_or(Context::Search)),
                        remap.command
                    ));
                }
            }
            let mut keys: Vec<Key> = Vec::new();
            for &k in &remap.keys {
                // The same key twice in one list is one key.
                if keys.contains(&k) {
                    continue;
                }
                keys.push(k);
                let clash = given.iter().find(|(g, _, cs)| {
                    *g == k && cs.iter().any(|c| contexts.iter().any(|d| together(*c, *d)))
                });
                if let Some((_, other, _)) = clash {
                    report.errors.push(format!(
                        "{}: {} is bound twice: to {:?} and to {:?}",
                        remap.place,
                        k.label(),
                        other.name(),
                        remap.command
                    ));
                }
                given.push((k, command, contexts.clone()));
            }
            let main = main_keys(&map, command);
            for b in map.bindings.iter_mut().filter(|b| b.command == command) {
                let text = b.context.takes_text();
                let own: Vec<Key> = b
                    .keys
                    .iter()
                    .copied()
                    .filter(|k| !main.contains(k) && !keys.contains(k))
                    .collect();
                let given: Vec<Key> = keys
                    .iter()
                    .copied()
                    .filter(|k| !(text && k.is_printable()))
                    .collect();
                // In the order the place had its keys, then the new ones.
                let mut now: Vec<Key> = b
                    .keys
                    .iter()
                    .copied()
                    .filter(|k| own.contains(k) || given.contains(k))
                    .collect();
                for k in given {
                    if !now.contains(&k) {
                        now.push(k);
                    }
                }
                b.keys = now;
            }
        }
        if !report.errors.is_empty() {
            return Err(report);
        }
        // The user's keys win: defaults in reach at the same time give them up.
        for (key, command, contexts) in &given {
            for b in map.bindings.iter_mut() {
                let mine = b.command == *command;
                if !mine && contexts.iter().any(|c| together(*c, b.context)) && b.keys.contains(key)
                {
                    b.keys.retain(|k| k != key);
                    b.lost.push((*key, command.name().to_owned()));
                }
            }
        }
        Ok((map, report.warnings))
    }
}

/// A command's keys where it is most widely bound (everywhere, else its first place); what a
/// place adds to them is that place's own, and a remap keeps it.
fn main_keys(map: &Keymap, command: Command) -> Vec<Key> {
    let mut bound = map.bindings.iter().filter(|b| b.command == command);
    let first = bound.clone().next();
    bound
        .find(|b| b.context == Context::Global)
        .or(first)
        .map(|b| b.keys.clone())
        .unwrap_or_default()
}

/// Where a binding works, as the config file's comments and warnings say it.
fn place_name(context: Context) -> &'static str {
    match context {
        Context::Global => "everywhere",
        Context::List => "in the list",
        Context::Detail => "in the detail",
        Context::Search => "on the search line",
        Context::Facets => "in the facet pane",
        Context::Editor => "in the note editor",
        Context::EditorConfirm => "when closing the note editor",
        Context::Dialog => "in a dialog",
        Context::Stats => "in the stats view",
        Context::Help => "in the help",
    }
}

/// The `[keys]` lines of `findings config --default`: every command by its name with its
/// default keys, commented out (after [`crate::config::default_file`]). Uncommenting a line
/// changes nothing; a command whose keys differ by place in a way one list cannot give is
/// described in a comment instead.
pub fn default_keys() -> String {
    let mut out = String::new();
    let defaults = Keymap::default();
    let list = |keys: &[Key]| {
        keys.iter()
            .map(|k| format!("{:?}", super::spelled_out(&k.label())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for entry in command::COMMANDS {
        let bound: Vec<&Bound> = defaults
            .bindings()
            .iter()
            .filter(|b| b.command == entry.command)
            .collect();
        if bound.is_empty() {
            continue;
        }
        let name = entry.name;
        // Would the line, uncommented, give back exactly the default keys?
        let main = main_keys(&defaults, entry.command);
        let remap = Remap {
            command: name.to_owned(),
            keys: main.clone(),
            place: String::new(),
            command_place: String::new(),
        };
        let same = Keymap::with(std::slice::from_ref(&remap)).is_ok_and(|(map, warnings)| {
            warnings.is_empty()
                && map
                    .bindings()
                    .iter()
                    .zip(defaults.bindings())
                    .all(|(a, b)| {
                        a.keys.len() == b.keys.len() && a.keys.iter().all(|k| b.keys.contains(k))
                    })
        });
        if same {
            out.push_str(&format!("# {name} = [{}]\n", list(&main)));
        } else {
            let each: Vec<String> = bound
                .iter()
                .map(|b| format!("{} {}", place_name(b.context), list(&b.keys)))
                .collect();
            out.push_str(&format!(
                "# {name}: {} (a list given here applies everywhere)\n",
                each.join("; ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse, Config};
    use crate::i18n::Lang;
    use crate::keys::parse as parse_key;
    use std::path::Path;

    /// A config file as the TUI takes it: read, then its keys put on the keymap.
    fn parsed(text: &str) -> Result<(Config, Keymap), Vec<String>> {
        let mut config = parse(Path::new("config.toml"), text)?;
        match Keymap::with(&config.keys) {
            Ok((keymap, warnings)) => {
                config.warnings.extend(warnings);
                Ok((config, keymap))
            }
            Err(report) => Err(report.errors),
        }
    }

    /// A key added to a command keeps what one place adds to it: Esc and `q` still close the
    /// help and the stats; a key listed twice is one key; a letter for a command that only a
    /// text input has is said to be typed, not bound.
    #[test]
    fn a_remap_keeps_the_keys_a_place_adds() {
        use crate::app::action::{Action, Command};
        use crate::app::mode::Mode;
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        let (c, keymap) =
            parsed("[keys]\ntoggle-help = [\"?\", \"H\"]\ntoggle-stats = [\"t\", \"T\"]\n")
                .unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let help: Action = Command::ToggleHelp.into();
        let stats: Action = Command::ToggleStats.into();
        for code in [KeyCode::Esc, KeyCode::Char('q'), KeyCode::Char('H')] {
            assert_eq!(
                keymap.action_for(Mode::Help, &key(code)),
                Some(help.clone())
            );
        }
        assert_eq!(
            keymap.action_for(Mode::List, &key(KeyCode::Char('H'))),
            Some(help)
        );
        for code in [KeyCode::Esc, KeyCode::Char('q'), KeyCode::Char('T')] {
            assert_eq!(
                keymap.action_for(Mode::Stats, &key(code)),
                Some(stats.clone())
            );
        }
        let (c, _) = parsed("[keys]\nquit = [\"Q\", \"Q\"]\n").unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let (c, _) = parsed("[keys]\nsearch-submit = [\"Enter\", \"k\"]\n").unwrap();
        assert!(
            c.warnings.len() == 1 && c.warnings[0].contains("typed as text on the search line"),
            "{:?}",
            c.warnings
        );
    }

    #[test]
    fn keys_are_remapped_and_their_mistakes_reported() {
        let (_, keymap) =
            parsed("[keys]\nquit = \"Q\"\nopen-search = [\"/\", \"Ctrl-f\"]\n").unwrap();
        let lines = keymap.help_lines(Lang::En);
        assert!(lines
            .iter()
            .any(|(k, t)| k.as_deref() == Some("Q") && t == "quit"));
        let e = parsed("[keys]\nquit = \"Ctrl-1\"\n").unwrap_err();
        assert!(
            e[0].starts_with("config.toml:2:8:") && e[0].contains("Ctrl"),
            "{e:?}"
        );
        let e = parsed("[keys]\nquit = \"x\"\ntoggle-help = \"x\"\n").unwrap_err();
        assert!(
            e[0].contains("bound twice") && e[0].contains("quit") && e[0].contains("toggle-help"),
            "{e:?}"
        );
        let (c, _) = parsed("[keys]\nquitt = \"Q\"\n").unwrap();
        assert!(
            c.warnings[0].starts_with("config.toml:2:1:")
                && c.warnings[0].contains("did you mean \"quit\""),
            "{:?}",
            c.warnings
        );
        // Internal events are not commands: no key can be put on them.
        let names = command::names();
        assert!(names.contains(&"quit") && names.contains(&"mark-reviewed"));
        for internal in ["search-done", "click", "reviews-loaded", "reloaded", "drag"] {
            assert!(!names.contains(&internal), "{internal}");
            let (c, _) = parsed(&format!("[keys]\n{internal} = \"Q\"\n")).unwrap();
            assert!(c.warnings[0].contains("no command"), "{:?}", c.warnings);
        }
        // The user's key wins over a default in reach: `x` leaves mark-not-applicable.
        let (_, keymap) = parsed("[keys]\nquit = \"x\"\n").unwrap();
        let x = parse_key("x").unwrap();
        let moved = keymap
            .bindings()
            .iter()
            .find(|b| b.command.name() == "mark-not-applicable")
            .unwrap();
        assert!(!moved.keys.contains(&x) && moved.lost.iter().any(|(k, _)| *k == x));
    }

    #[test]
    fn the_default_file_is_a_valid_config_that_changes_nothing() {
        let text = format!("{}{}", crate::config::default_file(), default_keys());
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ["))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let (c, keymap) = parsed(&uncommented).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(
            keymap.help_lines(Lang::En),
            Keymap::default().help_lines(Lang::En)
        );
    }

    /// `down = ["j", "Down", "Ctrl-n"]`: `j` moves down in the list, and stays a letter in a
    /// dialog's name, where the footer offers `↓` (and the help lists no `j`).
    #[test]
    fn a_printable_key_given_to_a_command_stays_text_in_a_text_input() {
        use crate::app::action::{Action, Command, Event};
        use crate::app::mode::Mode;
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let (_, keymap) = parsed("[keys]\ndown = [\"j\", \"Down\", \"Ctrl-n\"]\n").unwrap();
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        let down: Action = Command::Down.into();
        assert_eq!(keymap.action_for(Mode::List, &j), Some(down.clone()));
        assert_eq!(keymap.action_for(Mode::List, &ctrl_n), Some(down.clone()));
        assert_eq!(
            keymap.action_for(Mode::Dialog, &j),
            Some(Event::DialogChar('j').into())
        );
        assert_eq!(keymap.action_for(Mode::Dialog, &ctrl_n), Some(down));
        assert_eq!(
            keymap.action_for(Mode::Search, &j),
            Some(Event::SearchChar('j').into())
        );
        let hints = keymap.footer_hints(Mode::Dialog);
        let (key, _) = hints
            .iter()
            .find(|(_, help)| *help == crate::i18n::Msg::ActDown)
            .unwrap();
        assert_eq!(key.label(), "↓");
        let dialog = keymap
            .bindings()
            .iter()
            .find(|b| b.context == Context::Dialog && b.command == Command::Down)
            .unwrap();
        assert!(!dialog.keys.iter().any(|k| k.is_printable()));
    }
}
