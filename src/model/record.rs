//! The records of a dataset, version 1: trips, meetings, experiences and visits (docs/format.md,
//! "Records").
//!
//! These types are the format: they serialize to it (`show --format json`) and the JSON Schema in
//! `data/schema.json` is generated from them. Loading is done by `model::load`, field by field,
//! so that every problem in a file is reported, not just the first.

use crate::model::strings::Str;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A date as precise as its source: a year (`2024`), a month (`2024-03`) or a day
/// (`2024-03-11`), checked to exist (no 30 February). A partial date is never padded into a day
/// the source did not give; it sorts before the more precise dates inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// A whole day.
    pub fn ymd(year: u16, month: u8, day: u8) -> Date {
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error says what is wrong in the user's
    /// words.
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape_ok = matches!(b.len(), 4 | 7 | 10)
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err("expected a date as YYYY, YYYY-MM or YYYY-MM-DD".into());
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u16>().unwrap_or(0);
        let year = num(0..4);
        if b.len() == 4 {
            return Ok(Date {
                year,
                month: None,
                day: None,
            });
        }
        let month = num(5..7);
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} does not exist"));
        }
        let month = month as u8;
        if b.len() == 7 {
            return Ok(Date {
                year,
                month: Some(month),
                day: None,
            });
        }
        let day = num(8..10);
        let last = days_in_month(year, month);
        if day == 0 || day > last as u16 {
            return Err(format!("{s} does not exist (that month has {last} days)"));
        }
        Ok(Date::ymd(year, month, day as u8))
    }

    /// True when this date is surely before `other`: compared at the precision both give
    /// (`2024-03` is not before `2024-03-11`, nor after it).
    pub fn surely_before(self, other: Date) -> bool {
        let a = (self.year, self.month, self.day);
        let b = (other.year, other.month, other.day);
        match (a, b) {
            ((ya, _, _), (yb, _, _)) if ya != yb => ya < yb,
            ((_, Some(ma), _), (_, Some(mb), _)) if ma != mb => ma < mb,
            ((_, Some(_), Some(da)), (_, Some(_), Some(db))) => da < db,
            _ => false,
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "description": "A date as precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD. Leave it out when the source does not give it; never pad it."
        })
    }
}

/// The four kinds of record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Trip,
    Meeting,
    Experience,
    Visit,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Trip, Kind::Meeting, Kind::Experience, Kind::Visit];

    /// The English article before its name: "an experience", "a trip".
    pub fn article(self) -> &'static str {
        match self {
            Kind::Experience => "an",
            _ => "a",
        }
    }

    /// The singular name used in output, filters and JSON (`trip`, `meeting`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Trip => "trip",
            Kind::Meeting => "meeting",
            Kind::Experience => "experience",
            Kind::Visit => "visit",
        }
    }

    /// The key of this kind's array in a dataset file (`trips`, `meetings`, ...).
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Trip => "trips",
            Kind::Meeting => "meetings",
            Kind::Experience => "experiences",
            Kind::Visit => "visits",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An English translation of a record's text; each part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Str>,
    /// What a narrow list shows in English (else the record's own `short_title`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Str>,
    /// Long text; blank lines separate paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Str>,
}

/// The fields every record has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Common {
    /// 1–64 of A-Z a-z 0-9 . _ -; unique across all loaded files.
    #[schemars(length(min = 1, max = 64), regex(pattern = r"^[A-Za-z0-9._-]{1,64}$"))]
    pub id: Str,
    #[schemars(length(min = 1))]
    pub title: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Str>,
    /// Long text; blank lines separate paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Str>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub tags: Box<[Str]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<Box<Translation>>,
    /// What a narrow list shows instead of the title (the detail always shows the title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<Str>,
    /// Ids of records to see too; the link is shown and followable from both ends.
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub related: Box<[Str]>,
}

/// The head of a delegation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Str>,
}

/// Where the facts come from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Str>,
}

/// Where a model site is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Str>,
}

/// A study trip: the delegation, its dates and the provinces it went to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trip {
    #[serde(flatten)]
    pub common: Common,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    /// The trip's length in days, when the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// How many people the delegation had, when the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<u32>,
    /// The programme or project the trip serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader: Option<Person>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub members: Box<[Str]>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub provinces: Box<[Str]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A working meeting with a host province.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[serde(flatten)]
    pub common: Common,
    /// Id of the trip; may be left out when its file holds exactly one trip, or exactly one
    /// trip is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Str>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub participants: Box<[Str]>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub topics: Box<[Str]>,
}

/// An experience a host shared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    #[serde(flatten)]
    pub common: Common,
    /// Id of the trip; may be left out when its file holds exactly one trip, or exactly one
    /// trip is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip: Option<Str>,
    /// Id of the meeting where it was shared (or `meetings`, not both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Str>,
    /// Ids of the meetings where it was shared (or `meeting`, not both).
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub meetings: Box<[Str]>,
    /// The province it comes from (or `provinces`, not both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Str>,
    /// The provinces it comes from (or `province`, not both).
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub provinces: Box<[Str]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Str>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub shared_by: Box<[Str]>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub lessons: Box<[Str]>,
}

/// A visit to a model site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    #[serde(flatten)]
    pub common: Common,
    /// Id of the trip; may be left out when its file holds exactly one trip, or exactly one
    /// trip is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location>>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub products: Box<[Str]>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    pub lessons: Box<[Str]>,
}

/// One dataset file: the top-level object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "findings dataset, version 1")]
pub struct DatasetFile {
    /// A link to this schema, for editors; ignored by findings.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Str>,
    /// Always 1 for this version of the format.
    #[schemars(range(min = 1, max = 1))]
    pub schema_version: u32,
    #[serde(default)]
    pub trips: Vec<Trip>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub experiences: Vec<Experience>,
    #[serde(default)]
    pub visits: Vec<Visit>,
}

/// A loaded record of any kind.
#[derive(Clone, Debug, PartialEq, Eq)]
///
/// Each kind is boxed: a dataset holds many records, and a small enum keeps the list compact and
/// cheap to move while loading.
pub enum Record {
    Trip(Box<Trip>),
    Meeting(Box<Meeting>),
    Experience(Box<Experience>),
    Visit(Box<Visit>),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Trip(_) => Kind::Trip,
            Record::Meeting(_) => Kind::Meeting,
            Record::Experience(_) => Kind::Experience,
            Record::Visit(_) => Kind::Visit,
        }
    }

    pub fn common(&self) -> &Common {
        match self {
            Record::Trip(r) => &r.common,
            Record::Meeting(r) => &r.common,
            Record::Experience(r) => &r.common,
            Record::Visit(r) => &r.common,
        }
    }

    pub fn id(&self) -> &str {
        &self.common().id
    }

    pub fn title(&self) -> &str {
        &self.common().title
    }

    /// The meetings an experience was shared at (`meeting` or `meetings`); none for the rest.
    pub fn meeting_ids(&self) -> Vec<&str> {
        match self {
            Record::Experience(e) => e
                .meeting
                .iter()
                .chain(&e.meetings)
                .map(|s| s.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The trip this record belongs to (a trip belongs to itself).
    pub fn trip_id(&self) -> Option<&str> {
        match self {
            Record::Trip(t) => Some(&t.common.id),
            Record::Meeting(m) => m.trip.as_deref(),
            Record::Experience(e) => e.trip.as_deref(),
            Record::Visit(v) => v.trip.as_deref(),
        }
    }

    /// The date shown in lists: a trip's start, a meeting's or visit's date.
    pub fn date(&self) -> Option<Date> {
        match self {
            Record::Trip(t) => t.start_date,
            Record::Meeting(m) => m.date,
            Record::Experience(_) => None,
            Record::Visit(v) => v.date,
        }
    }

    /// The provinces the record is about (a trip: every province it went to).
    pub fn provinces(&self) -> Vec<&str> {
        match self {
            Record::Trip(t) => t.provinces.iter().map(|s| s.as_str()).collect(),
            Record::Meeting(m) => m.province.as_deref().into_iter().collect(),
            Record::Experience(e) => e
                .province
                .iter()
                .chain(&e.provinces)
                .map(|s| s.as_str())
                .collect(),
            Record::Visit(v) => v
                .province
                .as_deref()
                .or(v.location.as_ref().and_then(|l| l.province.as_deref()))
                .into_iter()
                .collect(),
        }
    }

    /// The topics the record is filed under (an experience's topic, a meeting's topics).
    pub fn topics(&self) -> Vec<&str> {
        match self {
            Record::Meeting(m) => m.topics.iter().map(|s| s.as_str()).collect(),
            Record::Experience(e) => e.topic.as_deref().into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The record as it would stand in a dataset file, with its kind added.
    pub fn to_json(&self) -> serde_json::Value {
        let value = match self {
            Record::Trip(r) => serde_json::to_value(r),
            Record::Meeting(r) => serde_json::to_value(r),
            Record::Experience(r) => serde_json::to_value(r),
            Record::Visit(r) => serde_json::to_value(r),
        };
        let mut object = serde_json::Map::new();
        object.insert("kind".into(), self.kind().name().into());
        if let Ok(serde_json::Value::Object(fields)) = value {
            object.extend(fields);
        }
        serde_json::Value::Object(object)
    }
}

/// The JSON Schema of the dataset format, generated from the record types, as pretty JSON with
/// a trailing newline (the content of `data/schema.json`; `findings schema` prints it).
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(DatasetFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_to_exist() {
        assert_eq!(Date::parse("2024-03-11"), Ok(Date::ymd(2024, 3, 11)));
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29")
            .unwrap_err()
            .contains("does not exist"));
        assert!(Date::parse("2024-02-30").unwrap_err().contains("29 days"));
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2000-02-29").is_ok());
        assert!(Date::parse("2024-13-01").unwrap_err().contains("month 13"));
        assert!(Date::parse("2024-04-31").is_err());
        assert!(Date::parse("2024-4-1").unwrap_err().contains("YYYY-MM-DD"));
        assert!(Date::parse("2024-13").unwrap_err().contains("month 13"));
        assert!(Date::parse("24").is_err());
        assert!(Date::parse("2024-03-").is_err());
        assert!(Date::parse("2024-03-1x").is_err());
        assert!(Date::parse("११११-११-११").is_err());
    }

    #[test]
    fn partial_dates_stay_partial() {
        let year = Date::parse("2022").unwrap();
        let month = Date::parse("2022-08").unwrap();
        assert_eq!((year.month, year.day), (None, None));
        assert_eq!((month.month, month.day), (Some(8), None));
        assert_eq!(year.to_string(), "2022");
        assert_eq!(month.to_string(), "2022-08");
        let day = Date::parse("2022-08-05").unwrap();
        assert!(year < month && month < day);
        assert!(!month.surely_before(day) && !day.surely_before(month));
        assert!(Date::parse("2022-07").unwrap().surely_before(day));
        assert!(day.surely_before(Date::parse("2023").unwrap()));
        assert!(!Date::parse("2022-08-06").unwrap().surely_before(day));
    }

    #[test]
    fn dates_order_and_print() {
        let a = Date::parse("2024-03-11").unwrap();
        let b = Date::parse("2024-03-16").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2024-03-16");
    }
}
