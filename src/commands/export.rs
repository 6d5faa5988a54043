//! `findings export`: exactly what the list shows (query, filters, sort), as a Markdown document,
//! a CSV table or a JSON dataset that loads again with `--data`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::review::Reviewer;
use super::{load_selected, output, Context, OK};
use crate::export;
pub use crate::export::{ExportFormat, CSV_COLUMNS};
use crate::model::search::Index;
use crate::model::selection::{self, Selection};
use crate::model::views::View;

pub struct Args {
    pub selection: Selection,
    /// The query as typed, for the document's head.
    pub described: String,
    pub format: ExportFormat,
    pub output: Option<PathBuf>,
    pub force: bool,
    /// Add each record's review (status, star, notes) from this store.
    pub with_review: Option<Reviewer>,
}

/// The head of a Markdown export: the query as typed, each filter flag in the query's own
/// syntax (`--province "dak nong"` as `province:dak-nong`), the sort and the view's choices,
/// after the view's name; empty when the export holds everything.
pub fn described(
    query: &[String],
    filters: &crate::cli::Filters,
    selection: &Selection,
    view: Option<(&str, &View)>,
) -> String {
    let mut typed: Vec<String> = view.map(|(_, v)| v.query.clone()).into_iter().collect();
    typed.extend(query.iter().cloned());
    typed.extend(
        filters
            .pairs()
            .into_iter()
            .map(|(name, value)| format!("{name}:{}", value.trim().replace(' ', "-"))),
    );
    View::of(typed.join(" ").trim(), selection).heading(view.map(|(name, _)| name))
}

pub fn run(cx: &Context, args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (dataset, selection) = match load_selected(cx, &args.selection, err) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let index = Index::build(&dataset);
    let never = AtomicBool::new(false);
    let rows = selection::run(&dataset, &index, &selection, None, &never)
        .map(|(_, shown)| shown.rows)
        .unwrap_or_default();
    let reviews = match &args.with_review {
        Some(who) => match super::review::read_reviews(&who.db, err) {
            Ok(all) => Some(all),
            Err(e) => {
                let _ = writeln!(err, "findings: {e}");
                return 1;
            }
        },
        None => None,
    };
    let text = export::render(
        args.format,
        &dataset,
        &rows,
        reviews.as_ref(),
        &args.described,
        cx.lang,
    );
    match &args.output {
        None => {
            let _ = out.write_all(text.as_bytes());
            OK
        }
        Some(path) => match output::write_file(path, &text, args.force) {
            Ok(()) => {
                let _ = writeln!(
                    err,
                    "findings: wrote {} records to {}",
                    rows.len(),
                    crate::model::files::shown(path)
                );
                OK
            }
            Err(message) => {
                let _ = writeln!(err, "findings: {message}");
                1
            }
        },
    }
}
