//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

pub mod indexed;
pub mod zipped;

/// The built `findings` binary, with no dataset chosen by the environment, and no index cache
/// (a test never writes into the home folder's; tests/cache.rs gives it one of its own).
pub fn findings() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_findings"));
    cmd.env_remove("FINDINGS_DATA")
        .env("FINDINGS_NO_CACHE", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .timeout(std::time::Duration::from_secs(30));
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `findings check PATH...` and returns (exit code, stdout, stderr).
pub fn check(paths: &[PathBuf]) -> (i32, String, String) {
    let out = findings()
        .arg("check")
        .args(paths)
        .output()
        .expect("run findings");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A TUI state over a fixture dataset (which must be valid).
pub fn state(
    name: &str,
    lang: findings::i18n::Lang,
    size: (u16, u16),
) -> findings::app::state::State {
    let loaded = findings::model::DataSource::Paths(vec![fixture(name)]).load();
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
    findings::app::state::State::new(std::sync::Arc::new(loaded.dataset), lang, size)
}

/// The screen for `state`, drawn into a test buffer, as text lines.
pub fn screen(state: &findings::app::state::State) -> String {
    render(state, false)
}

/// The screen with search matches (italic, in the monochrome theme) in ‹ ›.
pub fn screen_marked(state: &findings::app::state::State) -> String {
    render(state, true)
}

fn render(state: &findings::app::state::State, marks: bool) -> String {
    let backend = ratatui::backend::TestBackend::new(state.size.0, state.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    let theme = findings::ui::theme::Theme::mono();
    terminal
        .draw(|frame| findings::ui::view(frame, state, &theme))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        let mut in_mark = false;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            let symbol = cell.symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            let m = cell.modifier;
            let matched = marks && m.contains(ratatui::style::Modifier::ITALIC);
            if matched != in_mark {
                line.push(if matched { '‹' } else { '›' });
                in_mark = matched;
            }
            line.push_str(symbol);
        }
        if in_mark {
            line.push('›');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Runs a search as the TUI's runtime does (its own job, through the headless driver) and
/// hands its results to `update`; whether they were drawn.
pub fn run_search(
    state: &mut findings::app::state::State,
    request: findings::app::search::Request,
) -> bool {
    use findings::tui::driver::{Driver, Files};
    let mut driver = Driver::new(state, Files::default());
    driver
        .carry_out(state, findings::app::effect::Effect::Search(request))
        .redraw
}
