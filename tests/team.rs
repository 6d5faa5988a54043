//! `findings team init`: the team's folder and review file set up so that every member of the
//! group writes, whoever made the `-wal` and `-shm`; and `findings doctor` on such a folder.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use findings::model::review::Store;

/// True when the tests run as root (as CI does): then they can act as other users.
fn root() -> bool {
    // SAFETY: geteuid only reads the process's user id.
    unsafe { libc::geteuid() == 0 }
}

/// A group the test may give a folder to: without root, one's own; as root, any but root's.
fn a_group() -> u32 {
    // SAFETY: getegid only reads the process's group id.
    match unsafe { libc::getegid() } {
        0 => 12_100,
        own => own,
    }
}

fn team_init(dir: &Path, group: Option<u32>) -> (i32, String, String) {
    let mut cmd = common::findings();
    cmd.args(["team", "init"]).arg(dir);
    if let Some(g) = group {
        cmd.args(["--group", &g.to_string()]);
    }
    let out = cmd.output().expect("run findings");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn team_init_prints_the_profile_line_alone_and_a_second_run_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("khảo sát");
    let group = a_group();
    let (code, out, err) = team_init(&team, Some(group));
    assert_eq!(code, 0, "{err}");
    let file = team.join("review.db");
    assert_eq!(
        out,
        format!("export FINDINGS_REVIEW_DB='{}'\n", file.to_string_lossy())
    );
    assert!(err.contains("drwxrws---"), "{err}");
    let folder = std::fs::metadata(&team).unwrap();
    assert_eq!((folder.gid(), folder.mode() & 0o7777), (group, 0o2770));
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!((meta.gid(), meta.mode() & 0o777), (group, 0o660));
    // Again, without --group: the folder's own group, nothing to change.
    let (code, again, err) = team_init(&team, None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(again, out);
    assert!(err.contains("nothing needed changing"), "{err}");
    // The doctor finds the folder right.
    let out = common::findings()
        .env("FINDINGS_REVIEW_DB", &file)
        .env("TERM", "xterm-256color")
        .env_remove("TMUX")
        .env_remove("STY")
        .arg("doctor")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("group-writable, setgid"), "{text}");
    assert!(text.contains("schema 1, current"), "{text}");
}

#[test]
fn team_init_refuses_an_unknown_group_and_root_s_group() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::findings();
    let out = cmd
        .args(["team", "init"])
        .arg(dir.path().join("t"))
        .args(["--group", "no-such-group-here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such group"));
    let (code, _, err) = team_init(&dir.path().join("t"), Some(0));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--group"), "{err}");
    assert!(!dir.path().join("t").exists());
}

/// The doctor's Done-when: a session with `LANG=C` and a team folder without the setgid bit:
/// both named, each with its fix, and a non-zero exit.
#[test]
fn doctor_names_a_c_locale_and_a_folder_without_setgid() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o770)).unwrap();
    let out = common::findings()
        .env("LANG", "C")
        .env_remove("LC_CTYPE")
        .env("TERM", "xterm-256color")
        .env("FINDINGS_REVIEW_DB", team.join("review.db"))
        .env("HOME", dir.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("TMUX")
        .env_remove("STY")
        .arg("doctor")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FAIL  locale: LANG=C is not UTF-8"), "{text}");
    assert!(text.contains("fix: export LANG=C.UTF-8"), "{text}");
    assert!(text.contains("has no setgid bit"), "{text}");
    assert!(
        text.contains(&format!("chmod g+s {}", team.display())),
        "{text}"
    );
    assert!(text.contains("2 problem(s)"), "{text}");
    // In Vietnamese too.
    let out = common::findings()
        .env("LANG", "C")
        .env_remove("LC_CTYPE")
        .env("FINDINGS_REVIEW_DB", team.join("review.db"))
        .env("HOME", dir.path())
        .args(["--lang", "vi", "doctor"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("không phải UTF-8"), "{text}");
    assert!(text.contains("không có bit setgid"), "{text}");
}

/// A config file that does not parse is one finding, not the end of the doctor.
#[test]
fn doctor_goes_on_past_a_broken_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("findings");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(config.join("config.toml"), "theme = 3\n").unwrap();
    let out = common::findings()
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .arg("doctor")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("does not parse"), "{text}");
    assert!(text.contains("data: 14 records"), "{text}");
}

/// A copy of the binary in a folder every user can read, for running it as another user.
fn shared_binary(dir: &Path) -> PathBuf {
    let bin = dir.join("findings");
    std::fs::copy(env!("CARGO_BIN_EXE_findings"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// `findings ARGS` as the user `uid` in the group `gid` (and no other), with the umask of an
/// ordinary login (022: a file SQLite makes would be 0644 but for the folder's mode).
fn as_user(bin: &Path, uid: u32, gid: u32, db: &Path, args: &[&str]) -> (i32, String, String) {
    use std::os::unix::process::CommandExt;
    let mut tries = 0;
    loop {
        let mut run = Command::new(bin);
        run.args(args)
            .env("FINDINGS_REVIEW_DB", db)
            .env_remove("FINDINGS_DATA")
            .env("USER", format!("user{uid}"))
            .env("HOME", "/nonexistent")
            .uid(uid)
            .gid(gid);
        // SAFETY: umask is async-signal-safe and touches nothing but the child's umask.
        unsafe {
            run.pre_exec(|| {
                libc::umask(0o022);
                Ok(())
            });
        }
        match run.output() {
            // The binary was just copied: a child another test forks may hold it open.
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => {
                let out = other.unwrap();
                return (
                    out.status.code().unwrap_or(-1),
                    String::from_utf8_lossy(&out.stdout).into_owned(),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                );
            }
        }
    }
}

/// Two Unix accounts in one group, as the Done-when has them: root runs `team init`
/// once, then each writes marks and notes to the file it made, and each sees the other's.
/// (Needs root to act as two users; CI runs as root.)
#[test]
fn two_accounts_in_one_group_share_the_file_team_init_made() {
    if !root() {
        eprintln!("not root: cannot act as two users; the mode tests above still run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = shared_binary(dir.path());
    let team = dir.path().join("srv-findings");
    let group = 12_200;
    let (code, out, err) = team_init(&team, Some(group));
    assert_eq!(code, 0, "{err}");
    let db = team.join("review.db");
    assert!(out.contains(&db.to_string_lossy().into_owned()));
    let (lan, minh) = (12_201, 12_202);
    let steps: [(u32, &[&str]); 4] = [
        (lan, &["review", "mark", "exp-han-quoc", "to-apply"]),
        (
            minh,
            &["review", "note", "exp-han-quoc", "Liên hệ Sở Đắk Nông"],
        ),
        (
            minh,
            &["review", "mark", "exp-chinh-sach-dac-thu", "reviewed"],
        ),
        (lan, &["review", "star", "exp-chinh-sach-dac-thu"]),
    ];
    for (uid, args) in steps {
        let (code, _, err) = as_user(&bin, uid, group, &db, args);
        assert_eq!(code, 0, "user {uid} {args:?}: {err}");
    }
    // Each sees the other's marks and notes.
    for uid in [lan, minh] {
        let (code, out, err) = as_user(
            &bin,
            uid,
            group,
            &db,
            &["review", "list", "--format", "json"],
        );
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let by_id = |id: &str| {
            v.as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .cloned()
                .unwrap_or_else(|| panic!("{id} missing for user {uid}: {out}"))
        };
        let korea = by_id("exp-han-quoc");
        assert_eq!(korea["status"], "to-apply");
        assert_eq!(korea["set_by"], "user12201");
        let policy = by_id("exp-chinh-sach-dac-thu");
        assert_eq!(policy["set_by"], "user12202");
        assert_eq!(policy["starred"], true);
    }
    let notes = Store::at(&db).get("exp-han-quoc").unwrap().notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].author, "user12202");
    // Whatever is in the folder now is the group's and group-writable: the -wal trap is shut.
    for entry in std::fs::read_dir(&team).unwrap() {
        let meta = entry.as_ref().unwrap().metadata().unwrap();
        assert_eq!(meta.gid(), group, "{:?}", entry.unwrap().path());
        assert_eq!(meta.mode() & 0o060, 0o060);
    }
    // And the doctor, as a member, finds nothing wrong with the review file.
    let (_, out, _) = as_user(&bin, minh, group, &db, &["doctor"]);
    assert!(out.contains("review file: the team folder"), "{out}");
    assert!(
        !out.lines()
            .any(|l| l.starts_with("FAIL") && l.contains("review file")),
        "{out}"
    );
}
