//! UI strings in Vietnamese and English: one catalogue per language, looked up by [`Msg`].

use crate::model::describe::Label;
use crate::model::Kind;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    /// The language from `LC_ALL`, `LC_MESSAGES` or `LANG` (the first that is set), else English.
    pub fn from_env() -> Lang {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let value = get("LC_ALL")
            .or_else(|| get("LC_MESSAGES"))
            .or_else(|| get("LANG"));
        Lang::from_locale(value.as_deref().unwrap_or(""))
    }

    /// `vi_VN.UTF-8` → Vietnamese; anything else → English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("vi") {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    fn catalogue(self) -> &'static [(Msg, &'static str)] {
        match self {
            Lang::En => EN,
            Lang::Vi => VI,
        }
    }
}

macro_rules! messages {
    ($($name:ident),* $(,)?) => {
        /// Every UI string, by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($name),* }
        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];
        }
    };
}

messages!(
    KindTrip,
    KindMeeting,
    KindExperience,
    KindVisit,
    KindsTrip,
    KindsMeeting,
    KindsExperience,
    KindsVisit,
    TabAll,
    LabelTrip,
    LabelDates,
    LabelDate,
    LabelDays,
    LabelHeadcount,
    LabelProgramme,
    LabelOrganizer,
    LabelLeader,
    LabelMembers,
    LabelProvinces,
    LabelProvince,
    LabelHost,
    LabelParticipants,
    LabelTopics,
    LabelTopic,
    LabelMeeting,
    LabelMeetings,
    LabelSharedBy,
    LabelOrganization,
    LabelLocation,
    LabelProducts,
    LabelTags,
    LabelSource,
    LabelSummary,
    LabelDetails,
    LabelLessons,
    Links,
    Related,
    PlaceInTrip,
    HelpTitle,
    HelpGlobal,
    HelpList,
    HelpDetail,
    HelpHelp,
    ActCloseHelp,
    ActScrollDown,
    ActScrollUp,
    ActDown,
    ActUp,
    ActOpen,
    ActNextTab,
    ActPrevTab,
    ActNextLink,
    ActPrevLink,
    ActFollow,
    ActBack,
    ActForward,
    ActClose,
    ActTop,
    ActBottom,
    ActPageDown,
    ActPageUp,
    ActHalfDown,
    ActHalfUp,
    ActTabAll,
    ActTabTrips,
    ActTabMeetings,
    ActTabExperiences,
    ActTabVisits,
    ActHelp,
    ActQuit,
    ColKind,
    ColTitle,
    EmptyList,
    TooSmall,
    HelpSearch,
    HelpFacets,
    ActSearch,
    ActFacets,
    ActFacetToggle,
    ActFacetClear,
    ActFacetClearAll,
    ActFacetsLeave,
    ActSort,
    ActReverseSort,
    FacetProvince,
    FacetKind,
    FacetTopic,
    FacetTag,
    FacetProduct,
    FacetTrip,
    FacetProgramme,
    FacetYear,
    FacetStatus,
    FacetStarred,
    FacetNotes,
    FacetAuthor,
    HasNotes,
    SortRelevance,
    SortDate,
    SortTitle,
    SortProvince,
    SortKind,
    SortedBy,
    NothingMatched,
    ReviewHeading,
    StatusUnreviewed,
    StatusReviewed,
    StatusToApply,
    StatusNotApplicable,
    Starred,
    Notes,
    ReviewProgress,
    ActMarkReviewed,
    ActMarkToApply,
    ActMarkNotApplicable,
    ActMarkUnreviewed,
    ActStar,
    ActNextUnreviewed,
    ActPrevUnreviewed,
    HelpEditor,
    HelpEditorConfirm,
    ActNote,
    ActEditNote,
    ActCopy,
    ActCopyMarkdown,
    Copied,
    CopyTooLong,
    LoadWarnings,
    Loaded,
    Loading,
    LoadReading,
    LoadChecking,
    LoadIndexing,
    ActStats,
    ActCloseStats,
    HelpStats,
    StatsTitle,
    StatsRecords,
    StatsProvinces,
    StatsKinds,
    StatsTopics,
    StatsStatus,
    StatsTrips,
    ActReload,
    ActReloadProblems,
    Reloaded,
    ReloadFailed,
    NoReloadProblems,
    KeyMoved,
    Unbound,
    ActWidenList,
    ActNarrowList,
    BackgroundFailed,
    ActStrict,
    StrictOn,
    StrictOff,
    LeftOut,
    ActExport,
    ActSaveView,
    ActOpenView,
    ActShowCopy,
    ActDialogConfirm,
    ActDialogCancel,
    ActDialogBackspace,
    HelpDialog,
    AskViewName,
    AskExportFile,
    PickView,
    PickFormat,
    FormatMarkdown,
    FormatCsv,
    FormatJson,
    NoViews,
    OverwriteFile,
    ViewSaved,
    ViewOpened,
    Exported,
    ExportFailed,
    ViewsFailed,
    CopyText,
    ActSaveNote,
    ActCloseEditor,
    ActDiscardNote,
    ActResumeNote,
    NoteTitle,
    KeepNote,
    ActSearchSubmit,
    ActSearchCancel,
    ActHistoryBack,
    ActHistoryForward,
    ActSearchBackspace,
    ActSearchDeleteWord,
    ActSearchClearLine,
    ActClearSearch,
    ActNextMatch,
    ActPrevMatch,
);

/// The text of `msg` in `lang`. A string missing from a catalogue falls back to English (a test
/// keeps both catalogues complete).
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    lookup(lang.catalogue(), msg)
        .or_else(|| lookup(EN, msg))
        .unwrap_or("?")
}

fn lookup(catalogue: &'static [(Msg, &'static str)], msg: Msg) -> Option<&'static str> {
    catalogue.iter().find(|(m, _)| *m == msg).map(|(_, s)| *s)
}

pub fn kind(lang: Lang, kind: Kind) -> &'static str {
    t(
        lang,
        match kind {
            Kind::Trip => Msg::KindTrip,
            Kind::Meeting => Msg::KindMeeting,
            Kind::Experience => Msg::KindExperience,
            Kind::Visit => Msg::KindVisit,
        },
    )
}

/// The plural, as on the tabs.
pub fn kinds(lang: Lang, kind: Kind) -> &'static str {
    t(
        lang,
        match kind {
            Kind::Trip => Msg::KindsTrip,
            Kind::Meeting => Msg::KindsMeeting,
            Kind::Experience => Msg::KindsExperience,
            Kind::Visit => Msg::KindsVisit,
        },
    )
}

/// The name of a facet.
pub fn facet(lang: Lang, facet: crate::model::facets::Facet) -> &'static str {
    use crate::model::facets::Facet;
    let msg = match facet {
        Facet::Province => Msg::FacetProvince,
        Facet::Kind => Msg::FacetKind,
        Facet::Topic => Msg::FacetTopic,
        Facet::Tag => Msg::FacetTag,
        Facet::Product => Msg::FacetProduct,
        Facet::Trip => Msg::FacetTrip,
        Facet::Programme => Msg::FacetProgramme,
        Facet::Year => Msg::FacetYear,
        Facet::Status => Msg::FacetStatus,
        Facet::Starred => Msg::FacetStarred,
        Facet::Notes => Msg::FacetNotes,
        Facet::Author => Msg::FacetAuthor,
    };
    t(lang, msg)
}

/// The name of a review status.
pub fn status(lang: Lang, status: crate::model::review::Status) -> &'static str {
    use crate::model::review::Status;
    let msg = match status {
        Status::Unreviewed => Msg::StatusUnreviewed,
        Status::Reviewed => Msg::StatusReviewed,
        Status::ToApply => Msg::StatusToApply,
        Status::NotApplicable => Msg::StatusNotApplicable,
    };
    t(lang, msg)
}

/// The name of a sort field.
pub fn sort(lang: Lang, by: crate::model::sort::SortBy) -> &'static str {
    use crate::model::sort::SortBy;
    let msg = match by {
        SortBy::Relevance => Msg::SortRelevance,
        SortBy::Date => Msg::SortDate,
        SortBy::Title => Msg::SortTitle,
        SortBy::Province => Msg::SortProvince,
        SortBy::Kind => Msg::SortKind,
    };
    t(lang, msg)
}

pub fn label(lang: Lang, label: Label) -> &'static str {
    let msg = match label {
        Label::Trip => Msg::LabelTrip,
        Label::Dates => Msg::LabelDates,
        Label::Date => Msg::LabelDate,
        Label::Days => Msg::LabelDays,
        Label::Headcount => Msg::LabelHeadcount,
        Label::Programme => Msg::LabelProgramme,
        Label::Organizer => Msg::LabelOrganizer,
        Label::Leader => Msg::LabelLeader,
        Label::Members => Msg::LabelMembers,
        Label::Provinces => Msg::LabelProvinces,
        Label::Province => Msg::LabelProvince,
        Label::Host => Msg::LabelHost,
        Label::Participants => Msg::LabelParticipants,
        Label::Topics => Msg::LabelTopics,
        Label::Topic => Msg::LabelTopic,
        Label::Meeting => Msg::LabelMeeting,
        Label::Meetings => Msg::LabelMeetings,
        Label::SharedBy => Msg::LabelSharedBy,
        Label::Organization => Msg::LabelOrganization,
        Label::Location => Msg::LabelLocation,
        Label::Products => Msg::LabelProducts,
        Label::Tags => Msg::LabelTags,
        Label::Source => Msg::LabelSource,
        Label::Summary => Msg::LabelSummary,
        Label::Details => Msg::LabelDetails,
        Label::Lessons => Msg::LabelLessons,
    };
    t(lang, msg)
}

static EN: &[(Msg, &str)] = &[
    (Msg::KindTrip, "trip"),
    (Msg::KindMeeting, "meeting"),
    (Msg::KindExperience, "experience"),
    (Msg::KindVisit, "visit"),
    (Msg::KindsTrip, "Trips"),
    (Msg::KindsMeeting, "Meetings"),
    (Msg::KindsExperience, "Experiences"),
    (Msg::KindsVisit, "Visits"),
    (Msg::TabAll, "All"),
    (Msg::LabelTrip, "Trip"),
    (Msg::LabelDates, "Dates"),
    (Msg::LabelDate, "Date"),
    (Msg::LabelDays, "Days"),
    (Msg::LabelHeadcount, "People"),
    (Msg::LabelProgramme, "Programme"),
    (Msg::LabelOrganizer, "Organizer"),
    (Msg::LabelLeader, "Leader"),
    (Msg::LabelMembers, "Members"),
    (Msg::LabelProvinces, "Provinces"),
    (Msg::LabelProvince, "Province"),
    (Msg::LabelHost, "Host"),
    (Msg::LabelParticipants, "Participants"),
    (Msg::LabelTopics, "Topics"),
    (Msg::LabelTopic, "Topic"),
    (Msg::LabelMeeting, "Meeting"),
    (Msg::LabelMeetings, "Meetings"),
    (Msg::LabelSharedBy, "Shared by"),
    (Msg::LabelOrganization, "Organization"),
    (Msg::LabelLocation, "Location"),
    (Msg::LabelProducts, "Products"),
    (Msg::LabelTags, "Tags"),
    (Msg::LabelSource, "Source"),
    (Msg::LabelSummary, "Summary"),
    (Msg::LabelDetails, "Details"),
    (Msg::LabelLessons, "Lessons"),
    (Msg::Links, "Linked records"),
    (Msg::Related, "Related records"),
    (Msg::PlaceInTrip, "{kind} {n} of {total} on this trip"),
    (Msg::HelpTitle, "Keys"),
    (Msg::HelpGlobal, "Everywhere"),
    (Msg::HelpList, "In the list"),
    (Msg::HelpDetail, "In the detail"),
    (Msg::HelpHelp, "In this help"),
    (Msg::ActCloseHelp, "close help"),
    (Msg::ActScrollDown, "scroll down"),
    (Msg::ActScrollUp, "scroll up"),
    (Msg::ActDown, "down"),
    (Msg::ActUp, "up"),
    (Msg::ActOpen, "open"),
    (Msg::ActNextTab, "next tab"),
    (Msg::ActPrevTab, "previous tab"),
    (Msg::ActNextLink, "next link"),
    (Msg::ActPrevLink, "previous link"),
    (Msg::ActFollow, "follow link"),
    (Msg::ActBack, "back"),
    (Msg::ActForward, "forward"),
    (Msg::ActClose, "to the list"),
    (Msg::ActTop, "first"),
    (Msg::ActBottom, "last"),
    (Msg::ActPageDown, "page down"),
    (Msg::ActPageUp, "page up"),
    (Msg::ActHalfDown, "half page down"),
    (Msg::ActHalfUp, "half page up"),
    (Msg::ActTabAll, "tab All"),
    (Msg::ActTabTrips, "tab Trips"),
    (Msg::ActTabMeetings, "tab Meetings"),
    (Msg::ActTabExperiences, "tab Experiences"),
    (Msg::ActTabVisits, "tab Visits"),
    (Msg::ActHelp, "help"),
    (Msg::ActQuit, "quit"),
    (Msg::ColKind, "Kind"),
    (Msg::ColTitle, "Title"),
    (Msg::EmptyList, "Nothing to show."),
    (
        Msg::TooSmall,
        "Terminal too small: {size}. findings needs at least {min}.",
    ),
    (Msg::HelpSearch, "On the search line"),
    (Msg::HelpFacets, "In the facet pane"),
    (Msg::ActSearch, "search"),
    (Msg::ActFacets, "filter"),
    (Msg::ActFacetToggle, "choose / drop"),
    (Msg::ActFacetClear, "clear facet"),
    (Msg::ActFacetClearAll, "clear every filter"),
    (Msg::ActFacetsLeave, "to the list"),
    (Msg::ActSort, "sort by the next field"),
    (Msg::ActReverseSort, "reverse the sort"),
    (Msg::FacetProvince, "Province"),
    (Msg::FacetKind, "Kind"),
    (Msg::FacetTopic, "Topic"),
    (Msg::FacetTag, "Tag"),
    (Msg::FacetProduct, "Product"),
    (Msg::FacetTrip, "Trip"),
    (Msg::FacetProgramme, "Programme"),
    (Msg::FacetYear, "Year"),
    (Msg::FacetStatus, "Review status"),
    (Msg::FacetStarred, "Star"),
    (Msg::FacetNotes, "Notes"),
    (Msg::FacetAuthor, "Reviewer"),
    (Msg::HasNotes, "has notes"),
    (Msg::SortRelevance, "relevance"),
    (Msg::SortDate, "date"),
    (Msg::SortTitle, "title"),
    (Msg::SortProvince, "province"),
    (Msg::SortKind, "kind"),
    (Msg::SortedBy, "sorted by"),
    (Msg::NothingMatched, "Nothing matches"),
    (Msg::ReviewHeading, "Review"),
    (Msg::StatusUnreviewed, "unreviewed"),
    (Msg::StatusReviewed, "reviewed"),
    (Msg::StatusToApply, "to apply"),
    (Msg::StatusNotApplicable, "not applicable"),
    (Msg::Starred, "starred"),
    (Msg::Notes, "Notes"),
    (Msg::ReviewProgress, "reviewed"),
    (Msg::ActMarkReviewed, "mark reviewed"),
    (Msg::ActMarkToApply, "mark to apply"),
    (Msg::ActMarkNotApplicable, "mark not applicable"),
    (Msg::ActMarkUnreviewed, "mark unreviewed"),
    (Msg::ActStar, "star / unstar"),
    (Msg::ActNextUnreviewed, "next unreviewed"),
    (Msg::ActPrevUnreviewed, "previous unreviewed"),
    (Msg::HelpEditor, "In the note editor"),
    (Msg::HelpEditorConfirm, "Closing the note editor"),
    (Msg::ActNote, "write a note"),
    (Msg::ActCopy, "copy a citation"),
    (Msg::ActCopyMarkdown, "copy as Markdown"),
    (Msg::Copied, "sent to the terminal's clipboard"),
    (Msg::CopyTooLong, "too long for the terminal's clipboard"),
    (Msg::LoadWarnings, "warnings (D shows them)"),
    (Msg::Loaded, "loaded"),
    (Msg::Loading, "loading"),
    (Msg::LoadReading, "reading the files"),
    (Msg::LoadChecking, "checking the records"),
    (Msg::LoadIndexing, "indexing"),
    (
        Msg::ActStats,
        "stats: charts and a map of what the list shows",
    ),
    (Msg::ActCloseStats, "close the stats"),
    (Msg::HelpStats, "In the stats view"),
    (Msg::StatsTitle, "Stats of the list"),
    (Msg::StatsRecords, "records"),
    (Msg::StatsProvinces, "By province"),
    (Msg::StatsKinds, "By kind"),
    (Msg::StatsTopics, "By topic"),
    (Msg::StatsStatus, "By review status"),
    (Msg::StatsTrips, "Trips in time"),
    (
        Msg::ActReload,
        "load the data files again (they are also watched)",
    ),
    (
        Msg::ActReloadProblems,
        "show why the data files did not load",
    ),
    (Msg::Reloaded, "data reloaded"),
    (
        Msg::ReloadFailed,
        "the data files have errors; kept the last good data (D: details)",
    ),
    (Msg::NoReloadProblems, "the data loaded without problems"),
    (Msg::KeyMoved, "now"),
    (Msg::Unbound, "(no key)"),
    (Msg::ActWidenList, "a wider list beside the detail"),
    (Msg::ActNarrowList, "a narrower list beside the detail"),
    (Msg::BackgroundFailed, "not saved"),
    (
        Msg::ActStrict,
        "every word must match, or leave question words out (toggle)",
    ),
    (Msg::StrictOn, "strict: every word must match"),
    (Msg::StrictOff, "question words left out again"),
    (Msg::LeftOut, "{n} of {all} words; left out: {words}"),
    (Msg::ActExport, "export what the list shows"),
    (
        Msg::ActSaveView,
        "save the view (query, filters, sort, tab)",
    ),
    (Msg::ActOpenView, "open a saved view"),
    (
        Msg::ActShowCopy,
        "show what y and Y copy, to select with the mouse",
    ),
    (Msg::ActDialogConfirm, "confirm"),
    (Msg::ActDialogCancel, "cancel"),
    (Msg::ActDialogBackspace, "delete a character"),
    (
        Msg::HelpDialog,
        "In a dialog (type to fill a name; y/n to a question)",
    ),
    (Msg::AskViewName, "Save the view as"),
    (Msg::AskExportFile, "Export to the file"),
    (Msg::PickView, "Saved views"),
    (Msg::PickFormat, "Export as"),
    (
        Msg::FormatMarkdown,
        "Markdown: a document to paste into a report",
    ),
    (Msg::FormatCsv, "CSV: a table for a spreadsheet"),
    (Msg::FormatJson, "JSON: a dataset that findings loads again"),
    (Msg::NoViews, "no saved views yet: w saves one"),
    (
        Msg::OverwriteFile,
        "exists. Replace it? y: replace, n: keep it",
    ),
    (Msg::ViewSaved, "view saved"),
    (Msg::ViewOpened, "view"),
    (Msg::Exported, "exported"),
    (Msg::ExportFailed, "export failed"),
    (Msg::ViewsFailed, "saved views"),
    (
        Msg::CopyText,
        "Select with the mouse (Shift+drag if the mouse is captured) · Esc closes",
    ),
    (Msg::ActEditNote, "change my last note"),
    (Msg::ActSaveNote, "save the note"),
    (Msg::ActCloseEditor, "close"),
    (Msg::ActDiscardNote, "discard the note"),
    (Msg::ActResumeNote, "keep writing"),
    (Msg::NoteTitle, "Note on"),
    (Msg::KeepNote, "Keep this note?"),
    (Msg::ActSearchSubmit, "keep query"),
    (Msg::ActSearchCancel, "clear"),
    (Msg::ActHistoryBack, "earlier query"),
    (Msg::ActHistoryForward, "later query"),
    (Msg::ActSearchBackspace, "delete a character"),
    (Msg::ActSearchDeleteWord, "delete a word"),
    (Msg::ActSearchClearLine, "clear the line"),
    (Msg::ActClearSearch, "clear the search"),
    (Msg::ActNextMatch, "next match"),
    (Msg::ActPrevMatch, "previous match"),
];

static VI: &[(Msg, &str)] = &[
    (Msg::KindTrip, "chuyến đi"),
    (Msg::KindMeeting, "buổi làm việc"),
    (Msg::KindExperience, "kinh nghiệm"),
    (Msg::KindVisit, "tham quan"),
    (Msg::KindsTrip, "Chuyến đi"),
    (Msg::KindsMeeting, "Buổi làm việc"),
    (Msg::KindsExperience, "Kinh nghiệm"),
    (Msg::KindsVisit, "Tham quan"),
    (Msg::TabAll, "Tất cả"),
    (Msg::LabelTrip, "Chuyến đi"),
    (Msg::LabelDates, "Thời gian"),
    (Msg::LabelDate, "Ngày"),
    (Msg::LabelDays, "Số ngày"),
    (Msg::LabelHeadcount, "Số người"),
    (Msg::LabelProgramme, "Chương trình"),
    (Msg::LabelOrganizer, "Đơn vị tổ chức"),
    (Msg::LabelLeader, "Trưởng đoàn"),
    (Msg::LabelMembers, "Thành phần"),
    (Msg::LabelProvinces, "Các tỉnh"),
    (Msg::LabelProvince, "Tỉnh"),
    (Msg::LabelHost, "Đơn vị chủ trì"),
    (Msg::LabelParticipants, "Tham dự"),
    (Msg::LabelTopics, "Chủ đề"),
    (Msg::LabelTopic, "Chủ đề"),
    (Msg::LabelMeeting, "Buổi làm việc"),
    (Msg::LabelMeetings, "Các buổi làm việc"),
    (Msg::LabelSharedBy, "Đơn vị chia sẻ"),
    (Msg::LabelOrganization, "Đơn vị"),
    (Msg::LabelLocation, "Địa điểm"),
    (Msg::LabelProducts, "Sản phẩm"),
    (Msg::LabelTags, "Từ khóa"),
    (Msg::LabelSource, "Nguồn"),
    (Msg::LabelSummary, "Tóm tắt"),
    (Msg::LabelDetails, "Chi tiết"),
    (Msg::LabelLessons, "Bài học"),
    (Msg::Links, "Liên kết"),
    (Msg::Related, "Xem thêm"),
    (Msg::PlaceInTrip, "{kind} {n}/{total} của chuyến đi"),
    (Msg::HelpTitle, "Phím tắt"),
    (Msg::HelpGlobal, "Mọi nơi"),
    (Msg::HelpList, "Trong danh sách"),
    (Msg::HelpDetail, "Trong phần chi tiết"),
    (Msg::HelpHelp, "Trong trợ giúp này"),
    (Msg::ActCloseHelp, "đóng trợ giúp"),
    (Msg::ActScrollDown, "cuộn xuống"),
    (Msg::ActScrollUp, "cuộn lên"),
    (Msg::ActDown, "xuống"),
    (Msg::ActUp, "lên"),
    (Msg::ActOpen, "mở"),
    (Msg::ActNextTab, "thẻ sau"),
    (Msg::ActPrevTab, "thẻ trước"),
    (Msg::ActNextLink, "liên kết sau"),
    (Msg::ActPrevLink, "liên kết trước"),
    (Msg::ActFollow, "mở liên kết"),
    (Msg::ActBack, "quay lại"),
    (Msg::ActForward, "tiến tới"),
    (Msg::ActClose, "về danh sách"),
    (Msg::ActTop, "đầu tiên"),
    (Msg::ActBottom, "cuối cùng"),
    (Msg::ActPageDown, "trang sau"),
    (Msg::ActPageUp, "trang trước"),
    (Msg::ActHalfDown, "nửa trang sau"),
    (Msg::ActHalfUp, "nửa trang trước"),
    (Msg::ActTabAll, "thẻ Tất cả"),
    (Msg::ActTabTrips, "thẻ Chuyến đi"),
    (Msg::ActTabMeetings, "thẻ Buổi làm việc"),
    (Msg::ActTabExperiences, "thẻ Kinh nghiệm"),
    (Msg::ActTabVisits, "thẻ Tham quan"),
    (Msg::ActHelp, "trợ giúp"),
    (Msg::ActQuit, "thoát"),
    (Msg::ColKind, "Loại"),
    (Msg::ColTitle, "Tiêu đề"),
    (Msg::EmptyList, "Không có gì để hiển thị."),
    (
        Msg::TooSmall,
        "Cửa sổ quá nhỏ: {size}. findings cần ít nhất {min}.",
    ),
    (Msg::HelpSearch, "Trên dòng tìm kiếm"),
    (Msg::HelpFacets, "Trong khung lọc"),
    (Msg::ActSearch, "tìm"),
    (Msg::ActFacets, "lọc"),
    (Msg::ActFacetToggle, "chọn / bỏ"),
    (Msg::ActFacetClear, "bỏ lọc nhóm này"),
    (Msg::ActFacetClearAll, "bỏ mọi bộ lọc"),
    (Msg::ActFacetsLeave, "về danh sách"),
    (Msg::ActSort, "sắp xếp theo trường kế"),
    (Msg::ActReverseSort, "đảo thứ tự"),
    (Msg::FacetProvince, "Tỉnh"),
    (Msg::FacetKind, "Loại"),
    (Msg::FacetTopic, "Chủ đề"),
    (Msg::FacetTag, "Từ khóa"),
    (Msg::FacetProduct, "Sản phẩm"),
    (Msg::FacetTrip, "Chuyến đi"),
    (Msg::FacetProgramme, "Chương trình"),
    (Msg::FacetYear, "Năm"),
    (Msg::FacetStatus, "Trạng thái đánh giá"),
    (Msg::FacetStarred, "Gắn sao"),
    (Msg::FacetNotes, "Ghi chú"),
    (Msg::FacetAuthor, "Người đánh giá"),
    (Msg::HasNotes, "có ghi chú"),
    (Msg::SortRelevance, "mức liên quan"),
    (Msg::SortDate, "ngày"),
    (Msg::SortTitle, "tiêu đề"),
    (Msg::SortProvince, "tỉnh"),
    (Msg::SortKind, "loại"),
    (Msg::SortedBy, "xếp theo"),
    (Msg::NothingMatched, "Không có kết quả"),
    (Msg::ReviewHeading, "Đánh giá"),
    (Msg::StatusUnreviewed, "chưa xem"),
    (Msg::StatusReviewed, "đã xem"),
    (Msg::StatusToApply, "sẽ áp dụng"),
    (Msg::StatusNotApplicable, "không áp dụng"),
    (Msg::Starred, "gắn sao"),
    (Msg::Notes, "Ghi chú"),
    (Msg::ReviewProgress, "đã xem"),
    (Msg::ActMarkReviewed, "đánh dấu đã xem"),
    (Msg::ActMarkToApply, "đánh dấu sẽ áp dụng"),
    (Msg::ActMarkNotApplicable, "đánh dấu không áp dụng"),
    (Msg::ActMarkUnreviewed, "bỏ đánh dấu"),
    (Msg::ActStar, "gắn / bỏ sao"),
    (Msg::ActNextUnreviewed, "mục chưa xem kế tiếp"),
    (Msg::ActPrevUnreviewed, "mục chưa xem trước"),
    (Msg::HelpEditor, "Khi viết ghi chú"),
    (Msg::HelpEditorConfirm, "Khi đóng ghi chú"),
    (Msg::ActNote, "viết ghi chú"),
    (Msg::ActCopy, "chép trích dẫn"),
    (Msg::ActCopyMarkdown, "chép dạng Markdown"),
    (Msg::Copied, "đã gửi vào bộ nhớ tạm của terminal"),
    (Msg::CopyTooLong, "quá dài cho bộ nhớ tạm của terminal"),
    (Msg::LoadWarnings, "cảnh báo (D để xem)"),
    (Msg::Loaded, "đã tải"),
    (Msg::Loading, "đang tải"),
    (Msg::LoadReading, "đọc tệp"),
    (Msg::LoadChecking, "kiểm tra bản ghi"),
    (Msg::LoadIndexing, "lập chỉ mục"),
    (Msg::ActStats, "thống kê: biểu đồ và bản đồ của danh sách"),
    (Msg::ActCloseStats, "đóng thống kê"),
    (Msg::HelpStats, "Trong màn hình thống kê"),
    (Msg::StatsTitle, "Thống kê danh sách"),
    (Msg::StatsRecords, "bản ghi"),
    (Msg::StatsProvinces, "Theo tỉnh"),
    (Msg::StatsKinds, "Theo loại"),
    (Msg::StatsTopics, "Theo chủ đề"),
    (Msg::StatsStatus, "Theo trạng thái xem xét"),
    (Msg::StatsTrips, "Các chuyến đi theo thời gian"),
    (
        Msg::ActReload,
        "tải lại các tệp dữ liệu (chúng cũng được theo dõi)",
    ),
    (
        Msg::ActReloadProblems,
        "hiện lý do tệp dữ liệu không tải được",
    ),
    (Msg::Reloaded, "đã tải lại dữ liệu"),
    (
        Msg::ReloadFailed,
        "tệp dữ liệu có lỗi; giữ dữ liệu tốt gần nhất (D: chi tiết)",
    ),
    (Msg::NoReloadProblems, "dữ liệu tải không có lỗi"),
    (Msg::KeyMoved, "giờ là"),
    (Msg::Unbound, "(không phím)"),
    (Msg::ActWidenList, "danh sách rộng hơn bên cạnh chi tiết"),
    (Msg::ActNarrowList, "danh sách hẹp hơn bên cạnh chi tiết"),
    (Msg::BackgroundFailed, "chưa lưu được"),
    (
        Msg::ActStrict,
        "mọi từ phải khớp, hoặc bỏ qua từ để hỏi (bật/tắt)",
    ),
    (Msg::StrictOn, "chặt: mọi từ phải khớp"),
    (Msg::StrictOff, "lại bỏ qua từ để hỏi"),
    (Msg::LeftOut, "{n}/{all} từ; bỏ qua: {words}"),
    (Msg::ActExport, "xuất những gì danh sách đang hiện"),
    (
        Msg::ActSaveView,
        "lưu góc nhìn (truy vấn, bộ lọc, sắp xếp, thẻ)",
    ),
    (Msg::ActOpenView, "mở góc nhìn đã lưu"),
    (
        Msg::ActShowCopy,
        "hiện nội dung y và Y chép, để chọn bằng chuột",
    ),
    (Msg::ActDialogConfirm, "xác nhận"),
    (Msg::ActDialogCancel, "huỷ"),
    (Msg::ActDialogBackspace, "xoá một ký tự"),
    (
        Msg::HelpDialog,
        "Trong hộp thoại (gõ để điền tên; y/n để trả lời)",
    ),
    (Msg::AskViewName, "Lưu góc nhìn với tên"),
    (Msg::AskExportFile, "Xuất ra tệp"),
    (Msg::PickView, "Góc nhìn đã lưu"),
    (Msg::PickFormat, "Xuất dạng"),
    (Msg::FormatMarkdown, "Markdown: văn bản để dán vào báo cáo"),
    (Msg::FormatCsv, "CSV: bảng cho bảng tính"),
    (Msg::FormatJson, "JSON: bộ dữ liệu findings đọc lại được"),
    (Msg::NoViews, "chưa có góc nhìn nào: w để lưu"),
    (
        Msg::OverwriteFile,
        "đã có. Ghi đè? y: ghi đè, n: giữ nguyên",
    ),
    (Msg::ViewSaved, "đã lưu góc nhìn"),
    (Msg::ViewOpened, "góc nhìn"),
    (Msg::Exported, "đã xuất"),
    (Msg::ExportFailed, "xuất thất bại"),
    (Msg::ViewsFailed, "góc nhìn đã lưu"),
    (
        Msg::CopyText,
        "Chọn bằng chuột (Shift+kéo nếu chuột đang bị bắt) · Esc để đóng",
    ),
    (Msg::ActEditNote, "sửa ghi chú gần nhất của tôi"),
    (Msg::ActSaveNote, "lưu ghi chú"),
    (Msg::ActCloseEditor, "đóng"),
    (Msg::ActDiscardNote, "bỏ ghi chú"),
    (Msg::ActResumeNote, "viết tiếp"),
    (Msg::NoteTitle, "Ghi chú cho"),
    (Msg::KeepNote, "Giữ ghi chú này?"),
    (Msg::ActSearchSubmit, "giữ truy vấn"),
    (Msg::ActSearchCancel, "xóa"),
    (Msg::ActHistoryBack, "truy vấn trước"),
    (Msg::ActHistoryForward, "truy vấn sau"),
    (Msg::ActSearchBackspace, "xóa một ký tự"),
    (Msg::ActSearchDeleteWord, "xóa một từ"),
    (Msg::ActSearchClearLine, "xóa cả dòng"),
    (Msg::ActClearSearch, "bỏ tìm kiếm"),
    (Msg::ActNextMatch, "kết quả khớp sau"),
    (Msg::ActPrevMatch, "kết quả khớp trước"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_in_both_catalogues_once() {
        for (name, catalogue) in [("en", EN), ("vi", VI)] {
            for msg in Msg::ALL {
                let n = catalogue.iter().filter(|(m, _)| m == msg).count();
                assert_eq!(n, 1, "{msg:?} appears {n} times in the {name} catalogue");
            }
            assert_eq!(catalogue.len(), Msg::ALL.len(), "{name} has extra entries");
            assert!(catalogue.iter().all(|(_, s)| !s.trim().is_empty()));
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_owned()))
                .collect();
            v.sort();
            v
        };
        for msg in Msg::ALL {
            assert_eq!(
                holes(t(Lang::En, *msg)),
                holes(t(Lang::Vi, *msg)),
                "{msg:?}"
            );
        }
    }

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(Lang::from_locale("vi_VN.UTF-8"), Lang::Vi);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        assert_eq!(label(Lang::Vi, Label::Province), "Tỉnh");
        assert_eq!(kinds(Lang::En, Kind::Visit), "Visits");
    }
}
