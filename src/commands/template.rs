//! `findings template --format xlsx`: a workbook to write findings in, one sheet per kind,
//! that `findings import` reads back (the layout: `model::sheets`).

use std::io::Write;
use std::path::PathBuf;

use super::{output, Error, Outcome, OK};
use crate::i18n::Lang;
use crate::model::sheets::Words;
use crate::model::DataSource;
use crate::settings::Settings;

/// `findings template`: where to write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub output: PathBuf,
    /// Replace the output file if it exists.
    pub force: bool,
}

pub fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => Words::Vi,
        Lang::En => Words::En,
    }
}

pub fn run(settings: &Settings, request: &Request, err: &mut impl Write) -> Outcome {
    // The example rows come from the embedded data, whatever --data names: it is known good.
    let examples = DataSource::Embedded.load().dataset;
    let bytes =
        crate::export::template::write(words(settings.lang), &examples).map_err(Error::failed)?;
    output::write_bytes(&request.output, &bytes, request.force)?;
    let _ = writeln!(
        err,
        "findings: wrote the template to {}",
        crate::model::files::shown(&request.output)
    );
    Ok(OK)
}
