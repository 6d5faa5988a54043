//! The settings a run uses, resolved once at the edge: the command line over the environment
//! over the config file over the defaults. The TUI and every command receive this one value;
//! nothing below it reads a flag, an environment variable or the config file again.

use std::io::Write;
use std::path::PathBuf;

use crate::app::keymap::Keymap;
use crate::config::Config;
pub use crate::config::ThemeName;
use crate::error::{Error, USAGE};
use crate::i18n::Lang;
use crate::keys::Remap;
use crate::model::views::{self, View};
use crate::model::DataSource;

/// Everything a command or the TUI needs to know beyond its own request.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The data: `--data`, else `FINDINGS_DATA`, else the config's `data`, else the embedded.
    pub source: DataSource,
    /// The language of the interface and of record text.
    pub lang: Lang,
    /// The review store and who is reviewing.
    pub reviewer: Reviewer,
    /// The saved view asked for with `--view`: its name and what it holds.
    pub view: Option<(String, View)>,
    /// How the TUI looks.
    pub looks: Looks,
    /// The TUI's keys, with the config file's `[keys]` remaps.
    pub keymap: crate::app::keymap::Keymap,
    /// The agency a review report is made for (the config file's `agency`); `None`: unset.
    pub agency: Option<String>,
    /// The index cache: off with `--no-cache` or `FINDINGS_NO_CACHE`; its folder's limit
    /// from `FINDINGS_CACHE_LIMIT`, else the config's `cache_limit`, else 1 GiB.
    pub cache: crate::model::cache::Policy,
}

/// Where the review database is and who is reviewing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reviewer {
    pub db: PathBuf,
    pub user: String,
}

/// How the TUI looks and takes the mouse, as plain values (the TUI makes its theme of them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Looks {
    pub theme: ThemeName,
    /// `NO_COLOR` is set: no colour whatever the theme.
    pub no_color: bool,
    /// Lines and marks drawn with ASCII only.
    pub ascii: bool,
    pub mouse: bool,
    /// The list's share of the width beside the detail.
    pub list_percent: Option<u8>,
}

/// What the command line says about the settings (each `None`, empty or `false` when not
/// given). `src/cli.rs` makes it from the parsed arguments.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub data: Vec<PathBuf>,
    /// `--with-default`: the embedded dataset beside the files.
    pub with_default: bool,
    pub lang: Option<Lang>,
    pub theme: Option<ThemeName>,
    pub ascii: bool,
    pub no_mouse: bool,
    pub log: bool,
    pub review_db: Option<PathBuf>,
    pub user: Option<String>,
    pub view: Option<String>,
    pub no_cache: bool,
}

/// The environment variables the settings come from, read once.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// `FINDINGS_DATA` as set; set but empty still wins over the config file's `data`.
    pub data: Option<String>,
    /// `FINDINGS_REVIEW_DB`, set and not empty.
    pub review_db: Option<PathBuf>,
    /// `NO_COLOR`, set and not empty (no-color.org).
    pub no_color: bool,
    /// `FINDINGS_LOG`, set and not empty.
    pub log: Option<String>,
    /// `USER`, else `LOGNAME` (set and not empty).
    pub user: Option<String>,
    /// `LC_ALL`, else `LC_MESSAGES`, else `LANG` (the first set and not empty).
    pub locale: Option<String>,
    /// `FINDINGS_NO_CACHE`, set and not empty.
    pub no_cache: bool,
    /// `FINDINGS_CACHE_LIMIT`, set and not empty.
    pub cache_limit: Option<String>,
}

impl Env {
    /// The process's environment.
    pub fn read() -> Env {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(|v| v.to_string_lossy().into_owned())
        };
        Env {
            data: std::env::var_os("FINDINGS_DATA").map(|v| v.to_string_lossy().into_owned()),
            review_db: std::env::var_os("FINDINGS_REVIEW_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            no_color: var("NO_COLOR").is_some(),
            log: var("FINDINGS_LOG"),
            user: var("USER").or_else(|| var("LOGNAME")),
            locale: std::env::var("LC_ALL")
                .ok()
                .filter(|v| !v.is_empty())
                .or_else(|| std::env::var("LC_MESSAGES").ok().filter(|v| !v.is_empty()))
                .or_else(|| std::env::var("LANG").ok().filter(|v| !v.is_empty())),
            no_cache: var("FINDINGS_NO_CACHE").is_some(),
            cache_limit: var("FINDINGS_CACHE_LIMIT"),
        }
    }
}

impl Settings {
    /// The settings `flags`, `env` and `config` give, each over the next, over the defaults.
    /// A `--view` that cannot be read is a usage error.
    /// The config file's `[keys]` are put on the keymap here, for every command, so a mistake
    /// in them stops any command, as one anywhere else in the file does; their warnings are
    /// said on `err`.
    pub fn resolve(
        flags: Flags,
        env: &Env,
        config: Config,
        err: &mut impl Write,
    ) -> Result<Settings, Error> {
        let keymap = keymap(&config.keys, err)?;
        let view = match flags.view {
            Some(name) => {
                // The name as saved: shown, offered again when saving and exporting.
                Some(saved_view(&name)?)
            }
            None => None,
        };
        // FINDINGS_DATA set, even empty, chooses over the config file.
        let data = match flags.data.is_empty() && env.data.is_none() {
            true => config.data,
            false => flags.data,
        };
        let db = flags
            .review_db
            .or_else(|| env.review_db.clone())
            .or(config.review_db)
            .unwrap_or_else(default_db);
        // A blank name given is no name; the environment's is taken as it is.
        let user = flags
            .user
            .or(config.user)
            .filter(|u| !u.trim().is_empty())
            .or_else(|| env.user.clone())
            .or_else(crate::model::files::account_name)
            .map(|u| crate::model::text::inline(u.trim()))
            .unwrap_or_else(|| "unknown".into());
        // The locale is the default, not a choice: the config file's `lang` wins over it.
        let lang = flags
            .lang
            .or(config.lang)
            .unwrap_or_else(|| Lang::from_locale(env.locale.as_deref().unwrap_or("")));
        let looks = Looks {
            theme: flags.theme.or(config.theme).unwrap_or_default(),
            no_color: env.no_color,
            ascii: flags.ascii || config.ascii == Some(true),
            mouse: !flags.no_mouse && config.mouse != Some(false),
            list_percent: config.list_percent,
        };
        // The limit is read only when the cache is used: a wrong one does not stop a run
        // that turned the cache off.
        let cache = match flags.no_cache || env.no_cache {
            true => crate::model::cache::Policy::off(),
            false => crate::model::cache::Policy::standard(match &env.cache_limit {
                Some(text) => crate::model::cache::parse_size(text)
                    .map_err(|e| Error::usage(format!("FINDINGS_CACHE_LIMIT: {e}")))?,
                None => config
                    .cache_limit
                    .unwrap_or(crate::model::cache::DEFAULT_LIMIT),
            }),
        };
        Ok(Settings {
            source: data_source(&data, env.data.as_deref()).with_default(flags.with_default),
            lang,
            reviewer: Reviewer { db, user },
            view,
            looks,
            keymap,
            agency: config.agency.map(|a| crate::model::text::inline(a.trim())),
            cache,
        })
    }
}

/// The default keymap with the config file's `[keys]` on it; their warnings said on `err`, a
/// key given to two commands an error (exit 2).
fn keymap(keys: &[Remap], err: &mut impl Write) -> Result<Keymap, Error> {
    match Keymap::with(keys) {
        Ok((keymap, warnings)) => {
            for w in warnings {
                let _ = writeln!(err, "findings: warning: {w}");
            }
            Ok(keymap)
        }
        Err(report) => {
            for w in &report.warnings {
                let _ = writeln!(err, "findings: warning: {w}");
            }
            Err(Error::all(USAGE, report.errors))
        }
    }
}

/// The log's level when `--log` or `FINDINGS_LOG` asks for a log (`FINDINGS_LOG=debug` logs
/// more); else no log.
pub fn log_level(flag: bool, env: &Env) -> Option<tracing::Level> {
    if !flag && env.log.is_none() {
        return None;
    }
    Some(match env.log.as_deref().map(str::to_lowercase).as_deref() {
        Some("debug") => tracing::Level::DEBUG,
        Some("trace") => tracing::Level::TRACE,
        Some("warn") => tracing::Level::WARN,
        Some("error") => tracing::Level::ERROR,
        _ => tracing::Level::INFO,
    })
}

/// `--data` wins; else `FINDINGS_DATA` (paths separated by ':'); else the embedded dataset.
pub fn data_source(flags: &[PathBuf], env: Option<&str>) -> DataSource {
    if !flags.is_empty() {
        return DataSource::Paths(flags.to_vec());
    }
    let from_env: Vec<PathBuf> = env
        .unwrap_or("")
        .split(':')
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .collect();
    if from_env.is_empty() {
        DataSource::Embedded
    } else {
        DataSource::Paths(from_env)
    }
}

/// `$XDG_DATA_HOME/findings/review.db`.
fn default_db() -> PathBuf {
    crate::model::files::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("review.db")
}

/// The saved view `name` stands for (`--view`), with its name as saved.
fn saved_view(name: &str) -> Result<(String, View), Error> {
    views::path()
        .and_then(|path| views::find_named(&path, name))
        .map_err(|e| Error::usage(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(flags: Flags, env: &Env, config: Config) -> Settings {
        Settings::resolve(flags, env, config, &mut std::io::sink()).unwrap()
    }

    /// Each source of one setting, from the weakest: the default, then the config file,
    /// then the environment, then the command line.
    #[test]
    fn the_review_file_is_the_flag_else_the_environment_else_the_config_else_the_default() {
        let config = Config {
            review_db: Some("/config/review.db".into()),
            ..Config::default()
        };
        let env = Env {
            review_db: Some("/env/review.db".into()),
            ..Env::default()
        };
        let flags = Flags {
            review_db: Some("/flag/review.db".into()),
            ..Flags::default()
        };
        let db = |flags: &Flags, env: &Env, config: &Config| {
            resolved(flags.clone(), env, config.clone()).reviewer.db
        };
        let none = (Flags::default(), Env::default(), Config::default());
        assert_eq!(db(&none.0, &none.1, &none.2), default_db());
        assert!(default_db().ends_with("review.db"));
        assert_eq!(
            db(&none.0, &none.1, &config),
            PathBuf::from("/config/review.db")
        );
        assert_eq!(db(&none.0, &env, &config), PathBuf::from("/env/review.db"));
        assert_eq!(db(&flags, &env, &config), PathBuf::from("/flag/review.db"));
        assert_eq!(
            db(&flags, &none.1, &none.2),
            PathBuf::from("/flag/review.db")
        );
    }

    /// The language: `--lang` over the config file over the locale (LANG and the like only
    /// say what the system is set to, so an explicit choice in the config wins over them).
    #[test]
    fn the_language_is_the_flag_else_the_config_else_the_locale_else_english() {
        let vi_locale = Env {
            locale: Some("vi_VN.UTF-8".into()),
            ..Env::default()
        };
        let config_en = Config {
            lang: Some(Lang::En),
            ..Config::default()
        };
        let flag_vi = Flags {
            lang: Some(Lang::Vi),
            ..Flags::default()
        };
        let lang = |flags: &Flags, env: &Env, config: &Config| {
            resolved(flags.clone(), env, config.clone()).lang
        };
        let none = (Flags::default(), Env::default(), Config::default());
        assert_eq!(lang(&none.0, &none.1, &none.2), Lang::En);
        assert_eq!(lang(&none.0, &vi_locale, &none.2), Lang::Vi);
        assert_eq!(lang(&none.0, &vi_locale, &config_en), Lang::En);
        assert_eq!(lang(&flag_vi, &vi_locale, &config_en), Lang::Vi);
        let config_vi = Config {
            lang: Some(Lang::Vi),
            ..Config::default()
        };
        assert_eq!(lang(&none.0, &none.1, &config_vi), Lang::Vi);
    }

    #[test]
    fn data_user_and_looks_follow_the_same_order() {
        let config = Config {
            data: vec!["/config/data".into()],
            user: Some("config-user".into()),
            mouse: Some(false),
            ascii: Some(true),
            theme: Some(ThemeName::Light),
            ..Config::default()
        };
        let env = Env {
            data: Some("/env/a:/env/b".into()),
            user: Some("env-user".into()),
            no_color: true,
            ..Env::default()
        };
        let s = resolved(Flags::default(), &Env::default(), config.clone());
        assert_eq!(s.source, DataSource::Paths(vec!["/config/data".into()]));
        assert_eq!(s.reviewer.user, "config-user");
        assert_eq!(
            s.looks,
            Looks {
                theme: ThemeName::Light,
                no_color: false,
                ascii: true,
                mouse: false,
                list_percent: None
            }
        );
        let s = resolved(Flags::default(), &env, config.clone());
        assert_eq!(
            s.source,
            DataSource::Paths(vec!["/env/a".into(), "/env/b".into()])
        );
        // The config names the reviewer on purpose; USER is only who is logged in.
        assert_eq!(s.reviewer.user, "config-user");
        assert!(s.looks.no_color);
        // FINDINGS_DATA set but empty: the embedded data, not the config's.
        let empty = Env {
            data: Some(String::new()),
            ..Env::default()
        };
        let s = resolved(Flags::default(), &empty, config.clone());
        assert_eq!(s.source, DataSource::Embedded);
        let flags = Flags {
            data: vec!["/flag".into()],
            user: Some("flag-user".into()),
            theme: Some(ThemeName::HighContrast),
            ..Flags::default()
        };
        let s = resolved(flags, &env, config);
        assert_eq!(s.source, DataSource::Paths(vec!["/flag".into()]));
        assert_eq!(s.reviewer.user, "flag-user");
        assert_eq!(s.looks.theme, ThemeName::HighContrast);
        let s = resolved(Flags::default(), &env, Config::default());
        assert_eq!(s.reviewer.user, "env-user");
    }

    #[test]
    fn a_log_is_kept_only_when_asked() {
        assert_eq!(log_level(false, &Env::default()), None);
        assert_eq!(log_level(true, &Env::default()), Some(tracing::Level::INFO));
        let debug = Env {
            log: Some("DEBUG".into()),
            ..Env::default()
        };
        assert_eq!(log_level(false, &debug), Some(tracing::Level::DEBUG));
    }
}
