//! UI strings in Vietnamese and English: one catalogue per language, looked up by [`Msg`].

pub mod doctor;
mod en;
pub mod report;
pub mod team;
mod vi;

use crate::model::describe::Label;
use crate::model::Kind;
use en::EN;
use vi::VI;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
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
    SortingBy,
    NothingMatched,
    ReviewHeading,
    ExportSelection,
    StatusUnreviewed,
    StatusReviewed,
    StatusToApply,
    StatusNotApplicable,
    Starred,
    Notes,
    ReviewProgress,
    // A teammate's change over mine, the status history, the end of the round.
    StatusOverridden,
    StatusOverriddenMore,
    ReviewHistory,
    ReviewHistoryStep,
    AllReviewed,
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
    Searching,
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
    FormatWorkbook,
    FormatReportMarkdown,
    FormatReportDocx,
    FormatReportXlsx,
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
    ActSearchLeft,
    ActSearchRight,
    ActSearchStart,
    ActSearchEnd,
    ActSearchDelete,
    ActClearSearch,
    ActNextMatch,
    ActPrevMatch,
    // The note editor saving, its size limit, and notes kept from an earlier session.
    NoteSaved,
    NoteSaving,
    NoteSavingAgain,
    NoteSavingThenClose,
    NoteTypedSince,
    NoteNotSaved,
    NoteTooLong,
    NotePasteRefused,
    NoteFull,
    NoteSize,
    NoteRecovered,
    UnsavedTitle,
    UnsavedWho,
    UnsavedAsk,
    UnsavedWhere,
    UnsavedStillKept,
    UnsavedLater,
    UnsavedUnreadable,
    UnsavedNotOffered,
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
