//! The real binary in a real pseudo-terminal: keys go in through the pty, the screen comes out
//! through a `vt100` parser. Needs nothing outside Cargo. Here: browsing and the terminal's
//! life (sizes, signals, hangups, the mouse); searching, reviewing, sharing and the data files
//! in modules of their own.

mod process;
mod pty;

mod data;
mod rescue;
mod review;
mod search;
mod sharing;

use std::time::Duration;

use process::{blocked_writing, gone, kill, stat, wait_gone};
use pty::{clipboard_texts, terminal_queries, Pty};

const ENTER: &str = "\r";
const TAB: &str = "\t";
const BACKSPACE: &str = "\x7f";
const ESCAPE: &str = "\x1b";
const CTRL_R: &str = "\x12";
const CTRL_U: &str = "\x15";

#[test]
fn browse_follow_links_help_and_quit() {
    let mut t = Pty::shell();
    let pid = t.launch("--lang en", "All 14");
    let screen = t.wait_for("Meetings 4");
    assert!(
        screen.contains("Experiences 7") && screen.contains("Visits 2"),
        "{screen}"
    );
    // Nothing written up to the first frame asks the terminal for an answer.
    assert_eq!(terminal_queries(&t.raw), Vec::<String>::new());
    assert!(!terminal_queries(b"\x1b[6n\x1b]11;?\x07\x1b[?2026$p").is_empty());
    // Moving through the list updates the status line.
    t.keys("3");
    t.wait_for("1/4 · meeting-kon-tum");
    t.keys("jj");
    t.wait_for("3/4 · meeting-dak-lak");
    // At 80 columns Enter opens the detail full-screen; its links include the experience.
    t.keys(ENTER);
    let detail = t.wait_for("Linked records (5)");
    assert!(
        detail.contains("Working session with the Đắk Lắk Department"),
        "{detail}"
    );
    // The fifth link: the Korea programme (after the trip and the three shared experiences).
    t.keys(&[TAB, TAB, TAB, TAB, TAB, ENTER].concat());
    t.wait_for("The joint programme of Đắk Lắk and Đắk Nông");
    t.wait_for("experience · exp-han-quoc");
    t.keys(BACKSPACE);
    t.wait_for("meeting · meeting-dak-lak");
    // The help lists every key, those that work everywhere first.
    t.keys("?");
    let help = t.wait_for("Everywhere");
    assert!(help.contains("q Ctrl-c") && help.contains("quit"), "{help}");
    t.keys(&"j".repeat(30));
    t.wait_for("Enter l →");
    t.keys(&"j".repeat(80));
    t.wait_for("In this help");
    t.keys("q");
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
fn resizing_below_the_minimum_and_back() {
    let mut t = Pty::shell();
    let pid = t.launch("--lang en", "All 14");
    t.resize(30, 10);
    t.wait_for("Terminal too small");
    t.resize(80, 24);
    let screen = t.wait_for("Meetings 4");
    assert!(!screen.contains("Terminal too small"), "{screen}");
    t.keys("q");
    t.wait_for("EXITED-0");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
fn termination_signals_restore_the_terminal() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT, libc::SIGQUIT] {
        let mut t = Pty::shell();
        let pid = t.launch("", "All 14");
        kill(pid, signal);
        wait_gone(pid, Duration::from_secs(2));
        t.wait_for(&format!("EXITED-{}", 128 + signal));
        t.assert_restored();
    }
}

/// SSH dropped while SIGHUP is ignored (as under `nohup`): no signal comes, only the terminal
/// hanging up. The process notices within 2 s and does not spin meanwhile.
#[test]
fn the_terminal_going_away_ends_the_process_without_spinning() {
    let mut t = Pty::script("trap '' HUP; exec \"$FINDINGS\"");
    let pid = t.child_pid();
    t.wait_for("All 14");
    std::thread::sleep(Duration::from_millis(200));
    let (_, cpu_before) = stat(pid).expect("findings is running");
    t.hang_up();
    wait_gone(pid, Duration::from_secs(2));
    let (state, cpu_after) = stat(pid).expect("an unreaped zombie keeps its stat");
    assert_eq!(state, 'Z', "findings should have exited");
    // SAFETY: sysconf only reads a system constant.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    let cpu = cpu_after - cpu_before;
    assert!(
        cpu * 10 < ticks_per_second,
        "used {cpu} ticks of CPU (of {ticks_per_second}/s) between hangup and exit: it spun"
    );
}

#[test]
fn mouse_reporting_on_by_default_and_off_with_no_mouse() {
    let mut t = Pty::shell();
    let pid = t.launch("--no-mouse --lang en", "All 14");
    assert_eq!(t.vt().mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    // A click report typed anyway is not taken as a click: after it, `j` moves to row 2.
    t.keys("3");
    t.wait_for("1/4 · meeting-kon-tum");
    t.keys("\x1b[<0;10;5M\x1b[<0;10;5mj");
    t.wait_for("2/4 · meeting-gia-lai");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();

    let pid = t.launch("--lang en", "All 14");
    t.screen();
    assert_eq!(
        t.vt().mouse_protocol_mode(),
        vt100::MouseProtocolMode::ButtonMotion,
        "button presses (and drags) are reported by default"
    );
    assert_eq!(
        t.vt().mouse_protocol_encoding(),
        vt100::MouseProtocolEncoding::Sgr
    );
    // A click on the third row of the list selects it (SGR report, 1-based column;row).
    t.keys("3");
    t.wait_for("1/4 · meeting-kon-tum");
    t.keys("\x1b[<0;10;5M\x1b[<0;10;5m");
    t.wait_for("3/4 · meeting-dak-lak");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

/// A generated dataset of `records` records written in the test's folder; its path.
fn generated_data(t: &Pty, records: usize, seed: u64) -> std::path::PathBuf {
    let data = t.dir.path().join(format!("{records}.json"));
    let value = findings::gen::dataset(records, seed, "");
    std::fs::write(&data, serde_json::to_vec(&value).unwrap()).unwrap();
    data
}
