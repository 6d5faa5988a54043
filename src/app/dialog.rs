//! Small questions the TUI asks in a popup — a name for a view, an export's format and file,
//! whether to replace a file — and text shown to be selected with the mouse. While one is open,
//! keys go to it.

use std::path::PathBuf;

use crate::export::ExportFormat;
use crate::model::views::View;

#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// A line to type.
    Prompt { ask: Ask, input: String },
    /// One of a list.
    Pick { pick: Pick, selected: usize },
    /// The export file exists: replace it?
    Overwrite { path: PathBuf, format: ExportFormat },
    /// Text to read and select with the mouse (what `y` and `Y` copy, for terminals that do
    /// not take OSC 52).
    Text { text: String, scroll: usize },
    /// A note kept in a file when an earlier session ended (the first of `State::unsaved`):
    /// open it in the editor to save it, or later.
    Unsaved,
}

/// What a prompt asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// The name to save the view under.
    ViewName,
    /// The file to export to, in this format.
    ExportFile(ExportFormat),
}

/// What a list offers.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    /// The saved views, by name.
    View(Vec<(String, View)>),
    /// The export formats.
    Format,
}

impl Pick {
    pub fn len(&self) -> usize {
        match self {
            Pick::View(views) => views.len(),
            Pick::Format => ExportFormat::ALL.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The file name an export of `format` is offered under: the view's name, else "findings",
/// made safe to type in a shell: folded to ASCII as search folds text ("Đắk Nông" →
/// "dak-nong"), only letters, digits, `-` and `_`, every run of anything else one `-`.
pub fn export_file_name(view: Option<&str>, format: ExportFormat) -> String {
    let mut stem = String::new();
    for c in crate::model::fold::fold(view.unwrap_or_default()).chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    let stem = if stem.is_empty() { "findings" } else { stem };
    format!("{stem}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_come_from_the_view_and_are_plain_file_names() {
        assert_eq!(export_file_name(None, ExportFormat::Csv), "findings.csv");
        assert_eq!(
            export_file_name(Some("Đắk Lắk/Hàn"), ExportFormat::Markdown),
            "dak-lak-han.md"
        );
        assert_eq!(
            export_file_name(
                Some("Đắk Nông – lao động nước ngoài"),
                ExportFormat::Markdown
            ),
            "dak-nong-lao-dong-nuoc-ngoai.md"
        );
        assert_eq!(
            export_file_name(Some("-rf $(x) `y`; 'q' *"), ExportFormat::Csv),
            "rf-x-y-q.csv",
            "nothing a shell reads as an option, expansion or quote"
        );
        assert_eq!(
            export_file_name(Some("北京 tháng_3"), ExportFormat::Csv),
            "thang_3.csv"
        );
        assert_eq!(
            export_file_name(Some(".."), ExportFormat::Json),
            "findings.json"
        );
    }
}
