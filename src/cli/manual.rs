//! `findings completions SHELL` and `findings man`: made from the clap definition, so they
//! cannot drift from the options. The manual page adds what clap does not know: the
//! subcommands (in this page, as no page of their own exists), the keys (from the keymap), the
//! query syntax, the environment, the files and the exit codes.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_mangen::roff::{bold, italic, roman, Inline, Roff};

use super::Cli;
use crate::commands::Outcome;
use crate::error::{Error, OK};
use crate::i18n::Lang;

/// The script is made in memory, then written: a closed pipe (`| head`) is not an error.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Outcome {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "findings", &mut script);
    let _ = out.write_all(&script);
    Ok(OK)
}

pub fn man(out: &mut impl Write) -> Outcome {
    let page = page().map_err(|e| Error::usage(e.to_string()))?;
    let _ = out.write_all(&page);
    Ok(OK)
}

/// The keys, per place, as the help overlay lists them: (keys, what they do), a heading where
/// the keys are `None`. The one place the page reads the key bindings from.
fn key_help() -> Vec<(Option<String>, String)> {
    crate::app::keymap::help_lines(Lang::En)
}

/// The whole page: clap's title, name, synopsis, description and options, then ours. clap's
/// own subcommand section is left out: it names a page per subcommand (`findings-check(1)`),
/// and there is none.
fn page() -> io::Result<Vec<u8>> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    let mut roff = Roff::default();
    commands(&mut roff, &command);
    keys(&mut roff);
    query_syntax(&mut roff);
    environment(&mut roff);
    files(&mut roff);
    exit_status(&mut roff);
    see_also(&mut roff);
    roff.to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// A tagged paragraph: `tag` in bold, then `text`.
fn item(roff: &mut Roff, tag: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(tag)]);
    roff.text([roman(text)]);
}

fn paragraph(roff: &mut Roff, text: impl Into<Vec<Inline>>) {
    roff.control("PP", []);
    roff.text(text);
}

/// Every subcommand with what it does, and the review subcommands under it.
fn commands(roff: &mut Roff, command: &clap::Command) {
    roff.control("SH", ["COMMANDS"]);
    paragraph(
        roff,
        [roman(
            "Without a command, findings opens the browser in the terminal (piped, it prints a \
             summary). The commands read the same data and write to standard output; ",
        ), bold("findings COMMAND --help"), roman(" lists each one's options.")],
    );
    let about = |c: &clap::Command| {
        c.get_long_about()
            .or_else(|| c.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default()
    };
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("findings {}", sub.get_name());
        item(roff, &name, &about(sub));
        for inner in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
            item(roff, &format!("{name} {}", inner.get_name()), &about(inner));
        }
    }
}

fn keys(roff: &mut Roff) {
    roff.control("SH", ["KEYS"]);
    paragraph(
        roff,
        [roman(
            "The keys of the browser, as its help (?) lists them, per place. A remap in the \
             config file's [keys] changes them (see FILES).",
        )],
    );
    for (keys, text) in key_help() {
        match keys {
            None => {
                roff.control("SS", [text.as_str()]);
            }
            Some(keys) => item(roff, &keys, &text),
        }
    }
    roff.control("SS", ["Mouse"]);
    paragraph(
        roff,
        [roman(
            "The wheel scrolls the pane under it, a click selects a row or a tab, dragging the \
             line between list and detail moves it. ",
        ), bold("--no-mouse"), roman(" leaves the mouse to the terminal.")],
    );
}

fn query_syntax(roff: &mut Roff) {
    roff.control("SH", ["QUERY SYNTAX"]);
    paragraph(
        roff,
        [roman(
            "The same in the search line (/) and in findings search, facets, export and review \
             list. Case and diacritics do not matter: dak lak finds \u{110}\u{1eaf}k L\u{1eaf}k; \
             a word typed with diacritics ranks records with the same accents higher.",
        )],
    );
    for (tag, text) in [
        ("word1 word2", "every word must match (question words such as gì, đâu, what, about are left out of what must match; see Ctrl-t and --strict)"),
        ("'word", "the word as written, never as the starts of words run together (as htx finds Hợp tác xã)"),
        ("^word", "a field starts with it"),
        ("word$", "a field ends with it"),
        ("^word$", "a field is exactly it"),
        ("!word", "the word must not occur"),
        ("\"two words\"", "a phrase"),
        ("province:dak-lak", "a filter: province:, kind:, tag:, topic:, product:, trip: or id:; a value is compared without case or diacritics, - stands for a space, a part of a value matches; province:\"dak lak\" quotes one"),
        ("!kind:trip", "a filter negated"),
        ("kind:meeting kind:visit", "values of one filter widen it (either); different filters all apply"),
    ] {
        item(roff, tag, text);
    }
    paragraph(
        roff,
        [roman(
            "A question in your own words works too (mo hinh che o dau, what did dak lak say \
             about korea): records holding every word looked for come first, then, when few \
             do, those holding most of them. The words left out are said on the search line \
             (on standard error for findings search). A broken part (province: with nothing \
             after it) is shown and left out.",
        )],
    );
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in [
        ("FINDINGS_DATA", "Dataset files or directories, separated by ':', when no --data is given. Without either, the dataset embedded in the binary is used."),
        ("FINDINGS_REVIEW_DB", "The review store, when no --review-db is given (default: $XDG_DATA_HOME/findings/review.db). Point a team at one file to share the review."),
        ("FINDINGS_LOG", "Set and not empty: log what goes wrong in the background, as --log does; debug logs more."),
        ("FINDINGS_NO_CACHE", "Set and not empty: neither use nor write the index cache, as --no-cache does."),
        ("FINDINGS_CACHE_LIMIT", "The most the index cache's folder may hold (500M, 2G; default 1G, or cache_limit in the config file)."),
        ("NO_COLOR", "Set and not empty: no colour at all, whatever the theme (reverse video, bold and underline only)."),
        ("LC_ALL, LC_MESSAGES, LANG", "The first that is set picks the interface language (vi or en) when no --lang and no lang in the config file are given; else English."),
        ("USER, LOGNAME", "The reviewer, when no --user and no user in the config file are given; else the account's name."),
        ("XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME", "Where the files below live (defaults: ~/.config, ~/.local/state, ~/.local/share)."),
        ("HOME", "The base of those defaults."),
        ("TMUX, STY", "Inside tmux or GNU screen, copying (y, Y) also goes through them to the terminal around them."),
    ] {
        item(roff, name, text);
    }
    paragraph(
        roff,
        [roman(
            "The command line wins over FINDINGS_DATA and FINDINGS_REVIEW_DB, and they win \
             over the config file; the locale and the account are read only when neither the \
             command line nor the config file says.",
        )],
    );
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    for (name, text) in [
        ("$XDG_CONFIG_HOME/findings/config.toml", "Settings: lang, theme, ascii, mouse, data, review_db, user, list_percent, and [keys] to remap keys. findings config checks it; findings config --default prints one with every setting commented out."),
        ("$XDG_CONFIG_HOME/findings/views.toml", "Saved views (w saves one, v opens one, --view NAME starts from one); meant to be edited by hand."),
        ("$XDG_DATA_HOME/findings/review.db", "The review store (SQLite, with its -wal and -shm beside it): statuses, stars and notes with their history. Only this default folder is made when missing."),
        ("$XDG_STATE_HOME/findings/history", "The search line's history (Ctrl-r, Up, Down)."),
        ("$XDG_STATE_HOME/findings/unsaved/", "A note the review store could not take when a session ended; offered back at the next start."),
        ("$HOME/findings-unsaved-note-TIME-PID.txt", "Where such a note goes when neither the store nor the unsaved folder can take it."),
        ("$XDG_STATE_HOME/findings/log", "What went wrong in the background, with --log or FINDINGS_LOG."),
        ("$XDG_CACHE_HOME/findings/", "The index cache (0700): the records and search index of unchanged data files, for a fast start."),
    ] {
        item(roff, name, text);
    }
    paragraph(
        roff,
        [roman(
            "Every file findings writes (exports, views, the config) is written whole or not \
             at all: under a temporary name, then renamed; an existing file is replaced only \
             when asked (--force, or y in the browser); links, FIFOs and devices are never \
             written through.",
        )],
    );
}

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, text) in [
        ("0", "Done; for search, something matched."),
        ("1", "check found invalid data; show was given an unknown id; search matched nothing; a file could not be written (-o: an existing file without --force, a missing folder) or the review file could not be read or written."),
        ("2", "A usage error; data with errors given to a command other than check; a config or views file that does not parse; an unknown id or status given to review; standard output that could not be written (a full disk)."),
        ("141", "The reader of standard output went away (findings search x | head -1), as for a program ended by SIGPIPE; nothing is said."),
    ] {
        item(roff, code, text);
    }
    paragraph(roff, [roman("Errors go to standard error.")]);
}

fn see_also(roff: &mut Roff) {
    roff.control("SH", ["SEE ALSO"]);
    paragraph(
        roff,
        [
            bold("findings schema"),
            roman(" prints the JSON Schema of the dataset format. In the source: "),
            italic("README.md"),
            roman(" (the guide), "),
            italic("docs/format.md"),
            roman(" (the dataset format and the query syntax), "),
            italic("docs/safety.md"),
            roman(" (what is promised about the review store and the files written)."),
        ],
    );
}
