//! `findings team init DIR [--group G]`: sets up a team's folder for the shared review file
//! (`model::team`), says what it did on standard error and prints the one line for
//! `/etc/profile.d/` on standard output, alone:
//! `findings team init /srv/findings --group khao-sat | sudo tee /etc/profile.d/findings.sh`.

use std::io::Write;
use std::path::PathBuf;

use super::{Error, Outcome, OK};
use crate::model::team;
use crate::settings::Settings;

/// What `team init` is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub dir: PathBuf,
    /// The team's group by name (or number); `None`: the folder's own.
    pub group: Option<String>,
}

pub fn run(
    settings: &Settings,
    request: &Request,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    let lang = settings.lang;
    let gid = match &request.group {
        Some(name) => Some(
            team::group_id(name)
                .ok_or_else(|| Error::usage(crate::i18n::team::no_such_group(lang, name)))?,
        ),
        None => None,
    };
    let done = team::init(&request.dir, gid).map_err(Error::failed)?;
    for line in crate::i18n::team::done(lang, &done, &team::group_shown(done.gid)) {
        let _ = writeln!(err, "{line}");
    }
    let _ = writeln!(out, "{}", team::profile_line(&done.file));
    Ok(OK)
}
