//! The cache's folder, private and findings' own: made 0700, opened without following a
//! symbolic link, used only when the account running findings owns it; its files are read and
//! written through the open folder (`openat`, `renameat`), never through a path someone could
//! swap, and a file there is read only when it is a regular file of the same owner.

use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::SystemTime;

/// The open cache folder.
pub struct Folder {
    dir: File,
}

/// One file in the folder, for trimming it to its limit.
pub struct Entry {
    pub name: String,
    pub size: u64,
    pub modified: SystemTime,
}

fn uid() -> u32 {
    // SAFETY: getuid only reads the process's user id.
    unsafe { libc::getuid() }
}

impl Folder {
    /// The folder at `path`, made (0700, with its parents) when `create` and missing. `None`
    /// when it is a symbolic link, not a folder, or another account's; a folder of ours that
    /// others may read is made private again.
    pub fn open(path: &Path, create: bool) -> Option<Folder> {
        if create {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(path)
                .ok()?;
        }
        let dir = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .ok()?;
        let meta = dir.metadata().ok()?;
        if !meta.is_dir() || meta.uid() != uid() {
            return None;
        }
        if meta.mode() & 0o077 != 0 {
            dir.set_permissions(std::fs::Permissions::from_mode(0o700))
                .ok()?;
        }
        Some(Folder { dir })
    }

    fn open_at(&self, name: &str, flags: libc::c_int, mode: libc::mode_t) -> io::Result<File> {
        let c = CString::new(name).map_err(|_| io::ErrorKind::InvalidInput)?;
        let flags = flags | libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NOCTTY;
        // SAFETY: openat reads the NUL-terminated name; the descriptor it returns is new and
        // owned by the File made of it alone.
        let fd = unsafe { libc::openat(self.dir.as_raw_fd(), c.as_ptr(), flags, mode) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is a new descriptor nothing else owns.
        Ok(unsafe { File::from_raw_fd(fd) })
    }

    /// The file `name`, whole, when it is a regular file of ours of at most `limit` bytes:
    /// mapped, not copied (a warm start's main cost was copying the entry into fresh memory).
    /// Its modification time is set to now: the entries used least lately go first when the
    /// folder is over its limit.
    pub fn read(&self, name: &str, limit: u64) -> Option<Mapped> {
        let file = self
            .open_at(name, libc::O_RDONLY | libc::O_NONBLOCK, 0)
            .ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.uid() != uid() || meta.len() > limit {
            return None;
        }
        let mapped = Mapped::of(&file, usize::try_from(meta.len()).ok()?)?;
        let _ = file.set_modified(SystemTime::now());
        Some(mapped)
    }

    /// Writes the file `name` with `write`: into a new temporary file of its own (created
    /// exclusively, 0600, never through a link, opened to be read back too), then renamed over
    /// `name`, so a reader sees the old file or the new one, whole. Not synced: a file cut
    /// short by a crash fails its checksum and is a miss. When `write` says the file is not
    /// to be kept (`Ok(false)`) or fails, the temporary file is removed; returns whether the
    /// file was kept.
    pub fn write_with(
        &self,
        name: &str,
        write: impl FnOnce(&mut File) -> io::Result<bool>,
    ) -> io::Result<bool> {
        let temp = temp_name();
        let mut file = self.open_at(&temp, libc::O_RDWR | libc::O_CREAT | libc::O_EXCL, 0o600)?;
        let written = write(&mut file);
        drop(file);
        let renamed = written.and_then(|keep| {
            if !keep {
                return Ok(false);
            }
            let (from, to) = (cstring(&temp)?, cstring(name)?);
            let fd = self.dir.as_raw_fd();
            // SAFETY: renameat reads the two NUL-terminated names, both in the open folder.
            match unsafe { libc::renameat(fd, from.as_ptr(), fd, to.as_ptr()) } {
                0 => Ok(true),
                _ => Err(io::Error::last_os_error()),
            }
        });
        if !matches!(renamed, Ok(true)) {
            self.remove(&temp);
        }
        renamed
    }

    /// Removes the file `name` (never a folder).
    pub fn remove(&self, name: &str) {
        if let Ok(c) = cstring(name) {
            // SAFETY: unlinkat reads the NUL-terminated name in the open folder.
            unsafe { libc::unlinkat(self.dir.as_raw_fd(), c.as_ptr(), 0) };
        }
    }

    /// The bytes this account may still write on the folder's filesystem.
    pub fn free_bytes(&self) -> Option<u64> {
        let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
        // SAFETY: fstatvfs fills `stat` for the open folder's descriptor; it is read only
        // when the call succeeded.
        let done = unsafe { libc::fstatvfs(self.dir.as_raw_fd(), stat.as_mut_ptr()) };
        if done != 0 {
            return None;
        }
        // SAFETY: the call succeeded, so `stat` is filled.
        let stat = unsafe { stat.assume_init() };
        // The counts are 32-bit on some systems, 64-bit here.
        #[allow(clippy::useless_conversion)]
        let (blocks, size) = (u64::from(stat.f_bavail), u64::from(stat.f_frsize));
        Some(blocks.saturating_mul(size))
    }

    /// The regular files of ours in the folder, not following links.
    pub fn entries(&self) -> Vec<Entry> {
        let listing = format!("/proc/self/fd/{}", self.dir.as_raw_fd());
        let Ok(names) = std::fs::read_dir(listing) else {
            return Vec::new();
        };
        names
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let file = self
                    .open_at(&name, libc::O_RDONLY | libc::O_NONBLOCK, 0)
                    .ok()?;
                let meta = file.metadata().ok()?;
                (meta.is_file() && meta.uid() == uid()).then(|| Entry {
                    name,
                    size: meta.len(),
                    modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                })
            })
            .collect()
    }
}

/// A file's bytes, mapped read-only.
///
/// Mapping is safe here because findings never changes an entry in place: it is written
/// under a temporary name and renamed, and removing one leaves a mapping of it whole. Only a
/// program of the same account writing into the private folder on purpose could cut a mapped
/// file short. Data files, which editors do rewrite in place, are read, never mapped.
pub struct Mapped {
    at: *mut libc::c_void,
    len: usize,
}

// SAFETY: the mapping is read-only and owned by this value alone; reading it from several
// threads at once is reading immutable memory.
unsafe impl Send for Mapped {}
unsafe impl Sync for Mapped {}

impl Mapped {
    fn of(file: &File, len: usize) -> Option<Mapped> {
        if len == 0 {
            return None;
        }
        // SAFETY: a new private read-only mapping of `len` bytes of an open file; the kernel
        // chooses the address. MAP_POPULATE reads it in at once rather than page by page.
        let at = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
                file.as_raw_fd(),
                0,
            )
        };
        (at != libc::MAP_FAILED).then_some(Mapped { at, len })
    }

    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `at` is a live mapping of `len` readable bytes until `self` is dropped.
        unsafe { std::slice::from_raw_parts(self.at.cast::<u8>(), self.len) }
    }
}

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        self.bytes()
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: unmaps the mapping made in `of`, which nothing borrows any more.
        unsafe { libc::munmap(self.at, self.len) };
    }
}

fn cstring(name: &str) -> io::Result<CString> {
    CString::new(name).map_err(|_| io::ErrorKind::InvalidInput.into())
}

/// A hidden name no other writer has: the process, the time and a count.
fn temp_name() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    format!("{TEMP_PREFIX}{}-{nanos}-{n}", std::process::id())
}

/// What the temporary files' names start with.
pub const TEMP_PREFIX: &str = ".tmp-";

/// The process that writes temporary file `name` (`None`: not a temporary file's name).
pub fn temp_writer(name: &str) -> Option<u32> {
    name.strip_prefix(TEMP_PREFIX)?
        .split('-')
        .next()?
        .parse()
        .ok()
}
