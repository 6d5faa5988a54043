//! The stats view's numbers: what the list shows now (the query, filters and tab in force),
//! counted per province, kind, topic and review status, and the trips it touches in time order.

use super::state::State;
use crate::i18n;
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
        let mut out: Vec<(String, usize)> = counts
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(id, n)| (values[id].label.clone(), n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
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
