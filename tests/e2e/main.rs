//! The real binary in a real pseudo-terminal: keys go in through the pty, the screen comes out
//! through a `vt100` parser. Needs nothing outside Cargo.

mod process;
mod pty;

use std::time::Duration;

use process::{gone, kill, stat, wait_gone};
use pty::{clipboard_texts, terminal_queries, Pty};

const ENTER: &str = "\r";
const TAB: &str = "\t";
const BACKSPACE: &str = "\x7f";
const ESCAPE: &str = "\x1b";
const CTRL_R: &str = "\x12";
const CTRL_U: &str = "\x15";

#[test]
fn browse_follow_links_help_and_quit() {
    let mut t = Pty::shell();
    let pid = t.launch("--lang en", "All 14");
    let screen = t.wait_for("Meetings 4");
    assert!(
        screen.contains("Experiences 7") && screen.contains("Visits 2"),
        "{screen}"
    );
    // Nothing written up to the first frame asks the terminal for an answer.
    assert_eq!(terminal_queries(&t.raw), Vec::<String>::new());
    assert!(!terminal_queries(b"\x1b[6n\x1b]11;?\x07\x1b[?2026$p").is_empty());
    // Moving through the list updates the status line.
    t.keys("3");
    t.wait_for("1/4 · meeting-kon-tum");
    t.keys("jj");
    t.wait_for("3/4 · meeting-dak-lak");
    // At 80 columns Enter opens the detail full-screen; its links include the experience.
    t.keys(ENTER);
    let detail = t.wait_for("Linked records (5)");
    assert!(
        detail.contains("Working session with the Đắk Lắk Department"),
        "{detail}"
    );
    // The fifth link: the Korea programme (after the trip and the three shared experiences).
    t.keys(&[TAB, TAB, TAB, TAB, TAB, ENTER].concat());
    t.wait_for("The joint programme of Đắk Lắk and Đắk Nông");
    t.wait_for("experience · exp-han-quoc");
    t.keys(BACKSPACE);
    t.wait_for("meeting · meeting-dak-lak");
    // The help lists every key, those that work everywhere first.
    t.keys("?");
    let help = t.wait_for("Everywhere");
    assert!(help.contains("q Ctrl-c") && help.contains("quit"), "{help}");
    t.keys(&"j".repeat(30));
    t.wait_for("Enter l →");
    t.keys(&"j".repeat(80));
    t.wait_for("In this help");
    t.keys("q");
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
fn resizing_below_the_minimum_and_back() {
    let mut t = Pty::shell();
    let pid = t.launch("--lang en", "All 14");
    t.resize(30, 10);
    t.wait_for("Terminal too small");
    t.resize(80, 24);
    let screen = t.wait_for("Meetings 4");
    assert!(!screen.contains("Terminal too small"), "{screen}");
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
fn termination_signals_restore_the_terminal() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT, libc::SIGQUIT] {
        let mut t = Pty::shell();
        let pid = t.launch("", "All 14");
        kill(pid, signal);
        wait_gone(pid, Duration::from_secs(2));
        t.wait_for(&format!("EXITED-{}", 128 + signal));
        t.assert_restored();
    }
}

/// SSH dropped while SIGHUP is ignored (as under `nohup`): no signal comes, only the terminal
/// hanging up. The process notices within 2 s and does not spin meanwhile.
#[test]
fn the_terminal_going_away_ends_the_process_without_spinning() {
    let mut t = Pty::script("trap '' HUP; exec \"$FINDINGS\"");
    let pid = t.child_pid();
    t.wait_for("All 14");
    std::thread::sleep(Duration::from_millis(200));
    let (_, cpu_before) = stat(pid).expect("findings is running");
    t.hang_up();
    wait_gone(pid, Duration::from_secs(2));
    let (state, cpu_after) = stat(pid).expect("an unreaped zombie keeps its stat");
    assert_eq!(state, 'Z', "findings should have exited");
    // SAFETY: sysconf only reads a system constant.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    let cpu = cpu_after - cpu_before;
    assert!(
        cpu * 10 < ticks_per_second,
        "used {cpu} ticks of CPU (of {ticks_per_second}/s) between hangup and exit: it spun"
    );
}

#[test]
fn mouse_reporting_on_by_default_and_off_with_no_mouse() {
    let mut t = Pty::shell();
    let pid = t.launch("--no-mouse --lang en", "All 14");
    assert_eq!(t.vt().mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    // A click report typed anyway is not taken as a click: after it, `j` moves to row 2.
    t.keys("3");
    t.wait_for("1/4 · meeting-kon-tum");
    t.keys("\x1b[<0;10;5M\x1b[<0;10;5mj");
    t.wait_for("2/4 · meeting-gia-lai");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();

    let pid = t.launch("--lang en", "All 14");
    t.screen();
    assert_eq!(
        t.vt().mouse_protocol_mode(),
        vt100::MouseProtocolMode::ButtonMotion,
        "button presses (and drags) are reported by default"
    );
    assert_eq!(
        t.vt().mouse_protocol_encoding(),
        vt100::MouseProtocolEncoding::Sgr
    );
    // A click on the third row of the list selects it (SGR report, 1-based column;row).
    t.keys("3");
    t.wait_for("1/4 · meeting-kon-tum");
    t.keys("\x1b[<0;10;5M\x1b[<0;10;5m");
    t.wait_for("3/4 · meeting-dak-lak");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
fn search_as_you_type_keep_and_recall() {
    let mut t = Pty::shell();
    let pid = t.launch("--lang en", "All 14");
    // Typed in one write, faster than a person: no key may be lost.
    t.keys("/dak lak han quoc");
    let screen = t.wait_for("/ dak lak han quoc");
    assert!(screen.contains("Enter keep query"), "{screen}");
    let screen = t.wait_for("All 5/14");
    let first_row = screen.lines().nth(2).unwrap_or("");
    assert!(
        first_row.contains("Sending workers to work in Korea"),
        "{screen}"
    );
    t.keys(ENTER);
    t.wait_for("/dak lak han quoc  1/5 · exp-han-quoc");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    let history = std::fs::read_to_string(t.dir.path().join("findings/history")).unwrap();
    assert_eq!(history, "dak lak han quoc\n");
    // A new session recalls it.
    let pid = t.launch("--lang en", "All 14");
    t.keys(&["/", CTRL_R].concat());
    t.wait_for("/ dak lak han quoc");
    t.wait_for("All 5/14");
    t.keys(ESCAPE);
    t.wait_for("All 14 ");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
fn fast_typing_on_a_large_dataset_loses_no_key() {
    let mut t = Pty::shell();
    let data = t.dir.path().join("10k.json");
    let value = findings::gen::dataset(10_000, 7, "");
    std::fs::write(&data, serde_json::to_vec(&value).unwrap()).unwrap();
    let pid = t.launch(&format!("--lang en --data {}", data.display()), "All 10000");
    // Every key in one burst, then Enter at once: the line must hold the whole query, and the
    // results must be for the whole query.
    t.keys(&["/tinh dak lak han quoc", ENTER].concat());
    t.wait_for("/tinh dak lak han quoc ");
    // The results arrive after the keys (those of a shorter query, which every record
    // matches, may show first): the tab counts turn into matches/total (at 80 columns the tabs
    // are "1:N/10000  2:N/200 ..."), and in the end narrow.
    t.wait_until("narrowed result for the whole query", |screen| {
        let tabs = screen.lines().next().unwrap_or("");
        tabs.contains("/200 ") && !tabs.contains("10000/10000")
    });
    t.keys(ENTER);
    let detail = t.wait_for("Linked records");
    assert!(
        detail.contains("Hàn Quốc") && detail.contains("Đắk Lắk"),
        "{detail}"
    );
    t.keys("q");
    t.wait_for("EXITED-0");
    assert!(gone(pid));
    t.assert_restored();
}

/// At 120x40: `f`, Đắk Lắk and kind experience leave the Korea programme and what Đắk Lắk
/// shared; a search changes the counts beside each province; `C` clears every filter.
#[test]
fn facet_pane_filters_counts_and_clears() {
    let mut t = Pty::shell();
    t.resize(120, 40);
    let pid = t.launch("--lang en", "All 14");
    t.keys("f");
    t.wait_for("Province");
    // Row 1 is the first province in Vietnamese order: Đắk Lắk.
    t.keys("j ");
    let screen = t.wait_for("Province: Đắk Lắk");
    assert!(screen.contains("[x] Đắk Lắk"), "{screen}");
    t.wait_for("6/14");
    // Kind's heading follows the four provinces; experience has the most records.
    t.keys("jjjjj ");
    let screen = t.wait_for("Kind: experience");
    assert!(screen.contains(" 4/14 "), "{screen}");
    assert!(screen.contains("All 4/14"), "{screen}");
    assert!(screen.contains("Experiences 4/7"), "{screen}");
    let kon_tum = |screen: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains("[ ] Kon Tum"))
            .map(|l| l.split('│').next().unwrap_or("").trim().to_owned())
            .unwrap_or_default()
    };
    assert!(kon_tum(&screen).ends_with(" 3"), "{screen}");
    t.keys(&["/chinh sach", ENTER].concat());
    let screen = t.wait_for("/chinh sach");
    let screen = if kon_tum(&screen).ends_with(" 1") {
        screen
    } else {
        std::thread::sleep(Duration::from_millis(300));
        t.screen()
    };
    assert!(kon_tum(&screen).ends_with(" 1"), "{screen}");
    assert!(screen.contains("All 1/14"), "{screen}");
    // Back in the pane, C clears every filter; Esc clears the search.
    t.keys("f");
    t.keys("C");
    t.wait_for("All 6/14");
    // Two Escapes in one read would be Alt-Escape: one, then the other.
    t.keys(ESCAPE);
    std::thread::sleep(Duration::from_millis(200));
    t.keys(ESCAPE);
    t.wait_for("All 14 ");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

/// Two people on one review file: a status set in one TUI shows in the other's within 2 s,
/// with no key pressed there.
#[test]
fn a_teammate_s_mark_shows_within_two_seconds() {
    let mut lan = Pty::shell();
    let db = lan.dir.path().join("team.db");
    let args = |user: &str| format!("--lang en --user {user} --review-db {}", db.display());
    let lan_pid = lan.launch(&args("lan"), "All 14");
    let mut minh = Pty::shell();
    let minh_pid = minh.launch(&args("minh"), "All 14");
    lan.keys("a");
    lan.wait_for("reviewed 1/14");
    let start = std::time::Instant::now();
    let screen = minh.wait_for("reviewed 1/14");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    assert!(screen.contains("▶"), "{screen}");
    // In the detail: who set it.
    minh.keys("\r");
    minh.wait_for("to apply — lan,");
    // A note written in one shows in the other's open detail, with its author.
    lan.keys("\r");
    lan.wait_for("to apply — lan,");
    minh.keys("i");
    minh.wait_for("Note on");
    minh.keys("Học cách phối hợp của Đắk Lắk\rdòng hai");
    minh.wait_for("dòng hai");
    minh.keys("\x13"); // Ctrl-s
    let start = std::time::Instant::now();
    let screen = lan.wait_for("minh · ");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    assert!(screen.contains("Học cách phối hợp của Đắk Lắk"), "{screen}");
    for (t, pid) in [(&mut lan, lan_pid), (&mut minh, minh_pid)] {
        t.keys("q");
        t.keys("q");
        wait_gone(pid, Duration::from_secs(2));
    }
    let list = findings::model::review::Store::at(&db)
        .get("ninh-thuan-tay-nguyen-2024")
        .unwrap();
    assert_eq!(list.set_by.as_deref(), Some("lan"));
}

/// Going through the embedded dataset with the review keys brings the gauge to 100%.
#[test]
fn reviewing_every_record_fills_the_gauge() {
    let mut t = Pty::shell();
    let db = t.dir.path().join("mine.db");
    let pid = t.launch(
        &format!("--lang en --user lan --review-db {}", db.display()),
        "All 14",
    );
    for done in 1..=14 {
        t.keys("r");
        t.wait_for(&format!("reviewed {done}/14"));
        t.keys(".");
    }
    t.wait_for("reviewed 14/14 ▰▰▰▰▰▰▰▰ 100%");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_findings"))
        .args(["review", "stats", "--format", "json", "--review-db"])
        .arg(&db)
        .env_remove("FINDINGS_DATA")
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["by_status"]["reviewed"], 14);
    assert_eq!(stats["by_user"]["lan"], 14);
}

#[test]
fn save_a_view_export_it_copy_and_open_it_again() {
    let mut t = Pty::shell();
    t.resize(120, 40);
    let pid = t.launch("--lang en", "All 14");
    t.keys("/han quoc");
    t.keys(ENTER);
    t.wait_for("han quoc");
    t.keys("w");
    t.wait_for("Save the view as");
    t.keys("korea");
    t.keys(ENTER);
    t.wait_for("view saved: korea");
    // e: the format (Markdown first), then the file, named after the view.
    t.keys("e");
    t.wait_for("Export as");
    t.keys(ENTER);
    t.wait_for("korea.md▏");
    t.keys(ENTER);
    let screen = t.wait_for("exported: ");
    let file = t.dir.path().join("korea.md");
    let md = std::fs::read_to_string(&file).expect("the export was written");
    assert!(md.starts_with("# findings\n"), "{md}");
    let records: usize = md
        .lines()
        .find_map(|l| l.strip_suffix(" records"))
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(
        screen.contains(&format!("exported: {records} → korea.md")),
        "{screen}"
    );
    // Again: the file exists, so the TUI asks; y replaces it.
    std::fs::write(&file, "mine").unwrap();
    t.keys("e");
    t.wait_for("Export as");
    t.keys(ENTER);
    t.wait_for("korea.md▏");
    t.keys(ENTER);
    t.wait_for("exists. Replace it?");
    t.keys("n");
    t.wait_for("All");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "mine",
        "n keeps it"
    );
    t.keys("e");
    t.wait_for("Export as");
    t.keys(&[ENTER, ENTER].concat());
    t.wait_for("exists. Replace it?");
    t.keys("y");
    t.wait_for("exported: ");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), md);
    // y: the citation goes out as OSC 52, base64 of the sanitized text.
    t.raw.clear();
    t.keys("y");
    let screen = t.wait_for("sent to the terminal's clipboard");
    t.wait_for_bytes("OSC 52", |raw| !clipboard_texts(raw).is_empty());
    let copied = clipboard_texts(&t.raw);
    assert_eq!(copied.len(), 1, "{:?}", String::from_utf8_lossy(&t.raw));
    // Outside tmux ($TMUX unset) nothing goes out wrapped for tmux's passthrough.
    assert!(!String::from_utf8_lossy(&t.raw).contains("\x1bPtmux;"));
    let id = copied[0].rsplit(", ").next().unwrap();
    assert!(
        screen.contains(&format!("· {id}")),
        "{} / {screen}",
        copied[0]
    );
    // p: the same text in a popup, for terminals without OSC 52.
    t.keys("p");
    let popup = t.wait_for("Select with the mouse");
    let title = copied[0].split(" — ").next().unwrap();
    assert!(popup.contains(&title[..title.len().min(40)]), "{popup}");
    t.keys(ESCAPE);
    // v: the saved views; Enter opens one.
    t.keys(&[ESCAPE, "/", CTRL_U, ENTER].concat());
    t.keys("v");
    t.wait_for("Saved views");
    t.keys(ENTER);
    t.wait_for("view: korea");
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
    // The command line sees the same view, with as many records as were exported.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_findings"))
        .env("XDG_CONFIG_HOME", t.dir.path())
        .env_remove("FINDINGS_DATA")
        .args([
            "--view", "korea", "search", "--format", "json", "--limit", "0",
        ])
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found.as_array().unwrap().len(), records);
}

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

/// Inside a tmux that cannot take the text (`$TMUX` names no server), `y` sends the OSC 52
/// sequence as it is, for a terminal or a tmux with `set-clipboard on`, and wrapped for tmux's
/// passthrough.
#[test]
fn y_in_a_tmux_that_cannot_load_the_text_sends_the_sequence_both_ways() {
    let mut t = Pty::shell();
    t.keys("export TMUX=/nonexistent/findings-e2e,1,0\r");
    let pid = t.launch("--lang en", "All 14");
    t.keys("3");
    t.wait_for("1/4 · meeting-kon-tum");
    t.raw.clear();
    t.keys("y");
    t.wait_for("sent to the terminal's clipboard");
    let wrapped = |raw: &[u8]| String::from_utf8_lossy(raw).contains("\x1bPtmux;\x1b\x1b]52;c;");
    t.wait_for_bytes("the passthrough-wrapped sequence", wrapped);
    let raw = String::from_utf8_lossy(&t.raw).into_owned();
    let plain = raw.matches("\x1b]52;c;").count() - raw.matches("\x1b\x1b]52;c;").count();
    assert_eq!(plain, 1, "the sequence as it is, once: {raw:?}");
    let copied = clipboard_texts(&t.raw);
    assert!(
        copied.iter().all(|c| c.ends_with(", meeting-kon-tum")),
        "{copied:?}"
    );
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
}

/// A note still in the editor when the session ends without the user closing it — a
/// termination signal, Ctrl-c, the terminal hanging up with SIGHUP ignored (an SSH link
/// dropping under nohup) — is in the review store afterwards.
#[test]
fn a_note_being_written_is_saved_however_the_session_ends() {
    let notes = |db: &std::path::Path| -> String {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_findings"))
            .args([
                "review",
                "export",
                "--format",
                "md",
                "--lang",
                "en",
                "--review-db",
            ])
            .arg(db)
            .env_remove("FINDINGS_DATA")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let write = |t: &mut Pty, text: &str| {
        t.keys("3i");
        t.wait_for("save the note");
        t.keys(text);
        t.wait_for(text);
    };
    for (how, end) in [("SIGTERM", "term"), ("Ctrl-c", "ctrl-c")] {
        let mut t = Pty::shell();
        let db = t.dir.path().join("review.db");
        let pid = t.launch("--lang en --user lan", "All 14");
        let text = format!("draft ended by {how}");
        write(&mut t, &text);
        match end {
            "term" => kill(pid, libc::SIGTERM),
            _ => t.keys("\x03"),
        }
        wait_gone(pid, Duration::from_secs(2));
        let report = notes(&db);
        assert!(report.contains(&format!("> {text}")), "{how}: {report}");
        assert!(report.contains("meeting-kon-tum"), "{how}: {report}");
    }
    let mut t = Pty::script("trap '' HUP; exec \"$FINDINGS\" --lang en --user lan");
    let db = t.dir.path().join("review.db");
    let pid = t.child_pid();
    t.wait_for("All 14");
    write(&mut t, "draft ended by the terminal going away");
    t.hang_up();
    wait_gone(pid, Duration::from_secs(2));
    let report = notes(&db);
    assert!(
        report.contains("> draft ended by the terminal going away"),
        "{report}"
    );
}

/// A large dataset loads behind the screen: the gauge shows, `?` opens the help and `q` quits
/// while it is still loading, without waiting for the load.
#[test]
fn the_screen_answers_while_a_large_dataset_loads() {
    let mut t = Pty::shell();
    let data = t.dir.path().join("40k.json");
    let value = findings::gen::dataset(40_000, 3, "");
    std::fs::write(&data, serde_json::to_vec(&value).unwrap()).unwrap();
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
