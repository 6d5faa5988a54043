//! Sharing what was found, in `update`: exporting the list, saving and opening views, and the
//! popup that shows what `y` and `Y` copy. The dialogs they open take the keys until closed.

use super::*;
use crate::app::dialog::{export_file_name, Ask, Dialog, Pick};
use crate::app::effect::{ExportJob, ExportProblem};
use crate::export::ExportFormat;
use crate::i18n::Msg;
use crate::model::views::View;

/// The actions that open or answer a dialog, and the background results they wait for.
pub(super) fn sharing(state: &mut State, action: Action) -> Outcome {
    match action {
        Action::Command(C::Export) => open(
            state,
            Dialog::Pick {
                pick: Pick::Format,
                selected: 0,
            },
        ),
        Action::Command(C::SaveView) => {
            let input = state.view_name.clone().unwrap_or_default();
            open(
                state,
                Dialog::Prompt {
                    ask: Ask::ViewName,
                    input,
                },
            )
        }
        Action::Command(C::PickView) => {
            state.views_asked = true;
            Outcome::nothing().with(Effect::LoadViews)
        }
        Action::Command(C::ShowCopy) => show_copy(state),
        Action::Command(C::ShowReloadProblems) if state.reload_problems.is_empty() => {
            state.notice = Some(Notice::Said(Msg::NoReloadProblems));
            Outcome::redraw()
        }
        Action::Command(C::ShowReloadProblems) => {
            let text = crate::model::text::clean(
                &state.reload_problems.join("\n"),
                crate::model::text::Lines::Keep,
            );
            open(state, Dialog::Text { text, scroll: 0 })
        }
        Action::Event(E::OpenView { name, view }) => open_view(state, name, &view),
        Action::Event(E::ViewsLoaded(Ok(views))) if views.is_empty() => {
            state.notice = Some(Notice::Said(Msg::NoViews));
            Outcome::redraw()
        }
        Action::Event(E::ViewsLoaded(Ok(views))) => {
            let selected = state
                .view_name
                .as_ref()
                .and_then(|n| views.iter().position(|(name, _)| name == n))
                .unwrap_or(0);
            open(
                state,
                Dialog::Pick {
                    pick: Pick::View(views),
                    selected,
                },
            )
        }
        Action::Event(E::ViewsLoaded(Err(e))) => problem(state, Msg::ViewsFailed, e),
        Action::Event(E::ViewSaved(Ok(name))) => {
            state.notice = Some(Notice::Detail(Msg::ViewSaved, name.clone()));
            state.view_name = Some(name);
            Outcome::redraw()
        }
        Action::Event(E::ViewSaved(Err(e))) => problem(state, Msg::ViewsFailed, e),
        Action::Event(E::Exported(Ok((records, path)))) => {
            let detail = format!("{records} {} {}", state.marks().arrow, path.display());
            state.notice = Some(Notice::Detail(Msg::Exported, detail));
            Outcome::redraw()
        }
        Action::Event(E::Exported(Err(ExportProblem::Exists(job)))) => open(
            state,
            Dialog::Overwrite {
                path: job.path,
                format: job.format,
            },
        ),
        Action::Event(E::Exported(Err(ExportProblem::Failed(e)))) => {
            problem(state, Msg::ExportFailed, e)
        }
        _ => Outcome::nothing(),
    }
}

fn open(state: &mut State, dialog: Dialog) -> Outcome {
    state.dialog = Some(dialog);
    Outcome::redraw()
}

fn problem(state: &mut State, what: Msg, why: String) -> Outcome {
    state.notice = Some(Notice::Problem(what, why));
    Outcome::redraw()
}

/// Keys while a dialog is open.
pub(super) fn dialog(state: &mut State, action: Action) -> Outcome {
    let Some(dialog) = state.dialog.take() else {
        return Outcome::nothing();
    };
    match (dialog, action) {
        (Dialog::Unsaved, Action::Command(C::DialogConfirm)) => {
            super::reviewing::open_unsaved(state)
        }
        (Dialog::Unsaved, Action::Command(C::DialogCancel)) => {
            super::reviewing::unsaved_later(state)
        }
        (_, Action::Command(C::DialogCancel)) => Outcome::redraw(),
        (Dialog::Prompt { ask, mut input }, action) => {
            match action {
                Action::Event(E::DialogChar(c)) => input.push(c),
                Action::Event(E::Paste(text)) => input.push_str(&crate::model::text::inline(&text)),
                Action::Command(C::DialogBackspace) => {
                    input.pop();
                }
                Action::Command(C::DialogConfirm) => return answer(state, ask, input.trim()),
                _ => {}
            }
            open(state, Dialog::Prompt { ask, input })
        }
        (Dialog::Pick { pick, selected }, action) => {
            let last = pick.len().saturating_sub(1);
            let selected = match action {
                Action::Command(C::Up) | Action::Event(E::DialogChar('k')) => {
                    selected.saturating_sub(1)
                }
                Action::Command(C::Down) | Action::Event(E::DialogChar('j')) => {
                    (selected + 1).min(last)
                }
                Action::Command(C::DialogConfirm) => return picked(state, pick, selected),
                _ => selected,
            };
            open(state, Dialog::Pick { pick, selected })
        }
        // Only `y` replaces a file: Enter, pressed once more after accepting the name, keeps
        // it, as a `[y/N]` question does.
        (Dialog::Overwrite { path, format }, Action::Event(E::DialogChar('y'))) => {
            let job = export_job(state, path, format, true);
            Outcome::redraw().with(Effect::Export(job))
        }
        (
            Dialog::Overwrite { .. },
            Action::Event(E::DialogChar('n')) | Action::Command(C::DialogConfirm),
        ) => Outcome::redraw(),
        (
            Dialog::Text { .. },
            Action::Event(E::DialogChar('q')) | Action::Command(C::DialogConfirm),
        ) => Outcome::redraw(),
        (Dialog::Text { text, scroll }, action) => {
            let scroll = match action {
                Action::Command(C::Up) | Action::Event(E::DialogChar('k')) => {
                    scroll.saturating_sub(1)
                }
                Action::Command(C::Down) | Action::Event(E::DialogChar('j')) => scroll + 1,
                _ => scroll,
            };
            let most = text.lines().count().saturating_sub(1);
            open(
                state,
                Dialog::Text {
                    text,
                    scroll: scroll.min(most),
                },
            )
        }
        (dialog, _) => {
            state.dialog = Some(dialog);
            Outcome::nothing()
        }
    }
}

/// A prompt answered.
fn answer(state: &mut State, ask: Ask, input: &str) -> Outcome {
    if input.is_empty() {
        // Nothing typed: ask again.
        return open(
            state,
            Dialog::Prompt {
                ask,
                input: String::new(),
            },
        );
    }
    match ask {
        Ask::ViewName => {
            let view = View::of(&state.search.input, &state.selection());
            let name = input.to_owned();
            Outcome::redraw().with(Effect::SaveView { name, view })
        }
        Ask::ExportFile(format) => {
            let job = export_job(state, input.into(), format, false);
            Outcome::redraw().with(Effect::Export(job))
        }
    }
}

/// A list item chosen.
fn picked(state: &mut State, pick: Pick, selected: usize) -> Outcome {
    match pick {
        Pick::Format => {
            let format = ExportFormat::ALL[selected.min(ExportFormat::ALL.len() - 1)];
            let input = export_file_name(state.view_name.as_deref(), format);
            open(
                state,
                Dialog::Prompt {
                    ask: Ask::ExportFile(format),
                    input,
                },
            )
        }
        Pick::View(mut views) if selected < views.len() => {
            let (name, view) = views.swap_remove(selected);
            open_view(state, name, &view)
        }
        Pick::View(_) => Outcome::redraw(),
    }
}

/// The list as it is now, to be written to `path`.
fn export_job(
    state: &State,
    path: std::path::PathBuf,
    format: ExportFormat,
    replace: bool,
) -> ExportJob {
    let described =
        View::of(&state.search.input, &state.selection()).heading(state.view_name.as_deref());
    ExportJob {
        path,
        format,
        rows: state.rows.clone(),
        described,
        lang: state.lang,
        reviews: (!state.review.reviews.is_empty()).then(|| state.review.reviews.clone()),
        replace,
        agency: state.review.agency.clone(),
    }
}

/// Shows a saved view: its query (searched again), filters, sort and tab.
fn open_view(state: &mut State, name: String, view: &View) -> Outcome {
    let mut selection = state.selection();
    view.apply(&mut selection);
    state.filters.chosen = selection.chosen;
    state.filters.sort = selection.sort;
    state.tab = TABS
        .iter()
        .position(|k| *k == selection.kind)
        .unwrap_or(state.tab);
    state.view_name = Some(name.clone());
    state.notice = Some(Notice::Detail(Msg::ViewOpened, name));
    state.search.editing = false;
    state.focus = match state.focus {
        Focus::Detail => Focus::List,
        f => f,
    };
    let request = state
        .search
        .set_input(view.query.clone(), &state.selection());
    if request.is_none() {
        reselect_from(state, None);
    }
    Outcome::redraw().with_some(request.map(Effect::Search))
}

/// The popup with what `y` and `Y` copy, for terminals that do not take OSC 52.
fn show_copy(state: &mut State) -> Outcome {
    let Some(record) = state.detail_record() else {
        return Outcome::nothing();
    };
    let citation = copy::citation(state, record).unwrap_or_default();
    let markdown = copy::markdown(state, record).unwrap_or_default();
    let text = crate::model::text::clean(
        &format!("{citation}\n\n{markdown}"),
        crate::model::text::Lines::Keep,
    );
    open(state, Dialog::Text { text, scroll: 0 })
}
