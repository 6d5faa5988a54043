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

/// `review list --format json` carries each record's status history: who, from, to, when.
#[test]
fn the_json_list_carries_each_record_s_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let id = "exp-chinh-sach-dac-thu";
    assert_eq!(review(&db, "lan", &["mark", id, "not-applicable"]).0, 0);
    assert_eq!(review(&db, "minh", &["mark", id, "to-apply"]).0, 0);
    let (code, out, _) = review(&db, "lan", &["list", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v.as_array().unwrap();
    let item = items.iter().find(|i| i["id"] == id).unwrap();
    let steps: Vec<(&str, &str, &str)> = item["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c["at"].as_str().unwrap().ends_with('Z'), "{c}");
            (
                c["user"].as_str().unwrap(),
                c["from"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("lan", "unreviewed", "not-applicable"),
            ("minh", "not-applicable", "to-apply")
        ]
    );
    // A record never marked has an empty history.
    let other = items.iter().find(|i| i["id"] != id).unwrap();
    assert_eq!(other["history"], serde_json::json!([]));
}

/// The store keeps each record's status history as it reads the reviews: the changes past
/// the last reading are its news, added to what was read before; the first reading has none.
#[test]
fn the_history_is_read_with_the_reviews_and_its_news_are_the_new_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let (mut lan, mut minh) = (Store::at(&db), Store::at(&db));
    lan.mark("r1", Status::NotApplicable, "lan").unwrap();
    lan.mark("r2", Status::Reviewed, "lan").unwrap();
    assert!(lan.refresh().unwrap());
    assert!(minh.refresh().unwrap());
    let news = minh.history_news();
    assert!(news.fresh.is_empty(), "the first reading has no news");
    assert_eq!(news.whole.as_ref().map(|w| w.len()), Some(2));
    minh.mark("r1", Status::ToApply, "minh").unwrap();
    assert!(lan.refresh().unwrap());
    assert!(!lan.last_reading().full);
    let news = lan.history_news();
    assert!(news.whole.is_none(), "only what changed is read");
    assert_eq!(news.fresh.len(), 1);
    assert_eq!(
        (
            news.fresh[0].user.as_str(),
            news.fresh[0].from,
            news.fresh[0].to
        ),
        ("minh", Status::NotApplicable, Status::ToApply)
    );
    let steps: Vec<&str> = lan
        .history_of("r1")
        .iter()
        .map(|c| c.user.as_str())
        .collect();
    assert_eq!(steps, ["lan", "minh"]);
    let whole: Vec<_> = Store::at(&db)
        .history()
        .unwrap()
        .into_iter()
        .filter(|c| c.record == "r1")
        .collect();
    assert_eq!(lan.history_of("r1"), &whole[..]);
    assert!(!lan.refresh().unwrap());
    assert!(lan.history_news().fresh.is_empty());
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
    // In a folder that does not exist (a typo in a named path), reading is refused.
    assert!(store.all().is_err());
    assert!(store.data_version().is_err());
    assert!(!db.exists() && !db.parent().unwrap().exists());
    std::fs::create_dir(db.parent().unwrap()).unwrap();
    std::fs::set_permissions(db.parent().unwrap(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(store.all().unwrap().is_empty());
    assert!(!db.exists());
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
    review_with_umask(bin, uid, gid, None, db, args)
}

/// [`review_as`], with the umask set to `umask` when there is one.
fn review_with_umask(
    bin: &Path,
    uid: u32,
    gid: u32,
    umask: Option<libc::mode_t>,
    db: &Path,
    args: &[&str],
) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    // The binary was just copied: a child another test thread forks at that moment holds the
    // copy open for writing until it execs, and exec then fails with "text file busy".
    let mut tries = 0;
    let out = loop {
        let mut run = Command::new(bin);
        run.arg("review")
            .args(args)
            .arg("--review-db")
            .arg(db)
            .args(["--user", &format!("user{uid}")])
            .env_remove("FINDINGS_DATA")
            .uid(uid)
            .gid(gid);
        if let Some(mask) = umask {
            // SAFETY: umask is async-signal-safe and touches nothing but the child's umask.
            unsafe {
                run.pre_exec(move || {
                    libc::umask(mask);
                    Ok(())
                });
            }
        }
        let run = run.output();
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

/// Accounts in one group writing one team file at once, each command a findings of its own:
/// SQLite removes the -wal and -shm when the last connection closes and makes them anew at the
/// next opening — with a umask of 077, first private to their maker, then (a moment later) with
/// the database's mode. Neither is a reason to fail: every command succeeds and every note is
/// kept. (Needs root to act as several users; CI runs as root. The moments are short: this
/// finds them most runs, the test below every run.)
#[test]
fn accounts_writing_one_team_file_at_once_lose_nothing() {
    if !root() {
        eprintln!("not root: cannot act as two users");
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
    let writers: Vec<_> = [(12_001, 0o077), (12_002, 0o007), (12_003, 0o077)]
        .into_iter()
        .map(|(uid, umask)| {
            let (bin, db) = (bin.clone(), db.clone());
            std::thread::spawn(move || {
                let mut failed = Vec::new();
                let mut notes = Vec::new();
                for i in 0..300 {
                    let note = format!("user{uid} {i}");
                    let args: &[&str] = match (i % 3, i % 2) {
                        (0, _) => &["note", "exp-han-quoc", &note],
                        (1, 0) => &["star", "exp-han-quoc"],
                        (1, _) => &["star", "exp-han-quoc", "--off"],
                        _ => &["list"],
                    };
                    let (code, err) = review_with_umask(&bin, uid, group, Some(umask), &db, args);
                    if code != 0 {
                        failed.push(format!("user{uid} {args:?}: exit {code}: {err}"));
                    } else if i % 3 == 0 {
                        notes.push(note);
                    }
                }
                (failed, notes)
            })
        })
        .collect();
    let mut failed = Vec::new();
    let mut written = Vec::new();
    for w in writers {
        let (f, n) = w.join().unwrap();
        failed.extend(f);
        written.extend(n);
    }
    assert!(
        failed.is_empty(),
        "{} failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    let kept: Vec<String> = Store::at(&db)
        .get("exp-han-quoc")
        .unwrap()
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert_eq!(written.len(), 300);
    for note in &written {
        assert!(kept.contains(note), "{note} was saved and is lost");
    }
}

/// The moments of the test above, made long: a teammate's findings has just made the database,
/// or its -wal and -shm, and not yet given them their mode (private to their maker, under a
/// umask of 077). Writing and reading wait for it, and succeed.
#[test]
fn a_file_a_teammate_is_making_is_waited_for() {
    if !root() {
        eprintln!("not root: cannot act as two users");
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
    // `files`, made by user 12002 and private, are given the team's mode while user 12001 runs
    // `args` — a moment after it started (kept just made until then), or after it ended.
    let made_while = |files: &[std::path::PathBuf], args: &[&str]| {
        for f in files {
            if !f.exists() {
                std::fs::write(f, b"").unwrap();
            }
            chown(f, Some(12_002), Some(group)).unwrap();
        }
        let private = || {
            for f in files {
                std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
        };
        private();
        let (bin, db, args) = (bin.clone(), db.clone(), args.iter().map(|a| a.to_string()));
        let args: Vec<String> = args.collect();
        let lan = std::thread::spawn(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            review_as(&bin, 12_001, group, &db, &args)
        });
        let start = Instant::now();
        while !lan.is_finished() && start.elapsed() < Duration::from_millis(300) {
            std::thread::sleep(Duration::from_millis(20));
            private();
        }
        for f in files {
            std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o660)).unwrap();
        }
        lan.join().unwrap()
    };
    // The database itself, just made.
    let (code, err) = made_while(
        std::slice::from_ref(&db),
        &["note", "exp-han-quoc", "lan's"],
    );
    assert_eq!(code, 0, "the database being made: {err}");
    // Its -wal and -shm (the database closed by all, so they were removed).
    let sidecars = [sidecar(&db, "-wal"), sidecar(&db, "-shm")];
    assert!(!sidecars[0].exists());
    let (code, err) = made_while(&sidecars, &["star", "exp-han-quoc"]);
    assert_eq!(code, 0, "writing while the -wal and -shm are made: {err}");
    // Removed by the last connection to close, as SQLite does.
    assert!(!sidecars[0].exists() && !sidecars[1].exists());
    let (code, err) = made_while(&sidecars, &["list"]);
    assert_eq!(code, 0, "reading while the -wal and -shm are made: {err}");
    let review = Store::at(&db).get("exp-han-quoc").unwrap();
    assert!(review.starred);
    assert_eq!(review.notes.len(), 1);
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
    // Within the note limit (64 KiB), beyond the file size limit below.
    let big = "x".repeat(60 * 1024);
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
                rlim_cur: 48 * 1024,
                rlim_max: 48 * 1024,
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

/// The store is a shared file anyone in the group may write (with `sqlite3` by hand, too): what is
/// read from it reaches the screen without a control character (docs/safety.md, "Data from files").
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

/// One change to a record, by a user, for the star-then-mark orders.
#[derive(Clone, Copy, Debug)]
enum Step {
    Star(bool, &'static str),
    Mark(Status, &'static str),
}

/// Every order of star, mark, unstar and mark again, by two users, each on its own record of
/// one file: the store shows what was done last, whatever came first (a record starred before
/// it was ever marked has a row with no status, which marking once failed to read).
#[test]
fn star_mark_and_unstar_in_every_order_by_two_users() {
    let steps = [
        Step::Star(true, "lan"),
        Step::Mark(Status::Reviewed, "minh"),
        Step::Star(false, "minh"),
        Step::Mark(Status::ToApply, "lan"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orders.db");
    // Two users, two connections: as two people with findings open.
    let mut stores = [Store::at(&db), Store::at(&db)];
    let mut orders = Vec::new();
    permutations(&mut steps.to_vec(), 0, &mut orders);
    assert_eq!(orders.len(), 24);
    for (n, order) in orders.iter().enumerate() {
        // Each prefix too: star alone, star then mark, …
        for len in 1..=order.len() {
            let record = format!("r{n}-{len}");
            let (mut status, mut set_by, mut starred) = (Status::Unreviewed, None, false);
            for step in &order[..len] {
                match *step {
                    Step::Star(on, user) => {
                        stores[usize::from(user == "minh")]
                            .star(&record, on, user)
                            .unwrap_or_else(|e| {
                                panic!("{order:?} to {len}: {e}");
                            });
                        starred = on;
                    }
                    Step::Mark(to, user) => {
                        stores[usize::from(user == "minh")]
                            .mark(&record, to, user)
                            .unwrap_or_else(|e| {
                                panic!("{order:?} to {len}: {e}");
                            });
                        (status, set_by) = (to, Some(user.to_owned()));
                    }
                }
            }
            for reader in &mut stores {
                let review = reader.get(&record).unwrap();
                assert_eq!(
                    (review.status(), review.set_by.clone(), review.starred),
                    (status, set_by.clone(), starred),
                    "{order:?} to {len}"
                );
            }
        }
    }
    // The history of each record runs from unreviewed through each mark.
    let history = stores[0].history().unwrap();
    for change in &history {
        let earlier: Vec<_> = history
            .iter()
            .filter(|c| c.record == change.record)
            .take_while(|c| !std::ptr::eq(*c, change))
            .collect();
        let from = earlier.last().map_or(Status::Unreviewed, |c| c.to);
        assert_eq!(change.from, from, "{change:?}");
    }
}

fn permutations(items: &mut Vec<Step>, k: usize, out: &mut Vec<Vec<Step>>) {
    if k == items.len() {
        out.push(items.clone());
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permutations(items, k + 1, out);
        items.swap(k, i);
    }
}

/// The repro from the command line: star, mark, unstar, mark again by another user; `review
/// list` shows each step.
#[test]
fn star_then_mark_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let listed = |db: &Path| {
        let (code, out, err) = review(db, "lan", &["list", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let all: serde_json::Value = serde_json::from_str(&out).unwrap();
        let korea = all
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "exp-han-quoc")
            .cloned()
            .unwrap();
        (
            korea["status"].clone(),
            korea["starred"].clone(),
            korea["set_by"].clone(),
        )
    };
    let (code, _, err) = review(&db, "lan", &["star", "exp-han-quoc"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = review(&db, "lan", &["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 0, "star then mark: {err}");
    assert!(out.contains("reviewed (by lan)"), "{out}");
    assert_eq!(listed(&db), ("reviewed".into(), true.into(), "lan".into()));
    let (code, _, err) = review(&db, "minh", &["star", "exp-han-quoc", "--off"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = review(&db, "minh", &["mark", "exp-han-quoc", "to-apply"]);
    assert_eq!(code, 0, "unstar then mark: {err}");
    assert_eq!(
        listed(&db),
        ("to-apply".into(), false.into(), "minh".into())
    );
    // Unstarred before ever being marked, then marked.
    let (code, _, err) = review(&db, "minh", &["star", "exp-chinh-sach-dac-thu", "--off"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = review(&db, "lan", &["mark", "exp-chinh-sach-dac-thu", "reviewed"]);
    assert_eq!(code, 0, "star --off then mark: {err}");
}

/// A file the earlier findings wrote, with a starred record's row holding no status: marking
/// it works, and the history says it was unreviewed.
#[test]
fn rows_without_a_status_from_an_earlier_findings_can_be_marked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    Store::at(&db)
        .mark("exp-chinh-sach-dac-thu", Status::Reviewed, "lan")
        .unwrap();
    {
        // What `star` wrote for a record never marked: its row, no status.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "INSERT INTO marks (record_id, starred) VALUES ('exp-han-quoc', 1);
             INSERT INTO star_history (record_id, user, at, starred)
                 VALUES ('exp-han-quoc', 'lan', '2024-05-01T08:00:00.000Z', 1);",
        )
        .unwrap();
    }
    let (code, _, err) = review(&db, "minh", &["mark", "exp-han-quoc", "to-apply"]);
    assert_eq!(code, 0, "{err}");
    let review = Store::at(&db).get("exp-han-quoc").unwrap();
    assert_eq!((review.status(), review.starred), (Status::ToApply, true));
    let last = Store::at(&db).history().unwrap().pop().unwrap();
    assert_eq!((last.from, last.to), (Status::Unreviewed, Status::ToApply));
}

/// Rows written by hand (`sqlite3`) with values of the wrong type: each is said once, naming
/// the table, the row and the column; the rest of the store reads, and writes go on.
#[test]
fn values_of_the_wrong_type_are_skipped_with_a_warning_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut store = Store::at(&db);
    store.mark("exp-han-quoc", Status::Reviewed, "lan").unwrap();
    store
        .add_note("exp-han-quoc", "a good note", "lan")
        .unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "INSERT INTO marks (rowid, record_id, status, starred)
                 VALUES (40, 'exp-chinh-sach-dac-thu', 'to-apply', 'yes');
             INSERT INTO marks (rowid, record_id, starred) VALUES (41, NULL, 1);
             INSERT INTO marks (rowid, record_id, set_by, starred) VALUES (42, X'00ff', 'x', 0);
             INSERT INTO marks (rowid, record_id, status, set_at)
                 VALUES (43, 'exp-mo-hinh-sinh-ke', 'done', X'01');
             INSERT INTO notes (id, record_id, author, created_at, text)
                 VALUES (50, 'exp-han-quoc', X'41', 'now', 'a note by a blob');
             INSERT INTO notes (id, record_id, author, created_at, text)
                 VALUES (51, 'exp-han-quoc', 'minh', 'now', X'4142');
             INSERT INTO status_history (id, record_id, user, at, from_status, to_status)
                 VALUES (60, 'exp-han-quoc', 'minh', 'now', 'reviewed', X'00');",
        )
        .unwrap();
    }
    let mut reader = Store::at(&db);
    let all = reader.all().unwrap();
    assert_eq!(all["exp-han-quoc"].status(), Status::Reviewed);
    let notes: Vec<&str> = all["exp-han-quoc"]
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(
        notes,
        ["a good note"],
        "the notes with a blob author or text are skipped"
    );
    // A bad star is ignored, the row's status kept; an unknown status is ignored.
    let special = &all["exp-chinh-sach-dac-thu"];
    assert_eq!(
        (special.status(), special.starred),
        (Status::ToApply, false)
    );
    assert_eq!(all["exp-mo-hinh-sinh-ke"].status(), Status::Unreviewed);
    assert_eq!(
        all.len(),
        3,
        "the rows without a record id are skipped: {all:?}"
    );
    assert_eq!(reader.history().unwrap().len(), 1);
    let warnings = reader.take_warnings();
    let expected = [
        "table marks, row 40, column starred: text where 0 or 1 belongs; the value is ignored",
        "table marks, row 41, column record_id: NULL where text belongs; the row is skipped",
        "table marks, row 42, column record_id: a blob where text belongs; the row is skipped",
        "table marks, row 43, column status: an unknown status where",
        "table marks, row 43, column set_at: a blob where text or nothing belongs",
        "table notes, row 50, column author: a blob where text belongs; the row is skipped",
        "table notes, row 51, column text: a blob where text belongs; the row is skipped",
        "table status_history, row 60, column to_status: a blob",
    ];
    for e in expected {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(e) && w.contains("team.db")),
            "{e}\nnot in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    // Said once.
    reader.all().unwrap();
    assert!(reader.take_warnings().is_empty());
    // The command line: warnings on stderr, once, and the command works.
    let (code, out, err) = review(&db, "lan", &["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("exp-han-quoc"));
    assert_eq!(err.matches("row 40, column starred").count(), 1, "{err}");
    assert!(err.starts_with("findings: warning: "), "{err}");
    for args in [
        &["mark", "exp-chinh-sach-dac-thu", "reviewed"][..],
        &["star", "exp-chinh-sach-dac-thu"],
        &["note", "exp-han-quoc", "written after"],
        &["stats"],
    ] {
        let (code, _, err) = review(&db, "minh", args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let special = reader.get("exp-chinh-sach-dac-thu").unwrap();
    assert_eq!(
        (special.status(), special.starred),
        (Status::Reviewed, true)
    );
}

/// A file of ours whose `user_version` went back to 0 (reset by hand, or a copy through a tool
/// that drops it): adopted, nothing lost — not "table marks already exists".
#[test]
fn a_file_of_ours_at_version_zero_is_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reset.db");
    Store::at(&db)
        .add_note("exp-han-quoc", "kept", "lan")
        .unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0")
        .unwrap();
    let (code, _, err) = review(&db, "minh", &["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 0, "{err}");
    let review = Store::at(&db).get("exp-han-quoc").unwrap();
    assert_eq!(review.status(), Status::Reviewed);
    assert_eq!(review.notes[0].text, "kept");
    let version: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

/// A file with only some of our tables (made by hand, or by a findings stopped midway): the
/// rest are made, what is there is kept.
#[test]
fn a_half_made_file_is_finished() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("half.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE marks (record_id TEXT PRIMARY KEY, status TEXT, set_by TEXT,
                 set_at TEXT, starred INTEGER NOT NULL DEFAULT 0);
             INSERT INTO marks VALUES ('exp-han-quoc', 'to-apply', 'lan', 'then', 1);",
        )
        .unwrap();
    let (code, _, err) = review(&db, "minh", &["note", "exp-han-quoc", "after"]);
    assert_eq!(code, 0, "{err}");
    let review = Store::at(&db).get("exp-han-quoc").unwrap();
    assert_eq!((review.status(), review.starred), (Status::ToApply, true));
    assert_eq!(review.notes.len(), 1);
}

/// Someone else's SQLite database given as the review file: refused, byte for byte untouched —
/// whether it has nothing of ours, or a table of one of our names made otherwise.
#[test]
fn a_foreign_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql, says) in [
        (
            "shop.db",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
             CREATE TABLE orders (id INTEGER PRIMARY KEY, user INTEGER);
             INSERT INTO users VALUES (1, 'an');",
            "it holds other tables: ",
        ),
        (
            "notes.db",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes VALUES (1, 'mine');",
            "its table notes has no column record_id",
        ),
        (
            // Ours but for a key that may hold text: no reading could place the note 'abc'.
            "untyped.db",
            "CREATE TABLE marks (record_id TEXT PRIMARY KEY, status TEXT, set_by TEXT,
                 set_at TEXT, starred INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE status_history (id INTEGER PRIMARY KEY, record_id, user, at,
                 from_status, to_status);
             CREATE TABLE star_history (id INTEGER PRIMARY KEY, record_id, user, at, starred);
             CREATE TABLE notes (id PRIMARY KEY, record_id, author, created_at, edited_at, text);
             CREATE TABLE note_history (id INTEGER PRIMARY KEY, note_id, text, replaced_at,
                 replaced_by);
             PRAGMA user_version = 1;
             INSERT INTO notes VALUES ('abc', 'exp-han-quoc', 'lan', 'now', NULL, 'hi');",
            "its table notes is keyed by an id that is not an INTEGER PRIMARY KEY",
        ),
    ] {
        let db = dir.path().join(name);
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        let before = std::fs::read(&db).unwrap();
        let (code, _, err) = review(&db, "lan", &["mark", "exp-han-quoc", "reviewed"]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(
            err.contains(says) && err.contains("left untouched") && err.contains(name),
            "{name}: {err}"
        );
        let (code, _, err) = review(&db, "lan", &["list"]);
        assert_eq!(code, 1, "{name}: {err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{name} was changed");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with(name) && n != name)
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

/// A folder given as the review file says so; a truncated database says it is damaged and
/// what to do; a path with control characters is shown without them.
#[test]
fn messages_for_a_folder_a_damaged_file_and_a_strange_path() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reviews\u{1b}]0;owned\u{7}");
    std::fs::create_dir(&folder).unwrap();
    for err in [
        Store::at(&folder).all().unwrap_err().to_string(),
        Store::at(&folder)
            .mark("x", Status::Reviewed, "lan")
            .unwrap_err()
            .to_string(),
        review(&folder, "lan", &["mark", "exp-han-quoc", "reviewed"]).2,
    ] {
        assert!(err.contains("is a folder, not a review database"), "{err}");
        assert!(!err.contains("check that its folder exists"), "{err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}') && err.contains("reviews␛]0;owned␇"),
            "{err:?}"
        );
    }
    let db = dir.path().join("cut.db");
    let mut store = Store::at(&db);
    for i in 0..300 {
        let text = format!("note {i} {}", "x".repeat(500));
        store.add_note("exp-han-quoc", &text, "lan").unwrap();
    }
    drop(store);
    let len = std::fs::metadata(&db).unwrap().len();
    assert!(!Path::new(&format!("{}-wal", db.display())).exists());
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let (code, _, err) = review(&db, "lan", &["list"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cut.db") && err.contains("damaged") && err.contains("backup"),
        "{err}"
    );
}

/// A folder of one's own (as user `uid`) in a folder everyone can enter, with the binary.
fn own_folder(uid: u32) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = shared_binary(dir.path());
    let home = dir.path().join("own");
    std::fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(uid), Some(uid)).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    (dir, bin, home.join("review.db"))
}

fn sidecar(db: &Path, suffix: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}{suffix}", db.display()))
}

/// Reading a review file one cannot write (made read-only with chmod 444) leaves no read-only
/// -wal and -shm behind, so after chmod 644 its owner writes again. (Root writes anything: the
/// test acts as an ordinary user.)
#[test]
fn reading_a_read_only_file_leaves_nothing_that_locks_writers_out() {
    if !root() {
        eprintln!("not root: cannot act as another user");
        return;
    }
    let (_dir, bin, db) = own_folder(12_001);
    let me = |args: &[&str]| review_as(&bin, 12_001, 12_001, &db, args);
    let (code, err) = me(&["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 0, "{err}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, err) = me(&["stats"]);
    assert_eq!(code, 0, "reading a read-only file: {err}");
    for suffix in ["-wal", "-shm"] {
        assert!(!sidecar(&db, suffix).exists(), "{suffix} left behind");
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, err) = me(&["mark", "exp-han-quoc", "to-apply"]);
    assert_eq!(code, 0, "writing after chmod 644: {err}");
    assert_eq!(
        Store::at(&db).get("exp-han-quoc").unwrap().status(),
        Status::ToApply
    );
}

/// Read-only -wal and -shm of one's own, left by an earlier findings's reading: made writable
/// again (changing a file's mode disturbs nobody who has it open), and the write goes through.
#[test]
fn read_only_leftovers_of_ones_own_are_made_writable_again() {
    if !root() {
        eprintln!("not root: cannot act as another user");
        return;
    }
    let (_dir, bin, db) = own_folder(12_001);
    let me = |args: &[&str]| review_as(&bin, 12_001, 12_001, &db, args);
    let (code, err) = me(&["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 0, "{err}");
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(&db, suffix);
        std::fs::write(&side, b"").unwrap();
        std::os::unix::fs::chown(&side, Some(12_001), Some(12_001)).unwrap();
        std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    let (code, err) = me(&["mark", "exp-han-quoc", "to-apply"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        Store::at(&db).get("exp-han-quoc").unwrap().status(),
        Status::ToApply
    );
}

/// Read-only -wal and -shm of a teammate's, in a team folder: the writer is told which file,
/// whose, and exactly what to do; doing it works.
#[test]
fn read_only_leftovers_of_a_teammate_are_explained() {
    if !root() {
        eprintln!("not root: cannot act as two users");
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
    let lan = |args: &[&str]| review_as(&bin, 12_001, group, &db, args);
    let (code, err) = lan(&["note", "exp-han-quoc", "lan's"]);
    assert_eq!(code, 0, "{err}");
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(&db, suffix);
        std::fs::write(&side, b"").unwrap();
        chown(&side, Some(12_002), Some(group)).unwrap();
        std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let (code, err) = lan(&["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 1, "{err}");
    for said in [
        "review.db-shm is read-only for you (it belongs to user 12002",
        "or remove",
        "review.db-wal when nobody has findings open on the database",
        "chmod --reference=",
    ] {
        assert!(err.contains(said), "{said:?} not in {err}");
    }
    // Whether anybody has it open cannot be known for sure (the -shm may be unreadable, a
    // process may be about to open it): never claimed.
    assert!(!err.contains("nobody on this machine"), "{err}");
    // Reading still works meanwhile.
    let (code, err) = lan(&["stats"]);
    assert_eq!(code, 0, "{err}");
    {
        // While another process has the database open, removing the files would break it:
        // the message says who has it open, and to wait. (Here the lock SQLite holds on the
        // -shm while a connection uses it: a read lock on its byte 128.)
        use std::os::fd::AsRawFd;
        let shm = std::fs::File::open(sidecar(&db, "-shm")).unwrap();
        // SAFETY: a zeroed flock is valid; fcntl only reads it; the descriptor is open.
        let mut lock: libc::flock = unsafe { std::mem::zeroed() };
        lock.l_type = libc::F_RDLCK as libc::c_short;
        lock.l_whence = libc::SEEK_SET as libc::c_short;
        lock.l_start = 128;
        lock.l_len = 1;
        assert_eq!(
            unsafe { libc::fcntl(shm.as_raw_fd(), libc::F_SETLK, &lock) },
            0
        );
        let (code, err) = lan(&["mark", "exp-han-quoc", "reviewed"]);
        assert_eq!(code, 1, "{err}");
        let said = format!("process {} has the database open now", std::process::id());
        assert!(
            err.contains(&said) && err.contains("do not remove"),
            "{err}"
        );
    }
    for suffix in ["-wal", "-shm"] {
        std::fs::remove_file(sidecar(&db, suffix)).unwrap();
    }
    let (code, err) = lan(&["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 0, "{err}");
}

/// A note longer than NOTE_LIMIT is refused with a message naming the limit; one at the limit
/// is taken; an edit is held to the same limit.
#[test]
fn notes_longer_than_the_limit_are_refused() {
    use findings::model::review::NOTE_LIMIT;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = Store::at(&db);
    let err = store
        .add_note("x", &"a".repeat(NOTE_LIMIT + 1), "lan")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("64 KiB") && err.contains("nothing was saved"),
        "{err}"
    );
    assert!(!db.exists(), "nothing written, not even the file");
    // Vietnamese counts in bytes of UTF-8: "ệ" is three.
    let at_limit = "ệ".repeat(NOTE_LIMIT / 3) + &"a".repeat(NOTE_LIMIT % 3);
    assert_eq!(at_limit.len(), NOTE_LIMIT);
    let id = store.add_note("x", &at_limit, "lan").unwrap();
    let err = store
        .edit_note(id, &format!("{at_limit}ệ"), "lan")
        .unwrap_err()
        .to_string();
    assert!(err.contains("64 KiB"), "{err}");
    assert_eq!(store.get("x").unwrap().notes[0].text, at_limit);
}

/// `review note ID - < /dev/zero` reads no more than a note may hold, says so, and writes
/// nothing (it once grew to gigabytes).
#[test]
fn a_note_from_an_endless_standard_input_is_refused_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_findings"))
        .arg("--review-db")
        .arg(&db)
        .args(["--user", "lan", "review", "note", "exp-han-quoc", "-"])
        .env_remove("FINDINGS_DATA")
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Not a timing assertion: a guard, so that a regression fails instead of filling the disk.
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("still reading /dev/zero after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("longer than 64 KiB (65536 bytes)") && err.contains("nothing was saved"),
        "{err}"
    );
    assert!(!db.exists());
}

/// A note longer than the limit already in the file (written with `sqlite3`): read cut, with a
/// marker that says so, and small enough to be edited and saved again.
#[test]
fn an_over_long_note_in_the_file_is_read_cut_with_a_marker() {
    use findings::model::review::NOTE_LIMIT;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let mut store = Store::at(&db);
    store.add_note("x", "short", "lan").unwrap();
    let huge = "Đắk Nông ".repeat(300_000);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO notes (record_id, author, created_at, text) VALUES ('x', 'minh', 'now', ?1)",
            [&huge],
        )
        .unwrap();
    for notes in [store.get("x").unwrap().notes, {
        let mut reader = Store::at(&db);
        reader.refresh().unwrap();
        reader.reviews()["x"].notes.clone()
    }] {
        let long = &notes[1];
        assert!(long.text.len() <= NOTE_LIMIT, "{}", long.text.len());
        assert!(long.text.starts_with("Đắk Nông Đắk Nông"));
        let marker = format!(
            "\n[… cut: this note is {:.1} MiB in the review file; findings shows its first 64 KiB]",
            huge.len() as f64 / (1024.0 * 1024.0)
        );
        assert!(
            long.text.ends_with(&marker),
            "{}",
            &long.text[long.text.len() - 200..]
        );
        store.edit_note(long.id, &long.text, "minh").unwrap();
    }
}

/// Teammates' changes are read incrementally: after the first reading, only the marks and
/// notes that new history rows name — a store with a megabyte of notes is not read again for
/// each change (it once was, on every commit, in every teammate's TUI).
#[test]
fn teammates_changes_are_read_incrementally() {
    use findings::model::review::Reading;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut writer = Store::at(&db);
    for i in 0..16 {
        let text = format!("{i} {}", "n".repeat(64 * 1024 - 10));
        writer.add_note(&format!("r{i}"), &text, "lan").unwrap();
    }
    for i in 0..50 {
        writer
            .mark(&format!("r{i}"), Status::Reviewed, "lan")
            .unwrap();
    }
    let mut reader = Store::at(&db);
    assert!(reader.refresh().unwrap());
    assert_eq!(
        reader.last_reading(),
        Reading {
            full: true,
            rows: 66
        }
    );
    assert!(!reader.refresh().unwrap(), "nothing changed");
    assert_eq!(reader.last_reading().rows, 0);
    let expect = |reader: &mut Store, rows: u64| {
        assert!(reader.refresh().unwrap());
        assert_eq!(reader.last_reading(), Reading { full: false, rows });
        let whole = reader.all().unwrap();
        assert_eq!(reader.reviews(), &whole);
    };
    writer.mark("r3", Status::ToApply, "minh").unwrap();
    expect(&mut reader, 1);
    assert_eq!(reader.reviews()["r3"].status(), Status::ToApply);
    writer.star("r60", true, "minh").unwrap();
    expect(&mut reader, 1);
    assert!(reader.reviews()["r60"].starred);
    let id = writer.add_note("r1", "new", "minh").unwrap();
    expect(&mut reader, 1);
    writer.edit_note(id, "edited", "minh").unwrap();
    expect(&mut reader, 1);
    assert_eq!(reader.reviews()["r1"].notes[1].text, "edited");
    writer.mark("r4", Status::NotApplicable, "minh").unwrap();
    writer.star("r4", true, "minh").unwrap();
    writer.add_note("r5", "two at once", "minh").unwrap();
    expect(&mut reader, 2);
    // Its own writes: its data_version does not change, yet they are read.
    reader.mark("r7", Status::ToApply, "an").unwrap();
    expect(&mut reader, 1);
    assert_eq!(reader.reviews()["r7"].set_by.as_deref(), Some("an"));
}

/// When what changed cannot be told from the history — rows changed or deleted by hand, the
/// file replaced — the whole store is read again.
#[test]
fn the_whole_store_is_read_again_when_the_history_cannot_tell() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut writer = Store::at(&db);
    writer.mark("a", Status::Reviewed, "lan").unwrap();
    writer.add_note("a", "one", "lan").unwrap();
    writer.add_note("a", "two", "lan").unwrap();
    let mut reader = Store::at(&db);
    reader.refresh().unwrap();
    let by_hand = |sql: &str| {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(sql)
            .unwrap()
    };
    by_hand("UPDATE marks SET starred = 1");
    assert!(reader.refresh().unwrap());
    assert!(reader.last_reading().full);
    assert!(reader.reviews()["a"].starred);
    by_hand("DELETE FROM notes WHERE text = 'two'");
    assert!(reader.refresh().unwrap());
    assert!(reader.last_reading().full);
    assert_eq!(reader.reviews()["a"].notes.len(), 1);
    let whole = reader.all().unwrap();
    assert_eq!(reader.reviews(), &whole);
    // A backup put back in place (by rename) while this reader has the old file open: the
    // old file's -wal, which SQLite leaves, is not read as the new file's.
    drop(writer);
    let other = dir.path().join("backup.db");
    Store::at(&other)
        .mark("b", Status::ToApply, "minh")
        .unwrap();
    std::fs::rename(&other, &db).unwrap();
    assert!(reader.refresh().unwrap());
    assert!(reader.last_reading().full);
    let keys: Vec<&String> = reader.reviews().keys().collect();
    assert_eq!(keys, ["b"]);
    // And a write goes into the file now there, not the one replaced.
    reader.mark("c", Status::Reviewed, "an").unwrap();
    assert_eq!(Store::at(&db).get("c").unwrap().status(), Status::Reviewed);
}

/// Where the child of [`a_reader_who_cannot_write_follows_changes_and_leaves_nothing`] reads.
const READER_CHILD: &str = "FINDINGS_TEST_READER_DB";

/// A reader who cannot write the review file (another's, 0644, in a folder anyone can write)
/// follows the owner's changes — while nobody has the file open (read as a snapshot of the file
/// alone), and while the owner has it open (read beside the owner's -wal) — incrementally, and
/// never leaves a file of its own beside it that would lock the owner out. The reader is this
/// test binary run again as another user.
#[test]
fn a_reader_who_cannot_write_follows_changes_and_leaves_nothing() {
    use std::io::{BufRead, Write};
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    if let Some(db) = std::env::var_os(READER_CHILD) {
        return reader_child(Path::new(&db));
    }
    if !root() {
        eprintln!("not root: cannot act as two users");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = dir.path().join("reader");
    std::fs::copy(std::env::current_exe().unwrap(), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let open = dir.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = open.join("review.db");
    Store::at(&db).mark("a", Status::Reviewed, "owner").unwrap();
    std::os::unix::fs::chown(&db, Some(12_002), Some(12_002)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut tries = 0;
    let mut child = loop {
        let spawned = Command::new(&bin)
            .args([
                "--exact",
                "a_reader_who_cannot_write_follows_changes_and_leaves_nothing",
                "--nocapture",
            ])
            .env(READER_CHILD, &db)
            .uid(12_001)
            .gid(12_001)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        match spawned {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            other => break other.unwrap(),
        }
    };
    let mut to_child = child.stdin.take().unwrap();
    let mut from_child = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut step = |n: u32| {
        let line = from_child
            .find(|l| l.as_ref().map_or(true, |l| l.starts_with("STEP")))
            .and_then(Result::ok);
        assert_eq!(
            line,
            Some(format!("STEP {n}")),
            "the reader failed at step {n}"
        );
        let theirs: Vec<_> = std::fs::read_dir(&open)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.metadata().unwrap().uid() == 12_001)
            .map(|e| e.file_name())
            .collect();
        assert!(
            theirs.is_empty(),
            "after step {n}, the reader left {theirs:?}"
        );
    };
    // 1: the reader read it, as a snapshot.
    step(1);
    // 2: the owner wrote and closed it.
    Store::at(&db).mark("b", Status::Reviewed, "owner").unwrap();
    writeln!(to_child, "go").unwrap();
    step(2);
    // 3 and 4: the owner writes, keeping it open.
    let mut owner = Store::at(&db);
    owner.mark("c", Status::Reviewed, "owner").unwrap();
    writeln!(to_child, "go").unwrap();
    step(3);
    owner.mark("d", Status::Reviewed, "owner").unwrap();
    writeln!(to_child, "go").unwrap();
    step(4);
    drop(to_child);
    assert!(child.wait().unwrap().success());
    owner.mark("e", Status::Reviewed, "owner").unwrap();
    assert_eq!(owner.all().unwrap().len(), 5);
}

/// The reader's side: reads, says which step it is at, waits for the owner.
fn reader_child(db: &Path) {
    use std::io::BufRead;
    let mut store = Store::at(db);
    let mut input = std::io::stdin().lock().lines();
    for (n, record) in ["a", "b", "c", "d"].into_iter().enumerate() {
        if n > 0 {
            input.next();
        }
        assert!(store.refresh().unwrap(), "step {}", n + 1);
        assert!(store.reviews().contains_key(record), "step {}", n + 1);
        assert_eq!(store.reviews().len(), n + 1);
        // Only the first reading is whole.
        assert_eq!(store.last_reading().full, n == 0, "step {}", n + 1);
        println!("STEP {}", n + 1);
    }
}

/// A FIFO given as the review file is refused as what it is (SQLite said "disk I/O error … the
/// disk may be full"), and never read from (which could wait for ever).
#[test]
fn a_fifo_as_the_review_file_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("review.db");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo only reads the NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for args in [&["list"][..], &["mark", "exp-han-quoc", "reviewed"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_findings"))
            .arg("--review-db")
            .arg(&fifo)
            .args(["--user", "lan", "review"])
            .args(args)
            .env_remove("FINDINGS_DATA")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Not a timing assertion: a guard, so that a regression fails instead of hanging.
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("{args:?}: still waiting on the FIFO after a minute");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
}

/// A review database the user named (`--review-db`, `FINDINGS_REVIEW_DB`, the config file) in
/// a folder that does not exist — a typo in a team path — is refused with a message naming the
/// folder, and nothing is made: a private database there would take marks the team never sees.
/// Only the default location, `$XDG_DATA_HOME/findings`, is made when missing. Reading from
/// such a path is refused the same way.
#[test]
fn a_missing_folder_is_made_only_for_the_default_location() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("findings")).unwrap();
    let data = dir.path().join("data");
    let typo = dir.path().join("tema/a/b/review.db");
    let said = format!(
        "{}: the folder {} does not exist; check the path, or create the folder first",
        typo.display(),
        typo.parent().unwrap().display()
    );
    let run = |args: &[&str], env: Option<&Path>| {
        let mut cmd = common::findings();
        cmd.env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", &data)
            .env_remove("FINDINGS_REVIEW_DB")
            .args(["--user", "lan", "review"])
            .args(args);
        if let Some(db) = env {
            cmd.env("FINDINGS_REVIEW_DB", db);
        }
        let out = cmd.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = review(&typo, "lan", &["star", "exp-han-quoc"]);
    assert_eq!(code, 1, "--review-db: {err}");
    assert!(err.contains(&said), "--review-db: {err}");
    let (code, _, err) = run(&["note", "exp-han-quoc", "x"], Some(&typo));
    assert_eq!(code, 1, "FINDINGS_REVIEW_DB: {err}");
    assert!(err.contains(&said), "FINDINGS_REVIEW_DB: {err}");
    let toml = format!("review_db = {:?}\n", typo.to_str().unwrap());
    std::fs::write(config.join("findings/config.toml"), toml).unwrap();
    let (code, _, err) = run(&["mark", "exp-han-quoc", "reviewed"], None);
    assert_eq!(code, 1, "config: {err}");
    assert!(err.contains(&said), "config: {err}");
    assert!(!dir.path().join("tema").exists());
    // Reading is refused as well: a typo must not read as "nobody reviewed anything".
    for args in [&["stats"][..], &["list", "--status", "reviewed"]] {
        let (code, out, err) = run(args, None);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains(&said) && out.is_empty(),
            "{args:?}: {out} {err}"
        );
    }
    assert!(Store::at(&typo).all().is_err());
    assert!(!dir.path().join("tema").exists());
    // The default location, made with its folders.
    std::fs::remove_file(config.join("findings/config.toml")).unwrap();
    let (code, _, err) = run(&["star", "exp-han-quoc"], None);
    assert_eq!(code, 0, "the default location: {err}");
    let db = data.join("findings/review.db");
    assert!(Store::at(&db).get("exp-han-quoc").unwrap().starred);
    let mode = std::fs::metadata(data.join("findings"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
}

/// A symbolic link to nothing given as the review file (it said "permission denied") is
/// refused as what it is, to read or to write, and nothing is made where it points.
#[test]
fn a_dangling_symlink_as_the_review_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("moved.db");
    let link = dir.path().join("review.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let said = format!(
        "{}: a symbolic link to {}, which does not exist",
        link.display(),
        target.display()
    );
    for args in [&["star", "exp-han-quoc"][..], &["list"]] {
        let (code, _, err) = review(&link, "lan", args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains(&said), "{args:?}: {err}");
        assert!(!err.contains("permission denied"), "{args:?}: {err}");
    }
    let err = Store::at(&link)
        .mark("x", Status::Reviewed, "lan")
        .unwrap_err();
    assert!(err.to_string().contains(&said), "{err}");
    assert!(!target.exists());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

/// A symbolic link put where SQLite keeps its -wal (by someone who can write the folder) is
/// never followed: reading and writing are refused, saying which file and what to do, and the
/// file it points at is untouched.
#[test]
fn a_symlink_as_the_wal_is_refused_and_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    Store::at(&db)
        .mark("exp-han-quoc", Status::Reviewed, "lan")
        .unwrap();
    let target = dir.path().join("private.txt");
    std::fs::write(&target, "mine").unwrap();
    std::os::unix::fs::symlink(&target, sidecar(&db, "-wal")).unwrap();
    for args in [&["mark", "exp-han-quoc", "to-apply"][..], &["list"]] {
        let (code, _, err) = review(&db, "lan", args);
        assert_eq!(code, 1, "{args:?}: {err}");
        let said = format!(
            "{}-wal is a symbolic link, not a file SQLite made; it is left untouched — remove it \
             when nobody has findings open on the database",
            db.display()
        );
        assert!(err.contains(&said), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
}

/// Marking what is already so is no decision: an unreviewed record marked unreviewed, or my own
/// mark set again, adds nothing to the history (a report would count it); a teammate setting
/// the same status is one.
#[test]
fn a_mark_that_changes_nothing_is_not_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    let (mut lan, mut minh) = (Store::at(&db), Store::at(&db));
    lan.mark("x", Status::Unreviewed, "lan").unwrap();
    lan.mark("x", Status::ToApply, "lan").unwrap();
    lan.mark("x", Status::ToApply, "lan").unwrap();
    assert_eq!(lan.history().unwrap().len(), 1);
    minh.mark("x", Status::ToApply, "minh").unwrap();
    let history = minh.history().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].user, "minh");
    assert_eq!(minh.get("x").unwrap().status(), Status::ToApply);
}

/// A teammate removes the review file mid-session: the next reading says so (an error, which
/// the screen shows over the marks it has), and a mark is refused rather than quietly starting an empty file in its
/// place. A session started afresh begins a new one.
#[test]
fn a_review_file_removed_mid_session_is_said_and_not_replaced_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    let mut lan = Store::at(&db);
    lan.mark("x", Status::ToApply, "lan").unwrap();
    assert!(lan.refresh().unwrap());
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let said = lan.refresh().unwrap_err().0;
    assert!(said.contains("the review file is gone"), "{said}");
    let said = lan.mark("y", Status::Reviewed, "lan").unwrap_err().0;
    assert!(said.contains("the review file is gone"), "{said}");
    assert!(!db.exists(), "no empty file made in its place");
    Store::at(&db).mark("y", Status::Reviewed, "lan").unwrap();
    assert!(db.exists());
}

/// What a teammate who can write the shared folder may plant in the review file's place is
/// refused before SQLite opens anything: the database as a symbolic link (pointing at one's own
/// file, which would then be written), a FIFO as its -wal (which would hang every opening).
#[test]
fn links_and_fifos_planted_in_a_shared_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let mine = dir.path().join("mine.txt");
    std::fs::write(&mine, b"private").unwrap();
    let db = team.join("review.db");
    std::os::unix::fs::symlink(&mine, &db).unwrap();
    let (code, _, err) = review(&db, "an", &["mark", "exp-han-quoc", "reviewed"]);
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("symbolic link in a folder others can write"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&mine).unwrap(),
        b"private",
        "the link's target was written"
    );
    std::fs::remove_file(&db).unwrap();
    let (code, _, err) = review(&db, "an", &["mark", "exp-han-quoc", "reviewed"]);
    assert_eq!(code, 0, "{err}");
    let wal = team.join("review.db-wal");
    let _ = std::fs::remove_file(&wal);
    let fifo = std::ffi::CString::new(wal.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads the NUL-terminated path only.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o660) }, 0);
    let (code, _, err) = review(&db, "an", &["list"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("review.db-wal is not a regular file"), "{err}");
}
