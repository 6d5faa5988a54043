//! The settings, resolved once: the command line over the environment over the config file
//! over the defaults, as the program runs; and an error said once, with its exit code.

mod common;

use std::path::{Path, PathBuf};

use findings::model::review::Store;

/// A home for one test: a config folder (with or without a config.toml) and a data folder.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let home = Home {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(home.config_dir().join("findings")).unwrap();
        home
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.config_dir().join("findings/config.toml"), text).unwrap();
    }

    /// Runs findings in this home with `env` set; (exit code, stdout, stderr).
    fn run(&self, env: &[(&str, &Path)], args: &[&str]) -> (i32, String, String) {
        let mut cmd = common::findings();
        cmd.env("XDG_CONFIG_HOME", self.config_dir())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env_remove("FINDINGS_REVIEW_DB")
            .env_remove("FINDINGS_LOG")
            .args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// Which of `dbs` holds the star just given to `id`; each is removed after, for the next run.
fn starred_in<'a>(dbs: &[&'a Path], id: &str) -> Vec<&'a Path> {
    let found = dbs
        .iter()
        .filter(|db| db.exists() && Store::at(db).get(id).unwrap().starred)
        .copied()
        .collect();
    for db in dbs {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    found
}

#[test]
fn the_review_file_is_the_flag_over_the_environment_over_the_config_over_the_default() {
    let home = Home::new();
    let (flag, env, config) = (
        home.path("flag.db"),
        home.path("env.db"),
        home.path("config.db"),
    );
    let default = home.path("data/findings/review.db");
    let all = [
        flag.as_path(),
        env.as_path(),
        config.as_path(),
        default.as_path(),
    ];
    let star = |env_db: Option<&Path>, flag_db: Option<&Path>| {
        let mut args = vec!["--user", "lan"];
        if let Some(db) = flag_db {
            args.extend(["--review-db", db.to_str().unwrap()]);
        }
        args.extend(["review", "star", "exp-han-quoc"]);
        let env: Vec<(&str, &Path)> = env_db
            .map(|db| ("FINDINGS_REVIEW_DB", db))
            .into_iter()
            .collect();
        let (code, _, err) = home.run(&env, &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        starred_in(&all, "exp-han-quoc")
    };
    assert_eq!(star(None, None), [default.as_path()], "the default");
    home.write_config(&format!("review_db = {:?}\n", config.to_str().unwrap()));
    assert_eq!(star(None, None), [config.as_path()], "the config file");
    assert_eq!(star(Some(&env), None), [env.as_path()], "the environment");
    assert_eq!(star(Some(&env), Some(&flag)), [flag.as_path()], "the flag");
    // The flag wins with nothing else set too.
    home.write_config("");
    assert_eq!(star(None, Some(&flag)), [flag.as_path()], "the flag alone");
}

/// The language: `--lang` over the config file's `lang` over the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`), which says only what the system is set to: an explicit choice in the
/// config file wins over it. Without any, English.
#[test]
fn the_language_is_the_flag_over_the_config_over_the_locale_over_english() {
    let home = Home::new();
    let vi_locale: &[(&str, &Path)] = &[("LANG", Path::new("vi_VN.UTF-8"))];
    let kind = |env: &[(&str, &Path)], flags: &[&str]| {
        let mut args = flags.to_vec();
        args.extend(["show", "exp-han-quoc"]);
        let (code, out, err) = home.run(env, &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out.lines().next().unwrap_or_default().to_owned()
    };
    let (english, vietnamese) = ("experience  exp-han-quoc", "kinh nghiệm  exp-han-quoc");
    assert_eq!(kind(&[], &[]), english, "the default");
    assert_eq!(kind(vi_locale, &[]), vietnamese, "the locale");
    home.write_config("lang = \"en\"\n");
    assert_eq!(
        kind(vi_locale, &[]),
        english,
        "the config file over the locale"
    );
    assert_eq!(kind(vi_locale, &["--lang", "vi"]), vietnamese, "the flag");
    home.write_config("lang = \"vi\"\n");
    assert_eq!(kind(&[], &[]), vietnamese, "the config file");
    assert_eq!(
        kind(&[], &["--lang", "en"]),
        english,
        "the flag over the config file"
    );
}

/// Each error is said once, on standard error, and the exit is its code: the commands return
/// it and only `main` prints it.
#[test]
fn an_error_is_said_once_with_its_exit_code() {
    let home = Home::new();
    let once = |args: &[&str], code: i32, message: &str| {
        let (got, out, err) = home.run(&[], args);
        assert_eq!(got, code, "{args:?}: {err}");
        assert_eq!(err.matches(message).count(), 1, "{args:?}: {err}");
        assert_eq!(err.matches("findings: ").count(), 1, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
    };
    once(
        &["--view", "nosuch", "search", "x"],
        2,
        "findings: no saved view \"nosuch\": none saved yet\n",
    );
    once(
        &["show", "exp-han-quo"],
        1,
        "findings: no record has the id \"exp-han-quo\"; did you mean: exp-han-quoc?\n",
    );
    once(
        &["search", "--sort", "colour", "x"],
        2,
        "findings: --sort: ",
    );
    once(
        &["--user", "lan", "review", "mark", "nosuch", "reviewed"],
        2,
        "findings: no record has the id \"nosuch\"",
    );
    let missing = home.path("no/such/folder/out.md");
    once(
        &["export", "--format", "md", "-o", missing.to_str().unwrap()],
        1,
        "does not exist",
    );
    // Unusable data: its diagnostics once, then the error once.
    let invalid = common::fixture("invalid/bad_id.json");
    let (code, _, err) = home.run(&[], &["--data", invalid.to_str().unwrap(), "stats"]);
    assert_eq!(code, 2, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[..3].iter().all(|l| l.contains(": error: trips[")),
        "{err}"
    );
    assert_eq!(
        lines[3],
        "findings: the data has 3 error(s); run `findings check` for details"
    );
    // A config file's errors: each once, and no command runs.
    home.write_config("lang = \"fr\"\nmouse = 3\n");
    let (code, out, err) = home.run(&[], &["stats"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err.lines().count(), 2, "{err}");
    assert_eq!(err.matches("lang must be").count(), 1, "{err}");
    assert_eq!(err.matches("mouse must be").count(), 1, "{err}");
}

/// A command returns its error and prints nothing of it: `main` is the one to say it.
#[test]
fn a_command_returns_its_error_without_printing_it() {
    use findings::commands::{self, show::ShowFormat, Command};
    use findings::settings::{Env, Flags, Settings};
    let settings = Settings::resolve(
        Flags::default(),
        &Env::default(),
        Default::default(),
        &mut std::io::sink(),
    )
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let show = Command::Show {
        id: "nosuch".into(),
        format: ShowFormat::Text,
    };
    let e = commands::run(&settings, show, &mut out, &mut err).unwrap_err();
    assert_eq!(e.code(), 1);
    assert!(
        e.messages()[0].starts_with("no record has the id \"nosuch\""),
        "{e}"
    );
    assert!(out.is_empty() && err.is_empty(), "{err:?}");
}
