//! The facet pane: every facet with its values and their counts, a cursor over them, and what
//! Space, `c` and `C` do.

use super::state::State;
use crate::model::facets::Facet;

/// Where the user is in the facet pane.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FacetPane {
    pub open: bool,
    /// Index into [`rows`] of the row under the cursor.
    pub cursor: usize,
    /// The first row drawn.
    pub scroll: usize,
}

/// One row of the pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FacetRow {
    /// A facet's heading, with how many of its values are chosen.
    Heading { facet: Facet, chosen: usize },
    Value {
        facet: Facet,
        key: String,
        label: String,
        count: u32,
        chosen: bool,
    },
}

impl FacetRow {
    pub fn facet(&self) -> Facet {
        match self {
            FacetRow::Heading { facet, .. } | FacetRow::Value { facet, .. } => *facet,
        }
    }
}

/// The pane's rows: per facet that has values, its heading, then its values with a record
/// among those listed (or chosen): most records first, then in Vietnamese collation.
pub fn rows(state: &State) -> Vec<FacetRow> {
    let table = state.index.facets();
    let reviews = state.filters.reviews.as_deref();
    let mut out = Vec::new();
    for facet in Facet::ALL {
        let all = match (facet, reviews) {
            (Facet::Author, Some(r)) => r.authors.as_slice(),
            (Facet::Status | Facet::Starred | Facet::Notes | Facet::Author, None) => &[],
            _ => table.values(facet),
        };
        let mut values: Vec<(u32, &crate::model::facets::Value, bool)> = all
            .iter()
            .enumerate()
            .map(|(id, v)| {
                let chosen = state.filters.is_chosen(facet, &v.key);
                (state.counts.of(facet, id as u32), v, chosen)
            })
            .filter(|(n, _, chosen)| *n > 0 || *chosen)
            .collect();
        if values.is_empty() {
            continue;
        }
        values.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.collation.cmp(&b.1.collation))
        });
        let chosen = values.iter().filter(|(_, _, c)| *c).count();
        out.push(FacetRow::Heading { facet, chosen });
        out.extend(
            values
                .into_iter()
                .map(|(count, v, chosen)| FacetRow::Value {
                    facet,
                    key: v.key.clone(),
                    label: label(state, facet, v),
                    count,
                    chosen,
                }),
        );
    }
    out
}

/// How a value is shown: a kind in the interface's language, a trip by its (short) title in
/// the interface's language where the trip has one, the rest as the data spells it.
fn label(state: &State, facet: Facet, value: &crate::model::facets::Value) -> String {
    use crate::i18n::{self, Msg};
    use crate::model::describe;
    match facet {
        Facet::Trip => state.dataset.by_id(&value.key).map_or_else(
            || value.label.clone(),
            |trip| {
                let text = state.text();
                describe::short_title(trip, text)
                    .unwrap_or_else(|| describe::title(trip, text))
                    .to_owned()
            },
        ),
        Facet::Kind => crate::model::facets::kind_of(value).map_or_else(
            || value.label.clone(),
            |k| i18n::kind(state.lang, k).to_owned(),
        ),
        Facet::Status => crate::model::review::Status::parse(&value.key).map_or_else(
            |_| value.label.clone(),
            |s| i18n::status(state.lang, s).to_owned(),
        ),
        Facet::Starred => format!(
            "{} {}",
            state.marks().star,
            i18n::t(state.lang, Msg::Starred)
        ),
        Facet::Notes => i18n::t(state.lang, Msg::HasNotes).to_owned(),
        _ => value.label.clone(),
    }
}

/// The active choices as "facet: value, value" parts, for the status line.
pub fn summary(state: &State) -> Vec<(Facet, Vec<String>)> {
    let table = state.index.facets();
    state
        .filters
        .chosen
        .iter()
        .map(|(facet, keys)| {
            let labels = keys
                .iter()
                .map(|k| {
                    let value = match (facet, state.filters.reviews.as_deref()) {
                        (Facet::Author, Some(r)) => {
                            r.author(k).and_then(|id| r.authors.get(id as usize))
                        }
                        _ => table
                            .id(*facet, k)
                            .and_then(|id| table.values(*facet).get(id as usize)),
                    };
                    value.map_or_else(|| k.clone(), |v| label(state, *facet, v))
                })
                .collect();
            (*facet, labels)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use std::sync::Arc;

    fn trip_labels(lang: Lang) -> Vec<String> {
        let dataset = Arc::new(crate::model::DataSource::Embedded.load().dataset);
        let state = State::new(dataset, lang, (120, 40));
        rows(&state)
            .into_iter()
            .filter_map(|r| match r {
                FacetRow::Value {
                    facet: Facet::Trip,
                    label,
                    ..
                } => Some(label),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn trips_are_labelled_in_the_interface_language() {
        let english = trip_labels(Lang::En);
        assert!(
            english.iter().any(|l| l.starts_with("Study and exchange")),
            "{english:?}"
        );
        let vietnamese = trip_labels(Lang::Vi);
        assert!(
            vietnamese.iter().any(|l| l.starts_with("Học tập")),
            "{vietnamese:?}"
        );
    }
}
