//! `findings export`: exactly what the list shows (query, filters, sort), as a Markdown document,
//! a CSV table or a JSON dataset that loads again with `--data`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::{load_selected, output, Error, Outcome, Wanted, OK};
use crate::export;
pub use crate::export::{ExportFormat, CSV_COLUMNS};
use crate::model::selection::{self, Selection};
use crate::model::views::View;
use crate::settings::Settings;

/// `findings export`: what to list, in which form, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub wanted: Wanted,
    pub format: ExportFormat,
    /// Standard output when `None`.
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    pub force: bool,
    /// Add each record's review (status, star, notes) from the review store.
    pub with_review: bool,
}

/// The head of a Markdown export: the query as typed, each filter flag in the query's own
/// syntax (`--province "dak nong"` as `province:dak-nong`), the sort and the view's choices,
/// after the view's name; empty when the export holds everything.
pub fn described(wanted: &Wanted, selection: &Selection, view: Option<(&str, &View)>) -> String {
    let mut typed: Vec<String> = view.map(|(_, v)| v.query.clone()).into_iter().collect();
    typed.extend(wanted.query.iter().cloned());
    typed.extend(
        wanted
            .filters
            .iter()
            .map(|(name, value)| format!("{name}:{}", value.trim().replace(' ', "-"))),
    );
    View::of(typed.join(" ").trim(), selection).heading(view.map(|(name, _)| name))
}

pub fn run(
    settings: &Settings,
    args: &Request,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    if args.output.is_none() && args.format.is_binary() && std::io::stdout().is_terminal() {
        return Err(Error::usage(format!(
            "a .{} file is not text: give -o FILE, or send standard output to a file",
            args.format.extension()
        )));
    }
    if let Some(path) = &args.output {
        let named = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let known = ["md", "csv", "json", "xlsx", "docx"];
        if known.contains(&named.as_str()) && named != args.format.extension() {
            return Err(Error::usage(format!(
                "{} names a .{named} file, but the export is .{}: name it FILE.{}",
                crate::model::files::shown(path),
                args.format.extension(),
                args.format.extension()
            )));
        }
    }
    let selection = super::selection(&args.wanted, settings)?;
    let view = settings
        .view
        .as_ref()
        .map(|(name, view)| (name.as_str(), view));
    let described = described(&args.wanted, &selection, view);
    let (data, selection) = load_selected(settings, &selection, err)?;
    let (dataset, index) = (&data.dataset, &*data.index);
    let never = AtomicBool::new(false);
    let rows = selection::run(dataset, index, &selection, None, &never)
        .map(|(_, shown)| shown.rows)
        .unwrap_or_default();
    let reviews = match args.with_review {
        true => Some(super::review::read_reviews(&settings.reviewer.db, err)?),
        false => None,
    };
    let now = crate::model::when::now_utc();
    let context = export::Context {
        reviews: reviews.as_ref(),
        described: &described,
        lang: settings.lang,
        agency: settings.agency.as_deref(),
        now: &now,
    };
    let text = export::make(args.format, dataset, &rows, context).map_err(Error::failed)?;
    match &args.output {
        None => {
            let _ = out.write_all(&text);
        }
        Some(path) => {
            output::write_bytes(path, &text, args.force)?;
            let _ = writeln!(
                err,
                "findings: wrote {} records to {}",
                rows.len(),
                crate::model::files::shown(path)
            );
        }
    }
    let _ = out.flush();
    data.finish(err);
    Ok(OK)
}
