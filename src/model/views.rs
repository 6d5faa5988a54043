//! Saved views: a query, facet filters, a sort and a tab kept under a name, in a hand-editable
//! TOML file (`$XDG_CONFIG_HOME/findings/views.toml`):
//!
//! ```toml
//! [view."Đắk Lắk – Hàn Quốc"]
//! query = "han quoc"
//! province = ["dak lak"]
//! kind = ["experience"]
//! sort = "date:desc"
//! tab = "all"
//! ```
//!
//! A file that does not parse is reported as `FILE:LINE:COL: what is wrong` and never
//! overwritten: saving a view edits the file in place, keeping its comments and layout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diagnostic::{LineIndex, Position};
use super::facets::Facet;
use super::files;
use super::search;
use super::selection::Selection;
use super::sort::Sort;
use super::text;
use super::Kind;

/// One saved view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// The query as typed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub query: String,
    /// `FIELD` or `FIELD:desc` (relevance, date, title, province, kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortName>,
    /// `all` or a kind: trip, meeting, experience, visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<Tab>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub province: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kind: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trip: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programme: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub year: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub star: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub author: Vec<String>,
}

/// A sort as written in the file, checked when read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SortName(pub Sort);

impl TryFrom<String> for SortName {
    type Error = String;
    fn try_from(s: String) -> Result<SortName, String> {
        Sort::parse(&s).map(SortName)
    }
}

impl From<SortName> for String {
    fn from(s: SortName) -> String {
        s.0.to_string()
    }
}

/// A tab as written in the file: `all` or a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tab(pub Option<Kind>);

impl TryFrom<String> for Tab {
    type Error = String;
    fn try_from(s: String) -> Result<Tab, String> {
        if s == "all" {
            return Ok(Tab(None));
        }
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .map(|k| Tab(Some(k)))
            .ok_or_else(|| format!("no tab {s:?}: use all, trip, meeting, experience or visit"))
    }
}

impl From<Tab> for String {
    fn from(t: Tab) -> String {
        t.0.map_or("all", Kind::name).to_owned()
    }
}

impl View {
    /// The view of what the list shows: the query as typed and the selection.
    pub fn of(input: &str, selection: &Selection) -> View {
        let mut view = View {
            query: input.trim().to_owned(),
            sort: (selection.sort != Sort::default()).then_some(SortName(selection.sort)),
            tab: selection.kind.map(|k| Tab(Some(k))),
            ..View::default()
        };
        for (facet, keys) in &selection.chosen {
            view.values_mut(*facet).extend(keys.iter().cloned());
        }
        view
    }

    /// The view with its query and values as the screen may show them: the file is edited by
    /// hand, and a TOML string may hold any control character (docs/safety.md, "Data from files").
    fn cleaned(mut self) -> View {
        self.query = text::inline(&self.query);
        for facet in Facet::ALL {
            for value in self.values_mut(facet).iter_mut() {
                *value = text::inline(value);
            }
        }
        self
    }

    /// The selection the view stands for (its sort and tab left as they are when not given).
    pub fn apply(&self, selection: &mut Selection) {
        selection.query = search::parse(&self.query);
        selection.chosen.clear();
        for facet in Facet::ALL {
            for value in self.values(facet) {
                selection.choose(facet, value);
            }
        }
        if let Some(sort) = self.sort {
            selection.sort = sort.0;
        }
        if let Some(tab) = self.tab {
            selection.kind = tab.0;
        }
    }

    /// True when the view filters on reviews (status, star, notes, author).
    pub fn uses_reviews(&self) -> bool {
        [Facet::Status, Facet::Starred, Facet::Notes, Facet::Author]
            .into_iter()
            .any(|f| !self.values(f).is_empty())
    }

    fn values(&self, facet: Facet) -> &Vec<String> {
        match facet {
            Facet::Province => &self.province,
            Facet::Kind => &self.kind,
            Facet::Topic => &self.topic,
            Facet::Tag => &self.tag,
            Facet::Product => &self.product,
            Facet::Trip => &self.trip,
            Facet::Programme => &self.programme,
            Facet::Year => &self.year,
            Facet::Status => &self.status,
            Facet::Starred => &self.star,
            Facet::Notes => &self.notes,
            Facet::Author => &self.author,
        }
    }

    fn values_mut(&mut self, facet: Facet) -> &mut Vec<String> {
        match facet {
            Facet::Province => &mut self.province,
            Facet::Kind => &mut self.kind,
            Facet::Topic => &mut self.topic,
            Facet::Tag => &mut self.tag,
            Facet::Product => &mut self.product,
            Facet::Trip => &mut self.trip,
            Facet::Programme => &mut self.programme,
            Facet::Year => &mut self.year,
            Facet::Status => &mut self.status,
            Facet::Starred => &mut self.star,
            Facet::Notes => &mut self.notes,
            Facet::Author => &mut self.author,
        }
    }

    /// What an export of this selection says it holds: the view's name (when one is open),
    /// then the query, filters, sort and tab; empty for everything, outside a view.
    pub fn heading(&self, name: Option<&str>) -> String {
        match (name, *self == View::default()) {
            (Some(name), true) => name.to_owned(),
            (Some(name), false) => format!("{name}: {}", self.describe()),
            (None, true) => String::new(),
            (None, false) => self.describe(),
        }
    }

    /// One line: the query and the filters, for lists of views.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("{:?}", self.query));
        }
        for facet in Facet::ALL {
            let values = self.values(facet);
            if !values.is_empty() {
                parts.push(format!("{}: {}", facet.name(), values.join(" | ")));
            }
        }
        if let Some(sort) = self.sort {
            parts.push(format!("sort {}", sort.0));
        }
        if let Some(Tab(Some(kind))) = self.tab {
            parts.push(format!("tab {}", kind.name()));
        }
        match parts.is_empty() {
            true => "everything".to_owned(),
            false => parts.join(", "),
        }
    }
}

/// The file's whole content.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewsFile {
    #[serde(default)]
    view: BTreeMap<String, View>,
}

/// The saved views, by name.
pub type Views = BTreeMap<String, View>;

/// Why the views could not be read or saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewsError {
    /// The file does not parse: where, and what is wrong.
    Broken {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    Io(String),
    /// No view of that name.
    Missing {
        name: String,
        known: Vec<String>,
    },
    /// No view has exactly that name, and several have it without case or diacritics.
    Ambiguous {
        name: String,
        matches: Vec<String>,
    },
}

impl std::fmt::Display for ViewsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ViewsError::Broken {
                path,
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: {message}", files::shown(path)),
            ViewsError::Io(e) => f.write_str(e),
            ViewsError::Ambiguous { name, matches } => {
                let quoted: Vec<String> = matches
                    .iter()
                    .map(|m| format!("\"{}\"", text::inline(m)))
                    .collect();
                write!(
                    f,
                    "saved view \"{}\" is ambiguous: it could be {}; give the name as saved",
                    text::inline(name),
                    quoted.join(", ")
                )
            }
            ViewsError::Missing { name, known } if known.is_empty() => {
                write!(
                    f,
                    "no saved view \"{}\": none saved yet",
                    text::inline(name)
                )
            }
            ViewsError::Missing { name, known } => {
                write!(
                    f,
                    "no saved view \"{}\"; saved: {}",
                    text::inline(name),
                    known.join(", ")
                )
            }
        }
    }
}

/// `$XDG_CONFIG_HOME/findings/views.toml`.
pub fn default_path() -> Option<PathBuf> {
    files::config_dir().map(|d| d.join("views.toml"))
}

/// [`default_path`], or why there is none.
pub fn path() -> Result<PathBuf, ViewsError> {
    default_path().ok_or_else(|| {
        ViewsError::Io("no home directory: set HOME or XDG_CONFIG_HOME to keep views".into())
    })
}

/// The views in `path`; none when there is no file yet.
pub fn load(path: &Path) -> Result<Views, ViewsError> {
    let text = match files::read_small(path, files::SETTINGS_LIMIT) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(Views::new()),
        Err(e) => return Err(ViewsError::Io(format!("{}: {e}", files::shown(path)))),
    };
    parse(path, &text)
}

fn parse(path: &Path, text: &str) -> Result<Views, ViewsError> {
    toml_edit::de::from_str::<ViewsFile>(text)
        .map(|f| {
            f.view
                .into_iter()
                .map(|(name, view)| (text::inline(&name), view.cleaned()))
                .collect()
        })
        .map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let Position { line, column } = LineIndex::new(text.as_bytes()).position(at);
            ViewsError::Broken {
                path: path.to_owned(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        })
}

/// The view named `name` in `path` (see [`find_named`]).
pub fn find(path: &Path, name: &str) -> Result<View, ViewsError> {
    find_named(path, name).map(|(_, view)| view)
}

/// The view `name` stands for in `path`, with its name as saved: the view of exactly that
/// name, else the one whose name is the same without case, diacritics or the kind of dash
/// (`dak nong - lao dong` finds "Đắk Nông – lao động"), as search matches text.
pub fn find_named(path: &Path, name: &str) -> Result<(String, View), ViewsError> {
    let mut views = load(path)?;
    let found: Vec<String> = matching(views.keys(), name).into_iter().cloned().collect();
    match found.as_slice() {
        [one] => {
            let view = views.remove(one).unwrap_or_default();
            Ok((one.clone(), view))
        }
        [] => Err(ViewsError::Missing {
            name: name.to_owned(),
            known: views.into_keys().collect(),
        }),
        _ => Err(ViewsError::Ambiguous {
            name: name.to_owned(),
            matches: found,
        }),
    }
}

/// The names among `names` that `name` stands for: the one equal to it, else every one equal
/// to it folded (case, diacritics, dashes and runs of spaces aside), else every one with the
/// same words (punctuation aside: "dak nong lao dong" for "Đắk Nông – lao động").
pub fn matching<'a>(names: impl IntoIterator<Item = &'a String>, name: &str) -> Vec<&'a String> {
    let names: Vec<&String> = names.into_iter().collect();
    if let Some(exact) = names.iter().find(|n| n.as_str() == name) {
        return vec![exact];
    }
    let key = name_key(name);
    let folded: Vec<&String> = names
        .iter()
        .copied()
        .filter(|n| name_key(n) == key)
        .collect();
    if !folded.is_empty() {
        return folded;
    }
    let words = words_key(name);
    names
        .into_iter()
        .filter(|n| words_key(n) == words)
        .collect()
}

/// A view's name as its words alone, folded: what is left when even the punctuation is.
fn words_key(name: &str) -> String {
    let folded = super::fold::fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// A view's name as it is compared: folded as search folds text, every dash a hyphen set off
/// by one space (`nong–lao` is `nong - lao`), spaces single.
fn name_key(name: &str) -> String {
    let mut spaced = String::new();
    for c in super::fold::fold(name).chars() {
        match c {
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
                spaced.push_str(" - ")
            }
            c => spaced.push(c),
        }
    }
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Saves `view` as `name` in `path` (replacing a view of that name), keeping the rest of the
/// file as it was written. A file that does not parse is left alone.
pub fn save(path: &Path, name: &str, view: &View) -> Result<(), ViewsError> {
    // A new file starts with a comment saying what it is; toml_edit would keep a comment-only
    // document's text after the tables, so it is put in front when the file is written.
    let (text, header) = match files::read_small(path, files::SETTINGS_LIMIT) {
        Ok(Some(t)) => (t, ""),
        Ok(None) => (String::new(), HEADER),
        Err(e) => return Err(ViewsError::Io(format!("{}: {e}", files::shown(path)))),
    };
    parse(path, &text)?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| ViewsError::Io(e.to_string()))?;
    let table = toml_edit::ser::to_document(view)
        .map_err(|e| ViewsError::Io(e.to_string()))?
        .as_table()
        .clone();
    let views = doc
        .entry("view")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| ViewsError::Io(format!("{}: `view` is not a table", files::shown(path))))?;
    views.insert(name, toml_edit::Item::Table(table));
    let text = format!("{header}{doc}");
    // The views live in findings' own config folder, made on the first save; the file
    // writer makes no folder (an export's mistyped folder is an error, not a new folder).
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|e| ViewsError::Io(format!("{}: {e}", files::shown(folder))))?;
    }
    files::write_file(path, &text, true).map_err(|e| ViewsError::Io(e.to_string()))
}

const HEADER: &str =
    "# Saved views of findings: `findings views` lists them, `findings --view NAME` \
opens one.\n# In the TUI, w saves what the list shows and v picks a view. Edit freely.\n\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_without_case_diacritics_or_dash_kind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.toml");
        let view = |q: &str| View {
            query: q.into(),
            ..View::default()
        };
        save(&path, "Đắk Nông – lao động nước ngoài", &view("a")).unwrap();
        let (name, found) = find_named(&path, "dak nong - lao dong nuoc ngoai").unwrap();
        assert_eq!(
            (name.as_str(), found),
            ("Đắk Nông – lao động nước ngoài", view("a"))
        );
        assert_eq!(find(&path, "ĐẮK NÔNG—LAO ĐỘNG NƯỚC NGOÀI"), Ok(view("a")));
        assert_eq!(
            find(&path, "dak nong -  lao  dong nuoc ngoai "),
            Ok(view("a"))
        );
        // Without the dash: the same words.
        assert_eq!(find(&path, "dak nong lao dong nuoc ngoai"), Ok(view("a")));
        assert_eq!(
            find(&path, "dak nong lao dong"),
            Err(ViewsError::Missing {
                name: "dak nong lao dong".into(),
                known: vec!["Đắk Nông – lao động nước ngoài".into()],
            })
        );
        // The name as saved comes first; two that fold alike are named, not guessed.
        save(&path, "Dak Nong - lao dong nuoc ngoai", &view("b")).unwrap();
        assert_eq!(find(&path, "Dak Nong - lao dong nuoc ngoai"), Ok(view("b")));
        let err = find(&path, "dak nong - lao dong nuoc ngoai").unwrap_err();
        assert!(matches!(&err, ViewsError::Ambiguous { matches, .. } if matches.len() == 2));
        let said = err.to_string();
        assert!(
            said.contains("\"Đắk Nông – lao động nước ngoài\"")
                && said.contains("\"Dak Nong - lao dong nuoc ngoai\""),
            "{said}"
        );
    }

    #[test]
    fn sorts_and_tabs_are_checked_when_read() {
        let bad = parse(Path::new("v.toml"), "[view.a]\nsort = \"colour\"\n").unwrap_err();
        let ViewsError::Broken { line, column, .. } = &bad else {
            panic!("{bad:?}");
        };
        assert_eq!((*line, *column), (2, 8), "{bad}");
        assert!(bad.to_string().contains("no sort"), "{bad}");
        let tab = parse(Path::new("v.toml"), "[view.a]\ntab = \"trips\"\n").unwrap_err();
        assert!(tab.to_string().contains("no tab"), "{tab}");
    }

    #[test]
    fn a_new_file_starts_with_its_header_and_keeps_it_on_later_saves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.toml");
        let view = View {
            query: "han quoc".to_owned(),
            ..View::default()
        };
        save(&path, "korea", &view).unwrap();
        save(&path, "again", &view).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(HEADER), "{text}");
        assert_eq!(text.matches("# Saved views").count(), 1, "{text}");
        assert!(text.ends_with('\n'), "{text:?}");
        let views = load(&path).unwrap();
        assert_eq!(views.len(), 2);
        assert_eq!(views["korea"].query, "han quoc");
    }

    #[test]
    fn the_first_save_makes_the_config_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config/findings/views.toml");
        save(&path, "all", &View::default()).unwrap();
        assert!(load(&path).unwrap().contains_key("all"));
    }

    #[test]
    fn control_characters_in_the_file_are_read_as_markers() {
        let views = parse(
            Path::new("v.toml"),
            "[view.\"evil\\u001b[31m\"]\nquery = \"han\\u001b]52;c;eA==\\u0007\"\n\
             province = [\"dak\\u009b2J\"]\n",
        )
        .unwrap();
        let (name, view) = views.iter().next().unwrap();
        assert_eq!(name, "evil␛[31m");
        assert_eq!(view.query, "han␛]52;c;eA==␇");
        assert_eq!(view.province, ["dak\u{fffd}2J"]);
    }

    #[test]
    fn unknown_keys_are_errors_with_their_place() {
        let e = parse(
            Path::new("v.toml"),
            "[view.a]\nquery = \"x\"\nprovnce = [\"a\"]\n",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("v.toml:3:1:"), "{e}");
        assert!(e.to_string().contains("provnce"), "{e}");
    }
}
