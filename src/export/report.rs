//! A review round's report: what was decided about each finding, by whom and when, with the
//! totals an office signs. One value, made once from the data, the reviews and the selection,
//! then written as Markdown, Word (`docx`) or Excel (`xlsx`) by the renderers beside it. Text is
//! in the report's language; times are local with their zone ([`crate::model::when`]).

use crate::i18n::Lang;
use crate::model::review::Status;

/// Everything a report says, in the order it says it.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub lang: Lang,
    /// The agency that reports (the config file's `agency`); `None`: a blank to fill in.
    pub agency: Option<String>,
    /// The document's summary line: "Kết quả xem xét các phát hiện của chuyến …" / "Review of
    /// the findings of …".
    pub title: String,
    /// The trips the listed findings belong to, with their dates as the data gives them.
    pub trips: Vec<TripLine>,
    /// Everyone who set a status, starred or wrote a note on a listed finding, in name order.
    pub reviewers: Vec<String>,
    /// When the round ran: the first and the last change on a listed finding (local time).
    pub ran: Option<(String, String)>,
    /// When the report was made (local time, with the zone).
    pub made: String,
    /// The local day the report was made, `YYYY-MM-DD`, for the place-and-date line.
    pub made_day: String,
    pub totals: Totals,
    /// The findings by status: to apply first, then reviewed, not applicable, unreviewed;
    /// a status with no finding has no section.
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TripLine {
    pub title: String,
    /// "2024-03" … as the data has it; `None` when it has none.
    pub dates: Option<String>,
}

/// Counts of the listed findings. Each list is (label in the report's language, count), in
/// the order shown; every list of the findings' statuses adds up to `records`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub records: usize,
    pub by_status: Vec<(String, usize)>,
    /// Findings whose status each reviewer set last (a finding counts once).
    pub by_reviewer: Vec<(String, usize)>,
    /// A finding counts under each of its provinces (Vietnamese order).
    pub by_province: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub status: Status,
    /// The status's name in the report's language.
    pub heading: String,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub id: String,
    /// The kind's name in the report's language.
    pub kind: String,
    /// The title in the report's language where the record has it.
    pub title: String,
    pub places: Vec<String>,
    /// What the finding says (its summary), in the report's language where the record has it.
    pub summary: String,
    /// The status's name in the report's language.
    pub decision: String,
    /// Who set the status last, and when (local time); `None` while unreviewed.
    pub decided: Option<(String, String)>,
    pub starred: bool,
    /// Every note, oldest first.
    pub notes: Vec<ReportNote>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportNote {
    pub author: String,
    /// When it was written or last changed (local time).
    pub at: String,
    pub text: String,
}
