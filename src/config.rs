//! The config file, `$XDG_CONFIG_HOME/findings/config.toml`: language, theme, data, the review
//! store, the user, the mouse, the list/detail split, ASCII drawing, and `[keys]` remaps.
//! Everything is optional; the command line and the environment win over it (the order is
//! kept in one place, [`crate::settings::Settings::resolve`]). A value of the
//! wrong type or an impossible key is `FILE:LINE:COL: what is wrong`; an unknown setting or
//! command is a warning with "did you mean".

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, USAGE};
use crate::i18n::Lang;
use crate::keys::Remap;
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
    /// The agency a review report is made for (its heading); unset: left blank to fill in.
    pub agency: Option<String>,
    pub list_percent: Option<u8>,
    /// The most the index cache's folder may hold, in bytes (`cache_limit = "2G"`).
    pub cache_limit: Option<u64>,
    /// The `[keys]` table as written: commands by name, keys read. The app's keymap says
    /// which names are commands and puts the keys on them (`Keymap::with`).
    pub keys: Vec<Remap>,
    pub warnings: Vec<String>,
}

const SETTINGS: [&str; 11] = [
    "lang",
    "theme",
    "ascii",
    "mouse",
    "data",
    "review_db",
    "user",
    "agency",
    "list_percent",
    "cache_limit",
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

/// The config in `text`, read from `path` (named in messages).
pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<String>> {
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
            "agency" => match string() {
                Some(a) if !a.trim().is_empty() => config.agency = Some(a),
                _ => errors.push(wrong("a name")),
            },
            "list_percent" => match item.as_integer() {
                Some(n) if (20..=80).contains(&n) => config.list_percent = Some(n as u8),
                _ => errors.push(wrong("a whole number from 20 to 80")),
            },
            "cache_limit" => {
                let size = match (string(), item.as_integer()) {
                    (Some(s), _) => crate::model::cache::parse_size(&s).ok(),
                    (None, Some(n)) => u64::try_from(n).ok(),
                    _ => None,
                };
                match size {
                    Some(n) => config.cache_limit = Some(n),
                    None => errors.push(wrong("a size, such as \"500M\" or \"2G\"")),
                }
            }
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

/// The `[keys]` table: each command's keys, read. A key no terminal can send apart from
/// others is an error here; which commands exist is the keymap's to check.
fn remap(
    keys: &dyn toml_edit::TableLike,
    place: &dyn Fn(Option<std::ops::Range<usize>>) -> String,
    config: &mut Config,
    errors: &mut Vec<String>,
) {
    for (command, value) in keys.iter() {
        let name_span = keys.key(command).and_then(|k| k.span());
        let at = place(value.span().or_else(|| name_span.clone()));
        let command_place = place(name_span.or_else(|| value.span()));
        let list: Option<Vec<String>> = match (value.as_str(), value.as_array()) {
            (Some(k), _) => Some(vec![k.to_owned()]),
            (None, Some(a)) => a.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
            _ => None,
        };
        let Some(list) = list else {
            errors.push(format!(
                "{at}: keys.{command} must be a key or a list of keys"
            ));
            continue;
        };
        let mut read = Vec::new();
        for text in &list {
            match crate::keys::parse(text) {
                Ok(k) => read.push(k),
                Err(e) => errors.push(format!("{at}: {e}")),
            }
        }
        config.keys.push(Remap {
            command: command.to_owned(),
            keys: read,
            place: at,
            command_place,
        });
    }
}

/// A config file with every setting at its default, commented out, up to its `[keys]` table:
/// `findings config --default` follows it with the keymap's lines (`keymap::default_keys`).
pub fn default_file() -> String {
    String::from(
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
         # agency = \"Sở Nội vụ tỉnh Đắk Lắk\"  # who a review report is from (default: blank)\n\
         # list_percent = 45          # the list's share of the width beside the detail\n\
         # cache_limit = \"1G\"         # the index cache's folder at most (FINDINGS_CACHE_LIMIT)\n\n\
         # Keys: a command = a key or a list of keys. A key you give a command is taken from\n\
         # any other command in reach (the help says so). Keys are written x, X, Ctrl-x,\n\
         # Alt-x, Enter, Esc, Tab, Shift-Tab, Space, Backspace, Up, Down, Left, Right, Home,\n\
         # End, PgUp, PgDn, F1-F12.\n[keys]\n",
    )
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
        let c = parsed("agency = \"Sở Nội vụ\"\n").unwrap();
        assert_eq!(c.agency.as_deref(), Some("Sở Nội vụ"));
        assert!(
            parsed("agency = \" \"\n").is_err(),
            "a blank agency is a mistake"
        );
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
}
