//! The key table of the README, made from the keymap: the README holds exactly this between
//! its `<!-- keys:begin -->` and `<!-- keys:end -->` lines (a test checks it).

use super::{Context, Keymap};
use crate::i18n::{self, Lang};

/// The default keymap as a Markdown table: keys, where they work, what they do (in English),
/// and the command's name for `[keys]` in config.toml.
pub fn markdown() -> String {
    let keymap = Keymap::default();
    let lang = Lang::En;
    let mut out = String::from("| keys | where | what | command |\n|---|---|---|---|\n");
    for context in Context::ALL {
        let place = i18n::t(lang, context.title());
        for b in keymap.bindings().iter().filter(|b| b.context == context) {
            let keys: Vec<String> = b
                .keys
                .iter()
                .map(|k| format!("`{}`", cell(&k.label())))
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | `{}` |\n",
                keys.join(" "),
                cell(place),
                cell(i18n::t(lang, b.help())),
                b.command.name()
            ));
        }
    }
    out
}

/// Text for a table cell: a `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    /// README.md holds the table exactly as made here, between its markers.
    #[test]
    fn the_readme_key_table_is_the_generated_one() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let (begin, end) = ("<!-- keys:begin -->\n", "<!-- keys:end -->");
        let start = readme
            .find(begin)
            .expect("README.md has <!-- keys:begin -->")
            + begin.len();
        let stop = readme[start..]
            .find(end)
            .expect("README.md has <!-- keys:end --> after <!-- keys:begin -->");
        assert_eq!(
            &readme[start..start + stop],
            super::markdown(),
            "run the test's markdown() and paste it between the markers"
        );
    }
}
