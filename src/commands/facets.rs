//! `findings facets [QUERY] [FILTERS]`: how many records each facet value has among those that
//! match, as text or JSON — the counts the TUI's facet pane shows.

use std::io::Write;
use std::sync::atomic::AtomicBool;

use super::{load_selected, selection as selected, Format, Outcome, Wanted, OK};
use crate::model::facets::Facet;
use crate::model::search::Index;
use crate::model::selection;
use crate::settings::Settings;

/// Per facet, its values with their counts: most first, then in Vietnamese collation. Values
/// no matching record has are left out.
pub fn counted(index: &Index, shown: &selection::Shown) -> Vec<(Facet, Vec<(String, u32)>)> {
    let table = index.facets();
    Facet::DATA
        .iter()
        .map(|&facet| {
            let mut values: Vec<(&crate::model::facets::Value, u32)> = table
                .values(facet)
                .iter()
                .enumerate()
                .map(|(id, v)| (v, shown.counts.of(facet, id as u32)))
                .filter(|(_, n)| *n > 0)
                .collect();
            values.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| a.0.collation.cmp(&b.0.collation))
            });
            let values = values
                .into_iter()
                .map(|(v, n)| (v.label.clone(), n))
                .collect();
            (facet, values)
        })
        .collect()
}

pub fn run(
    settings: &Settings,
    wanted: &Wanted,
    format: Format,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    let selection = selected(wanted, settings)?;
    let (data, selection) = load_selected(settings, &selection, err)?;
    let (dataset, index) = (&data.dataset, &*data.index);
    let selection = &selection;
    for problem in &selection.query.errors {
        let _ = writeln!(err, "findings: query: {problem} (left out)");
    }
    let never = AtomicBool::new(false);
    let Some((_, shown)) = selection::run(dataset, index, selection, None, &never) else {
        return Ok(OK);
    };
    let facets = counted(index, &shown);
    let text = match format {
        Format::Json => {
            let mut object = serde_json::Map::new();
            for (facet, values) in facets {
                let counts: serde_json::Map<String, serde_json::Value> =
                    values.into_iter().map(|(v, n)| (v, n.into())).collect();
                object.insert(facet.name().into(), counts.into());
            }
            serde_json::to_string_pretty(&object).unwrap_or_default()
        }
        Format::Text => text(&facets),
    };
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
    data.finish(err);
    Ok(OK)
}

fn text(facets: &[(Facet, Vec<(String, u32)>)]) -> String {
    let mut out = String::new();
    for (facet, values) in facets {
        out.push_str(facet.name());
        out.push_str(":\n");
        let width = values
            .iter()
            .map(|(v, _)| unicode_width::UnicodeWidthStr::width(v.as_str()))
            .max()
            .unwrap_or(0);
        for (value, n) in values {
            let pad = width - unicode_width::UnicodeWidthStr::width(value.as_str());
            out.push_str(&format!("  {value}{}  {n:>5}\n", " ".repeat(pad)));
        }
    }
    out.trim_end().to_owned()
}
