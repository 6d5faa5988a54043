//! Start-up time: from starting `findings` in a pseudo-terminal to its first frame on screen
//! (the embedded data), against `findings stats` run to its end, in the same run. Medians of
//! 20 of each.
//!
//!     cargo build --release && cargo run --release --example startup

use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

fn binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the example's path");
    // target/release/examples/startup -> target/release/findings
    exe.parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("findings"))
        .expect("target folder")
}

fn first_frame(bin: &std::path::Path) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let dir = tempfile::tempdir().expect("a folder");
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(["--lang", "en"]);
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_STATE_HOME", dir.path());
    cmd.env("XDG_CONFIG_HOME", dir.path());
    cmd.env_remove("FINDINGS_DATA");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("findings starts");
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut parser = vt100::Parser::new(24, 80, 0);
    let mut buf = [0u8; 65536];
    let took = loop {
        let n = reader.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break start.elapsed();
        }
        parser.process(&buf[..n]);
        if parser.screen().contents().contains("All 14") {
            break start.elapsed();
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    took
}

fn stats(bin: &std::path::Path) -> Duration {
    let start = Instant::now();
    let out = std::process::Command::new(bin)
        .args(["stats", "--lang", "en"])
        .env_remove("FINDINGS_DATA")
        .output()
        .expect("findings stats");
    assert!(out.status.success());
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    let bin = binary();
    let (mut frames, mut plain) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        frames.push(first_frame(&bin));
        plain.push(stats(&bin));
    }
    println!(
        "first frame on the embedded data: median {:.1} ms; findings stats: median {:.1} ms (20 runs each)",
        median(frames),
        median(plain)
    );
}
