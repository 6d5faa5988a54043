//! The stats view's numbers: what the list shows now (the query, filters and tab in force),
//! counted per province, kind, topic and review status, and the trips it touches in time order.

use super::state::State;
use crate::i18n::{self, Lang, Msg};
use crate::model::facets::Facet;
use crate::model::record::{Date, Record};
use crate::model::review::Status;

/// The counts behind the stats view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Records listed.
    pub total: usize,
    /// Per value, most first.
    pub provinces: Vec<(String, usize)>,
    pub kinds: Vec<(String, usize)>,
    pub topics: Vec<(String, usize)>,
    pub statuses: Vec<(Status, usize)>,
    /// The trips the listed records belong to, by start date: dates, title, records listed.
    pub trips: Vec<(Option<Date>, Option<Date>, String, usize)>,
}

/// Counts the records the list shows.
pub fn of(state: &State) -> Stats {
    let table = state.index.facets();
    let reviews = state.filters.reviews.as_deref();
    let per = |facet: Facet| vec![0usize; table.values(facet).len()];
    let (mut provinces, mut kinds, mut topics) =
        (per(Facet::Province), per(Facet::Kind), per(Facet::Topic));
    let mut statuses = [0usize; 4];
    let mut trips: Vec<(usize, usize)> = Vec::new();
    for &r in &state.rows {
        for &(f, id) in table.of(r) {
            let counts = match f {
                f if f == Facet::Province as u8 => &mut provinces,
                f if f == Facet::Kind as u8 => &mut kinds,
                f if f == Facet::Topic as u8 => &mut topics,
                _ => continue,
            };
            if let Some(c) = counts.get_mut(id as usize) {
                *c += 1;
            }
        }
        let status = reviews.map_or(Status::Unreviewed, |rv| rv.status(r));
        statuses[status_index(status)] += 1;
        let trip = state
            .dataset
            .get(r)
            .and_then(Record::trip_id)
            .and_then(|t| state.dataset.index_of(t));
        if let Some(t) = trip {
            match trips.iter_mut().find(|(x, _)| *x == t) {
                Some((_, n)) => *n += 1,
                None => trips.push((t, 1)),
            }
        }
    }
    let label = |facet: Facet, counts: Vec<usize>| -> Vec<(String, usize)> {
        let values = table.values(facet);
        // Most first, then in Vietnamese order, as the facet pane and `findings facets` list
        // them (Đắk Lắk after Dak but before Gia Lai).
        let mut out: Vec<(&crate::model::facets::Value, usize)> = counts
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(id, n)| (&values[id], n))
            .collect();
        out.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| a.0.collation.cmp(&b.0.collation))
        });
        out.into_iter().map(|(v, n)| (v.label.clone(), n)).collect()
    };
    let trips = timeline(state, trips);
    let kinds = label(Facet::Kind, kinds)
        .into_iter()
        .map(|(k, n)| {
            let named = crate::model::Kind::ALL
                .into_iter()
                .find(|kind| kind.name() == k)
                .map_or(k.clone(), |kind| i18n::kinds(state.lang, kind).to_owned());
            (named, n)
        })
        .collect();
    Stats {
        total: state.rows.len(),
        provinces: label(Facet::Province, provinces),
        kinds,
        topics: label(Facet::Topic, topics),
        statuses: [
            Status::ToApply,
            Status::Reviewed,
            Status::NotApplicable,
            Status::Unreviewed,
        ]
        .into_iter()
        .map(|s| (s, statuses[status_index(s)]))
        .collect(),
        trips,
    }
}

fn status_index(s: Status) -> usize {
    match s {
        Status::ToApply => 0,
        Status::Reviewed => 1,
        Status::NotApplicable => 2,
        Status::Unreviewed => 3,
    }
}

/// The trips (dataset indices, with how many of their records are listed) by start date.
fn timeline(
    state: &State,
    trips: Vec<(usize, usize)>,
) -> Vec<(Option<Date>, Option<Date>, String, usize)> {
    let mut out: Vec<_> = trips
        .into_iter()
        .filter_map(|(t, n)| match state.dataset.get(t)? {
            Record::Trip(trip) => Some((
                trip.start_date,
                trip.end_date,
                crate::model::describe::title(state.dataset.get(t)?, state.text()).to_owned(),
                n,
            )),
            _ => None,
        })
        .collect();
    out.sort_by_key(|t| t.0);
    out
}

/// One line of the stats view's lists, in order: the view draws the lines from its scroll
/// offset, and `update` bounds the scrolling by how many there are.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// "14 records".
    Total(usize),
    Blank,
    Heading(Msg),
    /// A value and its count, with the section's largest count (the bar's full length) and
    /// its widest label.
    Bar {
        label: String,
        count: usize,
        most: usize,
        label_width: usize,
    },
    /// A trip: its dates, title and records listed.
    Trip(String),
}

/// The stats as lines: the total, then each list whole (provinces, kinds, topics, statuses),
/// then the trips in time, their dates joined by `range` (the marks in use: `--ascii` too).
pub fn rows(s: &Stats, lang: Lang, range: &str) -> Vec<Row> {
    let mut out = vec![Row::Total(s.total)];
    let statuses: Vec<(String, usize)> = s
        .statuses
        .iter()
        .map(|(st, n)| (i18n::status(lang, *st).to_owned(), *n))
        .filter(|(_, n)| *n > 0)
        .collect();
    let sections = [
        (Msg::StatsProvinces, &s.provinces),
        (Msg::StatsKinds, &s.kinds),
        (Msg::StatsTopics, &s.topics),
        (Msg::StatsStatus, &statuses),
    ];
    for (title, items) in sections {
        if items.is_empty() {
            continue;
        }
        out.push(Row::Blank);
        out.push(Row::Heading(title));
        let most = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
        let label_width = items
            .iter()
            .map(|(l, _)| crate::layout::text::width(l))
            .max()
            .unwrap_or(0);
        out.extend(items.iter().map(|(label, n)| Row::Bar {
            label: label.clone(),
            count: *n,
            most,
            label_width,
        }));
    }
    if !s.trips.is_empty() {
        out.push(Row::Blank);
        out.push(Row::Heading(Msg::StatsTrips));
        for (start, end, title, n) in &s.trips {
            let when = match (start, end) {
                (Some(a), Some(b)) => format!("{a} {range} {b}"),
                (Some(a), None) => a.to_string(),
                _ => "?".to_owned(),
            };
            out.push(Row::Trip(format!(" {when}  {title}  ({n})")));
        }
    }
    out
}

/// How far the stats view scrolls at most at the screen's size: its lines past the height of
/// the pane they are drawn in.
pub fn max_scroll(state: &State) -> usize {
    let height = crate::layout::stats(state.size).2.height as usize;
    rows(&of(state), state.lang, state.marks().range)
        .len()
        .saturating_sub(height)
}
