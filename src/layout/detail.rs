//! The detail of one record laid out in lines for a width: every field wrapped, then its linked
//! and related records, then the long texts; each piece of text tagged with what it is, so the
//! view picks the style and the state can bound scrolling without drawing.

use super::marks::Marks;
use super::text::{width, wrap};
use crate::i18n::{self, Lang, Msg};
use crate::model::describe::{self, Label, Text};
use crate::model::review::{Change, Review};
use crate::model::search::{highlight, Query};
use crate::model::Dataset;

/// What a piece of the detail is, for the view to style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Plain,
    Title,
    Dim,
    Label,
    Heading,
    Link,
}

/// A run of text of one role; `matched` when the search matched it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub role: Role,
    pub matched: bool,
}

/// One line of the detail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailLine {
    pub pieces: Vec<Piece>,
}

impl DetailLine {
    fn of(text: String, role: Role) -> DetailLine {
        DetailLine {
            pieces: vec![Piece {
                text,
                role,
                matched: false,
            }],
        }
    }

    fn blank() -> DetailLine {
        DetailLine::default()
    }

    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// The detail at one width: its lines, the line of each link (in the order of
/// `Dataset::links`), and the lines that hold a match of the search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailLayout {
    pub lines: Vec<DetailLine>,
    pub link_lines: Vec<usize>,
    pub match_lines: Vec<usize>,
}

/// What the detail of a record depends on.
#[derive(Clone, Copy)]
pub struct DetailInput<'a> {
    pub dataset: &'a Dataset,
    pub record: usize,
    pub lang: Lang,
    pub text: Text,
    /// The marks drawn around the data.
    pub marks: Marks,
    /// The search in force, whose matches are marked.
    pub query: Option<&'a Query>,
    /// The record's review, if it has one.
    pub review: Option<&'a Review>,
    /// The record's status changes, oldest first.
    pub history: &'a [Change],
}

/// Link lines start with this; the view puts the selection marker in its place.
pub const LINK_INDENT: &str = "  ";

/// Lays out the detail for a pane `pane_width` columns wide (one stays free for the scroll
/// marker).
pub fn lay_out(input: DetailInput, pane_width: u16) -> DetailLayout {
    let w = pane_width.max(2) as usize - 1;
    let mut lines = Vec::new();
    let (Some(r), Some(d)) = (
        input.dataset.get(input.record),
        describe::describe(input.dataset, input.record, input.text),
    ) else {
        return DetailLayout::default();
    };
    let lang = input.lang;
    for l in wrap(&d.title, w) {
        lines.push(DetailLine::of(l, Role::Title));
    }
    let kind = i18n::kind(lang, r.kind());
    let m = input.marks;
    let mut subtitle = format!("{kind} {} {}", m.sep, r.id());
    if let Some((n, total)) = d.place_in_trip {
        let place = i18n::t(lang, Msg::PlaceInTrip)
            .replace("{kind}", kind)
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string());
        subtitle = format!("{subtitle} {} {place}", m.sep);
    }
    for l in wrap(&subtitle, w) {
        lines.push(DetailLine::of(l, Role::Dim));
    }
    // The review first: in a review session it is what the page is opened for.
    if let Some(review) = input.review {
        review_lines(&mut lines, review, (lang, m), w);
    }
    history_lines(&mut lines, input.history, (lang, m), w);
    lines.push(DetailLine::blank());
    facts(&mut lines, &d.facts, (lang, m), w);
    // Links come before the long texts, so a meeting's experiences are in view on open.
    let link_lines = links(&mut lines, input, w);
    for section in &d.sections {
        lines.push(DetailLine::blank());
        lines.push(DetailLine::of(
            m.fit(i18n::label(lang, section.label), w),
            Role::Heading,
        ));
        for value in &section.values {
            let bullet = (section.label == Label::Lessons).then_some(m.bullet);
            paragraphs(&mut lines, value, w, bullet);
        }
    }
    let match_lines = input
        .query
        .filter(|q| !q.is_empty())
        .map(|q| mark_matches(&mut lines, q))
        .unwrap_or_default();
    DetailLayout {
        lines,
        link_lines,
        match_lines,
    }
}

/// Splits each line's pieces where the search matched; returns the lines that have a match.
fn mark_matches(lines: &mut [DetailLine], query: &Query) -> Vec<usize> {
    let mut found = Vec::new();
    for (i, line) in lines.iter_mut().enumerate() {
        let ranges = highlight::ranges(&line.text(), query, false);
        if ranges.is_empty() {
            continue;
        }
        found.push(i);
        let mut pieces = Vec::new();
        let mut at = 0usize;
        for piece in line.pieces.drain(..) {
            let mut run = String::new();
            let mut run_marked = false;
            for c in piece.text.chars() {
                let marked = ranges.iter().any(|&(a, b)| at >= a && at < b);
                if marked != run_marked && !run.is_empty() {
                    pieces.push(Piece {
                        text: std::mem::take(&mut run),
                        role: piece.role,
                        matched: run_marked,
                    });
                }
                run_marked = marked;
                run.push(c);
                at += 1;
            }
            if !run.is_empty() {
                pieces.push(Piece {
                    text: run,
                    role: piece.role,
                    matched: run_marked,
                });
            }
        }
        line.pieces = pieces;
    }
    found
}

/// "Label: value", values wrapped under the value column; on narrow panes the value goes below.
fn facts(
    lines: &mut Vec<DetailLine>,
    facts: &[describe::Fact],
    (lang, m): (Lang, Marks),
    w: usize,
) {
    let label_w = facts
        .iter()
        .map(|f| width(i18n::label(lang, f.label)) + 1)
        .max()
        .unwrap_or(0)
        .min(18);
    let beside = w >= label_w + 1 + 16;
    for f in facts {
        let label = format!("{}:", i18n::label(lang, f.label));
        if beside {
            let value_w = w - label_w - 1;
            // Three values or more (members, participants) read better one to a line.
            let rows: Vec<String> = if f.values.len() >= 3 {
                f.values.iter().flat_map(|v| wrap(v, value_w)).collect()
            } else {
                wrap(&f.values.join("; "), value_w)
            };
            for (i, l) in rows.into_iter().enumerate() {
                let head = if i == 0 {
                    m.pad(&label, label_w)
                } else {
                    " ".repeat(label_w)
                };
                lines.push(DetailLine {
                    pieces: vec![
                        Piece {
                            text: head,
                            role: Role::Label,
                            matched: false,
                        },
                        Piece {
                            text: format!(" {l}"),
                            role: Role::Plain,
                            matched: false,
                        },
                    ],
                });
            }
        } else {
            lines.push(DetailLine::of(m.fit(&label, w), Role::Label));
            for l in wrap(&f.values.join("; "), w.saturating_sub(2)) {
                lines.push(DetailLine::of(format!("  {l}"), Role::Plain));
            }
        }
    }
}

/// The review: status with who set it and when, the star, then every note with its author.
fn review_lines(lines: &mut Vec<DetailLine>, review: &Review, (lang, m): (Lang, Marks), w: usize) {
    let mut head = format!(
        "{}: {}",
        i18n::t(lang, Msg::ReviewHeading),
        i18n::status(lang, review.status())
    );
    if let (Some(by), Some(at)) = (&review.set_by, &review.set_at) {
        head.push_str(&format!(" {} {by}, {}", m.dash, short_time(at)));
    }
    if review.starred {
        head.push_str(&format!(
            " {} {} {}",
            m.sep,
            m.star,
            i18n::t(lang, Msg::Starred)
        ));
    }
    for l in wrap(&head, w) {
        lines.push(DetailLine::of(l, Role::Heading));
    }
    if review.notes.is_empty() {
        return;
    }
    lines.push(DetailLine::of(
        m.fit(
            &format!("{} ({})", i18n::t(lang, Msg::Notes), review.notes.len()),
            w,
        ),
        Role::Label,
    ));
    for note in &review.notes {
        let when = short_time(note.edited.as_deref().unwrap_or(&note.created));
        lines.push(DetailLine::of(
            m.fit(&format!("{} {} {when}", note.author, m.sep), w),
            Role::Dim,
        ));
        paragraphs(lines, &note.text, w, None);
    }
}

/// Who changed the status, from what to what, and when (local time with the zone), oldest
/// first: a teammate's change over mine is in the open.
fn history_lines(
    lines: &mut Vec<DetailLine>,
    history: &[Change],
    (lang, m): (Lang, Marks),
    w: usize,
) {
    if history.is_empty() {
        return;
    }
    let heading = format!("{} ({})", i18n::t(lang, Msg::ReviewHistory), history.len());
    lines.push(DetailLine::of(m.fit(&heading, w), Role::Label));
    for change in history {
        let text = m
            .plain(i18n::t(lang, Msg::ReviewHistoryStep))
            .replace("{at}", &crate::model::when::local(&change.at))
            .replace("{user}", &change.user)
            .replace("{from}", i18n::status(lang, change.from))
            .replace("{to}", i18n::status(lang, change.to));
        for (i, l) in wrap(&text, w.saturating_sub(2)).into_iter().enumerate() {
            let role = if i == 0 { Role::Dim } else { Role::Plain };
            lines.push(DetailLine::of(format!("  {l}"), role));
        }
    }
}

/// `2026-11-30T01:36:34.764Z` in local time with its zone: `2026-11-30 08:36 +07:00`.
fn short_time(at: &str) -> String {
    crate::model::when::local(at)
}

/// Long text: paragraphs separated by blank lines, each wrapped; lessons as bullets.
fn paragraphs(lines: &mut Vec<DetailLine>, text: &str, w: usize, bullet: Option<&str>) {
    for (i, para) in text.split('\n').enumerate() {
        if para.trim().is_empty() {
            if i > 0 {
                lines.push(DetailLine::blank());
            }
            continue;
        }
        if let Some(bullet) = bullet {
            for (j, l) in wrap(para, w.saturating_sub(2)).into_iter().enumerate() {
                let head = if j == 0 { bullet } else { " " };
                lines.push(DetailLine::of(format!("{head} {l}"), Role::Plain));
            }
        } else {
            for l in wrap(para, w) {
                lines.push(DetailLine::of(l, Role::Plain));
            }
        }
    }
}

/// The linked records, then the related ones, each group under its heading; returns the line
/// of each link.
fn links(lines: &mut Vec<DetailLine>, input: DetailInput, w: usize) -> Vec<usize> {
    let groups = [
        (Msg::Links, input.dataset.linked(input.record)),
        (Msg::Related, input.dataset.related(input.record)),
    ];
    let mut at = Vec::new();
    for (heading, targets) in groups {
        if targets.is_empty() {
            continue;
        }
        lines.push(DetailLine::blank());
        let heading = format!("{} ({})", i18n::t(input.lang, heading), targets.len());
        lines.push(DetailLine::of(input.marks.fit(&heading, w), Role::Heading));
        for target in targets {
            let Some(t) = input.dataset.get(target) else {
                continue;
            };
            let kind = i18n::kind(input.lang, t.kind());
            let text = format!("{LINK_INDENT}{kind}: {}", describe::title(t, input.text));
            at.push(lines.len());
            lines.push(DetailLine::of(input.marks.pad(&text, w), Role::Link));
        }
    }
    at
}
