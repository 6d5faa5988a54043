//! Taking over the terminal and giving it back on every exit path: normal return, error, panic,
//! SIGINT/SIGTERM/SIGHUP/SIGQUIT, and the terminal going away.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crossterm::{cursor, event, terminal, QueueableCommand};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

/// Whether the terminal is in raw mode on the alternate screen (so restoring has work to do).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Held while drawing, so a signal never restores the terminal in the middle of a frame.
pub static DRAWING: Mutex<()> = Mutex::new(());

/// Mouse reporting: button presses, the wheel, and motion only while a button is held (1002,
/// for dragging the split), in SGR encoding (1006). Never all motion (1003), which would send a
/// report for every mouse move over a slow SSH link.
const MOUSE_ON: &str = "\x1b[?1002h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1002l";

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped, whatever way the TUI ends.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, alternate screen, hidden cursor, and mouse reporting if asked.
pub fn enter(mouse: bool) -> io::Result<(Tui, Guard)> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard;
    let mut out = io::stdout();
    out.queue(terminal::EnterAlternateScreen)?;
    out.queue(cursor::Hide)?;
    // A paste comes as one event, not as keys: a long one is taken (or refused) at once, and
    // outside a text field it is not read as commands.
    out.queue(event::EnableBracketedPaste)?;
    if mouse {
        out.write_all(MOUSE_ON.as_bytes())?;
    }
    out.flush()?;
    let tui = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((tui, guard))
}

/// Gives the terminal back: mouse off, main screen, cursor shown, cooked mode. Safe to call
/// more than once and from any thread; errors are ignored (the terminal may be gone).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = out.write_all(MOUSE_OFF.as_bytes());
    let _ = out.queue(event::DisableBracketedPaste);
    let _ = out.queue(terminal::EndSynchronizedUpdate);
    let _ = out.queue(terminal::LeaveAlternateScreen);
    let _ = out.queue(cursor::Show);
    let _ = out.flush();
    let _ = terminal::disable_raw_mode();
}

/// Saves a note still in the editor and restores the terminal before the default panic
/// message is printed. Only a panic of the event loop's thread ends the session; one in
/// background work does not, and leaves the note to the editor.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            super::rescue::save();
        }
        restore();
        previous(info);
    }));
}

/// Handles the termination signals on a thread of their own: a main loop that is stuck (or
/// blocked writing to a stalled terminal) cannot delay them. Exits with 128 + the signal.
/// A signal that was ignored when we started (`nohup` ignores SIGHUP) stays ignored; the
/// terminal hanging up is then noticed by [`hung_up`].
pub fn spawn_signal_handler() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        .into_iter()
        .filter(|&signal| !ignored(signal))
        .collect();
    let mut signals = signal_hook::iterator::Signals::new(wanted)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                exit_now(128 + signal);
            }
        })?;
    Ok(())
}

/// Whether `signal` is set to be ignored (inherited across exec from whoever started us).
fn ignored(signal: i32) -> bool {
    // SAFETY: with a null new action, sigaction only reads the current one into `current`.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut current) == 0
            && current.sa_sigaction == libc::SIG_IGN
    }
}

/// Saves a note still in the editor, restores the terminal, and exits, within about a second
/// and a half even if the terminal or the review store does not answer. The note comes first:
/// giving back a terminal that no longer reads blocks, and a watchdog then ends the process
/// (never in the middle of the note's save, unless that save is itself stuck).
pub fn exit_now(code: i32) -> ! {
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        super::rescue::settle(Duration::from_millis(400));
        std::process::exit(code);
    });
    // If another way out (the event loop seeing the hangup) is saving the note, this waits
    // for it.
    let rescued = super::rescue::save();
    // Wait briefly for a frame in progress; never forever.
    let mut lock = None;
    for _ in 0..50 {
        if let Ok(l) = DRAWING.try_lock() {
            lock = Some(l);
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    restore();
    drop(lock);
    if let Some(message) = super::rescue::message(&rescued) {
        let _ = writeln!(io::stderr(), "{message}");
    }
    std::process::exit(code);
}

/// What the terminal has after [`wait_for_input`].
#[derive(Debug, PartialEq, Eq)]
pub enum Ready {
    /// Input to read.
    Input,
    /// It hung up (SSH dropped, pane closed).
    HungUp,
    /// Nothing yet.
    Nothing,
}

/// Waits until the terminal has input or hangs up, or `timeout` passes. Reads nothing.
pub fn wait_for_input(timeout: Duration) -> Ready {
    let mut pfd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: poll only reads the descriptor's state into a pollfd on this stack frame.
    let n = unsafe { libc::poll(&mut pfd, 1, millis) };
    if n <= 0 {
        Ready::Nothing
    } else if pfd.revents & libc::POLLIN != 0 {
        // Input is read first, even on a hung-up terminal: the read then says end-of-file.
        Ready::Input
    } else if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Ready::HungUp
    } else {
        Ready::Nothing
    }
}

/// Reads the terminal's input that is there (after [`wait_for_input`] said so, this does not
/// block): the number of bytes, 0 at end-of-file.
pub fn read_input(buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: read writes at most buf.len() bytes into buf, which outlives the call.
    let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// True when the terminal has hung up (SSH dropped, pane closed): poll reports POLLHUP or an
/// error on it. Asks without reading, so no input is lost. (No isatty check: on a hung-up
/// terminal isatty fails with EIO, which would hide exactly the case this is for.)
pub fn hung_up() -> bool {
    let fd = libc::STDIN_FILENO;
    // SAFETY: poll only reads the descriptor's state; pollfd is a plain local struct.
    unsafe {
        let mut pfd = libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        };
        let n = libc::poll(&mut pfd, 1, 0);
        n > 0 && (pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
    }
}
