//! The process under test as /proc sees it: alive, a zombie, gone; its CPU time; signals.
//! Shared by the pty tests and the tmux smoke test.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// The process's state letter and CPU time (user + system, in clock ticks), from /proc; None
/// once it is reaped.
pub fn stat(pid: u32) -> Option<(char, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let state = fields.first()?.chars().next()?;
    // After the name: state is field 3 of the line, utime 14 and stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((state, utime + stime))
}

/// True once the process is gone (or a zombie waiting for a parent to reap it).
pub fn gone(pid: u32) -> bool {
    stat(pid).is_none_or(|(state, _)| state == 'Z')
}

pub fn wait_gone(pid: u32, within: Duration) {
    let start = Instant::now();
    while !gone(pid) {
        assert!(
            start.elapsed() < within,
            "findings (pid {pid}) still running after {within:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends `signal` to `pid`.
pub fn kill(pid: u32, signal: libc::c_int) {
    // SAFETY: kill only sends a signal to a pid this test started.
    let rc = unsafe { libc::kill(pid as libc::pid_t, signal) };
    assert_eq!(rc, 0, "kill({pid}, {signal})");
}

/// True when a thread of `pid` is blocked writing to its standard output (a terminal that does
/// not read): its current system call, from /proc, is write or writev on descriptor 1.
pub fn blocked_writing(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.filter_map(|t| t.ok()).any(|task| {
        let call = std::fs::read_to_string(task.path().join("syscall")).unwrap_or_default();
        let mut fields = call.split_whitespace();
        let number: Option<libc::c_long> = fields.next().and_then(|n| n.parse().ok());
        let fd = fields.next();
        matches!(number, Some(libc::SYS_write | libc::SYS_writev)) && fd == Some("0x1")
    })
}
