//! Printing diagnostics for people and for tools: the one place that decides how a
//! [`Diagnostics`] batch looks on a terminal, in JSON, and as GitHub Actions annotations.
//!
//! - `human` (default): the first line of each diagnostic stays `file:line:col: error: …`
//!   (editors and terminals jump to it), followed by an excerpt of the source line with a caret
//!   under the problem and the `= help` line. Colour on a terminal; `NO_COLOR` turns it off and
//!   `CLICOLOR_FORCE` on (anstream decides).
//! - `json`: one JSON object per diagnostic per line on stdout ([`JsonDiagnostic`]).
//! - With `GITHUB_ACTIONS=true`, each diagnostic is also written to stdout as a workflow
//!   command (`::error file=…,line=…,col=…::message`), so a pull request shows it on the line.
//!
//! Excerpts read the file again through [`crate::fsx`]: only regular files inside the site root,
//! at most 1 MiB, so a diagnostic about a link leaving the site never prints its target.
//! The excerpt is written here rather than with annotate-snippets: that crate's rustc-style
//! header (`error: …` then `--> file:line:col`) would break the first-line format above.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::fsx::{MAX_SOURCE_BYTES, Root};
use anstyle::{AnsiColor, Style};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// How diagnostics are printed (`--message-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// For people: `file:line:col: error: …`, a source excerpt, the help line.
    #[default]
    Human,
    /// For tools: one JSON object per diagnostic and line, on stdout.
    Json,
}

/// One diagnostic as `--message-format json` prints it. Stable: fields may be added, none
/// will change meaning.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JsonDiagnostic<'a> {
    /// `"error"` or `"warning"`.
    pub severity: Severity,
    /// The file, relative to the site root; `null` for problems that belong to no file.
    pub file: Option<&'a str>,
    /// 1-based line; `null` with `file`.
    pub line: Option<usize>,
    /// 1-based column in characters; `null` with `file`.
    pub column: Option<usize>,
    /// What is wrong, one line.
    pub message: &'a str,
    /// What was expected, or a suggestion; `null` when there is none.
    pub help: Option<&'a str>,
    /// The lint's code (`"L002"`) for a lint warning; absent for every other problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            file: d.location.as_ref().map(|l| l.path.as_str()),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            message: &d.message,
            help: d.help.as_deref(),
            code: d.code,
        }
    }
}

/// The source lines diagnostics point into, read once per file.
pub(crate) struct Sources {
    root: Option<Root>,
    files: HashMap<String, Option<String>>,
}

impl Sources {
    /// Source files are read from `root` when an excerpt needs them.
    pub(crate) fn new(root: &Path) -> Sources {
        Sources {
            root: Root::open(root).ok(),
            files: HashMap::new(),
        }
    }

    /// Line `line` (1-based) of `path`, if it can be read safely.
    fn line(&mut self, path: &str, line: usize) -> Option<String> {
        let root = self.root.as_ref()?;
        let text = self.files.entry(path.to_string()).or_insert_with(|| {
            root.read_file(path, Some(MAX_SOURCE_BYTES))
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
        });
        text.as_deref()?
            .lines()
            .nth(line.checked_sub(1)?)
            .map(str::to_string)
    }
}

/// Renders diagnostics for a terminal: each one's first line unchanged, an excerpt when the
/// source line can be read, the help line, then the count. `styled` adds ANSI colours (the
/// stream strips them where colour is off).
pub(crate) fn human(diags: &Diagnostics, sources: &mut Sources, styled: bool) -> String {
    let paint = |style: Style, text: &str| -> String {
        if styled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let bold = Style::new().bold();
    let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
    let mut out = String::new();
    for d in diags.iter() {
        let colour = match d.severity {
            Severity::Error => Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            Severity::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
        };
        let plain = d.to_string();
        let mut lines = plain.lines();
        let first = lines.next().unwrap_or_default();
        // `path:line:col: error: message`: colour the severity word, keep every character.
        let word = d.kind();
        match first.split_once(&format!(" {word}: ")) {
            Some((place, message)) => {
                let _ = writeln!(
                    out,
                    "{} {}{} {}",
                    paint(bold, place),
                    paint(colour, &word),
                    paint(bold, ":"),
                    paint(bold, message)
                );
            }
            None => {
                let _ = writeln!(out, "{}", paint(bold, first));
            }
        }
        if let Some(l) = &d.location
            && let Some(source) = sources.line(&l.path, l.line)
        {
            let source = crate::text::replace_controls(source.replace('\t', " "));
            let (source, column) = window(&source, l.column.max(1) - 1);
            let number = l.line.to_string();
            let pad = " ".repeat(number.len());
            let width = underline_width(&source, column).min(EXCERPT_CHARS);
            let _ = writeln!(out, "{pad} {}", paint(blue, "|"));
            let _ = writeln!(
                out,
                "{} {} {source}",
                paint(blue, &number),
                paint(blue, "|")
            );
            let _ = writeln!(
                out,
                "{pad} {} {}{}",
                paint(blue, "|"),
                " ".repeat(column.min(source.chars().count())),
                paint(colour, &"^".repeat(width))
            );
        }
        for rest in lines {
            // The help line, `  = …`.
            let _ = writeln!(out, "{}", paint(blue, rest));
        }
    }
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    if errors > 0 {
        let mut count = format!("{errors} error{}", if errors == 1 { "" } else { "s" });
        if warnings > 0 {
            let _ = write!(
                count,
                ", {warnings} warning{}",
                if warnings == 1 { "" } else { "s" }
            );
        }
        let _ = writeln!(out, "{}", paint(bold, &count));
    }
    out
}

/// The widest excerpt shown: longer source lines are cut around the column.
const EXCERPT_CHARS: usize = 100;

/// `line` cut to at most [`EXCERPT_CHARS`] around `column` (0-based, in characters), with `…`
/// where it was cut, and the column within the cut line.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= EXCERPT_CHARS {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(EXCERPT_CHARS / 3).min(chars.len());
    let end = (start + EXCERPT_CHARS).min(chars.len());
    let mut out = String::new();
    let mut shift = 0;
    if start > 0 {
        out.push('…');
        shift = 1;
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    (out, column - start + shift)
}

/// How many characters to underline from `column` (0-based): the word there, at least one.
fn underline_width(line: &str, column: usize) -> usize {
    let word = line
        .chars()
        .skip(column)
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        .count();
    word.max(1)
}

/// One JSON line per diagnostic.
pub(crate) fn json_lines(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        if let Ok(line) = serde_json::to_vec(&JsonDiagnostic::from(d)) {
            out.push_str(&String::from_utf8_lossy(
                &crate::text::escape_json_controls(line),
            ));
            out.push('\n');
        }
    }
    out
}

/// GitHub Actions workflow commands, one per diagnostic.
pub(crate) fn github_annotations(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = match d.code {
            Some(code) => format!("[{code}] {}", d.message),
            None => d.message.clone(),
        };
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(help);
        }
        let message = escape_data(&crate::text::replace_controls(message));
        match &d.location {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "::{kind} file={},line={},col={},title=rungs::{message}",
                    escape_property(&l.path),
                    l.line,
                    l.column
                );
            }
            None => {
                let _ = writeln!(out, "::{kind} title=rungs::{message}");
            }
        }
    }
    out
}

/// Escapes a workflow command's message (as GitHub's toolkit does).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn sample() -> Diagnostics {
        Diagnostics::from(
            Diagnostic::error(
                Location {
                    path: "content/levels/staff.md".into(),
                    line: 3,
                    column: 7,
                },
                "rank: invalid type",
            )
            .with_help("expected an integer"),
        )
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content/levels")).unwrap();
        std::fs::write(
            dir.path().join("content/levels/staff.md"),
            "---\ntitle: Staff\nrank: four\n---\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn human_keeps_the_first_line_and_adds_an_excerpt_with_a_caret() {
        let dir = site();
        let text = human(&sample(), &mut Sources::new(dir.path()), false);
        assert_eq!(
            text,
            "content/levels/staff.md:3:7: error: rank: invalid type\n  |\n3 | rank: four\n  |       ^^^^\n  = expected an integer\n1 error\n"
        );
    }

    #[test]
    fn styled_output_differs_only_by_ansi_codes() {
        let dir = site();
        let styled = human(&sample(), &mut Sources::new(dir.path()), true);
        assert!(styled.contains("\u{1b}[31m"), "red for errors: {styled:?}");
        let stripped: String = anstream::adapter::strip_str(&styled).to_string();
        assert_eq!(
            stripped,
            human(&sample(), &mut Sources::new(dir.path()), false)
        );
    }

    #[test]
    fn no_excerpt_from_outside_the_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(outside.path(), "secret line\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/site.yaml")).unwrap();
        let diags = Diagnostics::from(Diagnostic::error(
            Location::file_start("content/site.yaml"),
            "symbolic link outside the site",
        ));
        let text = human(&diags, &mut Sources::new(dir.path()), false);
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn json_is_one_object_per_line() {
        assert_eq!(
            json_lines(&sample()),
            "{\"severity\":\"error\",\"file\":\"content/levels/staff.md\",\"line\":3,\"column\":7,\"message\":\"rank: invalid type\",\"help\":\"expected an integer\"}\n"
        );
    }

    #[test]
    fn github_annotations_escape_messages_and_properties() {
        assert_eq!(
            github_annotations(&sample()),
            "::error file=content/levels/staff.md,line=3,col=7,title=rungs::rank: invalid type%0Aexpected an integer\n"
        );
        let odd = Diagnostics::from(Diagnostic::warning(
            Location::file_start("content/a,b:c.md"),
            "100% sure\r\nnot",
        ));
        assert_eq!(
            github_annotations(&odd),
            "::warning file=content/a%2Cb%3Ac.md,line=1,col=1,title=rungs::100%25 sure%0D%0Anot\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("summary: {}", "[".repeat(10_000));
        let (cut, column) = window(&line, 72);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 2);
        assert!(cut.starts_with('…') && cut.ends_with('…'));
        assert_eq!(column, 72 - (72 - EXCERPT_CHARS / 3) + 1);
        assert_eq!(window("short", 2), ("short".to_string(), 2));
    }

    #[test]
    fn a_cut_line_is_marked_only_where_it_was_cut() {
        let line: String = ('a'..='z').cycle().take(150).collect();
        // At the start: nothing cut before.
        let (cut, column) = window(&line, 0);
        assert!(!cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert_eq!(column, 0);
        // At the end: nothing cut after.
        let (cut, column) = window(&line, 149);
        assert!(cut.starts_with('…') && !cut.ends_with('…'), "{cut}");
        assert_eq!(cut.chars().nth(column), line.chars().nth(149));
    }

    #[test]
    fn the_count_line_names_errors_and_warnings_in_the_singular_and_plural() {
        let dir = site();
        let mut both = sample();
        both.push(Diagnostic::warning(
            Location::file_start("content/a.md"),
            "w",
        ));
        let text = human(&both, &mut Sources::new(dir.path()), false);
        assert!(text.ends_with("\n1 error, 1 warning\n"), "{text}");
        let mut more = both.clone();
        more.push(Diagnostic::warning(
            Location::file_start("content/b.md"),
            "w",
        ));
        more.extend(sample());
        let text = human(&more, &mut Sources::new(dir.path()), false);
        assert!(text.ends_with("\n2 errors, 2 warnings\n"), "{text}");
        let warnings_only = Diagnostics::from(Diagnostic::warning(Location::file_start("x"), "w"));
        let text = human(&warnings_only, &mut Sources::new(dir.path()), false);
        assert!(
            !text.contains("warning\n1 "),
            "no count line without errors: {text}"
        );
        assert_eq!(text.lines().count(), 1, "{text}");
    }

    #[test]
    fn underline_covers_the_word_at_the_column() {
        assert_eq!(underline_width("rank: four", 6), 4);
        assert_eq!(underline_width("rank: [", 6), 1);
        assert_eq!(underline_width("x", 5), 1);
    }
}
