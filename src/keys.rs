//! Keys as users write them (config.toml, the help, the footer): a small key type of its own,
//! parsed and labelled here, with no knowledge of the app. The config file reads key names with
//! it; the app's keymap puts them on commands.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub const fn alt(code: KeyCode) -> Key {
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

    /// True when a key press is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
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

    /// A key that types a character (no Ctrl, no Alt): text in a text input.
    pub fn is_printable(&self) -> bool {
        printable(self.code, self.mods).is_some()
    }
}

/// The character a key types, if it types one (no Ctrl, no Alt; Shift is part of it).
pub fn printable(code: KeyCode, mods: KeyModifiers) -> Option<char> {
    match code {
        KeyCode::Char(c)
            if !c.is_control() && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// A user's binding (`[keys]` in config.toml): a command's name and its keys, read, with where
/// they were written. Which commands exist is the app's to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remap {
    pub command: String,
    pub keys: Vec<Key>,
    /// "FILE:LINE:COL" of the entry's keys, for messages about them.
    pub place: String,
    /// "FILE:LINE:COL" of the command's name, for a command that does not exist.
    pub command_place: String,
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
pub fn parse(text: &str) -> Result<Key, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_the_docs() {
        assert_eq!(ctrl('d').label(), "Ctrl-d");
        assert_eq!(alt(KeyCode::Left).label(), "Alt-←");
        assert_eq!(plain(KeyCode::BackTab).label(), "Shift-Tab");
    }

    #[test]
    fn keys_are_parsed_as_written_and_impossible_ones_refused() {
        assert_eq!(parse("Ctrl-N"), Ok(ctrl('n')));
        assert_eq!(parse("Down"), Ok(plain(KeyCode::Down)));
        assert_eq!(parse("Shift-Tab"), Ok(plain(KeyCode::BackTab)));
        assert_eq!(parse("j"), Ok(ch('j')));
        assert!(parse("Ctrl-1").is_err() && parse("Shift-x").is_err());
        assert!(ch('j').is_printable() && !ctrl('n').is_printable());
        assert!(!plain(KeyCode::Down).is_printable());
    }
}
