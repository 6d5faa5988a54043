//! The user's keys (`[keys]` in config.toml, read by the config layer into [`Remap`]s) over
//! the default keymap: which command each name is, and how remaps apply.

use super::{Context, Key, Keymap, Remap};
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
    /// The default keymap with `remaps` applied. A user's key wins over a default on the same
    /// key (which loses it, and the help says so); an unknown command is a warning ("did you
    /// mean"); a key given to two commands is an error. In a text input (the search line, a
    /// dialog, the note editor) a printable key is typed, so it is not put on a command there.
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
            for &k in &remap.keys {
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
            for b in map.bindings.iter_mut().filter(|b| b.command == command) {
                let text = b.context.takes_text();
                b.keys = remap
                    .keys
                    .iter()
                    .copied()
                    .filter(|k| !(text && k.is_printable()))
                    .collect();
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

/// The `[keys]` lines of `findings config --default`: every command by its name with its
/// default keys, commented out (after [`crate::config::default_file`]).
pub fn default_keys() -> String {
    let mut out = String::new();
    let defaults = Keymap::default();
    for entry in command::COMMANDS {
        let places: Vec<(String, Vec<String>)> = defaults
            .bindings()
            .iter()
            .filter(|b| b.command == entry.command)
            .map(|b| {
                let keys = b
                    .keys
                    .iter()
                    .map(|k| super::spelled_out(&k.label()))
                    .collect();
                (format!("{:?}", b.context).to_lowercase(), keys)
            })
            .collect();
        let Some(first) = places.first() else {
            continue;
        };
        let list = |keys: &[String]| {
            keys.iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let name = entry.name;
        if places.windows(2).all(|w| w[0].1 == w[1].1) {
            out.push_str(&format!("# {name} = [{}]\n", list(&first.1)));
        } else {
            // A remap gives the same keys everywhere the command is.
            let each: Vec<String> = places
                .iter()
                .map(|(place, keys)| format!("{place}: {}", list(keys)))
                .collect();
            out.push_str(&format!(
                "# {name} (differs by place: {})\n",
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
