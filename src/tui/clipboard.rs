//! Copied text on its way to the clipboard of the terminal the user sits at: the OSC 52
//! sequence, and inside tmux, tmux's own buffer too.
//!
//! Inside tmux (`$TMUX` set) the text is loaded with `tmux load-buffer -w -`: into tmux's paste
//! buffer whatever its settings, and on to the terminal around tmux wherever `set-clipboard`
//! lets tmux (`on`, or the default `external`). The sequence then goes out only wrapped for
//! tmux's passthrough, for a tmux whose `set-clipboard` is off but `allow-passthrough` on. When
//! tmux cannot load it (no `tmux` on the PATH, a tmux older than 3.2) the sequence goes out as
//! it is too, which tmux takes with `set-clipboard on`. Inside GNU screen (`$STY`), which does
//! not take OSC 52, the sequence goes out in pieces screen passes on to the terminal around
//! it. Elsewhere, only the sequence.

use std::io::{self, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::terminal as term;
use crate::app::copy;

/// How long `tmux load-buffer` may take before it is given up (and killed).
const TMUX_PATIENCE: Duration = Duration::from_secs(1);

/// What the program runs inside, as far as copying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// A terminal, or nothing we know of.
    Terminal,
    /// tmux (`$TMUX` set).
    Tmux,
    /// GNU screen (`$STY` set, `$TMUX` not).
    Screen,
}

impl Host {
    pub fn from_env() -> Host {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        match (set("TMUX"), set("STY")) {
            (true, _) => Host::Tmux,
            (false, true) => Host::Screen,
            (false, false) => Host::Terminal,
        }
    }
}

/// Sends `text` (whose OSC 52 `sequence` is given) to the clipboard. Runs `tmux` inside tmux,
/// so it belongs on a blocking thread.
pub fn send(text: &str, sequence: &str, host: Host) {
    let bytes = match host {
        Host::Terminal => sequence.to_owned(),
        Host::Tmux if load_into_tmux(text) => copy::passthrough(sequence),
        Host::Tmux => format!("{sequence}{}", copy::passthrough(sequence)),
        Host::Screen => format!("{}{sequence}", copy::through_screen(sequence)),
    };
    // Written whole between frames; a terminal without OSC 52 ignores it.
    let _lock = term::DRAWING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut out = io::stdout();
    let _ = out.write_all(bytes.as_bytes());
    let _ = out.flush();
}

/// `tmux load-buffer -w -` with `text` on its standard input; true when tmux took it.
pub fn load_into_tmux(text: &str) -> bool {
    let child = Command::new("tmux")
        .args(["load-buffer", "-w", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    let written = child
        .stdin
        .take()
        .is_some_and(|mut stdin| stdin.write_all(text.as_bytes()).is_ok());
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return written && status.success(),
            Ok(None) if start.elapsed() < TMUX_PATIENCE => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}
