//! A pseudo-terminal from `portable-pty` with a `vt100` screen behind it: the test types into
//! the pty's controlling side and reads the screen as a terminal would show it. Nothing outside
//! Cargo is needed.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// How long any awaited text may take to appear.
const PATIENCE: Duration = Duration::from_secs(15);

/// One pty with a program in it (a shell, or findings itself), and the screen it drew.
pub struct Pty {
    master: Option<Box<dyn MasterPty + Send>>,
    reader: Option<Box<dyn Read + Send>>,
    writer: Option<std::fs::File>,
    child: Box<dyn Child + Send + Sync>,
    parser: vt100::Parser,
    /// Every byte the program wrote, for sequences the screen does not show (OSC 52).
    pub raw: Vec<u8>,
    pub dir: tempfile::TempDir,
    /// The test stopped reading what the program writes (see [`Pty::stall`]).
    stalled: bool,
}

impl Pty {
    /// An interactive `sh` in an 80x24 pty, with a temporary state directory.
    pub fn shell() -> Pty {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut cmd = CommandBuilder::new("sh");
        cmd.env("PS1", "$ ");
        Pty::spawn(cmd, dir)
    }

    /// `sh -c SCRIPT` as the pty's only program (the session leader), with a temporary
    /// directory in `$DIR`.
    pub fn script(script: &str) -> Pty {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script]);
        cmd.env("DIR", dir.path());
        cmd.env("FINDINGS", env!("CARGO_BIN_EXE_findings"));
        Pty::spawn(cmd, dir)
    }

    fn spawn(mut cmd: CommandBuilder, dir: tempfile::TempDir) -> Pty {
        let (rows, cols) = (24, 80);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        for var in [
            "LC_ALL",
            "LC_MESSAGES",
            "FINDINGS_DATA",
            "NO_COLOR",
            "TMUX",
            "STY",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", dir.path());
        cmd.env("XDG_CACHE_HOME", dir.path().join("cache"));
        cmd.env("XDG_CONFIG_HOME", dir.path());
        cmd.env("FINDINGS_REVIEW_DB", dir.path().join("review.db"));
        cmd.cwd(dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("pty reader");
        // Not `take_writer`: its writer types a newline and EOF into the pty when dropped,
        // which would be keys the program reads as the terminal goes away.
        let fd = pair.master.as_raw_fd().expect("pty descriptor");
        // SAFETY: dup returns a new descriptor that the File below owns and closes.
        let writer = unsafe {
            let copy = libc::dup(fd);
            assert!(copy >= 0, "dup the pty descriptor");
            std::fs::File::from_raw_fd(copy)
        };
        Pty {
            master: Some(pair.master),
            reader: Some(reader),
            writer: Some(writer),
            child,
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            dir,
            stalled: false,
        }
    }

    /// The pid of the program the pty was started with.
    pub fn child_pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Starts findings from the shell, recording its pid; the shell prints EXITED-<code> after.
    /// Returns once `ready` is on screen.
    pub fn launch(&mut self, args: &str, ready: &str) -> u32 {
        let bin = env!("CARGO_BIN_EXE_findings");
        let pid_file = self.dir.path().join("pid");
        let _ = std::fs::remove_file(&pid_file);
        let line = format!(
            "sh -c 'echo $$ > {}; exec {bin} {args}'; echo EXITED-$?\r",
            pid_file.display()
        );
        self.keys(&line);
        self.wait_for(ready);
        read_pid(&pid_file)
    }

    /// Types `text` (raw bytes: "\r" is Enter, "\x1b" Escape, "\x7f" Backspace) in one write.
    pub fn keys(&mut self, text: &str) {
        let writer = self.writer.as_mut().expect("pty still open");
        writer.write_all(text.as_bytes()).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// Types a long `text` as fast as the program takes it, reading the screen meanwhile, so
    /// the pty never fills both ways at once (the program blocked drawing, the test typing).
    /// Fails, rather than hangs, when the program stops taking input.
    pub fn keys_in_pieces(&mut self, text: &str) {
        let fd = std::os::fd::AsRawFd::as_raw_fd(self.writer.as_ref().expect("pty still open"));
        // SAFETY: fcntl only reads and sets the flags of a descriptor this Pty owns.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) };
        let mut rest = text.as_bytes();
        let mut last_progress = Instant::now();
        while !rest.is_empty() {
            let piece = &rest[..rest.len().min(1024)];
            match self.writer.as_mut().expect("pty still open").write(piece) {
                Ok(n) => {
                    rest = &rest[n..];
                    last_progress = Instant::now();
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    assert!(
                        last_progress.elapsed() < PATIENCE,
                        "the program stopped reading input with {} bytes still to type:\n{}",
                        rest.len(),
                        self.parser.screen().contents()
                    );
                }
                Err(e) => panic!("write to the pty: {e}"),
            }
            self.pump(Duration::from_millis(1));
        }
        unsafe { libc::fcntl(fd, libc::F_SETFL, flags) };
    }

    /// Resizes the terminal: the program gets SIGWINCH.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.pump(Duration::ZERO);
        let master = self.master.as_ref().expect("pty still open");
        master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.parser.set_size(rows, cols);
    }

    /// Stops reading what the program writes, as a frozen terminal does: once the pty's buffer
    /// is full, the program's writes to the terminal block.
    pub fn stall(&mut self) {
        self.stalled = true;
    }

    /// Reads what the program wrote, for at most `wait`, into the screen.
    fn pump(&mut self, wait: Duration) {
        if self.stalled {
            return;
        }
        let (Some(master), Some(reader)) = (self.master.as_ref(), self.reader.as_mut()) else {
            return;
        };
        let fd = master.as_raw_fd().expect("pty descriptor");
        let deadline = Instant::now() + wait;
        let mut buf = [0u8; 65536];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: poll reads one pollfd that lives on this stack frame.
            let n = unsafe { libc::poll(&mut pfd, 1, left.as_millis() as libc::c_int) };
            if n <= 0 || pfd.revents & libc::POLLIN == 0 {
                return;
            }
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    self.parser.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
            }
        }
    }

    pub fn screen(&mut self) -> String {
        self.pump(Duration::from_millis(20));
        self.parser.screen().contents()
    }

    pub fn vt(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// Waits until `text` is on screen and returns the screen.
    pub fn wait_for(&mut self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text))
    }

    /// Waits until the screen is as `ok` wants it (`what` says how, if it never is).
    pub fn wait_until(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(50));
            let screen = self.parser.screen().contents();
            if ok(&screen) {
                return screen;
            }
            assert!(start.elapsed() < PATIENCE, "no {what} on screen:\n{screen}");
        }
    }

    /// Waits until the bytes written since `raw` was last cleared are as `ok` wants them.
    pub fn wait_for_bytes(&mut self, what: &str, ok: impl Fn(&[u8]) -> bool) {
        let start = Instant::now();
        while !ok(&self.raw) {
            assert!(
                start.elapsed() < PATIENCE,
                "no {what} written: {:?}",
                String::from_utf8_lossy(&self.raw)
            );
            self.pump(Duration::from_millis(50));
        }
    }

    /// The terminal is usable again: main screen, no mouse reporting, cursor shown, and the
    /// shell echoes what is typed (cooked mode).
    pub fn assert_restored(&mut self) {
        self.pump(Duration::from_millis(50));
        let vt = self.parser.screen();
        assert!(!vt.alternate_screen(), "still on the alternate screen");
        assert_eq!(
            vt.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting left on"
        );
        assert!(!vt.hide_cursor(), "cursor left hidden");
        self.keys("echo still-$((40+2))\r");
        self.wait_for("still-42");
    }

    /// Closes the controlling side of the pty: the terminal goes away, as when SSH drops.
    pub fn hang_up(&mut self) {
        self.writer.take();
        self.reader.take();
        self.master.take();
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_pid(file: &PathBuf) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = std::fs::read_to_string(file)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return pid;
        }
        assert!(start.elapsed() < PATIENCE, "no pid in {}", file.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The OSC 52 payloads in what a program wrote, decoded.
pub fn clipboard_texts(raw: &[u8]) -> Vec<String> {
    use base64::Engine;
    let raw = String::from_utf8_lossy(raw);
    raw.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split(['\x07', '\x1b']).next())
        .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

/// The requests for an answer from the terminal in what a program wrote: device status and
/// cursor position (`CSI n`), device attributes (`CSI c`), window reports (`CSI 11..21 t`),
/// mode requests (`CSI $ p`), the keyboard protocol query (`CSI ? u`), colour queries (an OSC
/// ending in `?`) and termcap requests (`DCS + q`). Over a slow link each stalls the start.
pub fn terminal_queries(raw: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < raw.len() {
        if raw[i] != 0x1b {
            i += 1;
            continue;
        }
        match raw[i + 1] {
            b'[' => {
                let start = i + 2;
                let mut end = start;
                while end < raw.len() && !(0x40..=0x7e).contains(&raw[end]) {
                    end += 1;
                }
                let Some(&last) = raw.get(end) else { break };
                let params = String::from_utf8_lossy(&raw[start..end]).into_owned();
                let first: Option<u32> = params.split(';').next().and_then(|p| p.parse().ok());
                let query = match last {
                    b'n' | b'c' => true,
                    b't' => first.is_some_and(|n| (11..=21).contains(&n)),
                    b'p' => params.ends_with('$'),
                    b'u' => params == "?",
                    _ => false,
                };
                if query {
                    found.push(format!("CSI {params}{}", last as char));
                }
                i = end + 1;
            }
            b']' => {
                let start = i + 2;
                let end = (start..raw.len())
                    .find(|&j| raw[j] == 0x07 || (raw[j] == 0x1b && raw.get(j + 1) == Some(&b'\\')))
                    .unwrap_or(raw.len());
                let body = String::from_utf8_lossy(&raw[start..end]).into_owned();
                if body.ends_with('?') {
                    found.push(format!("OSC {body}"));
                }
                i = end + 1;
            }
            b'P' if raw.get(i + 2..i + 4) == Some(b"+q") => {
                found.push("DCS +q".to_owned());
                i += 4;
            }
            _ => i += 2,
        }
    }
    found
}
