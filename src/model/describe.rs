//! A record laid out for reading: its short facts and its long texts, in a fixed order.
//!
//! `findings show` and the TUI's detail pane both present records through this, so they list the
//! same fields in the same order; each only chooses how to draw them and in which language.

use super::dataset::Dataset;
use super::places;
use super::record::{Date, Location, Record};

/// The name of a fact, translated by the caller (`i18n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    Trip,
    Dates,
    Date,
    Days,
    Headcount,
    Programme,
    Organizer,
    Leader,
    Members,
    Provinces,
    Province,
    Host,
    Participants,
    Topics,
    Topic,
    Meeting,
    Meetings,
    SharedBy,
    Organization,
    Location,
    Products,
    Tags,
    Source,
    Summary,
    Details,
    Lessons,
}

impl Label {
    pub const ALL: [Label; 26] = [
        Label::Trip,
        Label::Dates,
        Label::Date,
        Label::Days,
        Label::Headcount,
        Label::Programme,
        Label::Organizer,
        Label::Leader,
        Label::Members,
        Label::Provinces,
        Label::Province,
        Label::Host,
        Label::Participants,
        Label::Topics,
        Label::Topic,
        Label::Meeting,
        Label::Meetings,
        Label::SharedBy,
        Label::Organization,
        Label::Location,
        Label::Products,
        Label::Tags,
        Label::Source,
        Label::Summary,
        Label::Details,
        Label::Lessons,
    ];
}

/// Which text to prefer: the original (Vietnamese) or the `en` translation when present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Text {
    #[default]
    Original,
    English,
}

/// One short fact: a label and one or more values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub label: Label,
    pub values: Vec<String>,
}

/// A record ready to present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub title: String,
    /// Where the record stands among its trip's records of its kind: (place, count).
    pub place_in_trip: Option<(usize, usize)>,
    pub facts: Vec<Fact>,
    /// Long texts: summary, details (paragraphs kept), lessons (one per line).
    pub sections: Vec<Fact>,
}

/// The record at `index` described in the chosen text, with its trip named.
pub fn describe(dataset: &Dataset, index: usize, text: Text) -> Option<Described> {
    let record = dataset.get(index)?;
    let common = record.common();
    let en = common.en.as_ref().filter(|_| text == Text::English);
    let mut facts = Facts::default();
    if record.kind() != crate::model::Kind::Trip {
        if let Some(trip) = record.trip_id().and_then(|t| dataset.by_id(t)) {
            facts.one(Label::Trip, Some(title(trip, text).to_owned()));
        }
    }
    kind_facts(record, dataset, text, &mut facts);
    facts.many(Label::Tags, &common.tags);
    let summary = en
        .and_then(|e| e.summary.as_deref())
        .or(common.summary.as_deref());
    let details = en
        .and_then(|e| e.details.as_deref())
        .or(common.details.as_deref());
    let mut sections = Facts::default();
    sections.one(Label::Summary, summary);
    sections.one(Label::Details, details);
    match record {
        Record::Experience(e) => sections.many(Label::Lessons, &e.lessons),
        Record::Visit(v) => sections.many(Label::Lessons, &v.lessons),
        _ => {}
    }
    Some(Described {
        title: title(record, text).to_owned(),
        place_in_trip: dataset.place_in_trip(index),
        facts: facts.0,
        sections: sections.0,
    })
}

/// The record's title in the chosen text (the original when there is no translation, or an
/// empty one).
pub fn title(record: &Record, text: Text) -> &str {
    let common = record.common();
    match (&common.en, text) {
        (Some(en), Text::English) => written(&en.title).unwrap_or(&common.title),
        _ => &common.title,
    }
}

/// What a narrow list shows for the record in the chosen text: in English its English short
/// title, else its own; `None` when it has none.
pub fn short_title(record: &Record, text: Text) -> Option<&str> {
    let common = record.common();
    let english = common.en.as_ref().filter(|_| text == Text::English);
    english
        .and_then(|en| written(&en.short_title))
        .or(common.short_title.as_deref())
}

/// A translation's text, unless it is empty or only spaces (a spreadsheet's empty cell): then
/// the original stands.
fn written(text: &Option<crate::model::strings::Str>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

#[derive(Default)]
struct Facts(Vec<Fact>);

impl Facts {
    fn one(&mut self, label: Label, value: Option<impl AsRef<str>>) {
        if let Some(v) = value.filter(|v| !v.as_ref().trim().is_empty()) {
            self.0.push(Fact {
                label,
                values: vec![v.as_ref().to_owned()],
            });
        }
    }
    fn many(&mut self, label: Label, values: &[impl AsRef<str>]) {
        if !values.is_empty() {
            self.0.push(Fact {
                label,
                values: values.iter().map(|v| v.as_ref().to_owned()).collect(),
            });
        }
    }
}

fn kind_facts(record: &Record, dataset: &Dataset, text: Text, facts: &mut Facts) {
    let provinces = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .map(|p| places::province_then_and_now(p, text))
            .collect()
    };
    match record {
        Record::Trip(t) => {
            facts.one(Label::Dates, dates(t.start_date, t.end_date));
            facts.one(Label::Days, t.days.map(|d| d.to_string()));
            facts.one(Label::Headcount, t.headcount.map(|n| n.to_string()));
            facts.one(Label::Programme, t.programme.clone());
            facts.one(Label::Organizer, t.organizer.clone());
            let leader = t.leader.as_ref().map(|l| match &l.role {
                Some(role) => format!("{} – {role}", l.name),
                None => l.name.to_string(),
            });
            facts.one(Label::Leader, leader);
            facts.many(Label::Provinces, &provinces(&record.provinces()));
            facts.many(Label::Members, &t.members);
            let source = t.source.as_ref().map(|s| {
                let mut out = s.title.to_string();
                for extra in [&s.author, &s.url].into_iter().flatten() {
                    out.push_str(" — ");
                    out.push_str(extra);
                }
                out
            });
            facts.one(Label::Source, source);
        }
        Record::Meeting(m) => {
            facts.one(Label::Date, m.date.map(|d| d.to_string()));
            facts.many(Label::Province, &provinces(&record.provinces()));
            facts.one(Label::Host, m.host.clone());
            facts.many(Label::Participants, &m.participants);
            facts.many(Label::Topics, &m.topics);
        }
        Record::Experience(e) => {
            let meetings: Vec<String> = record
                .meeting_ids()
                .into_iter()
                .map(|id| dataset.by_id(id).map_or(id, |m| title(m, text)).to_owned())
                .collect();
            let label = match meetings.len() {
                1 => Label::Meeting,
                _ => Label::Meetings,
            };
            facts.many(label, &meetings);
            let label = match e.provinces.len() {
                0 => Label::Province,
                _ => Label::Provinces,
            };
            facts.many(label, &provinces(&record.provinces()));
            facts.one(Label::Topic, e.topic.clone());
            facts.many(Label::SharedBy, &e.shared_by);
        }
        Record::Visit(v) => {
            facts.one(Label::Date, v.date.map(|d| d.to_string()));
            facts.many(Label::Province, &provinces(&record.provinces()));
            facts.one(Label::Organization, v.organization.clone());
            let location = v.location.as_ref().map(|l| {
                let mut line = location_line(l);
                let province = l.province.as_deref().or(v.province.as_deref());
                let note = l
                    .commune
                    .as_deref()
                    .zip(province)
                    .and_then(|(c, p)| places::commune_note(c, p, text));
                if let Some(note) = note {
                    line.push(' ');
                    line.push_str(&note);
                }
                line
            });
            facts.one(Label::Location, location);
            facts.many(Label::Products, &v.products);
        }
    }
}

/// "2024-03-11 – 2024-03-16", "2022-08" (a start alone), "– 2022-09" (an end alone): as given,
/// no more.
pub fn dates(start: Option<Date>, end: Option<Date>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) if s == e => Some(s.to_string()),
        (Some(s), Some(e)) => Some(format!("{s} – {e}")),
        (Some(s), None) => Some(s.to_string()),
        (None, Some(e)) => Some(format!("– {e}")),
        (None, None) => None,
    }
}

/// "Vi Choong, xã Hiếu, huyện Kon Plông, Kon Tum"
pub fn location_line(l: &Location) -> String {
    [&l.village, &l.commune, &l.district, &l.province]
        .into_iter()
        .flatten()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An English title left empty (or only spaces) is no title: the English list shows the
    /// original one, as for a record with no translation.
    #[test]
    fn an_empty_english_title_gives_way_to_the_original() {
        let json = r#"{"schema_version": 1, "trips": [{"id": "t", "title": "Chuyến đi"}],
            "meetings": [
              {"id": "a", "title": "Họp", "short_title": "Họp ngắn",
               "en": {"title": "", "short_title": "  "}},
              {"id": "b", "title": "Gặp", "en": {"title": "Meeting", "short_title": "Meet"}}
            ]}"#;
        let file = crate::model::source::SourceFile {
            name: "en.json".into(),
            bytes: json.as_bytes().to_vec().into(),
        };
        let loaded = crate::model::dataset::load_sources(&[file], Vec::new());
        let [_, a, b] = loaded.dataset.records() else {
            panic!("three records: {:?}", loaded.diagnostics);
        };
        assert_eq!(title(a, Text::English), "Họp");
        assert_eq!(short_title(a, Text::English), Some("Họp ngắn"));
        assert_eq!(title(b, Text::English), "Meeting");
        assert_eq!(short_title(b, Text::English), Some("Meet"));
        assert_eq!(title(b, Text::Original), "Gặp");
    }
}
