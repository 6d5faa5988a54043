//! The one way findings writes a file: whole or not at all, never through anything but a
//! regular file of its own (see [`write_file`]).

use std::ffi::{CStr, CString, OsStr};
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::shown;

/// Writes `text` as the file `path`, whole or not at all, and never through anything but a
/// regular file of its own ("nothing lost, nobody let in"):
///
/// - the target must be a regular file or absent: a symbolic link (dangling or not), a folder,
///   a FIFO, a device or a socket is refused, `replace` or not — replacing one would write
///   where the link points, or take away a system's `/dev/full`;
/// - the folder must exist: a mistyped `-o` does not make folders;
/// - the text goes to a temporary file created exclusively, with a random name, never
///   following a symbolic link (`O_CREAT|O_EXCL|O_NOFOLLOW`) in the target's folder, so that a
///   teammate sharing the folder cannot point the write at a file of ours; it is written,
///   fsynced, renamed over the target, and the folder fsynced: after a crash there is the old
///   file or the new one;
/// - an existing target keeps its permission bits (a 0600 file stays 0600) and, where it
///   may, its group; a new file gets 0666 less the umask;
/// - without `replace`, the rename refuses an existing name itself (`RENAME_NOREPLACE`): two
///   writers cannot both find the name free;
/// - the temporary file is locked (`flock`) while its writer lives; a write that was killed
///   leaves one behind, which the next write to the same target removes.
pub fn write_file(path: &Path, text: &str, replace: bool) -> Result<(), WriteError> {
    write_bytes(path, text.as_bytes(), replace)
}

/// Writes `bytes` (a Word or Excel file) as the file `path`, as [`write_file`] writes text.
pub fn write_bytes(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    let io = |e: io::Error| WriteError::Io(path.to_owned(), e);
    let name = file_name(path).ok_or_else(|| WriteError::NotAFile(path.to_owned(), "a folder"))?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = match Dir::open(folder) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(WriteError::NoFolder(path.to_owned(), folder.to_owned()))
        }
        Err(e) => return Err(io(e)),
    };
    let target = cstring(name).map_err(io)?;
    let prefix = temp_prefix(name);
    dir.remove_stale_temps(folder, &prefix);
    let existing = match dir.lstat(&target).map_err(io)? {
        None => None,
        Some(st) if kind_of(&st) == Kind::File => Some(st),
        Some(st) => return Err(WriteError::NotAFile(path.to_owned(), kind_of(&st).name())),
    };
    if existing.is_some() && !replace {
        return Err(WriteError::Exists(path.to_owned()));
    }
    let (temp, mut file) = dir.create_temp(&prefix, existing.is_some()).map_err(io)?;
    let written = (|| {
        if let Some(st) = &existing {
            file.set_permissions(std::fs::Permissions::from_mode(kept_mode(st)))?;
            // The group may be kept only by a member of it; else the folder's group stays.
            let _ = std::os::unix::fs::fchown(&file, None, Some(st.st_gid));
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        dir.rename(&temp, &target, replace)
    })();
    if let Err(e) = written {
        let _ = dir.unlink(&temp);
        return Err(match e.kind() {
            io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_owned()),
            _ => io(e),
        });
    }
    // The rename is on disk only once the folder is; a file system that cannot sync a folder
    // (EINVAL) has nothing more to offer.
    match dir.sync() {
        Err(e) if e.raw_os_error() != Some(libc::EINVAL) => Err(io(e)),
        _ => Ok(()),
    }
    // `file` is closed here, which releases its lock: it has its final name by now.
}

/// The permission bits a replaced file keeps: its own, but never execute bits (a report is
/// not a program), and others' write bit only on a file that was ours — a teammate who made
/// the file we replace does not choose to make our report writable by everyone.
fn kept_mode(st: &libc::stat) -> u32 {
    // SAFETY: geteuid only reads the process's user id.
    let ours = st.st_uid == unsafe { libc::geteuid() };
    let mut mode = st.st_mode & 0o666;
    if !ours {
        mode &= !0o002;
    }
    mode
}

/// The last part of `path` when it names a file: not `dir/`, `dir/.`, `..` or `/`.
fn file_name(path: &Path) -> Option<&OsStr> {
    let name = path.file_name()?;
    let bytes = path.as_os_str().as_bytes();
    let last = bytes.rsplit(|&b| b == b'/').next().unwrap_or(bytes);
    (last == name.as_bytes()).then_some(name)
}

/// Temporary files are `.NAME.XXXXXXXX.findings-tmp`: hidden, named after their target (so a
/// write cleans up only its own target's), random in the middle.
const TEMP_SUFFIX: &[u8] = b".findings-tmp";
const TEMP_RANDOM: usize = 8;
/// The longest name most file systems take (NAME_MAX).
const NAME_MAX: usize = 255;

/// `.NAME.`, NAME cut so that the whole temporary name fits in NAME_MAX.
fn temp_prefix(name: &OsStr) -> Vec<u8> {
    let room = NAME_MAX - 2 - TEMP_RANDOM - TEMP_SUFFIX.len();
    let name = name.as_bytes();
    let mut prefix = vec![b'.'];
    prefix.extend_from_slice(&name[..name.len().min(room)]);
    prefix.push(b'.');
    prefix
}

/// True for a temporary file of the target `prefix` stands for.
fn is_temp_of(name: &[u8], prefix: &[u8]) -> bool {
    name.len() == prefix.len() + TEMP_RANDOM + TEMP_SUFFIX.len()
        && name.starts_with(prefix)
        && name.ends_with(TEMP_SUFFIX)
        && name[prefix.len()..prefix.len() + TEMP_RANDOM]
            .iter()
            .all(u8::is_ascii_alphanumeric)
}

/// A temporary name no one can guess: 8 of 62 characters from the kernel's random source.
fn temp_name(prefix: &[u8]) -> io::Result<CString> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut random = [0u8; TEMP_RANDOM];
    random_bytes(&mut random)?;
    let mut name = prefix.to_vec();
    // 256 is 4 × 62 + 8: the slight bias toward the first 8 characters costs no secrecy worth having.
    name.extend(
        random
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()]),
    );
    name.extend_from_slice(TEMP_SUFFIX);
    cstring(OsStr::from_bytes(&name))
}

/// Fills `buf` from getrandom(2), else /dev/urandom; never from anything guessable.
fn random_bytes(buf: &mut [u8]) -> io::Result<()> {
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: getrandom writes at most `len` bytes into the slice's remaining part.
        let n =
            unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if n > 0 {
            filled += n as usize;
            continue;
        }
        let e = io::Error::last_os_error();
        if e.kind() == io::ErrorKind::Interrupted {
            continue;
        }
        return std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(buf));
    }
    Ok(())
}

fn cstring(name: &OsStr) -> io::Result<CString> {
    CString::new(name.as_bytes()).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "a file name cannot hold a NUL byte",
        )
    })
}

/// What a name in a folder is, as `lstat` tells (a symbolic link is not followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    File,
    Link,
    Folder,
    Fifo,
    Device,
    Socket,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::File => "a file",
            Kind::Link => "a symbolic link",
            Kind::Folder => "a folder",
            Kind::Fifo => "a named pipe (FIFO)",
            Kind::Device => "a device",
            Kind::Socket => "a socket",
        }
    }
}

fn kind_of(st: &libc::stat) -> Kind {
    match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => Kind::File,
        libc::S_IFLNK => Kind::Link,
        libc::S_IFDIR => Kind::Folder,
        libc::S_IFIFO => Kind::Fifo,
        libc::S_IFSOCK => Kind::Socket,
        _ => Kind::Device,
    }
}

/// Takes `file`'s lock if no one holds it: true when taken, false when held elsewhere; an
/// error where the file system has no locks (some network file systems).
fn try_lock(file: &File) -> io::Result<bool> {
    // SAFETY: flock on a descriptor the File owns.
    match unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } {
        0 => Ok(true),
        _ => match io::Error::last_os_error() {
            e if e.kind() == io::ErrorKind::WouldBlock => Ok(false),
            e => Err(e),
        },
    }
}

/// The target's folder, open: every step names files relative to it, so the folder the checks
/// looked at is the folder written to.
struct Dir {
    file: File,
    /// Opened for reading (else only as a path, for a folder we may write but not list): only
    /// then can it be synced.
    readable: bool,
}

impl Dir {
    fn open(path: &Path) -> io::Result<Dir> {
        let open = |flags| {
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_DIRECTORY | flags)
                .open(path)
        };
        match open(0) {
            Ok(file) => Ok(Dir {
                file,
                readable: true,
            }),
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(Dir {
                file: open(libc::O_PATH)?,
                readable: false,
            }),
            Err(e) => Err(e),
        }
    }

    fn fd(&self) -> libc::c_int {
        self.file.as_raw_fd()
    }

    /// What `name` is, not following a symbolic link; `None` when there is no such name.
    fn lstat(&self, name: &CStr) -> io::Result<Option<libc::stat>> {
        // SAFETY: fstatat fills `st`, and reads the NUL-terminated name only.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        let code =
            unsafe { libc::fstatat(self.fd(), name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) };
        if code == 0 {
            return Ok(Some(st));
        }
        match io::Error::last_os_error() {
            e if e.kind() == io::ErrorKind::NotFound => Ok(None),
            e => Err(e),
        }
    }

    fn open_at(&self, name: &CStr, flags: libc::c_int, mode: libc::mode_t) -> io::Result<File> {
        let flags = flags | libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NOCTTY;
        // SAFETY: openat reads the NUL-terminated name; the descriptor it returns is owned
        // by the File made from it alone.
        let fd = unsafe { libc::openat(self.fd(), name.as_ptr(), flags, mode as libc::c_uint) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(unsafe { File::from_raw_fd(fd) })
    }

    /// True when `name` is still the file `file` has open.
    fn names(&self, name: &CStr, file: &File) -> bool {
        let (Ok(Some(st)), Ok(meta)) = (self.lstat(name), file.metadata()) else {
            return false;
        };
        meta.nlink() > 0 && st.st_dev == meta.dev() && st.st_ino == meta.ino()
    }

    /// A new temporary file for the target `prefix` stands for, locked. Private (0600) when it
    /// will take an existing file's mode, else 0666 less the umask, as any new file.
    fn create_temp(&self, prefix: &[u8], private: bool) -> io::Result<(CString, File)> {
        let mode = if private { 0o600 } else { 0o666 };
        for _ in 0..64 {
            let name = temp_name(prefix)?;
            let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL;
            let file = match self.open_at(&name, flags, mode) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            // Another findings cleaning this folder may have found the file between its
            // creation and this lock, and removed it: then it is not ours to write. Where
            // there are no locks, nothing is cleaned either (see remove_stale_temps).
            match try_lock(&file) {
                Ok(true) if self.names(&name, &file) => return Ok((name, file)),
                Ok(_) => continue,
                Err(_) => return Ok((name, file)),
            }
        }
        Err(io::Error::other(
            "no temporary name was free after 64 tries",
        ))
    }

    /// Removes the temporary files of the target `prefix` stands for that a killed writer left:
    /// regular files of this account that no living writer holds locked. Anything else that
    /// looks like one (another account's, a symbolic link planted under such a name) is left
    /// alone, and never opened.
    fn remove_stale_temps(&self, folder: &Path, prefix: &[u8]) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        // SAFETY: geteuid only reads the process's user id.
        let me = unsafe { libc::geteuid() };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !is_temp_of(name.as_bytes(), prefix) {
                continue;
            }
            let Ok(name) = cstring(&name) else { continue };
            match self.lstat(&name) {
                Ok(Some(st)) if kind_of(&st) == Kind::File && st.st_uid == me => {}
                _ => continue,
            }
            let nonblocking = libc::O_NONBLOCK;
            let Ok(file) = self
                .open_at(&name, libc::O_RDONLY | nonblocking, 0)
                .or_else(|_| self.open_at(&name, libc::O_WRONLY | nonblocking, 0))
            else {
                continue;
            };
            if file
                .metadata()
                .map_or(true, |m| !m.is_file() || m.uid() != me)
            {
                continue;
            }
            // No lock to take (a file system without them): its writer may be alive.
            if matches!(try_lock(&file), Ok(true)) && self.names(&name, &file) {
                let _ = self.unlink(&name);
            }
        }
    }

    /// Renames `from` to `to`; without `replace`, only if `to` does not exist (else
    /// AlreadyExists), decided by the file system in one step.
    fn rename(&self, from: &CStr, to: &CStr, replace: bool) -> io::Result<()> {
        let fd = self.fd();
        if replace {
            // A name swapped for a symbolic link since it was checked is replaced, not
            // followed: rename never writes through a link.
            // SAFETY: renameat reads the two NUL-terminated names.
            return check(unsafe { libc::renameat(fd, from.as_ptr(), fd, to.as_ptr()) });
        }
        // SAFETY: as above.
        let renamed = check(unsafe {
            libc::renameat2(fd, from.as_ptr(), fd, to.as_ptr(), libc::RENAME_NOREPLACE)
        });
        match renamed {
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
                // A file system without RENAME_NOREPLACE (NFS): a hard link is made only
                // where no name is, just as atomically; then the temporary name goes.
                // SAFETY: linkat reads the two NUL-terminated names.
                check(unsafe { libc::linkat(fd, from.as_ptr(), fd, to.as_ptr(), 0) })?;
                let _ = self.unlink(from);
                Ok(())
            }
            other => other,
        }
    }

    fn unlink(&self, name: &CStr) -> io::Result<()> {
        // SAFETY: unlinkat reads the NUL-terminated name.
        check(unsafe { libc::unlinkat(self.fd(), name.as_ptr(), 0) })
    }

    fn sync(&self) -> io::Result<()> {
        match self.readable {
            true => self.file.sync_all(),
            false => Ok(()),
        }
    }
}

fn check(code: libc::c_int) -> io::Result<()> {
    match code {
        0 => Ok(()),
        _ => Err(io::Error::last_os_error()),
    }
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// It exists, and replacing it was not asked for.
    Exists(PathBuf),
    /// It is not a regular file (a symbolic link, a folder, a FIFO, a device: what it is);
    /// never replaced.
    NotAFile(PathBuf, &'static str),
    /// The folder it would be in does not exist (and is not made).
    NoFolder(PathBuf, PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{}: the file exists", shown(p)),
            WriteError::NotAFile(p, what) => write!(
                f,
                "{}: is {what}, not a regular file; findings writes a new file or replaces a \
                 regular one, nothing else: choose another name",
                shown(p)
            ),
            WriteError::NoFolder(p, dir) => write!(
                f,
                "{}: the folder {} does not exist; create it first, or choose another",
                shown(p),
                shown(dir)
            ),
            WriteError::Io(p, e) => {
                let p = shown(p);
                match e.raw_os_error() {
                    Some(libc::ENOSPC | libc::EDQUOT) => write!(
                        f,
                        "{p}: the disk is full (or your quota used up); nothing was written and \
                         a file already there is as it was — free some space and try again"
                    ),
                    Some(libc::EACCES | libc::EPERM | libc::EROFS) => write!(
                        f,
                        "{p}: cannot write in its folder ({e}); nothing was written — choose a \
                         folder you can write to"
                    ),
                    Some(libc::ENOTDIR) => write!(
                        f,
                        "{p}: a part of the path before the file name is a file, not a folder; \
                         nothing was written — check the path"
                    ),
                    Some(libc::ENAMETOOLONG) => {
                        write!(f, "{p}: the name is too long; choose a shorter one")
                    }
                    _ => write!(f, "{p}: {e}; nothing was written"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path).unwrap().mode() & 0o7777
    }

    /// The names in `dir` that look like temporary files.
    fn temps(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".findings-tmp"))
            .collect()
    }

    /// The process's umask, read where reading it changes nothing (tests run in threads).
    fn umask() -> u32 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
        u32::from_str_radix(line["Umask:".len()..].trim(), 8).unwrap()
    }

    fn root() -> bool {
        // SAFETY: geteuid only reads the process's user id.
        unsafe { libc::geteuid() == 0 }
    }

    #[test]
    fn an_existing_file_is_kept_unless_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_file(&path, "one", false).unwrap();
        assert!(matches!(
            write_file(&path, "two", false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        write_file(&path, "two", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    }

    #[test]
    fn two_writers_never_both_take_an_absent_name() {
        // RENAME_NOREPLACE decides: of writers racing for one absent name without `replace`,
        // exactly one writes it and the others are told it exists.
        for round in 0..40 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("race.md");
            let results: Vec<Result<(), WriteError>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..4)
                    .map(|i| {
                        let path = &path;
                        s.spawn(move || write_file(path, &format!("writer {i}"), false))
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            let won = results.iter().filter(|r| r.is_ok()).count();
            let told = results
                .iter()
                .filter(|r| matches!(r, Err(WriteError::Exists(_))))
                .count();
            assert_eq!((won, told), (1, 3), "round {round}: {results:?}");
            assert!(temps(dir.path()).is_empty());
        }
    }

    #[test]
    fn a_symbolic_link_is_refused_even_when_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("private");
        std::fs::write(&private, "mine").unwrap();
        let link = dir.path().join("report.md");
        std::os::unix::fs::symlink(&private, &link).unwrap();
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        for replace in [false, true] {
            for path in [&link, &dangling] {
                let e = write_file(path, "export", replace).unwrap_err();
                assert!(
                    matches!(e, WriteError::NotAFile(_, "a symbolic link")),
                    "{e:?}"
                );
                assert!(e.to_string().contains("is a symbolic link"), "{e}");
            }
        }
        assert_eq!(std::fs::read_to_string(&private).unwrap(), "mine");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
        assert!(
            !dir.path().join("nowhere").exists(),
            "the dangling link made nothing"
        );
        assert!(temps(dir.path()).is_empty());
    }

    #[test]
    fn a_fifo_a_folder_and_a_device_are_refused_even_when_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let name = cstring(fifo.as_os_str()).unwrap();
        // SAFETY: mkfifo reads the NUL-terminated name.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        let mut cases = vec![(fifo.clone(), "a named pipe (FIFO)"), (folder, "a folder")];
        if root() {
            // A device of our own, never the system's: a bug here must not cost /dev/null.
            let device = dir.path().join("null");
            let name = cstring(device.as_os_str()).unwrap();
            // SAFETY: mknod reads the NUL-terminated name; 1,3 is the null device.
            let made =
                unsafe { libc::mknod(name.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
            if made == 0 {
                cases.push((device, "a device"));
            }
        }
        for (path, what) in &cases {
            let e = write_file(path, "export", true).unwrap_err();
            assert!(
                matches!(e, WriteError::NotAFile(_, w) if w == *what),
                "{e:?}"
            );
            let kind = std::fs::symlink_metadata(path).unwrap().file_type();
            assert!(!kind.is_file(), "{path:?} is still what it was");
        }
        assert!(temps(dir.path()).is_empty());
    }

    #[test]
    fn a_path_naming_a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["out/", "out/.", ".."] {
            let path = dir.path().join(name);
            let e = write_file(&path, "x", true).unwrap_err();
            assert!(
                matches!(e, WriteError::NotAFile(_, "a folder")),
                "{name}: {e:?}"
            );
        }
        assert!(!dir.path().join("out").exists());
    }

    #[test]
    fn missing_folders_are_not_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no").join("such").join("out.md");
        let e = write_file(&path, "x", true).unwrap_err();
        assert!(matches!(e, WriteError::NoFolder(..)), "{e:?}");
        assert!(e.to_string().contains("does not exist"), "{e}");
        assert!(!dir.path().join("no").exists());
    }

    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("private.md");
        std::fs::write(&private, "old").unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_file(&private, "new", true).unwrap();
        assert_eq!(mode(&private), 0o600);
        let shared = dir.path().join("shared.md");
        std::fs::write(&shared, "old").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_file(&shared, "new", true).unwrap();
        assert_eq!(mode(&shared), 0o664);
        assert_eq!(std::fs::read_to_string(&shared).unwrap(), "new");
        let fresh = dir.path().join("fresh.md");
        write_file(&fresh, "new", false).unwrap();
        assert_eq!(mode(&fresh), 0o666 & !umask());
    }

    /// A teammate who made the file we replace does not choose our report's mode: no execute
    /// bits ever, and no write bit for everyone unless the file was ours.
    #[test]
    fn a_replaced_file_keeps_no_execute_bits_nor_a_strangers_world_write() {
        let dir = tempfile::tempdir().unwrap();
        let planted = dir.path().join("planted.md");
        std::fs::write(&planted, "old").unwrap();
        std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o777)).unwrap();
        write_file(&planted, "new", true).unwrap();
        assert_eq!(mode(&planted), 0o666, "ours: no execute bits");
        // SAFETY: getuid only reads the process's user id.
        if unsafe { libc::getuid() } == 0 {
            std::os::unix::fs::chown(&planted, Some(12_001), None).unwrap();
            std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o777)).unwrap();
            write_file(&planted, "newer", true).unwrap();
            assert_eq!(mode(&planted), 0o664, "another's: no write for everyone");
        }
    }

    #[test]
    fn a_path_through_a_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.md");
        std::fs::write(&file, "x").unwrap();
        let e = write_file(&file.join("x.md"), "y", false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a file, not a folder"), "{e}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    }

    #[test]
    fn a_killed_writers_temporary_file_goes_on_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        let prefix = temp_prefix(OsStr::new("report.md"));
        let name = |n: &CString| dir.path().join(OsStr::from_bytes(n.as_bytes()));
        // A writer killed mid-write: its file, which no one holds locked.
        let dead = temp_name(&prefix).unwrap();
        std::fs::write(name(&dead), "half an exp").unwrap();
        // A writer still at work: its file is locked.
        let alive = temp_name(&prefix).unwrap();
        std::fs::write(name(&alive), "still writing").unwrap();
        let held = File::open(name(&alive)).unwrap();
        assert!(try_lock(&held).unwrap());
        // Another target's, and a link planted under a temporary name: not ours to remove.
        let other = temp_name(&temp_prefix(OsStr::new("other.md"))).unwrap();
        std::fs::write(name(&other), "other").unwrap();
        let planted = temp_name(&prefix).unwrap();
        std::os::unix::fs::symlink(dir.path().join("other.md"), name(&planted)).unwrap();
        write_file(&path, "whole", false).unwrap();
        assert!(!name(&dead).exists(), "the dead writer's file is removed");
        assert!(name(&alive).exists(), "the living writer's file is left");
        assert!(name(&other).exists(), "another target's file is left");
        assert!(
            std::fs::symlink_metadata(name(&planted)).is_ok(),
            "a link is left"
        );
        drop(held);
        write_file(&path, "again", true).unwrap();
        assert!(
            !name(&alive).exists(),
            "once its writer is gone, it goes too"
        );
    }

    #[test]
    fn another_accounts_temporary_file_is_left_alone() {
        if !root() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let prefix = temp_prefix(OsStr::new("report.md"));
        let theirs = dir
            .path()
            .join(OsStr::from_bytes(temp_name(&prefix).unwrap().as_bytes()));
        std::fs::write(&theirs, "theirs").unwrap();
        std::os::unix::fs::chown(&theirs, Some(12_345), None).unwrap();
        write_file(&dir.path().join("report.md"), "x", false).unwrap();
        assert!(theirs.exists());
    }

    #[test]
    fn temporary_names_are_random_hidden_and_fit_a_long_name() {
        let long = "é".repeat(127) + "x";
        assert_eq!(long.len(), 255);
        let prefix = temp_prefix(OsStr::new(&long));
        let a = temp_name(&prefix).unwrap();
        let b = temp_name(&prefix).unwrap();
        assert_ne!(a, b);
        assert!(a.as_bytes().len() <= NAME_MAX);
        assert!(a.as_bytes().starts_with(b"."));
        assert!(is_temp_of(a.as_bytes(), &prefix));
        assert!(!is_temp_of(b"report.md.1234.findings-tmp", &prefix));
        let dir = tempfile::tempdir().unwrap();
        write_file(&dir.path().join(&long), "x", false).unwrap();
        assert!(temps(dir.path()).is_empty());
    }
}
