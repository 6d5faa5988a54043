//! The checks that need every file read: each id once, and links to trips and meetings that
//! exist and are of the kind the field wants.

use std::collections::HashMap;

use crate::model::diagnostic::{quote, Diagnostic, Severity};
use crate::model::parse::{Located, Parsed};
use crate::model::record::{Kind, Record};
use crate::model::strings::Str;
use crate::model::text;

/// Every record's id and kind, for checking links.
struct Known<'k> {
    /// The first record of each id.
    ids: &'k HashMap<Str, usize>,
    /// Each record's kind.
    kinds: &'k [Kind],
}

impl Known<'_> {
    /// The kind of the record with id `id`.
    fn kind(&self, id: &str) -> Option<Kind> {
        self.ids.get(id).and_then(|&i| self.kinds.get(i).copied())
    }
}

/// Checks that need every file: unique ids, links to trips and meetings that exist.
pub(super) struct Checker<'a, 'd> {
    pub(super) files: &'a [Located<'a>],
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn error(&mut self, p: &Parsed, at: usize, field: &str, message: String) {
        let path = if field.is_empty() {
            p.path()
        } else {
            format!("{}.{field}", p.path())
        };
        let d = self.files[p.file].diagnostic(Severity::Error, at, path, message);
        self.diagnostics.push(d);
    }

    /// Checks the links and fills in each record's trip where the data leaves it to be
    /// worked out; gives back the records by id (the first of each id), which the dataset
    /// keeps.
    pub(super) fn resolve(&mut self, parsed: &mut [Parsed]) -> HashMap<Str, usize> {
        let ids = self.unique_ids(parsed);
        let kinds: Vec<Kind> = parsed.iter().map(|p| p.record.kind()).collect();
        let known = Known {
            ids: &ids,
            kinds: &kinds,
        };
        let trips: Vec<&str> = parsed
            .iter()
            .filter(|p| p.record.kind() == Kind::Trip)
            .map(|p| p.record.id())
            .collect();
        let only_trip = (trips.len() == 1).then(|| trips[0].to_owned());
        let trip_count = trips.len();
        // A file that holds exactly one trip: its records without a `trip` belong to it, even
        // beside other files' trips (the embedded data loaded with --with-default).
        let mut file_trips: HashMap<usize, Vec<&str>> = HashMap::new();
        for p in parsed.iter().filter(|p| p.record.kind() == Kind::Trip) {
            file_trips.entry(p.file).or_default().push(p.record.id());
        }
        let file_trip: HashMap<usize, String> = file_trips
            .into_iter()
            .filter(|(_, t)| t.len() == 1)
            .map(|(f, t)| (f, t[0].to_owned()))
            .collect();
        let only = |file: usize| file_trip.get(&file).cloned().or_else(|| only_trip.clone());
        // Meetings first: an experience that names only its meeting belongs to that meeting's
        // trip.
        let mut meeting_trips: HashMap<Str, Str> = HashMap::new();
        for p in parsed
            .iter_mut()
            .filter(|p| p.record.kind() != Kind::Experience)
        {
            let own = only(p.file);
            self.check_links(p, &known, own.as_deref(), trip_count);
            if let Record::Meeting(m) = &p.record {
                if let Some(trip) = &m.trip {
                    meeting_trips.insert(m.common.id.clone(), trip.clone());
                }
            }
        }
        for p in parsed
            .iter_mut()
            .filter(|p| p.record.kind() == Kind::Experience)
        {
            if let Record::Experience(e) = &mut p.record {
                if e.trip.is_none() {
                    e.trip = e
                        .meeting
                        .iter()
                        .chain(&e.meetings)
                        .find_map(|m| meeting_trips.get(m))
                        .cloned();
                }
            }
            let own = only(p.file);
            self.check_links(p, &known, own.as_deref(), trip_count);
        }
        ids
    }

    fn unique_ids(&mut self, parsed: &[Parsed]) -> HashMap<Str, usize> {
        let mut ids: HashMap<Str, usize> = HashMap::with_capacity(parsed.len());
        for (i, p) in parsed.iter().enumerate() {
            if let Some(&first) = ids.get(p.record.id()) {
                let f = &parsed[first];
                let place = self.files[f.file].place(f.id_at);
                let message = format!(
                    "duplicate id {}: first defined at {place} ({})",
                    quote(p.record.id()),
                    f.path()
                );
                self.error(p, p.id_at, "id", message);
            } else {
                ids.insert(p.record.common().id.clone(), i);
            }
        }
        ids
    }

    fn check_links(
        &mut self,
        p: &mut Parsed,
        known: &Known,
        only_trip: Option<&str>,
        trip_count: usize,
    ) {
        for link in &p.links {
            match link.want {
                Some(want) => self.expect_kind(p, link.at, &link.field(), &link.id, want, known),
                None if known.kind(&link.id).is_none() => {
                    let hint = text::closest_id(&link.id, known.ids.keys())
                        .map(|c| format!(" (did you mean \"{c}\"?)"))
                        .unwrap_or_default();
                    let message = format!("no record has the id {}{hint}", quote(&link.id));
                    self.error(p, link.at, &link.field(), message);
                }
                None => {}
            }
        }
        let (trip, kind) = match &mut p.record {
            Record::Trip(_) => return,
            Record::Meeting(m) => (&mut m.trip, Kind::Meeting),
            Record::Experience(e) => (&mut e.trip, Kind::Experience),
            Record::Visit(v) => (&mut v.trip, Kind::Visit),
        };
        match (trip.clone(), p.trip_at) {
            (Some(id), Some(at)) => self.expect_kind(p, at, "trip", &id, Kind::Trip, known),
            // Taken from the experience's meeting: checked there.
            (Some(_), None) => {}
            (None, _) if only_trip.is_some() => *trip = only_trip.map(Str::from),
            (None, _) if p.has_errors => {}
            (None, _) => {
                let article = kind.article();
                let message = format!(
                    "missing field \"trip\": {article} {kind} must name its trip when the data has {trip_count} trips"
                );
                self.error(p, p.at, "", message);
            }
        }
    }

    fn expect_kind(
        &mut self,
        p: &Parsed,
        at: usize,
        field: &str,
        id: &str,
        want: Kind,
        known: &Known,
    ) {
        match known.kind(id) {
            Some(kind) if kind == want => {}
            Some(kind) => {
                let message = format!(
                    "{} is {} {kind}, not {} {want}",
                    quote(id),
                    kind.article(),
                    want.article()
                );
                self.error(p, at, field, message);
            }
            None => {
                let candidates = known
                    .ids
                    .iter()
                    .filter(|(_, &i)| known.kinds.get(i) == Some(&want))
                    .map(|(id, _)| id);
                let hint = text::closest_id(id, candidates)
                    .map(|c| format!(" (did you mean \"{c}\"?)"))
                    .unwrap_or_default();
                let message = format!("no {want} has the id {}{hint}", quote(id));
                self.error(p, at, field, message);
            }
        }
    }
}
