//! `findings doctor`: what in this account's setup keeps findings from working well, each
//! check a function from plain values (the environment as a value, what was found on disk) to
//! a [`Check`]: its level and a [`Finding`] that the interface puts in words, with the fix
//! (`i18n::doctor`). Nothing here reads the process's environment, so tests give each case.

use std::path::{Path, PathBuf};

use super::team::{self, Lack, Meta};

/// How bad a finding is: `Fail` makes `findings doctor` exit non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub level: Level,
    pub finding: Finding,
}

impl Check {
    fn ok(finding: Finding) -> Check {
        Check {
            level: Level::Ok,
            finding,
        }
    }
    fn warn(finding: Finding) -> Check {
        Check {
            level: Level::Warn,
            finding,
        }
    }
    fn fail(finding: Finding) -> Check {
        Check {
            level: Level::Fail,
            finding,
        }
    }
}

/// The environment variables the checks look at (each `None` when unset or empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    pub lc_all: Option<String>,
    pub lc_ctype: Option<String>,
    pub lang: Option<String>,
    pub term: Option<String>,
    pub colorterm: Option<String>,
    pub no_color: bool,
    pub tmux: bool,
    pub sty: bool,
    pub xdg_cache_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

/// How many colours the terminal says it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colours {
    /// `NO_COLOR` is set: none, whatever the terminal.
    Off,
    /// `COLORTERM=truecolor` (or `24bit`).
    Direct,
    /// A `TERM` ending in `256color`.
    Indexed,
    /// The 16 named colours, which the themes use.
    Basic,
}

/// What a check found, in the terms the words are made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The locale's character set is UTF-8: `variable` (`LC_ALL`, `LC_CTYPE`, `LANG`) says so.
    Utf8Locale {
        variable: &'static str,
        value: String,
    },
    /// The locale in force is not UTF-8 (`C`, `POSIX`, a Latin-1 one).
    NotUtf8Locale {
        variable: &'static str,
        value: String,
    },
    /// None of `LC_ALL`, `LC_CTYPE`, `LANG` is set: the C locale, not UTF-8.
    NoLocale,
    Terminal {
        term: String,
        colours: Colours,
    },
    NoTerm,
    /// `TERM=dumb`: no cursor movement.
    DumbTerm,
    /// The config file parses; `path` is `None` when there is none (the defaults).
    ConfigRead {
        path: Option<PathBuf>,
        warnings: Vec<String>,
    },
    ConfigBroken {
        path: PathBuf,
        errors: Vec<String>,
    },
    /// No config folder at all (no `HOME`).
    NoConfigFolder,
    DataLoaded {
        records: usize,
        files: usize,
        warnings: usize,
    },
    DataInvalid {
        errors: usize,
        warnings: usize,
        /// The first error, as `check` prints it.
        first: String,
    },
    /// The review file's folder does not exist, and it is not the default one.
    ReviewFolderMissing {
        folder: PathBuf,
    },
    /// The default folder, made at the first mark.
    ReviewFolderLater {
        folder: PathBuf,
    },
    ReviewOnNetwork {
        folder: PathBuf,
        kind: &'static str,
    },
    /// A private review file: only this account writes it, no group needed.
    ReviewPrivate {
        file: PathBuf,
    },
    /// A team folder set up right for `group`.
    ReviewShared {
        folder: PathBuf,
        group: String,
    },
    /// Part of the `-wal` trap, with the folder and the group it concerns.
    ReviewLack {
        lack: Lack,
        folder: PathBuf,
        group: String,
    },
    /// This account cannot write the review file (or make it in its folder).
    ReviewReadOnly {
        file: PathBuf,
    },
    SchemaCurrent {
        version: i64,
    },
    /// An older schema, brought up to date at the next write.
    SchemaOlder {
        version: i64,
    },
    /// No review file yet: the first mark makes it.
    SchemaNoFile {
        file: PathBuf,
    },
    /// The file cannot be read as a review file: the store's own words.
    SchemaUnreadable {
        message: String,
    },
    NoMultiplexer,
    /// Inside tmux, with its `set-clipboard` option (`None`: tmux did not say).
    Tmux {
        set_clipboard: Option<String>,
    },
    Screen,
    /// The cache folder is not there yet: it is made when needed.
    CacheLater {
        folder: PathBuf,
    },
    CacheWritable {
        folder: PathBuf,
    },
    CacheNotWritable {
        folder: PathBuf,
    },
    CacheNotFolder {
        folder: PathBuf,
    },
    /// It cannot be made: `nearest` is a file, or a folder this account cannot write.
    CacheUnmakeable {
        folder: PathBuf,
        nearest: PathBuf,
    },
    /// A symbolic link, or a folder of another account: findings never uses it.
    CacheNotOurs {
        folder: PathBuf,
    },
    NoCacheFolder,
}

/// Whether a locale name says UTF-8 (`vi_VN.UTF-8`, `C.utf8`).
fn is_utf8(locale: &str) -> bool {
    let l = locale.to_ascii_lowercase();
    l.contains("utf-8") || l.contains("utf8")
}

/// The character set in force: the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set, as the
/// C library picks it.
pub fn locale(env: &Environment) -> Check {
    let chosen = [
        ("LC_ALL", &env.lc_all),
        ("LC_CTYPE", &env.lc_ctype),
        ("LANG", &env.lang),
    ]
    .into_iter()
    .find_map(|(name, value)| value.as_ref().map(|v| (name, v.clone())));
    match chosen {
        None => Check::fail(Finding::NoLocale),
        Some((variable, value)) if is_utf8(&value) => {
            Check::ok(Finding::Utf8Locale { variable, value })
        }
        Some((variable, value)) => Check::fail(Finding::NotUtf8Locale { variable, value }),
    }
}

/// `TERM` and the colours: the browser needs a terminal that moves the cursor; its themes use
/// the 16 named colours, so any colour terminal will do.
pub fn terminal(env: &Environment) -> Check {
    let Some(term) = env.term.clone() else {
        return Check::warn(Finding::NoTerm);
    };
    if term == "dumb" {
        return Check::fail(Finding::DumbTerm);
    }
    let direct = env
        .colorterm
        .as_deref()
        .is_some_and(|c| c == "truecolor" || c == "24bit");
    let colours = match () {
        _ if env.no_color => Colours::Off,
        _ if direct => Colours::Direct,
        _ if term.ends_with("256color") => Colours::Indexed,
        _ => Colours::Basic,
    };
    Check::ok(Finding::Terminal { term, colours })
}

/// The config file: `path` (`None`: no config folder), and what reading it gave: its
/// warnings, or its errors.
pub fn config(path: Option<&Path>, exists: bool, read: Result<Vec<String>, Vec<String>>) -> Check {
    let Some(path) = path else {
        return Check::warn(Finding::NoConfigFolder);
    };
    match read {
        Err(errors) => Check::fail(Finding::ConfigBroken {
            path: path.to_owned(),
            errors,
        }),
        Ok(warnings) => {
            let level = match warnings.is_empty() {
                true => Level::Ok,
                false => Level::Warn,
            };
            Check {
                level,
                finding: Finding::ConfigRead {
                    path: exists.then(|| path.to_owned()),
                    warnings,
                },
            }
        }
    }
}

/// The data as loaded: its records, files and diagnostics (`first`: the first error).
pub fn data(records: usize, files: usize, errors: usize, warnings: usize, first: &str) -> Check {
    match (errors, warnings) {
        (0, 0) => Check::ok(Finding::DataLoaded {
            records,
            files,
            warnings,
        }),
        (0, _) => Check::warn(Finding::DataLoaded {
            records,
            files,
            warnings,
        }),
        _ => Check::fail(Finding::DataInvalid {
            errors,
            warnings,
            first: super::text::inline(first),
        }),
    }
}

/// What was found on disk about the review file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewFacts {
    pub file: PathBuf,
    /// The file is at the default, private location (not named by the user).
    pub default_location: bool,
    /// This account's user id.
    pub me: u32,
    /// The folder; `None` when it does not exist.
    pub folder: Option<Meta>,
    /// The network filesystem the folder is on, if it is.
    pub network: Option<&'static str>,
    /// The file, its `-wal` and `-shm`, those that exist.
    pub files: Vec<(PathBuf, Meta)>,
    /// This account may write the file (when there is none: make it in the folder).
    pub writable: bool,
    /// The schema version, `None` without a file; or why it cannot be read.
    pub schema: Result<Option<i64>, String>,
}

impl ReviewFacts {
    /// Looks at the review file at `file` and its folder; reads the schema without writing.
    pub fn read(file: &Path, default_location: bool) -> ReviewFacts {
        let folder_path = folder_of(file);
        let folder = Meta::of(&folder_path).ok().flatten();
        let files = team::review_files(file);
        let target = match files.is_empty() {
            true => folder_path.clone(),
            false => file.to_owned(),
        };
        let schema = match folder {
            Some(_) => super::review::Store::at(file)
                .schema_version()
                .map_err(|e| e.to_string()),
            None => Ok(None),
        };
        ReviewFacts {
            file: file.to_owned(),
            default_location,
            // SAFETY: geteuid only reads the process's user id.
            me: unsafe { libc::geteuid() },
            folder,
            network: folder.and_then(|_| super::review::network_filesystem(&folder_path)),
            files,
            writable: folder.is_some() && super::review::writable(&target),
            schema,
        }
    }
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(file: &Path) -> PathBuf {
    file.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned()
}

/// The review file: its folder exists, is on a local disk, lets the team's group write (the
/// `-wal` trap: no setgid, a folder or file the group cannot write, a `-wal` or `-shm` of
/// another group), this account can write it, and its schema is this findings'.
pub fn review(facts: &ReviewFacts) -> Vec<Check> {
    let folder_path = folder_of(&facts.file);
    let Some(folder) = facts.folder else {
        return vec![match facts.default_location {
            true => Check::ok(Finding::ReviewFolderLater {
                folder: folder_path,
            }),
            false => Check::fail(Finding::ReviewFolderMissing {
                folder: folder_path,
            }),
        }];
    };
    let mut checks = Vec::new();
    if let Some(kind) = facts.network {
        checks.push(Check::fail(Finding::ReviewOnNetwork {
            folder: folder_path.clone(),
            kind,
        }));
    }
    let file = facts
        .files
        .iter()
        .find(|(p, _)| *p == facts.file)
        .map(|(_, m)| *m);
    let group = team::group_shown(folder.gid);
    if team::is_shared(facts.default_location, folder, file, facts.me) {
        let lacks = team::lacks(folder, &facts.files);
        if lacks.is_empty() {
            checks.push(Check::ok(Finding::ReviewShared {
                folder: folder_path.clone(),
                group: group.clone(),
            }));
        }
        for lack in lacks {
            checks.push(Check::fail(Finding::ReviewLack {
                lack,
                folder: folder_path.clone(),
                group: group.clone(),
            }));
        }
    } else {
        checks.push(Check::ok(Finding::ReviewPrivate {
            file: facts.file.clone(),
        }));
    }
    if !facts.writable {
        checks.push(Check::fail(Finding::ReviewReadOnly {
            file: facts.file.clone(),
        }));
    }
    checks.push(match &facts.schema {
        Ok(None) => Check::ok(Finding::SchemaNoFile {
            file: facts.file.clone(),
        }),
        Ok(Some(v)) if *v == super::review::SCHEMA_VERSION => {
            Check::ok(Finding::SchemaCurrent { version: *v })
        }
        Ok(Some(v)) => Check::warn(Finding::SchemaOlder { version: *v }),
        Err(message) => Check::fail(Finding::SchemaUnreadable {
            message: message.clone(),
        }),
    });
    checks
}

/// tmux or GNU screen around findings, and what that means for copying: inside tmux, `y`
/// reaches the terminal's clipboard when `set-clipboard` is `on` or `external` (the default);
/// `set_clipboard` is what `tmux show -gv set-clipboard` said.
pub fn multiplexer(env: &Environment, set_clipboard: Option<&str>) -> Check {
    if env.tmux {
        let set_clipboard = set_clipboard.map(|s| s.trim().to_owned());
        let level = match set_clipboard.as_deref() {
            Some("on" | "external") => Level::Ok,
            _ => Level::Warn,
        };
        return Check {
            level,
            finding: Finding::Tmux { set_clipboard },
        };
    }
    match env.sty {
        true => Check::ok(Finding::Screen),
        false => Check::ok(Finding::NoMultiplexer),
    }
}

/// The cache folder: `$XDG_CACHE_HOME/findings`, else `~/.cache/findings`.
pub fn cache_folder(env: &Environment) -> Option<PathBuf> {
    env.xdg_cache_home
        .clone()
        .filter(|p| p.is_absolute())
        .or_else(|| env.home.as_ref().map(|h| h.join(".cache")))
        .map(|d| d.join("findings"))
}

/// What is at the cache folder's place: where the trouble is, when there is one (the folder,
/// or the nearest of its parents that stands in the way of making it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Missing,
    /// It cannot be made: the nearest thing there is a file, or a folder not writable.
    Unmakeable(PathBuf),
    NotFolder(PathBuf),
    /// A symbolic link, or a folder of another account (the cache never uses either).
    NotOurs,
    Writable,
    NotWritable(PathBuf),
}

impl Place {
    /// What is at `path`, for this account.
    pub fn of(path: &Path) -> Place {
        use std::os::unix::fs::MetadataExt;
        let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if link || std::fs::metadata(path).is_ok_and(|m| m.is_dir() && m.uid() != me) {
            return Place::NotOurs;
        }
        match std::fs::metadata(path) {
            // Made when needed: only if the nearest thing there is a folder that can be
            // written (XDG_CACHE_HOME may name a file, or a folder of another account).
            Err(_) => match path.ancestors().skip(1).find(|a| a.exists()) {
                Some(nearest) if !nearest.is_dir() || !super::review::writable(nearest) => {
                    Place::Unmakeable(nearest.to_owned())
                }
                _ => Place::Missing,
            },
            Ok(m) if !m.is_dir() => Place::NotFolder(path.to_owned()),
            Ok(_) if super::review::writable(path) => Place::Writable,
            Ok(_) => Place::NotWritable(path.to_owned()),
        }
    }
}

/// The cache folder, if there is one, can be written.
pub fn cache(folder: Option<&Path>, place: Place) -> Check {
    let Some(folder) = folder.map(Path::to_owned) else {
        return Check::warn(Finding::NoCacheFolder);
    };
    match place {
        Place::Missing => Check::ok(Finding::CacheLater { folder }),
        Place::Writable => Check::ok(Finding::CacheWritable { folder }),
        Place::Unmakeable(nearest) => Check::fail(Finding::CacheUnmakeable { folder, nearest }),
        Place::NotWritable(folder) => Check::fail(Finding::CacheNotWritable { folder }),
        Place::NotFolder(folder) => Check::fail(Finding::CacheNotFolder { folder }),
        Place::NotOurs => Check::fail(Finding::CacheNotOurs { folder }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Environment {
        Environment {
            lang: Some("vi_VN.UTF-8".into()),
            term: Some("xterm-256color".into()),
            home: Some("/home/lan".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_locale_that_is_not_utf8_fails_and_says_which_variable() {
        assert_eq!(locale(&env()).level, Level::Ok);
        let c = Environment {
            lang: Some("C".into()),
            ..env()
        };
        assert_eq!(
            locale(&c),
            Check::fail(Finding::NotUtf8Locale {
                variable: "LANG",
                value: "C".into()
            })
        );
        // LC_ALL wins over LANG, LC_CTYPE over LANG: as the C library reads them.
        let all = Environment {
            lc_all: Some("POSIX".into()),
            ..env()
        };
        assert_eq!(locale(&all).level, Level::Fail);
        let ctype = Environment {
            lc_ctype: Some("C.utf8".into()),
            lang: Some("C".into()),
            ..env()
        };
        assert_eq!(locale(&ctype).level, Level::Ok);
        let none = Environment {
            lang: None,
            ..env()
        };
        assert_eq!(locale(&none), Check::fail(Finding::NoLocale));
    }

    #[test]
    fn a_dumb_or_missing_term_is_named_and_colours_are_told() {
        let dumb = Environment {
            term: Some("dumb".into()),
            ..env()
        };
        assert_eq!(terminal(&dumb), Check::fail(Finding::DumbTerm));
        let none = Environment {
            term: None,
            ..env()
        };
        assert_eq!(terminal(&none), Check::warn(Finding::NoTerm));
        let colours = |e: &Environment| match terminal(e).finding {
            Finding::Terminal { colours, .. } => colours,
            other => panic!("{other:?}"),
        };
        assert_eq!(colours(&env()), Colours::Indexed);
        let no_color = Environment {
            no_color: true,
            colorterm: Some("truecolor".into()),
            ..env()
        };
        assert_eq!(colours(&no_color), Colours::Off);
        let direct = Environment {
            colorterm: Some("truecolor".into()),
            ..env()
        };
        assert_eq!(colours(&direct), Colours::Direct);
        let screen = Environment {
            term: Some("screen".into()),
            ..env()
        };
        assert_eq!(colours(&screen), Colours::Basic);
        assert_eq!(terminal(&screen).level, Level::Ok);
    }

    #[test]
    fn a_config_file_with_errors_fails_with_them_and_warnings_warn() {
        let path = Path::new("/home/lan/.config/findings/config.toml");
        let broken = config(Some(path), true, Err(vec!["x:1:1: bad".into()]));
        assert_eq!(broken.level, Level::Fail);
        assert!(
            matches!(broken.finding, Finding::ConfigBroken { ref errors, .. } if errors.len() == 1)
        );
        assert_eq!(
            config(Some(path), true, Ok(vec!["w".into()])).level,
            Level::Warn
        );
        assert_eq!(
            config(Some(path), false, Ok(vec![])),
            Check::ok(Finding::ConfigRead {
                path: None,
                warnings: vec![]
            })
        );
        assert_eq!(config(None, false, Ok(vec![])).level, Level::Warn);
    }

    #[test]
    fn data_with_errors_fails_and_warnings_warn() {
        assert_eq!(data(10, 1, 0, 0, "").level, Level::Ok);
        assert_eq!(data(10, 1, 0, 2, "").level, Level::Warn);
        assert_eq!(
            data(0, 1, 3, 1, "a.json:1:1: error: \x1b[2J"),
            Check::fail(Finding::DataInvalid {
                errors: 3,
                warnings: 1,
                first: "a.json:1:1: error: ␛[2J".into(),
            })
        );
    }

    fn facts(folder: Option<Meta>) -> ReviewFacts {
        ReviewFacts {
            file: "/srv/findings/review.db".into(),
            default_location: false,
            me: 1001,
            folder,
            network: None,
            files: vec![],
            writable: true,
            schema: Ok(None),
        }
    }

    fn levels(checks: &[Check]) -> Vec<Level> {
        checks.iter().map(|c| c.level).collect()
    }

    #[test]
    fn a_team_folder_without_setgid_fails_with_the_lack_named() {
        let team = Meta {
            uid: 0,
            gid: 50,
            mode: 0o770,
        };
        let checks = review(&facts(Some(team)));
        assert_eq!(levels(&checks), [Level::Fail, Level::Ok]);
        assert!(matches!(
            &checks[0].finding,
            Finding::ReviewLack { lack: Lack::FolderNotSetgid, folder, .. } if folder == Path::new("/srv/findings")
        ));
        let right = Meta {
            mode: 0o2770,
            ..team
        };
        assert_eq!(levels(&review(&facts(Some(right)))), [Level::Ok, Level::Ok]);
    }

    #[test]
    fn a_wal_of_another_group_fails() {
        let mut f = facts(Some(Meta {
            uid: 0,
            gid: 50,
            mode: 0o2770,
        }));
        f.files = vec![
            (
                f.file.clone(),
                Meta {
                    uid: 1001,
                    gid: 50,
                    mode: 0o660,
                },
            ),
            (
                "/srv/findings/review.db-wal".into(),
                Meta {
                    uid: 1002,
                    gid: 1002,
                    mode: 0o644,
                },
            ),
        ];
        f.schema = Ok(Some(crate::model::review::SCHEMA_VERSION));
        let checks = review(&f);
        assert_eq!(levels(&checks), [Level::Fail, Level::Fail, Level::Ok]);
    }

    #[test]
    fn missing_network_read_only_and_unreadable_review_files_fail() {
        assert_eq!(
            review(&facts(None)),
            [Check::fail(Finding::ReviewFolderMissing {
                folder: "/srv/findings".into()
            })]
        );
        let mut default = facts(None);
        default.default_location = true;
        assert_eq!(levels(&review(&default)), [Level::Ok]);
        let team = Meta {
            uid: 0,
            gid: 50,
            mode: 0o2770,
        };
        let mut nfs = facts(Some(team));
        nfs.network = Some("NFS");
        assert_eq!(review(&nfs)[0].level, Level::Fail);
        let mut read_only = facts(Some(team));
        read_only.writable = false;
        assert!(
            review(&read_only).contains(&Check::fail(Finding::ReviewReadOnly {
                file: "/srv/findings/review.db".into()
            }))
        );
        let mut foreign = facts(Some(team));
        foreign.schema = Err("not a findings review database".into());
        assert_eq!(review(&foreign).last().unwrap().level, Level::Fail);
        let mut older = facts(Some(team));
        older.schema = Ok(Some(0));
        assert_eq!(review(&older).last().unwrap().level, Level::Warn);
    }

    #[test]
    fn a_private_default_file_needs_no_group() {
        let mut f = facts(Some(Meta {
            uid: 1001,
            gid: 1001,
            mode: 0o700,
        }));
        f.default_location = true;
        assert_eq!(
            review(&f)[0],
            Check::ok(Finding::ReviewPrivate {
                file: f.file.clone()
            })
        );
    }

    #[test]
    fn tmux_with_set_clipboard_off_warns_and_screen_is_told() {
        let tmux = Environment {
            tmux: true,
            ..env()
        };
        assert_eq!(multiplexer(&tmux, Some("external\n")).level, Level::Ok);
        assert_eq!(multiplexer(&tmux, Some("on")).level, Level::Ok);
        assert_eq!(multiplexer(&tmux, Some("off")).level, Level::Warn);
        // tmux not on the PATH, or not answering.
        assert_eq!(
            multiplexer(&tmux, None),
            Check::warn(Finding::Tmux {
                set_clipboard: None
            })
        );
        let screen = Environment { sty: true, ..env() };
        assert_eq!(multiplexer(&screen, None), Check::ok(Finding::Screen));
        assert_eq!(multiplexer(&env(), None), Check::ok(Finding::NoMultiplexer));
    }

    #[test]
    fn a_cache_folder_that_cannot_be_written_fails() {
        assert_eq!(
            cache_folder(&env()),
            Some(PathBuf::from("/home/lan/.cache/findings"))
        );
        let xdg = Environment {
            xdg_cache_home: Some("/var/cache/lan".into()),
            ..env()
        };
        assert_eq!(
            cache_folder(&xdg),
            Some(PathBuf::from("/var/cache/lan/findings"))
        );
        let folder = Path::new("/home/lan/.cache/findings");
        assert_eq!(cache(Some(folder), Place::Missing).level, Level::Ok);
        assert_eq!(cache(Some(folder), Place::Writable).level, Level::Ok);
        let there = folder.to_owned();
        assert_eq!(
            cache(Some(folder), Place::NotWritable(there.clone())).level,
            Level::Fail
        );
        assert_eq!(
            cache(Some(folder), Place::NotFolder(there.clone())).level,
            Level::Fail
        );
        assert_eq!(
            cache(Some(folder), Place::Unmakeable(there)).level,
            Level::Fail
        );
        // XDG_CACHE_HOME naming a file: the folder cannot be made there.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache");
        std::fs::write(&file, "").unwrap();
        assert_eq!(
            Place::of(&file.join("findings")),
            Place::Unmakeable(file.clone())
        );
        assert_eq!(Place::of(&dir.path().join("findings")), Place::Missing);
        assert_eq!(cache(Some(folder), Place::NotOurs).level, Level::Fail);
        assert_eq!(cache(None, Place::Missing).level, Level::Warn);
    }
}
