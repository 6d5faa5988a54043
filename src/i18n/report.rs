//! The review report's words, Vietnamese and English: one struct per language, so a word
//! missing from either is a compile error, not a fallback.

use super::Lang;
use crate::model::review::Status;

/// What a review report says around the data.
#[derive(Debug)]
pub struct Words {
    /// The document's type: "BÁO CÁO" / "Review report".
    pub document: &'static str,
    /// The summary line for the trips named: "Kết quả xem xét các phát hiện của {trips}".
    pub title_of: &'static str,
    /// The summary line when no trip is named.
    pub title_plain: &'static str,
    /// Before one trip's name in the summary line: "chuyến" / "the trip".
    pub one_trip: &'static str,
    /// Before several trips' names: "các chuyến" / "the trips".
    pub many_trips: &'static str,
    pub agency: &'static str,
    pub trips: &'static str,
    pub reviewers: &'static str,
    /// When the round ran: "{from}" … "{to}".
    pub ran: &'static str,
    pub ran_span: &'static str,
    pub made: &'static str,
    pub totals: &'static str,
    pub findings: &'static str,
    pub by_status: &'static str,
    pub by_reviewer: &'static str,
    pub by_province: &'static str,
    pub count: &'static str,
    pub status: &'static str,
    pub reviewer: &'static str,
    pub province: &'static str,
    pub id: &'static str,
    pub kind: &'static str,
    pub places: &'static str,
    pub summary: &'static str,
    pub decision: &'static str,
    /// "{who}, {when}"'s lead: "bởi" / "by".
    pub by: &'static str,
    pub starred: &'static str,
    pub notes: &'static str,
    /// A field with nothing in it.
    pub none: &'static str,
}

const VI: Words = Words {
    document: "BÁO CÁO",
    title_of: "Kết quả xem xét các phát hiện của {trips}",
    title_plain: "Kết quả xem xét các phát hiện",
    one_trip: "chuyến",
    many_trips: "các chuyến",
    agency: "Cơ quan",
    trips: "Chuyến đi",
    reviewers: "Người xem xét",
    ran: "Thời gian xem xét",
    ran_span: "từ {from} đến {to}",
    made: "Lập lúc",
    totals: "Tổng hợp",
    findings: "Số phát hiện",
    by_status: "Theo trạng thái",
    by_reviewer: "Theo người xem xét",
    by_province: "Theo tỉnh",
    count: "Số lượng",
    status: "Trạng thái",
    reviewer: "Người xem xét",
    province: "Tỉnh",
    id: "Mã",
    kind: "Loại",
    places: "Địa điểm",
    summary: "Nội dung",
    decision: "Quyết định",
    by: "bởi",
    starred: "Được gắn sao",
    notes: "Ghi chú",
    none: "(không có)",
};

const EN: Words = Words {
    document: "Review report",
    title_of: "Review of the findings of {trips}",
    title_plain: "Review of the findings",
    one_trip: "the trip",
    many_trips: "the trips",
    agency: "Agency",
    trips: "Trips",
    reviewers: "Reviewers",
    ran: "Review ran",
    ran_span: "from {from} to {to}",
    made: "Made",
    totals: "Totals",
    findings: "Findings",
    by_status: "By status",
    by_reviewer: "By reviewer",
    by_province: "By province",
    count: "Count",
    status: "Status",
    reviewer: "Reviewer",
    province: "Province",
    id: "Id",
    kind: "Kind",
    places: "Places",
    summary: "Summary",
    decision: "Decision",
    by: "by",
    starred: "Starred",
    notes: "Notes",
    none: "(none)",
};

/// The report's words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The existing `findings review export`'s labels. English keeps the words scripts have read
/// since the first version (`## to-apply`, `- place:`); Vietnamese is translated.
#[derive(Debug)]
pub struct ExportWords {
    pub heading: &'static str,
    pub place: &'static str,
    pub status: &'static str,
    pub by: &'static str,
    pub starred: &'static str,
    /// `false`: the status's slug (`to-apply`), as English always had; `true`: its name.
    pub translated: bool,
    /// The record's id's label (`- id: …`).
    pub id: &'static str,
    /// The CSV's header row.
    pub csv_header: [&'static str; 8],
}

impl ExportWords {
    /// A status's heading: its name capitalized as in the review report ("Sẽ áp dụng"), or the
    /// slug English always had (`to-apply`).
    pub fn status_heading(&self, lang: Lang, status: Status) -> String {
        if !self.translated {
            return status.name().to_owned();
        }
        let mut chars = super::status(lang, status).chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

const EXPORT_VI: ExportWords = ExportWords {
    heading: "Xem xét",
    place: "địa điểm",
    status: "trạng thái",
    by: "bởi",
    starred: "được gắn sao",
    translated: true,
    id: "mã",
    csv_header: [
        "mã",
        "loại",
        "tiêu đề",
        "trạng thái",
        "gắn sao",
        "người đặt trạng thái",
        "thời điểm",
        "ghi chú",
    ],
};

const EXPORT_EN: ExportWords = ExportWords {
    heading: "Review",
    place: "place",
    status: "status",
    by: "by",
    starred: "starred",
    translated: false,
    id: "id",
    csv_header: [
        "id", "kind", "title", "status", "starred", "set_by", "set_at", "notes",
    ],
};

/// `findings review export`'s labels in `lang`.
pub fn export_words(lang: Lang) -> &'static ExportWords {
    match lang {
        Lang::Vi => &EXPORT_VI,
        Lang::En => &EXPORT_EN,
    }
}

/// `findings review stats`'s lines: "{done} of {total} records have a status".
#[derive(Debug)]
pub struct StatsWords {
    pub done: &'static str,
    pub notes: &'static str,
    pub changes: &'static str,
}

/// `findings review stats`'s lines in `lang`.
pub fn stats_words(lang: Lang) -> &'static StatsWords {
    match lang {
        Lang::Vi => &StatsWords {
            done: "đã xem xét {done}/{total} bản ghi (có trạng thái khác \"chưa xem\")",
            notes: "ghi chú",
            changes: "lần đổi trạng thái",
        },
        Lang::En => &StatsWords {
            done: "{done} of {total} records have a status (anything but unreviewed)",
            notes: "notes",
            changes: "status changes",
        },
    }
}
