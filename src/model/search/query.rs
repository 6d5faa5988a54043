//! The query language: space-separated terms that must all match, fzf-style operators
//! (`'exact`, `^prefix`, `suffix$`, `!not`), and field filters (`province:dak`, `kind:visit`).
//! In a question ("what did dak lak say about korea") the question words are marked: they are
//! left out of what must match (see [`super::question`]), unless the query is strict.

use super::question::{self, Language};
use crate::model::fold::{fold, has_diacritics};
use crate::model::Kind;

/// How a term must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A substring anywhere, or a subsequence of a short field (title, place, tags).
    Fuzzy,
    /// `'term`, or a "quoted phrase": a substring only.
    Exact,
    /// `^term`: a field starts with it.
    Prefix,
    /// `term$`: a field ends with it.
    Suffix,
    /// `^term$`: a field is exactly it.
    Whole,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The term folded (no diacritics, lowercase).
    pub folded: String,
    /// The term lowercased with its diacritics, when the user typed some (ranks exact-accent
    /// matches higher).
    pub accented: Option<String>,
    pub mode: Mode,
    /// `!term`: the record must not contain it.
    pub negated: bool,
    /// A question or function word ("gì", "about"): it need not match.
    pub question: bool,
}

/// A field filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Province(String),
    Kind(Kind),
    Tag(String),
    Topic(String),
    Product(String),
    Trip(String),
    Id(String),
}

impl Field {
    /// Filters on the same field widen each other (OR); filters on different ones all apply.
    pub fn same_field(&self, other: &Field) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub field: Field,
    pub negated: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    pub filters: Vec<Filter>,
    /// Problems with parts of the query (those parts are left out); shown, never fatal.
    pub errors: Vec<String>,
    /// Every word must match, question words too, and nothing matching only most of them is
    /// listed (`--strict`).
    pub strict: bool,
    /// The language the query is written in, as far as its words tell.
    pub language: Option<Language>,
}

impl Query {
    /// True when the query asks for nothing (every record matches, in dataset order).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.filters.is_empty()
    }

    /// The terms that must match (not the negated ones).
    pub fn positive_terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.negated)
    }

    /// The words looked for: positive and not question words.
    pub fn content_terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.negated && !t.question)
    }

    /// "3 of 7 words; left out: what, did, say, about" when question words were left out.
    pub fn left_out_summary(&self) -> Option<String> {
        let left = self.left_out();
        if left.is_empty() {
            return None;
        }
        let all = self.positive_terms().count();
        Some(format!(
            "{} of {all} words; left out: {}",
            all - left.len(),
            left.join(", ")
        ))
    }

    /// The question words left out, as typed (folded when typed without diacritics).
    pub fn left_out(&self) -> Vec<&str> {
        self.terms
            .iter()
            .filter(|t| t.question)
            .map(|t| t.accented.as_deref().unwrap_or(&t.folded))
            .collect()
    }
}

/// Parses a query as typed. Never fails: problems are listed in `errors`.
pub fn parse(input: &str) -> Query {
    parse_with(input, false)
}

/// [`parse`]; with `strict`, every word must match (no question words left out).
pub fn parse_with(input: &str, strict: bool) -> Query {
    let mut query = Query {
        strict,
        ..Query::default()
    };
    let mut quoted = Vec::new();
    let input = crate::model::text::spaced(input);
    for token in tokens(&input) {
        let before = query.terms.len();
        parse_token(&token, &mut query);
        if query.terms.len() > before {
            quoted.push(token.quoted);
        }
    }
    mark_questions(&mut query, &quoted);
    query
}

/// Marks the question words among the plain words typed (not quoted, negated or anchored),
/// when there are several words and not all of them are question words.
fn mark_questions(query: &mut Query, quoted: &[bool]) {
    let plain: Vec<usize> = (0..query.terms.len())
        .filter(|&i| {
            let t = &query.terms[i];
            !quoted.get(i).copied().unwrap_or(false)
                && !t.negated
                && t.mode == Mode::Fuzzy
                && !t.folded.contains(' ')
        })
        .collect();
    let lowers: Vec<String> = plain
        .iter()
        .map(|&i| {
            let t = &query.terms[i];
            t.accented.clone().unwrap_or_else(|| t.folded.clone())
        })
        .collect();
    let words: Vec<question::Typed> = plain
        .iter()
        .zip(&lowers)
        .map(|(&i, lower)| question::Typed {
            lower,
            folded: &query.terms[i].folded,
        })
        .collect();
    query.language = question::language(&words);
    let positive = query.positive_terms().count();
    let marks = question::marks(&words, query.language);
    drop(words);
    if query.language == Some(Language::English) {
        for &i in &plain {
            singular(&mut query.terms[i].folded);
        }
    }
    if query.strict || positive < 2 {
        return;
    }
    if marks.iter().filter(|&&m| m).count() >= positive {
        return;
    }
    for (&i, mark) in plain.iter().zip(marks) {
        query.terms[i].question = mark;
    }
}

/// An English plural looked for as its singular, which it starts with: `workers` finds
/// "worker" and "workers" alike (`province` already finds "provinces"). Short words and
/// those ending in -ss, -us, -is (`class`, `status`, `this`) are left as typed.
fn singular(word: &mut String) {
    let keep = ["ss", "us", "is"];
    if word.len() >= 5 && word.ends_with('s') && !keep.iter().any(|k| word.ends_with(k)) {
        word.pop();
    }
}

/// A filter as the command line gives it (`--province "Đắk Lắk"`): the same as the query
/// language's `province:"Đắk Lắk"`. `None` with a message when the value is no good.
pub fn filter(name: &str, value: &str) -> Result<Filter, String> {
    let mut query = Query::default();
    parse_filter(name, value, false, &mut query);
    match query.filters.pop() {
        Some(f) => Ok(f),
        None => Err(query.errors.join("; ")),
    }
}

/// A token and whether it was quoted.
struct Token {
    text: String,
    quoted: bool,
}

/// Splits on whitespace; double quotes group words (`"dak lak"`, `province:"dak lak"`).
fn tokens(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    for c in input.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                quoted = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if !current.is_empty() || quoted {
                    out.push(Token {
                        text: std::mem::take(&mut current),
                        quoted,
                    });
                }
                quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() || quoted {
        out.push(Token {
            text: current,
            quoted,
        });
    }
    out
}

const FIELDS: &[&str] = &["province", "kind", "tag", "topic", "product", "trip", "id"];

fn parse_token(token: &Token, query: &mut Query) {
    let mut text = token.text.as_str();
    let negated = text.starts_with('!') && text.len() > 1;
    if negated {
        // `!!han` is `!han`: a doubled sign is a slip, not a word "!han" no record holds (which
        // would let every record through).
        text = text.trim_start_matches('!');
        if text.is_empty() {
            return;
        }
    }
    if let Some((name, value)) = text.split_once(':') {
        let lower = name.to_lowercase();
        if FIELDS.contains(&lower.as_str()) {
            parse_filter(&lower, value, negated, query);
            return;
        }
    }
    let mut mode = if token.quoted {
        Mode::Exact
    } else {
        Mode::Fuzzy
    };
    if !token.quoted {
        if let Some(rest) = text.strip_prefix('\'') {
            text = rest;
            mode = Mode::Exact;
        }
        let prefix = text.len() > 1 && text.starts_with('^');
        let suffix = text.len() > 1 && text.ends_with('$');
        if prefix {
            text = &text[1..];
        }
        if suffix {
            text = &text[..text.len() - 1];
        }
        mode = match (prefix, suffix) {
            (true, true) => Mode::Whole,
            (true, false) => Mode::Prefix,
            (false, true) => Mode::Suffix,
            (false, false) => mode,
        };
    }
    // An English possessive is the word it follows ("people's" is "people").
    if !token.quoted {
        for s in ["'s", "’s"] {
            if text.len() > s.len() + 1 && text.ends_with(s) {
                text = &text[..text.len() - s.len()];
            }
        }
    }
    let folded = fold(text.trim());
    // A lone operator ("!", "'", "^") is a term still being typed: nothing to match yet.
    if folded.trim().is_empty() || (!token.quoted && folded == "!") {
        return;
    }
    let accented = has_diacritics(text).then(|| text.trim().to_lowercase());
    query.terms.push(Term {
        folded,
        accented,
        mode,
        negated,
        question: false,
    });
}

fn parse_filter(name: &str, value: &str, negated: bool, query: &mut Query) {
    let value = fold(value.trim());
    if value.is_empty() {
        query.errors.push(format!(
            "{name}: needs a value, as in {name}:{}",
            example(name)
        ));
        return;
    }
    let field = match name {
        "province" => Field::Province(loose(&value)),
        "tag" => Field::Tag(loose(&value)),
        "topic" => Field::Topic(loose(&value)),
        "product" => Field::Product(loose(&value)),
        "trip" => Field::Trip(value),
        "id" => Field::Id(value),
        _ => match kind_named(&value) {
            Some(kind) => Field::Kind(kind),
            None => {
                query.errors.push(format!(
                    "kind:{value} is not a kind: use trip, meeting, experience or visit"
                ));
                return;
            }
        },
    };
    query.filters.push(Filter { field, negated });
}

fn example(name: &str) -> &'static str {
    match name {
        "province" => "dak-lak or province:\"dak lak\"",
        "kind" => "meeting",
        "tag" => "htx",
        "topic" => "lao dong",
        "product" => "che",
        "trip" => "ninh-thuan",
        _ => "meeting-dak-lak",
    }
}

/// A kind by its name or the start of it, English or Vietnamese (`meet`, `visits`, `tham quan`).
pub fn kind_named(value: &str) -> Option<Kind> {
    let v = value.trim();
    let named = [
        (Kind::Trip, ["trip", "chuyen di"]),
        (Kind::Meeting, ["meeting", "buoi lam viec"]),
        (Kind::Experience, ["experience", "kinh nghiem"]),
        (Kind::Visit, ["visit", "tham quan"]),
    ];
    named.iter().find_map(|(kind, names)| {
        names
            .iter()
            .any(|n| n.starts_with(v) || v.starts_with(n))
            .then_some(*kind)
    })
}

/// The folded form of a filter value written with dashes: `dak-lak` → `dak lak`.
pub fn loose(value: &str) -> String {
    value.replace(['-', '_'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(q: &Query, i: usize) -> (&str, Mode, bool) {
        let t = &q.terms[i];
        (t.folded.as_str(), t.mode, t.negated)
    }

    #[test]
    fn a_doubled_negation_is_one() {
        for text in ["!!han", "!!!han"] {
            let q = parse(text);
            assert_eq!(q.terms.len(), 1, "{text}");
            assert_eq!(term(&q, 0), ("han", Mode::Fuzzy, true), "{text}");
        }
        assert!(parse("!!").terms.is_empty());
    }

    #[test]
    fn terms_and_operators() {
        let q = parse("dak lak 'han ^chuong quoc$ !nong ^ke$");
        assert_eq!(q.terms.len(), 7);
        assert_eq!(term(&q, 0), ("dak", Mode::Fuzzy, false));
        assert_eq!(term(&q, 2), ("han", Mode::Exact, false));
        assert_eq!(term(&q, 3), ("chuong", Mode::Prefix, false));
        assert_eq!(term(&q, 4), ("quoc", Mode::Suffix, false));
        assert_eq!(term(&q, 5), ("nong", Mode::Fuzzy, true));
        assert_eq!(term(&q, 6), ("ke", Mode::Whole, false));
        assert!(q.errors.is_empty());
    }

    #[test]
    fn diacritics_are_folded_and_remembered() {
        let q = parse("Đắk lak");
        assert_eq!(q.terms[0].folded, "dak");
        assert_eq!(q.terms[0].accented.as_deref(), Some("đắk"));
        assert_eq!(q.terms[1].accented, None);
    }

    #[test]
    fn quotes_make_a_phrase() {
        let q = parse("\"dak lak\" han");
        assert_eq!(term(&q, 0), ("dak lak", Mode::Exact, false));
        assert_eq!(term(&q, 1), ("han", Mode::Fuzzy, false));
    }

    #[test]
    fn field_filters() {
        let q =
            parse("province:\"Đắk Lắk\" kind:visit tag:HTX topic:lao trip:ninh id:exp !kind:trip");
        assert_eq!(
            q.filters,
            vec![
                Filter {
                    field: Field::Province("dak lak".into()),
                    negated: false
                },
                Filter {
                    field: Field::Kind(Kind::Visit),
                    negated: false
                },
                Filter {
                    field: Field::Tag("htx".into()),
                    negated: false
                },
                Filter {
                    field: Field::Topic("lao".into()),
                    negated: false
                },
                Filter {
                    field: Field::Trip("ninh".into()),
                    negated: false
                },
                Filter {
                    field: Field::Id("exp".into()),
                    negated: false
                },
                Filter {
                    field: Field::Kind(Kind::Trip),
                    negated: true
                },
            ]
        );
        assert!(q.terms.is_empty());
    }

    #[test]
    fn errors_are_reported_and_the_rest_still_parses() {
        let q = parse("province: han kind:boat");
        assert_eq!(q.errors.len(), 2, "{:?}", q.errors);
        assert!(q.errors[0].starts_with("province: needs a value"));
        assert!(q.errors[1].contains("kind:boat is not a kind"));
        assert_eq!(term(&q, 0), ("han", Mode::Fuzzy, false));
    }

    #[test]
    fn english_plurals_are_looked_for_as_singulars() {
        let folded =
            |q: &str| -> Vec<String> { parse(q).terms.into_iter().map(|t| t.folded).collect() };
        assert_eq!(folded("korea workers"), ["korea", "worker"]);
        assert_eq!(folded("which provinces"), ["which", "province"]);
        assert_eq!(folded("the class status"), ["the", "class", "status"]);
        // Not English: Vietnamese words are left alone.
        assert_eq!(folded("chu se"), ["chu", "se"]);
    }

    #[test]
    fn unfinished_operators_are_ignored() {
        assert!(parse("!").is_empty());
        assert!(parse("'").is_empty());
        assert!(parse("^").terms.iter().all(|t| t.folded == "^"));
        assert!(parse("   ").is_empty());
        assert_eq!(kind_named("meet"), Some(Kind::Meeting));
        assert_eq!(kind_named("tham"), Some(Kind::Visit));
        assert_eq!(kind_named("visits"), Some(Kind::Visit));
    }
}
