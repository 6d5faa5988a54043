//! Reviewing: marks from a teammate, the gauge, a note kept however the session ends.

use super::*;

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

/// Two people on one review file, each with `--data DIR` (the data loads behind the screen):
/// a teammate's mark shows in the other's detail, gauge and review facets together, within
/// 2 s; and again after the data is reloaded with a record more.
#[test]
fn a_teammate_s_mark_moves_the_gauge_and_facets_with_data_from_a_folder() {
    let mut lan = Pty::shell();
    let dir = lan.dir.path().join("data");
    std::fs::create_dir(&dir).unwrap();
    let wide =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/wide.json");
    let mut data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wide).unwrap()).unwrap();
    std::fs::write(dir.join("data.json"), data.to_string()).unwrap();
    let db = lan.dir.path().join("team.db");
    let args = |user: &str| {
        format!(
            "--lang en --user {user} --review-db {} --data {}",
            db.display(),
            dir.display()
        )
    };
    let mut minh = Pty::shell();
    for t in [&mut lan, &mut minh] {
        t.resize(120, 30);
    }
    let lan_pid = lan.launch(&args("lan"), "All 6");
    let minh_pid = minh.launch(&args("minh"), "All 6");
    // Minh's review facets are open: "unreviewed 6" before any mark.
    minh.keys("f");
    let screen = minh.wait_for("Review status");
    assert_eq!(facet_count(&screen, "unreviewed"), Some(6), "{screen}");
    lan.keys("a");
    lan.wait_for("reviewed 1/6");
    let start = std::time::Instant::now();
    let screen = minh.wait_for("Review: to apply — lan");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    // The mark, the gauge and the facets come in the same frame.
    assert!(screen.contains("reviewed 1/6 ▰"), "{screen}");
    assert_eq!(facet_count(&screen, "to apply"), Some(1), "{screen}");
    assert_eq!(facet_count(&screen, "unreviewed"), Some(5), "{screen}");

    // The data gains a record: both reload it, and what the teammate marks next is counted
    // against the new data.
    data["meetings"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "m-gia-lai",
            "title": "Làm việc với UBND tỉnh Gia Lai",
            "province": "Gia Lai"
        }));
    let tmp = dir.join("data.json.swp");
    std::fs::write(&tmp, data.to_string()).unwrap();
    std::fs::rename(&tmp, dir.join("data.json")).unwrap();
    lan.wait_for("All 7");
    minh.wait_for("All 7");
    lan.keys("ja");
    lan.wait_for("reviewed 2/7");
    let start = std::time::Instant::now();
    let screen = minh.wait_for("reviewed 2/7");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(facet_count(&screen, "to apply"), Some(2), "{screen}");
    assert_eq!(facet_count(&screen, "unreviewed"), Some(5), "{screen}");
    for (t, pid) in [(&mut lan, lan_pid), (&mut minh, minh_pid)] {
        t.keys("q");
        wait_gone(pid, Duration::from_secs(2));
    }
}

/// The count the facet pane (left of the first `│`) shows beside `label`.
fn facet_count(screen: &str, label: &str) -> Option<u32> {
    screen.lines().find_map(|line| {
        let pane = line.split('│').next()?;
        let rest = pane.split_once("] ")?.1;
        let count = rest.strip_prefix(label)?.trim();
        count.parse().ok()
    })
}
