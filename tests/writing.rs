//! Every file findings writes (exports, review reports) goes through one writer: whole or not
//! at all, never through a link a teammate planted, never over what is not a regular file, in
//! a folder that exists, with the mode the file had, and nothing left behind by a killed write.

mod common;

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn run(args: &[&str]) -> (i32, String) {
    let out = common::findings()
        .args(args)
        .output()
        .expect("run findings");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The names in `dir` that are temporary files of a write (today's and the old ones).
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".findings-tmp"))
        .collect()
}

fn root() -> bool {
    // SAFETY: geteuid only reads the process's user id.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn a_device_is_never_replaced_not_even_with_force() {
    let before = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(before.file_type().is_char_device());
    for force in [&[][..], &["--force"][..]] {
        let mut args = vec!["export", "--format", "md", "-o", "/dev/null"];
        args.extend_from_slice(force);
        let (code, err) = run(&args);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("/dev/null: is a device"), "{err}");
        let mut args = vec!["review", "export", "-o", "/dev/null"];
        args.extend_from_slice(force);
        let (code, err) = run(&args);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("is a device"), "{err}");
    }
    let after = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(after.file_type().is_char_device());
    assert_eq!((after.ino(), after.rdev()), (before.ino(), before.rdev()));
}

#[test]
fn a_fifo_is_never_opened_or_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    // Opening a FIFO for writing would wait for a reader forever: the test would hang.
    let (code, err) = run(&[
        "export",
        "--format",
        "md",
        "--force",
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is a named pipe"), "{err}");
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn a_symbolic_link_is_refused_even_dangling_and_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.txt");
    std::fs::write(&mine, "mine").unwrap();
    let link = dir.path().join("report.md");
    std::os::unix::fs::symlink(&mine, &link).unwrap();
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink(dir.path().join("made-by-the-export"), &dangling).unwrap();
    for path in [&link, &dangling] {
        for force in [false, true] {
            let mut args = vec!["export", "--format", "md", "-o", path.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            let (code, err) = run(&args);
            assert_eq!(code, 1, "{err}");
            assert!(err.contains("is a symbolic link"), "{err}");
            assert!(err.contains("--force does not change that"), "{err}");
        }
    }
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    assert!(!dir.path().join("made-by-the-export").exists());
}

#[test]
fn a_replaced_file_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o600)).unwrap();
    let path = report.to_str().unwrap();
    let mode = || std::fs::metadata(&report).unwrap().permissions().mode() & 0o777;
    let (code, err) = run(&["export", "--format", "md", "--force", "-o", path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(), 0o600);
    let (code, err) = run(&["review", "export", "--force", "-o", path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(), 0o600);
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .starts_with("# Review"));
}

#[test]
fn missing_folders_are_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("typo").join("report.md");
    for args in [
        &["export", "--format", "md", "-o", out.to_str().unwrap()][..],
        &["review", "export", "-o", out.to_str().unwrap()][..],
    ] {
        let (code, err) = run(args);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("typo does not exist"), "{err}");
    }
    assert!(!dir.path().join("typo").exists());
}

#[test]
fn a_relative_name_is_written_in_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::findings()
        .current_dir(dir.path())
        .args(["export", "--format", "csv", "-o", "report.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(dir.path().join("report.csv").is_file());
    assert!(temps(dir.path()).is_empty());
}

/// `review export -o` keeps an existing file, as `export -o` does, unless `--force`.
#[test]
fn a_review_report_replaces_a_file_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("review.md");
    std::fs::write(&out, "keep me").unwrap();
    let path = out.to_str().unwrap();
    let (code, err) = run(&["review", "export", "-o", path]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the file exists; use --force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let (code, err) = run(&["review", "export", "-o", path, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("# Review"));
}

/// A write past the file size limit (`ulimit -f`) fails with a message, not the signal that
/// would kill the process midway (findings ignores SIGXFSZ), and leaves no file behind. A
/// temporary file a killed writer left (one no living writer holds locked) is removed by the
/// next write of the same file.
#[test]
fn a_write_past_the_size_limit_or_killed_midway_leaves_nothing() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    let mut limited = Command::new(env!("CARGO_BIN_EXE_findings"));
    limited
        .args(["export", "--format", "md", "-o"])
        .arg(&report)
        .env_remove("FINDINGS_DATA")
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; the child only lowers its own limits.
    unsafe {
        limited.pre_exec(|| {
            let size = libc::rlimit {
                rlim_cur: 1000,
                rlim_max: 1000,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &size);
            Ok(())
        });
    }
    let out = limited.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert!(!report.exists(), "a reader never sees half a file");
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    // What a writer killed midway leaves: its temporary file, unlocked.
    let left = dir.path().join(".report.md.Ab3dE5gH.findings-tmp");
    std::fs::write(&left, "# Review, half").unwrap();
    assert_eq!(temps(dir.path()).len(), 1);
    let (code, err) = run(&["export", "--format", "md", "-o", report.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    assert!(std::fs::read_to_string(&report).unwrap().ends_with('\n'));
}

/// A copy of the binary in a folder every user can read, for running it as another user.
fn shared_binary(dir: &Path) -> PathBuf {
    let bin = dir.join("findings");
    std::fs::copy(env!("CARGO_BIN_EXE_findings"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// `findings ARGS` as the user `uid` in the group `gid`, at home in `home`.
fn as_user(bin: &Path, uid: u32, gid: u32, home: &Path, args: &[&str]) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let mut tries = 0;
    let out = loop {
        // The binary was just copied: a child another test thread forks at that moment holds
        // the copy open for writing until it execs, and exec then fails with "text file busy".
        let run = Command::new(bin)
            .args(args)
            .env_remove("FINDINGS_DATA")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("FINDINGS_REVIEW_DB", home.join("review.db"))
            .current_dir(home)
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

/// The pids the next processes will get, from a process started now: the names the old
/// writer used for its temporary files (`PATH.<pid>.findings-tmp`) were these.
fn next_pids(count: u32) -> Vec<u32> {
    let now = Command::new("true").spawn().unwrap();
    let first = now.id();
    let mut child = now;
    child.wait().unwrap();
    let max: u32 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(4_194_304);
    (1..=count).map(|i| (first + i) % max).collect()
}

/// User B plants symbolic links in the team's setgid folder — at the names the old writer's
/// temporary files would have for the next pids, and at the target itself — pointing at user
/// A's private file. A exports into the folder, with and without `--force`, and writes the
/// review report there: A's private file is never written.
#[test]
fn a_teammate_cannot_make_my_export_overwrite_my_private_file() {
    if !root() {
        eprintln!("not root: cannot act as two users");
        return;
    }
    use std::os::unix::fs::{chown, lchown, symlink};
    let (a, b, group) = (12_201, 12_202, 12_300);
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = shared_binary(dir.path());
    let home = dir.path().join("home-a");
    std::fs::create_dir(&home).unwrap();
    chown(&home, Some(a), Some(a)).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    let private = home.join("private.txt");
    std::fs::write(&private, "A's private notes\n").unwrap();
    chown(&private, Some(a), Some(a)).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    chown(&team, Some(0), Some(group)).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let plant = |link: &Path| {
        let _ = std::fs::remove_file(link);
        symlink(&private, link).unwrap();
        lchown(link, Some(b), Some(group)).unwrap();
    };
    let pids = next_pids(1500);
    for name in ["report.md", "review.md"] {
        for pid in &pids {
            plant(&team.join(format!("{name}.{pid}.findings-tmp")));
        }
    }
    let untouched = |when: &str| {
        let text = std::fs::read_to_string(&private).unwrap();
        let start: String = text.chars().take(60).collect();
        assert!(
            text == "A's private notes\n",
            "{when}: A's private file now holds {} bytes: {start:?}…",
            text.len()
        );
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{when}");
    };
    let report = team.join("report.md");
    let review = team.join("review.md");
    let (report_arg, review_arg) = (report.to_str().unwrap(), review.to_str().unwrap());

    // The target absent: the export is written beside the links, through none of them.
    let (code, err) = as_user(
        &bin,
        a,
        group,
        &home,
        &["export", "--format", "md", "-o", report_arg],
    );
    untouched("export");
    assert_eq!(code, 0, "{err}");
    let written = std::fs::symlink_metadata(&report).unwrap();
    assert!(written.is_file() && written.uid() == a, "{written:?}");
    let (code, err) = as_user(
        &bin,
        a,
        group,
        &home,
        &["review", "export", "-o", review_arg],
    );
    untouched("review export");
    assert_eq!(code, 0, "{err}");

    // B replaces both with links to A's file (the folder lets B remove A's files).
    for (target, args) in [
        (&report, vec!["export", "--format", "md", "-o", report_arg]),
        (&review, vec!["review", "export", "-o", review_arg]),
    ] {
        plant(target);
        for force in [false, true] {
            let mut args = args.clone();
            if force {
                args.push("--force");
            }
            let (code, err) = as_user(&bin, a, group, &home, &args);
            untouched(&format!("{args:?}"));
            assert_eq!(code, 1, "{args:?}: {err}");
            assert!(err.contains("is a symbolic link"), "{err}");
        }
        assert!(std::fs::symlink_metadata(target).unwrap().is_symlink());
    }
}
