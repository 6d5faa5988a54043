//! A smoke test in a real terminal emulator: tmux runs the binary, keys go in, the screen comes
//! out. The full end-to-end suite runs in a pseudo-terminal (`tests/e2e/`) and needs nothing
//! outside Cargo; this one needs tmux (and, for copying from inside it, GNU screen), so it is
//! ignored by a plain `cargo test` and run by `.ci/run` (`cargo test -- --ignored`) after it
//! installs them.

#[path = "e2e/process.rs"]
mod process;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use process::wait_gone;

/// A tmux server of its own (its own socket, no user config), with one 80x24 shell.
struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str) -> Tmux {
        let socket = format!("findings-e2e-{}-{name}", std::process::id());
        let dir = tempfile::tempdir().unwrap();
        let t = Tmux { socket, dir };
        let out = t.tmux(&[
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "80",
            "-y",
            "24",
            "sh",
        ]);
        assert!(
            out.status.success(),
            "tmux failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-u", "-f", "/dev/null", "-L", &self.socket])
            .args(args)
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("TMUX")
            .env_remove("STY")
            .output()
            .expect("tmux is installed")
    }

    fn pid_file(&self) -> PathBuf {
        self.dir.path().join("pid")
    }

    /// Starts findings in the shell, recording its pid; the shell prints EXITED-<code> after.
    fn launch(&self, args: &str) -> u32 {
        self.launch_with_env("", args)
    }

    /// [`Tmux::launch`] with `env` (`NAME=value ...`) set for findings.
    fn launch_with_env(&self, env: &str, args: &str) -> u32 {
        let bin = env!("CARGO_BIN_EXE_findings");
        let pid_file = self.pid_file();
        let _ = std::fs::remove_file(&pid_file);
        let line = format!(
            "LANG=C.UTF-8 XDG_STATE_HOME={} FINDINGS_NO_CACHE=1 {env} sh -c 'echo $$ > {}; exec {bin} {args}'; echo EXITED-$?",
            self.dir.path().display(),
            pid_file.display()
        );
        self.keys(&[&line, "Enter"]);
        self.wait_for("All 14");
        std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "main"]).stdout)
            .into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no {text:?} on screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Starts findings, copies the Kon Tum meeting's citation with `y`: the pid and what tmux's
    /// paste buffer then holds.
    fn copy_the_kon_tum_meeting(&self) -> (u32, String) {
        let pid = self.launch("--lang en");
        self.keys(&["3"]);
        self.wait_for("1/4 · meeting-kon-tum");
        self.keys(&["y"]);
        self.wait_for("sent to the terminal's clipboard");
        (pid, self.buffer_holding("meeting-kon-tum"))
    }

    /// tmux's paste buffer once it holds `text`, or as it is after 5 s.
    fn buffer_holding(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let out = self.tmux(&["show-buffer"]);
            let buffer = String::from_utf8_lossy(&out.stdout).into_owned();
            if buffer.contains(text) || start.elapsed() > Duration::from_secs(5) {
                return buffer;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn flag(&self, name: &str) -> String {
        let format = format!("#{{{name}}}");
        let out = self.tmux(&["display-message", "-p", "-t", "main", &format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The terminal is usable again: main screen, no mouse reporting, cursor shown, and the
    /// shell echoes what is typed (cooked mode).
    fn assert_restored(&self) {
        assert_eq!(
            self.flag("alternate_on"),
            "0",
            "still on the alternate screen"
        );
        assert_eq!(self.flag("mouse_any_flag"), "0", "mouse reporting left on");
        assert_eq!(
            self.flag("mouse_standard_flag"),
            "0",
            "mouse reporting left on"
        );
        assert_eq!(self.flag("cursor_flag"), "1", "cursor left hidden");
        self.keys(&["echo still-$((40+2))", "Enter"]);
        self.wait_for("still-42");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Not `self.tmux`, which panics when tmux is missing: no second panic while unwinding.
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

#[test]
// Ignored by `cargo test`: it needs tmux, which Cargo cannot install; .ci/run installs tmux
// and runs it with `cargo test -- --ignored`, so it never hides a failure.
#[ignore = "needs tmux, which Cargo cannot install; .ci/run installs tmux and runs the ignored tests"]
fn browse_follow_links_help_and_quit() {
    let t = Tmux::start("browse");
    let pid = t.launch("--lang en");
    let screen = t.wait_for("Meetings 4");
    assert!(
        screen.contains("Experiences 7") && screen.contains("Visits 2"),
        "{screen}"
    );
    // Moving through the list updates the status line.
    t.keys(&["3"]);
    t.wait_for("1/4 · meeting-kon-tum");
    t.keys(&["j", "j"]);
    t.wait_for("3/4 · meeting-dak-lak");
    // At 80 columns Enter opens the detail full-screen; its links include the experience.
    t.keys(&["Enter"]);
    let detail = t.wait_for("Linked records (5)");
    assert!(
        detail.contains("Working session with the Đắk Lắk Department"),
        "{detail}"
    );
    // The fifth link: the Korea programme (after the trip and the three shared experiences).
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Enter"]);
    t.wait_for("The joint programme of Đắk Lắk and Đắk Nông");
    t.wait_for("experience · exp-han-quoc");
    t.keys(&["BSpace"]);
    t.wait_for("meeting · meeting-dak-lak");
    // The help lists every key, those that work everywhere first.
    t.keys(&["?"]);
    let help = t.wait_for("Everywhere");
    assert!(help.contains("q Ctrl-c") && help.contains("quit"), "{help}");
    t.keys(&["j"; 80]);
    t.wait_for("In this help");
    t.keys(&["q"]);
    t.keys(&["q"]);
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
// Ignored by `cargo test`: it needs tmux, which Cargo cannot install; .ci/run installs tmux
// and runs it with `cargo test -- --ignored`, so it never hides a failure.
#[ignore = "needs tmux, which Cargo cannot install; .ci/run installs tmux and runs the ignored tests"]
fn closing_the_pane_ends_the_process() {
    let t = Tmux::start("close");
    let pid = t.launch("");
    t.tmux(&["kill-pane", "-t", "main"]);
    wait_gone(pid, Duration::from_secs(2));
}

/// In tmux, `y` puts the record's citation in tmux's buffer, once, whatever tmux's clipboard
/// setting: `on`, the default `external`, `off`.
#[test]
// Ignored by `cargo test`: it needs tmux, which Cargo cannot install; .ci/run installs tmux
// and runs it with `cargo test -- --ignored`, so it never hides a failure.
#[ignore = "needs tmux, which Cargo cannot install; .ci/run installs tmux and runs the ignored tests"]
fn y_copies_a_citation_into_tmux() {
    let citation = "Working session with the Kon Tum Department of Labour, Invalids and Social \
                    Affairs — Kon Tum, Study and exchange of experience in implementing the \
                    National Target Program for Sustainable Poverty Reduction in the Central \
                    Highlands provinces, meeting-kon-tum";
    let t = Tmux::start("copy");
    t.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    let (pid, buffer) = t.copy_the_kon_tum_meeting();
    assert_eq!(buffer, citation);
    for setting in ["on", "external", "off"] {
        while t.tmux(&["delete-buffer"]).status.success() {}
        t.tmux(&["set-option", "-g", "set-clipboard", setting]);
        t.keys(&["j", "k", "y"]);
        assert_eq!(t.buffer_holding("meeting-kon-tum"), citation, "{setting}");
        std::thread::sleep(Duration::from_millis(200));
        let buffers = t.tmux(&["list-buffers"]);
        let count = String::from_utf8_lossy(&buffers.stdout).lines().count();
        assert_eq!(
            count, 1,
            "set-clipboard {setting}: one buffer, not a copy each way"
        );
    }
    t.keys(&["q"]);
    wait_gone(pid, Duration::from_secs(2));
}

/// A tmux inside the test's tmux, with its own clipboard setting off and passthrough on: `y`
/// reaches the outer tmux's buffer only through the passthrough-wrapped copy of the sequence,
/// as it would reach a terminal around a user's tmux (tmux's `load-buffer -w` does not pass it
/// on with the setting off).
#[test]
// Ignored by `cargo test`: it needs tmux, which Cargo cannot install; .ci/run installs tmux
// and runs it with `cargo test -- --ignored`, so it never hides a failure.
#[ignore = "needs tmux, which Cargo cannot install; .ci/run installs tmux and runs the ignored tests"]
fn y_copies_through_tmux_passthrough() {
    let outer = Tmux::start("passthrough");
    outer.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    let inner = Inner(format!("{}-inner", outer.socket));
    outer.keys(&[
        &format!(
            "LANG=C.UTF-8 env -u TMUX tmux -u -f /dev/null -L {} new-session -s inner sh",
            inner.0
        ),
        "Enter",
    ]);
    let start = Instant::now();
    while !inner.tmux(&["has-session"]).status.success() {
        assert!(start.elapsed() < Duration::from_secs(10), "no inner tmux");
        std::thread::sleep(Duration::from_millis(50));
    }
    inner.tmux(&["set-option", "-g", "set-clipboard", "off"]);
    inner.tmux(&["set-option", "-g", "allow-passthrough", "on"]);
    let (pid, buffer) = outer.copy_the_kon_tum_meeting();
    assert!(
        buffer.starts_with("Working session with the Kon Tum Department")
            && buffer.ends_with(", meeting-kon-tum"),
        "{buffer:?}"
    );
    // The inner tmux has it in its own buffer too (tmux load-buffer), whatever its settings.
    let own = inner.tmux(&["show-buffer"]);
    assert_eq!(String::from_utf8_lossy(&own.stdout), buffer);
    outer.keys(&["q"]);
    wait_gone(pid, Duration::from_secs(2));
}

/// GNU screen inside the test's tmux: screen does not take OSC 52, so `y` sends it in pieces
/// screen hands to the terminal around it (here tmux, whose clipboard setting is on).
#[test]
// Ignored by `cargo test`: it needs tmux and GNU screen, which Cargo cannot install; .ci/run
// installs tmux and screen and runs it with `cargo test -- --ignored`, so it never hides a
// failure.
#[ignore = "needs tmux and GNU screen, which Cargo cannot install; .ci/run installs tmux and screen and runs the ignored tests"]
fn y_copies_from_inside_gnu_screen() {
    use std::os::unix::fs::PermissionsExt;
    let outer = Tmux::start("screen");
    outer.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    let sockets = outer.dir.path().join("screens");
    std::fs::create_dir(&sockets).unwrap();
    std::fs::set_permissions(&sockets, std::fs::Permissions::from_mode(0o700)).unwrap();
    let rc = outer.dir.path().join("screenrc");
    std::fs::write(&rc, "startup_message off\n").unwrap();
    let _screen = Screen(sockets.clone());
    outer.keys(&[
        &format!(
            "SCREENDIR={} env -u TMUX screen -c {} -S findings sh",
            sockets.display(),
            rc.display()
        ),
        "Enter",
    ]);
    let start = Instant::now();
    while std::fs::read_dir(&sockets).map_or(0, |d| d.count()) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no screen session"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let (pid, buffer) = outer.copy_the_kon_tum_meeting();
    assert!(
        buffer.starts_with("Working session with the Kon Tum Department")
            && buffer.ends_with(", meeting-kon-tum"),
        "{buffer:?}"
    );
    outer.keys(&["q"]);
    wait_gone(pid, Duration::from_secs(2));
}

/// The screen sessions whose sockets are in a folder, ended when the test ends.
struct Screen(PathBuf);

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = Command::new("screen")
            .args(["-S", "findings", "-X", "quit"])
            .env("SCREENDIR", &self.0)
            .output();
    }
}

/// The tmux server a test starts inside its own tmux, killed when the test ends.
struct Inner(String);

impl Inner {
    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.0])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux is installed")
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.0, "kill-server"])
            .output();
    }
}

/// `NO_COLOR=1` draws without a single colour code, as tmux sees the screen (`capture-pane
/// -e`); `--ascii` draws without box-drawing characters.
#[test]
// Ignored by `cargo test`: it needs tmux, which Cargo cannot install; .ci/run installs tmux
// and runs it with `cargo test -- --ignored`, so it never hides a failure.
#[ignore = "needs tmux, which Cargo cannot install; .ci/run installs tmux and runs the ignored tests"]
fn no_color_and_ascii_as_tmux_shows_them() {
    let t = Tmux::start("looks");
    let coloured = |screen: &str| {
        // SGR parameters 30-38, 40-48 and 90-107 set colours (39 and 49, which tmux writes
        // after every reset, go back to the terminal's own).
        screen.split("\x1b[").skip(1).any(|seq| {
            let params = seq.split('m').next().unwrap_or("");
            params.split(';').any(|p| {
                p.parse::<u32>()
                    .is_ok_and(|n| ((30..=48).contains(&n) && n != 39) || (90..=107).contains(&n))
            })
        })
    };
    let escaped = || {
        let out = t.tmux(&["capture-pane", "-e", "-p", "-t", "main"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let pid = t.launch("--lang en");
    t.keys(&["f"]);
    t.wait_for("Province");
    assert!(coloured(&escaped()), "the default theme has colours");
    t.keys(&["q"]);
    wait_gone(pid, Duration::from_secs(2));
    t.keys(&["clear", "Enter"]);
    let pid = t.launch("--lang en --ascii");
    t.keys(&["f", "s"]);
    t.wait_for("Province");
    t.keys(&["e"]);
    let screen = t.wait_for("Export as");
    let drawn: Vec<char> = screen
        .chars()
        .filter(|c| ('\u{2500}'..='\u{259f}').contains(c) || "▏▰▱┃✓▶✗★↑↓".contains(*c))
        .collect();
    assert!(drawn.is_empty(), "{drawn:?}\n{screen}");
    assert!(screen.contains("+-"), "ASCII borders: {screen}");
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    wait_gone(pid, Duration::from_secs(2));
    t.keys(&["clear", "Enter"]);
    let pid = t.launch_with_env("NO_COLOR=1", "--lang en --theme high-contrast");
    t.keys(&["f", "/", "d", "a", "k"]);
    t.wait_for("dak");
    let screen = escaped();
    assert!(!coloured(&screen), "{screen:?}");
    t.keys(&["Escape", "Escape", "q"]);
    wait_gone(pid, Duration::from_secs(2));
}
