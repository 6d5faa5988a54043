//! The rule of which module may import which (docs/architecture.md, "Layers"), checked on
//! every file under `src/`: each `crate::…` path (in a `use` or written in full, grouped
//! `crate::{…}` imports included) and each `super::…` path that climbs out of its module must
//! name a module its layer may import.

use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may import besides itself. `main.rs` and `lib.rs`
/// sit above every layer and may import anything. docs/architecture.md says the same in words.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("keys", &[]),
    ("error", &["model"]),
    ("log", &["model"]),
    ("gen", &["model"]),
    ("i18n", &["model"]),
    ("export", &["model", "i18n"]),
    ("layout", &["model", "i18n"]),
    ("config", &["model", "i18n", "keys", "error"]),
    ("app", &["model", "i18n", "keys", "layout", "export"]),
    (
        "settings",
        &["model", "i18n", "keys", "config", "error", "app"],
    ),
    (
        "ui",
        &[
            "model", "i18n", "keys", "layout", "export", "app", "settings",
        ],
    ),
    (
        "tui",
        &[
            "model", "i18n", "keys", "layout", "export", "app", "ui", "settings", "error", "config",
        ],
    ),
    (
        "commands",
        &[
            "model", "i18n", "keys", "export", "app", "config", "settings", "error",
        ],
    ),
    (
        "cli",
        &[
            "model", "i18n", "keys", "app", "config", "settings", "error", "commands",
        ],
    ),
];

/// Imports that break the rule: (file, the path it imports, or the start of it). Once one is
/// gone, its line here must go too.
const KNOWN_VIOLATIONS: &[(&str, &str)] = &[
    // The keymap's unit tests read a config file's `[keys]` as the TUI takes them.
    ("src/app/keymap/remap.rs", "crate::config"),
];

/// One import found in a source file.
#[derive(Debug, PartialEq)]
struct Import {
    line: usize,
    /// As written, from `crate` (`crate::ui::theme`), or as it resolves for `super::` paths.
    path: String,
    /// The top-level module it names (`ui`).
    module: String,
}

/// The file's module path under `src/`: `src/commands/tui.rs` is `["commands", "tui"]`,
/// `src/commands/mod.rs` is `["commands"]`, `src/config.rs` is `["config"]`.
fn module_path(file: &str) -> Vec<String> {
    let inside = file.strip_prefix("src/").unwrap_or(file);
    let inside = inside.strip_suffix(".rs").unwrap_or(inside);
    let mut parts: Vec<String> = inside.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The text with comments blanked out (`//` to the end of the line, `/* … */`), string and
/// character literals kept as they are; offsets and line numbers do not move.
fn without_comments(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match (b, bytes.get(i + 1)) {
            (b'"', _) => in_string = true,
            (b'/', Some(b'/')) => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
                continue;
            }
            (b'/', Some(b'*')) => {
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    if bytes[i] != b'\n' {
                        out[i] = b' ';
                    }
                    i += 1;
                }
                out[i..(i + 2).min(bytes.len())].fill(b' ');
                i += 2;
                continue;
            }
            // A char literal such as '"' must not open a string.
            (b'\'', _) if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            (b'\'', Some(b'\\')) if bytes.get(i + 3) == Some(&b'\'') => i += 3,
            _ => {}
        }
        i += 1;
    }
    String::from_utf8(out).expect("blanking ASCII bytes keeps UTF-8")
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The identifier at the start of `text`.
fn ident(text: &str) -> &str {
    let end = text
        .bytes()
        .position(|c| !is_ident(c))
        .unwrap_or(text.len());
    &text[..end]
}

/// The items of a `{…}` group starting at `text[0] == '{'`, each with its offset in `text`.
fn group_items(text: &str) -> Vec<(usize, &str)> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' | ',' if depth == 1 => {
                let item = &text[start..i];
                let lead = item.len() - item.trim_start().len();
                if !item.trim().is_empty() {
                    items.push((start + lead, item.trim()));
                }
                start = i + 1;
                if c == '}' {
                    break;
                }
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    items
}

/// Every path in `source` (the file `file`) that leaves its own top-level module.
fn imports(file: &str, source: &str) -> Vec<Import> {
    let text = without_comments(source);
    let bytes = text.as_bytes();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let own = module_path(file);
    let mut found = Vec::new();
    // A `super::` path that seems to climb out may start inside an inline module
    // (`mod tests { use super::…; }`): it counts only when it names a top-level module.
    let mut push = |offset: usize, prefix: &str, rest: &str| {
        let module = ident(rest);
        let known = LAYERS.iter().any(|(name, _)| *name == module);
        if module.is_empty() || module == "self" || (prefix != "crate::" && !known) {
            return;
        }
        let tail: String = rest
            .chars()
            .take_while(|&c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            .collect();
        found.push(Import {
            line: line_of(offset),
            path: format!("{prefix}{}", tail.trim_end_matches(':')),
            module: module.to_owned(),
        });
    };
    let mut i = 0;
    while i < bytes.len() {
        let starts_path = i == 0 || !(is_ident(bytes[i - 1]) || bytes[i - 1] == b'$');
        let after_colons = i >= 2 && &bytes[i - 2..i] == b"::";
        if starts_path && !after_colons && bytes[i..].starts_with(b"crate::") {
            let rest = &text[i + "crate::".len()..];
            match rest.starts_with('{') {
                true => {
                    for (at, item) in group_items(rest) {
                        push(i + "crate::".len() + at, "crate::", item);
                    }
                }
                false => push(i, "crate::", rest),
            }
            i += "crate::".len();
            continue;
        }
        if starts_path && !after_colons && bytes[i..].starts_with(b"super::") {
            let mut climbs = 0;
            let mut j = i;
            while bytes[j..].starts_with(b"super::") {
                climbs += 1;
                j += "super::".len();
            }
            // `super` from `a::b` (depth 2) once is `a`; climbing as deep as the file is leaves
            // the top-level module: what follows names another one.
            if climbs >= own.len() {
                let mut ups = String::new();
                for _ in 0..climbs {
                    ups.push_str("super::");
                }
                let rest = &text[j..];
                match rest.starts_with('{') {
                    true => {
                        for (at, item) in group_items(rest) {
                            push(j + at, &ups, item);
                        }
                    }
                    false => push(i, &ups, rest),
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    found
}

/// What breaks the rule in `file`, one message per import, allowed exceptions left out.
fn violations(file: &str, source: &str, known: &[(&str, &str)]) -> Vec<String> {
    let own = module_path(file);
    let Some(top) = own.first() else {
        return Vec::new();
    };
    if top == "main" || top == "lib" {
        return Vec::new();
    }
    let Some((_, allowed)) = LAYERS.iter().find(|(name, _)| name == top) else {
        return vec![format!(
            "{file}: module `{top}` is in no layer: add it to LAYERS in tests/layers.rs and to \
             docs/architecture.md"
        )];
    };
    imports(file, source)
        .into_iter()
        .filter(|i| &i.module != top && !allowed.contains(&i.module.as_str()))
        .filter(|i| {
            !known
                .iter()
                .any(|(f, p)| *f == file && i.path.starts_with(p))
        })
        .map(|i| {
            format!(
                "{file}:{}: imports `{}`: {top} may import only {} (docs/architecture.md, Layers)",
                i.line,
                i.path,
                match allowed.is_empty() {
                    true => "itself".to_owned(),
                    false => allowed.join(", "),
                }
            )
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every file under src/, as `src/…` with its text.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(root)
                .expect("under the crate")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
        })
        .collect()
}

#[test]
fn every_module_imports_only_what_its_layer_may() {
    let sources = sources();
    assert!(
        sources.iter().any(|(f, _)| f == "src/commands/mod.rs"),
        "the walk found the sources"
    );
    let broken: Vec<String> = sources
        .iter()
        .flat_map(|(file, text)| violations(file, text, KNOWN_VIOLATIONS))
        .collect();
    assert!(
        broken.is_empty(),
        "imports across the layers:\n{}",
        broken.join("\n")
    );
}

/// An exception nobody needs any more goes, so the list only shrinks.
#[test]
fn every_known_violation_still_happens() {
    let sources = sources();
    let stale: Vec<String> = KNOWN_VIOLATIONS
        .iter()
        .filter(|(file, path)| {
            !sources.iter().any(|(f, text)| {
                f == file && imports(f, text).iter().any(|i| i.path.starts_with(path))
            })
        })
        .map(|(file, path)| format!("{file} no longer imports `{path}`"))
        .collect();
    assert!(
        stale.is_empty(),
        "remove these from KNOWN_VIOLATIONS in tests/layers.rs:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_checker_reports_commands_importing_ui() {
    let source = "//! A command.\n\nuse std::io::Write;\n\nuse crate::ui::theme;\n";
    assert_eq!(
        violations("src/commands/fake.rs", source, &[]),
        vec![
            "src/commands/fake.rs:5: imports `crate::ui::theme`: commands may import only model, \
             i18n, keys, export, app, config, settings, error (docs/architecture.md, Layers)"
                .to_owned()
        ]
    );
}

#[test]
fn the_checker_reads_groups_full_paths_and_super_and_skips_comments() {
    let source = "use crate::{\n    model::Dataset,\n    tui::log,\n};\n\
                  // crate::ui::theme in a comment\n\
                  let s = \"// not a comment\"; let t = crate::ui::theme::Theme::pick();\n\
                  use super::super::app::State;\n\
                  use super::export;\n\
                  mod tests { use super::Thing; }\n";
    let found: Vec<(usize, String)> = violations("src/model/x.rs", source, &[])
        .iter()
        .map(|m| {
            let line = m.split(':').nth(1).unwrap().parse().unwrap();
            let path = m.split('`').nth(1).unwrap().to_owned();
            (line, path)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "crate::tui::log".to_owned()),
            (6, "crate::ui::theme::Theme::pick".to_owned()),
            (7, "super::super::app::State".to_owned()),
        ]
    );
}

#[test]
fn a_known_violation_is_let_through_and_a_module_in_no_layer_is_named() {
    let source = "use crate::tui::log;\n";
    assert!(violations(
        "src/commands/mod.rs",
        source,
        &[("src/commands/mod.rs", "crate::tui::log")]
    )
    .is_empty());
    assert_eq!(violations("src/commands/mod.rs", source, &[]).len(), 1);
    assert!(violations("src/sync.rs", "", &[])[0].contains("module `sync` is in no layer"));
    assert!(violations("src/main.rs", "use crate::tui::log;\n", &[]).is_empty());
}
