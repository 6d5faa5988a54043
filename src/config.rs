//! The config file, `$XDG_CONFIG_HOME/findings/config.toml`: language, theme, data, the review
//! store, the user, the mouse, the list/detail split, ASCII drawing, and `[keys]` remaps.
//! Everything is optional; the command line and the environment win over it (the order is
//! kept in one place, [`crate::settings::Settings::resolve`]). A value of the
//! wrong type or an impossible key is `FILE:LINE:COL: what is wrong`; an unknown setting or
//! command is a warning with "did you mean".

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::keymap::{self, Keymap, Remap};
use crate::error::{Error, USAGE};
use crate::i18n::Lang;
use crate::model::diagnostic::LineIndex;
use crate::model::files;

/// A theme by name, as the config file's `theme` and `--theme` give it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
}

/// The settings a config file gives (each `None` when not given).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub lang: Option<Lang>,
    pub theme: Option<ThemeName>,
    pub ascii: Option<bool>,
    pub mouse: Option<bool>,
    pub data: Vec<PathBuf>,
    pub review_db: Option<PathBuf>,
    pub user: Option<String>,
    pub list_percent: Option<u8>,
    pub keymap: Keymap,
    pub warnings: Vec<String>,
}

const SETTINGS: [&str; 9] = [
    "lang",
    "theme",
    "ascii",
    "mouse",
    "data",
    "review_db",
    "user",
    "list_percent",
    "keys",
];

/// `$XDG_CONFIG_HOME/findings/config.toml` (else `~/.config/findings/config.toml`).
pub fn default_path() -> Option<PathBuf> {
    files::config_dir().map(|d| d.join("config.toml"))
}

/// The config file's settings ([`default_path`]; the defaults without one), its warnings said
/// on `err`. Its errors, one line each, are a usage error.
pub fn read(err: &mut impl Write) -> Result<Config, Error> {
    let Some(path) = default_path() else {
        return Ok(Config::default());
    };
    let config = load(&path).map_err(|errors| Error::all(USAGE, errors))?;
    for w in &config.warnings {
        let _ = writeln!(err, "findings: warning: {w}");
    }
    Ok(config)
}

/// The config in `path`; the defaults when there is no file. Errors are `FILE:LINE:COL: …`.
pub fn load(path: &Path) -> Result<Config, Vec<String>> {
    let text = match files::read_small(path, files::SETTINGS_LIMIT) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(Config::default()),
        // Another account's home, a folder we may not enter: the defaults, said once.
        Err(e) => {
            return Ok(Config {
                warnings: vec![format!("{}: {e}; using the defaults", files::shown(path))],
                ..Config::default()
            })
        }
    };
    parse(path, &text)
}

fn parse(path: &Path, text: &str) -> Result<Config, Vec<String>> {
    let lines = LineIndex::new(text.as_bytes());
    let place = |at: Option<std::ops::Range<usize>>| {
        let at = lines.position(at.map_or(0, |r| r.start));
        format!("{}:{at}", files::shown(path))
    };
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        vec![format!(
            "{}: {}",
            place(e.span()),
            e.message().trim().replace('\n', " ")
        )]
    })?;
    let mut config = Config::default();
    let mut errors = Vec::new();
    for (name, item) in doc.iter() {
        let at = place(item.span().or_else(|| doc.key(name).and_then(|k| k.span())));
        let wrong = |what: &str| format!("{at}: {name} must be {what}");
        let string = || item.as_str().map(str::to_owned);
        match name {
            "lang" => match string().as_deref() {
                Some("vi") => config.lang = Some(Lang::Vi),
                Some("en") => config.lang = Some(Lang::En),
                _ => errors.push(wrong("\"vi\" or \"en\"")),
            },
            "theme" => match string().as_deref() {
                Some("dark") => config.theme = Some(ThemeName::Dark),
                Some("light") => config.theme = Some(ThemeName::Light),
                Some("high-contrast") => config.theme = Some(ThemeName::HighContrast),
                _ => errors.push(wrong("\"dark\", \"light\" or \"high-contrast\"")),
            },
            "ascii" | "mouse" => match item.as_bool() {
                Some(b) if name == "ascii" => config.ascii = Some(b),
                Some(b) => config.mouse = Some(b),
                None => errors.push(wrong("true or false")),
            },
            "data" => match (string(), item.as_array()) {
                (Some(p), _) => config.data.push(p.into()),
                (None, Some(a)) if a.iter().all(|v| v.as_str().is_some()) => {
                    config.data = a
                        .iter()
                        .filter_map(|v| v.as_str())
                        .map(PathBuf::from)
                        .collect();
                }
                _ => errors.push(wrong("a path or a list of paths")),
            },
            "review_db" => match string() {
                Some(p) => config.review_db = Some(p.into()),
                None => errors.push(wrong("a path")),
            },
            "user" => match string() {
                Some(u) if !u.trim().is_empty() => config.user = Some(u),
                _ => errors.push(wrong("a name")),
            },
            "list_percent" => match item.as_integer() {
                Some(n) if (20..=80).contains(&n) => config.list_percent = Some(n as u8),
                _ => errors.push(wrong("a whole number from 20 to 80")),
            },
            "keys" => match item.as_table_like() {
                Some(keys) => remap(keys, &place, &mut config, &mut errors),
                None => errors.push(wrong("a table: [keys]")),
            },
            other => {
                // Named at its name, not its value.
                let at = place(doc.key(name).and_then(|k| k.span()).or_else(|| item.span()));
                let near = crate::model::text::closest(other, SETTINGS);
                config.warnings.push(match near {
                    Some(s) => format!("{at}: unknown setting {other:?}; did you mean {s:?}?"),
                    None => format!("{at}: unknown setting {other:?} (left out)"),
                });
            }
        }
    }
    match errors.is_empty() {
        true => Ok(config),
        false => Err(errors),
    }
}

/// The `[keys]` table: each command's keys, applied over the default keymap.
fn remap(
    keys: &dyn toml_edit::TableLike,
    place: &dyn Fn(Option<std::ops::Range<usize>>) -> String,
    config: &mut Config,
    errors: &mut Vec<String>,
) {
    let mut remaps = Vec::new();
    for (command, value) in keys.iter() {
        let name_span = keys.key(command).and_then(|k| k.span());
        let at = place(value.span().or_else(|| name_span.clone()));
        let command_place = place(name_span.or_else(|| value.span()));
        let list: Option<Vec<String>> = match (value.as_str(), value.as_array()) {
            (Some(k), _) => Some(vec![k.to_owned()]),
            (None, Some(a)) => a.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
            _ => None,
        };
        match list {
            Some(keys) => remaps.push(Remap {
                command: command.to_owned(),
                keys,
                place: at,
                command_place,
            }),
            None => errors.push(format!(
                "{at}: keys.{command} must be a key or a list of keys"
            )),
        }
    }
    match Keymap::with(&remaps) {
        Ok((map, warnings)) => {
            config.keymap = map;
            config.warnings.extend(warnings);
        }
        Err(report) => {
            errors.extend(report.errors);
            config.warnings.extend(report.warnings);
        }
    }
}

/// A config file with every setting at its default, commented out: `findings config --default`.
pub fn default_file() -> String {
    let mut out = String::from(
        "# findings configuration: $XDG_CONFIG_HOME/findings/config.toml\n\
         # Every line is commented out; take out the # to change a setting. The command line\n\
         # and the environment (FINDINGS_DATA, FINDINGS_REVIEW_DB, NO_COLOR) win over it.\n\n\
         # lang = \"vi\"               # vi or en (default: from LANG)\n\
         # theme = \"dark\"            # dark, light or high-contrast\n\
         # ascii = false              # draw lines and marks with ASCII only\n\
         # mouse = true\n\
         # data = [\"/srv/findings\"]  # dataset files or folders (default: the embedded data)\n\
         # review_db = \"/srv/findings/review.db\"\n\
         # user = \"lan\"              # who marks and writes notes (default: $USER)\n\
         # list_percent = 45          # the list's share of the width beside the detail\n\n\
         # Keys: a command = a key or a list of keys. A key you give a command is taken from\n\
         # any other command in reach (the help says so). Keys are written x, X, Ctrl-x,\n\
         # Alt-x, Enter, Esc, Tab, Shift-Tab, Space, Backspace, Up, Down, Left, Right, Home,\n\
         # End, PgUp, PgDn, F1-F12.\n[keys]\n",
    );
    let defaults = Keymap::default();
    for name in keymap::commands() {
        let places: Vec<(String, Vec<String>)> = defaults
            .bindings()
            .iter()
            .filter(|b| keymap::command_name(&b.action) == name)
            .map(|b| {
                let keys = b.keys.iter().map(config_key).collect();
                (format!("{:?}", b.context).to_lowercase(), keys)
            })
            .collect();
        let list = |keys: &[String]| {
            keys.iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if places.windows(2).all(|w| w[0].1 == w[1].1) {
            out.push_str(&format!("# {name} = [{}]\n", list(&places[0].1)));
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

/// A key as config.toml writes it.
fn config_key(k: &keymap::Key) -> String {
    keymap::spelled_out(&k.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, Vec<String>> {
        parse(Path::new("config.toml"), text)
    }

    #[test]
    fn settings_are_read_and_checked_with_their_place() {
        let c =
            parsed("lang = \"en\"\ntheme = \"light\"\nmouse = false\nlist_percent = 60\n").unwrap();
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.theme, Some(ThemeName::Light));
        assert_eq!((c.mouse, c.list_percent), (Some(false), Some(60)));
        let e = parsed("lang = \"en\"\ntheme = \"blue\"\n").unwrap_err();
        assert!(e[0].starts_with("config.toml:2:9:"), "{e:?}");
        let e = parsed("lang = \"en\"\nmouse = [\n").unwrap_err();
        assert!(e[0].starts_with("config.toml:"), "{e:?}");
        let c = parsed("lang = \"en\"\nthme = \"dark\"\n").unwrap();
        assert!(
            c.warnings[0].starts_with("config.toml:2:1:")
                && c.warnings[0].contains("did you mean \"theme\""),
            "{:?}",
            c.warnings
        );
    }

    #[test]
    fn keys_are_remapped_and_their_mistakes_reported() {
        let c = parsed("[keys]\nquit = \"Q\"\nopen-search = [\"/\", \"Ctrl-f\"]\n").unwrap();
        let lines = c.keymap.help_lines(Lang::En);
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
        let c = parsed("[keys]\nquitt = \"Q\"\n").unwrap();
        assert!(
            c.warnings[0].starts_with("config.toml:2:1:")
                && c.warnings[0].contains("did you mean \"quit\""),
            "{:?}",
            c.warnings
        );
        // Internal actions are not commands: no key can be put on them.
        let names = keymap::commands();
        assert!(names.contains(&"quit".to_owned()) && names.contains(&"mark-reviewed".to_owned()));
        for internal in ["search-done", "click", "reviews-loaded", "reloaded", "drag"] {
            assert!(!names.contains(&internal.to_owned()), "{internal}");
            let c = parsed(&format!("[keys]\n{internal} = \"Q\"\n")).unwrap();
            assert!(c.warnings[0].contains("no command"), "{:?}", c.warnings);
        }
        // The user's key wins over a default in reach: `x` leaves mark-not-applicable.
        let c = parsed("[keys]\nquit = \"x\"\n").unwrap();
        let x = keymap::parse_key("x").unwrap();
        let moved = c
            .keymap
            .bindings()
            .iter()
            .find(|b| keymap::command_name(&b.action) == "mark-not-applicable")
            .unwrap();
        assert!(!moved.keys.contains(&x) && moved.lost.iter().any(|(k, _)| *k == x));
    }

    #[test]
    fn the_default_file_is_a_valid_config_that_changes_nothing() {
        let text = default_file();
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ["))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = parsed(&uncommented).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(
            c.keymap.help_lines(Lang::En),
            Keymap::default().help_lines(Lang::En)
        );
    }
}
