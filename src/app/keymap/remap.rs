//! The user's keys (`[keys]` in config.toml) over the default keymap: which actions are
//! commands a key can be put on, how keys are written, and how remaps apply.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{plain, Context, Key, Keymap, BINDINGS};
use crate::app::action::Action;
use Context::{Detail, Facets, Global, List};

/// A user's binding: a command's name and its keys, as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remap {
    pub command: String,
    pub keys: Vec<String>,
    /// "FILE:LINE:COL" of the entry's keys, for messages about them.
    pub place: String,
    /// "FILE:LINE:COL" of the command's name, for a command that does not exist.
    pub command_place: String,
}

/// What is wrong with a set of remaps: errors (the keymap is not built) and warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemapReport {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// A bindable command's name in config.toml: the action's name in kebab case (`quit`,
/// `open-search`, `mark-reviewed`, `go-to-tab-2`). Only actions the default keymap binds are
/// commands; the rest (`SearchDone`, `Click`, ...) are internal.
pub fn command_name(action: &Action) -> String {
    let debug = format!("{action:?}");
    let mut out = String::new();
    for c in debug.chars() {
        match c {
            c if c.is_ascii_uppercase() => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            '(' => out.push('-'),
            ')' | ' ' | '\'' | '"' => {}
            c => out.push(c),
        }
    }
    out
}

/// Every command a key can be put on, in the default keymap's order.
pub fn commands() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for b in BINDINGS {
        let n = command_name(&b.action);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// True when bindings of `a` and `b` can be in reach at once.
fn together(a: Context, b: Context) -> bool {
    let beside_global = |c: Context| matches!(c, List | Detail | Facets);
    a == b || (a == Global && beside_global(b)) || (b == Global && beside_global(a))
}

impl Keymap {
    /// The default keymap with `remaps` applied. A user's key wins over a default on the same
    /// key (which loses it, and the help says so); an unknown command is a warning ("did you
    /// mean"); a key a terminal cannot send, or given to two commands, is an error.
    pub fn with(remaps: &[Remap]) -> Result<(Keymap, Vec<String>), RemapReport> {
        let mut report = RemapReport::default();
        let names = commands();
        let mut map = Keymap::default();
        let mut given: Vec<(Key, String, Vec<Context>)> = Vec::new();
        for remap in remaps {
            if !names.contains(&remap.command) {
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
            }
            let mut keys = Vec::new();
            for text in &remap.keys {
                match parse_key(text) {
                    Ok(k) => keys.push(k),
                    Err(e) => report.errors.push(format!("{}: {e}", remap.place)),
                }
            }
            let contexts: Vec<Context> = map
                .bindings
                .iter()
                .filter(|b| command_name(&b.action) == remap.command)
                .map(|b| b.context)
                .collect();
            for &k in &keys {
                let clash = given.iter().find(|(g, _, cs)| {
                    *g == k && cs.iter().any(|c| contexts.iter().any(|d| together(*c, *d)))
                });
                if let Some((_, other, _)) = clash {
                    report.errors.push(format!(
                        "{}: {} is bound twice: to {other:?} and to {:?}",
                        remap.place,
                        k.label(),
                        remap.command
                    ));
                }
                given.push((k, remap.command.clone(), contexts.clone()));
            }
            for b in map
                .bindings
                .iter_mut()
                .filter(|b| command_name(&b.action) == remap.command)
            {
                b.keys = keys.clone();
            }
        }
        if !report.errors.is_empty() {
            return Err(report);
        }
        // The user's keys win: defaults in reach at the same time give them up.
        for (key, command, contexts) in &given {
            for b in map.bindings.iter_mut() {
                let mine = command_name(&b.action) == *command;
                if !mine && contexts.iter().any(|c| together(*c, b.context)) && b.keys.contains(key)
                {
                    b.keys.retain(|k| k != key);
                    b.lost.push((*key, command.clone()));
                }
            }
        }
        Ok((map, report.warnings))
    }
}

/// A key's label with its arrows written out (`Up`, `Alt-Left`): for config.toml, and for
/// terminals drawn in ASCII.
pub fn spelled_out(label: &str) -> String {
    label
        .replace('↑', "Up")
        .replace('↓', "Down")
        .replace('←', "Left")
        .replace('→', "Right")
}

/// A key as written in config.toml: `x`, `X`, `Ctrl-x`, `Alt-x`, `Enter`, `Esc`, `Tab`,
/// `Shift-Tab`, `Space`, `Backspace`, `Up`, `Down`, `Left`, `Right`, `Home`, `End`, `PgUp`,
/// `PgDn`, `F1`…`F12`. Keys a terminal cannot send apart from others are refused.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let (mods, base) = modifiers(text.trim());
    let mut chars = base.chars();
    let code = match (named(base), chars.next(), chars.next()) {
        (Some(code), _, _) => code,
        (None, Some(c), None) => KeyCode::Char(c),
        _ => {
            return Err(format!(
                "{text:?} is not a key (write x, X, Ctrl-x, Alt-x, Enter, F5 …)"
            ))
        }
    };
    let refuse = |why: &str| Err(format!("{text:?}: {why}"));
    if mods.contains(KeyModifiers::SHIFT) {
        return match code {
            KeyCode::Tab if mods == KeyModifiers::SHIFT => Ok(plain(KeyCode::BackTab)),
            KeyCode::Char(c) if c.is_alphabetic() => {
                refuse(&format!("write the capital letter: {}", c.to_uppercase()))
            }
            _ => refuse("terminals do not tell Shift with this key"),
        };
    }
    if mods.contains(KeyModifiers::CONTROL) {
        match code {
            KeyCode::Char('i') => return refuse("terminals send Ctrl-i as Tab"),
            KeyCode::Char('m') => return refuse("terminals send Ctrl-m as Enter"),
            KeyCode::Char('h') => return refuse("terminals send Ctrl-h as Backspace"),
            KeyCode::Char(c) if c.is_ascii_alphabetic() => {
                return Ok(Key {
                    code: KeyCode::Char(c.to_ascii_lowercase()),
                    mods,
                })
            }
            KeyCode::Char(_) => return refuse("terminals cannot send Ctrl with this key"),
            _ => {}
        }
    }
    Ok(Key { code, mods })
}

/// The `Ctrl-`, `Alt-` and `Shift-` before a key, and the key's name after them (a key of one
/// character, such as `-`, is that character).
fn modifiers(t: &str) -> (KeyModifiers, &str) {
    let mut mods = KeyModifiers::NONE;
    let mut rest = t;
    if t.len() <= 1 {
        return (mods, rest);
    }
    loop {
        let lower = rest.to_lowercase();
        let next = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
        ]
        .into_iter()
        .find_map(|(p, m)| {
            lower
                .strip_prefix(p)
                .filter(|r| !r.is_empty())
                .map(|r| (m, r.len()))
        });
        match next {
            Some((m, left)) => {
                mods |= m;
                rest = &rest[rest.len() - left..];
            }
            None => return (mods, rest),
        }
    }
}

/// A key known by its name (`Enter`, `PgDn`, `F5`, `↑`).
fn named(base: &str) -> Option<KeyCode> {
    Some(match base.to_lowercase().as_str() {
        "space" => KeyCode::Char(' '),
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "up" | "↑" => KeyCode::Up,
        "down" | "↓" => KeyCode::Down,
        "left" | "←" => KeyCode::Left,
        "right" | "→" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "delete" | "del" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        f => match f.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            Some(n) if (1..=12).contains(&n) => KeyCode::F(n),
            _ => return None,
        },
    })
}
