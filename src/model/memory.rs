//! How the allocator keeps the memory a search frees. At a million records, each keystroke's
//! lists of matches are tens of megabytes. glibc gives blocks that large back to the system
//! when they are freed, and the next keystroke's are then zeroed page by page as they are
//! first written: 10 to 60 ms a keystroke, measured. Once the data is loaded, the TUI asks it
//! to keep them (blocks up to 32 MB from its heap, and up to 128 MB of free heap kept).

/// Largest block taken from the heap (glibc's most).
const HEAP_BLOCKS_UP_TO: i32 = 32 << 20;
/// Free memory kept at the top of the heap before it is given back.
const KEEP_FREE: i32 = 128 << 20;

/// Keeps the large blocks a search frees for the next one. Done once per process; nothing
/// where the allocator is not glibc's.
pub fn keep_search_blocks() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(set);
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn set() {
    // SAFETY: mallopt only changes the allocator's thresholds; it takes no pointer, and glibc
    // takes its own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP_FREE);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn set() {}
