//! A team's folder for the shared review file (`findings team init`; what `findings doctor`
//! checks of it). Every member must be able to write the file and the `-wal` and `-shm` SQLite
//! makes beside it, whoever made them: so the folder belongs to the team's group, the group
//! may write it, and its setgid bit makes every new file in it take that group (without it a
//! `-wal` takes its maker's own group, and the next teammate meets "attempt to write a
//! readonly database"). The file gets 0660, and SQLite gives the `-wal` and `-shm` its mode.

use std::ffi::{CStr, CString};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::files::{looked_up, shown};
use super::review::{network_filesystem, Store};

/// The review file's name in a team folder.
pub const FILE_NAME: &str = "review.db";

/// The setgid bit: on a folder, new files in it take the folder's group.
pub const SETGID: u32 = 0o2000;

/// Owner, group and mode bits (with setgid and sticky) of a file or folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    pub uid: u32,
    pub gid: u32,
    pub mode: u32,
}

impl Meta {
    /// What is at `path` (through a symbolic link: `~/team` → `/srv/findings` is usual);
    /// `None` when nothing is.
    pub fn of(path: &Path) -> io::Result<Option<Meta>> {
        match std::fs::metadata(path) {
            Ok(m) => Ok(Some(Meta {
                uid: m.uid(),
                gid: m.gid(),
                mode: m.mode() & 0o7777,
            })),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn group_writable(self) -> bool {
        self.mode & 0o020 != 0
    }
}

/// The mode a team folder gets: read, write and enter for its owner and group, setgid, and
/// nothing for others, whatever they had: the notes are the team's (a folder made 0755 would
/// let every account on the server read them). No sticky bit: with it a member could not
/// remove the `-wal` and `-shm` another made, as SQLite does when the last connection closes.
pub fn folder_mode(_current: Option<u32>) -> u32 {
    0o770 | SETGID
}

/// The mode the review file (and its `-wal`, `-shm`) gets: read and write for owner and group,
/// nothing for others.
pub fn file_mode(_current: Option<u32>) -> u32 {
    0o660
}

/// `mode` as `ls -l` shows it, with the type letter: `drwxrws---`.
pub fn mode_string(mode: u32, folder: bool) -> String {
    let mut s = String::from(if folder { "d" } else { "-" });
    let special = [(0o4000, 's', 'S'), (SETGID, 's', 'S'), (0o1000, 't', 'T')];
    for (i, who) in [0o700, 0o070, 0o007].into_iter().enumerate() {
        let bits = mode & who;
        let shift = 6 - 3 * i;
        s.push(if bits >> shift & 4 != 0 { 'r' } else { '-' });
        s.push(if bits >> shift & 2 != 0 { 'w' } else { '-' });
        let x = bits >> shift & 1 != 0;
        let (bit, on, off) = special[i];
        s.push(match (mode & bit != 0, x) {
            (true, true) => on,
            (true, false) => off,
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

/// What keeps a team's members from all writing the review file in its folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lack {
    /// The group cannot make files in the folder: a member who opens the file when nobody
    /// has it open cannot make its `-wal` and `-shm`.
    FolderNotGroupWritable,
    /// No setgid bit: a new `-wal` or `-shm` takes its maker's own group, not the team's.
    FolderNotSetgid,
    /// The group cannot write this file (the review file, its `-wal` or `-shm`).
    FileNotGroupWritable(PathBuf),
    /// This file belongs to another group than the folder's.
    FileOfOtherGroup(PathBuf),
}

/// What the folder `folder` and the files in it (the review file, its `-wal` and `-shm`, those
/// that exist) lack for a team to share them.
pub fn lacks(folder: Meta, files: &[(PathBuf, Meta)]) -> Vec<Lack> {
    let mut lacks = Vec::new();
    if !folder.group_writable() {
        lacks.push(Lack::FolderNotGroupWritable);
    }
    if folder.mode & SETGID == 0 {
        lacks.push(Lack::FolderNotSetgid);
    }
    for (path, meta) in files {
        if !meta.group_writable() {
            lacks.push(Lack::FileNotGroupWritable(path.clone()));
        }
        if meta.gid != folder.gid {
            lacks.push(Lack::FileOfOtherGroup(path.clone()));
        }
    }
    lacks
}

/// Whether the review file is meant to be shared: named by the user (not the default, private
/// location), or in a folder (or a file) that someone else owns or the group may write. A file
/// in a folder of one's own that nobody else may write is private: no group needed.
pub fn is_shared(default_location: bool, folder: Meta, file: Option<Meta>, me: u32) -> bool {
    let others = |m: Meta| m.uid != me || m.group_writable() || m.mode & SETGID != 0;
    !default_location || others(folder) || file.is_some_and(others)
}

/// The review file and the `-wal`, `-shm` beside it that exist, with their modes.
pub fn review_files(file: &Path) -> Vec<(PathBuf, Meta)> {
    let mut files = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        if let Ok(Some(meta)) = Meta::of(&path) {
            files.push((path, meta));
        }
    }
    files
}

/// A group's id by name (or by number, as `chgrp` takes it).
pub fn group_id(name: &str) -> Option<u32> {
    let c = CString::new(name).ok()?;
    let found = looked_up(4096, |buf| {
        // SAFETY: getgrnam_r writes into `grp` and `buf` (of the length given) only; `result`
        // points at `grp` or is null.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let code = unsafe {
            libc::getgrnam_r(
                c.as_ptr(),
                &mut grp,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        match code {
            0 => Ok((!result.is_null()).then_some(grp.gr_gid)),
            _ => Err(code),
        }
    });
    found.or_else(|| name.parse().ok())
}

/// A group's name by id; `None` when the system has no name for it.
pub fn group_name(gid: u32) -> Option<String> {
    looked_up(4096, |buf| {
        // SAFETY: getgrgid_r writes into `grp` and `buf` (of the length given) only; `result`
        // points at `grp` or is null, and `gr_name` into `buf`, which outlives its use here.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let code = unsafe {
            libc::getgrgid_r(
                gid,
                &mut grp,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if code != 0 {
            return Err(code);
        }
        if result.is_null() || grp.gr_name.is_null() {
            return Ok(None);
        }
        // SAFETY: gr_name is a NUL-terminated string inside `buf`.
        let name = unsafe { CStr::from_ptr(grp.gr_name) };
        Ok(Some(name.to_string_lossy().into_owned()).filter(|n| !n.is_empty()))
    })
}

/// A group as a message names it: its name, else its number.
pub fn group_shown(gid: u32) -> String {
    group_name(gid).map_or_else(|| gid.to_string(), |n| super::text::inline(&n))
}

/// What `findings team init` made of the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    /// The folder, as an absolute path.
    pub folder: PathBuf,
    pub folder_mode: u32,
    pub gid: u32,
    /// The folder was made now.
    pub made: bool,
    /// The review file in it.
    pub file: PathBuf,
    pub file_mode: u32,
    /// What had to be changed (nothing on a second run).
    pub fixed: Vec<String>,
}

/// Sets up `dir` as a team's folder for the review file: made if missing (its parent must
/// exist), given to the group `group` (else the group it has; never root's), group-writable
/// and setgid; the review file made in it (or an existing one brought up to date) with the
/// team's modes, its `-wal` and `-shm` too. Run again, it fixes what drifted and changes
/// nothing else. A folder on a network filesystem is refused: SQLite's locking is not safe
/// there.
pub fn init(dir: &Path, group: Option<u32>) -> Result<Done, String> {
    let folder = std::path::absolute(dir)
        .map_err(|e| format!("{}: cannot tell where this folder is: {e}", shown(dir)))?;
    if folder
        .as_os_str()
        .as_bytes()
        .iter()
        .any(|b| b.is_ascii_control())
    {
        return Err(format!(
            "{}: a folder name with control characters cannot go into a profile line; choose \
             another name",
            shown(&folder)
        ));
    }
    // The folder, or where it is to be made.
    let existing = Meta::of(&folder).map_err(|e| format!("{}: {e}", shown(&folder)))?;
    let parent = folder.parent().unwrap_or(Path::new("/"));
    let looked_at = if existing.is_some() { &folder } else { parent };
    if let Some(kind) = network_filesystem(looked_at) {
        return Err(format!(
            "{}: refused: it is on a network filesystem ({kind}), where SQLite's locking is not \
             safe and marks two people write at once may be lost; choose a folder on a local \
             disk of this server, e.g. /srv/findings",
            shown(&folder)
        ));
    }
    if existing.is_some() && !folder.is_dir() {
        return Err(format!(
            "{}: not a folder; give the folder the review file is to live in",
            shown(&folder)
        ));
    }
    // SAFETY: getegid only reads the process's group id.
    let gid = group
        .or(existing.map(|m| m.gid))
        .unwrap_or_else(|| unsafe { libc::getegid() });
    if gid == 0 {
        return Err(format!(
            "{}: name the team's group with --group GROUP: the folder would belong to root's \
             group, which the team is not in",
            shown(&folder)
        ));
    }
    let mut fixed = Vec::new();
    let made = existing.is_none();
    if made {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&folder)
            .map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => format!(
                    "{}: cannot make the folder: {} does not exist; make it first, or check \
                     the path",
                    shown(&folder),
                    shown(parent)
                ),
                _ => format!("{}: cannot make the folder: {e}", shown(&folder)),
            })?;
    }
    let group_text = group_shown(gid);
    set_group(&folder, gid, &group_text, &mut fixed)?;
    let before = Meta::of(&folder)
        .map_err(|e| format!("{}: {e}", shown(&folder)))?
        .map(|m| m.mode);
    let mode = folder_mode(before);
    set_mode(&folder, before, mode, true, &mut fixed)?;

    let file = folder.join(FILE_NAME);
    // Files already there first (a private 0600 file, a stray -wal), so opening works for
    // every member; then the file made and its schema brought up to date; then whatever
    // SQLite made meanwhile.
    fix_files(&file, gid, &group_text, &mut fixed)?;
    let mut store = Store::at(&file);
    store.create().map_err(|e| e.to_string())?;
    drop(store);
    fix_files(&file, gid, &group_text, &mut fixed)?;
    let file_mode = Meta::of(&file)
        .map_err(|e| format!("{}: {e}", shown(&file)))?
        .map_or(0o660, |m| m.mode);
    Ok(Done {
        folder,
        folder_mode: mode,
        gid,
        made,
        file,
        file_mode,
        fixed,
    })
}

/// Gives the review file, its `-wal` and `-shm` (those there) the group `gid` and the team's
/// mode. Each is changed through a descriptor opened without following a link, after checking
/// it is a plain file with no other name: run as root in a folder the group can write, a
/// member's link (`review.db` → `/etc/shadow`) must never pass root's `chgrp` and `chmod` on.
fn fix_files(file: &Path, gid: u32, group: &str, fixed: &mut Vec<String>) -> Result<(), String> {
    use std::os::unix::fs::OpenOptionsExt;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(&path);
        let handle = match opened {
            Ok(handle) => handle,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                return Err(format!(
                    "{}: a symbolic link, not a file findings made; it is left untouched — \
                     remove it, then run team init again",
                    shown(&path)
                ))
            }
            Err(e) => return Err(format!("{}: cannot open it: {e}", shown(&path))),
        };
        let meta = handle
            .metadata()
            .map_err(|e| format!("{}: {e}", shown(&path)))?;
        if !meta.is_file() || meta.nlink() > 1 {
            return Err(format!(
                "{}: not a plain file of its own (a FIFO, a device, or a file with another \
                 name elsewhere); it is left untouched — remove it, then run team init again",
                shown(&path)
            ));
        }
        if meta.gid() != gid {
            std::os::unix::fs::fchown(&handle, None, Some(gid)).map_err(|e| {
                format!(
                    "{}: cannot give it to the group {group}: {e}; run it as root (sudo \
                     findings team init …)",
                    shown(&path)
                )
            })?;
            fixed.push(format!("{}: group {group}", shown(&path)));
        }
        let before = meta.mode() & 0o7777;
        let mode = file_mode(Some(before));
        if before != mode {
            handle
                .set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(|e| {
                    format!(
                        "{}: cannot set its mode to {}: {e}; run it as root (sudo findings \
                         team init …) or as its owner",
                        shown(&path),
                        mode_string(mode, false)
                    )
                })?;
            fixed.push(format!("{}: {}", shown(&path), mode_string(mode, false)));
        }
    }
    Ok(())
}

/// `chgrp` unless the group is already `gid`.
fn set_group(path: &Path, gid: u32, group: &str, fixed: &mut Vec<String>) -> Result<(), String> {
    let now = Meta::of(path).map_err(|e| format!("{}: {e}", shown(path)))?;
    if now.is_some_and(|m| m.gid == gid) {
        return Ok(());
    }
    std::os::unix::fs::chown(path, None, Some(gid)).map_err(|e| {
        format!(
            "{}: cannot give it to the group {group}: {e}; run it as root (sudo findings team \
             init …), or as the folder's owner who is in that group",
            shown(path)
        )
    })?;
    fixed.push(format!("{}: group {group}", shown(path)));
    Ok(())
}

/// `chmod` unless the mode is already `mode`.
fn set_mode(
    path: &Path,
    before: Option<u32>,
    mode: u32,
    folder: bool,
    fixed: &mut Vec<String>,
) -> Result<(), String> {
    if before == Some(mode) {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| {
        format!(
            "{}: cannot set its mode to {}: {e}; run it as root (sudo findings team init …) or \
             as its owner",
            shown(path),
            mode_string(mode, folder)
        )
    })?;
    fixed.push(format!("{}: {}", shown(path), mode_string(mode, folder)));
    Ok(())
}

/// The line for `/etc/profile.d/` that points every login at the team's file, the path
/// quoted for the shell when it needs it.
pub fn profile_line(file: &Path) -> String {
    format!(
        "export FINDINGS_REVIEW_DB={}",
        shell_word(&file.to_string_lossy())
    )
}

/// `text` as one word for the shell: as it is when nothing in it is special, else in single
/// quotes (a quote inside as `'\''`), so a command given to copy works as printed.
pub fn shell_word(text: &str) -> String {
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+,:@%".contains(&b));
    match plain {
        true => text.to_owned(),
        false => format!("'{}'", text.replace('\'', r"'\''")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(uid: u32, gid: u32, mode: u32) -> Meta {
        Meta { uid, gid, mode }
    }

    #[test]
    fn a_team_folder_is_group_writable_and_setgid_and_nobody_else_writes() {
        assert_eq!(folder_mode(None), 0o2770);
        // A folder made 0755 under umask 022: others lose reading and entering (the notes are
        // the team's).
        assert_eq!(folder_mode(Some(0o755)), 0o2770);
        // World-writable and sticky (as /tmp): others lose everything, the sticky bit goes.
        assert_eq!(folder_mode(Some(0o1777)), 0o2770);
        // setuid means nothing useful on a folder here: it goes.
        assert_eq!(folder_mode(Some(0o4700)), 0o2770);
        // Run again on its own result: the same (idempotent).
        for m in [0o700, 0o755, 0o2770, 0o1777, 0o777] {
            assert_eq!(
                folder_mode(Some(folder_mode(Some(m)))),
                folder_mode(Some(m))
            );
        }
    }

    #[test]
    fn the_review_file_is_read_and_written_by_the_group_only() {
        assert_eq!(file_mode(None), 0o660);
        assert_eq!(file_mode(Some(0o600)), 0o660);
        assert_eq!(file_mode(Some(0o644)), 0o660);
        assert_eq!(file_mode(Some(0o666)), 0o660);
        assert_eq!(file_mode(Some(0o4755)), 0o660);
        assert_eq!(file_mode(Some(0o660)), 0o660);
    }

    #[test]
    fn modes_read_as_ls_shows_them() {
        assert_eq!(mode_string(0o2770, true), "drwxrws---");
        assert_eq!(mode_string(0o2760, true), "drwxrwS---");
        assert_eq!(mode_string(0o660, false), "-rw-rw----");
        assert_eq!(mode_string(0o1777, true), "drwxrwxrwt");
        assert_eq!(mode_string(0o4755, false), "-rwsr-xr-x");
    }

    #[test]
    fn the_wal_trap_is_named_part_by_part() {
        let team = 1000;
        let ok = meta(0, team, 0o2770);
        let db = (PathBuf::from("/srv/f/review.db"), meta(1001, team, 0o660));
        assert_eq!(lacks(ok, std::slice::from_ref(&db)), []);
        // No setgid: the -wal a member makes takes the member's own group.
        assert_eq!(
            lacks(meta(0, team, 0o770), std::slice::from_ref(&db)),
            [Lack::FolderNotSetgid]
        );
        assert_eq!(
            lacks(meta(0, team, 0o755), &[]),
            [Lack::FolderNotGroupWritable, Lack::FolderNotSetgid]
        );
        // A -wal made by a member without the folder's setgid: private group, 0644 by umask.
        let wal = PathBuf::from("/srv/f/review.db-wal");
        assert_eq!(
            lacks(ok, &[db.clone(), (wal.clone(), meta(1002, 1002, 0o644))]),
            [
                Lack::FileNotGroupWritable(wal.clone()),
                Lack::FileOfOtherGroup(wal)
            ]
        );
    }

    #[test]
    fn a_private_file_needs_no_group_but_a_named_or_shared_one_does() {
        let me = 1001;
        let mine = meta(me, me, 0o700);
        assert!(!is_shared(true, mine, Some(meta(me, me, 0o600)), me));
        assert!(!is_shared(true, mine, None, me));
        // Named with --review-db, FINDINGS_REVIEW_DB or the config file: meant for a team.
        assert!(is_shared(false, mine, None, me));
        // The default folder given to a group, or someone else's.
        assert!(is_shared(true, meta(me, 50, 0o2770), None, me));
        assert!(is_shared(true, meta(0, 0, 0o755), None, me));
        assert!(is_shared(true, mine, Some(meta(me, me, 0o660)), me));
    }

    #[test]
    fn a_command_to_copy_quotes_what_the_shell_would_split() {
        assert_eq!(shell_word("/srv/findings"), "/srv/findings");
        assert_eq!(shell_word("/srv/thư mục nhóm"), "'/srv/thư mục nhóm'");
        assert_eq!(shell_word("/srv/it's"), r"'/srv/it'\''s'");
    }

    #[test]
    fn the_profile_line_quotes_a_path_the_shell_would_split() {
        assert_eq!(
            profile_line(Path::new("/srv/findings/review.db")),
            "export FINDINGS_REVIEW_DB=/srv/findings/review.db"
        );
        assert_eq!(
            profile_line(Path::new("/srv/khảo sát/it's.db")),
            r"export FINDINGS_REVIEW_DB='/srv/khảo sát/it'\''s.db'"
        );
    }

    /// A link planted as the review file is never followed: root's chgrp and chmod would
    /// land on what it points at.
    #[test]
    fn init_leaves_a_planted_link_and_what_it_points_at_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        std::fs::create_dir(&team).unwrap();
        // SAFETY: getegid only reads the process's group id.
        let gid = match unsafe { libc::getegid() } {
            0 => 12_100,
            g => g,
        };
        let secret = dir.path().join("secret");
        std::fs::write(&secret, "x").unwrap();
        std::fs::set_permissions(&secret, PermissionsExt::from_mode(0o600)).unwrap();
        for name in ["review.db", "review.db-wal"] {
            let link = team.join(name);
            std::os::unix::fs::symlink(&secret, &link).unwrap();
            let err = init(&team, Some(gid)).unwrap_err();
            assert!(err.contains("symbolic link"), "{err}");
            assert_eq!(Meta::of(&secret).unwrap().unwrap().mode, 0o600);
            std::fs::remove_file(&link).unwrap();
        }
        // A second name of another file (a hard link) is refused too.
        std::fs::hard_link(&secret, team.join("review.db")).unwrap();
        let err = init(&team, Some(gid)).unwrap_err();
        assert!(err.contains("another name"), "{err}");
        assert_eq!(Meta::of(&secret).unwrap().unwrap().mode, 0o600);
    }

    /// As any user: a folder made, given to one's own group (allowed without root), twice.
    #[test]
    fn init_makes_the_folder_and_the_file_and_a_second_run_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        // SAFETY: getegid only reads the process's group id.
        let gid = match unsafe { libc::getegid() } {
            // Root's group is refused; any other will do for the modes.
            0 => 12_100,
            g => g,
        };
        let done = init(&team, Some(gid)).unwrap();
        assert!(done.made);
        assert_eq!(done.folder_mode, 0o2770);
        let folder = Meta::of(&team).unwrap().unwrap();
        assert_eq!((folder.gid, folder.mode), (gid, 0o2770));
        let file = Meta::of(&team.join(FILE_NAME)).unwrap().unwrap();
        assert_eq!((file.gid, file.mode), (gid, 0o660));
        assert_eq!(
            Store::at(team.join(FILE_NAME)).schema_version().unwrap(),
            Some(crate::model::review::SCHEMA_VERSION)
        );
        let again = init(&team, None).unwrap();
        assert!(!again.made);
        assert_eq!(again.fixed, Vec::<String>::new());
        assert_eq!(again.gid, gid);
        // A file made private by hand is given back to the group.
        std::fs::set_permissions(team.join(FILE_NAME), PermissionsExt::from_mode(0o600)).unwrap();
        let fixed = init(&team, None).unwrap().fixed;
        assert_eq!(fixed.len(), 1, "{fixed:?}");
        assert_eq!(
            Meta::of(&team.join(FILE_NAME)).unwrap().unwrap().mode,
            0o660
        );
    }

    #[test]
    fn init_refuses_root_s_group_and_a_file_for_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = init(&dir.path().join("t"), Some(0)).unwrap_err();
        assert!(err.contains("--group"), "{err}");
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let err = init(&file, Some(12_100)).unwrap_err();
        assert!(err.contains("not a folder"), "{err}");
        let err = init(&dir.path().join("a/b"), Some(12_100)).unwrap_err();
        assert!(err.contains("does not exist"), "{err}");
    }
}
