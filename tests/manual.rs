//! `findings man`: the page carries the keys, the query syntax, the environment, the files and
//! the exit codes, names no page that does not exist, and `man` renders it.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::findings;

/// The page's roff source.
fn page() -> String {
    let out = findings().arg("man").output().expect("findings runs");
    assert!(out.status.success(), "findings man failed: {out:?}");
    String::from_utf8(out.stdout).expect("the page is UTF-8")
}

/// The roff source with the escapes this page uses undone, to read as text.
fn unescaped(roff: &str) -> String {
    roff.replace("\\-", "-")
        .replace("\\*(Aq", "'")
        .replace("\\(aq", "'")
        .replace("\\e", "\\")
        .replace("\\&", "")
}

/// The text of one section, from its `.SH` line to the next.
fn section(page: &str, name: &str) -> String {
    let mut lines = page.lines().skip_while(|l| {
        l.strip_prefix(".SH ")
            .is_none_or(|title| title.trim_matches('"') != name)
    });
    assert!(lines.next().is_some(), "no section {name} in:\n{page}");
    lines
        .take_while(|l| !l.starts_with(".SH "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_page_has_the_keys_the_query_syntax_the_environment_the_files_and_the_exit_codes() {
    let page = unescaped(&page());
    let keys = section(&page, "KEYS");
    for key in [
        "Ctrl-s",
        "Ctrl-t",
        "PgDn",
        "Shift-Tab",
        "Enter l →",
        "q Ctrl-c",
    ] {
        assert!(keys.contains(key), "KEYS lacks {key}:\n{keys}");
    }
    for heading in ["Everywhere", "In the list", "In the note editor", "Mouse"] {
        assert!(
            keys.contains(&format!(".SS {heading}"))
                || keys.contains(&format!(".SS \"{heading}\"")),
            "KEYS lacks the heading {heading}:\n{keys}"
        );
    }
    let query = section(&page, "QUERY SYNTAX");
    for part in [
        "'word",
        "^word$",
        "!word",
        "province:dak-lak",
        "!kind:trip",
        "id:",
    ] {
        assert!(query.contains(part), "QUERY SYNTAX lacks {part}:\n{query}");
    }
    let environment = section(&page, "ENVIRONMENT");
    for name in [
        "FINDINGS_DATA",
        "FINDINGS_REVIEW_DB",
        "FINDINGS_LOG",
        "NO_COLOR",
        "LANG",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_DATA_HOME",
    ] {
        assert!(environment.contains(name), "ENVIRONMENT lacks {name}");
    }
    let files = section(&page, "FILES");
    for file in [
        "findings/config.toml",
        "findings/views.toml",
        "findings/review.db",
        "findings/history",
        "findings/unsaved/",
        "findings/log",
    ] {
        assert!(files.contains(file), "FILES lacks {file}");
    }
    let exit = section(&page, "EXIT STATUS");
    for code in ["0", "1", "2", "141"] {
        assert!(
            exit.lines().any(|l| l == format!("\\fB{code}\\fR")),
            "EXIT STATUS lacks {code}:\n{exit}"
        );
    }
    let commands = section(&page, "COMMANDS");
    assert!(commands.contains("findings review mark"), "{commands}");
}

/// A reference such as `findings-check(1)` names a page; the only page findings has is this one.
#[test]
fn the_page_names_no_other_page() {
    let page = unescaped(&page());
    let references: Vec<&str> = page
        .match_indices('(')
        .filter(|&(at, _)| {
            let after = &page[at + 1..];
            let before = &page[..at];
            after.len() > 1
                && after.as_bytes()[0].is_ascii_digit()
                && after.as_bytes()[1] == b')'
                && before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
        })
        .map(|(at, _)| {
            let start = page[..at]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |s| s + 1);
            &page[start..at + 3]
        })
        .collect();
    assert!(references.is_empty(), "pages named: {references:?}");
}

#[test]
#[ignore = "needs man (man-db) and groff, which Cargo cannot install; .ci/run installs them"]
fn man_renders_the_page_without_a_warning() {
    let roff = page();
    let mut man = Command::new("man")
        .args(["--warnings", "-l", "-"])
        .env("MANWIDTH", "100")
        .env("LANG", "C.UTF-8")
        .env("MANPAGER", "cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man is installed");
    man.stdin
        .take()
        .expect("a pipe")
        .write_all(roff.as_bytes())
        .expect("man reads the page");
    let out = man.wait_with_output().expect("man ends");
    let text = String::from_utf8_lossy(&out.stdout);
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "man failed: {warnings}");
    assert!(warnings.trim().is_empty(), "man warned: {warnings}");
    for part in [
        "KEYS",
        "Ctrl-s",
        "QUERY SYNTAX",
        "province:dak-lak",
        "ENVIRONMENT",
        "FILES",
        "EXIT STATUS",
        "findings review mark",
    ] {
        assert!(
            text.contains(part),
            "the rendered page lacks {part}:\n{text}"
        );
    }
}
