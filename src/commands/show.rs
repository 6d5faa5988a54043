//! `findings show ID`: one record as text, JSON (the dataset format plus `kind`) or Markdown.

use std::io::Write;

use super::{load_valid, Error, Outcome, NOT_FOUND, OK};
use crate::i18n::{self, Lang};
use crate::model::describe::{self, Described, Label, Text};
use crate::model::{diagnostic::quote, Dataset};
use crate::settings::Settings;

/// How `show` prints a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowFormat {
    Text,
    Json,
    Md,
}

pub fn run(
    settings: &Settings,
    id: &str,
    format: ShowFormat,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    let dataset = load_valid(settings, err)?;
    let Some(index) = dataset.index_of(id) else {
        return Err(Error::new(NOT_FOUND, not_found(&dataset, id)));
    };
    let text = match format {
        ShowFormat::Json => {
            let json = dataset.get(index).map(|r| r.to_json()).unwrap_or_default();
            serde_json::to_string_pretty(&json).unwrap_or_default()
        }
        ShowFormat::Text => render(&dataset, index, settings.lang, Style::Text),
        ShowFormat::Md => render(&dataset, index, settings.lang, Style::Markdown),
    };
    let _ = writeln!(out, "{text}");
    Ok(OK)
}

/// "no record has the id "x"; did you mean: a, b?" (said after `findings: `)
pub fn not_found(dataset: &Dataset, id: &str) -> String {
    let similar = dataset.similar_ids(id, 5);
    let mut message = format!("no record has the id {}", quote(id));
    if !similar.is_empty() {
        message.push_str(&format!("; did you mean: {}?", similar.join(", ")));
    } else {
        message.push_str("; `findings search` finds records by their text");
    }
    message
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Markdown,
}

fn render(dataset: &Dataset, index: usize, lang: Lang, style: Style) -> String {
    let text = if lang == Lang::En {
        Text::English
    } else {
        Text::Original
    };
    let (Some(record), Some(d)) = (dataset.get(index), describe::describe(dataset, index, text))
    else {
        return String::new();
    };
    let kind = i18n::kind(lang, record.kind());
    let mut s = String::new();
    match style {
        Style::Text => s.push_str(&format!("{kind}  {}\n{}\n\n", record.id(), d.title)),
        Style::Markdown => s.push_str(&format!(
            "# {}\n\n- **{kind}** `{}`\n",
            d.title,
            record.id()
        )),
    }
    if let Some((n, total)) = d.place_in_trip {
        let place = i18n::t(lang, i18n::Msg::PlaceInTrip)
            .replace("{kind}", kind)
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string());
        match style {
            Style::Text => s.push_str(&format!("({place})\n\n")),
            Style::Markdown => s.push_str(&format!("- {place}\n")),
        }
    }
    facts(&mut s, &d, lang, style);
    sections(&mut s, &d, lang, style);
    links(&mut s, dataset, index, lang, style);
    s.trim_end().to_owned()
}

fn facts(s: &mut String, d: &Described, lang: Lang, style: Style) {
    let width = d
        .facts
        .iter()
        .map(|f| i18n::label(lang, f.label).chars().count())
        .max()
        .unwrap_or(0);
    for f in &d.facts {
        let label = i18n::label(lang, f.label);
        match style {
            Style::Text => {
                let pad = width - label.chars().count();
                s.push_str(&format!(
                    "{label}:{} {}\n",
                    " ".repeat(pad),
                    f.values.join("; ")
                ));
            }
            Style::Markdown => s.push_str(&format!("- **{label}:** {}\n", f.values.join("; "))),
        }
    }
}

fn sections(s: &mut String, d: &Described, lang: Lang, style: Style) {
    for section in &d.sections {
        let label = i18n::label(lang, section.label);
        let body = if section.label == Label::Lessons {
            section
                .values
                .iter()
                .map(|v| format!("- {v}"))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            section.values.join("\n\n")
        };
        match style {
            Style::Text => {
                let indented: Vec<String> = body
                    .lines()
                    .map(|l| format!("  {l}").trim_end().to_owned())
                    .collect();
                s.push_str(&format!("\n{label}\n{}\n", indented.join("\n")));
            }
            Style::Markdown => s.push_str(&format!("\n## {label}\n\n{body}\n")),
        }
    }
}

fn links(s: &mut String, dataset: &Dataset, index: usize, lang: Lang, style: Style) {
    let text = if lang == Lang::En {
        Text::English
    } else {
        Text::Original
    };
    let groups = [
        (i18n::Msg::Links, dataset.linked(index)),
        (i18n::Msg::Related, dataset.related(index)),
    ];
    for (heading, targets) in groups {
        if targets.is_empty() {
            continue;
        }
        let heading = i18n::t(lang, heading);
        match style {
            Style::Text => s.push_str(&format!("\n{heading}\n")),
            Style::Markdown => s.push_str(&format!("\n## {heading}\n\n")),
        }
        for r in targets.into_iter().filter_map(|i| dataset.get(i)) {
            let kind = i18n::kind(lang, r.kind());
            let title = describe::title(r, text);
            match style {
                Style::Text => s.push_str(&format!("  {kind}  {}  {title}\n", r.id())),
                Style::Markdown => s.push_str(&format!("- {kind} `{}`: {title}\n", r.id())),
            }
        }
    }
}
