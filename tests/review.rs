//! The review store: what is kept, what is refused, and that nothing is lost — not when a
//! writer is killed, not when two write at once.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use findings::model::review::{Status, Store};

fn review(db: &Path, user: &str, args: &[&str]) -> (i32, String, String) {
    let out = common::findings()
        .arg("--review-db")
        .arg(db)
        .args(["--user", user])
        .arg("review")
        .args(args)
        .output()
        .expect("run findings");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn mark_then_list_by_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let (code, out, _) = review(&db, "lan", &["mark", "exp-chinh-sach-dac-thu", "to-apply"]);
    assert_eq!(code, 0);
    assert!(out.contains("to-apply (by lan)"), "{out}");
    let (code, out, _) = review(
        &db,
        "lan",
        &["list", "--status", "to-apply", "--format", "json"],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["id"], "exp-chinh-sach-dac-thu");
    assert_eq!(v[0]["set_by"], "lan");
    // Unknown ids and statuses are usage errors, and write nothing.
    let (code, _, err) = review(&db, "lan", &["mark", "exp-chinh-sach", "reviewed"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean exp-chinh-sach-dac-thu"), "{err}");
    assert_eq!(review(&db, "lan", &["mark", "exp-han-quoc", "done"]).0, 2);
    assert_eq!(Store::at(&db).history().unwrap().len(), 1);
}

#[test]
fn notes_from_two_users_are_in_the_report_with_their_authors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    review(&db, "lan", &["note", "exp-han-quoc", "Học cách phối hợp"]);
    review(
        &db,
        "minh",
        &["note", "exp-han-quoc", "Liên hệ Sở Đắk Nông"],
    );
    review(&db, "minh", &["mark", "exp-han-quoc", "to-apply"]);
    let (code, md, _) = review(&db, "lan", &["export", "--format", "md"]);
    assert_eq!(code, 0);
    let to_apply = md.split("## to-apply").nth(1).unwrap_or_default();
    assert!(to_apply.contains("status: to-apply (by minh,"), "{md}");
    assert!(
        to_apply.contains("> Học cách phối hợp\n>\n> — lan,"),
        "{md}"
    );
    assert!(
        to_apply.contains("> Liên hệ Sở Đắk Nông\n>\n> — minh,"),
        "{md}"
    );
}

#[test]
fn every_change_is_history_and_the_later_write_wins() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut a = Store::at(&db);
    let mut b = Store::at(&db);
    a.mark("x", Status::Reviewed, "lan").unwrap();
    b.mark("x", Status::ToApply, "minh").unwrap();
    let review = a.get("x").unwrap();
    assert_eq!(review.status(), Status::ToApply);
    assert_eq!(review.set_by.as_deref(), Some("minh"));
    let history = a.history().unwrap();
    let steps: Vec<(Status, Status, &str)> = history
        .iter()
        .map(|c| (c.from, c.to, c.user.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (Status::Unreviewed, Status::Reviewed, "lan"),
            (Status::Reviewed, Status::ToApply, "minh")
        ]
    );
    // Editing a note keeps the earlier text; notes never overwrite each other.
    let n = a.add_note("x", "first", "lan").unwrap();
    b.add_note("x", "second", "minh").unwrap();
    a.edit_note(n, "first, revised", "lan").unwrap();
    let notes = b.get("x").unwrap().notes;
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].text, "first, revised");
    assert!(notes[0].edited.is_some());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: String = conn
        .query_row(
            "SELECT text FROM note_history WHERE note_id = ?1",
            [n],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "first");
    // Stars toggle and are history too.
    a.star("x", true, "lan").unwrap();
    assert!(b.get("x").unwrap().starred);
    a.star("x", false, "lan").unwrap();
    assert!(!b.get("x").unwrap().starred);
    let stars: i64 = conn
        .query_row("SELECT count(*) FROM star_history", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stars, 2);
}

#[test]
fn reading_never_creates_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/review.db");
    let mut store = Store::at(&db);
    assert!(store.all().unwrap().is_empty());
    assert_eq!(store.data_version().unwrap(), None);
    assert!(!db.exists() && !db.parent().unwrap().exists());
    store.mark("x", Status::Reviewed, "lan").unwrap();
    assert!(db.exists());
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a private database in a private folder");
}

/// In a folder its group can write (a team's folder), the database and its -wal and -shm
/// files are group-writable, so every member of the group can write.
#[test]
fn a_team_folder_gets_group_writable_files() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let db = team.join("review.db");
    let mut store = Store::at(&db);
    store.mark("x", Status::Reviewed, "lan").unwrap();
    for name in ["review.db", "review.db-wal", "review.db-shm"] {
        let path = team.join(name);
        let mode = std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(
            mode & 0o060,
            0o060,
            "{name} is {mode:o}: the group cannot write"
        );
    }
}

#[test]
fn a_newer_or_foreign_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; CREATE TABLE t(x);")
            .unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    let err = Store::at(&newer)
        .mark("x", Status::Reviewed, "lan")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("newer findings") && err.contains("untouched"),
        "{err}"
    );
    assert_eq!(std::fs::read(&newer).unwrap(), before);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database, but somebody's notes\n".repeat(100)).unwrap();
    let before = std::fs::read(&text).unwrap();
    let err = Store::at(&text).all().unwrap_err().to_string();
    assert!(err.contains("not a findings review database"), "{err}");
    assert_eq!(std::fs::read(&text).unwrap(), before);
}

/// True when the tests run as root (as CI does): then they can act as other users.
fn root() -> bool {
    // SAFETY: geteuid only reads the process's user id.
    unsafe { libc::geteuid() == 0 }
}

/// A copy of the binary in a folder every user can read, for running it as another user.
fn shared_binary(dir: &Path) -> std::path::PathBuf {
    let bin = dir.join("findings");
    std::fs::copy(env!("CARGO_BIN_EXE_findings"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// `findings review ARGS` as the user `uid` in the group `gid`.
fn review_as(bin: &Path, uid: u32, gid: u32, db: &Path, args: &[&str]) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    // The binary was just copied: a child another test thread forks at that moment holds the
    // copy open for writing until it execs, and exec then fails with "text file busy".
    let mut tries = 0;
    let out = loop {
        let run = Command::new(bin)
            .arg("review")
            .args(args)
            .arg("--review-db")
            .arg(db)
            .args(["--user", &format!("user{uid}")])
            .env_remove("FINDINGS_DATA")
            .uid(uid)
            .gid(gid)
            .output();
        match run {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.unwrap(),
        }
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_read_only_folder_is_a_clear_error_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let db = locked.join("review.db");
    let (code, err) = if root() {
        // Root writes anywhere: act as an ordinary user.
        let bin = shared_binary(dir.path());
        review_as(
            &bin,
            12_001,
            12_001,
            &db,
            &["mark", "exp-han-quoc", "reviewed"],
        )
    } else {
        let (code, _, err) = review(&db, "lan", &["mark", "exp-han-quoc", "reviewed"]);
        (code, err)
    };
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot create the review database"), "{err}");
    assert!(!db.exists());
}

/// Two Unix accounts in one group write to one team file: both succeed, and the file and its
/// -wal and -shm stay writable by the group. (Needs root to act as two users; CI runs as root.)
#[test]
fn two_accounts_in_one_group_share_a_team_file() {
    if !root() {
        eprintln!("not root: cannot act as two users; the group-mode test above still runs");
        return;
    }
    use std::os::unix::fs::chown;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = shared_binary(dir.path());
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let group = 12_100;
    chown(&team, Some(0), Some(group)).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let db = team.join("review.db");
    let (code, err) = review_as(&bin, 12_001, group, &db, &["note", "exp-han-quoc", "lan's"]);
    assert_eq!(code, 0, "first user: {err}");
    let (code, err) = review_as(
        &bin,
        12_002,
        group,
        &db,
        &["note", "exp-han-quoc", "minh's"],
    );
    assert_eq!(code, 0, "second user: {err}");
    let (code, err) = review_as(
        &bin,
        12_001,
        group,
        &db,
        &["mark", "exp-han-quoc", "to-apply"],
    );
    assert_eq!(code, 0, "first user again: {err}");
    let notes = Store::at(&db).get("exp-han-quoc").unwrap().notes;
    let authors: Vec<&str> = notes.iter().map(|n| n.author.as_str()).collect();
    assert_eq!(authors, ["user12001", "user12002"]);
}

/// Writers killed at random moments: the file always opens, passes `integrity_check`, and
/// holds every note whose command said it was saved.
#[test]
fn killing_writers_at_random_moments_loses_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.db");
    let bin = env!("CARGO_BIN_EXE_findings");
    let mut saved = Vec::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..240 {
        // xorshift: a kill after 0 to ~30 ms, spread over the write.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % 30_000);
        let text = format!("note {i}");
        let mut child = Command::new(bin)
            .args(["review", "note", "exp-han-quoc", &text, "--user", "lan"])
            .arg("--review-db")
            .arg(&db)
            .env_remove("FINDINGS_DATA")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let mut finished = None;
        while start.elapsed() < delay {
            if let Some(status) = child.try_wait().unwrap() {
                finished = Some(status);
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let status = match finished {
            Some(s) => s,
            None => {
                let _ = child.kill();
                child.wait().unwrap()
            }
        };
        if status.success() {
            saved.push(text);
        }
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let notes: Vec<String> = Store::at(&db)
        .get("exp-han-quoc")
        .unwrap()
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect();
    for text in &saved {
        assert!(notes.contains(text), "{text} was saved and is lost");
    }
    assert!(
        !saved.is_empty(),
        "no write finished: the delays are too short to test"
    );
    assert!(
        saved.len() < 240,
        "no write was killed: the delays are too long to test"
    );
}

#[test]
fn two_writers_at_once_lose_no_note() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("two.db");
    let writers: Vec<_> = ["lan", "minh"]
        .into_iter()
        .map(|user| {
            let db = db.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let text = format!("{user} {i}");
                    let (code, _, err) = review(&db, user, &["note", "exp-han-quoc", &text]);
                    assert_eq!(code, 0, "{err}");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let notes = Store::at(&db).get("exp-han-quoc").unwrap().notes;
    assert_eq!(notes.len(), 50);
}

#[test]
fn reviews_of_ids_the_data_no_longer_has_are_listed_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = Store::at(&db);
    store.mark("exp-gone", Status::ToApply, "lan").unwrap();
    store.add_note("exp-gone", "still here", "lan").unwrap();
    let (code, out, _) = review(&db, "lan", &["orphans"]);
    assert_eq!(code, 0);
    assert!(out.contains("exp-gone  to-apply  1 note(s)"), "{out}");
    assert_eq!(store.get("exp-gone").unwrap().notes.len(), 1);
}

#[test]
fn the_csv_report_quotes_keeps_vietnamese_and_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    review(&db, "lan", &["mark", "exp-han-quoc", "to-apply"]);
    review(
        &db,
        "lan",
        &[
            "note",
            "exp-han-quoc",
            "=HYPERLINK(\"x\"), \"quoted\"\nline 2",
        ],
    );
    review(&db, "minh", &["note", "exp-han-quoc", "--", "-5"]);
    let out = dir.path().join("review.csv");
    let (code, said, err) = review(
        &db,
        "lan",
        &[
            "export",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            "--status-dummy",
        ],
    );
    // A bad flag is a usage error and writes nothing.
    assert_eq!(code, 2, "{said}{err}");
    assert!(!out.exists());
    let (code, _, err) = review(
        &db,
        "lan",
        &["export", "--format", "csv", "-o", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["id", "kind", "title", "status", "starred", "set_by", "set_at", "notes"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 14, "one row per record");
    let korea = rows.iter().find(|r| &r[0] == "exp-han-quoc").unwrap();
    assert_eq!(&korea[3], "to-apply");
    assert!(korea[2].contains("Hàn Quốc"));
    assert_eq!(
        &korea[7], "lan: =HYPERLINK(\"x\"), \"quoted\"\nline 2\n\nminh: -5",
        "a note cell starts with the author, so nothing in it runs"
    );
    assert_eq!(super_inert("=1+1"), "'=1+1");
}

/// What the report does to a cell that would start with a formula character.
fn super_inert(cell: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    // A record's title never starts with '=' in the default data: check through the store's
    // set_by, which is the user name as given.
    review(&db, cell, &["mark", "exp-han-quoc", "reviewed"]);
    let (_, out, _) = review(&db, "x", &["export", "--format", "csv"]);
    let text = out.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let row = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "exp-han-quoc")
        .unwrap();
    row[5].to_owned()
}

/// A disk that fills up mid-write (here: a file size limit on the writer): a clear error,
/// nothing half-written, and what was saved before still there.
#[test]
fn a_full_disk_is_a_clear_error_and_leaves_no_partial_state() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("full.db");
    let (code, _, err) = review(&db, "lan", &["note", "exp-han-quoc", "saved before"]);
    assert_eq!(code, 0, "{err}");
    let big = "x".repeat(512 * 1024);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_findings"));
    cmd.arg("--review-db")
        .arg(&db)
        .args(["--user", "lan", "review", "note", "exp-han-quoc", "-"])
        .env_remove("FINDINGS_DATA")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: between fork and exec, only async-signal-safe calls: setrlimit and signal.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 256 * 1024,
                rlim_max: 256 * 1024,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(big.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("full.db") && err.contains("nothing was saved"),
        "{err}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let notes = Store::at(&db).get("exp-han-quoc").unwrap().notes;
    let texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["saved before"]);
}

/// The store is a shared file anyone in the group may write (with `sqlite3` by hand, too):
/// what is read from it reaches the screen without a control character (SPEC §6).
#[test]
fn control_characters_written_into_the_store_are_read_as_markers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = Store::at(&db);
    let evil = "lan\u{1b}[31m\u{9b}2J\u{7}";
    store
        .mark("x\u{1b}]0;t\u{7}", Status::Reviewed, evil)
        .unwrap();
    store
        .add_note("x", "line one\u{1b}[2J\nline two\u{202e}", evil)
        .unwrap();
    let controls = |s: &str| {
        s.chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}')
    };
    let all = store.all().unwrap();
    for (id, review) in &all {
        assert!(!controls(id), "{id:?}");
        for text in review.set_by.iter().chain(review.set_at.iter()) {
            assert!(!controls(text), "{text:?}");
        }
        for note in &review.notes {
            for text in [&note.author, &note.created, &note.text, &note.record] {
                assert!(!controls(text), "{text:?}");
            }
            assert!(note.text.contains("line one") && note.text.contains("\nline two"));
        }
    }
    assert!(all
        .values()
        .any(|r| r.set_by.as_deref() == Some("lan␛[31m\u{fffd}2J␇")));
    for change in store.history().unwrap() {
        assert!(!controls(&change.user) && !controls(&change.record));
    }
}

/// A reviewer's name with control characters in it (`--user`, `$USER`) is stored as the
/// screen may show it.
#[test]
fn a_user_name_with_controls_is_stored_with_markers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let (code, _, err) = review(&db, "lan\u{1b}[2J", &["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 0, "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: String = conn
        .query_row("SELECT set_by FROM marks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, "lan␛[2J");
}
