//! Sharing: saved views, export, copying to the clipboard (OSC 52).

use super::*;

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
