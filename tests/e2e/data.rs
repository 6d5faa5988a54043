//! The data and the files around it: loading behind the screen, live reload, the config
//! file, the log.

use super::*;

/// A background failure (the search history cannot be written) is said on the status line
/// and, with `--log`, written to the log file.
#[test]
fn a_background_failure_is_said_and_logged() {
    let mut t = Pty::shell();
    t.resize(120, 30);
    // The history file's place is taken by a directory: appending to it fails.
    std::fs::create_dir_all(t.dir.path().join("findings/history")).unwrap();
    let pid = t.launch("--lang en --log", "All 14");
    t.keys("/han quoc");
    t.keys(ENTER);
    let screen = t.wait_for("not saved: ");
    assert!(screen.contains("findings/history"), "{screen}");
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    let log = std::fs::read_to_string(t.dir.path().join("findings/log")).expect("a log");
    assert!(log.contains("findings started"), "{log}");
    assert!(log.contains("search history not written"), "{log}");
}

/// config.toml: the language and a key remap take effect, and the help shows the new key.
#[test]
fn the_config_file_sets_the_language_and_remaps_keys() {
    let mut t = Pty::shell();
    let dir = t.dir.path().join("findings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "lang = \"en\"\nlist_percent = 60\n[keys]\nquit = [\"Q\"]\n",
    )
    .unwrap();
    let pid = t.launch("", "All 14");
    t.keys("?");
    let help = t.wait_for("Everywhere");
    assert!(help.contains(" Q ") && help.contains("quit"), "{help}");
    t.keys("?");
    // q no longer quits; Q does.
    t.keys("q");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.screen().contains("EXITED"), "q still quits");
    t.keys("Q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    // A mistake is reported with its place, and nothing starts.
    std::fs::write(dir.join("config.toml"), "[keys]\nquit = \"Ctrl-1\"\n").unwrap();
    t.keys(&format!(
        "{} search x; echo EXITED-$?\r",
        env!("CARGO_BIN_EXE_findings")
    ));
    let screen = t.wait_for("EXITED-2");
    assert!(screen.contains("config.toml:2:8:"), "{screen}");
}

/// Writes `text` to `path` as editors do: a new file renamed over the old one.
fn save_as_editors_do(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("json.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The data file is edited while the TUI shows it: the list follows within 2 s with the same
/// record selected; a broken save keeps the last good data and says why (D shows it).
#[test]
fn an_edited_data_file_reloads_in_place() {
    let mut t = Pty::shell();
    t.resize(120, 30);
    let data = t.dir.path().join("data.json");
    let original = std::fs::read_to_string(common_fixture("valid/wide.json")).unwrap();
    std::fs::write(&data, &original).unwrap();
    let pid = t.launch(&format!("--lang en --data {}", data.display()), "All 6");
    t.keys("j");
    t.wait_for("2/6 · m-dak-lak");
    let edited = original.replace(
        "Chương trình đưa lao động đi Hàn Quốc",
        "Edited Korea title",
    );
    assert_ne!(edited, original);
    save_as_editors_do(&data, &edited);
    let screen = t.wait_for("Edited Korea title");
    assert!(
        screen.contains("· m-dak-lak"),
        "the same record stays selected:\n{screen}"
    );
    t.wait_for("+0 new, 1 changed, 0 removed");
    // A save that does not parse: the last good data stays, and D says why.
    save_as_editors_do(&data, "{\"schema_version\": 1, \"trips\": [");
    let screen = t.wait_for("kept the last good data");
    assert!(screen.contains("Edited Korea title"), "{screen}");
    t.keys("D");
    t.wait_for("data.json:");
    t.keys(ESCAPE);
    // Fixed again.
    save_as_editors_do(&data, &original);
    t.wait_for("data reloaded");
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
}

fn common_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Files load after the screen is up; when they turn out to have errors, the TUI ends, the
/// terminal is given back, and the errors are printed (exit 2), as before the screen existed.
#[test]
fn data_with_errors_loaded_behind_the_screen_ends_with_the_errors() {
    let mut t = Pty::shell();
    let bad = t.dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema_version\": 1, \"trips\": [{\"id\": 5}]}").unwrap();
    t.keys(&format!(
        "{} --lang en --data {}; echo EXITED-$?\r",
        env!("CARGO_BIN_EXE_findings"),
        bad.display()
    ));
    let screen = t.wait_for("EXITED-2");
    assert!(screen.contains("bad.json:1:"), "{screen}");
    assert!(screen.contains("error(s)"), "{screen}");
    t.assert_restored();
}

/// A large dataset loads behind the screen: the gauge shows, `?` opens the help and `q` quits
/// while it is still loading, without waiting for the load.
#[test]
fn the_screen_answers_while_a_large_dataset_loads() {
    let mut t = Pty::shell();
    let data = generated_data(&t, 40_000, 3);
    let pid = t.launch(&format!("--lang en --data {}", data.display()), "loading…");
    t.keys("?");
    let help = t.wait_for("Everywhere");
    assert!(
        help.contains("loading…"),
        "the load is over already:\n{help}"
    );
    t.keys("qq");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}
