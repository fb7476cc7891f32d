//! Diagnostics: what went wrong, where (file, line, column) and what was expected.
//!
//! Every stage of the pipeline reports problems as [`Diagnostic`]s collected into
//! [`Diagnostics`], so one run shows all of them at once. This module only describes and
//! renders problems as text (the `serve` overlay escapes that text into HTML); it never decides
//! whether a build goes on.
//!
//! It also owns the one wording of "unknown name" problems ([`unknown_name`]). Text helpers it
//! shares with the rest (the HTML escaper, control characters, line and column) are in
//! [`crate::text`].

use crate::text::{clip, is_unsafe_control, line_column};
use std::fmt;

/// How bad a problem is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// Probably a mistake (an unknown key), but the site is still built.
    Warning,
}

/// A place in a source file, 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// Path as the author knows it, relative to the site root (`content/levels/senior.md`).
    pub path: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// A location at a byte offset of `text`, the full contents of the file at `path`.
    pub fn at_offset(path: &str, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        Location {
            path: path.to_string(),
            line,
            column,
        }
    }

    /// The start of a file: used when a problem concerns the file as a whole.
    pub fn file_start(path: &str) -> Self {
        Location {
            path: path.to_string(),
            line: 1,
            column: 1,
        }
    }
}

/// One problem found in the sources, the configuration or a template.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is; `None` only for problems that belong to no file (an unreadable directory).
    pub location: Option<Location>,
    /// What is wrong, in one line.
    pub message: String,
    /// What was expected, or a suggestion ("did you mean `senior`?").
    pub help: Option<String>,
    /// The stable code of a lint warning (`L002`), which `lint: {allow: […]}` silences;
    /// `None` for every other problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Some(location),
            message: message.into(),
            help: None,
            code: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location: Some(location),
            message: message.into(),
            help: None,
            code: None,
        }
    }

    /// An error that belongs to no file.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    /// Adds what was expected or a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line only when there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Marks this diagnostic as the lint `code` (`L001` …).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// `error`, `warning`, or `warning[L002]` for a lint: the word after the location.
    pub fn kind(&self) -> String {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.code {
            Some(code) => format!("{word}[{code}]"),
            None => word.to_string(),
        }
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = self.kind();
        // Messages quote author input: a terminal must not receive its ESC or BEL, and a line
        // break in a quoted key or value (`"a\nb"` in YAML) must not start a line that could
        // pass for another diagnostic: the message is one line.
        let message = Printable {
            text: &self.message,
            one_line: true,
        };
        match &self.location {
            Some(l) => write!(
                f,
                "{}:{}:{}: {severity}: {message}",
                Printable {
                    text: &l.path,
                    one_line: true,
                },
                l.line,
                l.column
            )?,
            None => write!(f, "{severity}: {message}")?,
        }
        if let Some(help) = &self.help {
            write!(
                f,
                "\n  = {}",
                Printable {
                    text: help,
                    one_line: false,
                }
            )?;
        }
        Ok(())
    }
}

/// Text shown with its [unsafe control characters](is_unsafe_control) as U+FFFD, and with
/// `one_line` its line breaks too.
struct Printable<'a> {
    text: &'a str,
    one_line: bool,
}

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut start = 0;
        for (i, c) in self.text.char_indices() {
            if is_unsafe_control(c) || (self.one_line && matches!(c, '\n' | '\r')) {
                f.write_str(&self.text[start..i])?;
                f.write_str("\u{FFFD}")?;
                start = i + c.len_utf8();
            }
        }
        f.write_str(&self.text[start..])
    }
}

/// All problems of one run, reported together in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records all problems of another batch.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any problem fails the build.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems, sorted by file, line, column, then message: the same input always
    /// prints the same report, whatever order parallel stages finished in.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.items.dedup();
        self
    }

    /// The problems in their current order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        if errors > 0 {
            write!(f, "{errors} error{}", if errors == 1 { "" } else { "s" })?;
            if warnings > 0 {
                write!(
                    f,
                    ", {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, if any.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// A name that is none of the known ones: a category a level lists, a level an area names,
/// a key of a file. Every such problem is worded the same way, by this one helper:
/// "unknown category `tehc`", then "did you mean `tech`?" for a close known name or, when
/// none is close, "expected one of: tech, scope". Built with [`unknown_name`], finished
/// with [`UnknownName::error`] or [`UnknownName::ignored`] at the name's location.
#[derive(Debug, Clone)]
pub(crate) struct UnknownName<'a> {
    kind: &'a str,
    name: &'a str,
    shown: Option<String>,
    known: &'a [&'a str],
    declared_in: Option<&'a str>,
}

/// The unknown `name` of a `kind` ("category", "level", "key"), to be compared with `known`.
pub(crate) fn unknown_name<'a>(
    kind: &'a str,
    name: &'a str,
    known: &'a [&'a str],
) -> UnknownName<'a> {
    UnknownName {
        kind,
        name,
        shown: None,
        known,
        declared_in: None,
    }
}

impl<'a> UnknownName<'a> {
    /// Quotes `shown` in the message instead of the name, which is still what is compared
    /// with the known names: the whole path of a nested key (`categories[2].descripton`).
    pub(crate) fn shown_as(mut self, shown: String) -> Self {
        self.shown = Some(shown);
        self
    }

    /// Names the file that declares the known names, after their list: "expected one of:
    /// tech, scope (declared in content/site.yaml)".
    pub(crate) fn declared_in(mut self, path: &'a str) -> Self {
        self.declared_in = Some(path);
        self
    }

    /// "unknown category `tehc`" (a long name is cut short).
    pub(crate) fn message(&self) -> String {
        let shown = match &self.shown {
            Some(shown) => shown.clone(),
            None => clip(self.name),
        };
        format!("unknown {} `{shown}`", self.kind)
    }

    /// "did you mean `tech`?", else "expected one of: tech, scope"; `None` when nothing is
    /// known (there is no list worth showing).
    pub(crate) fn help(&self) -> Option<String> {
        if self.known.is_empty() {
            return None;
        }
        let list = || {
            let mut list = format!("expected one of: {}", self.known.join(", "));
            if let Some(path) = self.declared_in {
                list.push_str(&format!(" (declared in {path})"));
            }
            list
        };
        Some(did_you_mean(self.name, self.known.iter().copied()).unwrap_or_else(list))
    }

    /// The error at `location`.
    pub(crate) fn error(self, location: Location) -> Diagnostic {
        Diagnostic::error(location, self.message()).with_optional_help(self.help())
    }

    /// The warning at `location` for a name that is ignored and does not stop the build:
    /// "unknown key `sumary` is ignored".
    pub(crate) fn ignored(self, location: Location) -> Diagnostic {
        Diagnostic::warning(location, format!("{} is ignored", self.message()))
            .with_optional_help(self.help())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_and_help() {
        let d = Diagnostic::error(
            Location::file_start("content/site.yaml"),
            "missing field `title`",
        )
        .with_help("expected a string");
        assert_eq!(
            d.to_string(),
            "content/site.yaml:1:1: error: missing field `title`\n  = expected a string"
        );
    }

    #[test]
    fn display_never_prints_control_characters() {
        let d = Diagnostic::error(
            Location::file_start("content/a\u{7}.md"),
            "unknown category `\u{1b}[2J`",
        )
        .with_help("expected\u{0} one");
        assert_eq!(
            d.to_string(),
            "content/a\u{FFFD}.md:1:1: error: unknown category `\u{FFFD}[2J`\n  = expected\u{FFFD} one"
        );
    }

    #[test]
    fn did_you_mean_suggests_close_ids_only() {
        let ids = ["junior", "senior", "staff"];
        assert_eq!(
            did_you_mean("senoir", ids),
            Some("did you mean `senior`?".into())
        );
        assert_eq!(did_you_mean("architect", ids), None);
    }

    #[test]
    fn unknown_names_suggest_the_closest_or_list_them_all() {
        let at = || Location::file_start("content/levels/a.md");
        let known = ["tech", "scope"];
        let d = unknown_name("category", "tehc", &known).error(at());
        assert_eq!(
            d.to_string(),
            "content/levels/a.md:1:1: error: unknown category `tehc`\n  = did you mean `tech`?"
        );
        let d = unknown_name("category", "zzz", &known).error(at());
        assert_eq!(d.message, "unknown category `zzz`");
        assert_eq!(d.help.as_deref(), Some("expected one of: tech, scope"));
        let d = unknown_name("category", "zzz", &known)
            .declared_in("content/site.yaml")
            .error(at());
        assert_eq!(
            d.help.as_deref(),
            Some("expected one of: tech, scope (declared in content/site.yaml)")
        );
        let d = unknown_name("key", "sumary", &["title", "summary"]).ignored(at());
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.message, "unknown key `sumary` is ignored");
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
        let d = unknown_name("key", "descripton", &["id", "description"])
            .shown_as("categories[2].descripton".into())
            .error(at());
        assert_eq!(d.message, "unknown key `categories[2].descripton`");
        assert_eq!(d.help.as_deref(), Some("did you mean `description`?"));
        let d = unknown_name("level", "senior", &[]).error(at());
        assert_eq!(
            (d.message.as_str(), d.help),
            ("unknown level `senior`", None)
        );
        let long = "x".repeat(500);
        assert!(unknown_name("level", &long, &known).message().len() < 200);
    }

    #[test]
    fn sorted_orders_by_location() {
        let b = Diagnostic::error(Location::file_start("b.md"), "x");
        let a = Diagnostic::error(Location::file_start("a.md"), "y");
        let d: Diagnostics = vec![b.clone(), a.clone()].into_iter().collect();
        let order: Vec<_> = d.sorted().iter().cloned().collect();
        assert_eq!(order, vec![a, b]);
    }
}
