//! `findings check` over the public JSONTestSuite (its parsing files, copied into
//! `tests/fixtures/jsontestsuite/` with their licence): no file is a dataset, so each is rejected
//! with exit 1 and a message; nothing panics or hangs; every `n_` file gets a JSON syntax error
//! with a line and column.

mod common;

use std::path::PathBuf;

fn suite() -> Vec<PathBuf> {
    let dir = common::fixture("jsontestsuite/test_parsing");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the suite lives in tests/fixtures/jsontestsuite)",
                dir.display()
            )
        })
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_suite_file_is_rejected_with_a_message() {
    let files = suite();
    assert!(files.len() > 300, "only {} suite files found", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // `findings()` kills a run that takes over 30 s; a crash shows as a signal (no code).
        let (code, _out, err) = common::check(std::slice::from_ref(path));
        let shown = path.display().to_string();
        let first = err.lines().next().unwrap_or("");
        let positioned_error = first.strip_prefix(&format!("{shown}:")).and_then(|rest| {
            let mut parts = rest.splitn(3, ':');
            let line = parts.next()?.parse::<usize>().ok()?;
            let column = parts.next()?.parse::<usize>().ok()?;
            let message = parts.next()?;
            (line >= 1 && column >= 1).then_some(message)
        });
        let ok = code == 1
            && err.contains("error:")
            && !err.contains("panicked")
            && match name.starts_with("n_") {
                true => {
                    positioned_error.is_some_and(|m| m.starts_with(" error: JSON syntax error: "))
                }
                false => positioned_error.is_some(),
            };
        if !ok {
            failures.push(format!("{name}: exit {code}: {first}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} files mishandled:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
