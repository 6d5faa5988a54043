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
