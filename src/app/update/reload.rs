//! New data in `update`: the files changed or `R` asked, the first load's steps, and what a
//! load brought (new data, kept by id where the user was) or why it failed.

use super::*;
use crate::i18n::{self, Msg};

pub(super) fn data(state: &mut State, event: E) -> Outcome {
    match event {
        E::DataChanged => Outcome::nothing().with(Effect::Reload),
        E::LoadStep(step) => {
            state.loading = Some(step);
            Outcome::redraw()
        }
        E::Reloaded(data) if state.loading.is_some() => {
            state.loading = None;
            let outcome = reloaded(state, data);
            let n = state.dataset.len();
            let records = i18n::t(state.lang, Msg::StatsRecords);
            let mut said = format!("{n} {records}");
            if !state.reload_problems.is_empty() {
                let warned = i18n::t(state.lang, Msg::LoadWarnings);
                said.push_str(&format!("; {} {warned}", state.reload_problems.len()));
            }
            state.notice = Some(Notice::Detail(Msg::Loaded, said));
            outcome
        }
        E::ReloadFailed(problems) if state.loading.is_some() => {
            Outcome::nothing().with(Effect::Fail(problems))
        }
        E::Reloaded(data) => reloaded(state, data),
        E::ReloadFailed(problems) => {
            let n = problems.len();
            state.reload_problems = problems;
            state.notice = Some(Notice::Problem(Msg::ReloadFailed, n.to_string()));
            Outcome::redraw()
        }
        _ => Outcome::nothing(),
    }
}

/// New data arrived: the same records stay selected and open (by id), the query, filters and
/// scroll stay, the search runs again on the new data, and the status line says what changed
/// (counted in the background, where it was loaded).
fn reloaded(state: &mut State, data: crate::app::action::Data) -> Outcome {
    let (dataset, index) = (data.dataset.clone(), data.index.clone());
    let crate::model::dataset::Changes {
        added,
        changed,
        removed,
    } = data.changes;
    let offset = state.list_offset;
    state.replace_dataset(dataset.clone(), index.clone());
    state.list_offset = offset;
    keep_selection_visible(state);
    // Warnings of the load that brought this data, if any, for `D`.
    state.reload_problems = data.warnings.clone();
    state.notice = Some(Notice::Detail(
        Msg::Reloaded,
        format!("+{added} new, {changed} changed, {removed} removed"),
    ));
    let input = state.search.input.clone();
    let request = state.search.set_input(input, &state.selection());
    Outcome::redraw()
        .with(Effect::UseData(data))
        .with_some(request.map(Effect::Search))
}
